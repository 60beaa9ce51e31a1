//! Lines and columns of a whole file, in bytes, characters and UTF-16 units, fast even on a
//! multi-megabyte one-line export: character counts are kept every few hundred bytes.

use lahn::span::floor_boundary;

/// Bytes between kept counts: a position is at most this far from one, so finding it reads
/// little (an export holds tens of thousands of findings).
const STEP: usize = 256;

/// Positions in one file.
pub struct FileIndex<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    /// Per `STEP` bytes: (byte offset on a boundary, chars before it, UTF-16 units before it).
    marks: Vec<(usize, usize, usize)>,
}

/// A position in a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
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

impl<'t> FileIndex<'t> {
    pub fn new(text: &'t str) -> FileIndex<'t> {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_lines(text));
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
        FileIndex {
            text,
            line_starts,
            marks,
        }
    }

    fn counts(&self, byte: usize) -> (usize, usize) {
        let i = self.marks.partition_point(|m| m.0 <= byte) - 1;
        let (b, c, u) = self.marks[i];
        let (pc, pu) = chars_and_units(&self.text[b..byte]);
        (c + pc, u + pu)
    }

    /// The position of byte offset `byte`.
    pub fn pos(&self, byte: usize) -> Pos {
        let byte = floor_boundary(self.text, byte);
        let line = self.line_starts.partition_point(|&s| s <= byte) - 1;
        let (ch, u) = self.counts(byte);
        let (lc, lu) = self.counts(self.line_starts[line]);
        Pos {
            byte,
            char: ch,
            utf16: u,
            line: line + 1,
            col: ch - lc + 1,
            col16: u - lu + 1,
        }
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &'t str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e - 1);
        let l = &self.text[start..end.max(start)];
        l.strip_suffix('\r').unwrap_or(l)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line - 1]
    }
}

fn memchr_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

/// Characters and UTF-16 units of `s`, counted off the bytes without decoding: every
/// character has one byte that isn't a continuation byte (0b10xx_xxxx), and those of four
/// bytes (lead 0xF0 and above) take two UTF-16 units. Both counts vectorise.
pub fn chars_and_units(s: &str) -> (usize, usize) {
    let b = s.as_bytes();
    let chars = b.iter().filter(|&&x| (x & 0xC0) != 0x80).count();
    let astral = b.iter().filter(|&&x| x >= 0xF0).count();
    (chars, chars + astral)
}

#[cfg(test)]
mod tests {
    use super::*;

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
