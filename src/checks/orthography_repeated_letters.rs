//! `orthography-repeated-letters`: a letter typed three times or more for emphasis
//! («سلامممم»، «خیلییی»), brought back to the word. Laughter («هههه»، «خخخ»), a word of one
//! letter repeated, stays: it means something of its own.

use std::ops::Range;

use super::typography::{is_in_word_mark, overlaps};
use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    // Most texts have no character three times in a row. The others are read only in the
    // words that hold a run: a run of a word's letters is a run of the text.
    let repeats = &cx.scan().repeats;
    if repeats.is_empty() {
        return;
    }
    let words = cx.words();
    let mut read = None;
    for &at in repeats {
        let k = words.partition_point(|w| w.end <= at);
        if k == words.len() || words[k].start > at || read == Some(k) {
            continue;
        }
        read = Some(k);
        let word = words[k].clone();
        let written = &text[word.clone()];
        let runs = runs(written);
        if runs.is_empty() || is_one_letter(written) || overlaps(cx.untouchable(), &word) {
            continue;
        }
        for run in runs {
            let letter = written[run.clone()].chars().next().unwrap_or(' ');
            // Words with a doubled letter keep two of it.
            let two: String = [letter, letter].iter().collect();
            let with_two = format!("{}{two}{}", &written[..run.start], &written[run.end..]);
            let keep = if DOUBLED.iter().any(|d| with_two.contains(d)) {
                2
            } else {
                1
            };
            let span = word.start + run.start..word.start + run.end;
            out.fix(span, two[..keep * letter.len_utf8()].to_owned(), true);
        }
    }
}

/// The runs of one letter three times or more in `word`.
fn runs(word: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chars = word.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_in_word_mark(c) || c == '\u{200C}' {
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut count = 1;
        while let Some(&(j, n)) = chars.peek().filter(|&&(_, n)| n == c) {
            end = j + n.len_utf8();
            count += 1;
            chars.next();
        }
        if count >= 3 {
            out.push(i..end);
        }
    }
    out
}

/// Whether `word` is one letter, repeated.
fn is_one_letter(word: &str) -> bool {
    let mut letters = word
        .chars()
        .filter(|&c| !is_in_word_mark(c) && c != '\u{200C}');
    let first = letters.next();
    letters.all(|c| Some(c) == first)
}

/// Words of support replies written with a doubled letter.
const DOUBLED: &[&str] = &["ممنون", "محقق", "مدد", "الله", "تتمه"];

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-repeated-letters";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn brings_words_back() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("سلامممم", &["مممم"], "سلام"),
            ("خیلیییی خوبه", &["یییی"], "خیلی خوبه"),
            ("مممممنون", &["ممممم"], "ممنون"),
            ("ممنووون", &["ووو"], "ممنون"),
            ("هههههه", &[], "هههههه"),
            ("ممنون", &[], "ممنون"),
            ("sooo good", &[], "sooo good"),
            // Runs of other characters before, between and inside words.
            (
                "عالیییی...   ممنووون!!! سسسلاممم",
                &["یییی", "ووو", "سسس", "ممم"],
                "عالی...   ممنون!!! سلام",
            ),
            ("مي‌خواهيييد؟؟؟ 😂😂😂", &["ييي"], "مي‌خواهيد؟؟؟ 😂😂😂"),
            // A mark typed three times is no letter run.
            ("بنّّّا", &[], "بنّّّا"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
