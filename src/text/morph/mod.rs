//! A small Persian morphology over the tokens of the normalised view: verb forms (negation,
//! aspect, person, tense, colloquial endings), the nouns that only look like verbs, and the
//! scope of a condition in a clause.

mod verb;

pub use verb::{analyse as analyse_verb, Person, Prefix, Tense, Verb};
pub(crate) use verb::{
    analyse_each as analyse_verbs, bare_past_stem, spoken_be, spoken_subjunctive,
};
