//! `lahn check` end to end: output formats on the bundled examples (snapshots), SARIF's
//! required fields, locations through escapes and HTML, suppressions, the baseline and fixes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn lahn(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lahn"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("lahn runs")
}

/// The workspace root, where `examples/` is.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn examples(format: &str, lang: &str) -> Output {
    lahn(
        &root(),
        &[
            "check",
            "examples/macros",
            "--isolated",
            "-q",
            "--format",
            format,
            "--lang",
            lang,
        ],
    )
}

#[test]
fn human_snapshot() {
    let o = examples("human", "en");
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("human_en", stdout(&o));
    insta::assert_snapshot!("human_fa", stdout(&examples("human", "fa")));
}

#[test]
fn json_snapshot() {
    let o = examples("json", "en");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["macros"], 33);
    insta::assert_snapshot!("json_en", stdout(&o));
}

#[test]
fn github_snapshot() {
    let o = examples("github", "en");
    insta::assert_snapshot!("github_en", stdout(&o));
}

fn sarif() -> Value {
    let o = examples("sarif", "en");
    let mut v: Value = serde_json::from_slice(&o.stdout).unwrap();
    // The repository root's absolute URI differs between machines.
    v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///REPO/".into();
    v
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif_en", serde_json::to_string_pretty(&sarif()).unwrap());
}

#[test]
fn sarif_has_what_github_requires() {
    let v = sarif();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif"));
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "lahn");
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() > 10);
    for r in rules {
        for field in ["id", "name"] {
            assert!(r[field].as_str().is_some_and(|s| !s.is_empty()), "{r}");
        }
        for field in ["shortDescription", "fullDescription", "help"] {
            assert!(
                r[field]["text"].as_str().is_some_and(|s| !s.is_empty()),
                "{r}"
            );
        }
        assert!(r["defaultConfiguration"]["level"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], id);
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("examples/macros/"), "{uri}");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &loc["region"];
        for f in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[f].as_u64().unwrap() >= 1, "{f}: {region}");
        }
        assert!(res["partialFingerprints"]["lahnFinding/v1"].is_string());
    }
}

/// Every finding's file offsets cover exactly the source of the text it found: through JSON
/// escapes, HTML tags and entities, CSV quotes and YAML styles.
#[test]
fn offsets_point_into_the_original_file() {
    let o = examples("json", "en");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut escaped = 0;
    for f in v["findings"].as_array().unwrap() {
        let path = root().join(f["path"].as_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let b = &f["offsets"]["byte"];
        let (s, e) = (
            b[0].as_u64().unwrap() as usize,
            b[1].as_u64().unwrap() as usize,
        );
        let src = &text[s..e];
        let found = f["found"].as_str().unwrap();
        if src != found {
            escaped += 1;
        }
        // The source decodes to the found text: compare with escapes, tags and quotes removed.
        let letters = |t: &str| -> String { t.chars().filter(|c| c.is_alphabetic()).collect() };
        let decoded = if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str::<String>(&format!("\"{src}\"")).unwrap_or_else(|_| src.to_owned())
        } else {
            src.to_owned()
        };
        let decoded = decoded.replace("&amp;", "&");
        let decoded = regex_lite_strip_tags(&decoded);
        assert_eq!(
            letters(&decoded),
            letters(found),
            "{}: {src:?} vs {found:?}",
            f["rule"]
        );
        // Line and column agree with the byte offset.
        let line = f["line"].as_u64().unwrap() as usize;
        let col = f["column"].as_u64().unwrap() as usize;
        let line_start: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        assert_eq!(text[line_start..s].chars().count() + 1, col);
    }
    assert!(escaped > 0, "some findings sit inside escapes or HTML");
}

fn regex_lite_strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn temp_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn findings(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut a = vec!["check", ".", "--isolated", "--format", "json"];
    a.extend_from_slice(args);
    let o = lahn(dir, &a);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr)));
    v["findings"].as_array().unwrap().clone()
}

