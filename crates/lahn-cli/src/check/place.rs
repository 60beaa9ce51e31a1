//! Where findings are in a file: line, columns and offsets in every unit, counted forward
//! from a nearby known place rather than from the file's start.

use lahn::span::{chars_and_units, floor_boundary, Location};
use lahn_json::Offsets;

/// Bytes between the kept locations of a [`Places`].
const STEP: usize = 1024;

/// The locations of one text, kept every [`STEP`] bytes; any other is counted from the
/// nearest kept one before it.
#[derive(Debug, Clone)]
pub struct Places<'t> {
    text: &'t str,
    marks: Vec<Location>,
}

impl<'t> Places<'t> {
    /// Indexes `text` in one pass.
    pub fn new(text: &'t str) -> Places<'t> {
        let start = Location {
            line: 1,
            col: 1,
            col16: 1,
            ..Location::default()
        };
        let mut marks = Vec::with_capacity(text.len() / STEP + 1);
        marks.push(start);
        let mut at = start;
        while at.byte + STEP < text.len() {
            at = forward(text, at, floor_boundary(text, at.byte + STEP));
            marks.push(at);
        }
        Places { text, marks }
    }

    /// The location of byte offset `byte` (clamped to the text, rounded down to a character
    /// boundary).
    pub fn at(&self, byte: usize) -> Location {
        self.after(self.marks[0], byte)
    }

    /// The location of `byte`, counted from `from` when that is before it (as the next
    /// finding of a macro is after the last), else from the nearest kept location.
    pub fn after(&self, from: Location, byte: usize) -> Location {
        let byte = floor_boundary(self.text, byte);
        if from.byte <= byte && byte - from.byte <= STEP * 2 {
            return forward(self.text, from, byte);
        }
        let i = self.marks.partition_point(|m| m.byte <= byte) - 1;
        let mark = self.marks[i];
        let from = if from.byte <= byte && from.byte > mark.byte {
            from
        } else {
            mark
        };
        forward(self.text, from, byte)
    }
}

/// The location of `to` (a character boundary at or after `from.byte`), counted from `from`.
fn forward(text: &str, from: Location, to: usize) -> Location {
    let between = &text[from.byte..to];
    let (chars, units) = chars_and_units(between);
    let mut at = Location {
        byte: to,
        char: from.char + chars,
        utf16: from.utf16 + units,
        ..from
    };
    match memchr::memrchr(b'\n', between.as_bytes()) {
        None => {
            at.col += chars;
            at.col16 += units;
        }
        Some(last) => {
            at.line += memchr::memchr_iter(b'\n', between.as_bytes()).count();
            let (c, u) = chars_and_units(&between[last + 1..]);
            at.col = 1 + c;
            at.col16 = 1 + u;
        }
    }
    at
}

/// The offsets of the spans of one text, given in order of their starts (a report's
/// findings): each counted on from the one before.
#[derive(Debug, Clone)]
pub struct Cursor<'t> {
    text: &'t str,
    last: (usize, usize, usize),
}

impl<'t> Cursor<'t> {
    pub fn new(text: &'t str) -> Cursor<'t> {
        Cursor {
            text,
            last: (0, 0, 0),
        }
    }

    /// The offsets of `start..end`, as [`Offsets::of`] gives them (ends clamped to the text
    /// and its character boundaries).
    pub fn offsets(&mut self, start: usize, end: usize) -> Offsets {
        let end = floor_boundary(self.text, end.min(self.text.len()));
        let start = floor_boundary(self.text, start.min(end));
        if start < self.last.0 {
            self.last = (0, 0, 0);
        }
        let (b, c, u) = self.last;
        let (dc, du) = chars_and_units(&self.text[b..start]);
        let (c0, u0) = (c + dc, u + du);
        let (ec, eu) = chars_and_units(&self.text[start..end]);
        self.last = (start, c0, u0);
        Offsets {
            byte: [start, end],
            char: [c0, c0 + ec],
            utf16: [u0, u0 + eu],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lahn::span::LineIndex;
    use lahn::Span;

    /// Texts with every kind of character width, line breaks of both kinds and lines longer
    /// than the distance between kept locations.
    fn texts() -> Vec<String> {
        let mut long = String::new();
        for i in 0..3000 {
            long.push_str(["سلام", "😀", "a", "\u{200C}", "\r\n", "\n", "ـ", " "][i % 8]);
            if i % 97 == 0 {
                long.push_str(&"x".repeat(5000));
            }
        }
        vec![
            String::new(),
            "a".into(),
            "\n".into(),
            "س\u{200C}😀ab\r\nخوبی 😀 ok\nآخر\n".into(),
            long,
        ]
    }

    #[test]
    fn places_agree_with_the_line_index() {
        for text in texts() {
            let index = LineIndex::new(&text);
            let places = Places::new(&text);
            let mut last = places.at(0);
            // Every offset in order (inside characters too), then a few going back.
            let offsets: Vec<usize> = (0..=text.len() + 2)
                .step_by(7)
                .chain([text.len() / 2, 3, 0])
                .collect();
            for b in offsets {
                let want = index.location(b);
                assert_eq!(places.at(b), want, "{b}");
                let got = places.after(last, b);
                assert_eq!(got, want, "{b} after {}", last.byte);
                last = got;
            }
        }
    }

    #[test]
    fn cursor_agrees_with_offsets_of() {
        for text in texts() {
            let mut cursor = Cursor::new(&text);
            let n = text.len();
            let spans = [
                (0, 0),
                (1, 5),
                (3, 40),
                (20, 21),
                (8, 8),
                (n / 3, n / 2),
                (n / 2, n + 9),
            ];
            // In order of starts, then again (a start before the last one).
            for (s, e) in spans.into_iter().chain(spans) {
                assert_eq!(
                    cursor.offsets(s, e),
                    Offsets::of(&text, Span::new(s, e)),
                    "{s}..{e}"
                );
            }
        }
    }
}
