//! The word lists of the checks, compiled into one automaton with the profile's own lists,
//! so that the one walk over a draft that reads its profile finds the words of all of them.
//! Each list is a word class of `rules/lexicon/`, so a team can extend it.

use std::ops::Range;

use std::sync::Arc;

use once_cell::sync::Lazy;

use crate::rule::ClassSpec;
use crate::text::{vocabulary_with, Analysis, Lexicon, T_CONDITION, VOCABULARY_MORE};

/// A list of [`VOCABULARY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    Flippant,
    Caring,
    Offers,
    BadNews,
    Positive,
    Hopeful,
    HandOff,
    Apology,
    Must,
    MustNot,
    Forced,
    Mandatory,
    Bound,
    Condition,
}

/// The lists and their word classes in `rules/lexicon/`, in the order of [`List`]; the
/// condition markers are the profile's (see [`Found::of`]).
const LISTS: [(List, &str); 13] = [
    (List::Flippant, "flippant"),
    (List::Caring, "caring"),
    (List::Offers, "offers"),
    (List::BadNews, "bad-news"),
    (List::Positive, "positive"),
    (List::Hopeful, "hopeful"),
    (List::HandOff, "hand-off"),
    (List::Apology, "apology"),
    (List::Must, "must"),
    (List::MustNot, "must-not"),
    (List::Forced, "forced"),
    (List::Mandatory, "mandatory"),
    (List::Bound, "bound"),
];

/// The embedded words, in one automaton with the profile's.
static VOCABULARY: Lazy<Arc<Lexicon>> =
    Lazy::new(|| Arc::new(build(crate::rule::embedded_classes())));

/// The automaton to analyse a draft with, for [`Found::of`] to read: the embedded words.
pub(crate) fn lexicon() -> &'static Arc<Lexicon> {
    &VOCABULARY
}

/// The automaton for `specs`: the embedded classes and a team's additions.
pub(crate) fn build(specs: &[ClassSpec]) -> Lexicon {
    vocabulary_with(specs, &LISTS.map(|(_, name)| name))
}

/// Whether class `name` is read as a word list (by the profile or by a check): whole words
/// and phrases as written, with no endings and no `word*` prefixes.
pub(crate) fn reads_as_written(name: &str) -> bool {
    crate::text::is_profile_class(name) || LISTS.iter().any(|(_, n)| *n == name)
}

/// The words of every list in a draft: whole words, overlapping, in order of their start.
pub(crate) struct Found {
    words: Vec<(Range<usize>, List)>,
}

impl Found {
    /// The words of every list in `a`, analysed with [`lexicon`].
    pub(crate) fn of(a: &Analysis<'_>) -> Found {
        let words = a
            .words_found
            .iter()
            .filter_map(|(r, tag)| {
                let list = match tag.checked_sub(VOCABULARY_MORE) {
                    Some(k) => LISTS.get(k)?.0,
                    // The profile reads the condition markers too: one list serves both.
                    None if *tag == T_CONDITION => List::Condition,
                    None => return None,
                };
                Some((r.clone(), list))
            })
            .collect();
        Found { words }
    }

    /// The words of `list`, overlapping, in order of their start.
    pub(crate) fn of_list(&self, list: List) -> impl Iterator<Item = &Range<usize>> {
        self.words
            .iter()
            .filter(move |(_, l)| *l == list)
            .map(|(r, _)| r)
    }

    /// Whether a word of `list` lies within `range`: found by where the words starting in
    /// it begin, not by reading every word.
    pub(crate) fn has_within(&self, list: List, range: &Range<usize>) -> bool {
        let first = self.words.partition_point(|(r, _)| r.start < range.start);
        self.words[first..]
            .iter()
            .take_while(|(r, _)| r.start < range.end)
            .any(|(r, l)| *l == list && r.end <= range.end)
    }

    /// The last word of `list` that lies within `range`: found from where the words starting
    /// in it begin, not by reading every word.
    pub(crate) fn last_within(&self, list: List, range: &Range<usize>) -> Option<&Range<usize>> {
        let from = self.words.partition_point(|(r, _)| r.start < range.start);
        let to = self.words.partition_point(|(r, _)| r.start < range.end);
        (self.words[from..to].iter().rev())
            .find(|(r, l)| *l == list && r.end <= range.end)
            .map(|(r, _)| r)
    }

    /// Whether a word of `list` starts at byte `from` or after it.
    pub(crate) fn has(&self, list: List, from: usize) -> bool {
        self.of_list(list).any(|r| r.start >= from)
    }

    /// The words of `list` without overlap: at each place the longest, the next one after
    /// its end.
    pub(crate) fn leftmost_longest(&self, list: List) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for r in self.of_list(list) {
            match out.last_mut() {
                Some(last) if last.start == r.start => {
                    if r.end > last.end {
                        last.end = r.end;
                    }
                }
                Some(last) if r.start < last.end => {}
                _ => out.push(r.clone()),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_as_its_own_lexicon_finds_it() {
        for text in [
            "بابا هول نکن، آرامش خود را حفظ کنید 😂 lol",
            "متاسفانه با تاخیر ارسال شد؛ ممنون که خبر دادید. اگر سوالی بود در خدمتم.",
            "در خدمت شما هستم و در خدمتم",
            "بابت تأخیر عذر می‌خواهیم و شرمنده‌ایم؛ متاسفانه ارسال نشد.",
            "",
        ] {
            let a = Analysis::with_vocabulary(text, lexicon());
            let found = Found::of(&a);
            for (list, name) in LISTS {
                let words = crate::rule::class_words(crate::rule::embedded_classes(), name);
                let own = Lexicon::new(&words);
                let want: Vec<Range<usize>> = own.find_iter(a.text()).collect();
                assert_eq!(found.leftmost_longest(list), want, "{list:?} in {text:?}");
                assert_eq!(found.has(list, 0), !want.is_empty(), "{list:?} in {text:?}");
                // Every range of word edges, against reading every word.
                let edges: Vec<usize> = (0..=a.text().len())
                    .filter(|&k| a.text().is_char_boundary(k))
                    .step_by(3)
                    .collect();
                for (i, &from) in edges.iter().enumerate() {
                    for &to in &edges[i..] {
                        let range = from..to;
                        let naive = found
                            .of_list(list)
                            .any(|r| range.start <= r.start && r.end <= range.end);
                        assert_eq!(found.has_within(list, &range), naive, "{list:?} {range:?}");
                    }
                }
            }
        }
    }

    /// The lists are found as written, with no ending (unlike the frames' classes): each
    /// example of their classes must be found so, as a whole, in a draft of its own.
    #[test]
    fn every_example_of_a_list_is_found_whole() {
        let specs = crate::rule::default_classes().unwrap();
        let mut examples = 0;
        for spec in &specs {
            if reads_as_written(&spec.class) {
                assert!(
                    !spec.words.iter().any(|w| w.ends_with('*')),
                    "@{}: a prefix in a word list",
                    spec.class
                );
            }
            let Some(&(list, _)) = LISTS.iter().find(|(_, name)| *name == spec.class) else {
                continue;
            };
            for example in &spec.examples {
                let a = Analysis::with_vocabulary(example, lexicon());
                let whole = 0..a.text().len();
                assert!(
                    Found::of(&a).of_list(list).any(|r| *r == whole),
                    "@{}: {example:?}",
                    spec.class
                );
                examples += 1;
            }
        }
        assert!(examples > 30, "only {examples} examples read");
    }
}
