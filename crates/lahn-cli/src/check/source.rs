//! Reading a file into the macros it holds, each with where its body lives in the file.

use std::path::Path;

use lahn::Channel;

use super::map::{Enc, Located, Map};
use super::{csv, html, json, toml_src, yaml};

/// One canned reply found in a file.
#[derive(Debug, Clone)]
pub struct Macro {
    /// A stable id: the helpdesk's id, else the title, else the position in the file.
    pub id: String,
    /// Its title, when the file gives one.
    pub title: Option<String>,
    /// Its channel, when the file gives one.
    pub channel: Option<Channel>,
    /// The reply's text.
    pub body: String,
    /// Where the body lives in the file.
    pub at: Located,
}

/// What kind of file a path is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One reply per file: `.txt`, `.md`.
    Text,
    /// JSON: a list of replies or a Zendesk macros export.
    Json,
    /// YAML: a list of replies.
    Yaml,
    /// TOML: an array of tables of replies.
    Toml,
    /// CSV with a header naming `title` and `body` columns.
    Csv,
}

impl Kind {
    /// The kind of `path`, or `None` for files `lahn check` doesn't read.
    pub fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "md" | "markdown" => Kind::Text,
            "json" => Kind::Json,
            "yaml" | "yml" => Kind::Yaml,
            "toml" => Kind::Toml,
            "csv" => Kind::Csv,
            _ => return None,
        })
    }
}

/// A problem with a file's contents, at a byte offset.
#[derive(Debug, Clone)]
pub struct ParseError {
    /// Where, in bytes of the file.
    pub at: usize,
    /// What.
    pub message: String,
}

impl ParseError {
    pub fn new(at: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            at,
            message: message.into(),
        }
    }
}

/// The macros of `text`, read as `kind`. `Ok(None)` means the file holds no macros (a JSON
/// file of some other tool), which a directory walk skips.
pub fn read(kind: Kind, name: &str, text: &str) -> Result<Option<Vec<Macro>>, ParseError> {
    read_on(kind, name, text, 1)
}

/// [`read`] on `threads` threads where the format allows (a large JSON export).
pub fn read_on(
    kind: Kind,
    name: &str,
    text: &str,
    threads: usize,
) -> Result<Option<Vec<Macro>>, ParseError> {
    match kind {
        Kind::Text => Ok(Some(vec![Macro {
            id: name.to_owned(),
            title: None,
            channel: None,
            body: text.to_owned(),
            at: Located::raw(0, text.len()),
        }])),
        Kind::Json => json::macros(text, threads),
        Kind::Yaml => yaml::macros(text),
        Kind::Toml => toml_src::macros(text),
        Kind::Csv => csv::macros(text),
    }
}

/// A decoded string value of a structured file and where it lives.
#[derive(Debug, Clone)]
pub struct Str {
    pub value: String,
    pub at: Located,
    /// Start of the value's token in the file.
    pub pos: usize,
}

/// A tree of values common to JSON, YAML and TOML, enough to find macros in.
#[derive(Debug, Clone)]
pub enum Node {
    Str(Str),
    /// Any other scalar, as written (numbers, booleans, null).
    Other(String, usize),
    List(Vec<Node>, usize),
    Table(Vec<(String, Node)>, usize),
}

impl Node {
    pub fn pos(&self) -> usize {
        match self {
            Node::Str(s) => s.pos,
            Node::Other(_, p) | Node::List(_, p) | Node::Table(_, p) => *p,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Table(t, _) => t.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Table(t, _) => t.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Str(s) => Some(s.value.clone()),
            Node::Other(o, _) => Some(o.clone()),
            _ => None,
        }
    }
}

impl Str {
    /// The value and where it lives, taken out of the tree rather than copied: each is read
    /// into one macro only.
    fn take(&mut self) -> (String, Located) {
        (
            std::mem::take(&mut self.value),
            std::mem::take(&mut self.at),
        )
    }
}

