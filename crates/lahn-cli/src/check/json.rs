//! A JSON reader that keeps, for every string, where each decoded byte came from: serde_json
//! drops positions, and a finding inside `"…\n…\u06cc…"` must point into the file.

use super::map::{Enc, Located, Map};
use super::source::{from_tree, Macro, Node, ParseError, Str};

/// The macros of a JSON file.
pub fn macros(text: &str) -> Result<Option<Vec<Macro>>, ParseError> {
    let root = parse(text)?;
    from_tree(&root)
}

/// Parses a JSON document into a tree with located strings.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let mut p = Parser { s: text, i: 0 };
    // A byte-order mark is not JSON but editors write it.
    if text.starts_with('\u{FEFF}') {
        p.i = 3;
    }
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < text.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn err(&self, m: &str) -> ParseError {
        ParseError::new(self.i, format!("invalid JSON: {m}"))
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ParseError> {
        if depth > 256 {
            return Err(self.err("nested too deeply"));
        }
        let start = self.i;
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                let mut entries = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Node::Table(entries, start));
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(self.err("expected a key in quotes"));
                    }
                    let key = self.string()?.value;
                    self.ws();
                    if self.peek() != Some(b':') {
                        return Err(self.err("expected `:`"));
                    }
                    self.i += 1;
                    self.ws();
                    let v = self.value(depth + 1)?;
                    entries.push((key, v));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Node::Table(entries, start));
                        }
                        _ => return Err(self.err("expected `,` or `}`")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Node::List(items, start));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Node::List(items, start));
                        }
                        _ => return Err(self.err("expected `,` or `]`")),
                    }
                }
            }
            Some(b'"') => Ok(Node::Str(self.string()?)),
            Some(b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'E')
                ) {
                    self.i += 1;
                }
                let word = &self.s[start..self.i];
                let ok = matches!(word, "true" | "false" | "null")
                    || (word.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                        && word.parse::<f64>().is_ok());
                if !ok {
                    self.i = start;
                    return Err(self.err("expected a value"));
                }
                Ok(Node::Other(word.to_owned(), start))
            }
            _ => Err(self.err("expected a value")),
        }
    }

    /// A string at `self.i` (on its opening quote).
    fn string(&mut self) -> Result<Str, ParseError> {
        let pos = self.i;
        self.i += 1;
        let bytes = self.s.as_bytes();
        let mut value = String::new();
        let mut map = Map::new(self.i);
        loop {
            let run_start = self.i;
            while self.i < bytes.len() && !matches!(bytes[self.i], b'"' | b'\\' | 0..=0x1f) {
                self.i += 1;
            }
            value.push_str(&self.s[run_start..self.i]);
            map.copy(self.i - run_start, run_start);
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Str {
                        value,
                        at: Located::one(map, Enc::Json),
                        pos,
                    });
                }
                Some(b'\\') => {
                    let esc = self.i;
                    let c = self.escape()?;
                    value.push(c);
                    map.escape(c.len_utf8(), esc, self.i - esc);
                }
                Some(_) => return Err(self.err("control character in a string")),
                None => return Err(ParseError::new(pos, "invalid JSON: unterminated string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let h = self
            .s
            .get(self.i..self.i + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.err("bad \\u escape"))?;
        self.i += 4;
        Ok(u32::from_str_radix(h, 16).expect("checked hex digits"))
    }

    fn escape(&mut self) -> Result<char, ParseError> {
        self.i += 1;
        let c = self.peek().ok_or_else(|| self.err("unterminated escape"))?;
        self.i += 1;
        Ok(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xD800..0xDC00).contains(&hi) && self.s[self.i..].starts_with("\\u") {
                    let save = self.i;
                    self.i += 2;
                    let lo = self.hex4()?;
                    if (0xDC00..0xE000).contains(&lo) {
                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    }
                    self.i = save;
                }
                char::from_u32(hi).unwrap_or('\u{FFFD}')
            }
            _ => {
                self.i -= 2;
                return Err(self.err("unknown escape"));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_string_maps_back() {
        let src = r#"[{"title":"t","body":"سلام\n\u06cc \"x\" ي"}]"#;
        let m = macros(src).unwrap().unwrap();
        let body = &m[0].body;
        assert_eq!(body, "سلام\nی \"x\" ي");
        let at = body.find('ي').unwrap();
        let (s, e) = m[0].at.range(at, at + 'ي'.len_utf8());
        assert_eq!(&src[s..e], "ي");
        let at = body.find('ی').unwrap();
        let (s, e) = m[0].at.range(at, at + 2);
        assert_eq!(&src[s..e], "\\u06cc");
        let (s, e) = m[0]
            .at
            .range(body.find('"').unwrap(), body.find('x').unwrap() + 2);
        assert_eq!(&src[s..e], "\\\"x\\\"");
    }

    #[test]
    fn empty_title_or_id_falls_back_to_the_position() {
        // An empty title or id gave the macro an empty id (found by fuzzing the CSV reader).
        let m = macros(r#"[{"title":"","body":"a"},{"id":"","title":"","body":"b"}]"#)
            .unwrap()
            .unwrap();
        assert_eq!(m[0].id, "#1");
        assert_eq!(m[1].id, "#2");
        let z = r#"{"macros":[{"title":"","actions":[{"field":"comment_value","value":"x"}]}]}"#;
        assert_eq!(macros(z).unwrap().unwrap()[0].id, "#1");
    }
}
