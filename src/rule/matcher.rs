//! One Aho-Corasick automaton over the phrases of every phrase rule.
//!
//! A phrase with gaps («امکان … وجود ندارد») is searched by its first part; the other parts
//! are looked for after it, in the same sentence, within the rule's `max_gap` words.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::spec::MatchSpec;
use crate::text::{is_whole_word, is_word_char, normalize_phrase, Analysis};

/// A match of a phrase rule, in the normalised view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the rule in the set the matcher was built from.
    pub rule: usize,
    /// The matched range of the normalised view.
    pub range: Range<usize>,
}

/// The compiled phrases of a set of rules.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// Per pattern: the rule and the remaining parts of its phrase.
    patterns: Vec<(usize, Vec<String>)>,
    /// Per rule (by index): its compiled filters, if it is a phrase rule.
    filters: Vec<Option<Filters>>,
}

#[derive(Debug, Clone)]
struct Filters {
    max_gap: usize,
    followed_by: Vec<String>,
    preceded_by: Vec<String>,
    /// One-word entries of `unless_in_clause`, compared word by word.
    in_clause: Vec<String>,
    /// Entries of several words («و نه»), looked for as phrases.
    in_clause_phrases: Vec<String>,
    clause_start: bool,
}

impl Matcher {
    /// Compiles the phrase rules among `rules` (index, match table).
    pub fn new<'a>(rules: impl Iterator<Item = (usize, &'a MatchSpec)>) -> Matcher {
        let mut patterns = Vec::new();
        let mut anchors = Vec::new();
        let mut filters = Vec::new();
        for (index, spec) in rules {
            if filters.len() <= index {
                filters.resize(index + 1, None);
            }
            let norm = |list: &[String]| {
                list.iter()
                    .map(|w| normalize_phrase(w))
                    .filter(|w| !w.is_empty())
                    .collect()
            };
            filters[index] = Some(Filters {
                max_gap: spec.max_gap,
                followed_by: norm(&spec.unless_followed_by),
                preceded_by: norm(&spec.unless_preceded_by),
                in_clause: norm(&spec.unless_in_clause)
                    .into_iter()
                    .filter(|w: &String| !w.contains(' '))
                    .collect(),
                in_clause_phrases: norm(&spec.unless_in_clause)
                    .into_iter()
                    .filter(|w: &String| w.contains(' '))
                    .collect(),
                clause_start: spec.clause_start,
            });
            for phrase in &spec.phrases {
                let mut parts: Vec<String> = phrase
                    .split(['…'])
                    .map(normalize_phrase)
                    .filter(|p| !p.is_empty())
                    .collect();
                if parts.is_empty() {
                    continue;
                }
                anchors.push(parts.remove(0));
                patterns.push((index, parts));
            }
        }
        let automaton = if anchors.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .match_kind(MatchKind::Standard)
                    .build(&anchors)
                    .expect("phrase patterns compile"),
            )
        };
        Matcher {
            automaton,
            patterns,
            filters,
        }
    }

    /// Every match in `a`: whole words, outside protected spans, passing the rule's filters;
    /// per rule, overlapping matches are resolved in favour of the earliest, then longest.
    pub fn find(&self, a: &Analysis<'_>) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let text = a.text();
        let mut hits: Vec<Hit> = Vec::new();
        for m in automaton.find_overlapping_iter(text) {
            let (rule, rest) = &self.patterns[m.pattern().as_usize()];
            let anchor = m.range();
            if !is_whole_word(text, &anchor) {
                continue;
            }
            let Some(filters) = self.filters.get(*rule).and_then(Option::as_ref) else {
                continue;
            };
            let Some(range) = extend_over_gaps(a, anchor.clone(), rest, filters.max_gap) else {
                continue;
            };
            if a.is_protected(&range) || !filters.allow(a, &range, &anchor) {
                continue;
            }
            hits.push(Hit { rule: *rule, range });
        }
        hits.sort_by(|x, y| {
            (x.rule, x.range.start, y.range.end).cmp(&(y.rule, y.range.start, x.range.end))
        });
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if let Some(last) = kept.last() {
                if last.rule == h.rule && h.range.start < last.range.end {
                    continue;
                }
            }
            kept.push(h);
        }
        kept.sort_by_key(|h| (h.range.start, h.range.end, h.rule));
        kept
    }
}

/// Finds the remaining parts of a gapped phrase after `anchor`, in its sentence.
fn extend_over_gaps(
    a: &Analysis<'_>,
    anchor: Range<usize>,
    rest: &[String],
    max_gap: usize,
) -> Option<Range<usize>> {
    if rest.is_empty() {
        return Some(anchor);
    }
    let text = a.text();
    let sentence_end = a.sentence_at(anchor.start).map_or(text.len(), |s| s.end);
    let mut end = anchor.end;
    for part in rest {
        // The window: up to `max_gap` words after the previous part, then the part itself.
        let window_end =
            nth_word_end(text, end, max_gap + part.split(' ').count()).min(sentence_end);
        let window = &text[end..window_end];
        let found = window
            .match_indices(part.as_str())
            .map(|(i, p)| end + i..end + i + p.len())
            .find(|r| is_whole_word(text, r))?;
        end = found.end;
    }
    Some(anchor.start..end)
}

/// The end of the `n`-th word after `from`.
fn nth_word_end(text: &str, from: usize, n: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text[from..].char_indices() {
        let w = is_word_char(c);
        if in_word && !w {
            words += 1;
            if words == n {
                return from + i;
            }
        }
        in_word = w;
    }
    text.len()
}

impl Filters {
    fn allow(&self, a: &Analysis<'_>, r: &Range<usize>, anchor: &Range<usize>) -> bool {
        let text = a.text();
        let after = text[r.end..].trim_start_matches(' ');
        if self.followed_by.iter().any(|w| starts_with_word(after, w)) {
            return false;
        }
        let before = text[..r.start].trim_end_matches(' ');
        if self.preceded_by.iter().any(|w| ends_with_word(before, w)) {
            return false;
        }
        if self.clause_start || !self.in_clause.is_empty() || !self.in_clause_phrases.is_empty() {
            let clause = a.clause_at(r.start);
            if self.clause_start && text[clause.start..r.start].chars().any(is_word_char) {
                return false;
            }
            // The clause's other words: the matched word itself doesn't count («نه … نه …»),
            // but the words of a gap do.
            let (head, tail) = (
                &text[clause.start..anchor.start.max(clause.start)],
                &text[anchor.end.clamp(clause.start, clause.end)..clause.end],
            );
            // One-word entries are compared word by word; an entry of several words («و نه»)
            // is looked for as a phrase starting at a word's start.
            let words = head
                .split(|c: char| !is_word_char(c))
                .chain(tail.split(|c: char| !is_word_char(c)));
            if words
                .filter(|w| !w.is_empty())
                .any(|word| self.in_clause.iter().any(|w| word.starts_with(w.as_str())))
                || self
                    .in_clause_phrases
                    .iter()
                    .any(|w| has_phrase(head, w) || has_phrase(tail, w))
            {
                return false;
            }
        }
        true
    }
}

fn starts_with_word(s: &str, w: &str) -> bool {
    s.starts_with(w) && !s[w.len()..].chars().next().is_some_and(is_word_char)
}

fn ends_with_word(s: &str, w: &str) -> bool {
    s.ends_with(w)
        && !s[..s.len() - w.len()]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
}

/// Whether `s` holds `phrase` starting at a word's start.
fn has_phrase(s: &str, phrase: &str) -> bool {
    s.match_indices(phrase)
        .any(|(i, _)| !s[..i].chars().next_back().is_some_and(is_word_char))
}
