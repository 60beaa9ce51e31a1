//! `lahn lsp` over real stdio, as editors run it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value;

/// `lahn lsp` with its standard input and a reader of its output.
fn lsp() -> (Child, ChildStdin, BufReader<ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lahn"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    (child, stdin, out)
}

/// The next message the server wrote, `None` at the end of its output.
fn read_message(out: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = Some(v.trim().parse().unwrap());
        }
    }
    let mut body = vec![0; len?];
    out.read_exact(&mut body).unwrap();
    Some(serde_json::from_slice(&body).unwrap())
}

/// Malformed JSON-RPC over real stdio: a parse error answers it, and the server reads on.
#[test]
fn stdio_survives_malformed_messages() {
    let (mut child, mut stdin, mut out) = lsp();
    let mut send = |body: &str| {
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let mut recv = || read_message(&mut out).expect("a message");
    send(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    assert!(recv()["result"]["capabilities"].is_object());
    send("{not json");
    let err = recv();
    assert_eq!(err["error"]["code"], -32700);
    assert_eq!(err["id"], Value::Null);
    send(r#"{"jsonrpc":"2.0","id":"x","method":"nope/nope"}"#);
    let r = recv();
    assert_eq!(
        (r["id"].as_str(), r["error"]["code"].as_i64()),
        (Some("x"), Some(-32601))
    );
    send(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#);
    assert_eq!(recv()["id"], 2);
    send(r#"{"jsonrpc":"2.0","method":"exit"}"#);
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

/// Frames a client got wrong: a missing, unreadable, negative or absurd `Content-Length`, a
/// header line of garbage, a body shorter than its header said. Each costs a parse error at
/// most; the next well-framed message is read and answered, and the server never allocates
/// what a header claims.
#[test]
fn stdio_resynchronises_after_bad_frames() {
    let (mut child, mut stdin, mut out) = lsp();
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let hover = |id: usize| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{"textDocument":{{"uri":"file:///x.md"}},"position":{{"line":0,"character":0}}}}}}"#
        )
    };
    let junk = r#"{"jsonrpc":"2.0","id":999,"method":"shutdown"}"#;
    let bad = [
        format!("Content-Type: application/vscode-jsonrpc\r\n\r\n{junk}"),
        format!("Content-Length: twelve\r\n\r\n{junk}"),
        format!("Content-Length: -4\r\n\r\n{junk}"),
        format!("Content-Length: 1000000000000\r\n\r\n{junk}"),
        format!("Content-Length 40\r\n\r\n{junk}"),
        format!("Content-Length: 5\r\n\r\n{junk}"),
        "garbage without any header at all".repeat(400),
    ];
    let mut input =
        frame(r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#);
    for (i, b) in bad.iter().enumerate() {
        input.push_str(b);
        input.push_str(&frame(&hover(i + 1)));
    }
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":100,"method":"shutdown"}"#));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    // Written from a thread: the server answers while it reads.
    let writer = std::thread::spawn(move || {
        stdin.write_all(input.as_bytes()).unwrap();
    });
    let mut ids = Vec::new();
    let mut parse_errors = 0;
    while let Some(v) = read_message(&mut out) {
        if v["error"]["code"] == -32700 {
            parse_errors += 1;
        } else {
            ids.push(v["id"].as_u64().unwrap());
        }
    }
    writer.join().unwrap();
    assert!(child.wait().unwrap().success());
    // Every good request answered, in order; the junk's `shutdown` (id 999) never read as
    // one; at most a few parse errors per bad frame.
    assert_eq!(ids, [0, 1, 2, 3, 4, 5, 6, 7, 100]);
    assert!(
        (bad.len()..=3 * bad.len()).contains(&parse_errors),
        "{parse_errors}"
    );
}

/// One line of 480 KB with 12,000 findings, its positions in UTF-16 units (the protocol's
/// default). Positions come from counts kept along the line, so opening it and three changes
/// at its end take seconds in a debug build; counted from the line's start for every finding,
/// as they once were, each review took minutes. The whole exchange has two minutes.
#[test]
fn a_long_single_line_in_utf16_is_answered_in_linear_time() {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    const UNIT: &str = "😀 شما باید صبر کنید. ";
    const REPS: usize = 12_000;
    let (mut child, mut stdin, out) = lsp();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = out;
        while let Some(m) = read_message(&mut out) {
            if tx.send(m).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let next = |what: &dyn Fn(&Value) -> bool| loop {
        let wait = deadline.saturating_duration_since(Instant::now());
        let m = rx.recv_timeout(wait).expect("an answer within two minutes");
        if what(&m) {
            return m;
        }
    };
    let diagnostics = || {
        next(&|m| m["method"] == "textDocument/publishDiagnostics")["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "negativity-obligation")
            .map(|d| d["range"].clone())
            .collect::<Vec<Value>>()
    };
    let mut send = |v: Value| {
        let body = v.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    send(
        serde_json::json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "capabilities": {}, "initializationOptions": {"maxFileSize": 10_000_000}}}),
    );
    let init = next(&|m| m["id"] == 0);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    send(serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    // The k-th finding («باید صبر کنید») in UTF-16 units: after k units and «😀 شما ».
    let unit16 = UNIT.encode_utf16().count();
    let range = |k: usize| {
        let start = k * unit16 + "😀 شما ".encode_utf16().count();
        let end = start + "باید صبر کنید".encode_utf16().count();
        serde_json::json!({"start": {"line": 0, "character": start},
                           "end": {"line": 0, "character": end}})
    };
    let uri = "file:///long.md";
    send(
        serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                         "text": UNIT.repeat(REPS)}}}),
    );
    let found = diagnostics();
    assert_eq!(found.len(), REPS);
    assert_eq!((&found[0], &found[REPS - 1]), (&range(0), &range(REPS - 1)));
    for (i, version) in (2..=4).enumerate() {
        // A unit added at the line's end, placed by its UTF-16 column.
        let at = (REPS + i) * unit16;
        send(
            serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": 0, "character": at},
                                          "end": {"line": 0, "character": at}},
                                "text": UNIT}]}}),
        );
        let found = diagnostics();
        assert_eq!(found.len(), REPS + i + 1);
        assert_eq!(found.last(), Some(&range(REPS + i)));
    }
    send(serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "shutdown"}));
    next(&|m| m["id"] == 1);
    send(serde_json::json!({"jsonrpc": "2.0", "method": "exit"}));
    assert!(child.wait().unwrap().success());
}
