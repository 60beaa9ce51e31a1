//! `lahn check --fix` racing itself and an editor on the same files: no edit and no fix is
//! lost, a run that could not write says so, and links, owners and modes survive.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

mod common;

/// Two safe fixes of different rules: Arabic letters and the space before punctuation.
const LINE: &str = "سلام برايتان كه هستيد . ممنون !\n";

/// A config that leaves one of the two fixes to the other run.
fn config(dir: &Path, name: &str, disable: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("disable = [\"{disable}\"]\n")).unwrap();
    p
}

fn fix(dir: &Path, config: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_lahn"))
        .current_dir(dir)
        .args([
            "check",
            ".",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--fix",
        ])
        .arg("--config")
        .arg(config)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The `fixed` count a run reports, after checking how it ended: 0 with everything
/// written, or 2 with the files it could not write named as such.
fn fixed(o: &Output) -> u64 {
    let err = String::from_utf8_lossy(&o.stderr);
    let doc: Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    match o.status.code() {
        Some(0) => assert!(doc["errors"].as_array().unwrap().is_empty(), "{doc}"),
        Some(2) => {
            for e in doc["errors"].as_array().unwrap() {
                let m = e["message"].as_str().unwrap();
                assert!(m.contains("changed by another program"), "{m}");
            }
        }
        other => panic!("exit {other:?}: {err}"),
    }
    doc["summary"]["fixed"].as_u64().unwrap()
}

fn has_fixes_left(text: &str) -> bool {
    text.contains('ي') || text.contains('ك') || text.contains(" .") || text.contains(" !")
}

#[test]
fn two_fix_runs_at_once_lose_nothing_and_count_each_fix_once() {
    let configs = tempfile::tempdir().unwrap();
    let letters = config(configs.path(), "a.toml", "orthography-punctuation-spacing");
    let spacing = config(configs.path(), "b.toml", "orthography-arabic-letters");
    for round in 0..12 {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..6 {
            std::fs::write(dir.path().join(format!("m{i}.txt")), LINE.repeat(3)).unwrap();
        }
        // Each run fixes what the other leaves; a run that overwrote the other's result
        // from a stale read would bring its fixes back.
        let a = fix(dir.path(), &letters);
        let b = fix(dir.path(), &spacing);
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let (fa, fb) = (fixed(&a), fixed(&b));
        let mut left = 0;
        for i in 0..6 {
            let text = std::fs::read_to_string(dir.path().join(format!("m{i}.txt"))).unwrap();
            left += usize::from(has_fixes_left(&text));
        }
        // Every file had 4 letter fixes and 2 spacing fixes per line; each is counted by
        // the run that wrote it, and by no other.
        // Each run writes a file once, so the other meets at most two changes to it and,
        // reading it again each time, always gets its fixes in.
        assert!(a.status.success() && b.status.success(), "round {round}");
        assert_eq!(left, 0, "round {round}: fixes lost");
        assert_eq!((fa, fb), (6 * 3 * 3, 6 * 3 * 2), "round {round}");
        let temp: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".lahn-"))
            .collect();
        assert!(temp.is_empty(), "round {round}: temporary files left");
    }
}

#[test]
fn an_editor_saving_while_fix_runs_loses_no_edit() {
    let configs = tempfile::tempdir().unwrap();
    let all = config(configs.path(), "all.toml", "closing");
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = (0..3)
        .map(|i| dir.path().join(format!("m{i}.txt")))
        .collect();
    // Files long enough that reviewing one takes a while: a run that writes back what it
    // read, after the editor saved in between, loses that save.
    for f in &files {
        std::fs::write(f, LINE.repeat(200)).unwrap();
    }
    let mut edits = Vec::new();
    // At least four rounds, and more until the editor has saved often enough: on a fast
    // machine a round can end after a few saves.
    let mut round = 0;
    while round < 4 || (edits.len() <= 40 && round < 200) {
        round += 1;
        // The runs are waited for on threads, which read their output as it comes.
        let a = fix(dir.path(), &all);
        let b = fix(dir.path(), &all);
        let a = std::thread::spawn(move || a.wait_with_output().unwrap());
        let b = std::thread::spawn(move || b.wait_with_output().unwrap());
        // The editor: read, add a line, save, the way editors do it (a new file renamed
        // over the old one, or the old one rewritten), every few milliseconds for as long
        // as lahn runs.
        let mut k = 0;
        while k < 2000 && !(a.is_finished() && b.is_finished()) {
            let f = &files[k % files.len()];
            let mut text = std::fs::read_to_string(f).unwrap();
            let mark = format!("EDIT-{round}-{k} ");
            text.push_str(&format!("{mark}مي رسد\n"));
            if k % 2 == 0 {
                let tmp = dir.path().join(".editor-save");
                std::fs::write(&tmp, &text).unwrap();
                std::fs::rename(&tmp, f).unwrap();
            } else {
                std::fs::write(f, &text).unwrap();
            }
            edits.push(mark);
            k += 1;
            std::thread::sleep(std::time::Duration::from_millis(3));
        }
        fixed(&a.join().unwrap());
        fixed(&b.join().unwrap());
    }
    let all_text: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(edits.len() > 40, "only {} edits were made", edits.len());
    let lost: Vec<&String> = edits.iter().filter(|m| !all_text.contains(*m)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} edits were lost, first {:?}",
        lost.len(),
        edits.len(),
        lost[0]
    );
    assert_eq!(all_text.matches("EDIT-").count(), edits.len());
}

