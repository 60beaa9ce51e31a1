//! Sentences and clauses of a normalised text.

use std::ops::Range;

/// Splits normalised `text` into sentences: on `. ! ? ؟ ؛ ;` and line breaks, but not inside
/// numbers («12.5») or Latin names («Node.js»), nor inside `protected` spans (URLs, e-mails,
/// placeholders). A run of end marks («؟!!») ends one sentence. Ranges cover the sentence
/// with its end marks, without surrounding space; empty sentences are left out.
pub fn sentences(text: &str, protected: &[Range<usize>]) -> Vec<Range<usize>> {
    split(text, protected, false)
}

/// Splits a sentence into clauses, additionally on `، , :`, but not inside parentheses: «از
/// آنجا که (به دلایل فنی، امنیتی) …» is one clause.
pub fn clauses(text: &str, protected: &[Range<usize>]) -> Vec<Range<usize>> {
    split(text, protected, true)
}

/// Whether `c` ends a sentence, or with `clause` a clause.
pub(super) fn is_end(c: char, clause: bool) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | '\n' | '…')
        || (clause && matches!(c, '،' | ',' | ':'))
}

/// Whether a mark that may end a clause starts at byte `i` of `text`, a character boundary
/// outside a word: one byte compared for ASCII, two for «، ؛ ؟», three for «…».
pub(super) fn ends_clause_at(text: &str, i: usize) -> bool {
    match text.as_bytes()[i] {
        b'.' | b'!' | b'?' | b';' | b'\n' | b',' | b':' => true,
        0x00..=0x7F => false,
        _ => text[i..].chars().next().is_some_and(|c| is_end(c, true)),
    }
}

/// Sentences of normalised `text` and the clauses of each, split at `marks`: where every
/// mark that may end a clause starts, in order, as the token pass finds them.
pub(crate) fn sentences_and_clauses(
    text: &str,
    protected: &[Range<usize>],
    marks: &[u32],
) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut sentences = Vec::with_capacity(marks.len() + 1);
    split_into(
        text,
        0,
        protected,
        &[],
        false,
        marks.iter().map(|&m| m as usize),
        &mut sentences,
    );
    let mut clauses = Vec::with_capacity(sentences.len() + marks.len());
    for s in &sentences {
        let first = marks.partition_point(|&m| (m as usize) < s.start);
        let within = marks[first..]
            .iter()
            .map(|&m| m as usize)
            .take_while(|&m| m < s.end)
            .map(|m| m - s.start);
        let sentence = &text[s.clone()];
        split_into(
            sentence,
            s.start,
            protected,
            &asides(sentence, s.start),
            true,
            within,
            &mut clauses,
        );
    }
    (sentences, clauses)
}

