//! The normalised view of a text, with a map from every byte of it back to the original.
//!
//! Rules match on the normalised view, where the many ways people type the same Persian word
//! look alike; findings are reported on the original text through the offset map, never by
//! searching the original again.
//!
//! The offset map is in `offsets`, the writer of the view in `builder`, the character classes
//! in `chars`; `reference` is a plain, slow normaliser the tests compare this one with.

use std::ops::Range;

mod builder;
mod chars;
#[cfg(test)]
mod differential;
mod offsets;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

pub(crate) use chars::{arabic_block_at, arabic_word_run_end, is_one_of, word_char_at};
pub use chars::{is_arabic_letter, is_word_char};
use offsets::Segment;

/// A normalised copy of a text and the offset map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// The offset map, in order of `norm`; each segment covers `text` from its `norm` to the
    /// next segment's (the last one to the end of `text`), and the text before the first one
    /// is copied from the start of the original ([`START`]). One segment per unchanged run of
    /// text, and one per character that was changed, so a plain text is a handful of them,
    /// and a text copied whole needs none (nor an allocation).
    segments: Vec<Segment>,
    original_len: usize,
}

impl Normalized {
    /// Normalises `original`.
    pub fn new(original: &str) -> Normalized {
        let (text, segments) = builder::build(original);
        Normalized {
            text,
            segments,
            original_len: original.len(),
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the normalised text to the byte range of the original text that
    /// it came from. Both ends of the result lie on character boundaries of the original.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        if self.text.is_empty() {
            return 0..0;
        }
        let start = if range.start >= self.text.len() {
            self.original_len
        } else {
            self.char_start(range.start)
        };
        if range.end <= range.start {
            return start..start;
        }
        let end = self.char_end(range.end.min(self.text.len()) - 1);
        start..end.max(start)
    }

    /// Maps a byte offset of the normalised text to the original text.
    pub fn offset_to_original(&self, offset: usize) -> usize {
        self.to_original(offset..offset).start
    }
}

/// The letter the normalised view reads `c` as, when `c` is an Arabic-script letter it folds
/// to another (Arabic «ي» to Persian «ی», Urdu «ہ» to «ه» …). The orthography rules ask this
/// rather than keep a table of their own.
pub fn folded_letter(c: char) -> Option<char> {
    match builder::classify(c) {
        builder::Class::Char(f) if f != c && is_arabic_letter(c) && is_arabic_letter(f) => Some(f),
        _ => None,
    }
}

/// Normalises a short phrase the way texts are normalised, for building matchers: the
/// normalised view of the phrase without the spaces around it.
pub(crate) fn normalize_phrase_in_full(phrase: &str) -> String {
    Normalized::new(phrase.trim()).text
}
