//! Reading rule packs: the embedded defaults, a team's directory, or text.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use once_cell::sync::Lazy;

use super::frame::FrameSpec;
use super::spec::{Examples, Phrases, RuleDoc, RuleSpec};
use crate::error::Error;

/// A bundled rule file, as the build embeds it.
pub(crate) struct Bundled {
    /// Its path under `rules/`.
    path: &'static str,
    /// Its contents as JSON, but for what is listed apart below: an empty list holds the
    /// place of the phrases and `null` that of the documentation; the frames are left out.
    json: &'static str,
    /// The phrases of its `[match]`.
    phrases: &'static [&'static str],
    /// Each phrase's parts between «…», normalised, as a coach matches them: places in
    /// [`PHRASE_PARTS`].
    parts: &'static [&'static [u32]],
    /// Builds its `[[frame]]`s.
    frames: fn() -> Vec<FrameSpec>,
    /// Its `[doc]`, as JSON.
    doc: &'static str,
    /// Its `[[bad]]` and `[[good]]` examples, as JSON lists.
    bad: &'static str,
    good: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The words a bundled frame lists, as its spec holds them.
fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|&w| w.to_owned()).collect()
}

/// The embedded rules, read once per process; shared by every coach built from them. Their
/// documentation and examples are read when first asked for (a review never does); the
/// tests read them all.
static DEFAULTS: Lazy<Result<Vec<Arc<RuleSpec>>, String>> = Lazy::new(|| {
    EMBEDDED
        .iter()
        .map(|b| {
            let file = Path::new("rules").join(b.path);
            let mut spec: RuleSpec = from_embedded(&file, b.json)?;
            if let Some(m) = &mut spec.matcher {
                m.phrases = Phrases::bundled(b.phrases, b.parts, PHRASE_PARTS);
            }
            spec.frames = (b.frames)();
            let mut spec = validate(spec, file, "")?;
            spec.doc = RuleDoc::embedded(b.doc);
            spec.bad = Examples::embedded(b.bad);
            spec.good = Examples::embedded(b.good);
            Ok(Arc::new(spec))
        })
        .collect::<Result<_, Error>>()
        .map_err(|e| e.to_string())
});

/// The embedded rules.
pub fn defaults() -> Result<&'static [Arc<RuleSpec>], Error> {
    DEFAULTS.as_deref().map_err(|e| Error::RulePack {
        file: "rules".into(),
        line: 1,
        column: 1,
        message: e.clone(),
    })
}

/// Reads a rule or class of `file` from its TOML text `source`.
pub(crate) fn from_toml<T: serde::de::DeserializeOwned>(
    file: &Path,
    source: &str,
) -> Result<T, Error> {
    toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        Error::at(file, source, offset, e.message().trim().to_owned())
    })
}

/// Reads an embedded rule or class of `file` from `json`, the build's rendering of its TOML.
pub(crate) fn from_embedded<T: serde::de::DeserializeOwned>(
    file: &Path,
    json: &str,
) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::RulePack {
        file: file.to_owned(),
        line: 1,
        column: 1,
        message: format!("in its embedded JSON: {e}"),
    })
}

/// Parses one rule from `source`, read from `file`.
pub fn parse(file: impl Into<PathBuf>, source: &str) -> Result<RuleSpec, Error> {
    let file = file.into();
    let spec = from_toml(&file, source)?;
    validate(spec, file, source)
}

