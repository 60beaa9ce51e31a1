//! Register and emotion of a text: how formal it is and how its writer feels.
//!
//! Tone rules compare the draft's profile with the customer's: formal with formal, friendly
//! with friendly, serious with angry.

use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};

use std::ops::Range;

use super::lexicon::Lexicon;
use super::{Analysis, TokenKind};

/// How formal a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Register {
    /// Spoken Persian written down: «میشه»، «میخوام»، «مرسی».
    Colloquial,
    /// Neither markedly casual nor formal.
    Neutral,
    /// Polite written Persian: «بنده»، «بفرمایید»، «ممکن است».
    Formal,
    /// Office-letter formulae: «احتراماً»، «به استحضار می‌رساند».
    Bureaucratic,
}

/// How the writer of a text feels, as far as the text shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Emotion {
    /// Nothing marked.
    Calm,
    /// Insults, threats to leave, «!!!»، «؟؟؟».
    Angry,
    /// Delight and enthusiasm.
    Excited,
    /// Laughter and jokes.
    Joking,
}

/// The register and emotion of a text, and whether it reports a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// How formal the text is.
    pub register: Register,
    /// How its writer feels.
    pub emotion: Emotion,
    /// Whether it reports a problem, a complaint or a frustration.
    pub reports_problem: bool,
}

/// The word classes of `rules/lexicon/` the profile reads; a match's tag is the class's
/// index here.
const CLASSES: [&str; 10] = [
    "colloquial",
    "formal",
    "bureaucratic",
    "insult",
    "delight",
    "laughter",
    "problem",
    "resolved",
    "asks-why",
    "condition",
];

/// Whether the profile reads class `name`.
pub(crate) fn is_profile_class(name: &str) -> bool {
    CLASSES.contains(&name)
}

/// The profile's classes, as embedded, in one automaton.
pub(super) static WORDS: Lazy<Lexicon> =
    Lazy::new(|| vocabulary_with(crate::rule::embedded_classes(), &[]));

/// One automaton for the profile's classes and the classes named `more`, with the words
/// `specs` give them, so that one walk over a text finds the words of all of them: the
/// profile's classes keep their tags, the tags of `more` start at [`VOCABULARY_MORE`]. A
/// text analysed with it has the matches of `more` in its [`Analysis::words_found`] too.
pub(crate) fn vocabulary_with(specs: &[crate::rule::ClassSpec], more: &[&str]) -> Lexicon {
    let lists: Vec<Vec<&str>> = CLASSES
        .iter()
        .chain(more)
        .map(|name| crate::rule::class_words(specs, name))
        .collect();
    let lists: Vec<&[&str]> = lists.iter().map(Vec::as_slice).collect();
    Lexicon::tagged(&lists)
}

/// The tag of the first class of `more` given to [`vocabulary_with`].
pub(crate) const VOCABULARY_MORE: usize = CLASSES.len();

const T_COLLOQUIAL: usize = 0;
const T_FORMAL: usize = 1;
const T_BUREAUCRATIC: usize = 2;
const T_INSULT: usize = 3;
const T_DELIGHT: usize = 4;
const T_LAUGHTER: usize = 5;
const T_PROBLEM: usize = 6;
const T_RESOLVED: usize = 7;
const T_ASKS_WHY: usize = 8;
/// The tag of the condition markers, which the checks read too (see `checks::vocabulary`).
pub(crate) const T_CONDITION: usize = 9;

