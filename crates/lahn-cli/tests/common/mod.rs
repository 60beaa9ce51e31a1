//! Running the `lahn` binary from the integration tests.
// Each test binary that includes this module uses part of it.
#![allow(dead_code)]

pub mod generated;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `lahn ARGS` in `dir` with `stdin` on its standard input, without colour or CI.
pub fn lahn(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lahn"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The bundled example replies (`examples/conversations.jsonl`).
pub fn examples() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/conversations.jsonl"),
    )
    .unwrap()
}
