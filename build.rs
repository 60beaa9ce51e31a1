//! Embeds every rule pack under `rules/`, and the word classes of `rules/lexicon/`, into the
//! library, each read here and embedded as compact JSON: the library reads JSON at start-up
//! much faster than TOML. A rule's phrases are embedded as Rust strings, read with no
//! parsing at all, and its frames as Rust code that builds them. A bundled file that is not
//! valid TOML fails the build.
//!
//! It also lists the words and phrases of these files with what normalising makes of them,
//! normalised here by the library's own normaliser, so that building a coach needn't
//! normalise them again (`src/text/phrase.rs`).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

#[allow(dead_code)]
#[path = "src/text/fast_hash.rs"]
mod fast_hash;
#[allow(dead_code, unused_imports)]
#[path = "src/text/normalize/mod.rs"]
mod normalize;

fn main() {
    // Read when the script runs, not baked in when it is compiled: a build directory copied
    // from another checkout must embed this checkout's rules.
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo");
    let root = Path::new(&manifest).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let lexicon = root.join("lexicon");
    let mut files = Vec::new();
    collect(&root, &lexicon, &mut files);
    let mut words = BTreeSet::new();
    embed(
        &root,
        &files,
        "EMBEDDED",
        "rule pack",
        "embedded_rules.rs",
        true,
        &mut words,
    );
    let mut classes = Vec::new();
    collect(&lexicon, Path::new(""), &mut classes);
    embed(
        &lexicon,
        &classes,
        "EMBEDDED_LEXICON",
        "word class",
        "embedded_lexicon.rs",
        false,
        &mut words,
    );
    list_phrases(&words, "phrases.rs");
}

