//! `orthography-straight-quotes`: Persian text quoted in straight or English curly quotes
//! ("…", “…”), where Persian writes guillemets «…». Quotes are paired on each line the way
//! a typesetter pairs them (an opening one after a space or a bracket, a closing one before
//! a space or a mark); a line with an unpaired quote, inches («27"») or English inside the
//! quotes is left alone.

use std::ops::Range;

use super::typography::overlaps;
use super::{Context, Out};
use crate::text::is_arabic_letter;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    if !cx.glyphs().quotes {
        return;
    }
    let untouchable = cx.untouchable();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        for (open, close) in pairs(line) {
            let span = line_start + open.start..line_start + close.end;
            let inner = &text[line_start + open.end..line_start + close.start];
            if !inner.chars().any(is_arabic_letter) || overlaps(untouchable, &span) {
                continue;
            }
            out.fix(span, format!("«{}»", inner.trim()), true);
        }
        line_start += line.len();
    }
}

/// The quote pairs of `line`, or none when its quotes don't pair up.
fn pairs(line: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let quotes: Vec<(usize, char)> = line
        .char_indices()
        .filter(|&(_, c)| matches!(c, '"' | '“' | '”'))
        .collect();
    if quotes.len() % 2 != 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for pair in quotes.chunks(2) {
        let (o, oc) = pair[0];
        let (c, cc) = pair[1];
        let before = line[..o].chars().next_back();
        let after_open = line[o + oc.len_utf8()..].chars().next();
        let before_close = line[..c].chars().next_back();
        let after = line[c + cc.len_utf8()..].chars().next();
        // With one pair on the line, spaces inside it («" سلام "») can't mislead the pairing.
        let alone = quotes.len() == 2;
        let opens = oc != '”'
            && before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '«' | ':' | '،'))
            && after_open.is_some_and(|a| alone || !a.is_whitespace());
        let closes = cc != '“'
            && before_close.is_some_and(|b| (alone || !b.is_whitespace()) && !b.is_ascii_digit())
            && after.is_none_or(|a| {
                a.is_whitespace()
                    || a.is_ascii_punctuation()
                    || matches!(a, '،' | '؛' | '؟' | '»' | '…')
            });
        if !(opens && closes) {
            return Vec::new();
        }
        out.push((o..o + oc.len_utf8(), c..c + cc.len_utf8()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-straight-quotes";

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn guillemets_for_persian_quotes() {
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "گزینهٔ \"ارسال\" را بزنید",
                &["\"ارسال\""],
                "گزینهٔ «ارسال» را بزنید",
            ),
            (
                "گزینهٔ “ارسال” را بزنید",
                &["“ارسال”"],
                "گزینهٔ «ارسال» را بزنید",
            ),
            (
                "\"سلام\" و \"خداحافظ\".",
                &["\"سلام\"", "\"خداحافظ\""],
                "«سلام» و «خداحافظ».",
            ),
            ("دکمهٔ \"Save\" را بزنید", &[], "دکمهٔ \"Save\" را بزنید"),
            (
                "مانیتور 27\" و 24\" داریم",
                &[],
                "مانیتور 27\" و 24\" داریم",
            ),
            ("گفت \"سلام", &[], "گفت \"سلام"),
            (
                "گزینهٔ \" ارسال \" را بزنید",
                &["\" ارسال \""],
                "گزینهٔ «ارسال» را بزنید",
            ),
            (
                "<a href=\"https://x.ir\">راهنما</a>",
                &[],
                "<a href=\"https://x.ir\">راهنما</a>",
            ),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
