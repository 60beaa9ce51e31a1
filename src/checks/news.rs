//! Bad news, and what softens it: something positive before, something hopeful after.
//! Used by the sandwich rule and by the closing rule's view of how a reply ends.

use std::ops::Range;

use super::vocabulary::List;
use super::Context;
use crate::report::Category;
use crate::text::{analyse_verb, TokenKind};

/// Rules whose matches are bad news. Of negativity-refusal's, those ending in a verb only
/// («نمی‌فروشیم»، «ارسال نمی‌کنیم»، «در اولویت نیست»): a bare «خیر / نه» is flagged as the
/// word itself, and the news it opens is flagged by what it says — one problem, not two
/// penalties on one word.
const BAD_NEWS_RULES: [&str; 9] = [
    REFUSAL,
    "negativity-prohibition",
    "negativity-inability",
    "negativity-unavailable",
    "negativity-blame",
    "negativity-rejection",
    "negativity-dead-end",
    "negativity-cost",
    "negativity-penalty",
];

const REFUSAL: &str = "negativity-refusal";
const PROHIBITION: &str = "negativity-prohibition";
const NOMINAL: &str = "negativity-nominal";

/// Whether a prohibition's words end in an imperative: «از … خودداری کنید»، «پیام تکراری
/// نزنید» ask the customer not to do a thing — advice, not news — while «مجاز نیستید» and
/// «ممنوع است» refuse them something.
fn asks(words: &str) -> bool {
    words
        .split_whitespace()
        .next_back()
        .and_then(analyse_verb)
        .is_some_and(|v| v.is_imperative())
}

/// Whether `clause` (a normalised range) holds a word or phrase of the class `apology`: a
/// clause that apologises for a delay or a mistake («بابت تأخیر پوزش می‌طلبم») acknowledges
/// it; it isn't news delivered.
fn apologises(cx: &Context<'_>, clause: &Range<usize>) -> bool {
    cx.vocabulary().has_within(List::Apology, clause)
}

/// Whether the last word of `hit` is a verb: a refusing verb, or the head after its
/// complement («اولویت نیست»).
fn ends_in_verb(hit: &str) -> bool {
    hit.rsplit(' ')
        .next()
        .is_some_and(|w| analyse_verb(w).is_some())
}

/// A clause that delivers bad news, with what surrounds it.
#[derive(Debug)]
pub(crate) struct BadNews {
    /// The sentence holding it, in the normalised view.
    pub sentence: Range<usize>,
    /// Whether something positive comes before it.
    pub positive_before: bool,
    /// Whether something hopeful comes after it.
    pub hopeful_after: bool,
    /// Whether all that comes after it hands the problem back to the customer: «با
    /// پشتیبانی تماس بگیرید»، «دوباره تلاش کنید», with no alternative and no promise.
    pub only_hand_off: bool,
}

