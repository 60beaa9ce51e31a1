//! TOML files of replies (`[[macro]]` tables with `title` and `body`), read with toml's
//! spanned parser; each string's source is decoded again to map its escapes.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::map::{Enc, Located, Map};
use super::source::{align, coarse, from_tree, Macro, Node, ParseError, Str};

/// The macros of a TOML file.
pub fn macros(text: &str) -> Result<Option<Vec<Macro>>, ParseError> {
    let table = DeTable::parse(text).map_err(|e| {
        ParseError::new(
            e.span().map_or(0, |s| s.start),
            format!("invalid TOML: {}", e.message().trim()),
        )
    })?;
    let mut root = table_node(text, table.get_ref(), table.span().start);
    from_tree(&mut root)
}

fn table_node(text: &str, t: &DeTable<'_>, pos: usize) -> Node {
    Node::Table(
        t.iter()
            .map(|(k, v)| (k.get_ref().to_string(), node(text, v)))
            .collect(),
        pos,
    )
}

fn node(text: &str, v: &Spanned<DeValue<'_>>) -> Node {
    let span = v.span();
    match v.get_ref() {
        DeValue::String(s) => Node::Str(string(text, s, span.start, span.end)),
        DeValue::Array(items) => {
            Node::List(items.iter().map(|i| node(text, i)).collect(), span.start)
        }
        DeValue::Table(t) => table_node(text, t, span.start),
        _ => Node::Other(
            text.get(span.clone()).unwrap_or_default().to_owned(),
            span.start,
        ),
    }
}

fn string(text: &str, value: &str, start: usize, end: usize) -> Str {
    let source = text.get(start..end).unwrap_or_default();
    let at = if let Some(inner) = source
        .strip_prefix("\"\"\"")
        .and_then(|s| s.strip_suffix("\"\"\""))
    {
        // A newline right after the opening quotes is not part of the value.
        let skip =
            usize::from(inner.starts_with('\n')) + 2 * usize::from(inner.starts_with("\r\n"));
        basic(&inner[skip..], start + 3 + skip)
            .filter(|(v, _)| v == value)
            .map(|(_, m)| Located::one(m, Enc::Json))
    } else if let Some(inner) = source.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        basic(inner, start + 1)
            .filter(|(v, _)| v == value)
            .map(|(_, m)| Located::one(m, Enc::Json))
    } else if let Some(inner) = source
        .strip_prefix("'''")
        .and_then(|s| s.strip_suffix("'''"))
    {
        align(value, inner, start + 3).map(|m| Located::one(m, Enc::TomlLiteral))
    } else if let Some(inner) = source.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        (inner == value)
            .then(|| Located::one(Map::identity(start + 1, inner.len()), Enc::TomlLiteral))
    } else {
        None
    };
    Str {
        value: value.to_owned(),
        at: at.unwrap_or_else(|| coarse(start)),
        pos: start,
    }
}

/// Decodes a basic string's escapes (one-line or multi-line, without its quotes).
fn basic(inner: &str, base: usize) -> Option<(String, Map)> {
    let mut out = String::new();
    let mut map = Map::new(base);
    let b = inner.as_bytes();
    let mut i = 0;
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
            b'b' => ('\u{8}', 2),
            b't' => ('\t', 2),
            b'n' => ('\n', 2),
            b'f' => ('\u{c}', 2),
            b'r' => ('\r', 2),
            b'e' => ('\u{1b}', 2),
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'x' | b'u' | b'U' => {
                let n = match e {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = inner.get(i + 2..i + 2 + n)?;
                (char::from_u32(u32::from_str_radix(hex, 16).ok()?)?, 2 + n)
            }
            b' ' | b'\t' | b'\n' | b'\r' => {
                // A line-ending backslash: the break and following whitespace go.
                let rest = &inner[i + 1..];
                let ws = rest
                    .find(|c: char| !c.is_whitespace())
                    .unwrap_or(rest.len());
                i += 1 + ws;
                continue;
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
    fn strings_map_back() {
        let src = "[[macro]]\ntitle = \"a\"\nbody = \"سلام\\u06cc ي\"\n\n[[macro]]\ntitle = 'b'\nbody = '''\nخط ي\n'''\n";
        let m = macros(src).unwrap().unwrap();
        assert_eq!(m.len(), 2);
        for x in &m {
            assert!(x.at.exact());
            let at = x.body.find('ي').unwrap();
            let (s, e) = x.at.range(at, at + 2);
            assert_eq!(&src[s..e], "ي");
        }
    }
}
