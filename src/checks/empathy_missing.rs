//! `empathy-missing`: the customer reports a problem, a complaint or a frustration, and
//! the draft neither apologises, empathises nor thanks them for telling.

use super::vocabulary::List;
use super::{Context, Out};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let Some(customer) = cx.customer else { return };
    if !customer.profile.reports_problem || cx.vocabulary().has(List::Caring, 0) {
        return;
    }
    // A casual Persian reply gets a casual opening (the rule's `suggestion-colloquial`).
    if out.casual(cx) {
        out.flag_variant(cx.first_sentence(), "colloquial", &[]);
    } else {
        out.flag(cx.first_sentence(), &[]);
    }
}
