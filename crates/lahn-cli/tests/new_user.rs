//! What a new user tripped over, each fixed: scores named when `--min-score` fails, Persian
//! output in Persian digits and category names, quiet broken pipes, a blank batch line, `check
//! -`, the score after `--fix`, one mention of a file in an I/O error, rule docs without raw
//! fields and «did you mean» for a mistyped rule.

mod common;

use std::process::{Command, Stdio};

use common::{lahn, text};
use serde_json::Value;

/// A directory of one-reply macros: a poor one and a good one.
fn macros() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("poor.txt"),
        "خیر، ما آن چه میخواهید را نداریم. باید صبر کنید.",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "{{first_name}} عزیز، سفارش شما امروز ارسال شد. اگر سؤال دیگری دارید، در خدمتم.",
    )
    .unwrap();
    dir
}

#[test]
fn min_score_names_the_macros_under_it_and_scores_are_shown_on_request() {
    let dir = macros();
    let args = ["check", ".", "--isolated", "-q", "--fail-on", "never"];
    let o = lahn(
        dir.path(),
        &[&args[..], &["--min-score", "90", "--lang", "en"]].concat(),
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("lahn: 1 macro(s) score under 90:"), "{err}");
    assert!(
        err.contains("poor.txt:1:1") && !err.contains("good.txt"),
        "{err}"
    );
    let out = text(&o.stdout);
    assert!(!out.contains("macro scores:"), "{out}");

    let o = lahn(
        dir.path(),
        &[&args[..], &["--scores", "--lang", "en"]].concat(),
        "",
    );
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    let listed: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != "macro scores:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(listed.len(), 2, "{out}");
    assert!(listed[0].ends_with("poor.txt:1:1") && listed[1].ends_with("good.txt:1:1"));
    assert!(listed[1].trim_start().starts_with("100 "), "{listed:?}");
}

#[test]
fn persian_output_uses_persian_digits_and_english_latin() {
    let dir = macros();
    let has_latin_digit = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    let has_persian_digit = |s: &str| s.chars().any(|c| ('۰'..='۹').contains(&c));
    let draft = "خیر، ما آن چه میخواهید را نداریم. باید صبر کنید.";
    let o = lahn(dir.path(), &["review", draft, "--isolated"], "");
    let fa = text(&o.stdout);
    assert!(!has_latin_digit(&fa) && has_persian_digit(&fa), "{fa}");
    assert!(fa.starts_with("امتیاز: ") && fa.contains(" از ۱۰۰"), "{fa}");
    assert!(
        fa.contains("لحن منفی") && !fa.contains("negativity "),
        "{fa}"
    );
    let o = lahn(
        dir.path(),
        &["review", draft, "--isolated", "--lang", "en"],
        "",
    );
    let en = text(&o.stdout);
    assert!(
        !has_persian_digit(&en) && en.contains("/100") && en.contains("negativity "),
        "{en}"
    );

    let o = lahn(
        dir.path(),
        &["check", "poor.txt", "--isolated", "--scores"],
        "",
    );
    let fa = text(&o.stdout);
    let summary = fa.lines().last().unwrap();
    assert!(
        !has_latin_digit(summary) && has_persian_digit(summary),
        "{summary}"
    );
    assert!(summary.contains("میانگین امتیاز"), "{summary}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = macros();
    for args in [
        &[
            "review",
            "سلام، باید صبر کنید.",
            "--format",
            "json",
            "--isolated",
        ][..],
        &["review", "سلام، باید صبر کنید.", "--isolated"],
        &["rules", "--isolated"],
        &["explain", "cliche-asap", "--isolated"],
        &["check", ".", "--isolated", "--format", "json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lahn"))
            .current_dir(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before lahn writes, as `| head -0` would.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!(text(&o.stderr), "", "{args:?}");
        assert_ne!(o.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn check_dash_reads_one_reply_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let o = lahn(
        dir.path(),
        &["check", "-", "--isolated", "--format", "json"],
        "سلام، باید صبر کنید.",
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["macros"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["path"], "-");
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "negativity-obligation"));
}

#[test]
fn fix_reports_the_score_after_the_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reply.txt");
    let reply = "{{first_name}} عزيز، سفارش شما ارسال شد. اگر سؤال ديگري داريد، در خدمتم.";
    std::fs::write(&file, reply).unwrap();
    let score = |args: &[&str]| {
        let o = lahn(
            dir.path(),
            &[
                &["check", "reply.txt", "--isolated", "--format", "json"][..],
                args,
            ]
            .concat(),
            "",
        );
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        (
            v["macros"][0]["score"].as_u64().unwrap(),
            v["findings"].as_array().unwrap().len(),
        )
    };
    let (before, found_before) = score(&[]);
    let (after_fix, found_after) = score(&["--fix"]);
    let (again, _) = score(&[]);
    assert!(found_before > found_after, "{found_before} → {found_after}");
    assert!(after_fix > before, "{before} → {after_fix}");
    assert_eq!(
        after_fix, again,
        "the score --fix reports is the fixed file's"
    );
}

#[test]
fn a_write_error_names_the_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reply.txt");
    std::fs::write(&file, "سلام، كد شما فعال شد.").unwrap();
    let mut perms = std::fs::metadata(&file).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&file, perms).unwrap();
    let o = lahn(
        dir.path(),
        &["check", "reply.txt", "--isolated", "--fix", "-q"],
        "",
    );
    // The report goes on (the file's findings are listed) and says, once, why the fixes
    // were not written.
    let out = text(&o.stdout) + &text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert_eq!(
        out.matches("reply.txt: cannot write the fixes: the file is read-only")
            .count(),
        1,
        "{out}"
    );
    assert!(!out.contains("reply.txt: reply.txt"), "{out}");
}

#[test]
fn rule_docs_have_no_raw_fields_and_typos_get_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let raw = |s: &str| {
        s.match_indices('{').any(|(i, _)| {
            s[i + 1..].split('}').next().is_some_and(|k| {
                !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
        })
    };
    for lang in ["fa", "en"] {
        let o = lahn(dir.path(), &["rules", "--isolated", "--lang", lang], "");
        let list = text(&o.stdout);
        assert!(list.contains("length-channel") && !raw(&list), "{list}");
        for rule in [
            "length-channel",
            "orthography-arabic-letters",
            "tone-register-mismatch",
        ] {
            let o = lahn(
                dir.path(),
                &["explain", rule, "--isolated", "--lang", lang],
                "",
            );
            let doc = text(&o.stdout);
            assert!(o.status.success() && !raw(&doc), "{doc}");
        }
    }
    let o = lahn(dir.path(), &["explain", "cliche-asp", "--isolated"], "");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr),
        "lahn: unknown rule `cliche-asp`; did you mean `cliche-asap`?\n"
    );
}
