//! Persian verb forms: a word of the normalised view read as prefix + stem + ending.
//!
//! Persian marks negation («ن»), the continuous / habitual («می») and the subjunctive or
//! imperative («ب») as prefixes of the verb, and the person as its ending. The normalised
//! view has already joined «می / نمی» to the stem («می خواهم»، «می‌خواهم» → `میخواهم`),
//! so one word is one verb form. Formal and colloquial endings are both read
//! («می‌شود / میشه»، «می‌کنید / میکنین»، «می‌کنند / میکنن»).

use std::hash::BuildHasherDefault;

use once_cell::sync::Lazy;

use crate::text::{word_hash, FastMap, FastSet, HashedMap};

/// Grammatical person and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Person {
    /// «من»: I.
    FirstSingular,
    /// «تو»: you (one, familiar).
    SecondSingular,
    /// «او»: he, she, it — and the impersonal «نمی‌شود».
    ThirdSingular,
    /// «ما»: we.
    FirstPlural,
    /// «شما»: you (plural or polite).
    SecondPlural,
    /// «آن‌ها»: they.
    ThirdPlural,
}

impl Person {
    /// The name used in rule files: `1sg`, `2sg`, `3sg`, `1pl`, `2pl`, `3pl`.
    pub fn name(self) -> &'static str {
        match self {
            Person::FirstSingular => "1sg",
            Person::SecondSingular => "2sg",
            Person::ThirdSingular => "3sg",
            Person::FirstPlural => "1pl",
            Person::SecondPlural => "2pl",
            Person::ThirdPlural => "3pl",
        }
    }

    /// Whether it is the second person, singular or plural.
    pub fn is_second(self) -> bool {
        matches!(self, Person::SecondSingular | Person::SecondPlural)
    }
}

/// Tense and aspect as far as the form shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// A present stem: present, subjunctive or imperative.
    Present,
    /// A past stem.
    Past,
    /// A past participle («کرده»، «شده»), alone or with a perfect ending («کرده‌اید»).
    Participle,
    /// «خواهد» + a past stem: «خواهد شد»، «نخواهیم توانست».
    Future,
}

/// The prefix before the stem (after a negation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// No prefix: a plain past, a subjunctive in a compound («صبر کنید»), an imperative.
    None,
    /// «می»: continuous or habitual.
    Mi,
    /// «ب»: subjunctive or imperative.
    Be,
}

/// A word read as a verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb {
    /// The lemma: the verb's past stem («کرد»، «شد»، «توانست»).
    pub lemma: &'static str,
    /// Whether it is negated («ن»، «نمی»).
    pub negated: bool,
    /// Its prefix.
    pub prefix: Prefix,
    /// Its tense.
    pub tense: Tense,
    /// Its person; `None` for a bare participle.
    pub person: Option<Person>,
    /// Whether a colloquial stem or ending was read («میشه»، «نمیتونیم»، «کنین»).
    pub colloquial: bool,
    /// Whether it is a copula without a stem: «است»، «هست»، «نیست» and their persons.
    pub copula: bool,
}

impl Verb {
    /// Whether it is a subjunctive: a present stem without «می» («لغو شود»، «بکنید»،
    /// «نامعتبر باشد»), a wish or a supposition rather than news. «داشتن» and the copula
    /// («است»، «نیست») have no «می» in the indicative and are left out.
    pub fn is_subjunctive(&self) -> bool {
        self.tense == Tense::Present
            && self.prefix != Prefix::Mi
            && self.lemma != "داشت"
            && !self.copula
    }

    /// Whether it leaves the customer a way on, said after bad news: something the agent's
    /// side does or has done («ارسال می‌کنیم»، «نگه داشته‌ایم»، «واریز کردیم»), or what will
    /// happen («بررسی خواهد شد»). Not negated, not a copula, and not a first person without
    /// «می» (a subjunctive: «تا بررسی کنیم»).
    pub fn is_way_on(&self) -> bool {
        let first = matches!(
            self.person,
            Some(Person::FirstSingular | Person::FirstPlural)
        );
        !self.negated
            && !self.copula
            && (self.tense == Tense::Future
                || first
                    && (self.prefix == Prefix::Mi
                        || matches!(self.tense, Tense::Past | Tense::Participle)))
    }

    /// Whether it is finite: any form but a bare participle. A participle with a person
    /// ending is a perfect («شده‌اند»); bare («شده») it qualifies a noun or waits for its
    /// auxiliary.
    pub fn is_finite(&self) -> bool {
        self.tense != Tense::Participle || self.person.is_some()
    }

    /// Whether it is a past stem alone, with no prefix, negation or ending («کرد»،
    /// «پرداخت»): a past of the third person, or where the grammar says so a short
    /// infinitive or a noun.
    pub fn is_bare_past_stem(&self) -> bool {
        self.tense == Tense::Past
            && self.prefix == Prefix::None
            && !self.negated
            && self.person == Some(Person::ThirdSingular)
    }

