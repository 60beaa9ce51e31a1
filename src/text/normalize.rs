//! The normalised view of a text, with a map from every byte of it back to the original.
//!
//! Rules match on the normalised view, where the many ways people type the same Persian word
//! look alike; findings are reported on the original text through the offset map, never by
//! searching the original again.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// A normalised copy of a text and the offset map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// For each byte of `text`, where the original character(s) it came from start.
    starts: Vec<u32>,
    /// For each byte of `text`, where the original character(s) it came from end.
    ends: Vec<u32>,
    original_len: usize,
}

/// Prefixes that people write joined, with ZWNJ or with a space before the verb stem.
const PREFIXES: [&str; 2] = ["می", "نمی"];
/// Suffixes joined to the previous word whatever it ends in.
const SUFFIXES: [&str; 5] = ["ها", "های", "هایی", "تر", "ترین"];
/// Copula and ezafe suffixes, joined only after a word ending in «ه» («خسته ام»، «کرده اید»),
/// where the space is a spelling of the ZWNJ; elsewhere they are words of their own.
const AFTER_HEH_SUFFIXES: [&str; 6] = ["ام", "ای", "ایم", "اید", "اند", "ی"];

impl Normalized {
    /// Normalises `original`.
    pub fn new(original: &str) -> Normalized {
        let mut n = Builder {
            out: Normalized {
                text: String::with_capacity(original.len()),
                starts: Vec::with_capacity(original.len()),
                ends: Vec::with_capacity(original.len()),
                original_len: original.len(),
            },
            pending_space: None,
            run: 0,
            word_start: 0,
            last: None,
            original,
        };
        for (i, c) in original.char_indices() {
            let j = i + c.len_utf8();
            n.feed(c, i, j);
        }
        n.flush_space(None);
        n.out
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the normalised text to the byte range of the original text that
    /// it came from. Both ends of the result lie on character boundaries of the original.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        if self.text.is_empty() {
            return 0..0;
        }
        let start = if range.start >= self.text.len() {
            self.original_len
        } else {
            self.starts[range.start] as usize
        };
        if range.end <= range.start {
            return start..start;
        }
        let end = self.ends[range.end.min(self.text.len()) - 1] as usize;
        start..end.max(start)
    }

    /// Maps a byte offset of the normalised text to the original text.
    pub fn offset_to_original(&self, offset: usize) -> usize {
        self.to_original(offset..offset).start
    }
}

struct Builder<'a> {
    out: Normalized,
    /// A space seen but not yet written: its original range.
    pending_space: Option<Range<usize>>,
    /// How many times the last written letter has been repeated in a row.
    run: u8,
    /// Where the word at the end of the output starts (after its last non-letter), kept as
    /// the text grows: finding it by scanning back made a long run of joined affixes
    /// («ها ها ها …») quadratic.
    word_start: usize,
    /// The last character written, so each letter needn't decode it again.
    last: Option<char>,
    original: &'a str,
}

impl Builder<'_> {
    fn feed(&mut self, c: char, i: usize, j: usize) {
        match classify(c) {
            Class::Drop => {}
            Class::Mark => {
                if self.pending_space.is_none() && self.last.is_some_and(is_word_char) {
                    self.stretch_last(j);
                }
            }
            Class::Space => {
                if let Some(r) = &mut self.pending_space {
                    r.end = j;
                } else if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
                    self.pending_space = Some(i..j);
                }
            }
            Class::Newline => {
                self.pending_space = None;
                self.push('\n', i, j);
            }
            Class::MaddaAbove => {
                // «ا» + U+0653 is how «آ» arrives when it isn't composed (NFC composes it).
                if self.out.text.ends_with('ا') {
                    let at = self.out.text.len() - 'ا'.len_utf8();
                    self.out.text.truncate(at);
                    let start = self.out.starts[at];
                    self.out.starts.truncate(at);
                    self.out.ends.truncate(at);
                    self.push_mapped('آ', start as usize, j);
                }
            }
            Class::Char(folded) => self.letter(folded, i, j),
            Class::Compat => {
                // Presentation forms: their compatibility decomposition is the plain letters.
                let decomposed: Vec<char> = std::iter::once(c).nfkc().collect();
                for d in decomposed {
                    match classify(d) {
                        Class::Char(f) => self.letter(f, i, j),
                        Class::Space => self.feed(' ', i, j),
                        _ => {}
                    }
                }
            }
        }
    }

    fn letter(&mut self, c: char, i: usize, j: usize) {
        if self.pending_space.is_some() {
            self.flush_space(Some((c, i)));
        }
        if self.last == Some(c) && is_arabic_letter(c) {
            self.run = self.run.saturating_add(1);
            // A letter typed three or more times in a row («سلامممم») counts once; twice is a
            // real spelling («ممنون»).
            if self.run == 2 {
                // Third in a row: drop the second copy and stretch the first over the run.
                let len = c.len_utf8();
                let at = self.out.text.len() - len;
                self.out.text.truncate(at);
                self.out.starts.truncate(at);
                self.out.ends.truncate(at);
                self.stretch_last(j);
                return;
            } else if self.run > 2 {
                self.stretch_last(j);
                return;
            }
        } else {
            self.run = 0;
        }
        self.push(c, i, j);
    }

    fn stretch_last(&mut self, j: usize) {
        let len = self.last.map_or(0, char::len_utf8);
        let n = self.out.ends.len();
        for e in &mut self.out.ends[n - len..] {
            *e = j as u32;
        }
    }

    /// Writes the pending space unless it separates a stem from an affix.
    fn flush_space(&mut self, next: Option<(char, usize)>) {
        let Some(space) = self.pending_space.take() else {
            return;
        };
        if let Some((c, at)) = next {
            if is_arabic_letter(c) && self.joins_across_space(at) {
                return;
            }
        }
        self.run = 0;
        self.push(' ', space.start, space.end);
    }

    /// Whether the space before original offset `at` sits between a stem and an affix.
    fn joins_across_space(&self, at: usize) -> bool {
        let prev = &self.out.text[self.word_start.min(self.out.text.len())..];
        if PREFIXES.contains(&prev) {
            return true;
        }
        if prev.is_empty() {
            return false;
        }
        let mut buf = [0u8; 16];
        let Some(next) = next_word(&self.original[at..], &mut buf) else {
            return false;
        };
        if SUFFIXES.contains(&next) {
            return true;
        }
        AFTER_HEH_SUFFIXES.contains(&next) && prev.chars().nth(1).is_some() && prev.ends_with('ه')
    }

    fn push(&mut self, c: char, i: usize, j: usize) {
        self.push_mapped(c, i, j);
    }

    fn push_mapped(&mut self, c: char, i: usize, j: usize) {
        self.out.text.push(c);
        self.last = Some(c);
        if !is_arabic_letter(c) {
            self.word_start = self.out.text.len();
        }
        for _ in 0..c.len_utf8() {
            self.out.starts.push(i as u32);
            self.out.ends.push(j as u32);
        }
    }
}

