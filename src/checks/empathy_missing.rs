//! `empathy-missing`: the customer reports a problem, a complaint or a frustration, and
//! the draft neither apologises, empathises nor thanks them for telling.

use super::vocabulary::List;
use super::{Context, Out};
use crate::text::Register;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let Some(customer) = cx.customer else { return };
    if !customer.profile.reports_problem || cx.vocabulary().has(List::Caring, 0) {
        return;
    }
    let casual = cx.text.profile.register == Register::Colloquial && out.persian();
    let f = out.flag(cx.first_sentence(), &[]);
    if casual {
        f.suggestion = Some("اول همدلی کنید: «واقعاً ببخشید که اذیت شدی؛ الان درستش می‌کنم.»".into());
    }
}