    /// Whether it can be an imperative: a present stem without «می», second person.
    pub fn is_imperative(&self) -> bool {
        // «داشتن» takes no «می» in the present: «ندارید» is a statement.
        self.lemma != "داشت"
            && !self.copula
            && self.tense == Tense::Present
            && self.prefix != Prefix::Mi
            && self.person.is_some_and(Person::is_second)
    }
}

/// A stem of the table: its lemma, whether it is a past stem, and whether it is colloquial.
#[derive(Debug, Clone, Copy)]
struct Stem {
    lemma: &'static str,
    past: bool,
    colloquial: bool,
}

/// Stems of the embedded table (`verbs.dat`), by their normalised spelling.
static STEMS: Lazy<FastMap<&'static str, Stem>> = Lazy::new(|| {
    let mut stems = FastMap::default();
    for line in include_str!("verbs.dat").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('#');
        let Some(first) = parts.next() else { continue };
        // «اومد~آمد»: a colloquial spelling; «امد=آمد»: another written one.
        let (past, lemma, colloquial_past) = match first.split_once('~') {
            Some((spelling, lemma)) => (spelling, lemma, true),
            None => match first.split_once('=') {
                Some((spelling, lemma)) => (spelling, lemma, false),
                None => (first, first, false),
            },
        };
        stems.insert(
            past,
            Stem {
                lemma,
                past: true,
                colloquial: colloquial_past,
            },
        );
        for (k, present) in parts.enumerate() {
            // A later line's present stem does not replace an earlier one's standard stem.
            let colloquial = k > 0 || colloquial_past;
            stems.entry(present).or_insert(Stem {
                lemma,
                past: false,
                colloquial,
            });
        }
    }
    stems
});

/// The longest stem of the table, in bytes: a longer body is no verb.
static MAX_STEM: Lazy<usize> = Lazy::new(|| STEMS.keys().map(|k| k.len()).max().unwrap_or(0));

/// Words that read as a verb form but are, in support replies, nearly always nouns or
/// adjectives: «نام» (name), «نمونه», «خرید» (purchase), «بند» (clause), «نشون» (spoken
/// «نشان», as in «نشون میده»), «روم» (a room, Rome; the bare subjunctive «(ب)روم» is
/// literary); and function words («آن» is not «آ + ن», «روی» not «رو + ی»,
/// «میان»، «نزد»، «بخشی از»). The second half of a
/// compound noun, a present stem with «ی» («اطلاع رسانی»، «پی گیری»), is told by its stem
/// ([`BARE_SECOND`]).
const NOT_VERBS: &[&str] = &[
    "آن",
    "روی",
    "روم",
    "میان",
    "نزد",
    "روند",
    "دوم",
    "آی",
    "نا",
    "نگه",
    "جون",
    "جوی",
    "بخشی",
    "پرداختی",
    "با",
    "بی",
    "نام",
    "نامه",
    "نمونه",
    "نخست",
    "نمایش",
    "نما",
    "نشانی",
    "نشان",
    "نشونی",
    "نشون",
    "نظر",
    "نرم",
    "نرخ",
    "نگاه",
    "نکته",
    "نیاز",
    "نیرو",
    "نیمه",
    "نقد",
    "نفر",
    "نوبت",
    "نهایی",
    "خرید",
    "رسید",
    "تمدید",
    "بند",
    "بار",
    "بسته",
    "بین",
    "گرد",
    "بخش",
    "بدون",
    "بر",
    "بد",
    "بزرگ",
    "دار",
    "روش",
    "ساز",
    "مانند",
    "نماینده",
];

/// Person endings, longest first, with the person and whether they are colloquial.
/// The empty ending (third singular past, second singular imperative) is tried last.
const ENDINGS: [(&str, Option<Person>, bool); 10] = [
    ("یم", Some(Person::FirstPlural), false),
    ("ید", Some(Person::SecondPlural), false),
    ("ین", Some(Person::SecondPlural), true),
    ("ند", Some(Person::ThirdPlural), false),
    ("ن", Some(Person::ThirdPlural), true),
    ("م", Some(Person::FirstSingular), false),
    ("ی", Some(Person::SecondSingular), false),
    ("د", Some(Person::ThirdSingular), false),
    ("ه", Some(Person::ThirdSingular), true),
    ("", None, false),
];

/// The verbs whose bare present stem + «ی» is read as the second singular: light verbs and
/// auxiliaries, which take no «ب» in a compound («اگر پیدا کنی»، «اگر داری»، «خواهی دید»).
const BARE_SECOND: [&str; 6] = ["کرد", "داشت", "بود", "شد", "خواست", "توانست"];

/// Reads `word` (normalised) as a verb form, or `None`.
///
/// Readings are remembered per thread: the words of support replies repeat (Zipf), and a
/// reading is a handful of table lookups, so a review reads most words from memory. The
/// memory is bounded: it is emptied when it holds 50,000 words.
pub fn analyse(word: &str) -> Option<Verb> {
    if !may_be_verb(word) {
        return None;
    }
    remembered(word, word_hash(word))
}

/// The spoken «باشه / باشن», which alone reads as "OK" and is no verb: after a participle
/// or a modal it is the subjunctive «باشد / باشند» («لغو شده باشه»، «باید … باشه»).
pub(crate) fn spoken_be(word: &str) -> Option<Verb> {
    match word {
        "باشه" => analyse("باشد"),
        "باشن" => analyse("باشند"),
        _ => None,
    }
}

