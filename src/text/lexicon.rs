//! Word lists matched as whole words on the normalised view.
//!
//! The logic rules and the register / emotion profile need to know where words such as
//! «متأسفانه» or «در خدمتم» occur. A `Lexicon` compiles such a list once into an automaton
//! and reports whole-word matches only.
//!
//! A match can only start where a word starts (or at a character that is not part of a
//! word, for a pattern that starts with one), so the automaton is anchored and walked from
//! those places only: inside a word there is nothing to find, and the walk from a word's
//! start ends as soon as no pattern continues. That is several times cheaper than an
//! unanchored search that reports every pattern inside every word and throws most away.

use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};
use once_cell::sync::OnceCell;

use super::normalize::is_word_char;
use super::phrase::normalized_phrase;
use super::scan::Scan;
use super::trie::Trie;
use crate::tally::Tally;

/// Patterns compiled for whole-word search, in three tiers, each slower to build and faster
/// to walk than the one before: the patterns indexed by their first bytes and compared at
/// each place (see [`Scan`]); once the texts would add up to more than a [`SCAN_SHARE`]th
/// of the patterns' own size, a trie; once they add up to [`TIER_UP`] times, a DFA. Each is
/// built when walking as much text with the tier before would cost about as much, so a
/// process that reviews one draft builds neither automaton, and one that reviews thousands
/// walks the fastest kind. All three find the same matches, in the same order.
#[derive(Debug, Clone)]
pub(crate) struct WordAutomaton {
    /// The first tier, which holds the patterns the others are built from.
    scan: Scan,
    trie: OnceCell<Trie>,
    dfa: OnceCell<DFA>,
    /// How many bytes of text the automaton has walked.
    walked: Tally,
    /// How many it walks before the trie is built.
    trie_at: usize,
    /// How many it walks before the DFA is built.
    tier_up: usize,
}

/// What share of the size of its patterns an automaton walks with the first tier before its
/// trie is built: measured on the embedded phrases, building the trie costs what scanning
/// about a quarter of their size in text does; the trie comes well before that, as a
/// process that has read a few drafts is likely to read more. A text longer than the share
/// is walked by the trie from the start.
const SCAN_SHARE: usize = 16;

/// How many times the size of its patterns an automaton walks before its DFA is built:
/// measured on the embedded word lists and phrases, a DFA's build costs what walking about
/// 160 times their size with the first tier instead does (measured with the contiguous NFA
/// the trie replaced, which walks about as fast); the DFA comes a little before that, as a
/// process that has read that much is likely to read more.
const TIER_UP: usize = 100;

impl WordAutomaton {
    /// Compiles `patterns` (already normalised, none empty).
    pub(crate) fn new(patterns: Patterns) -> WordAutomaton {
        let size = patterns.bytes();
        WordAutomaton {
            scan: Scan::new(patterns),
            trie: OnceCell::new(),
            dfa: OnceCell::new(),
            walked: Tally::default(),
            trie_at: size / SCAN_SHARE,
            tier_up: size.saturating_mul(TIER_UP),
        }
    }

    /// The tier to walk `text` with: the first until the texts walked pay for building the
    /// trie, the trie until they pay for the DFA. Asked once per text, which it counts as
    /// walked.
    fn tier(&self, text: &str) -> Tier<'_> {
        if let Some(dfa) = self.dfa.get() {
            return Tier::Dfa(dfa);
        }
        let walked = self.walked.add(text.len());
        let patterns = self.scan.patterns();
        if walked < self.tier_up {
            if let Some(trie) = self.trie.get() {
                return Tier::Trie(trie);
            }
            if walked.saturating_add(text.len()) <= self.trie_at {
                return Tier::Scan(&self.scan);
            }
            return Tier::Trie(self.trie.get_or_init(|| Trie::new(patterns)));
        }
        Tier::Dfa(self.dfa.get_or_init(|| anchored_dfa(patterns)))
    }

    /// Calls `each(pattern, range)` for every whole-word occurrence of a pattern in `text`,
    /// overlapping ones included, in order of their start. `starts` are the places a match
    /// may start, in order (see [`match_starts`]).
    pub(crate) fn for_each(
        &self,
        text: &str,
        starts: &[u32],
        each: impl FnMut(usize, Range<usize>),
    ) {
        match self.tier(text) {
            Tier::Scan(scan) => for_each(scan, text, starts, each),
            Tier::Trie(trie) => for_each(trie, text, starts, each),
            Tier::Dfa(dfa) => for_each(dfa, text, starts, each),
        }
    }

    /// Whole-word occurrences without overlap: at each place the longest one, the next one
    /// searched after its end.
    pub(crate) fn leftmost_longest(&self, text: &str, starts: &[u32]) -> Vec<Range<usize>> {
        match self.tier(text) {
            Tier::Scan(scan) => leftmost_longest(scan, text, starts),
            Tier::Trie(trie) => leftmost_longest(trie, text, starts),
            Tier::Dfa(dfa) => leftmost_longest(dfa, text, starts),
        }
    }
}

