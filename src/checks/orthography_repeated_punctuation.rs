//! `orthography-repeated-punctuation`: runs of exclamation and question marks («!!!»، «؟؟؟»،
//! «!!؟»), which read as shouting. «؟!» is a single, accepted mark of surprise and stays, and
//! is what a run of both comes down to («؟؟؟!!!» → «؟!»).

use std::ops::Range;

use super::orthography_latin_punctuation::previous_char;
use super::typography::{advice_in_chat, overlaps, run_around};
use super::{Context, Out};
use crate::text::is_arabic_letter;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    for run in runs(text, cx.marks()) {
        // What fixes may not touch is found only once a fix is due.
        let Some(one) = collapse(text, run.clone()) else {
            continue;
        };
        if overlaps(cx.untouchable(), &run) {
            continue;
        }
        // A doubled mark is casual emphasis, which chat is allowed; three or more read as
        // shouting (the same «!!!» the tone rules take for anger) on every channel.
        let shouting = text[run.clone()].chars().nth(2).is_some();
        let f = out.fix(run, one.to_owned(), true);
        if !shouting {
            advice_in_chat(cx, f);
        }
    }
}

/// The one mark a run of `! ? ؟` at `run` of `text` comes down to, or `None` when the run is
/// fine as it is.
pub(super) fn collapse(text: &str, run: Range<usize>) -> Option<&'static str> {
    let marks = &text[run.clone()];
    // An English sentence's marks (after a Latin word, or with no Persian near them on
    // their line) are English typography, not this rule's to judge.
    let after_latin = previous_char(text, run.start).is_some_and(|c| c.is_ascii_alphanumeric());
    if !collapsible(marks) || ((after_latin || !persian_near(text, &run)) && !marks.contains('؟'))
    {
        return None;
    }
    // A question with exclamation marks keeps both meanings, as the one mark «؟!».
    Some(match (marks.contains(['?', '؟']), marks.contains('!')) {
        (true, true) => "؟!",
        (true, false) => "؟",
        (false, _) => "!",
    })
}

/// Whether a Persian letter stands on the line of `run` within a few hundred bytes of it:
/// bounded, so a megabyte-long line of marks is not read once per mark.
fn persian_near(text: &str, run: &Range<usize>) -> bool {
    const NEAR: usize = 256;
    let mut from = run.start.saturating_sub(NEAR);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (run.end + NEAR).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before = text[from..run.start].rsplit('\n').next().unwrap_or("");
    let after = text[run.end..to].split('\n').next().unwrap_or("");
    before.chars().chain(after.chars()).any(is_arabic_letter)
}

pub(super) fn is_mark(c: char) -> bool {
    matches!(c, '!' | '?' | '؟')
}

/// The maximal runs of `! ? ؟` in `text`, whose punctuation marks start at `marks` (see
/// [`Scan::marks`](super::glyphs::Scan::marks)).
fn runs(text: &str, marks: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut done = 0;
    for &at in marks {
        if at < done {
            continue;
        }
        let Some(c) = text[at..].chars().next().filter(|&c| is_mark(c)) else {
            continue;
        };
        let mut end = at + c.len_utf8();
        while let Some(n) = text[end..].chars().next().filter(|&n| is_mark(n)) {
            end += n.len_utf8();
        }
        out.push(at..end);
        done = end;
    }
    out
}

/// Whether a run of marks is one this rule collapses: two or more marks, except «؟!» (and its
/// Latin-typed twin «?!», whose «?» the Latin-punctuation rule turns Persian).
fn collapsible(marks: &str) -> bool {
    marks.chars().nth(1).is_some() && !matches!(marks, "؟!" | "?!")
}

/// Whether the mark at byte `at` of `text` belongs to a run this rule collapses.
pub(super) fn in_collapsible_run(text: &str, at: usize) -> bool {
    collapsible(&text[run_around(text, at, is_mark)])
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, findings, rule_examples};
    use crate::draft::Channel;
    use crate::report::Severity;

    const ID: &str = "orthography-repeated-punctuation";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn collapses_runs_to_one_mark() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("عالیه!!!", &["!!!"], "عالیه!"),
            ("چرا؟؟؟", &["؟؟؟"], "چرا؟"),
            ("واقعاً!!؟", &["!!؟"], "واقعاً؟!"),
            ("چرا؟؟؟!!!", &["؟؟؟!!!"], "چرا؟!"),
            ("چرا!؟", &["!؟"], "چرا؟!"),
            ("چرا??", &["??"], "چرا؟"),
            ("چرا ؟؟ واقعا !!", &["؟؟", "!!"], "چرا ؟ واقعا !"),
            ("Really??", &[], "Really??"),
            ("Really?!!", &[], "Really?!!"),
            ("خب 😡???", &["???"], "خب 😡؟"),
            ("جدی؟!", &[], "جدی؟!"),
            ("جدی؟! باشه", &[], "جدی؟! باشه"),
            ("منتظر باشید...", &[], "منتظر باشید..."),
            ("سلام! خوبید؟", &[], "سلام! خوبید؟"),
            (
                "لینک: https://example.com/?q=??&x=1 را ببینید",
                &[],
                "لینک: https://example.com/?q=??&x=1 را ببینید",
            ),
            ("!!", &[], "!!"),
            ("!!! \"Save\"", &[], "!!! \"Save\""),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }

    #[test]
    fn doubled_marks_are_advice_in_chat() {
        let severity = |text: &str, channel| findings(ID, text, Some(channel))[0].severity;
        assert_eq!(severity("ممنون!!", Channel::Chat), Severity::Info);
        assert_eq!(severity("ممنون!!", Channel::Email), Severity::Warning);
        assert_eq!(severity("ممنون!!!", Channel::Chat), Severity::Warning);
        assert_eq!(severity("چرا؟؟؟", Channel::Chat), Severity::Warning);
    }
}
