//! Offset maps: where each byte of a decoded string (a JSON string without its escapes, the
//! text of some HTML) came from in its source, so a finding in the decoded text can be located
//! and fixed in the original file.

/// A run of decoded bytes and the source bytes they came from. When both lengths are equal the
/// run was copied and maps byte for byte; otherwise (an escape, an entity, a tag) the whole
/// decoded run maps to the whole source run.
#[derive(Debug, Clone, Copy)]
struct Seg {
    out: usize,
    src: usize,
    out_len: usize,
    src_len: usize,
}

/// A map from offsets in a decoded string to offsets in its source.
#[derive(Debug, Clone, Default)]
pub struct Map {
    base: usize,
    segs: Vec<Seg>,
    len: usize,
    /// Whether the map is only approximate (every offset maps to the value's start): used when
    /// a value's source could not be aligned with its decoded text; such values are never
    /// fixed.
    pub coarse: bool,
}

impl Map {
    /// An empty map for a value whose source starts at `base`.
    pub fn new(base: usize) -> Map {
        Map {
            base,
            ..Map::default()
        }
    }

    /// [`Map::new`] with room for `pieces` copies and escapes.
    pub fn with_capacity(base: usize, pieces: usize) -> Map {
        Map {
            base,
            segs: Vec::with_capacity(pieces),
            ..Map::default()
        }
    }

    /// A map that sends every offset to `at`.
    pub fn coarse(at: usize) -> Map {
        Map {
            base: at,
            coarse: true,
            ..Map::default()
        }
    }

    /// Identity over `len` bytes starting at `src`.
    pub fn identity(src: usize, len: usize) -> Map {
        let mut m = Map::new(src);
        m.copy(len, src);
        m
    }

    /// `len` decoded bytes copied from `src`.
    pub fn copy(&mut self, len: usize, src: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segs.last_mut() {
            if last.out_len == last.src_len
                && last.out + last.out_len == self.len
                && last.src + last.src_len == src
            {
                last.out_len += len;
                last.src_len += len;
                self.len += len;
                return;
            }
        }
        self.segs.push(Seg {
            out: self.len,
            src,
            out_len: len,
            src_len: len,
        });
        self.len += len;
    }

    /// `out_len` decoded bytes that stand for `src_len` source bytes at `src`. An `out_len`
    /// of zero (a dropped tag) records nothing: offsets around it map to its neighbours.
    pub fn escape(&mut self, out_len: usize, src: usize, src_len: usize) {
        if out_len == 0 {
            return;
        }
        // Never merged with a neighbouring copy: a folded line break has the same length as
        // its source but is not a copy of it.
        self.segs.push(Seg {
            out: self.len,
            src,
            out_len,
            src_len,
        });
        self.len += out_len;
    }

    fn find(&self, b: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.out <= b);
        if i == 0 {
            None
        } else {
            Some(&self.segs[i - 1])
        }
    }

    /// The source offset where the decoded byte `b` starts.
    pub fn start(&self, b: usize) -> usize {
        if self.coarse {
            return self.base;
        }
        match self.find(b) {
            None => self.segs.first().map_or(self.base, |s| s.src),
            Some(s) if b >= s.out + s.out_len => s.src + s.src_len,
            Some(s) if s.out_len == s.src_len => s.src + (b - s.out),
            Some(s) => s.src,
        }
    }

    /// The source offset where a decoded range ending at `b` ends.
    pub fn end(&self, b: usize) -> usize {
        if self.coarse {
            return self.base;
        }
        if b == 0 {
            return self.start(0);
        }
        match self.find(b - 1) {
            None => self.base,
            Some(s) if s.out_len == s.src_len => s.src + (b - s.out).min(s.src_len),
            Some(s) => s.src + s.src_len,
        }
    }
}