/// A list of patterns laid out one after another in one string: thousands of short words
/// are one allocation, not one each.
#[derive(Debug, Clone, Default)]
pub(crate) struct Patterns {
    text: String,
    /// Where each pattern ends in `text`; it starts where the one before ends.
    ends: Vec<u32>,
}

impl Patterns {
    /// Room for `patterns` patterns of `bytes` bytes in all.
    pub(crate) fn with_capacity(patterns: usize, bytes: usize) -> Patterns {
        Patterns {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(patterns),
        }
    }

    pub(crate) fn push(&mut self, pattern: &str) {
        self.text.push_str(pattern);
        self.ends
            .push(u32::try_from(self.text.len()).expect("patterns under 4 GiB"));
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Where pattern `k` lies in `text`.
    fn range(&self, k: usize) -> Range<usize> {
        let start = k.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        start..self.ends[k] as usize
    }

    /// Pattern `k`.
    pub(crate) fn get(&self, k: usize) -> &str {
        &self.text[self.range(k)]
    }

    /// Pattern `k`'s bytes.
    pub(crate) fn bytes_of(&self, k: usize) -> &[u8] {
        &self.text.as_bytes()[self.range(k)]
    }

    /// The patterns in order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.len()).map(|k| self.get(k))
    }

    /// How many bytes the patterns take together.
    pub(crate) fn bytes(&self) -> usize {
        self.text.len()
    }
}

impl<'a> FromIterator<&'a str> for Patterns {
    fn from_iter<I: IntoIterator<Item = &'a str>>(patterns: I) -> Patterns {
        let mut list = Patterns::default();
        patterns.into_iter().for_each(|p| list.push(p));
        list
    }
}

/// The DFA of `patterns`, walked anchored.
fn anchored_dfa(patterns: &Patterns) -> DFA {
    DFA::builder()
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Anchored)
        .build(patterns.iter())
        .expect("word patterns compile")
}

