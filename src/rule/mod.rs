//! The rule machinery: the pack format, reading packs, word classes, the phrase matcher,
//! semantic frames and the rule set.
//!
//! The pack format, as `rules/README.md` gives it:
//!
#![doc = include_str!("../../rules/README.md")]

mod class;
mod examples;
mod explain;
mod frame;
mod matcher;
mod nearest;
mod pack;
mod registry;
mod spec;

pub(crate) use class::{class_words, compiled_after_embedded, embedded_classes};
pub use class::{
    default_classes, default_compiled_classes, parse_class, read_class_dir, ClassSpec, Classes,
};
pub use examples::check_examples;
pub use frame::{Found, FrameSpec, Frames};
pub(crate) use matcher::{Hit, Matcher};
pub use nearest::nearest;
pub(crate) use pack::is_kebab;
pub use pack::{defaults, parse, read_dir};
pub(crate) use registry::Template;
pub use registry::{Rule, RuleSet};
pub use spec::{
    Doc, Example, Examples, FixSpec, MatchSpec, Phrases, PhrasesIter, RuleDoc, RuleSpec,
};
