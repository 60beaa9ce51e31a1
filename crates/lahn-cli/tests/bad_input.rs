//! The bad-input corpus (`tests/bad_input/`): drafts, batch streams and rule packs that are
//! empty, blank, binary, malformed or full of Unicode oddities. Nothing may crash and nothing
//! may be lost: each gets a sensible report or a clear error. Big inputs are generated here
//! rather than committed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use lahn::{fix, Coach, Draft, Error, Report};
use serde_json::Value;

fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_input")
        .join(rel)
}

fn lahn(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lahn"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the lahn binary runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("lahn finishes")
}

/// What every report promises, whatever the input.
fn check(coach: &Coach, draft: &Draft, report: &Report) {
    let text = &draft.text;
    let mut last = (0, 0);
    for f in &report.findings {
        let s = f.span;
        assert!(
            s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{s:?}"
        );
        assert!((s.start, s.end) >= last, "findings out of order");
        last = (s.start, s.end);
    }
    assert_eq!(
        report.score + report.findings.iter().map(|f| f.penalty).sum::<u32>(),
        100
    );
    let fixed = coach.fix_safe(draft);
    let again = coach.review(&draft.with_text(fixed));
    assert!(
        again.findings.iter().all(|f| !fix::is_safe(f)),
        "safe fixes left"
    );
}

fn rules(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| &*f.rule).collect()
}

/// (file, rules that must be among the findings; `None`: no finding at all).
const DRAFTS: &[(&str, Option<&[&str]>)] = &[
    ("empty.txt", None),
    ("whitespace.txt", None),
    ("punctuation.txt", None),
    // NUL bytes read as spaces: «نمی\0توانیم» is still «نمی‌توانیم».
    (
        "nul.txt",
        Some(&["negativity-inability", "sandwich-bad-news"]),
    ),
    // Every bidi control, some inside words: matching sees through them.
    (
        "bidi.txt",
        Some(&["negativity-inability", "cliche-asap", "sandwich-bad-news"]),
    ),
    (
        "emoji_zwj.txt",
        Some(&["cliche-patience-thanks", "negativity-inability"]),
    ),
    // Placeholders left open protect nothing and break nothing.
    ("open_placeholders.txt", Some(&["cliche-asap"])),
    // English words, codes, a URL, an e-mail and times pass through: only the Latin «;» in a
    // Persian sentence and the minority digit script are flagged.
    (
        "mixed_rtl_ltr.txt",
        Some(&["orthography-latin-punctuation", "orthography-mixed-digits"]),
    ),
    ("html_unclosed.txt", Some(&["closing-missing"])),
];

#[test]
fn drafts_get_sensible_reports_from_library_and_cli() {
    let coach = Coach::default();
    for (file, want) in DRAFTS {
        let path = corpus(&format!("review/{file}"));
        let text = std::fs::read_to_string(&path).expect("corpus files are UTF-8");
        let draft = Draft::new(text.as_str());
        let report = coach.review(&draft);
        check(&coach, &draft, &report);
        match want {
            None => {
                assert!(report.findings.is_empty(), "{file}: {:?}", rules(&report));
                assert_eq!(report.score, 100, "{file}");
            }
            Some(want) => {
                for rule in *want {
                    assert!(
                        rules(&report).contains(rule),
                        "{file}: no {rule} in {:?}",
                        rules(&report)
                    );
                }
            }
        }
        let out = lahn(
            &[
                "review",
                "--format",
                "json",
                "--file",
                path.to_str().expect("UTF-8 path"),
            ],
            b"",
        );
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value =
            serde_json::from_slice(&out.stdout).expect("review --format json prints JSON");
        assert_eq!(json["score"], report.score, "{file}");
    }
}

#[test]
fn the_span_over_a_word_with_bidi_controls_covers_them() {
    let text = std::fs::read_to_string(corpus("review/bidi.txt")).unwrap();
    let report = Coach::default().review(&Draft::new(text.as_str()));
    let f = report
        .findings
        .iter()
        .find(|f| &*f.rule == "negativity-inability")
        .unwrap();
    assert_eq!(f.span.text(&text), "ن\u{2067}می\u{2069}توانیم");
}

