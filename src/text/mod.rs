//! The Persian text layer: the normalised view with its offset map, protected spans,
//! sentences, word tokens, word lists and the register / emotion profile.

mod fast_hash;
mod lexicon;
pub(crate) mod marks;
mod morph;
mod normalize;
mod phrase;
mod profile;
mod protect;
mod radix;
mod scan;
mod sentence;
mod token;
mod trie;

use std::ops::Range;

pub(crate) use fast_hash::{word_hash, FastMap, FastSet, HashedMap};
pub use lexicon::{is_whole_word, Lexicon};
pub(crate) use lexicon::{Patterns, WordAutomaton};
pub use morph::{analyse_verb, Person, Prefix, Tense, Verb};
pub(crate) use morph::{analyse_verbs, bare_past_stem, spoken_be, spoken_subjunctive};
pub(crate) use normalize::{arabic_block_at, is_one_of};
pub use normalize::{folded_letter, is_arabic_letter, is_word_char, Normalized};
pub use phrase::normalize_phrase;
pub(crate) use phrase::normalized_phrase;
pub(crate) use profile::{
    bureaucratic_markers, colloquial_markers, is_profile_class, vocabulary_with, T_CONDITION,
    VOCABULARY_MORE,
};
pub use profile::{is_laughing_emoji, is_laughter, Emotion, Profile, Register};
pub(crate) use protect::overlaps_sorted;
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
    /// Clauses of each sentence, in order, in the normalised view.
    pub clauses: Vec<Range<usize>>,
    /// Register and emotion.
    pub profile: Profile,
    /// Where a whole-word match may start, in the normalised view (see [`Lexicon`]).
    pub(crate) starts: Vec<u32>,
    /// The words of the word lists it was analysed with, overlapping, with the list of
    /// each: the profile's lists, and any more (see [`profile::vocabulary_with`]).
    pub(crate) words_found: Vec<(Range<usize>, usize)>,
}

impl<'a> Analysis<'a> {
    /// Analyses `original`.
    pub fn new(original: &'a str) -> Analysis<'a> {
        Analysis::with_vocabulary(original, &profile::WORDS)
    }

    /// Analyses `original`, finding the words of `vocabulary` (made by
    /// [`profile::vocabulary_with`]) in the same walk as the profile's own.
    pub(crate) fn with_vocabulary(original: &'a str, vocabulary: &Lexicon) -> Analysis<'a> {
        Analysis::with_words(original, |text, starts| {
            vocabulary.tagged_matches_at(text, starts)
        })
    }

    /// Analyses `original`, its vocabulary found by `find_words(normalised text, places a
    /// word may start)`: the words with their tags, in order of their start, as
    /// [`Lexicon::tagged_matches_at`] gives them.
    pub(crate) fn with_words(
        original: &'a str,
        find_words: impl FnOnce(&str, &[u32]) -> Vec<(Range<usize>, usize)>,
    ) -> Analysis<'a> {
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
        let token::Scan {
            tokens,
            starts,
            marks,
        } = token::scan(t, &placeholders, &skipped);
        let (sentences, clauses) = sentence::sentences_and_clauses(t, &all, &marks);
        let mut a = Analysis {
            original,
            norm,
            protected,
            sentences,
            tokens,
            clauses,
            profile: Profile {
                register: Register::Neutral,
                emotion: Emotion::Calm,
                reports_problem: false,
            },
            starts,
            words_found: Vec::new(),
        };
        a.words_found = find_words(a.text(), &a.starts);
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

    /// How many tokens (words, numbers, placeholders) lie inside normalised range `r`.
    pub fn words_in(&self, r: &Range<usize>) -> usize {
        // Tokens are sorted and disjoint: two binary searches, so counting per sentence over
        // a text of many sentences stays linear.
        let first = self.tokens.partition_point(|t| t.range.start < r.start);
        let past = self.tokens.partition_point(|t| t.range.end <= r.end);
        past.saturating_sub(first)
    }

    /// The sentence holding normalised offset `at`.
    pub fn sentence_at(&self, at: usize) -> Option<Range<usize>> {
        // Sentences are sorted and disjoint: a binary search keeps a long text with many
        // matches linear.
        holding(&self.sentences, at)
    }

    /// The clause (part of a sentence between `، , : ؛` and end marks) holding offset `at`,
    /// or its sentence when the clause starts inside a protected span.
    pub fn clause_at(&self, at: usize) -> Range<usize> {
        let Some(s) = self.sentence_at(at) else {
            // Outside every sentence there are no words, so no clause either.
            return 0..self.text().len();
        };
        holding(&self.clauses, at)
            .filter(|c| s.start <= c.start && c.end <= s.end)
            .filter(|c| {
                let k = self.protected.partition_point(|(p, _)| p.start < c.start);
                k.checked_sub(1)
                    .is_none_or(|k| c.start >= self.protected[k].0.end)
            })
            .unwrap_or(s)
    }

    /// Whether a normalised range overlaps a protected span.
    pub fn is_protected(&self, r: &Range<usize>) -> bool {
        let i = self.protected.partition_point(|(p, _)| p.end <= r.start);
        self.protected
            .get(i)
            .is_some_and(|(p, _)| p.start < r.end && r.start < p.end)
    }

    /// Whether the text has nothing to read (empty, blanks, marks only).
    pub fn is_blank(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// The characters of `text` that end in a byte of `marks`, with their byte offsets, in
/// order. Marks are searched for so: «؟ ؛ ،» start with 0xD8 like a third of all Persian
/// letters, while their last bytes are rare after 0xD8. Characters that end in the same
/// byte after another lead byte are passed over; longer ones may be returned too, so
/// callers look at the character.
pub(crate) fn chars_ending_in<'t>(
    text: &'t str,
    marks: &'t marks::MarkBytes,
) -> impl Iterator<Item = (usize, char)> + 't {
    let b = text.as_bytes();
    let t = &marks.0;
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let at = from + b[from..].iter().position(|&x| t[usize::from(x)] != 0)?;
        from = at + 1;
        let x = b[at];
        match t[usize::from(x)] {
            1 => return Some((at, char::from(x))),
            2 => {
                let mut start = at;
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let c = text[start..].chars().next()?;
                if start + c.len_utf8() == at + 1 {
                    return Some((start, c));
                }
            }
            lead => {
                if at > 0 && b[at - 1] == lead {
                    let code = (u32::from(lead & 0x1F) << 6) | u32::from(x & 0x3F);
                    if let Some(c) = char::from_u32(code) {
                        return Some((at - 1, c));
                    }
                }
            }
        }
    })
}

