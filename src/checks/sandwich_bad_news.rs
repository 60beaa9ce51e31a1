//! `sandwich-bad-news`: bad news without something positive before it and something
//! hopeful after it. The suggestion builds the sandwich around the draft's own sentence, in
//! the draft's register.

use super::news::first_bad_news;
use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let Some(news) = first_bad_news(cx) else {
        return;
    };
    if news.positive_before && news.hopeful_after {
        return;
    }
    let span = cx.text.to_original(news.sentence);
    let sentence = cx.draft.text[span.clone()].trim().to_owned();
    // The skeleton's pieces in the draft's register.
    let register = match out.casual(cx) {
        true => "-colloquial",
        false => "",
    };
    let piece = |key: &str| out.text_or(&[key, register].concat(), key, &[]);
    let skeleton = [
        piece("before"),
        " ".into(),
        sentence,
        " ".into(),
        piece("after"),
    ]
    .concat();
    let missing = match (news.positive_before, news.hopeful_after) {
        (false, false) => "missing-both",
        (false, true) => "missing-before",
        _ => "missing-after",
    };
    let missing = out.text(missing, &[]);
    let f = out.flag(span, &[("missing", missing)]);
    f.suggestion = Some(skeleton.into());
    // Bad news followed by a way on (an alternative, a promise) already leaves the customer
    // somewhere to go: the missing opening is advice. Sent back to support or to try again,
    // they are left with the problem, and the bare news stands.
    if news.hopeful_after && !news.only_hand_off {
        f.severity = crate::report::Severity::Info;
    }
}

#[cfg(test)]
mod tests {
    use crate::{Coach, Draft, Severity};

    fn sandwich(text: &str) -> Option<Severity> {
        Coach::default()
            .review(&Draft::new(text))
            .findings
            .into_iter()
            .find(|f| &*f.rule == "sandwich-bad-news")
            .map(|f| f.severity)
    }

    #[test]
    fn an_alternative_after_the_news_makes_the_missing_opening_a_note() {
        for text in [
            "این رنگ تموم شده، ولی می‌تونی مدل آبیش رو سفارش بدی 🙂",
            "رزرو شما لغو شد. میتوانید زمان دیگری را انتخاب کنید.",
            "متأسفانه ارسال امروز ممکن نیست؛ سفارش فردا صبح ارسال می‌شود.",
            // «متأسفانه» and what follows it are one piece of news, before the way on.
            "سلام، متاسفانه اون سایز تموم شده ولی سایز ۴۰ هنوز داریم 🌸",
        ] {
            assert_eq!(sandwich(text), Some(Severity::Info), "{text}");
        }
    }

    #[test]
    fn a_way_on_the_reply_then_denies_is_none() {
        for text in [
            "این کالا دیگر تولید نمی‌شود و جایگزینی هم ندارد.",
            "متاسفانه این رنگ تموم شده، ولی فعلا موجود نیست.",
        ] {
            assert_eq!(sandwich(text), Some(Severity::Warning), "{text}");
        }
        // Told not to worry is still a way on.
        let text = "این رنگ تموم شده، ولی نگران نباشید، مدل آبیش هست.";
        assert_eq!(sandwich(text), Some(Severity::Info), "{text}");
    }

    #[test]
    fn a_way_on_that_hands_the_problem_back_leaves_the_news_bare() {
        for text in [
            "حساب کاربري شما مسدود شده است. لطفا با پشتیباني تماس بگيريد.",
            "❌ پرداخت ناموفق بود، مجددا تلاش کنید",
            "متاسفانه کد تخفیف شما باطل شده. در صورت نیاز با ما در ارتباط باشید 🙏",
        ] {
            assert_eq!(sandwich(text), Some(Severity::Warning), "{text}");
        }
        // What a «که» after the news opens is what the news is about: no way on.
        let text = "امکانش نیست که سفارش رو به آدرس جدید منتقل کنیم.";
        assert_eq!(sandwich(text), Some(Severity::Warning), "{text}");
        // Both: the alternative is a way on of its own.
        let text =
            "سفارش شما لغو شد. می‌توانید کالای مشابه را انتخاب کنید یا با پشتیبانی تماس بگیرید.";
        assert_eq!(sandwich(text), Some(Severity::Info), "{text}");
    }
}
