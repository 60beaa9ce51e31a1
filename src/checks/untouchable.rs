//! What no orthography fix may touch, in original offsets: the analysis's protected spans
//! (helpdesk placeholders, URLs, e-mails, HTML), and beyond them what only a fixer needs to
//! know of: code, printf-style and bracket placeholders, HTML entities, file names and paths,
//! version numbers and phone numbers.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use super::orthography_mixed_digits::digit_at;
use super::typography::protected_original;
use super::Context;

/// The spans of `cx`'s draft no fix may touch, sorted and merged.
pub(crate) fn spans(cx: &Context<'_>) -> Vec<Range<usize>> {
    let mut out = protected_original(cx);
    let more = more(cx.text.original, &out);
    out.extend(more);
    out.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The forms [`more`] finds, but with braces of any length: what a brace pair may hold is
/// told apart afterwards (see [`BRACED`]), since a bounded repetition costs the pattern
/// most of its build.
static PATTERN: Lazy<Regex> = Lazy::new(|| pattern(r"\{[^{}\n]+\}"));

/// The forms with the brace placeholder as it is meant, holding at most [`BRACED`]
/// characters: read only for a text where [`PATTERN`] finds a longer one.
static BOUNDED: Lazy<Regex> = Lazy::new(|| pattern(&format!(r"\{{[^{{}}\n]{{1,{BRACED}}}\}}")));

/// At most how many characters a brace placeholder holds: a longer pair is prose with a
/// stray brace.
const BRACED: usize = 80;

/// The forms no fix may touch, with `braces` the form of a brace placeholder. Digits are
/// those of the three scripts a reply writes numbers in, as everywhere in the checks.
fn pattern(braces: &str) -> Regex {
    Regex::new(
        &[
            // Fenced and inline code.
            r"(?s:```.*?(?:```|\z))|`[^`\n]+`",
            // Braces of any template language: {name}, {0}, {نام}, {{ … }} split by a space.
            "|",
            braces,
            // printf and its kin: %s, %d, %1$s, %.2f, %@, %(name)s.
            r"|%(?:[0-9۰-۹٠-٩]+\$)?[-+ 0#]?[0-9۰-۹٠-٩]*(?:\.[0-9۰-۹٠-٩]+)?[sdifuxXeEgGcp@](?-u:\b)",
            r"|%\([A-Za-z_][A-Za-z0-9_]*\)[sd]",
            // Shell, PHP and JavaScript variables: $name, $1.
            r"|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9۰-۹٠-٩]+",
            // Bracket placeholders: [name], [[customer.name]].
            r"|\[\[?[A-Za-z_][A-Za-z0-9_. -]*\]\]?",
            // HTML entities.
            r"|&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);",
            // Dotted Latin tokens: file names, domains, versions (checked below).
            r"|[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)+",
            // Paths.
            r"|(?:[A-Za-z]:)?(?:[/\\][A-Za-z0-9_.\-]+){2,}[/\\]?",
            // Phone numbers and codes: a leading «+», or digits joined by dashes, in any script.
            r"|\+[0-9۰-۹٠-٩][0-9۰-۹٠-٩ \-]{5,}[0-9۰-۹٠-٩]",
            r"|[0-9۰-۹٠-٩]+(?:-[0-9۰-۹٠-٩]+)+",
            // Versions with a «v»: v2, v2.1.
            r"|(?-u:\b)[vV][0-9۰-۹٠-٩]+(?:\.[0-9۰-۹٠-٩]+)*(?-u:\b)",
        ]
        .concat(),
    )
    .expect("the untouchable pattern is valid")
}

/// The spans of `text` that are not the protected spans of the analysis, `protected`
/// (sorted). Where every byte that may start one lies in a protected span, as in a reply whose
/// only braces are its helpdesk placeholders, the pattern is not run.
fn more(text: &str, protected: &[Range<usize>]) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut from = 0;
    let outside = protected
        .iter()
        .map(|r| (r.start.min(b.len()), r.end))
        .chain([(b.len(), b.len())])
        .any(|(start, end)| {
            let gap = &b[from.min(start)..start];
            from = from.max(end);
            may_hold_one(gap)
        });
    if !outside {
        return Vec::new();
    }
    // Where no brace pair found holds more than `BRACED` characters, each match is the one
    // `BOUNDED` finds: the two patterns differ in nothing else.
    let found: Vec<regex::Match<'_>> = PATTERN.find_iter(text).collect();
    let too_long = |m: &regex::Match<'_>| {
        m.as_str().starts_with('{') && m.as_str().chars().count() > BRACED + 2
    };
    let found = match found.iter().any(too_long) {
        true => BOUNDED.find_iter(text).collect(),
        false => found,
    };
    found
        .into_iter()
        .filter(|m| keep(m.as_str()))
        .map(|m| m.range())
        .collect()
}

/// Whether `b` may hold a span of [`PATTERN`]: a byte only code, placeholders or entities
/// have, or a dot, slash, dash, plus or «v» with what such a span needs beside it. A Persian
/// reply ends its sentences with dots after Persian letters, and has none of these.
fn may_hold_one(b: &[u8]) -> bool {
    let latin = |i: Option<usize>| {
        i.and_then(|i| b.get(i))
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    };
    let digit_starts = |i: usize| digit_at(b, i).is_some();
    // A digit of one byte ends where it starts; one of two, a byte after.
    let digit_ends = |i: usize| {
        digit_at(b, i).is_some_and(|(len, _)| len == 1)
            || i.checked_sub(1)
                .is_some_and(|j| digit_at(b, j).is_some_and(|(len, _)| len == 2))
    };
    memchr::memchr3(b'`', b'{', b'%', b).is_some()
        || memchr::memchr3(b'$', b'[', b'&', b).is_some()
        || memchr::memchr_iter(b'.', b).any(|i| latin(i.checked_sub(1)) && latin(Some(i + 1)))
        || memchr::memchr2_iter(b'/', b'\\', b)
            .any(|i| latin(Some(i + 1)) || b.get(i + 1) == Some(&b'.'))
        || memchr::memchr_iter(b'+', b).any(|i| digit_starts(i + 1))
        || memchr::memchr_iter(b'-', b)
            .any(|i| i.checked_sub(1).is_some_and(digit_ends) && digit_starts(i + 1))
        || memchr::memchr2_iter(b'v', b'V', b).any(|i| digit_starts(i + 1))
}

