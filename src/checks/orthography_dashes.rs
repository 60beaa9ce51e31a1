//! `orthography-dashes`: two or three hyphens typed between Persian words for a dash
//! («سفارش -- که دیروز رسید -- آماده است»): «--» is an en dash «–», «---» an em dash «—».
//! Hyphens in code, command-line options («--help»), Markdown rules («---») and Latin text
//! are left alone: only hyphens with a Persian word on each side are dashes.

use std::ops::Range;

use super::orthography_extra_spaces::is_persian_text;
use super::typography::overlaps;
use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    if !cx.glyphs().double_hyphen {
        return;
    }
    let untouchable = cx.untouchable();
    for span in hyphen_runs(text) {
        let before = text[..span.start].trim_end_matches(' ');
        let after = text[span.end..].trim_start_matches(' ');
        let spaced = before.len() < span.start && after.len() < text.len() - span.end;
        let persian = before.chars().next_back().is_some_and(is_persian_text)
            && after.chars().next().is_some_and(is_persian_text);
        if !spaced || !persian || overlaps(untouchable, &span) {
            continue;
        }
        let dash = if span.len() == 2 { "–" } else { "—" };
        out.fix(span, dash.to_owned(), true);
    }
}

/// The runs of two or three hyphens, alone: a longer run is none of them.
fn hyphen_runs(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut runs = Vec::new();
    let mut from = 0;
    for at in memchr::memchr_iter(b'-', b) {
        if at < from {
            continue;
        }
        let end = at + b[at..].iter().take_while(|&&c| c == b'-').count();
        if matches!(end - at, 2 | 3) {
            runs.push(at..end);
        }
        from = end;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-dashes";

    /// The runs are what a regular expression of them finds, on texts made of the pieces
    /// they are read from.
    #[test]
    fn runs_are_what_the_pattern_finds() {
        let pattern = regex::Regex::new(r"(?:^|[^-])(-{2,3})(?:[^-]|$)").unwrap();
        let pieces = ["-", "--", "---", " ", "سلام", "a", "\n", "—"];
        for text in crate::text::testing::pieced_texts(&pieces, 3, 50_000) {
            let mut want = Vec::new();
            let mut from = 0;
            while let Some(m) = pattern.captures_at(&text, from).and_then(|c| c.get(1)) {
                from = m.end();
                want.push(m.range());
            }
            assert_eq!(super::hyphen_runs(&text), want, "{text:?}");
        }
    }

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn hyphens_between_persian_words_are_dashes() {
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "سفارش -- که دیروز رسید -- آماده است",
                &["--", "--"],
                "سفارش – که دیروز رسید – آماده است",
            ),
            ("سفارش --- آماده است", &["---"], "سفارش — آماده است"),
            (
                "دستور lahn --help را بزنید",
                &[],
                "دستور lahn --help را بزنید",
            ),
            ("سلام\n---\nخداحافظ", &[], "سلام\n---\nخداحافظ"),
            ("سفارش---آماده", &[], "سفارش---آماده"),
            ("a -- b", &[], "a -- b"),
            ("سفارش ---- آماده", &[], "سفارش ---- آماده"),
        ];
        for (text, flagged, fixed) in cases {
            expect(ID, text, flagged, fixed);
        }
    }
}
