//! `lahn lsp` over an in-memory connection: every feature of the server, with positions
//! checked in both encodings on Persian text that has ZWNJ, emoji, RTL marks and CRLF.

use lahn_lsp as lsp;

use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response, ResponseError};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

/// A response, split for assertions.
#[derive(Debug)]
struct Reply {
    result: Option<Value>,
    error: Option<ResponseError>,
}

impl From<Response> for Reply {
    fn from(r: Response) -> Reply {
        match r.response_result {
            Ok(v) => Reply {
                result: Some(v),
                error: None,
            },
            Err(e) => Reply {
                result: None,
                error: Some(e),
            },
        }
    }
}

struct Client {
    conn: Connection,
    server: Option<JoinHandle<lsp::End>>,
    next: i32,
    /// Notifications received while waiting for something else.
    seen: Vec<Notification>,
}

impl Client {
    /// Starts a server and initializes it with `encodings` offered, `options` as
    /// initializationOptions and `root` as the workspace.
    fn start(encodings: &[&str], options: Value, root: Option<&PathBuf>) -> (Client, Value) {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || lsp::serve(&server));
        let mut c = Client {
            conn: client,
            server: Some(handle),
            next: 0,
            seen: Vec::new(),
        };
        let mut params = json!({
            "capabilities": {"general": {"positionEncodings": encodings}},
            "initializationOptions": options,
        });
        if let Some(r) = root {
            params["rootUri"] = json!(format!("file://{}", r.display()));
        }
        let init = c.request("initialize", params);
        c.notify("initialized", json!({}));
        (c, init.result.expect("initialize succeeds"))
    }

    fn utf16() -> Client {
        Client::start(&["utf-16"], Value::Null, None).0
    }

    fn utf8() -> Client {
        Client::start(&["utf-8", "utf-16"], Value::Null, None).0
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.into(), params);
        self.conn.sender.send(n.into()).unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Reply {
        self.next += 1;
        let id = RequestId::from(self.next);
        let req = Request::new(id.clone(), method.into(), params);
        self.conn.sender.send(req.into()).unwrap();
        loop {
            match self.conn.receiver.recv_timeout(WAIT).expect("a response") {
                Message::Response(r) if r.id == id => return Reply::from(r),
                Message::Notification(n) => self.seen.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    /// The next notification of `method`.
    fn next_notification(&mut self, method: &str) -> Notification {
        if let Some(i) = self.seen.iter().position(|n| n.method == method) {
            return self.seen.remove(i);
        }
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(WAIT)
                .expect("a notification")
            {
                Message::Notification(n) if n.method == method => return n,
                Message::Notification(n) => self.seen.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let n = self.next_notification("textDocument/publishDiagnostics");
            if n.params["uri"] == uri {
                return n.params["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    fn shutdown(mut self) -> lsp::End {
        let r = self.request("shutdown", Value::Null);
        assert!(r.error.is_none());
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

/// Lines with their line breaks, as the protocol counts them.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Byte offset of an LSP position, computed with std only (independently of the server).
fn offset(text: &str, pos: &Value, enc: &str) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let starts: Vec<usize> = std::iter::once(0)
        .chain(lines(text).iter().scan(0, |at, l| {
            *at += l.len();
            Some(*at)
        }))
        .collect();
    let start = starts[line];
    if enc == "utf-8" {
        return start + col;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units == col {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

fn slice<'t>(text: &'t str, range: &Value, enc: &str) -> &'t str {
    &text[offset(text, &range["start"], enc)..offset(text, &range["end"], enc)]
}

/// The LSP position of byte `at` in `enc`, computed with std only.
fn position(text: &str, at: usize, enc: &str) -> Value {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let part = &text[line_start..at];
    let col = if enc == "utf-8" {
        part.len()
    } else {
        part.encode_utf16().count()
    };
    json!({"line": line, "character": col})
}

fn find<'d>(diags: &'d [Value], code: &str) -> &'d Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:#?}"))
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// A reply with front matter, CRLF line ends, an emoji and RTL/LTR marks before the
/// misspelled name, and ZWNJ words before the obligation.
const REPLY: &str = "---\r\nname: ساره\r\nchannel: chat\r\n---\r\n\u{200F}😀 سلام سارا،\r\nمی‌دانم\u{200E} منتظر بوده‌اید؛ شما باید صبر کنید.\r\n";

#[test]
fn negotiates_the_position_encoding() {
    let (_, init) = Client::start(&["utf-8", "utf-16"], Value::Null, None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let (_, init) = Client::start(&["utf-16"], Value::Null, None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let (c, init) = Client::start(&[], Value::Null, None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 1);
    assert_eq!(init["serverInfo"]["name"], "lahn");
    assert_eq!(c.shutdown(), lsp::End::Clean);
}

#[test]
fn diagnostics_land_on_the_flagged_text_in_both_encodings() {
    for (mut client, enc) in [(Client::utf16(), "utf-16"), (Client::utf8(), "utf-8")] {
        let diags = client.open("file:///w/reply.md", REPLY);
        let name = find(&diags, "personalization-name-misspelled");
        assert_eq!(slice(REPLY, &name["range"], enc), "سارا", "{enc}");
        let at = REPLY.find("سارا").unwrap();
        assert_eq!(name["range"]["start"], position(REPLY, at, enc));
        assert_eq!(name["range"]["start"]["line"], 4);
        let (col16, col8) = (9, 17);
        let want = if enc == "utf-8" { col8 } else { col16 };
        // RLM (1 unit, 3 bytes) + emoji (2 units, 4 bytes) + space + «سلام» + space.
        assert_eq!(name["range"]["start"]["character"], want, "{enc}");
        assert_eq!(name["severity"], 1);
        assert_eq!(name["source"], "lahn");
        assert!(name["message"].as_str().unwrap().contains("ساره"));

        let must = find(&diags, "negativity-obligation");
        assert_eq!(slice(REPLY, &must["range"], enc), "باید صبر کنید", "{enc}");
        assert_eq!(
            must["range"]["end"],
            position(REPLY, REPLY.find(".\r\n").unwrap(), enc)
        );
        assert_eq!(must["severity"], 2);

        let score = find(&diags, "score");
        assert_eq!(score["severity"], 3);
        assert_eq!(score["range"]["start"], json!({"line": 4, "character": 0}));
        assert_eq!(slice(REPLY, &score["range"], enc), "\u{200F}😀 سلام سارا،");
        assert!(score["message"]
            .as_str()
            .unwrap()
            .starts_with("امتیاز پاسخ: "));
        // Nothing is reported inside the front matter.
        assert!(diags
            .iter()
            .all(|d| d["range"]["start"]["line"].as_u64() >= Some(4)));
        client.shutdown();
    }
}

#[test]
fn messages_in_english_on_request() {
    let (mut c, _) = Client::start(&[], json!({"lang": "en"}), None);
    let diags = c.open("file:///w/a.md", REPLY);
    assert!(find(&diags, "score")["message"]
        .as_str()
        .unwrap()
        .starts_with("Reply score: "));
    let msg = find(&diags, "negativity-obligation")["message"]
        .as_str()
        .unwrap();
    assert!(msg.contains("obligation"), "{msg}");
}

#[test]
fn plain_text_and_markdown_only() {
    let mut c = Client::utf16();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "file:///w/x.rs", "languageId": "rust", "version": 1, "text": "شما باید صبر کنید"}}),
    );
    let diags = c.open("file:///w/b.txt", "شما باید صبر کنید.");
    assert!(codes(&diags).contains(&"negativity-obligation".to_owned()));
    assert!(c.seen.is_empty(), "the Rust buffer got no diagnostics");
}

#[test]
fn changes_and_saves_relint() {
    let mut c = Client::utf16();
    let uri = "file:///w/c.md";
    let before = c.open(uri, "سلام. شما باید صبر کنید.");
    assert!(codes(&before).contains(&"negativity-obligation".to_owned()));
    let after = c.change(uri, 2, "سلام. کافی است چند دقیقه صبر کنید.");
    assert!(!codes(&after).contains(&"negativity-obligation".to_owned()));
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(codes(&c.diagnostics(uri)), codes(&after));
    // Incremental changes are applied too, in the negotiated unit.
    let text = "😀 شما صبر کنید.";
    c.change(uri, 3, text);
    let at = position(text, text.find("صبر").unwrap(), "utf-16");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4},
               "contentChanges": [{"range": {"start": at, "end": at}, "text": "باید "}]}),
    );
    let diags = c.diagnostics(uri);
    let must = find(&diags, "negativity-obligation");
    assert_eq!(
        slice("😀 شما باید صبر کنید.", &must["range"], "utf-16"),
        "باید صبر کنید"
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.diagnostics(uri).is_empty());
}

