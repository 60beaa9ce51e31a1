//! The language of messages and explanations.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The language messages, suggestions and explanations are given in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// Persian.
    #[default]
    Fa,
    /// English.
    En,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s.trim() {
            "fa" => Ok(Lang::Fa),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}` (expected fa or en)")),
        }
    }
}

impl Lang {
    /// `text` with its ASCII digits written in this language's: Persian ones (۰–۹) for
    /// Persian, with «٫» for a decimal point between digits; unchanged for English.
    pub fn digits(self, text: &str) -> String {
        if self == Lang::En {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len() * 2);
        let mut chars = text.chars().peekable();
        let mut after_digit = false;
        while let Some(c) = chars.next() {
            let next_digit = chars.peek().is_some_and(char::is_ascii_digit);
            match c {
                '0'..='9' => {
                    out.push(char::from_u32('۰' as u32 + (c as u32 - '0' as u32)).unwrap_or(c))
                }
                '.' if after_digit && next_digit => out.push('٫'),
                _ => out.push(c),
            }
            after_digit = c.is_ascii_digit();
        }
        out
    }
}

/// A text in Persian and English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// Persian.
    pub fa: String,
    /// English.
    pub en: String,
}

impl Localized {
    /// The text in `lang`, falling back to the other language when it is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Fa => (&self.fa, &self.en),
            Lang::En => (&self.en, &self.fa),
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn digits_follow_the_language() {
        assert_eq!(Lang::Fa.digits("72 از 100، ۳ و ٤"), "۷۲ از ۱۰۰، ۳ و ٤");
        assert_eq!(Lang::Fa.digits("mean 75.5. x.1"), "mean ۷۵٫۵. x.۱");
        assert_eq!(Lang::En.digits("72/100"), "72/100");
    }
}