/// A spoken third-singular subjunctive, «کنه»، «بده»، «بمونه», which alone is read as no
/// verb: bare, it is as often a noun («شماره»، «برنامه»). Where a subjunctive is awaited and
/// the word ends its clause («باید … استفاده کنه.»), it is «کند»، «بدهد»، «بماند».
pub(crate) fn spoken_subjunctive(word: &str) -> Option<Verb> {
    let stem = word.strip_suffix('ه')?;
    let mut formal = String::with_capacity(word.len() + 2);
    formal.push_str(stem);
    formal.push('د');
    analyse(&formal)
        .filter(|v| v.tense == Tense::Present && v.prefix != Prefix::Mi && !v.copula)
        .filter(|v| v.person == Some(Person::ThirdSingular))
        .map(|v| Verb {
            colloquial: true,
            ..v
        })
}

/// [`analyse`] for each of `words`, with its [`word_hash`], in order: the memory is opened
/// once for them all.
pub(crate) fn analyse_each<'w>(
    words: impl IntoIterator<Item = (&'w str, u64)>,
    mut each: impl FnMut(Option<Verb>),
) {
    READ.with(|read| {
        let mut read = read.borrow_mut();
        for (word, hash) in words {
            each(
                may_be_verb(word)
                    .then(|| recall(&mut read, word, hash))
                    .flatten(),
            );
        }
    })
}

thread_local! {
    /// The readings remembered, by the words' hashes.
    static READ: std::cell::RefCell<Memory> =
        const { std::cell::RefCell::new(HashedMap::with_hasher(BuildHasherDefault::new())) };
}

type Memory = HashedMap<(Box<str>, Option<Verb>)>;

/// The reading of `word`, which may be a verb, from memory or read now.
fn remembered(word: &str, hash: u64) -> Option<Verb> {
    READ.with(|read| recall(&mut read.borrow_mut(), word, hash))
}

fn recall(read: &mut Memory, word: &str, hash: u64) -> Option<Verb> {
    if let Some((w, v)) = read.get(&hash) {
        if **w == *word {
            return *v;
        }
        // Another word with the same hash: read, not remembered.
        return parse(word);
    }
    let v = parse(word);
    if read.len() >= REMEMBERED {
        read.clear();
    }
    read.insert(hash, (word.into(), v));
    v
}

/// How many readings a thread remembers at most.
const REMEMBERED: usize = 50_000;

/// Whether `word` can be a verb form at all: one ends in a person ending («م ی د ه ن»), a
/// past stem's «د / ت», or — as an imperative, «بکن»، «نزن» — in any stem after «ب / ن».
/// Most words are ruled out here, before any lookup.
fn may_be_verb(word: &str) -> bool {
    // On bytes: «م» D9 85, «ن» D9 86, «ه» D9 87, «ی» DB 8C, «د» D8 AF, «ت» D8 AA; «ب» D8 A8.
    // A lead byte (D8–DB) is never a continuation byte, so the last two bytes are the last
    // letter.
    let b = word.as_bytes();
    b.len() >= 2
        && (matches!(
            b[b.len() - 2..],
            [0xD9, 0x85..=0x87] | [0xDB, 0x8C] | [0xD8, 0xAF | 0xAA]
        ) || matches!(b, [0xD8, 0xA8, ..] | [0xD9, 0x86, ..]))
}

/// Reads `word` (normalised) as a bare past stem, even one that alone is read as a noun
/// («رسید», a receipt): after «خواهد» it is the future's verb («نخواهد رسید»).
pub(crate) fn bare_past_stem(word: &str) -> Option<Verb> {
    prefixed(word, false, Prefix::None).filter(Verb::is_bare_past_stem)
}

/// Reads `word` (normalised) as a verb form, without memory.
fn parse(word: &str) -> Option<Verb> {
    static NOT: Lazy<FastSet<&'static str>> = Lazy::new(|| NOT_VERBS.iter().copied().collect());
    if !may_be_verb(word) || NOT.contains(word) {
        return None;
    }
    if let Some(v) = copula(word) {
        return Some(v);
    }
    // The plain reading first: «نما»، «نشین» are stems that start with «ن».
    prefixed(word, false, Prefix::None)
        .or_else(|| {
            word.strip_prefix("نمی")
                .and_then(|r| prefixed(r, true, Prefix::Mi))
        })
        .or_else(|| {
            word.strip_prefix("می")
                .and_then(|r| prefixed(r, false, Prefix::Mi))
        })
        .or_else(|| {
            word.strip_prefix('ن').and_then(|r| {
                // «نیافت» is «ن» + «یافت»; «نیامد» is «ن» + glide + «آمد».
                prefixed(r, true, Prefix::None).or_else(|| prefixed(glide(r), true, Prefix::None))
            })
        })
        .or_else(|| {
            word.strip_prefix('ب').and_then(|r| {
                prefixed(r, false, Prefix::Be).or_else(|| prefixed(glide(r), false, Prefix::Be))
            })
        })
        .or_else(|| preverbed(word))
        .or_else(|| preverbed_bare(word))
}

