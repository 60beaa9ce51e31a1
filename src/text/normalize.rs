//! The normalised view of a text, with a map from every byte of it back to the original.
//!
//! Rules match on the normalised view, where the many ways people type the same Persian word
//! look alike; findings are reported on the original text through the offset map, never by
//! searching the original again.

use std::ops::Range;

use once_cell::sync::Lazy;
use unicode_normalization::UnicodeNormalization;

/// A normalised copy of a text and the offset map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// The offset map, in order of `norm`; each segment covers `text` from its `norm` to the
    /// next segment's (the last one to the end of `text`), and the text before the first one
    /// is copied from the start of the original ([`START`]). One segment per unchanged run of
    /// text, and one per character that was changed, so a plain text is a handful of them,
    /// and a text copied whole needs none (nor an allocation).
    segments: Vec<Segment>,
    original_len: usize,
}

/// A stretch of the normalised text and where it came from.
#[derive(Debug, Clone, Copy)]
struct Segment {
    /// Where the stretch starts in the normalised text.
    norm: u32,
    /// Where it came from in the original.
    start: u32,
    /// [`COPIED`] for text copied unchanged, whose bytes map one to one onto the original
    /// from `start`; else the stretch is one character, and every byte of it maps to the
    /// original `start..end`.
    end: u32,
}

/// The `end` of a [`Segment`] of text copied unchanged.
const COPIED: u32 = u32::MAX;

/// The segment before the first one: text copied from the start of the original.
const START: Segment = Segment {
    norm: 0,
    start: 0,
    end: COPIED,
};

/// Prefixes that people write joined, with ZWNJ or with a space before the verb stem.
const PREFIXES: [&str; 2] = ["می", "نمی"];
/// Their lengths in bytes: a word of another length needn't be compared.
const PREFIX_LENS: [usize; 2] = [PREFIXES[0].len(), PREFIXES[1].len()];
/// The letter they all end with: nor need a word ending in another.
const PREFIX_FINAL: char = 'ی';
/// Suffixes joined to the previous word whatever it ends in.
const SUFFIXES: [&str; 5] = ["ها", "های", "هایی", "تر", "ترین"];
/// Copula and ezafe suffixes, joined only after a word ending in «ه» («خسته ام»، «کرده اید»),
/// where the space is a spelling of the ZWNJ; elsewhere they are words of their own.
const AFTER_HEH_SUFFIXES: [&str; 6] = ["ام", "ای", "ایم", "اید", "اند", "ی"];
/// The letters [`SUFFIXES`] start with: a word starting with another can't be one, and
/// needn't be read.
const SUFFIX_INITIALS: [char; 2] = ['ه', 'ت'];
/// The letters [`AFTER_HEH_SUFFIXES`] start with, likewise.
const AFTER_HEH_INITIALS: [char; 2] = ['ا', 'ی'];
/// The length in bytes of the longest affix: a longer word needn't be read to the end.
const LONGEST_AFFIX: usize = 8;

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

impl Normalized {
    /// Normalises `original`.
    pub fn new(original: &str) -> Normalized {
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
        Normalized {
            text: n.text,
            segments: n.segments,
            original_len: original.len(),
        }
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
            self.char_start(range.start)
        };
        if range.end <= range.start {
            return start..start;
        }
        let end = self.char_end(range.end.min(self.text.len()) - 1);
        start..end.max(start)
    }

    /// Maps a byte offset of the normalised text to the original text.
    pub fn offset_to_original(&self, offset: usize) -> usize {
        self.to_original(offset..offset).start
    }

    /// The segment that byte `at` of the text lies in.
    fn segment(&self, at: usize) -> Segment {
        let k = self.segments.partition_point(|s| s.norm as usize <= at);
        k.checked_sub(1).map_or(START, |k| self.segments[k])
    }

    /// Where in the original the character holding byte `at` of the text starts.
    fn char_start(&self, at: usize) -> usize {
        let s = self.segment(at);
        if s.end != COPIED {
            return s.start as usize;
        }
        // Copied text has the original's bytes, so its character boundaries are found in the
        // normalised text; segments start on one.
        let mut at = at;
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        s.start as usize + (at - s.norm as usize)
    }

    /// Where in the original the character holding byte `at` of the text ends.
    fn char_end(&self, at: usize) -> usize {
        let s = self.segment(at);
        if s.end != COPIED {
            return s.end as usize;
        }
        let mut end = at + 1;
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        s.start as usize + (end - s.norm as usize)
    }
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

