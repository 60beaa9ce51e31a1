//! Parts of a reply that are not Persian prose and must pass through untouched: helpdesk
//! placeholders, URLs, e-mail addresses and HTML tags.

use std::ops::Range;

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

/// Finds the protected spans of `text`, in order and without overlap.
pub fn protected_spans(text: &str) -> Vec<(Range<usize>, Protected)> {
    // A span is looked for only at the places one may start (see [`span_starts`]): a
    // Persian reply is mostly letters no span starts at. At each, the forms are tried in
    // the order [`span_at`] gives, and the first that fits is the span, as a regular
    // expression of them all, tried in that order, would find.
    let mut out = Vec::new();
    let mut from = 0;
    for at in span_starts(text.as_bytes()) {
        if at < from {
            continue;
        }
        if let Some(end) = span_at(text, at) {
            from = end;
            out.push(kind_of(at..end, &text[at..end]));
        }
    }
    out
}

/// The end of the protected span that starts at byte `at` of `text`, if one does. The
/// forms, in order: a placeholder (`{{…}}`, `{%…%}`, `${…}`, `{name}`, `%name%`, or `:name`
/// after a space, a «(» or the text's start), a URL (`http://`, `https://` or `www.`, in
/// any case, up to a space, «<», «>», «"», «« or «»»), an e-mail address, and an HTML
/// comment or tag.
fn span_at(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let byte = |i: usize| b.get(i).copied();
    // Where the first byte at or after `i` that `stop` takes is, or the end.
    let until =
        |i: usize, stop: &dyn Fn(u8) -> bool| i + b[i..].iter().take_while(|&&c| !stop(c)).count();
    let ident_start = |c: u8| c.is_ascii_alphabetic() || c == b'_';
    let ident = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.');
    let placeholder = || -> Option<usize> {
        match b[at] {
            b'{' => {
                if byte(at + 1) == Some(b'{') {
                    let end = until(at + 2, &|c| matches!(c, b'{' | b'}' | b'\n'));
                    if end > at + 2 && b[end..].starts_with(b"}}") {
                        return Some(end + 2);
                    }
                }
                if byte(at + 1) == Some(b'%') {
                    let end = until(at + 2, &|c| matches!(c, b'%' | b'\n'));
                    if b[end..].starts_with(b"%}") {
                        return Some(end + 2);
                    }
                }
                if byte(at + 1).is_some_and(ident_start) {
                    let end = until(at + 2, &|c| !ident(c));
                    if byte(end) == Some(b'}') {
                        return Some(end + 1);
                    }
                }
                None
            }
            b'$' if byte(at + 1) == Some(b'{') => {
                let end = until(at + 2, &|c| matches!(c, b'{' | b'}' | b'\n'));
                (end > at + 2 && byte(end) == Some(b'}')).then_some(end + 1)
            }
            b'%' if byte(at + 1).is_some_and(ident_start) => {
                let end = until(at + 2, &|c| !ident(c));
                (byte(end) == Some(b'%')).then_some(end + 1)
            }
            _ => None,
        }
    };
    // `:name`, after the text's start or a space or «(» at `at`.
    let colon_name = || -> Option<usize> {
        let colon = match text[at..].chars().next()? {
            ':' if at == 0 => 0,
            c if c.is_whitespace() || c == '(' => at + c.len_utf8(),
            _ => return None,
        };
        if byte(colon) != Some(b':') || !byte(colon + 1).is_some_and(|c| c.is_ascii_lowercase()) {
            return None;
        }
        let end = until(colon + 2, &|c| !(c.is_ascii_lowercase() || c == b'_'));
        (end > colon + 2).then_some(end)
    };
    let url = || -> Option<usize> {
        let rest = &b[at..];
        let lead = [&b"https://"[..], b"http://", b"www."]
            .into_iter()
            .find(|p| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p))?;
        let body = at + lead.len();
        let end = body
            + text[body..]
                .char_indices()
                .find(|&(_, c)| c.is_whitespace() || matches!(c, '<' | '>' | '«' | '»' | '"'))
                .map_or(text.len() - body, |(k, _)| k);
        (end > body).then_some(end)
    };
    let email = || -> Option<usize> {
        let local =
            |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
        let label = |c: u8| c.is_ascii_alphanumeric() || c == b'-';
        let at_sign = until(at, &|c| !local(c));
        if at_sign == at || byte(at_sign) != Some(b'@') {
            return None;
        }
        let mut end = until(at_sign + 1, &|c| !label(c));
        if end == at_sign + 1 {
            return None;
        }
        let mut labels = 0;
        while byte(end) == Some(b'.') && byte(end + 1).is_some_and(label) {
            end = until(end + 1, &|c| !label(c));
            labels += 1;
        }
        (labels > 0).then_some(end)
    };
    let markup = || -> Option<usize> {
        let rest = &b[at..];
        if rest.starts_with(b"<!--") {
            if let Some(k) = memchr::memmem::find(&rest[4..], b"-->") {
                return Some(at + 4 + k + 3);
            }
        }
        if rest.first() != Some(&b'<') {
            return None;
        }
        let name = at + 1 + usize::from(byte(at + 1) == Some(b'/'));
        if !byte(name).is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let end = until(name + 1, &|c| matches!(c, b'<' | b'>' | b'\n'));
        (byte(end) == Some(b'>')).then_some(end + 1)
    };
    placeholder()
        .or_else(colon_name)
        .or_else(url)
        .or_else(email)
        .or_else(markup)
}

