//! A byte trie of word patterns, walked from a given start only.
//!
//! A word list is only ever walked anchored, from a place where a word may start (see
//! [`Lexicon`](super::Lexicon)), so it needs no failure links: a trie is the whole
//! automaton. This one is built from the patterns in sorted order, so that each node's
//! edges come out sorted and nothing is searched while it is built. It is the middle tier
//! of a [`WordAutomaton`](super::lexicon::WordAutomaton): built once a few drafts have been
//! read, it walks them until enough text has been read to pay for a DFA.

use super::lexicon::Patterns;
use super::radix::radix_sort;

/// Patterns in a byte trie. Node 0 is the root; the others are numbered in the order the
/// sorted patterns reach them, so a walk reads nearby memory.
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    nodes: Vec<Node>,
    /// The edges of sparse nodes: their bytes, sorted, and beside them the nodes they lead
    /// to.
    edge_byte: Vec<u8>,
    edge_to: Vec<u32>,
    /// The rows of dense nodes: the node each byte from the row's first leads to, 0 for
    /// none (the root is no one's child).
    rows: Vec<u32>,
    /// The patterns ending at each node, each node's in a run.
    ends: Vec<u32>,
}

/// One node: where its edges and its patterns are. All of it is read at each step of a
/// walk, so it is kept together.
#[derive(Debug, Clone, Copy, Default)]
struct Node {
    /// Where the node's edges start: in `edge_byte` and `edge_to`, or, for a dense node, in
    /// `rows`.
    edges: u32,
    /// How many edges, or how long the row.
    width: u16,
    /// For a dense node, the byte of its row's first entry.
    low: u8,
    dense: bool,
    /// Where the node's patterns start in `ends`, and how many there are.
    ends: u32,
    ends_len: u32,
}

/// A node's edges are searched one by one when it has at most this many, else looked up in
/// a row (the root's always are): after a UTF-8 lead byte there can be dozens, and a walk
/// passes there at each letter.
const SCAN: usize = 6;

