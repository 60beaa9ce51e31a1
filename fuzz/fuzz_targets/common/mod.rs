//! Invariants every fuzz target asserts on what the library returns.

#![allow(dead_code)]

use std::sync::LazyLock;

use lahn::{fix, Coach, Draft, Lang, Report};

/// The embedded rules, Persian messages.
pub static COACH_FA: LazyLock<Coach> = LazyLock::new(Coach::default);

/// The embedded rules, English messages, plus a phrase rule with a safe fix so the fix path
/// is exercised even while no embedded rule carries one.
pub static COACH_EN: LazyLock<Coach> = LazyLock::new(|| {
    Coach::builder()
        .lang(Lang::En)
        .pack("fuzz/safe-fix", SAFE_FIX_PACK)
        .build()
        .expect("the fuzz pack is valid")
});

pub const SAFE_FIX_PACK: &str = r#"
id = "fuzz-safe-fix"
category = "orthography"
severity = "info"
message.fa = "آزمون"
message.en = "test"
[doc]
what = { fa = "آزمون", en = "test" }
why = { fa = "آزمون", en = "test" }
[match]
phrases = ["در اسرع وقت", "به زودی"]
[fix]
replacement = "امروز"
safe = true
"#;

/// Checks a report of `draft` against the library's promises, then its safe fixes.
pub fn check_report(coach: &Coach, draft: &Draft, report: &Report) {
    check_structure(draft, report);
    check_fixes(coach, draft, report);
}

/// Spans inside the text on char boundaries, findings sorted, score = 100 − penalties.
pub fn check_structure(draft: &Draft, report: &Report) {
    let text = draft.text.as_str();
    let mut last = (0, 0);
    for f in &report.findings {
        let s = f.span;
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "span {s:?} outside a text of {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span {s:?} off a char boundary"
        );
        assert!(
            (s.start, s.end) >= last,
            "findings not sorted: {last:?} then {s:?}"
        );
        last = (s.start, s.end);
        assert!(!f.message.is_empty(), "empty message from {}", f.rule);
    }
    assert!(report.score <= 100);
    let penalties: u32 = report.findings.iter().map(|f| f.penalty).sum();
    assert_eq!(
        report.score,
        100 - penalties,
        "score is not 100 less the penalties"
    );
    for (c, s) in &report.categories {
        assert!(*s <= 100, "sub-score of {c} is {s}");
    }
}

/// Applies the safe fixes of `report` and checks that nothing outside the fixed spans
/// changed and that a second review offers no safe fix.
pub fn check_fixes(coach: &Coach, draft: &Draft, report: &Report) {
    let text = draft.text.as_str();
    let safe: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|x| x.safe))
        .collect();
    if safe.is_empty() {
        return;
    }
    let fixed = fix::apply_safe(text, report.findings.iter());
    // Outside the fixed spans nothing changes: the prefix before the first edit and the
    // suffix after the last one are the original's.
    let first = safe.iter().map(|f| f.span.start).min().unwrap_or(0);
    let end = safe.iter().map(|f| f.span.end).max().unwrap_or(0);
    assert_eq!(&fixed[..first], &text[..first]);
    assert!(fixed.ends_with(&text[end..]));
    let edits = fix::edits(text, &report.findings, fix::is_safe);
    for w in edits.windows(2) {
        assert!(w[0].0.end <= w[1].0.start, "overlapping edits {w:?}");
    }
    // One fix can enable another: fixing to the end leaves no safe fix behind.
    let fixed = coach.fix_safe(draft);
    let again = coach.review(&draft.with_text(fixed.clone()));
    let left: Vec<_> = again
        .findings
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|x| x.safe))
        .collect();
    assert!(
        left.is_empty(),
        "safe fixes left after fixing to {fixed:?}: {left:?}"
    );
}
