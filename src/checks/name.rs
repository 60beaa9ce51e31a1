//! Finding the customer's name in a draft: as written, joined or spaced differently, with
//! letter variants, as a helpdesk placeholder, or misspelled.

use std::ops::Range;

use crate::rule::Classes;
use crate::text::{has_prefix, is_one_of, normalize_phrase, Analysis, FastMap, TokenKind};

/// How a draft uses the customer's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameUse {
    /// The name, at this original range.
    Used,
    /// A placeholder the helpdesk fills with the name.
    Placeholder,
    /// A word in the place of the name that is close to it but not it, at this original
    /// range; and the name as it should be written.
    Misspelled(Range<usize>),
    /// No name.
    Absent,
}

/// The words around a customer's name, from the classes `before-name` (titles and the
/// greeting a name follows), `after-name` (words after a name that make it an address) and
/// `generic-addressee` (nouns in a name's place that are no name), with the endings their
/// words take: all a word's roles in one lookup, as [`Classes::starts`] would give them
/// class by class.
#[derive(Debug, Clone)]
pub(crate) struct AddressWords {
    roles: FastMap<String, u8>,
    /// Prefix entries («استاد*») and their roles.
    prefixes: Vec<(String, u8)>,
}

const BEFORE_NAME: u8 = 1;
const AFTER_NAME: u8 = 2;
const GENERIC: u8 = 4;

impl AddressWords {
    pub(crate) fn new(classes: &Classes) -> AddressWords {
        let ids = [
            ("before-name", BEFORE_NAME),
            ("after-name", AFTER_NAME),
            ("generic-addressee", GENERIC),
        ]
        .map(|(name, role)| (classes.id(name), role));
        let role = |class: usize| {
            ids.iter()
                .filter(|(id, _)| *id == Some(class))
                .fold(0, |m, (_, r)| m | r)
        };
        let mut roles: FastMap<String, u8> = FastMap::default();
        classes.each_written_form(
            |class| role(class) != 0,
            |word, rest, class| {
                if rest.is_empty() {
                    *roles.entry(word.to_owned()).or_default() |= role(class);
                }
            },
        );
        let prefixes = classes
            .prefixes()
            .iter()
            .filter(|(_, class)| role(*class) != 0)
            .map(|(p, class)| (p.clone(), role(*class)))
            .collect();
        AddressWords { roles, prefixes }
    }

    /// The roles of `word` (normalised), as bits.
    fn of(&self, word: &str) -> u8 {
        let prefixed = self
            .prefixes
            .iter()
            .filter(|(p, _)| word.starts_with(p.as_str()))
            .fold(0, |m, (_, r)| m | r);
        self.roles.get(word).copied().unwrap_or(0) | prefixed
    }
}

/// Whether a placeholder fills in the customer's name (and not the agent's or the brand's).
pub(crate) fn is_name_placeholder(p: &str) -> bool {
    let p = p.to_ascii_lowercase().into_bytes();
    // A placeholder is a few dozen bytes: each word is looked for at the places its first
    // byte is, rather than with a searcher built for each.
    let has = |w: &str| {
        let w = w.as_bytes();
        memchr::memchr_iter(w[0], &p).any(|i| p[i..].starts_with(w))
    };
    if !(has("name") || has("param1")) {
        return false;
    }
    let for_someone_else = [
        "current_user",
        "agent",
        "assignee",
        "organization",
        "brand",
        "company",
        "sender",
        "account.",
    ]
    .into_iter()
    .any(has);
    !for_someone_else
}

/// How `a` uses `name` (None: unknown name, only placeholders count); `address` gives the
/// words around a name that make its place an address, asked only when a name is looked
/// for there.
pub(crate) fn find<'w>(
    a: &Analysis<'_>,
    name: Option<&str>,
    address: impl FnOnce() -> &'w AddressWords,
) -> NameUse {
    let text = a.text();
    let has_placeholder = a
        .tokens
        .iter()
        .any(|t| t.kind == TokenKind::Placeholder && is_name_placeholder(&text[t.range.clone()]));
    // The helpdesk fills a placeholder with the name: the draft has it, written or not.
    if has_placeholder {
        return NameUse::Placeholder;
    }
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return NameUse::Absent;
    };
    let normalized = normalize_phrase(name);
    let full = normalized.replace(' ', "");
    let parts: Vec<&str> = normalized
        .split(' ')
        .filter(|p| p.chars().count() >= 3)
        .collect();
    let mut words: Vec<(Range<usize>, &str)> = Vec::with_capacity(a.tokens.len());
    words.extend(
        a.tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| (t.range.clone(), &text[t.range.clone()])),
    );
    // The name as written in one, two or three words («محمد رضا»، «محمدرضا»): only a word
    // starting with the letter the name or one of its parts starts with may begin it.
    let firsts: Vec<char> = std::iter::once(full.as_str())
        .chain(parts.iter().copied())
        .filter_map(|n| n.chars().next())
        .collect();
    for i in 0..words.len() {
        if !words[i]
            .1
            .chars()
            .next()
            .is_some_and(|c| firsts.contains(&c))
        {
            continue;
        }
        if is_one_of(words[i].1.as_bytes(), &parts) {
            return NameUse::Used;
        }
        let mut rest = full.as_str();
        for (_, w) in words.iter().skip(i).take(3) {
            if !has_prefix(rest, w) {
                break;
            }
            rest = &rest[w.len()..];
            if rest.is_empty() {
                return NameUse::Used;
            }
        }
    }
    // A word in an address position that is close to the name, or another name; a word with
    // a role of its own around names is none.
    let address = address();
    let roles: Vec<u8> = words.iter().map(|(_, w)| address.of(w)).collect();
    for (i, (range, w)) in words.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| words[j].1);
        let after_is_address = roles.get(i + 1).is_some_and(|r| r & AFTER_NAME != 0);
        let addressed = i
            .checked_sub(1)
            .is_some_and(|j| roles[j] & BEFORE_NAME != 0)
            || after_is_address;
        if !addressed || roles[i] != 0 {
            continue;
        }
        let close = std::iter::once(full.as_str())
            .chain(parts.iter().copied())
            .any(|n| is_close(w, n));
        let first_word_of_reply = i == 0 || (i == 1 && before == Some("سلام"));
        if close || (first_word_of_reply && after_is_address) {
            return NameUse::Misspelled(a.to_original(range.clone()));
        }
    }
    NameUse::Absent
}

