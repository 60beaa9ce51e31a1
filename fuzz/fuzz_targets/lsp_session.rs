//! An LSP message sequence against `lahn lsp` in memory (`lsp_server::Connection::memory()`,
//! as tests/lsp.rs drives it). The input is a little script, one message a line:
//!
//! ```text
//! init 8|16 [OPTIONS-JSON]    initialize offering utf-8 and utf-16, or utf-16 only
//! open TEXT                   didOpen (in TEXT, \n \r \t \\ are escapes)
//! full TEXT                   didChange with the whole new text
//! change L C L C TEXT         an edit of the range, sent as the full new text
//! code L C L C                codeAction on the range (any numbers: out of range too)
//! hover L C                   hover
//! ctx|ctxn CHANNEL NAME CUSTOMER   lahn/setContext as a request / a notification
//! close | save
//! raw|rawn N JSON             request / notification N (a method from METHODS) with any
//!                             params: JSON that doesn't parse goes as a string
//! shutdown | exit
//! ```
//!
//! Lines before the first `init` reach the server before its handshake; with no `init` the
//! session starts with a utf-16 one. After every message a request nobody knows acts as a
//! barrier: its error reply proves the server thread still answers, and everything it sent
//! before belongs to the messages so far. Asserts: no panic (libFuzzer's hook aborts on any,
//! even one the server catches), every request answered, and every diagnostic range of a
//! buffer whose text the script knows lies inside it, on character boundaries of the
//! negotiated encoding.

#![no_main]

use lahn_lsp as lsp;

use std::collections::HashMap;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const URI: &str = "file:///lahn-fuzz/reply.md";
const ROOT: &str = "file:///lahn-fuzz-no-such-dir";
const WAIT: Duration = Duration::from_secs(20);
const MAX_MESSAGES: usize = 64;

const METHODS: &[&str] = &[
    "textDocument/hover",
    "textDocument/codeAction",
    "lahn/setContext",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/didSave",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "initialize",
    "initialized",
    "$/cancelRequest",
];

struct Session {
    conn: Connection,
    next: i32,
    /// The negotiated encoding once initialized: true for UTF-8.
    utf8: Option<bool>,
    /// The text of each open buffer, when the script knows it (a `raw` message may have
    /// changed it behind the script's back).
    docs: HashMap<String, Option<String>>,
    version: i32,
    ended: bool,
}

fuzz_target!(|data: &[u8]| {
    let script = String::from_utf8_lossy(data);
    let lines: Vec<&str> = script.lines().take(MAX_MESSAGES).collect();
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || lsp::serve(&server));
    let mut s = Session {
        conn: client,
        next: 0,
        utf8: None,
        docs: HashMap::new(),
        version: 0,
        ended: false,
    };
    if !lines.iter().any(|l| l.starts_with("init")) {
        s.initialize("16", "");
    }
    for line in lines {
        if s.ended {
            break;
        }
        s.step(line);
    }
    if !s.ended {
        // Still answering at the end; then the protocol's way out.
        s.barrier();
        let _ = s.request("shutdown", Value::Null);
        s.notify("exit", Value::Null);
    }
    drop(s.conn);
    handle
        .join()
        .expect("the server thread ends without a panic");
});

