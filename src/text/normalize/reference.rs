//! A plain normaliser with an offset per byte, slow and simple: the oracle the fast one is
//! compared with.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::builder::{classify, Class, AFTER_HEH_SUFFIXES, PREFIXES, SUFFIXES};
use super::chars::{is_arabic_letter, is_word_char};

/// A normalised copy of a text and the offset map back to the original.
#[derive(Debug, Clone)]
pub(super) struct Normalized {
    text: String,
    /// For each byte of `text`, where the original character(s) it came from start.
    starts: Vec<u32>,
    /// For each byte of `text`, where the original character(s) it came from end.
    ends: Vec<u32>,
    original_len: usize,
}

impl Normalized {
    /// Normalises `original`.
    pub(super) fn new(original: &str) -> Normalized {
        let mut n = Builder {
            out: Normalized {
                text: String::with_capacity(original.len()),
                starts: Vec::with_capacity(original.len()),
                ends: Vec::with_capacity(original.len()),
                original_len: original.len(),
            },
            pending_space: None,
            run: 0,
            word_start: 0,
            last: None,
            original,
        };
        for (i, c) in original.char_indices() {
            let j = i + c.len_utf8();
            n.feed(c, i, j);
        }
        n.flush_space(None);
        n.out
    }

    /// The normalised text.
    pub(super) fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the normalised text to the byte range of the original text that
    /// it came from. Both ends of the result lie on character boundaries of the original.
    pub(super) fn to_original(&self, range: Range<usize>) -> Range<usize> {
        if self.text.is_empty() {
            return 0..0;
        }
        let start = if range.start >= self.text.len() {
            self.original_len
        } else {
            self.starts[range.start] as usize
        };
        if range.end <= range.start {
            return start..start;
        }
        let end = self.ends[range.end.min(self.text.len()) - 1] as usize;
        start..end.max(start)
    }

    /// Maps a byte offset of the normalised text to the original text.
    pub(super) fn offset_to_original(&self, offset: usize) -> usize {
        self.to_original(offset..offset).start
    }
}

struct Builder<'a> {
    out: Normalized,
    /// A space seen but not yet written: its original range.
    pending_space: Option<Range<usize>>,
    /// How many times the last written letter has been repeated in a row.
    run: u8,
    /// Where the word at the end of the output starts (after its last non-letter), kept as
    /// the text grows: finding it by scanning back made a long run of joined affixes
    /// («ها ها ها …») quadratic.
    word_start: usize,
    /// The last character written, so each letter needn't decode it again.
    last: Option<char>,
    original: &'a str,
}

impl Builder<'_> {
    fn feed(&mut self, c: char, i: usize, j: usize) {
        match classify(c) {
            Class::Drop => {}
            Class::Mark => {
                if self.pending_space.is_none() && self.last.is_some_and(is_word_char) {
                    self.stretch_last(j);
                }
            }
            Class::Space => {
                if let Some(r) = &mut self.pending_space {
                    r.end = j;
                } else if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
                    self.pending_space = Some(i..j);
                }
            }
            Class::Newline => {
                self.pending_space = None;
                self.push('\n', i, j);
            }
            Class::MaddaAbove => {
                // «ا» + U+0653 is how «آ» arrives when it isn't composed (NFC composes it).
                if self.out.text.ends_with('ا') {
                    let at = self.out.text.len() - 'ا'.len_utf8();
                    self.out.text.truncate(at);
                    let start = self.out.starts[at];
                    self.out.starts.truncate(at);
                    self.out.ends.truncate(at);
                    self.push_mapped('آ', start as usize, j);
                }
            }
            Class::Char(folded) => self.letter(folded, i, j),
            Class::Compat => {
                // Presentation forms: their compatibility decomposition is the plain letters.
                let decomposed: Vec<char> = std::iter::once(c).nfkc().collect();
                for d in decomposed {
                    match classify(d) {
                        Class::Char(f) => self.letter(f, i, j),
                        Class::Space => self.feed(' ', i, j),
                        _ => {}
                    }
                }
            }
        }
    }

    fn letter(&mut self, c: char, i: usize, j: usize) {
        if self.pending_space.is_some() {
            self.flush_space(Some((c, i)));
        }
        if self.last == Some(c) && is_arabic_letter(c) {
            self.run = self.run.saturating_add(1);
            // A letter typed three or more times in a row («سلامممم») counts once; twice is a
            // real spelling («ممنون»).
            if self.run == 2 {
                // Third in a row: drop the second copy and stretch the first over the run.
                let len = c.len_utf8();
                let at = self.out.text.len() - len;
                self.out.text.truncate(at);
                self.out.starts.truncate(at);
                self.out.ends.truncate(at);
                self.stretch_last(j);
                return;
            } else if self.run > 2 {
                self.stretch_last(j);
                return;
            }
        } else {
            self.run = 0;
        }
        self.push(c, i, j);
    }

    fn stretch_last(&mut self, j: usize) {
        let len = self.last.map_or(0, char::len_utf8);
        let n = self.out.ends.len();
        for e in &mut self.out.ends[n - len..] {
            *e = j as u32;
        }
    }

    /// Writes the pending space unless it separates a stem from an affix.
    fn flush_space(&mut self, next: Option<(char, usize)>) {
        let Some(space) = self.pending_space.take() else {
            return;
        };
        if let Some((c, at)) = next {
            if is_arabic_letter(c) && self.joins_across_space(at) {
                return;
            }
        }
        self.run = 0;
        self.push(' ', space.start, space.end);
    }

    /// Whether the space before original offset `at` sits between a stem and an affix.
    fn joins_across_space(&self, at: usize) -> bool {
        let prev = &self.out.text[self.word_start.min(self.out.text.len())..];
        if PREFIXES.contains(&prev) {
            return true;
        }
        if prev.is_empty() {
            return false;
        }
        let mut buf = [0u8; 16];
        let Some(next) = next_word(&self.original[at..], &mut buf) else {
            return false;
        };
        if SUFFIXES.contains(&next) {
            return true;
        }
        AFTER_HEH_SUFFIXES.contains(&next) && prev.chars().nth(1).is_some() && prev.ends_with('ه')
    }

    fn push(&mut self, c: char, i: usize, j: usize) {
        self.push_mapped(c, i, j);
    }

    fn push_mapped(&mut self, c: char, i: usize, j: usize) {
        self.out.text.push(c);
        self.last = Some(c);
        if !is_arabic_letter(c) {
            self.word_start = self.out.text.len();
        }
        for _ in 0..c.len_utf8() {
            self.out.starts.push(i as u32);
            self.out.ends.push(j as u32);
        }
    }
}

/// The next word of the original text, folded, stopping at the first non-letter; `None`
/// when it is longer than any affix (and so can't be one).
fn next_word<'b>(s: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    let mut len = 0;
    for c in s.chars() {
        match classify(c) {
            Class::Char(f) if is_arabic_letter(f) => {
                let n = f.len_utf8();
                if len + n > buf.len() {
                    return None;
                }
                f.encode_utf8(&mut buf[len..len + n]);
                len += n;
            }
            Class::Drop | Class::Mark => {}
            _ => break,
        }
    }
    std::str::from_utf8(&buf[..len]).ok()
}