#[test]
fn context_from_set_context() {
    let mut c = Client::utf8();
    let uri = "file:///w/d.md";
    let text = "سلام سارا، سفارش شما امروز ارسال شد.";
    let diags = c.open(uri, text);
    assert!(!codes(&diags).contains(&"personalization-name-misspelled".to_owned()));
    let r = c.request(
        "lahn/setContext",
        json!({"uri": uri, "name": "ساره", "customer": "سلام، سفارشم کی می‌رسه؟", "channel": "chat"}),
    );
    assert!(r.error.is_none(), "{r:?}");
    let diags = c.diagnostics(uri);
    let name = find(&diags, "personalization-name-misspelled");
    assert_eq!(slice(text, &name["range"], "utf-8"), "سارا");

    // As a notification too; an empty name clears it.
    c.notify("lahn/setContext", json!({"uri": uri, "name": ""}));
    let diags = c.diagnostics(uri);
    assert!(!codes(&diags).contains(&"personalization-name-misspelled".to_owned()));

    let bad = c.request("lahn/setContext", json!({"uri": uri, "channel": "fax"}));
    assert!(bad.error.unwrap().message.contains("fax"));
}

#[test]
fn context_given_before_open_is_kept() {
    let mut c = Client::utf16();
    let uri = "file:///w/e.md";
    c.notify("lahn/setContext", json!({"uri": uri, "name": "ساره"}));
    let diags = c.open(uri, "سلام سارا، سفارش شما ارسال شد.");
    find(&diags, "personalization-name-misspelled");
}

