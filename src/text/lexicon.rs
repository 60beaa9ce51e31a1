//! Word lists matched as whole words on the normalised view.
//!
//! The logic rules and the register / emotion profile need to know where words such as
//! «متأسفانه» or «در خدمتم» occur. A `Lexicon` compiles such a list once into one
//! Aho-Corasick automaton and reports whole-word matches only.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::normalize::{is_word_char, normalize_phrase};

/// A compiled list of words and phrases.
#[derive(Debug, Clone)]
pub struct Lexicon {
    automaton: AhoCorasick,
    /// For a lexicon of several lists: the list of each pattern.
    tags: Vec<u8>,
}

impl Lexicon {
    /// Compiles `phrases`, normalising each one.
    pub fn new(phrases: &[&str]) -> Lexicon {
        let patterns: Vec<String> = phrases
            .iter()
            .map(|p| normalize_phrase(p))
            .filter(|p| !p.is_empty())
            .collect();
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("lexicon patterns compile");
        Lexicon {
            automaton,
            tags: Vec::new(),
        }
    }

    /// Compiles several lists into one automaton, so one pass over a text finds the words
    /// of all of them; a match's tag is the index of its list.
    pub fn tagged(lists: &[&[&str]]) -> Lexicon {
        let mut patterns = Vec::new();
        let mut tags = Vec::new();
        for (tag, list) in lists.iter().enumerate() {
            for p in list
                .iter()
                .map(|p| normalize_phrase(p))
                .filter(|p| !p.is_empty())
            {
                patterns.push(p);
                tags.push(u8::try_from(tag).expect("fewer than 256 lists"));
            }
        }
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("lexicon patterns compile");
        Lexicon { automaton, tags }
    }

    /// Every whole-word match of a tagged lexicon in `text`, overlapping, with its tag.
    pub fn tagged_matches(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        self.automaton
            .find_overlapping_iter(text)
            .map(|m| (m.range(), usize::from(self.tags[m.pattern().as_usize()])))
            .filter(|(r, _)| is_whole_word(text, r))
            .collect()
    }

    /// Whole-word matches in the normalised `text`, leftmost-longest, without overlap.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        self.automaton
            .find_iter(text)
            .map(|m| m.range())
            .filter(move |r| is_whole_word(text, r))
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
    use super::*;
    use crate::text::Normalized;

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
}
