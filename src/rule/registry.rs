//! The rules a coach runs: embedded defaults, overridden and extended by a team's packs, with
//! per-rule severity and on/off settings applied.

use std::collections::HashMap;
use std::sync::Arc;

use super::spec::RuleSpec;
use crate::checks::{self, CheckFn};
use crate::error::Error;
use crate::lang::{Lang, Localized};
use crate::report::Severity;

/// A rule ready to run.
#[derive(Clone)]
pub struct Rule {
    /// Its id.
    pub id: Arc<str>,
    /// Its file.
    pub spec: Arc<RuleSpec>,
    /// The severity in force (the file's unless overridden).
    pub severity: Severity,
    pub(crate) check: Option<CheckFn>,
    /// The message and suggestion in each language, made once and shared by the findings.
    wording: [Wording; 2],
}

/// A rule's message and suggestion in one language.
#[derive(Clone)]
struct Wording {
    message: Template,
    suggestion: Option<Template>,
}

/// A rule's message or suggestion: the text its findings share, and whether it has a `{`
/// (a field to fill) at all — most have none, and are not searched for one finding by
/// finding.
#[derive(Clone)]
pub(crate) struct Template {
    /// The text, shared by the findings whose fields it has none of.
    pub text: Arc<str>,
    /// Whether it has a `{`.
    pub fields: bool,
}

impl Wording {
    fn new(spec: &RuleSpec, lang: Lang) -> Wording {
        let shared = |l: &Localized| {
            let text: Arc<str> = Arc::from(l.get(lang));
            let fields = text.contains('{');
            Template { text, fields }
        };
        Wording {
            message: shared(&spec.message),
            suggestion: spec.suggestion.as_ref().map(shared),
        }
    }
}

impl Rule {
    /// The rule's message in `lang`, as its findings share it.
    pub(crate) fn message(&self, lang: Lang) -> &Template {
        &self.wording[slot(lang)].message
    }

    /// The rule's suggestion in `lang`, as its findings share it.
    pub(crate) fn suggestion(&self, lang: Lang) -> Option<&Template> {
        self.wording[slot(lang)].suggestion.as_ref()
    }
}

/// Where `lang`'s wording is in [`Rule::wording`].
fn slot(lang: Lang) -> usize {
    match lang {
        Lang::Fa => 0,
        Lang::En => 1,
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("severity", &self.severity)
            .finish_non_exhaustive()
    }
}

/// An ordered set of rules, at most one per id.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_id: HashMap<Arc<str>, usize>,
}

impl RuleSet {
    /// Adds `spec`, replacing a rule of the same id.
    pub(crate) fn insert(&mut self, spec: Arc<RuleSpec>) -> Result<(), Error> {
        let check = match &spec.check {
            Some(name) => Some(checks::lookup(name).ok_or_else(|| Error::RulePack {
                file: spec.source.clone(),
                line: 1,
                column: 1,
                message: format!("no check named `{name}`"),
            })?),
            None => None,
        };
        let id: Arc<str> = Arc::from(spec.id.as_str());
        let rule = Rule {
            id: id.clone(),
            severity: spec.severity,
            wording: [Lang::Fa, Lang::En].map(|lang| Wording::new(&spec, lang)),
            spec,
            check,
        };
        match self.by_id.get(&id) {
            Some(&i) => self.rules[i] = rule,
            None => {
                self.by_id.insert(id, self.rules.len());
                self.rules.push(rule);
            }
        }
        Ok(())
    }

    /// Keeps only the rules `keep` says yes to, in one pass.
    pub(crate) fn retain(&mut self, keep: impl Fn(&Rule) -> bool) {
        self.rules.retain(|r| keep(r));
        self.by_id = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
    }

    /// Sets the severity of rule `id`.
    pub(crate) fn set_severity(&mut self, id: &str, severity: Severity) -> Result<(), Error> {
        let i = *self
            .by_id
            .get(id)
            .ok_or_else(|| Error::UnknownRule(id.to_owned()))?;
        self.rules[i].severity = severity;
        Ok(())
    }

    /// The rule `id`.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    /// The rules, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    /// The rule at `index`.
    pub(crate) fn at(&self, index: usize) -> &Rule {
        &self.rules[index]
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