/// The outermost parenthesised asides of `text`, moved by `offset`, in order: «(…)» with its
/// parentheses. A parenthesis that is never closed opens none.
fn asides(text: &str, offset: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if memchr::memchr(b'(', text.as_bytes()).is_none() {
        return out;
    }
    let mut open: Vec<usize> = Vec::new();
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' => open.push(i),
            b')' => {
                if let Some(start) = open.pop() {
                    if open.is_empty() {
                        out.push(offset + start..offset + i + 1);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether the run of marks at byte `i` of `text` is quoted, alone between parentheses or
/// guillemets: a mark named, not one that ends anything («یک علامت تعجب (!) قرار دهید»،
/// «علامت «؟» را بزنید»).
fn is_quoted_mark(text: &str, i: usize) -> bool {
    let not_mark = |&c: &char| c == '\n' || !is_end(c, true);
    let before = text[..i].chars().rev().find(not_mark);
    let after = text[i..].chars().find(not_mark);
    matches!(
        (before, after),
        (Some('('), Some(')')) | (Some('«'), Some('»'))
    )
}

/// Whether `c` is a digit, Latin, Persian or Arabic-Indic: the normalised view has only
/// the first, a raw text any of them.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '۰'..='۹' | '٠'..='٩')
}

/// Whether a dot between `before` and `after` belongs to an abbreviation of single
/// Persian letters: «ج.ا.»، «ق.ظ.». The letter before it stands alone, and either another
/// such letter follows the dot or a dot stood before the letter.
fn is_abbreviation(before: &str, after: &str) -> bool {
    use crate::text::{is_arabic_letter, is_word_char};
    let mut back = before.chars().rev();
    if !back.next().is_some_and(is_arabic_letter) {
        return false;
    }
    // Most dots end a word of several letters: one look at the letter before says so.
    let in_word = |c: char| is_word_char(c) || c == '\u{200C}';
    let ahead = back.next();
    if ahead.is_some_and(in_word) {
        return false;
    }
    let mut next = after.chars();
    let joined = next.next().is_some_and(is_arabic_letter) && !next.next().is_some_and(in_word);
    joined || ahead == Some('.')
}

/// The end marks of clauses, found by their last bytes.
static ENDS_MARK: super::marks::MarkBytes = super::marks::last_bytes(".!?;\n,:؟؛،…");

/// Where each end mark of a clause (a superset of those of sentences) starts.
fn mark_starts(text: &str) -> Vec<usize> {
    super::chars_ending_in(text, &ENDS_MARK)
        .filter(|&(_, c)| is_end(c, true))
        .map(|(i, _)| i)
        .collect()
}

fn split(text: &str, protected: &[Range<usize>], clause: bool) -> Vec<Range<usize>> {
    let asides = match clause {
        true => asides(text, 0),
        false => Vec::new(),
    };
    let mut out = Vec::new();
    let marks = mark_starts(text).into_iter();
    split_into(text, 0, protected, &asides, clause, marks, &mut out);
    out
}

/// Splits `text` at the marks starting at `marks` (in order; a superset of the marks of the
/// kind asked for is fine), with the pieces moved by `offset` and added to `out`. `protected`
/// and `asides` (parenthesised asides, where no clause ends) are where the pieces will be,
/// `offset` on.
fn split_into(
    text: &str,
    offset: usize,
    protected: &[Range<usize>],
    asides: &[Range<usize>],
    clause: bool,
    marks: impl Iterator<Item = usize>,
    out: &mut Vec<Range<usize>>,
) {
    let b = text.as_bytes();
    let end_at = |i: usize| text[i..].chars().next().filter(|&c| is_end(c, clause));
    let mut start = 0;
    for i in marks {
        // Inside a run of marks already taken, or a mark of clauses only.
        let Some(c) = end_at(i).filter(|_| i >= start) else {
            continue;
        };
        // A mark inside a number («12.5»، «4,500»، «10:30»، «۱۰،۰۰۰»), or a dot inside a
        // Latin name («Node.js»، «v2.1»، «index.html»).
        let inside_number = matches!(c, '.' | ',' | ':' | '،')
            && text[..i].chars().next_back().is_some_and(is_digit)
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(is_digit);
        let inside_name = b[i] == b'.'
            && i > 0
            && b[i - 1].is_ascii_alphanumeric()
            && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        let abbreviation = b[i] == b'.' && is_abbreviation(&text[..i], &text[i + 1..]);
        let at = offset + i;
        let clause_only = !is_end(c, false);
        if inside_number
            || inside_name
            || abbreviation
            || is_quoted_mark(text, i)
            || super::protect::overlaps_sorted(protected, &(at..at + 1))
            || clause_only && super::protect::overlaps_sorted(asides, &(at..at + 1))
        {
            continue;
        }
        // Take the whole run of end marks (but not line breaks) into this sentence.
        let mut end = i + c.len_utf8();
        if c != '\n' {
            while let Some(n) = end_at(end).filter(|&n| n != '\n') {
                end += n.len_utf8();
            }
        }
        push_trimmed(text, start..end, offset, out);
        start = end;
    }
    push_trimmed(text, start..text.len(), offset, out);
}

fn push_trimmed(text: &str, r: Range<usize>, offset: usize, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    // Most pieces are a space at most, then a word that starts with a Persian letter, and
    // end in a character of the Arabic block: no other blank to trim, and a word character
    // in hand. (0xD8–0xDB only ever lead a character of U+0600–U+06FF, never follow one.)
    let b = s.as_bytes();
    let lead = usize::from(b.first() == Some(&b' '));
    if b.len() >= lead + 2
        && matches!(b[lead], 0xD8..=0xDB)
        && matches!(b[b.len() - 2], 0xD8..=0xDB)
        && super::normalize::word_char_at(s, lead).0
    {
        out.push(r.start + lead + offset..r.end + offset);
        return;
    }
    let lead = s.len() - s.trim_start().len();
    if lead == s.len() {
        return;
    }
    let trail = s.len() - s.trim_end().len();
    let r = r.start + lead..r.end - trail;
    if text[r.clone()]
        .chars()
        .any(|c| crate::text::is_word_char(c) || c == '{')
    {
        out.push(r.start + offset..r.end + offset);
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
        (
            "نسخه‌ی v2.1 از Node.js پشتیبانی نمی‌کند. فایل config.yml را ببینید",
            &[
                "نسخه‌ی v2.1 از Node.js پشتیبانی نمی‌کند.",
                "فایل config.yml را ببینید",
            ],
        ),
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
        (
            "اختلال از سمت ج.ا. هست و حل میشه. ممنون",
            &["اختلال از سمت ج.ا. هست و حل میشه.", "ممنون"],
        ),
        (
            "ساعت ۱۰ ق.ظ. باز است. بیایید",
            &["ساعت ۱۰ ق.ظ. باز است.", "بیایید"],
        ),
        ("کد شما ب است. ممنون", &["کد شما ب است.", "ممنون"]),
        ("", &[]),
        ("...!!!", &[]),
    ];

    /// The splitter as first written, decoding every character: the byte-level one must
    /// agree with it.
    /// With `asides`, a clause mark inside parentheses that close ends nothing.
    fn reference(
        text: &str,
        protected: &[Range<usize>],
        is_end: impl Fn(char) -> bool,
        asides: bool,
    ) -> Vec<Range<usize>> {
        // Whether each byte lies inside an outermost «(…)».
        let mut aside = vec![false; text.len()];
        let mut open = Vec::new();
        for (i, c) in text.char_indices() {
            if c == '(' {
                open.push(i);
            } else if c == ')' {
                if let Some(o) = open.pop() {
                    if open.is_empty() {
                        aside[o..=i].iter_mut().for_each(|a| *a = true);
                    }
                }
            }
        }
        let sentence_mark = |c| matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | '\n' | '…');
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        let mut prev: Option<char> = None;
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let inside_number = matches!(c, '.' | ',' | ':' | '،')
                && prev.is_some_and(is_digit)
                && next.is_some_and(is_digit);
            let inside_name = c == '.'
                && prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && next.is_some_and(|n| n.is_ascii_alphanumeric());
            let abbreviation = c == '.' && is_abbreviation(&text[..i], &text[i + 1..]);
            let in_aside = asides && aside[i] && !sentence_mark(c);
            let any_mark = |n| sentence_mark(n) || matches!(n, '،' | ',' | ':');
            let opening = text[..i].chars().rev().find(|&n| n == '\n' || !any_mark(n));
            let closing = text[i..].chars().find(|&n| n == '\n' || !any_mark(n));
            let quoted = matches!(
                (opening, closing),
                (Some('('), Some(')')) | (Some('«'), Some('»'))
            );
            if is_end(c)
                && !in_aside
                && !quoted
                && !inside_number
                && !inside_name
                && !abbreviation
                && !crate::text::protect::overlaps_sorted(protected, &(i..i + 1))
            {
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
                super::push_trimmed(text, start..end, 0, &mut out);
                start = end;
            }
            prev = Some(c);
        }
        super::push_trimmed(text, start..text.len(), 0, &mut out);
        out
    }

    #[test]
    fn agrees_with_a_char_by_char_split() {
        #[rustfmt::skip]
        const ALPHABET: &[&str] = &[
            "س", "ل", "ا", "م", " ", ".", "!", "?", "؟", "؛", ";", "\n", "…", "،", ",", ":", "1",
            "2", "۳", "{", "}", "a", "😀", "\u{200C}", " https://x.ir/a,b:c. ", "a@b.co", "(", ")",
            "«", "»",
        ];
        let mut seed = 0x2545_f491_u64;
        for _ in 0..5000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 24) {
                let x = seed.rotate_left(k as u32 * 5) as usize;
                text.push_str(ALPHABET[x % ALPHABET.len()]);
            }
            let protected: Vec<_> = crate::text::protect::protected_spans(&text)
                .into_iter()
                .map(|(r, _)| r)
                .collect();
            let sentence_end = |c| matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | '\n' | '…');
            let clause_end = |c| sentence_end(c) || matches!(c, '،' | ',' | ':');
            // The analysis splits its normalised view at the marks its token pass found.
            let a = crate::text::Analysis::new(&text);
            let norm_protected: Vec<_> = a.protected.iter().map(|(r, _)| r.clone()).collect();
            let want_sentences = reference(a.text(), &norm_protected, sentence_end, false);
            let want_clauses: Vec<Range<usize>> = want_sentences
                .iter()
                .flat_map(|s| {
                    // A clause, like a sentence, does not end inside a URL or a placeholder.
                    let inside: Vec<Range<usize>> = norm_protected
                        .iter()
                        .filter(|p| p.start < s.end && s.start < p.end)
                        .map(|p| p.start.saturating_sub(s.start)..p.end - s.start)
                        .collect();
                    reference(&a.text()[s.clone()], &inside, clause_end, true)
                        .into_iter()
                        .map(|c| c.start + s.start..c.end + s.start)
                })
                .collect();
            assert_eq!(
                (a.sentences, a.clauses),
                (want_sentences, want_clauses),
                "{text:?}"
            );
            for (clause, is_end) in [
                (
                    false,
                    (|c| matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | '\n' | '…'))
                        as fn(char) -> bool,
                ),
                (true, |c| {
                    matches!(
                        c,
                        '.' | '!' | '?' | '؟' | '؛' | ';' | '\n' | '…' | '،' | ',' | ':'
                    )
                }),
            ] {
                assert_eq!(
                    split(&text, &protected, clause),
                    reference(&text, &protected, is_end, clause),
                    "{text:?} clause={clause}"
                );
            }
        }
    }

    #[test]
    fn a_comma_inside_parentheses_ends_no_clause() {
        let text = "از آنجا که (به دلایل فنی، امنیتی) نسخه قدیمی پشتیبانی نمیشه، لطفا آپدیت کنید";
        let got: Vec<&str> = clauses(text, &[]).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "از آنجا که (به دلایل فنی، امنیتی) نسخه قدیمی پشتیبانی نمیشه،",
                "لطفا آپدیت کنید"
            ]
        );
        // A parenthesis never closed opens no aside.
        assert_eq!(clauses("قیمت (بدون مالیات، ارسال رایگان", &[]).len(), 2);
    }

    #[test]
    fn a_mark_quoted_ends_nothing() {
        let text = "ابتدای دستورات باید یک علامت تعجب (!) یا نقطه (.) قرار دهید. ممنون";
        let got: Vec<&str> = split_all(text);
        assert_eq!(
            got,
            [
                "ابتدای دستورات باید یک علامت تعجب (!) یا نقطه (.) قرار دهید.",
                "ممنون"
            ]
        );
        assert_eq!(split_all("علامت «؟» را بزنید و بفرستید.").len(), 1);
        assert_eq!(split_all("متن (...) را کامل کنید. ممنون").len(), 2);
        // A mark before a closing parenthesis with words in it still ends its sentence.
        assert_eq!(split_all("(بسته ارسال شد.) ممنون").len(), 2);
    }

    #[test]
    fn a_comma_inside_a_number_ends_no_clause() {
        for text in [
            "جریمه روزانه ۱۰،۰۰۰ ریال است",
            "جریمه روزانه 10،000 ریال است",
        ] {
            assert_eq!(
                clauses(text, &[]),
                vec![Range {
                    start: 0,
                    end: text.len()
                }],
                "{text}"
            );
        }
        let text = "مبلغ ۵۰ است، ۲۰ تا برمی‌گردد";
        assert_eq!(clauses(text, &[]).len(), 2);
    }

    #[test]
    fn splits() {
        for (text, want) in CASES {
            assert_eq!(split_all(text), *want, "{text:?}");
        }
    }

    #[test]
    fn a_url_does_not_end_a_clause() {
        let text = "باید از https://github.com/x/y:z ایشو ثبت کنید، ممنون";
        let a = crate::text::Analysis::new(text);
        let clauses: Vec<&str> = a.clauses.iter().map(|c| &a.text()[c.clone()]).collect();
        assert_eq!(
            clauses,
            ["باید از https://github.com/x/y:z ایشو ثبت کنید،", "ممنون"]
        );
    }
}
