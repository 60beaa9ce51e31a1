//! `orthography-mixed-digits`: one reply writing numbers in both Persian (۰-۹, or Arabic-Indic
//! ٠-٩) and Latin (0-9) digits. The numbers of the script used less are flagged and rewritten
//! in the other; on a tie Persian wins, since the reply is Persian.

use std::ops::Range;

use super::orthography_latin_punctuation::is_persian_digit;
use super::typography::{overlaps, protected_original};
use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    // Both scripts must be present for a mix.
    let latin = text.bytes().any(|b| b.is_ascii_digit());
    let persian = text.chars().any(|c| matches!(c, '۰'..='۹' | '٠'..='٩'));
    if !(latin && persian) {
        return;
    }
    let protected = protected_original(cx);
    let numbers: Vec<Number> = numbers(text)
        .into_iter()
        .filter(|n| !overlaps(&protected, &n.range) && !in_latin_words(text, &n.range))
        .collect();
    let persian = numbers.iter().filter(|n| n.persian).count();
    let latin = numbers.iter().filter(|n| n.latin).count();
    if persian == 0 || latin == 0 {
        return;
    }
    let to_persian = persian >= latin;
    for n in numbers {
        let minority = if to_persian { n.latin } else { n.persian };
        if minority {
            let written = &text[n.range.clone()];
            let fixed = written.chars().map(|c| convert(c, to_persian)).collect();
            out.fix(n.range, fixed, true);
        }
    }
}

/// A number: digits with the separators between them, and the scripts of its digits.
struct Number {
    range: Range<usize>,
    persian: bool,
    latin: bool,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || is_persian_digit(c)
}

/// Decimal, thousands, date and time separators: part of a number only between digits.
fn is_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '٫' | '٬' | '/' | ':')
}

/// The numbers of `text`, separators inside them («4,500,000»، «۱۴۰۲/۰۵/۱۲»، «12.5»).
fn numbers(text: &str) -> Vec<Number> {
    let mut out: Vec<Number> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_digit(c) {
            continue;
        }
        let mut n = Number {
            range: i..i + c.len_utf8(),
            persian: false,
            latin: false,
        };
        let mut last = Some(c);
        loop {
            if let Some(d) = last.take() {
                n.persian |= is_persian_digit(d);
                n.latin |= d.is_ascii_digit();
            }
            let Some(&(j, next)) = chars.peek() else {
                break;
            };
            if is_digit(next) {
                n.range.end = j + next.len_utf8();
                last = Some(next);
                chars.next();
            } else if is_separator(next)
                && text[j + next.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(is_digit)
            {
                chars.next();
            } else {
                break;
            }
        }
        out.push(n);
    }
    out
}

/// Whether the number at `r` belongs to Latin text: glued to a Latin letter («4G»، «mp3»), or
/// right after a Latin word («iPhone 15»، «Order #12345»), where Latin digits are the norm.
fn in_latin_words(text: &str, r: &Range<usize>) -> bool {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    if glued(text[..r.start].chars().next_back()) || glued(text[r.end..].chars().next()) {
        return true;
    }
    let before = text[..r.start].trim_end_matches([' ', '\t', '#', '-', '(']);
    glued(before.chars().next_back())
}

/// Digit `c` in the target script; anything else unchanged.
fn convert(c: char, to_persian: bool) -> char {
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
                &["۳"],
                "سفارش 123 و 456 در 3 روز می‌رسد",
            ),
            (
                "مبلغ 4,500,000 ریال تا ۲ روز",
                &["4,500,000"],
                "مبلغ ۴,۵۰۰,۰۰۰ ریال تا ۲ روز",
            ),
            ("حجم ۱۲٫۵ و 12.5 گیگ", &["12.5"], "حجم ۱۲٫۵ و ۱۲.۵ گیگ"),
            (
                "تاریخ ١٤٠٢/٠٥/١٢ ساعت 10:30 و 11:00",
                &["١٤٠٢/٠٥/١٢"],
                "تاریخ 1402/05/12 ساعت 10:30 و 11:00",
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