/// Checks what the types don't of a rule read from `file`, and records the file. `source`
/// is the file's text, to place an error in; empty for an embedded rule (its errors are
/// placed at its start).
fn validate(mut spec: RuleSpec, file: PathBuf, source: &str) -> Result<RuleSpec, Error> {
    let at_key = |key: &str| source.find(&format!("\n{key}")).map_or(0, |i| i + 1);
    if !is_kebab(&spec.id) {
        return Err(Error::at(
            &file,
            source,
            at_key("id"),
            format!("rule id `{}` is not kebab-case", spec.id),
        ));
    }
    if let Some(stem) = file.file_stem().and_then(|s| s.to_str()) {
        if file.extension().is_some_and(|e| e == "toml") && stem != spec.id {
            return Err(Error::at(
                &file,
                source,
                at_key("id"),
                format!("rule id `{}` differs from the file name `{stem}`", spec.id),
            ));
        }
    }
    match (&spec.matcher, &spec.check) {
        (Some(_), Some(_)) => {
            return Err(Error::at(
                &file,
                source,
                at_key("check"),
                "a rule has either a [match] table or a `check`, not both",
            ))
        }
        (_, Some(_)) if !spec.frames.is_empty() => {
            return Err(Error::at(
                &file,
                source,
                at_key("check"),
                "a rule has either [[frame]] tables or a `check`, not both",
            ))
        }
        (None, None) if !spec.frames.is_empty() => {}
        (None, None) => {
            return Err(Error::at(
                &file,
                source,
                0,
                "a rule needs a [match] table, [[frame]] tables or a `check`",
            ))
        }
        (Some(m), None) => {
            if m.phrases.iter().all(|p| p.trim().is_empty()) {
                return Err(Error::at(
                    &file,
                    source,
                    at_key("[match]"),
                    "[match] needs at least one phrase",
                ));
            }
        }
        (None, Some(name)) => {
            if crate::checks::lookup(name).is_none() {
                return Err(Error::at(
                    &file,
                    source,
                    at_key("check"),
                    format!("no check named `{name}`"),
                ));
            }
        }
    }
    if let Some(bad) = spec.bad.iter().find(|b| {
        b.flagged
            .as_ref()
            .is_some_and(|f| !b.text.contains(f.as_str()))
    }) {
        return Err(Error::at(
            &file,
            source,
            at_key("[[bad]]"),
            format!("`flagged` is not part of the example text {:?}", bad.text),
        ));
    }
    spec.source = file;
    Ok(spec)
}

/// The largest rule pack or word class file read from a directory.
pub const MAX_PACK_BYTES: u64 = 4 << 20;

/// How deep a rule directory's subdirectories go at most.
const MAX_DEPTH: usize = 32;

/// Reads every `*.toml` rule under `dir`, recursively, in path order. Only regular files
/// inside `dir` are read (a symlink may point elsewhere in it, not out of it), each of at
/// most 4 MiB; a directory reached twice (a symlink loop) is read once.
pub fn read_dir(dir: &Path) -> Result<Vec<RuleSpec>, Error> {
    let root = dir.canonicalize().map_err(|source| Error::RuleDir {
        path: dir.to_owned(),
        source,
    })?;
    let mut files = Vec::new();
    let mut seen = std::collections::HashSet::new();
    collect(dir, &root, 0, &mut seen, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let source = read_pack_file(&f, &root)?;
            parse(f, &source)
        })
        .collect()
}

