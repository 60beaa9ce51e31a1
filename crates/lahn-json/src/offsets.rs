//! A span's offsets in the three units clients count in.

use lahn::span::{chars_and_units, floor_boundary, LineIndex};
use lahn::Span;
use serde::Serialize;

use crate::report::write_number;

/// A span's start and end in bytes (Rust, Go), characters (Python) and UTF-16 units
/// (JavaScript, Java, editors), so no client converts on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Offsets {
    /// Bytes of UTF-8.
    pub byte: [usize; 2],
    /// Unicode scalar values.
    pub char: [usize; 2],
    /// UTF-16 code units.
    pub utf16: [usize; 2],
}

impl Offsets {
    /// The offsets of `span` in `text` (ends clamped to `text` and its character
    /// boundaries), counted in one pass over the text before the span's end.
    pub fn of(text: &str, span: Span) -> Offsets {
        let end = floor_boundary(text, span.end.min(text.len()));
        let start = floor_boundary(text, span.start.min(end));
        let (c0, u0) = chars_and_units(&text[..start]);
        let (dc, du) = chars_and_units(&text[start..end]);
        Offsets {
            byte: [start, end],
            char: [c0, c0 + dc],
            utf16: [u0, u0 + du],
        }
    }

    /// The offsets of `span` in the text `index` was built on, looked up in the index: for
    /// many spans of one long text, where counting from its start each time is quadratic.
    pub fn in_index(index: &LineIndex<'_>, span: Span) -> Offsets {
        let end = index.location(span.end);
        let start = index.location(span.start.min(end.byte));
        Offsets {
            byte: [start.byte, end.byte],
            char: [start.char, end.char],
            utf16: [start.utf16, end.utf16],
        }
    }

    /// Writes the offsets as JSON, the bytes `serde_json` writes for them.
    pub fn write_json(&self, buf: &mut Vec<u8>) {
        let units = [
            ("{\"byte\":[", self.byte),
            ("],\"char\":[", self.char),
            ("],\"utf16\":[", self.utf16),
        ];
        for (key, [start, end]) in units {
            buf.extend_from_slice(key.as_bytes());
            write_number(buf, start);
            buf.push(b',');
            write_number(buf, end);
        }
        buf.extend_from_slice(b"]}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_on_persian_zwnj_and_emoji() {
        // «س» is 2 bytes / 1 char / 1 unit, ZWNJ 3/1/1, the emoji 4/1/2.
        let text = "س\u{200C}😀ab";
        for (span, want) in [
            ((5, 9), ([5, 9], [2, 3], [2, 4])),
            ((9, 10), ([9, 10], [3, 4], [4, 5])),
            ((0, 5), ([0, 5], [0, 2], [0, 2])),
            ((6, 99), ([5, 11], [2, 5], [2, 6])),
        ] {
            let span = Span::new(span.0, span.1);
            let o = Offsets::of(text, span);
            assert_eq!((o.byte, o.char, o.utf16), want, "{span:?}");
            let mut written = Vec::new();
            o.write_json(&mut written);
            assert_eq!(written, serde_json::to_vec(&o).unwrap());
            assert_eq!(
                Offsets::in_index(&LineIndex::new(text), span),
                o,
                "{span:?}"
            );
        }
    }
}
