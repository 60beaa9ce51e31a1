//! Errors of building a [`Coach`](crate::Coach).

use std::path::PathBuf;

/// What went wrong while building a coach or loading rule packs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A rule pack is not valid TOML or not a valid rule.
    #[error("{file}:{line}:{column}: {message}")]
    RulePack {
        /// The pack's file (or its name, for packs given as text).
        file: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A config file is not valid TOML or has an unknown key or a wrong type.
    #[error("{file}:{line}:{column}: {message}")]
    Config {
        /// The config file.
        file: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A rule pack directory could not be read.
    #[error("cannot read rule directory {path}: {source}")]
    RuleDir {
        /// The directory or file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A rule id named in settings is not a known rule.
    #[error("unknown rule `{0}`")]
    UnknownRule(String),
    /// A category name is not one of the ten.
    #[error("unknown category `{0}`")]
    UnknownCategory(String),
    /// Two packs given in one place define the same rule id.
    #[error("rule `{id}` is defined twice: in {first} and {second}")]
    DuplicateRule {
        /// The rule id.
        id: String,
        /// Where it was first defined.
        first: PathBuf,
        /// Where it was defined again.
        second: PathBuf,
    },
}

impl Error {
    /// Builds a [`Error::RulePack`] at byte `offset` of `source`.
    pub(crate) fn at(
        file: impl Into<PathBuf>,
        source: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Error {
        let (line, column) = line_column(source, offset);
        Error::RulePack {
            file: file.into(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let at = crate::span::LineIndex::new(source).location(offset.min(source.len()));
    (at.line, at.col)
}