/// Whether `word` is one of `affixes`.
fn is_one_of(word: &[u8], affixes: &[&str]) -> bool {
    affixes.iter().any(|a| a.as_bytes() == word)
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
    // Nearly every character lahn sees is ASCII or Arabic-script; answer those from tables,
    // without the general Unicode ones, which are slow to search.
    match c {
        '\0'..='\u{7F}' => WORD_ASCII[c as usize],
        '\u{0600}'..='\u{06FF}' => WORD_ARABIC[c as usize - 0x600],
        _ => c.is_alphanumeric(),
    }
}

/// Whether the character at byte `i` of `text` (a character boundary) belongs inside a
/// word, and its length: [`is_word_char`] read off the bytes for ASCII and U+0600–U+06FF.
#[inline]
pub(crate) fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes();
    match b[i] {
        x @ 0..0x80 => (WORD_ASCII[usize::from(x)], 1),
        _ => match arabic_block_at(b, i) {
            Some(offset) => (WORD_ARABIC[offset], 2),
            None => decoded_word_char_at(text, i),
        },
    }
}

/// For a character of U+0600–U+06FF (two bytes, the first 0xD8–0xDB) at byte `i` of a
/// text: its offset in that block, read off the bytes without decoding.
#[inline]
pub(crate) fn arabic_block_at(b: &[u8], i: usize) -> Option<usize> {
    match (b.get(i)?, b.get(i + 1)?) {
        (&lead @ 0xD8..=0xDB, &next) => {
            Some((usize::from(lead & 0x03) << 6) | usize::from(next & 0x3F))
        }
        _ => None,
    }
}

#[cold]
fn decoded_word_char_at(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..].chars().next().unwrap_or(' ');
    (is_word_char(c), c.len_utf8())
}

/// [`is_word_char`] for ASCII: letters, digits and `_`.
static WORD_ASCII: [bool; 128] = {
    let mut t = [false; 128];
    let mut k = 0;
    while k < 128 {
        t[k] = (k as u8).is_ascii_alphanumeric() || k as u8 == b'_';
        k += 1;
    }
    t
};

/// [`is_word_char`] for U+0600–U+06FF: Arabic-script letters and both kinds of digit.
static WORD_ARABIC: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    while k < 256 {
        let c = match char::from_u32(0x600 + k as u32) {
            Some(c) => c,
            None => ' ',
        };
        t[k] =
            is_arabic_letter(c) || matches!(c, '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}');
        k += 1;
    }
    t
};

/// Normalises a short phrase the way texts are normalised, for building matchers.
pub fn normalize_phrase(phrase: &str) -> String {
    Normalized::new(phrase.trim()).text
}

#[cfg(test)]
mod tests {
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
        }
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(Normalized::new("").as_str(), "");
        assert_eq!(Normalized::new(" \u{200C} \n").as_str(), "\n");
        assert_eq!(Normalized::new("").to_original(0..0), 0..0);
    }
}

/// The per-byte offset map this file used before the segment map, kept word for word (only
/// the character classes and affix lists are shared) as the oracle of the differential test:
/// the segment map must agree with it on the text and on every range.
#[cfg(test)]
mod reference {
    use std::ops::Range;

    use unicode_normalization::UnicodeNormalization;

    use super::{
        classify, is_arabic_letter, is_word_char, Class, AFTER_HEH_SUFFIXES, PREFIXES, SUFFIXES,
    };

    /// A normalised copy of a text and the offset map back to the original.
    #[derive(Debug, Clone)]
    pub(super) struct Normalized {
        text: String,
        /// For each byte of `text`, where the original character(s) it came from start.
        starts: Vec<u32>,
        /// For each byte of `text`, where the original character(s) it came from end.
        ends: Vec<u32>,
        original_len: usize,
    }

    impl Normalized {
        /// Normalises `original`.
        pub(super) fn new(original: &str) -> Normalized {
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
        pub(super) fn as_str(&self) -> &str {
            &self.text
        }

        /// Maps a byte range of the normalised text to the byte range of the original text that
        /// it came from. Both ends of the result lie on character boundaries of the original.
        pub(super) fn to_original(&self, range: Range<usize>) -> Range<usize> {
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
        pub(super) fn offset_to_original(&self, offset: usize) -> usize {
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
            AFTER_HEH_SUFFIXES.contains(&next)
                && prev.chars().nth(1).is_some()
                && prev.ends_with('ه')
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
}

/// The segment map against the per-byte map it replaced ([`reference`]): the same text and
/// the same original range for every range asked, on the fold table, the reply corpus and
/// random strings built from the characters the normaliser treats specially.
#[cfg(test)]
mod differential {
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
}
