//! `personalization-name-misspelled`: a word where the customer's name belongs that is not
//! their name as they write it («سارا» for «ساره»).

use super::name::NameUse;
use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let Some(name) = cx
        .draft
        .customer_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        return;
    };
    if let NameUse::Misspelled(span) = cx.name_use().clone() {
        let written = cx.draft.text[span.clone()].to_owned();
        let f = out.flag(span, &[("name", name.to_owned()), ("written", written)]);
        f.fix = Some(crate::Fix {
            replacement: name.to_owned(),
            safe: false,
        });
    }
}
