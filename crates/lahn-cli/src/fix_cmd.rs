//! `lahn fix`: a reply on standard input, its safe fixes applied, on standard output.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use lahn::{Channel, Draft};

use crate::discover::ConfigArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The reply's channel.
    #[arg(long)]
    channel: Option<Channel>,
    #[command(flatten)]
    config: ConfigArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut text = String::new();
    io::stdin()
        .read_to_string(&mut text)
        .context("cannot read the reply from standard input (is it UTF-8?)")?;
    let coach = args.config.load(None)?.coach(false)?;
    let mut draft = Draft::new(text);
    draft.channel = args.channel;
    let text = coach.fix_safe(&draft);
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