impl Trie {
    /// The trie of `patterns` (none empty). Pattern `k` of the list is reported as `k`;
    /// a pattern listed twice is reported twice, in the order listed.
    pub(crate) fn new(patterns: &Patterns) -> Trie {
        // Sorted by their first eight bytes as a number, then by the rest: most patterns
        // differ in the numbers.
        let mut keyed: Vec<(u64, u32)> = patterns
            .iter()
            .enumerate()
            .map(|(k, p)| (prefix_key(p.as_bytes()), to_u32(k)))
            .collect();
        radix_sort(&mut keyed);
        // Runs of equal numbers: the first eight bytes are equal, zeros standing for the
        // bytes past a short pattern's end. Compared on from there, then by length, they
        // order as their bytes do; equal patterns stay in the order listed.
        let mut run = 0;
        while run < keyed.len() {
            let key = keyed[run].0;
            let end = run + keyed[run..].partition_point(|&(k, _)| k == key);
            if end - run > 1 {
                keyed[run..end].sort_by(|&(_, a), &(_, b)| {
                    let (p, q) = (patterns.bytes_of(a as usize), patterns.bytes_of(b as usize));
                    p.get(8..)
                        .unwrap_or(&[])
                        .cmp(q.get(8..).unwrap_or(&[]))
                        .then(p.len().cmp(&q.len()))
                });
            }
            run = end;
        }
        let order: Vec<u32> = keyed.into_iter().map(|(_, k)| k).collect();
        // What each pattern shares with the one before it.
        let shared: Vec<usize> = (0..order.len())
            .map(|i| {
                let p = patterns.bytes_of(order[i] as usize);
                let before = i
                    .checked_sub(1)
                    .map_or(&[][..], |j| patterns.bytes_of(order[j] as usize));
                p.iter().zip(before).take_while(|(a, b)| a == b).count()
            })
            .collect();
        // A pattern adds a node for each byte after the part it shares with the one before:
        // the lists are sized once, exactly.
        let count = 1
            + (0..order.len())
                .map(|i| patterns.bytes_of(order[i] as usize).len() - shared[i])
                .sum::<usize>();

        // The nodes in the order the sorted patterns reach them, so that a node's children
        // come in the order of their bytes, the first right after it: for each node, the
        // byte that leads to it, its last child (0: none) and its next sibling.
        let mut nodes = vec![Node::default(); count];
        let mut byte = vec![0u8; count];
        let mut last_child = vec![0u32; count];
        let mut next_sibling = vec![0u32; count];
        let mut ends: Vec<u32> = Vec::with_capacity(patterns.len());
        // The nodes along the previous pattern, from the root.
        let mut path: Vec<u32> = vec![0];
        let mut made = 1u32;
        for (i, &k) in order.iter().enumerate() {
            let p = patterns.bytes_of(k as usize);
            let shared = shared[i];
            path.truncate(shared + 1);
            for &b in &p[shared..] {
                let from = *path.last().expect("the root is on every path") as usize;
                let to = made;
                made += 1;
                byte[to as usize] = b;
                if last_child[from] != 0 {
                    next_sibling[last_child[from] as usize] = to;
                }
                last_child[from] = to;
                path.push(to);
            }
            // Equal patterns are neighbours in the sorted order: a node's are one run.
            let node = &mut nodes[*path.last().expect("the root is on every path") as usize];
            if node.ends_len == 0 {
                node.ends = to_u32(ends.len());
            }
            node.ends_len += 1;
            ends.push(k);
        }

        let mut edge_byte = Vec::new();
        let mut edge_to = Vec::new();
        let mut rows = Vec::new();
        let mut run: Vec<u32> = Vec::new();
        for (n, node) in nodes.iter_mut().enumerate() {
            let last = last_child[n];
            if last == 0 {
                continue;
            }
            run.clear();
            run.push(to_u32(n + 1));
            while *run.last().expect("one child at least") != last {
                run.push(next_sibling[*run.last().expect("one child at least") as usize]);
            }
            let (low, high) = (byte[n + 1], byte[last as usize]);
            if run.len() <= SCAN && n != 0 {
                node.edges = to_u32(edge_byte.len());
                node.width = run.len() as u16;
                edge_byte.extend(run.iter().map(|&c| byte[c as usize]));
                edge_to.extend_from_slice(&run);
            } else {
                node.edges = to_u32(rows.len());
                node.width = u16::from(high - low) + 1;
                node.low = low;
                node.dense = true;
                rows.resize(rows.len() + usize::from(node.width), 0);
                let row = &mut rows[node.edges as usize..];
                for &c in &run {
                    row[usize::from(byte[c as usize] - low)] = c;
                }
            }
        }
        Trie {
            nodes,
            edge_byte,
            edge_to,
            rows,
            ends,
        }
    }

    /// The node reached from `node` by byte `b`, if any.
    #[inline]
    fn next(&self, node: &Node, b: u8) -> Option<u32> {
        let at = node.edges as usize;
        let to = if node.dense {
            let i = usize::from(b.wrapping_sub(node.low));
            if i >= usize::from(node.width) {
                return None;
            }
            self.rows[at + i]
        } else {
            let bytes = &self.edge_byte[at..at + usize::from(node.width)];
            let i = bytes.iter().position(|&x| x == b)?;
            self.edge_to[at + i]
        };
        (to != 0).then_some(to)
    }

    /// Walks from `start` of `text` while some pattern continues, calling
    /// `each(pattern, end)` for every pattern that starts there and ends at `end` where
    /// `ends_here(end)` holds, shortest first.
    #[inline]
    pub(crate) fn walk_bytes(
        &self,
        text: &[u8],
        start: usize,
        ends_here: impl Fn(usize) -> bool,
        mut each: impl FnMut(usize, usize),
    ) {
        let mut node = &self.nodes[0];
        for (k, &b) in text[start..].iter().enumerate() {
            let Some(to) = self.next(node, b) else {
                return;
            };
            node = &self.nodes[to as usize];
            if node.ends_len == 0 {
                continue;
            }
            let end = start + k + 1;
            if ends_here(end) {
                let at = node.ends as usize;
                for &p in &self.ends[at..at + node.ends_len as usize] {
                    each(p as usize, end);
                }
            }
        }
    }
}

