//! Every rule's own examples: each `bad` fires exactly once on its `flagged` text (and gives
//! its `fixed` text), each `good` stays silent, also typed other ways, and every rule
//! documents itself.

use lahn::{rule, Category, Coach};

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

/// Writes an example's text another way.
type Retype = fn(&str) -> String;

/// The words the rules read, typed the ways people type them: each example of a rule that
/// reads words is flagged, or left alone, as written, with its ZWNJ typed as a space or
/// left out, and with Arabic «ي» and «ك» for «ی» and «ک». Orthography rules flag these
/// typings themselves, and length rules count their characters, so they are not asked.
#[test]
fn word_rules_read_every_typing_of_their_examples() {
    let coach = Coach::default();
    let typings: [(&str, Retype); 3] = [
        ("ZWNJ as a space", |t| t.replace('\u{200c}', " ")),
        ("no ZWNJ", |t| t.replace('\u{200c}', "")),
        ("Arabic ي and ك", |t| {
            t.replace('ی', "ي").replace('ک', "ك")
        }),
    ];
    let mut failures = Vec::new();
    let mut asked = 0;
    for spec in rule::defaults().unwrap() {
        if matches!(spec.category, Category::Orthography | Category::Length) {
            continue;
        }
        for (bad, examples) in [(true, &spec.bad), (false, &spec.good)] {
            for example in examples.iter() {
                for (how, retype) in &typings {
                    let mut draft = example.draft();
                    draft.text = retype(&example.text);
                    if draft.text == example.text {
                        continue;
                    }
                    asked += 1;
                    let flagged = coach
                        .review(&draft)
                        .findings
                        .iter()
                        .any(|f| *f.rule == *spec.id);
                    if flagged != bad {
                        let kind = if bad { "bad" } else { "good" };
                        failures.push(format!("{}: {kind}, {how}: {:?}", spec.id, draft.text));
                    }
                }
            }
        }
    }
    // Most examples have a ZWNJ or a «ی» to retype: the test reads hundreds of them.
    assert!(asked > 500, "only {asked} retyped examples");
    assert!(
        failures.is_empty(),
        "{} retyped examples read otherwise:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