/// How text must be written into one layer of a file for a fix to land as intended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    /// As is: a text file, a YAML block scalar.
    Raw,
    /// Inside a JSON string or a double-quoted YAML or TOML basic string.
    Json,
    /// Inside a single-quoted YAML scalar.
    YamlSingle,
    /// A plain (unquoted) YAML scalar.
    YamlPlain,
    /// A YAML block scalar: no line breaks may be added.
    YamlBlock,
    /// Inside a TOML literal string.
    TomlLiteral,
    /// A quoted CSV field.
    CsvQuoted,
    /// An unquoted CSV field.
    CsvPlain,
    /// HTML text.
    Html,
}

impl Enc {
    /// `text` written for this layer, or `None` when it can't be written safely.
    pub fn encode(self, text: &str) -> Option<String> {
        match self {
            Enc::Raw => Some(text.to_owned()),
            Enc::Json => {
                let mut out = String::with_capacity(text.len());
                for c in text.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                Some(out)
            }
            Enc::YamlSingle => (!text.contains(['\n', '\r'])).then(|| text.replace('\'', "''")),
            Enc::YamlPlain => {
                (!text.contains(['\n', '\r', '#', ':', '"', '\'', '\t'])).then(|| text.to_owned())
            }
            Enc::YamlBlock => (!text.contains(['\n', '\r'])).then(|| text.to_owned()),
            Enc::TomlLiteral => (!text.contains(['\'', '\n', '\r'])).then(|| text.to_owned()),
            Enc::CsvQuoted => Some(text.replace('"', "\"\"")),
            Enc::CsvPlain => (!text.contains([',', '"', '\n', '\r'])).then(|| text.to_owned()),
            Enc::Html => Some(
                text.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;"),
            ),
        }
    }
}

/// One layer of decoding between a macro's body and its file.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Offsets of this layer's decoded text in the next layer out.
    pub map: Map,
    /// How text is written into the next layer out.
    pub enc: Enc,
}

/// Where a body's text lives in its file: layers from the innermost (the body) outwards.
#[derive(Debug, Clone, Default)]
pub struct Located {
    /// The layers, innermost first.
    pub layers: Vec<Layer>,
}

impl Located {
    /// A body that is the file's bytes from `at`, `len` long.
    pub fn raw(at: usize, len: usize) -> Located {
        Located::one(Map::identity(at, len), Enc::Raw)
    }

    /// A body with one layer.
    pub fn one(map: Map, enc: Enc) -> Located {
        Located {
            layers: vec![Layer { map, enc }],
        }
    }

    /// Adds a layer inside the current ones (the body is now decoded further).
    pub fn inner(mut self, map: Map, enc: Enc) -> Located {
        self.layers.insert(0, Layer { map, enc });
        self
    }

    /// The file byte range of the body's byte range `start..end`.
    pub fn range(&self, start: usize, end: usize) -> (usize, usize) {
        let (mut s, mut e) = (start, end);
        for l in &self.layers {
            let ns = l.map.start(s);
            let ne = if e == s { ns } else { l.map.end(e) };
            s = ns;
            e = ne.max(ns);
        }
        (s, e)
    }

    /// Whether locations are exact (no layer is coarse).
    pub fn exact(&self) -> bool {
        self.layers.iter().all(|l| !l.map.coarse)
    }

    /// `text` as it must be written in the file, or `None` when some layer can't hold it.
    pub fn encode(&self, text: &str) -> Option<String> {
        let mut t = text.to_owned();
        for l in &self.layers {
            t = l.enc.encode(&t)?;
        }
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_map_whole() {
        // Source `a\"b` decodes to `a"b`.
        let mut m = Map::new(10);
        m.copy(1, 10);
        m.escape(1, 11, 2);
        m.copy(1, 13);
        assert_eq!((m.start(0), m.end(1)), (10, 11));
        assert_eq!((m.start(1), m.end(2)), (11, 13));
        assert_eq!((m.start(2), m.end(3)), (13, 14));
        assert_eq!(m.start(3), 14);
    }
}