/// The first eight bytes of `p`, zeros after its end, as a number that orders as they do.
fn prefix_key(p: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    let n = p.len().min(8);
    first[..n].copy_from_slice(&p[..n]);
    u64::from_be_bytes(first)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 4 billion patterns and nodes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::testing::by_comparing;

    fn walked(
        trie: &Trie,
        text: &str,
        start: usize,
        ends: impl Fn(usize) -> bool,
    ) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        trie.walk_bytes(text.as_bytes(), start, ends, |k, end| found.push((k, end)));
        found
    }

    /// Walks the trie of `patterns` from every byte of `texts`, and compares what it finds
    /// with what comparing each pattern finds.
    fn walks_find_what_comparing_does(patterns: &[String], texts: &[&str]) {
        let trie = Trie::new(&patterns.iter().map(String::as_str).collect());
        for text in texts {
            for start in 0..=text.len() {
                assert_eq!(
                    walked(&trie, text, start, |_| true),
                    by_comparing(patterns, text, start),
                    "{text:?} from {start}"
                );
            }
        }
    }

    /// From every byte of varied texts, a walk finds what comparing each pattern finds:
    /// prefixes of one another, a pattern listed twice, Arabic and Persian letters, ZWNJ,
    /// digits, punctuation and emoji, a root with many edges and nodes with more than
    /// [`SCAN`] edges.
    #[test]
    fn a_walk_finds_every_pattern_that_starts_there() {
        let mut patterns: Vec<String> = [
            "در",
            "در خدمت",
            "در خدمتم",
            "خدمتم",
            "در",
            "نمی‌توانیم",
            "نمی توانیم",
            "نمیتونیم",
            "كمك",
            "کمک",
            "!!",
            "؟",
            "۱۲",
            "12",
            "🙂",
            "a",
            "ab",
            "abc",
            "متاسفانه",
            "متأسفانه",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Many words from one letter: a node with dozens of edges.
        patterns.extend(
            "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
                .chars()
                .map(|c| format!("م{c}")),
        );
        walks_find_what_comparing_does(
            &patterns,
            &[
                "در خدمتم هستیم، نمی‌توانیم ولی نمی توانیم و نمیتونیم",
                "كمك کمک!! ؟ ۱۲12 🙂🙂 abcd",
                "مامبمپمتمثمجمچمحمخمدمذمرمزمژمسمشمصمضمطمظمعمغمفمقمکمگملمممنموممهمی",
                "متاسفانه متأسفانه در",
                "",
                "د",
            ],
        );
    }

    /// Patterns that share their first eight bytes and more, in an order far from sorted:
    /// the trie still finds each where it starts.
    #[test]
    fn patterns_sharing_long_beginnings_are_all_found() {
        let stems = [
            "متاسفانه",
            "متاسفانه نمی",
            "متاسف",
            "متا",
            "پیگیری",
            "پیگیری سفارش",
        ];
        let tails = ["", " شد", " شده", " شده است", "م", " ", "!!", " 12"];
        let mut patterns: Vec<String> = Vec::new();
        for (i, t) in tails.iter().enumerate().rev() {
            for s in stems.iter().skip(i % 3).chain(stems.iter().take(i % 3)) {
                patterns.push(format!("{s}{t}"));
            }
        }
        patterns.push("متاسفانه".into());
        walks_find_what_comparing_does(
            &patterns,
            &[
                "متاسفانه نمی شده است!! متاسفم",
                "پیگیری سفارش شد پیگیری 12 متا",
            ],
        );
    }

    /// A pattern is reported only where `ends_here` allows, and the walk goes on past it.
    #[test]
    fn ends_are_kept_where_allowed_and_the_walk_goes_on() {
        let trie = Trie::new(&["در", "در خدمت", "در خدمتم"].into_iter().collect());
        let text = "در خدمتم";
        let at_space_or_end = |end: usize| end == text.len() || text.as_bytes()[end] == b' ';
        assert_eq!(
            walked(&trie, text, 0, at_space_or_end),
            [(0, 4), (2, text.len())]
        );
        assert_eq!(walked(&trie, text, 0, |_| false), []);
    }

    #[test]
    fn an_empty_list_finds_nothing() {
        let trie = Trie::new(&Patterns::default());
        assert_eq!(walked(&trie, "در", 0, |_| true), []);
    }
}
