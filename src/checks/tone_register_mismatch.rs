//! `tone-register-mismatch`: a register that doesn't fit the customer's — colloquial words
//! answering a formal customer, office-letter formulae answering a casual one.

use super::{Context, Out};
use crate::text::{bureaucratic_markers, colloquial_markers, Register};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let expected = match cx.customer {
        Some(c) => c.profile.register,
        None => match cx.settings.expected_register {
            Some(r) => r,
            None => return,
        },
    };
    let draft = cx.text.profile.register;
    let (markers, theirs, ours) = match (expected, draft) {
        (Register::Formal | Register::Bureaucratic, Register::Colloquial) => {
            (colloquial_markers(cx.text), expected, draft)
        }
        // Office-letter formulae fit only a customer who writes that way; to everyone else
        // they read as cold.
        (Register::Colloquial | Register::Neutral, Register::Bureaucratic) => {
            (bureaucratic_markers(cx.text), expected, draft)
        }
        _ => return,
    };
    let Some(first) = markers.first() else { return };
    let name = |r: Register| {
        let key = match r {
            Register::Colloquial => "register-colloquial",
            Register::Formal => "register-formal",
            Register::Bureaucratic => "register-bureaucratic",
            _ => "register-neutral",
        };
        out.text(key, &[])
    };
    let args = [("customer", name(theirs)), ("draft", name(ours))];
    let span = cx.text.to_original(first.clone());
    out.flag(span, &args);
}
