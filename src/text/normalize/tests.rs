//! The normaliser's folds and offsets, case by case.

use super::builder::*;
use super::*;

/// (input, normalised) pairs, one per fold.
pub(super) const FOLDS: &[(&str, &str)] = &[
    // Arabic letters and the heh forms.
    ("كتاب", "کتاب"),
    ("دانشجويي", "دانشجویی"),
    ("موسى", "موسی"),
    ("ڪار", "کار"),
    ("مدرسة", "مدرسه"),
    ("خانۀ", "خانه"),
    // Hamza carriers.
    ("مسئول", "مسیول"),
    ("تأمین", "تامین"),
    ("مؤسسه", "موسسه"),
    // «آ» composed and decomposed; a lone hamza-above dropped after NFC-style composition.
    ("آب", "آب"),
    ("\u{0627}\u{0653}ب", "آب"),
    ("\u{064A}\u{0654}", "ی"),
    // Presentation forms (ﻻ is lam-alef), tatweel, diacritics.
    ("ﻻزم", "لازم"),
    ("ﺳﻼﻡ", "سلام"),
    ("ســـــلام", "سلام"),
    ("سَلامٌ", "سلام"),
    ("ارائهٔ", "ارایه"),
    // ZWNJ, space or nothing between affixes and stems.
    ("می‌خواهم", "میخواهم"),
    ("می خواهم", "میخواهم"),
    ("میخواهم", "میخواهم"),
    ("نمی توانیم", "نمیتوانیم"),
    ("برنمی آید", "برنمیآید"),
    ("درمی آوریم", "درمیآوریم"),
    ("کتاب ها", "کتابها"),
    ("کتاب‌های من", "کتابهای من"),
    ("بزرگ تر", "بزرگتر"),
    ("بزرگ ترین", "بزرگترین"),
    ("خسته ام", "خستهام"),
    ("کرده اید", "کردهاید"),
    // … but not words that merely follow one another.
    ("سلام ای دوست", "سلام ای دوست"),
    ("من ام", "من ام"),
    // Digits of every script.
    ("۱۲۳", "123"),
    ("١٢٣", "123"),
    ("۱۲٫۵", "12.5"),
    // Invisible marks, NBSP, soft hyphen, runs of space.
    ("\u{200F}سلام\u{200E}", "سلام"),
    ("\u{202B}سلام\u{202C}", "سلام"),
    ("سلام\u{00A0}دنیا", "سلام دنیا"),
    ("سل\u{00AD}ام", "سلام"),
    ("سلام    دنیا", "سلام دنیا"),
    ("  سلام", "سلام"),
    ("سلام\r\nدنیا", "سلام\nدنیا"),
    // Repeated letters, but not real doubles.
    ("سلامممم", "سلام"),
    ("خیییییلی", "خیلی"),
    ("ممنون", "ممنون"),
    ("www.x.com", "www.x.com"),
    // Latin case.
    ("API Gateway", "api gateway"),
];

#[test]
fn every_fold() {
    for (input, want) in FOLDS {
        assert_eq!(Normalized::new(input).as_str(), *want, "input {input:?}");
    }
}

#[test]
fn offsets_map_back_to_the_original() {
    let original = "\u{200F}كتاب ها را مي خواهم!!!";
    let n = Normalized::new(original);
    assert_eq!(n.as_str(), "کتابها را میخواهم!!!");
    let at = n.as_str().find("کتابها").unwrap();
    let r = n.to_original(at..at + "کتابها".len());
    assert_eq!(&original[r], "كتاب ها");
    let at = n.as_str().find("میخواهم").unwrap();
    let r = n.to_original(at..at + "میخواهم".len());
    assert_eq!(&original[r], "مي خواهم");
}

#[test]
fn repeated_letters_map_over_the_whole_run() {
    let original = "سلامممم دنیا";
    let n = Normalized::new(original);
    let r = n.to_original(0.."سلام".len());
    assert_eq!(&original[r], "سلامممم");
}

#[test]
fn map_is_monotonic_and_on_char_boundaries() {
    let original = "ﻻ\u{0627}\u{0653}ب 😀 می  خواهم ۱۲ ك\u{200C}ها\r\n";
    let n = Normalized::new(original);
    let mut last = 0;
    for i in 0..=n.as_str().len() {
        let o = n.offset_to_original(i);
        assert!(o >= last, "offset {i}");
        assert!(original.is_char_boundary(o));
        last = o;
    }
}

#[test]
fn a_letter_repeated_past_any_counter() {
    // Found by the bad-input tests: a run of 256 or more of one letter overflowed the run
    // counter (a panic in debug builds, a dropped letter in release builds).
    for n in [3, 255, 256, 257, 10_000] {
        let original = format!("ب{}ا", "ی".repeat(n));
        let norm = Normalized::new(&original);
        assert_eq!(norm.as_str(), "بیا", "{n}");
        let r = norm.to_original(2..4);
        assert_eq!(&original[r], "ی".repeat(n), "{n}");
    }
}

#[test]
fn what_is_known_of_the_affixes() {
    for s in SUFFIXES {
        assert!(SUFFIX_INITIALS.iter().any(|&c| s.starts_with(c)), "{s}");
    }
    for s in AFTER_HEH_SUFFIXES {
        assert!(AFTER_HEH_INITIALS.iter().any(|&c| s.starts_with(c)), "{s}");
    }
    let longest = SUFFIXES
        .iter()
        .chain(&AFTER_HEH_SUFFIXES)
        .map(|s| s.len())
        .max();
    assert_eq!(longest, Some(LONGEST_AFFIX));
    for p in PREFIXES {
        assert!(p.ends_with(PREFIX_FINAL), "{p}");
        assert!(PREFIX_LENS.contains(&p.len()), "{p}");
    }
}

#[test]
fn empty_and_blank() {
    assert_eq!(Normalized::new("").as_str(), "");
    assert_eq!(Normalized::new(" \u{200C} \n").as_str(), "\n");
    assert_eq!(Normalized::new("").to_original(0..0), 0..0);
}

#[test]
fn word_chars_agree_with_unicode_outside_the_tables() {
    // The blocks answered from tables or ranges give what `char::is_alphanumeric` would,
    // Arabic-block digits and letters aside (their table is checked by the folds above).
    for c in ('\0'..='\u{7F}').chain('\u{2000}'..='\u{206F}') {
        assert_eq!(is_word_char(c), c.is_alphanumeric() || c == '_', "{c:?}");
    }
}
