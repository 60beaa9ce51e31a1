//! Spans: byte ranges into the original text, and their conversions to character and UTF-16
//! offsets. Every conversion lahn does lives here.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A byte range into the original text of a draft. Both ends lie on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from a byte range.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The span as a range, for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text the span covers, or `""` when it doesn't fit `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.range()).unwrap_or("")
    }

    /// The span in characters (Unicode scalar values) of `text`.
    pub fn to_chars(&self, text: &str) -> Range<usize> {
        byte_to_char(text, self.start)..byte_to_char(text, self.end)
    }

    /// The span in UTF-16 code units of `text`, as editors and JavaScript count.
    pub fn to_utf16(&self, text: &str) -> Range<usize> {
        byte_to_utf16(text, self.start)..byte_to_utf16(text, self.end)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// Character offset of byte offset `byte` (clamped into `text`, rounded down to a boundary).
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    text[..floor_boundary(text, byte)].chars().count()
}

/// UTF-16 offset of byte offset `byte` (clamped, rounded down to a boundary).
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    text[..floor_boundary(text, byte)]
        .chars()
        .map(char::len_utf16)
        .sum()
}

/// Byte offset of character offset `ch`, or the text's length past its end.
pub fn char_to_byte(text: &str, ch: usize) -> usize {
    text.char_indices().nth(ch).map_or(text.len(), |(i, _)| i)
}

/// Byte offset of UTF-16 offset `unit`; a unit inside a surrogate pair maps to the pair's
/// character start. Past the end gives the text's length.
pub fn utf16_to_byte(text: &str, unit: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        let next = seen + c.len_utf16();
        if next > unit {
            return i;
        }
        seen = next;
    }
    text.len()
}

/// The largest character boundary of `text` at or below `byte`.
pub fn floor_boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Line and column lookups for one text, with columns in a chosen unit: the one index of
/// positions the editor, `lahn check`'s locations and config errors use. Fast even on a
/// multi-megabyte one-line export: character and UTF-16 counts are kept every few hundred
/// bytes, so a lookup reads little.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    /// Per `STEP` bytes: (byte offset on a boundary, chars before it, UTF-16 units before it).
    marks: Vec<(usize, usize, usize)>,
}

/// Bytes between kept counts of a [`LineIndex`].
const STEP: usize = 256;

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (LSP's default, JavaScript).
    Utf16,
    /// Unicode scalar values.
    Char,
}

/// A position in a text in every unit at once, as a file location shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Location {
    /// Byte offset.
    pub byte: usize,
    /// Character offset.
    pub char: usize,
    /// UTF-16 offset.
    pub utf16: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub col: usize,
    /// 1-based column in UTF-16 units.
    pub col16: usize,
}

impl<'t> LineIndex<'t> {
    /// Indexes the lines of `text`. Lines end at `\n`; a `\r` before it belongs to the line end.
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut marks = vec![(0, 0, 0)];
        let (mut b, mut c, mut u) = (0, 0, 0);
        while b + STEP < text.len() {
            let next = floor_boundary(text, b + STEP);
            let (pc, pu) = chars_and_units(&text[b..next]);
            c += pc;
            u += pu;
            b = next;
            marks.push((b, c, u));
        }
        LineIndex {
            text,
            line_starts,
            marks,
        }
    }

    /// Characters and UTF-16 units before `byte` (a char boundary).
    fn counts(&self, byte: usize) -> (usize, usize) {
        let i = self.marks.partition_point(|m| m.0 <= byte) - 1;
        let (b, c, u) = self.marks[i];
        let (pc, pu) = chars_and_units(&self.text[b..byte]);
        (c + pc, u + pu)
    }

    /// 0-based line of `byte` (a char boundary).
    fn line_of(&self, byte: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= byte) - 1
    }

    /// 0-based line and column of byte offset `byte`, the column counted in `unit`.
    pub fn position(&self, byte: usize, unit: Unit) -> (usize, usize) {
        let byte = floor_boundary(self.text, byte);
        let line = self.line_of(byte);
        let start = self.line_starts[line];
        let col = match unit {
            Unit::Utf8 => byte - start,
            Unit::Utf16 => self.counts(byte).1 - self.counts(start).1,
            Unit::Char => self.counts(byte).0 - self.counts(start).0,
        };
        (line, col)
    }

    /// The location of byte offset `byte` in every unit, with 1-based line and columns.
    pub fn location(&self, byte: usize) -> Location {
        let byte = floor_boundary(self.text, byte);
        let line = self.line_of(byte);
        let (ch, u) = self.counts(byte);
        let (lc, lu) = self.counts(self.line_starts[line]);
        Location {
            byte,
            char: ch,
            utf16: u,
            line: line + 1,
            col: ch - lc + 1,
            col16: u - lu + 1,
        }
    }

    /// Byte offset of 0-based `line` and `col` counted in `unit`; clamped to the line's end
    /// (before its line break) and to the text.
    pub fn offset(&self, line: usize, col: usize, unit: Unit) -> usize {
        let Some(&start) = self.line_starts.get(line) else {
            return self.text.len();
        };
        let within = match unit {
            Unit::Utf8 => floor_boundary(self.line(line), col),
            Unit::Utf16 => utf16_to_byte(self.line(line), col),
            Unit::Char => char_to_byte(self.line(line), col),
        };
        start + within
    }

    /// The text of 0-based `line` without its line break (empty past the last line).
    pub fn line(&self, line: usize) -> &'t str {
        let Some(&start) = self.line_starts.get(line) else {
            return "";
        };
        match self.line_starts.get(line + 1) {
            // A `\r` belongs to the line break only when a `\n` follows it.
            Some(&next) => {
                let body = &self.text[start..next - 1];
                body.strip_suffix('\r').unwrap_or(body)
            }
            None => &self.text[start..],
        }
    }

    /// Byte offset where 0-based `line` starts (the text's end past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Characters and UTF-16 units of `s`, counted off the bytes without decoding: every
