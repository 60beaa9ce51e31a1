//! `lahn lsp`: runs the language server of `lahn-lsp` on stdio.

use std::process::ExitCode;

/// Command-line arguments of `lahn lsp`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Talk over standard input and output (the only transport; accepted for clients that
    /// pass it).
    #[arg(long)]
    stdio: bool,
}

/// Runs the server on stdio until the client says `exit`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Ok(match lahn_lsp::run_stdio()? {
        lahn_lsp::End::Clean => ExitCode::SUCCESS,
        lahn_lsp::End::Abrupt => ExitCode::FAILURE,
    })
}