#[test]
fn combining_marks_stacked_a_hundred_deep() {
    let coach = Coach::default();
    let shadda = "\u{0651}".repeat(100);
    let acute = "\u{0301}".repeat(100);
    let text = format!("سلام e{acute} x{acute}{shadda}. متأسفانه نمی{shadda}توانیم.");
    let draft = Draft::new(text.as_str());
    let report = coach.review(&draft);
    check(&coach, &draft, &report);
    // The marks stay with their letter: the span ends after the last of them.
    let f = report
        .findings
        .iter()
        .find(|f| &*f.rule == "negativity-inability")
        .expect("still found");
    assert_eq!(f.span.text(&text), format!("نمی{shadda}توانیم"));
    // Marks with nothing to sit on.
    for text in [
        acute.clone(),
        shadda.clone(),
        format!("\u{200C}{shadda}\u{200D}{acute}"),
    ] {
        let draft = Draft::new(text.as_str());
        let report = coach.review(&draft);
        check(&coach, &draft, &report);
        assert!(report.findings.is_empty(), "{:?}", rules(&report));
    }
}

#[test]
fn odd_context_is_no_problem() {
    let coach = Coach::default();
    let odd = [
        "",
        " ",
        "\0",
        "\u{202E}",
        "{{",
        "😂😂😂",
        &"ی".repeat(10_000),
    ];
    for name in odd {
        for message in odd {
            let draft = Draft::new("سلام، متأسفانه نمی‌توانیم.")
                .customer_message(message)
                .customer_name(name);
            check(&coach, &draft, &coach.review(&draft));
        }
    }
}

/// Reviews one line of `megabytes` MB and says how long it took.
fn single_line(megabytes: usize) {
    let coach = Coach::default();
    // A realistic reply with one cliché, Arabic letters, a placeholder, a URL and mixed digits,
    // run together into one line.
    let unit =
        "سلام {{ticket.requester.first_name}} عزیز، سفارش شما با کد ۱۲۳۴ ثبت شد و فردا ارسال \
                مي شود؛ وضعیت را در https://x.ir/track?id=1234 ببینید. در اسرع وقت خبر می‌دهیم 😊 ";
    let text = unit.repeat(megabytes * 1_000_000 / unit.len() + 1);
    assert!(text.len() >= megabytes * 1_000_000 && !text.contains('\n'));
    let started = Instant::now();
    let report = coach.review(&Draft::new(text.as_str()));
    let took = started.elapsed();
    eprintln!(
        "{megabytes} MB single line: {} findings in {took:.2?}",
        report.findings.len()
    );
    assert!(report
        .findings
        .iter()
        .all(|f| f.span.end <= text.len() && text.is_char_boundary(f.span.start)));
    let asap = report
        .findings
        .iter()
        .filter(|f| &*f.rule == "cliche-asap")
        .count();
    assert_eq!(asap, text.matches("در اسرع وقت").count());
    assert!(report.score <= 100);
}

#[test]
fn a_one_megabyte_single_line() {
    single_line(1);
}

/// Review time is linear in the length (the tests in `src/` check the parts that were not);
/// a debug build takes about 90 s here, so this one runs in release builds: `cargo test
/// --release --test bad_input -- --ignored` (`.ci/fuzz-smoke` does).
#[test]
#[ignore = "about 90 s in a debug build; run with --release -- --ignored"]
fn a_ten_megabyte_single_line() {
    single_line(10);
}

