//! Where the server's coach comes from: the workspace's `lahn.toml` or `.lahn.toml`, then the client's
//! `initializationOptions` (or the `lahn` section of `workspace/didChangeConfiguration`).

use std::path::{Path, PathBuf};

use lahn::{Channel, Coach, Lang};
use lahn_config::{Files, Source};
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

/// Builds the coach for a workspace rooted at `root`, and the config's file globs: the
/// `lahn.toml` or `.lahn.toml` found upward from the root (or the `config` option's file),
/// then the client's options on top. Errors are messages for the user.
pub fn coach(root: Option<&Path>, options: &Options) -> Result<(Coach, Files), String> {
    let cwd = root.map_or_else(|| PathBuf::from("."), Path::to_owned);
    let source = match (&options.config, root) {
        (Some(explicit), _) => Source::File(explicit.clone()),
        (None, Some(r)) => Source::Discover(r.to_owned()),
        (None, None) => Source::Isolated,
    };
    let fail = |e: lahn_config::Error| format!("lahn: {e}");
    let mut eff = lahn_config::load(&source, &cwd).map_err(fail)?;
    if let Some(lang) = options.lang {
        eff.set_lang(lang, "the client's `lang` option");
    }
    eff.disable(&options.disable, "the client's `disable` option");
    let coach = eff.coach(false).map_err(fail)?;
    Ok((coach, eff.files().clone()))
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