fn rules_of(f: &[Value]) -> Vec<String> {
    f.iter()
        .map(|x| x["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn location_inside_an_escaped_json_string() {
    let src = r#"[{"title":"t","body":"سلام {{ticket.requester.first_name}}\n\"نقل\" \u0628\u0633\u064aار خوب. اگر سوال دیگری دارید، در خدمتم."}]"#;
    let dir = temp_with(&[("m.json", src)]);
    let f = findings(dir.path(), &[]);
    let ar = f
        .iter()
        .find(|x| x["rule"] == "orthography-arabic-letters")
        .expect("the Arabic yeh is found");
    let b = &ar["offsets"]["byte"];
    let (s, e) = (
        b[0].as_u64().unwrap() as usize,
        b[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&src[s..e], r"\u0628\u0633\u064aار");
    assert_eq!(ar["found"], "بسيار");
    assert_eq!(ar["line"], 1);
    assert_eq!(
        ar["column"].as_u64().unwrap() as usize,
        src[..s].chars().count() + 1
    );
    assert_eq!(
        ar["offsets"]["utf16"][0].as_u64().unwrap() as usize,
        src[..s].encode_utf16().count()
    );
}

#[test]
fn location_inside_zendesk_html() {
    let src = "{\"macros\":[{\"id\":7,\"title\":\"h\",\"actions\":[{\"field\":\"comment_value_html\",\"value\":\"<p>سلام {{ticket.requester.first_name}}&nbsp;عزیز</p>\\n<p>مبلغ <b>برگشت</b> داده شد و كارت شما شارژ شد.</p><p>اگر سوال دیگری دارید، در خدمتم.</p>\"}]}]}";
    let dir = temp_with(&[("zendesk.json", src)]);
    let f = findings(dir.path(), &[]);
    let ar = f
        .iter()
        .find(|x| x["rule"] == "orthography-arabic-letters")
        .expect("the Arabic kaf is found");
    let b = &ar["offsets"]["byte"];
    let (s, e) = (
        b[0].as_u64().unwrap() as usize,
        b[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&src[s..e], "كارت");
    assert_eq!(ar["macro"]["id"], "7");
}

#[test]
fn suppression_forms() {
    let bad = "در اسرع وقت";
    let cases = [
        ("html next line", format!("<!-- lahn-disable-next-line cliche-asap -->\n{bad} پاسخ می‌دهیم."), true),
        ("html next line, other rule", format!("<!-- lahn-disable-next-line cliche-call-important -->\n{bad} پاسخ می‌دهیم."), false),
        ("html next line, not that line", format!("<!-- lahn-disable-next-line cliche-asap -->\nسلام.\n{bad} پاسخ می‌دهیم."), false),
        ("html block", format!("<!-- lahn-disable cliche-asap -->\n{bad} پاسخ می‌دهیم.\n<!-- lahn-enable cliche-asap -->"), true),
        ("html block ended", format!("<!-- lahn-disable cliche-asap --><!-- lahn-enable cliche-asap -->\n{bad} پاسخ می‌دهیم."), false),
        ("html category", format!("<!-- lahn-disable cliche -->\n{bad} پاسخ می‌دهیم."), true),
        ("liquid hash", format!("{{# lahn-disable-next-line cliche-asap #}}\n{bad} پاسخ می‌دهیم."), true),
        ("liquid comment block", format!("{{% comment %}}lahn-disable cliche-asap{{% endcomment %}}{bad} پاسخ می‌دهیم."), true),
        ("all rules", format!("<!-- lahn-disable -->{bad} پاسخ می‌دهیم."), true),
    ];
    for (name, body, quiet) in cases {
        let text = format!(
            "سلام {{{{ticket.requester.first_name}}}}،\n{body}\nاگر سوال دیگری دارید، در خدمتم.\n"
        );
        let dir = temp_with(&[("m.md", &text)]);
        let rules = rules_of(&findings(dir.path(), &[]));
        assert_eq!(
            !rules.contains(&"cliche-asap".to_owned()),
            quiet,
            "{name}: {rules:?}"
        );
    }
}

#[test]
fn baseline_quiets_old_findings_and_fails_new_ones() {
    let old = r#"[{"id":"a","title":"a","body":"مشتری گرامی، در اسرع وقت پاسخ می‌دهیم."}]"#;
    let dir = temp_with(&[("m.json", old)]);
    let o = lahn(
        dir.path(),
        &["check", ".", "--isolated", "--write-baseline", "-q"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.path().join("lahn-baseline.json").is_file());
    let o = lahn(dir.path(), &["check", ".", "--isolated", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // The same findings after an edit elsewhere in the file stay quiet; a new one fails.
    let new = r#"[{"id":"a","title":"a","body":"مشتری گرامی، در اسرع وقت پاسخ می‌دهیم."},
{"id":"b","title":"b","body":"تماس شما برای ما بسیار مهم است."}]"#;
    std::fs::write(dir.path().join("m.json"), new).unwrap();
    let f = findings(dir.path(), &[]);
    assert!(f.iter().all(|x| x["macro"]["id"] == "b"), "{f:?}");
    assert!(rules_of(&f).contains(&"cliche-call-important".to_owned()));
    let o = lahn(dir.path(), &["check", ".", "--isolated", "-q"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn fix_leaves_what_the_baseline_accepts() {
    let dir = temp_with(&[("m.json", r#"[{"id":"a","title":"a","body":"برايتان"}]"#)]);
    let o = lahn(
        dir.path(),
        &["check", ".", "--isolated", "--write-baseline", "-q"],
    );
    assert_eq!(o.status.code(), Some(0));
    // A new finding beside the accepted one: only the new one is fixed.
    let edited = r#"[{"id":"a","title":"a","body":"برايتان\nكمک"}]"#;
    std::fs::write(dir.path().join("m.json"), edited).unwrap();
    let o = lahn(dir.path(), &["check", ".", "--isolated", "--fix", "-q"]);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stdout(&o));
    let fixed = std::fs::read_to_string(dir.path().join("m.json")).unwrap();
    assert_eq!(fixed, r#"[{"id":"a","title":"a","body":"برايتان\nکمک"}]"#);
}

#[test]
fn fix_changes_only_the_fixed_bytes_in_every_format() {
    let files = [
        (
            "a.json",
            "[\n  {\"title\": \"t\", \"body\": \"\\\"نقل\\\" برايتان\\nكمک\"}\n]\n",
            "[\n  {\"title\": \"t\", \"body\": \"«نقل» برایتان\\nکمک\"}\n]\n",
        ),
        (
            "b.yaml",
            "- title: t\n  body: 'it''s برايتان'\n- title: u\n  body: |\n    سلام\n    كمک\n",
            "- title: t\n  body: 'it''s برایتان'\n- title: u\n  body: |\n    سلام\n    کمک\n",
        ),
        (
            "c.csv",
            "title,body\nt,\"\"\"نقل\"\" برايتان\"\r\n",
            "title,body\nt,\"«نقل» برایتان\"\r\n",
        ),
        (
            "d.toml",
            "[[macro]]\ntitle = \"t\"\nbody = \"سلام\\tبرايتان\"\n",
            "[[macro]]\ntitle = \"t\"\nbody = \"سلام\\tبرایتان\"\n",
        ),
        ("e.txt", "سلام برايتان\n", "سلام برایتان\n"),
    ];
    let dir = temp_with(&files.iter().map(|(n, t, _)| (*n, *t)).collect::<Vec<_>>());
    let o = lahn(dir.path(), &["check", ".", "--isolated", "--fix", "-q"]);
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for (name, _, want) in files {
        let got = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(got, want, "{name}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".lahn-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn diff_previews_without_writing() {
    let dir = temp_with(&[("e.txt", "سلام برايتان\n")]);
    let o = lahn(dir.path(), &["check", ".", "--isolated", "--diff", "-q"]);
    let out = stdout(&o);
    assert!(
        out.contains("-سلام برايتان") && out.contains("+سلام برایتان"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("e.txt")).unwrap(),
        "سلام برايتان\n"
    );
}

#[test]
fn fix_reads_stdin() {
    let o = common::lahn(&root(), &["fix", "--isolated"], "كمک {{name}}");
    assert_eq!(stdout(&o), "کمک {{name}}");
}

#[test]
fn exit_codes() {
    let dir = temp_with(&[("good.txt", "سلام {{ticket.requester.first_name}}، سفارش‌تان فردا می‌رسد. اگر سوال دیگری دارید، در خدمتم.\n")]);
    assert_eq!(
        lahn(dir.path(), &["check", ".", "--isolated", "-q"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        lahn(
            dir.path(),
            &["check", ".", "--isolated", "-q", "--min-score", "101"]
        )
        .status
        .code(),
        Some(1)
    );
    std::fs::write(dir.path().join("bad.json"), "[{\"body\": \"x\"").unwrap();
    let o = lahn(dir.path(), &["check", ".", "--isolated", "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("bad.json:1:"), "{}", stdout(&o));
    std::fs::write(dir.path().join("bad.json"), "[]").unwrap();
    std::fs::write(dir.path().join("lahn.toml"), "limitz = 1\n").unwrap();
    let o = lahn(dir.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("lahn.toml:1:1"));
}

#[test]
fn config_is_found_upward_and_printed() {
    let dir = temp_with(&[
        (
            "lahn.toml",
            "disable = [\"cliche\"]\nexclude = [\"drafts/**\"]\n",
        ),
        ("sub/deep/m.txt", "در اسرع وقت"),
        ("sub/drafts/x.txt", "تماس شما برای ما بسیار مهم است."),
    ]);
    let deep = dir.path().join("sub");
    let o = lahn(&deep, &["config"]);
    assert!(
        stdout(&o).contains("disable = [\"cliche\"]"),
        "{}",
        stdout(&o)
    );
    let f = findings(&deep, &[]);
    assert!(
        f.iter().any(|x| x["rule"] == "cliche-asap"),
        "--isolated ignores the config"
    );
    let mut a = vec!["check", ".", "--format", "json"];
    a.truncate(4);
    let o = lahn(&deep, &a);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = rules_of(v["findings"].as_array().unwrap());
    assert!(!rules.iter().any(|r| r.starts_with("cliche")), "{rules:?}");
}

#[test]
fn github_escapes_and_caps() {
    let body =
        "مشتری گرامی، در اسرع وقت. تماس شما برای ما بسیار مهم است. همکاران ما در حال بررسی هستند.";
    let items: Vec<String> = (0..6)
        .map(|i| format!("{{\"id\":\"m{i}\",\"title\":\"a:b,c%{i}\",\"body\":\"{body}\"}}"))
        .collect();
    let dir = temp_with(&[("m.json", &format!("[{}]", items.join(",")))]);
    let o = lahn(
        dir.path(),
        &["check", ".", "--isolated", "-q", "--format", "github"],
    );
    let out = stdout(&o);
    let warnings = out.lines().filter(|l| l.starts_with("::warning ")).count();
    assert_eq!(warnings, 10, "{out}");
    assert!(
        out.contains("title=lahn cliche-asap (a%3Ab%2Cc%250)"),
        "{out}"
    );
    assert!(out.contains("more findings were not annotated"));
    assert!(out
        .lines()
        .all(|l| !l.starts_with("::") || !l.contains('\r')));
}

#[test]
fn test_rules_runs_a_teams_pack() {
    let pack = include_str!("fixtures/team-pack/team-no-bizahmat.toml");
    let dir = temp_with(&[("pack/team-no-bizahmat.toml", pack)]);
    let o = lahn(dir.path(), &["test-rules", "pack"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout(&o).contains("1 passed, 0 failed"));
    let broken = pack.replace("flagged = \"بی زحمت\"", "flagged = \"شماره\"");
    std::fs::write(dir.path().join("pack/team-no-bizahmat.toml"), broken).unwrap();
    let o = lahn(dir.path(), &["test-rules", "pack"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn killing_fix_mid_run_leaves_the_old_file_or_the_new_one() {
    // A file with many safe fixes (Arabic «ي»), big enough that `--fix` is still busy when
    // it is killed. Whenever the kill lands, the file holds the old text or the fully fixed
    // one, never a mix, and never nothing.
    let line = "سلام {{ticket.requester.first_name}}، سفارش شما ارسال شد و فردا مي‌رسد. اگر سوالي بود، در خدمتم.\n";
    let old = line.repeat(400);
    let done = temp_with(&[("macro.txt", &old)]);
    let _ = lahn(done.path(), &["check", "--isolated", "--fix", "-q", "."]);
    let new = std::fs::read_to_string(done.path().join("macro.txt")).unwrap();
    assert_ne!(new, old, "the fixes apply");
    for delay_ms in [0, 5, 15, 40, 80, 150, 300, 600] {
        let dir = temp_with(&[("macro.txt", &old)]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_lahn"))
            .current_dir(dir.path())
            .args(["check", "--isolated", "--fix", "-q", "."])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read_to_string(dir.path().join("macro.txt")).unwrap();
        assert!(
            now == old || now == new,
            "after a kill at {delay_ms} ms the file is neither old nor new"
        );
    }
}

#[test]
fn unreadable_files_are_named_and_the_rest_is_still_checked() {
    let dir = temp_with(&[
        ("good.txt", "سلام، متاسفانه نمیتونیم.\n"),
        (
            "truncated.json",
            "[{\"title\": \"x\", \"body\": \"سلام نمیتونیم",
        ),
        ("broken.csv", "title,body\n\"a,\"broken\n"),
        ("truncated.yaml", "- title: a\n  body: \"سلام\n- [unclosed\n"),
    ]);
    // The bad byte after a long valid run, which is read in vector-sized blocks.
    let mut bad = "سلام، سفارش شما ارسال شد. ".repeat(9).into_bytes();
    let bad_at = bad.len();
    bad.extend_from_slice(b"\xff\xfe\n");
    std::fs::write(dir.path().join("bad-utf8.txt"), bad).unwrap();
    let utf16: Vec<u8> = std::iter::once(0xFEFF_u16)
        .chain("سلام، نمیتونیم.".encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(dir.path().join("utf16.txt"), utf16).unwrap();
    std::fs::write(
        dir.path().join("nested.json"),
        "[".repeat(100_000) + &"]".repeat(100_000),
    )
    .unwrap();
    let o = lahn(
        dir.path(),
        &["check", "--isolated", "--format", "json", "."],
    );
    assert_eq!(o.status.code(), Some(2), "unreadable files are an error");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let errors: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap().to_owned())
        .collect();
    let bad_utf8 = format!("not UTF-8 text (invalid byte at offset {bad_at})");
    for (file, says) in [
        ("bad-utf8.txt", bad_utf8.as_str()),
        ("utf16.txt", "UTF-16"),
        ("truncated.json", "truncated.json:1:"),
        ("nested.json", "nested too deeply"),
        ("broken.csv", "broken.csv:2:"),
        ("truncated.yaml", "truncated.yaml:"),
    ] {
        assert!(
            errors.iter().any(|e| e.contains(file) && e.contains(says)),
            "{file}: {errors:?}"
        );
    }
    let good: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "good.txt")
        .collect();
    assert!(
        good.iter().any(|f| f["rule"] == "negativity-inability"),
        "good.txt is still checked"
    );
}

#[test]
fn every_thread_count_writes_the_same_report() {
    for format in ["json", "sarif", "human"] {
        let run = |threads: &str| {
            let o = lahn(
                &root(),
                &[
                    "check",
                    "examples",
                    "--isolated",
                    "-q",
                    "--format",
                    format,
                    "--threads",
                    threads,
                ],
            );
            assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
            o.stdout
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(run("2"), one, "{format}");
        assert_eq!(run("5"), one, "{format}");
    }
}

/// Each finding of `--format json` is written as `serde_json` writes its value: what the
/// found text, title, path and messages hold (quotes, backslashes, control characters, no
/// title) is escaped the same way, and no field is out of order.
#[test]
fn json_findings_are_written_as_serde_json_writes_them() {
    let macros = serde_json::json!([
        {"title": "quotes \"و\" \\ back\tslash", "body": "سلام \"پیگیری سفارش\" ما نمیتونیم كمك کنیم\u{1}. \\ متاسفانه امکان ندارد!!"},
        {"body": "مشتری گرامی، متاسفانه نمی‌توانیم.\r\nبا تشکر"},
    ]);
    let dir = temp_with(&[("tab\tquote\".json", &macros.to_string())]);
    let o = lahn(
        dir.path(),
        &["check", ".", "--isolated", "--format", "json"],
    );
    let text = stdout(&o);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("    {\"body_offsets\""))
        // Each is followed by `,`, the last by the list's end: `]` and `,`.
        .map(|l| l.trim().trim_end_matches([',', ']']))
        .collect();
    assert!(lines.len() >= 5, "{text}");
    let mut seen = (false, false);
    for line in lines {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(serde_json::to_string(&v).unwrap(), line);
        seen.0 |= v["macro"]["title"].is_null();
        seen.1 |= v["fix"].is_object();
    }
    assert_eq!(seen, (true, true), "{text}");
}
