//! `lahn report`: one pass over `lahn batch` output (a file or standard input) into a
//! self-contained HTML report, and CSV tables on request.

mod csv;
mod html;
pub mod stats;
pub mod when;

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

pub use stats::{Options, Stats};
pub use when::Period;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// `lahn batch` output (JSON Lines); standard input when absent or `-`.
    input: Option<PathBuf>,
    /// Where to write the HTML report (`-` for standard output).
    #[arg(short, long, default_value = "lahn-report.html")]
    output: PathBuf,
    /// Also write the tables as CSV files into this directory.
    #[arg(long, value_name = "DIR")]
    csv: Option<PathBuf>,
    /// Group replies by this kept field (`lahn batch --keep agent`).
    #[arg(long, value_name = "FIELD")]
    by: Option<String>,
    /// Chart replies over time by this kept date field (ISO 8601 or Unix time).
    #[arg(long, value_name = "FIELD")]
    time: Option<String>,
    /// The length of a period of the time chart.
    #[arg(long, value_enum, default_value = "day")]
    per: Period,
    /// Replies scoring under this are counted as under the bar.
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u32).range(0..=101))]
    threshold: u32,
    /// How many of the worst replies to show.
    #[arg(long, default_value_t = 20)]
    worst: usize,
    /// Distinct groups (and periods) shown one by one; the rest are shown together.
    #[arg(long, default_value_t = 10_000)]
    max_groups: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let opts = Options {
        threshold: args.threshold,
        by: args.by,
        time: args.time.map(|f| (f, args.per)),
        worst: args.worst,
        max_groups: args.max_groups.max(1),
    };
    let (input, size): (Box<dyn Read>, Option<u64>) = match &args.input {
        Some(p) if p != Path::new("-") => {
            let f = File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
            let size = f.metadata().ok().map(|m| m.len());
            (Box::new(f), size)
        }
        _ => (Box::new(io::stdin()), None),
    };
    let mut bar = Progress::new(size);
    let stats = Stats::read(BufReader::with_capacity(1 << 16, input), &opts, |n| {
        bar.show(n)
    })?;
    bar.done();
    let page = html::render(&stats, &opts);
    if args.output == Path::new("-") {
        io::stdout().lock().write_all(page.as_bytes())?;
    } else {
        std::fs::write(&args.output, page)
            .with_context(|| format!("cannot write {}", args.output.display()))?;
    }
    if let Some(dir) = &args.csv {
        csv::write_all(dir, &stats, &opts)
            .with_context(|| format!("cannot write the CSV tables into {}", dir.display()))?;
    }
    if stats.unreadable > 0 {
        let _ = writeln!(
            io::stderr(),
            "lahn report: {} line(s) were not batch output (first: line {:?})",
            stats.unreadable,
            stats.unreadable_lines
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress line on standard error, only when it is a terminal.
struct Progress {
    on: bool,
    size: Option<u64>,
}

impl Progress {
    fn new(size: Option<u64>) -> Progress {
        Progress {
            on: io::stderr().is_terminal(),
            size,
        }
    }

    fn show(&mut self, bytes: u64) {
        if !self.on {
            return;
        }
        let mb = bytes as f64 / 1e6;
        let line = match self.size.filter(|&s| s > 0) {
            Some(size) => {
                let done = (bytes as f64 / size as f64).min(1.0);
                let filled = (done * 30.0) as usize;
                format!(
                    "\r[{}{}] {:>3.0}% {mb:.0} MB",
                    "#".repeat(filled),
                    ".".repeat(30 - filled),
                    done * 100.0
                )
            }
            None => format!("\r{mb:.0} MB read"),
        };
        let _ = io::stderr().write_all(line.as_bytes());
    }

    fn done(&mut self) {
        if self.on {
            let _ = io::stderr().write_all(b"\r\x1b[K");
        }
    }
}