impl Session {
    fn step(&mut self, line: &str) {
        let (cmd, rest) = line.split_once(' ').unwrap_or((line, ""));
        let initialized = self.utf8.is_some();
        match cmd {
            "init" => {
                let (enc, options) = rest.split_once(' ').unwrap_or((rest, ""));
                return self.initialize(enc, options);
            }
            "open" => {
                let text = unescape(rest);
                self.version += 1;
                self.notify(
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": URI, "languageId": "markdown",
                        "version": self.version, "text": text}}),
                );
                if initialized {
                    self.docs.insert(URI.into(), Some(text));
                }
            }
            "full" => self.change(unescape(rest)),
            "change" => {
                let mut it = rest.splitn(5, ' ');
                let mut n = || num(it.next());
                let (l1, c1, l2, c2) = (n(), n(), n(), n());
                let text = unescape(it.next().unwrap_or(""));
                let old = match self.docs.get(URI) {
                    Some(Some(t)) => t.clone(),
                    _ => String::new(),
                };
                let utf8 = self.utf8.unwrap_or(false);
                let a = offset(&old, l1, c1, utf8);
                let b = offset(&old, l2, c2, utf8);
                let (a, b) = (a.min(b), a.max(b));
                self.change(format!("{}{text}{}", &old[..a], &old[b..]));
            }
            "code" => {
                let mut it = rest.split(' ');
                let mut n = || num(it.next());
                let (l1, c1, l2, c2) = (n(), n(), n(), n());
                let reply = self.request(
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": URI},
                        "range": {"start": {"line": l1, "character": c1},
                                  "end": {"line": l2, "character": c2}},
                        "context": {"diagnostics": []}}),
                );
                self.check_ranges(reply);
            }
            "hover" => {
                let mut it = rest.split(' ');
                let mut n = || num(it.next());
                let (l, c) = (n(), n());
                let reply = self.request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": URI}, "position": {"line": l, "character": c}}),
                );
                self.check_ranges(reply);
            }
            "ctx" | "ctxn" => {
                let mut it = rest.splitn(3, ' ');
                let params = json!({"uri": URI, "channel": it.next(), "name": it.next(),
                    "customer": it.next().map(unescape)});
                if cmd == "ctx" {
                    let _ = self.request("lahn/setContext", params);
                } else {
                    self.notify("lahn/setContext", params);
                }
            }
            "close" => {
                self.notify(
                    "textDocument/didClose",
                    json!({"textDocument": {"uri": URI}}),
                );
                if initialized {
                    self.docs.remove(URI);
                }
            }
            "save" => self.notify(
                "textDocument/didSave",
                json!({"textDocument": {"uri": URI}}),
            ),
            "raw" | "rawn" => {
                let (n, params) = rest.split_once(' ').unwrap_or((rest, ""));
                let method = METHODS[num(Some(n)) as usize % METHODS.len()];
                let params = serde_json::from_str(params).unwrap_or_else(|_| json!(params));
                // Whatever it did to the buffers, the script no longer knows their text.
                for t in self.docs.values_mut() {
                    *t = None;
                }
                if cmd == "raw" {
                    let reply = self.request(method, params);
                    if method == "initialize" && !initialized {
                        // The handshake, if the params passed: in the encoding the server chose.
                        if let Ok(result) = reply {
                            let enc = &result["capabilities"]["positionEncoding"];
                            self.utf8 = Some(enc == "utf-8");
                        }
                    }
                } else {
                    self.notify(method, params);
                }
            }
            "shutdown" => {
                let _ = self.request("shutdown", Value::Null);
            }
            "exit" => {
                self.notify("exit", Value::Null);
                self.ended = true;
                return;
            }
            _ => return,
        }
        self.barrier();
    }

    fn initialize(&mut self, enc: &str, options: &str) {
        let offered: Vec<&str> = match enc {
            "8" => vec!["utf-8", "utf-16"],
            "16" => vec!["utf-16"],
            "32" => vec!["utf-32"],
            _ => vec![],
        };
        let mut params = json!({
            "capabilities": {"general": {"positionEncodings": offered}},
            "rootUri": ROOT,
        });
        if !options.is_empty() {
            params["initializationOptions"] =
                serde_json::from_str(options).unwrap_or_else(|_| json!(options));
        }
        let already = self.utf8.is_some();
        let reply = self.request("initialize", params);
        if already {
            assert!(reply.is_err(), "a second initialize is refused");
            return;
        }
        let result = reply.expect("initialize succeeds");
        let enc = result["capabilities"]["positionEncoding"]
            .as_str()
            .expect("the server names its position encoding");
        let utf8 = offered.contains(&"utf-8");
        assert_eq!(enc, if utf8 { "utf-8" } else { "utf-16" });
        self.utf8 = Some(utf8);
        self.notify("initialized", json!({}));
        // Buffers opened before the handshake were ignored.
        self.docs.clear();
    }

    fn change(&mut self, text: String) {
        self.version += 1;
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": self.version},
                "contentChanges": [{"text": text}]}),
        );
        if self.utf8.is_some() {
            if let Some(t) = self.docs.get_mut(URI) {
                *t = Some(text);
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.into(), params);
        // A closed connection shows up at the next request.
        let _ = self.conn.sender.send(n.into());
    }

    /// Sends a request and waits for its reply, checking every notification on the way.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .expect("the server is still listening");
        loop {
            let msg = self
                .conn
                .receiver
                .recv_timeout(WAIT)
                .unwrap_or_else(|e| panic!("no reply to {method}: {e}"));
            match msg {
                Message::Response(r) if r.id == id => {
                    return r.response_result.map_err(|e| e.message);
                }
                Message::Response(r) => panic!("a reply to {:?}, which was answered", r.id),
                Message::Notification(n) => self.seen(n),
                // The server asks nothing of the client.
                Message::Request(r) => panic!("unexpected request {}", r.method),
            }
        }
    }

    /// A request no server knows: answered with an error once everything before it is done.
    fn barrier(&mut self) {
        let r = self.request("lahn-fuzz/ping", Value::Null);
        assert!(r.is_err(), "an unknown method is an error");
    }

    /// Every range in a reply (code action edits, a hover's range) lies inside the buffer.
    fn check_ranges(&self, reply: Result<Value, String>) {
        let (Ok(v), Some(Some(text)), Some(utf8)) = (reply, self.docs.get(URI), self.utf8) else {
            return;
        };
        fn walk(v: &Value, text: &str, utf8: bool) {
            match v {
                Value::Object(m) => {
                    if let Some(r) = m.get("range").filter(|r| r.get("start").is_some()) {
                        let a = check_position(text, &r["start"], utf8);
                        let b = check_position(text, &r["end"], utf8);
                        assert!(a <= b, "range ends before it starts: {r}");
                    }
                    m.values().for_each(|x| walk(x, text, utf8));
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, text, utf8)),
                _ => {}
            }
        }
        walk(&v, text, utf8);
    }

    fn seen(&mut self, n: Notification) {
        if n.method != "textDocument/publishDiagnostics" {
            return;
        }
        let uri = n.params["uri"]
            .as_str()
            .expect("diagnostics name their buffer");
        let diagnostics = n.params["diagnostics"]
            .as_array()
            .expect("a list of diagnostics");
        let Some(Some(text)) = self.docs.get(uri) else {
            return;
        };
        let utf8 = self.utf8.expect("diagnostics come after initialize");
        if std::env::var_os("LAHN_FUZZ_DEBUG").is_some() {
            eprintln!("checking {} diagnostics of {text:?}", diagnostics.len());
        }
        for d in diagnostics {
            let r = &d["range"];
            let a = check_position(text, &r["start"], utf8);
            let b = check_position(text, &r["end"], utf8);
            assert!(a <= b, "diagnostic range ends before it starts: {d}");
        }
    }
}

