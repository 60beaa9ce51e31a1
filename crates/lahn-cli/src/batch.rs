//! `lahn batch`: JSON Lines in, JSON Lines out, in input order, on every core, in constant
//! memory (the pipeline of `lahn_json::lines`). A line that can't be read (not JSON, not
//! UTF-8, longer than `lahn_json::lines::MAX_LINE_BYTES`) gets an error object; the stream
//! goes on. `--keep` and `--keep-all` carry input fields over to each output line exactly as
//! written.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::thread;

use lahn::Lang;
use lahn_json::Keep;

use crate::discover::ConfigArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Worker threads, 1 to 1024 (default: every core); 1 reviews on the main thread.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// Language of messages: fa or en (default: the config's, else fa).
    #[arg(long)]
    lang: Option<Lang>,
    /// Input fields to copy into each output line as written (`--keep agent,ticket_id`).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "FIELDS",
        conflicts_with = "keep_all"
    )]
    keep: Vec<String>,
    /// Copy every input field into each output line, except the names the output itself uses.
    #[arg(long)]
    keep_all: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let keep = Keep::new(args.keep, args.keep_all).map_err(anyhow::Error::msg)?;
    let coach = args.config.load(args.lang)?.coach(false)?;
    let workers = args
        .threads
        .map(usize::from)
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    lahn_json::lines::process(
        &coach,
        io::BufReader::with_capacity(1 << 16, stdin),
        &mut out,
        workers,
        &keep,
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