#[cfg(unix)]
#[test]
fn fix_keeps_symlinks_hard_links_and_modes() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let dir = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let target = shared.path().join("shared.txt");
    std::fs::write(&target, LINE).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o664)).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("link.txt")).unwrap();
    let other = shared.path().join("other.txt");
    std::fs::write(&other, LINE).unwrap();
    std::fs::hard_link(&other, dir.path().join("hard.txt")).unwrap();
    let o = common::lahn(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--fix",
            "-q",
            "--fail-on",
            "never",
            "link.txt",
            "hard.txt",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::text(&o.stderr));
    assert!(std::fs::symlink_metadata(dir.path().join("link.txt"))
        .unwrap()
        .is_symlink());
    let fixed = std::fs::read_to_string(&target).unwrap();
    assert!(
        !has_fixes_left(&fixed),
        "the symlink's target is fixed: {fixed}"
    );
    assert_eq!(
        std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o664
    );
    let m = std::fs::metadata(&other).unwrap();
    assert_eq!(m.nlink(), 2, "the hard link still links");
    assert_eq!(
        m.ino(),
        std::fs::metadata(dir.path().join("hard.txt"))
            .unwrap()
            .ino()
    );
    assert!(!has_fixes_left(&std::fs::read_to_string(&other).unwrap()));
}

#[cfg(unix)]
#[test]
fn read_only_files_are_reported_and_the_rest_is_fixed() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(dir.path().join("a.txt"), LINE).unwrap();
    std::fs::write(dir.path().join("b.txt"), LINE).unwrap();
    std::fs::write(locked.join("c.txt"), LINE).unwrap();
    std::fs::write(dir.path().join("z.txt"), LINE).unwrap();
    std::fs::set_permissions(
        dir.path().join("b.txt"),
        std::fs::Permissions::from_mode(0o444),
    )
    .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = common::lahn(
        dir.path(),
        &["check", ".", "--isolated", "--fix", "--fail-on", "never"],
        "",
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = common::text(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains("b.txt: cannot write the fixes: the file is read-only"),
        "{out}"
    );
    assert!(
        out.contains("c.txt: cannot write the fixes: its directory is read-only"),
        "{out}"
    );
    for (name, fixed) in [
        ("a.txt", true),
        ("b.txt", false),
        ("locked/c.txt", false),
        ("z.txt", true),
    ] {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(!has_fixes_left(&text), fixed, "{name}");
    }
}

/// `--fix` run by a user who may write a file but doesn't own it: the file keeps its owner
/// (a rename would hand it to the user). Needs a superuser to set up and `setpriv` to run
/// lahn as another user; skipped, and says so, without them.
#[cfg(unix)]
#[test]
fn fix_by_another_user_keeps_the_owner() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("theirs.txt");
    std::fs::write(&file, LINE).unwrap();
    let owner = std::fs::metadata(&file).unwrap().uid();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    let run = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_lahn"))
        .args(["check", "--isolated", "--fix", "-q", "--fail-on", "never"])
        .arg(&file)
        .output();
    match run {
        Ok(o) if owner == 0 && o.status.code() != Some(127) => {
            assert_eq!(o.status.code(), Some(0), "{}", common::text(&o.stderr));
            let m = std::fs::metadata(&file).unwrap();
            assert_eq!(m.uid(), owner, "the owner changed");
            assert_eq!(m.mode() & 0o777, 0o666);
            assert!(!has_fixes_left(&std::fs::read_to_string(&file).unwrap()));
        }
        _ => eprintln!("skipped: needs a superuser and setpriv"),
    }
}
