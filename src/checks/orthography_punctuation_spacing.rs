//! `orthography-punctuation-spacing`: a space typed before «، ؛ ؟ ! . :» («سلام ،»), or no
//! space after a mark before the next Persian word («سلام،خوبی»، «ممنون.فردا»). Numbers
//! («۱۲٫۵»، «10:30»), URLs and abbreviations («ق.ظ») keep their marks as written.

use std::ops::Range;

use super::orthography_latin_punctuation::{is_persian_digit, is_see_through, persian_form};
use super::orthography_repeated_punctuation::{collapse, is_mark};
use super::typography::{advice_in_casual_chat, is_in_word_mark, overlaps};
use super::{Context, Out};
use crate::text::{is_arabic_letter, Protected};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    // A placeholder stands for a word («سلام {{first_name}} ،»); a URL does not: a space
    // after it is how writers keep the mark out of the link.
    let placeholder_ends: Vec<usize> = cx
        .text
        .protected
        .iter()
        .filter(|(_, k)| *k == Protected::Placeholder)
        .map(|(r, _)| cx.text.to_original(r.clone()).end)
        .collect();
    for unit in units(text, cx.marks()) {
        let word_end = text[..unit.start].trim_end_matches(is_blank).len();
        // Nothing to fix without a space before the mark or a letter glued after it: most
        // marks are let go here, before anything costlier is asked.
        if word_end == unit.start
            && !text[unit.end..]
                .chars()
                .next()
                .is_some_and(|c| is_arabic_letter(c) || c.is_ascii_alphabetic())
        {
            continue;
        }
        let before = text[..word_end].trim_end_matches(is_see_through);
        // A Persian mark is Persian text whatever digits precede it («ساعت 10 ،»); a Latin
        // one after Latin digits is part of a number or of English.
        let persian_mark = text[unit.clone()].starts_with(['،', '؛', '؟']);
        let after_word = before.chars().next_back().is_some_and(|c| {
            is_arabic_letter(c)
                || is_persian_digit(c)
                || is_in_word_mark(c)
                || (persian_mark && c.is_ascii_digit())
        }) || placeholder_ends.binary_search(&before.len()).is_ok();
        if !after_word || !is_punctuation(text, &unit) {
            continue;
        }
        let mut replacement = tidy(text, unit.clone());
        let space_before = word_end < unit.start;
        let next = text[unit.end..].chars().next();
        let next_letter = next.is_some_and(is_arabic_letter);
        // After «، ؛» a space goes before any word; after «؟» before a Persian one; after
        // «. ! :» only between Persian words, and not in an abbreviation («ق.ظ»).
        let missing_after = (replacement.ends_with(['،', '؛'])
            && next.is_some_and(|c| is_arabic_letter(c) || c.is_ascii_alphabetic()))
            || (replacement.ends_with('؟') && next_letter)
            || (replacement.ends_with(['.', '!', ':'])
                && next_letter
                && before.chars().next_back().is_some_and(is_arabic_letter)
                && !is_abbreviation(text, &unit));
        if !space_before && !missing_after {
            continue;
        }
        let span = word_end..unit.end;
        if overlaps(cx.untouchable(), &span) {
            continue;
        }
        if missing_after {
            replacement.push(' ');
        }
        let f = out.fix(span, replacement, true);
        advice_in_casual_chat(cx, f);
    }
}