/// Verbs with a preverb, which stands before «می / نمی»: «برمی‌گردد»، «بازنمی‌گرداند»،
/// «درمیاد». Each is (preverb, the lemma of the verb after it, the verb's own lemma).
const PREVERBED: [(&str, &str, &str); 16] = [
    ("بر", "گشت", "برگشت"),
    ("بر", "گردید", "برگشت"),
    ("باز", "گشت", "بازگشت"),
    ("باز", "گردید", "بازگشت"),
    ("بر", "گرداند", "برگرداند"),
    ("باز", "گرداند", "بازگرداند"),
    ("در", "آمد", "درآمد"),
    ("بر", "آمد", "برآمد"),
    ("در", "آورد", "درآورد"),
    ("بر", "داشت", "برداشت"),
    ("ور", "داشت", "برداشت"),
    ("بر", "خورد", "برخورد"),
    ("باز", "داشت", "بازداشت"),
    ("فرا", "رسید", "فرارسید"),
    ("فرا", "گرفت", "فراگرفت"),
    ("در", "گذشت", "درگذشت"),
];

/// Reads `word` as a verb with a preverb before «می / نمی» ([`PREVERBED`]): «برمیگرده» is
/// `برگشت`, third singular present, colloquial.
fn preverbed(word: &str) -> Option<Verb> {
    PREVERBED.iter().find_map(|&(preverb, inner, lemma)| {
        let rest = word.strip_prefix(preverb)?;
        if !rest.starts_with("می") && !rest.starts_with("نمی") {
            return None;
        }
        let v = parse(rest).filter(|v| v.lemma == inner && v.prefix == Prefix::Mi)?;
        Some(Verb { lemma, ..v })
    })
}

/// Reads `word` as a verb of [`PREVERBED`] written without «می»: the subjunctive or
/// imperative «برگردانید»، «برنگردید»، «بازگردانیم», and the past with a plural or polite
/// ending, «برگشتند». The bare stem («برگشت»، «درآمد») and the endings that also make a noun
/// («برداری»، «برگشتن») are no verb, nor a colloquial stem of one letter («درام»).
fn preverbed_bare(word: &str) -> Option<Verb> {
    PREVERBED.iter().find_map(|&(preverb, inner, lemma)| {
        let rest = word.strip_prefix(preverb)?;
        let (rest, negated) = match rest.strip_prefix('ن') {
            Some(r) => (r, true),
            None => (rest, false),
        };
        ENDINGS
            .iter()
            .find_map(|&(ending, person, colloquial_ending)| {
                let person = person.filter(|_| !matches!(ending, "ی" | "ن"))?;
                let body = rest.strip_suffix(ending)?;
                let stem = STEMS.get(body).filter(|s| s.lemma == inner)?;
                if (stem.past && !matches!(ending, "یم" | "ید" | "ند"))
                    || (stem.colloquial && body.chars().count() < 2)
                {
                    return None;
                }
                Some(Verb {
                    lemma,
                    negated,
                    prefix: Prefix::None,
                    tense: if stem.past {
                        Tense::Past
                    } else {
                        Tense::Present
                    },
                    person: Some(person),
                    colloquial: stem.colloquial || colloquial_ending,
                    copula: false,
                })
            })
    })
}

/// After «ب / ن», a stem starting with «آ / ا» takes a glide «ی»: «بیاید»، «نیامد».
fn glide(rest: &str) -> &str {
    match rest.strip_prefix('ی') {
        Some(r) if r.starts_with('ا') || r.starts_with('آ') => r,
        _ => rest,
    }
}

/// The forms of «بودن» that are not built from a stem: «است»، «هست»، «نیست» and their
/// persons, the colloquial «نیس», and the plural clitics written apart from the word they
/// follow: «موظف اند»، «مجبور اید».
fn copula(word: &str) -> Option<Verb> {
    let (negated, person, colloquial) = match word {
        "است" => (false, Person::ThirdSingular, false),
        "نیس" => (true, Person::ThirdSingular, true),
        "اند" => (false, Person::ThirdPlural, false),
        "اید" => (false, Person::SecondPlural, false),
        "ایم" => (false, Person::FirstPlural, false),
        _ => {
            let (negated, rest) = match word.strip_prefix("نیست") {
                Some(r) => (true, r),
                None => (false, word.strip_prefix("هست")?),
            };
            let (person, colloquial) = if rest.is_empty() {
                (Person::ThirdSingular, false)
            } else {
                let &(_, p, c) = ENDINGS.iter().find(|(e, p, _)| p.is_some() && *e == rest)?;
                (p?, c)
            };
            (negated, person, colloquial)
        }
    };
    Some(Verb {
        lemma: "بود",
        negated,
        prefix: Prefix::None,
        tense: Tense::Present,
        person: Some(person),
        colloquial,
        copula: true,
    })
}