#[test]
fn malformed_batch_lines_get_one_error_each_and_the_stream_goes_on() {
    let mut input = std::fs::read(corpus("batch/malformed.jsonl")).unwrap();
    // Generated: invalid UTF-8 inside a line, a lone invalid byte, JSON nested past any
    // parser's patience, and a last good line.
    input.extend_from_slice(b"{\"id\": \"bad-utf8\", \"draft\": \"\xff\xfe\"}\n\xff\n");
    input.extend_from_slice(
        format!(
            "{{\"id\": \"deep\", \"draft\": \"x\", \"n\": {}{}}}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        )
        .as_bytes(),
    );
    input.extend_from_slice("{\"id\": \"end\", \"draft\": \"ممنون\"}\n".as_bytes());
    let out = lahn(&["batch", "--threads", "2"], &input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .expect("batch prints UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect();
    // (id, input line of an error, or None for a report), in input order: one output line per
    // input line, blank ones included.
    let want: &[(Value, Option<usize>)] = &[
        (1.into(), None),
        (Value::Null, Some(2)),
        ("no-draft".into(), Some(3)),
        (3.into(), Some(4)),
        (4.into(), Some(5)),
        (Value::Null, Some(6)),
        (Value::Null, Some(7)),
        (Value::Null, Some(8)),
        (Value::Null, Some(9)),
        (Value::Null, Some(10)),
        // A lone surrogate makes the draft unreadable; the id before it is still found.
        (9.into(), Some(11)),
        (10.into(), None),
        (serde_json::json!({"nested": [1, 2]}), None),
        ("last".into(), None),
        ("bad-utf8".into(), Some(15)),
        (Value::Null, Some(16)),
        // Fields other than the input's are skipped unread, however deep.
        ("deep".into(), None),
        ("end".into(), None),
    ];
    assert_eq!(lines.len(), want.len(), "{lines:#?}");
    for (got, (id, error_line)) in lines.iter().zip(want) {
        assert_eq!(&got["id"], id, "{got}");
        match error_line {
            Some(n) => {
                assert_eq!(got["line"], *n, "{got}");
                let msg = got["error"].as_str().expect("an error message");
                assert!(msg.starts_with(&format!("line {n}")), "{msg}");
                assert!(got.get("score").is_none());
            }
            None => assert!(got["score"].is_u64() && got.get("error").is_none(), "{got}"),
        }
    }
}

#[test]
fn a_byte_order_mark_opening_a_batch_is_not_an_error() {
    let out = lahn(
        &["batch"],
        "\u{FEFF}{\"id\": 1, \"draft\": \"سلام\"}\n".as_bytes(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], 1);
    assert!(v["score"].is_u64(), "{v}");
}

#[test]
fn binary_and_utf16_drafts_are_a_clear_error_naming_the_file() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad_input");
    std::fs::create_dir_all(&dir).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("سلام".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    for (name, bytes) in [("utf16.txt", utf16), ("binary.bin", binary)] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = lahn(&["review", "--file", path.to_str().unwrap()], b"");
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name) && err.contains("not UTF-8"), "{err}");
    }
}

/// (pack, line, column, what the message says).
const PACKS: &[(&str, usize, usize, &str)] = &[
    ("bad-toml.toml", 3, 12, "string values must be quoted"),
    ("unknown-field.toml", 4, 1, "unknown field `colour`"),
    ("wrong-types.toml", 10, 11, "invalid type: string"),
    ("unknown-category.toml", 2, 12, "unknown variant `rudeness`"),
];

#[test]
fn malformed_rule_packs_fail_with_file_line_and_column() {
    for (file, line, column, says) in PACKS {
        let path = corpus(&format!("packs/{file}"));
        let source = std::fs::read_to_string(&path).unwrap();
        match lahn::rule::parse(&path, &source) {
            Err(e @ Error::RulePack { .. }) => {
                let msg = e.to_string();
                let at = format!("{}:{line}:{column}: ", path.display());
                assert!(msg.starts_with(&at) && msg.contains(says), "{file}: {msg}");
            }
            other => panic!("{file}: {other:?}"),
        }
        // The same through a builder over the file's directory (the first bad file stops it).
        assert!(Coach::builder().pack(&path, source).build().is_err());
    }
}

#[test]
fn a_rule_pack_that_is_not_utf8_is_located() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad_pack");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("team-rule.toml"),
        b"id = \"team-rule\"\n# \xff\xfe\n",
    )
    .unwrap();
    let msg = Coach::builder()
        .rule_dir(&dir)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("team-rule.toml:2:3: ") && msg.contains("not valid UTF-8"),
        "{msg}"
    );
}