impl Profile {
    /// Reads the profile of an analysed text.
    pub(crate) fn of(a: &Analysis<'_>) -> Profile {
        let mut counts = [0usize; CLASSES.len()];
        for &(_, tag) in &a.words_found {
            if let Some(n) = counts.get_mut(tag) {
                *n += 1;
            }
        }
        // The words, read once: colloquial verb forms, laughter, and negated present verbs
        // («باز نمیشن»، «جواب نمیدید»), which tell of a problem as well as any word of the
        // list.
        let (mut colloquial_verbs, mut laughter, mut negated) = (0, false, false);
        for w in a.words() {
            colloquial_verbs += usize::from(is_colloquial_verb(w));
            laughter |= is_laughter(w);
            // Any negated verb but «نمی‌دانم» (I don't know): «نرسیده»، «کار نمیکنه»،
            // «نشد». Only words starting with «ن» are read as verbs, to keep this cheap.
            negated |= w.starts_with('ن')
                && super::analyse_verb(w)
                    .is_some_and(|v| v.negated && !v.copula && v.lemma != "دانست");
        }
        // A word of trouble in a question («اگر مشکلی پیش بیاید چه کنم؟») asks; stated as a
        // fact («مشکلات زیادی دارد») it reports, and so it does in a question that asks why
        // (`@asks-why`): «چرا هی قطع میشه؟»، «مگه نگفتید امروز میرسه؟» complain.
        let holds = |tag: usize, within: &Range<usize>| {
            (a.words_found.iter())
                .any(|(r, t)| *t == tag && within.start <= r.start && r.end <= within.end)
        };
        let asks_why = |at: usize| a.sentence_at(at).is_some_and(|s| holds(T_ASKS_WHY, &s));
        // So does one stated in a clause before the question's own: «ماشینم دیشب دزدیده
        // شده، الان باید چیکار کنم؟». One supposed there asks: «اگر مشکلی پیش بیاید، چه کنم؟».
        let stated_before = |at: usize| {
            let clause = a.clause_at(at);
            let more = a
                .sentence_at(at)
                .is_some_and(|s| a.text()[clause.end..s.end].chars().any(char::is_alphabetic));
            more && !holds(T_CONDITION, &clause)
        };
        let problem_words = a
            .words_found
            .iter()
            .filter(|(r, tag)| {
                *tag == T_PROBLEM
                    && (!in_question(a, r.start) || asks_why(r.start) || stated_before(r.start))
            })
            .count();
        let colloquial = counts[T_COLLOQUIAL] + colloquial_verbs;
        let formal = counts[T_FORMAL];
        let bureaucratic = counts[T_BUREAUCRATIC];
        let register = if bureaucratic > 0 && bureaucratic + formal > colloquial {
            Register::Bureaucratic
        } else if colloquial > formal {
            Register::Colloquial
        } else if formal > colloquial {
            Register::Formal
        } else {
            Register::Neutral
        };

        let marks = Marks::of(a.original);
        let laughing = marks.laughing || counts[T_LAUGHTER] > 0 || laughter;
        let delighted = counts[T_DELIGHT] > 0 || marks.delighted;
        let shouting = marks.shouting;
        let insulting = counts[T_INSULT] > 0;
        let emotion = if insulting || (shouting && !delighted && !laughing) {
            Emotion::Angry
        } else if laughing {
            Emotion::Joking
        } else if delighted {
            Emotion::Excited
        } else {
            Emotion::Calm
        };
        // «مشکلم حل شد»: a problem already solved is thanks, not a report.
        let resolved = counts[T_RESOLVED] > 0 && emotion != Emotion::Angry;
        let reports_problem = !resolved
            && (emotion == Emotion::Angry || negated || marks.distressed || problem_words > 0);
        Profile {
            register,
            emotion,
            reports_problem,
        }
    }
}

/// Two ascending sequences of offsets as one.
fn merged(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        _ => b.next(),
    })
}

/// Whether the sentence holding normalised offset `at` is a question.
fn in_question(a: &Analysis<'_>, at: usize) -> bool {
    let Some(s) = a.sentence_at(at) else {
        return false;
    };
    let text = a.text();
    let own = text[s.clone()].trim_end();
    let next = text[s.end..].trim_start().chars().next();
    own.ends_with(['؟', '?']) || matches!(next, Some('؟' | '?'))
}

/// The matches of one list of [`WORDS`], without overlap (the longest at a place wins).
fn tagged(a: &Analysis<'_>, tag: usize) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = a
        .words_found
        .iter()
        .filter(|(_, g)| *g == tag)
        .map(|(r, _)| r.clone())
        .collect();
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in found {
        if out.last().is_none_or(|last| r.start >= last.end) {
            out.push(r);
        }
    }
    out
}

/// Where `a` is colloquial: colloquial words and verb forms, in the normalised view.
pub(crate) fn colloquial_markers(a: &Analysis<'_>) -> Vec<Range<usize>> {
    let t = a.norm.as_str();
    let mut out: Vec<Range<usize>> = tagged(a, T_COLLOQUIAL);
    out.extend(
        a.tokens
            .iter()
            .filter(|k| k.kind == TokenKind::Word && is_colloquial_verb(&t[k.range.clone()]))
            .map(|k| k.range.clone()),
    );
    out.sort_by_key(|r| r.start);
    out
}

/// Where `a` uses office-letter formulae, in the normalised view.
pub(crate) fn bureaucratic_markers(a: &Analysis<'_>) -> Vec<Range<usize>> {
    tagged(a, T_BUREAUCRATIC)
}

