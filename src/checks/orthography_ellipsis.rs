//! `orthography-ellipsis`: three dots or more («...»، «. . .») after Persian text, where the
//! ellipsis «…» belongs, joined to the word before it and spaced from the word after.

use std::ops::Range;

use super::orthography_extra_spaces::is_persian_text;
use super::typography::overlaps;
use super::{Context, Out};
use crate::text::is_arabic_letter;

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
    for span in dot_runs(text) {
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
        if text[span.clone()] != replacement {
            out.fix(span, replacement, true);
        }
    }
}

/// The runs of three dots or more («...»، «. . .», with one space at most between two dots)
/// and of «…», in order, each with the spaces, tabs and no-break spaces right before it.
fn dot_runs(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut runs = Vec::new();
    let mut from = 0;
    // A run starts at a dot or at the first byte of «…» (E2 80 A6).
    for at in memchr::memchr2_iter(b'.', 0xE2, b) {
        if at < from {
            continue;
        }
        let end = match b[at] {
            b'.' => {
                // A dot, then dots each after one space at most: two more at least.
                let (mut end, mut more) = (at + 1, 0);
                loop {
                    let next = end + usize::from(b.get(end) == Some(&b' '));
                    if b.get(next) != Some(&b'.') {
                        break;
                    }
                    end = next + 1;
                    more += 1;
                }
                (more >= 2).then_some(end)
            }
            _ => {
                let end = at + text[at..].len() - text[at..].trim_start_matches('…').len();
                (end > at).then_some(end)
            }
        };
        let Some(end) = end else { continue };
        // The spaces before it, as far back as the run before.
        let mut start = at;
        while start > from {
            match b[..start] {
                [.., b' ' | b'\t'] => start -= 1,
                [.., 0xC2, 0xA0] if start - 2 >= from => start -= 2,
                _ => break,
            }
        }
        runs.push(start..end);
        from = end;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-ellipsis";

    /// The runs are what a regular expression of them finds, on texts made of the pieces
    /// they are read from.
    #[test]
    fn runs_are_what_the_pattern_finds() {
        let pattern = regex::Regex::new(r"[ \t\u{00A0}]*(?:\.(?: ?\.){2,}|…+)").unwrap();
        let pieces = [
            ".", " ", "..", "…", "\t", "\u{a0}", "سلام", "a", "،", "\n", ". ", " .", "ـ", "\u{2009}",
        ];
        for text in crate::text::testing::pieced_texts(&pieces, 5, 100_000) {
            let want: Vec<_> = pattern.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(super::dot_runs(&text), want, "{text:?}");
        }
    }

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
