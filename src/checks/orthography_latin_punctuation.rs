//! `orthography-latin-punctuation`: Latin `?` `,` `;` typed in a Persian sentence, where Persian
//! writes «؟» «،» «؛».

use super::orthography_repeated_punctuation::in_collapsible_run;
use super::typography::{is_in_word_mark, overlaps};
use super::{Context, Out};
use crate::text::is_arabic_letter;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    if memchr::memchr3(b'?', b',', b';', text.as_bytes()).is_none() {
        return;
    }
    let protected = cx.untouchable();
    for (i, c) in text.char_indices() {
        let Some(persian) = persian_form(c) else {
            continue;
        };
        let span = i..i + c.len_utf8();
        if overlaps(protected, &span) || !in_persian_sentence(text, i) {
            continue;
        }
        // «؟؟?» is the repeated-punctuation rule's to collapse into one «؟».
        if c == '?' && in_collapsible_run(text, i) {
            continue;
        }
        // Persian marks take a space before the next word; adding it here means one pass of
        // fixes gives the finished text even when this finding shadows the spacing rule's.
        let mut replacement = persian.to_string();
        if text[span.end..]
            .chars()
            .next()
            .is_some_and(is_arabic_letter)
        {
            replacement.push(' ');
        }
        out.fix(span, replacement, true);
    }
}

/// The Persian form of a Latin mark this rule corrects.
pub(super) fn persian_form(c: char) -> Option<char> {
    match c {
        '?' => Some('؟'),
        ',' => Some('،'),
        ';' => Some('؛'),
        _ => None,
    }
}

/// Whether the mark at byte `at` closes Persian text: the character before it (past blanks,
/// closing quotes and brackets) is a Persian letter, or a Persian digit not followed by
/// another digit («۱۰, ۲۰ و ۳۰» but not «۴,۵۰۰»).
pub(super) fn in_persian_sentence(text: &str, at: usize) -> bool {
    match previous_char(text, at) {
        Some(c) if is_arabic_letter(c) || is_in_word_mark(c) => true,
        Some(c) if is_persian_digit(c) => {
            !text[at..].chars().nth(1).is_some_and(|n| n.is_numeric())
        }
        _ => false,
    }
}

/// The last character before byte `at` that is not a blank, an invisible mark, or a closing
/// quote or bracket, on the same line.
pub(super) fn previous_char(text: &str, at: usize) -> Option<char> {
    text[..at]
        .chars()
        .rev()
        .find(|&c| !is_see_through(c))
        .filter(|&c| c != '\n' && c != '\r')
}

/// Blanks, invisible marks and closing quotes and brackets: what stands between a word and
/// the mark that closes it.
pub(super) fn is_see_through(c: char) -> bool {
    (c.is_whitespace() && c != '\n' && c != '\r')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
        || matches!(c, '»' | '"' | '\'' | ')' | ']' | '”' | '’')
}

/// Persian and Arabic-Indic digits.
pub(super) fn is_persian_digit(c: char) -> bool {
    matches!(c, '۰'..='۹' | '٠'..='٩')
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-latin-punctuation";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn turns_latin_marks_persian() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("سلام, خوبید?", &[",", "?"], "سلام، خوبید؟"),
            ("سلام,خوبید", &[","], "سلام، خوبید"),
            ("ارسال شد; فردا می‌رسد", &[";"], "ارسال شد؛ فردا می‌رسد"),
            ("کدام «بسته»?", &["?"], "کدام «بسته»؟"),
            ("ساعت ۱۰, ۱۲ یا ۱۴", &[","], "ساعت ۱۰، ۱۲ یا ۱۴"),
            ("مبلغ 4,500,000 تومان", &[], "مبلغ 4,500,000 تومان"),
            ("مبلغ ۴,۵۰۰,۰۰۰ تومان", &[], "مبلغ ۴,۵۰۰,۰۰۰ تومان"),
            ("Hello, how are you?", &[], "Hello, how are you?"),
            (
                "لینک https://example.com/a?b=1,2;c را ببینید",
                &[],
                "لینک https://example.com/a?b=1,2;c را ببینید",
            ),
            ("{{ticket.a,b}} سلام", &[], "{{ticket.a,b}} سلام"),
            ("خوبید?!", &["?"], "خوبید؟!"),
            ("خوبید??", &[], "خوبید??"),
            ("سلام\n, خوبید", &[], "سلام\n, خوبید"),
            (",?;", &[], ",?;"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
