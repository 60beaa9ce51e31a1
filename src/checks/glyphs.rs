//! What characters a draft holds and where its Persian words are, found in one pass over its
//! characters, so that an orthography rule with nothing to look at returns at once instead of
//! scanning the text itself, and the rules that read words don't split the text again.

use std::ops::Range;

use once_cell::sync::Lazy;

use super::typography::{is_in_word_mark, ZWNJ};
use crate::text::is_arabic_letter;

/// Which of the characters some rule looks for occur in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Glyphs {
    /// A short-vowel mark, tanvin, shadda, sukun, madda or hamza on a letter (U+064B–U+0655).
    pub harakat: bool,
    /// A digit: Latin, Arabic-Indic or Persian.
    pub digits: bool,
    /// Where the first digit starts and the last ends (both 0 with no digit): every number
    /// lies between.
    pub digits_from: usize,
    pub digits_to: usize,
    /// A mark `orthography-diacritics` may remove: a decoration (U+064C–U+0650, U+0652), or a
    /// mark written inside words, other than tatweel, typed twice.
    pub loose_marks: bool,
    /// The ellipsis character «…».
    pub ellipsis: bool,
    /// A space other than U+0020 that `orthography-extra-spaces` counts: the no-break space
    /// and the typographic spaces.
    pub wide_spaces: bool,
    /// Two «ه» in a row, as a plural glued after «ه» has («خانهها»).
    pub heh_heh: bool,
    /// A straight or curly double quote: `"`, «“» or «”».
    pub quotes: bool,
    /// Tatweel (kashida), «ـ».
    pub tatweel: bool,
    /// Two hyphens in a row, `--`.
    pub double_hyphen: bool,
    /// Two spaces in a row, or a space before a line break.
    pub loose_spaces: bool,
}

/// What one pass over a text finds (see [`scan`]) beside its words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    pub glyphs: Glyphs,
    /// Where each punctuation mark of `! ? . : , ; ؟ ، ؛` starts, in order.
    pub marks: Vec<usize>,
    /// Where a character comes the third time in a row («سلامممم»، «!!!»), once for each
    /// run, in order.
    pub repeats: Vec<usize>,
    /// Where each letter, mark or presentation form `orthography-arabic-letters` fixes
    /// starts, in order.
    pub arabic_forms: Vec<usize>,
    /// Where each mark written inside words ([`is_in_word_mark`]) starts, in order.
    pub in_word_marks: Vec<usize>,
    /// Where each character `orthography-invisible-characters` may remove starts, in order:
    /// a byte-order mark, a zero-width space, or a direction mark (LRM, RLM, ALM).
    pub invisibles: Vec<usize>,
}

/// What a character is to [`Glyphs`] and to the words, as bits.
const ARABIC_FORM: u16 = 1;
const HARAKA: u16 = 2;
const DIGIT: u16 = 4;
/// A decoration `orthography-diacritics` removes.
const DECORATION: u16 = 8;
/// A letter of a word (see [`scan`]).
const LETTER: u16 = 16;
/// A mark written inside words (see [`is_in_word_mark`]).
const MARK: u16 = 32;
/// One of the punctuation marks of [`Scan::marks`].
const PUNCTUATION: u16 = 64;
/// See [`Scan::invisibles`].
const INVISIBLE: u16 = 128;
const ELLIPSIS: u16 = 256;
/// See [`Glyphs::wide_spaces`].
const WIDE_SPACE: u16 = 512;
/// Set in [`scan`] once a digit has been seen.
const SEEN_DIGIT: u16 = 1024;
/// See [`Glyphs::quotes`].
const QUOTE: u16 = 2048;
const TATWEEL: u16 = 4096;
/// A hyphen or a line break: read for [`Glyphs::double_hyphen`] and [`Glyphs::loose_spaces`].
const HYPHEN_OR_LINE: u16 = 8192;

