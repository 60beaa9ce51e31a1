//! `lahn batch --keep` / `--keep-all`: input fields reach the output exactly as written, and
//! without them the output is the report alone, in its usual bytes.

mod common;

use common::{lahn, text};
use serde_json::{json, Value};

/// Input lines in several registers, with an analyst's fields of every JSON kind.
const INPUT: &str = concat!(
    r#"{"id": 123456789012345678901234567890, "agent": "مریم", "draft": "سلام، نمیتونیم کاری بکنیم.", "created_at": "2026-03-01T09:30:00Z", "score": 3}"#,
    "\n",
    r#"{"id":"t-2","agent":{"name":"Ali","team":[1, 2.50, 1E+300, -0.0]},"draft":"{{name}} عزيز، مشكل شما حل شد 🙂 ممنون که اطلاع دادید.","ticket":18446744073709551617,"note":"a\"b\\c\u06cc"}"#,
    "\n",
    r#"{"id": 7, "draft": "با سلام، احتراماً به استحضار می‌رساند درخواست شما در دست بررسی است.", "agent": null}"#,
    "\n",
    r#"{"id": 8, "agent": "سارا", "draft": 5}"#,
    "\n",
    "not json\n",
);

fn batch(args: &[&str]) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["batch", "--isolated", "--threads", "2"];
    all.extend_from_slice(args);
    let out = lahn(dir.path(), &all, INPUT);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines = stdout.lines().map(str::to_owned).collect();
    (stdout, lines)
}

/// The output line with the kept fields taken out, as a value.
fn without(line: &str, names: &[&str]) -> Value {
    let mut v: Value = serde_json::from_str(line).unwrap();
    for n in names {
        v.as_object_mut().unwrap().remove(*n);
    }
    v
}

#[test]
fn without_keep_each_line_is_the_report_in_its_compact_sorted_form() {
    let (_, lines) = batch(&[]);
    assert_eq!(lines.len(), 5);
    for line in &lines {
        let v: Value = serde_json::from_str(line).unwrap();
        // The bytes are what serialising the object writes, but for an id past 2^53, which
        // is written as the input has it and read back as a float: no field added, none
        // reordered.
        let mut want = serde_json::to_string(&v).unwrap();
        if v["id"].is_f64() {
            want = want.replace(
                &format!("\"id\":{}", v["id"]),
                "\"id\":123456789012345678901234567890",
            );
        }
        assert_eq!(*line, want);
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert!(
            keys == ["categories", "findings", "id", "score"] || keys == ["error", "id", "line"],
            "{keys:?}"
        );
    }
}

#[test]
fn kept_fields_are_copied_as_written() {
    let (stdout, lines) = batch(&["--keep", "id,agent,ticket,note,created_at"]);
    assert_eq!(lines.len(), 5);
    // Numbers keep every digit, past 2^64 too; nested values keep their spacing and spelling.
    assert!(lines[0].ends_with(
        r#","id":123456789012345678901234567890,"agent":"مریم","created_at":"2026-03-01T09:30:00Z"}"#
    ), "{}", lines[0]);
    assert!(lines[1].ends_with(
        r#","id":"t-2","agent":{"name":"Ali","team":[1, 2.50, 1E+300, -0.0]},"ticket":18446744073709551617,"note":"a\"b\\c\u06cc"}"#
    ), "{}", lines[1]);
    assert!(
        lines[2].ends_with(r#","id":7,"agent":null}"#),
        "{}",
        lines[2]
    );
    // A line whose draft is wrong still carries its fields, beside its error.
    let bad: Value = serde_json::from_str(&lines[3]).unwrap();
    assert_eq!(bad["agent"], json!("سارا"));
    assert!(bad["error"].is_string());
    // A line that is not an object has nothing to keep.
    let junk: Value = serde_json::from_str(&lines[4]).unwrap();
    assert_eq!(junk["line"], json!(5));
    assert!(junk.get("agent").is_none());
    // Taking the kept fields out gives the report `lahn batch` writes without them.
    let (_, plain) = batch(&[]);
    for (kept, plain) in lines.iter().zip(&plain) {
        let plain: Value = serde_json::from_str(plain).unwrap();
        let kept = without(kept, &["agent", "ticket", "note", "created_at"]);
        assert_eq!(kept, plain);
    }
    assert!(!stdout.contains("\"score\":3"));
}

#[test]
fn keep_all_copies_every_field_but_the_outputs_own() {
    let (_, lines) = batch(&["--keep-all"]);
    let first = &lines[0];
    assert!(
        first.contains(r#""draft":"سلام، نمیتونیم کاری بکنیم.""#),
        "{first}"
    );
    assert!(
        first.contains(r#""id":123456789012345678901234567890"#),
        "{first}"
    );
    // The input's own `score` does not replace the review's.
    let v: Value = serde_json::from_str(first).unwrap();
    assert!(v["score"].as_u64().unwrap() < 100);
    assert_eq!(first.matches("\"score\"").count(), 1);
    let second: Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(second["agent"]["name"], json!("Ali"));
    assert!(lines[1].contains(r#""ticket":18446744073709551617"#));
    // Each kept field once, in the input's order.
    let keys: Vec<String> = second.as_object().unwrap().keys().cloned().collect();
    for k in ["id", "agent", "draft", "ticket", "note"] {
        assert!(keys.contains(&k.to_owned()), "{k} missing from {keys:?}");
        assert_eq!(lines[1].matches(&format!("\"{k}\":")).count(), 1, "{k}");
    }
}

#[test]
fn keeping_an_output_name_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["score", "agent,findings", "agent,,id"] {
        let out = lahn(dir.path(), &["batch", "--isolated", "--keep", bad], "");
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            text(&out.stderr).contains("--keep"),
            "{}",
            text(&out.stderr)
        );
    }
    let both = lahn(
        dir.path(),
        &["batch", "--isolated", "--keep", "a", "--keep-all"],
        "",
    );
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn a_line_of_many_fields_and_repeated_names_is_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::from("{\"draft\": \"سلام\", \"dup\": 1");
    for i in 0..50_000 {
        line.push_str(&format!(", \"f{i}\": {i}"));
    }
    line.push_str(", \"dup\": [2]}\n");
    // As many fields as fit under batch's line limit.
    assert!(line.len() < lahn_json::lines::MAX_LINE_BYTES);
    let out = lahn(dir.path(), &["batch", "--isolated", "--keep-all"], &line);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    // Reviewed, with each field once: the repeated name with its last value.
    assert!(v["score"].is_u64());
    assert_eq!(v["dup"], json!([2]));
    assert_eq!(v["f49999"], json!(49_999));
    // categories, findings, id, score; draft, dup and the 50,000 others.
    assert_eq!(v.as_object().unwrap().len(), 4 + 2 + 50_000);
}
