//! `orthography-digit-script`: a number in Persian text written in Latin (0-9) or Arabic-Indic
//! (٠-٩) digits, where Persian writes «۰-۹» with its own decimal «٫», thousands «٬» and
//! percent «٪» marks: «12.5%» → «۱۲٫۵٪»، «4,500,000» → «۴٬۵۰۰٬۰۰۰». A team whose systems need
//! Latin digits sets `orthography.digits = "latin"`, and the rule writes them the other way.
//!
//! Left alone: numbers in URLs, e-mails, placeholders, code, file names; version numbers
//! («2.3.1»، «نسخهٔ 2.5»); the numbers of a Markdown list («1. …»); phone numbers with a «+» or dashes; numbers glued to or beside
//! Latin words («iPhone 15»، «4G»، «15 GB»); numbers with no Persian word beside them.

use std::ops::Range;

use super::orthography_mixed_digits::{convert, in_latin_words};
use super::typography::{is_in_word_mark, overlaps};
use super::{Context, Out};
use crate::settings::Digits;
use crate::text::is_arabic_letter;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    let to_persian = cx.settings.orthography.digits == Digits::Persian;
    if cx.numbers().is_empty() {
        return;
    }
    for n in cx.numbers() {
        let mut span = n.range.clone();
        if text[span.end..].starts_with(['%', '٪']) {
            span.end += text[span.end..].chars().next().map_or(0, char::len_utf8);
        }
        let written = &text[span.clone()];
        // A keycap emoji («1️⃣») is a digit with marks after it.
        let keycap = text[span.end..].starts_with(['\u{FE0F}', '\u{20E3}']);
        if keycap
            || in_latin_words(text, &n.range)
            || !in_persian_text(text, &n.range)
            || is_version(text, &n.range)
            || is_list_number(text, &n.range)
        {
            continue;
        }
        let fixed = rewrite(written, to_persian);
        // What fixes may not touch is found only once a fix is due.
        if fixed != written && !overlaps(cx.untouchable(), &span) {
            out.fix(span, fixed, true);
        }
    }
}

/// `number` in the team's digits with the marks that go with them.
fn rewrite(number: &str, to_persian: bool) -> String {
    // A Latin comma is a thousands mark only between groups of three digits.
    let grouped = number
        .split(',')
        .skip(1)
        .all(|g| g.chars().take_while(|c| c.is_numeric()).count() == 3);
    number
        .chars()
        .map(|c| match (c, to_persian) {
            ('.', true) => '٫',
            (',', true) if grouped => '٬',
            ('%', true) => '٪',
            ('٫', false) => '.',
            ('٬', false) => ',',
            ('٪', false) => '%',
            (c, _) => convert(c, to_persian),
        })
        .collect()
}

/// Whether the words nearest the number on its line, before and after, are Persian ones
/// (at least one of them, and neither a Latin one).
fn in_persian_text(text: &str, r: &Range<usize>) -> bool {
    // Near the number only: a line of a million numbers is not read once for each.
    const NEAR: usize = 48;
    // A mark belongs to the letter before it: passed over, though Unicode calls the
    // harakat alphabetic («حتماً 5»). Arabic letters are alphabetic: asked first, and the
    // common characters that are neither, without the Unicode tables.
    let is_letter_or_stop = |c: &char| {
        !is_in_word_mark(*c)
            && (is_arabic_letter(*c)
                || (!is_common_non_letter(*c) && c.is_alphabetic())
                || *c == '\n')
    };
    let before = text[..r.start]
        .chars()
        .rev()
        .take(NEAR)
        .find(is_letter_or_stop);
    let after = text[r.end..].chars().take(NEAR).find(is_letter_or_stop);
    let persian = |c: Option<char>| c.is_some_and(is_arabic_letter);
    let latin = |c: Option<char>| c.is_some_and(|c| !is_arabic_letter(c) && c.is_alphabetic());
    (persian(before) || persian(after)) && !latin(before) && !latin(after)
}