/// Colloquial verb forms: «میره»، «میرسه» (formal «می‌رود»، «می‌رسد»), «میخواین».
fn is_colloquial_verb(w: &str) -> bool {
    // Compared as bytes, the cheap tests first: this runs for every word.
    let b = w.as_bytes();
    let has_end = |e: &str| b.ends_with(e.as_bytes());
    let prefixed = b.starts_with("می".as_bytes()) || b.starts_with("نمی".as_bytes());
    let verb = prefixed && ((has_end("ه") && !has_end("یه")) || has_end("ین"));
    // «رمزمو»، «آدرسمو»: the object marker «رو» fused to «ـم».
    let object = has_end("مو");
    (verb || object) && w.chars().nth(3).is_some()
}

/// What the punctuation and emoji of a text show, read in one pass.
struct Marks {
    /// «!!»، «؟؟»، «?!».
    shouting: bool,
    laughing: bool,
    delighted: bool,
    distressed: bool,
}

impl Marks {
    fn of(text: &str) -> Marks {
        let mut m = Marks {
            shouting: false,
            laughing: false,
            delighted: false,
            distressed: false,
        };
        // Only these characters matter: «!», «?», «؟» (0xD8 0x9F), the emoji (0xF0 0x9F …),
        // «！» (0xEF 0xBC 0x81) and «❤» (0xE2 0x9D 0xA4). Each is looked for by a byte rare in
        // Persian text — «!», «?», or its second byte — and told by the byte before; the
        // text between is skipped unread. A character skipped between two marks resets `prev`
        // as any other would.
        let b = text.as_bytes();
        let found = merged(
            memchr::memchr3_iter(b'!', b'?', 0x9F, b),
            memchr::memchr2_iter(0xBC, 0x9D, b),
        );
        let mut prev = ' ';
        let mut prev_end = 0;
        for k in found {
            let at = match b[k] {
                b'!' | b'?' => k,
                _ if k > 0 && matches!(b[k - 1], 0xD8 | 0xF0 | 0xEF | 0xE2) => k - 1,
                // The second byte of another letter.
                _ => continue,
            };
            if at < prev_end {
                continue;
            }
            let Some(c) = text[at..].chars().next() else {
                continue;
            };
            if !matches!(c, '!' | '?' | '؟' | '！' | '❤') && c < '\u{10000}' {
                continue;
            }
            if at != prev_end {
                // Something else came between.
                prev = ' ';
            }
            let bang = matches!(c, '!' | '！');
            let ask = matches!(c, '?' | '؟');
            let prev_bang = matches!(prev, '!' | '！');
            let prev_ask = matches!(prev, '?' | '؟');
            m.shouting |= (bang && (prev_bang || prev_ask)) || (ask && prev_ask);
            if c > '\u{2000}' {
                m.laughing |= is_laughing_emoji(c);
                m.delighted |= is_delight_emoji(c);
                m.distressed |= matches!(
                    c,
                    '😩' | '😡' | '😤' | '😠' | '😞' | '😢' | '😭' | '😫' | '🤬' | '😒'
                );
            }
            prev = c;
            prev_end = at + c.len_utf8();
        }
        m
    }
}

/// «خخخ» and «ههه», which the normalised view folds to one letter.
pub fn is_laughter(word: &str) -> bool {
    word == "خ" || word == "ه"
}

/// Emoji of laughter and teasing.
pub fn is_laughing_emoji(c: char) -> bool {
    matches!(
        c,
        '😂' | '🤣' | '😅' | '😁' | '😆' | '😄' | '😜' | '😝' | '😛' | '🤪' | '😹' | '😉'
    )
}

