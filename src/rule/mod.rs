//! The rule machinery: the pack format, reading packs, the phrase matcher and the rule set.
//!
//! The pack format, as `rules/README.md` gives it:
//!
#![doc = include_str!("../../rules/README.md")]

mod examples;
mod explain;
mod matcher;
mod nearest;
mod pack;
mod registry;
mod spec;

pub use examples::check_examples;
pub(crate) use matcher::{Hit, Matcher};
pub use nearest::nearest;
pub use pack::{defaults, parse, read_dir};
pub use registry::{Rule, RuleSet};
pub use spec::{Doc, Example, FixSpec, MatchSpec, RuleSpec};
