//! `negativity-obligation`: an obligation put on the customer — «باید صبر کنید»،
//! «مجبورید»، «موظفید». First-person duties («باید عذرخواهی کنم») are the agent's own and
//! fine; a duty in the past («باید زودتر خبر می‌دادید») is a reproach, negativity-blame's.

use super::{Context, Out};
use crate::text::{analyse_verb, Person, Prefix, Tense, Token, TokenKind};

/// Words that are an obligation on the customer by themselves.
const SECOND_PERSON: [&str; 6] = ["مجبورید", "موظفید", "ملزمید", "مجبورین", "مجبوری", "موظفین"];
/// «مجبور / موظف / ملزم» followed by a second-person copula.
const ADJECTIVES: [&str; 3] = ["مجبور", "موظف", "ملزم"];
const COPULAS: [&str; 4] = ["هستید", "هستین", "میباشید", "هستی"];
/// How many words after «باید» its verb may come.
const REACH: usize = 16;

/// Modals of obligation: «باید»، «بایستی»، «می‌بایست»، and «لازم است» / «لازمه».
const MODALS: [&str; 5] = ["باید", "بایستی", "بایست", "میبایست", "میبایستی"];

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.text();
    let not_number = |t: &&Token| t.kind != TokenKind::Number;
    // The words, read into a list when the first that may start an obligation is met.
    let mut words: Vec<&Token> = Vec::new();
    for (i, t) in cx.text.tokens.iter().filter(not_number).enumerate() {
        if !may_start(&text.as_bytes()[t.range.clone()]) {
            continue;
        }
        let w = &text[t.range.clone()];
        let starts = [&SECOND_PERSON[..], &ADJECTIVES, &MODALS, &["لازم", "لازمه"]];
        if !starts.iter().any(|list| list.contains(&w)) {
            continue;
        }
        if words.is_empty() {
            words.reserve_exact(cx.text.tokens.len());
            words.extend(cx.text.tokens.iter().filter(not_number));
        }
        let word = |k: usize| &text[words[k].range.clone()];
        let next = (i + 1 < words.len()).then(|| word(i + 1));
        let modal = MODALS.contains(&w)
            || (w == "لازم" && next.is_some_and(|n| n == "است" || n == "میباشد"))
            || w == "لازمه";
        let end = if SECOND_PERSON.contains(&w) {
            Some(t.range.end)
        } else if ADJECTIVES.contains(&w) && next.is_some_and(|n| COPULAS.contains(&n)) {
            Some(words[i + 1].range.end)
        } else if modal {
            let clause = cx.text.clause_at(t.range.start);
            // The first verb after the modal says who must act: «باید صبر کنید / کنی» puts it
            // on the customer; «باید عذرخواهی کنم» is the agent's own duty.
            // A bare past stem followed by a verb is the noun of a compound
            // («پرداخت نمایید»), not the verb.
            let verb_at = |k: usize| {
                words
                    .get(k)
                    .and_then(|n| analyse_verb(&text[n.range.clone()]))
                    .filter(|v| v.tense != Tense::Participle && !v.copula)
            };
            (i + 1..words.len())
                .take(REACH)
                .take_while(|&k| words[k].range.end <= clause.end)
                .find_map(|k| {
                    let v = verb_at(k)?;
                    let complement = v.tense == Tense::Past
                        && v.prefix == Prefix::None
                        && verb_at(k + 1).is_some();
                    (!complement).then_some((words[k], v))
                })
                // «باید زودتر خبر می‌دادید»: a duty in the past is a reproach, no longer
                // a duty (negativity-blame reads it).
                .filter(|(_, v)| v.tense != Tense::Past)
                .and_then(|(n, v)| {
                    let second = v.person.is_some_and(|p| p.is_second());
                    // «مشتری باید … کند»، «کاربران باید … کنند»: the customer, named in the
                    // third person.
                    let third =
                        matches!(v.person, Some(Person::ThirdSingular | Person::ThirdPlural));
                    let customer = third
                        && words[..i]
                            .iter()
                            .rev()
                            .take(3)
                            .take_while(|p| p.range.start >= clause.start)
                            .any(|p| names_customer(cx, &text[p.range.clone()]));
                    (second || customer).then_some(n.range.end)
                })
        } else {
            None
        };
        if let Some(end) = end {
            let span = cx.text.to_original(t.range.start..end);
            let found = cx.draft.text[span.clone()].to_owned();
            let softer = soften(&found);
            out.flag(span, &[("found", found), ("softer", softer)]);
        }
    }
}

/// Whether `w` may start an obligation: every word of the lists above starts with «با»,
/// «مج»، «مو»، «مل»، «می» or «لا», so the others are passed on their first four bytes.
fn may_start(w: &[u8]) -> bool {
    matches!(
        w,
        [0xD8, 0xA8, 0xD8, 0xA7, ..]
            | [0xD9, 0x85, 0xD8, 0xAC, ..]
            | [0xD9, 0x85, 0xD9, 0x84 | 0x88, ..]
            | [0xD9, 0x85, 0xDB, 0x8C, ..]
            | [0xD9, 0x84, 0xD8, 0xA7, ..]
    )
}

/// Whether `word` names the customer in the third person: a word of the class `customer`,
/// as written or with the plural «ها» («مشتری‌ها»), other than the second-person pronouns it
/// also holds («شما»، «خودتان»), whose duties the verb's own person shows. Other endings
/// make another word: «نام کاربری» is a username, not the user.
fn names_customer(cx: &Context<'_>, word: &str) -> bool {
    let Some(customer) = cx.classes.id("customer") else {
        return false;
    };
    let is = |w: &str| cx.classes.has_word(w, customer);
    !matches!(word, "شما" | "خودتان" | "خودتون")
        && (is(word) || word.strip_suffix("ها").is_some_and(is))
}

/// The phrase with «باید» made an invitation («کافی است»).
fn soften(found: &str) -> String {
    for w in [
        "میبایستی",
        "میبایست",
        "می بایست",
        "بایستی",
        "بایست",
        "باید",
        "لازمه",
        "لازم است",
    ] {
        if let Some(rest) = found.strip_prefix(w) {
            return ["کافی است", rest].concat();
        }
    }
    "می‌توانید …".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_that_starts_an_obligation_passes_the_byte_test() {
        let lists = [&SECOND_PERSON[..], &ADJECTIVES, &MODALS, &["لازم", "لازمه"]];
        for w in lists.iter().flat_map(|l| l.iter()) {
            assert!(may_start(w.as_bytes()), "{w}");
        }
        for w in ["برای", "ما", "من", "مرسی", "لطفا", "بله", "سلام", "12"] {
            assert!(!may_start(w.as_bytes()), "{w}");
        }
    }
}
