//! One word automaton over the phrases of every phrase rule (and the vocabulary's words).
//!
//! A phrase with gaps («امکان … وجود ندارد») is searched by its first part; the other parts
//! are looked for after it, in the same sentence, within the rule's `max_gap` words.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use memchr::memmem;

use super::spec::MatchSpec;

use crate::text::{
    has_prefix, is_word_char, normalize_phrase, normalized_phrase, Analysis, FastMap, Lexicon,
    Patterns, WordAutomaton,
};

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
    /// Every distinct part of every phrase, one pattern each: a pattern's id is its part's;
    /// then, when they could be taken in, the words of the vocabulary, so that one walk of a
    /// text finds both (see [`Matcher::analyse`]).
    automaton: Option<WordAutomaton>,
    /// How many of the automaton's patterns are parts of phrases.
    parts: usize,
    /// The words the analyses of texts find (see [`Matcher::analyse`]).
    vocabulary: Arc<Lexicon>,
    /// The tag of each vocabulary word in the automaton, after the parts; empty when the
    /// vocabulary keeps automata of its own.
    vocabulary_tags: Vec<u8>,
    /// Per part: the phrases it is the first part of, those of part `p` being
    /// `anchored[anchors[p]..anchors[p + 1]]`, in order.
    anchors: Vec<u32>,
    anchored: Vec<u32>,
    /// Per part: whether it is a later part of some phrase.
    later: Vec<bool>,
    /// Per phrase: its rule and where its later parts lie in `rests`.
    phrases: Vec<(usize, Range<u32>)>,
    /// The later parts of every phrase, one phrase's after another.
    rests: Vec<usize>,
    /// Per part: its words, for the gap window.
    part_words: Vec<usize>,
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
    /// Entries of several words («و نه»), looked for as phrases, each with its searcher
    /// built once; grouped by their first word, looked for first: most clauses have none
    /// of them («بدون شما»، «بدون کمک شما»… are one look for «بدون»).
    in_clause_phrases: Vec<(memmem::Finder<'static>, Vec<memmem::Finder<'static>>)>,
    clause_start: bool,
}

