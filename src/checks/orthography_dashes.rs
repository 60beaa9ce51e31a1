//! `orthography-dashes`: two or three hyphens typed between Persian words for a dash
//! («سفارش -- که دیروز رسید -- آماده است»): «--» is an en dash «–», «---» an em dash «—».
//! Hyphens in code, command-line options («--help»), Markdown rules («---») and Latin text
//! are left alone: only hyphens with a Persian word on each side are dashes.

use once_cell::sync::Lazy;
use regex::Regex;

use super::orthography_extra_spaces::is_persian_text;
use super::typography::overlaps;
use super::{Context, Out};

static HYPHENS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:^|[^-])(-{2,3})(?:[^-]|$)").expect("the dash pattern is valid"));

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    if !cx.glyphs().double_hyphen {
        return;
    }
    let untouchable = cx.untouchable();
    let mut from = 0;
    while let Some(caps) = HYPHENS.captures_at(text, from) {
        let Some(m) = caps.get(1) else { break };
        from = m.end();
        let span = m.range();
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

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, rule_examples};

    const ID: &str = "orthography-dashes";

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
