//! `orthography-invisible-characters`: invisible characters that do nothing where they stand:
//! a byte-order mark inside the text, a left-to-right or right-to-left mark between Persian
//! letters or spaces (or doubled), a zero-width space beside Persian text.
//!
//! A direction mark beside a Latin word, a digit, a punctuation mark or an emoji is kept:
//! that is where mixed-direction text needs one. Embeddings and isolates come in pairs and are
//! kept too; a ZWNJ is `orthography-stray-zwnj`'s.

use super::typography::{is_in_word_mark, overlaps};
use super::{Context, Out};
use crate::text::is_arabic_letter;

const BOM: char = '\u{FEFF}';
const ZWSP: char = '\u{200B}';
/// Left-to-right, right-to-left and Arabic letter marks.
const DIRECTION_MARKS: [char; 3] = ['\u{200E}', '\u{200F}', '\u{061C}'];

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    // Most texts have none of the characters this rule removes (the ZWNJ of nearly every
    // Persian text is not one of them).
    if !cx.glyphs().invisible {
        return;
    }
    let untouchable = cx.untouchable();
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let stray = match c {
            BOM => true,
            ZWSP => {
                // Between two Persian letters it stands for a ZWNJ: the ZWNJ rule's.
                let joining = prev.is_some_and(is_persian) && next.is_some_and(is_arabic_letter);
                !joining
                    && (prev.is_some_and(is_persian) || next.is_some_and(is_persian))
                    && [prev, next].into_iter().all(quiet)
            }
            // Between two Persian letters an RLM stands for a ZWNJ: the ZWNJ rule's too.
            '\u{200F}' if prev.is_some_and(is_persian) && next.is_some_and(is_arabic_letter) => {
                false
            }
            c if DIRECTION_MARKS.contains(&c) => {
                // A mark alone is text of its own, left as it came.
                next == Some(c)
                    || ([prev, next].into_iter().all(quiet) && (prev.is_some() || next.is_some()))
            }
            _ => false,
        };
        let span = i..i + c.len_utf8();
        if stray && !overlaps(untouchable, &span) {
            out.fix(span, String::new(), true);
        } else {
            prev = Some(c);
        }
    }
}

fn is_persian(c: char) -> bool {
    is_arabic_letter(c) || is_in_word_mark(c)
}

/// Whether a neighbour leaves the direction of text as it is: a Persian letter, a space, or
/// the edge of the text.
fn quiet(c: Option<char>) -> bool {
    c.is_none_or(|c| is_persian(c) || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-invisible-characters";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn removes_only_what_does_nothing() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("\u{FEFF}سلام", &["\u{FEFF}"], "سلام"),
            ("سلام\u{FEFF} خوبید", &["\u{FEFF}"], "سلام خوبید"),
            ("سلام\u{200F} خوبید", &["\u{200F}"], "سلام خوبید"),
            ("سلام\u{200E}\u{200E}!", &["\u{200E}"], "سلام\u{200E}!"),
            ("سلام\u{200B} خوبید", &["\u{200B}"], "سلام خوبید"),
            ("نسخهٔ iOS\u{200F} جدید", &[], "نسخهٔ iOS\u{200F} جدید"),
            ("قیمت 20\u{200E}٪", &[], "قیمت 20\u{200E}٪"),
            ("abc\u{200B}def", &[], "abc\u{200B}def"),
            ("\u{200F}", &[], "\u{200F}"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