/// The automaton of a [`WordAutomaton`] a text is walked with.
#[derive(Clone, Copy)]
enum Tier<'a> {
    Scan(&'a Scan),
    Trie(&'a Trie),
    Dfa(&'a DFA),
}

/// An automaton walked from one place at a time.
trait Walk {
    /// Calls `each(pattern, range)` for every pattern that starts at `start` of `text` and
    /// ends at a word edge, shortest first, walking until no pattern can continue.
    fn walk(&self, text: &str, start: usize, each: impl FnMut(usize, Range<usize>));
}

impl Walk for Trie {
    #[inline]
    fn walk(&self, text: &str, start: usize, mut each: impl FnMut(usize, Range<usize>)) {
        let ends_here = |end| text.is_char_boundary(end) && ends_word(text, end);
        self.walk_bytes(text.as_bytes(), start, ends_here, |p, end| {
            each(p, start..end)
        });
    }
}

impl Walk for Scan {
    #[inline]
    fn walk(&self, text: &str, start: usize, mut each: impl FnMut(usize, Range<usize>)) {
        let ends_here = |end| text.is_char_boundary(end) && ends_word(text, end);
        self.walk_bytes(text.as_bytes(), start, ends_here, |p, end| {
            each(p, start..end)
        });
    }
}

/// [`WordAutomaton::for_each`] with automaton `a`.
fn for_each(a: &impl Walk, text: &str, starts: &[u32], mut each: impl FnMut(usize, Range<usize>)) {
    for &s in starts {
        a.walk(text, s as usize, &mut each);
    }
}

/// [`WordAutomaton::leftmost_longest`] with automaton `a`.
fn leftmost_longest(a: &impl Walk, text: &str, starts: &[u32]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut done_until = 0;
    for &s in starts {
        let s = s as usize;
        if s < done_until {
            continue;
        }
        let mut longest: Option<Range<usize>> = None;
        a.walk(text, s, |_, r| {
            if longest.as_ref().is_none_or(|l| r.end > l.end) {
                longest = Some(r);
            }
        });
        if let Some(r) = longest {
            done_until = r.end;
            found.push(r);
        }
    }
    found
}

/// An Aho-Corasick automaton, walked anchored.
impl Walk for DFA {
    fn walk(&self, text: &str, start: usize, mut each: impl FnMut(usize, Range<usize>)) {
        let Ok(mut sid) = self.start_state(Anchored::Yes) else {
            return;
        };
        let bytes = text.as_bytes();
        for (k, &b) in bytes[start..].iter().enumerate() {
            sid = self.next_state(Anchored::Yes, sid, b);
            if !self.is_special(sid) {
                continue;
            }
            if self.is_dead(sid) {
                return;
            }
            if self.is_match(sid) {
                let end = start + k + 1;
                if !text.is_char_boundary(end) || !ends_word(text, end) {
                    continue;
                }
                for m in 0..self.match_len(sid) {
                    let p = self.match_pattern(sid, m);
                    // A state's matches include patterns that are suffixes of the path walked;
                    // only those starting here are matches from here.
                    if end - self.pattern_len(p) == start {
                        each(p.as_usize(), start..end);
                    }
                }
            }
        }
    }
}

/// The byte offsets of `text` where a whole-word match may start, as the token pass finds
/// them. An [`Analysis`](super::Analysis) has them already.
fn match_starts(text: &str) -> Vec<u32> {
    super::token::scan(text, &[], &[]).starts
}

/// Whether a match ending at `end` ends at a word edge: its last character and the next
/// one are not both parts of a word.
fn ends_word(text: &str, end: usize) -> bool {
    let after = text[end..].chars().next();
    let last = text[..end].chars().next_back();
    !(after.is_some_and(is_word_char) && last.is_some_and(is_word_char))
}

/// A compiled list of words and phrases.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// The patterns, normalised.
    patterns: Patterns,
    /// The patterns in automata of at most [`CHUNK`] each, the first pattern of each
    /// automaton beside it: compiled when the lexicon is first walked, so that one whose
    /// words another automaton has taken in (see [`Lexicon::single_part`]) costs a process
    /// nothing more.
    automata: OnceCell<Vec<(usize, WordAutomaton)>>,
    /// For a lexicon of several lists: the list of each pattern.
    tags: Vec<u8>,
}

/// How many patterns one automaton holds at most. Building one reorders its states by
/// following cycles of swaps, which grows with the square of the states for some lists
/// (100,000 words that share a start took seconds); lists longer than this are compiled in
/// parts and each part walked in turn, so a team's long list builds in linear time.
const CHUNK: usize = 2048;

impl Lexicon {
    /// Compiles `phrases`, normalising each one.
    pub fn new(phrases: &[&str]) -> Lexicon {
        Lexicon::tagged(&[phrases])
    }

    /// Compiles several lists into one automaton, so one pass over a text finds the words
    /// of all of them; a match's tag is the index of its list.
    pub fn tagged(lists: &[&[&str]]) -> Lexicon {
        let mut patterns = Patterns::default();
        let mut tags = Vec::new();
        for (tag, list) in lists.iter().enumerate() {
            for p in list
                .iter()
                .map(|p| normalized_phrase(p))
                .filter(|p| !p.is_empty())
            {
                patterns.push(&p);
                tags.push(u8::try_from(tag).expect("fewer than 256 lists"));
            }
        }
        Lexicon {
            patterns,
            automata: OnceCell::new(),
            tags,
        }
    }

    /// The automata, compiled on first use.
    fn automata(&self) -> &[(usize, WordAutomaton)] {
        self.automata.get_or_init(|| {
            (0..self.patterns.len())
                .step_by(CHUNK)
                .map(|first| {
                    let end = (first + CHUNK).min(self.patterns.len());
                    let part = (first..end).map(|k| self.patterns.get(k)).collect();
                    (first, WordAutomaton::new(part))
                })
                .collect()
        })
    }

    /// Calls `each(pattern, range)` for every whole-word match from each of `starts`, in
    /// order of their start.
    fn for_each(&self, text: &str, starts: &[u32], mut each: impl FnMut(usize, Range<usize>)) {
        if let [(_, automaton)] = self.automata() {
            return automaton.for_each(text, starts, each);
        }
        // Each part's tier is chosen once for the text, as a single automaton's is.
        let tiers: Vec<(usize, Tier<'_>)> = self
            .automata()
            .iter()
            .map(|(first, automaton)| (*first, automaton.tier(text)))
            .collect();
        for &s in starts {
            for &(first, tier) in &tiers {
                let each = |p, r| each(first + p, r);
                match tier {
                    Tier::Scan(scan) => scan.walk(text, s as usize, each),
                    Tier::Trie(trie) => trie.walk(text, s as usize, each),
                    Tier::Dfa(dfa) => dfa.walk(text, s as usize, each),
                }
            }
        }
    }

    /// The matches from `starts` without overlap: at each place the longest, the next one
    /// searched after its end.
    fn leftmost_longest(&self, text: &str, starts: &[u32]) -> Vec<Range<usize>> {
        if let [(_, automaton)] = self.automata() {
            return automaton.leftmost_longest(text, starts);
        }
        let mut found: Vec<Range<usize>> = Vec::new();
        self.for_each(text, starts, |_, r| match found.last_mut() {
            Some(last) if last.start == r.start => last.end = last.end.max(r.end),
            Some(last) if r.start < last.end => {}
            _ => found.push(r),
        });
        found
    }

    /// The patterns and their tags, when the lexicon is compiled as one automaton: another
    /// automaton may then take its words in, and find them in the same walk.
    pub(crate) fn single_part(&self) -> Option<(&Patterns, &[u8])> {
        (self.patterns.len() <= CHUNK).then_some((&self.patterns, &self.tags))
    }

    /// Every whole-word match of a tagged lexicon in `text`, overlapping, with its tag.
    pub fn tagged_matches(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        self.tagged_matches_at(text, &match_starts(text))
    }

    /// [`Lexicon::tagged_matches`] with the places a match may start known.
    pub(crate) fn tagged_matches_at(
        &self,
        text: &str,
        starts: &[u32],
    ) -> Vec<(Range<usize>, usize)> {
        let mut out = Vec::with_capacity(starts.len() / 4);
        self.for_each(text, starts, |p, r| {
            out.push((r, usize::from(self.tags[p])))
        });
        out
    }

    /// Whole-word matches in the normalised `text`, leftmost-longest, without overlap.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        self.leftmost_longest(text, &match_starts(text)).into_iter()
    }

    /// Whole-word matches in an analysed text, leftmost-longest, without overlap, from the
    /// places its token pass found (none start inside a placeholder, URL or markup).
    pub(crate) fn find_in(&self, a: &super::Analysis<'_>) -> Vec<Range<usize>> {
        self.leftmost_longest(a.text(), &a.starts)
    }

    /// Whether the normalised `text` holds any of the words.
    pub fn is_in(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }

    /// How many whole-word matches the normalised `text` holds.
    pub fn count(&self, text: &str) -> usize {
        self.find_iter(text).count()
    }
}

/// Whether `range` of `text` starts and ends at word edges.
pub fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let first = text[range.clone()].chars().next();
    let last = text[range.clone()].chars().next_back();
    let edge_ok = |outside: Option<char>, inside: Option<char>| match (outside, inside) {
        (Some(o), Some(i)) => !(is_word_char(o) && is_word_char(i)),
        _ => true,
    };
    edge_ok(before, first) && edge_ok(after, last)
}

