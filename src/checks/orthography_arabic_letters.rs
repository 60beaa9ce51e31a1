//! `orthography-arabic-letters`: Arabic «ي ى ك» typed in Persian words.

use super::typography::{overlaps, protected_original, words};
use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    // Most replies have no Arabic letter at all: nothing to split into words.
    if !['ي', 'ى', 'ك'].iter().any(|c| {
        memchr::memmem::find(text.as_bytes(), c.encode_utf8(&mut [0; 4]).as_bytes()).is_some()
    }) {
        return;
    }
    let protected = protected_original(cx);
    for word in words(text) {
        if overlaps(&protected, &word) {
            continue;
        }
        let written = &text[word.clone()];
        let fixed = persian_letters(written);
        if fixed != written {
            out.fix(word, fixed, true);
        }
    }
}

/// `word` with Arabic yeh, alef maksura and kaf replaced by their Persian forms.
fn persian_letters(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // Yeh followed by hamza above is how an unnormalised «ئ» arrives: it is not an
            // Arabic yeh to fix, and folding it would turn «ئ» into «یٔ».
            'ي' if chars.peek() == Some(&'\u{0654}') => s.push(c),
            'ي' | 'ى' => s.push('ی'),
            'ك' => s.push('ک'),
            c => s.push(c),
        }
    }
    s
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
            // A decomposed «ئ» is not an Arabic yeh.
            ("مسا\u{064A}\u{0654}ل", &[], "مسا\u{064A}\u{0654}ل"),
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
