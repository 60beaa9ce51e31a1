//! Rules that need logic, one file each, named after the rule id. Each has a TOML file in
//! `rules/` that gives its id, messages, documentation and examples, and names the check.

use std::ops::Range;
use std::sync::Arc;

use crate::draft::{Channel, Draft};
use crate::lang::Lang;
use crate::report::{Category, Finding, Fix};
use crate::rule::{Classes, Found, Hit, Rule, RuleSet, Template};
use crate::settings::Settings;
use crate::span::Span;
use crate::text::Analysis;

mod closing_missing;
mod empathy_missing;
mod length_channel;
mod length_empty_reply;
mod length_sentence;
mod negativity_obligation;
mod orthography_arabic_letters;
mod orthography_bracket_spacing;
mod orthography_dashes;
mod orthography_diacritics;
mod orthography_digit_script;
mod orthography_ellipsis;
mod orthography_extra_spaces;
mod orthography_ezafe;
mod orthography_invisible_characters;
mod orthography_kashida;
mod orthography_latin_punctuation;
mod orthography_missing_zwnj;
mod orthography_mixed_digits;
mod orthography_punctuation_spacing;
mod orthography_repeated_letters;
mod orthography_repeated_punctuation;
mod orthography_straight_quotes;
mod orthography_stray_zwnj;
mod personalization_name_missing;
mod personalization_name_misspelled;
mod sandwich_bad_news;
mod tone_flippant;
mod tone_register_mismatch;

mod glyphs;
pub(crate) mod name;
pub(crate) mod news;
mod text;
pub(crate) mod typography;
mod untouchable;
pub(crate) mod vocabulary;

/// A check: reads the context, flags through `out`.
pub(crate) type CheckFn = fn(&Context<'_>, &mut Out<'_>);

/// The checks by name.
const CHECKS: &[(&str, CheckFn)] = &[
    ("closing_missing", closing_missing::check),
    ("empathy_missing", empathy_missing::check),
    ("length_channel", length_channel::check),
    ("length_empty_reply", length_empty_reply::check),
    ("length_sentence", length_sentence::check),
    ("negativity_obligation", negativity_obligation::check),
    (
        "orthography_arabic_letters",
        orthography_arabic_letters::check,
    ),
    (
        "orthography_bracket_spacing",
        orthography_bracket_spacing::check,
    ),
    ("orthography_dashes", orthography_dashes::check),
    ("orthography_diacritics", orthography_diacritics::check),
    ("orthography_digit_script", orthography_digit_script::check),
    ("orthography_ellipsis", orthography_ellipsis::check),
    ("orthography_extra_spaces", orthography_extra_spaces::check),
    ("orthography_ezafe", orthography_ezafe::check),
    (
        "orthography_invisible_characters",
        orthography_invisible_characters::check,
    ),
    ("orthography_kashida", orthography_kashida::check),
    (
        "orthography_latin_punctuation",
        orthography_latin_punctuation::check,
    ),
    ("orthography_missing_zwnj", orthography_missing_zwnj::check),
    ("orthography_mixed_digits", orthography_mixed_digits::check),
    (
        "orthography_punctuation_spacing",
        orthography_punctuation_spacing::check,
    ),
    (
        "orthography_repeated_letters",
        orthography_repeated_letters::check,
    ),
    (
        "orthography_repeated_punctuation",
        orthography_repeated_punctuation::check,
    ),
    (
        "orthography_straight_quotes",
        orthography_straight_quotes::check,
    ),
    ("orthography_stray_zwnj", orthography_stray_zwnj::check),
    (
        "personalization_name_missing",
        personalization_name_missing::check,
    ),
    (
        "personalization_name_misspelled",
        personalization_name_misspelled::check,
    ),
    ("sandwich_bad_news", sandwich_bad_news::check),
    ("tone_flippant", tone_flippant::check),
    ("tone_register_mismatch", tone_register_mismatch::check),
];