/// A position the server sent: its line exists and its character is within the line on a
/// character boundary of the encoding. Returns its byte offset.
fn check_position(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().expect("a line number") as usize;
    let ch = pos["character"].as_u64().expect("a character") as usize;
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    assert!(line < starts.len(), "line {line} of {}", starts.len());
    let start = starts[line];
    let body = &text[start..starts.get(line + 1).map_or(text.len(), |&n| n - 1)];
    if utf8 {
        assert!(
            ch <= body.len(),
            "character {ch} past line {line} ({} bytes)",
            body.len()
        );
        assert!(
            body.is_char_boundary(ch),
            "character {ch} inside a UTF-8 sequence"
        );
        return start + ch;
    }
    let mut units = 0;
    for (i, c) in body.char_indices() {
        if units == ch {
            return start + i;
        }
        units += c.len_utf16();
        assert!(
            units <= ch || units - c.len_utf16() == ch,
            "character {ch} inside a surrogate pair"
        );
    }
    assert_eq!(units, ch, "character {ch} past line {line} ({units} units)");
    start + body.len()
}

/// Byte offset of a position in `text`, by the script's own count (positions past a line's
/// end or past the text are clamped).
fn offset(text: &str, line: u32, ch: u32, utf8: bool) -> usize {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let Some(&start) = starts.get(line as usize) else {
        return text.len();
    };
    let end = starts.get(line as usize + 1).map_or(text.len(), |&n| n - 1);
    let body = &text[start..end];
    let mut units = 0;
    for (i, c) in body.char_indices() {
        if units >= ch as usize {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    end
}

fn num(s: Option<&str>) -> u32 {
    s.and_then(|s| s.trim().parse().ok()).unwrap_or(0)
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    out
}