/// Reads one file of the rule directory `root` (canonical): a regular file inside it, of at
/// most [`MAX_PACK_BYTES`], in UTF-8.
pub(crate) fn read_pack_file(f: &Path, root: &Path) -> Result<String, Error> {
    use std::io::Read as _;
    let fail = |source: std::io::Error| Error::RuleDir {
        path: f.to_owned(),
        source,
    };
    let refuse = |why: &str| fail(std::io::Error::other(why.to_owned()));
    let real = f.canonicalize().map_err(fail)?;
    if !real.starts_with(root) {
        return Err(refuse("it points outside the rule directory"));
    }
    // Checked before opening: opening a FIFO would wait for a writer.
    let meta = std::fs::metadata(&real).map_err(fail)?;
    if !meta.is_file() {
        return Err(refuse("not a regular file"));
    }
    let file = std::fs::File::open(&real).map_err(fail)?;
    let mut bytes = Vec::new();
    file.take(MAX_PACK_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    if bytes.len() as u64 > MAX_PACK_BYTES {
        return Err(refuse(&format!("larger than {MAX_PACK_BYTES} bytes")));
    }
    String::from_utf8(bytes).map_err(|e| {
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Error::at(
            f,
            &text,
            e.utf8_error().valid_up_to(),
            "the file is not valid UTF-8",
        )
    })
}

fn collect(
    dir: &Path,
    root: &Path,
    depth: usize,
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<(), Error> {
    let fail = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::RuleDir { path, source }
    };
    let real = dir.canonicalize().map_err(fail(dir))?;
    if !real.starts_with(root) {
        return Err(fail(dir)(std::io::Error::other(
            "it points outside the rule directory",
        )));
    }
    if depth > MAX_DEPTH || !seen.insert(real) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).map_err(fail(dir))? {
        let path = entry.map_err(fail(dir))?.path();
        if path.is_dir() {
            // A `lexicon/` directory holds word classes, not rules.
            if path.file_name().is_some_and(|n| n == "lexicon") {
                continue;
            }
            collect(&path, root, depth + 1, seen, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_phrases_come_with_the_parts_a_coach_would_normalise() {
        let (mut phrases, mut gaps) = (0, 0);
        for spec in defaults().unwrap() {
            let Some(m) = &spec.matcher else { continue };
            let (parts, table) = m
                .phrases
                .normalized_parts()
                .expect("a bundled rule's parts");
            assert_eq!(parts.len(), m.phrases.len(), "{}", spec.id);
            for (phrase, parts) in m.phrases.iter().zip(parts) {
                let normalised: Vec<String> = phrase
                    .split('…')
                    .map(crate::text::normalize_phrase)
                    .filter(|p| !p.is_empty())
                    .collect();
                let listed: Vec<&str> = parts.iter().map(|&k| table[k as usize]).collect();
                assert_eq!(listed, normalised, "{}: {phrase:?}", spec.id);
                phrases += 1;
                gaps += usize::from(parts.len() > 1);
            }
        }
        assert!(
            phrases > 2000 && gaps > 50,
            "only {phrases} phrases, {gaps} with gaps"
        );
        // Each part is listed once.
        let distinct: std::collections::HashSet<&str> = PHRASE_PARTS.iter().copied().collect();
        assert_eq!(distinct.len(), PHRASE_PARTS.len());
    }

    #[test]
    fn bad_toml_reports_line_and_column() {
        let src = "id = \"x-y\"\ncategory = \"cliche\"\nseverity = warning\n";
        match parse("team/x-y.toml", src) {
            Err(Error::RulePack { line, column, .. }) => assert_eq!((line, column), (3, 12)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_field_and_bad_id_are_errors() {
        let base = "category = \"cliche\"\nseverity = \"warning\"\nmessage.fa = \"a\"\nmessage.en = \"a\"\n[doc]\nwhat = { fa = \"a\", en = \"a\" }\nwhy = { fa = \"a\", en = \"a\" }\n[match]\nphrases = [\"الف\"]\n";
        assert!(parse("p.toml", &format!("id = \"p\"\n{base}")).is_ok());
        let e = parse("p.toml", &format!("id = \"P_x\"\n{base}"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("kebab-case"), "{e}");
        let e = parse("p.toml", &format!("id = \"p\"\ncolour = 1\n{base}"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("p.toml:2:1: unknown field `colour`"), "{e}");
        let e = parse("q.toml", &format!("id = \"p\"\n{base}"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("differs from the file name"), "{e}");
    }

    #[test]
    fn embedded_rules_parse() {
        let rules = defaults().unwrap();
        assert!(rules.len() >= 10, "{} rules", rules.len());
    }

    #[test]
    fn embedded_rules_equal_their_toml_files() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let rules = defaults().unwrap();
        assert_eq!(rules.len(), EMBEDDED.len());
        for (Bundled { path, .. }, embedded) in EMBEDDED.iter().zip(rules) {
            let file = Path::new("rules").join(path);
            let source = std::fs::read_to_string(root.join(&file)).unwrap();
            assert_eq!(**embedded, parse(&file, &source).unwrap(), "{path}");
        }
        // The build embeds every rule file the directory holds.
        assert_eq!(read_dir(&root.join("rules")).unwrap().len(), rules.len());
    }

    #[test]
    fn an_embedded_rule_is_checked_and_its_errors_name_the_file() {
        let file = Path::new("rules/cliche/cliche-x.toml");
        let json = r#"{"id":"cliche-x","category":"cliche","severity":"warning",
            "message":{"fa":"a","en":"a"},"doc":{"what":{"fa":"a","en":"a"},
            "why":{"fa":"a","en":"a"}},"match":{"phrases":["الف"]},"check":"closing"}"#;
        let spec: RuleSpec = from_embedded(file, json).unwrap();
        let e = validate(spec, file.to_owned(), "").unwrap_err().to_string();
        assert_eq!(
            e,
            "rules/cliche/cliche-x.toml:1:1: a rule has either a [match] table or a `check`, not both"
        );
        let e = from_embedded::<RuleSpec>(file, &json.replace("\"severity\"", "\"sev\""))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "rules/cliche/cliche-x.toml:1:1: in its embedded JSON: unknown field `sev`"
            ),
            "{e}"
        );
    }
}
