//! `orthography-bracket-spacing`: spaces inside brackets and guillemets next to them
//! («( سلام )» → «(سلام)»), and a bracket glued to the Persian word before or after it
//! («سفارش(جدید)» → «سفارش (جدید)»). Brackets are paired on each line; an unpaired one
//! («مرسی :)») is left alone.

use std::ops::Range;

use super::orthography_extra_spaces::is_persian_text;
use super::typography::overlaps;
use super::{Context, Out};
use crate::text::is_arabic_letter;

const PAIRS: [(char, char); 3] = [('(', ')'), ('[', ']'), ('«', '»')];

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    // «(» and «[» are ASCII; «« » is 0xC2 0xAB.
    let b = text.as_bytes();
    let Some(first_open) = memchr::memchr3_iter(b'(', b'[', 0xC2, b)
        .find(|&i| b[i] != 0xC2 || b.get(i + 1) == Some(&0xAB))
    else {
        return;
    };
    // Nothing after the last closing bracket is paired: «)» and «]» are ASCII, «»» is 0xC2 0xBB.
    let Some(last_close) = memchr::memrchr3_iter(b')', b']', 0xBB, b)
        .find(|&i| b[i] != 0xBB || (i > 0 && b[i - 1] == 0xC2))
        .filter(|&i| i > first_open)
    else {
        return;
    };
    let untouchable = cx.untouchable();
    for (open, close) in pairs(text, first_open..last_close + 1) {
        let inner = &text[open.end..close.start];
        if inner.trim().is_empty() || overlaps(untouchable, &(open.start..close.end)) {
            continue;
        }
        let content = inner.trim_matches(is_blank);
        let first = content.chars().next();
        let last = content.chars().next_back();
        let o = &text[open.clone()];
        let c = &text[close.clone()];
        // The opening bracket with the blanks after it, and the closing one with those before.
        let lead = open.start..open.end + (inner.len() - inner.trim_start_matches(is_blank).len());
        let trail = close.start - (inner.len() - inner.trim_end_matches(is_blank).len())..close.end;
        let glued_before = text[..open.start]
            .chars()
            .next_back()
            .is_some_and(is_arabic_letter);
        let glued_after = text[close.end..]
            .chars()
            .next()
            .is_some_and(is_arabic_letter);
        if (lead.len() > o.len() && first.is_some_and(is_persian_text)) || glued_before {
            let space = if glued_before { " " } else { "" };
            let r = if first.is_some_and(is_persian_text) {
                lead
            } else {
                open.clone()
            };
            out.fix(r, format!("{space}{o}"), true);
        }
        if (trail.len() > c.len() && last.is_some_and(is_persian_end)) || glued_after {
            let space = if glued_after { " " } else { "" };
            let r = if last.is_some_and(is_persian_end) {
                trail
            } else {
                close.clone()
            };
            out.fix(r, format!("{c}{space}"), true);
        }
    }
}

/// What may end Persian text inside a bracket: Persian text or a sentence's mark.
fn is_persian_end(c: char) -> bool {
    is_persian_text(c) || matches!(c, '!' | '.' | '…')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\u{00A0}' || c == '\t'
}

/// How deep brackets are paired.
const MAX_DEPTH: usize = 16;

/// The bytes [`pairs`] stops at: a line break, a bracket, or the lead byte of «».
static STOPS: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'(' as usize] = true;
    t[b')' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t[0xC2] = true;
    t
};

/// The bracket pairs of `text`, each on one line, innermost first, read `within` the first
/// opening bracket and the end of the last closing one: nothing outside pairs.
fn pairs(text: &str, within: Range<usize>) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut open: Vec<(char, Range<usize>)> = Vec::new();
    // Every character looked at is ASCII or «» (0xC2 0xAB, 0xC2 0xBB): read off the bytes,
    // the others passed over by a table.
    let b = &text.as_bytes()[..within.end];
    let mut next = within.start;
    while let Some(k) = b[next..].iter().position(|&x| STOPS[usize::from(x)]) {
        let i = next + k;
        next = i + 1;
        let x = b[i];
        let c = match x {
            b'\n' | b'(' | b')' | b'[' | b']' => char::from(x),
            0xC2 if b.get(i + 1) == Some(&0xAB) => '«',
            0xC2 if b.get(i + 1) == Some(&0xBB) => '»',
            _ => continue,
        };
        let r = i..i + c.len_utf8();
        if c == '\n' {
            open.clear();
        } else if PAIRS.iter().any(|&(o, _)| o == c) {
            // Deeper nesting than this is not prose; keeping the stack short keeps a line of
            // a million brackets linear.
            if open.len() == MAX_DEPTH {
                open.remove(0);
            }
            open.push((c, r));
        } else if let Some(&(o, _)) = PAIRS.iter().find(|&&(_, cl)| cl == c) {
            if let Some(k) = open.iter().rposition(|(k, _)| *k == o) {
                let (_, start) = open.remove(k);
                open.truncate(k);
                out.push((start, r));
            }
        }
    }
    out.sort_by_key(|(o, _)| o.start);
    out
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-bracket-spacing";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn brackets_hug_their_words() {
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "بسته ( طلایی ) فعال شد",
                &["( ", " )"],
                "بسته (طلایی) فعال شد",
            ),
            ("سفارش(جدید) رسید", &["("], "سفارش (جدید) رسید"),
            ("سفارش (جدید)رسید", &[")"], "سفارش (جدید) رسید"),
            ("« سلام »", &["« ", " »"], "«سلام»"),
            ("مرسی :)", &[], "مرسی :)"),
            ("f(x) = 2", &[], "f(x) = 2"),
            ("( hello )", &[], "( hello )"),
            ("[راهنما](https://x.ir/a)", &[], "[راهنما](https://x.ir/a)"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
