//! Sentences and clauses of a normalised text.

use std::ops::Range;

/// Splits normalised `text` into sentences: on `. ! ? ؟ ؛ ;` and line breaks, but not inside
/// numbers («12.5»), nor inside `protected` spans (URLs, e-mails, placeholders). A run of
/// end marks («؟!!») ends one sentence. Ranges cover the sentence with its end marks,
/// without surrounding space; empty sentences are left out.
pub fn sentences(text: &str, protected: &[Range<usize>]) -> Vec<Range<usize>> {
    split(text, protected, |c| {
        matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | '\n' | '…')
    })
}

/// Splits a sentence into clauses, additionally on `، , :`.
pub fn clauses(text: &str, protected: &[Range<usize>]) -> Vec<Range<usize>> {
    split(text, protected, |c| {
        matches!(
            c,
            '.' | '!' | '?' | '؟' | '؛' | ';' | '\n' | '…' | '،' | ',' | ':'
        )
    })
}

fn split(
    text: &str,
    protected: &[Range<usize>],
    is_end: impl Fn(char) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let inside_number = matches!(c, '.' | ',' | ':')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        if is_end(c) && !inside_number && !super::protect::overlaps_sorted(protected, &(i..i + 1)) {
            // Take the whole run of end marks (but not line breaks) into this sentence.
            let mut end = i + c.len_utf8();
            if c != '\n' {
                while let Some(&(k, n)) = chars.peek() {
                    if n != '\n' && is_end(n) {
                        end = k + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
        prev = Some(c);
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    if s.trim().is_empty() {
        return;
    }
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let r = r.start + lead..r.end - trail;
    let body = &text[r.clone()];
    if body
        .chars()
        .any(|c| crate::text::is_word_char(c) || c == '{')
    {
        out.push(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(text: &str) -> Vec<&str> {
        let protected: Vec<_> = crate::text::protect::protected_spans(text)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        sentences(text, &protected)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    const CASES: &[(&str, &[&str])] = &[
        ("سلام. خوبی؟ ممنون!", &["سلام.", "خوبی؟", "ممنون!"]),
        ("قیمت 12.5 دلار است. بعدی", &["قیمت 12.5 دلار است.", "بعدی"]),
        ("مبلغ 4,500,000 تومان است", &["مبلغ 4,500,000 تومان است"]),
        ("چرا؟!! جواب بدید", &["چرا؟!!", "جواب بدید"]),
        ("سطر یک\nسطر دو", &["سطر یک", "سطر دو"]),
        (
            "به https://x.com/a.b?c=1 بروید. ممنون",
            &["به https://x.com/a.b?c=1 بروید.", "ممنون"],
        ),
        (
            "به a.b@x.com بنویسید؛ ممنون",
            &["به a.b@x.com بنویسید؛", "ممنون"],
        ),
        (
            "{{ticket.requester.first_name}} عزیز، سلام.",
            &["{{ticket.requester.first_name}} عزیز، سلام."],
        ),
        ("", &[]),
        ("...!!!", &[]),
    ];

    #[test]
    fn splits() {
        for (text, want) in CASES {
            assert_eq!(split_all(text), *want, "{text:?}");
        }
    }
}
