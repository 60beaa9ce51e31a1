//! Writing the normalised view: folding characters, joining affixes, dropping repeats, and
//! recording the offset map as it goes.

use std::ops::Range;

use once_cell::sync::Lazy;
use unicode_normalization::UnicodeNormalization;

use super::chars::{is_arabic_letter, is_one_of, is_word_char};
use super::offsets::{Segment, COPIED, START};

/// Prefixes that people write joined, with ZWNJ or with a space before the verb stem: «می»،
/// «نمی», and after the preverbs «بر» and «در» («برنمی آید»، «درمی آوریم»).
pub(super) const PREFIXES: [&str; 6] = ["می", "نمی", "برمی", "برنمی", "درمی", "درنمی"];
/// Their lengths in bytes: a word of another length needn't be compared.
pub(super) const PREFIX_LENS: [usize; 4] = [
    PREFIXES[0].len(),
    PREFIXES[1].len(),
    PREFIXES[2].len(),
    PREFIXES[3].len(),
];
/// The letter they all end with: nor need a word ending in another.
pub(super) const PREFIX_FINAL: char = 'ی';
/// Suffixes joined to the previous word whatever it ends in.
pub(super) const SUFFIXES: [&str; 5] = ["ها", "های", "هایی", "تر", "ترین"];
/// Copula and ezafe suffixes, joined only after a word ending in «ه» («خسته ام»، «کرده اید»),
/// where the space is a spelling of the ZWNJ; elsewhere they are words of their own.
pub(super) const AFTER_HEH_SUFFIXES: [&str; 6] = ["ام", "ای", "ایم", "اید", "اند", "ی"];
/// The letters [`SUFFIXES`] start with: a word starting with another can't be one, and
/// needn't be read.
pub(super) const SUFFIX_INITIALS: [char; 2] = ['ه', 'ت'];
/// The letters [`AFTER_HEH_SUFFIXES`] start with, likewise.
pub(super) const AFTER_HEH_INITIALS: [char; 2] = ['ا', 'ی'];
/// The length in bytes of the longest affix: a longer word needn't be read to the end.
pub(super) const LONGEST_AFFIX: usize = 8;

/// What [`classify`] and [`is_arabic_letter`] say of each character below U+0800 (those
/// of one or two bytes in UTF-8: ASCII, Latin-1, the Arabic block), which is nearly every
/// character of a text: one load instead of their chains of ranges. Taken from the
/// functions themselves, so they can't disagree.
static FLAGS: Lazy<Flags> = Lazy::new(|| {
    let mut flags = [0; 0x800];
    for (k, f) in flags.iter_mut().enumerate() {
        // No surrogates below U+0800: every `k` is a character.
        let c = char::from_u32(k as u32).unwrap_or('\0');
        match classify(c) {
            Class::Char(folded) if folded == c => *f |= UNCHANGED,
            Class::Space => *f |= SPACE,
            _ => {}
        }
        if is_arabic_letter(c) {
            *f |= ARABIC;
        }
    }
    flags
});
/// One byte of flags for each character below U+0800.
type Flags = [u8; 0x800];
/// In [`FLAGS`]: `classify` keeps the character as it is.
const UNCHANGED: u8 = 1;
/// In [`FLAGS`]: `classify` says it is a space.
const SPACE: u8 = 2;
/// In [`FLAGS`]: an Arabic-script letter.
const ARABIC: u8 = 4;

/// The normalised view of `original` and its offset map.
pub(super) fn build(original: &str) -> (String, Vec<Segment>) {
    let mut n = Builder {
        text: String::with_capacity(original.len()),
        segments: Vec::new(),
        copy: 0..0,
        pending_space: None,
        run: 0,
        word_start: 0,
        last: None,
        original,
    };
    let flags = &*FLAGS;
    let mut i = 0;
    loop {
        if n.pending_space.is_none() {
            i = n.copy_plain(i, flags);
        }
        // Anything else, one character at a time.
        let Some(c) = original[i..].chars().next() else {
            break;
        };
        let j = i + c.len_utf8();
        n.feed(c, quick_class(c, flags), i, j);
        i = j;
    }
    n.flush_space(None);
    n.flush_copy();
    (n.text, n.segments)
}

