//! Word tokens of a normalised text.

use std::ops::Range;

use super::normalize::is_word_char;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word: letters, possibly with digits.
    Word,
    /// A number.
    Number,
    /// A helpdesk placeholder, taken as one token.
    Placeholder,
}

/// A token: a range of the normalised text and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the normalised text.
    pub range: Range<usize>,
    /// What the token is.
    pub kind: TokenKind,
}

/// Splits normalised `text` into tokens. ZWNJ-joined words are one word already, since the
/// normalised view has dropped the ZWNJ. `placeholders` become one token each; text inside
/// `skipped` spans (URLs, e-mails, markup) yields no tokens.
pub fn tokens(text: &str, placeholders: &[Range<usize>], skipped: &[Range<usize>]) -> Vec<Token> {
    // Both lists are sorted; merged, they are walked once alongside the text.
    let mut spans: Vec<(&Range<usize>, bool)> = placeholders
        .iter()
        .map(|p| (p, true))
        .chain(skipped.iter().map(|p| (p, false)))
        .collect();
    spans.sort_by_key(|(p, _)| p.start);
    let mut next = 0;
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    let bytes_len = text.len();
    while i < bytes_len {
        while spans.get(next).is_some_and(|(p, _)| p.start < i) {
            next += 1;
        }
        if let Some(&(p, is_placeholder)) = spans.get(next).filter(|(p, _)| p.start == i) {
            next += 1;
            flush(text, &mut start, i, &mut out);
            if is_placeholder {
                out.push(Token {
                    range: p.clone(),
                    kind: TokenKind::Placeholder,
                });
            }
            i = p.end.max(i + 1);
            while !text.is_char_boundary(i) {
                i += 1;
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if is_word_char(c) {
            start.get_or_insert(i);
        } else {
            flush(text, &mut start, i, &mut out);
        }
        i += c.len_utf8();
    }
    flush(text, &mut start, bytes_len, &mut out);
    out
}

fn flush(text: &str, start: &mut Option<usize>, end: usize, out: &mut Vec<Token>) {
    if let Some(s) = start.take() {
        let word = &text[s..end];
        let kind = if word.chars().all(|c| c.is_ascii_digit()) {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        out.push(Token {
            range: s..end,
            kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Normalized;

    #[test]
    fn words_numbers_placeholders() {
        let original = "سلام {{first_name}}، کتاب‌ها ۱۲ تا 😀 می خواهم www.x.com";
        let n = Normalized::new(original);
        let t = n.as_str();
        let ph = t.find("{{").unwrap()..t.find("}}").unwrap() + 2;
        let url = t.find("www").unwrap()..t.len();
        let toks = tokens(t, &[ph], &[url]);
        let words: Vec<(&str, TokenKind)> =
            toks.iter().map(|k| (&t[k.range.clone()], k.kind)).collect();
        assert_eq!(
            words,
            vec![
                ("سلام", TokenKind::Word),
                ("{{first_name}}", TokenKind::Placeholder),
                ("کتابها", TokenKind::Word),
                ("12", TokenKind::Number),
                ("تا", TokenKind::Word),
                ("میخواهم", TokenKind::Word),
            ]
        );
    }
}