/// A workspace with a `lahn.toml`: a team phrase with a safe replacement, and a rule pack
/// with a documentation link.
/// The directory is removed when the returned guard is dropped.
fn workspace(name: &str, extra: &str) -> tempfile::TempDir {
    let guard = tempfile::Builder::new()
        .prefix(&format!("lahn-lsp-{name}-"))
        .tempdir()
        .unwrap();
    let dir = guard.path();
    std::fs::create_dir_all(dir.join("team")).unwrap();
    std::fs::write(
        dir.join("lahn.toml"),
        format!(
            "rule_dirs = [\"team\"]\n{extra}\n[[reject]]\nid = \"brand-old-name\"\nphrases = [\"دیجی‌کالا پلاس\"]\nreplacement = \"پلاس\"\nsafe = true\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("team/team-ticket-word.toml"),
        r#"id = "team-ticket-word"
category = "clarity"
severity = "info"
message.fa = "به‌جای «تیکت» بنویسید «درخواست»."
message.en = "Write «درخواست» instead of «تیکت»."
url = "https://example.com/guide#ticket"
[doc]
what.fa = "واژه‌ی «تیکت»."
what.en = "The word «تیکت»."
why.fa = "مشتری این واژه را نمی‌شناسد."
why.en = "Customers don't know the word."
[match]
phrases = ["تیکت"]
[fix]
replacement = "درخواست"
safe = false
[[bad]]
text = "تیکت شما ثبت شد."
flagged = "تیکت"
[[good]]
text = "درخواست شما ثبت شد."
"#,
    )
    .unwrap();
    guard
}

#[test]
fn code_description_and_workspace_config() {
    let guard = workspace("desc", "");
    let root = guard.path().to_path_buf();
    let (mut c, _) = Client::start(&["utf-16"], Value::Null, Some(&root));
    let diags = c.open("file:///w/f.md", "سلام، تیکت شما ثبت شد.");
    let d = find(&diags, "team-ticket-word");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://example.com/guide#ticket"
    );
    assert_eq!(d["severity"], 3);
    assert!(find(&diags, "score").get("codeDescription").is_none());
}

