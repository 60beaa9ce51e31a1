//! `empathy-missing`: the customer reports a problem, a complaint or a frustration, and
//! the draft neither apologises, empathises nor thanks them for telling.

use super::vocabulary::List;
use super::{Context, Out};
use crate::text::Register;

/// Apology, empathy and thanks for telling (found by [`super::vocabulary`]).
pub(crate) const CARING: &[&str] = &[
    // Apology.
    "عذرخواهی",
    "عذر میخواهم",
    "عذر میخواهیم",
    "پوزش",
    "پوزش میطلبم",
    "متاسفم",
    "متاسفیم",
    "ببخشید",
    "ببخشین",
    "ببخش",
    "شرمنده",
    "شرمندهایم",
    "شرمندهام",
    "معذرت",
    "معذرت میخوام",
    "عذر میخوام",
    // Empathy.
    "درک میکنم",
    "درک میکنیم",
    "درکتون میکنم",
    "درکت میکنم",
    "حق دارید",
    "حق داری",
    "حق دارین",
    "میفهمم",
    "میدونم چقدر",
    "میدانم چقدر",
    "ناراحت شدید",
    "ناراحتی شما",
    "ناراحت کننده",
    "ناخوشایند",
    "خیلی بد شد",
    "واقعا بد",
    "اذیت شدید",
    "اذیت شدی",
    "دردسر",
    "زحمت افتادید",
    "سختی",
    "کلافه",
    "امیدوارم حالتان",
    "امیدوارم حالت",
    "امیدوارم حالتون",
    "امیدوارم بهتر",
    "امیدوارم زودتر",
    // Thanks for telling.
    "ممنون که",
    "مرسی که",
    "ممنون از اطلاع",
    "سپاس از اطلاع",
    "متشکرم که",
    "سپاسگزارم که",
    "ممنونم که",
    "ممنون بابت",
    "مرسی بابت",
    "سپاس بابت",
    "ممنونیم که",
    "از گزارش شما",
    "بابت گزارش",
    "تشکر میکنم که",
];

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let Some(customer) = cx.customer else { return };
    if !customer.profile.reports_problem || cx.vocabulary().has(List::Caring, 0) {
        return;
    }
    let casual = cx.text.profile.register == Register::Colloquial && out.persian();
    let f = out.flag(cx.first_sentence(), &[]);
    if casual {
        f.suggestion =
            Some("اول همدلی کنید: «واقعاً ببخشید که اذیت شدی؛ الان درستش می‌کنم.»".to_owned());
    }
}
