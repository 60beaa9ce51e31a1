//! Invariants of every review, fix, offset map and offset conversion, on generated
//! Persian-heavy text: letters with and without ZWNJ, Arabic ي/ك, diacritics, bidi controls,
//! emoji with ZWJ sequences and skin tones, digits of every script, punctuation, helpdesk
//! placeholders (closed and left open), URLs and e-mails, and phrases that fire rules.
//!
//! 256 cases per property by default; `PROPTEST_CASES=N` changes it.

use std::sync::LazyLock;

use lahn::span::{byte_to_char, byte_to_utf16, char_to_byte, utf16_to_byte, LineIndex, Unit};
use lahn::text::{Analysis, Normalized};
use lahn::{fix, Channel, Coach, Draft, Finding, Report};
use proptest::prelude::*;

/// The embedded rules plus a phrase rule with a safe fix, so the fix properties have fixes
/// to check whatever the embedded rules carry.
static COACH: LazyLock<Coach> = LazyLock::new(|| {
    Coach::builder()
        .pack("props/safe-fix", SAFE_FIX_PACK)
        .build()
        .expect("the test pack is valid")
});

const SAFE_FIX_PACK: &str = r#"
id = "props-safe-fix"
category = "orthography"
severity = "info"
message.fa = "آزمون"
message.en = "test"
[doc]
what = { fa = "آزمون", en = "test" }
why = { fa = "آزمون", en = "test" }
[match]
phrases = ["در اسرع وقت", "به زودی"]
[fix]
replacement = "امروز"
safe = true
"#;

const LETTERS: &str = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ";
const ARABIC_FORMS: &str = "يكىةۀأإؤئﻻﺳ";
const MARKS: &[char] = &[
    '\u{064B}', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{0653}', '\u{0654}',
    '\u{0670}', '\u{0640}', '\u{0301}',
];
const INVISIBLE: &[char] = &[
    '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202B}', '\u{202C}',
    '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{00AD}', '\u{FEFF}',
    '\u{00A0}',
];
const DIGITS: &str = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬";
const PUNCT: &str = ".!?؟،,;؛:…«»()-\"' \n\r\t";
const PIECES: &[&str] = &[
    "سلام",
    "ممنون",
    "متأسفانه",
    "نمی توانیم",
    "نمیتونیم",
    "نمی‌شود",
    "در اسرع وقت",
    "کتاب ها",
    "مشتری گرامی",
    "مشتري گرامي",
    "باید صبر کنید",
    "و",
    "لغو شد",
    "کسر و",
    "خیر",
    "خیریه",
    "نه تنها",
    "امری باشه؟",
    "تماس شما برای ما بسیار مهم است",
    "اگر سوال دیگری دارید، در خدمتم",
    "عذرخواهی می‌کنم",
    "هههه",
    "!!!",
    "؟؟؟",
    "load balancer",
    "502",
    "API",
    "{{ticket.requester.first_name}}",
    "{{x}}",
    "{%customer.firstName%}",
    "{{",
    "}}",
    "{%",
    "${name}",
    ":first_name",
    "https://help.example.ir/a.b?c=1",
    "www.x.com",
    "a.b@x.com",
    "<p>",
    "<!--",
    "😀",
    "😂",
    "👍🏽",
    "👨‍👩‍👧",
    "🏳️‍🌈",
    "❤️",
    "محمد رضا",
    "محمدرضا",
    "ساره",
    "سارا",
    "علی جان",
    "آقای رضایی",
    "۱۲٫۵",
    "10.5",
    "4,500,000",
];

fn pick(set: &'static str) -> impl Strategy<Value = String> {
    let chars: Vec<char> = set.chars().collect();
    prop::sample::select(chars).prop_map(String::from)
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => pick(LETTERS),
        2 => pick(ARABIC_FORMS),
        2 => prop::sample::select(MARKS).prop_map(String::from),
        2 => prop::sample::select(INVISIBLE).prop_map(String::from),
        2 => pick(DIGITS),
        3 => pick(PUNCT),
        5 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z]{1,8}",
    ]
}

/// Persian-heavy text of up to `max` pieces.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|v| v.concat())
}

