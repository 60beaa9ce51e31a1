//! Every rule's own examples: each `bad` fires exactly once on its `flagged` text (and gives
//! its `fixed` text), each `good` stays silent, and every rule documents itself.

use lahn::{fix, rule, Coach};

#[test]
fn every_rule_passes_its_examples() {
    let coach = Coach::default();
    let mut failures = Vec::new();
    for spec in rule::defaults().unwrap() {
        for bad in &spec.bad {
            let report = coach.review(&bad.draft());
            let mine: Vec<_> = report
                .findings
                .iter()
                .filter(|f| *f.rule == *spec.id)
                .collect();
            let spans: Vec<&str> = mine.iter().map(|f| f.span.text(&bad.text)).collect();
            let want = bad.flagged.as_deref().unwrap_or_default();
            if spans != [want] {
                failures.push(format!(
                    "{}: bad {:?}\n    want [{want:?}]\n    got  {spans:?}",
                    spec.id, bad.text
                ));
                continue;
            }
            if let Some(fixed) = &bad.fixed {
                let got = fix::apply(&bad.text, mine.iter().copied(), |_| true);
                if &got != fixed {
                    failures.push(format!(
                        "{}: fix of {:?}\n    want {fixed:?}\n    got  {got:?}",
                        spec.id, bad.text
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
                failures.push(format!(
                    "{}: good {:?}\n    flagged {spans:?}",
                    spec.id, good.text
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_documents_itself() {
    for spec in rule::defaults().unwrap() {
        assert!(
            !spec.bad.is_empty() && !spec.good.is_empty(),
            "{}: needs bad and good examples",
            spec.id
        );
        for text in [&spec.message, &spec.doc.what, &spec.doc.why] {
            assert!(
                !text.fa.trim().is_empty() && !text.en.trim().is_empty(),
                "{}: needs fa and en texts",
                spec.id
            );
        }
        assert!(
            spec.bad.iter().all(|b| b.flagged.is_some()),
            "{}: every bad example names what it flags",
            spec.id
        );
        let dir = spec
            .source
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|d| d.to_str())
            .unwrap_or_default();
        assert_eq!(
            dir,
            spec.category.name(),
            "{}: lives in rules/<category>/",
            spec.id
        );
    }
}
