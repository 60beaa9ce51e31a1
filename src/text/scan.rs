//! The first tier of a word automaton: the patterns looked up by their first four bytes and
//! compared with the text at each place a match may start.
//!
//! A process that reviews one draft walks a few dozen places; building a trie of thousands
//! of phrases for them costs many times more than comparing the few phrases that begin with
//! the same two letters at each. This index is a sort of the patterns by a number, a few
//! passes over the list, and it finds what the trie finds, in the same order.

use super::lexicon::Patterns;
use super::radix::radix_sort;

/// Patterns indexed by their first four bytes (two Persian letters).
#[derive(Debug, Clone)]
pub(crate) struct Scan {
    patterns: Patterns,
    /// The patterns of four bytes or more by their first four, then by length, then in the
    /// order listed: `(first four bytes as a number, pattern)`.
    long: Vec<(u32, u32)>,
    /// The patterns shorter than four bytes, by length, then in the order listed.
    short: Vec<u32>,
}

impl Scan {
    /// The index of `patterns` (none empty).
    pub(crate) fn new(patterns: Patterns) -> Scan {
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(patterns.len());
        let mut short: Vec<(u64, u32)> = Vec::new();
        for k in 0..patterns.len() {
            let p = patterns.bytes_of(k);
            let k = u32::try_from(k).expect("fewer than 4 billion patterns");
            match p.first_chunk::<4>() {
                Some(first) => {
                    let key = u64::from(u32::from_be_bytes(*first)) << 32;
                    keyed.push((key | p.len().min(u32::MAX as usize) as u64, k));
                }
                None => short.push((p.len() as u64, k)),
            }
        }
        radix_sort(&mut keyed);
        radix_sort(&mut short);
        Scan {
            patterns,
            long: keyed
                .into_iter()
                .map(|(key, k)| ((key >> 32) as u32, k))
                .collect(),
            short: short.into_iter().map(|(_, k)| k).collect(),
        }
    }

    /// The patterns, in the order listed.
    pub(crate) fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// Calls `each(pattern, end)` for every pattern that starts at `start` of `text` and ends
    /// at `end` where `ends_here(end)` holds: shortest first, patterns of one length in the
    /// order listed, as the trie.
    #[inline]
    pub(crate) fn walk_bytes(
        &self,
        text: &[u8],
        start: usize,
        ends_here: impl Fn(usize) -> bool,
        mut each: impl FnMut(usize, usize),
    ) {
        let rest = &text[start..];
        let mut found = |k: u32| {
            let p = self.patterns.bytes_of(k as usize);
            if rest.starts_with(p) && ends_here(start + p.len()) {
                each(k as usize, start + p.len());
            }
        };
        // Every short pattern is shorter than every long one.
        self.short.iter().for_each(|&k| found(k));
        let Some(first) = rest.first_chunk::<4>() else {
            return;
        };
        let key = u32::from_be_bytes(*first);
        let from = self.long.partition_point(|&(x, _)| x < key);
        for &(x, k) in &self.long[from..] {
            if x != key {
                break;
            }
            found(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::testing::by_comparing;

    /// From every byte of varied texts, the index finds what comparing each pattern finds,
    /// in the trie's order: by end, then as listed.
    #[test]
    fn finds_every_pattern_that_starts_there_in_order() {
        let list = [
            "در",
            "در خدمت",
            "در خدمتم",
            "خدمتم",
            "در",
            "نه",
            "!!",
            "!",
            "a",
            "ab",
            "abcd",
            "abcde",
            "abcd",
            "متاسفانه",
            "متا",
            "۱۲",
            "🙂",
            "نمی توانیم",
            "نمی‌توانیم",
        ];
        let scan = Scan::new(list.into_iter().collect());
        for text in [
            "در خدمتم هستیم، نه!! نمی‌توانیم ولی نمی توانیم",
            "abcde abcd ab a! متاسفانه متا ۱۲🙂",
            "",
            "د",
        ] {
            for start in 0..=text.len() {
                let mut walked = Vec::new();
                scan.walk_bytes(
                    text.as_bytes(),
                    start,
                    |_| true,
                    |k, end| walked.push((k, end)),
                );
                assert_eq!(
                    walked,
                    by_comparing(&list, text, start),
                    "{text:?} from {start}"
                );
            }
        }
    }
}
