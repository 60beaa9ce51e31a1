//! `lahn serve`: a small HTTP server that brings lahn to the browser, run once for a team.
//!
//! - The API under `/v1` (the module `api`): `POST /v1/review`, `POST /v1/fix`, `POST /v1/batch`
//!   (JSON Lines, streamed), `GET /v1/rules`, `GET /v1/rules/{id}`; `GET /healthz` and
//!   `GET /metrics` (Prometheus text, the module `metrics`).
//! - A reply page at `/` and the helpdesk widget at `/widget.js`, embedded in the binary
//!   (the module `assets`).
//! - The guard every request passes (the module `guard`): the bearer token, the allowed origins
//!   (CORS), the body limit, the timeout and the concurrency limit.
//! - The coaches of the effective `lahn.toml`, reloaded when it changes (the module `coaches`).
//! - A connection closed while its client still sends reads and drops the rest first, so
//!   an answer given before the body is read (past the body limit) is not lost to a reset.
//!
//! Nothing from a request is written to disk or run.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod api;
mod assets;
mod batch;
mod coaches;
mod edits;
mod error;
mod guard;
mod linger;
mod metrics;
mod options;
mod server;

pub use error::ApiError;
pub use options::Options;
pub use server::{run, Server, StartError};
