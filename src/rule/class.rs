//! Word classes: named lists of words that frames refer to as `@name` («bad things»،
//! «cancellation», «possibility»…). Each class is a file `rules/lexicon/<name>.toml`; a
//! team's `lexicon/` directory adds words to a class or defines new ones.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::lang::Localized;
use crate::text::{normalize_phrase, normalized_phrase, word_hash, FastMap, HashedMap};

/// One word class, as written in its TOML file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSpec {
    /// The class's name, equal to the file's name; frames write it `@name`.
    pub class: String,
    /// What the class holds and what the frames use it for.
    #[serde(default)]
    pub doc: Localized,
    /// Its words and phrases, in plain standard Persian (normalised like the draft). A word
    /// also matches with a plural, indefinite, ezafe or possessive ending («هزینه» finds
    /// «هزینه‌ای»، «هزینه‌ها»، «هزینه‌اش»); a word ending in `*` matches as a prefix
    /// («غیرقابل*»).
    pub words: Vec<String>,
    /// Words the class must find (run by the tests).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Words the class must not find (run by the tests).
    #[serde(default)]
    pub counterexamples: Vec<String>,
    /// Words written like one of the class's words with an ending that are words of their
    /// own, and not found: «بازی» (a game) is not «باز» (open) with an ending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    /// Where the class was read from.
    #[serde(skip)]
    pub source: PathBuf,
}

/// A class file as the build embeds it.
pub(crate) struct EmbeddedClass {
    /// Its path under `rules/lexicon`.
    path: &'static str,
    /// The file as JSON, without its words, documentation and examples.
    json: &'static str,
    /// Its documentation and examples, as JSON.
    about: &'static str,
    words: &'static [&'static str],
    /// Its words normalised, in the same order; a prefix without its `*`.
    normalised: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/embedded_lexicon.rs"));

/// The embedded classes' words, read once per process: their documentation and examples are
/// not read, as no coach uses them.
static PARSED: once_cell::sync::Lazy<Result<Vec<ClassSpec>, String>> =
    once_cell::sync::Lazy::new(|| embedded(false).map_err(|e| e.to_string()));

/// The embedded classes' words, parsed once per process, without their documentation and
/// examples (an error is reported by [`default_compiled_classes`]; the test suite checks they
/// parse).
pub(crate) fn embedded_classes() -> &'static [ClassSpec] {
    PARSED.as_deref().unwrap_or_default()
}

/// The embedded classes, compiled once per process.
pub fn default_compiled_classes() -> Result<Arc<Classes>, Error> {
    static COMPILED: once_cell::sync::Lazy<Result<Arc<Classes>, String>> =
        once_cell::sync::Lazy::new(|| {
            PARSED
                .as_deref()
                .map(|specs| Arc::new(compiled_after_embedded(specs)))
                .map_err(Clone::clone)
        });
    COMPILED.clone().map_err(|message| Error::RulePack {
        file: "rules/lexicon".into(),
        line: 1,
        column: 1,
        message,
    })
}

/// `specs`, the embedded classes (see [`embedded_classes`]) and a team's after them,
/// compiled: the embedded classes' words as the build normalised them.
pub(crate) fn compiled_after_embedded(specs: &[ClassSpec]) -> Classes {
    let normalised: Vec<&[&'static str]> = EMBEDDED_LEXICON.iter().map(|e| e.normalised).collect();
    Classes::with_normalised(specs, &normalised)
}

/// The words `specs` give class `name` (a team's files add to the embedded one).
pub(crate) fn class_words<'a>(specs: &'a [ClassSpec], name: &str) -> Vec<&'a str> {
    specs
        .iter()
        .filter(|s| s.class == name)
        .flat_map(|s| s.words.iter().map(String::as_str))
        .collect()
}

/// The embedded classes.
pub fn default_classes() -> Result<Vec<ClassSpec>, Error> {
    embedded(true)
}

/// A class's documentation and examples, embedded apart from its words.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct About {
    #[serde(default)]
    doc: Localized,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counterexamples: Vec<String>,
}