/// Reads `rest` (what follows the prefixes) as stem + ending.
/// Of several readings, the one with the longest stem wins: «نشد» is «ن + شد» (past), not
/// «ن + ش + د» (colloquial present).
fn prefixed(rest: &str, negated: bool, prefix: Prefix) -> Option<Verb> {
    let mut best: Option<(usize, Verb)> = None;
    for &(ending, person, colloquial_ending) in &ENDINGS {
        let Some(body) = rest.strip_suffix(ending) else {
            continue;
        };
        if body.is_empty() {
            continue;
        }
        // After a stem ending in a vowel the ending takes a glide «ی»: «می‌فرمایید».
        let glided = body
            .strip_suffix('ی')
            .filter(|b| b.ends_with(['ا', 'و']) && !ending.is_empty());
        // A written present stem ending in «ا» always takes it: «نماید» is «نما + ی + د», the
        // third singular, and the second plural is «نمایید». A colloquial stem need not
        // («میخواید», you want).
        let unglided = !(matches!(ending, "ید" | "یم")
            && body.ends_with('ا')
            && body.chars().count() >= 2
            && STEMS.get(body).is_some_and(|s| !s.colloquial));
        let bodies = [Some(body).filter(|_| unglided), glided];
        for body in bodies.into_iter().flatten() {
            // A participle's body carries a «ه» and perhaps «ا» more than its stem.
            if body.len() > *MAX_STEM + 4
                || best.as_ref().is_some_and(|(len, _)| *len >= body.len())
            {
                continue;
            }
            if let Some(v) = read(body, ending, person, negated, prefix, colloquial_ending) {
                best = Some((body.len(), v));
            }
        }
    }
    best.map(|(_, v)| v)
}

fn read(
    body: &str,
    ending: &str,
    person: Option<Person>,
    negated: bool,
    prefix: Prefix,
    colloquial_ending: bool,
) -> Option<Verb> {
    // A participle with a perfect ending («کرده‌اید» → `کردهاید`), or read whole («شده»).
    if ending != "ه" {
        if let Some(v) = participle(body, ending, negated, prefix) {
            return Some(v);
        }
    }
    let stem = STEMS.get(body)?;
    // Past stem + «ه»: a bare participle («شده»، «نکرده»).
    if ending == "ه" && stem.past {
        return participle_of(body, None, negated, prefix);
    }
    // A colloquial stem of one letter («ش»، «د»، «ر») is read only with a prefix.
    if stem.colloquial && body.chars().count() < 2 && prefix == Prefix::None && !negated {
        return None;
    }
    let (tense, person) = if stem.past {
        // A past stem takes no «ه» ending (that is a participle) and no prefix «ب»; with
        // «ن» and no «می» it is an infinitive («رد کردن»، «رعایت نکردن»), not a verb.
        if ending == "ه" || prefix == Prefix::Be || (ending == "ن" && prefix == Prefix::None) {
            return None;
        }
        (Tense::Past, person.or(Some(Person::ThirdSingular)))
    } else {
        if ending == "ه" && prefix == Prefix::None && !negated && stem.lemma != "داشت" {
            return None;
        }
        // A bare present stem + «ی» is far more often the second half of a compound noun
        // than the second singular: «راه اندازی»، «پاسخ دهی»، «ذخیره سازی». The subjunctive
        // takes «ب» («بسازی»), but for the light verbs a compound leaves bare: «اگر پیدا کنی».
        if ending == "ی" && prefix == Prefix::None && !negated && !BARE_SECOND.contains(&stem.lemma)
        {
            return None;
        }
        // The bare present stem is a second-singular imperative; without a prefix it is
        // too often a noun («بند»، «کار») to read.
        let person = match person {
            Some(p) => Some(p),
            // «نده»، «بده»; with «می» a bare stem is no form («نمیده» is «نمی + د + ه»)
            // but the impersonal «(ن)می‌توان», which has no person.
            None if prefix == Prefix::Be || (negated && prefix == Prefix::None) => {
                Some(Person::SecondSingular)
            }
            None if prefix == Prefix::Mi && stem.lemma == "توانست" => None,
            None => return None,
        };
        (Tense::Present, person)
    };
    Some(Verb {
        lemma: stem.lemma,
        negated,
        prefix,
        tense,
        person,
        colloquial: stem.colloquial || colloquial_ending,
        copula: false,
    })
}

/// Perfect endings after a participle, as the normaliser joins them (`کردهاید`).
const PERFECT: [(&str, Person); 5] = [
    ("ام", Person::FirstSingular),
    ("ای", Person::SecondSingular),
    ("ایم", Person::FirstPlural),
    ("اید", Person::SecondPlural),
    ("اند", Person::ThirdPlural),
];