/// Characters of Persian text around numbers that are no letters: the ZWNJ and ZWJ, digits,
/// and Persian punctuation.
fn is_common_non_letter(c: char) -> bool {
    matches!(
        c,
        '\u{200C}' | '\u{200D}' | '۰'..='۹' | '٠'..='٩' | '«' | '»' | '،' | '؛' | '؟' | '٫' | '٬' | '٪'
    )
}

/// Whether the number opens an item of a Markdown ordered list («1. …»), which only Latin
/// digits make.
fn is_list_number(text: &str, r: &Range<usize>) -> bool {
    let before = text[..r.start].trim_end_matches([' ', '\t']);
    (before.is_empty() || before.ends_with('\n'))
        && (text[r.end..].starts_with(". ") || text[r.end..].starts_with(") "))
}

/// Whether the number is a version: two dots or more, or one after «نسخه» or «ورژن».
fn is_version(text: &str, r: &Range<usize>) -> bool {
    let number = &text[r.clone()];
    let dots = number.matches(['.', '٫']).count();
    if dots >= 2 {
        return true;
    }
    let previous_word = text[..r.start]
        .strip_suffix(' ')
        .and_then(|t| t.rsplit(' ').next())
        .unwrap_or("");
    dots == 1 && ["نسخه", "نسخهٔ", "نسخه‌ی", "ورژن", "ویرایش"].contains(&previous_word)
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-digit-script";

    /// `in_persian_text` asks `is_arabic_letter` before `is_alphabetic`: it must hold only
    /// for alphabetic characters.
    #[test]
    fn arabic_letters_are_alphabetic() {
        for c in ('\u{0}'..='\u{FFFF}').filter(|&c| crate::text::is_arabic_letter(c)) {
            assert!(c.is_alphabetic(), "{c:?}");
        }
    }

    /// `in_persian_text` calls the common characters of [`super::is_common_non_letter`] no
    /// letters without asking the Unicode tables: none may be alphabetic.
    #[test]
    fn common_non_letters_are_not_alphabetic() {
        let common = ('\u{0}'..='\u{FFFF}').filter(|&c| super::is_common_non_letter(c));
        assert_eq!(common.clone().count(), 30);
        for c in common {
            assert!(!c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn persian_digits_in_persian_text() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("سفارش 123 رسید", &["123"], "سفارش ۱۲۳ رسید"),
            ("تخفیف 12.5% دارید", &["12.5%"], "تخفیف ۱۲٫۵٪ دارید"),
            (
                "مبلغ 4,500,000 تومان",
                &["4,500,000"],
                "مبلغ ۴٬۵۰۰٬۰۰۰ تومان",
            ),
            ("کد ٤٥٦ است", &["٤٥٦"], "کد ۴۵۶ است"),
            ("ساعت 10:30 تماس", &["10:30"], "ساعت ۱۰:۳۰ تماس"),
            ("گوشی iPhone 15 رسید", &[], "گوشی iPhone 15 رسید"),
            ("حجم 15 GB است", &[], "حجم 15 GB است"),
            ("نسخهٔ 2.5 آمد", &[], "نسخهٔ 2.5 آمد"),
            ("نسخهٔ 2.3.1 آمد", &[], "نسخهٔ 2.3.1 آمد"),
            ("تماس: +98 912 345 6789", &[], "تماس: +98 912 345 6789"),
            ("Order 123", &[], "Order 123"),
            ("اینترنت 4G", &[], "اینترنت 4G"),
            ("سفارش ۱۲۳ رسید", &[], "سفارش ۱۲۳ رسید"),
            // A mark at the end of the word before is the word's, not a Latin letter.
            ("حتماً 5 روز دیگر", &["5"], "حتماً ۵ روز دیگر"),
            ("خانهٔ 3 طبقه", &["3"], "خانهٔ ۳ طبقه"),
            (
                "گام 1\u{FE0F}\u{20E3} ورود",
                &[],
                "گام 1\u{FE0F}\u{20E3} ورود",
            ),
            (
                "مراحل:\n1. ورود\n2) پرداخت",
                &[],
                "مراحل:\n1. ورود\n2) پرداخت",
            ),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
