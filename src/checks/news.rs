//! Bad news, and what softens it: something positive before, something hopeful after.
//! Used by the sandwich rule and by the closing rule's view of how a reply ends.

use std::ops::Range;

use once_cell::sync::Lazy;

use super::Context;
use crate::report::Category;
use crate::text::{clauses, Lexicon};

/// Words that announce bad news.
static BAD_NEWS: Lazy<Lexicon> = Lazy::new(|| {
    Lexicon::new(&[
        "متاسفانه",
        "متاسفانه",
        "با تاخیر",
        "تاخیر",
        "تأخیر",
        "دیرتر از",
        "به تعویق",
        "عقب افتاده",
        "رد شد",
        "رد شده",
        "پذیرفته نشد",
        "تایید نشد",
        "تایید نشده",
        "ممکن نیست",
        "امکان ندارد",
        "شامل نمیشود",
        "شامل نمیشه",
        "تعلق نمیگیرد",
        "تعلق نمیگیره",
        "پر شده",
        "پر شد",
        "تکمیل شده",
        "ظرفیت تکمیل",
        "تمام شده",
        "تموم شده",
        "به اتمام رسیده",
        "ناموجود",
    ])
});

/// A clause that negates one of these is good news («هیچ جریمه‌ای تعلق نمی‌گیرد»).
const GOOD_WHEN_NEGATED: [&str; 7] = ["جریمه", "هزینه", "کارمزد", "مشکلی", "نگرانی", "ضرر", "هیچ"];

/// Words of something positive: thanks, appreciation, good news, understanding.
static POSITIVE: Lazy<Lexicon> = Lazy::new(|| {
    Lexicon::new(&[
        "ممنون",
        "ممنونم",
        "ممنونیم",
        "متشکرم",
        "متشکریم",
        "سپاس",
        "سپاسگزارم",
        "سپاسگزاریم",
        "مرسی",
        "تشکر",
        "خوشحالم",
        "خوشحالیم",
        "خوب",
        "خوبی",
        "عالی",
        "عالیه",
        "مفید",
        "ارزشمند",
        "جالب",
        "ایده",
        "ایدهی",
        "پیشنهاد خوبی",
        "درک میکنم",
        "متوجه",
        "حق دارید",
        "حق داری",
        "خوشبختانه",
        "قدردانی",
        "لطف",
        "لطف کردید",
        "ممنون که",
        "مرسی که",
        "بسیار خوب",
        "چه خوب",
    ])
});

/// Words of something hopeful: an alternative, a next step, a promise to report back.
static HOPEFUL: Lazy<Lexicon> = Lazy::new(|| {
    Lexicon::new(&[
        "اما",
        "ولی",
        "البته",
        "در عوض",
        "به جای",
        "بجای",
        "جایگزین",
        "پیشنهاد میکنم",
        "پیشنهاد میکنیم",
        "میتوانید",
        "میتونید",
        "میتونی",
        "میتونین",
        "میتوانم",
        "میتونم",
        "میتوانیم",
        "میتونیم",
        "حتما",
        "بهزودی",
        "به زودی",
        "در آینده",
        "به اطلاع",
        "اطلاع میدهم",
        "اطلاع میدهیم",
        "خبرتان",
        "خبرت",
        "خبر میدم",
        "خبر میدیم",
        "پیگیری میکنم",
        "پیگیری میکنیم",
        "کمک میگیریم",
        "در نظر",
        "فهرست",
        "لیست انتظار",
        "به محض",
        "بهمحض",
        "هر وقت",
        "هر زمان",
        "گزینه",
        "راه دیگر",
        "راه دیگری",
        "خوشبختانه",
        "اضافه میکنیم",
        "بررسی میکنیم",
        "منتقل",
    ])
});

/// Phrase-rule categories whose matches are bad news.
const BAD_NEWS_RULES: [&str; 4] = [
    "negativity-inability",
    "negativity-unavailable",
    "negativity-refusal",
    "negativity-blame",
];

/// A clause that delivers bad news, with what surrounds it.
#[derive(Debug)]
pub(crate) struct BadNews {
    /// The sentence holding it, in the normalised view.
    pub sentence: Range<usize>,
    /// Whether something positive comes before it.
    pub positive_before: bool,
    /// Whether something hopeful comes after it.
    pub hopeful_after: bool,
}

/// The first piece of bad news in the draft, if any.
pub(crate) fn first_bad_news(cx: &Context<'_>) -> Option<BadNews> {
    let a = cx.text;
    let text = a.text();
    let from_rules = cx
        .hits_in(Category::Negativity)
        .filter(|h| BAD_NEWS_RULES.contains(&&*cx.rules.at(h.rule).id))
        .map(|h| h.range.clone());
    let good_news = |r: &Range<usize>| {
        let clause = a.clause_at(r.start);
        let words: Vec<&str> = text[clause].split(' ').collect();
        GOOD_WHEN_NEGATED
            .iter()
            .any(|g| words.iter().any(|w| w.starts_with(g)))
    };
    let from_words = BAD_NEWS.find_iter(text).filter(|r| !good_news(r)).chain(
        // A first-person plural negative verb is a refusal: «نمی‌فروشیم»، «ارسال نمی‌کنیم».
        a.tokens.iter().map(|t| t.range.clone()).filter(|r| {
            let w = &text[r.clone()];
            w.starts_with("نمی") && w.ends_with("یم") && w.chars().count() >= 6
        }),
    );
    let bad: Vec<Range<usize>> = from_rules.chain(from_words).collect();
    let at = bad.iter().min_by_key(|r| r.start)?.clone();
    let sentence = a.sentence_at(at.start).unwrap_or(0..text.len());
    // Clauses, so a sentence like «ایده‌ی خوبی است، ولی …» counts its own first half as the
    // positive piece and «…، اما می‌توانید …» its second half as the hopeful one.
    let pieces: Vec<Range<usize>> = a
        .sentences
        .iter()
        .flat_map(|s| {
            clauses(&text[s.clone()], &[])
                .into_iter()
                .map(move |c| c.start + s.start..c.end + s.start)
        })
        .collect();
    let clause = pieces
        .iter()
        .find(|c| c.start <= at.start && at.start < c.end)
        .cloned()
        .unwrap_or(sentence.clone());
    let positive_before = POSITIVE.is_in(&text[..at.start]);
    let hopeful_after = pieces.iter().filter(|p| p.start >= clause.start).any(|p| {
        let has_bad = bad
            .iter()
            .any(|b| b.start < p.end && p.start < b.end && b.start >= clause.start);
        let body = if p.start == clause.start {
            &text[at.end.min(p.end)..p.end]
        } else {
            &text[p.clone()]
        };
        HOPEFUL.is_in(body)
            && (!has_bad
                || p.start == clause.start
                    && !bad.iter().any(|b| b.start >= at.end && b.start < p.end))
    });
    Some(BadNews {
        sentence,
        positive_before,
        hopeful_after,
    })
}
