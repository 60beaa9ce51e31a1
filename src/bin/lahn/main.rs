//! The `lahn` command line: argument parsing and the subcommands. Each subcommand lives in
//! its own module; the library does the work.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod batch;
#[cfg(feature = "lsp")]
mod lsp;
mod output;
mod review;
mod rules;

/// Coaches support agents on the replies they write in Persian.
#[derive(Debug, Parser)]
#[command(name = "lahn", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Review one draft (an argument, a file or standard input).
    Review(review::Args),
    /// Review JSON Lines from standard input, one report per line on standard output.
    Batch(batch::Args),
    /// List the rules.
    Rules(rules::ListArgs),
    /// Show a rule's documentation.
    Explain(rules::ExplainArgs),
    /// Run the language server on standard input and output.
    #[cfg(feature = "lsp")]
    Lsp(lsp::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Review(args) => review::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Rules(args) => rules::list(args),
        Command::Explain(args) => rules::explain(args),
        #[cfg(feature = "lsp")]
        Command::Lsp(args) => lsp::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "lahn: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether an error is a closed output pipe (`lahn … | head`), which ends the run quietly.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
