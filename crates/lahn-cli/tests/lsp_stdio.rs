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
