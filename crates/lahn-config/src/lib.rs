//! The effective lahn configuration of a directory, loaded one way for every front end
//! (`lahn review`, `batch`, `fix`, `check`, `rules`, `explain`, `test-rules`, `config` and the
//! language server): `lahn.toml` or `.lahn.toml` found upward, an explicit file, or none;
//! then the front end's own overrides (a `--lang` flag, an editor's options), each value
//! remembering where it came from; and the config's `include` / `exclude` globs, matched
//! with the `ignore` crate.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ignore::overrides::{Override, OverrideBuilder};
use lahn::rule::RuleSet;
use lahn::{Category, Coach, CoachBuilder, Config, Lang};

/// The names a config file may have, looked for in this order in each directory.
pub const NAMES: [&str; 2] = ["lahn.toml", ".lahn.toml"];

/// Where to take the config from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The nearest `lahn.toml` or `.lahn.toml` in this directory or a parent of it; none
    /// found means the defaults.
    Discover(PathBuf),
    /// This file.
    File(PathBuf),
    /// No file: the defaults.
    Isolated,
}

/// What went wrong loading a config.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read the config {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid config, or builds no coach (an unknown rule, a bad pack).
    #[error(transparent)]
    Lahn(#[from] lahn::Error),
    /// The config names a rule directory outside its repository.
    #[error(
        "{}: the rule directory {} is outside the repository {}; a config reads only what its repository holds",
        file.display(),
        dir.display(),
        root.display()
    )]
    Outside {
        /// The config file.
        file: PathBuf,
        /// The directory as the config names it.
        dir: PathBuf,
        /// The repository: the nearest directory holding `.git` at or above the config's.
        root: PathBuf,
    },
    /// An `include` or `exclude` glob is malformed.
    #[error("{origin}: bad {kind} glob `{glob}`: {message}")]
    Glob {
        /// Where the glob was given: the config file, or a command-line flag.
        origin: Origin,
        /// `include` or `exclude`.
        kind: &'static str,
        /// The glob.
        glob: String,
        /// What is wrong.
        message: String,
    },
}

/// Where a value of the effective config came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// lahn's default.
    Default,
    /// The config file.
    File(PathBuf),
    /// The front end: a command-line flag or an editor's option, named.
    Front(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Front(what) => f.write_str(what),
        }
    }
}

/// The config in force for a directory, where it was read, and each value's origin.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The config file, when there is one.
    pub path: Option<PathBuf>,
    /// The directory paths in the config are relative to: the file's, else the starting one.
    pub base: PathBuf,
    /// The values in force (the file's, with the front end's overrides).
    pub config: Config,
    /// The text of the file, for locating its keys in error messages.
    source: String,
    origins: BTreeMap<&'static str, Origin>,
    files: Files,
}

/// The nearest config file in `dir` or a parent of it.
pub fn find_upward(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

/// Loads the config `source` names. Relative paths (`Source::File`) are taken from `cwd`,
/// which is also the base directory when there is no file.
pub fn load(source: &Source, cwd: &Path) -> Result<Effective, Error> {
    let path = match source {
        Source::Discover(dir) => find_upward(&cwd.join(dir)),
        Source::File(p) => Some(cwd.join(p)),
        Source::Isolated => None,
    };
    let Some(path) = path else {
        return Ok(Effective {
            path: None,
            base: cwd.to_owned(),
            config: Config::default(),
            source: String::new(),
            origins: BTreeMap::new(),
            files: Files::default(),
        });
    };
    let text = read_config(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let config = Config::parse(&path, &text)?;
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| cwd.to_owned(), Path::to_owned);
    let origins = KEYS
        .iter()
        .filter(|k| key_set(&config, k))
        .map(|k| (*k, Origin::File(path.clone())))
        .collect();
    let files = Files::new(
        &base,
        &config.include,
        &config.exclude,
        &Origin::File(path.clone()),
    )?;
    Ok(Effective {
        path: Some(path),
        base,
        config,
        source: text,
        origins,
        files,
    })
}

/// The largest config file read.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// The text of a config file: a regular file (a FIFO or a device would never end) of at most
/// [`MAX_CONFIG_BYTES`].
fn read_config(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read as _};
    // Checked before opening: opening a FIFO would wait for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(Error::other("not a regular file"));
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(Error::new(
            ErrorKind::FileTooLarge,
            format!("larger than {MAX_CONFIG_BYTES} bytes"),
        ));
    }
    Ok(text)
}

