//! `length-empty-reply`: a blank draft answering a customer's message. The only check that
//! reads a blank draft.

use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    if cx.text.is_blank() && cx.customer.is_some() {
        out.flag(0..cx.draft.text.len(), &[]);
    }
}