/// A span as its range and its kind, read off its first character.
fn kind_of(mut r: Range<usize>, found: &str) -> (Range<usize>, Protected) {
    let first = found.trim_start().chars().next().unwrap_or(' ');
    let kind = match first {
        '{' | '$' | '%' | ':' => Protected::Placeholder,
        '<' => Protected::Markup,
        _ if found.contains('@') && !found.contains('/') => Protected::Email,
        _ => Protected::Url,
    };
    if kind == Protected::Placeholder && first == ':' {
        // The ad-hoc `:name` form is found with the character before it.
        r.start += found.find(':').unwrap_or(0);
    }
    if kind == Protected::Url {
        // A sentence's own punctuation after a URL is not part of it.
        let trimmed = found.trim_end_matches(['.', ',', '!', '?', '؟', '،', ')', ':', ';', '؛']);
        r.end = r.start + trimmed.len();
    }
    (r, kind)
}

/// Where in `b` a span of [`span_at`] may start, in order: a «{», and one of `$ % <` with
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

    /// The forms [`span_at`] reads, as one regular expression: the reference it is held to.
    static PATTERN: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
        regex::Regex::new(concat!(
            r"(?:\{\{[^{}\n]+\}\}|\{%[^%\n]*%\}|\$\{[^{}\n]+\}",
            r"|\{[A-Za-z_][A-Za-z0-9_.]*\}|%[A-Za-z_][A-Za-z0-9_.]*%|(?:^|[\s(])(?::[a-z][a-z_]+))",
            r"|(?:(?i:https?://|www\.)[^\s<>«»\x22]+)",
            r"|(?:[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)",
            r"|(?:<!--[\s\S]*?-->|</?[A-Za-z][^<>\n]*>)",
        ))
        .expect("the reference pattern is valid")
    });

    /// Trying the forms at the places a span may start finds what the reference pattern
    /// finds searching the whole text, on texts made of the pieces the forms read.
    #[test]
    fn searching_from_span_starts_loses_nothing() {
        let pieces = [
            "سلام", " ", "{", "}", "{{", "}}", "$", "%", "@", "<", ">", ":", "/", "!", "-", "a",
            "Z", "_", ".", "1", "۱۰", "www", "WWW.", "http", "s", "\n", "(", "«", "\"", "،",
            "\u{a0}", "HTTPS", "://", "x.ir", "<!--", "-->", "b@c", "é", "name", "{%", "%}", "${",
            "</", ".com", "\u{2009}", "+",
        ];
        for text in crate::text::testing::pieced_texts(&pieces, 11, 100_000) {
            let everywhere: Vec<_> = PATTERN
                .find_iter(&text)
                .map(|m| kind_of(m.range(), m.as_str()))
                .collect();
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