/// The next word of the original text, folded, stopping at the first non-letter; `None`
/// when it is longer than any affix (and so can't be one).
fn next_word<'b>(s: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    let mut len = 0;
    for c in s.chars() {
        match classify(c) {
            Class::Char(f) if is_arabic_letter(f) => {
                let n = f.len_utf8();
                if len + n > buf.len() {
                    return None;
                }
                f.encode_utf8(&mut buf[len..len + n]);
                len += n;
            }
            Class::Drop | Class::Mark => {}
            _ => break,
        }
    }
    std::str::from_utf8(&buf[..len]).ok()
}

enum Class {
    Char(char),
    Space,
    Newline,
    Drop,
    /// A diacritic: dropped, but a span never ends between it and its letter.
    Mark,
    MaddaAbove,
    Compat,
}

fn classify(c: char) -> Class {
    // Plain Persian letters and ASCII are most of any text: answer them first.
    if matches!(c, 'a'..='z' | '0'..='9' | '\u{0627}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | 'پ' | 'چ' | 'ژ' | 'ک' | 'گ' | 'ی' | 'آ')
        && c != 'ة'
        && c != 'ك'
    {
        return Class::Char(c);
    }
    match c {
        // Letters that have a Persian form.
        'ي' | 'ى' | 'ې' | 'ۍ' | 'ێ' | 'ئ' | 'ۓ' => Class::Char('ی'),
        'ك' | 'ڪ' | 'ګ' => Class::Char('ک'),
        'ة' | 'ۀ' | 'ە' | 'ہ' | 'ھ' | 'ۂ' => Class::Char('ه'),
        'أ' | 'إ' | 'ٱ' | 'ٲ' | 'ٳ' => Class::Char('ا'),
        'ؤ' => Class::Char('و'),
        // Digits of every script in use around Persian text.
        '\u{0660}'..='\u{0669}' => Class::Char(digit(c as u32 - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => Class::Char(digit(c as u32 - 0x06F0)),
        '\u{FF10}'..='\u{FF19}' => Class::Char(digit(c as u32 - 0xFF10)),
        '٫' => Class::Char('.'),
        '٬' => Class::Char(','),
        '\u{0653}' => Class::MaddaAbove,
        // Diacritics, Quranic marks, tatweel.
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{0652}'
        | '\u{0654}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}' => Class::Mark,
        '\u{0640}' => Class::Drop,
        // Invisible format characters: ZWNJ, ZWJ, bidi marks and controls, soft hyphen, BOM.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{061C}'
        | '\u{00AD}'
        | '\u{FEFF}' => Class::Drop,
        '\n' | '\u{2028}' | '\u{2029}' | '\u{0085}' => Class::Newline,
        '\r' => Class::Drop,
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}' => Class::Compat,
        c if c.is_whitespace() => Class::Space,
        'A'..='Z' => Class::Char(c.to_ascii_lowercase()),
        // Combining marks elsewhere (accents on Latin, stacks of marks) carry no meaning for
        // matching and would break word edges.
        c if is_combining(c) => Class::Drop,
        c if c.is_control() => Class::Space,
        c => Class::Char(c),
    }
}

fn digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `c` is a letter of the Arabic script (the letters Persian is written in).
pub const fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}' | '\u{0750}'..='\u{077F}')
}

/// Whether `c` belongs inside a word of the normalised view: any letter or digit.
pub fn is_word_char(c: char) -> bool {
    // Nearly every character lahn sees is ASCII or Arabic-script; answer those without the
    // general Unicode tables, which are slow to search.
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => true,
        '\0'..='\u{7F}' => false,
        '\u{0600}'..='\u{06FF}' => {
            is_arabic_letter(c) || matches!(c, '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}')
        }
        _ => c.is_alphanumeric(),
    }
}

/// Normalises a short phrase the way texts are normalised, for building matchers.
pub fn normalize_phrase(phrase: &str) -> String {
    Normalized::new(phrase.trim()).text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, normalised) pairs, one per fold.
    const FOLDS: &[(&str, &str)] = &[
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
    fn empty_and_blank() {
        assert_eq!(Normalized::new("").as_str(), "");
        assert_eq!(Normalized::new(" \u{200C} \n").as_str(), "\n");
        assert_eq!(Normalized::new("").to_original(0..0), 0..0);
    }
}
