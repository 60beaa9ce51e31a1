//! The output of a review: findings, their categories and severities, and the score.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::span::Span;
use crate::text::Profile;

/// What aspect of a reply a finding is about. The names are fixed: they appear in JSON
/// output, in config and in the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Category {
    /// Inability, refusals, unavailability, obligations on the customer, blame.
    Negativity,
    /// The customer's name missing or misspelled, or a generic address.
    Personalization,
    /// Canned phrases customers resent.
    Cliche,
    /// Too long for the channel, or over-long sentences.
    Length,
    /// Register or emotion that doesn't fit the customer.
    Tone,
    /// Bad news without something good before it and something hopeful after.
    Sandwich,
    /// No closing offer of more help.
    Closing,
    /// A frustrated customer without apology, empathy or thanks.
    Empathy,
    /// Jargon aimed at a customer.
    Clarity,
    /// Careless Persian typography.
    Orthography,
}

impl Category {
    /// Every category, in a fixed order.
    pub const ALL: [Category; 10] = [
        Category::Negativity,
        Category::Personalization,
        Category::Cliche,
        Category::Length,
        Category::Tone,
        Category::Sandwich,
        Category::Closing,
        Category::Empathy,
        Category::Clarity,
        Category::Orthography,
    ];

    /// The category's name as written in JSON and config.
    pub fn name(self) -> &'static str {
        match self {
            Category::Negativity => "negativity",
            Category::Personalization => "personalization",
            Category::Cliche => "cliche",
            Category::Length => "length",
            Category::Tone => "tone",
            Category::Sandwich => "sandwich",
            Category::Closing => "closing",
            Category::Empathy => "empathy",
            Category::Clarity => "clarity",
            Category::Orthography => "orthography",
        }
    }

    /// The category's name for people, in `lang`: Persian words, or the English name.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        if lang == crate::Lang::En {
            return self.name();
        }
        match self {
            Category::Negativity => "لحن منفی",
            Category::Personalization => "شخصی‌سازی",
            Category::Cliche => "کلیشه",
            Category::Length => "طول",
            Category::Tone => "لحن",
            Category::Sandwich => "خبر بد بی‌پشتوانه",
            Category::Closing => "پایان‌بندی",
            Category::Empathy => "همدلی",
            Category::Clarity => "روشنی",
            Category::Orthography => "نگارش",
        }
    }

    /// How many of the score's 100 points this category can take away.
    pub fn weight(self) -> u32 {
        match self {
            Category::Negativity => 18,
            Category::Empathy => 14,
            Category::Tone => 14,
            Category::Personalization => 10,
            Category::Cliche => 10,
            Category::Sandwich => 10,
            Category::Closing => 8,
            Category::Clarity => 6,
            Category::Length => 6,
            Category::Orthography => 4,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Category {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Category, crate::Error> {
        Category::ALL
            .into_iter()
            .find(|c| c.name() == s.trim())
            .ok_or_else(|| crate::Error::UnknownCategory(s.to_owned()))
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Advice: shown, but doesn't count against the reply.
    Info,
    /// Hurts the customer's experience.
    Warning,
    /// Hurts it badly.
    Error,
}

impl Severity {
    /// The severity's name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Severity, String> {
        match s.trim() {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected info, warning or error)"
            )),
        }
    }
}

/// A machine-applicable change: replace the finding's span with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// The text to put in place of the span.
    pub replacement: String,
    /// Whether the fix can be applied without a person looking (it never changes meaning).
    pub safe: bool,
}

/// One thing a review found. Fields may be added in a later version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule's id.
    pub rule: Arc<str>,
    /// The rule's category.
    pub category: Category,
    /// How much it matters.
    pub severity: Severity,
    /// Where, in the draft's original text.
    pub span: Span,
    /// What is wrong, in the coach's language. Shared with the other findings of the rule
    /// that say the same: a library of macros has tens of thousands of findings and a few
    /// dozen messages.
    pub message: Arc<str>,
    /// A better wording or structure, shared like the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Arc<str>>,
    /// A machine-applicable fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Points of the score this finding took away.
    pub penalty: u32,
}

/// The result of reviewing a draft. Fields may be added in a later version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// 0–100: 100 less the penalties of the findings.
    pub score: u32,
    /// Per category, 0–100: the share of the category's weight that is left.
    pub categories: BTreeMap<Category, u32>,
    /// What was found, sorted by position.
    pub findings: Vec<Finding>,
    /// Register and emotion of the draft.
    pub draft_profile: Profile,
    /// Register and emotion of the customer's message, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_profile: Option<Profile>,
}

impl Report {
    /// Whether some finding of `category` is a warning or an error.
    pub fn flags(&self, category: Category) -> bool {
        self.findings
            .iter()
            .any(|f| f.category == category && f.severity >= Severity::Warning)
    }

    /// The findings at or above `severity`.
    pub fn at_least(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity >= severity)
    }
}
