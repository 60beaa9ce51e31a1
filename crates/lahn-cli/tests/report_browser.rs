//! `lahn report` in a real browser: headless Chromium opens the page with no console message
//! (no script error, no blocked load), runs its script, and takes screenshots in Persian and
//! in English, saved under the target directory to be looked at
//! (`target/tmp/report-fa.png`, `target/tmp/report-en.png`).
//!
//! Chromium comes from `.ci/browser-setup`. Without it the test fails in CI (`CI` set) and
//! says it was skipped elsewhere.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::generated::{line, Rng};
use common::{examples, lahn, text};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LAHN_CHROMIUM") {
        return Some(p.into());
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// Runs the browser headless on `url` with `args`; its standard output and error. A browser
/// that hangs is killed after a minute.
fn browse(browser: &Path, args: &[&str], url: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", dir.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        // Files, not pipes: a page's DOM fills a pipe before the browser ends.
        .stdout(std::fs::File::create(dir.path().join("out")).unwrap())
        .stderr(std::fs::File::create(dir.path().join("err")).unwrap())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish in a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let read = |name: &str| {
        String::from_utf8_lossy(&std::fs::read(dir.path().join(name)).unwrap()).into_owned()
    };
    (read("out"), read("err"))
}

#[test]
fn the_report_opens_in_chromium_without_console_messages() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing: .ci/browser-setup installs it"
        );
        eprintln!("skipped: no chromium on PATH (set LAHN_CHROMIUM to its path)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The bundled examples, reviewed, then generated replies with agents and dates.
    let examples = examples();
    let batch = lahn(
        dir.path(),
        &["batch", "--isolated", "--keep", "draft,channel"],
        &examples,
    );
    let mut input = text(&batch.stdout).replace("\"channel\":", "\"agent\":");
    let mut rng = Rng::new(3);
    for i in 0..3000 {
        input.push_str(&line(&mut rng, i).to_string());
        input.push('\n');
    }
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let page = shots.join("report.html");
    let out = lahn(
        dir.path(),
        &[
            "report",
            "--by",
            "agent",
            "--time",
            "created_at",
            "--per",
            "week",
            "--worst",
            "8",
            "-o",
            page.to_str().unwrap(),
        ],
        &input,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let url = format!("file://{}", page.display());

    let (dom, log) = browse(&browser, &["--dump-dom"], &url);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script did not run to its end"
    );

    for (lang, hash) in [("fa", ""), ("en", "#en")] {
        let shot = shots.join(format!("report-{lang}.png"));
        let _ = std::fs::remove_file(&shot);
        let (_, log) = browse(
            &browser,
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1100,2600",
            ],
            &format!("{url}{hash}"),
        );
        let png = std::fs::read(&shot).unwrap_or_else(|_| panic!("no screenshot: {log}"));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        // A blank page of that size compresses to a few kilobytes; the report is far larger.
        assert!(png.len() > 100_000, "{lang}: {} bytes", png.len());
        eprintln!("screenshot: {}", shot.display());
    }
    let fa = std::fs::read(shots.join("report-fa.png")).unwrap();
    let en = std::fs::read(shots.join("report-en.png")).unwrap();
    assert_ne!(fa, en, "the English switch changed nothing");
}