fn is_delight_emoji(c: char) -> bool {
    matches!(
        c,
        '😍' | '🥳' | '🎉' | '❤' | '👏' | '🔥' | '🤩' | '💯' | '🥰' | '😊'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marks of a text read character by character: what [`Marks::of`] must find.
    fn marks_char_by_char(text: &str) -> (bool, bool, bool, bool) {
        let (mut shouting, mut laughing, mut delighted, mut distressed) =
            (false, false, false, false);
        let mut prev = ' ';
        for c in text.chars() {
            let bang = matches!(c, '!' | '！');
            let ask = matches!(c, '?' | '؟');
            shouting |= (bang && matches!(prev, '!' | '！' | '?' | '؟'))
                || (ask && matches!(prev, '?' | '؟'));
            laughing |= is_laughing_emoji(c);
            delighted |= is_delight_emoji(c);
            distressed |= "😩😡😤😠😞😢😭😫🤬😒".contains(c);
            prev = c;
        }
        (shouting, laughing, delighted, distressed)
    }

    #[test]
    fn marks_are_found_by_their_rare_bytes() {
        // Letters sharing a byte with a mark («ؼ» 0xD8 0xBC, «ٝ» 0xD9 0x9D, «ڟ» 0xDA 0x9F),
        // characters between marks (ZWNJ, «…», a variation selector, an emoji of no list).
        const PIECES: &[&str] = &[
            "!", "?", "؟", "！", "❤", "❤️", "😂", "😍", "😡", "🙂", "😀", "س", "ل", " ", "ؼ", "ٝ",
            "ڟ", "\u{200C}", "…", "⟟", "𝐀", "ی",
        ];
        for text in crate::text::testing::pieced_texts(PIECES, 7, 20_000) {
            let m = Marks::of(&text);
            assert_eq!(
                (m.shouting, m.laughing, m.delighted, m.distressed),
                marks_char_by_char(&text),
                "{text:?}"
            );
        }
    }

    const CASES: &[(&str, Register, Emotion, bool)] = &[
        (
            "ممنون، مشکلم حل شد",
            Register::Neutral,
            Emotion::Calm,
            false,
        ),
        (
            "مشکل حل نشد!! دوباره خراب شد",
            Register::Neutral,
            Emotion::Angry,
            true,
        ),
        (
            "سلام وقتتون بخیر. بنده دو هفته پیش درخواست دادم، ممکن است پیگیری بفرمایید؟",
            Register::Formal,
            Emotion::Calm,
            false,
        ),
        (
            "سلام، میخوام آدرسمو عوض کنم، میشه؟",
            Register::Colloquial,
            Emotion::Calm,
            false,
        ),
        (
            "احتراماً به استحضار می‌رساند درخواست جنابعالی ثبت گردید.",
            Register::Bureaucratic,
            Emotion::Calm,
            false,
        ),
        (
            "سفارشم هنوز نرسیده!!! دیگه خرید نمیکنم",
            Register::Colloquial,
            Emotion::Angry,
            true,
        ),
        (
            "کلاهبردارا پولمو پس بدید",
            Register::Colloquial,
            Emotion::Angry,
            true,
        ),
        (
            "وای عالیه، دمتون گرم! 😍",
            Register::Neutral,
            Emotion::Excited,
            false,
        ),
        ("خخخخ باشه 😂", Register::Colloquial, Emotion::Joking, false),
        (
            "اینترنتم از دیشب قطعه",
            Register::Neutral,
            Emotion::Calm,
            true,
        ),
        (
            "رسید پرداخت را کجا ببینم؟",
            Register::Neutral,
            Emotion::Calm,
            false,
        ),
        (
            "چرا نمی‌توانم وارد حسابم شوم؟",
            Register::Neutral,
            Emotion::Calm,
            true,
        ),
        (
            "قيمت اين مدل چقدره؟",
            Register::Neutral,
            Emotion::Calm,
            false,
        ),
        (
            "چرا برنامه هی قطع میشه؟",
            Register::Colloquial,
            Emotion::Calm,
            true,
        ),
        (
            "اگه سفارشم دیر برسه چیکار کنم؟",
            Register::Colloquial,
            Emotion::Calm,
            false,
        ),
        (
            "در صورت تأخیر در ارسال، چطور خبر می‌دهید؟",
            Register::Neutral,
            Emotion::Calm,
            false,
        ),
        (
            "گوشیم دیروز خراب شد، الان گارانتی چطوری کار می‌کنه؟",
            Register::Colloquial,
            Emotion::Calm,
            true,
        ),
        (
            "اگه وسط نصب برق قطع بشه، چیکار باید بکنم؟",
            Register::Colloquial,
            Emotion::Calm,
            false,
        ),
    ];

    #[test]
    fn marks_read_off_the_bytes() {
        for (text, shouting, laughing, delighted, distressed) in [
            ("چرا!!", true, false, false, false),
            ("چرا؟!", true, false, false, false),
            ("چرا?!", true, false, false, false),
            ("چرا؟؟", true, false, false, false),
            ("چرا! !", false, false, false, false),
            ("چرا!ب!", false, false, false, false),
            ("چرا!\u{065F}!", false, false, false, false),
            ("\u{065F}؟؟", true, false, false, false),
            ("سلام!\u{200C}!", false, false, false, false),
            ("عالی！！ 😂", true, true, false, false),
            ("مرسی 🎉", false, false, true, false),
            ("باز هم 😡", false, false, false, true),
            ("", false, false, false, false),
        ] {
            let m = Marks::of(text);
            assert_eq!(
                (m.shouting, m.laughing, m.delighted, m.distressed),
                (shouting, laughing, delighted, distressed),
                "{text:?}"
            );
        }
    }

    #[test]
    fn profiles() {
        for (text, register, emotion, problem) in CASES {
            let a = Analysis::new(text);
            let p = a.profile;
            assert_eq!(
                (p.register, p.emotion, p.reports_problem),
                (*register, *emotion, *problem),
                "{text:?}"
            );
        }
    }
}