/// Reads `body + ending` as a past participle read whole («شده» with no ending), or with a
/// perfect ending that the normaliser joined («کرده‌اید» → `کردهاید`, «شده‌است» → `شدهاست`), whose tail
/// is the person ending read («اید» = «ا» + «ید»).
fn participle(body: &str, ending: &str, negated: bool, prefix: Prefix) -> Option<Verb> {
    match ending {
        // The third singular's «است» joined the same way: «شده‌است» → `شدهاست`.
        "" => match body.strip_suffix("است") {
            Some(b) => participle_of(
                b.strip_suffix('ه')?,
                Some(Person::ThirdSingular),
                negated,
                prefix,
            ),
            None => participle_of(body.strip_suffix('ه')?, None, negated, prefix),
        },
        // Only «م ی یم ید ند» close a perfect ending («ام ای ایم اید اند»).
        _ if !body.ends_with('ا') => None,
        _ => {
            let (lead, person) = PERFECT.iter().find_map(|(e, p)| {
                e.strip_suffix(ending)
                    .filter(|lead| !lead.is_empty() && body.ends_with(lead))
                    .map(|lead| (lead, *p))
            })?;
            let stem = body[..body.len() - lead.len()].strip_suffix('ه')?;
            participle_of(stem, Some(person), negated, prefix)
        }
    }
}

