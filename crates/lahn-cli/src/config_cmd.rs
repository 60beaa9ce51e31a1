//! `lahn config`: the config in force (after discovery), with defaults filled in and, above
//! each value, where it came from.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::discover::ConfigArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    config: ConfigArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let eff = args.config.load(None)?;
    // Building the coach checks rule ids, categories and rule packs the config names.
    eff.coach(true)?;
    let mut out = io::stdout().lock();
    match &eff.path {
        Some(p) => writeln!(out, "# config: {}", p.display())?,
        None => writeln!(out, "# config: none found; defaults")?,
    }
    writeln!(out, "# base directory: {}", eff.base.display())?;
    // Plain keys first, tables last, so the concatenation is one valid TOML document.
    let mut values = eff.values();
    values.sort_by_key(|(_, v, _)| match v {
        toml::Value::Table(_) => 1,
        toml::Value::Array(a) if a.first().is_some_and(toml::Value::is_table) => 2,
        _ => 0,
    });
    for (key, value, origin) in values {
        let mut one = toml::Table::new();
        one.insert(key.to_owned(), value);
        writeln!(out, "# {key}: {origin}")?;
        write!(out, "{}", toml::to_string(&one)?)?;
    }
    Ok(ExitCode::SUCCESS)
}
