//! `lahn test-rules DIR`: runs the `bad` and `good` examples of a team's own rule packs,
//! for their CI, under the team's config (its settings, accepted words and other packs). Each
//! bad example must be flagged exactly at its `flagged` text (and give its `fixed` text), each
//! good one left alone.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use lahn::rule;

use crate::discover::ConfigArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The directory of rule packs (TOML, one rule per file).
    dir: PathBuf,
    #[command(flatten)]
    config: ConfigArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let specs = rule::read_dir(&args.dir)?;
    let mut eff = args.config.load(None)?;
    // The directory under test is added once, whether or not the config names it too; and
    // a rule the config turns off is still tested.
    let same = |d: &PathBuf| {
        let a = eff.base.join(d).canonicalize().ok();
        a.is_some() && a == args.dir.canonicalize().ok()
    };
    let rule_dirs: Vec<PathBuf> = eff
        .config
        .rule_dirs
        .iter()
        .filter(|d| !same(d))
        .cloned()
        .collect();
    eff.config.rule_dirs = rule_dirs;
    eff.config
        .disable
        .retain(|name| !specs.iter().any(|s| s.id == *name));
    let coach = eff.builder(false)?.rule_dir(&args.dir).build()?;
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
