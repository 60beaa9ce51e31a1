//! Code the integration tests share.

pub mod eval;
