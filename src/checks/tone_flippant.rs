//! `tone-flippant`: jokes, laughter, emoji or flippancy answering an angry customer, or a
//! joke the customer didn't start. Joke only after the customer did.

use super::vocabulary::List;
use super::{Context, Out};
use crate::text::{is_laughing_emoji, is_laughter, Emotion};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let customer = cx.customer.map(|c| c.profile.emotion);
    if customer == Some(Emotion::Joking) {
        return;
    }
    let angry = customer == Some(Emotion::Angry);
    let text = cx.text.text();
    let laughter = cx
        .text
        .tokens
        .iter()
        .map(|t| t.range.clone())
        // Laughter is one letter of two bytes: other words are passed on their length.
        .filter(|r| r.len() == 2 && is_laughter(&text[r.clone()]));
    let mut spans: Vec<std::ops::Range<usize>> = cx
        .vocabulary()
        .leftmost_longest(List::Flippant)
        .into_iter()
        .chain(laughter)
        .map(|r| cx.text.to_original(r))
        .collect();
    // Emoji only count against a known customer: laughter at anyone who didn't joke, any
    // emoji at an angry one.
    // Every emoji lahn looks for starts with a 0xF0 byte (U+1F300–U+1FAFF) or with 0xE2
    // 0x98–0x9E (U+2600–U+27BF): only characters starting so are decoded.
    if customer.is_some() {
        let text = &cx.draft.text;
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(k) = memchr::memchr2(0xE2, 0xF0, &b[i..]) {
            let at = i + k;
            let c = text[at..].chars().next().unwrap_or(' ');
            if is_laughing_emoji(c) || (angry && is_emoji(c)) {
                spans.push(at..at + c.len_utf8());
            }
            i = at + c.len_utf8();
        }
    }
    spans.sort_by_key(|r| r.start);
    let reason = out.text(
        match angry {
            true => "reason-angry",
            false => "reason-serious",
        },
        &[],
    );
    for span in spans {
        out.flag(span, &[("reason", reason.clone())]);
    }
}

/// Emoji other than 🙏, which goes with an apology or thanks and fits any customer.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF) && c != '🙏'
}
