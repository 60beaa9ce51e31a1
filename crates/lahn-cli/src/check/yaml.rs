//! YAML lists of replies. saphyr-parser gives each scalar's decoded value, style and span;
//! the span is then aligned with the value so locations and fixes land inside the file.

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::map::{Enc, Located, Map};
use super::source::{align, coarse, from_tree, Macro, Node, ParseError, Str};

/// The macros of a YAML file.
pub fn macros(text: &str) -> Result<Option<Vec<Macro>>, ParseError> {
    let root = parse(text)?;
    match root {
        Some(mut r) => from_tree(&mut r),
        None => Ok(None),
    }
}

/// Char index → byte offset, for increasing indices (events come in order).
struct Cursor<'a> {
    text: &'a str,
    ch: usize,
    byte: usize,
}

enum Frame {
    List(Vec<Node>, usize),
    Table(Vec<(String, Node)>, Option<String>, usize),
}

/// Parses the first document of `text` into a tree; `None` for an empty document.
pub fn parse(text: &str) -> Result<Option<Node>, ParseError> {
    let mut byte_of = ByteOf::new(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    for ev in Parser::new_from_str(text) {
        let (ev, span) = ev.map_err(|e| {
            let at = byte_of.get(e.marker().index());
            ParseError::new(at, format!("invalid YAML: {}", e.info()))
        })?;
        let start = byte_of.get(span.start.index());
        let node = match ev {
            Event::SequenceStart(..) => {
                stack.push(Frame::List(Vec::new(), start));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Table(Vec::new(), None, start));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::List(items, p)) => Node::List(items, p),
                Some(Frame::Table(entries, _, p)) => Node::Table(entries, p),
                None => continue,
            },
            Event::Scalar(value, style, ..) => {
                let end = byte_of.get(span.end.index());
                scalar(text, &value, style, start, end)
            }
            // An alias (`*greet`) stands for a node written elsewhere; left out, the next
            // key would be read as its value. Refused, at its place.
            Event::Alias(..) => {
                return Err(ParseError::new(
                    start,
                    "a YAML alias (`*name`) is not supported here; write the text out in full"
                        .to_owned(),
                ))
            }
            Event::DocumentEnd => break,
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::List(items, _)) => items.push(node),
            Some(Frame::Table(entries, key, _)) => match key.take() {
                None => {
                    *key = Some(match &node {
                        Node::Str(s) => s.value.clone(),
                        Node::Other(o, _) => o.clone(),
                        _ => String::new(),
                    })
                }
                Some(k) => entries.push((k, node)),
            },
        }
    }
    Ok(root)
}

/// Char → byte offsets with a moving cursor.
struct ByteOf<'a>(Cursor<'a>);

impl<'a> ByteOf<'a> {
    fn new(text: &'a str) -> ByteOf<'a> {
        ByteOf(Cursor {
            text,
            ch: 0,
            byte: 0,
        })
    }
    fn get(&mut self, ch: usize) -> usize {
        let c = &mut self.0;
        if ch < c.ch {
            c.ch = 0;
            c.byte = 0;
        }
        while c.ch < ch && c.byte < c.text.len() {
            c.byte += c.text[c.byte..].chars().next().map_or(1, char::len_utf8);
            c.ch += 1;
        }
        c.byte
    }
}

fn scalar(text: &str, value: &str, style: ScalarStyle, start: usize, end: usize) -> Node {
    let (start, end) = (start.min(text.len()), end.min(text.len()).max(start));
    if style == ScalarStyle::Plain
        && (matches!(value, "true" | "false" | "null" | "~" | "") || value.parse::<f64>().is_ok())
    {
        return Node::Other(value.to_owned(), start);
    }
    let source = &text[start..end];
    let located = match style {
        ScalarStyle::DoubleQuoted => double_quoted(source, start)
            .filter(|(v, _)| v == value)
            .map(|(_, m)| Located::one(m, Enc::Json)),
        ScalarStyle::SingleQuoted => {
            align(value, source, start).map(|m| Located::one(m, Enc::YamlSingle))
        }
        ScalarStyle::Plain => align(value, source, start).map(|m| Located::one(m, Enc::YamlPlain)),
        // The span of a block scalar starts at its content, after the `|` or `>` line.
        ScalarStyle::Literal | ScalarStyle::Folded => {
            align(value, source, start).map(|m| Located::one(m, Enc::YamlBlock))
        }
    };
    Node::Str(Str {
        value: value.to_owned(),
        at: located.unwrap_or_else(|| coarse(start)),
        pos: start,
    })
}

/// Decodes a one-line double-quoted scalar with its escapes; multi-line ones fold and are
/// left to `align` by returning `None`.
fn double_quoted(source: &str, base: usize) -> Option<(String, Map)> {
    let inner = source.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\n') {
        return None;
    }
    let base = base + 1;
    let mut out = String::new();
    let mut map = Map::new(base);
    let mut i = 0;
    let b = inner.as_bytes();
    while i < b.len() {
        let run = i;
        while i < b.len() && b[i] != b'\\' {
            i += 1;
        }
        out.push_str(&inner[run..i]);
        map.copy(i - run, base + run);
        if i >= b.len() {
            break;
        }
        let e = *b.get(i + 1)?;
        let (c, len) = match e {
            b'0' => ('\0', 2),
            b'a' => ('\u{7}', 2),
            b'b' => ('\u{8}', 2),
            b't' | b'\t' => ('\t', 2),
            b'n' => ('\n', 2),
            b'v' => ('\u{b}', 2),
            b'f' => ('\u{c}', 2),
            b'r' => ('\r', 2),
            b'e' => ('\u{1b}', 2),
            b' ' => (' ', 2),
            b'"' => ('"', 2),
            b'/' => ('/', 2),
            b'\\' => ('\\', 2),
            b'N' => ('\u{85}', 2),
            b'_' => ('\u{A0}', 2),
            b'L' => ('\u{2028}', 2),
            b'P' => ('\u{2029}', 2),
            b'x' | b'u' | b'U' => {
                let n = match e {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = inner.get(i + 2..i + 2 + n)?;
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                (c, 2 + n)
            }
            _ => return None,
        };
        out.push(c);
        map.escape(c.len_utf8(), base + i, len);
        i += len;
    }
    Some((out, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_map_back() {
        let src = "- title: a\n  body: \"سلام\\n\\u06cc ي\"\n- title: b\n  body: |\n    خط اول\n    خط دوم ي\n- title: c\n  body: 'it''s ي'\n";
        let m = macros(src).unwrap().unwrap();
        assert_eq!(m.len(), 3);
        for x in &m {
            assert!(x.at.exact(), "{}", x.id);
            let at = x.body.find('ي').unwrap();
            let (s, e) = x.at.range(at, at + 2);
            assert_eq!(&src[s..e], "ي", "{}", x.id);
        }
        assert_eq!(m[1].body, "خط اول\nخط دوم ي\n");
        let at = m[0].body.find('ی').unwrap();
        let (s, e) = m[0].at.range(at, at + 2);
        assert_eq!(&src[s..e], "\\u06cc");
    }
}
