//! `orthography-kashida`: tatweel (kashida, «ـ») stretching a word («ســـلام»، «تشکرـــ»).
//! A tatweel after a space or at the start of a line stays: that is how an affix is cited
//! («پسوند ـها»).

use super::typography::{is_in_word_mark, overlaps};
use super::{Context, Out};
use crate::text::is_arabic_letter;

const TATWEEL: char = '\u{0640}';

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    if !cx.glyphs().tatweel {
        return;
    }
    let Some(first) = memchr::memmem::find(text.as_bytes(), "ـ".as_bytes()) else {
        return;
    };
    let untouchable = cx.untouchable();
    let mut at = first;
    while at < text.len() {
        let Some(k) = memchr::memmem::find(&text.as_bytes()[at..], "ـ".as_bytes()) else {
            break;
        };
        let start = at + k;
        let end = start + text[start..].len() - text[start..].trim_start_matches(TATWEEL).len();
        at = end;
        let after_letter = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| is_arabic_letter(c) || is_in_word_mark(c));
        if !after_letter || overlaps(untouchable, &(start..end)) {
            continue;
        }
        out.fix(start..end, String::new(), true);
    }
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-kashida";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn removes_stretching() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("ســـلام", &["ـــ"], "سلام"),
            ("ممـنـون", &["ـ", "ـ"], "ممنون"),
            ("تشکرـــ!", &["ـــ"], "تشکر!"),
            ("پسوند ـها", &[], "پسوند ـها"),
            ("ـ", &[], "ـ"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
