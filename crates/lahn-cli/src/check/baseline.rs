//! The baseline: findings a team has accepted for now, for helpdesk exports where an inline
//! comment can't go. Keyed by macro id, rule and a hash of the flagged text (not by line, so
//! edits elsewhere in the file don't wake old findings), with a count for repeats.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;
use serde_json::{json, Value};

/// A stable 64-bit FNV-1a hash, printed as 16 hex digits. Stable across versions and
/// platforms, unlike `std`'s hasher: baselines and SARIF fingerprints keep it. Each part is
/// hashed as its whitespace-separated words, each followed by one space (so a change of
/// spacing keeps the hash), and parts are separated by 0x1f.
pub fn hash(parts: &[&str]) -> String {
    let mut h = FNV_OFFSET;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h = fnv(h, 0x1f);
        }
        h = words(h, p);
    }
    hex(h)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// `h` as 16 lowercase hex digits, as `format!("{h:016x}")` writes it.
fn hex(h: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 16];
    for (k, digit) in out.iter_mut().rev().enumerate() {
        *digit = DIGITS[(h >> (4 * k)) as usize & 0xF];
    }
    String::from_utf8(out.to_vec()).expect("hex digits are ASCII")
}

/// Which bytes may start a whitespace character: ASCII's (\t \n \v \f \r and the space),
/// and the lead bytes of Unicode's few others (U+0085, U+00A0, U+1680, U+2000–U+205F,
/// U+3000).
const MAY_START_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        b += 1;
    }
    t
};

/// `h` followed by the bytes of `s.split_whitespace()`, each word ended by a space, read in
/// one pass over the bytes: only the characters of bytes that may start a space are decoded.
fn words(mut h: u64, s: &str) -> u64 {
    let b = s.as_bytes();
    let mut in_word = false;
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if !MAY_START_SPACE[usize::from(x)] {
            h = fnv(h, x);
            in_word = true;
            i += 1;
            continue;
        }
        let c = s[i..]
            .chars()
            .next()
            .expect("a lead byte starts a character");
        let len = c.len_utf8();
        if c.is_whitespace() {
            if in_word {
                h = fnv(h, b' ');
                in_word = false;
            }
        } else {
            for &x in &b[i..i + len] {
                h = fnv(h, x);
            }
            in_word = true;
        }
        i += len;
    }
    if in_word {
        h = fnv(h, b' ');
    }
    h
}

/// A finding's baseline key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub macro_id: String,
    pub rule: String,
    pub hash: String,
}

/// Accepted findings and how many of each.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    entries: BTreeMap<Key, usize>,
}

impl Baseline {
    pub fn read(path: &Path) -> anyhow::Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the baseline {}", path.display()))?;
        let v: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a lahn baseline", path.display()))?;
        let mut entries = BTreeMap::new();
        for e in v["findings"].as_array().into_iter().flatten() {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            let key = Key {
                macro_id: s("macro"),
                rule: s("rule"),
                hash: s("hash"),
            };
            *entries.entry(key).or_default() += e["count"].as_u64().unwrap_or(1) as usize;
        }
        Ok(Baseline { entries })
    }

    pub fn add(&mut self, key: Key) {
        *self.entries.entry(key).or_default() += 1;
    }

    /// Takes one accepted occurrence of `key`; false when none is left (a new finding).
    pub fn take(&mut self, key: &Key) -> bool {
        match self.entries.get_mut(key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.values().sum()
    }

    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let findings: Vec<Value> = self
            .entries
            .iter()
            .map(|(k, n)| json!({"macro": k.macro_id, "rule": k.rule, "hash": k.hash, "count": n}))
            .collect();
        let mut text = serde_json::to_string_pretty(&json!({"version": 1, "findings": findings}))?;
        text.push('\n');
        super::write::write_atomic(path, text.as_bytes())
            .with_context(|| format!("cannot write the baseline {}", path.display()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash as first written, whose values baselines hold.
    fn reference(parts: &[&str]) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                h ^= 0x1f;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            for b in p.split_whitespace().flat_map(|w| w.bytes().chain([b' '])) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }

    #[test]
    fn hashes_keep_their_values() {
        let texts = [
            "",
            " ",
            "a",
            "  تماس شما   برای ما\tمهم است\n",
            "می\u{200C}خواهم\u{00A0}بدانم\u{0085}x\u{1680}y\u{2003}z\u{2028}\u{202F}\u{205F}\u{3000}",
            "\u{000B}\u{000C}\r\n😀 ok\u{200B}\u{2060}\u{00AD}",
            "Ç é \u{2010}\u{2070}\u{3001} ã\u{1C}\u{1F}\u{7F}",
        ];
        for a in texts {
            assert_eq!(hash(&[a]), reference(&[a]), "{a:?}");
            for b in texts {
                assert_eq!(hash(&[a, "rule-id", b]), reference(&[a, "rule-id", b]));
            }
        }
    }
}
