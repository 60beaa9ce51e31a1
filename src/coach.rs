//! The coach: a compiled rule set that reviews drafts.

use std::path::PathBuf;
use std::sync::Arc;

use crate::checks::{Context, Out};
use crate::draft::Draft;
use crate::error::Error;
use crate::lang::Lang;
use crate::report::{Category, Finding, Fix, Report};
use crate::rule::{self, Frames, Matcher, RuleSet, RuleSpec};
use crate::score;
use crate::settings::Settings;
use crate::span::Span;
use crate::text::{is_whole_word, Analysis, Lexicon};

/// Reviews drafts. Build one with [`Coach::builder`] (or [`Coach::default`] for the embedded
/// rules) and share it: [`Coach::review`] takes `&self`, and a `Coach` is `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Coach {
    rules: RuleSet,
    matcher: Matcher,
    frames: Frames,
    settings: Settings,
    categories: Vec<Category>,
    lang: Lang,
    accepted: Option<Lexicon>,
    /// The words around a customer's name, read from the frames' classes when a draft first
    /// needs them.
    address: once_cell::sync::OnceCell<crate::checks::name::AddressWords>,
}

/// Builds a [`Coach`]: the embedded rules, a team's packs on top, rules and categories on or
/// off, severity overrides, settings and the language of messages.
#[derive(Debug, Clone, Default)]
pub struct CoachBuilder {
    packs: Vec<(PathBuf, String)>,
    specs: Vec<RuleSpec>,
    accepted: Vec<String>,
    rule_dirs: Vec<PathBuf>,
    no_defaults: bool,
    disabled_rules: Vec<String>,
    disabled_categories: Vec<Category>,
    severities: Vec<(String, crate::Severity)>,
    settings: Settings,
    lang: Lang,
}

impl CoachBuilder {
    /// Adds one rule pack given as TOML text; `name` is used in error messages. A rule whose
    /// id equals an embedded one replaces it.
    pub fn pack(mut self, name: impl Into<PathBuf>, toml: impl Into<String>) -> Self {
        self.packs.push((name.into(), toml.into()));
        self
    }

    /// Adds a rule built in code.
    pub fn rule(mut self, spec: RuleSpec) -> Self {
        self.specs.push(spec);
        self
    }

    /// Words never flagged, whatever rule would flag them: brand and product names, a
    /// team's accepted terms. A finding inside one of them is dropped.
    pub fn accept<W: AsRef<str>>(mut self, words: impl IntoIterator<Item = W>) -> Self {
        self.accepted
            .extend(words.into_iter().map(|w| w.as_ref().to_owned()));
        self
    }

    /// The settings given so far.
    pub fn current_settings(&self) -> &Settings {
        &self.settings
    }

    /// The language of messages set so far.
    pub fn current_lang(&self) -> Lang {
        self.lang
    }