#[cfg(test)]
mod tests {
    /// A lexicon is compiled into automata when first walked: one whose words another
    /// automaton took in costs nothing more.
    #[test]
    fn automata_are_built_when_first_walked() {
        let lex = Lexicon::tagged(&[&["در خدمتم", "متاسفانه"], &["ممنون"]]);
        assert!(lex.automata.get().is_none());
        let (words, tags) = lex.single_part().unwrap();
        assert_eq!((words.len(), tags), (3, &[0, 0, 1][..]));
        assert!(lex.automata.get().is_none());
        assert_eq!(lex.count("ممنون، در خدمتم"), 2);
        assert!(lex.automata.get().is_some());
    }

    /// A list longer than one automaton holds is found as one automaton would find it:
    /// the longest match at each place, whichever part holds it, and every match with its tag.
    #[test]
    fn a_long_list_in_parts_finds_what_one_automaton_would() {
        let filler: Vec<String> = (0..2 * super::CHUNK).map(|i| format!("پر{i}")).collect();
        let mut first: Vec<&str> = vec!["در"];
        first.extend(filler[..super::CHUNK].iter().map(String::as_str));
        let mut second: Vec<&str> = filler[super::CHUNK..].iter().map(String::as_str).collect();
        second.extend(["در خدمتم", "خدمتم", "هستیم"]);
        let lex = Lexicon::tagged(&[&first, &second]);
        assert!(lex.automata().len() >= 2);
        let text = "ما در خدمتم هستیم و پر7 و پر4000";
        let found: Vec<&str> = lex.find_iter(text).map(|r| &text[r]).collect();
        assert_eq!(found, ["در خدمتم", "هستیم", "پر7", "پر4000"]);
        let tagged: Vec<(&str, usize)> = lex
            .tagged_matches(text)
            .into_iter()
            .map(|(r, t)| (&text[r], t))
            .collect();
        assert_eq!(
            tagged,
            [
                ("در", 0),
                ("در خدمتم", 1),
                ("خدمتم", 1),
                ("هستیم", 1),
                ("پر7", 0),
                ("پر4000", 1),
            ]
        );
    }

