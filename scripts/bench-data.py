#!/usr/bin/env python3
"""Generates the inputs of lahn's whole-process benchmarks, the same bytes on every run.

    bench-data.py drafts OUT [BYTES]   JSON Lines for `lahn batch`: about BYTES (default 1 MB)
                                       of replies with their customer's message, name and
                                       channel, in several registers (formal, colloquial,
                                       with and without ZWNJ, Arabic letters, emoji, mixed
                                       digits).
    bench-data.py macros DIR           10,000 macros for `lahn check`: DIR/export.json (one
                                       Zendesk export) and DIR/files/ (one file per macro).
"""
import json
import os
import random
import sys


def drafts(out, size):
    random.seed(13)
    names = ["سپیده", "محمدرضا", "علی", "نگار", "مهدی", "زهرا", "Sara", "کیوان"]
    asks = [
        "سلام، سفارشم سه روزه نرسیده!!! این چه وضعشه؟",
        "با سلام، امکان ارسال فاکتور رسمی وجود دارد؟",
        "رمزم رو فراموش کردم و پیامک هم نمیاد 😡",
        "چرا مبلغ دو بار از حسابم کم شده؟ کد پیگیری 48213",
        "کالا خراب رسید، می‌خوام پسش بدم.",
        "",
    ]
    opens = ["سلام {name} عزیز،", "{name} جان سلام،", "مشتری گرامی،", "سلام،", "با سلام و احترام،",
             "سلام {name}", ""]
    middles = [
        "سفارش شما امروز از انبار خارج شد و تا پنجشنبه به دست‌تان می‌رسد.",
        "متاسفانه نمیتونیم این کالا را پس بگیریم چون بسته باز شده است.",
        "از صبر و شکیبایی شما سپاسگزاریم؛ همکاران ما در حال بررسی هستند.",
        "برای تغییر رمز کافی است روی «فراموشی رمز» بزنید تا پیوند تازه برای‌تان بیاید.",
        "خطای 502 به خاطر timeout در load balancer بود و برطرف شد.",
        "مبلغ بازپرداخت تا 3 روز کاری به کارتتان برمیگردد و پیامک تأیید هم میگیرید.",
        "باید شماره سفارش را دوباره وارد کنید تا درخواست ثبت شود.",
        "کد تخفیف تازه‌ی شما «بهار۱۴۰۳» است و تا آخر ماه اعتبار دارد.",
        "تماس شما برای ما بسيار مهم است و در اسرع وقت پاسخ می‌دهیم.",
        "این مدل فعلا موجود نیست ولی نسخه‌ی مشابه آن را با همان قیمت داریم.",
        "واقعا ببخشید که منتظر موندی، خودم پیگیری میکنم و تا عصر خبرت میدم 🙏",
        "هزینه ی ارسال این سفارش ها رایگان است و کتاب ها فردا میرسند.",
        "لطفاً صبر کنید...ما در حال بررسی مشکل شما هستیم   و نتیجه را خبر میدهیم!!!",
        "مبلغ 4,500,000 تومان تا ۴۸ ساعت دیگر به حساب شما واریز می‌شود.",
        "براي پيگيري سفارش كد 12345 را در https://example.com/track وارد كنيد.",
        "ســـلام، خیلیییی ممنون از صبر شما 😂",
        "طبق قوانین شرکت امکان استرداد وجه وجود ندارد.",
        "فاکتور رسمی با مهر شرکت را همین امروز به ایمیل‌تان می‌فرستم.",
    ]
    closes = ["اگر سوال دیگری دارید، در خدمتم.", "امری باشه؟", "کمک دیگری از دست من ساخته است؟",
              "با تشکر", "ممنون که صبوری کردی 🌷", ""]
    channels = ["chat", "email", "sms", "social", None]
    written, n = 0, 0
    with open(out, "w", encoding="utf-8") as f:
        while written < size:
            n += 1
            name = random.choice(names)
            parts = [random.choice(opens).format(name=name)]
            parts += random.sample(middles, random.randint(1, 5))
            parts.append(random.choice(closes))
            line = {"id": f"t-{n}", "draft": " ".join(p for p in parts if p)}
            ask = random.choice(asks)
            if ask:
                line["customer_message"] = ask
                line["customer_name"] = name
            channel = random.choice(channels)
            if channel:
                line["channel"] = channel
            text = json.dumps(line, ensure_ascii=False) + "\n"
            f.write(text)
            written += len(text.encode())


def macros(work):
    random.seed(7)
    opens = ["سلام {{ticket.requester.first_name}} عزیز،", "سلام {{ticket.requester.first_name}}،",
             "مشتری گرامی،", "سلام،", "{{ticket.requester.first_name}} جان سلام،"]
    middles = [
        "سفارش شما امروز از انبار خارج شد و تا پنجشنبه به دست‌تان می‌رسد.",
        "متاسفانه نمیتونیم این کالا را پس بگیریم چون بسته باز شده است.",
        "از صبر و شکیبایی شما سپاسگزاریم؛ همکاران ما در حال بررسی هستند.",
        "برای تغییر رمز کافی است روی «فراموشی رمز» بزنید تا پیوند تازه برای‌تان بیاید.",
        "خطای 502 به خاطر timeout در load balancer بود و برطرف شد.",
        "مبلغ بازپرداخت تا سه روز کاری به کارت‌تان برمی‌گردد و پیامک تأیید هم می‌گیرید.",
        "باید شماره سفارش را دوباره وارد کنید تا درخواست ثبت شود.",
        "کد تخفیف تازه‌ی شما «بهار۱۴۰۳» است و تا آخر ماه اعتبار دارد.",
        "تماس شما برای ما بسيار مهم است و در اسرع وقت پاسخ می‌دهیم.",
        "این مدل فعلا موجود نیست ولی نسخه‌ی مشابه آن را با همان قیمت داریم.",
    ]
    closes = ["اگر سوال دیگری دارید، در خدمتم.", "امری باشه؟", "کمک دیگری از دست من ساخته است؟", ""]

    def body():
        parts = [random.choice(opens)] + random.sample(middles, 4) + [random.choice(closes)]
        return "\n".join(p for p in parts if p)

    items = []
    os.makedirs(f"{work}/files", exist_ok=True)
    for i in range(10000):
        b = body()
        items.append({"id": 900000 + i, "title": f"پاسخ {i}", "active": True,
                      "actions": [{"field": "comment_value", "value": b}]})
        with open(f"{work}/files/m{i:05}.txt", "w", encoding="utf-8") as f:
            f.write(b + "\n")
    with open(f"{work}/export.json", "w", encoding="utf-8") as f:
        json.dump({"macros": items, "count": len(items)}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "drafts":
        drafts(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000)
    elif len(sys.argv) == 3 and sys.argv[1] == "macros":
        macros(sys.argv[2])
    else:
        sys.exit(__doc__)