    /// Adds every `*.toml` rule under `dir` (read when [`build`](Self::build) runs).
    pub fn rule_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rule_dirs.push(dir.into());
        self
    }

    /// Leaves the embedded rules out: only the packs given here run.
    pub fn without_default_rules(mut self) -> Self {
        self.no_defaults = true;
        self
    }

    /// Turns rule `id` off.
    pub fn disable_rule(mut self, id: impl Into<String>) -> Self {
        self.disabled_rules.push(id.into());
        self
    }

    /// Turns every rule of `category` off.
    pub fn disable_category(mut self, category: Category) -> Self {
        self.disabled_categories.push(category);
        self
    }

    /// Sets the severity of rule `id`.
    pub fn severity(mut self, id: impl Into<String>, severity: crate::Severity) -> Self {
        self.severities.push((id.into(), severity));
        self
    }

    /// Sets what the logic rules expect (length limits, register, names in macros).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Sets the language of messages and suggestions (Persian by default).
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Builds the coach. Fails on a malformed pack (with file, line and column), an
    /// unreadable directory, or an unknown rule id in the settings.
    pub fn build(self) -> Result<Coach, Error> {
        let (rules, categories) = self.rules_in_force()?;
        self.compile(rules, categories)
    }

    /// The rules a coach built here would have — packs read, rules and categories turned
    /// off, severities set — without compiling what a review searches with (phrases, frames,
    /// word lists): all that listing or explaining rules needs, at a fraction of the cost.
    pub fn build_rules(self) -> Result<RuleSet, Error> {
        self.rules_in_force().map(|(rules, _)| rules)
    }

    /// The rules in force and the categories left on.
    fn rules_in_force(&self) -> Result<(RuleSet, Vec<Category>), Error> {
        let mut rules = RuleSet::default();
        if !self.no_defaults {
            for spec in rule::defaults()? {
                rules.insert(Arc::clone(spec))?;
            }
        }
        let mut team: Vec<RuleSpec> = Vec::new();
        for dir in &self.rule_dirs {
            team.extend(rule::read_dir(dir)?);
        }
        for (name, source) in &self.packs {
            team.push(rule::parse(name.clone(), source)?);
        }
        team.extend(self.specs.iter().cloned());
        let mut seen: std::collections::HashMap<&str, &RuleSpec> = Default::default();
        for spec in &team {
            if let Some(first) = seen.insert(&spec.id, spec) {
                return Err(Error::DuplicateRule {
                    id: spec.id.clone(),
                    first: first.source.clone(),
                    second: spec.source.clone(),
                });
            }
        }
        for spec in team {
            rules.insert(Arc::new(spec))?;
        }
        // Checked one by one, removed in one pass: a long list stays cheap.
        if let Some(unknown) = self
            .disabled_rules
            .iter()
            .find(|id| rules.get(id).is_none())
        {
            return Err(Error::UnknownRule(unknown.clone()));
        }
        let disabled: std::collections::HashSet<&str> =
            self.disabled_rules.iter().map(String::as_str).collect();
        rules.retain(|r| !disabled.contains(&*r.id));
        for (id, severity) in &self.severities {
            rules.set_severity(id, *severity)?;
        }
        let off = &self.disabled_categories;
        rules.retain(|r| !off.contains(&r.spec.category));
        let categories = Category::ALL
            .into_iter()
            .filter(|c| !off.contains(c))
            .collect();
        Ok((rules, categories))
    }

    /// The coach of `rules`: their phrases, frames and word lists compiled.
    fn compile(self, rules: RuleSet, categories: Vec<Category>) -> Result<Coach, Error> {
        let mut team_classes = Vec::new();
        for dir in &self.rule_dirs {
            team_classes.extend(rule::read_class_dir(&dir.join("lexicon"))?);
        }
        // The profile's and the checks' word lists are matched as written: a prefix entry
        // there would silently match nothing.
        for spec in &team_classes {
            let prefix = spec.words.iter().find(|w| w.ends_with('*'));
            if let Some(w) =
                prefix.filter(|_| crate::checks::vocabulary::reads_as_written(&spec.class))
            {
                return Err(Error::RulePack {
                    file: spec.source.clone(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "class `{}` is a word list, matched as written: the prefix `{w}` would match nothing; write out each form",
                        spec.class
                    ),
                });
            }
        }
        // The embedded classes are compiled once per process; a team's add to them.
        let (vocabulary, classes) = if team_classes.is_empty() {
            (
                crate::checks::vocabulary::lexicon().clone(),
                rule::default_compiled_classes()?,
            )
        } else {
            // Reports the embedded classes' error, if any, before they are extended.
            rule::default_compiled_classes()?;
            let mut all = rule::embedded_classes().to_vec();
            all.extend(team_classes);
            let vocabulary = Arc::new(crate::checks::vocabulary::build(&all));
            let classes = Arc::new(rule::compiled_after_embedded(&all));
            (vocabulary, classes)
        };
        let matcher = Matcher::new(
            rules
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.spec.matcher.as_ref().map(|m| (i, m))),
            vocabulary,
        );
        let frames = Frames::new(
            rules
                .iter()
                .enumerate()
                .map(|(i, r)| (i, r.spec.frames.as_slice())),
            classes,
        )
        .map_err(|(i, message)| {
            let spec = &rules.at(i).spec;
            Error::RulePack {
                file: spec.source.clone(),
                line: 1,
                column: 1,
                message: format!("rule `{}`: {message}", spec.id),
            }
        })?;
        let accepted: Vec<&str> = self.accepted.iter().map(String::as_str).collect();
        let accepted = (!accepted.is_empty()).then(|| Lexicon::new(&accepted));
        let coach = Coach {
            rules,
            matcher,
            frames,
            settings: self.settings,
            categories,
            lang: self.lang,
            accepted,
            address: Default::default(),
        };
        coach.refuse_recurring_fixes()?;
        Ok(coach)
    }
}