#[test]
fn code_actions_fix_reword_and_ignore() {
    code_actions_in("utf-16");
    code_actions_in("utf-8");
}

fn code_actions_in(enc: &str) {
    let guard = workspace("actions", "");
    let root = guard.path().to_path_buf();
    let (mut c, _) = Client::start(&[enc], Value::Null, Some(&root));
    let uri = "file:///w/g.md";
    let text = "---\nname: ساره\n---\n😀 عضویت دیجی‌کالا پلاس فعال شد؛ شما باید صبر کنید.\n";
    let diags = c.open(uri, text);
    let brand = find(&diags, "brand-old-name").clone();
    assert_eq!(slice(text, &brand["range"], enc), "دیجی‌کالا پلاس");

    let actions = |c: &mut Client, range: &Value| -> Vec<Value> {
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        );
        r.result.unwrap().as_array().unwrap().clone()
    };
    let apply = |text: &str, action: &Value| -> String {
        let edits = action["edit"]["changes"][uri].as_array().unwrap();
        let mut out = text.to_owned();
        let mut edits: Vec<&Value> = edits.iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(offset(text, &e["range"]["start"], enc)));
        for e in edits {
            let s = offset(text, &e["range"]["start"], enc);
            let end = offset(text, &e["range"]["end"], enc);
            out.replace_range(s..end, e["newText"].as_str().unwrap());
        }
        out
    };

    // A cursor inside the phrase.
    let cursor = position(text, text.find("کالا").unwrap(), enc);
    let list = actions(&mut c, &json!({"start": cursor, "end": cursor}));
    let fix = list
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .expect("a preferred fix");
    assert_eq!(fix["diagnostics"][0]["code"], "brand-old-name");
    let fixed = apply(text, fix);
    assert_eq!(
        fixed,
        "---\nname: ساره\n---\n😀 عضویت پلاس فعال شد؛ شما باید صبر کنید.\n"
    );
    let fix_all = list
        .iter()
        .find(|a| a["kind"] == "source.fixAll.lahn")
        .expect("fix all");
    assert_eq!(apply(text, fix_all), fixed);

    // The suggested rewording of the obligation.
    let cursor = position(text, text.find("صبر").unwrap(), enc);
    let list = actions(&mut c, &json!({"start": cursor, "end": cursor}));
    let reword = list
        .iter()
        .find(|a| {
            a["diagnostics"][0]["code"] == "negativity-obligation"
                && a["title"].as_str().unwrap().contains("کافی است")
        })
        .unwrap_or_else(|| panic!("a rewording in {list:#?}"));
    assert!(reword.get("isPreferred").is_none());
    assert_eq!(
        apply(text, reword),
        "---\nname: ساره\n---\n😀 عضویت دیجی‌کالا پلاس فعال شد؛ شما کافی است صبر کنید.\n"
    );

    // Ignore on this line: the comment goes on its own line before it, and the server
    // honours it.
    let here = list
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .contains("negativity-obligation")
                && a["title"].as_str().unwrap().contains("خط")
        })
        .unwrap();
    let ignored = apply(text, here);
    assert_eq!(
        ignored,
        "---\nname: ساره\n---\n<!-- lahn-disable-next-line negativity-obligation -->\n😀 عضویت دیجی‌کالا پلاس فعال شد؛ شما باید صبر کنید.\n"
    );
    let diags = c.change(uri, 2, &ignored);
    assert!(!codes(&diags).contains(&"negativity-obligation".to_owned()));
    // Ranges after the comment line still land on their text.
    let brand = find(&diags, "brand-old-name");
    assert_eq!(slice(&ignored, &brand["range"], enc), "دیجی‌کالا پلاس");

    // Ignore here again on the same line: the rule joins the comment above.
    let list = actions(&mut c, &brand["range"].clone());
    let here = list
        .iter()
        .find(|a| {
            let t = a["title"].as_str().unwrap();
            t.contains("brand-old-name") && t.contains("خط")
        })
        .unwrap();
    assert!(apply(&ignored, here)
        .contains("\n<!-- lahn-disable-next-line negativity-obligation brand-old-name -->\n😀"));

    // Ignore in this file: after the front matter.
    let file = list
        .iter()
        .find(|a| {
            a["title"].as_str().unwrap().contains("brand-old-name")
                && a["title"].as_str().unwrap().contains("فایل")
        })
        .unwrap();
    let ignored = apply(&ignored, file);
    assert!(ignored.starts_with(
        "---\nname: ساره\n---\n<!-- lahn-disable brand-old-name -->\n<!-- lahn-disable-next-line"
    ));
    let diags = c.change(uri, 3, &ignored);
    assert!(!codes(&diags).contains(&"brand-old-name".to_owned()));

    // `only` filters by kind.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let only = r.result.unwrap();
    assert!(only
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["kind"] == "source.fixAll.lahn"));
}

