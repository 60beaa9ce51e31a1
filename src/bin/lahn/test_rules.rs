//! `lahn test-rules DIR`: runs the `bad` and `good` examples of a team's own rule packs,
//! for their CI. Each bad example must be flagged exactly at its `flagged` text (and give its
//! `fixed` text), each good one left alone.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use lahn::{fix, rule, Coach};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The directory of rule packs (TOML, one rule per file).
    dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let specs = rule::read_dir(&args.dir)?;
    let coach = Coach::builder().rule_dir(&args.dir).build()?;
    let mut out = io::stdout().lock();
    let (mut passed, mut failed) = (0usize, 0usize);
    for spec in &specs {
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
                None if spans.is_empty() => {
                    problems.push(format!("bad {:?}: not flagged", bad.text))
                }
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
        if problems.is_empty() {
            passed += 1;
            writeln!(out, "ok   {} ({})", spec.id, spec.source.display())?;
        } else {
            failed += 1;
            writeln!(out, "FAIL {} ({})", spec.id, spec.source.display())?;
            for p in problems {
                writeln!(out, "     {p}")?;
            }
        }
    }
    writeln!(out, "{passed} passed, {failed} failed")?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