/// The embedded classes, `with_about` their documentation and examples.
fn embedded(with_about: bool) -> Result<Vec<ClassSpec>, Error> {
    EMBEDDED_LEXICON
        .iter()
        .map(|e| {
            let file = Path::new("rules/lexicon").join(e.path);
            let mut spec: ClassSpec = super::pack::from_embedded(&file, e.json)?;
            spec.words = e.words.iter().map(|&w| w.to_owned()).collect();
            if with_about {
                let about: About = super::pack::from_embedded(&file, e.about)?;
                spec.doc = about.doc;
                spec.examples = about.examples;
                spec.counterexamples = about.counterexamples;
            }
            validate_class(spec, file, "")
        })
        .collect()
}

/// Parses one class from `source`, read from `file`.
pub fn parse_class(file: impl Into<PathBuf>, source: &str) -> Result<ClassSpec, Error> {
    let file = file.into();
    let spec = super::pack::from_toml(&file, source)?;
    validate_class(spec, file, source)
}

/// Checks what the types don't of a class read from `file`, and records the file. `source`
/// is the file's text, to place an error in; empty for an embedded class.
fn validate_class(mut spec: ClassSpec, file: PathBuf, source: &str) -> Result<ClassSpec, Error> {
    if let Some(stem) = file.file_stem().and_then(|s| s.to_str()) {
        if stem != spec.class {
            return Err(Error::at(
                &file,
                source,
                source.find("class").unwrap_or(0),
                format!("class `{}` differs from the file name `{stem}`", spec.class),
            ));
        }
    }
    spec.source = file;
    Ok(spec)
}

/// Reads every `*.toml` class in `dir` (not recursively), as rule packs are read. A missing
/// directory holds none.
pub fn read_class_dir(dir: &Path) -> Result<Vec<ClassSpec>, Error> {
    let (Ok(entries), Ok(root)) = (std::fs::read_dir(dir), dir.canonicalize()) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let source = super::pack::read_pack_file(&f, &root)?;
            parse_class(f, &source)
        })
        .collect()
}

/// Endings a class word may carry: plural, indefinite, ezafe, possessive (normalised, so
/// written without ZWNJ).
pub(crate) const ENDINGS: [&str; 21] = [
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "های",
    "ها",
    "ای",
    "ی",
    "یی",
    "اش",
    "ش",
    "م",
    "ت",
    "تان",
    "تون",
    "شان",
    "شون",
    "مان",
];

/// A class word takes [`ENDINGS`] when it is one word of at least this many bytes (two
/// letters): a one-letter word with an ending would be a common word of its own.
const ENDED_FROM: usize = 4;

/// The class words `word` may be with one of [`ENDINGS`]: `word` without each ending it
/// ends with, where what is left may take one.
pub(crate) fn ending_bases(word: &str) -> impl Iterator<Item = &str> {
    // Only the endings that end in the word's last letter are tried: none, for most words.
    let endings = word.chars().next_back().map_or(&[][..], endings_in);
    endings.iter().filter_map(move |e| {
        let base = word.strip_suffix(e)?;
        (base.len() >= ENDED_FROM).then_some(base)
    })
}

