//! Word tokens of a normalised text.

use std::ops::Range;

use super::normalize::{arabic_word_run_end, word_char_at};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word: letters, possibly with digits.
    Word,
    /// A number.
    Number,
    /// A helpdesk placeholder, taken as one token.
    Placeholder,
}

/// A token: a range of the normalised text and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the normalised text.
    pub range: Range<usize>,
    /// What the token is.
    pub kind: TokenKind,
}

/// Splits normalised `text` into tokens. ZWNJ-joined words are one word already, since the
/// normalised view has dropped the ZWNJ. `placeholders` become one token each; text inside
/// `skipped` spans (URLs, e-mails, markup) yields no tokens.
pub fn tokens(text: &str, placeholders: &[Range<usize>], skipped: &[Range<usize>]) -> Vec<Token> {
    scan(text, placeholders, skipped).tokens
}

/// What one pass over a normalised text finds: its tokens, and where a word-list match may
/// start.
pub(crate) struct Scan {
    pub tokens: Vec<Token>,
    /// Byte offsets where a whole-word match may start: the start of every word and number,
    /// and every character that is neither part of a word nor blank (for patterns that
    /// start with punctuation). Placeholders and skipped spans hold none.
    pub starts: Vec<u32>,
    /// Where each mark that may end a clause starts (see [`super::sentence::is_end`]),
    /// placeholders and skipped spans included.
    pub marks: Vec<u32>,
}

/// Tokens and match starts of normalised `text`, in one pass (see [`tokens`]).
pub(crate) fn scan(text: &str, placeholders: &[Range<usize>], skipped: &[Range<usize>]) -> Scan {
    // Both lists are sorted; merged, they are walked once alongside the text.
    let mut spans: Vec<(&Range<usize>, bool)> = placeholders
        .iter()
        .map(|p| (p, true))
        .chain(skipped.iter().map(|p| (p, false)))
        .collect();
    spans.sort_by_key(|(p, _)| p.start);
    let mut next = 0;
    let mut out = Scan {
        tokens: Vec::with_capacity(text.len() / 8),
        starts: Vec::with_capacity(text.len() / 6),
        marks: Vec::with_capacity(text.len() / 64),
    };
    // The word being read: where it starts and whether it is all ASCII digits so far.
    let mut word: Option<(usize, bool)> = None;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if next < spans.len() && spans[next].0.start <= i {
            while spans.get(next).is_some_and(|(p, _)| p.start < i) {
                next += 1;
            }
            if let Some(&(p, is_placeholder)) = spans.get(next).filter(|(p, _)| p.start == i) {
                next += 1;
                flush(&mut word, i, &mut out.tokens);
                if is_placeholder {
                    out.tokens.push(Token {
                        range: p.clone(),
                        kind: TokenKind::Placeholder,
                    });
                }
                // Go on after the span, at least one character on.
                let from = i;
                i = p.end.max(i + 1);
                while !text.is_char_boundary(i) {
                    i += 1;
                }
                out.marks.extend(
                    text[from..i]
                        .char_indices()
                        .filter(|&(_, c)| super::sentence::is_end(c, true))
                        .map(|(k, _)| (from + k) as u32),
                );
                continue;
            }
        }
        let (is_word, len) = word_char_at(text, i);
        if is_word {
            let digit = b[i].is_ascii_digit();
            // A number written onto a Persian word is a token of its own («۱۵درصد»، «۵۰۰ریال»،
            // «کد۱۲»); a digit among Latin letters is not («mp3»). Inside a word, `b[i - 1]` is
            // the last byte of the character before.
            if word.is_some()
                && (digit && b[i - 1] >= 0x80 || b[i] >= 0x80 && b[i - 1].is_ascii_digit())
            {
                flush(&mut word, i, &mut out.tokens);
            }
            match &mut word {
                Some((_, digits)) => *digits &= digit,
                None => {
                    word = Some((i, digit));
                    out.starts.push(i as u32);
                }
            }
            // The Persian letters after it, up to the next span at the latest, in one go:
            // none of them is an ASCII digit.
            let limit = spans.get(next).map_or(b.len(), |(p, _)| p.start);
            let run_end = match digit {
                true => i + len,
                false => arabic_word_run_end(b, i + len, limit),
            };
            if run_end > i + len {
                if let Some((_, digits)) = &mut word {
                    *digits = false;
                }
                i = run_end;
                continue;
            }
        } else {
            flush(&mut word, i, &mut out.tokens);
            match b[i] {
                b' ' => {}
                b'\n' => out.marks.push(i as u32),
                _ => {
                    out.starts.push(i as u32);
                    if super::sentence::ends_clause_at(text, i) {
                        out.marks.push(i as u32);
                    }
                }
            }
        }
        i += len;
    }
    flush(&mut word, text.len(), &mut out.tokens);
    out
}

fn flush(word: &mut Option<(usize, bool)>, end: usize, out: &mut Vec<Token>) {
    if let Some((s, digits)) = word.take() {
        let kind = if digits {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        out.push(Token {
            range: s..end,
            kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Normalized;

    /// The tokens of `t`, each as its text and kind.
    fn words<'t>(
        t: &'t str,
        placeholders: &[Range<usize>],
        skipped: &[Range<usize>],
    ) -> Vec<(&'t str, TokenKind)> {
        tokens(t, placeholders, skipped)
            .iter()
            .map(|k| (&t[k.range.clone()], k.kind))
            .collect()
    }

    #[test]
    fn words_numbers_placeholders() {
        let original = "سلام {{first_name}}، کتاب‌ها ۱۲ تا 😀 می خواهم www.x.com";
        let n = Normalized::new(original);
        let t = n.as_str();
        let ph = t.find("{{").unwrap()..t.find("}}").unwrap() + 2;
        let url = t.find("www").unwrap()..t.len();
        assert_eq!(
            words(t, &[ph], &[url]),
            vec![
                ("سلام", TokenKind::Word),
                ("{{first_name}}", TokenKind::Placeholder),
                ("کتابها", TokenKind::Word),
                ("12", TokenKind::Number),
                ("تا", TokenKind::Word),
                ("میخواهم", TokenKind::Word),
            ]
        );
    }

    #[test]
    fn a_number_written_onto_a_persian_word_is_a_token_of_its_own() {
        let n = Normalized::new("۱۵درصد شهریه، 500ریال، کد12 و mp3 یا 4G");
        assert_eq!(
            words(n.as_str(), &[], &[]),
            vec![
                ("15", TokenKind::Number),
                ("درصد", TokenKind::Word),
                ("شهریه", TokenKind::Word),
                ("500", TokenKind::Number),
                ("ریال", TokenKind::Word),
                ("کد", TokenKind::Word),
                ("12", TokenKind::Number),
                ("و", TokenKind::Word),
                ("mp3", TokenKind::Word),
                ("یا", TokenKind::Word),
                ("4g", TokenKind::Word),
            ]
        );
    }
}
