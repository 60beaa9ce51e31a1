//! What characters a draft holds, found in one pass over its characters, so that an orthography
//! rule with nothing to look at returns at once instead of scanning the text itself.

use once_cell::sync::Lazy;

/// Which of the characters some rule looks for occur in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Glyphs {
    /// Some character typed three times in a row («سلامممم»، «!!!»).
    pub repeats: bool,
    /// A letter, mark or presentation form `orthography-arabic-letters` fixes.
    pub arabic_forms: bool,
    /// A short-vowel mark, tanvin, shadda, sukun, madda or hamza on a letter (U+064B–U+0655).
    pub harakat: bool,
    /// A digit: Latin, Arabic-Indic or Persian.
    pub digits: bool,
}

/// What a character is to [`Glyphs`], as bits.
const ARABIC_FORM: u8 = 1;
const HARAKA: u8 = 2;
const DIGIT: u8 = 4;

/// The bits of each character of U+0600–U+077F.
static TABLE: Lazy<Vec<u8>> = Lazy::new(|| {
    (0x600..0x780)
        .map(|u| {
            let Some(c) = char::from_u32(u) else { return 0 };
            let mut bits = 0;
            if super::orthography_arabic_letters::needs_fix(c) {
                bits |= ARABIC_FORM;
            }
            if matches!(u, 0x64B..=0x655) {
                bits |= HARAKA;
            }
            if matches!(u, 0x660..=0x669 | 0x6F0..=0x6F9) {
                bits |= DIGIT;
            }
            bits
        })
        .collect()
});

/// The bits of `c`, read from `table` (the [`TABLE`]).
#[inline]
fn bits_of(table: &[u8], c: char) -> u8 {
    match c {
        '0'..='9' => DIGIT,
        '\u{600}'..='\u{77F}' => table[c as usize - 0x600],
        '\u{FB50}'..='\u{FEFC}' if super::orthography_arabic_letters::is_presentation_form(c) => {
            ARABIC_FORM
        }
        _ => 0,
    }
}

/// Whether `orthography-arabic-letters` fixes `c` (its `needs_fix`), read from the table.
pub(crate) fn is_arabic_form(c: char) -> bool {
    bits_of(&TABLE, c) & ARABIC_FORM != 0
}

impl Glyphs {
    /// Reads `text` once, a character at a time.
    pub(crate) fn of(text: &str) -> Glyphs {
        let table: &[u8] = &TABLE;
        let mut g = Glyphs::default();
        let mut bits = 0u8;
        // The last character and how many times in a row it came.
        let (mut last, mut run) = ('\0', 0u8);
        for c in text.chars() {
            bits |= bits_of(table, c);
            if c == last {
                run = run.saturating_add(1);
                g.repeats |= run >= 3;
            } else {
                (last, run) = (c, 1);
            }
        }
        g.arabic_forms = bits & ARABIC_FORM != 0;
        g.harakat = bits & HARAKA != 0;
        g.digits = bits & DIGIT != 0;
        g
    }
}

#[cfg(test)]
mod tests {
    use super::Glyphs;

    #[test]
    fn finds_what_each_rule_looks_for() {
        let none = Glyphs::default();
        assert_eq!(Glyphs::of("سلام، سفارش شما ارسال شد."), none);
        assert_eq!(Glyphs::of(""), none);
        for (text, repeats) in [
            ("سلامممم", true),
            ("مممنون", true),
            ("aaa", true),
            ("عالی!!!", true),
            ("😂😂😂", true),
            ("ی‌ی‌ی", false),
            ("مم و ممنون", false),
            ("", false),
        ] {
            assert_eq!(Glyphs::of(text).repeats, repeats, "{text}");
        }
        assert!(Glyphs::of("براي").arabic_forms);
        assert!(Glyphs::of("ﻛﺘﺎﺏ").arabic_forms);
        assert!(Glyphs::of("ا\u{0653}ب").arabic_forms);
        assert!(!Glyphs::of("مسئله و تأمین").arabic_forms);
        assert!(Glyphs::of("کِتاب").harakat);
        assert!(Glyphs::of("حتماً").harakat);
        assert!(Glyphs::of("بنّا").harakat);
        assert!(Glyphs::of("خانهٔ ما").harakat);
        assert!(!Glyphs::of("بنا و خانه\u{200C}ی ما").harakat);
        for digits in ["کد 12", "کد ۱۲", "کد ١٢"] {
            assert!(Glyphs::of(digits).digits, "{digits}");
        }
        assert!(!Glyphs::of("کد دوازده").digits);
    }
}