/// Finds the macros in a tree: a Zendesk export (`{"macros": [...]}` whose items have
/// `actions`), a list of `{title, body, channel?, id?}`, or a table with one such list. The
/// bodies are moved out of the tree.
pub fn from_tree(root: &mut Node) -> Result<Option<Vec<Macro>>, ParseError> {
    let key = ["macros", "macro"]
        .into_iter()
        .find(|k| root.get(k).is_some());
    if let Some(m) = key.and_then(|k| root.get_mut(k)) {
        let items: Vec<&mut Node> = match m {
            Node::List(items, _) => items.iter_mut().collect(),
            t @ Node::Table(..) => vec![t],
            _ => Vec::new(),
        };
        if items.iter().any(|i| i.get("actions").is_some()) {
            return zendesk(items).map(Some);
        }
    }
    let list = match root {
        Node::List(items, _) => Some(items),
        Node::Table(entries, _) => entries.iter_mut().find_map(|(_, v)| match v {
            Node::List(items, _) if items.iter().any(|i| i.get("body").is_some()) => Some(items),
            _ => None,
        }),
        _ => None,
    };
    let Some(items) = list else {
        return Ok(None);
    };
    if !items.iter().any(|i| i.get("body").is_some()) {
        return Ok(None);
    }
    let mut out = Vec::new();
    for (n, item) in items.iter_mut().enumerate() {
        let Node::Table(..) = item else {
            return Err(ParseError::new(
                item.pos(),
                format!("item {} is not a table of title and body", n + 1),
            ));
        };
        let pos = item.pos();
        let (body, at) = match item.get_mut("body") {
            Some(Node::Str(s)) => s.take(),
            Some(other) => {
                return Err(ParseError::new(other.pos(), "`body` is not a string"));
            }
            None => {
                return Err(ParseError::new(
                    pos,
                    format!("item {} has no `body`", n + 1),
                ))
            }
        };
        let title = item.get("title").and_then(Node::scalar_text);
        let channel = match item.get("channel") {
            Some(c) => {
                let text = c.scalar_text().unwrap_or_default();
                Some(
                    text.parse::<Channel>()
                        .map_err(|e| ParseError::new(c.pos(), e))?,
                )
            }
            None => None,
        };
        let id = macro_id(
            item.get("id").and_then(Node::scalar_text),
            title.as_deref(),
            n,
        );
        out.push(Macro {
            id,
            title,
            channel,
            body,
            at,
        });
    }
    Ok(Some(out))
}

/// A macro's id: the file's id, else its title, else its position (`#1`, `#2`, …); an empty
/// id or title doesn't count, since ids key reports and the baseline.
pub fn macro_id(id: Option<String>, title: Option<&str>, n: usize) -> String {
    id.filter(|s| !s.is_empty())
        .or_else(|| title.filter(|s| !s.is_empty()).map(str::to_owned))
        .unwrap_or_else(|| format!("#{}", n + 1))
}

fn zendesk(items: Vec<&mut Node>) -> Result<Vec<Macro>, ParseError> {
    let mut out = Vec::new();
    for (n, item) in items.into_iter().enumerate() {
        let title = item.get("title").and_then(Node::scalar_text);
        let id = macro_id(
            item.get("id").and_then(Node::scalar_text),
            title.as_deref(),
            n,
        );
        let Some(Node::List(actions, _)) = item.get_mut("actions") else {
            continue;
        };
        for action in actions {
            let field = action.get("field").and_then(Node::scalar_text);
            let html = match field.as_deref() {
                Some("comment_value") => false,
                Some("comment_value_html") => true,
                _ => continue,
            };
            // `value` is the text, or `["channel:all", "text"]`.
            let value = match action.get_mut("value") {
                Some(Node::Str(s)) => s,
                Some(Node::List(parts, _)) => match parts.iter_mut().rev().find_map(|p| match p {
                    Node::Str(s) => Some(s),
                    _ => None,
                }) {
                    Some(s) => s,
                    None => continue,
                },
                _ => continue,
            };
            let (value, at) = value.take();
            let (body, at) = if html {
                let (text, map) = html::to_text(&value);
                (text, at.inner(map, Enc::Html))
            } else {
                (value, at)
            };
            out.push(Macro {
                id: id.clone(),
                title: title.clone(),
                channel: None,
                body,
                at,
            });
        }
    }
    Ok(out)
}

/// Aligns a decoded `value` with its `source` (starting at file offset `base`), for formats
/// whose decoding only drops or folds characters (YAML block and plain scalars, single quotes):
/// each decoded character is matched to the next equal source character; a folded line break
/// matches the whitespace run it came from. `None` when they can't be aligned.
pub fn align(value: &str, source: &str, base: usize) -> Option<Map> {
    let mut map = Map::new(base);
    let src = source.as_bytes();
    let mut i = 0;
    for (b, c) in value.char_indices() {
        let _ = b;
        let len = c.len_utf8();
        loop {
            if i >= src.len() {
                return None;
            }
            if source[i..].starts_with(c) {
                map.copy(len, base + i);
                i += len;
                break;
            }
            if (c == ' ' || c == '\n') && matches!(src[i], b'\n' | b'\r') {
                let ws = source[i..]
                    .find(|x: char| !x.is_whitespace())
                    .unwrap_or(source.len() - i);
                map.escape(len, base + i, ws.max(1));
                i += ws.max(1);
                break;
            }
            // Dropped source text: indentation, quote doubling, block indicators.
            i += source[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    Some(map)
}

/// Location of a string whose source can't be aligned: every offset goes to `at`.
pub fn coarse(at: usize) -> Located {
    Located::one(Map::coarse(at), Enc::Raw)
}
