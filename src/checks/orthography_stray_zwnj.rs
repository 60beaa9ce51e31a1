//! `orthography-stray-zwnj`: a ZWNJ (half-space) where it does nothing or does harm: doubled,
//! beside a space, at the start or end of a word, after a letter that never joins the next
//! one (ا د ذ ر ز ژ و: «بندر‌ها» → «بندرها»); and a soft hyphen or zero-width space typed in a
//! word where a ZWNJ belongs («می­خواهم» → «می‌خواهم»).
//!
//! A ZWNJ beside a Latin letter, a digit or an emoji is left alone: there it may be holding
//! the direction of mixed text apart.

use std::ops::Range;

use super::orthography_missing_zwnj::NON_JOINING;
use super::typography::{is_in_word_mark, overlaps, ZWNJ};
use super::{Context, Out};
use crate::text::{arabic_block_at, is_arabic_letter};

/// What some keyboards and editors type for a ZWNJ: the soft hyphen, the zero-width space,
/// the right-to-left mark and the not sign «¬» (how a ZWNJ shows in some encodings).
pub(super) const LOOK_ALIKES: [char; 4] = ['\u{00AD}', '\u{200B}', '\u{200F}', '¬'];

fn is_joiner_like(c: char) -> bool {
    c == ZWNJ || LOOK_ALIKES.contains(&c)
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    let b = text.as_bytes();
    // ZWNJ, ZWSP and RLM are 0xE2 0x80 …, the soft hyphen and «¬» 0xC2 ….
    if memchr::memchr2(0xE2, 0xC2, b).is_none() {
        return;
    }
    for run in runs(text) {
        if is_joining_zwnj(b, &run) {
            continue;
        }
        let written = &text[run.clone()];
        let prev = text[..run.start].chars().next_back();
        let letter_before = text[..run.start]
            .chars()
            .rev()
            .find(|&c| !is_in_word_mark(c));
        let next = text[run.end..].chars().next();
        let persian =
            |c: Option<char>| c.is_some_and(|c| is_arabic_letter(c) || is_in_word_mark(c));
        let wanted = if persian(prev) && next.is_some_and(is_arabic_letter) {
            if letter_before.is_some_and(|c| NON_JOINING.contains(&c)) {
                ""
            } else {
                "\u{200C}"
            }
        } else if written.contains(ZWNJ) && [prev, next].into_iter().all(is_plain_edge) {
            // At a word's edge, beside a space or a mark.
            ""
        } else {
            continue;
        };
        if written == wanted || overlaps(cx.untouchable(), &run) {
            continue;
        }
        out.fix(run, wanted.to_owned(), true);
    }
}

/// Whether `run` is one ZWNJ between a letter that joins the next one and another letter,
/// where it belongs: most runs, answered from the letters' bytes (both are two bytes of
/// U+0600–U+06FF). The letter before is no tatweel or other in-word mark.
fn is_joining_zwnj(b: &[u8], run: &Range<usize>) -> bool {
    let letter = |i: usize| {
        let c = char::from_u32(0x600 + arabic_block_at(b, i)? as u32)?;
        (is_arabic_letter(c) && !is_in_word_mark(c)).then_some(c)
    };
    b[run.clone()] == *"\u{200C}".as_bytes()
        && run.start >= 2
        && letter(run.start - 2).is_some_and(|c| !NON_JOINING.contains(&c))
        && letter(run.end).is_some()
}

/// What may stand beside a ZWNJ at a word's edge for it to be junk: a Persian letter, a
/// space, a punctuation mark, or the text's edge — not a Latin letter, digit or emoji.
fn is_plain_edge(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        is_arabic_letter(c)
            || is_in_word_mark(c)
            || c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '_')
            || matches!(c, '،' | '؛' | '؟' | '«' | '»' | '…')
    })
}

/// The runs of ZWNJs and their look-alikes in `text`.
fn runs(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(16);
    // Each of them is led by 0xE2 or 0xC2 (see `check`): only those bytes are decoded.
    for i in memchr::memchr2_iter(0xE2, 0xC2, text.as_bytes()) {
        let Some(c) = text[i..].chars().next().filter(|&c| is_joiner_like(c)) else {
            continue;
        };
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(r) if r.end == i => r.end = end,
            _ => out.push(i..end),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-stray-zwnj";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn cleans_up_junk_zwnj() {
        let z = "\u{200C}";
        let cases: Vec<(String, Vec<String>, String)> = vec![
            (
                format!("می{z}{z}خواهم"),
                vec![format!("{z}{z}")],
                format!("می{z}خواهم"),
            ),
            (format!("می{z} خواهم"), vec![z.into()], "می خواهم".into()),
            (format!("{z}سلام{z}"), vec![z.into(), z.into()], "سلام".into()),
            (format!("بندر{z}ها"), vec![z.into()], "بندرها".into()),
            (
                "می\u{00AD}خواهم".into(),
                vec!["\u{00AD}".into()],
                format!("می{z}خواهم"),
            ),
            (
                "می\u{200B}خواهم".into(),
                vec!["\u{200B}".into()],
                format!("می{z}خواهم"),
            ),
            (format!("کتاب{z}ها"), vec![], format!("کتاب{z}ها")),
            (format!("iPhone{z}ها"), vec![], format!("iPhone{z}ها")),
            (format!("😀{z}"), vec![], format!("😀{z}")),
            ("soft\u{00AD}ware".into(), vec![], "soft\u{00AD}ware".into()),
        ];
        for (text, flagged, fixed) in &cases {
            let flagged: Vec<&str> = flagged.iter().map(String::as_str).collect();
            expect(ID, text, &flagged, fixed);
        }
    }
}
