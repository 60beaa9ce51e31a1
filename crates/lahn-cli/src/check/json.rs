//! A JSON reader that keeps, for every string, where each decoded byte came from: serde_json
//! drops positions, and a finding inside `"…\n…\u06cc…"` must point into the file.

use super::map::{Enc, Located, Map};
use super::source::{from_tree, Macro, Node, ParseError, Str};

/// The macros of a JSON file, read on `threads` threads.
pub fn macros(text: &str, threads: usize) -> Result<Option<Vec<Macro>>, ParseError> {
    let mut root = parse_on(text, threads)?;
    let macros = from_tree(&mut root);
    // Freeing the tree of a big export takes tens of milliseconds: on another thread it
    // happens beside the reviews, not before them.
    if threads > 1 && text.len() >= PARALLEL_BYTES {
        std::thread::spawn(move || drop(root));
    }
    macros
}

/// Parses a JSON document into a tree with located strings.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    parse_on(text, 1)
}

/// Documents smaller than this are parsed on one thread.
const PARALLEL_BYTES: usize = 256 << 10;

/// [`parse`] on `threads` threads: the items of the lists a library keeps its macros in
/// (the document itself, or a list directly in its top table) are found by a quick scan of
/// brackets and strings, then parsed in parallel. An error anywhere and the document is
/// parsed again on one thread, so errors are the same whatever the threads.
pub fn parse_on(text: &str, threads: usize) -> Result<Node, ParseError> {
    if threads > 1 && text.len() >= PARALLEL_BYTES {
        if let Ok(node) = Parser::new(text, threads).document() {
            return Ok(node);
        }
    }
    Parser::new(text, 1).document()
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
    /// Threads for the items of a top list.
    threads: usize,
}

