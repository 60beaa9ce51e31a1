//! Every rule's own examples: each `bad` fires exactly once on its `flagged` text (and gives
//! its `fixed` text), each `good` stays silent, and every rule documents itself.

use lahn::{rule, Coach};

#[test]
fn every_rule_passes_its_examples() {
    let coach = Coach::default();
    let failures: Vec<String> = rule::defaults()
        .unwrap()
        .iter()
        .flat_map(|spec| {
            rule::check_examples(spec, &coach)
                .into_iter()
                .map(move |p| format!("{}: {p}", spec.id))
        })
        .collect();
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
