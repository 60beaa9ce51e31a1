//! `lahn config`: the config in force (after discovery), with defaults filled in.

use std::io::{self, Write};
use std::process::ExitCode;

use lahn::{Lang, Limits};

use crate::discover::ConfigArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    config: ConfigArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let eff = args.config.load()?;
    // Building the coach checks rule ids, categories and rule packs the config names.
    eff.coach(None, eff.config.require_name.unwrap_or(true))?;
    let mut c = eff.config.clone();
    c.lang.get_or_insert(Lang::Fa);
    c.limits.get_or_insert_with(Limits::default);
    c.require_name.get_or_insert(true);
    let mut out = io::stdout().lock();
    match &eff.path {
        Some(p) => writeln!(out, "# config: {}", p.display())?,
        None => writeln!(out, "# config: none found; defaults")?,
    }
    writeln!(out, "# base directory: {}", eff.base.display())?;
    write!(out, "{}", toml::to_string(&c)?)?;
    Ok(ExitCode::SUCCESS)
}