impl Default for Coach {
    /// A coach with the embedded rules and default settings.
    fn default() -> Coach {
        Coach::builder()
            .build()
            .expect("the embedded rules are valid (checked by the test suite)")
    }
}

impl Coach {
    /// A builder over the embedded rules.
    pub fn builder() -> CoachBuilder {
        CoachBuilder::default()
    }

    /// The rules this coach runs.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Reviews `draft`. Never fails and never panics: an empty draft gets an empty report
    /// with a full score.
    pub fn review(&self, draft: &Draft) -> Report {
        let (text, parts) = self.matcher.analyse(&draft.text);
        let customer_analysis = draft
            .customer_message
            .as_deref()
            .filter(|m| !m.trim().is_empty())
            .map(|m| self.matcher.analyse(m).0);
        let customer = customer_analysis.as_ref().filter(|c| !c.is_blank());
        // Room for what most drafts get, so the list isn't regrown finding by finding.
        let mut findings = Vec::with_capacity(32);
        let mut found = crate::rule::Found::default();
        let hits = if text.is_blank() {
            Vec::new()
        } else {
            let mut hits = self.matcher.hits(&text, &parts);
            found = self.frames.find(&text, customer);
            hits.append(&mut found.hits);
            merge_overlaps(hits)
        };
        for hit in &hits {
            let rule = self.rules.at(hit.rule);
            let echoed = |c: &Analysis<'_>| {
                let said = &text.text()[hit.range.clone()];
                c.text()
                    .match_indices(said)
                    .any(|(i, m)| is_whole_word(c.text(), &(i..i + m.len())))
            };
            if rule
                .spec
                .matcher
                .as_ref()
                .is_some_and(|m| m.unless_customer_used)
                && customer.is_some_and(echoed)
            {
                continue;
            }
            let span = text.to_original(hit.range.clone());
            let mut out = Out {
                rule,
                lang: self.lang,
                findings: &mut findings,
            };
            let f = out.flag(span, &[]);
            if let Some(fix) = &rule.spec.fix {
                f.fix = Some(Fix {
                    replacement: fix.replacement.clone(),
                    safe: fix.safe,
                });
            }
        }
        {
            let cx = Context {
                draft,
                text: &text,
                customer,
                hits: &hits,
                rules: &self.rules,
                frames: &found,
                classes: self.frames.classes(),
                address: &self.address,
                settings: &self.settings,
                name_use: Default::default(),
                vocabulary: Default::default(),
                untouchable: Default::default(),
                words: Default::default(),
                numbers: Default::default(),
                glyphs: Default::default(),
            };
            // A blank draft has nothing for the checks to read, but one: an empty answer to
            // a customer is flagged.
            let blank = text.is_blank();
            for rule in self.rules.iter() {
                if blank && rule.spec.check.as_deref() != Some("length_empty_reply") {
                    continue;
                }
                if let Some(check) = rule.check {
                    check(
                        &cx,
                        &mut Out {
                            rule,
                            lang: self.lang,
                            findings: &mut findings,
                        },
                    );
                }
            }
        }
        if let Some(accepted) = &self.accepted {
            let keep: Vec<Span> = accepted
                .find_in(&text)
                .into_iter()
                .map(|r| Span::from(text.to_original(r)))
                .collect();
            findings.retain(|f| {
                !keep
                    .iter()
                    .any(|k| k.start <= f.span.start && f.span.end <= k.end)
            });
        }
        let mut findings = tidy(findings, draft.text.len());
        let (score, categories) = score::score(&mut findings, &self.categories);
        Report {
            score,
            categories,
            findings,
            draft_profile: text.profile,
            customer_profile: customer.map(|c| c.profile),
        }
    }

    /// Refuses a rule whose safe fix its own rule flags again: applied round after round,
    /// the text would grow without end.
    fn refuse_recurring_fixes(&self) -> Result<(), Error> {
        for (i, rule) in self.rules.iter().enumerate() {
            let Some(fix) = rule.spec.fix.as_ref().filter(|f| f.safe) else {
                continue;
            };
            let (text, parts) = self.matcher.analyse(&fix.replacement);
            if text.is_blank() {
                continue;
            }
            let again = self.matcher.hits(&text, &parts).iter().any(|h| h.rule == i)
                || self
                    .frames
                    .find(&text, None)
                    .hits
                    .iter()
                    .any(|h| h.rule == i);
            if again {
                return Err(Error::RulePack {
                    file: rule.spec.source.clone(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "rule `{}`: its safe fix «{}» holds what the rule flags, so it would apply again and again; make it unsafe or change it",
                        rule.id, fix.replacement
                    ),
                });
            }
        }
        Ok(())
    }

    /// Applies every safe fix to `draft` and returns the fixed text. One fix can make another
    /// («0?» is Persian once its digit is: «۰؟»; a collapsed «؟؟؟» then needs its space), so
    /// the draft is reviewed again after each round until no safe fix is left. Bytes outside
    /// the fixed spans never change.
    pub fn fix_safe(&self, draft: &Draft) -> String {
        let mut draft = draft.clone();
        let grown = draft
            .text
            .len()
            .saturating_mul(2)
            .max(draft.text.len() + 1024);
        for _ in 0..FIX_PASSES {
            let report = self.review(&draft);
            let fixed = crate::fix::apply_safe(&draft.text, &report.findings);
            // Fixes tidy a text, they don't write it: a text that keeps growing is a cycle
            // between rules, stopped here.
            if fixed == draft.text || fixed.len() > grown {
                break;
            }
            draft.text = fixed;
        }
        draft.text
    }
}

