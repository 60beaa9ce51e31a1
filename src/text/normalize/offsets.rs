//! The offset map of the normalised view: segments of the view, each copied unchanged from
//! the original or standing for one changed character.

use super::Normalized;

/// A stretch of the normalised text and where it came from.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    /// Where the stretch starts in the normalised text.
    pub(super) norm: u32,
    /// Where it came from in the original.
    pub(super) start: u32,
    /// [`COPIED`] for text copied unchanged, whose bytes map one to one onto the original
    /// from `start`; else the stretch is one character, and every byte of it maps to the
    /// original `start..end`.
    pub(super) end: u32,
}

/// The `end` of a [`Segment`] of text copied unchanged.
pub(super) const COPIED: u32 = u32::MAX;

/// The segment before the first one: text copied from the start of the original.
pub(super) const START: Segment = Segment {
    norm: 0,
    start: 0,
    end: COPIED,
};

impl Normalized {
    /// The segment that byte `at` of the text lies in.
    fn segment(&self, at: usize) -> Segment {
        let k = self.segments.partition_point(|s| s.norm as usize <= at);
        k.checked_sub(1).map_or(START, |k| self.segments[k])
    }

    /// Where in the original the character holding byte `at` of the text starts.
    pub(super) fn char_start(&self, at: usize) -> usize {
        let s = self.segment(at);
        if s.end != COPIED {
            return s.start as usize;
        }
        // Copied text has the original's bytes, so its character boundaries are found in the
        // normalised text; segments start on one.
        let mut at = at;
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        s.start as usize + (at - s.norm as usize)
    }

    /// Where in the original the character holding byte `at` of the text ends.
    pub(super) fn char_end(&self, at: usize) -> usize {
        let s = self.segment(at);
        if s.end != COPIED {
            return s.end as usize;
        }
        let mut end = at + 1;
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        s.start as usize + (end - s.norm as usize)
    }
}
