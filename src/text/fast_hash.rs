//! A fast hash for the short keys of the word tables (verb stems, class words, the words a
//! review reads): eight bytes at a time, multiplied and rotated, with a final mix. The keys
//! are the crate's own embedded words and a team's, and the words of a text, which only
//! reach a bounded memory; they are a few bytes long, where SipHash's set-up dominates and a
//! byte-at-a-time hash spends most of a lookup.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The word hash: 64 bits, eight bytes per step.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordHash(u64);

const K: u64 = 0xf135_7aea_2e62_a9c5;

impl WordHash {
    #[inline]
    fn add(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(K).rotate_left(26);
    }
}

impl Hasher for WordHash {
    #[inline]
    fn finish(&self) -> u64 {
        // The table takes its tags from the top bits and its slots from the low bits: mix
        // both.
        let h = self.0.wrapping_mul(K);
        h ^ (h >> 32)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The last bytes as a little-endian number, read in pieces of 4, 2 and 1 bytes
            // (a copy of a variable length would be a call to `memcpy`).
            let (mut last, mut k) = (0u64, 0);
            if rest.len() & 4 != 0 {
                last = u64::from(u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]));
                k = 4;
            }
            if rest.len() & 2 != 0 {
                last |= u64::from(u16::from_le_bytes([rest[k], rest[k + 1]])) << (8 * k);
                k += 2;
            }
            if rest.len() & 1 != 0 {
                last |= u64::from(rest[k]) << (8 * k);
            }
            // The length keeps "ab" and "ab\0" apart.
            self.add(last ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A hash map keyed by words.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHash>>;

/// A hash set of words.
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<WordHash>>;

/// The word hash of `word`'s bytes, for the tables keyed by it ([`HashedMap`]): a word of a
/// text is hashed once for all of them.
///
/// It reads a word in at most a few loads: whole eight-byte steps and then the last eight
/// bytes (overlapping the step before), or for a shorter word its first and last four
/// bytes, or its first, middle and last byte; the length is mixed in first.
#[inline]
pub(crate) fn word_hash(word: &str) -> u64 {
    let b = word.as_bytes();
    let n = b.len();
    let mut h = WordHash((n as u64).wrapping_mul(K));
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            h.add(load8(&b[i..i + 8]));
            i += 8;
        }
        h.add(load8(&b[n - 8..]));
    } else if n >= 4 {
        h.add(load4(&b[..4]) | load4(&b[n - 4..]) << 32);
    } else if n > 0 {
        h.add(u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16);
    }
    h.finish()
}

/// Eight bytes as a little-endian number.
#[inline]
fn load8(b: &[u8]) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(b);
    u64::from_le_bytes(x)
}

/// Four bytes as a little-endian number.
#[inline]
fn load4(b: &[u8]) -> u64 {
    let mut x = [0u8; 4];
    x.copy_from_slice(b);
    u64::from(u32::from_le_bytes(x))
}

/// A hash map keyed by [`word_hash`] values, which it takes as they are. Its values keep
/// their words: two words may share a hash.
pub(crate) type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<Hashed>>;

/// The hasher of [`HashedMap`]: its keys are hashes already.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Hashed(u64);

impl Hasher for Hashed {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write_u64(&mut self, h: u64) {
        self.0 = h;
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = WordHash(self.0);
        h.write(bytes);
        self.0 = h.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_find_their_keys() {
        let mut m: FastMap<&str, usize> = FastMap::default();
        for (i, w) in ["کرد", "شد", "توانست", "", "a"].iter().enumerate() {
            m.insert(w, i);
        }
        assert_eq!(m.get("شد"), Some(&1));
        assert_eq!(m.get(""), Some(&3));
        assert_eq!(m.get("شدن"), None);
    }

    #[test]
    fn word_hashes_differ() {
        // Words of 0 to 24 letters, Persian (two bytes a letter) and Latin, and each with one
        // letter changed anywhere: no two share a hash.
        let mut words: Vec<String> = Vec::new();
        for letters in [
            "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
            "abcdefghijklmnopqrstuvwxyz",
        ] {
            let letters: Vec<char> = letters.chars().collect();
            for len in 0..=24 {
                let base: Vec<char> = letters.iter().copied().cycle().take(len).collect();
                words.push(base.iter().collect());
                for k in 0..len {
                    let mut w = base.clone();
                    w[k] = letters[(k + 7) % letters.len()];
                    words.push(w.iter().collect());
                }
            }
        }
        words.sort();
        words.dedup();
        let hashes: FastSet<u64> = words.iter().map(|w| word_hash(w)).collect();
        assert_eq!(hashes.len(), words.len());
    }

    fn hash(bytes: &[u8]) -> u64 {
        let mut h = WordHash::default();
        h.write(bytes);
        h.finish()
    }

    #[test]
    fn the_last_bytes_are_read_as_one_little_endian_number() {
        // The tail of every length from 0 to 7 bytes, after 0, 1 and 2 whole steps, hashes
        // as if it were copied into a zeroed eight-byte block.
        let bytes: Vec<u8> = (1..=23u8).map(|b| b.wrapping_mul(37)).collect();
        for len in 0..=bytes.len() {
            let (whole, rest) = bytes[..len].split_at(len / 8 * 8);
            let mut want = WordHash::default();
            for c in whole.chunks(8) {
                want.add(u64::from_le_bytes(c.try_into().unwrap()));
            }
            if !rest.is_empty() {
                let mut last = [0u8; 8];
                last[..rest.len()].copy_from_slice(rest);
                want.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
            }
            assert_eq!(hash(&bytes[..len]), want.finish(), "{len} bytes");
        }
    }

    #[test]
    fn words_spread_over_the_table() {
        // Keys that differ only in a trailing zero byte stay apart.
        assert_ne!(hash(b"ab"), hash(b"ab\0"));
        assert_ne!(hash(b""), hash(b"\0"));
        assert_ne!(hash(b"abcdefgh"), hash(b"abcdefgh\0"));
        // Persian words of two and three letters and their plurals, as a table sees them:
        // no two share a hash, and the low bits that pick a slot are spread evenly.
        let letters: Vec<char> = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی".chars().collect();
        let mut words = Vec::new();
        for a in &letters {
            for b in &letters {
                words.push(format!("{a}{b}"));
                words.push(format!("{a}{b}ها"));
                for c in &letters[..8] {
                    words.push(format!("{a}{b}{c}"));
                }
            }
        }
        let hashes: FastSet<u64> = words.iter().map(|w| hash(w.as_bytes())).collect();
        assert_eq!(hashes.len(), words.len());
        let mut slots = [0usize; 256];
        for h in &hashes {
            slots[(h & 0xff) as usize] += 1;
        }
        let mean = words.len() / 256;
        assert!(
            slots.iter().all(|&n| n > mean / 2 && n < mean * 2),
            "{slots:?}"
        );
    }
}
