//! `orthography-diacritics`: short-vowel marks written as decoration (حَذفِ اِعراب): fatha,
//! damma, kasra, sukun, and the Arabic case endings dammatan and kasratan. A Persian text
//! writes them only where a reader would otherwise stumble, and a reply has no such place.
//! Kept: fathatan, which the word needs («حتماً»، «واقعاً»), shadda, hamza and madda, once each.

use super::typography::{is_in_word_mark, overlaps};
use super::{Context, Out};
use crate::text::is_arabic_letter;

/// Whether `c` is a mark this rule removes.
fn is_decoration(c: char) -> bool {
    matches!(c, '\u{064C}'..='\u{0650}' | '\u{0652}')
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    // Fathatan («حتماً») is kept: only a decoration or a doubled mark is work for this rule.
    let glyphs = cx.glyphs();
    if !glyphs.harakat || !glyphs.loose_marks {
        return;
    }
    let untouchable = cx.untouchable();
    // Runs of marks to remove, merged where one follows another.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &i in &cx.scan().in_word_marks {
        let c = text[i..].chars().next().unwrap_or(' ');
        let prev = text[..i].chars().next_back();
        let on_letter = prev.is_some_and(|p| is_arabic_letter(p) || is_in_word_mark(p));
        // A kept mark typed twice («حتماًً») is one too many.
        let doubled = prev == Some(c) && c != '\u{0640}';
        if !((is_decoration(c) || doubled) && on_letter) {
            continue;
        }
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some((_, e)) if *e == i => *e = end,
            _ => runs.push((i, end)),
        }
    }
    for (s, e) in runs {
        if !overlaps(untouchable, &(s..e)) {
            out.fix(s..e, String::new(), true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-diacritics";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn removes_decoration_and_keeps_what_words_need() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("کِتابِ مَن", &["ِ", "ِ", "َ"], "کتاب من"),
            ("حتماً و واقعاً", &[], "حتماً و واقعاً"),
            ("بنّا و مسئله و خانهٔ ما", &[], "بنّا و مسئله و خانهٔ ما"),
            ("کتابٌ", &["ٌ"], "کتاب"),
            ("حتماًً و بنّّا", &["ً", "ّ"], "حتماً و بنّا"),
            ("مُحَمَّد", &["ُ", "َ", "َ"], "محمّد"),
            ("\u{064E}", &[], "\u{064E}"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
