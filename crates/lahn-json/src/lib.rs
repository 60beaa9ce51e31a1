//! lahn's reports as JSON, one way for every front end that speaks it: the batch report
//! object ([`report`]), a span's offsets in every unit ([`Offsets`]), and the JSON Lines
//! pipeline of `lahn batch` and the server's `/v1/batch` ([`lines`]).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod lines;
mod offsets;
pub mod report;

pub use offsets::Offsets;
