//! The Persian text layer: the normalised view with its offset map, protected spans,
//! sentences, word tokens, word lists and the register / emotion profile.

mod lexicon;
mod normalize;
mod profile;
mod protect;
mod sentence;
mod token;

use std::ops::Range;

pub use lexicon::{is_whole_word, Lexicon};
pub use normalize::{is_arabic_letter, is_word_char, normalize_phrase, Normalized};
pub(crate) use profile::{bureaucratic_markers, colloquial_markers};
pub use profile::{is_laughing_emoji, is_laughter, Emotion, Profile, Register};
pub use protect::{protected_spans, Protected};
pub use sentence::{clauses, sentences};
pub use token::{tokens, Token, TokenKind};

/// A text read once for every rule: its normalised view, protected spans, sentences, tokens
/// and profile. Ranges are into the normalised view unless a name says otherwise.
#[derive(Debug, Clone)]
pub struct Analysis<'a> {
    /// The original text.
    pub original: &'a str,
    /// Its normalised view.
    pub norm: Normalized,
    /// Placeholders, URLs, e-mails and markup, in the normalised view.
    pub protected: Vec<(Range<usize>, Protected)>,
    /// Sentences, in the normalised view.
    pub sentences: Vec<Range<usize>>,
    /// Word, number and placeholder tokens, in the normalised view.
    pub tokens: Vec<Token>,
    /// Register and emotion.
    pub profile: Profile,
}

impl<'a> Analysis<'a> {
    /// Analyses `original`.
    pub fn new(original: &'a str) -> Analysis<'a> {
        let norm = Normalized::new(original);
        let t = norm.as_str();
        let protected = protected_spans(t);
        let placeholders: Vec<Range<usize>> = protected
            .iter()
            .filter(|(_, k)| *k == Protected::Placeholder)
            .map(|(r, _)| r.clone())
            .collect();
        let skipped: Vec<Range<usize>> = protected
            .iter()
            .filter(|(_, k)| *k != Protected::Placeholder)
            .map(|(r, _)| r.clone())
            .collect();
        let all: Vec<Range<usize>> = protected.iter().map(|(r, _)| r.clone()).collect();
        let sentences = sentences(t, &all);
        let tokens = tokens(t, &placeholders, &skipped);
        let mut a = Analysis {
            original,
            norm,
            protected,
            sentences,
            tokens,
            profile: Profile {
                register: Register::Neutral,
                emotion: Emotion::Calm,
                reports_problem: false,
            },
        };
        a.profile = Profile::of(&a);
        a
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        self.norm.as_str()
    }

    /// The words (not numbers or placeholders), as normalised text.
    pub fn words(&self) -> impl Iterator<Item = &str> + '_ {
        self.tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| &self.norm.as_str()[t.range.clone()])
    }

    /// How many words and numbers the text has, placeholders counted as one word each.
    pub fn word_count(&self) -> usize {
        self.tokens.len()
    }

    /// Maps a range of the normalised view to the original text.
    pub fn to_original(&self, r: Range<usize>) -> Range<usize> {
        self.norm.to_original(r)
    }

    /// The sentence holding normalised offset `at`.
    pub fn sentence_at(&self, at: usize) -> Option<Range<usize>> {
        self.sentences
            .iter()
            .find(|s| s.start <= at && at < s.end.max(s.start + 1))
            .cloned()
    }

    /// The clause (part of a sentence between `، , : ؛` and end marks) holding offset `at`.
    pub fn clause_at(&self, at: usize) -> Range<usize> {
        let s = self.sentence_at(at).unwrap_or(0..self.text().len());
        let prot: Vec<Range<usize>> = self.protected.iter().map(|(r, _)| r.clone()).collect();
        clauses(&self.text()[s.clone()], &[])
            .into_iter()
            .map(|c| c.start + s.start..c.end + s.start)
            .find(|c| c.start <= at && at < c.end.max(c.start + 1))
            .filter(|c| !prot.iter().any(|p| p.start < c.start && c.start < p.end))
            .unwrap_or(s)
    }

    /// Whether a normalised range overlaps a protected span.
    pub fn is_protected(&self, r: &Range<usize>) -> bool {
        self.protected
            .iter()
            .any(|(p, _)| p.start < r.end && r.start < p.end)
    }

    /// Whether the text has nothing to read (empty, blanks, marks only).
    pub fn is_blank(&self) -> bool {
        self.tokens.is_empty()
    }
}
