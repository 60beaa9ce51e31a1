//! The lahn language server (`lahn lsp`): a language server for editor plugins, on stdio.
//!
//! Synchronous (`lsp-server` + `lsp-types`), full document sync. A buffer may start with a
//! front-matter block giving the reply's context (`customer:`, `name:`, `channel:`); a
//! helpdesk plugin can pass the same through the `lahn/setContext` request or notification.
//! See the README's "Editors" section for the protocol as clients see it.

pub mod actions;
pub mod config;
pub mod convert;
pub mod document;
pub mod publish;
pub mod server;
pub mod transport;

pub use server::{serve, serve_framed, End};

/// Runs the server on stdio until the client says `exit`; how the session ended.
pub fn run_stdio() -> std::io::Result<End> {
    let (framed, threads) = transport::stdio();
    let end = serve_framed(&framed);
    drop(framed);
    threads.join()?;
    Ok(end)
}