/// The bits of each ASCII character.
static ASCII: [u16; 128] = {
    let mut t = [0; 128];
    let mut k = b'0';
    while k <= b'9' {
        t[k as usize] = DIGIT;
        k += 1;
    }
    let marks = b"!?.:,;";
    let mut k = 0;
    while k < marks.len() {
        t[marks[k] as usize] = PUNCTUATION;
        k += 1;
    }
    t[b'"' as usize] = QUOTE;
    t[b'-' as usize] = HYPHEN_OR_LINE;
    t[b'\n' as usize] = HYPHEN_OR_LINE;
    t
};

/// The bits of each character of U+0600–U+077F, the two-byte characters led by 0xD8–0xDD
/// (and, all 0, of U+0780–U+07FF, so that an offset of nine bits needs no bounds check).
static TABLE: Lazy<[u16; 0x200]> = Lazy::new(|| {
    let mut t = [0; 0x200];
    for (k, bits) in t.iter_mut().enumerate().take(0x180) {
        let Some(c) = char::from_u32(0x600 + k as u32) else {
            continue;
        };
        if super::orthography_arabic_letters::needs_fix(c) {
            *bits |= ARABIC_FORM;
        }
        if matches!(c, '\u{064B}'..='\u{0655}') {
            *bits |= HARAKA;
        }
        if matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}') {
            *bits |= DIGIT;
        }
        if matches!(c, '\u{064C}'..='\u{0650}' | '\u{0652}') {
            *bits |= DECORATION;
        }
        if matches!(c, '؟' | '،' | '؛') {
            *bits |= PUNCTUATION;
        }
        if c == '\u{061C}' {
            *bits |= INVISIBLE;
        }
        if c == '\u{0640}' {
            *bits |= TATWEEL;
        }
        if is_arabic_letter(c) {
            *bits |= LETTER;
        }
        // Tatweel and U+0670 are both: words take them as letters.
        if is_in_word_mark(c) {
            *bits |= MARK;
        }
    }
    t
});

/// The bits of `c`, read from `table` (the [`TABLE`]).
#[inline]
fn bits_of(table: &[u16; 0x200], c: char) -> u16 {
    match c {
        '\0'..='\u{7F}' => ASCII[c as usize],
        '\u{600}'..='\u{77F}' => table[c as usize - 0x600],
        '\u{FB50}'..='\u{FEFC}' if super::orthography_arabic_letters::is_presentation_form(c) => {
            ARABIC_FORM
        }
        '\u{FEFF}' | '\u{200B}' | '\u{200E}' | '\u{200F}' => INVISIBLE,
        '…' => ELLIPSIS,
        '“' | '”' => QUOTE,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => WIDE_SPACE,
        _ => 0,
    }
}

/// The code of the character at byte `i` of `b` when it is a letter of U+0600–U+077F with
/// nothing else to it in `table` (the [`TABLE`]).
#[inline(always)]
fn plain_letter(table: &[u16; 0x200], b: &[u8], i: usize) -> Option<u32> {
    match b.get(i..i + 2)? {
        &[x @ 0xD8..=0xDD, y] => {
            let offset = ((usize::from(x - 0xD8) << 6) | usize::from(y & 0x3F)) & 0x1FF;
            (table[offset] == LETTER).then_some(0x600 + offset as u32)
        }
        _ => None,
    }
}

/// Whether `b` is only letters of U+0600–U+077F with nothing else to them: no mark, no
/// form a rule folds or fixes («ي ك»), no tatweel. Such text reads the same folded.
pub(crate) fn plain_letters(b: &[u8]) -> bool {
    let table: &[u16; 0x200] = &TABLE;
    b.len() % 2 == 0
        && (0..b.len())
            .step_by(2)
            .all(|i| plain_letter(table, b, i).is_some())
}

