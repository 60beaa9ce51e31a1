//! `negativity-obligation`: an obligation put on the customer — «باید صبر کنید»،
//! «مجبورید»، «موظفید». First-person duties («باید عذرخواهی کنم») are the agent's own and
//! fine.

use super::{Context, Out};
use crate::text::TokenKind;

/// Words that are an obligation on the customer by themselves.
const SECOND_PERSON: [&str; 6] = ["مجبورید", "موظفید", "ملزمید", "مجبورین", "مجبوری", "موظفین"];
/// «مجبور / موظف / ملزم» followed by a second-person copula.
const ADJECTIVES: [&str; 3] = ["مجبور", "موظف", "ملزم"];
const COPULAS: [&str; 4] = ["هستید", "هستین", "میباشید", "هستی"];
/// Light verbs of compound verbs («تماس بگیرید»، «صبر کنید») and common subjunctives.
const LIGHT_VERBS: [&str; 12] = [
    "کن", "نکن", "شو", "نشو", "باش", "نباش", "ده", "بده", "نما", "کرد", "گیر", "زن",
];
/// Nouns that end like a second-person verb.
const NOT_VERBS: [&str; 14] = [
    "خرید",
    "جدید",
    "کلید",
    "تولید",
    "تمدید",
    "سفید",
    "امید",
    "تایید",
    "تاکید",
    "تهدید",
    "بازدید",
    "شاید",
    "رسید",
    "عید",
];
/// How many words after «باید» its verb may come.
const REACH: usize = 10;

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.text();
    let words: Vec<_> = cx
        .text
        .tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Number)
        .collect();
    for (i, t) in words.iter().enumerate() {
        let w = &text[t.range.clone()];
        let next = words.get(i + 1).map(|n| &text[n.range.clone()]);
        let end = if SECOND_PERSON.contains(&w) {
            Some(t.range.end)
        } else if ADJECTIVES.contains(&w) && next.is_some_and(|n| COPULAS.contains(&n)) {
            Some(words[i + 1].range.end)
        } else if w == "باید" || w == "بایستی" || w == "بایست" {
            let clause = cx.text.clause_at(t.range.start);
            words[i + 1..]
                .iter()
                .take(REACH)
                .take_while(|n| n.range.end <= clause.end)
                .map(|n| (n, person(&text[n.range.clone()])))
                .find(|(_, p)| p.is_some())
                .and_then(|(n, p)| (p == Some(Person::Second)).then_some(n.range.end))
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

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Person {
    Second,
    Other,
}

/// The person of `w` if it looks like a verb; `None` for other words.
fn person(w: &str) -> Option<Person> {
    if NOT_VERBS.contains(&w) {
        return None;
    }
    let second = ["ید", "ین"]
        .iter()
        .find(|e| w.ends_with(*e))
        .map(|e| &w[..w.len() - e.len()]);
    if let Some(stem) = second {
        let verb = LIGHT_VERBS.contains(&stem)
            || ((stem.starts_with('ب') || stem.starts_with('ن')) && stem.chars().count() >= 2)
            || stem.starts_with("می");
        return verb.then_some(Person::Second);
    }
    let other = ["م", "یم", "د", "ند"]
        .iter()
        .find(|e| w.ends_with(*e))
        .map(|e| &w[..w.len() - e.len()]);
    if let Some(stem) = other {
        let verb = LIGHT_VERBS.contains(&stem)
            || ((stem.starts_with('ب') || stem.starts_with('ن')) && stem.chars().count() >= 2);
        return verb.then_some(Person::Other);
    }
    None
}

/// The phrase with «باید» made an invitation («کافی است»).
fn soften(found: &str) -> String {
    for w in ["بایستی", "بایست", "باید"] {
        if let Some(rest) = found.strip_prefix(w) {
            return format!("کافی است{rest}");
        }
    }
    "می‌توانید …".to_owned()
}
