//! `orthography-ezafe`: the ezafe after a silent «ه» written one way. Style guides disagree:
//! the Academy of Persian Language writes «خانهٔ ما» (heh with hamza above), and that is the
//! default; a team that writes «خانه‌ی ما» sets `orthography.ezafe = "yeh"` in `lahn.toml`.
//! Flagged: the precomposed «ۀ», a «ی» standing apart («خانه ی ما»), a hamza on the line
//! («خانهء ما»), and the form the team does not use.
//!
//! A «ی» after «ه» is read as an ezafe only before another Persian word, and never after a
//! word whose «ه» is sounded («راه»، «ماه»، «گروه»).

use std::ops::Range;

use super::typography::{overlaps, run_start, ZWNJ};
use super::{Context, Out};
use crate::settings::Ezafe;
use crate::text::is_arabic_letter;

const HAMZA_ABOVE: char = '\u{0654}';
const HAMZA: char = 'ء';

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    if !text.contains(['ه', 'ۀ', 'ۂ']) {
        return;
    }
    let style = cx.settings.orthography.ezafe;
    let wanted = match style {
        Ezafe::Hamza => "\u{0654}",
        Ezafe::Yeh => "\u{200C}ی",
    };
    // What fixes may not touch is found only once a fix is due: most texts need none.
    let fix = |span: Range<usize>, with: String, out: &mut Out<'_>| {
        if !overlaps(cx.untouchable(), &span) {
            out.fix(span, with, true);
        }
    };
    // Only a «ه», «ۀ» or «ۂ» can carry the ezafe: found by their last byte, each checked for
    // its lead byte, then the word read back from there.
    let b = text.as_bytes();
    for i in memchr::memchr3_iter(0x87, 0x80, 0x82, b) {
        let Some(at) = i.checked_sub(1) else {
            continue;
        };
        let c = match (b[at], b[i]) {
            (0xD9, 0x87) => 'ه',
            (0xDB, 0x80) => 'ۀ',
            (0xDB, 0x82) => 'ۂ',
            _ => continue,
        };
        let end = i + 1;
        // A «ه» is followed by its ezafe: a hamza (0xD9 0x94, 0xD8 0xA1), a ZWNJ or a space.
        if c == 'ه' && !matches!(b.get(end), Some(0xD9 | 0xD8 | 0xE2 | b' ')) {
            continue;
        }
        // Most words ending in «ه» have no ezafe after them: that is asked first, and only
        // then is the word read back.
        let after = match c {
            'ه' => match ezafe_after(text, end) {
                Some((span, written)) if written != wanted => Some(span),
                _ => continue,
            },
            _ => None,
        };
        let start = run_start(text, at, is_arabic_letter);
        let word = &text[start..end];
        let short = word.len() < 4; // fewer than two letters
        match after {
            // The precomposed forms, kept apart from the Arabic-letter rule.
            None if !short => {
                fix(start..end, [&text[start..at], "ه", wanted].concat(), out);
            }
            Some(span) if !short && !SOUNDED_HEH.contains(&word) && !word.ends_with("گاه") => {
                fix(start..span.end, [word, wanted].concat(), out);
            }
            _ => {}
        }
    }
}

/// The ezafe written after the «ه» ending at `at`, and its span: hamza above, or «ی» after a
/// ZWNJ or a space, when another Persian word follows.
fn ezafe_after(text: &str, at: usize) -> Option<(Range<usize>, &'static str)> {
    let rest = &text[at..];
    let (len, written) = if rest.starts_with(HAMZA_ABOVE) {
        (HAMZA_ABOVE.len_utf8(), "\u{0654}")
    } else if rest.starts_with(HAMZA) {
        // «خانهء ما»: the hamza on the line, typed where the small one belongs.
        (HAMZA.len_utf8(), "ء")
    } else {
        let gap = rest.chars().next().filter(|&c| c == ZWNJ || c == ' ')?;
        let after = &rest[gap.len_utf8()..];
        let yeh = after.chars().next().filter(|&c| c == 'ی' || c == 'ي')?;
        // «ی» alone, not the start of a word («خانه یک»).
        let tail = &after[yeh.len_utf8()..];
        if tail
            .chars()
            .next()
            .is_some_and(|c| is_arabic_letter(c) || c == ZWNJ)
        {
            return None;
        }
        let form = if gap == ZWNJ && yeh == 'ی' {
            "\u{200C}ی"
        } else {
            " ی"
        };
        (gap.len_utf8() + yeh.len_utf8(), form)
    };
    let next_word = text[at + len..].strip_prefix(' ')?.chars().next();
    next_word
        .is_some_and(is_arabic_letter)
        .then_some((at..at + len, written))
}

/// Words whose final «ه» is sounded: their ezafe is a kasra, never «ـهٔ».
#[rustfmt::skip]
const SOUNDED_HEH: &[&str] = &[
    "راه", "ماه", "شاه", "کوه", "گروه", "توجه", "مشابه", "اشتباه", "گناه", "آگاه", "سیاه", "تباه",
    "نگاه", "پناه", "کوتاه", "دانشگاه", "فروشگاه", "درگاه", "پایگاه", "جایگاه", "گاه", "وجه", "فقیه",
    "تنبیه", "تشبیه", "توجیه", "شبیه", "نزیه", "تنزیه", "مه", "به", "که", "چه", "ده", "نه",
];

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-ezafe";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn heh_with_hamza_by_default() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("خانۀ ما", &["خانۀ"], "خانهٔ ما"),
            ("خانه ی ما", &["خانه ی"], "خانهٔ ما"),
            ("خانه‌ی ما", &["خانه\u{200C}ی"], "خانهٔ ما"),
            ("خانهٔ ما", &[], "خانهٔ ما"),
            ("خانهء ما", &["خانهء"], "خانهٔ ما"),
            ("راه ی دیگر", &[], "راه ی دیگر"),
            ("خانه یک", &[], "خانه یک"),
            ("این خانه‌ی", &[], "این خانه‌ی"),
            ("خانه‌ای بزرگ", &[], "خانه‌ای بزرگ"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
