//! `orthography-extra-spaces`: two spaces or more between words of Persian text («سلام   خوبید»),
//! and, as advice, blanks before the first word of the text or after the last of a Persian
//! line. Indentation of the lines after the first, Markdown's two-space line break, tabs and
//! Latin text are left as they are.

use std::ops::Range;

use super::orthography_latin_punctuation::is_persian_digit;
use super::typography::{advice_in_casual_chat, is_in_word_mark, overlaps};
use super::{Context, Out};
use crate::report::{Fix, Severity};
use crate::text::is_arabic_letter;

/// Spaces that a run of may be: the space, the no-break space and the typographic spaces.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Whether `c` is Persian text: a letter, a mark, a Persian digit or a Persian punctuation mark.
pub(super) fn is_persian_text(c: char) -> bool {
    is_arabic_letter(c)
        || is_in_word_mark(c)
        || is_persian_digit(c)
        || matches!(c, '،' | '؛' | '؟' | '«' | '»' | '٪' | '٫' | '٬')
}

/// The runs of [`is_space`] characters in `text` that may need a word, each with the
/// character before it and the one after it: all but the one space inside a line, which
/// most of a text's spaces are. The text is read from one byte a space may start with to
/// the next (the space, and the lead bytes of the others), not a character at a time.
fn space_runs(text: &str) -> impl Iterator<Item = (Range<usize>, Option<char>, Option<char>)> + '_ {
    let b = text.as_bytes();
    // U+3000 is the only space led by 0xE3: the rare text that has that byte is read for it.
    let ideographic = memchr::memchr(0xE3, b).is_some();
    let may_start = move |from: usize| match ideographic {
        false => memchr::memchr3(b' ', 0xC2, 0xE2, &b[from..]).map(|k| from + k),
        true => b[from..]
            .iter()
            .position(|&x| matches!(x, b' ' | 0xC2 | 0xE2 | 0xE3))
            .map(|k| from + k),
    };
    let space_at = |at: usize| text[at..].chars().next().filter(|&c| is_space(c));
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let start = may_start(from)?;
        // A space between a character and one that is no space and no line break.
        if b[start] == b' '
            && start > 0
            && b.get(start + 1)
                .is_some_and(|&x| !matches!(x, b' ' | b'\n' | b'\r' | 0xC2 | 0xE2 | 0xE3))
        {
            from = start + 1;
            continue;
        }
        let Some(c) = space_at(start) else {
            from = start + 1;
            continue;
        };
        let mut end = start + c.len_utf8();
        while let Some(c) = space_at(end) {
            end += c.len_utf8();
        }
        from = end;
        let before = text[..start].chars().next_back();
        let next = text[end..].chars().next();
        return Some((start..end, before, next));
    })
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    let glyphs = cx.glyphs();
    // «  » or « \n», found by the glyph pass.
    if !glyphs.loose_spaces
        && !text.starts_with(is_space)
        && !text.ends_with(is_space)
        && !glyphs.wide_spaces
    {
        return;
    }
    let untouchable = cx.untouchable();
    for (run, before, next) in space_runs(text) {
        let (i, end) = (run.start, run.end);
        let count = text[run].chars().count();
        if overlaps(untouchable, &(i..end)) {
            continue;
        }
        let between_words =
            before.is_some_and(|p| !p.is_whitespace()) && next.is_some_and(|n| !n.is_whitespace());
        let persian = before.is_some_and(is_persian_text) || next.is_some_and(is_persian_text);
        if count >= 2 && between_words && persian {
            let f = out.fix(i..end, " ".to_owned(), true);
            advice_in_casual_chat(cx, f);
            continue;
        }
        // Blanks that start the text before Persian, or end a Persian line: invisible, so
        // advice only. Four spaces starting the text are Markdown's code block, and two
        // ending a line its line break: those stay.
        let starts_text = before.is_none() && next.is_some_and(is_persian_text) && count < 4;
        let ends_line = before.is_some_and(is_persian_text)
            && next.is_none_or(|n| n == '\n' || n == '\r')
            && !(next.is_some() && &text[i..end] == "  ");
        if starts_text || ends_line {
            let f = out.flag_variant(i..end, "edge", &[]);
            f.severity = Severity::Info;
            f.fix = Some(Fix {
                replacement: String::new(),
                safe: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::super::typography::testing::{expect, rule_examples, texts_of};
    use super::{is_space, space_runs};

    const ID: &str = "orthography-extra-spaces";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn space_runs_are_those_read_a_character_at_a_time() {
        // Every run of spaces, with the characters around it, as reading each character finds.
        fn by_characters(text: &str) -> Vec<(Range<usize>, Option<char>, Option<char>)> {
            let mut runs: Vec<(Range<usize>, Option<char>, Option<char>)> = Vec::new();
            let mut prev = None;
            for (i, c) in text.char_indices() {
                match (is_space(c), runs.last_mut()) {
                    (true, Some((run, _, next))) if run.end == i => {
                        run.end = i + c.len_utf8();
                        *next = None;
                    }
                    (true, _) => runs.push((i..i + c.len_utf8(), prev, None)),
                    (false, Some((run, _, next))) if run.end == i => *next = Some(c),
                    _ => {}
                }
                prev = Some(c);
            }
            runs
        }
        let pieces = [
            " ", "  ", "\u{00A0}", "\u{2009}", "\u{3000}", "\u{200C}", "\u{2026}", "\n", "\t",
            "سلام", "a", "۱۲", "😀", "\u{00E9}", "\u{3001}",
        ];
        let texts = texts_of(&pieces, 4);
        for t in &texts {
            let (all, found) = (by_characters(t), space_runs(t).collect::<Vec<_>>());
            // Each run found is one of them, in order; the others are lone spaces in a line.
            let mut rest = all.iter();
            assert!(found.iter().all(|f| rest.any(|r| r == f)), "{t:?}");
            for (run, before, next) in all.iter().filter(|r| !found.contains(r)) {
                assert_eq!(&t[run.clone()], " ", "{t:?}");
                assert!(before.is_some(), "{t:?}");
                assert!(
                    next.is_some_and(|n| !is_space(n) && n != '\n' && n != '\r'),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn one_space_between_words() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("سلام   خوبید", &["   "], "سلام خوبید"),
            ("سلام \u{00A0}خوبید", &[" \u{00A0}"], "سلام خوبید"),
            ("  سلام", &["  "], "سلام"),
            ("سلام \nخوبید ", &[" ", " "], "سلام\nخوبید"),
            ("سلام\n  خوبید", &[], "سلام\n  خوبید"),
            ("سلام  \nخوبید", &[], "سلام  \nخوبید"),
            ("سلام\t\tخوبید", &[], "سلام\t\tخوبید"),
            ("Hello   world", &[], "Hello   world"),
            ("سلام خوبید", &[], "سلام خوبید"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