impl<'a> Parser<'a> {
    fn new(s: &'a str, threads: usize) -> Parser<'a> {
        Parser { s, i: 0, threads }
    }

    fn document(mut self) -> Result<Node, ParseError> {
        // A byte-order mark is not JSON but editors write it.
        if self.s.starts_with('\u{FEFF}') {
            self.i = 3;
        }
        self.ws();
        let v = self.value(0)?;
        self.ws();
        if self.i < self.s.len() {
            return Err(self.err("unexpected text after the JSON value"));
        }
        Ok(v)
    }

    /// The items of the list whose `[` is at `start`, each parsed on its own by one of
    /// `self.threads` threads once the scan has found where it ends. Any error means the
    /// document is read again on one thread (see [`parse_on`]).
    fn items_in_parallel(&mut self, start: usize, depth: usize) -> Result<Node, ParseError> {
        let b = self.s.as_bytes();
        let mut ranges = Vec::new();
        self.i = start + 1;
        self.ws();
        if self.peek() != Some(b']') {
            loop {
                self.ws();
                let from = self.i;
                self.i = skip_value(b, from).ok_or_else(|| self.err("unbalanced value"))?;
                ranges.push((from, self.i));
                self.ws();
                match self.peek() {
                    Some(b',') => self.i += 1,
                    Some(b']') => break,
                    _ => return Err(self.err("expected `,` or `]`")),
                }
            }
        }
        self.i += 1;
        let text = self.s;
        let items = crate::par::map(ranges, self.threads, |(from, to)| {
            let mut p = Parser {
                s: text,
                i: from,
                threads: 1,
            };
            let v = p.value(depth + 1)?;
            match p.i == to {
                true => Ok(v),
                false => Err(p.err("an item ends where the scan did not")),
            }
        });
        Ok(Node::List(
            items.into_iter().collect::<Result<_, _>>()?,
            start,
        ))
    }

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
            Some(b'[') if depth <= 1 && self.threads > 1 => self.items_in_parallel(start, depth),
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
        // The value is never longer than its source, and has a piece for each escape and
        // for each run between them: both are made their size at once.
        let raw = &bytes[self.i..string_end(bytes, self.i).unwrap_or(bytes.len())];
        let mut value = String::with_capacity(raw.len());
        let mut map = Map::with_capacity(self.i, 2 * memchr::memchr_iter(b'\\', raw).count() + 1);
        loop {
            let run_start = self.i;
            // To the next quote or backslash; a control character before it ends the run
            // early (and is an error below). The run is read for one in vector registers.
            let end =
                memchr::memchr2(b'"', b'\\', &bytes[self.i..]).map_or(bytes.len(), |n| self.i + n);
            let run = &bytes[self.i..end];
            self.i += match run.iter().fold(false, |any, &b| any | (b < 0x20)) {
                true => run.iter().position(|&b| b < 0x20).unwrap_or(run.len()),
                false => run.len(),
            };
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

/// Where the JSON value starting at `i` ends, found by matching brackets and skipping
/// strings without reading them; `None` when the text ends first. The value is not checked:
/// parsing it does that.
fn skip_value(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match *b.get(i)? {
            b'"' => i = string_end(b, i + 1)?,
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                i += 1;
            }
            // A scalar ends at what follows it.
            b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return Some(i),
            _ => i += 1,
        }
        if depth == 0 && matches!(b.get(i.wrapping_sub(1)), Some(b'"' | b']' | b'}')) {
            return Some(i);
        }
    }
}

/// The end (past the closing quote) of the string whose contents start at `i`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_string_maps_back() {
        let src = r#"[{"title":"t","body":"سلام\n\u06cc \"x\" ي"}]"#;
        let m = macros(src, 1).unwrap().unwrap();
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
        let m = macros(
            r#"[{"title":"","body":"a"},{"id":"","title":"","body":"b"}]"#,
            1,
        )
        .unwrap()
        .unwrap();
        assert_eq!(m[0].id, "#1");
        assert_eq!(m[1].id, "#2");
        let z = r#"{"macros":[{"title":"","actions":[{"field":"comment_value","value":"x"}]}]}"#;
        assert_eq!(macros(z, 1).unwrap().unwrap()[0].id, "#1");
    }

    /// A document over the size parsed in parallel: a Zendesk export whose bodies have
    /// escapes, nested lists and every kind of scalar.
    fn export() -> String {
        let mut items = Vec::new();
        for i in 0..2000 {
            items.push(format!(
                r#"{{"id": {i}, "title": "پاسخ \"{i}\"", "active": true, "n": -1.5e3, "x": null,
  "actions": [{{"field": "comment_value", "value": "سلام\n\u06cc [{{\\}}] ي {i}"}},
              {{"field": "tags", "value": ["a", ["b", {{}}], []]}}]}}"#
            ));
        }
        format!(
            "\u{FEFF} {{\"macros\": [\n{}\n], \"count\": 2000, \"more\": [1, [2], \"]\"]}}\n",
            items.join(",\n")
        )
    }

    #[test]
    fn threads_read_the_same_tree() {
        let text = export();
        assert!(text.len() > PARALLEL_BYTES);
        let one = format!("{:?}", parse_on(&text, 1).unwrap());
        for threads in [2, 3] {
            // Read in parallel, not again on one thread after a failure.
            let parallel = Parser::new(&text, threads)
                .document()
                .map_err(|e| e.message);
            assert_eq!(format!("{:?}", parallel.unwrap()), one);
        }
        assert_eq!(macros(&text, 2).unwrap().unwrap().len(), 2000);
        // A list that is the document itself.
        let list = text
            .split_once("[\n")
            .unwrap()
            .1
            .rsplit_once("\n]")
            .unwrap()
            .0;
        let list = format!("[{list}]");
        assert_eq!(
            format!(
                "{:?}",
                Parser::new(&list, 2)
                    .document()
                    .map_err(|e| e.message)
                    .unwrap()
            ),
            format!("{:?}", parse_on(&list, 1).unwrap())
        );
    }

    /// The macros of a document, each with its id, title, channel, body and where its first
    /// and last characters came from; or the error.
    fn found(text: &str, threads: usize) -> String {
        match macros(text, threads) {
            Ok(Some(list)) => list
                .iter()
                .map(|m| {
                    let end = m.body.len();
                    let ends = (m.at.range(0, 0), m.at.range(end, end));
                    format!(
                        "{:?} {:?} {:?} {:?} {ends:?}",
                        m.id, m.title, m.channel, m.body
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Ok(None) => "none".into(),
            Err(e) => format!("error at {}: {}", e.at, e.message),
        }
    }

    #[test]
    fn threads_find_the_same_macros_and_errors() {
        let zendesk = export();
        // Two actions in one macro, a value given as a list, HTML, an id of a number.
        let zendesk = zendesk.replacen(
            r#"{"field": "tags", "value": ["a", ["b", {}], []]}"#,
            r#"{"field": "comment_value_html", "value": ["channel:all", "<p>درود <b>ساره</b></p>"]}"#,
            3,
        );
        let list: Vec<String> = (0..9000)
            .map(|i| match i % 3 {
                0 => format!(r#"{{"title": "پاسخ {i}", "body": "سلام\n{i} \u06cc"}}"#),
                1 => format!(r#"{{"id": {i}, "body": "ممنون {i}", "channel": "sms"}}"#),
                _ => format!(r#"{{"body": "«{i}»", "title": "", "id": ""}}"#),
            })
            .collect();
        let list = format!("{{\"replies\": [{}]}}", list.join(",\n"));
        // Of two errors, the first is reported, whatever the threads.
        let edit = |t: &str, from: &str, to: &str| {
            assert!(t.contains(from), "{from}");
            t.replacen(from, to, 1)
        };
        let not_table = edit(&list, r#"{"body": "«2000»""#, r#"["body", "«2000»""#);
        let not_table = edit(
            &not_table,
            "\"id\": \"\"},\n{\"title\": \"پاسخ 2001\"",
            "\"id\": \"\"],\n{\"title\": \"پاسخ 2001\"",
        );
        let bad_body = edit(&list, r#""body": "ممنون 1000""#, r#""body": 1000"#);
        let bad_body = edit(&bad_body, r#""body": "ممنون 2002""#, r#""body": [2002]"#);
        let bad_channel = edit(
            &list,
            r#""ممنون 1501", "channel": "sms""#,
            r#""ممنون 1501", "channel": "pigeon""#,
        );
        for (i, text) in [zendesk, list, not_table, bad_body, bad_channel]
            .iter()
            .enumerate()
        {
            assert!(text.len() > PARALLEL_BYTES, "{i}");
            let one = found(text, 1);
            match i {
                0 | 1 => assert!(one.lines().count() >= 2000, "{i}: {one:.200}"),
                _ => assert!(one.starts_with("error"), "{i}: {one:.200}"),
            }
            for threads in [2, 3] {
                assert_eq!(found(text, threads), one, "{i} on {threads} threads");
            }
        }
        assert!(found(&export(), 2).contains(r"سلام\n"));
    }

    #[test]
    fn strings_are_read_as_serde_json_reads_them_and_a_control_character_is_placed() {
        for n in 0..40 {
            let head = ["ی", "a", " "][n % 3].repeat(n);
            for piece in ["\\n", "\\\"", "\\u06cc", "\\ud83d\\ude00", "«»", ""] {
                let src =
                    format!(r#"[{{"title":"t{head}{piece}{head}","body":"{piece}{head}\\t"}}]"#);
                let want: serde_json::Value = serde_json::from_str(&src).unwrap();
                let m = macros(&src, 1).unwrap().unwrap();
                assert_eq!(m[0].title.as_deref(), want[0]["title"].as_str(), "{src}");
                assert_eq!(m[0].body, want[0]["body"].as_str().unwrap(), "{src}");
            }
            // A raw control character is an error at its own byte, before or after an escape.
            for (before, after) in [("", "\\n"), ("\\n", "")] {
                let src = format!("[{{\"body\":\"{before}{head}\u{1}{after}\"}}]");
                let err = parse_on(&src, 1).unwrap_err();
                assert_eq!(err.at, src.find('\u{1}').unwrap(), "{src:?}");
                assert!(err.message.contains("control character"), "{}", err.message);
            }
        }
    }

    #[test]
    fn threads_report_the_same_errors() {
        let text = export();
        let middle = text.len() / 2;
        let middle = (middle..).find(|&i| text.is_char_boundary(i)).unwrap();
        let broken = [
            text[..middle].to_owned(),
            text.replacen("]}]},\n{", "]}]}\n{", 1),
            text.replacen("\"active\": true", "\"active\": tru", 1),
            text.replacen("\"active\": true", "\"active\": true,", 1),
            text.replacen("[]]}]}", "[]]}]}}", 1),
            text.replacen("\n]", ",\n]", 1),
            text.replacen("\\n", "\\q", 1),
            format!("{text}]"),
        ];
        for (i, b) in broken.iter().enumerate() {
            assert_ne!(b, &text, "{i}");
            let (Err(one), Err(two)) = (parse_on(b, 1), parse_on(b, 2)) else {
                panic!("broken document {i} was read");
            };
            assert_eq!((one.at, &one.message), (two.at, &two.message), "{i}");
        }
    }
}