impl Matcher {
    /// Compiles the phrase rules among `rules` (index, match table), and with them the words
    /// of `vocabulary` when it is compiled as one automaton.
    pub fn new<'a>(
        rules: impl Iterator<Item = (usize, &'a MatchSpec)>,
        vocabulary: Arc<Lexicon>,
    ) -> Matcher {
        let rules: Vec<(usize, &MatchSpec)> = rules.collect();
        // The tables are sized once, for about as many distinct parts as the rules write
        // phrases: grown from empty, they were rehashed a dozen times a coach.
        let phrases: usize = rules.iter().map(|(_, spec)| spec.phrases.len()).sum();
        let written: usize = rules
            .iter()
            .flat_map(|(_, spec)| spec.phrases.iter())
            .map(str::len)
            .sum();
        // Room for the vocabulary's words too, which join the parts at the end.
        let (single, single_bytes) = vocabulary
            .single_part()
            .map_or((0, 0), |(words, _)| (words.len(), words.bytes()));
        let mut parts = Patterns::with_capacity(phrases + single, written + single_bytes);
        // Rules share many parts («متاسفانه»، «امکان»…): each one as written is normalised
        // once. A bundled rule's parts come normalised.
        let read: usize = rules
            .iter()
            .filter(|(_, spec)| spec.phrases.normalized_parts().is_none())
            .map(|(_, spec)| spec.phrases.len())
            .sum();
        let mut by_writing: FastMap<&str, Option<usize>> =
            FastMap::with_capacity_and_hasher(read, Default::default());
        // With bundled rules alone, a part is known by its place in the build's list of
        // them, its id kept by that place: no part is hashed. A team's phrases may repeat a
        // bundled part, so with them every part is found by its text.
        let bundled_table = rules
            .iter()
            .find_map(|(_, spec)| spec.phrases.normalized_parts())
            .map(|(_, table)| table);
        let mut by_place: Vec<u32> = match (read, bundled_table) {
            (0, Some(table)) => vec![u32::MAX; table.len()],
            _ => Vec::new(),
        };
        let hashed = if by_place.is_empty() { phrases } else { 0 };
        let mut ids: FastMap<Cow<'static, str>, usize> =
            FastMap::with_capacity_and_hasher(hashed, Default::default());
        let mut part_id = |p: Cow<'static, str>, parts: &mut Patterns| {
            *ids.entry(p).or_insert_with_key(|p| {
                parts.push(p);
                parts.len() - 1
            })
        };
        let mut rests = Vec::with_capacity(phrases);
        let mut firsts = Vec::with_capacity(phrases);
        let mut phrases = Vec::with_capacity(phrases);
        let mut part_ids = Vec::new();
        let mut filters = Vec::new();
        for (index, spec) in rules {
            if filters.len() <= index {
                filters.resize(index + 1, None);
            }
            let norm = |list: &[String]| -> Vec<String> {
                list.iter()
                    .map(|w| normalize_phrase(w))
                    .filter(|w| !w.is_empty())
                    .collect()
            };
            let (in_clause_phrases, in_clause): (Vec<String>, _) = norm(&spec.unless_in_clause)
                .into_iter()
                .partition(|w: &String| w.contains(' '));
            let mut groups: Vec<(&str, Vec<memmem::Finder<'static>>)> = Vec::new();
            for w in &in_clause_phrases {
                let first = w.split(' ').next().unwrap_or(w);
                let phrase = memmem::Finder::new(w).into_owned();
                match groups.iter_mut().find(|(f, _)| *f == first) {
                    Some((_, group)) => group.push(phrase),
                    None => groups.push((first, vec![phrase])),
                }
            }
            let in_clause_phrases = groups
                .into_iter()
                .map(|(first, group)| (memmem::Finder::new(first).into_owned(), group))
                .collect();
            filters[index] = Some(Filters {
                max_gap: spec.max_gap,
                followed_by: norm(&spec.unless_followed_by),
                preceded_by: norm(&spec.unless_preceded_by),
                in_clause,
                in_clause_phrases,
                clause_start: spec.clause_start,
            });
            let bundled = spec.phrases.normalized_parts();
            for (k, phrase) in spec.phrases.iter().enumerate() {
                part_ids.clear();
                match bundled {
                    // Normalised by the build already.
                    Some((list, table)) if !by_place.is_empty() => {
                        part_ids.extend(list[k].iter().map(|&place| {
                            let id = &mut by_place[place as usize];
                            if *id == u32::MAX {
                                parts.push(table[place as usize]);
                                *id = (parts.len() - 1) as u32;
                            }
                            *id as usize
                        }))
                    }
                    Some((list, table)) => {
                        part_ids.extend(list[k].iter().map(|&place| {
                            part_id(Cow::Borrowed(table[place as usize]), &mut parts)
                        }))
                    }
                    None => part_ids.extend(phrase.split('…').filter_map(|written| {
                        *by_writing.entry(written).or_insert_with(|| {
                            let p = normalized_phrase(written);
                            (!p.is_empty()).then(|| part_id(p, &mut parts))
                        })
                    })),
                }
                let Some((&first, rest)) = part_ids.split_first() else {
                    continue;
                };
                firsts.push(first);
                let from = rests.len() as u32;
                rests.extend_from_slice(rest);
                phrases.push((index, from..rests.len() as u32));
            }
        }
        let mut anchors = vec![0u32; parts.len() + 1];
        for &first in &firsts {
            anchors[first + 1] += 1;
        }
        for p in 1..anchors.len() {
            anchors[p] += anchors[p - 1];
        }
        let mut anchored = vec![0u32; firsts.len()];
        let mut next = anchors.clone();
        let mut later = vec![false; parts.len()];
        for (phrase, &first) in firsts.iter().enumerate() {
            anchored[next[first] as usize] = phrase as u32;
            next[first] += 1;
        }
        for &p in &rests {
            later[p] = true;
        }
        let part_words = parts.iter().map(|p| p.split(' ').count()).collect();
        let part_count = parts.len();
        let mut vocabulary_tags = Vec::new();
        if let Some((words, tags)) = vocabulary.single_part().filter(|_| !parts.is_empty()) {
            words.iter().for_each(|w| parts.push(w));
            vocabulary_tags = tags.to_vec();
        }
        Matcher {
            part_words,
            automaton: (!parts.is_empty()).then(|| WordAutomaton::new(parts)),
            parts: part_count,
            vocabulary,
            vocabulary_tags,
            anchors,
            anchored,
            later,
            phrases,
            rests,
            filters,
        }
    }

