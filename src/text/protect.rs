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
        r"(?:\{\{[^{}\n]+\}\}|\{%[^%\n]*%\}|\$\{[^{}\n]+\}",
        r"|\{[A-Za-z_][A-Za-z0-9_.]*\}|%[A-Za-z_][A-Za-z0-9_.]*%|(?:^|[\s(])(?::[a-z][a-z_]+))",
        r"|(?:(?i:https?://|www\.)[^\s<>«»\x22]+)",
        r"|(?:[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)",
        r"|(?:<!--[\s\S]*?-->|</?[A-Za-z][^<>\n]*>)",
    ))
    .expect("protected-span pattern is valid")
});

/// Finds the protected spans of `text`, in order and without overlap.
pub fn protected_spans(text: &str) -> Vec<(Range<usize>, Protected)> {
    // `find_iter` runs on the regex's DFA; the kind is read off the match's first character,
    // which is cheaper than asking for capture groups.
    let mut out = Vec::new();
    if !may_hold_one(text.as_bytes()) {
        return out;
    }
    for m in PATTERN.find_iter(text) {
        let mut r = m.range();
        let found = m.as_str();
        let first = found.trim_start().chars().next().unwrap_or(' ');
        let kind = match first {
            '{' | '$' | '%' | ':' => Protected::Placeholder,
            '<' => Protected::Markup,
            _ if found.contains('@') && !found.contains('/') => Protected::Email,
            _ => Protected::Url,
        };
        if kind == Protected::Placeholder && first == ':' {
            // The ad-hoc `:name` form is matched with the character before it.
            r.start += found.find(':').unwrap_or(0);
        }
        if kind == Protected::Url {
            // A sentence's own punctuation after a URL is not part of it.
            let trimmed =
                found.trim_end_matches(['.', ',', '!', '?', '؟', '،', ')', ':', ';', '؛']);
            r.end = r.start + trimmed.len();
        }
        out.push((r, kind));
    }
    out
}

/// Whether `b` may hold a span of [`PATTERN`]: a «{», or one of `$ % @ < :` with what a
/// span needs beside it, or «www.». A Persian reply's colons and percent signs stand beside
/// digits and Persian words, and the pattern needn't run for them at all.
fn may_hold_one(b: &[u8]) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(b' ');
    let name = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'%' | b'+' | b'-');
    memchr::memchr(b'{', b).is_some()
        || memchr::memchr3_iter(b'$', b'%', b'<', b).any(|i| match b[i] {
            b'$' => at(i + 1) == b'{',
            b'%' => at(i + 1).is_ascii_alphabetic() || at(i + 1) == b'_',
            _ => at(i + 1).is_ascii_alphabetic() || matches!(at(i + 1), b'/' | b'!'),
        })
        || memchr::memchr2_iter(b'@', b':', b).any(|i| match b[i] {
            b'@' => {
                i > 0 && name(b[i - 1]) && (at(i + 1).is_ascii_alphanumeric() || at(i + 1) == b'-')
            }
            _ => at(i + 1).is_ascii_lowercase() || at(i + 1) == b'/',
        })
        || memchr::memchr2_iter(b'w', b'W', b).any(|i| {
            b.get(i..i + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"www."))
        })
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

    /// The quick test before the pattern never loses a span: on texts made of the pieces the
    /// pattern reads, the spans found are those the pattern alone finds.
    #[test]
    fn the_quick_test_loses_nothing() {
        let pieces = [
            "سلام", " ", "{", "}", "{{", "}}", "$", "%", "@", "<", ">", ":", "/", "!", "-", "a",
            "Z", "_", ".", "1", "۱۰", "www", "WWW.", "http", "s", "\n", "(", "«", "\"", "،",
        ];
        for text in crate::text::testing::pieced_texts(&pieces, 11, 20_000) {
            let quick = !protected_spans(&text).is_empty();
            let any = PATTERN.find_iter(&text).next().is_some();
            assert_eq!(quick, any, "{text:?}");
        }
    }

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
    fn urls_in_any_case() {
        for text in ["به WwW.Example.ir سر بزنید", "به HTTPS://x.ir سر بزنید"] {
            assert_eq!(protected_spans(text).len(), 1, "{text:?}");
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
