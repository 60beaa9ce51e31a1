//! `lahn rules` and `lahn explain`: the rule catalogue and each rule's documentation.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::anyhow;
use lahn::{Coach, Lang};

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Language of the descriptions: fa or en.
    #[arg(long, default_value = "fa")]
    lang: Lang,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule's id.
    rule: String,
    /// Language: fa or en.
    #[arg(long, default_value = "fa")]
    lang: Lang,
}

pub fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let coach = Coach::default();
    let mut out = io::stdout().lock();
    let mut rules: Vec<_> = coach.rules().iter().collect();
    rules.sort_by_key(|r| (r.spec.category, r.id.clone()));
    for r in rules {
        writeln!(
            out,
            "{:<34} {:<16} {:<8} {}",
            r.id,
            r.spec.category,
            r.severity,
            r.spec.message.get(args.lang)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let coach = Coach::default();
    let rule = coach
        .rules()
        .get(&args.rule)
        .ok_or_else(|| anyhow!("unknown rule `{}` (see `lahn rules`)", args.rule))?;
    let s = &rule.spec;
    let l = args.lang;
    let fa = l == Lang::Fa;
    let mut out = io::stdout().lock();
    writeln!(out, "{} ({}, {})\n", s.id, s.category, rule.severity)?;
    writeln!(
        out,
        "{}\n{}\n",
        if fa {
            "## چه چیزی را می‌گیرد"
        } else {
            "## What it does"
        },
        s.doc.what.get(l)
    )?;
    writeln!(
        out,
        "{}\n{}\n",
        if fa {
            "## چرا بد است"
        } else {
            "## Why is this bad?"
        },
        s.doc.why.get(l)
    )?;
    if let Some(sug) = &s.suggestion {
        writeln!(
            out,
            "{}\n{}\n",
            if fa {
                "## به جای آن"
            } else {
                "## Instead"
            },
            sug.get(l)
        )?;
    }
    writeln!(out, "{}", if fa { "## نمونه" } else { "## Example" })?;
    for b in s.bad.iter().take(2) {
        writeln!(out, "✗ {}", b.text)?;
    }
    for g in s.good.iter().take(2) {
        writeln!(out, "✓ {}", g.text)?;
    }
    Ok(ExitCode::SUCCESS)
}
