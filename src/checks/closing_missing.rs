//! `closing-missing`: a chat or e-mail reply that ends without offering more help or
//! inviting the customer back.

use super::vocabulary::List;
use super::{Context, Out};
use crate::draft::Channel;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    if matches!(cx.channel(), Some(Channel::Sms | Channel::Social)) {
        return;
    }
    // The offer belongs at the end: the last two sentences before the sign-off («با
    // احترام،» and a signature are short lines of their own).
    let mut sentences = &cx.text.sentences[..];
    while let [rest @ .., last] = sentences {
        let words = cx.text.words_in(last);
        if words > 3 || rest.is_empty() {
            break;
        }
        sentences = rest;
    }
    let from = sentences.len().saturating_sub(2);
    let tail_start = sentences.get(from).map_or(0, |s| s.start);
    if cx.vocabulary().has(List::Offers, tail_start) {
        return;
    }
    // The rule's suggestion is written in the neutral register; a casual Persian reply gets
    // a casual closing (the rule's `suggestion-colloquial`).
    if out.casual(cx) {
        out.flag_variant(cx.last_sentence(), "colloquial", &[]);
    } else {
        out.flag(cx.last_sentence(), &[]);
    }
}