/// The keys of a config, in the order `lahn config` shows them.
const KEYS: [&str; 12] = [
    "lang",
    "disable",
    "rule_dirs",
    "accept",
    "include",
    "exclude",
    "require_name",
    "expected_register",
    "severity",
    "limits",
    "orthography",
    "reject",
];

fn key_set(c: &Config, key: &str) -> bool {
    match key {
        "lang" => c.lang.is_some(),
        "disable" => !c.disable.is_empty(),
        "rule_dirs" => !c.rule_dirs.is_empty(),
        "accept" => !c.accept.is_empty(),
        "include" => !c.include.is_empty(),
        "exclude" => !c.exclude.is_empty(),
        "require_name" => c.require_name.is_some(),
        "expected_register" => c.expected_register.is_some(),
        "severity" => !c.severity.is_empty(),
        "limits" => c.limits.is_some(),
        "orthography" => c.orthography.is_some(),
        "reject" => !c.reject.is_empty(),
        _ => false,
    }
}

impl Effective {
    /// The language of messages, `origin` saying who chose it (a `--lang` flag, an editor).
    pub fn set_lang(&mut self, lang: Lang, origin: impl Into<String>) {
        self.config.lang = Some(lang);
        self.origins.insert("lang", Origin::Front(origin.into()));
    }

    /// Turns off more rules or categories, on top of the file's `disable`.
    pub fn disable(&mut self, names: &[String], origin: impl Into<String>) {
        if names.is_empty() {
            return;
        }
        self.config.disable.extend(names.iter().cloned());
        self.origins.insert("disable", Origin::Front(origin.into()));
    }

    /// Adds `include` and `exclude` globs (relative to the base directory) on top of the
    /// file's, `origin` naming who gave them.
    pub fn add_globs(
        &mut self,
        include: &[String],
        exclude: &[String],
        origin: &str,
    ) -> Result<(), Error> {
        let front = Origin::Front(origin.to_owned());
        for (key, more) in [("include", include), ("exclude", exclude)] {
            if !more.is_empty() {
                self.origins.insert(key, front.clone());
            }
        }
        self.config.include.extend(include.iter().cloned());
        self.config.exclude.extend(exclude.iter().cloned());
        self.files = Files::new(
            &self.base,
            &self.config.include,
            &self.config.exclude,
            &front,
        )?;
        Ok(())
    }

    /// Where `key` (a top-level config key) got its value.
    pub fn origin(&self, key: &str) -> Origin {
        self.origins.get(key).cloned().unwrap_or(Origin::Default)
    }

    /// Every key of the config with its value in force (defaults filled in) and its origin,
    /// in a stable order.
    pub fn values(&self) -> Vec<(&'static str, toml::Value, Origin)> {
        let mut c = self.config.clone();
        c.lang.get_or_insert(Lang::Fa);
        c.limits.get_or_insert_with(lahn::Limits::default);
        c.require_name.get_or_insert(true);
        c.orthography.get_or_insert_with(lahn::Orthography::default);
        let table = toml::Value::try_from(&c)
            .ok()
            .and_then(|v| v.as_table().cloned())
            .unwrap_or_default();
        KEYS.iter()
            .filter_map(|k| table.get(*k).map(|v| (*k, v.clone(), self.origin(k))))
            .collect()
    }

    /// A coach builder with the config applied. `require_name` is the front end's default
    /// for whether a reply must greet the customer by a name placeholder (canned replies
    /// must; a live draft need not); the config's own `require_name` wins.
    pub fn builder(&self, require_name: bool) -> Result<CoachBuilder, Error> {
        let mut builder = Coach::builder();
        let mut settings = builder.current_settings().clone();
        settings.require_name = require_name;
        builder = builder.settings(settings);
        self.check_rule_dirs()?;
        Ok(self.config.apply(builder, &self.base)?)
    }

