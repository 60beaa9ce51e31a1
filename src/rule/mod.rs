//! The rule machinery: the pack format, reading packs, the phrase matcher and the rule set.

mod matcher;
mod pack;
mod registry;
mod spec;

pub(crate) use matcher::{Hit, Matcher};
pub use pack::{defaults, parse, read_dir};
pub use registry::{Rule, RuleSet};
pub use spec::{Doc, Example, FixSpec, MatchSpec, RuleSpec};
