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
    // The pattern is searched for from the places a span may start only (see
    // [`span_starts`]): a Persian reply is mostly letters no span starts at, and a search
    // from the start would read them all. `find_at` sees the text before where it starts, so
    // each search finds what a search of the whole text would next find.
    let mut out = Vec::new();
    let mut from = 0;
    for at in span_starts(text.as_bytes()) {
        if at < from {
            continue;
        }
        let Some(m) = PATTERN.find_at(text, at) else {
            break;
        };
        from = m.end();
        out.push(kind_of(m));
    }
    out
}

/// A match of [`PATTERN`] as a span and its kind, read off its first character (cheaper
/// than capture groups).
fn kind_of(m: regex::Match<'_>) -> (Range<usize>, Protected) {
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
        let trimmed = found.trim_end_matches(['.', ',', '!', '?', '؟', '،', ')', ':', ';', '؛']);
        r.end = r.start + trimmed.len();
    }
    (r, kind)
}

/// Where in `b` a span of [`PATTERN`] may start, in order: a «{», and one of `$ % <` with
/// what a span needs after it; the character before a `:name` (or the text's start); the
/// start of the name before an «@» of an address; the «h» of «http://» and «https://»; and
/// «www.». A Persian reply's colons and percent signs stand beside digits and Persian words,
/// and the pattern needn't run for them at all.
fn span_starts(b: &[u8]) -> Vec<usize> {
    let at = |i: usize| b.get(i).copied().unwrap_or(b' ');
    let name = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'%' | b'+' | b'-');
    let mut starts: Vec<usize> = memchr::memchr3_iter(b'{', b'$', b'%', b)
        .chain(memchr::memchr_iter(b'<', b))
        .filter(|&i| match b[i] {
            b'{' => true,
            b'$' => at(i + 1) == b'{',
            b'%' => at(i + 1).is_ascii_alphabetic() || at(i + 1) == b'_',
            _ => at(i + 1).is_ascii_alphabetic() || matches!(at(i + 1), b'/' | b'!'),
        })
        .collect();
    for i in memchr::memchr2_iter(b'@', b':', b) {
        if b[i] == b'@' {
            if i > 0 && name(b[i - 1]) && (at(i + 1).is_ascii_alphanumeric() || at(i + 1) == b'-') {
                let run = b[..i].iter().rev().take_while(|&&c| name(c)).count();
                starts.push(i - run);
            }
        } else if at(i + 1).is_ascii_lowercase() {
            // The character before the colon, of one to four bytes, or the text's start.
            let before = b[..i].iter().rev().take(4).position(|&c| c & 0xC0 != 0x80);
            starts.push(before.map_or(i, |k| i - 1 - k));
        } else if at(i + 1) == b'/' {
            for scheme in [&b"http"[..], b"https"] {
                if let Some(s) = i.checked_sub(scheme.len()) {
                    if b[s..i].eq_ignore_ascii_case(scheme) {
                        starts.push(s);
                    }
                }
            }
        }
    }
    starts.extend(memchr::memchr2_iter(b'w', b'W', b).filter(|&i| {
        b.get(i..i + 4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"www."))
    }));
    starts.sort_unstable();
    starts
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

    /// Searching from the places a span may start finds what a search of the whole text
    /// finds, on texts made of the pieces the pattern reads.
    #[test]
    fn searching_from_span_starts_loses_nothing() {
        let pieces = [
            "سلام", " ", "{", "}", "{{", "}}", "$", "%", "@", "<", ">", ":", "/", "!", "-", "a",
            "Z", "_", ".", "1", "۱۰", "www", "WWW.", "http", "s", "\n", "(", "«", "\"", "،",
            "\u{a0}", "HTTPS", "://", "x.ir", "<!--", "-->", "b@c", "é", "name",
        ];
        for text in crate::text::testing::pieced_texts(&pieces, 11, 40_000) {
            let everywhere: Vec<_> = PATTERN.find_iter(&text).map(kind_of).collect();
            assert_eq!(protected_spans(&text), everywhere, "{text:?}");
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