/// The check named `name`.
pub(crate) fn lookup(name: &str) -> Option<CheckFn> {
    CHECKS.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

/// Everything a check may read.
pub(crate) struct Context<'a> {
    pub draft: &'a Draft,
    pub text: &'a Analysis<'a>,
    pub customer: Option<&'a Analysis<'a>>,
    pub hits: &'a [Hit],
    pub rules: &'a RuleSet,
    /// What the frames found: the checks ask it whether a clause is good news.
    pub frames: &'a Found,
    /// The word classes of `rules/lexicon/` and a team's, for the checks that read them.
    pub classes: &'a Classes,
    /// The words around a customer's name, read from those classes once per coach.
    pub address: &'a once_cell::sync::OnceCell<name::AddressWords>,
    pub settings: &'a Settings,
    /// How the draft uses the customer's name, found once for the rules that ask.
    pub name_use: once_cell::unsync::OnceCell<name::NameUse>,
    /// The words of the checks' word lists in the draft, found once for the rules that ask.
    pub vocabulary: once_cell::unsync::OnceCell<vocabulary::Found>,
    /// What no orthography fix may touch, found once for the rules that ask.
    pub untouchable: once_cell::unsync::OnceCell<Vec<Range<usize>>>,
    /// The words of the original draft (see [`glyphs::scan`]), split once, with the
    /// glyphs, for the rules that read them.
    pub words: once_cell::unsync::OnceCell<Vec<Range<usize>>>,
    /// The numbers of the original draft (see [`orthography_mixed_digits::numbers`]), found
    /// once for the digit rules.
    pub numbers: once_cell::unsync::OnceCell<Vec<orthography_mixed_digits::Number>>,
    /// Which characters the orthography rules look for the draft has, and where its
    /// punctuation marks are, found once.
    pub glyphs: once_cell::unsync::OnceCell<glyphs::Scan>,
}

impl Context<'_> {
    /// The phrase-rule matches of `category`, in the normalised view of the draft.
    pub fn hits_in(&self, category: Category) -> impl Iterator<Item = &Hit> {
        self.hits
            .iter()
            .filter(move |h| self.rules.at(h.rule).spec.category == category)
    }

    /// How the draft uses the customer's name (or, with no name known, a name placeholder).
    pub fn name_use(&self) -> &name::NameUse {
        self.name_use.get_or_init(|| {
            let known = self
                .draft
                .customer_name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty());
            name::find(self.text, known, || {
                self.address
                    .get_or_init(|| name::AddressWords::new(self.classes))
            })
        })
    }

    /// Whether `words` hold a word or phrase of class `name`, with its endings.
    pub(crate) fn holds(&self, name: &str, words: &[&str]) -> bool {
        self.classes.id(name).is_some_and(|id| {
            (0..words.len()).any(|k| self.classes.starts(&words[k..], id).is_some())
        })
    }

    /// The words of the checks' word lists in the draft.
    pub fn vocabulary(&self) -> &vocabulary::Found {
        self.vocabulary
            .get_or_init(|| vocabulary::Found::of(self.text))
    }

    /// The original spans no orthography fix may touch (see [`untouchable`]), sorted.
    pub fn untouchable(&self) -> &[Range<usize>] {
        self.untouchable.get_or_init(|| untouchable::spans(self))
    }

    /// The words of the original draft, in order.
    pub fn words(&self) -> &[Range<usize>] {
        self.glyphs();
        self.words.get().map_or(&[], Vec::as_slice)
    }

    /// The numbers of the original draft, in order.
    pub(crate) fn numbers(&self) -> &[orthography_mixed_digits::Number] {
        self.numbers.get_or_init(|| {
            let glyphs = self.glyphs();
            if glyphs.digits {
                orthography_mixed_digits::numbers(
                    self.text.original,
                    glyphs.digits_from..glyphs.digits_to,
                )
            } else {
                Vec::new()
            }
        })
    }

    /// Which characters the orthography rules look for the original draft has.
    pub(crate) fn glyphs(&self) -> glyphs::Glyphs {
        self.scan().glyphs
    }

    /// Where the punctuation marks of the original draft are (see [`glyphs::Scan::marks`]).
    pub(crate) fn marks(&self) -> &[usize] {
        &self.scan().marks
    }

    /// The one pass over the original draft, and where it found what the orthography rules
    /// look for (see [`glyphs::Scan`]); the words are split in it too.
    pub(crate) fn scan(&self) -> &glyphs::Scan {
        self.glyphs.get_or_init(|| {
            let (scan, words) = glyphs::scan(self.text.original);
            let _ = self.words.set(words);
            scan
        })
    }

    /// The channel, when known.
    pub fn channel(&self) -> Option<Channel> {
        self.draft.channel
    }

    /// The original span of the last sentence, or of the whole text.
    pub fn last_sentence(&self) -> Range<usize> {
        match self.text.sentences.last() {
            Some(s) => self.text.to_original(s.clone()),
            None => 0..self.draft.text.len(),
        }
    }

    /// The original span of the first sentence, or of the whole text.
    pub fn first_sentence(&self) -> Range<usize> {
        match self.text.sentences.first() {
            Some(s) => self.text.to_original(s.clone()),
            None => 0..self.draft.text.len(),
        }
    }
}

