//! `lahn.toml`: a team's settings, parsed from text. Finding and reading the file is the
//! front end's job; the library only parses and applies it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::coach::CoachBuilder;
use crate::error::Error;
use crate::lang::{Lang, Localized};
use crate::report::{Category, Severity};
use crate::rule::{Doc, Examples, FixSpec, MatchSpec, RuleSpec};
use crate::settings::{Limits, Orthography};
use crate::text::Register;

/// The contents of a `lahn.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Language of messages.
    pub lang: Option<Lang>,
    /// Directories of the team's own rule packs, relative to the config file.
    pub rule_dirs: Vec<PathBuf>,
    /// Rules (by id) and categories (by name) to turn off.
    pub disable: Vec<String>,
    /// Severity per rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Length limits per channel.
    pub limits: Option<Limits>,
    /// The register the team writes in, used when the customer's message is unknown.
    pub expected_register: Option<Register>,
    /// Require a name placeholder in canned replies.
    pub require_name: Option<bool>,
    /// Words never flagged: brand and product names, the team's accepted terms.
    pub accept: Vec<String>,
    /// The team's banned phrases, each a rule of its own.
    pub reject: Vec<Rejected>,
    /// Paths (globs) `lahn check` skips.
    pub exclude: Vec<String>,
    /// Paths (globs) `lahn check` reads; all supported files when empty.
    pub include: Vec<String>,
    /// The house style of the orthography rules (ezafe, digits).
    pub orthography: Option<Orthography>,
}

/// A banned phrase and what to say instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejected {
    /// The rule id for its findings (kebab-case).
    pub id: String,
    /// The phrases, matched like a phrase rule's.
    pub phrases: Vec<String>,
    /// Why it is banned, shown with the finding.
    #[serde(default)]
    pub message: Option<String>,
    /// The preferred wording; applied by `--fix` when `safe`.
    #[serde(default)]
    pub replacement: Option<String>,
    /// Whether the replacement can be applied without review.
    #[serde(default)]
    pub safe: bool,
    /// Category of its findings (default `cliche`).
    #[serde(default)]
    pub category: Option<Category>,
    /// Severity of its findings (default `warning`).
    #[serde(default)]
    pub severity: Option<Severity>,
}

impl Config {
    /// Parses `source`, read from `file`. Errors name the file, line and column.
    pub fn parse(file: impl Into<PathBuf>, source: &str) -> Result<Config, Error> {
        let file = file.into();
        let at = |offset: usize, message: String| {
            let (line, column) = crate::error::line_column(source, offset);
            Error::Config {
                file: file.clone(),
                line,
                column,
                message,
            }
        };
        let config: Config = toml::from_str(source).map_err(|e| {
            at(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_owned(),
            )
        })?;
        // A rule id is printed in every report format: it is kept to kebab-case, so no id
        // can carry a line break or a terminal's control characters into them.
        if let Some(r) = config.reject.iter().find(|r| !crate::rule::is_kebab(&r.id)) {
            let offset = source.find(&r.id).filter(|_| !r.id.is_empty()).unwrap_or(0);
            return Err(at(offset, format!("rule id {:?} is not kebab-case", r.id)));
        }
        Ok(config)
    }

    /// Applies the config to `builder`; relative rule directories are taken from `base`
    /// (the config file's directory).
    pub fn apply(&self, mut builder: CoachBuilder, base: &Path) -> Result<CoachBuilder, Error> {
        if let Some(lang) = self.lang {
            builder = builder.lang(lang);
        }
        for dir in &self.rule_dirs {
            builder = builder.rule_dir(base.join(dir));
        }
        for r in &self.reject {
            builder = builder.rule(r.to_spec());
        }
        for name in &self.disable {
            builder = match name.parse::<Category>() {
                Ok(c) => builder.disable_category(c),
                Err(_) => builder.disable_rule(name.clone()),
            };
        }
        for (id, severity) in &self.severity {
            builder = builder.severity(id.clone(), *severity);
        }
        let mut settings = builder.current_settings().clone();
        if let Some(l) = self.limits {
            settings.limits = l;
        }
        if let Some(r) = self.expected_register {
            settings.expected_register = Some(r);
        }
        if let Some(n) = self.require_name {
            settings.require_name = n;
        }
        if let Some(o) = self.orthography {
            settings.orthography = o;
        }
        Ok(builder
            .settings(settings)
            .accept(self.accept.iter().cloned()))
    }
}