/// Writes the normalised text and its segments. The output is `text` followed by the
/// original's `copy`, the run of unchanged characters not yet copied over: it is copied at
/// once when something else is written, or when the word it ends in must be read.
struct Builder<'a> {
    text: String,
    segments: Vec<Segment>,
    /// The original range of the unchanged characters at the end of the output that are not
    /// yet in `text`.
    copy: Range<usize>,
    /// A space seen but not yet written: its original range.
    pending_space: Option<Range<usize>>,
    /// How many times the last written letter has been repeated in a row.
    run: u8,
    /// Where the word at the end of the output starts (after its last non-letter), kept as
    /// the text grows: finding it by scanning back made a long run of joined affixes
    /// («ها ها ها …») quadratic.
    word_start: usize,
    /// The last character written, so each letter needn't decode it again. After the third
    /// of a repeated letter is dropped it stays that letter even where the output now ends
    /// in another («اا» + U+0653 + «آ» leaves «ا»).
    last: Option<char>,
    original: &'a str,
}

impl Builder<'_> {
    /// Copies the run of plain text from original offset `from`, which is where nearly all
    /// of a text goes, decoded here straight from the bytes, and the builder brought up to
    /// date once for each stretch of it. Plain text is characters kept as they are, of one
    /// or two bytes (ASCII and the Arabic block), no letter a third time in a row, and single
    /// ASCII spaces between them that join no affix. What this does is what `feed` does for
    /// each of those characters. Returns where the run stops.
    fn copy_plain(&mut self, mut from: usize, flags: &Flags) -> usize {
        let bytes = self.original.as_bytes();
        loop {
            let mut end = from;
            let mut last = self.last;
            let mut run = self.run;
            // The length of the word the stretch starts in, and where the word at the end of
            // the stretch starts once it starts inside the stretch.
            let len = self.output_len();
            let word = len - self.word_start.min(len);
            let mut word_from = None;
            // The letter after a space that may join an affix, where the stretch stops.
            let mut may_join_next = None;
            while let Some((c, n)) = short_char(bytes, end) {
                let f = flags[c as usize];
                if f & UNCHANGED != 0 {
                    // As `letter`: a repeat counts for Arabic letters only.
                    if last == Some(c) && f & ARABIC != 0 {
                        if run >= 1 {
                            break;
                        }
                        run = 1;
                    } else {
                        run = 0;
                    }
                    end += n;
                    last = Some(c);
                    if f & ARABIC == 0 {
                        word_from = Some(end);
                    }
                    continue;
                }
                // A space after a character of the stretch (so the output is neither empty
                // nor at the start of a line), before a character kept as it is: written
                // here, as `flush_space` would, unless it may join an affix.
                let (Some(prev), b' ') = (last.filter(|_| end > from), bytes[end]) else {
                    break;
                };
                let Some((next, m)) = short_char(bytes, end + 1) else {
                    break;
                };
                let g = flags[next as usize];
                if g & UNCHANGED == 0 {
                    break;
                }
                let word = word_from.map_or(word + (end - from), |w| end - w);
                if g & ARABIC != 0 && may_join(word, prev, next) {
                    may_join_next = Some(next);
                    break;
                }
                end += 1 + m;
                run = 0;
                last = Some(next);
                word_from = Some(if g & ARABIC == 0 { end } else { end - m });
            }
            if end > from {
                if self.copy.end != from {
                    self.flush_copy();
                    self.copy.start = from;
                }
                self.copy.end = end;
                self.last = last;
                self.run = run;
                if let Some(w) = word_from {
                    self.word_start = self.text.len() + (w - self.copy.start);
                }
            }
            // A space that may join an affix: now that the builder is up to date, ask. If it
            // joins, `feed` drops it; if not, it is written, and the run goes on after it.
            let Some(next) = may_join_next else {
                return end;
            };
            if self.joins_across_space(next, end + 1) {
                return end;
            }
            self.run = 0;
            self.push_unchanged(' ', end, end + 1, false);
            from = end + 1;
        }
    }

    fn feed(&mut self, c: char, class: Class, i: usize, j: usize) {
        match class {
            Class::Drop => {}
            Class::Mark => {
                if self.pending_space.is_none() && self.last.is_some_and(is_word_char) {
                    self.stretch_last(j);
                }
            }
            Class::Space => self.space(i, j),
            Class::Newline => {
                self.pending_space = None;
                self.push('\n', i, j, c == '\n');
            }
            Class::MaddaAbove => {
                // «ا» + U+0653 is how «آ» arrives when it isn't composed (NFC composes it).
                if self.output_ends_with('ا') {
                    if let Some((_, start)) = self.pop_last() {
                        self.push('آ', start, j, false);
                    }
                }
            }
            Class::Char(folded) => self.letter(folded, i, j, folded == c),
            Class::Compat => {
                // Presentation forms: their compatibility decomposition is the plain letters.
                let decomposed: Vec<char> = std::iter::once(c).nfkc().collect();
                for d in decomposed {
                    match classify(d) {
                        Class::Char(f) => self.letter(f, i, j, false),
                        Class::Space => self.feed(' ', Class::Space, i, j),
                        _ => {}
                    }
                }
            }
        }
    }

    /// Notes a space at the original `i..j`: it is written, as one space with the ones
    /// after it, only once the next letter shows whether it joins an affix.
    fn space(&mut self, i: usize, j: usize) {
        if let Some(r) = &mut self.pending_space {
            r.end = j;
        } else if !self.output_is_empty() && !self.output_ends_with('\n') {
            self.pending_space = Some(i..j);
        }
    }

    /// Writes letter `c`, which came from the original `i..j` (and is that text when
    /// `unchanged`), unless it repeats the last one a third time.
    fn letter(&mut self, c: char, i: usize, j: usize, unchanged: bool) {
        if self.pending_space.is_some() {
            self.flush_space(Some((c, i)));
        }
        if self.last == Some(c) && is_arabic_letter(c) {
            self.run = self.run.saturating_add(1);
            // A letter typed three or more times in a row («سلامممم») counts once; twice is a
            // real spelling («ممنون»).
            if self.run == 2 {
                // Third in a row: drop the second copy and stretch the first over the run.
                self.pop_last();
                self.stretch_last(j);
                return;
            } else if self.run > 2 {
                self.stretch_last(j);
                return;
            }
        } else {
            self.run = 0;
        }
        self.push(c, i, j, unchanged);
    }

    /// Makes the last character of the output end at original offset `j`: it now stands for
    /// the marks or repeats after it too.
    fn stretch_last(&mut self, j: usize) {
        if self.copy.is_empty() {
            if let Some(s) = self.segments.last_mut() {
                if s.end != COPIED {
                    s.end = j as u32;
                    return;
                }
            }
        }
        // Part of a copied run: it becomes a segment of its own.
        if let Some((c, start)) = self.pop_last() {
            self.write_mapped(c, start, j);
        }
    }

    /// Writes the pending space unless it separates a stem from an affix.
    fn flush_space(&mut self, next: Option<(char, usize)>) {
        let Some(space) = self.pending_space.take() else {
            return;
        };
        if let Some((c, at)) = next {
            let len = self.output_len();
            let word = len - self.word_start.min(len);
            let last = self.last_char().unwrap_or('\0');
            if may_join(word, last, c) && self.joins_across_space(c, at) {
                return;
            }
        }
        self.run = 0;
        let unchanged = space.len() == 1 && self.original.as_bytes()[space.start] == b' ';
        self.push(' ', space.start, space.end, unchanged);
    }

    /// Whether the space before original offset `at`, where letter `c` comes from, sits
    /// between a stem and an affix.
    fn joins_across_space(&mut self, c: char, at: usize) -> bool {
        if !is_arabic_letter(c) {
            return false;
        }
        let original = self.original;
        let prev = self.last_word();
        if PREFIXES.contains(&prev) {
            return true;
        }
        if prev.is_empty() {
            return false;
        }
        // The next word, when it is one, starts with `c` (it is empty when `c` came from a
        // presentation form): most words can't be an affix, and needn't be read.
        let after_heh = || prev.chars().nth(1).is_some() && prev.ends_with('ه');
        let may_be_affix =
            SUFFIX_INITIALS.contains(&c) || (AFTER_HEH_INITIALS.contains(&c) && after_heh());
        if !may_be_affix {
            return false;
        }
        let mut buf = [0; LONGEST_AFFIX];
        let Some(next) = next_word(&original[at..], &mut buf) else {
            return false;
        };
        if is_one_of(next, &SUFFIXES) {
            return true;
        }
        is_one_of(next, &AFTER_HEH_SUFFIXES) && after_heh()
    }

    /// The output from `word_start` on.
    fn last_word(&mut self) -> &str {
        let from = self.word_start.min(self.output_len());
        if from < self.text.len() {
            // The word starts before the run to copy: copy it, so the word is in one piece.
            self.flush_copy();
        }
        if self.copy.is_empty() {
            &self.text[from..]
        } else {
            &self.original[self.copy.start + (from - self.text.len())..self.copy.end]
        }
    }

    /// Writes `c`, which came from the original `i..j` (and is that text when `unchanged`).
    fn push(&mut self, c: char, i: usize, j: usize, unchanged: bool) {
        if unchanged {
            self.push_unchanged(c, i, j, is_arabic_letter(c));
        } else {
            self.write_mapped(c, i, j);
            self.wrote(c, is_arabic_letter(c));
        }
    }

    /// Writes `c`, which is the original `i..j` unchanged: it joins the run to copy if it
    /// follows it in the original too. `arabic` is `is_arabic_letter(c)`.
    fn push_unchanged(&mut self, c: char, i: usize, j: usize, arabic: bool) {
        if self.copy.end != i {
            self.flush_copy();
            self.copy.start = i;
        }
        self.copy.end = j;
        self.wrote(c, arabic);
    }

    /// Notes that `c` was written at the end of the output. `arabic` is
    /// `is_arabic_letter(c)`.
    fn wrote(&mut self, c: char, arabic: bool) {
        self.last = Some(c);
        if !arabic {
            self.word_start = self.output_len();
        }
    }

    /// Writes `c` as a segment of its own, mapped to the original `i..j`.
    fn write_mapped(&mut self, c: char, i: usize, j: usize) {
        self.flush_copy();
        self.segments.push(Segment {
            norm: self.text.len() as u32,
            start: i as u32,
            end: j as u32,
        });
        self.text.push(c);
    }

    /// Copies the run of unchanged characters into `text`.
    fn flush_copy(&mut self) {
        if self.copy.is_empty() {
            return;
        }
        let norm = self.text.len();
        // A run that goes on from the previous one in both texts (split only to read a word)
        // needs no segment of its own.
        let s = self.segments.last().copied().unwrap_or(START);
        let continues =
            s.end == COPIED && s.start as usize + (norm - s.norm as usize) == self.copy.start;
        if !continues {
            self.segments.push(Segment {
                norm: norm as u32,
                start: self.copy.start as u32,
                end: COPIED,
            });
        }
        self.text.push_str(&self.original[self.copy.clone()]);
        self.copy.start = self.copy.end;
    }

    /// Removes the last character of the output; returns it and where it started in the
    /// original. `last` is left alone, as the callers want.
    fn pop_last(&mut self) -> Option<(char, usize)> {
        if !self.copy.is_empty() {
            let c = self.original[..self.copy.end].chars().next_back()?;
            self.copy.end -= c.len_utf8();
            return Some((c, self.copy.end));
        }
        let c = self.text.pop()?;
        let at = self.text.len();
        let s = self.segments.last().copied().unwrap_or(START);
        let start = if s.end == COPIED {
            s.start as usize + (at - s.norm as usize)
        } else {
            s.start as usize
        };
        if s.norm as usize == at {
            self.segments.pop();
        }
        Some((c, start))
    }

    fn output_len(&self) -> usize {
        self.text.len() + self.copy.len()
    }

    fn output_is_empty(&self) -> bool {
        self.text.is_empty() && self.copy.is_empty()
    }

    fn output_ends_with(&self, c: char) -> bool {
        if self.copy.is_empty() {
            self.text.ends_with(c)
        } else {
            self.original[..self.copy.end].ends_with(c)
        }
    }

    fn last_char(&self) -> Option<char> {
        if self.copy.is_empty() {
            self.text.chars().next_back()
        } else {
            self.original[..self.copy.end].chars().next_back()
        }
    }
}

