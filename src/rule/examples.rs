//! Running a rule's own examples: each `bad` example must be flagged by the rule exactly at
//! its `flagged` text (and give its `fixed` text), each `good` one left alone. The test suite
//! runs the embedded rules' examples this way, and `lahn test-rules` a team's.

use super::spec::RuleSpec;
use crate::{fix, Coach};

/// What is wrong with `spec`'s examples when `coach` reviews them; empty when they all pass.
pub fn check_examples(spec: &RuleSpec, coach: &Coach) -> Vec<String> {
    let mut problems = Vec::new();
    if spec.bad.is_empty() || spec.good.is_empty() {
        problems.push("needs at least one bad and one good example".to_owned());
    }
    for bad in &spec.bad {
        let report = coach.review(&bad.draft());
        let mine: Vec<_> = report
            .findings
            .iter()
            .filter(|f| *f.rule == *spec.id)
            .collect();
        let spans: Vec<&str> = mine.iter().map(|f| f.span.text(&bad.text)).collect();
        match bad.flagged.as_deref() {
            Some(want) if spans != [want] => problems.push(format!(
                "bad {:?}: want [{want:?}], got {spans:?}",
                bad.text
            )),
            None if spans.is_empty() => problems.push(format!("bad {:?}: not flagged", bad.text)),
            _ => {}
        }
        if let Some(fixed) = &bad.fixed {
            let got = fix::apply(&bad.text, mine.iter().copied(), |_| true);
            if &got != fixed {
                problems.push(format!(
                    "fix of {:?}: want {fixed:?}, got {got:?}",
                    bad.text
                ));
            }
        }
    }
    for good in &spec.good {
        let report = coach.review(&good.draft());
        let spans: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| *f.rule == *spec.id)
            .map(|f| f.span.text(&good.text))
            .collect();
        if !spans.is_empty() {
            problems.push(format!("good {:?}: flagged {spans:?}", good.text));
        }
    }
    problems
}
