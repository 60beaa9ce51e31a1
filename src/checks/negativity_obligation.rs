//! `negativity-obligation`: an obligation put on the customer — «باید صبر کنید»،
//! «مجبورید»، «موظفید»، and the negative «نباید اجازه بدهید». First-person duties («باید
//! عذرخواهی کنم») are the agent's own and fine; a duty in the past («باید زودتر خبر
//! می‌دادید») is a reproach, negativity-blame's; «نباید نگران باشید» is a reassurance.

use std::ops::Range;

use super::vocabulary::List;
use super::{Context, Out};
use crate::text::{
    analyse_verb, is_word_char, spoken_be, spoken_subjunctive, Person, Prefix, Tense, Token,
    TokenKind,
};

/// How many words after «باید» its verb may come.
const REACH: usize = 16;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let found = cx.vocabulary();
    // «مجبورید»، «موظف هستید» (`@forced`): a duty on the customer by themselves.
    let forced = found.leftmost_longest(List::Forced);
    for r in &forced {
        flag(cx, out, r.clone(), "می‌توانید …".to_owned());
    }
    // «موظف»، «ملزم» (`@bound`) with a copula after them, words apart: «موظف به ارائه‌ی
    // رسید خرید هستید»، «کاربران موظف به ثبت‌نام مجدد می‌باشند».
    let bound: Vec<Range<usize>> = found
        .leftmost_longest(List::Bound)
        .into_iter()
        .filter(|r| !forced.iter().any(|f| f.start <= r.start && r.start < f.end))
        .collect();
    // «باید»، «لازم است» (`@must`), «الزامی است» (`@mandatory`) and «نباید» (`@must-not`):
    // a duty on whoever the verb after them names.
    let mut modals: Vec<(Range<usize>, List)> = [List::Must, List::Mandatory, List::MustNot]
        .into_iter()
        .flat_map(|list| {
            found
                .leftmost_longest(list)
                .into_iter()
                .map(move |r| (r, list))
        })
        .collect();
    if modals.is_empty() && bound.is_empty() {
        return;
    }
    modals.sort_by_key(|(r, _)| r.start);
    let text = cx.text.text();
    let mut words: Vec<&Token> = Vec::with_capacity(cx.text.tokens.len());
    words.extend(
        cx.text
            .tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Number),
    );
    let names = |p: &&Token| names_customer(cx, &text[p.range.clone()]);
    // «مشتری باید …»، «خریدار ملزم است …»: the customer named in the third person in the
    // three words before the word at `first`, in its clause.
    // A name of two words («مراجعه کننده»، «بیمه گذار» without its ZWNJ) counts when it
    // ends right before the word.
    let customer_class = cx.classes.id("customer");
    // How many of the words of `near` from its start a phrase of class `id` covers.
    let class_at = |id: Option<usize>, near: &[&Token]| {
        let id = id?;
        let near: Vec<&str> = near.iter().map(|t| &text[t.range.clone()]).collect();
        cx.classes.starts(&near, id)
    };
    let names_in = |near: &[&Token], whole: bool| {
        near.iter().any(names)
            || (0..near.len().saturating_sub(1)).any(|k| {
                class_at(customer_class, &near[k..])
                    .is_some_and(|n| n >= 2 && (!whole || n == near.len() - k))
            })
    };
    // The subject may stand alone before a comma, a clause with no verb: «دانشجویان متقاضی
    // مرخصی، باید …». Its head is its first word. Or it is the subject of a condition before
    // the comma: «چنانچه دانشجو انصراف دهد، ملزم به پرداخت … است».
    let condition_class = cx.classes.id("condition");
    // Whether `before`, a clause with no verb or a condition, names the customer as its
    // subject; with `conditional`, only a condition does.
    let subject_in = |before: &Range<usize>, conditional: bool| {
        let from = words.partition_point(|t| t.range.start < before.start);
        let to = words.partition_point(|t| t.range.start < before.end);
        let mut subject = &words[from..to];
        let marker = class_at(condition_class, &subject[..subject.len().min(4)]);
        if let Some(n) = marker {
            subject = &subject[n.min(subject.len())..];
        }
        if subject.is_empty() {
            return false;
        }
        match marker {
            // The condition's subject comes first after its marker: not «اگر به مشتری …».
            Some(_) => {
                names(&subject[0])
                    || class_at(customer_class, &subject[..subject.len().min(2)])
                        .is_some_and(|n| n >= 2)
            }
            None => {
                !conditional
                    && subject
                        .iter()
                        .all(|t| analyse_verb(&text[t.range.clone()]).is_none())
                    && names_in(&subject[..subject.len().min(2)], false)
            }
        }
    };
    let subject_apart = |clause: &Range<usize>| {
        let a = cx.text;
        let k = a.clauses.partition_point(|c| c.end <= clause.start);
        let Some(k) = k.checked_sub(1) else {
            return false;
        };
        let sentence = a.sentence_at(clause.start);
        let in_sentence = |c: &Range<usize>| sentence.as_ref().is_some_and(|s| s.start <= c.start);
        if !in_sentence(&a.clauses[k]) {
            return false;
        }
        // Or the condition that opens the sentence, across clauses of its own: «در صورتی
        // که مشترکین سایر اپراتورها (…)، قصد شکایت داشته باشند، باید …».
        let first = a.clauses[..k]
            .iter()
            .rposition(|c| !in_sentence(c))
            .map_or(0, |j| j + 1);
        subject_in(&a.clauses[k], false) || first < k && subject_in(&a.clauses[first], true)
    };
    // «کاربرانی که کارت به کارت می‌کنند، بایستی …»: the sentence opens with a relative
    // clause that picks the customers out, by a word of the class `customer` or `people`
    // («کسانی که»), after «همه‌ی / تمامی / کلیه‌ی» if one is there.
    let people_class = cx.classes.id("people");
    // The words of its sentence before the word at `first`.
    let sentence_before = |first: usize| {
        let sentence = cx.text.sentence_at(words[first].range.start)?;
        Some(words[..first].partition_point(|t| t.range.start < sentence.start))
    };
    let picked_out = |first: usize| {
        let Some(from) = sentence_before(first) else {
            return false;
        };
        let word = |k: usize| words.get(k).map(|t| &text[t.range.clone()]);
        let head = from + usize::from(word(from).is_some_and(is_quantifier));
        let picks = |w: &str| {
            w.strip_suffix('ی').is_some_and(|w| {
                names_customer(cx, w) || people_class.is_some_and(|id| cx.classes.has_word(w, id))
            })
        };
        // Or by an adjective that takes the «ی»: «کلیه‌ی متقاضیان محترمی که …»، «کاربران
        // عزیزی که …».
        let (named, that) = match word(head).is_some_and(picks) {
            true => (true, head + 1),
            false => (
                word(head).is_some_and(|w| names_customer(cx, w))
                    && word(head + 1).is_some_and(|w| w.ends_with('ی')),
                head + 2,
            ),
        };
        named && that + 1 < first && word(that) == Some("که")
    };
    // «تحویل‌گیرنده هنگام دریافت مرسوله باید …»: the subject opens the sentence, in its
    // first three words, with no verb before the modal.
    let opens_sentence = |first: usize| {
        let Some(from) = sentence_before(first) else {
            return false;
        };
        let before = &words[from..first];
        !before.is_empty()
            && before
                .iter()
                .all(|t| analyse_verb(&text[t.range.clone()]).is_none())
            && names_in(&before[..before.len().min(3)], false)
    };
    let named_before = |first: usize, clause: &Range<usize>| {
        let from = words[..first].partition_point(|t| t.range.start < clause.start);
        picked_out(first)
            || opens_sentence(first)
            || match from == first {
                true => subject_apart(clause),
                false => {
                    // An adverb may stand between the subject and the modal: «زبان‌آموزان
                    // حتماً باید …»، «کاربران نیز باید …».
                    let end = from
                        + words[from..first]
                            .iter()
                            .rposition(|t| !is_adverb(&text[t.range.clone()]))
                            .map_or(0, |k| k + 1);
                    let ends_in_name =
                        |end: usize| names_in(&words[from.max(end.saturating_sub(3))..end], true);
                    // Or a condition stands between them: «هر مسافر در صورت همراه نداشتن
                    // بار، ملزم به پرداخت … است».
                    let condition = || {
                        (from + 1..end)
                            .rev()
                            .find(|&c| class_at(condition_class, &words[c..end]).is_some())
                    };
                    ends_in_name(end) || condition().is_some_and(ends_in_name)
                }
            }
    };
    for r in bound {
        let first = words.partition_point(|t| t.range.start < r.start);
        let next = words.partition_point(|t| t.range.start < r.end);
        let clause = cx.text.clause_at(r.start);
        // A form with the plural copula joined to it: «دانشجویان موظف‌اند …»، «ملزمند».
        let joined = text[r.clone()]
            .ends_with("ند")
            .then(|| analyse_verb("هستند"))
            .flatten()
            .map(|v| (first, v));
        let copula = joined.or_else(|| {
            (next..words.len())
                .take(REACH)
                .take_while(|&k| words[k].range.end <= clause.end)
                .find_map(|k| {
                    let v = analyse_verb(&text[words[k].range.clone()])?;
                    // «ملزم به پرداخت … خواهد بود»: the future copula, of the auxiliary's
                    // person and negation.
                    let future = v.lemma == "خواست"
                        && v.tense == Tense::Present
                        && v.prefix == Prefix::None
                        && words
                            .get(k + 1)
                            .is_some_and(|t| &text[t.range.clone()] == "بود");
                    match future {
                        true => Some((k + 1, v)),
                        false => (v.copula || v.lemma == "بود" && v.tense == Tense::Present)
                            .then_some((k, v)),
                    }
                })
        });
        // «موظف به پرداخت نیستید» frees the customer from a duty.
        let Some((k, v)) = copula.filter(|(_, v)| !v.negated) else {
            continue;
        };
        // «ما موظف هستیم …» is the agent's own duty; «خریدار ملزم است …» the customer's.
        let second = v.person.is_some_and(|p| p.is_second());
        let third = matches!(v.person, Some(Person::ThirdSingular | Person::ThirdPlural))
            && named_before(first, &clause);
        if second || third {
            flag(cx, out, r.start..words[k].range.end, "لطفاً …".to_owned());
        }
    }
    for (modal, list) in modals {
        let negative = list == List::MustNot;
        let first = words.partition_point(|t| t.range.start < modal.start);
        let next = words.partition_point(|t| t.range.start < modal.end);
        let clause = cx.text.clause_at(modal.start);
        let sentence = cx.text.sentence_at(modal.start).unwrap_or(clause.clone());
        // The words of its clause before it.
        let from = words[..first].partition_point(|t| t.range.start < clause.start);
        let before: Vec<&str> = words[from..first]
            .iter()
            .map(|t| &text[t.range.clone()])
            .collect();
        // A modal inside a condition supposes: «اگر کمک دیگری لازم است، بنویسید»، «اگر حضور
        // الزامی است، …». The condition ends at its first verb («اگر می‌خواهید لغو کنید باید
        // فرم را پر کنید»، «در صورت بروزرسانی لینک، سرویس شما قطع شده و باید …» lay a duty),
        // and a nominal one after five words, as in frames.
        if in_condition(cx, &before) {
            continue;
        }
        // «تنها کاری که باید بکنید این است که …»، «کل کاری که لازمه بکنی …»: all there is
        // to do, the light way to ask, as «کافی است». One word («شما») may stand between.
        if !negative && all_to_do(cx, &words[first.saturating_sub(6)..first]) {
            continue;
        }
        // «ارائه‌ی اصل مدارک الزامی است»: ending its clause, or its part before «و», it lays
        // the act named before it on the reader.
        let ends_part = || {
            let rest = text[modal.end..sentence.end.max(modal.end)].trim_start();
            !rest.chars().next().is_some_and(is_word_char)
                || rest
                    .strip_prefix('و')
                    .is_some_and(|r| r.starts_with(char::is_whitespace))
        };
        if list == List::Mandatory && ends_part() {
            if !before.is_empty() && !only_asked(cx, &before) {
                flag(cx, out, modal.clone(), "لطفاً …".to_owned());
            }
            continue;
        }
        // The first verb after the modal says who must act: «باید صبر کنید / کنی» puts it
        // on the customer; «باید عذرخواهی کنم» is the agent's own duty.
        // The spoken «باشه / باشن», read alone as "OK", is «باشد / باشند» after a modal; «کنه»,
        // read alone as no verb, is «کند» when it ends the clause.
        let verb_at = |k: usize| {
            let word = &text[words.get(k)?.range.clone()];
            let ends_clause = words.get(k + 1).is_none_or(|n| n.range.start >= clause.end);
            spoken_be(word)
                .or_else(|| analyse_verb(word))
                .or_else(|| spoken_subjunctive(word).filter(|_| ends_clause))
                .filter(|v| v.tense != Tense::Participle && !v.copula)
        };
        // A clause with no verb of its own goes on past its comma, in its sentence (and a
        // line wrapped by hand into the next, see `reach_end`): «باید مبلغ را بابت
        // سال‌هایی که پرداخت نشده، پرداخت نمایید». Words in brackets are an
        // aside and do not count towards the reach: «باید به ایمیل خود رفته (بخش دریافتی یا
        // اسپم) و روی لینک کلیک کنید»; a bracket left open stretches it at most threefold.
        let reach = reach_end(cx, &sentence);
        let mut relative = false;
        let (mut depth, mut counted, mut seen) = (0usize, 0, modal.end);
        let end = (next..words.len())
            .take(3 * REACH)
            .take_while(|&k| words[k].range.end <= reach)
            .take_while(|&k| {
                for c in text[seen..words[k].range.start].chars() {
                    match c {
                        '(' | '[' => depth += 1,
                        ')' | ']' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
                seen = words[k].range.end;
                counted += usize::from(depth == 0);
                counted <= REACH
            })
            .find_map(|k| {
                // A relative clause on a noun of the object, «کارتی که …», has a verb of its
                // own, which is not the modal's: «باید مبلغ را به کارتی که در اختیارتان
                // گذاشته می‌شود واریز کنید».
                if k > next && &text[words[k].range.clone()] == "که" {
                    let noun = &text[words[k - 1].range.clone()];
                    relative = noun.ends_with('ی') && verb_at(k - 1).is_none();
                    return None;
                }
                // Its verb ends it: a finite form, the copula («… که در حسابتان است») or a
                // perfect («… که مشترک شده‌اید»), not a bare participle before its auxiliary.
                if relative {
                    let word = &text[words[k].range.clone()];
                    relative = !spoken_be(word)
                        .or_else(|| analyse_verb(word))
                        .is_some_and(|v| v.is_finite());
                    return None;
                }
                let v = verb_at(k)?;
                // A bare past stem is the noun of a compound («پرداخت نمایید») or a noun
                // of its own («رسید پرداخت»), not the verb: «باید» takes no simple past.
                let bare = v.is_bare_past_stem();
                let complement =
                    v.tense == Tense::Past && v.prefix == Prefix::None && verb_at(k + 1).is_some();
                (!bare && !complement).then_some((k, v))
            })
            // «باید زودتر خبر می‌دادید»: a duty in the past is a reproach, no longer a duty
            // (negativity-blame reads it).
            .filter(|(_, v)| v.tense != Tense::Past)
            .and_then(|(k, v)| {
                let second = v.person.is_some_and(|p| p.is_second());
                // «مشتری باید … کند»، «لازم است مسافران … باشند»: the customer, named in the
                // third person before the modal or as the first word after it.
                let third = matches!(v.person, Some(Person::ThirdSingular | Person::ThirdPlural));
                // «باید نسخه‌ی پایتون شما ۳.۱۱ باشد»، «مبلغ سبد خرید شما نباید کمتر از … باشد»:
                // a state asked of the customer's own thing, named after the modal or in the
                // three words before it. Not a supposition: «باید سفارش شما رسیده باشد».
                // A state, with the copula after a word that is no verb of its own.
                let state = || {
                    v.lemma == "بود" && analyse_verb(&text[words[k - 1].range.clone()]).is_none()
                };
                let owned = || {
                    state()
                        && words[from.max(first.saturating_sub(3))..k]
                            .iter()
                            .any(|p| &text[p.range.clone()] == "شما")
                };
                // «کد ملی باید ۱۰ رقم وارد شود»، «شهریه میبایست … تسویه گردد»: the passive of an
                // act only the customer does, with no one named to do it («توسط …»), and not
                // done for them («مبلغ باید به حساب شما واریز شود»).
                // Its perfect too, a state asked for: «اعداد باید انگلیسی وارد شده باشند»،
                // «کالا نباید استفاده شده باشد».
                let act = |j: usize| {
                    j >= next && is_of(cx, "customer-act", &text[words[j].range.clone()])
                };
                let passive = || {
                    let plain = matches!(v.lemma, "شد" | "گردید") && k > next && act(k - 1);
                    let perfect = v.lemma == "بود"
                        && k > next + 1
                        && matches!(&text[words[k - 1].range.clone()], "شده" | "گردیده")
                        && act(k - 2);
                    (plain || perfect)
                        && !words[next..k]
                            .iter()
                            .any(|p| matches!(&text[p.range.clone()], "شما" | "توسط"))
                };
                // «حجم تصویر نباید بیشتر از ۲ مگابایت باشد»، «وزن چمدان نباید از ۲۰ کیلو بیشتر
                // باشد»: a bound set with a comparative and «از» on what the customer sends or
                // brings. Not a bound in a supposition: «باید بیش از یک روز گذشته باشد».
                // So is a measure or a form held to: a number, «حداقل / حداکثر», «فقط» or «حتماً»
                // — «کد پستی باید ۱۰ رقم باشد»، «حداقل مبلغ باید ۱ میلیون تومان باشد»، «رسید باید
                // فقط عکس باشد»، «باید حتما عرض پرده بیشتر از صفر باشد».
                let bound = || {
                    let said = |p: &Token| &text[p.range.clone()];
                    let compared = words[next..k].iter().any(|p| said(p) == "از")
                        && words[next..k]
                            .iter()
                            .any(|p| is_of(cx, "comparative", said(p)));
                    let measured = cx.text.tokens.iter().any(|t| {
                        t.kind != TokenKind::Word
                            && modal.end <= t.range.start
                            && t.range.end <= words[k].range.start
                    });
                    let held = measured
                        || words[next..k]
                            .iter()
                            .any(|p| matches!(said(p), "فقط" | "حتما" | "حتماً"))
                        || words[first.saturating_sub(3).max(from)..k]
                            .iter()
                            .any(|p| matches!(said(p), "حداقل" | "حداکثر" | "حداقلِ" | "حداکثرِ"));
                    // An estimate is no bound: «هزینه باید حدود ۵۰ هزار تومان باشد».
                    let estimate = words[next..k].iter().any(|p| {
                        matches!(
                            said(p),
                            "حدود"
                                | "حدودا"
                                | "حدوداً"
                                | "تقریبا"
                                | "تقریباً"
                                | "احتمالا"
                                | "احتمالاً"
                        )
                    });
                    state() && (compared || held) && !estimate
                };
                // The subject right after the modal, in one word or two: «می‌بایست بیمه شده
                // … مراجعه نماید».
                let named_after = || {
                    let Some(j) = (next..k).find(|&j| &text[words[j].range.clone()] != "که")
                    else {
                        return false;
                    };
                    names(&words[j])
                        || class_at(customer_class, &words[j..k]).is_some_and(|n| n >= 2)
                };
                let customer = third
                    && (named_before(first, &clause)
                        || named_after()
                        || owned()
                        || passive()
                        || bound());
                // «نباید نگران باشید» reassures; «نباید رمز را به کسی بدهید» is a security
                // warning, as in negativity-prohibition.
                let between: Vec<&str> = words[next..k]
                    .iter()
                    .map(|p| &text[p.range.clone()])
                    .collect();
                let spared = || {
                    ["reassurance", "secret", "others"]
                        .iter()
                        .any(|class| cx.holds(class, &between))
                };
                // «باید بدانید که …» only leads into what follows it; «باید به زودی ایمیل را
                // دریافت کنید» and «الان باید بتوانید وارد شوید» predict (`@soon`, «توانستن»).
                let aside = !negative
                    && (k == next && matches!(v.lemma, "دانست" | "توانست")
                        || cx.holds("soon", &between));
                ((second || customer) && !(negative && spared()) && !aside)
                    .then(|| words[k].range.clone())
            });
        if let Some(verb) = end {
            let range = modal.start..verb.end;
            let softer = match negative {
                false => soften(cx, &range, modal.end),
                true => forbid_softly(cx, &range, modal.end, verb),
            };
            flag(cx, out, range, softer);
        }
    }
}

/// Where the verb of a modal in `sentence` may be sought: to the sentence's end, or, when the
/// sentence is a line that ends with no mark and the next line goes straight on, to the end
/// of the next: a bot's text wrapped by hand, «شما باید آسان یاب را⏎ به دو نفر معرفی کنید».
fn reach_end(cx: &Context<'_>, sentence: &Range<usize>) -> usize {
    let a = cx.text;
    let text = a.text();
    let line_end = text[..sentence.end].trim_end().len();
    if !text[..line_end].ends_with(is_word_char) {
        return sentence.end;
    }
    let k = a.sentences.partition_point(|s| s.start < sentence.end);
    match a.sentences.get(k) {
        Some(next)
            if text[line_end..next.start].trim().is_empty()
                && text[line_end..next.start].matches('\n').count() == 1 =>
        {
            next.end
        }
        _ => sentence.end,
    }
}

/// «باید … کنید» as an invitation: «کافی است … کنید».
fn soften(cx: &Context<'_>, range: &Range<usize>, modal_end: usize) -> String {
    let span = cx.text.to_original(range.clone());
    let rest_from = cx.text.to_original(range.start..modal_end).end;
    ["کافی است", &cx.draft.text[rest_from..span.end]].concat()
}

/// «نباید … بدهید» as advice: «بهتر است … ندهید».
fn forbid_softly(
    cx: &Context<'_>,
    range: &Range<usize>,
    modal_end: usize,
    verb: Range<usize>,
) -> String {
    let rest_from = cx.text.to_original(range.start..modal_end).end;
    let verb = cx.text.to_original(verb);
    let written = &cx.draft.text[verb.clone()];
    // The subjunctive's «ب» gives way to the negation: «بدهید» → «ندهید», «کنید» → «نکنید».
    let negated = match written.strip_prefix('ب') {
        Some(rest) if !rest.is_empty() => ["ن", rest].concat(),
        _ => ["ن", written].concat(),
    };
    ["بهتر است", &cx.draft.text[rest_from..verb.start], &negated].concat()
}

/// Whether `word` says "all of" or "each": «همه‌ی»، «تمامی»، «کلیه‌ی»، «هر».
fn is_quantifier(word: &str) -> bool {
    matches!(
        word,
        "همه"
            | "همه‌ی"
            | "همهی"
            | "همهٔ"
            | "تمام"
            | "تمامی"
            | "کلیه"
            | "کلیه‌ی"
            | "کلیهی"
            | "کلیهٔ"
            | "هر"
    )
}

/// Whether the last word of `before` stands in a condition opened among them: after a word
/// of the class `condition`, with no verb between («اگر کمک دیگری لازم»), and within five
/// words of a nominal «در صورت».
fn in_condition(cx: &Context<'_>, before: &[&str]) -> bool {
    let Some(id) = cx.classes.id("condition") else {
        return false;
    };
    (0..before.len()).rev().any(|k| {
        cx.classes.starts(&before[k..], id).is_some_and(|n| {
            let scope = &before[k + n..];
            let nominal = before[k + n - 1] == "صورت" && scope.first() != Some(&"که");
            let ended = nominal && scope.len() > 5;
            !ended && !scope.iter().any(|w| analyse_verb(w).is_some())
        })
    })
}

/// Whether `word` is an adverb that may stand between a subject and its modal: «حتماً»،
/// «نیز»، «همواره».
fn is_adverb(word: &str) -> bool {
    matches!(
        word,
        "حتما"
            | "حتماً"
            | "نیز"
            | "هم"
            | "همواره"
            | "همیشه"
            | "لزوما"
            | "لزوماً"
            | "الزاما"
            | "الزاماً"
            | "ضرورتا"
            | "ضرورتاً"
            | "قطعا"
            | "قطعاً"
    )
}

/// Whether a phrase of the class `all-to-do` ends among `words` with at most one word after
/// it: «تنها کاری که (شما)» right before a modal.
fn all_to_do(cx: &Context<'_>, words: &[&Token]) -> bool {
    let Some(id) = cx.classes.id("all-to-do") else {
        return false;
    };
    let text = cx.text.text();
    let words: Vec<&str> = words.iter().map(|t| &text[t.range.clone()]).collect();
    (0..words.len()).any(|k| {
        cx.classes
            .starts(&words[k..], id)
            .is_some_and(|n| words.len() - (k + n) <= 1)
    })
}

/// Whether `before`, the words of a clause before a «لازم است» that ends it, says how little
/// is asked: a word of `@only` with no verb after it — «فقط تصویر کارت ملی و یک چک لازم
/// است», as «کافی است»; not «… تنها از طریق ایمیل می‌باشد و تکمیل این فیلد ضروری است».
fn only_asked(cx: &Context<'_>, before: &[&str]) -> bool {
    let Some(id) = cx.classes.id("only") else {
        return false;
    };
    let Some(k) = (0..before.len())
        .rev()
        .find(|&k| cx.classes.starts(&before[k..], id).is_some())
    else {
        return false;
    };
    !before[k + 1..]
        .iter()
        .any(|w| analyse_verb(w).is_some_and(|v| !v.is_bare_past_stem()))
}

/// Whether `word` is a word of class `name`, as written.
fn is_of(cx: &Context<'_>, name: &str, word: &str) -> bool {
    cx.classes
        .id(name)
        .is_some_and(|id| cx.classes.has_word(word, id))
}

/// Flags `range` of the normalised text, with the softer wording the suggestion offers.
fn flag(cx: &Context<'_>, out: &mut Out<'_>, range: Range<usize>, softer: String) {
    let span = cx.text.to_original(range);
    let found = cx.draft.text[span.clone()].to_owned();
    out.flag(span, &[("found", found), ("softer", softer)]);
}

/// Whether `word` names the customer in the third person: a word of the class `customer`,
/// as written or with the plural «ها» («مشتری‌ها»), other than the second-person pronouns it
/// also holds («شما»، «خودتان»), whose duties the verb's own person shows. Other endings
/// make another word: «نام کاربری» is a username, not the user. After a vowel the ezafe is
/// written «ی», and is the word still: «دانشجوی روزانه». Or a word of respect (`honorific`),
/// which addresses the readers whatever group it names: «نویسنده‌ی محترم»، «این عزیزان».
fn names_customer(cx: &Context<'_>, word: &str) -> bool {
    if is_of(cx, "honorific", word) {
        return true;
    }
    let is = |w: &str| is_of(cx, "customer", w);
    let ezafe = |w: &str| {
        w.strip_suffix('ی')
            .filter(|w| w.ends_with(['و', 'ا']))
            .is_some_and(is)
    };
    !matches!(word, "شما" | "خودتان" | "خودتون")
        && (is(word) || word.strip_suffix("ها").is_some_and(is) || ezafe(word))
}

#[cfg(test)]
mod tests {
    use crate::{Coach, Draft};

    fn obliges(text: &str) -> bool {
        let report = Coach::default().review(&Draft::new(text));
        report
            .findings
            .iter()
            .any(|f| &*f.rule == "negativity-obligation")
    }

    #[test]
    fn words_in_brackets_do_not_count_towards_the_reach() {
        let aside = "گزینه‌ی ".repeat(20);
        assert!(obliges(&format!(
            "باید به پنل رفته ({aside}) و کد را وارد کنید."
        )));
        // The same words outside brackets put the verb out of reach.
        assert!(!obliges(&format!(
            "باید به پنل رفته {aside} و کد را وارد کنید."
        )));
        // A bracket left open stretches the reach threefold, no more.
        let long = "گزینه‌ی ".repeat(60);
        assert!(!obliges(&format!(
            "باید به پنل رفته ({long} و کد را وارد کنید."
        )));
    }
}