/// The endings of [`ENDINGS`] that end in `c`, in their order there.
fn endings_in(c: char) -> &'static [&'static str] {
    static BY_LAST: once_cell::sync::Lazy<Vec<(char, Vec<&'static str>)>> =
        once_cell::sync::Lazy::new(|| {
            let mut by: Vec<(char, Vec<&'static str>)> = Vec::new();
            for e in ENDINGS {
                let last = e.chars().next_back().expect("no ending is empty");
                match by.iter_mut().find(|(l, _)| *l == last) {
                    Some((_, es)) => es.push(e),
                    None => by.push((last, vec![e])),
                }
            }
            by
        });
    BY_LAST
        .iter()
        .find(|(l, _)| *l == c)
        .map_or(&[], |(_, es)| es.as_slice())
}

/// Whether `later` — the words after an entry's first — start with the entry's later words
/// `rest`, the last of which may carry an ending.
pub(crate) fn phrase_fits(rest: &[String], later: &[&str]) -> bool {
    later.len() >= rest.len()
        && rest.iter().zip(later).enumerate().all(|(k, (r, w))| {
            w == r
                || (k + 1 == rest.len()
                    && w.strip_prefix(r.as_str())
                        .is_some_and(|e| ENDINGS.contains(&e)))
        })
}

/// Compiled classes: which classes each word (or phrase) belongs to.
#[derive(Debug, Clone, Default)]
pub struct Classes {
    names: Vec<String>,
    /// Each class's index by its name: frames name their classes thousands of times a
    /// coach.
    ids: FastMap<String, usize>,
    /// Every class entry's first word by its [`word_hash`]: the first and last of the forms
    /// of each hash, which are chained by [`Form::next`] in the order they were added. A
    /// word with one of [`ENDINGS`] is looked up without it ([`ending_bases`]), so the
    /// table holds each word once, not once per ending.
    by_hash: HashedMap<(u32, u32)>,
    forms: Vec<Form>,
    /// The forms' words, one after another: thousands of short words in one string, not
    /// one allocation each.
    text: String,
    /// The later words of the entries that are phrases.
    rests: Vec<Vec<String>>,
    prefixes: Vec<(String, usize)>,
    /// How many words each class's longest entry has.
    longest: Vec<usize>,
    /// Words that a class doesn't find with an ending (see [`ClassSpec::except`]), with
    /// their class, normalised.
    except: Vec<(String, usize)>,
}

/// A form of a class entry's first word, with the entry it starts: a few numbers, as there
/// are tens of thousands of forms.
#[derive(Debug, Clone)]
struct Form {
    /// Where the form lies in [`Classes::text`].
    word: (u32, u32),
    /// The next form of the same hash, or [`NONE`].
    next: u32,
    /// The phrase's later words, in [`Classes::rests`], or [`NONE`] for a single word. A
    /// phrase takes an ending on its last word only.
    rest: u32,
    class: u32,
    /// Whether the entry also matches with one of [`ENDINGS`].
    endings: bool,
}

/// No form, or no later words.
const NONE: u32 = u32::MAX;

impl Classes {
    /// Compiles `specs`; specs of one name are merged (a team's words join the class).
    pub fn new(specs: &[ClassSpec]) -> Classes {
        Classes::with_normalised(specs, &[])
    }

    /// [`Classes::new`], with the words of the first specs given normalised, as the build
    /// normalised the embedded ones (a prefix without its `*`): `normalised[i][k]` is word
    /// `k` of spec `i`. The specs after them are normalised here.
    fn with_normalised(specs: &[ClassSpec], normalised: &[&[&'static str]]) -> Classes {
        let mut c = Classes::default();
        let words: usize = specs.iter().map(|s| s.words.len()).sum();
        c.by_hash.reserve(words);
        c.forms.reserve(words);
        // Hundreds of classes when a rule set's frames list their own words: found by name
        // in a map, not by comparing every name so far.
        for (i, spec) in specs.iter().enumerate() {
            let given = normalised.get(i).filter(|n| n.len() == spec.words.len());
            let id = match c.ids.get(spec.class.as_str()) {
                Some(&id) => id,
                None => {
                    c.names.push(spec.class.clone());
                    c.longest.push(1);
                    c.ids.insert(spec.class.clone(), c.names.len() - 1);
                    c.names.len() - 1
                }
            };
            c.except
                .extend(spec.except.iter().map(|w| (normalize_phrase(w), id)));
            for (k, w) in spec.words.iter().enumerate() {
                let given = given.map(|n| n[k]);
                if let Some(prefix) = w.strip_suffix('*') {
                    let p = given.map_or_else(|| normalize_phrase(prefix), str::to_owned);
                    if !p.is_empty() {
                        c.prefixes.push((p, id));
                    }
                    continue;
                }
                let norm = given.map_or_else(|| normalized_phrase(w), Cow::Borrowed);
                let mut parts = norm.split(' ').filter(|p| !p.is_empty());
                let Some(first) = parts.next() else { continue };
                let rest: Vec<String> = parts.map(str::to_owned).collect();
                c.longest[id] = c.longest[id].max(rest.len() + 1);
                let endings = rest.is_empty() && first.len() >= ENDED_FROM;
                let rest = if rest.is_empty() {
                    NONE
                } else {
                    c.rests.push(rest);
                    to_u32(c.rests.len() - 1)
                };
                c.add(first, rest, to_u32(id), endings);
            }
        }
        c
    }

    /// Adds an entry's first word.
    fn add(&mut self, first: &str, rest: u32, class: u32, endings: bool) {
        let start = to_u32(self.text.len());
        self.text.push_str(first);
        let word = (start, to_u32(self.text.len()));
        let k = to_u32(self.forms.len());
        self.forms.push(Form {
            word,
            next: NONE,
            rest,
            class,
            endings,
        });
        let hash = word_hash(self.word(word));
        match self.by_hash.get_mut(&hash) {
            Some((_, last)) => {
                let previous = std::mem::replace(last, k);
                self.forms[previous as usize].next = k;
            }
            None => {
                self.by_hash.insert(hash, (k, k));
            }
        }
    }

    fn word(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    /// The forms of hash `hash`, in the order they were added.
    fn chain(&self, first: u32) -> impl Iterator<Item = &Form> {
        std::iter::successors(Some(&self.forms[first as usize]), |f| {
            (f.next != NONE).then(|| &self.forms[f.next as usize])
        })
    }

    /// The forms written `word`.
    fn forms_of<'s>(&'s self, word: &'s str) -> impl Iterator<Item = &'s Form> {
        let first = self.by_hash.get(&word_hash(word));
        first
            .into_iter()
            .flat_map(|&(k, _)| self.chain(k))
            .filter(move |f| self.word(f.word) == word)
    }

    /// The forms of class `class` written `word`: the class, a number, is compared first.
    fn class_forms<'s>(&'s self, word: &'s str, class: usize) -> impl Iterator<Item = &'s Form> {
        let first = self.by_hash.get(&word_hash(word));
        first
            .into_iter()
            .flat_map(|&(k, _)| self.chain(k))
            .filter(move |f| f.class as usize == class && self.word(f.word) == word)
    }

    /// The later words of form `f`'s phrase; none for a single word.
    fn rest(&self, f: &Form) -> &[String] {
        match f.rest {
            NONE => &[],
            k => &self.rests[k as usize],
        }
    }

    /// Calls `each(form, the phrase's later words, class)` for every way the first word of
    /// an entry of a class `keep` accepts is written: as it is, then, for a word that takes
    /// them, with each of [`ENDINGS`] (and no later words).
    pub(crate) fn each_written_form(
        &self,
        keep: impl Fn(usize) -> bool,
        mut each: impl FnMut(&str, &[String], usize),
    ) {
        let mut form = String::new();
        let entries = self
            .by_hash
            .values()
            .flat_map(|&(first, _)| self.chain(first));
        for f in entries.filter(|f| keep(f.class as usize)) {
            let (word, class) = (self.word(f.word), f.class as usize);
            each(word, self.rest(f), class);
            if !f.endings {
                continue;
            }
            for e in ENDINGS {
                form.clear();
                form.push_str(word);
                form.push_str(e);
                if !self.is_excepted(&form, class) {
                    each(&form, &[], class);
                }
            }
        }
    }

    /// How many different words [`Classes::each_written_form`] gives, about.
    pub(crate) fn written_forms(&self) -> usize {
        let ended = self.forms.iter().filter(|f| f.endings).count();
        self.by_hash.len() + ended * ENDINGS.len()
    }

    /// The entries that are prefixes («غیرقابل*»), normalised, with their classes.
    pub(crate) fn prefixes(&self) -> &[(String, usize)] {
        &self.prefixes
    }

    /// How many words the longest entry of class `class` has.
    pub(crate) fn longest(&self, class: usize) -> usize {
        self.longest[class]
    }

    /// The index of class `name`.
    pub fn id(&self, name: &str) -> Option<usize> {
        self.ids.get(name).copied()
    }

    /// The classes' names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Calls `each(class, words)` for every class entry starting at `words[0]`, with how
    /// many words it covers. `words` are normalised tokens.
    pub fn at(&self, words: &[&str], mut each: impl FnMut(usize, usize)) {
        let Some((first, later)) = words.split_first() else {
            return;
        };
        for f in self.forms_of(first) {
            let rest = self.rest(f);
            if phrase_fits(rest, later) {
                each(f.class as usize, rest.len() + 1);
            }
        }
        for base in ending_bases(first) {
            for f in self.forms_of(base).filter(|f| f.endings) {
                if !self.is_excepted(first, f.class as usize) {
                    each(f.class as usize, 1);
                }
            }
        }
        for (p, class) in &self.prefixes {
            if first.starts_with(p.as_str()) {
                each(*class, 1);
            }
        }
    }

    /// Whether `word`, a class word with an ending, is a word of its own that `class`
    /// doesn't find.
    fn is_excepted(&self, word: &str, class: usize) -> bool {
        self.except.iter().any(|(w, c)| *c == class && w == word)
    }

    /// Whether `word` is a one-word entry of class `class` as written: no ending, no prefix
    /// entry.
    pub(crate) fn has_word(&self, word: &str, class: usize) -> bool {
        self.class_forms(word, class).any(|f| f.rest == NONE)
    }

    /// Whether `words[0..]` starts with a word of class `class`; how many words it covers.
    /// As [`Classes::at`] with one class: the other classes' entries are passed over before
    /// their later words are compared, and a word with an ending or a prefix (one word) is
    /// looked for only when no entry starts here as written.
    pub fn starts(&self, words: &[&str], class: usize) -> Option<usize> {
        let (first, later) = words.split_first()?;
        let written = (self.class_forms(first, class))
            .filter(|f| phrase_fits(self.rest(f), later))
            .map(|f| self.rest(f).len() + 1)
            .max();
        if written.is_some() {
            return written;
        }
        let ended = ending_bases(first)
            .any(|base| self.class_forms(base, class).any(|f| f.endings))
            && !self.is_excepted(first, class);
        let prefixed =
            || (self.prefixes.iter()).any(|(p, c)| *c == class && first.starts_with(p.as_str()));
        (ended || prefixed()).then_some(1)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("class words take less than 4 GiB")
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn embedded_classes_parse_and_find_their_examples() {
        let specs = default_classes().unwrap();
        assert!(specs.len() >= 5, "{} classes", specs.len());
        let classes = Classes::new(&specs);
        for spec in &specs {
            let id = classes.id(&spec.class).unwrap();
            assert!(
                !spec.doc.fa.is_empty() && !spec.doc.en.is_empty(),
                "{}",
                spec.class
            );
            for (example, want) in spec
                .examples
                .iter()
                .map(|e| (e, true))
                .chain(spec.counterexamples.iter().map(|e| (e, false)))
            {
                let norm = normalize_phrase(example);
                let words: Vec<&str> = norm.split(' ').collect();
                let found = classes.starts(&words, id) == Some(words.len());
                assert_eq!(found, want, "@{}: {example:?}", spec.class);
            }
        }
    }

    #[test]
    fn the_builds_normalised_class_words_are_the_normalisers() {
        let mut words = 0;
        for (e, spec) in EMBEDDED_LEXICON.iter().zip(embedded_classes()) {
            assert_eq!(e.normalised.len(), spec.words.len(), "{}", e.path);
            for (w, n) in spec.words.iter().zip(e.normalised) {
                let w = w.strip_suffix('*').unwrap_or(w);
                assert_eq!(normalize_phrase(w), *n, "{}: {w}", e.path);
                words += 1;
            }
        }
        assert!(words > 1500, "{words}");
        // Compiled from the build's forms or from the words, the classes are the same.
        let given = default_compiled_classes().unwrap();
        let here = Classes::new(embedded_classes());
        assert_eq!(format!("{given:?}"), format!("{here:?}"));
        // So are they with a team's class after them, its words normalised here.
        let mut all = embedded_classes().to_vec();
        all.push(parse_class("cost.toml", "class = \"cost\"\nwords = [\"هزينه‌ی پیک\"]\n").unwrap());
        let given = compiled_after_embedded(&all);
        assert_eq!(format!("{given:?}"), format!("{:?}", Classes::new(&all)));
    }

    #[test]
    fn starts_agrees_with_every_entry_found_at_a_place() {
        let classes = default_compiled_classes().unwrap();
        let mut words: Vec<String> = embedded_classes()
            .iter()
            .flat_map(|s| &s.words)
            .map(|w| normalize_phrase(w.trim_end_matches('*')))
            .collect();
        let ended: Vec<String> = words.iter().map(|w| format!("{w}های")).collect();
        words.extend(ended);
        words.extend(["بازی", "هزینهها", "غیرقابلبرگشت"].map(String::from));
        let mut found = 0;
        for w in &words {
            let parts: Vec<&str> = w.split(' ').chain(["است"]).collect();
            for class in 0..classes.names().len() {
                let mut at = None;
                classes.at(&parts, |c, n| {
                    if c == class {
                        at = Some(at.map_or(n, |a: usize| a.max(n)));
                    }
                });
                assert_eq!(classes.starts(&parts, class), at, "{w} in {class}");
                found += usize::from(at.is_some());
            }
        }
        assert!(found > words.len() / 2, "{found}");
    }

    #[test]
    fn embedded_classes_equal_their_toml_files() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let specs = default_classes().unwrap();
        assert_eq!(specs.len(), EMBEDDED_LEXICON.len());
        for (e, embedded) in EMBEDDED_LEXICON.iter().zip(&specs) {
            let (path, file) = (e.path, Path::new("rules/lexicon").join(e.path));
            let source = std::fs::read_to_string(root.join(&file)).unwrap();
            assert_eq!(*embedded, parse_class(&file, &source).unwrap(), "{path}");
        }
        // A coach's copy holds the same words, without the documentation and examples.
        assert_eq!(embedded_classes().len(), specs.len());
        for (words, full) in embedded_classes().iter().zip(&specs) {
            let about = ClassSpec {
                doc: full.doc.clone(),
                examples: full.examples.clone(),
                counterexamples: full.counterexamples.clone(),
                ..words.clone()
            };
            assert_eq!(&about, full, "{}", full.class);
            assert!(words.examples.is_empty() && words.doc == Localized::default());
            assert!(!full.examples.is_empty(), "{}", full.class);
        }
        // The build embeds every class file the directory holds.
        let dir = root.join("rules/lexicon");
        assert_eq!(read_class_dir(&dir).unwrap().len(), specs.len());
        let e = validate_class(specs[0].clone(), "rules/lexicon/other.toml".into(), "")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("rules/lexicon/other.toml:1:1: class `"),
            "{e}"
        );
    }

    /// Every entry's first word written out with each ending it may take, as the forms a
    /// word is compared with: (class, the phrase's later words) by form.
    fn every_form(specs: &[ClassSpec], c: &Classes) -> HashMap<String, Vec<(usize, Vec<String>)>> {
        let mut forms: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::new();
        for spec in specs {
            let class = c.id(&spec.class).unwrap();
            // The words of their own that look like one with an ending, by any spec of
            // the class.
            let except: Vec<String> = specs
                .iter()
                .filter(|s| s.class == spec.class)
                .flat_map(|s| s.except.iter().map(|w| normalize_phrase(w)))
                .collect();
            for w in spec.words.iter().filter(|w| !w.ends_with('*')) {
                let norm = normalize_phrase(w);
                let parts: Vec<String> = norm.split(' ').map(str::to_owned).collect();
                let (first, rest) = parts.split_first().unwrap();
                let mut written = vec![first.clone()];
                if rest.is_empty() && first.len() >= ENDED_FROM {
                    written.extend(
                        ENDINGS
                            .iter()
                            .map(|e| format!("{first}{e}"))
                            .filter(|f| !except.contains(f)),
                    );
                }
                for form in written {
                    forms.entry(form).or_default().push((class, rest.to_vec()));
                }
            }
        }
        forms
    }

    #[test]
    fn a_word_with_an_ending_finds_what_its_written_forms_do() {
        let specs = default_classes().unwrap();
        let c = Classes::new(&specs);
        let forms = every_form(&specs, &c);
        let mut firsts: Vec<String> = specs
            .iter()
            .flat_map(|s| &s.words)
            .filter(|w| !w.ends_with('*'))
            .map(|w| normalize_phrase(w).split(' ').next().unwrap().to_owned())
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        // Every first word as written, with each ending, with two endings, with an ending
        // cut short, with a letter more and with one less: what a class finds must not
        // change.
        let mut words = Vec::new();
        for (i, w) in firsts.iter().enumerate() {
            words.push(w.clone());
            for e in ENDINGS {
                words.push(format!("{w}{e}"));
            }
            let e = ENDINGS[i % ENDINGS.len()];
            words.push(format!("{w}{e}{}", ENDINGS[(i + 5) % ENDINGS.len()]));
            words.push(format!(
                "{w}{}",
                &e[..e.len() - e.chars().last().unwrap().len_utf8()]
            ));
            words.push(format!("{w}د"));
            words.push(w.chars().skip(1).collect());
        }
        words.extend(ENDINGS.iter().map(|e| e.to_string()));
        words.extend(["", "a", "ی", "هایی", "ABCDها"].map(str::to_owned));
        let mut checked = 0;
        for w in &words {
            // Followed by the words of a phrase, so the phrases are checked too.
            for later in [&[][..], &["ما", "را"], &["به", "موقع"]] {
                let mut all = vec![w.as_str()];
                all.extend(later);
                let mut got = Vec::new();
                c.at(&all, |class, n| got.push((class, n)));
                got.sort_unstable();
                let mut want: Vec<(usize, usize)> = forms
                    .get(w.as_str())
                    .into_iter()
                    .flatten()
                    .filter(|(_, rest)| phrase_fits(rest, later))
                    .map(|(class, rest)| (*class, rest.len() + 1))
                    .collect();
                want.extend(
                    c.prefixes()
                        .iter()
                        .filter(|(p, _)| w.starts_with(p.as_str()))
                        .map(|&(_, class)| (class, 1)),
                );
                want.sort_unstable();
                assert_eq!(got, want, "{all:?}");
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn each_ending_is_tried_on_the_words_that_end_in_its_last_letter() {
        for e in ENDINGS {
            let last = e.chars().next_back().unwrap();
            let tried: Vec<&str> = ENDINGS.into_iter().filter(|o| o.ends_with(last)).collect();
            assert_eq!(endings_in(last), tried, "{e}");
        }
        assert!(endings_in('ه').is_empty() && endings_in('ر').is_empty());
    }

    #[test]
    fn ending_bases_cut_whole_endings_only() {
        assert_eq!(
            ending_bases("هزینههایشان").collect::<Vec<_>>(),
            ["هزینه", "هزینههای"]
        );
        assert_eq!(ending_bases("هزینه").count(), 0);
        // What is left must be two letters at least.
        assert_eq!(ending_bases("بی").count(), 0);
        assert_eq!(ending_bases("کاری").collect::<Vec<_>>(), ["کار"]);
        assert_eq!(ending_bases("").count(), 0);
        assert_eq!(ending_bases("abcم").count(), 0);
    }

    #[test]
    fn a_team_class_file_adds_words() {
        let base = parse_class("x/cost.toml", "class = \"cost\"\nwords = [\"هزینه\"]\n").unwrap();
        let team = parse_class(
            "team/cost.toml",
            "class = \"cost\"\nwords = [\"حق اشتراک\", \"غیرقابل*\"]\n",
        )
        .unwrap();
        let c = Classes::new(&[base, team]);
        let id = c.id("cost").unwrap();
        assert_eq!(c.starts(&["هزینهها"], id), Some(1));
        assert_eq!(c.starts(&["حق", "اشتراکتان"], id), Some(2));
        assert_eq!(c.starts(&["غیرقابلبرگشت"], id), Some(1));
        assert_eq!(c.starts(&["حق"], id), None);
        assert_eq!(c.starts(&["هزینهبر"], id), None);
        assert!(c.has_word("هزینه", id) && !c.has_word("هزینهها", id) && !c.has_word("حق", id));
        let e = parse_class("team/fee.toml", "class = \"cost\"\nwords = []\n").unwrap_err();
        assert!(e.to_string().contains("differs from the file name"), "{e}");
    }
}