/// Sorts hits, and merges the overlapping hits of one rule into one (a phrase and a frame
/// that found the same words).
fn merge_overlaps(mut hits: Vec<crate::rule::Hit>) -> Vec<crate::rule::Hit> {
    hits.sort_by_key(|h| (h.rule, h.range.start, h.range.end));
    let mut out: Vec<crate::rule::Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        match out.last_mut() {
            Some(last) if last.rule == h.rule && h.range.start < last.range.end => {
                last.range.end = last.range.end.max(h.range.end);
            }
            _ => out.push(h),
        }
    }
    out.sort_by_key(|h| (h.range.start, h.range.end, h.rule));
    out
}

/// How many rounds of safe fixes [`Coach::fix_safe`] applies at most. Chains are short (a
/// collapsed «؟؟؟» then needs its space); a cycle between two rules stops here.
const FIX_PASSES: usize = 8;

/// Sorts findings by position, keeps spans inside the text, and of findings of one category
/// on the same span keeps the most severe. A negativity finding with no fix that lies inside
/// another, as severe or more, names the same phrasing again and goes: «متأسفانه امکان‌پذیر
/// نیست» is one negative phrase, not one on «امکان‌پذیر نیست» and one on «نیست».
fn tidy(mut findings: Vec<Finding>, len: usize) -> Vec<Finding> {
    for f in &mut findings {
        let end = f.span.end.min(len);
        f.span = Span::new(f.span.start.min(end), end);
    }
    findings.sort_by(|a, b| {
        (
            a.span.start,
            a.span.end,
            a.category,
            std::cmp::Reverse(a.severity),
            &a.rule,
        )
            .cmp(&(
                b.span.start,
                b.span.end,
                b.category,
                std::cmp::Reverse(b.severity),
                &b.rule,
            ))
    });
    findings.dedup_by(|later, kept| later.span == kept.span && later.category == kept.category);
    drop_nested(findings)
}