/// The next word of the original text, folded, stopping at the first non-letter; `None`
/// when it is longer than any affix (and so can't be one).
fn next_word<'b>(s: &str, buf: &'b mut [u8; LONGEST_AFFIX]) -> Option<&'b [u8]> {
    let flags = &*FLAGS;
    let mut len = 0;
    for c in s.chars() {
        match quick_class(c, flags) {
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
    Some(&buf[..len])
}

/// Whether a space may join the word before it, `word` bytes long and ending in `last`, to
/// the word after it, which starts with letter `next`: a cheap necessary condition of
/// [`Builder::joins_across_space`] (the word before would be a prefix, or the word after
/// could be an affix for it), which settles most spaces without reading either word.
fn may_join(word: usize, last: char, next: char) -> bool {
    (PREFIX_LENS.contains(&word) && last == PREFIX_FINAL)
        || (word > 0
            && (SUFFIX_INITIALS.contains(&next)
                || (AFTER_HEH_INITIALS.contains(&next) && last == 'ه')))
}

/// The character at byte `at` of `bytes`, UTF-8 with `at` on a character boundary, and its
/// length, when it is of one or two bytes.
fn short_char(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let b = *bytes.get(at)?;
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    if b >= 0xE0 {
        return None;
    }
    let c = (u32::from(b & 0x1F) << 6) | u32::from(bytes.get(at + 1)? & 0x3F);
    Some((char::from_u32(c)?, 2))
}

/// [`classify`], looked up in [`FLAGS`] for the characters it keeps or calls spaces.
fn quick_class(c: char, flags: &Flags) -> Class {
    let f = flags.get(c as usize).copied().unwrap_or(0);
    if f & UNCHANGED != 0 {
        Class::Char(c)
    } else if f & SPACE != 0 {
        Class::Space
    } else {
        classify(c)
    }
}

pub(super) enum Class {
    Char(char),
    Space,
    Newline,
    Drop,
    /// A diacritic: dropped, but a span never ends between it and its letter.
    Mark,
    MaddaAbove,
    Compat,
}

pub(super) fn classify(c: char) -> Class {
    // Plain Persian letters and ASCII are most of any text: answer them first.
    if matches!(c, 'a'..='z' | '0'..='9' | '\u{0627}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | 'پ' | 'چ' | 'ژ' | 'ک' | 'گ' | 'ی' | 'آ')
        && c != 'ة'
        && c != 'ك'
    {
        return Class::Char(c);
    }
    match c {
        // Letters that have a Persian form.
        'ي' | 'ى' | 'ې' | 'ۍ' | 'ێ' | 'ئ' | 'ۓ' | 'ے' => Class::Char('ی'),
        'ك' | 'ڪ' | 'ګ' => Class::Char('ک'),
        'ة' | 'ۀ' | 'ە' | 'ہ' | 'ھ' | 'ۂ' | 'ۃ' => Class::Char('ه'),
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