    /// Analyses `original` with the words of the vocabulary, and finds the parts of phrases
    /// in it: when the matcher took the vocabulary's words in, in one walk. The parts are for
    /// [`Matcher::hits`].
    pub fn analyse<'a>(&self, original: &'a str) -> (Analysis<'a>, Vec<(usize, Range<usize>)>) {
        let Some(automaton) = self
            .automaton
            .as_ref()
            .filter(|_| !self.vocabulary_tags.is_empty())
        else {
            let a = Analysis::with_vocabulary(original, &self.vocabulary);
            let mut found = Vec::new();
            if let Some(automaton) = &self.automaton {
                automaton.for_each(a.text(), &a.starts, |p, r| found.push((p, r)));
            }
            return (a, found);
        };
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        let a = Analysis::with_words(original, |text, starts| {
            found.reserve(starts.len() / 8);
            let mut words = Vec::with_capacity(starts.len() / 4);
            automaton.for_each(text, starts, |p, r| match p.checked_sub(self.parts) {
                None => found.push((p, r)),
                Some(w) => words.push((r, usize::from(self.vocabulary_tags[w]))),
            });
            words
        });
        (a, found)
    }

    /// The matches in `a` of the phrases whose parts were `found` there (by
    /// [`Matcher::analyse`]): whole words, outside protected spans, passing the rule's
    /// filters; per rule, overlapping matches are resolved in favour of the earliest, then
    /// longest.
    pub fn hits(&self, a: &Analysis<'_>, found: &[(usize, Range<usize>)]) -> Vec<Hit> {
        // One pass found every part of every phrase; a phrase with gaps looks its later parts
        // up among them instead of searching the text again.
        let mut later: Vec<(usize, Range<usize>)> = found
            .iter()
            .filter(|(p, _)| self.later[*p])
            .cloned()
            .collect();
        later.sort_by_key(|(p, r)| (*p, r.start));
        let mut hits: Vec<Hit> = Vec::with_capacity(found.len());
        for (part, anchor) in found {
            let phrases = self.anchors[*part] as usize..self.anchors[*part + 1] as usize;
            for &phrase in &self.anchored[phrases] {
                let (rule, rest) = &self.phrases[phrase as usize];
                let rest = &self.rests[rest.start as usize..rest.end as usize];
                let Some(filters) = self.filters.get(*rule).and_then(Option::as_ref) else {
                    continue;
                };
                let Some(range) = self.extend_over_gaps(a, anchor, rest, &later, filters.max_gap)
                else {
                    continue;
                };
                if a.is_protected(&range) || !filters.allow(a, &range, anchor) {
                    continue;
                }
                hits.push(Hit { rule: *rule, range });
            }
        }
        hits.sort_by(|x, y| {
            (x.rule, x.range.start, y.range.end).cmp(&(y.rule, y.range.start, x.range.end))
        });
        // A hit overlapping the last one kept of its rule goes.
        hits.dedup_by(|h, kept| kept.rule == h.rule && h.range.start < kept.range.end);
        hits.sort_by_key(|h| (h.range.start, h.range.end, h.rule));
        hits
    }

    /// Finds the later parts of a gapped phrase after `anchor`, in its sentence, each within
    /// `max_gap` words of the part before it. `later` holds the matches of every later part,
    /// sorted by part and start.
    fn extend_over_gaps(
        &self,
        a: &Analysis<'_>,
        anchor: &Range<usize>,
        rest: &[usize],
        later: &[(usize, Range<usize>)],
        max_gap: usize,
    ) -> Option<Range<usize>> {
        if rest.is_empty() {
            return Some(anchor.clone());
        }
        let text = a.text();
        let sentence_end = a.sentence_at(anchor.start).map_or(text.len(), |s| s.end);
        let mut end = anchor.end;
        for &part in rest {
            // The first match of the part from `end` on; it must lie in the window: up to
            // `max_gap` words after the previous part, then the part itself.
            let k = later.partition_point(|(p, r)| (*p, r.start) < (part, end));
            let (p, found) = later.get(k)?;
            if *p != part || found.end > sentence_end {
                return None;
            }
            let window_end = nth_word_end(text, end, max_gap.saturating_add(self.part_words[part]))
                .min(sentence_end);
            if found.end > window_end {
                return None;
            }
            end = found.end;
        }
        Some(anchor.start..end)
    }
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
            // One-word entries are compared word by word (the clause's tokens outside the
            // matched word); an entry of several words («و نه») is looked for as a phrase
            // starting at a word's start.
            let first = a.tokens.partition_point(|t| t.range.start < clause.start);
            let words = a.tokens[first..]
                .iter()
                .take_while(|t| t.range.start < clause.end)
                .filter(|t| t.range.end <= anchor.start || t.range.start >= anchor.end)
                .map(|t| &text[t.range.clone()]);
            if (!self.in_clause.is_empty()
                && words
                    .into_iter()
                    .any(|word| self.in_clause.iter().any(|w| has_prefix(word, w))))
                || self.in_clause_phrases.iter().any(|(first, group)| {
                    let (in_head, in_tail) = (has_phrase(head, first), has_phrase(tail, first));
                    (in_head || in_tail)
                        && group.iter().any(|w| {
                            in_head && has_phrase(head, w) || in_tail && has_phrase(tail, w)
                        })
                })
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
fn has_phrase(s: &str, phrase: &memmem::Finder<'_>) -> bool {
    phrase
        .find_iter(s.as_bytes())
        .any(|i| !s[..i].chars().next_back().is_some_and(is_word_char))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::defaults;

    /// The phrases' matches in `a`, its parts found by a walk of their own.
    fn find(m: &Matcher, a: &Analysis<'_>) -> Vec<Hit> {
        let mut found = Vec::new();
        if let Some(automaton) = &m.automaton {
            automaton.for_each(a.text(), &a.starts, |p, r| {
                if p < m.parts {
                    found.push((p, r));
                }
            });
        }
        m.hits(a, &found)
    }

    /// A matcher that took the vocabulary's words in finds, in its one walk, the words and
    /// the phrases that the vocabulary's own walk and the phrases' own find; also where a
    /// vocabulary word is a phrase's part too, and in every register and spelling.
    #[test]
    fn one_walk_finds_what_two_walks_do() {
        let specs = defaults().unwrap();
        let rules = || {
            specs
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.matcher.as_ref().map(|m| (i, m)))
        };
        // The vocabulary, with the first part of some phrases among its words.
        let mut words: Vec<&str> = ["متاسفانه", "ممنون", "مشکل", "خیلی", "لطفا"].to_vec();
        words.extend(
            rules()
                .step_by(3)
                .filter_map(|(_, m)| m.phrases.first()?.split('…').next()),
        );
        let shared = words.len() - 5;
        let vocabulary = Arc::new(Lexicon::tagged(&[&words[..5], &words[5..]]));
        let joint = Matcher::new(rules(), vocabulary.clone());
        assert_eq!(joint.vocabulary_tags.len(), words.len());
        assert!(shared > 3, "{shared}");
        let mut texts: Vec<String> = specs
            .iter()
            .flat_map(|s| s.bad.iter().chain(&s.good))
            .map(|e| e.text.clone())
            .collect();
        texts.push(words.join(" و "));
        texts.push(
            "سلام {{name}} جان 🙂 متاسفانه نميتونيم سفارشت رو ارسال کنيم؛ ممنون از صبرتون!! \
             www.example.com مشکل ۱۲ تا 3 روز حل میشه"
                .into(),
        );
        let (mut phrases, mut found) = (0, 0);
        for t in &texts {
            let (a, parts) = joint.analyse(t);
            let b = Analysis::with_vocabulary(t, &vocabulary);
            assert_eq!(a.words_found, b.words_found, "{t}");
            let hits = joint.hits(&a, &parts);
            assert_eq!(hits, find(&joint, &b), "{t}");
            phrases += hits.len();
            found += a.words_found.len();
        }
        assert!(phrases > 50 && found > 50, "{phrases} {found}");

        // A vocabulary too long for one automaton keeps its own: the same words and phrases.
        let filler: Vec<String> = (0..3000).map(|i| format!("پر{i}")).collect();
        let mut long: Vec<&str> = filler.iter().map(String::as_str).collect();
        long.extend(&words);
        let vocabulary = Arc::new(Lexicon::tagged(&[&long]));
        let apart = Matcher::new(rules(), vocabulary.clone());
        assert!(vocabulary.single_part().is_none() && apart.vocabulary_tags.is_empty());
        for t in &texts {
            let (a, parts) = apart.analyse(t);
            let b = Analysis::with_vocabulary(t, &vocabulary);
            assert_eq!(a.words_found, b.words_found, "{t}");
            assert_eq!(apart.hits(&a, &parts), find(&joint, &b), "{t}");
        }
    }
}