/// Writes `OUT_DIR/out`: `words` and what normalising makes of them, in the table
/// `src/text/phrase.rs` reads. `PHRASE_TEXT` holds the words one after another, and after
/// each that normalising changes, its normalised form. `PHRASE_SLOTS` is open-addressed by
/// the word hash of a word, with linear probing: each slot holds where the word is in the
/// text (the low 32 bits) and where its normalised form is (the high ones), each as an offset
/// times 256 plus a length; an empty slot is `u64::MAX`. Words of 256 bytes or more are left
/// out, and so are those without an Arabic-script letter but single short terms: the
/// others are messages, mostly.
fn list_phrases(words: &BTreeSet<String>, out: &str) {
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| w.len() < 256 && (w.chars().any(normalize::is_arabic_letter) || is_term(w)))
        .collect();
    let size = (words.len() * 2).next_power_of_two();
    let mut slots = vec![u64::MAX; size];
    let mut text = String::new();
    let place = |text: &mut String, w: &str| {
        let at = u32::try_from(text.len())
            .ok()
            .filter(|&at| at < 1 << 24)
            .expect("under 16 MiB of words");
        text.push_str(w);
        u64::from(at << 8 | w.len() as u32)
    };
    for w in words {
        let normal = normalize::Normalized::new(w).as_str().to_owned();
        if normal.len() >= 256 {
            continue;
        }
        let raw = place(&mut text, w);
        let normal = match normal == w {
            true => raw,
            false => place(&mut text, &normal),
        };
        let mut i = fast_hash::word_hash(w) as usize & (size - 1);
        while slots[i] != u64::MAX {
            i = (i + 1) & (size - 1);
        }
        slots[i] = normal << 32 | raw;
    }
    let mut code = format!(
        "/// The bundled words and phrases, each followed by its normalised form where that \
         differs.\n\
         static PHRASE_TEXT: &str = {text:?};\n\
         /// Where each of them and its normalised form are in [`PHRASE_TEXT`], by its word \
         hash.\n\
         static PHRASE_SLOTS: [u64; {size}] = [\n"
    );
    for chunk in slots.chunks(8) {
        let line: Vec<String> = chunk.iter().map(u64::to_string).collect();
        writeln!(code, "    {},", line.join(", ")).expect("write to string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join(out);
    fs::write(out, code).expect("write the table of phrases");
}

/// Whether `w`, written without an Arabic-script letter, is a term of a word list («API»,
/// «timeout»), not a message: one short word.
fn is_term(w: &str) -> bool {
    w.len() <= 32 && !w.contains(' ')
}

/// Adds every string of `value` (not the keys of its tables) to `words`, as a matcher reads
/// it: without the spaces around it, and also each of its parts between «…» and without a
/// final «*» (a phrase with a gap, a prefix).
fn strings_of(value: &toml::Value, words: &mut BTreeSet<String>) {
    match value {
        toml::Value::String(s) => {
            let s = s.trim();
            words.insert(s.to_owned());
            words.insert(s.trim_end_matches('*').trim().to_owned());
            if s.contains('…') {
                words.extend(s.split('…').map(|p| p.trim().to_owned()));
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|v| strings_of(v, words)),
        toml::Value::Table(table) => table.values().for_each(|v| strings_of(v, words)),
        _ => {}
    }
}

/// The strings of `list`, the value of `key` in `file`, added to `words` too.
fn string_list(
    list: toml::Value,
    key: &str,
    file: &Path,
    words: &mut BTreeSet<String>,
) -> Vec<String> {
    strings_of(&list, words);
    let toml::Value::Array(list) = list else {
        panic!("{}: `{key}` is a list; found {list:?}", file.display());
    };
    list.into_iter()
        .map(|w| match w {
            toml::Value::String(w) => w,
            w => panic!("{}: `{key}` lists strings; found {w:?}", file.display()),
        })
        .collect()
}

/// Writes `OUT_DIR/out`: a static `name` listing (path under `root`, contents as JSON) of
/// `files`. With `examples`, a rule's `[doc]` and its `[[bad]]` and `[[good]]` replies are
/// listed apart, as JSON, so that the library reads them only when asked for, and the
/// phrases of its `[match]` as Rust strings, which a coach reads as they are. Without, a
/// class's `doc`, `examples` and `counterexamples` are listed apart the same way, as a third
/// JSON text, and its words as Rust strings, as written and normalised: a coach reads only
/// its normalised words. Adds the strings of what the library reads at once to `words`.
fn embed(
    root: &Path,
    files: &[PathBuf],
    name: &str,
    what: &str,
    out: &str,
    examples: bool,
    words: &mut BTreeSet<String>,
) {
    let mut files = files.to_vec();
    files.sort();
    let (kind, listing) = match examples {
        true => ("Bundled", "a [`Bundled`] each"),
        false => ("EmbeddedClass", "an [`EmbeddedClass`] each"),
    };
    let mut code = format!(
        "/// Every embedded {what}: {listing}.\npub(crate) static {name}: &[{kind}] = &[\n"
    );
    // The rules' distinct phrase parts, normalised, by their place in `PHRASE_PARTS`.
    let mut all_parts: std::collections::HashMap<String, u32> = Default::default();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(root)
            .expect("under its root")
            .to_string_lossy()
            .replace('\\', "/");
        let source =
            fs::read_to_string(f).unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        // The error's text gives the line and column, with the line quoted.
        let mut table: toml::Table = toml::from_str(&source)
            .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", f.display()));
        let to_json = |value: &toml::Value| {
            let mut json = String::new();
            write_json(&mut json, value, f);
            json
        };
        let mut side = |key: &str| {
            let list = table.remove(key);
            to_json(&list.unwrap_or_else(|| toml::Value::Array(Vec::new())))
        };
        let sides = examples.then(|| (side("bad"), side("good")));
        let about = (!examples).then(|| {
            let mut about = toml::Table::new();
            for key in ["doc", "examples", "counterexamples"] {
                if let Some(value) = table.remove(key) {
                    about.insert(key.to_owned(), value);
                }
            }
            to_json(&toml::Value::Table(about))
        });
        // A class's words and a rule's phrases are listed as Rust strings, not JSON: a coach
        // reads them without parsing them. Their place in the JSON holds an empty list.
        let mut take_list = |table: &mut toml::Table, key: &str| {
            let list = table.insert(key.to_owned(), toml::Value::Array(Vec::new()));
            list.map_or_else(Vec::new, |list| string_list(list, key, f, words))
        };
        let class_words = match examples {
            true => Vec::new(),
            false => take_list(&mut table, "words"),
        };
        let phrases = match table.get_mut("match") {
            Some(toml::Value::Table(m)) if examples => take_list(m, "phrases"),
            _ => Vec::new(),
        };
        // A rule's frames are built by Rust code, not read from JSON: a coach parses
        // nothing to get them.
        let frames = match examples.then(|| table.remove("frame")).flatten() {
            Some(list) => {
                strings_of(&list, words);
                frames_code(&list, f)
            }
            None => "Vec::new".to_owned(),
        };
        // The documentation's place holds `null`, and the library reads it from its own text.
        // A rule without it keeps its error where the library reads the rule.
        let doc = match examples {
            true => table.remove("doc"),
            false => None,
        };
        let table = toml::Value::Table(table);
        strings_of(&table, words);
        let mut json = String::with_capacity(source.len());
        write_json(&mut json, &table, f);
        let doc = match doc {
            Some(doc) => {
                let comma = if json == "{}" { "" } else { "," };
                json.insert_str(json.len() - 1, &format!(r#"{comma}"doc":null"#));
                to_json(&doc)
            }
            None => "null".to_owned(),
        };
        match sides {
            Some((bad, good)) => {
                // Each phrase's parts between «…», normalised as a coach matches them, as
                // places in the list of every rule's distinct parts.
                let parts: Vec<String> = phrases
                    .iter()
                    .map(|p| {
                        let places: Vec<u32> = p
                            .split('…')
                            .map(|part| normalize::Normalized::new(part.trim()).as_str().to_owned())
                            .filter(|part| !part.is_empty())
                            .map(|part| {
                                let next = all_parts.len() as u32;
                                *all_parts.entry(part).or_insert(next)
                            })
                            .collect();
                        format!("&{places:?}")
                    })
                    .collect();
                let parts = parts.join(", ");
                writeln!(
                    code,
                    "    Bundled {{ path: {rel:?}, json: {json:?}, phrases: &{phrases:?}, \
                     parts: &[{parts}], frames: {frames}, doc: {doc:?}, bad: {bad:?}, \
                     good: {good:?} }},"
                )
            }
            None => {
                // Each word as a coach matches it: normalised, and a prefix («غیرقابل*»)
                // without its «*».
                let normalised: Vec<String> = class_words
                    .iter()
                    .map(|w| {
                        let w = w.strip_suffix('*').unwrap_or(w);
                        normalize::Normalized::new(w.trim()).as_str().to_owned()
                    })
                    .collect();
                writeln!(
                    code,
                    "    EmbeddedClass {{ path: {rel:?}, json: {json:?}, about: {:?}, \
                     words: &{class_words:?}, normalised: &{normalised:?} }},",
                    about.as_deref().unwrap_or("{}")
                )
            }
        }
        .expect("write to string");
    }
    code.push_str("];\n");
    if examples {
        let mut list: Vec<(&String, &u32)> = all_parts.iter().collect();
        list.sort_by_key(|&(_, &place)| place);
        let list: Vec<&String> = list.into_iter().map(|(part, _)| part).collect();
        writeln!(
            code,
            "/// Every distinct part of the bundled rules' phrases, normalised: what \
             [`Bundled::parts`] point at.\npub(crate) static PHRASE_PARTS: &[&str] = &{list:?};"
        )
        .expect("write to string");
    }
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join(out);
    fs::write(out, code).expect("write the embedded list");
}

/// The fields of a frame that are optional (`Option<…>`) rather than plain values.
const OPTIONAL_FRAME_FIELDS: [&str; 5] = [
    "negated",
    "imperative",
    "subjunctive",
    "unless_within",
    "verb_within",
];

/// A Rust closure that builds the `[[frame]]` list `frames` of `file` as `FrameSpec`s: each
/// key a field, a list of words through `strings`, `gap` 3 unless given, the rest default.
/// A key that is not a field, or a value of the wrong type, fails the build's compiling.
fn frames_code(frames: &toml::Value, file: &Path) -> String {
    use toml::Value;
    let Value::Array(frames) = frames else {
        panic!("{}: `frame` is a list of [[frame]] tables", file.display());
    };
    let mut code = String::from("|| vec![");
    for frame in frames {
        let Value::Table(frame) = frame else {
            panic!("{}: a [[frame]] is a table", file.display());
        };
        code.push_str("FrameSpec { ");
        if !frame.contains_key("gap") {
            code.push_str("gap: 3, ");
        }
        for (key, value) in frame {
            let value = match value {
                Value::Array(items) => {
                    let words: Vec<&str> = items
                        .iter()
                        .map(|w| match w {
                            Value::String(w) => w.as_str(),
                            w => panic!("{}: `{key}` lists words; found {w:?}", file.display()),
                        })
                        .collect();
                    format!("strings(&{words:?})")
                }
                Value::Boolean(b) => b.to_string(),
                Value::Integer(i) => i.to_string(),
                v => panic!("{}: `{key}` = {v:?} is not a frame's value", file.display()),
            };
            match OPTIONAL_FRAME_FIELDS.contains(&key.as_str()) {
                true => write!(code, "{key}: Some({value}), "),
                false => write!(code, "{key}: {value}, "),
            }
            .expect("write to string");
        }
        code.push_str("..FrameSpec::default() }, ");
    }
    code.push(']');
    code
}

/// Appends `value` to `out` as compact JSON. A table's keys come in sorted order, not the
/// file's: no table of a rule file is a map whose order matters.
fn write_json(out: &mut String, value: &toml::Value, file: &Path) {
    use toml::Value;
    match value {
        Value::String(s) => write_string(out, s),
        Value::Integer(i) => write!(out, "{i}").expect("write to string"),
        Value::Float(x) if x.is_finite() => write!(out, "{x:?}").expect("write to string"),
        Value::Boolean(b) => write!(out, "{b}").expect("write to string"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item, file);
            }
            out.push(']');
        }
        Value::Table(table) => {
            out.push('{');
            for (i, (key, item)) in table.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_json(out, item, file);
            }
            out.push('}');
        }
        Value::Float(_) | Value::Datetime(_) => panic!(
            "{}: a rule file holds no dates, infinities or NaN; found {value:?}",
            file.display()
        ),
    }
}

/// Appends `s` to `out` as a JSON string.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                write!(out, "\\u{:04x}", u32::from(c)).expect("write to string")
            }
            c => out.push(c),
        }
    }
    out.push('"');
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
