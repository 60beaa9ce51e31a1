//! lahn's reports as JSON, one way for every front end that speaks it: the batch report
//! object ([`report`]), a span's offsets in every unit ([`Offsets`]), and the JSON Lines
//! pipeline of `lahn batch` and the server's `/v1/batch` ([`lines`]), with the input fields
//! `lahn batch --keep` carries over ([`Keep`]).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod keep;
pub mod lines;
mod offsets;
pub mod report;

pub use keep::Keep;
pub use offsets::Offsets;