/// Spaces and tabs: a line break before a mark is layout, not a typing slip.
fn is_blank(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// The marks of `text` this rule looks at: each run of `! ? ؟` as one (its spacing is the
/// run's), each run of dots as one (so an ellipsis can be told apart), every other mark alone.
/// `marks` are where the marks start (see [`Scan::marks`](super::glyphs::Scan::marks)).
fn units(text: &str, marks: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(marks.len());
    let mut done = 0;
    for &at in marks {
        if at < done {
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            continue;
        };
        let mut end = at + c.len_utf8();
        if is_mark(c) || c == '.' {
            let same = |n: char| if c == '.' { n == '.' } else { is_mark(n) };
            while let Some(n) = text[end..].chars().next().filter(|&n| same(n)) {
                end += n.len_utf8();
            }
        }
        out.push(at..end);
        done = end;
    }
    out
}

fn is_punctuation(text: &str, unit: &Range<usize>) -> bool {
    let marks = &text[unit.clone()];
    let next = text[unit.end..].chars().next();
    let prev = text[..unit.start]
        .trim_end_matches(is_blank)
        .chars()
        .next_back();
    let between_persian = prev.is_some_and(is_arabic_letter) && next.is_some_and(is_arabic_letter);
    match marks {
        "." | ":" if next.is_some_and(char::is_alphanumeric) && !between_persian => false,
        ":" if next.is_some_and(|n| {
            matches!(
                n,
                ')' | '(' | '|' | '/' | '\\' | '*' | '-' | '\'' | '[' | ']'
            )
        }) =>
        {
            false
        }
        ":" => {
            let next_word = text[unit.end..].trim_start_matches(is_blank).chars().next();
            let prev_word = text[..unit.start]
                .trim_end_matches(is_blank)
                .chars()
                .next_back();
            !(next_word.is_some_and(char::is_numeric) && prev_word.is_some_and(char::is_numeric))
        }
        _ => !marks.starts_with(".."),
    }
}

/// Whether the dot at `unit` ends a one-letter abbreviation («ق.ظ»، «ه.ش»).
fn is_abbreviation(text: &str, unit: &Range<usize>) -> bool {
    let mut before = text[..unit.start].chars().rev();
    &text[unit.clone()] == "."
        && before.next().is_some_and(is_arabic_letter)
        && !before.next().is_some_and(is_arabic_letter)
}

/// The marks as they should read: one mark for a stacked run, Persian forms of Latin ones
/// (this rule only looks at marks closing Persian text).
fn tidy(text: &str, unit: Range<usize>) -> String {
    if let Some(one) = collapse(text, unit.clone()) {
        return one.to_owned();
    }
    text[unit]
        .chars()
        .map(|c| persian_form(c).unwrap_or(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, findings, rule_examples};
    use crate::draft::Channel;
    use crate::report::Severity;

    const ID: &str = "orthography-punctuation-spacing";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn spaces_around_marks() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("سلام ، خوبید ؟", &[" ،", " ؟"], "سلام، خوبید؟"),
            ("سلام،خوبید؟", &["،"], "سلام، خوبید؟"),
            ("سلام ،خوبید", &[" ،"], "سلام، خوبید"),
            (
                "ارسال شد ؛فردا می‌رسد .",
                &[" ؛", " ."],
                "ارسال شد؛ فردا می‌رسد.",
            ),
            ("عالیه !", &[" !"], "عالیه!"),
            ("عالیه !!!", &[" !!!"], "عالیه!"),
            ("جدی ؟!", &[" ؟!"], "جدی؟!"),
            ("جدی؟!خوبه", &["؟!"], "جدی؟! خوبه"),
            ("ممنون.فردا می‌رسد", &["."], "ممنون. فردا می‌رسد"),
            ("توضیح:سفارش", &[":"], "توضیح: سفارش"),
            ("ساعت ۱۰ ق.ظ تماس", &[], "ساعت ۱۰ ق.ظ تماس"),
            ("جمله است .و این", &[" ."], "جمله است. و این"),
            ("سلام،Ali جان", &["،"], "سلام، Ali جان"),
            ("سلام.Ali", &[], "سلام.Ali"),
            ("توضیح :", &[" :"], "توضیح:"),
            ("سلام ,خوبید", &[" ,"], "سلام، خوبید"),
            (
                "سلام {{first_name}} ، خوش آمدید",
                &[" ،"],
                "سلام {{first_name}}، خوش آمدید",
            ),
            ("(بسته طلایی) ، فعال شد", &[" ،"], "(بسته طلایی)، فعال شد"),
            ("لطفاً صبر کنید ...", &[], "لطفاً صبر کنید ..."),
            ("لطفاً صبر کنید...", &[], "لطفاً صبر کنید..."),
            (
                "ساعت ۱۰ : ۳۰ تماس می‌گیریم",
                &[],
                "ساعت ۱۰ : ۳۰ تماس می‌گیریم",
            ),
            ("مبلغ ۱۲٫۵ و 12.5 و ۴،۵۰۰", &[], "مبلغ ۱۲٫۵ و 12.5 و ۴،۵۰۰"),
            (
                "نسخهٔ جدید .NET را نصب کنید",
                &[],
                "نسخهٔ جدید .NET را نصب کنید",
            ),
            ("مرسی :)", &[], "مرسی :)"),
            ("ساعت 10 ، 12 یا 14", &[" ،"], "ساعت 10، 12 یا 14"),
            ("ساعت 10 , 12", &[], "ساعت 10 , 12"),
            (
                "لینک https://example.com ، را ببینید",
                &[],
                "لینک https://example.com ، را ببینید",
            ),
            ("ایمیل a.b@x.com ، است", &[], "ایمیل a.b@x.com ، است"),
            ("Hello , world !", &[], "Hello , world !"),
            ("سلام\n، خوبید", &[], "سلام\n، خوبید"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }

    #[test]
    fn advice_only_in_chat() {
        let found = findings(ID, "مرسی ، خوبم", Some(Channel::Chat));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
    }
}
