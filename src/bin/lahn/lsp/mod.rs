//! `lahn lsp`: a language server for editor plugins, on stdio.
//!
//! Synchronous (`lsp-server` + `lsp-types`), full document sync. A buffer may start with a
//! front-matter block giving the reply's context (`customer:`, `name:`, `channel:`); a
//! helpdesk plugin can pass the same through the `lahn/setContext` request or notification.
//! See the README's "Editors" section for the protocol as clients see it.

pub mod actions;
pub mod config;
pub mod document;
pub mod server;
pub mod transport;

pub use server::{serve, End};

/// Command-line arguments of `lahn lsp`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Talk over standard input and output (the only transport; accepted for clients that
    /// pass it).
    #[arg(long)]
    stdio: bool,
}

/// Runs the server on stdio until the client says `exit`.
pub fn run(_args: Args) -> anyhow::Result<std::process::ExitCode> {
    let (conn, threads) = transport::stdio();
    let end = serve(&conn);
    drop(conn);
    threads.join()?;
    Ok(match end {
        End::Clean => std::process::ExitCode::SUCCESS,
        End::Abrupt => std::process::ExitCode::FAILURE,
    })
}
