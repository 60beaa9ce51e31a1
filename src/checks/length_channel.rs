//! `length-channel`: a reply too long for its channel. Chat, social and e-mail are limited
//! in words; SMS in parts, counted the way phones do.

use super::{Context, Out};
use crate::draft::Channel;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let Some(channel) = cx.channel() else { return };
    let limits = &cx.settings.limits;
    let text = &cx.draft.text;
    match limits.words(channel) {
        Some(limit) => {
            let tokens = &cx.text.tokens;
            if tokens.len() > limit {
                // Underline what is past the limit: that is what goes unread.
                let from = cx.text.to_original(tokens[limit].range.clone()).start;
                let args = [
                    ("size", count(out, "words", tokens.len(), 0)),
                    ("limit", count(out, "words", limit, 0)),
                    (
                        "channel",
                        out.text(&["channel-", channel.name()].concat(), &[]),
                    ),
                ];
                out.flag(from..text.trim_end().len().max(from), &args);
            }
        }
        None => {
            let sms = Sms::measure(text);
            if sms.parts > limits.sms_parts {
                let from = sms.overflow_at.min(text.len());
                let args = [
                    ("size", count(out, "sms-parts", sms.parts, sms.units)),
                    ("limit", count(out, "parts", limits.sms_parts, 0)),
                    (
                        "channel",
                        out.text(&["channel-", Channel::Sms.name()].concat(), &[]),
                    ),
                ];
                out.flag(from..text.len(), &args);
            }
        }
    }
}

/// The rule's text `key` ("words", "parts", "sms-parts") for `n` (and `units`), in the
/// language's digits.
fn count(out: &Out<'_>, key: &str, n: usize, units: usize) -> String {
    let digits = |v: usize| out.lang.digits(&v.to_string());
    out.text(key, &[("n", digits(n)), ("units", digits(units))])
}

/// The length of a text as an SMS.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Sms {
    /// Characters in the message's encoding: UTF-16 units for UCS-2, septets for GSM-7.
    pub units: usize,
    /// How many parts it is sent in.
    pub parts: usize,
    /// Byte offset where the first part ends.
    pub overflow_at: usize,
}

impl Sms {
    pub(crate) fn measure(text: &str) -> Sms {
        // One character outside GSM-7 (any Persian letter) sends the whole message as UCS-2.
        let ucs2 = !text.chars().all(is_gsm7);
        let (single, multi) = if ucs2 { (70, 67) } else { (160, 153) };
        let cost = |c: char| {
            if ucs2 {
                c.len_utf16()
            } else if is_gsm7_extended(c) {
                2
            } else {
                1
            }
        };
        let units: usize = text.chars().map(cost).sum();
        let parts = if units == 0 {
            0
        } else if units <= single {
            1
        } else {
            units.div_ceil(multi)
        };
        let mut seen = 0;
        let mut overflow_at = text.len();
        for (i, c) in text.char_indices() {
            seen += cost(c);
            if seen > single {
                overflow_at = i;
                break;
            }
        }
        Sms {
            units,
            parts,
            overflow_at,
        }
    }
}

fn is_gsm7(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || " \n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà".contains(c)
        || is_gsm7_extended(c)
}

fn is_gsm7_extended(c: char) -> bool {
    "^{}\\[~]|€".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sms_parts() {
        let persian_70 = "س".repeat(70);
        assert_eq!(Sms::measure(&persian_70).parts, 1);
        let persian_71 = "س".repeat(71);
        assert_eq!(
            Sms::measure(&persian_71),
            Sms {
                units: 71,
                parts: 2,
                overflow_at: 140
            }
        );
        assert_eq!(Sms::measure(&"س".repeat(135)).parts, 3);
        assert_eq!(Sms::measure(&"a".repeat(160)).parts, 1);
        assert_eq!(Sms::measure(&"a".repeat(161)).parts, 2);
        // An emoji outside the BMP is two UTF-16 units.
        assert_eq!(Sms::measure(&format!("{}😀", "س".repeat(68))).units, 70);
        assert_eq!(Sms::measure(&format!("{}😀", "س".repeat(69))).parts, 2);
        assert_eq!(Sms::measure("").parts, 0);
    }
}
