//! The reply page and the helpdesk widget of `lahn serve` in a real headless Chromium
//! (Debian's `chromium`, driven by `playwright-core` from npm; `tests/browser/run.mjs`).
//! Screenshots land in `target/tmp/browser-screenshots/`. Where node, chromium or
//! playwright-core is missing the test says so and passes, except in CI (`CI=true`), which
//! installs them (`.ci/browser-setup`) and fails without them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn reply_page_and_widget_in_chromium() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if !found("node") {
        missing.push("node".to_owned());
    }
    if !Path::new(&chromium).is_file() {
        missing.push(format!("chromium ({chromium})"));
    }
    if !dir.join("node_modules/playwright-core").is_dir() {
        missing.push("playwright-core (npm ci --prefix crates/lahn-cli/tests/browser)".to_owned());
    }
    if !missing.is_empty() {
        let why = format!(
            "the browser test needs {}; .ci/browser-setup installs them",
            missing.join(", ")
        );
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("{why}");
        }
        eprintln!("skipped: {why}");
        return;
    }
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots");
    let out = Command::new("node")
        .arg(dir.join("run.mjs"))
        .arg(env!("CARGO_BIN_EXE_lahn"))
        .arg(&shots)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the browser test failed:\n{stdout}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    for shot in [
        "page-desktop.png",
        "page-desktop-en.png",
        "page-phone.png",
        "widget-desktop.png",
        "widget-contenteditable.png",
        "widget-phone.png",
    ] {
        let png = std::fs::read(shots.join(shot)).unwrap_or_else(|e| panic!("{shot}: {e}"));
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{shot} is no screenshot"
        );
    }
    eprintln!("screenshots: {}", shots.display());
}
