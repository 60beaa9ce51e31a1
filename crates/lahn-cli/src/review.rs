//! `lahn review`: one draft, reported for a person (or as JSON).

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use lahn::{Channel, Draft, Lang};

use crate::discover::ConfigArgs;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The draft; read from --file or standard input when absent.
    text: Option<String>,
    /// Read the draft from this file.
    #[arg(long, short)]
    file: Option<PathBuf>,
    /// The customer's message the draft answers.
    #[arg(long)]
    customer: Option<String>,
    /// The customer's name.
    #[arg(long)]
    name: Option<String>,
    /// Where the reply goes: chat, email, sms or social.
    #[arg(long)]
    channel: Option<Channel>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Language of messages: fa or en (default: the config's, else fa).
    #[arg(long)]
    lang: Option<Lang>,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = match (args.text, &args.file) {
        (Some(t), None) => t,
        (None, Some(f)) => {
            let bytes = std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
            String::from_utf8(bytes).map_err(|e| {
                anyhow::anyhow!(
                    "{} is not UTF-8 text (invalid byte at offset {})",
                    f.display(),
                    e.utf8_error().valid_up_to()
                )
            })?
        }
        (None, None) => {
            let mut s = String::new();
            io::stdin()
                .read_to_string(&mut s)
                .context("cannot read the draft from standard input")?;
            s
        }
        (Some(_), Some(_)) => bail!("give the draft as an argument or with --file, not both"),
    };
    let coach = args.config.load(args.lang)?.coach(false)?;
    let mut draft = Draft::new(text);
    draft.customer_message = args.customer;
    draft.customer_name = args.name;
    draft.channel = args.channel;
    let report = coach.review(&draft);
    // Standard output flushes at each line break, and a long draft's report has a hundred
    // thousand lines: they are written in blocks.
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &lahn_json::report::batch_json(None, &report))?;
            writeln!(out)?;
        }
        Format::Human => {
            let color = output::color_by_default();
            output::human(&mut out, &draft.text, &report, coach.lang(), color)?;
        }
    }
    out.flush()?;
    // The process ends next: taking the coach's automata apart piece by piece would cost
    // a few percent of the run.
    std::mem::forget(coach);
    Ok(ExitCode::SUCCESS)
}
