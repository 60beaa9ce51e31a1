//! A fast hash for the short keys of the word tables (verb stems, class words): FNV-1a.
//! The keys are the crate's own embedded words and a team's, never an attacker's choice
//! of many colliding keys, and they are a few bytes long, where SipHash's set-up dominates.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 64 bits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A map keyed by short words.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A set of short words.
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

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
        // Known FNV-1a value of "a".
        let mut h = Fnv::default();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
    }
}
