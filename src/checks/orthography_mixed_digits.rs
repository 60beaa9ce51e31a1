//! `orthography-mixed-digits`: one reply writing numbers in both Persian (۰-۹, or Arabic-Indic
//! ٠-٩) and Latin (0-9) digits. The numbers not in the team's digits (Persian unless
//! `lahn.toml` says `orthography.digits = "latin"`) are flagged and rewritten in them.

use std::ops::Range;

use super::typography::overlaps;
use super::{Context, Out};
use crate::settings::Digits;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    let numbers = cx.numbers();
    // Both scripts must be present for a mix.
    if !(numbers.iter().any(|n| n.latin) && numbers.iter().any(|n| n.persian)) {
        return;
    }
    let protected = cx.untouchable();
    let numbers: Vec<&Number> = numbers
        .iter()
        .filter(|n| !overlaps(protected, &n.range) && !in_latin_words(text, &n.range))
        .collect();
    let persian = numbers.iter().filter(|n| n.persian).count();
    let latin = numbers.iter().filter(|n| n.latin).count();
    if persian == 0 || latin == 0 {
        return;
    }
    let to_persian = cx.settings.orthography.digits == Digits::Persian;
    for n in numbers {
        let minority = if to_persian { n.latin } else { n.persian };
        if minority {
            let written = &text[n.range.clone()];
            let fixed = written.chars().map(|c| convert(c, to_persian)).collect();
            out.fix(n.range.clone(), fixed, true);
        }
    }
}

/// A number: digits with the separators between them, and the scripts of its digits.
pub(crate) struct Number {
    pub range: Range<usize>,
    pub persian: bool,
    pub latin: bool,
}

/// The length of the digit at byte `i` and whether it is Persian (or Arabic-Indic), read
/// off the bytes: «۰–۹» are 0xDB 0xB0–0xB9, «٠–٩» 0xD9 0xA0–0xA9.
#[inline(always)]
pub(super) fn digit_at(b: &[u8], i: usize) -> Option<(usize, bool)> {
    match (b.get(i)?, b.get(i + 1)) {
        (b'0'..=b'9', _) => Some((1, false)),
        (0xDB, Some(0xB0..=0xB9)) | (0xD9, Some(0xA0..=0xA9)) => Some((2, true)),
        _ => None,
    }
}

/// The length of the separator inside a number at byte `i`: `. , / :` or «٫ ٬».
fn separator_at(b: &[u8], i: usize) -> Option<usize> {
    match (b.get(i)?, b.get(i + 1)) {
        (b'.' | b',' | b'/' | b':', _) => Some(1),
        (0xD9, Some(0xAB | 0xAC)) => Some(2),
        _ => None,
    }
}

/// The numbers of `text`, in order, all within `digits` (from the first digit of the text to
/// the end of its last, as [`Glyphs`](super::glyphs::Glyphs) finds them).
pub(crate) fn numbers(text: &str, digits: Range<usize>) -> Vec<Number> {
    let b = text.as_bytes();
    let mut out: Vec<Number> = Vec::new();
    let mut i = digits.start;
    while i < digits.end {
        let Some((len, persian)) = digit_at(b, i) else {
            i += 1;
            continue;
        };
        let mut n = Number {
            range: i..i + len,
            persian,
            latin: !persian,
        };
        i += len;
        loop {
            if let Some((len, persian)) = digit_at(b, i) {
                n.persian |= persian;
                n.latin |= !persian;
                i += len;
                n.range.end = i;
            } else if let Some(sep) = separator_at(b, i).filter(|&s| digit_at(b, i + s).is_some()) {
                i += sep;
            } else {
                break;
            }
        }
        out.push(n);
    }
    out
}

/// Whether the number at `r` belongs to Latin words: glued to a Latin letter, or after a
/// Latin word («iPhone 15»، «Order #12»).
pub(super) fn in_latin_words(text: &str, r: &Range<usize>) -> bool {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    if glued(text[..r.start].chars().next_back()) || glued(text[r.end..].chars().next()) {
        return true;
    }
    let before = text[..r.start].trim_end_matches([' ', '\t', '#', '-', '(']);
    glued(before.chars().next_back())
}

/// Digit `c` in the target script; anything else unchanged.
pub(super) fn convert(c: char, to_persian: bool) -> char {
    let value = match c {
        '0'..='9' => c as u32 - '0' as u32,
        '۰'..='۹' => c as u32 - '۰' as u32,
        '٠'..='٩' => c as u32 - '٠' as u32,
        _ => return c,
    };
    let zero = if to_persian { '۰' } else { '0' };
    char::from_u32(zero as u32 + value).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-mixed-digits";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn flags_the_minority_script() {
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "سفارش ۱۲۳ و ۴۵۶ در 3 روز می‌رسد",
                &["3"],
                "سفارش ۱۲۳ و ۴۵۶ در ۳ روز می‌رسد",
            ),
            (
                "سفارش 123 و 456 در ۳ روز می‌رسد",
                &["123", "456"],
                "سفارش ۱۲۳ و ۴۵۶ در ۳ روز می‌رسد",
            ),
            (
                "مبلغ 4,500,000 ریال تا ۲ روز",
                &["4,500,000"],
                "مبلغ ۴,۵۰۰,۰۰۰ ریال تا ۲ روز",
            ),
            ("حجم ۱۲٫۵ و 12.5 گیگ", &["12.5"], "حجم ۱۲٫۵ و ۱۲.۵ گیگ"),
            (
                "تاریخ ١٤٠٢/٠٥/١٢ ساعت 10:30 و 11:00",
                &["10:30", "11:00"],
                "تاریخ ١٤٠٢/٠٥/١٢ ساعت ۱۰:۳۰ و ۱۱:۰۰",
            ),
            ("کد ۱2۳ را بزنید", &["۱2۳"], "کد ۱۲۳ را بزنید"),
            (
                "قیمت iPhone 15 امروز ۴۵ میلیون است",
                &[],
                "قیمت iPhone 15 امروز ۴۵ میلیون است",
            ),
            ("اینترنت 4G با ۲۰ گیگ", &[], "اینترنت 4G با ۲۰ گیگ"),
            (
                "سفارش Order #12345 تا ۳ روز",
                &[],
                "سفارش Order #12345 تا ۳ روز",
            ),
            (
                "لینک https://example.com/p/123 تا ۳ روز",
                &[],
                "لینک https://example.com/p/123 تا ۳ روز",
            ),
            (
                "سلام {{ticket.id_2}}، ۳ روز",
                &[],
                "سلام {{ticket.id_2}}، ۳ روز",
            ),
            ("سفارش 123 در 3 روز", &[], "سفارش 123 در 3 روز"),
            ("سفارش ۱۲۳ در ۳ روز", &[], "سفارش ۱۲۳ در ۳ روز"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
