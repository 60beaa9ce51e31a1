//! One config for every subcommand: a team's `lahn.toml` or `.lahn.toml`, found upward from
//! the working directory, that turns a rule off and adds a rule pack changes `review`,
//! `batch`, `fix`, `check`, `rules`, `explain` and `test-rules` alike; `--isolated` ignores it.

mod common;

use common::{lahn, text};
use serde_json::Value;

const DRAFT: &str = "سلام، تیکت شما ثبت شد و در اسرع وقت بررسی می‌شود.";

const PACK: &str = r#"id = "team-ticket-word"
category = "clarity"
severity = "warning"
message.fa = "به‌جای «تیکت» بنویسید «درخواست»."
message.en = "Write «درخواست» instead of «تیکت»."
[doc]
what.fa = "واژه‌ی «تیکت»."
what.en = "The word «تیکت»."
why.fa = "مشتری این واژه را نمی‌شناسد."
why.en = "Customers don't know the word."
[match]
phrases = ["تیکت"]
[fix]
replacement = "درخواست"
safe = true
[[bad]]
text = "تیکت شما ثبت شد."
flagged = "تیکت"
fixed = "درخواست شما ثبت شد."
[[good]]
text = "درخواست شما ثبت شد."
"#;

/// A team repository with its config under `name`; commands run in `sub/`, below it.
fn team(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("team")).unwrap();
    std::fs::create_dir_all(root.join("sub/macros")).unwrap();
    std::fs::write(
        root.join(name),
        "rule_dirs = [\"team\"]\ndisable = [\"cliche-asap\"]\n",
    )
    .unwrap();
    std::fs::write(root.join("team/team-ticket-word.toml"), PACK).unwrap();
    std::fs::write(root.join("sub/macros/reply.txt"), DRAFT).unwrap();
    dir
}

fn rules(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// Whether the team's config was in force for a run that found `rules`.
fn team_rules_in_force(rules: &[String]) -> bool {
    let team = rules.iter().any(|r| r == "team-ticket-word");
    let asap = rules.iter().any(|r| r == "cliche-asap");
    assert_ne!(team, asap, "either the config or the defaults: {rules:?}");
    team
}

#[test]
fn every_subcommand_reads_the_team_config() {
    for name in ["lahn.toml", ".lahn.toml"] {
        let guard = team(name);
        let sub = guard.path().join("sub");
        for (extra, in_force) in [(&[][..], true), (&["--isolated"][..], false)] {
            let with = |args: &[&'static str]| [args, extra].concat();
            let what = format!("{name} {extra:?}");

            let o = lahn(&sub, &with(&["review", DRAFT, "--format", "json"]), "");
            assert!(o.status.success(), "{what}: {}", text(&o.stderr));
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(
                team_rules_in_force(&rules(&v["findings"])),
                in_force,
                "review {what}"
            );

            let line = serde_json::json!({"id": 1, "draft": DRAFT}).to_string();
            let o = lahn(&sub, &with(&["batch"]), &line);
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(
                team_rules_in_force(&rules(&v["findings"])),
                in_force,
                "batch {what}"
            );

            let o = lahn(&sub, &with(&["fix"]), DRAFT);
            assert_eq!(
                text(&o.stdout).contains("درخواست شما"),
                in_force,
                "fix {what}"
            );

            let o = lahn(&sub, &with(&["check", "macros", "--format", "json"]), "");
            assert_eq!(o.status.code(), Some(1), "{what}: {}", text(&o.stderr));
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(
                team_rules_in_force(&rules(&v["findings"])),
                in_force,
                "check {what}"
            );

            let o = lahn(
                &sub,
                &with(&["explain", "team-ticket-word", "--lang", "en"]),
                "",
            );
            assert_eq!(o.status.success(), in_force, "explain {what}");
            if in_force {
                assert!(text(&o.stdout).contains("The word «تیکت»."), "{what}");
            }

            let o = lahn(&sub, &with(&["rules"]), "");
            let listed = text(&o.stdout);
            assert_eq!(
                listed.contains("team-ticket-word"),
                in_force,
                "rules {what}"
            );
            assert_eq!(listed.contains("cliche-asap"), !in_force, "rules {what}");
        }
        let o = lahn(&sub, &["test-rules", "../team"], "");
        assert!(o.status.success(), "{}", text(&o.stdout));
        assert!(text(&o.stdout).contains("1 passed, 0 failed"));
    }
}

#[test]
fn config_shows_where_each_value_comes_from() {
    let guard = team(".lahn.toml");
    let sub = guard.path().join("sub");
    let o = lahn(&sub, &["config"], "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let file = guard.path().join(".lahn.toml");
    let origin = |key: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
            .unwrap_or_else(|| panic!("no origin for {key}:\n{out}"))
            .to_owned()
    };
    assert_eq!(origin("disable"), file.display().to_string());
    assert_eq!(origin("rule_dirs"), file.display().to_string());
    assert_eq!(origin("lang"), "default");
    assert_eq!(origin("limits"), "default");
    // What it prints is a config lahn reads back.
    let printed = guard.path().join("printed.toml");
    std::fs::write(&printed, out.lines().skip(2).collect::<Vec<_>>().join("\n")).unwrap();
    let o = lahn(&sub, &["config", "--config", printed.to_str().unwrap()], "");
    assert!(o.status.success(), "{}\n{out}", text(&o.stderr));
}

#[test]
fn an_unknown_rule_in_the_config_is_located_and_a_near_one_suggested() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lahn.toml"),
        "\ndisable = [\"cliche-asp\"]\n",
    )
    .unwrap();
    for cmd in [
        &["review", "سلام"][..],
        &["rules"],
        &["check", "."],
        &["config"],
    ] {
        let o = lahn(dir.path(), cmd, "");
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        let err = text(&o.stderr);
        assert!(
            err.contains("lahn.toml:2:13: unknown rule `cliche-asp` (did you mean `cliche-asap`?)"),
            "{cmd:?}: {err}"
        );
    }
}

#[test]
fn the_orthography_house_style_comes_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let draft = "هزینه ی ارسال 12.5% کمتر شد.";
    let fix = |args: &[&str]| text(&lahn(dir.path(), args, draft).stdout);
    assert_eq!(fix(&["fix", "--isolated"]), "هزینهٔ ارسال ۱۲٫۵٪ کمتر شد.");
    std::fs::write(
        dir.path().join("lahn.toml"),
        "[orthography]\nezafe = \"yeh\"\ndigits = \"latin\"\n",
    )
    .unwrap();
    assert_eq!(fix(&["fix"]), "هزینه\u{200C}ی ارسال 12.5% کمتر شد.");
    let shown = text(&lahn(dir.path(), &["config"], "").stdout);
    assert!(shown.contains("ezafe = \"yeh\""), "{shown}");
    std::fs::write(
        dir.path().join("lahn.toml"),
        "[orthography]\nezafe = \"kasra\"\n",
    )
    .unwrap();
    let o = lahn(dir.path(), &["fix"], draft);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("lahn.toml:2:9"),
        "{}",
        text(&o.stderr)
    );
}