/// Whether a found token is kept from the fixes. A dotted one must be a name or a version
/// rather than a number to fix («12.5»): it has a Latin letter, or two dots or more.
fn keep(found: &str) -> bool {
    // A path has a name in it; «1402/05/12» is a date.
    if found.contains(['/', '\\']) {
        return found.bytes().any(|c| c.is_ascii_alphabetic());
    }
    let dotted = found.contains('.')
        && found
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'));
    if !dotted {
        return true;
    }
    found.bytes().any(|c| c.is_ascii_alphabetic()) || found.matches('.').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::more;

    #[test]
    fn finds_what_fixes_leave_alone() {
        for (text, want) in [
            ("کد `print(x) ، y` را اجرا کنید", "`print(x) ، y`"),
            ("سلام %s عزیز", "%s"),
            ("مبلغ %1$d تومان", "%1$d"),
            ("سلام $name", "$name"),
            ("سلام [first_name] عزیز", "[first_name]"),
            ("سلام {نام مشتری} عزیز", "{نام مشتری}"),
            ("فایل report_2024.pdf را ببینید", "report_2024.pdf"),
            ("نسخهٔ 2.3.1 آمد", "2.3.1"),
            ("نسخهٔ v2 آمد", "v2"),
            ("شماره +98 912 345 6789 است", "+98 912 345 6789"),
            ("شماره 021-88776655 است", "021-88776655"),
            ("پوشهٔ /var/log/app را ببینید", "/var/log/app"),
            ("&nbsp;سلام", "&nbsp;"),
            ("کد ۰۲۱-۸۸۷۷ است", "۰۲۱-۸۸۷۷"),
            ("شماره +۹۸۹۱۲۳۴۵۶۷۸ است", "+۹۸۹۱۲۳۴۵۶۷۸"),
            ("سند a.b و c", "a.b"),
            ("پوشهٔ /.config/app", "/.config/app"),
        ] {
            let found: Vec<&str> = more(text, &[]).into_iter().map(|r| &text[r]).collect();
            assert_eq!(found, [want], "{text:?}");
        }
    }

    /// The quick test before the pattern never loses a span: on texts made of the pieces
    /// the pattern reads, `more` finds what the pattern alone finds.
    #[test]
    fn the_quick_test_loses_nothing() {
        let pieces = [
            "سلام",
            " ",
            ".",
            "-",
            "+",
            "/",
            "\\",
            "v",
            "V",
            "a",
            "Z",
            "_",
            "1",
            "۲",
            "٣",
            "x.y",
            "`",
            "{",
            "}",
            "%",
            "s",
            "$",
            "[",
            "]",
            "&",
            ";",
            "#",
            ":",
            "\n",
            "،",
            "ها",
            "C:",
            "+9",
            "345 ",
            "۱۲۳",
            "-7",
            "v2",
            "این متن بلند میان دو ابرو جای بیش از هشتاد نویسه را می‌گیرد",
        ];
        for text in crate::text::testing::pieced_texts(&pieces, 7, 60_000) {
            let all: Vec<_> = super::BOUNDED
                .find_iter(&text)
                .filter(|m| super::keep(m.as_str()))
                .map(|m| m.range())
                .collect();
            assert_eq!(more(&text, &[]), all, "{text:?}");
        }
    }

    /// What lies in a protected span is untouchable already: a reply whose only braces are
    /// its placeholder is not searched again, but one with more outside it is.
    #[test]
    fn reads_only_what_lies_outside_the_protected_spans() {
        let text = "سلام {{ticket.requester.name}} جان، سفارش 125 ارسال شد";
        let at = text.find('{').unwrap();
        let placeholder = at..at + "{{ticket.requester.name}}".len();
        assert!(more(text, std::slice::from_ref(&placeholder)).is_empty());
        assert!(!more(text, &[]).is_empty());
        for (text, want) in [
            ("سلام {{name}} جان، فایل report.pdf را ببینید", "report.pdf"),
            ("{{name}}، فایل report.pdf را ببینید", "report.pdf"),
            ("فایل report.pdf را ببینید {{name}}", "report.pdf"),
        ] {
            let at = text.find("{{name}}").unwrap();
            let placeholder = at..at + "{{name}}".len();
            let found: Vec<&str> = more(text, std::slice::from_ref(&placeholder))
                .into_iter()
                .map(|r| &text[r])
                .collect();
            assert!(found.contains(&want), "{text:?}: {found:?}");
        }
    }

    #[test]
    fn leaves_numbers_and_prose_to_the_rules() {
        for text in [
            "مبلغ 12.5 تومان",
            "سلام. خوبید؟",
            "ساعت ۱۰:۳۰",
            "قیمت 96% کمتر",
        ] {
            assert!(
                more(text, &[]).is_empty(),
                "{text:?}: {:?}",
                more(text, &[])
            );
        }
    }
}