    use super::*;
    use crate::text::Normalized;

    /// Words and spaces the tier tests' texts are made of.
    const PIECES: &[&str] = &[
        "در ",
        " ",
        "خدمتم ",
        "خدمت ",
        "!",
        "نه ",
        "تنها ",
        "خیر، ",
        "هزینه ",
        "ای ",
        "ممنون ",
        "پر1 ",
    ];

    /// Every match of a tier from `starts`, in the order reported.
    trait WalkAll {
        fn all(&self, text: &str, starts: &[u32]) -> Vec<(usize, Range<usize>)>;
    }

    impl<W: Walk> WalkAll for W {
        fn all(&self, text: &str, starts: &[u32]) -> Vec<(usize, Range<usize>)> {
            let mut found = Vec::new();
            for_each(self, text, starts, |p, r| found.push((p, r)));
            found
        }
    }

    /// The three tiers find the same matches in the same order, from every place a match
    /// may start; a short text is walked by the first tier and builds no automaton.
    #[test]
    fn all_tiers_find_the_same_matches_in_order() {
        let list = [
            "در خدمت",
            "در خدمتم",
            "خدمتم",
            "!!",
            "!",
            "نه",
            "نه تنها",
            "ممنون",
            "در",
            "در",
            "خیر",
            "هزینه",
            "هزینه ای",
            "پر1",
            "متاسفانه",
            "متاسفانه نمی",
            "ای",
        ];
        let patterns: Patterns = list
            .iter()
            .map(|p| crate::text::normalize_phrase(p))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect();
        // A text within the first tier's share builds no automaton; a longer one, the trie.
        let automaton = WordAutomaton::new(patterns.clone());
        let (short, long) = ("نه!", "نه تنها در خدمتم، ممنون.");
        assert!(short.len() <= automaton.trie_at && long.len() > automaton.trie_at);
        automaton.for_each(short, &match_starts(short), |_, _| {});
        assert!(automaton.trie.get().is_none() && automaton.dfa.get().is_none());
        automaton.for_each(long, &match_starts(long), |_, _| {});
        assert!(automaton.trie.get().is_some() && automaton.dfa.get().is_none());

        let trie = Trie::new(&patterns);
        let dfa = anchored_dfa(&patterns);
        let scan = Scan::new(patterns);
        let texts =
            crate::text::testing::pieced_texts(&[PIECES, &["متاسفانه ", "نمی "]].concat(), 7, 60);
        let mut matched = 0;
        for t in &texts {
            let starts = match_starts(t);
            let all = |a: &dyn WalkAll| a.all(t, &starts);
            let by_scan = all(&scan);
            assert_eq!(by_scan, all(&trie), "{t}");
            assert_eq!(by_scan, all(&dfa), "{t}");
            assert_eq!(
                leftmost_longest(&scan, t, &starts),
                leftmost_longest(&trie, t, &starts)
            );
            matched += by_scan.len();
        }
        assert!(matched > 100, "{matched}");
    }