/// Where a check's findings go, made with its rule's id, category, severity and messages.
pub(crate) struct Out<'a> {
    pub rule: &'a Rule,
    pub lang: Lang,
    pub findings: &'a mut Vec<Finding>,
}

impl Out<'_> {
    /// Flags the original range `span` with the rule's message and suggestion, `{key}` fields
    /// filled from `args`. Returns the finding for a check to adjust.
    pub fn flag(&mut self, span: Range<usize>, args: &[(&str, String)]) -> &mut Finding {
        self.flag_with(span, args)
    }

    /// [`Out::flag`] with any kind of string for the fields.
    fn flag_with<S: AsRef<str>>(&mut self, span: Range<usize>, args: &[(&str, S)]) -> &mut Finding {
        let message = fill_shared(self.rule.message(self.lang), args);
        let suggestion = self
            .rule
            .suggestion(self.lang)
            .map(|s| fill_shared(s, args));
        self.push(span, message, suggestion)
    }

    /// Adds a finding of the rule over `span` with `message` and `suggestion`.
    fn push(
        &mut self,
        span: Range<usize>,
        message: Arc<str>,
        suggestion: Option<Arc<str>>,
    ) -> &mut Finding {
        let spec = &self.rule.spec;
        self.findings.push(Finding {
            rule: self.rule.id.clone(),
            category: spec.category,
            severity: self.rule.severity,
            span: Span::from(span),
            message,
            suggestion,
            fix: None,
            penalty: 0,
        });
        self.findings.last_mut().expect("just pushed")
    }

    /// Flags `span` with a fix replacing it by `replacement`.
    pub fn fix(&mut self, span: Range<usize>, replacement: String, safe: bool) -> &mut Finding {
        let f = self.flag_with(span, &[("replacement", replacement.as_str())]);
        f.fix = Some(Fix { replacement, safe });
        f
    }

    /// Whether messages are in Persian.
    pub fn persian(&self) -> bool {
        self.lang == Lang::Fa
    }

    /// Whether the words suggested to the agent are best casual: a colloquial draft, with
    /// messages in Persian (the words are what the agent writes). The rules' `-colloquial`
    /// texts are for it.
    pub fn casual(&self, cx: &Context<'_>) -> bool {
        self.persian() && cx.text.profile.register == crate::text::Register::Colloquial
    }
}

/// [`fill`] of a shared template: the template itself, shared, when it has no field to fill.
fn fill_shared<S: AsRef<str>>(template: &Template, args: &[(&str, S)]) -> Arc<str> {
    match args.is_empty() || !template.fields {
        true => template.text.clone(),
        false => fill(&template.text, args).into(),
    }
}

/// Replaces `{key}` in `template` by its value from `args`; other braces stay as written.
pub(crate) fn fill<S: AsRef<str>>(template: &str, args: &[(&str, S)]) -> String {
    if args.is_empty() {
        return template.to_owned();
    }
    let mut out = String::with_capacity(
        template.len() + args.iter().map(|(_, v)| v.as_ref().len()).sum::<usize>(),
    );
    let mut rest = template;
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        let (head, tail) = rest.split_at(open);
        out.push_str(head);
        let value = memchr::memchr(b'}', &tail.as_bytes()[1..]).and_then(|close| {
            let key = &tail[1..=close];
            args.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (v, close + 2))
        });
        match value {
            Some((v, skip)) => {
                out.push_str(v.as_ref());
                rest = &tail[skip..];
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fills_known_keys_only() {
        let args = [
            ("replacement", "«می‌خواهم»".to_owned()),
            ("n", "3".to_owned()),
        ];
        for (template, want) in [
            ("بنویسید {replacement}.", "بنویسید «می‌خواهم»."),
            ("{n} از {n}", "3 از 3"),
            ("{unknown} {n}", "{unknown} 3"),
            ("{{n}}", "{3}"),
            ("{", "{"),
            ("بی‌جای‌خالی", "بی‌جای‌خالی"),
            ("{n", "{n"),
        ] {
            assert_eq!(fill(template, &args), want, "{template:?}");
            assert_eq!(fill::<&str>(template, &[]), template, "{template:?}");
        }
    }
}
