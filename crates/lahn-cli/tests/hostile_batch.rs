//! `lahn batch` fed to hurt: a line far past the size limit among thousands of good ones,
//! ids no float holds, absurd thread counts.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn batch(args: &[&str], input: Vec<u8>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lahn"))
        .arg("batch")
        .arg("--isolated")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Written from a thread: lahn answers while it reads.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn a_huge_line_gets_an_error_and_every_other_line_its_report() {
    let mut input = Vec::new();
    for i in 1..=3000 {
        if i == 1234 {
            // 2.7 MB of draft: past the 1 MiB limit.
            input.extend_from_slice(b"{\"id\": \"huge\", \"draft\": \"");
            input.extend_from_slice("سلام ".repeat(300_000).as_bytes());
            input.extend_from_slice(b"\"}\n");
        } else {
            input.extend_from_slice(
                format!("{{\"id\": {i}, \"draft\": \"سلام، متاسفانه نمیتونیم. {i}\"}}\n").as_bytes(),
            );
        }
    }
    let o = batch(&["--threads", "2"], input);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3000);
    for (n, v) in lines.iter().enumerate().map(|(i, v)| (i + 1, v)) {
        if n == 1234 {
            assert_eq!(v["line"], 1234);
            let e = v["error"].as_str().unwrap();
            assert!(
                e.starts_with("line 1234 is 2700028 bytes long, over the 1048576-byte limit"),
                "{e}"
            );
        } else {
            assert_eq!(v["id"], n, "{v}");
            assert!(v["score"].is_u64(), "{v}");
        }
    }
}

#[test]
fn ids_are_kept_exactly_as_written() {
    let ids = [
        "18446744073709551616",
        "-99999999999999999999999999",
        "1.50",
        "1e400",
        "0.1000000000000000055511151231257827",
        "\"x\\u0041\"",
        "[1, {\"a\": 2}]",
    ];
    let mut input = String::new();
    for id in ids {
        input.push_str(&format!("{{\"id\": {id}, \"draft\": \"سلام\"}}\n"));
    }
    // An error line keeps its id too.
    input.push_str("{\"id\": 18446744073709551617, \"draft\": 5}\n");
    let o = batch(&[], input.into_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), ids.len() + 1);
    for (line, id) in lines.iter().zip(ids) {
        assert!(line.contains(&format!(",\"id\":{id},")), "{id}: {line}");
    }
    assert!(
        lines[ids.len()].contains("\"id\":18446744073709551617,"),
        "{}",
        lines[ids.len()]
    );
}

#[test]
fn thread_counts_out_of_range_are_refused() {
    for n in ["0", "100000", "-1", "99999999999999999999"] {
        let o = batch(
            &[&format!("--threads={n}")],
            "{\"draft\": \"سلام\"}\n".as_bytes().to_vec(),
        );
        assert_eq!(o.status.code(), Some(2), "--threads {n}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--threads"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = batch(
        &["--threads", "1024"],
        "{\"draft\": \"سلام\"}\n".as_bytes().to_vec(),
    );
    assert!(o.status.success());
}
