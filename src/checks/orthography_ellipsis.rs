//! `orthography-ellipsis`: three dots or more («...»، «. . .») after Persian text, where the
//! ellipsis «…» belongs, joined to the word before it and spaced from the word after.

use once_cell::sync::Lazy;
use regex::Regex;

use super::orthography_extra_spaces::is_persian_text;
use super::typography::overlaps;
use super::{Context, Out};
use crate::text::is_arabic_letter;

static DOTS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[ \t\u{00A0}]*(?:\.(?: ?\.){2,}|…+)").expect("the ellipsis pattern is valid")
});

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    // Three dots start with «..» or «. .»: found from the dots among the punctuation marks.
    let b = text.as_bytes();
    let dots =
        |i: usize| b[i] == b'.' && matches!(b.get(i + 1..), Some([b'.', ..] | [b' ', b'.', ..]));
    if !cx.glyphs().ellipsis && !cx.marks().iter().any(|&i| dots(i)) {
        return;
    }
    let untouchable = cx.untouchable();
    for m in DOTS.find_iter(text) {
        let span = m.range();
        let before = text[..span.start].chars().next_back();
        let next = text[span.end..].chars().next();
        if !before.is_some_and(|c| is_persian_text(c) || c == ')') {
            continue;
        }
        // Dots that run on into more dots or into a word's own dot are not an ellipsis.
        if next == Some('.') || overlaps(untouchable, &span) {
            continue;
        }
        let mut replacement = "…".to_owned();
        if next.is_some_and(is_arabic_letter) {
            replacement.push(' ');
        }
        if m.as_str() != replacement {
            out.fix(span, replacement, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-ellipsis";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn dots_become_an_ellipsis() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("لطفاً صبر کنید...", &["..."], "لطفاً صبر کنید…"),
            ("لطفاً صبر کنید ......", &[" ......"], "لطفاً صبر کنید…"),
            ("صبر کنید . . . ممنون", &[" . . ."], "صبر کنید… ممنون"),
            ("خب...فردا", &["..."], "خب… فردا"),
            ("خب …", &[" …"], "خب…"),
            ("خب… فردا", &[], "خب… فردا"),
            ("wait...", &[], "wait..."),
            ("... سلام", &[], "... سلام"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
