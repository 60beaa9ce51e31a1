//! `closing-missing`: a chat or e-mail reply that ends without offering more help or
//! inviting the customer back.

use super::vocabulary::List;
use super::{Context, Out};
use crate::draft::Channel;
use crate::text::Register;

/// Offers of more help and invitations back (found by [`super::vocabulary`]).
pub(crate) const OFFERS: &[&str] = &[
    "در خدمتم",
    "در خدمتیم",
    "در خدمت شما هستم",
    "در خدمت شما هستیم",
    "در خدمتتون هستم",
    "کمک دیگری",
    "کمک دیگه",
    "کمک دیگهای",
    "کمک بیشتری",
    "کمک بیشتر",
    "سوال دیگری",
    "سوال دیگه",
    "سوال دیگهای",
    "سوالی بود",
    "سوالی داشتی",
    "سوالی داشتید",
    "سوالی دارید",
    "سوالی داری",
    "پرسشی دارید",
    "پرسشی داشتید",
    "پرسش دیگری",
    "پرسشی بود",
    "خبرم کن",
    "خبرم کنید",
    "خبرمون کن",
    "خبرمون کنید",
    "خبرم کنین",
    "به من اطلاع",
    "به ما اطلاع",
    "اطلاع دهید",
    "اطلاع بدید",
    "اطلاع بدین",
    "همینجا هستم",
    "همینجا هستیم",
    "همینجا بگویید",
    "همینجا بگید",
    "بپرس",
    "بپرسید",
    "بپرسین",
    "پیام بده",
    "پیام بدید",
    "پیام بدهید",
    "پیام بدین",
    "کاری داشتی",
    "کاری داشتید",
    "کاری بود",
    "کار دیگری",
    "کار دیگه",
    "مشکلی بود",
    "مشکل دیگری",
    "اگر باز هم",
    "اگه باز هم",
    "اگه بازم",
    "هر وقت",
    "هر زمان",
    "با کمال میل",
    "خوشحال میشم کمک",
    "خوشحال میشوم کمک",
    "راهنمایی بیشتری",
    "کمکتان کنم",
    "کمکت کنم",
    "کمکتون کنم",
    "کمک کنم",
    "با ما تماس بگیرید",
    "با من تماس بگیرید",
    "با ما در تماس باشید",
    "پاسخگو هستیم",
    "پاسخگوی شما",
    "امری",
    "بهم بگو",
    "بهم بگید",
    "به من بگو",
    "به من بگویید",
    "خبر بده",
    "خبر بدید",
    "خبر بدهید",
    "اطلاع بده",
    "کمک خواستی",
    "کمک خواستید",
    "کمک لازم داشتی",
    "کمک لازم داشتید",
    "کمکی خواستی",
    "کمکی لازم",
    "همینجا بنویسید",
    "همینجا بنویس",
    "بنویسید تا",
    "بنویس تا",
    "بنویسین تا",
    "کار دیگهای",
    "داشتی بگو",
    "داشتید بگویید",
    "بگو تا",
    "بگید تا",
    "بگویید تا",
    "بفرست تا",
    "بفرستید تا",
    "بفرستین تا",
    "پاسخ دهید تا",
    "جواب بدید تا",
    "جواب بده تا",
    "تا پیگیری کنم",
    "تا خودم",
    "خودم پیگیری",
    "هماهنگ کنم",
    "راهنماییتان میکنم",
    "راهنماییت میکنم",
    "راهنماییتون میکنم",
];

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    if matches!(cx.channel(), Some(Channel::Sms | Channel::Social)) {
        return;
    }
    // The offer belongs at the end: the last two sentences before the sign-off («با
    // احترام،» and a signature are short lines of their own).
    let mut sentences = &cx.text.sentences[..];
    while let [rest @ .., last] = sentences {
        let words = cx.text.words_in(last);
        if words > 3 || rest.is_empty() {
            break;
        }
        sentences = rest;
    }
    let from = sentences.len().saturating_sub(2);
    let tail_start = sentences.get(from).map_or(0, |s| s.start);
    if cx.vocabulary().has(List::Offers, tail_start) {
        return;
    }
    // The rule's suggestion is written in the neutral register; a casual reply gets a
    // casual closing.
    let casual = cx.text.profile.register == Register::Colloquial && out.persian();
    let f = out.flag(cx.last_sentence(), &[]);
    if casual {
        f.suggestion =
            Some("با یک پیشنهاد کمک تمام کنید: «اگه سوال دیگه‌ای داشتی، خبرم کن.»".to_owned());
    }
}
