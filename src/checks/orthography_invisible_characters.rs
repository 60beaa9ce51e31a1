//! `orthography-invisible-characters`: invisible characters that do nothing where they stand:
//! a byte-order mark inside the text, a left-to-right or right-to-left mark between Persian
//! letters or spaces (or doubled), a zero-width space beside Persian text.
//!
//! A direction mark beside a Latin word, a digit, a punctuation mark or an emoji is kept:
//! that is where mixed-direction text needs one. Embeddings and isolates come in pairs and are
//! kept too; a ZWNJ is `orthography-stray-zwnj`'s.

use std::ops::Range;

use super::typography::{is_in_word_mark, overlaps};
use super::{Context, Out};
use crate::text::is_arabic_letter;

const BOM: char = '\u{FEFF}';
const ZWSP: char = '\u{200B}';
/// Left-to-right, right-to-left and Arabic letter marks.
const DIRECTION_MARKS: [char; 3] = ['\u{200E}', '\u{200F}', '\u{061C}'];

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    // Most texts have none of the characters this rule removes (the ZWNJ of nearly every
    // Persian text is not one of them); the others are read only where they have them.
    let at = &cx.scan().invisibles;
    if at.is_empty() {
        return;
    }
    let untouchable = cx.untouchable();
    for span in strays(cx.text.original, at, |span| !overlaps(untouchable, span)) {
        out.fix(span, String::new(), true);
    }
}

/// Of the invisible characters of `text` starting at `at`, in order, those that do nothing
/// where they stand and that `removable` lets go. One removed is no neighbour: the
/// character after it has the one before it.
fn strays(
    text: &str,
    at: &[usize],
    removable: impl Fn(&Range<usize>) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Where the last character removed ends, and the character before it.
    let mut removed: Option<(usize, Option<char>)> = None;
    for &i in at {
        let Some(c) = text[i..].chars().next() else {
            continue;
        };
        let span = i..i + c.len_utf8();
        let prev = match removed {
            Some((end, prev)) if end == i => prev,
            _ => text[..i].chars().next_back(),
        };
        let next = text[span.end..].chars().next();
        if is_stray(c, prev, next) && removable(&span) {
            removed = Some((span.end, prev));
            out.push(span);
        }
    }
    out
}

/// Whether invisible character `c`, between `prev` and `next`, does nothing there.
fn is_stray(c: char, prev: Option<char>, next: Option<char>) -> bool {
    match c {
        BOM => true,
        ZWSP => {
            // Between two Persian letters it stands for a ZWNJ: the ZWNJ rule's.
            let joining = prev.is_some_and(is_persian) && next.is_some_and(is_arabic_letter);
            !joining
                && (prev.is_some_and(is_persian) || next.is_some_and(is_persian))
                && [prev, next].into_iter().all(quiet)
        }
        // Between two Persian letters an RLM stands for a ZWNJ: the ZWNJ rule's too.
        '\u{200F}' if prev.is_some_and(is_persian) && next.is_some_and(is_arabic_letter) => false,
        c if DIRECTION_MARKS.contains(&c) => {
            // A mark alone is text of its own, left as it came.
            next == Some(c)
                || ([prev, next].into_iter().all(quiet) && (prev.is_some() || next.is_some()))
        }
        _ => false,
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
    use std::ops::Range;

    use super::super::typography::testing::{expect, rule_examples, texts_of};
    use super::{is_stray, strays};

    const ID: &str = "orthography-invisible-characters";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn strays_are_those_read_a_character_at_a_time() {
        // What reading every character, each remembering the last one kept, removes.
        fn by_characters(
            text: &str,
            removable: &dyn Fn(&Range<usize>) -> bool,
        ) -> Vec<Range<usize>> {
            let mut out = Vec::new();
            let mut prev = None;
            let mut chars = text.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let next = chars.peek().map(|&(_, n)| n);
                let span = i..i + c.len_utf8();
                if is_stray(c, prev, next) && removable(&span) {
                    out.push(span);
                } else {
                    prev = Some(c);
                }
            }
            out
        }
        let pieces = [
            "س", " ", "a", "1", "!", "\u{FEFF}", "\u{200B}", "\u{200E}", "\u{200F}", "\u{061C}",
            "\u{200C}", "\u{064B}",
        ];
        let texts = texts_of(&pieces, 4);
        let all = |_: &Range<usize>| true;
        let odd = |r: &Range<usize>| r.start % 2 == 1;
        for t in &texts {
            let at: Vec<usize> = super::super::glyphs::scan(t).0.invisibles;
            for removable in [&all as &dyn Fn(&Range<usize>) -> bool, &odd] {
                assert_eq!(
                    strays(t, &at, removable),
                    by_characters(t, removable),
                    "{t:?}"
                );
            }
        }
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
