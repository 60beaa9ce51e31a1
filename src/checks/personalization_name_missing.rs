//! `personalization-name-missing`: the customer's name is known (or, for canned replies,
//! required) and the draft neither uses it nor a placeholder for it.

use super::name::NameUse;
use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let known = cx
        .draft
        .customer_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if known.is_none() && !cx.settings.require_name {
        return;
    }
    if *cx.name_use() == NameUse::Absent {
        match known {
            Some(name) => {
                out.flag(cx.first_sentence(), &[("name", name.to_owned())]);
            }
            // A canned reply: the name comes from the helpdesk, so ask for its placeholder.
            None => {
                out.flag_variant(
                    cx.first_sentence(),
                    "canned",
                    &[("name", "{{ticket.requester.first_name}}".to_owned())],
                );
            }
        }
    }
}