    /// The DFA built once enough text is walked finds what the trie found before it.
    #[test]
    fn both_tiers_find_the_same_matches() {
        let lex = Lexicon::tagged(&[
            &[
                "در خدمت",
                "در خدمتم",
                "خدمتم",
                "!!",
                "نه",
                "نه تنها",
                "ممنون",
            ],
            &["خیر", "هزینه", "هزینه ای", "پر1"],
        ]);
        let texts = crate::text::testing::pieced_texts(PIECES, 3, 40);
        let found = |lex: &Lexicon| -> Vec<Vec<(Range<usize>, usize)>> {
            texts.iter().map(|t| lex.tagged_matches(t)).collect()
        };
        let by_trie = found(&lex);
        let (_, automaton) = &lex.automata()[0];
        assert!(automaton.dfa.get().is_none());
        // Walked past the tier: the next text is walked by the DFA.
        lex.tagged_matches(&"ن ".repeat(automaton.tier_up / 2));
        lex.tagged_matches("");
        assert!(automaton.dfa.get().is_some());
        assert_eq!(found(&lex), by_trie);
        assert!(by_trie.iter().filter(|m| m.len() > 2).count() > 5);
    }

    #[test]
    fn whole_words_only() {
        let lex = Lexicon::new(&["خیر", "نه", "در خدمتم"]);
        for (text, hits) in [
            ("خیر، نداریم", 1),
            ("روز بخیر", 0),
            ("موسسه خیریه", 0),
            ("نتیجه نهایی", 0),
            ("نه تنها", 1),
            ("اگر سوالی بود در   خدمتم.", 1),
            ("در خدمتمان", 0),
        ] {
            let n = Normalized::new(text);
            assert_eq!(lex.count(n.as_str()), hits, "{text:?}");
        }
    }

    #[test]
    fn a_match_inside_a_word_does_not_hide_a_whole_word() {
        // «ف ب» starts inside «الف» and overlaps «بت»: it isn't a match, and must not
        // keep «بت» from being one.
        let lex = Lexicon::new(&["ف ب", "بت"]);
        let n = Normalized::new("الف بت");
        let t = n.as_str();
        let found: Vec<&str> = lex.find_iter(t).map(|r| &t[r]).collect();
        assert_eq!(found, ["بت"]);
    }

    #[test]
    fn overlapping_tagged_matches_and_punctuation() {
        let lex = Lexicon::tagged(&[&["در خدمت", "در خدمتم"], &["خدمتم", "!!"]]);
        let n = Normalized::new("اگر سوالی بود در خدمتم!! ممنون");
        let t = n.as_str();
        let found: Vec<(&str, usize)> = lex
            .tagged_matches(t)
            .into_iter()
            .map(|(r, tag)| (&t[r], tag))
            .collect();
        // «در خدمت» ends inside a word: not a match.
        assert_eq!(found, [("در خدمتم", 0), ("خدمتم", 1), ("!!", 1)]);
    }

    #[test]
    fn analysed_text_gives_the_same_matches() {
        let lex = Lexicon::tagged(&[&["ممنون", "در خدمتم"], &["سلام", "در خدمت"]]);
        for text in [
            "سلام {{first_name}} عزیز، در خدمتم. ممنون",
            "https://x.com/سلام ممنون",
            "",
            "ممنونممنون سلام",
        ] {
            let a = crate::text::Analysis::new(text);
            let by_text: Vec<_> = lex
                .tagged_matches(a.text())
                .into_iter()
                .filter(|(r, _)| !a.is_protected(r))
                .collect();
            assert_eq!(
                lex.tagged_matches_at(a.text(), &a.starts),
                by_text,
                "{text:?}"
            );
        }
    }
}
