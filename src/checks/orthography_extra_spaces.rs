//! `orthography-extra-spaces`: two spaces or more between words of Persian text («سلام   خوبید»),
//! and, as advice, blanks before the first word of the text or after the last of a Persian
//! line. Indentation of the lines after the first, Markdown's two-space line break, tabs and
//! Latin text are left as they are.

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
    let mut chars = text.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if !is_space(c) {
            prev = Some(c);
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut count = 1;
        while let Some(&(j, n)) = chars.peek().filter(|(_, n)| is_space(*n)) {
            end = j + n.len_utf8();
            count += 1;
            chars.next();
        }
        let next = chars.peek().map(|&(_, n)| n);
        let before = prev;
        prev = Some(' ');
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
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-extra-spaces";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
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