#[test]
fn suppression_comments_in_the_buffer() {
    let mut c = Client::utf16();
    let uri = "file:///w/h.md";
    let text = "سلام.\r\n<!-- lahn-disable-next-line negativity-obligation -->\r\nشما باید صبر کنید.\r\nشما باید صبر کنید.\r\n";
    let diags = c.open(uri, text);
    let musts: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "negativity-obligation")
        .collect();
    assert_eq!(musts.len(), 1, "{diags:#?}");
    assert_eq!(musts[0]["range"]["start"]["line"], 3);
    assert_eq!(slice(text, &musts[0]["range"], "utf-16"), "باید صبر کنید");

    let text = "<!-- lahn-disable negativity-obligation -->\nشما باید صبر کنید.\n<!-- lahn-enable negativity-obligation -->\nشما باید صبر کنید.\n";
    let diags = c.change(uri, 2, text);
    let lines: Vec<u64> = diags
        .iter()
        .filter(|d| d["code"] == "negativity-obligation")
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3]);
}

#[test]
fn hover_explains_the_rule() {
    let uri = "file:///w/i.md";
    let text = "😀\u{200F} سلام.\r\nمی‌دانم، شما باید صبر کنید.";
    for (mut c, enc) in [(Client::utf8(), "utf-8"), (Client::utf16(), "utf-16")] {
        c.open(uri, text);
        let at = position(text, text.find("صبر").unwrap(), enc);
        let hover = c
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": at}),
            )
            .result
            .unwrap();
        let md = hover["contents"]["value"].as_str().unwrap();
        assert!(md.contains("## چرا بد است"), "{md}");
        assert!(md.contains("negativity-obligation"), "{md}");
        assert_eq!(slice(text, &hover["range"], enc), "باید صبر کنید", "{enc}");
    }
    let mut c = Client::utf16();
    c.open(uri, text);
    let nothing = |c: &mut Client, uri: &str, pos: Value| {
        let r = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos}),
        );
        assert!(r.error.is_none());
        assert_eq!(r.result, Some(Value::Null));
    };
    nothing(&mut c, uri, json!({"line": 0, "character": 0}));
    nothing(&mut c, uri, json!({"line": 99, "character": 5}));
    nothing(
        &mut c,
        "file:///w/unknown.md",
        json!({"line": 0, "character": 0}),
    );
    // A column past the line's end is clamped, not an error.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 4000}}),
    );
    assert!(r.error.is_none());
}

