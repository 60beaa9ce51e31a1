//! `length-sentence`: a sentence so long the customer loses its thread.

use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let limit = cx.settings.limits.sentence;
    for s in &cx.text.sentences {
        let words = cx.text.words_in(s);
        if words > limit {
            out.flag(
                cx.text.to_original(s.clone()),
                &[
                    ("words", out.lang.digits(&words.to_string())),
                    ("limit", out.lang.digits(&limit.to_string())),
                ],
            );
        }
    }
}