/// Reads `text` once, a character at a time: which characters it holds, and the original
/// ranges of its Persian words: letters of the Arabic script with the marks, tatweel and
/// ZWNJs between them, so a ZWNJ-joined word («مي‌خواهيد») is one word.
///
/// The characters of U+0600–U+077F, most of a Persian text, are two bytes led by 0xD8–0xDD
/// and are read from the table without decoding; ASCII is read as it is.
pub(crate) fn scan(text: &str) -> (Scan, Vec<Range<usize>>) {
    const NONE: usize = usize::MAX;
    let table: &[u16; 0x200] = &TABLE;
    let b = text.as_bytes();
    let mut words = Vec::with_capacity(text.len() / 8);
    let mut marks = Vec::with_capacity(text.len() / 64);
    // The word being read (NONE between words) and where its last letter or mark ends.
    let mut start = NONE;
    let mut last_letter_end = 0;
    let mut bits = 0u16;
    let (mut loose_marks, mut heh_heh) = (false, false);
    let (mut repeats, mut arabic_forms) = (Vec::new(), Vec::new());
    let (mut in_word_marks, mut invisibles) = (Vec::new(), Vec::new());
    let (mut double_hyphen, mut loose_spaces) = (false, false);
    let (mut digits_from, mut digits_to) = (0, 0);
    // The last character and how many times in a row it came.
    let (mut last, mut run) = (0u32, 0u8);
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        // Plain letters of U+0600–U+077F, most of a Persian text, need only their repeats and
        // their word followed: a run of them is read here.
        if plain_letter(table, b, i).is_some() {
            if start == NONE {
                start = i;
            }
            while let Some(code) = plain_letter(table, b, i) {
                if code == last {
                    run = run.saturating_add(1);
                    if run == 3 {
                        repeats.push(i);
                    }
                    heh_heh |= code == 'ه' as u32;
                } else {
                    (last, run) = (code, 1);
                }
                i += 2;
            }
            last_letter_end = i;
            continue;
        }
        // So does a space or other ASCII that is no digit or mark, except it ends a word.
        if x < 0x80 && ASCII[usize::from(x)] == 0 {
            let code = u32::from(x);
            if code == last {
                run = run.saturating_add(1);
                if run == 3 {
                    repeats.push(i);
                }
                loose_spaces |= x == b' ';
            } else {
                (last, run) = (code, 1);
            }
            if start != NONE {
                words.push(start..last_letter_end);
                start = NONE;
            }
            i += 1;
            continue;
        }
        let (code, these, len) = match (x, b.get(i + 1)) {
            (0xD8..=0xDD, Some(&y)) => {
                let offset = (usize::from(x - 0xD8) << 6) | usize::from(y & 0x3F);
                (0x600 + offset as u32, table[offset], 2)
            }
            (0..0x80, _) => (u32::from(x), ASCII[usize::from(x)], 1),
            // U+2000–U+203F: the ZWNJ of nearly every Persian text among them.
            (0xE2, Some(0x80)) if i + 2 < b.len() => {
                let c = 0x2000 | u32::from(b[i + 2] & 0x3F);
                let these = match c {
                    0x200C => 0,
                    _ => bits_of(table, char::from_u32(c).unwrap_or(' ')),
                };
                (c, these, 3)
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c as u32, bits_of(table, c), c.len_utf8())
            }
        };
        if these & HYPHEN_OR_LINE != 0 {
            double_hyphen |= code == last && code == u32::from(b'-');
            loose_spaces |= code == u32::from(b'\n') && last == u32::from(b' ');
        }
        if code == last {
            run = run.saturating_add(1);
            if run == 3 {
                repeats.push(i);
            }
            // A mark typed twice; tatweel is drawn out as the writer likes.
            loose_marks |= these & MARK != 0 && code != 0x640;
        } else {
            (last, run) = (code, 1);
        }
        bits |= these;
        if these & PUNCTUATION != 0 {
            marks.push(i);
        }
        if these & ARABIC_FORM != 0 {
            arabic_forms.push(i);
        }
        if these & MARK != 0 {
            in_word_marks.push(i);
        }
        if these & INVISIBLE != 0 {
            invisibles.push(i);
        }
        if these & DIGIT != 0 {
            if bits & SEEN_DIGIT == 0 {
                digits_from = i;
                bits |= SEEN_DIGIT;
            }
            digits_to = i + len;
        }
        if these & LETTER != 0 {
            if start == NONE {
                start = i;
            }
            last_letter_end = i + len;
        } else if these & MARK != 0 {
            if start != NONE {
                last_letter_end = i + len;
            }
        } else if start != NONE && code != ZWNJ as u32 {
            words.push(start..last_letter_end);
            start = NONE;
        }
        i += len;
    }
    if start != NONE {
        words.push(start..last_letter_end);
    }
    let glyphs = Glyphs {
        harakat: bits & HARAKA != 0,
        digits: bits & DIGIT != 0,
        digits_from,
        digits_to,
        loose_marks: loose_marks || bits & DECORATION != 0,
        ellipsis: bits & ELLIPSIS != 0,
        wide_spaces: bits & WIDE_SPACE != 0,
        heh_heh,
        quotes: bits & QUOTE != 0,
        tatweel: bits & TATWEEL != 0,
        double_hyphen,
        loose_spaces,
    };
    let scan = Scan {
        glyphs,
        marks,
        repeats,
        arabic_forms,
        in_word_marks,
        invisibles,
    };
    (scan, words)
}

