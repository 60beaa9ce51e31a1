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
    // Every span holds one of `{ $ % @ < :` (a URL its «://») or starts with «www.»; most
    // replies hold none, and then the pattern needn't run at all.
    let b = text.as_bytes();
    let www = || {
        memchr::memchr2_iter(b'w', b'W', b).any(|i| {
            b.get(i..i + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"www."))
        })
    };
    if memchr::memchr3(b'{', b'$', b'%', b).is_none()
        && memchr::memchr3(b'@', b'<', b':', b).is_none()
        && !www()
    {
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