#[test]
fn configuration_is_reapplied_live() {
    let guard = workspace("config", "");
    let root = guard.path().to_path_buf();
    let (mut c, _) = Client::start(&["utf-16"], Value::Null, Some(&root));
    let uri = "file:///w/j.md";
    let text = "سلام. شما باید صبر کنید. تیکت ثبت شد.";
    let diags = c.open(uri, text);
    assert!(codes(&diags).contains(&"negativity-obligation".to_owned()));

    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"lahn": {"disable": ["negativity-obligation"], "lang": "en"}}}),
    );
    let diags = c.diagnostics(uri);
    assert!(!codes(&diags).contains(&"negativity-obligation".to_owned()));
    assert!(find(&diags, "score")["message"]
        .as_str()
        .unwrap()
        .starts_with("Reply score"));

    // lahn.toml edited on disk: picked up on a watched-file change.
    std::fs::write(
        root.join("lahn.toml"),
        "rule_dirs = [\"team\"]\ndisable = [\"clarity\"]\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/lahn.toml", root.display()), "type": 2}]}),
    );
    let diags = c.diagnostics(uri);
    assert!(!codes(&diags).contains(&"team-ticket-word".to_owned()));

    // A broken lahn.toml is reported with its location; the last good coach stays.
    std::fs::write(root.join("lahn.toml"), "disable = [\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/lahn.toml", root.display()), "type": 2}]}),
    );
    let shown = c.next_notification("window/showMessage");
    assert_eq!(shown.params["type"], 1);
    assert!(shown.params["message"]
        .as_str()
        .unwrap()
        .contains("lahn.toml"));
    let diags = c.diagnostics(uri);
    assert!(!codes(&diags).contains(&"team-ticket-word".to_owned()));

    // Empty settings fall back to the initialization options.
    std::fs::write(root.join("lahn.toml"), "").unwrap();
    c.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    let diags = c.diagnostics(uri);
    assert!(codes(&diags).contains(&"negativity-obligation".to_owned()));
    assert!(find(&diags, "score")["message"]
        .as_str()
        .unwrap()
        .starts_with("امتیاز"));
}

#[test]
fn files_the_config_includes_or_excludes() {
    let guard = workspace("include", "include = [\"*.reply\"]\nexclude = [\"drafts\"]");
    let root = guard.path().to_path_buf();
    let (mut c, _) = Client::start(&["utf-16"], Value::Null, Some(&root));
    let base = format!("file://{}", root.display());
    let open = |c: &Client, name: &str, lang: &str| {
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": format!("{base}/{name}"), "languageId": lang, "version": 1, "text": "شما باید صبر کنید."}}),
        );
    };
    open(&c, "drafts/old.md", "markdown");
    open(&c, "macros/refund.reply", "reply");
    let diags = c.diagnostics(&format!("{base}/macros/refund.reply"));
    assert!(codes(&diags).contains(&"negativity-obligation".to_owned()));
    assert!(
        c.seen.is_empty(),
        "the excluded file got diagnostics: {:?}",
        c.seen
    );
}

#[test]
fn large_files_are_skipped_with_one_message() {
    let (mut c, _) = Client::start(&[], json!({"maxFileSize": 1000}), None);
    let uri = "file:///w/k.md";
    let big = "شما باید صبر کنید. ".repeat(100);
    assert!(c.open(uri, &big).is_empty());
    let shown = c.next_notification("window/showMessage");
    assert!(shown.params["message"].as_str().unwrap().contains("1000"));
    let huge = "😀".repeat(2_000_000);
    assert!(c.change(uri, 2, &huge).is_empty());
    // Back under the limit: linted again, and no second message was sent.
    let diags = c.change(uri, 3, "شما باید صبر کنید.");
    assert!(codes(&diags).contains(&"negativity-obligation".to_owned()));
    assert!(c.seen.iter().all(|n| n.method != "window/showMessage"));
}

