//! Embeds every rule pack under `rules/`, and the word classes of `rules/lexicon/`, into the
//! library.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    // Read when the script runs, not baked in when it is compiled: a build directory copied
    // from another checkout must embed this checkout's rules.
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo");
    let root = Path::new(&manifest).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let lexicon = root.join("lexicon");
    let mut files = Vec::new();
    collect(&root, &lexicon, &mut files);
    embed(&root, &files, "EMBEDDED", "rule pack", "embedded_rules.rs");
    let mut classes = Vec::new();
    collect(&lexicon, Path::new(""), &mut classes);
    embed(
        &lexicon,
        &classes,
        "EMBEDDED_LEXICON",
        "word class",
        "embedded_lexicon.rs",
    );
}

/// Writes `OUT_DIR/out`: a static `name` listing (path under `root`, contents) of `files`.
fn embed(root: &Path, files: &[PathBuf], name: &str, what: &str, out: &str) {
    let mut files = files.to_vec();
    files.sort();
    let mut code = format!(
        "/// Every embedded {what}: (path, contents).\npub(crate) static {name}: &[(&str, &str)] = &[\n"
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(root)
            .expect("under its root")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join(out);
    fs::write(out, code).expect("write the embedded list");
}

/// Every `*.toml` under `dir`, leaving out the directory `skip`.
fn collect(dir: &Path, skip: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            if path != skip {
                collect(&path, skip, out);
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}
