//! `lahn test-rules DIR`: runs the `bad` and `good` examples of a team's own rule packs,
//! for their CI. Each bad example must be flagged exactly at its `flagged` text (and give its
//! `fixed` text), each good one left alone.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use lahn::{rule, Coach};

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
        let problems = rule::check_examples(spec, &coach);
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
