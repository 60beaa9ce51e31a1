//! Parts of a reply that are not Persian prose and must pass through untouched: helpdesk
//! placeholders, URLs, e-mail addresses and HTML tags.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

/// What a protected span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protected {
    /// A helpdesk placeholder such as `{{ticket.requester.first_name}}`.
    Placeholder,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// An HTML tag or comment.
    Markup,
}

static PATTERN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"(?P<ph>\{\{[^{}\n]{1,200}\}\}|\{%[^\n]{1,200}?%\}|\$\{[^{}\n]{1,100}\}",
        r"|\{[A-Za-z_][\w.]{0,60}\}|%[A-Za-z_][\w.]{0,60}%|(?:^|[\s(])(?::[a-z][a-z_]{1,40}))",
        r"|(?P<url>(?i:https?://|www\.)[^\s<>«»\x22]+)",
        r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
        r"|(?P<tag><!--[\s\S]{0,2000}?-->|</?[A-Za-z][^<>\n]{0,300}>)",
    ))
    .expect("protected-span pattern is valid")
});

/// Finds the protected spans of `text`, in order and without overlap.
pub fn protected_spans(text: &str) -> Vec<(Range<usize>, Protected)> {
    let mut out = Vec::new();
    for caps in PATTERN.captures_iter(text) {
        let (m, kind) = if let Some(m) = caps.name("ph") {
            (m, Protected::Placeholder)
        } else if let Some(m) = caps.name("url") {
            (m, Protected::Url)
        } else if let Some(m) = caps.name("email") {
            (m, Protected::Email)
        } else if let Some(m) = caps.name("tag") {
            (m, Protected::Markup)
        } else {
            continue;
        };
        let mut r = m.range();
        // The ad-hoc `:name` form is matched with the character before it.
        if kind == Protected::Placeholder {
            if let Some(colon) = text[r.clone()].find(':') {
                if !text[r.clone()].starts_with('{') && !text[r.clone()].starts_with('%') {
                    r.start += colon;
                }
            }
        }
        if kind == Protected::Url {
            // A sentence's own punctuation after a URL is not part of it.
            let trimmed = text[r.clone()]
                .trim_end_matches(['.', ',', '!', '?', '؟', '،', ')', ':', ';', '؛']);
            r.end = r.start + trimmed.len();
        }
        out.push((r, kind));
    }
    out
}

/// Whether `range` overlaps one of `spans`, which are sorted with starts and ends both
/// non-decreasing (as protected spans and their images in the original are). A binary
/// search: callers ask once per character or word, and a megabyte of placeholders must not
/// make that quadratic.
pub fn overlaps_sorted(spans: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = spans.partition_point(|p| p.end <= range.start);
    spans
        .get(i)
        .is_some_and(|p| p.start < range.end && range.start < p.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, &str, Protected)] = &[
        (
            "{{ticket.requester.first_name}} عزیز",
            "{{ticket.requester.first_name}}",
            Protected::Placeholder,
        ),
        (
            "سلام {%customer.firstName,fallback=دوست عزیز%}",
            "{%customer.firstName,fallback=دوست عزیز%}",
            Protected::Placeholder,
        ),
        (
            "سلام {{first_name | fallback:\"دوست\"}}",
            "{{first_name | fallback:\"دوست\"}}",
            Protected::Placeholder,
        ),
        ("سلام ${name}!", "${name}", Protected::Placeholder),
        ("سلام {name}!", "{name}", Protected::Placeholder),
        ("سلام %param1%،", "%param1%", Protected::Placeholder),
        (
            "سلام :first_name عزیز",
            ":first_name",
            Protected::Placeholder,
        ),
        (
            "راهنما: https://help.example.com/a?b=1. ممنون",
            "https://help.example.com/a?b=1",
            Protected::Url,
        ),
        (
            "به www.example.ir سر بزنید",
            "www.example.ir",
            Protected::Url,
        ),
        ("به a.b@x.com ایمیل بزنید", "a.b@x.com", Protected::Email),
        ("<p>سلام</p>", "<p>", Protected::Markup),
        (
            "<!-- lahn-disable cliche-asap -->",
            "<!-- lahn-disable cliche-asap -->",
            Protected::Markup,
        ),
    ];

    #[test]
    fn finds_each_kind() {
        for (text, want, kind) in CASES {
            let spans = protected_spans(text);
            assert!(!spans.is_empty(), "{text:?}");
            assert_eq!(&text[spans[0].0.clone()], *want, "{text:?}");
            assert_eq!(spans[0].1, *kind, "{text:?}");
        }
    }

    #[test]
    fn sorted_overlap_matches_a_scan() {
        let spans = [2..4, 4..4, 6..9, 9..12];
        for start in 0..14 {
            for end in start..14 {
                let r = start..end;
                let scan = spans.iter().any(|p| p.start < r.end && r.start < p.end);
                assert_eq!(overlaps_sorted(&spans, &r), scan, "{r:?}");
            }
        }
    }

    #[test]
    fn leaves_prose_and_times_alone() {
        for text in [
            "ساعت 10:30 تماس می‌گیریم",
            "سلام: خوش آمدید",
            "قیمت 96% کمتر",
            "{{باز مانده",
        ] {
            assert!(protected_spans(text).is_empty(), "{text:?}");
        }
    }
}
