//! The segment map against the per-byte map it replaced ([`reference`]): the same text and
//! the same original range for every range asked, on the fold table, the reply corpus and
//! random strings built from the characters the normaliser treats specially.

use std::ops::Range;

use super::{reference, tests::FOLDS, Normalized};

/// A xorshift generator: deterministic, and no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// What random strings are made of: letters, their Arabic forms, invisible marks, every
/// kind of space, «ا» + U+0653, diacritics, tatweel, presentation forms (U+FDFA spells
/// four words), digits, Latin, emoji, combining marks and the affixes that join.
const PIECES: &[&str] = &[
    "ا",
    "ب",
    "پ",
    "ت",
    "ه",
    "ی",
    "ک",
    "گ",
    "م",
    "ن",
    "آ",
    "ي",
    "ك",
    "ة",
    "ۀ",
    "أ",
    "\u{200C}",
    "\u{200D}",
    "\u{200F}",
    "\u{200E}",
    " ",
    " ",
    " ",
    "\u{00A0}",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u{2028}",
    "ا\u{0653}",
    "\u{0653}",
    "\u{064E}",
    "\u{0651}",
    "\u{0640}",
    "\u{FEFB}",
    "\u{FEB3}",
    "\u{FEFC}",
    "\u{FE81}",
    "\u{FDFA}",
    "۱",
    "۲",
    "١",
    "٣",
    "٫",
    "A",
    "Z",
    "a",
    "z",
    "q",
    ".",
    "!",
    "😀",
    "\u{0301}",
    "\u{00AD}",
    "\u{FEFF}",
    " می ",
    " ها ",
    " تر ",
    " ام ",
    " ای ",
    "می",
    "نمی",
    "ها",
    "ه",
];

/// Letters that are typed repeated.
const REPEATED: &[&str] = &["ا", "آ", "ی", "م", "ه", "ي", "\u{FE81}", "a", "۱"];

fn random_string(rng: &mut Rng, pieces: usize) -> String {
    let mut s = String::new();
    for _ in 0..pieces {
        if rng.below(6) == 0 {
            let letter = REPEATED[rng.below(REPEATED.len())];
            s.push_str(&letter.repeat(2 + rng.below(4)));
        } else {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    s
}

fn check_range(input: &str, new: &Normalized, old: &reference::Normalized, r: Range<usize>) {
    assert_eq!(
        new.to_original(r.clone()),
        old.to_original(r.clone()),
        "input {input:?}, range {r:?}"
    );
}

/// Asserts that both maps agree on `input`: every pair of ends up to one past the end of
/// the text when `all_pairs`, else every offset and `random` pairs.
fn agree(input: &str, all_pairs: bool, random: usize, rng: &mut Rng) {
    let new = Normalized::new(input);
    let old = reference::Normalized::new(input);
    assert_eq!(new.as_str(), old.as_str(), "input {input:?}");
    let len = new.as_str().len();
    for a in 0..=len + 1 {
        assert_eq!(
            new.offset_to_original(a),
            old.offset_to_original(a),
            "input {input:?}, offset {a}"
        );
        if all_pairs {
            for b in 0..=len + 1 {
                check_range(input, &new, &old, a..b);
            }
        } else {
            for r in [a..a + 1, a..a + 2, a..len, 0..a, a..a.saturating_sub(1)] {
                check_range(input, &new, &old, r);
            }
        }
    }
    for _ in 0..random {
        let a = rng.below(len + 2);
        let b = a + rng.below(len + 2 - a);
        check_range(input, &new, &old, a..b);
    }
}

#[test]
fn folds() {
    let mut rng = Rng(1);
    for (input, _) in FOLDS {
        agree(input, true, 0, &mut rng);
    }
}

#[test]
fn corpus() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/replies.jsonl");
    let corpus = std::fs::read_to_string(path).unwrap();
    let mut rng = Rng(2);
    let mut texts = 0;
    for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
        let reply: serde_json::Value = serde_json::from_str(line).unwrap();
        for value in reply.as_object().unwrap().values() {
            if let Some(text) = value.as_str() {
                agree(text, false, 200, &mut rng);
                texts += 1;
            }
        }
    }
    assert!(texts > 300, "{texts} texts");
}

#[test]
fn random_strings() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let pieces = rng.below(41);
        let input = random_string(&mut rng, pieces);
        agree(&input, input.len() <= 32, 30, &mut rng);
    }
    // Long ones, for maps of many segments.
    for _ in 0..100 {
        let pieces = 200 + rng.below(200);
        let input = random_string(&mut rng, pieces);
        agree(&input, false, 300, &mut rng);
    }
}