impl Rejected {
    fn to_spec(&self) -> RuleSpec {
        let text = self
            .message
            .clone()
            .unwrap_or_else(|| "این عبارت در راهنمای پاسخ‌گویی تیم ممنوع است.".to_owned());
        let en = self
            .message
            .clone()
            .unwrap_or_else(|| "The team's support guide bans this phrase.".to_owned());
        let localized = Localized { fa: text, en };
        RuleSpec {
            id: self.id.clone(),
            category: self.category.unwrap_or(Category::Cliche),
            severity: self.severity.unwrap_or(Severity::Warning),
            message: localized.clone(),
            suggestion: self.replacement.as_ref().map(|r| Localized {
                fa: format!("«{r}»"),
                en: format!("«{r}»"),
            }),
            url: None,
            doc: Doc {
                what: localized.clone(),
                why: localized,
            }
            .into(),
            matcher: Some(MatchSpec {
                phrases: self.phrases.clone().into(),
                max_gap: 6,
                ..MatchSpec::default()
            }),
            frames: Vec::new(),
            check: None,
            fix: self.replacement.as_ref().map(|r| FixSpec {
                replacement: r.clone(),
                safe: self.safe,
            }),
            text: BTreeMap::new(),
            bad: Examples::default(),
            good: Examples::default(),
            source: PathBuf::from("lahn.toml"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Coach, Draft};

    #[test]
    fn unknown_key_names_file_line_and_column() {
        let e = Config::parse("team/lahn.toml", "lang = \"en\"\n\nlimitz = 3\n").unwrap_err();
        assert_eq!(e.to_string(), "team/lahn.toml:3:1: unknown field `limitz`, expected one of `lang`, `rule_dirs`, `disable`, `severity`, `limits`, `expected_register`, `require_name`, `accept`, `reject`, `exclude`, `include`, `orthography`");
        let e = Config::parse("lahn.toml", "[limits]\nchat = \"sixty\"\n").unwrap_err();
        assert!(
            e.to_string().starts_with("lahn.toml:2:8: invalid type"),
            "{e}"
        );
    }

    #[test]
    fn applies_settings_rules_and_vocabulary() {
        let cfg = Config::parse(
            "lahn.toml",
            r#"
lang = "en"
disable = ["orthography", "cliche-asap"]
accept = ["API"]
[severity]
negativity-inability = "error"
[limits]
chat = 5
[[reject]]
id = "team-no-dear-user"
phrases = ["پشتیبان فنی"]
replacement = "همکارم"
safe = true
"#,
        )
        .unwrap();
        let coach = cfg
            .apply(Coach::builder(), Path::new("."))
            .unwrap()
            .build()
            .unwrap();
        let draft =
            Draft::new("پشتیبان فنی، در اسرع وقت API را درست می‌کنیم ولی نمیتونیم امروز. مرسی؟")
                .channel(crate::Channel::Chat);
        let report = coach.review(&draft);
        let rules: Vec<&str> = report.findings.iter().map(|f| &*f.rule).collect();
        assert!(rules.contains(&"team-no-dear-user"), "{rules:?}");
        assert!(rules.contains(&"length-channel"), "{rules:?}");
        assert!(
            !rules.contains(&"cliche-asap") && !rules.contains(&"clarity-jargon"),
            "{rules:?}"
        );
        assert!(report
            .findings
            .iter()
            .all(|f| f.category != Category::Orthography));
        let inability = report
            .findings
            .iter()
            .find(|f| &*f.rule == "negativity-inability")
            .unwrap();
        assert_eq!(inability.severity, Severity::Error);
        assert!(
            inability.message.starts_with("This phrase"),
            "{}",
            inability.message
        );
        assert_eq!(
            crate::fix::apply_safe(&draft.text, &report.findings)
                .split('،')
                .next(),
            Some("همکارم")
        );
    }
}