/// Whether `w` looks like a misspelling of `name`: a small edit distance for its length.
fn is_close(w: &str, name: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (w.chars().collect(), name.chars().collect());
    let allowed = if b.len() <= 4 { 1 } else { 2 };
    a.len().abs_diff(b.len()) <= allowed && edit_distance(&a, &b) <= allowed
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_placeholders_in_any_case() {
        for (p, want) in [
            ("{{ticket.requester.first_name}}", true),
            ("{{Ticket.Requester.FIRST_NAME}}", true),
            ("${customer_name}", true),
            ("{%param1%}", true),
            ("{{current_user.name}}", false),
            ("{{ticket.organization.name}}", false),
            ("{{Agent.Name}}", false),
            ("{{ACCOUNT.name}}", false),
            ("{{ticket.id}}", false),
            ("{n}", false),
        ] {
            assert_eq!(is_name_placeholder(p), want, "{p}");
        }
    }

    #[test]
    fn address_words_read_as_the_classes_do() {
        let spec = |class: &str, words: &str| {
            crate::rule::parse_class(
                format!("team/{class}.toml"),
                &format!("class = \"{class}\"\nwords = [{words}]\n"),
            )
            .unwrap()
        };
        let mut specs = crate::rule::default_classes().unwrap();
        // A team's words, a prefix entry and a phrase among them.
        specs.push(spec("before-name", "\"استاد*\", \"سرکار خانم\""));
        let classes = Classes::new(&specs);
        let address = AddressWords::new(&classes);
        let words = [
            "آقای",
            "آقا",
            "خانم",
            "خانمها",
            "دکتر",
            "دکترا",
            "استادیار",
            "سرکار",
            "جان",
            "جانم",
            "عزیزم",
            "عزیزان",
            "کاربر",
            "کاربری",
            "کاربران",
            "مسافرین",
            "سلامت",
            "سارا",
            "ما",
        ];
        for w in words {
            for (class, role) in [
                ("before-name", BEFORE_NAME),
                ("after-name", AFTER_NAME),
                ("generic-addressee", GENERIC),
            ] {
                let id = classes.id(class).unwrap();
                let want = classes.starts(&[w], id).is_some();
                assert_eq!(address.of(w) & role != 0, want, "{w} @{class}");
            }
        }
    }

    #[test]
    fn name_uses() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("محمد رضا جان، سفارشت رسید.", Some("محمدرضا"), "used"),
            ("محمدرضا عزیز، سلام.", Some("محمد رضا"), "used"),
            ("آقای رضایی، پرونده بسته شد.", Some("علی رضایی"), "used"),
            ("سلام علي جان", Some("علی"), "used"),
            ("سلام نگار‌ عزیز", Some("نگار"), "used"),
            (
                "{{ticket.requester.first_name}} عزیز، سلام",
                Some("سارا"),
                "placeholder",
            ),
            (
                "سلام {%customer.firstName,fallback=دوست%}",
                None,
                "placeholder",
            ),
            ("سلام {{current_user.name}} هستم", None, "absent"),
            ("سارا جان، سفارشت رسید.", Some("ساره"), "misspelled"),
            ("سلام مژده جان", Some("مژگان"), "misspelled"),
            ("دوست عزیز، سفارشت رسید.", Some("مژگان"), "absent"),
            ("سفارش شما رسید.", Some("کامران"), "absent"),
            ("سفارش شما رسید.", None, "absent"),
            // Titles before a name make its place an address, in any register.
            (
                "مهندس محمودی، درخواست شما ثبت شد.",
                Some("محمدی"),
                "misspelled",
            ),
            ("دكتر رضاپي، نتيجه آماده است", Some("رضایی"), "misspelled"),
            (
                "جناب آقای رضائی محترم، پرونده بسته شد.",
                Some("رضایی"),
                "used",
            ),
            ("سلام مهندس، درخواستت ثبت شد 🙏", Some("سارا"), "absent"),
            // A common noun in the name's place is no name, with an ending or not.
            ("کاربر گرامی، رمز شما تغییر کرد.", Some("کامران"), "absent"),
            ("همراهان عزیز، بسته‌ها فعال شد.", Some("همراز"), "absent"),
            ("مسافرين محترم، پرواز شما لغو شد", Some("مریم"), "absent"),
            // Addressing someone else by name: «جانم» is «جان» with an ending.
            ("ثمین جانم، مبلغ واریز شد.", Some("محمد رضا"), "misspelled"),
        ];
        let address = AddressWords::new(&crate::rule::default_compiled_classes().unwrap());
        for (text, name, want) in cases {
            let a = Analysis::new(text);
            let got = match find(&a, *name, || &address) {
                NameUse::Used => "used",
                NameUse::Placeholder => "placeholder",
                NameUse::Misspelled(_) => "misspelled",
                NameUse::Absent => "absent",
            };
            assert_eq!(got, *want, "{text:?} / {name:?}");
        }
    }
}