#[test]
fn bad_requests_get_errors_and_the_server_goes_on() {
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || lsp::serve(&server));
    let mut c = Client {
        conn: client,
        server: Some(handle),
        next: 0,
        seen: Vec::new(),
    };
    // Before initialize.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r.error.unwrap().code, -32002);
    let r = c.request("initialize", json!({"capabilities": 5}));
    assert_eq!(r.error.unwrap().code, -32602);
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert!(r.result.is_some());

    let r = c.request("lahn/unknown", json!({}));
    assert_eq!(r.error.unwrap().code, -32601);
    let r = c.request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(r.error.unwrap().code, -32602);
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert!(r.error.is_some());
    c.notify("textDocument/didOpen", json!({"garbage": 1}));
    c.notify("made/up", json!([1, 2]));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere.md", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///nowhere.md"},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    assert_eq!(r.result, Some(json!([])));
    // Incomplete diagnostics in a code action's context (Neovim 0.7 sends only their
    // codes) don't fail the request.
    c.open("file:///w/m.md", "شما باید صبر کنید.");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///w/m.md"},
               "range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 5}},
               "context": {"diagnostics": [{"code": "negativity-obligation"}]}}),
    );
    assert!(!r.result.unwrap().as_array().unwrap().is_empty());
    // Out-of-range edits are clamped.
    c.open("file:///w/l.md", "سلام");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///w/l.md", "version": 2},
               "contentChanges": [{"range": {"start": {"line": 7, "character": 3}, "end": {"line": 2, "character": 0}}, "text": " 😀"}]}),
    );
    c.diagnostics("file:///w/l.md");
    // Still answering.
    assert_eq!(c.shutdown(), lsp::End::Clean);
}

#[test]
fn requests_after_shutdown_and_exit_without_shutdown() {
    let mut c = Client::utf16();
    let r = c.request("shutdown", Value::Null);
    assert!(r.error.is_none());
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r.error.unwrap().code, -32600);
    c.notify("exit", Value::Null);
    assert_eq!(c.server.take().unwrap().join().unwrap(), lsp::End::Clean);

    let mut c = Client::utf16();
    c.notify("exit", Value::Null);
    assert_eq!(c.server.take().unwrap().join().unwrap(), lsp::End::Abrupt);
}

/// The workspace config is found under either name, turns rules off and brings the team's
/// packs into diagnostics and hover, as it does for every `lahn` subcommand.
#[test]
fn either_config_name_disables_rules_and_adds_team_packs() {
    let text = "سلام، تیکت شما ثبت شد و در اسرع وقت بررسی می‌شود.";
    for name in ["lahn.toml", ".lahn.toml"] {
        let guard = workspace("names", "disable = [\"cliche-asap\"]");
        let root = guard.path().to_path_buf();
        if name != "lahn.toml" {
            std::fs::rename(root.join("lahn.toml"), root.join(name)).unwrap();
        }
        let (mut c, _) = Client::start(&["utf-16"], Value::Null, Some(&root));
        let diags = c.open("file:///w/f.md", text);
        let got = codes(&diags);
        assert!(
            got.contains(&"team-ticket-word".to_owned()),
            "{name}: {got:?}"
        );
        assert!(!got.contains(&"cliche-asap".to_owned()), "{name}: {got:?}");
        let at = position(text, text.find("تیکت").unwrap(), "utf-16");
        let hover = c
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": "file:///w/f.md"}, "position": at}),
            )
            .result
            .unwrap();
        let md = hover["contents"]["value"].as_str().unwrap();
        assert!(md.contains("واژه‌ی «تیکت»."), "{name}: {md}");
        assert_eq!(c.shutdown(), lsp::End::Clean);
    }
    // Without a config the defaults are in force.
    let (mut c, _) = Client::start(&["utf-16"], Value::Null, None);
    let got = codes(&c.open("file:///w/f.md", text));
    assert!(got.contains(&"cliche-asap".to_owned()), "{got:?}");
    assert!(!got.contains(&"team-ticket-word".to_owned()), "{got:?}");
}

