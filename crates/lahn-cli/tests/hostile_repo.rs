//! A repository written to hurt whoever runs `lahn check` on it (a hostile pull request): YAML
//! aliases, file names and macros that forge CI annotations or drive the terminal, rule
//! directories that loop, block, never end or lead out of the repository. Each gets a clear
//! error or escaped output, quickly; nothing hangs and nothing outside is read.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// Runs `lahn ARGS` in `dir`; a run that hasn't ended after a minute is killed and fails the
/// test (a hang, not a slow machine: each of these ends in well under a second).
fn lahn(dir: &Path, args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_lahn"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output().unwrap()));
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(o) => o,
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid]).status();
            panic!("lahn {args:?} hung");
        }
    }
}

fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_yaml_alias_is_refused_at_its_place_and_no_key_is_rewritten() {
    // The key after the alias has Arabic letters: read as the body, as it once was, `--fix`
    // would rewrite it.
    let text = "- title: greet\n  body: &greet \"سلام برايتان، پیام شما رسید.\"\n- title: again\n  body: *greet\n  كانال: chat\n";
    let dir = repo(&[("macros.yaml", text)]);
    let o = lahn(dir.path(), &["check", ".", "--isolated", "--fix"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(
        out(&o).contains("macros.yaml:4:9: a YAML alias (`*name`) is not supported here"),
        "{}",
        out(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("macros.yaml")).unwrap(),
        text
    );
}

/// A file name that ends a workflow command and starts one of its own.
const FORGED: &str = "a\n::error file=forged.txt,line=1::owned\n.txt";

#[cfg(unix)]
#[test]
fn file_names_and_macros_cannot_forge_annotations_or_drive_the_terminal() {
    let hostile =
        "سلام \u{1b}[2J\u{1b}]0;pwned\u{7}برايتان، متاسفانه نمیتونیم.\r::error::forged too\n";
    let dir = repo(&[(FORGED, hostile), ("esc\u{1b}[31m.txt", hostile)]);
    for max in ["0", "10"] {
        let o = lahn(
            dir.path(),
            &[
                "check",
                ".",
                "--isolated",
                "--format",
                "github",
                "--max-annotations",
                max,
            ],
        );
        let text = out(&o);
        assert!(text.lines().count() > 2, "{text}");
        for line in text.lines() {
            // Text of the reply or the name may appear inside an escaped annotation, never
            // at the start of a line, where the runner reads commands.
            assert!(
                !line.starts_with("::error file=forged") && !line.starts_with("::error::forged"),
                "forged annotation: {line:?}"
            );
            assert!(
                !line.contains('\u{1b}') && !line.contains('\u{7}'),
                "{line:?}"
            );
        }
    }
    for args in [
        &["check", ".", "--isolated", "--color", "never", "--scores"][..],
        &[
            "check",
            ".",
            "--isolated",
            "--color",
            "never",
            "--format",
            "sarif",
        ],
        &["check", ".", "--isolated", "--color", "never", "--fix"],
    ] {
        let o = lahn(dir.path(), args);
        let all = out(&o) + &err(&o);
        assert!(
            !all.contains('\u{1b}') && !all.contains('\u{7}'),
            "{args:?}: {all}"
        );
        assert!(!all.lines().any(|l| l.starts_with("::")), "{args:?}: {all}");
    }
    // Colour still works: only lahn's own escapes reach the terminal.
    let o = lahn(
        dir.path(),
        &["check", ".", "--isolated", "--color", "always"],
    );
    let text = out(&o);
    assert!(text.contains("\u{1b}[1;33m"), "{text}");
    assert!(
        !text.contains("\u{1b}[2J") && !text.contains("\u{1b}]0;"),
        "{text}"
    );
    assert!(text.contains("⟨U+001B⟩[2J"), "{text}");
}

#[test]
fn a_rule_pack_message_cannot_drive_the_terminal() {
    let pack = "id = \"team-loud\"\ncategory = \"tone\"\nseverity = \"warning\"\n\
        message.fa = \"\\u001b[2Jپیام\"\nmessage.en = \"\\u001b]0;pwned\\u0007msg\"\n\
        [doc]\nwhat.fa = \"\\u001b[2Jx\"\nwhat.en = \"x\\u009b\"\nwhy.fa = \"y\"\nwhy.en = \"y\"\n\
        [match]\nphrases = [\"بی زحمت\"]\n";
    let dir = repo(&[
        ("lahn.toml", "rule_dirs = [\"team\"]\n"),
        ("team/team-loud.toml", pack),
    ]);
    for lang in ["fa", "en"] {
        let o = lahn(
            dir.path(),
            &["review", "--lang", lang, "بی زحمت شماره سفارش را بفرستید."],
        );
        let text = out(&o);
        assert!(text.contains("team-loud"), "{text}{}", err(&o));
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        for args in [
            &["rules", "--lang", lang][..],
            &["explain", "team-loud", "--lang", lang],
        ] {
            let o = lahn(dir.path(), args);
            let text = out(&o);
            assert!(
                text.contains("⟨U+001B⟩") || text.contains("⟨U+009B⟩"),
                "{args:?}: {text}"
            );
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{9b}'),
                "{args:?}: {text}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn rule_dirs_that_loop_block_or_never_end_are_errors_not_hangs() {
    use std::os::unix::fs::symlink;
    let pack = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/team-pack/team-no-bizahmat.toml"),
    )
    .unwrap();
    // A loop alone is read once: the pack in it counts once.
    let dir = repo(&[
        ("lahn.toml", "rule_dirs = [\"team\"]\n"),
        ("team/team-no-bizahmat.toml", &pack),
    ]);
    symlink(".", dir.path().join("team/loop")).unwrap();
    symlink("loop2", dir.path().join("team/loop1")).unwrap();
    symlink("loop1", dir.path().join("team/loop2")).unwrap();
    let o = lahn(dir.path(), &["review", "بی زحمت شماره سفارش را بفرستید."]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("team-no-bizahmat"), "{}", out(&o));

    // A link up and out of the rule directory is refused.
    symlink("..", dir.path().join("team/up")).unwrap();
    let o = lahn(dir.path(), &["review", "سلام"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("up: it points outside the rule directory"),
        "{}",
        err(&o)
    );
    std::fs::remove_file(dir.path().join("team/up")).unwrap();

    // A FIFO named like a pack, a pack that is /dev/zero, a lexicon that is /dev/zero.
    let fifo = dir.path().join("team/fifo.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let o = lahn(dir.path(), &["review", "سلام"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            err(&o).contains("fifo.toml: not a regular file"),
            "{}",
            err(&o)
        );
        std::fs::remove_file(&fifo).unwrap();
    }
    symlink("/dev/zero", dir.path().join("team/zero.toml")).unwrap();
    let o = lahn(dir.path(), &["review", "سلام"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("zero.toml: it points outside the rule directory"),
        "{}",
        err(&o)
    );
    std::fs::remove_file(dir.path().join("team/zero.toml")).unwrap();
    std::fs::create_dir(dir.path().join("team/lexicon")).unwrap();
    symlink("/dev/zero", dir.path().join("team/lexicon/words.toml")).unwrap();
    let o = lahn(dir.path(), &["review", "سلام"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("words.toml"), "{}", err(&o));
}

#[cfg(unix)]
#[test]
fn a_config_reads_nothing_outside_its_repository() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.toml"), "not a pack").unwrap();
    let named = format!("rule_dirs = [{:?}]\n", outside.path());
    let dir = repo(&[
        ("lahn.toml", &named),
        ("sub/lahn.toml", "rule_dirs = [\"../..\"]\n"),
    ]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).unwrap();
    std::fs::write(dir.path().join("linked.toml"), "rule_dirs = [\"linked\"]\n").unwrap();
    for (cwd, args) in [
        (dir.path().to_owned(), vec!["review", "سلام"]),
        (dir.path().join("sub"), vec!["review", "سلام"]),
        (
            dir.path().to_owned(),
            vec!["review", "--config", "linked.toml", "سلام"],
        ),
    ] {
        let o = lahn(&cwd, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            err(&o).contains("is outside the repository"),
            "{args:?}: {}",
            err(&o)
        );
        assert!(!err(&o).contains("secret"), "{}", err(&o));
    }
    // A config that is a device or a FIFO is refused before it is read.
    let o = lahn(dir.path(), &["review", "--config", "/dev/zero", "سلام"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("not a regular file"), "{}", err(&o));
}

#[cfg(unix)]
#[test]
fn check_reads_only_regular_files_and_never_blocks() {
    use std::os::unix::fs::symlink;
    let dir = repo(&[("good.txt", "سلام، متاسفانه نمیتونیم.\n")]);
    symlink("/dev/zero", dir.path().join("zero.txt")).unwrap();
    symlink(".", dir.path().join("loop")).unwrap();
    let fifo = dir.path().join("pipe.txt");
    let has_fifo = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    // A walk skips what isn't a regular file; the good file is still checked.
    let o = lahn(
        dir.path(),
        &["check", ".", "--isolated", "--fail-on", "never"],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("good.txt"), "{}", out(&o));
    // Named on the command line, each is an error of its own, and the rest goes on.
    let mut args = vec![
        "check",
        "--isolated",
        "--fail-on",
        "never",
        "zero.txt",
        "good.txt",
    ];
    if has_fifo {
        args.push("pipe.txt");
    }
    let o = lahn(dir.path(), &args);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let text = out(&o);
    assert!(
        text.contains("zero.txt: cannot read: not a regular file"),
        "{text}"
    );
    if has_fifo {
        assert!(
            text.contains("pipe.txt: cannot read: not a regular file"),
            "{text}"
        );
    }
    assert!(text.contains("good.txt:1:"), "{text}");
}

#[test]
fn json_output_of_one_long_macro_is_linear() {
    // One macro of 30,000 findings on one line (660 KB). Each finding's offsets in the body
    // are looked up in an index of it: a few seconds in a debug build. Counted from the
    // body's start for each finding, as they were, the run took minutes, and `lahn` kills it
    // after a minute.
    const UNIT: &str = "در اسرع وقت! ";
    const COUNT: usize = 30_000;
    let dir = repo(&[("long.txt", &UNIT.repeat(COUNT))]);
    let o = lahn(
        dir.path(),
        &["check", ".", "--isolated", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let asap: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "cliche-asap")
        .collect();
    assert_eq!(asap.len(), COUNT);
    // The offsets are right, not only quick: the last one, in every unit.
    let (bytes, chars) = (UNIT.len() * (COUNT - 1), UNIT.chars().count() * (COUNT - 1));
    let found = "در اسرع وقت";
    let n = found.chars().count();
    assert_eq!(
        asap[COUNT - 1]["body_offsets"],
        serde_json::json!({
            "byte": [bytes, bytes + found.len()],
            "char": [chars, chars + n],
            "utf16": [chars, chars + n],
        })
    );
}