/// The first piece of bad news in the draft, if any.
pub(crate) fn first_bad_news(cx: &Context<'_>) -> Option<BadNews> {
    let a = cx.text;
    let text = a.text();
    let from_rules = cx
        .hits_in(Category::Negativity)
        .filter(|h| {
            let id = &*cx.rules.at(h.rule).id;
            BAD_NEWS_RULES.contains(&id)
                && (id != REFUSAL || ends_in_verb(&text[h.range.clone()]))
                && (id != PROHIBITION || !asks(&text[h.range.clone()]))
        })
        .map(|h| h.range.clone());
    // Matches come in order, so the last clause's answer is kept: a long clause full of
    // matches is read once, not once per match.
    let mut last: Option<(Range<usize>, bool)> = None;
    let mut good_news = |r: &Range<usize>| {
        let clause = a.clause_at(r.start);
        if let Some((c, good)) = &last {
            if *c == clause {
                return *good;
            }
        }
        let good = cx.frames.is_good_news(r.start) || apologises(cx, &clause);
        last = Some((clause, good));
        good
    };
    let words = cx.vocabulary();
    let of = |list: List| words.of_list(list).cloned();
    // A way on that the clause then says there is none of: «… و جایگزینی هم ندارد»، «ولی
    // فعلاً موجود نیست». Its clause's next verb is a negated «داشتن / بودن» that tells, not
    // asks: «ولی نگران نباشید» still leads on.
    let denied = |r: &Range<usize>| {
        let clause = a.clause_at(r.start);
        let k = a.tokens.partition_point(|t| t.range.start < r.end);
        a.tokens[k..]
            .iter()
            .take_while(|t| t.range.end <= clause.end)
            // The verb that says so comes within a few words: «جایگزینی هم ندارد».
            .take(8)
            .filter(|t| t.kind == TokenKind::Word)
            .filter_map(|t| analyse_verb(&text[t.range.clone()]))
            .find(|v| !v.is_bare_past_stem())
            .is_some_and(|v| {
                v.negated
                    && matches!(v.lemma, "داشت" | "بود")
                    && !v.is_imperative()
                    && !v.is_subjunctive()
            })
    };
    // A word of bad news after a condition's marker in its clause, with no verb between,
    // is supposed, not news: «در صورت تأخیر بیش از دو ساعت، …»، «چنانچه در وصول آن تأخیر
    // افتاد، …». After the condition's verb it is news again: «اگر دسترسی ندارید متأسفانه …».
    let supposed = |r: &Range<usize>| {
        let clause = a.clause_at(r.start);
        let Some(marker) = words.last_within(List::Condition, &(clause.start..r.start)) else {
            return false;
        };
        !text[marker.end..r.start].split_whitespace().any(|w| {
            analyse_verb(w).is_some_and(|v| !v.is_bare_past_stem() && !v.copula || v.negated)
        })
    };
    // A thing ended or run out as the customer wished is done, not bad news: «ثبت‌نام شما
    // با موفقیت به پایان رسید»، «طبق درخواستتان اشتراک تمام شد» (`@at-request`).
    let as_asked = |r: &Range<usize>| {
        let clause = a.clause_at(r.start);
        let from = a.tokens.partition_point(|t| t.range.start < clause.start);
        let before: Vec<&str> = a.tokens[from..]
            .iter()
            .take_while(|t| t.range.end <= r.start)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| &text[t.range.clone()])
            .collect();
        cx.holds("at-request", &before)
    };
    let from_words = of(List::BadNews).filter(|r| !supposed(r) && !good_news(r) && !as_asked(r));
    let mut bad: Vec<Range<usize>> = from_rules.chain(from_words).collect();
    // With no other bad news, a «خیر / نه» that is a sentence of its own is the news («خیر.»),
    // and so is a nominal negation that opens its clause, a verdict or a heading: «تصمیم
    // نهایی: عدم پذیرش مقاله»، «عدم سرویس‌دهی در محدوده‌ی شما». After «خیر،» what follows
    // decides («خیر، هیچ هزینه‌ای ندارد»), and a «عدم» inside a clause is as often a case
    // named («پرداخت یا عدم پرداخت انعام به میل شماست»).
    if bad.is_empty() {
        let alone = |r: &Range<usize>| {
            a.sentence_at(r.start).is_some_and(|s| {
                text[s].trim_matches(|c: char| !c.is_alphabetic()) == &text[r.clone()]
            })
        };
        let opens = |r: &Range<usize>| {
            let clause = a.clause_at(r.start);
            text[clause.start..r.start]
                .chars()
                .all(|c| !c.is_alphabetic())
        };
        bad.extend(
            cx.hits_in(Category::Negativity)
                .filter(|h| match &*cx.rules.at(h.rule).id {
                    REFUSAL => alone(&h.range),
                    NOMINAL => opens(&h.range),
                    _ => false,
                })
                .map(|h| h.range.clone()),
        );
    }
    bad.sort_by_key(|r| (r.start, r.end));
    // Clauses, so a sentence like «ایده‌ی خوبی است، ولی …» counts its own first half as the
    // positive piece and «…، اما می‌توانید …» its second half as the hopeful one.
    let pieces = &a.clauses;
    // `bad` is sorted: its first and last are the first and last pieces of bad news.
    let first = bad.first()?.clone();
    // Good news counts as positive: «هیچ هزینه‌ای برای لغو وجود ندارد. با این حال، …».
    let positive_before = of(List::Positive).any(|r| r.end <= first.start)
        || cx
            .frames
            .good_news
            .first()
            .is_some_and(|c| c.end <= first.start);
    // Ways on in order: each piece looks only at those that start inside it. The real ones,
    // and all of them with those that only hand the problem back.
    let mut real: Vec<Range<usize>> = of(List::Hopeful).collect();
    real.sort_by_key(|r| (r.start, r.end));
    let mut hopeful: Vec<Range<usize>> = real.iter().cloned().chain(of(List::HandOff)).collect();
    hopeful.sort_by_key(|r| (r.start, r.end));
    // Whether a way on of `hopeful` follows the bad news at `at`: in the rest of its clause,
    // or in a later piece that holds no bad news.
    let way_on_after = |at: &Range<usize>, hopeful: &[Range<usize>]| {
        let clause = a.clause_at(at.start);
        // The bad news from the clause on, sorted by start, with the furthest end reached so
        // far: whether a piece holds some of it is two binary searches, not a scan per piece.
        let later_bad = &bad[bad.partition_point(|b| b.start < clause.start)..];
        let reach: Vec<usize> = later_bad
            .iter()
            .scan(0, |m, b| {
                *m = b.end.max(*m);
                Some(*m)
            })
            .collect();
        pieces.iter().filter(|p| p.start >= clause.start).any(|p| {
            let k = later_bad.partition_point(|b| b.start < p.start);
            let has_bad = k.checked_sub(1).is_some_and(|k| reach[k] > p.start)
                || later_bad
                    .get(k)
                    .is_some_and(|b| b.start < p.end && p.start < b.end);
            // A later piece that holds more bad news leaves the customer with it.
            let own = p.start == clause.start;
            if has_bad && !own {
                return false;
            }
            // In the news' own clause, what a «که» right after it opens is what the news is
            // about, not a way on: «امکانش نیست که خط رو به اسم شما منتقل کنیم».
            let body = if own {
                let from = at.end.min(p.end);
                match text[from..].trim_start().starts_with("که ") {
                    true => p.end..p.end,
                    false => from..p.end,
                }
            } else {
                p.clone()
            };
            // In the news' own clause, a way on counts when no more bad news follows it
            // there: «متأسفانه اون سایز تموم شده ولی سایز ۴۰ رو داریم» (the news after
            // «متأسفانه» is the same news), but not «… ولی فعلاً ارسال نمی‌کنیم».
            let way_on = hopeful[hopeful.partition_point(|r| r.start < body.start)..]
                .iter()
                .take_while(|r| r.start < body.end)
                .any(|r| {
                    let more_bad = || {
                        bad[bad.partition_point(|b| b.start < r.end)..]
                            .first()
                            .is_some_and(|b| b.start < p.end)
                    };
                    r.end <= body.end && !(own && more_bad()) && !denied(r)
                })
                // In a clause after the news, a verb that promises or tells what happens
                // next («…؛ برایتان رزرو کردیم»), but not in an apology («از اختلال پوزش
                // می‌خواهیم»): that acknowledges, it does not lead on. In the news' own
                // clause a future may be more of it: «… و مبلغ به قبض بعدی اضافه خواهد شد».
                || p.start > clause.start
                    && cx.frames.ways_on_in(&body).any(|at| !apologises(cx, &a.clause_at(at)));
            way_on
        })
    };
    // The first piece of bad news needs a way on, and so does the last: one that comes
    // between two pieces of it leaves the customer with the second.
    let last = bad.last()?.clone();
    let after_first = way_on_after(&first, &hopeful);
    let after_last = last == first || way_on_after(&last, &hopeful);
    let hopeful_after = after_first && after_last;
    let only_hand_off = hopeful_after
        && !(way_on_after(&first, &real) && (last == first || way_on_after(&last, &real)));
    let at = match positive_before && after_first {
        true => last.start,
        false => first.start,
    };
    let sentence = a.sentence_at(at).unwrap_or(0..text.len());
    Some(BadNews {
        sentence,
        positive_before,
        hopeful_after,
        only_hand_off,
    })
}
