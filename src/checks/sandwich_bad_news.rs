//! `sandwich-bad-news`: bad news without something positive before it and something
//! hopeful after it. The suggestion builds the sandwich around the draft's own sentence, in
//! the draft's register.

use super::news::first_bad_news;
use super::{Context, Out};
use crate::text::Register;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let Some(news) = first_bad_news(cx) else {
        return;
    };
    if news.positive_before && news.hopeful_after {
        return;
    }
    let span = cx.text.to_original(news.sentence);
    let sentence = cx.draft.text[span.clone()].trim().to_owned();
    let casual = cx.text.profile.register == Register::Colloquial;
    let (before, after) = match (out.persian(), casual) {
        (true, false) => (
            "[یک نکته‌ی مثبت: «از اینکه این را با ما در میان گذاشتید ممنونم.»]",
            "[یک امید یا راه بعدی: «اما می‌توانم … / به‌محض تغییر، حتماً به شما خبر می‌دهم.»]",
        ),
        (true, true) => (
            "[یه نکته‌ی مثبت: «مرسی که گفتی!»]",
            "[یه راه یا امید بعدی: «ولی می‌تونم … / هر وقت درست شد، خبرت می‌کنم.»]",
        ),
        (false, _) => (
            "[something positive: thanks, or what is good about their request]",
            "[something hopeful: an alternative, the next step, a promise to report back]",
        ),
    };
    let skeleton = [before, " ", &sentence, " ", after].concat();
    let missing = match (news.positive_before, news.hopeful_after, out.persian()) {
        (false, false, true) => "قبل و بعد از آن",
        (false, true, true) => "قبل از آن",
        (true, false, true) => "بعد از آن",
        (false, false, false) => "before and after it",
        (false, true, false) => "before it",
        _ => "after it",
    };
    let f = out.flag(span, &[("missing", missing.to_owned())]);
    f.suggestion = Some(skeleton.into());
    // Bad news followed by a way on (an alternative, the next step, a promise) already
    // leaves the customer somewhere to go: the missing opening is advice.
    if news.hopeful_after {
        f.severity = crate::report::Severity::Info;
    }
}
