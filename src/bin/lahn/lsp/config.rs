//! Where the server's coach comes from: the workspace's `lahn.toml`, then the client's
//! `initializationOptions` (or the `lahn` section of `workspace/didChangeConfiguration`).

use std::path::{Path, PathBuf};

use lahn::{Category, Channel, Coach, Config, Lang};
use regex::Regex;
use serde::Deserialize;

/// Files larger than this are not linted unless the client says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: usize = 1 << 20;

/// Settings a client may pass as `initializationOptions` or in `workspace/configuration`
/// under `lahn`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Options {
    /// Language of messages and explanations: `fa` (default) or `en`.
    pub lang: Option<Lang>,
    /// Rules (ids) and categories (names) to turn off, on top of `lahn.toml`.
    pub disable: Vec<String>,
    /// Channel assumed when neither front matter nor `lahn/setContext` names one.
    pub channel: Option<Channel>,
    /// Largest buffer (bytes) linted.
    pub max_file_size: Option<usize>,
    /// Whether to show the score as an information diagnostic (default true).
    pub score: Option<bool>,
    /// A `lahn.toml` to use instead of the one found upward from the workspace root.
    pub config: Option<PathBuf>,
}

impl Options {
    /// Reads options from a JSON value: either the options themselves or an object with a
    /// `lahn` member holding them. `null` gives `None`.
    pub fn from_json(value: &serde_json::Value) -> Result<Option<Options>, String> {
        let value = match value.get("lahn") {
            Some(inner) => inner,
            None => value,
        };
        if value.is_null() {
            return Ok(None);
        }
        Options::deserialize(value)
            .map(Some)
            .map_err(|e| format!("lahn: invalid settings: {e}"))
    }

    pub fn max_file_size(&self) -> usize {
        self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }
}

/// The nearest `lahn.toml` at or above `dir`.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join("lahn.toml"))
        .find(|p| p.is_file())
}

/// The `include` and `exclude` globs of a `lahn.toml`, relative to its directory.
#[derive(Debug, Clone, Default)]
pub struct Files {
    base: PathBuf,
    include: Vec<Regex>,
    exclude: Vec<Regex>,
}

impl Files {
    fn new(base: &Path, config: &Config) -> Result<Files, String> {
        let compile = |globs: &[String]| -> Result<Vec<Regex>, String> {
            globs.iter().map(|g| glob(g)).collect()
        };
        Ok(Files {
            base: base.to_owned(),
            include: compile(&config.include)?,
            exclude: compile(&config.exclude)?,
        })
    }

    /// Whether the config says to lint `path` (`Some(true)`), not to (`Some(false)`), or
    /// says nothing about it.
    pub fn decide(&self, path: &Path) -> Option<bool> {
        let rel = path.strip_prefix(&self.base).ok()?.to_str()?;
        let rel = rel.replace('\\', "/");
        if self.exclude.iter().any(|r| r.is_match(&rel)) {
            return Some(false);
        }
        self.include
            .iter()
            .any(|r| r.is_match(&rel))
            .then_some(true)
    }
}

/// A glob as `lahn check` reads them: `*` and `?` within a path segment, `**` across
/// segments; a glob without `/` matches a name at any depth.
fn glob(g: &str) -> Result<Regex, String> {
    let g = g.trim_start_matches("./");
    let mut re = String::from("^");
    if !g.trim_end_matches('/').contains('/') {
        re.push_str("(?:.*/)?");
    }
    let g = g.trim_start_matches('/');
    let mut chars = g.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if chars.peek() == Some(&'/') {
                    chars.next();
                    re.push_str("(?:.*/)?");
                } else {
                    re.push_str(".*");
                }
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    // A directory pattern covers what is under it.
    re.push_str("(?:/.*)?$");
    Regex::new(&re).map_err(|e| format!("lahn: bad glob `{g}`: {e}"))
}

/// Builds the coach for a workspace rooted at `root`, and the config's file globs. Errors
/// are messages for the user.
pub fn coach(root: Option<&Path>, options: &Options) -> Result<(Coach, Files), String> {
    let mut builder = Coach::builder();
    let mut files = Files::default();
    let file = match &options.config {
        Some(explicit) => Some(match root {
            Some(r) => r.join(explicit),
            None => explicit.clone(),
        }),
        None => root.and_then(find_config),
    };
    if let Some(file) = file {
        let source = std::fs::read_to_string(&file)
            .map_err(|e| format!("lahn: cannot read {}: {e}", file.display()))?;
        let config = Config::parse(&file, &source).map_err(|e| format!("lahn: {e}"))?;
        let base = file.parent().unwrap_or(Path::new("."));
        files = Files::new(base, &config)?;
        builder = config
            .apply(builder, base)
            .map_err(|e| format!("lahn: {e}"))?;
    }
    if let Some(lang) = options.lang {
        builder = builder.lang(lang);
    }
    for name in &options.disable {
        builder = match name.parse::<Category>() {
            Ok(c) => builder.disable_category(c),
            Err(_) => builder.disable_rule(name.clone()),
        };
    }
    let coach = builder.build().map_err(|e| format!("lahn: {e}"))?;
    Ok((coach, files))
}

/// The local path of a `file:` URI, percent-decoded.
pub fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///C:/…` on Windows; `file://host/…` is not local.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    let decoded = String::from_utf8(out).ok()?;
    if cfg!(windows) {
        if let Some(p) = decoded
            .strip_prefix('/')
            .filter(|p| p.get(1..2) == Some(":"))
        {
            return Some(PathBuf::from(p));
        }
    }
    Some(PathBuf::from(decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths() {
        assert_eq!(
            uri_path("file:///tmp/a%20b/%D8%B3.md"),
            Some(PathBuf::from("/tmp/a b/س.md"))
        );
        assert_eq!(uri_path("untitled:Untitled-1"), None);
        assert_eq!(uri_path("file:///x%2"), Some(PathBuf::from("/x%2")));
    }

    #[test]
    fn globs() {
        let config = Config {
            include: vec!["macros/**/*.reply".into(), "*.msg".into()],
            exclude: vec!["drafts".into()],
            ..Config::default()
        };
        let files = Files::new(Path::new("/w"), &config).unwrap();
        let d = |p: &str| files.decide(Path::new(p));
        assert_eq!(d("/w/macros/a/b.reply"), Some(true));
        assert_eq!(d("/w/macros/b.reply"), Some(true));
        assert_eq!(d("/w/other/b.reply"), None);
        assert_eq!(d("/w/x/y.msg"), Some(true));
        assert_eq!(d("/w/drafts/y.msg"), Some(false));
        assert_eq!(d("/elsewhere/y.msg"), None);
    }

    #[test]
    fn options_in_either_shape() {
        let direct = serde_json::json!({"lang": "en", "maxFileSize": 10});
        let nested = serde_json::json!({"lahn": {"lang": "en", "maxFileSize": 10}});
        let a = Options::from_json(&direct).unwrap().unwrap();
        assert_eq!(a, Options::from_json(&nested).unwrap().unwrap());
        assert_eq!(a.lang, Some(Lang::En));
        assert_eq!(Options::from_json(&serde_json::Value::Null).unwrap(), None);
        assert!(Options::from_json(&serde_json::json!({"lang": "de"})).is_err());
    }
}
