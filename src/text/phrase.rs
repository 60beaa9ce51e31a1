//! Normalising the words and phrases of rules and word classes, for building matchers.
//!
//! A coach normalises every word of its rules when it is built, several thousand of them.
//! The build has normalised the bundled rules' and classes' words already, with this same
//! normaliser, and lists each with its normalised form, so that for these a lookup replaces
//! the work; a team's own words are normalised in full.

use std::borrow::Cow;

use super::normalize::normalize_phrase_in_full;
use super::word_hash;

include!(concat!(env!("OUT_DIR"), "/phrases.rs"));

/// Normalises a short phrase the way texts are normalised, for building matchers: the
/// normalised view of the phrase, without the spaces around it.
pub fn normalize_phrase(phrase: &str) -> String {
    normalized_phrase(phrase).into_owned()
}

/// [`normalize_phrase`], borrowed from the build's table when the phrase is a bundled one:
/// no allocation for the thousands of words a coach reads and copies into its own tables.
pub(crate) fn normalized_phrase(phrase: &str) -> Cow<'static, str> {
    let phrase = phrase.trim_matches(is_space);
    match bundled(phrase) {
        Some(normal) => Cow::Borrowed(normal),
        None => Cow::Owned(normalize_phrase_in_full(phrase)),
    }
}

/// Whether `c` is white space, as [`char::is_whitespace`] has it: the same 25 characters,
/// matched without the Unicode table's lookup, as thousands of phrases are trimmed a coach.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// The normalised form of `phrase`, when it is one of the bundled words the build listed
/// in [`PHRASE_SLOTS`]: a table open-addressed by [`word_hash`] with linear probing. A slot
/// holds where the phrase is in [`PHRASE_TEXT`] in its low 32 bits and where its normalised
/// form is in the high ones, each as an offset times 256 plus a length; or `u64::MAX`.
fn bundled(phrase: &str) -> Option<&'static str> {
    let mask = PHRASE_SLOTS.len() - 1;
    let mut i = word_hash(phrase) as usize & mask;
    loop {
        let slot = PHRASE_SLOTS[i];
        if slot == u64::MAX {
            return None;
        }
        if (slot & 0xff) as usize == phrase.len() && at(slot) == phrase {
            return Some(at(slot >> 32));
        }
        i = (i + 1) & mask;
    }
}

/// The text a place of a slot points at: its low 32 bits are an offset in [`PHRASE_TEXT`]
/// times 256 plus a length.
fn at(place: u64) -> &'static str {
    let place = place as u32;
    &PHRASE_TEXT[(place >> 8) as usize..][..(place & 0xff) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_phrase_is_listed_with_what_normalising_makes_of_it() {
        let mut listed = 0;
        for &slot in PHRASE_SLOTS.iter().filter(|&&s| s != u64::MAX) {
            let (phrase, normal) = (at(slot), at(slot >> 32));
            assert_eq!(normalize_phrase_in_full(phrase), normal, "{phrase:?}");
            assert_eq!(
                bundled(phrase),
                Some(normal),
                "{phrase:?} is listed but not found"
            );
            listed += 1;
        }
        assert!(listed > 5000, "only {listed} phrases listed");
    }

    #[test]
    fn white_space_is_what_the_standard_library_calls_white_space() {
        let all = || (0..=u32::from(char::MAX)).filter_map(char::from_u32);
        let spaces: Vec<char> = all().filter(|&c| is_space(c)).collect();
        let std: Vec<char> = all().filter(|c| c.is_whitespace()).collect();
        assert_eq!(spaces, std);
        assert_eq!(
            normalize_phrase("\u{a0}\u{3000} متاسفانه\u{2029}\n"),
            "متاسفانه"
        );
        // Not white space: a phrase keeps its joiners.
        assert!(!is_space('\u{200c}') && !is_space('\u{200b}') && !is_space('\u{feff}'));
    }

    #[test]
    fn bundled_words_are_looked_up_and_others_normalised_in_full() {
        // Words of the bundled rules and classes, one of them written unlike its normal form.
        for w in ["متاسفانه", "عذرخواهی"] {
            assert_eq!(bundled(w), Some(w), "{w:?}");
        }
        // Words no bundled file holds: normalised all the same.
        for (w, normal) in [
            (" ناراحت‌کننده ترین ", "ناراحتکنندهترین"),
            ("امكانپذير نيست", "امکانپذیر نیست"),
            ("نمی شودددد", "نمیشود"),
        ] {
            assert_eq!(bundled(w.trim()), None, "{w:?}");
            assert_eq!(normalize_phrase(w), normal);
        }
        assert_eq!(normalize_phrase("  "), "");
    }
}
