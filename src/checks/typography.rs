//! What the orthography checks share. They all read the original text (the normalised view
//! has folded away exactly what they look for) and all must leave placeholders, URLs,
//! e-mails and markup alone.

use std::ops::Range;

use super::Context;
use crate::draft::Channel;
use crate::report::{Finding, Severity};

/// Where the run of characters for which `part` holds that ends at byte `at` of `text`
/// starts (`at` itself when the character before it is not one).
pub(crate) fn run_start(text: &str, at: usize, part: impl Fn(char) -> bool) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| part(c))
        .last()
        .map_or(at, |(j, _)| j)
}

/// The run of characters for which `part` holds around byte `at` of `text`: from
/// [`run_start`] to the first character at or after `at` that is not one.
pub(crate) fn run_around(text: &str, at: usize, part: impl Fn(char) -> bool) -> Range<usize> {
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| !part(c))
        .map_or(text.len(), |(j, _)| at + j);
    run_start(text, at, part)..end
}

/// The zero-width non-joiner, the half-space of Persian typing.
pub(crate) const ZWNJ: char = '\u{200C}';

/// Diacritics and tatweel: written inside a word, never between words.
pub(crate) const fn is_in_word_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// The protected spans (placeholders, URLs, e-mails, markup) in original offsets.
pub(crate) fn protected_original(cx: &Context<'_>) -> Vec<Range<usize>> {
    cx.text
        .protected
        .iter()
        .map(|(r, _)| cx.text.to_original(r.clone()))
        .collect()
}

/// Whether `r` overlaps one of `spans` (sorted, as `Context::untouchable` gives them).
pub(crate) fn overlaps(spans: &[Range<usize>], r: &Range<usize>) -> bool {
    crate::text::overlaps_sorted(spans, r)
}

/// In chat, typography is advice only: agents type fast there and customers do too.
pub(crate) fn advice_in_chat(cx: &Context<'_>, f: &mut Finding) {
    if cx.channel() == Some(Channel::Chat) {
        f.severity = Severity::Info;
    }
}

/// Like [`advice_in_chat`], but a formal reply in chat is a template or a notice, written
/// once and sent to many: there careless spacing counts.
pub(crate) fn advice_in_casual_chat(cx: &Context<'_>, f: &mut Finding) {
    if cx.text.profile.register != crate::text::Register::Formal {
        advice_in_chat(cx, f);
    }
}

/// Test helpers shared by the orthography checks.
#[cfg(test)]
pub(crate) mod testing {
    use crate::draft::{Channel, Draft};
    use crate::fix::apply_safe;
    use crate::report::Finding;
    use crate::Coach;

    /// Every text of up to `most` of `pieces`, each once, the empty one first: what a rule
    /// that reads a few kinds of character is compared on with a slower way of reading them.
    pub(crate) fn texts_of(pieces: &[&str], most: usize) -> Vec<String> {
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..most {
            last = last
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts
    }

    /// The findings of rule `id` on `text`.
    pub(crate) fn findings(id: &str, text: &str, channel: Option<Channel>) -> Vec<Finding> {
        let draft = Draft {
            channel,
            ..Draft::new(text)
        };
        // Only this rule runs, so another rule's overlapping safe fix can't take its place.
        let defaults = Coach::default();
        let others = defaults
            .rules()
            .iter()
            .filter(|r| &*r.id != id)
            .map(|r| r.id.to_string());
        let coach = others
            .fold(Coach::builder(), |b, other| b.disable_rule(other))
            .build()
            .expect("the embedded rules are valid");
        coach
            .review(&draft)
            .findings
            .into_iter()
            .filter(|f| &*f.rule == id)
            .collect()
    }

    /// Checks `text` against rule `id`: the exact texts flagged and the text after the rule's
    /// safe fixes.
    pub(crate) fn expect(id: &str, text: &str, flagged: &[&str], fixed: &str) {
        let found = findings(id, text, None);
        let spans: Vec<&str> = found.iter().map(|f| f.span.text(text)).collect();
        assert_eq!(spans, flagged, "flagged in {text:?}");
        assert_eq!(apply_safe(text, &found), fixed, "fixed {text:?}");
        assert!(
            found.iter().all(|f| f.fix.as_ref().is_some_and(|x| x.safe)),
            "unsafe fix in {text:?}"
        );
    }

    /// Runs the bad and good examples of rule `id`'s file.
    pub(crate) fn rule_examples(id: &str) {
        let coach = Coach::default();
        let rule = coach
            .rules()
            .iter()
            .find(|r| &*r.id == id)
            .unwrap_or_else(|| panic!("no rule {id}"));
        let spec = rule.spec.clone();
        assert!(
            spec.bad.len() >= 3 && spec.good.len() >= 3,
            "{id}: needs 3 bad and 3 good examples"
        );
        for bad in &spec.bad {
            let found: Vec<Finding> = coach
                .review(&bad.draft())
                .findings
                .into_iter()
                .filter(|f| &*f.rule == id)
                .collect();
            assert_eq!(
                found.len(),
                1,
                "{id}: one finding expected on {:?}: {found:?}",
                bad.text
            );
            if let Some(flagged) = &bad.flagged {
                assert_eq!(
                    found[0].span.text(&bad.text),
                    flagged,
                    "{id}: span on {:?}",
                    bad.text
                );
            }
            if let Some(fixed) = &bad.fixed {
                assert_eq!(
                    &apply_safe(&bad.text, &found),
                    fixed,
                    "{id}: fix of {:?}",
                    bad.text
                );
            }
        }
        for good in &spec.good {
            let found: Vec<Finding> = coach
                .review(&good.draft())
                .findings
                .into_iter()
                .filter(|f| &*f.rule == id)
                .collect();
            assert!(
                found.is_empty(),
                "{id}: {:?} should pass: {found:?}",
                good.text
            );
        }
    }
}
