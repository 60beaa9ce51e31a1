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
    // Bad news followed by a way on (an alternative, the next step, a promise) already
    // leaves the customer somewhere to go: the missing opening is advice.
    if news.hopeful_after {
        f.severity = crate::report::Severity::Info;
    }
}
