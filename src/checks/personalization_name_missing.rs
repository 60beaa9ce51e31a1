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
        let name = known.unwrap_or(if out.persian() {
            "نام مشتری"
        } else {
            "the customer's name"
        });
        out.flag(cx.first_sentence(), &[("name", name.to_owned())]);
    }
}