#[cfg(test)]
mod tests {
    use super::{scan, Glyphs};

    fn of(text: &str) -> Glyphs {
        scan(text).0.glyphs
    }

    #[test]
    fn finds_what_each_rule_looks_for() {
        let none = Glyphs::default();
        assert_eq!(of("سلام، سفارش شما ارسال شد."), none);
        assert_eq!(of(""), none);
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
            assert_eq!(!scan(text).0.repeats.is_empty(), repeats, "{text}");
        }
        // Where each run comes a third time: once for each run, however long.
        let text = "سلامممم... ok   عاليييي";
        let at: Vec<&str> = scan(text).0.repeats.iter().map(|&i| &text[i..]).collect();
        assert_eq!(
            at,
            ["مم... ok   عاليييي", ". ok   عاليييي", " عاليييي", "يي"]
        );
        // Where each letter or form to fix starts, whichever path of the scan reads it.
        let text = "كد تخفيف ﻛﺘﺎﺏ، ا\u{0653}ب و ہمہ ے… مسئله 12 ی‌ي";
        let at: Vec<usize> = text
            .char_indices()
            .filter(|&(_, c)| super::bits_of(&super::TABLE, c) & super::ARABIC_FORM != 0)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(at.len(), 11, "{at:?}");
        assert_eq!(scan(text).0.arabic_forms, at);
        let text = "حتماً کِتابٌ بنّا، کتــاب و خانهٔ ما ٰ 😀 ؐ";
        let at: Vec<usize> = text
            .char_indices()
            .filter(|&(_, c)| super::is_in_word_mark(c))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(at.len(), 9, "{at:?}");
        assert_eq!(scan(text).0.in_word_marks, at);
        let arabic_forms = |text| !scan(text).0.arabic_forms.is_empty();
        assert!(arabic_forms("براي"));
        assert!(arabic_forms("ﻛﺘﺎﺏ"));
        assert!(arabic_forms("ا\u{0653}ب"));
        assert!(!arabic_forms("مسئله و تأمین"));
        assert!(of("کِتاب").harakat);
        assert!(of("حتماً").harakat);
        assert!(of("بنّا").harakat);
        assert!(of("خانهٔ ما").harakat);
        assert!(!of("بنا و خانه\u{200C}ی ما").harakat);
        for digits in ["کد 12", "کد ۱۲", "کد ١٢"] {
            assert!(of(digits).digits, "{digits}");
        }
        assert!(!of("کد دوازده").digits);
        let g = of("کد 12 و ۳۴٫۵ رسید");
        assert_eq!(
            &"کد 12 و ۳۴٫۵ رسید"[g.digits_from..g.digits_to],
            "12 و ۳۴٫۵"
        );
        for (text, loose) in [
            ("کِتاب", true),
            ("کتابٌ", true),
            ("حتماًً", true),
            ("بنّّا", true),
            ("حتماً و بنّا و خانهٔ ما", false),
            ("کتــــاب", false),
            ("سلام", false),
        ] {
            assert_eq!(of(text).loose_marks, loose, "{text}");
        }
        for invisible in [
            "\u{FEFF}سلام",
            "سلام\u{200B}",
            "a\u{200E}b",
            "ب\u{200F}",
            "ب\u{061C}",
        ] {
            assert!(!scan(invisible).0.invisibles.is_empty(), "{invisible:?}");
        }
        assert!(scan("می\u{200C}خواهم و \u{200D} «…»")
            .0
            .invisibles
            .is_empty());
        assert!(of("خب… باشه").ellipsis);
        assert!(!of("خب... باشه").ellipsis);
        for wide in [
            "a\u{00A0}b",
            "a\u{2009}b",
            "a\u{202F}b",
            "a\u{205F}b",
            "a\u{3000}b",
        ] {
            assert!(of(wide).wide_spaces, "{wide:?}");
        }
        assert!(!of("سلام  و\u{200C}\t\n").wide_spaces);
        for (text, quotes) in [("گفت \"بله\"", true), ("“بله”", true), ("«بله»", false)]
        {
            assert_eq!(of(text).quotes, quotes, "{text}");
        }
        assert!(of("کتــاب").tatweel);
        assert!(!of("کتاب").tatweel);
        for (text, double) in [("الف -- ب", true), ("الف - ب -", false), ("---", true)] {
            assert_eq!(of(text).double_hyphen, double, "{text}");
        }
        for (text, loose) in [
            ("سلام  خوبی", true),
            ("سلام \nخوبی", true),
            ("سلام\n خوبی", false),
            ("سلام خوبی ", false),
            ("a-\n-b", false),
        ] {
            assert_eq!(of(text).loose_spaces, loose, "{text:?}");
        }
        for (text, heh_heh) in [
            ("خانهها", true),
            ("هههه", true),
            ("خانه‌ها", false),
            ("خانه ها", false),
            ("ه ه", false),
        ] {
            assert_eq!(of(text).heh_heh, heh_heh, "{text}");
        }
    }

    #[test]
    fn finds_every_punctuation_mark() {
        let text = "سلام، خوبی؟ بله! 10:30 a.b; c, d? «؛» … ‌";
        let marks: Vec<&str> = scan(text)
            .0
            .marks
            .iter()
            .map(|&i| &text[i..i + text[i..].chars().next().map_or(0, char::len_utf8)])
            .collect();
        assert_eq!(marks, ["،", "؟", "!", ":", ".", ";", ",", "?", "؛"]);
    }

    #[test]
    fn splits_persian_words() {
        for (text, want) in [
            ("سلام، خوبید؟", vec!["سلام", "خوبید"]),
            ("مي‌خواهيد کتاب‌ها", vec!["مي‌خواهيد", "کتاب‌ها"]),
            ("کِتابِ مَن", vec!["کِتابِ", "مَن"]),
            ("کتــاب", vec!["کتــاب"]),
            ("خانه‌ ی", vec!["خانه", "ی"]),
            ("\u{0650}ب", vec!["ب"]),
            ("iPhone 15 را ۲ روزه ﻛﺘﺎﺏ", vec!["را", "روزه"]),
            ("ݐݑ{{name}}ک", vec!["ݐݑ", "ک"]),
            ("", vec![]),
        ] {
            let words: Vec<&str> = scan(text).1.into_iter().map(|r| &text[r]).collect();
            assert_eq!(words, want, "{text:?}");
        }
    }

    /// The numbers read between the first digit and the end of the last are all the numbers.
    #[test]
    fn every_number_lies_between_the_first_and_last_digit() {
        use super::super::orthography_mixed_digits::numbers;
        let pieces = [
            "سلام", " ", "1", "۲", "٣", ".", ",", "/", ":", "٫", "٬", "a", "\n", "ها", "😂",
        ];
        for text in crate::text::testing::pieced_texts(&pieces, 5, 5_000) {
            let g = of(&text);
            let all: Vec<_> = numbers(&text, 0..text.len())
                .into_iter()
                .map(|n| n.range)
                .collect();
            let between: Vec<_> = numbers(&text, g.digits_from..g.digits_to)
                .into_iter()
                .map(|n| n.range)
                .collect();
            assert_eq!(between, all, "{text:?}");
            assert_eq!(g.digits, !all.is_empty(), "{text:?}");
        }
    }
}
