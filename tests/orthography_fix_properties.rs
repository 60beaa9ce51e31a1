//! Properties of the Persian typography fixer on text full of what it fixes and what it must
//! leave alone: fixing is idempotent in every house style, each round of fixes changes only
//! the bytes of its spans, what must be left alone comes through byte for byte, and text
//! with no Persian in it is never touched.

use std::sync::LazyLock;

use lahn::{fix, Coach, Digits, Draft, Ezafe, Settings};
use proptest::prelude::*;

fn coach(ezafe: Ezafe, digits: Digits) -> Coach {
    let mut settings = Settings::default();
    settings.orthography.ezafe = ezafe;
    settings.orthography.digits = digits;
    Coach::builder()
        .settings(settings)
        .build()
        .expect("the embedded rules are valid")
}

static COACHES: LazyLock<[Coach; 3]> = LazyLock::new(|| {
    [
        coach(Ezafe::Hamza, Digits::Persian),
        coach(Ezafe::Yeh, Digits::Persian),
        coach(Ezafe::Hamza, Digits::Latin),
    ]
});

/// Persian as people type it, with every fault the fixer knows.
#[rustfmt::skip]
const PERSIAN: &[&str] = &[
    "سلام", "ممنون", "خانه", "هزینه", "شماره", "کتاب", "بندر", "سفارش", "بزرگ", "ارزان", "خسته",
    "می", "نمی", "ها", "های", "تر", "ترین", "ام", "ای", "ی", "خواهید", "میخواهید", "می خواهید",
    "براي", "كد", "ڪار", "ہمہ", "ﻛﺘﺎﺏ", "ﻻزم", "ا\u{0653}ب", "ســـلام", "کِتابِ", "حتماً", "بنّا",
    "خانۀ", "خانهٔ", "خانه\u{200C}ی", "سلامممم", "هههه", "مممممنون", "ق.ظ", "راه",
];

/// Marks, spaces and invisible characters, right and wrong.
#[rustfmt::skip]
const MARKS: &[&str] = &[
    " ", " ", " ", "  ", "   ", "\u{00A0}", "\t", "\n", "،", ",", "؛", ";", "؟", "?", "!", "!!!",
    "؟؟؟!!!", ".", "...", ". . .", "…", ":", "(", ")", "( ", " )", "«", "»", "\"", "“", "”", "[",
    "]", "\u{200C}", "\u{200C}\u{200C}", "\u{00AD}", "\u{200B}", "\u{200E}", "\u{200F}", "\u{FEFF}",
    "\u{0640}", "\u{064E}", "\u{0654}", "%", "٪", "-", "--", "---", "ـ", "ء", "¬",
];

/// Numbers in every script and shape.
#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "123", "۱۲۳", "٤٥٦", "12.5", "۱۲٫۵", "4,500,000", "۴٬۵۰۰", "10:30", "1402/05/12", "96", "0",
    "۱2۳",
];

/// What every fix must leave alone, each standing apart from its neighbours.
#[rustfmt::skip]
const UNTOUCHABLE: &[&str] = &[
    "https://help.example.com/a?b=1,2;c=3", "https://example.com/كتاب/ي...x", "www.example.ir/p",
    "a.b@x.com", "{{ticket.requester.first_name}}", "{{ first_name | default: \"دوست\" }}",
    "{%customer.firstName%}", "{% if vip %}", "{name}", "{0}", "%s", "%1$d", "$name", "${name}",
    "[first_name]", "<p class=\"x\">", "<!-- lahn-disable -->", "&nbsp;", "`ls  -la , x`",
    "report_2024.pdf", "2.3.1", "v2.1", "+98 912 345 6789", "021-88776655", "😀", "👍🏽",
    "👨\u{200D}👩\u{200D}👧", "🏳️\u{200D}🌈",
];

/// Latin text, left alone on its own.
#[rustfmt::skip]
const LATIN: &[&str] = &[
    "Hello", "world", "Really??", "wait...", "iPhone", "15", "4G", ",", ";", "?", "!!!", "  ", " ",
    "\"Save\"", "(x)", "f(x)", "e.g.", "3.5", "1,000", "%",
];

fn one_of(set: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(set).prop_map(str::to_owned)
}

/// A Persian text and the untouchable pieces in it.
fn text() -> impl Strategy<Value = (String, Vec<&'static str>)> {
    let piece = prop_oneof![
        6 => one_of(PERSIAN).prop_map(|s| (s, None)),
        5 => one_of(MARKS).prop_map(|s| (s, None)),
        2 => one_of(NUMBERS).prop_map(|s| (s, None)),
        2 => prop::sample::select(UNTOUCHABLE).prop_map(|s| (format!(" {s} "), Some(s))),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| {
        let mut text = String::new();
        let mut kept = Vec::new();
        for (s, k) in pieces {
            text.push_str(&s);
            kept.extend(k);
        }
        (text, kept)
    })
}

fn latin_text() -> impl Strategy<Value = String> {
    prop::collection::vec(one_of(LATIN), 0..20).prop_map(|v| v.join(" "))
}

// 256 cases each, or as many as `PROPTEST_CASES` says: proptest reads it itself.
proptest! {
    /// fix(fix(x)) == fix(x), in every house style.
    #[test]
    fn fixing_is_idempotent((text, _) in text()) {
        for coach in COACHES.iter() {
            let once = coach.fix_safe(&Draft::new(text.as_str()));
            let twice = coach.fix_safe(&Draft::new(once.as_str()));
            prop_assert_eq!(&twice, &once, "from {:?}", text);
        }
    }

    /// Every round of fixes changes only the bytes of its spans: the text between them is
    /// found, unchanged and in order, in the round's output.
    #[test]
    fn each_round_changes_only_its_spans((text, _) in text()) {
        let coach = &COACHES[0];
        let mut current = text.clone();
        for _ in 0..8 {
            let report = coach.review(&Draft::new(current.as_str()));
            let edits = fix::edits(&current, &report.findings, fix::is_safe);
            if edits.is_empty() {
                break;
            }
            let fixed = fix::apply_safe(&current, &report.findings);
            let mut rebuilt = String::new();
            let mut at = 0;
            for (span, replacement) in &edits {
                prop_assert!(at <= span.start, "overlapping edits {:?}", edits);
                rebuilt.push_str(&current[at..span.start]);
                rebuilt.push_str(replacement);
                at = span.end;
            }
            rebuilt.push_str(&current[at..]);
            prop_assert_eq!(&fixed, &rebuilt);
            current = fixed;
        }
    }

    /// URLs, e-mails, placeholders, markup, code, file names, versions, phone numbers and
    /// emoji come through every fix byte for byte.
    #[test]
    fn what_must_be_left_alone_is((text, kept) in text()) {
        for coach in COACHES.iter() {
            let fixed = coach.fix_safe(&Draft::new(text.as_str()));
            for piece in &kept {
                let before = text.matches(piece).count();
                let after = fixed.matches(piece).count();
                prop_assert!(after >= before, "{:?} lost in {:?} → {:?}", piece, text, fixed);
            }
        }
    }

    /// Text with no Persian in it is never touched.
    #[test]
    fn latin_text_is_never_touched(text in latin_text()) {
        for coach in COACHES.iter() {
            prop_assert_eq!(coach.fix_safe(&Draft::new(text.as_str())), text.clone());
        }
    }
}
