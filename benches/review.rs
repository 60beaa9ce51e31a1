//! Review speed: building the default coach, a chat reply with its customer message, an
//! e-mail, and throughput over a megabyte of Persian replies. Each bench checks the result it
//! times before timing it.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use lahn::{Category, Channel, Coach, Draft};

/// About 60 words, colloquial, no ZWNJ, with emoji and a placeholder.
const CHAT: &str = "سلام {{ticket.requester.first_name}} جان 🙂 متاسفانه نمیتونیم سفارشت رو امروز ارسال کنیم چون انبار تهران تا فردا تعطیله و باید صبر کنی. کد رهگیری 88214 رو هم فردا صبح برات پیامک میکنیم تا وضعیت بسته رو ببینی. همکاران ما در حال بررسی هستند و در اسرع وقت رسیدگی خواهد شد. امری باشه؟ اگه سوالی داشتی همینجا بپرس، خبرم کن!!";
const CUSTOMER: &str = "سلام، سفارشم دو روزه هنوز ارسال نشده!!! چرا اینقدر طول میکشه؟";

/// About 250 words, formal, with ZWNJ, Arabic letters and mixed digits.
const EMAIL: &str = "محمدرضا عزیز، سلام و وقت بخیر. از اینکه پیشنهاد گزارش‌گیری ماهانه را با ما در میان گذاشتید بسیار سپاسگزاریم. ایده‌ی شما برای تیم محصول ما ارزشمند است و آن را در جلسه‌ی هفتگی مطرح کردیم. متأسفانه در حال حاضر امکان افزودن این قابلیت به پنل وجود ندارد، زیرا زیرساخت گزارش‌ها در حال بازنویسی است و تا پایان فصل تغییری در آن نمی‌دهیم. اما می‌توانید تا آن زمان از خروجی اکسل تراکنش‌ها استفاده کنید؛ این خروجی در بخش «گزارش‌ها» قرار دارد و همه‌ی تراکنش‌های ماه را با جزئیات نشان می‌دهد. برای ساختن گزارش ماهانه کافی است بازه‌ی تاریخ را از ابتدای ماه تا پایان آن انتخاب کنید و روی دکمه‌ی دریافت بزنید. اگر بخواهید، یک قالب آماده‌ی اکسل هم برایتان می‌فرستم که نمودارهای ماهانه را خودکار می‌سازد. به‌محض اینکه قابلیت گزارش ماهانه به پنل اضافه شود، حتماً به شما خبر می‌دهم و راهنمای استفاده از آن را هم برایتان ارسال می‌کنم. همچنین اگر نکته‌ی دیگری درباره‌ی گزارش‌ها به ذهنتان رسید، خوشحال می‌شویم بشنویم؛ بسیاری از بهبودهای پنل از پیشنهادهای مشتریانی مثل شما آمده است. شماره‌ی پیگیری این درخواست 4521 است و در پرونده‌ی شما ثبت شده است. اگر درباره‌ی خروجی اکسل یا قالب آماده سؤالی داشتید، در خدمتم و با کمال میل راهنمایی‌تان می‌کنم. با سپاس فراوان، مریم از تیم پشتیبانی. این پیام در پاسخ به درخواست شما در تاریخ ۱۴۰۳/۰۸/۱۲ ارسال شده است و برای دسترسی سریع‌تر به پاسخ‌ها می‌توانید از بخش پیام‌های پنل نیز استفاده کنید. همه‌ی گفت‌وگوهای شما با پشتیبانی در همان بخش نگه‌داری می‌شود تا هر زمان خواستید به آن‌ها برگردید.";

fn bench(c: &mut Criterion) {
    c.bench_function("build default coach", |b| {
        assert!(Coach::builder().build().unwrap().rules().len() > 30);
        b.iter(|| Coach::builder().build().unwrap())
    });

    let coach = Coach::default();
    let chat = Draft::new(CHAT)
        .customer_message(CUSTOMER)
        .customer_name("سپیده")
        .channel(Channel::Chat);
    let report = coach.review(&chat);
    for category in [Category::Negativity, Category::Cliche, Category::Empathy] {
        assert!(report.flags(category), "{category}");
    }
    // The bad news has a way on after it («فردا صبح … پیامک میکنیم»): the missing opening is
    // advice.
    assert!(report
        .findings
        .iter()
        .any(|f| &*f.rule == "sandwich-bad-news"));
    c.bench_function("review chat reply (60 words)", |b| {
        b.iter(|| coach.review(&chat))
    });

    let email = Draft::new(EMAIL)
        .customer_name("محمد رضا")
        .channel(Channel::Email);
    let report = coach.review(&email);
    assert!(report.flags(Category::Length) && !report.flags(Category::Personalization));
    c.bench_function("review email (250 words)", |b| {
        b.iter(|| coach.review(&email))
    });

    // About a megabyte of replies, reviewed one draft each, as `lahn batch` does.
    let drafts: Vec<Draft> = std::iter::repeat([CHAT, EMAIL])
        .flatten()
        .scan(0usize, |size, t| {
            *size += t.len();
            (*size <= 1 << 20).then(|| {
                Draft::new(t)
                    .customer_message(CUSTOMER)
                    .channel(Channel::Chat)
            })
        })
        .collect();
    let bytes: usize = drafts.iter().map(|d| d.text.len()).sum();
    assert!(bytes > 1_000_000 && coach.review(&drafts[0]).flags(Category::Negativity));
    let mut group = c.benchmark_group("throughput");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("review 1 MB of replies", |b| {
        b.iter_batched(
            || (),
            |()| drafts.iter().map(|d| coach.review(d).score).sum::<u32>(),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
