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
    // Every mark looked at is 0xD9 0x8B–0x95.
    let b = text.as_bytes();
    if !memchr::memchr_iter(0xD9, b).any(|i| matches!(b.get(i + 1), Some(0x8B..=0x95))) {
        return;
    }
    let untouchable = cx.untouchable();
    let mut prev = None;
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, out: &mut Out<'_>| {
        if let Some((s, e)) = run.take() {
            if !overlaps(untouchable, &(s..e)) {
                out.fix(s..e, String::new(), true);
            }
        }
    };
    for (i, c) in text.char_indices() {
        let on_letter = prev.is_some_and(|p: char| is_arabic_letter(p) || is_in_word_mark(p));
        // A kept mark typed twice («حتماًً») is one too many.
        let doubled = prev == Some(c) && c != '\u{0640}';
        if (is_decoration(c) || (doubled && is_in_word_mark(c))) && on_letter {
            match &mut run {
                Some((_, e)) if *e == i => *e = i + c.len_utf8(),
                _ => {
                    flush(&mut run, out);
                    run = Some((i, i + c.len_utf8()));
                }
            }
        } else if !is_in_word_mark(c) {
            flush(&mut run, out);
        }
        prev = Some(c);
    }
    flush(&mut run, out);
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