/// Drops each negativity finding with no fix inside a longer one that is as severe. Other
/// categories nest on purpose: a long sentence inside a reply too long for its channel.
fn drop_nested(findings: Vec<Finding>) -> Vec<Finding> {
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].category == Category::Negativity)
        .collect();
    order.sort_by_key(|&i| {
        (
            findings[i].span.start,
            std::cmp::Reverse(findings[i].span.end),
        )
    });
    let mut nested = vec![false; findings.len()];
    // The findings seen so far that may hold later ones.
    let mut holders: Vec<usize> = Vec::new();
    for &i in &order {
        let f = &findings[i];
        holders.retain(|&h| findings[h].span.end > f.span.start);
        nested[i] = f.fix.is_none()
            && holders.iter().any(|&h| {
                let o = &findings[h];
                o.span.end >= f.span.end && o.span != f.span && o.severity >= f.severity
            });
        if !nested[i] {
            holders.push(i);
        }
    }
    findings
        .into_iter()
        .zip(nested)
        .filter_map(|(f, gone)| (!gone).then_some(f))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixing_runs_until_no_safe_fix_is_left() {
        // Found by the property tests: each of these needs a second round, since a first fix
        // makes the next one apply.
        let coach = Coach::default();
        for text in [
            "0?ا۰",
            "ا؟؟؟ا",
            "10.5?..۰ا",
            "محمد رضا?\u{670}:first_name\t.",
            "0?،۱۲٫۵",
        ] {
            let draft = Draft::new(text);
            let once = crate::fix::apply_safe(text, &coach.review(&draft).findings);
            assert_ne!(once, text, "{text:?} has a safe fix");
            let fixed = coach.fix_safe(&draft);
            let left: Vec<Finding> = coach
                .review(&Draft::new(fixed.as_str()))
                .findings
                .into_iter()
                .filter(|f| f.fix.as_ref().is_some_and(|x| x.safe))
                .collect();
            assert!(left.is_empty(), "{text:?} → {fixed:?}: {left:?}");
        }
    }

    #[test]
    fn overlapping_safe_fixes_are_applied_in_rounds() {
        // Found by the property tests: the space before «,» and the Latin «,» itself are two
        // overlapping safe fixes; one round applies the first, the next finds nothing left.
        let coach = Coach::default();
        for (text, want) in [("سلام\t,", "سلام،"), ("مي خواهيد", "می\u{200c}خواهید")]
        {
            let draft = Draft::new(text);
            let report = coach.review(&draft);
            let edits = crate::fix::edits(text, &report.findings, crate::fix::is_safe);
            assert!(
                edits.windows(2).all(|w| w[0].0.end <= w[1].0.start),
                "{text:?}: {edits:?}"
            );
            assert_eq!(coach.fix_safe(&draft), want);
        }
    }

    #[test]
    fn a_negative_phrase_inside_another_is_reported_once() {
        let coach = Coach::default();
        let negative = |text: &str| -> Vec<String> {
            coach
                .review(&Draft::new(text))
                .findings
                .into_iter()
                .filter(|f| f.category == Category::Negativity)
                .map(|f| text[f.span.start..f.span.end].to_string())
                .collect()
        };
        // The regretted «نیست» lies inside «امکان‌پذیر نیست».
        assert_eq!(
            negative("متأسفانه بازپرداخت امکان‌پذیر نیست."),
            ["امکان\u{200c}پذیر نیست"]
        );
        // Two phrases apart are two findings.
        assert_eq!(
            negative("متأسفانه سفارش شما لغو شد و این مدل را هم نداریم."),
            ["لغو شد", "نداریم"]
        );
        // A long sentence stays flagged inside a reply too long for its channel.
        let long =
            "سلام، ".repeat(3) + &"این پیام برای آزمودن طول جمله نوشته شده و ".repeat(12) + "تمام.";
        let mut draft = Draft::new(long.as_str());
        draft.channel = Some(crate::draft::Channel::Sms);
        let rules: Vec<String> = coach
            .review(&draft)
            .findings
            .into_iter()
            .filter(|f| f.category == Category::Length)
            .map(|f| f.rule.to_string())
            .collect();
        assert!(rules.contains(&"length-channel".to_string()), "{rules:?}");
        assert!(rules.contains(&"length-sentence".to_string()), "{rules:?}");
    }
}
