//! Replies written by others (`tests/corpus/real/*.jsonl`) together with the project's own
//! corpus (`tests/corpus/replies.jsonl`, whose labels `tests/corpus.rs` holds case by case):
//! per category, recall may not fall below its floor nor the false-flag rate rise above its
//! ceiling, and the score must keep separating good replies from bad ones. The floors live in
//! `tests/corpus/real/floors.toml`; raise them as the rules get better.
//!
//! `print_table` (ignored) prints the table for the same files, or for the JSON Lines files
//! named in `LAHN_EVAL_FILES` (a path list, `:`-separated); `scripts/eval-corpus` runs it.

mod support;

use std::path::{Path, PathBuf};

use lahn::Coach;
use support::eval::{self, Evaluation, Floors};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `tests/corpus/real/*.jsonl` by name, then `tests/corpus/replies.jsonl`.
fn corpus_files() -> Vec<PathBuf> {
    let real = Path::new(ROOT).join("tests/corpus/real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&real)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.push(Path::new(ROOT).join("tests/corpus/replies.jsonl"));
    files
}

/// A path as shown in messages: relative to the repository when it is inside it.
fn shown(path: &Path) -> String {
    path.strip_prefix(ROOT)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn measure(files: &[PathBuf]) -> Evaluation {
    let corpus = eval::load_all(files.iter().map(|p| (p.as_path(), shown(p))))
        .unwrap_or_else(|e| panic!("{e}"));
    eval::evaluate(&Coach::default(), &corpus)
}

fn floors() -> Floors {
    let path = Path::new(ROOT).join("tests/corpus/real/floors.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", shown(&path)));
    Floors::parse(&text, &shown(&path)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn real_corpus_meets_floors() {
    let floors = floors();
    let ev = measure(&corpus_files());
    let failed = floors.violations(&ev);
    assert!(
        failed.is_empty(),
        "the labelled corpora fall short of tests/corpus/real/floors.toml:\n  {}\n\n{}",
        failed.join("\n  "),
        ev.table(Some(&floors))
    );
}

#[test]
fn floors_file_is_complete() {
    // Every category has its table and the file parses; a typo in a key fails here.
    let floors = floors();
    for c in floors.categories.values() {
        assert!((0.0..=1.0).contains(&c.recall) && (0.0..=1.0).contains(&c.false_flags));
    }
    assert!((0.0..=1.0).contains(&floors.auc));
    assert!((0.0..=1.0).contains(&floors.negativity_caught));
}

#[test]
#[ignore = "prints the measures; run by scripts/eval-corpus"]
fn print_table() {
    let table = match std::env::var_os("LAHN_EVAL_FILES").filter(|v| !v.is_empty()) {
        Some(list) => measure(&std::env::split_paths(&list).collect::<Vec<_>>()).table(None),
        None => measure(&corpus_files()).table(Some(&floors())),
    };
    match std::env::var_os("LAHN_EVAL_OUT") {
        Some(out) => std::fs::write(&out, table)
            .unwrap_or_else(|e| panic!("{}: {e}", Path::new(&out).display())),
        None => print!("{table}"),
    }
}