    /// Refuses a rule directory (or its `lexicon/`) that resolves outside the config's
    /// repository: a repository's config must not make lahn read the rest of the disk.
    fn check_rule_dirs(&self) -> Result<(), Error> {
        let Some(file) = &self.path else {
            return Ok(());
        };
        let Ok(base) = self.base.canonicalize() else {
            return Ok(());
        };
        let root = base
            .ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(&base);
        for dir in &self.config.rule_dirs {
            let full = self.base.join(dir);
            for p in [full.clone(), full.join("lexicon")] {
                // A directory that isn't there is reported when the rules are read.
                if p.canonicalize().is_ok_and(|real| !real.starts_with(root)) {
                    return Err(Error::Outside {
                        file: file.clone(),
                        dir: dir.clone(),
                        root: root.to_owned(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The coach of [`Effective::builder`]. An unknown rule id the file names is reported
    /// at its line and column in the file.
    pub fn coach(&self, require_name: bool) -> Result<Coach, Error> {
        self.builder(require_name)?
            .build()
            .map_err(|e| self.locate(e))
    }

    /// The rules of [`Effective::coach`] and the language of its messages, without the
    /// coach: what `lahn rules` and `lahn explain` show.
    pub fn rules(&self) -> Result<(RuleSet, Lang), Error> {
        let builder = self.builder(false)?;
        let lang = builder.current_lang();
        let rules = builder.build_rules().map_err(|e| self.locate(e))?;
        Ok((rules, lang))
    }

    /// Points an error about an unknown rule or category at where the file names it.
    fn locate(&self, e: lahn::Error) -> Error {
        let (lahn::Error::UnknownRule(name) | lahn::Error::UnknownCategory(name)) = &e else {
            return e.into();
        };
        let Some(path) = &self.path else {
            return e.into();
        };
        let Some(offset) = find_name(&self.source, name) else {
            return e.into();
        };
        let at = lahn::span::LineIndex::new(&self.source).location(offset);
        let (line, column) = (at.line, at.col);
        let message = match self.nearest_name(name) {
            Some(near) => format!("{e} (did you mean `{near}`?)"),
            None => e.to_string(),
        };
        Error::Lahn(lahn::Error::Config {
            file: path.clone(),
            line,
            column,
            message,
        })
    }

    /// The rule id or category name nearest an unknown `name`, among the rules this config
    /// brings in (the embedded ones and the team's packs).
    fn nearest_name(&self, name: &str) -> Option<String> {
        let mut known = self.config.clone();
        known.disable.clear();
        known.severity.clear();
        let coach = known
            .apply(Coach::builder(), &self.base)
            .ok()?
            .build()
            .ok()?;
        let ids: Vec<&str> = coach
            .rules()
            .iter()
            .map(|r| &*r.id)
            .chain(Category::ALL.iter().map(|c| c.name()))
            .collect();
        lahn::rule::nearest(name, ids).map(str::to_owned)
    }

    /// The config's `include` and `exclude` globs.
    pub fn files(&self) -> &Files {
        &self.files
    }
}

/// Where `name` appears as a quoted string or a bare key in `source`.
fn find_name(source: &str, name: &str) -> Option<usize> {
    for quote in ['"', '\''] {
        if let Some(i) = source.find(&format!("{quote}{name}{quote}")) {
            return Some(i + 1);
        }
    }
    source
        .match_indices(name)
        .find(|(i, _)| {
            let before = source[..*i].chars().next_back();
            let after = source[i + name.len()..].trim_start().chars().next();
            before.is_none_or(|c| c == '\n' || c.is_whitespace()) && after == Some('=')
        })
        .map(|(i, _)| i)
}

/// The `include` and `exclude` globs of a config, relative to its directory, as gitignore
/// globs: `*` within a path segment, `**` across segments, a glob without `/` matching a name
/// at any depth, a directory covering what is under it.
#[derive(Debug, Clone)]
pub struct Files {
    base: PathBuf,
    include: Override,
    exclude: Override,
    both: Override,
}

impl Default for Files {
    fn default() -> Files {
        Files {
            base: PathBuf::new(),
            include: Override::empty(),
            exclude: Override::empty(),
            both: Override::empty(),
        }
    }
}

impl Files {
    fn new(
        base: &Path,
        includes: &[String],
        excludes: &[String],
        origin: &Origin,
    ) -> Result<Files, Error> {
        let build = |include: bool, exclude: bool| -> Result<Override, Error> {
            let mut b = OverrideBuilder::new(base);
            let bad = |kind, g: &str, e: ignore::Error| Error::Glob {
                origin: origin.clone(),
                kind,
                glob: g.to_owned(),
                message: e.to_string(),
            };
            if include {
                for g in includes {
                    b.add(g).map_err(|e| bad("include", g, e))?;
                }
            }
            if exclude {
                for g in excludes {
                    b.add(&format!("!{g}")).map_err(|e| bad("exclude", g, e))?;
                }
            }
            b.build().map_err(|e| bad("include", "", e))
        };
        Ok(Files {
            base: base.to_owned(),
            include: build(true, false)?,
            exclude: build(false, true)?,
            both: build(true, true)?,
        })
    }

    /// The globs as the `ignore` crate's overrides, for a directory walk.
    pub fn overrides(&self) -> &Override {
        &self.both
    }

    /// Whether the config says to lint the file `path` (`Some(true)`: an `include` glob names
    /// it), not to (`Some(false)`: it or a directory above it is excluded), or says nothing.
    pub fn decide(&self, path: &Path) -> Option<bool> {
        let rel = path.strip_prefix(&self.base).ok()?;
        let mut dir = PathBuf::new();
        let mut parts = rel.components().peekable();
        while let Some(part) = parts.next() {
            dir.push(part);
            let is_dir = parts.peek().is_some();
            if self.exclude.matched(&dir, is_dir).is_ignore() {
                return Some(false);
            }
        }
        self.include
            .matched(rel, false)
            .is_whitelist()
            .then_some(true)
    }

    /// Whether a file named explicitly (not found by a walk) is excluded.
    pub fn excludes(&self, path: &Path) -> bool {
        self.decide(path) == Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_include_exclude_and_directories() {
        let config = Config {
            include: vec!["macros/**/*.reply".into(), "*.msg".into()],
            exclude: vec!["drafts".into()],
            ..Config::default()
        };
        let origin = Origin::File("/w/lahn.toml".into());
        let files = Files::new(Path::new("/w"), &config.include, &config.exclude, &origin).unwrap();
        let d = |p: &str| files.decide(Path::new(p));
        assert_eq!(d("/w/macros/a/b.reply"), Some(true));
        assert_eq!(d("/w/macros/b.reply"), Some(true));
        assert_eq!(d("/w/other/b.reply"), None);
        assert_eq!(d("/w/x/y.msg"), Some(true));
        assert_eq!(d("/w/drafts/y.msg"), Some(false));
        assert_eq!(d("/w/a/drafts/deep/y.msg"), Some(false));
        assert_eq!(d("/elsewhere/y.msg"), None);
    }

    #[test]
    fn finds_either_name_upward_and_records_origins() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join(".lahn.toml"), "disable = [\"cliche\"]\n").unwrap();
        let mut eff = load(&Source::Discover(deep.clone()), &deep).unwrap();
        assert_eq!(eff.path.as_deref(), Some(&*dir.path().join(".lahn.toml")));
        assert_eq!(eff.base, dir.path());
        assert_eq!(
            eff.origin("disable"),
            Origin::File(dir.path().join(".lahn.toml"))
        );
        assert_eq!(eff.origin("lang"), Origin::Default);
        eff.set_lang(Lang::En, "--lang");
        assert_eq!(eff.origin("lang").to_string(), "--lang");
        std::fs::write(dir.path().join("lahn.toml"), "lang = \"en\"\n").unwrap();
        let eff = load(&Source::Discover(deep.clone()), &deep).unwrap();
        assert_eq!(eff.path.as_deref(), Some(&*dir.path().join("lahn.toml")));
        let eff = load(&Source::Isolated, &deep).unwrap();
        assert_eq!((eff.path, eff.base), (None, deep));
    }

    #[test]
    fn unknown_rule_is_located_with_a_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lahn.toml");
        std::fs::write(&file, "lang = \"en\"\ndisable = [\"cliche-asp\"]\n").unwrap();
        let eff = load(&Source::File(file.clone()), dir.path()).unwrap();
        let e = eff.coach(false).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}:2:13: unknown rule `cliche-asp` (did you mean `cliche-asap`?)",
                file.display()
            )
        );
        std::fs::write(&file, "[severity]\nno-such-rule = \"error\"\n").unwrap();
        let eff = load(&Source::File(file.clone()), dir.path()).unwrap();
        let e = eff.coach(false).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!(
                "{}:2:1: unknown rule `no-such-rule`",
                file.display()
            )),
            "{e}"
        );
    }
}