/// character has one byte that isn't a continuation byte (0b10xx_xxxx), and those of four
/// bytes (lead 0xF0 and above) take two UTF-16 units. Both counts vectorise.
pub fn chars_and_units(s: &str) -> (usize, usize) {
    let (mut chars, mut astral) = (0, 0);
    // Counted in bytes over runs of at most 255, which vectorises to a byte per lane.
    for run in s.as_bytes().chunks(255) {
        let (mut c, mut a) = (0u8, 0u8);
        for &x in run {
            c += u8::from((x & 0xC0) != 0x80);
            a += u8::from(x >= 0xF0);
        }
        chars += usize::from(c);
        astral += usize::from(a);
    }
    (chars, chars + astral)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_in_each_unit() {
        // «س» is 2 bytes / 1 char / 1 unit, ZWNJ 3/1/1, the emoji 4/1/2.
        let text = "س\u{200C}😀a";
        let emoji = Span::new(5, 9);
        assert_eq!(emoji.text(text), "😀");
        assert_eq!(emoji.to_chars(text), 2..3);
        assert_eq!(emoji.to_utf16(text), 2..4);
        assert_eq!(utf16_to_byte(text, 4), 9);
        assert_eq!(utf16_to_byte(text, 3), 5);
        assert_eq!(char_to_byte(text, 3), 9);
        assert_eq!(byte_to_char(text, 100), 4);
    }

    #[test]
    fn lines_and_columns() {
        let text = "سلام\r\nخوبی 😀 ok\nآخر";
        let idx = LineIndex::new(text);
        let ok = text.find("ok").unwrap();
        assert_eq!(idx.position(ok, Unit::Utf16), (1, 8));
        assert_eq!(idx.position(ok, Unit::Char), (1, 7));
        assert_eq!(idx.offset(1, 8, Unit::Utf16), ok);
        assert_eq!(idx.offset(0, 99, Unit::Utf16), "سلام".len());
        assert_eq!(idx.offset(9, 0, Unit::Utf8), text.len());
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn a_carriage_return_without_line_feed_is_a_column() {
        // Found by the property tests: «\r» at the end of the text is not a line break, so the
        // offset after it is a position of its own and converts back to itself.
        for text in ["\r", "سلام\r", "a\r\nb\r"] {
            let idx = LineIndex::new(text);
            for unit in [Unit::Utf8, Unit::Utf16, Unit::Char] {
                let (line, col) = idx.position(text.len(), unit);
                assert_eq!(idx.offset(line, col, unit), text.len(), "{text:?} {unit:?}");
            }
        }
        assert_eq!(LineIndex::new("a\r\nb").offset(0, 5, Unit::Char), 1);
    }

    #[test]
    fn locations_on_a_long_line_agree_with_decoding() {
        let text = format!("{}\r\nسلام 😀", "می‌خواهم 😂 ok ".repeat(200));
        let idx = LineIndex::new(&text);
        for (byte, _) in text.char_indices().step_by(7) {
            let loc = idx.location(byte);
            let before = &text[..byte];
            assert_eq!(loc.char, before.chars().count());
            assert_eq!(loc.utf16, before.encode_utf16().count());
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(loc.line, before.matches('\n').count() + 1);
            assert_eq!(loc.col, text[line_start..byte].chars().count() + 1);
            assert_eq!(loc.col16, text[line_start..byte].encode_utf16().count() + 1);
            let (line, col) = idx.position(byte, Unit::Utf16);
            assert_eq!((line + 1, col + 1), (loc.line, loc.col16));
        }
    }

    #[test]
    fn chars_and_units_agree_with_decoding() {
        for s in [
            "",
            "abc",
            "سلام",
            "😀a",
            "می‌خواهم 😂😂 ok",
            "\u{10FFFF}\u{7FF}\u{800}",
        ] {
            let want = s
                .chars()
                .fold((0, 0), |(c, u), ch| (c + 1, u + ch.len_utf16()));
            assert_eq!(chars_and_units(s), want, "{s:?}");
        }
    }
}
