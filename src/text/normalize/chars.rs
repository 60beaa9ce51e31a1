//! Which characters are letters of the Arabic script and which belong inside a word, read
//! off the bytes for the blocks nearly every text is made of; and which words are one of a
//! short list.

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
        // General punctuation (ZWNJ, dashes, quotes, «…») holds no letter or digit.
        '\u{2000}'..='\u{206F}' => false,
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

/// Where a run of word characters of U+0600–U+06FF starting at byte `i` ends, at `limit` at
/// the latest: the letters of a Persian word, read two bytes at a time without decoding.
#[inline]
pub(crate) fn arabic_word_run_end(b: &[u8], mut i: usize, limit: usize) -> usize {
    while i < limit {
        match arabic_block_at(b, i) {
            Some(offset) if WORD_ARABIC[offset] => i += 2,
            _ => break,
        }
    }
    i
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

/// Whether `word` is one of `list`, told apart from the others by its length and first two
/// bytes before a whole comparison.
pub(crate) fn is_one_of(word: &[u8], list: &[&str]) -> bool {
    list.iter().any(|x| {
        let x = x.as_bytes();
        x.len() == word.len() && x.get(..2) == word.get(..2) && x == word
    })
}