/// `word.starts_with(prefix)`, told apart by the first two bytes first: comparing the words
/// of a text against a list of words, nearly every pair differs there, and a whole
/// comparison costs a call.
pub(crate) fn has_prefix(word: &str, prefix: &str) -> bool {
    let (a, b) = (word.as_bytes(), prefix.as_bytes());
    a.len() >= b.len() && a.get(..2).zip(b.get(..2)).is_none_or(|(x, y)| x == y) && a.starts_with(b)
}

/// The range of sorted, disjoint `ranges` holding `at` (an empty range holds its start).
fn holding(ranges: &[Range<usize>], at: usize) -> Option<Range<usize>> {
    let i = ranges.partition_point(|r| r.start <= at).checked_sub(1)?;
    let r = &ranges[i];
    (at < r.end.max(r.start + 1)).then(|| r.clone())
}

#[cfg(test)]
pub(crate) mod testing {
    /// What an anchored walk from `start` of `text` must find, by comparing every pattern
    /// with the text: `(pattern, end)` of each pattern that starts there, by end, each end's
    /// in the order listed.
    pub(crate) fn by_comparing(
        patterns: &[impl AsRef<str>],
        text: &str,
        start: usize,
    ) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = patterns
            .iter()
            .map(AsRef::as_ref)
            .enumerate()
            .filter(|(_, p)| text.as_bytes()[start..].starts_with(p.as_bytes()))
            .map(|(k, p)| (k, start + p.len()))
            .collect();
        found.sort_by_key(|&(k, end)| (end, k));
        found
    }

    /// `count` texts of 1 to 16 of `pieces` each, drawn by a small linear congruential
    /// generator from `seed`: the same texts on every run.
    pub(crate) fn pieced_texts(pieces: &[&str], mut seed: u64, count: usize) -> Vec<String> {
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        (0..count)
            .map(|_| {
                let len = 1 + next(16);
                (0..len).map(|_| pieces[next(pieces.len())]).collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_found_by_their_last_byte() {
        // «؟» is 0xD8 0x9F; «ٟ» (0xD9 0x9F) and the emoji 😟 (0xF0 0x9F 0x98 0x9F) end in
        // 0x9F after other bytes and are passed over, as is 0x9F inside 😀. «،» ends in 0x8C
        // like «ی» (0xDB 0x8C); «…» (0xE2 0x80 0xA6) is decoded.
        static MARKS: marks::MarkBytes = marks::last_bytes("!؟،…");
        let text = "چرا؟ٟ😀!😟 ی،…";
        let found: Vec<(usize, char)> = chars_ending_in(text, &MARKS).collect();
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(
            found,
            [
                (at("؟"), '؟'),
                (at("!"), '!'),
                (at("،"), '،'),
                (at("…"), '…')
            ]
        );
        assert_eq!(chars_ending_in("", &MARKS).count(), 0);
    }
}