/// 10,000 changes queued before a hover: the server takes them all in, lints only the newest
/// text, once, and answers the hover about it. Everything is queued before the server starts,
/// so the count is exact, not a matter of timing.
#[test]
fn a_burst_of_changes_is_linted_once_at_its_newest_text() {
    let (server, client) = Connection::memory();
    let uri = "file:///burst.md";
    let send = |m: Message| client.sender.send(m).unwrap();
    send(Request::new(1.into(), "initialize".into(), json!({"capabilities": {}})).into());
    send(Notification::new("initialized".into(), json!({})).into());
    send(
        Notification::new(
            "textDocument/didOpen".into(),
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "سلام"}}),
        )
        .into(),
    );
    let last = 10_000;
    for v in 2..=last {
        // The newest text has the one cliché; every earlier one is clean.
        let text = if v == last {
            "سلام، در اسرع وقت پیگیری می‌کنم.".to_owned()
        } else {
            format!("سلام، سفارش {v} ارسال شد.")
        };
        send(
            Notification::new(
                "textDocument/didChange".into(),
                json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]}),
            )
            .into(),
        );
    }
    // A change older than what the server holds is stale and changes nothing.
    send(
        Notification::new(
            "textDocument/didChange".into(),
            json!({"textDocument": {"uri": uri, "version": 5}, "contentChanges": [{"text": "قدیمی"}]}),
        )
        .into(),
    );
    send(
        Request::new(
            2.into(),
            "textDocument/hover".into(),
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 8}}),
        )
        .into(),
    );
    let handle = std::thread::spawn(move || lsp::serve(&server));
    let mut published = Vec::new();
    let hover = loop {
        match client.receiver.recv_timeout(WAIT).expect("an answer") {
            Message::Response(r) if r.id == 2.into() => break r,
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                published.push(n.params)
            }
            _ => {}
        }
    };
    assert_eq!(published.len(), 1, "one review for the whole burst");
    assert_eq!(published[0]["version"], last);
    let codes: Vec<&str> = published[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"cliche-asap"), "{codes:?}");
    let text = Reply::from(hover).result.expect("a hover")["contents"].to_string();
    assert!(
        text.contains("cliche-asap") || text.contains("اسرع"),
        "{text}"
    );
    client
        .sender
        .send(Request::new(3.into(), "shutdown".into(), Value::Null).into())
        .unwrap();
    client
        .sender
        .send(Notification::new("exit".into(), Value::Null).into())
        .unwrap();
    assert_eq!(handle.join().unwrap(), lsp::End::Clean);
}

/// A config option naming a device, a FIFO or a directory: refused with a message, before
/// anything is read from it; the server goes on with the defaults.
#[test]
fn a_config_option_reads_only_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    let mut paths = vec!["/dev/zero".to_owned(), dir.path().display().to_string()];
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        paths.push(fifo.display().to_string());
    }
    for path in paths {
        let (mut c, _) = Client::start(&[], json!({"config": path}), None);
        let shown = c.next_notification("window/showMessage");
        let message = shown.params["message"].as_str().unwrap();
        assert!(message.contains("not a regular file"), "{path}: {message}");
        let diags = c.open("file:///w/a.md", "شما باید صبر کنید.");
        assert!(codes(&diags).contains(&"negativity-obligation".to_owned()));
        assert_eq!(c.shutdown(), lsp::End::Clean);
    }
}
