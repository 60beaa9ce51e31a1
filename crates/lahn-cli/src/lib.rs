//! The `lahn` command line: argument parsing and the subcommands. Each subcommand lives in
//! its own module; the `lahn` library does the reviewing, `lahn-config` finds the config and
//! `lahn-lsp` is the language server `lahn lsp` runs, `lahn-server` the HTTP server of
//! `lahn serve`.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod batch;
pub mod check;
mod config_cmd;
pub mod discover;
mod fix_cmd;
mod lsp;
pub mod output;
mod par;
pub mod report;
mod review;
mod rules;
mod serve;
mod test_rules;

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
    /// Check a library of canned replies (macros) for CI and pre-commit.
    Check(check::Args),
    /// Apply the safe fixes to a reply on standard input; the result on standard output.
    Fix(fix_cmd::Args),
    /// Print the config in force.
    Config(config_cmd::Args),
    /// Run the bad and good examples of a directory of rule packs.
    TestRules(test_rules::Args),
    /// Run the language server on standard input and output.
    Lsp(lsp::Args),
    /// Serve the HTTP API, the reply page and the helpdesk widget.
    Serve(serve::Args),
    /// Write an HTML report (and CSV tables) over `lahn batch` output.
    Report(report::Args),
}

/// Runs `lahn` with the process's arguments; the exit code to end with.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Review(args) => review::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Rules(args) => rules::list(args),
        Command::Explain(args) => rules::explain(args),
        Command::Check(args) => check::run(args),
        Command::Fix(args) => fix_cmd::run(args),
        Command::Config(args) => config_cmd::run(args),
        Command::TestRules(args) => test_rules::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Report(args) => report::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                io::stderr(),
                "lahn: {}",
                output::printable(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// Whether an error is a closed output pipe (`lahn … | head`), which ends the run quietly:
/// an I/O error, or one that serde_json met while writing.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        let kind = c
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| c.downcast_ref::<serde_json::Error>()?.io_error_kind());
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}
