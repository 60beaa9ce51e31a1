//! The Persian typography fixer, case by case: every file of `tests/fix-cases/` is one kind of
//! fix (letters, diacritics, ZWNJ, invisible characters, spacing, punctuation, digits, ezafe,
//! repeated letters) or what every fix must leave alone. Each case gives a text and what
//! `Coach::fix_safe` makes of it (the text itself when `fixed` is left out); fixing the fixed
//! text changes nothing; and a text that is fixed is flagged by one of its kind's rules.

use std::collections::BTreeMap;
use std::path::Path;

use lahn::{Coach, Draft, Ezafe, Settings};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Kind {
    kind: String,
    /// The rules of this kind: a text that is fixed must be flagged by one of them.
    rules: Vec<String>,
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    /// What the text becomes; the text itself when left out.
    fixed: Option<String>,
    /// The team's ezafe style, when not the default.
    ezafe: Option<Ezafe>,
}

fn kinds() -> Vec<Kind> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fix-cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fix-cases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let source = std::fs::read_to_string(p).expect("readable case file");
            toml::from_str(&source).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}

fn coach(ezafe: Option<Ezafe>) -> Coach {
    let mut settings = Settings::default();
    if let Some(e) = ezafe {
        settings.orthography.ezafe = e;
    }
    Coach::builder()
        .settings(settings)
        .build()
        .expect("the embedded rules are valid")
}

#[test]
fn every_case_is_fixed_as_written() {
    let default = coach(None);
    let yeh = coach(Some(Ezafe::Yeh));
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for kind in kinds() {
        for case in &kind.case {
            let coach = match case.ezafe {
                Some(Ezafe::Yeh) => &yeh,
                _ => &default,
            };
            let want = case.fixed.as_deref().unwrap_or(&case.text);
            let count = counts.entry(kind.kind.clone()).or_default();
            if want == case.text {
                count.1 += 1;
            } else {
                count.0 += 1;
            }
            let got = coach.fix_safe(&Draft::new(case.text.as_str()));
            if got != want {
                failures.push(format!(
                    "[{}] {:?}\n    want {want:?}\n    got  {got:?}",
                    kind.kind, case.text
                ));
                continue;
            }
            let again = coach.fix_safe(&Draft::new(got.as_str()));
            if again != got {
                failures.push(format!(
                    "[{}] {:?}: fixing again gives {again:?}",
                    kind.kind, case.text
                ));
            }
            if want != case.text && !kind.rules.is_empty() {
                let report = coach.review(&Draft::new(case.text.as_str()));
                if !report
                    .findings
                    .iter()
                    .any(|f| kind.rules.contains(&f.rule.to_string()))
                {
                    failures.push(format!(
                        "[{}] {:?}: fixed, but none of {:?} flags it",
                        kind.kind, case.text, kind.rules
                    ));
                }
            }
        }
    }
    let total: usize = counts.values().map(|(f, l)| f + l).sum();
    let left_alone: usize = counts.values().map(|(_, l)| l).sum();
    for (kind, (fixed, alone)) in &counts {
        println!("{kind:>18}: {fixed:>3} fixed, {alone:>3} left alone");
    }
    println!("{:>18}: {total} cases, {left_alone} left alone", "all");
    assert!(
        failures.is_empty(),
        "{} of {total} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        total >= 150 && left_alone >= 40,
        "{total} cases, {left_alone} left alone"
    );
}