fn participle_of(
    stem: &str,
    person: Option<Person>,
    negated: bool,
    prefix: Prefix,
) -> Option<Verb> {
    let s = STEMS.get(stem).filter(|s| s.past)?;
    if prefix == Prefix::Be {
        return None;
    }
    Some(Verb {
        lemma: s.lemma,
        negated,
        prefix,
        tense: Tense::Participle,
        person,
        colloquial: s.colloquial,
        copula: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_phrase;

    fn read(w: &str) -> Option<Verb> {
        analyse(&normalize_phrase(w))
    }

    /// (word, lemma, negated, tense, person), formal and colloquial, with and without ZWNJ.
    #[test]
    fn reads_verb_forms() {
        use Person::*;
        use Tense::*;
        let cases: &[(&str, &str, bool, Tense, Option<Person>)] = &[
            ("می‌توانیم", "توانست", false, Present, Some(FirstPlural)),
            ("نمی‌توانیم", "توانست", true, Present, Some(FirstPlural)),
            ("نمیتونیم", "توانست", true, Present, Some(FirstPlural)),
            ("نمی تونم", "توانست", true, Present, Some(FirstSingular)),
            ("نتوانستیم", "توانست", true, Past, Some(FirstPlural)),
            ("نتونستیم", "توانست", true, Past, Some(FirstPlural)),
            ("میدونستی", "دانست", false, Past, Some(SecondSingular)),
            ("نمی‌دونستید", "دانست", true, Past, Some(SecondPlural)),
            ("می‌خوندید", "خواند", false, Past, Some(SecondPlural)),
            ("میخونم", "خواند", false, Present, Some(FirstSingular)),
            ("رسوندیم", "رساند", false, Past, Some(FirstPlural)),
            ("میرسونیم", "رساند", false, Present, Some(FirstPlural)),
            ("میذاشتین", "گذاشت", false, Past, Some(SecondPlural)),
            ("نمی‌شود", "شد", true, Present, Some(ThirdSingular)),
            ("نمیشه", "شد", true, Present, Some(ThirdSingular)),
            ("میشه", "شد", false, Present, Some(ThirdSingular)),
            ("بشه", "شد", false, Present, Some(ThirdSingular)),
            ("نشد", "شد", true, Past, Some(ThirdSingular)),
            ("شد", "شد", false, Past, Some(ThirdSingular)),
            ("گردید", "گردید", false, Past, Some(ThirdSingular)),
            ("می‌گردد", "گردید", false, Present, Some(ThirdSingular)),
            ("نمی گردد", "گردید", true, Present, Some(ThirdSingular)),
            ("نمی‌باشد", "بود", true, Present, Some(ThirdSingular)),
            ("نمیباشد", "بود", true, Present, Some(ThirdSingular)),
            ("نیست", "بود", true, Present, Some(ThirdSingular)),
            ("نیستیم", "بود", true, Present, Some(FirstPlural)),
            ("نیس", "بود", true, Present, Some(ThirdSingular)),
            ("هستید", "بود", false, Present, Some(SecondPlural)),
            ("است", "بود", false, Present, Some(ThirdSingular)),
            ("اند", "بود", false, Present, Some(ThirdPlural)),
            ("اید", "بود", false, Present, Some(SecondPlural)),
            ("ام", "", false, Present, None),
            ("ای", "", false, Present, None),
            ("نبود", "بود", true, Past, Some(ThirdSingular)),
            ("نداریم", "داشت", true, Present, Some(FirstPlural)),
            ("نداره", "داشت", true, Present, Some(ThirdSingular)),
            ("داره", "داشت", false, Present, Some(ThirdSingular)),
            ("ندارد", "داشت", true, Present, Some(ThirdSingular)),
            ("کنید", "کرد", false, Present, Some(SecondPlural)),
            ("کنین", "کرد", false, Present, Some(SecondPlural)),
            ("نکنید", "کرد", true, Present, Some(SecondPlural)),
            ("میکنن", "کرد", false, Present, Some(ThirdPlural)),
            ("نمی‌کنیم", "کرد", true, Present, Some(FirstPlural)),
            ("کرده‌اید", "کرد", false, Participle, Some(SecondPlural)),
            ("کرده اید", "کرد", false, Participle, Some(SecondPlural)),
            ("نکرده", "کرد", true, Participle, None),
            ("شده‌است", "شد", false, Participle, Some(ThirdSingular)),
            ("نشده‌است", "شد", true, Participle, Some(ThirdSingular)),
            ("پذیرفته", "پذیرفت", false, Participle, None),
            ("بفرمایید", "فرمود", false, Present, Some(SecondPlural)),
            ("می‌فرمایید", "فرمود", false, Present, Some(SecondPlural)),
            ("بفرماید", "فرمود", false, Present, Some(ThirdSingular)),
            ("نماید", "نمود", false, Present, Some(ThirdSingular)),
            ("نمایید", "نمود", false, Present, Some(SecondPlural)),
            ("بنماییم", "نمود", false, Present, Some(FirstPlural)),
            ("میخواید", "خواست", false, Present, Some(SecondPlural)),
            ("بیایید", "آمد", false, Present, Some(SecondPlural)),
            ("نیامد", "آمد", true, Past, Some(ThirdSingular)),
            ("نیافتیم", "یافت", true, Past, Some(FirstPlural)),
            ("نیابید", "یافت", true, Present, Some(SecondPlural)),
            ("بیابید", "یافت", false, Present, Some(SecondPlural)),
            ("میاد", "آمد", false, Present, Some(ThirdSingular)),
            ("بدید", "داد", false, Present, Some(SecondPlural)),
            ("نمیدیم", "داد", true, Present, Some(FirstPlural)),
            ("میره", "رفت", false, Present, Some(ThirdSingular)),
            ("نمیده", "داد", true, Present, Some(ThirdSingular)),
            ("نمیتوان", "توانست", true, Present, None),
            ("نمیره", "رفت", true, Present, Some(ThirdSingular)),
            ("نده", "داد", true, Present, Some(SecondSingular)),
            ("میخوام", "خواست", false, Present, Some(FirstSingular)),
            ("خواهد", "خواست", false, Present, Some(ThirdSingular)),
            ("نخواهیم", "خواست", true, Present, Some(FirstPlural)),
            ("بذارید", "گذاشت", false, Present, Some(SecondPlural)),
            ("نفرستید", "فرستاد", true, Present, Some(SecondPlural)),
            ("نزنید", "زد", true, Present, Some(SecondPlural)),
            ("پيدا", "", false, Present, None),
            ("کردن", "", false, Present, None),
            ("نکردن", "", false, Present, None),
            // A bare stem + «ی» is a noun («راه اندازی»، «قرعه کشی»), but for light verbs
            // and auxiliaries; with a prefix it is the verb.
            ("اندازی", "", false, Present, None),
            ("کشی", "", false, Present, None),
            ("بسازی", "ساخت", false, Present, Some(SecondSingular)),
            ("نکشی", "کشید", true, Present, Some(SecondSingular)),
            ("میسازی", "ساخت", false, Present, Some(SecondSingular)),
            ("کنی", "کرد", false, Present, Some(SecondSingular)),
            ("داری", "داشت", false, Present, Some(SecondSingular)),
            ("باشی", "بود", false, Present, Some(SecondSingular)),
        ];
        for &(w, lemma, negated, tense, person) in cases {
            let got = read(w);
            if lemma.is_empty() {
                assert_eq!(got, None, "{w}");
                continue;
            }
            let v = got.unwrap_or_else(|| panic!("{w} is a verb"));
            assert_eq!(
                (v.lemma, v.negated, v.tense, v.person),
                (lemma, negated, tense, person),
                "{w}"
            );
        }
    }

    #[test]
    fn a_preverb_stands_before_mi() {
        use Person::*;
        let cases: &[(&str, &str, bool, Option<Person>)] = &[
            ("برمی‌گردد", "برگشت", false, Some(ThirdSingular)),
            ("برمیگرده", "برگشت", false, Some(ThirdSingular)),
            ("بازمیگردد", "بازگشت", false, Some(ThirdSingular)),
            ("بازنمی‌گردانیم", "بازگرداند", true, Some(FirstPlural)),
            ("برنمی‌گردونیم", "برگرداند", true, Some(FirstPlural)),
            ("درمیاد", "درآمد", false, Some(ThirdSingular)),
        ];
        for &(word, lemma, negated, person) in cases {
            let v = read(word).unwrap_or_else(|| panic!("{word}: no verb"));
            assert_eq!(
                (v.lemma, v.negated, v.tense, v.person, v.prefix),
                (lemma, negated, Tense::Present, person, Prefix::Mi),
                "{word}"
            );
        }
        // A preverb needs «می»: «برگشت» and «درآمد» alone are nouns, and «بازمیشه» is «باز»
        // (open) with its light verb.
        for word in ["برگشت", "درآمد", "بازمیشه", "برنامه", "درمان"] {
            assert!(
                read(word).is_none_or(|v| !v.lemma.starts_with(['ب', 'د'])),
                "{word}"
            );
        }
    }

    #[test]
    fn a_preverb_without_mi_makes_a_subjunctive_or_a_plural_past() {
        use Person::*;
        let cases: &[(&str, &str, bool, Tense, Person)] = &[
            ("برگردانید", "برگرداند", false, Tense::Present, SecondPlural),
            ("برنگردانید", "برگرداند", true, Tense::Present, SecondPlural),
            ("برگردونین", "برگرداند", false, Tense::Present, SecondPlural),
            (
                "بازگردانیم",
                "بازگرداند",
                false,
                Tense::Present,
                FirstPlural,
            ),
            ("برگردید", "برگشت", false, Tense::Present, SecondPlural),
            ("بردارید", "برداشت", false, Tense::Present, SecondPlural),
            ("برگشتند", "برگشت", false, Tense::Past, ThirdPlural),
        ];
        for &(word, lemma, negated, tense, person) in cases {
            let v = read(word).unwrap_or_else(|| panic!("{word}: no verb"));
            assert_eq!(
                (v.lemma, v.negated, v.tense, v.person, v.prefix),
                (lemma, negated, tense, Some(person), Prefix::None),
                "{word}"
            );
        }
        // Bare stems, and endings that also make a noun or an infinitive, stay nouns.
        for word in [
            "برگشت",
            "درآمد",
            "برداشت",
            "برداری",
            "درآمدی",
            "برگشتن",
            "درام",
            "درباره",
            "برنده",
        ] {
            assert!(
                read(word).is_none_or(|v| !v.lemma.starts_with(['ب', 'د'])),
                "{word}"
            );
        }
    }

    #[test]
    fn subjunctives_are_told_from_statements() {
        // The word is normalised, as in a draft: the ZWNJ after «می» is dropped.
        for (w, subjunctive) in [
            ("شود", true),
            ("بکنید", true),
            ("باشد", true),
            ("نباشد", true),
            ("باشند", true),
            ("میشود", false),
            ("میباشد", false),
            ("نمیباشد", false),
            ("است", false),
            ("نیست", false),
            ("ندارد", false),
            ("شد", false),
        ] {
            let v = analyse(w).unwrap_or_else(|| panic!("{w} is a verb"));
            assert_eq!(v.is_subjunctive(), subjunctive, "{w}");
        }
    }

    #[test]
    fn colloquial_forms_are_marked() {
        for (w, colloquial) in [
            ("نمیتونیم", true),
            ("نمی‌توانیم", false),
            ("میشه", true),
            ("می‌شود", false),
            ("کنین", true),
            ("کنید", false),
        ] {
            assert_eq!(read(w).map(|v| v.colloquial), Some(colloquial), "{w}");
        }
    }

    #[test]
    fn spoken_subjunctives_are_read_only_when_asked() {
        for (w, lemma) in [
            ("کنه", "کرد"),
            ("بمونه", "ماند"),
            ("نکنه", "کرد"),
            ("بده", "داد"),
        ] {
            assert_eq!(analyse(w).filter(|v| v.lemma != lemma), None, "{w} alone");
            let v = spoken_subjunctive(w).unwrap_or_else(|| panic!("{w} is a verb"));
            assert_eq!(
                (v.lemma, v.tense, v.person, v.colloquial),
                (lemma, Tense::Present, Some(Person::ThirdSingular), true),
                "{w}"
            );
        }
        // Neither a past, nor «می» with its own reading, nor a word with no such stem.
        for w in ["کرده", "میکنه", "سلام", "خانه"] {
            assert!(spoken_subjunctive(w).is_none(), "{w}");
        }
    }

    /// Nouns that look like negated or prefixed verbs, and words that merely end like one.
    #[test]
    fn nouns_are_not_verbs() {
        for w in [
            "نام",
            "نمونه",
            "نخست",
            "نمایش",
            "خرید",
            "رسید",
            "تمدید",
            "بند",
            "ناهار",
            "نهایی",
            "نماینده",
            "مشتری",
            "سفارش",
            "بسته",
            "میز",
            "میوه",
            "بانک",
            "کار",
            "نتیجه",
            "نظر",
            "بیمه",
            "ببر",
            "کد",
            "نشون",
            "روم",
        ] {
            let v = read(w);
            assert!(v.is_none() || w == "ببر", "{w} read as a verb: {v:?}");
        }
    }

    /// The byte test of [`may_be_verb`] says what the letters say: a last letter of
    /// «م ی د ه ن ت», or a first «ب / ن».
    #[test]
    fn the_byte_test_reads_first_and_last_letters() {
        let by_letters = |w: &str| {
            w.len() >= 2
                && (matches!(
                    w.chars().next_back(),
                    Some('م' | 'ی' | 'د' | 'ه' | 'ن' | 'ت')
                ) || w.starts_with(['ب', 'ن']))
        };
        let letters: Vec<char> = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكa1🙂".chars().collect();
        for a in &letters {
            for b in &letters {
                for w in [
                    format!("{a}"),
                    format!("{a}{b}"),
                    format!("{a}ی{b}"),
                    format!("ن{a}{b}"),
                ] {
                    assert_eq!(may_be_verb(&w), by_letters(&w), "{w}");
                }
            }
        }
    }

    #[test]
    fn imperatives() {
        for (w, imperative) in [
            ("نزنید", true),
            ("بفرمایید", true),
            ("نکن", true),
            ("نمی‌کنید", false),
            ("کردید", false),
        ] {
            assert_eq!(read(w).map(|v| v.is_imperative()), Some(imperative), "{w}");
        }
    }
}
