//! `lahn lsp` over real stdio, as editors run it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use serde_json::Value;

/// Malformed JSON-RPC over real stdio: a parse error answers it, and the server reads on.
#[test]
fn stdio_survives_malformed_messages() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lahn"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut send = |body: &str| {
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let mut recv = || -> Value {
        let mut len = 0;
        loop {
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        out.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
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
