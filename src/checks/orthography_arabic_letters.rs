//! `orthography-arabic-letters`: Arabic and Urdu letter forms typed in Persian words («ي ى ې
//! ێ ے» for «ی»، «ك ڪ» for «ک»، «ہ ھ ە ۃ» for «ه»), Arabic presentation forms («ﻛﺘﺎﺏ»، «ﻻ») and
//! letters typed as a letter and a combining mark («ا» + madda for «آ»).
//!
//! Which letter folds to which is the normalised view's knowledge ([`folded_letter`]); this
//! rule only keeps the letters Persian writes as they are: «ئ أ إ ؤ» and «ة», and the ezafe
//! «ۀ ۂ» that `orthography-ezafe` looks after.

use unicode_normalization::UnicodeNormalization;

use super::typography::{is_in_word_mark, overlaps, run_around, ZWNJ};
use super::{Context, Out};
use crate::text::{folded_letter, is_arabic_letter};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    // Most replies have no letter to fix; the others are read only around the ones they
    // have, so a long text with one Arabic letter is not split into words.
    let needing_fix = &cx.scan().arabic_forms;
    if needing_fix.is_empty() {
        return;
    }
    let untouchable = cx.untouchable();
    let mut done = 0;
    for &at in needing_fix {
        if at < done {
            continue;
        }
        let mut word = run_around(text, at, inside);
        if overlaps(untouchable, &word) {
            done = word.end;
            continue;
        }
        // Text pasted in presentation forms is one finding for the run of such words
        // («ﻣﺘﺎﺳﻔﺎﻧﻪ ﺍﻳﻦ ﻛﺎﻻ»), not one a word.
        if has_presentation_form(&text[word.clone()]) {
            while let Some(next) = next_word(text, word.end) {
                if !has_presentation_form(&text[next.clone()]) || overlaps(untouchable, &next) {
                    break;
                }
                word.end = next.end;
            }
        }
        done = word.end;
        let written = &text[word.clone()];
        let fixed = persian_letters(written);
        if fixed != written {
            out.fix(word, fixed, true);
        }
    }
}

/// Whether `c` may start a fix: a letter that folds, a presentation form, or a mark that
/// composes with the letter before it.
pub(super) fn needs_fix(c: char) -> bool {
    is_presentation_form(c) || matches!(c, '\u{0653}'..='\u{0655}') || (c > '\u{0620}' && folds(c))
}

/// Arabic presentation forms a Persian word may be typed in, and the ligatures of «ریال» and
/// «الله». The other ligatures of whole phrases («ﷺ») are signs of their own and stay.
pub(super) fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDCF}' | '\u{FE70}'..='\u{FEFC}' | '\u{FDF2}' | '\u{FDFC}')
}

fn has_presentation_form(s: &str) -> bool {
    s.chars().any(is_presentation_form)
}

/// The word after `end` across spaces alone, if one starts there.
fn next_word(text: &str, end: usize) -> Option<std::ops::Range<usize>> {
    let rest = &text[end..];
    let start = end + (rest.len() - rest.trim_start_matches(' ').len());
    (start > end && text[start..].chars().next().is_some_and(inside))
        .then(|| run_around(text, start, inside))
}

/// Letters Persian writes as they are, though the normalised view folds them for matching.
const KEEP: &[char] = &['ئ', 'أ', 'إ', 'ؤ', 'ة', 'ۀ', 'ۂ'];

fn folds(c: char) -> bool {
    !KEEP.contains(&c) && folded_letter(c).is_some()
}

/// Whether `c` belongs to a word this rule reads: an Arabic-script letter, a presentation
/// form, a mark or a ZWNJ.
fn inside(c: char) -> bool {
    is_arabic_letter(c) || is_presentation_form(c) || is_in_word_mark(c) || c == ZWNJ
}

/// `word` with its letters in their Persian forms.
fn persian_letters(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    for c in word.chars() {
        if is_presentation_form(c) {
            for d in std::iter::once(c).nfkc() {
                push_letter(&mut s, d);
            }
        } else {
            push_letter(&mut s, c);
        }
    }
    s
}

/// Pushes `c` onto `s`, folded, or composed with the letter `s` ends in.
fn push_letter(s: &mut String, c: char) {
    let composed = match (s.chars().next_back(), c) {
        (Some('ا'), '\u{0653}') => Some('آ'),
        (Some('ا'), '\u{0654}') => Some('أ'),
        (Some('ا'), '\u{0655}') => Some('إ'),
        (Some('و'), '\u{0654}') => Some('ؤ'),
        // Yeh and hamza above is how an unnormalised «ئ» arrives, in either yeh.
        (Some('ي' | 'ی'), '\u{0654}') => Some('ئ'),
        _ => None,
    };
    if let Some(composed) = composed {
        s.pop();
        s.push(composed);
        return;
    }
    match folded_letter(c) {
        Some(f) if !KEEP.contains(&c) => s.push(f),
        _ => s.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-arabic-letters";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn flags_each_word_with_its_fix() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("سلام، سفارش شما ارسال شد.", &[], "سلام، سفارش شما ارسال شد."),
            ("براي شما ارسال شد", &["براي"], "برای شما ارسال شد"),
            (
                "كد تخفيف شما فعال است",
                &["كد", "تخفيف"],
                "کد تخفیف شما فعال است",
            ),
            ("مي‌خواهيد؟", &["مي‌خواهيد"], "می‌خواهید؟"),
            ("حتى امروز 😊", &["حتى"], "حتی امروز 😊"),
            ("کد تخفيفِ شما", &["تخفيفِ"], "کد تخفیفِ شما"),
            // A decomposed «ئ» is composed, not folded to «یٔ».
            ("مسا\u{064A}\u{0654}ل", &["مسا\u{064A}\u{0654}ل"], "مسائل"),
            ("ﻛﺘﺎﺏ ﻻزم", &["ﻛﺘﺎﺏ ﻻزم"], "کتاب لازم"),
            // A run of presentation forms is one finding; a word without them ends it.
            (
                "ﻣﺘﺎﺳﻔﺎﻧﻪ ﺍﻳﻦ ﻛﺎﻻ ﻣﻮﺟﻮﺩ ﻧﻴﺴﺖ، كد",
                &["ﻣﺘﺎﺳﻔﺎﻧﻪ ﺍﻳﻦ ﻛﺎﻻ ﻣﻮﺟﻮﺩ ﻧﻴﺴﺖ", "كد"],
                "متاسفانه این کالا موجود نیست، کد",
            ),
            (
                "ﻛﺘﺎﺏ براي ﻛﺘﺎﺏ",
                &["ﻛﺘﺎﺏ", "براي", "ﻛﺘﺎﺏ"],
                "کتاب برای کتاب",
            ),
            ("۱۰۰ ﷼", &["﷼"], "۱۰۰ ریال"),
            ("ا\u{0653}ب", &["ا\u{0653}ب"], "آب"),
            ("ہمہ ے", &["ہمہ", "ے"], "همه ی"),
            ("مسئله و تأمین و مؤسسه", &[], "مسئله و تأمین و مؤسسه"),
            (
                "پاسخ {{ticket.id_كد}} براي",
                &["براي"],
                "پاسخ {{ticket.id_كد}} برای",
            ),
            (
                "لینک: https://example.com/كتاب",
                &[],
                "لینک: https://example.com/كتاب",
            ),
            ("Thank you", &[], "Thank you"),
            ("", &[], ""),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
