//! `lahn rules` and `lahn explain`: the rule catalogue and each rule's documentation, for the
//! rules in force (the embedded ones and the team's packs the config names).

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::anyhow;
use lahn::Lang;

use crate::discover::ConfigArgs;
use crate::output::printable;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Language of the descriptions: fa or en (default: the config's, else fa).
    #[arg(long)]
    lang: Option<Lang>,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule's id.
    rule: String,
    /// Language: fa or en (default: the config's, else fa).
    #[arg(long)]
    lang: Option<Lang>,
    #[command(flatten)]
    config: ConfigArgs,
}

pub fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let (rules, lang) = args.config.load(args.lang)?.rules()?;
    let mut out = io::stdout().lock();
    let mut rules: Vec<_> = rules.iter().collect();
    rules.sort_by_key(|r| (r.spec.category, r.id.clone()));
    for r in rules {
        writeln!(
            out,
            "{:<34} {:<16} {:<8} {}",
            r.id,
            r.spec.category,
            r.severity,
            printable(&r.spec.summary(lang))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let (rules, lang) = args.config.load(args.lang)?.rules()?;
    let rule = rules.get(&args.rule).ok_or_else(|| {
        let near = lahn::rule::nearest(&args.rule, rules.iter().map(|r| &*r.id));
        match near {
            Some(n) => anyhow!("unknown rule `{}`; did you mean `{n}`?", args.rule),
            None => anyhow!("unknown rule `{}` (see `lahn rules`)", args.rule),
        }
    })?;
    let s = &rule.spec;
    let mut out = io::stdout().lock();
    writeln!(out, "{} ({}, {})\n", s.id, s.category, rule.severity)?;
    // A team's pack may hold anything: each line is shown, not obeyed by the terminal.
    for line in s.explain(lang).lines() {
        writeln!(out, "{}", printable(line))?;
    }
    Ok(ExitCode::SUCCESS)
}