fn draft() -> impl Strategy<Value = Draft> {
    let name = prop_oneof![
        Just("محمدرضا".to_owned()),
        Just("ساره".to_owned()),
        Just("علی".to_owned()),
        Just(String::new()),
        text(3)
    ];
    let channel = prop::option::of(prop::sample::select(Channel::ALL.to_vec()));
    (
        text(60),
        prop::option::of(text(30)),
        prop::option::of(name),
        channel,
    )
        .prop_map(|(text, customer_message, customer_name, channel)| {
            let mut draft = Draft::new(text);
            draft.customer_message = customer_message;
            draft.customer_name = customer_name;
            draft.channel = channel;
            draft
        })
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

fn safe_fixes(report: &Report) -> Vec<&Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|x| x.safe))
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// Spans lie inside the text on char boundaries, findings come sorted by position, and
    /// the score is 100 less the findings' penalties.
    #[test]
    fn reports_are_well_formed(d in draft()) {
        let report = COACH.review(&d);
        let mut last = (0, 0);
        for f in &report.findings {
            let s = f.span;
            prop_assert!(s.start <= s.end && s.end <= d.text.len(), "{s:?} outside {} bytes", d.text.len());
            prop_assert!(d.text.is_char_boundary(s.start) && d.text.is_char_boundary(s.end), "{s:?} off a boundary");
            prop_assert!((s.start, s.end) >= last, "unsorted: {last:?} then {s:?}");
            last = (s.start, s.end);
        }
        prop_assert!(report.score <= 100);
        let penalties: u32 = report.findings.iter().map(|f| f.penalty).sum();
        prop_assert_eq!(report.score + penalties, 100);
        prop_assert!(report.categories.values().all(|&s| s <= 100));
    }

    /// The edits of the safe fixes never overlap; applying them changes nothing outside their
    /// spans; fixing to the end leaves no safe fix, and fixing again changes nothing.
    #[test]
    fn safe_fixes_are_disjoint_local_and_idempotent(d in draft()) {
        let report = COACH.review(&d);
        let edits = fix::edits(&d.text, &report.findings, fix::is_safe);
        if !safe_fixes(&report).is_empty() {
            prop_assert!(!edits.is_empty());
        }
        for w in edits.windows(2) {
            prop_assert!(w[0].0.end <= w[1].0.start, "overlapping edits {:?}", w);
        }
        let fixed = fix::apply_safe(&d.text, &report.findings);
        // Walk the edits: every unfixed stretch of the original appears, shifted, in the output.
        let (mut at, mut shift) = (0usize, 0isize);
        for (span, r) in &edits {
            let (s, e) = (span.start, span.end);
            let out_at = (at as isize + shift) as usize;
            prop_assert_eq!(&fixed[out_at..out_at + (s - at)], &d.text[at..s]);
            prop_assert_eq!(&fixed[(s as isize + shift) as usize..][..r.len()], *r);
            shift += r.len() as isize - (e - s) as isize;
            at = e;
        }
        prop_assert_eq!(&fixed[(at as isize + shift) as usize..], &d.text[at..]);
        // Fixing to the end (one fix can enable another) leaves no safe fix behind.
        let fixed = COACH.fix_safe(&d);
        let again = COACH.review(&d.with_text(fixed.clone()));
        let left = safe_fixes(&again);
        prop_assert!(left.is_empty(), "safe fixes left after fixing to {:?}: {:?}", fixed, left);
        prop_assert_eq!(COACH.fix_safe(&d.with_text(fixed.clone())), fixed);
    }

    /// The offset map is monotonic, and every character, token, sentence and protected span
    /// of the normalised view maps onto a non-empty range on original char boundaries.
    #[test]
    fn offset_map_is_monotonic_and_on_boundaries(original in text(80)) {
        let n = Normalized::new(&original);
        let t = n.as_str();
        let mut last = 0;
        for i in 0..=t.len() {
            let o = n.offset_to_original(i);
            prop_assert!(o >= last && o <= original.len() && original.is_char_boundary(o), "{i} maps to {o}");
            last = o;
        }
        let a = Analysis::new(&original);
        let chars = t.char_indices().map(|(i, c)| i..i + c.len_utf8());
        let ranges = chars
            .chain(a.tokens.iter().map(|k| k.range.clone()))
            .chain(a.sentences.iter().cloned())
            .chain(a.protected.iter().map(|(r, _)| r.clone()));
        for r in ranges {
            prop_assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end), "{r:?} off a normalised boundary");
            let o = n.to_original(r.clone());
            prop_assert!(o.start < o.end && o.end <= original.len(), "{r:?} maps to {o:?}");
            prop_assert!(original.is_char_boundary(o.start) && original.is_char_boundary(o.end), "{r:?} maps to {o:?}");
        }
    }

    /// byte → char → byte and byte → UTF-16 → byte are the identity on char boundaries,
    /// char → byte → char is the identity on char offsets, and line/column positions in each
    /// unit convert back to the same byte.
    #[test]
    fn offsets_round_trip(s in text(60)) {
        let index = LineIndex::new(&s);
        for (b, _) in s.char_indices().chain([(s.len(), ' ')]) {
            prop_assert_eq!(char_to_byte(&s, byte_to_char(&s, b)), b);
            prop_assert_eq!(utf16_to_byte(&s, byte_to_utf16(&s, b)), b);
            // The `\n` of a `\r\n` is not a column of its line: offsets clamp before the `\r`.
            if s[..b].ends_with('\r') && s[b..].starts_with('\n') {
                continue;
            }
            for unit in [Unit::Utf8, Unit::Utf16, Unit::Char] {
                let (line, col) = index.position(b, unit);
                prop_assert_eq!(index.offset(line, col, unit), b, "{:?} at {}", unit, b);
            }
        }
        for c in 0..=s.chars().count() {
            prop_assert_eq!(byte_to_char(&s, char_to_byte(&s, c)), c);
        }
        prop_assert_eq!(byte_to_utf16(&s, s.len()), s.encode_utf16().count());
    }
}
