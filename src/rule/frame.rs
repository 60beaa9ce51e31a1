//! Semantic frames: a rule's pattern over the grammar of a clause instead of a list of
//! phrases. A frame names a head — a verb by its lemma, negation, person and tense, or a
//! word — and what must or must not stand around it in its clause: a complement before it
//! («لغو» + «شد»), a word class anywhere in the clause («هیچ هزینه‌ای … نمی‌شود» is good
//! news), the scope of a condition («اگر …»). See `rules/README.md`.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use once_cell::sync::OnceCell;
use serde::{Deserialize, Serialize};

use super::class::{phrase_fits, ClassSpec, Classes};
use super::matcher::Hit;
use crate::tally::Tally;
use crate::text::{
    analyse_verbs, bare_past_stem, spoken_be, Analysis, Person, Prefix, Tense, TokenKind, Verb,
};
use crate::text::{word_hash, FastMap, FastSet, HashedMap};

/// One frame, as written in a rule file (`[[frame]]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameSpec {
    /// The head verb's lemmas, as past stems («توانست»، «شد»، «بود»); `*` for any verb.
    #[serde(default)]
    pub verb: Vec<String>,
    /// Lemmas the head verb must not have (with `verb = ["*"]`).
    #[serde(default)]
    pub except: Vec<String>,
    /// Or a head that is a word: words or `@classes`.
    #[serde(default)]
    pub word: Vec<String>,
    /// Whether the head verb must be negated (`true`) or must not be (`false`).
    #[serde(default)]
    pub negated: Option<bool>,
    /// The head verb's person: `1sg`, `2sg`, `3sg`, `1pl`, `2pl`, `3pl`, or `none` for a form
    /// without one (a bare participle).
    #[serde(default)]
    pub person: Vec<String>,
    /// The head verb's tense: `present`, `past`, `participle`, `future`.
    #[serde(default)]
    pub tense: Vec<String>,
    /// Whether the head verb must be (or must not be) an imperative or subjunctive of the
    /// second person: a present stem without «می».
    #[serde(default)]
    pub imperative: Option<bool>,
    /// Whether the head verb must be (or must not be) a subjunctive: «لغو شود» is a
    /// supposition, «لغو می‌شود» news.
    #[serde(default)]
    pub subjunctive: Option<bool>,
    /// A complement that must come before the head, within `gap` words, in its clause
    /// (words or `@classes`). The finding starts at it.
    #[serde(default)]
    pub with: Vec<String>,
    /// How many words may stand between the complement and the head.
    #[serde(default = "default_gap")]
    pub gap: usize,
    /// The clause must hold one of these (words or `@classes`).
    #[serde(default)]
    pub requires: Vec<String>,
    /// A word between the complement and the head must be one of these (words or
    /// `@classes`): «بر عهده‌ی مشتری است» lays a cost on the customer, «بر عهده‌ی فروشگاه
    /// است» does not.
    #[serde(default)]
    pub requires_between: Vec<String>,
    /// Drop the match when a word between the complement and the head is one of these:
    /// the head is that word's light verb — «درخواست لغو ارسال شد» sent a request, it
    /// cancelled nothing.
    #[serde(default)]
    pub unless_between: Vec<String>,
    /// Drop the match when its clause holds one of these (words or `@classes`).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Look for `unless` only in this many words before the complement (or the head),
    /// instead of in the whole clause: «جریمه‌ی دیرکرد شما لغو شد» is good news, «پرواز به
    /// علت محدودیت لغو شد» is not.
    #[serde(default)]
    pub unless_within: Option<usize>,
    /// With `unless_within`, look for `unless` at the clause's first word too, the head of
    /// its subject: «جریمه‌ی دیرکرد قسط آبان‌ماه شما لغو شد».
    #[serde(default)]
    pub unless_subject: bool,
    /// Look for `unless` in the whole sentence, across its commas: «نگران نباشید، اشتراک
    /// شما لغو نمی‌شود».
    #[serde(default)]
    pub unless_in_sentence: bool,
    /// Look for `requires` from the start of the sentence, across its commas, to the end of
    /// the head's clause: «متأسفانه، پیک امروز به منطقه‌ی شما نمی‌رود».
    #[serde(default)]
    pub requires_in_sentence: bool,
    /// Drop the match when the next word is one of these.
    #[serde(default)]
    pub unless_next: Vec<String>,
    /// Drop the match when its clause holds one of these and no «را / رو»: with no object
    /// made definite, «هنوز محصولی اضافه نکرده‌اید» tells an empty list, where «هنوز فرم را
    /// پر نکرده‌اید» tells what the customer left undone.
    #[serde(default)]
    pub unless_indefinite: Vec<String>,
    /// Only when the rest of its sentence (the next one, after a bare head) denies or limits:
    /// holds a negated verb or one of these, or nothing at all. «خیر، امکانش نیست»،
    /// «خیر، فقط …»، «خیر.», but not «خیر، پردازش به صورت لوکال انجام می‌شود».
    #[serde(default)]
    pub requires_denial_after: Vec<String>,
    /// Drop the match when the word before the head (or the complement) is one of these.
    #[serde(default)]
    pub unless_before: Vec<String>,
    /// Only at the start of a clause.
    #[serde(default)]
    pub clause_start: bool,
    /// Only where the head ends its clause, no word after it: a heading with no verb,
    /// «❌ فرمت نامعتبر.», not «اطلاعات نامعتبر را اصلاح کنید».
    #[serde(default)]
    pub clause_end: bool,
    /// Only when the head (or the complement) starts its clause, follows a mark or an
    /// emoji, or the word before it is one of these (words or `@classes`): «الان نمیشه» is
    /// "it can't be done", «ذخیره نمی‌شود» a passive.
    #[serde(default)]
    pub only_after: Vec<String>,
    /// Only when a verb that a modal governs follows the head within this many words in
    /// its clause, before a word of `@conjunction`: a short infinitive or a subjunctive not
    /// of the second person («نمیشه رنگش رو عوض کرد»، «نمی‌شود امروز ارسال شود»).
    #[serde(default)]
    pub verb_within: Option<usize>,
    /// Also inside the scope of a condition («اگر برنامه باز نمی‌شود»); by default a
    /// supposition is not news and is left alone.
    #[serde(default)]
    pub in_condition: bool,
    /// The complement may stand before «و» with its verb left out, borrowed from the part
    /// after it: «۱۰ درصد از مبلغ کسر و الباقی عودت داده می‌شود». The match is the
    /// complement alone.
    #[serde(default)]
    pub elided_verb: bool,
    /// Drop the match when good news follows in its sentence: «خیر، هزینه‌ای ندارد».
    #[serde(default)]
    pub unless_good_news: bool,
    /// Drop the match when the customer's message has the complement's word: what the
    /// customer asked for («لغو کنید») is not bad news when done («لغو شد»).
    #[serde(default)]
    pub unless_customer_asked: bool,
    /// Drop the match when the head is in the present and the verb before it in its
    /// sentence asks the customer to act, with no word of `@conjunction` between: it tells
    /// what the customer's own step does — «روی ابطال حواله کلیک کنید؛ با این روش حواله
    /// لغو می‌شود». Not «توجه کنید که سفارش لغو می‌شود», nor «پرداخت کنید، وگرنه …».
    #[serde(default)]
    pub unless_instructed: bool,
    /// Drop the match when its head stands in quotation marks on its line («…»، "…"): the
    /// words of someone quoted, or an option's label — «گزینه‌ی "به توافق نمی‌رسم" را بزنید».
    #[serde(default)]
    pub unless_quoted: bool,
    /// Drop the match when it names one side of a choice, the word after it repeating the
    /// word before «یا / و یا»: «پرداخت یا عدم پرداخت انعام به میل شماست» names a case.
    #[serde(default)]
    pub unless_alternative: bool,
    /// Drop the match when its verb denies any of a bad thing (see
    /// `Grammar::denies_bad_thing`): «هیچ برداشتی از حساب شما انجام نمی‌شود».
    #[serde(default)]
    pub unless_denied: bool,
    /// Drop the match in a yes-or-no question: a sentence that ends in «؟» after the head
    /// with no verb between, and with no word of `@why` («فعال نکردین؟» asks; «چرا خبر
    /// ندادین؟» reproaches).
    #[serde(default)]
    pub unless_question: bool,
}

fn default_gap() -> usize {
    3
}

/// Words or classes, compiled: classes of the rule set's [`Classes`], and literal words as
/// one class of the frames' own.
#[derive(Debug, Clone, Default)]
struct Terms {
    classes: Vec<usize>,
    literal: Option<usize>,
    /// How many words the longest term covers.
    words: usize,
    /// The same as a set of marks (see [`MarkIds`]), filled by [`Terms::seal`].
    mask: Vec<u64>,
    /// The words of `mask` that are not zero, by their index.
    sparse: Vec<(usize, u64)>,
}

impl Terms {
    /// Compiles `list`; its literal words join `literals` as one class.
    fn new(list: &[String], classes: &Classes, literals: &mut Literals) -> Result<Terms, String> {
        let mut t = Terms::default();
        if list.is_empty() {
            return Ok(t);
        }
        t.classes
            .reserve(list.iter().filter(|item| item.starts_with('@')).count());
        let mut words = Vec::with_capacity(list.len());
        for item in list {
            match item.strip_prefix('@') {
                Some(name) => {
                    let c = classes
                        .id(name)
                        .ok_or_else(|| format!("no word class named `@{name}`"))?;
                    t.classes.push(c);
                    t.words = t.words.max(classes.longest(c));
                }
                None => {
                    // As written: normalising may join two of them («می شود»), never split
                    // one, so the count is never short.
                    t.words = t.words.max(1 + item.bytes().filter(|&b| b == b' ').count());
                    words.push(item.clone());
                }
            }
        }
        if !words.is_empty() {
            t.literal = Some(literals.id(words));
        }
        Ok(t)
    }

    /// Fills the set of marks, once every literal class is known. The set ends at its last
    /// mark: most of a frame's terms are empty, and thousands of them hold no words at all.
    fn seal(&mut self, ids: &MarkIds) {
        let marks = || {
            let classes = self.classes.iter().filter_map(|&c| ids.class(c));
            classes.chain(self.literal.map(|l| ids.literal(l)))
        };
        let mut mask = vec![0; marks().max().map_or(0, |m| m / 64 + 1)];
        for m in marks() {
            mask[m / 64] |= 1 << (m % 64);
        }
        self.mask = mask;
        self.sparse = (self.mask.iter().enumerate())
            .filter(|(_, &bits)| bits != 0)
            .map(|(k, &bits)| (k, bits))
            .collect();
    }

    fn is_empty(&self) -> bool {
        self.classes.is_empty() && self.literal.is_none()
    }

    fn has(&self, mark: usize) -> bool {
        self.mask
            .get(mark / 64)
            .is_some_and(|bits| bits >> (mark % 64) & 1 == 1)
    }

    /// How many words a term covers from token `i`, the longest, if one starts there and
    /// ends by token `end`.
    #[inline]
    fn at(&self, g: &Grammar<'_, '_>, i: usize, end: usize) -> Option<usize> {
        // Most words carry no mark at all.
        if !g.marks.marked[i] {
            return None;
        }
        self.at_marked(g, i, end)
    }

    /// Whether a term starts at token `i` and ends by token `end`, for a term read at few
    /// tokens: its classes that no other term uses carry no marks (common words such as
    /// «که»، «را» would be marked in every text) and are looked up here instead.
    fn at_unmarked(&self, g: &Grammar<'_, '_>, i: usize, end: usize, cx: &Frames) -> bool {
        if self.at(g, i, end).is_some() {
            return true;
        }
        let mut found = false;
        if g.is_word(i) && i < end {
            cx.classes.at(&g.words[i..end], |c, _| {
                found |= !cx.marker.used[c] && self.classes.contains(&c);
            });
        }
        found
    }

    /// [`Terms::at`] at a token that carries marks.
    fn at_marked(&self, g: &Grammar<'_, '_>, i: usize, end: usize) -> Option<usize> {
        let long = g.marks.long(i);
        // Most words start no phrase: then a mark covers one word.
        if long.is_empty() {
            return (i < end && g.marks.any(i, &self.mask)).then_some(1);
        }
        let mut best: Option<usize> = None;
        for &(m, n) in long {
            let n = n as usize;
            if i + n <= end && best.is_none_or(|b| n > b) && self.has(m as usize) {
                best = Some(n);
            }
        }
        // Every other mark covers one word.
        if best.is_none() && i < end && g.marks.any(i, &self.mask) {
            best = Some(1);
        }
        best
    }
}

/// The frames' literal words, one class a list. Frames share lists («بدون»، «هیچ» and the
/// like): one class, and one mark, serves each.
#[derive(Debug, Default)]
struct Literals {
    lists: Vec<ClassSpec>,
    /// The lists by a hash of their words.
    by_hash: FastMap<u64, Vec<usize>>,
}

impl Literals {
    /// The class of `words`, added if no frame wrote them before.
    fn id(&mut self, mut words: Vec<String>) -> usize {
        words.sort_unstable();
        words.dedup();
        let hash = words
            .iter()
            .fold(0u64, |h, w| h.rotate_left(5) ^ crate::text::word_hash(w));
        let same = self.by_hash.entry(hash).or_default();
        if let Some(&l) = same.iter().find(|&&l| self.lists[l].words == words) {
            return l;
        }
        let l = self.lists.len();
        same.push(l);
        self.lists.push(ClassSpec {
            class: l.to_string(),
            words,
            ..ClassSpec::default()
        });
        l
    }
}

/// The marks a token can carry: the rule set's classes some frame uses, then the frames'
/// literal classes, numbered in one row and kept as bit sets of `stride` words of 64 bits.
/// The classes no frame uses get no mark: every mark more widens every token's set.
#[derive(Debug, Clone, Default)]
struct MarkIds {
    /// Each class's mark, if it has one.
    slots: Vec<Option<usize>>,
    /// How many classes have a mark.
    classes: usize,
    stride: usize,
}

impl MarkIds {
    fn new(used: &[bool], literals: usize) -> MarkIds {
        let mut classes = 0;
        let slots = used
            .iter()
            .map(|&u| {
                u.then(|| {
                    classes += 1;
                    classes - 1
                })
            })
            .collect();
        MarkIds {
            slots,
            classes,
            stride: (classes + literals).div_ceil(64).max(1),
        }
    }

    fn class(&self, c: usize) -> Option<usize> {
        self.slots[c]
    }

    fn literal(&self, l: usize) -> usize {
        self.classes + l
    }
}

/// The marks of every word a frame looks for, by the word's [`word_hash`]: the classes the
/// frames use and their literal words, as [`MarkIds`]. Its entries lie in flat lists, so a
/// coach builds it with few allocations.
#[derive(Debug, Clone, Default)]
struct MarkTable {
    /// The first entry of each hash; the entries of one hash are chained by `next`.
    first: HashedMap<u32>,
    entries: Vec<WordMarks>,
    /// The entries' words, one after another.
    text: String,
    /// The marks of one word of each entry, `stride` bit-set words an entry.
    one: Vec<u64>,
    stride: usize,
    /// A bit per slot of hashes, set for the hashes of the entries: most words of a text
    /// are none of them, and one bit clear says so before any look-up.
    seen: Vec<u64>,
}

/// How the words of a text get their marks: looked up in the classes while few words have
/// been read, then in a [`MarkTable`], built once [`TABLE_AT`] words have been read. Both
/// give each word the same marks; the table costs more to build and less to read.
#[derive(Debug, Clone, Default)]
struct Marker {
    /// The frames' literal words, as classes.
    literals: Classes,
    /// The classes some frame uses.
    used: Vec<bool>,
    /// Prefix entries («غیرقابل*») and their marks.
    prefixes: Vec<(String, usize)>,
    table: OnceCell<MarkTable>,
    /// How many words have been read.
    read: Tally,
}

/// How many words are looked up in the classes before the mark table is built: measured on
/// the embedded classes, building it costs what looking up about this many words does.
const TABLE_AT: usize = 500;

impl Marker {
    fn new(classes: &Classes, used: Vec<bool>, literals: Classes, ids: &MarkIds) -> Marker {
        // A class has a mark only if some frame uses it.
        let ours = classes.prefixes().iter();
        let ours = ours.filter_map(|(p, c)| Some((p.clone(), ids.class(*c)?)));
        let theirs = literals.prefixes().iter();
        let theirs = theirs.map(|(p, l)| (p.clone(), ids.literal(*l)));
        let prefixes = ours.chain(theirs).collect();
        Marker {
            literals,
            used,
            prefixes,
            table: OnceCell::new(),
            read: Tally::default(),
        }
    }

    /// The table to read a text of `words` words with, once enough words have been read
    /// to pay for it; counts them as read.
    fn table(&self, classes: &Classes, ids: &MarkIds, words: usize) -> Option<&MarkTable> {
        if let Some(t) = self.table.get() {
            return Some(t);
        }
        let read = self.read.add(words);
        (read.saturating_add(words) > TABLE_AT).then(|| {
            self.table
                .get_or_init(|| MarkTable::new(classes, &self.used, &self.literals, ids))
        })
    }
}

/// A word of the table: where it lies in the table's text, the next entry of its hash, and
/// the phrases it starts.
#[derive(Debug, Clone)]
struct WordMarks {
    word: (u32, u32),
    next: Option<u32>,
    phrases: Vec<Phrase>,
}

/// A phrase a word starts: its later words, and its mark.
type Phrase = (Vec<String>, u32);

impl MarkTable {
    /// The table of the classes `used` of `classes` and of `literals`.
    fn new(classes: &Classes, used: &[bool], literals: &Classes, ids: &MarkIds) -> MarkTable {
        // Sized once for every form there may be: grown entry by entry, the table was
        // copied and rehashed over and over with every coach built.
        let n = classes.written_forms() + literals.written_forms();
        let mut t = MarkTable {
            first: HashedMap::with_capacity_and_hasher(n, Default::default()),
            entries: Vec::with_capacity(n),
            one: Vec::with_capacity(n * ids.stride),
            stride: ids.stride,
            ..MarkTable::default()
        };
        // A class word is entered as it is written with each of its endings too: a word of a
        // text is then looked up once, as it is written.
        classes.each_written_form(
            |c| used[c],
            |word, rest, c| {
                if let Some(m) = ids.class(c) {
                    t.mark(word, rest, m);
                }
            },
        );
        let literal = |word: &str, rest: &[String], l| t.mark(word, rest, ids.literal(l));
        literals.each_written_form(|_| true, literal);
        let bits = (t.first.len() * 16).next_power_of_two().max(64);
        t.seen = vec![0; bits / 64];
        for &h in t.first.keys() {
            let k = t.slot(h);
            t.seen[k / 64] |= 1 << (k % 64);
        }
        t
    }

    /// Gives `word`, followed by `rest`, mark `mark`.
    fn mark(&mut self, word: &str, rest: &[String], mark: usize) {
        let k = self.entry(word);
        if rest.is_empty() {
            self.one[k * self.stride + mark / 64] |= 1 << (mark % 64);
        } else {
            self.entries[k].phrases.push((rest.to_vec(), mark as u32));
        }
    }

    /// The entry of `word`, added if it has none.
    fn entry(&mut self, word: &str) -> usize {
        let k = self.entries.len();
        // The hash is looked up once: the entries it has are read, and a new one goes first.
        let next = match self.first.entry(word_hash(word)) {
            Entry::Occupied(mut first) => {
                let mut at = Some(*first.get());
                while let Some(e) = at {
                    let entry = &self.entries[e as usize];
                    if self.text[entry.word.0 as usize..entry.word.1 as usize] == *word {
                        return e as usize;
                    }
                    at = entry.next;
                }
                Some(first.insert(k as u32))
            }
            Entry::Vacant(slot) => {
                slot.insert(k as u32);
                None
            }
        };
        let start = self.text.len() as u32;
        self.text.push_str(word);
        self.one.resize(self.one.len() + self.stride, 0);
        self.entries.push(WordMarks {
            word: (start, self.text.len() as u32),
            next,
            phrases: Vec::new(),
        });
        k
    }

    fn slot(&self, hash: u64) -> usize {
        (hash >> 24) as usize & (self.seen.len() * 64 - 1)
    }

    /// The entry of `word`, whose hash is `hash`.
    fn find(&self, word: &str, hash: u64) -> Option<usize> {
        let mut k = *self.first.get(&hash)?;
        loop {
            let e = &self.entries[k as usize];
            if self.text[e.word.0 as usize..e.word.1 as usize] == *word {
                return Some(k as usize);
            }
            k = e.next?;
        }
    }

    /// The marks of `word`, whose hash is `hash`, if it has any: those of one word as a
    /// bit set, and the phrases it starts.
    fn get(&self, word: &str, hash: u64) -> Option<(&[u64], &[Phrase])> {
        let k = self.slot(hash);
        if self.seen[k / 64] >> (k % 64) & 1 == 0 {
            return None;
        }
        let k = self.find(word, hash)?;
        let one = &self.one[k * self.stride..(k + 1) * self.stride];
        Some((one, &self.entries[k].phrases))
    }
}

/// A compiled frame.
#[derive(Debug, Clone)]
struct Frame {
    rule: usize,
    any_verb: bool,
    lemmas: Vec<String>,
    except: Vec<String>,
    word: Terms,
    /// The head verb's forms it takes, as a set of [`form_bits`]: its negation, person,
    /// tense, and whether it is imperative and subjunctive.
    forms: u32,
    with: Terms,
    gap: usize,
    requires: Terms,
    requires_between: Terms,
    unless_between: Terms,
    unless: Terms,
    unless_within: Option<usize>,
    unless_subject: bool,
    unless_in_sentence: bool,
    requires_in_sentence: bool,
    unless_next: Terms,
    unless_indefinite: Terms,
    requires_denial_after: Terms,
    unless_before: Terms,
    clause_start: bool,
    clause_end: bool,
    only_after: Terms,
    verb_within: Option<usize>,
    in_condition: bool,
    elided_verb: bool,
    unless_good_news: bool,
    unless_customer_asked: bool,
    unless_instructed: bool,
    unless_denied: bool,
    unless_quoted: bool,
    unless_alternative: bool,
    unless_question: bool,
}

/// The frames of a rule set, with the word classes they use.
#[derive(Debug, Clone, Default)]
pub struct Frames {
    frames: Vec<Frame>,
    /// What each frame needs before it is read at all, by frame, apart from the frames: most
    /// frames asked at a word are ruled out by these alone.
    gates: Vec<Gate>,
    /// The marks the gates need, a run per gate (see [`Gate::needs`]).
    needs: Vec<Need>,
    /// Verb frames by their lemmas, the forms they take (see [`form_bits`]), and the frames
    /// for any verb.
    by_lemma: FastMap<String, Vec<usize>>,
    lemma_forms: Vec<u32>,
    any_verb: Vec<usize>,
    /// Word frames by the mark of their heads, and the marks that head one.
    heads: Vec<Vec<usize>>,
    head_marks: Vec<u64>,
    classes: Arc<Classes>,
    marker: Marker,
    ids: MarkIds,
    /// The first words of the word frames' literal heads, and the beginnings of their
    /// prefix heads («غیرقابل*»): other words start no literal head.
    head_words: FastSet<String>,
    head_prefixes: Vec<String>,
    /// Classes that make a negated verb good news, and the condition markers.
    good: Terms,
    /// Things the customer waits for: a negated one is bad news whatever its object
    /// («هزینه مسترد نمی‌گردد»).
    benefit: Terms,
    condition: Terms,
    cause: Terms,
    /// Words that open a clause («که»، «تا»، «ولی»): a verb after one is not governed by a
    /// modal before it.
    conjunction: Terms,
    /// Words that ask why («چرا»، «مگه»): a question with one reproaches.
    why: Terms,
    /// Words that ask what, which or where («چی»، «کدوم»): a clause with one before its
    /// head asks, with no «؟».
    ask: Terms,
    /// Complements that only say a thing happens («انجام»، «اعمال»): the thing decides
    /// whether it not happening is good news.
    done: Terms,
    /// Acts only the customer does («پرداخت»، «واریز»): with a verb in the second person, one
    /// not done is a cost spared, not a thing withheld («هزینه‌ای پرداخت نمی‌کنید»).
    customer_act: Terms,
    /// What failed or was turned away («ناموفق»، «لغو»): a thing so qualified that one has
    /// not is good news («تراکنش ناموفقی ندارید»).
    failed: Terms,
    cancel: Terms,
}

impl Frames {
    /// Compiles the frames of `rules` (index, frames). Fails on an unknown class, person
    /// or tense, with the rule's index.
    pub fn new<'a>(
        rules: impl Iterator<Item = (usize, &'a [FrameSpec])>,
        classes: Arc<Classes>,
    ) -> Result<Frames, (usize, String)> {
        let rules: Vec<(usize, &[FrameSpec])> = rules.collect();
        // Sized once: a frame is a large value, and a list grown frame by frame is copied
        // again and again.
        let mut frames = Vec::with_capacity(rules.iter().map(|(_, specs)| specs.len()).sum());
        let mut literals = Literals::default();
        for (rule, specs) in rules {
            for spec in specs {
                frames
                    .push(Frame::new(rule, spec, &classes, &mut literals).map_err(|e| (rule, e))?);
            }
        }
        let mut terms = |list: &[&str]| {
            let list: Vec<String> = list
                .iter()
                .filter(|c| classes.id(&c[1..]).is_some())
                .map(|c| (*c).to_owned())
                .collect();
            Terms::new(&list, &classes, &mut literals).unwrap_or_default()
        };
        let mut good = terms(&["@bad-thing", "@charge", "@cancel", "@reassurance"]);
        let mut benefit = terms(&["@approve", "@available", "@possible", "@deadend"]);
        let mut condition = terms(&["@condition"]);
        let mut cause = terms(&["@cause"]);
        let mut conjunction = terms(&["@conjunction"]);
        let mut why = terms(&["@why"]);
        let mut ask = terms(&["@ask"]);
        let mut done = terms(&["@done"]);
        let customer_act = terms(&["@customer-act"]);
        let mut failed = terms(&["@invalid"]);
        let mut cancel = terms(&["@cancel"]);
        // The classes some frame uses: the others need not be looked for. The terms read at
        // a few tokens only look their classes up there (see `Terms::at_unmarked`).
        let mut marked: Vec<&mut Terms> = frames
            .iter_mut()
            .flat_map(Frame::terms_mut)
            .chain([
                &mut good,
                &mut benefit,
                &mut condition,
                &mut cause,
                &mut ask,
            ])
            .collect();
        let mut used = vec![false; classes.names().len()];
        for &c in marked.iter().flat_map(|t| &t.classes) {
            used[c] = true;
        }
        let literals = literals.lists;
        let ids = MarkIds::new(&used, literals.len());
        for t in &mut marked {
            t.seal(&ids);
        }
        for t in frames.iter_mut().map(|f| &mut f.only_after).chain([
            &mut conjunction,
            &mut why,
            &mut done,
            &mut failed,
            &mut cancel,
        ]) {
            t.seal(&ids);
        }
        let mut by_lemma: FastMap<String, Vec<usize>> = FastMap::default();
        let mut any_verb = Vec::new();
        let mut lemma_forms = Vec::new();
        let mut heads = vec![Vec::new(); ids.classes + literals.len()];
        let mut head_marks = vec![0u64; ids.stride];
        for (k, f) in frames.iter().enumerate() {
            if f.any_verb {
                any_verb.push(k);
            }
            // A frame for any verb is a candidate at every verb already.
            for l in f.lemmas.iter().filter(|_| !f.any_verb) {
                by_lemma.entry(l.clone()).or_default().push(k);
                if !lemma_forms.contains(&f.forms) {
                    lemma_forms.push(f.forms);
                }
            }
            let marks = f.word.classes.iter().filter_map(|&c| ids.class(c));
            for m in marks.chain(f.word.literal.map(|l| ids.literal(l))) {
                heads[m].push(k);
                head_marks[m / 64] |= 1 << (m % 64);
            }
        }
        let mut head_words = FastSet::default();
        let mut head_prefixes = Vec::new();
        for w in frames
            .iter()
            .filter_map(|f| f.word.literal)
            .flat_map(|l| literals[l].words.iter())
        {
            match w.strip_suffix('*') {
                Some(p) => head_prefixes.push(crate::text::normalize_phrase(p)),
                None => {
                    let norm = crate::text::normalized_phrase(w);
                    if let Some(first) = norm.split(' ').find(|p| !p.is_empty()) {
                        head_words.insert(first.to_owned());
                    }
                }
            }
        }
        let marker = Marker::new(&classes, used, Classes::new(&literals), &ids);
        let mut needs = Vec::new();
        let gates = frames.iter().map(|f| f.gate(&mut needs)).collect();
        Ok(Frames {
            frames,
            gates,
            needs,
            by_lemma,
            lemma_forms,
            any_verb,
            heads,
            head_marks,
            classes,
            marker,
            ids,
            head_words,
            head_prefixes,
            good,
            benefit,
            condition,
            cause,
            conjunction,
            why,
            ask,
            done,
            customer_act,
            failed,
            cancel,
        })
    }

    /// The word classes the frames read: the embedded ones and a team's.
    pub(crate) fn classes(&self) -> &Classes {
        &self.classes
    }

    /// Whether there are no frames.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// Every match of every frame in `a`, and the clauses that carry good news;
    /// `customer` is the customer's message.
    pub fn find(&self, a: &Analysis<'_>, customer: Option<&Analysis<'_>>) -> Found {
        let mut found = Found::default();
        if self.frames.is_empty() || a.tokens.is_empty() {
            return found;
        }
        let g = Grammar::of(a, self);
        // Room for a verb's frames and a few heads', so the list is not regrown.
        let mut candidates: Vec<usize> = Vec::with_capacity(self.any_verb.len() + 64);
        for i in 0..g.words.len() {
            if !g.is_word(i) {
                continue;
            }
            candidates.clear();
            // Word frames, when a mark that heads one starts here. A literal head is looked
            // for only at its first word or prefix.
            if g.marks.marked[i]
                && (g.marks.any(i, &self.head_marks) || !g.marks.long(i).is_empty())
            {
                let word = g.words[i];
                let literal = self.head_words.contains(word)
                    || self
                        .head_prefixes
                        .iter()
                        .any(|p| word.starts_with(p.as_str()));
                g.marks.each(i, |m| {
                    if literal || m < self.ids.classes {
                        candidates.extend(&self.heads[m]);
                    }
                });
            }
            // Heads of several classes may name one frame twice.
            if candidates.len() > 1 {
                candidates.sort_unstable();
                candidates.dedup();
            }
            let verb = g.verbs[i]
                .map(|v| g.chained(i, v))
                .map(|v| (v, form_bits(&v)));
            if let Some((v, forms)) = verb {
                // The frames of a lemma are looked up only if one of them takes the form.
                if self.lemma_forms.iter().any(|&f| forms & !f == 0) {
                    if let Some(ks) = self.by_lemma.get(v.lemma) {
                        candidates.extend(ks);
                    }
                }
                candidates.extend(&self.any_verb);
                if v.is_way_on() {
                    found.ways_on.push(a.tokens[i].range.start);
                }
                if v.negated && g.denies_failed_thing(i, self) {
                    found.good_news.push(a.clause_at(a.tokens[i].range.start));
                    continue;
                }
                if v.negated && g.good_news(self, i) {
                    let clause = a.clause_at(a.tokens[i].range.start);
                    if found.good_news.last() != Some(&clause) {
                        found.good_news.push(clause);
                    }
                }
            }
            // A participle that qualifies a noun heads no frame: asked once for the head,
            // not for each of its frames.
            if !candidates.is_empty()
                && verb.is_some_and(|(v, _)| v.tense == Tense::Participle)
                && g.is_attributive(i, self)
            {
                continue;
            }
            // Nor does what a «تا» clause wants kept from happening: «تنظیمات را عوض کنید تا
            // چنین پیام‌هایی ارسال نشود».
            if !candidates.is_empty()
                && verb.is_some_and(|(v, _)| v.negated && v.is_subjunctive())
                && g.in_purpose(i)
            {
                continue;
            }
            for &k in &candidates {
                if !self.passes(k, verb.map(|(_, forms)| forms), &g.marks.present) {
                    continue;
                }
                let f = &self.frames[k];
                let Some(n) = f.head(&g, i, verb) else {
                    continue;
                };
                if let Some((start, last)) = f.matches(&g, (i, i + n - 1), self, customer) {
                    found.hits.push(Hit {
                        rule: f.rule,
                        range: a.tokens[start].range.start..a.tokens[last].range.end,
                    });
                }
            }
        }
        found
    }
}

impl Frames {
    /// Whether frame `k` may hold at a token whose verb form is `forms` (see [`form_bits`]) in
    /// a text whose marks are `present`: it takes the form, and the text has the words it
    /// cannot hold without.
    fn passes(&self, k: usize, forms: Option<u32>, present: &[u64]) -> bool {
        let gate = &self.gates[k];
        if forms.is_some_and(|forms| forms & !gate.forms != 0) {
            return false;
        }
        let mut any = false;
        for need in &self.needs[gate.needs.0 as usize..gate.needs.1 as usize] {
            any |= present[need.word as usize] & need.bits != 0;
            if need.last {
                if !any {
                    return false;
                }
                any = false;
            }
        }
        true
    }
}

/// What a frame needs before it is read: the verb forms it takes and the marks its terms
/// need in the text.
#[derive(Debug, Clone)]
struct Gate {
    /// The verb forms it takes (see [`form_bits`]); every form for a word frame.
    forms: u32,
    /// Its run of [`Frames::needs`]: a group for each term it cannot hold without, any mark
    /// of the group being enough.
    needs: (u32, u32),
}

/// One word of a term's set of marks (see [`Terms::sparse`]); `last` ends the term's group.
#[derive(Debug, Clone)]
struct Need {
    word: u32,
    last: bool,
    bits: u64,
}

/// Where each feature of a verb form lies in [`form_bits`].
const NEGATED: u32 = 0;
const PERSON: u32 = 2;
const TENSE: u32 = 9;
const IMPERATIVE: u32 = 13;
const SUBJUNCTIVE: u32 = 15;

/// A verb form as one bit for each of its features: whether it is negated, its person (or
/// none), its tense, whether it is imperative and whether subjunctive. A frame takes the
/// forms whose bits all lie in its set.
fn form_bits(v: &Verb) -> u32 {
    1 << (NEGATED + u32::from(v.negated))
        | 1 << person_bit(v.person)
        | 1 << (TENSE + v.tense as u32)
        | 1 << (IMPERATIVE + u32::from(v.is_imperative()))
        | 1 << (SUBJUNCTIVE + u32::from(v.is_subjunctive()))
}

fn person_bit(p: Option<Person>) -> u32 {
    PERSON + p.map_or(0, |p| p as u32 + 1)
}

/// What the frames found in a text.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Every match of every frame.
    pub hits: Vec<Hit>,
    /// The clauses (normalised ranges, in order) that negate a bad thing: «هیچ هزینه‌ای کسر
    /// نمی‌شود»، «نگران نباشید». Good news, not bad.
    pub good_news: Vec<Range<usize>>,
    /// Where verbs start (normalised offsets, in order) that leave the customer a way on:
    /// something we do or will do («برایتان نگه داشته‌ایم»، «ارسال می‌کنیم») and what will
    /// happen next («بررسی خواهد شد»).
    pub ways_on: Vec<usize>,
}

impl Found {
    /// Where the verbs of [`Found::ways_on`] within `range` start.
    pub fn ways_on_in(&self, range: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let k = self.ways_on.partition_point(|&at| at < range.start);
        let end = range.end;
        self.ways_on[k..]
            .iter()
            .copied()
            .take_while(move |&at| at < end)
    }

    /// Whether the clause holding normalised offset `at` carries good news.
    pub fn is_good_news(&self, at: usize) -> bool {
        let k = self.good_news.partition_point(|c| c.start <= at);
        k.checked_sub(1)
            .is_some_and(|k| at < self.good_news[k].end.max(self.good_news[k].start + 1))
    }
}

impl Frame {
    fn new(
        rule: usize,
        spec: &FrameSpec,
        classes: &Classes,
        literals: &mut Literals,
    ) -> Result<Frame, String> {
        if spec.verb.is_empty() == spec.word.is_empty() {
            return Err("a frame needs either `verb` or `word`".into());
        }
        if !spec.requires_between.is_empty() && spec.with.is_empty() {
            return Err("`requires_between` needs a complement: `with`".into());
        }
        if !spec.unless_between.is_empty() && spec.with.is_empty() {
            return Err("`unless_between` needs a complement: `with`".into());
        }
        // `none`: a form without a person ending, a bare participle («لغو کرده و …»).
        let person: Vec<Option<Person>> = spec
            .person
            .iter()
            .map(|p| match p.as_str() {
                "none" => Ok(None),
                _ => [
                    Person::FirstSingular,
                    Person::SecondSingular,
                    Person::ThirdSingular,
                    Person::FirstPlural,
                    Person::SecondPlural,
                    Person::ThirdPlural,
                ]
                .into_iter()
                .find(|x| x.name() == p)
                .map(Some)
                .ok_or_else(|| {
                    format!("unknown person `{p}` (1sg, 2sg, 3sg, 1pl, 2pl, 3pl, none)")
                }),
            })
            .collect::<Result<_, _>>()?;
        let tense: Vec<Tense> = spec
            .tense
            .iter()
            .map(|t| match t.as_str() {
                "present" => Ok(Tense::Present),
                "past" => Ok(Tense::Past),
                "participle" => Ok(Tense::Participle),
                "future" => Ok(Tense::Future),
                other => Err(format!(
                    "unknown tense `{other}` (present, past, participle, future)"
                )),
            })
            .collect::<Result<_, _>>()?;
        // Each feature unconstrained takes all of its bits.
        let all = |bits: std::ops::Range<u32>| bits.fold(0, |m, b| m | 1 << b);
        let yes_no = |at: u32, want: Option<bool>| {
            want.map_or(all(at..at + 2), |w| 1 << (at + u32::from(w)))
        };
        let forms = yes_no(NEGATED, spec.negated)
            | match person.is_empty() {
                true => all(PERSON..PERSON + 7),
                false => person.iter().fold(0, |m, &p| m | 1 << person_bit(p)),
            }
            | match tense.is_empty() {
                true => all(TENSE..TENSE + 4),
                false => tense.iter().fold(0, |m, &t| m | 1 << (TENSE + t as u32)),
            }
            | yes_no(IMPERATIVE, spec.imperative)
            | yes_no(SUBJUNCTIVE, spec.subjunctive);
        Ok(Frame {
            rule,
            any_verb: spec.verb.iter().any(|v| v == "*"),
            lemmas: spec
                .verb
                .iter()
                .map(|v| crate::text::normalize_phrase(v))
                .collect(),
            except: spec
                .except
                .iter()
                .map(|v| crate::text::normalize_phrase(v))
                .collect(),
            word: Terms::new(&spec.word, classes, literals)?,

            forms,
            with: Terms::new(&spec.with, classes, literals)?,
            gap: spec.gap,
            requires: Terms::new(&spec.requires, classes, literals)?,
            requires_between: Terms::new(&spec.requires_between, classes, literals)?,
            unless_between: Terms::new(&spec.unless_between, classes, literals)?,
            unless: Terms::new(&spec.unless, classes, literals)?,
            unless_within: spec.unless_within,
            unless_subject: spec.unless_subject,
            unless_in_sentence: spec.unless_in_sentence,
            requires_in_sentence: spec.requires_in_sentence,
            unless_next: Terms::new(&spec.unless_next, classes, literals)?,
            unless_indefinite: Terms::new(&spec.unless_indefinite, classes, literals)?,
            requires_denial_after: Terms::new(&spec.requires_denial_after, classes, literals)?,
            unless_before: Terms::new(&spec.unless_before, classes, literals)?,
            clause_start: spec.clause_start,
            clause_end: spec.clause_end,
            only_after: Terms::new(&spec.only_after, classes, literals)?,
            verb_within: spec.verb_within,
            in_condition: spec.in_condition,
            elided_verb: spec.elided_verb,
            unless_good_news: spec.unless_good_news,
            unless_customer_asked: spec.unless_customer_asked,
            unless_instructed: spec.unless_instructed,
            unless_denied: spec.unless_denied,
            unless_quoted: spec.unless_quoted,
            unless_alternative: spec.unless_alternative,
            unless_question: spec.unless_question,
        })
    }

    /// Its words and classes that are read through marks.
    fn terms_mut(&mut self) -> [&mut Terms; 10] {
        [
            &mut self.word,
            &mut self.with,
            &mut self.requires,
            &mut self.requires_between,
            &mut self.unless_between,
            &mut self.unless,
            &mut self.unless_next,
            &mut self.unless_indefinite,
            &mut self.requires_denial_after,
            &mut self.unless_before,
        ]
    }

    /// Its gate, its needs appended to `needs`: the words the frame cannot hold without (its
    /// complement and what it requires), and for a verb frame the forms it takes.
    fn gate(&self, needs: &mut Vec<Need>) -> Gate {
        let from = needs.len() as u32;
        for t in [&self.with, &self.requires, &self.requires_between] {
            // An empty set asks for nothing.
            let n = t.sparse.len();
            for (j, &(word, bits)) in t.sparse.iter().enumerate() {
                needs.push(Need {
                    word: word as u32,
                    last: j + 1 == n,
                    bits,
                });
            }
        }
        let forms = if self.word.is_empty() {
            self.forms
        } else {
            u32::MAX
        };
        Gate {
            forms,
            needs: (from, needs.len() as u32),
        }
    }

    /// How many words the head covers at token `i`, if it is there; `verb` is the token's
    /// verb reading, with its [`form_bits`].
    fn head(&self, g: &Grammar<'_, '_>, i: usize, verb: Option<(Verb, u32)>) -> Option<usize> {
        if !self.word.is_empty() {
            return self.word.at(g, i, g.words.len());
        }
        // A verb frame is asked only at a verb of one of its lemmas, or at any verb (see
        // [`Frames::find`]): its form and exceptions are left to check.
        let (v, forms) = verb?;
        debug_assert!(self.any_verb || self.lemmas.iter().any(|l| l == v.lemma));
        (forms & !self.forms == 0 && !self.except.iter().any(|l| l == v.lemma)).then_some(1)
    }

    /// The tokens the match starts and ends at, if the frame holds with its head at
    /// tokens `i..=last`.
    fn matches(
        &self,
        g: &Grammar<'_, '_>,
        (i, last): (usize, usize),
        cx: &Frames,
        customer: Option<&Analysis<'_>>,
    ) -> Option<(usize, usize)> {
        let head = g.head_start(i);
        // The complement first, nearest first, before the clause is known: the first found
        // is the one in the clause, if any is. One of several words («غیر مجاز است») may
        // start before the window, as long as it ends within it.
        let mut with = (!self.with.is_empty()).then(|| {
            let reach = self.gap.saturating_add(self.with.words.max(1));
            (head.saturating_sub(reach)..head).rev().find(|&j| {
                self.with
                    .at(g, j, head)
                    .is_some_and(|n| j + n + self.gap >= head)
            })
        });
        // Or a complement whose own verb is left out before «و», borrowed from the part
        // after it: «۱۰ درصد از مبلغ کسر و الباقی عودت داده می‌شود». The match is the
        // complement alone.
        let mut elided = None;
        if with == Some(None) && self.elided_verb {
            elided = self.elided(g, i, head);
            with = Some(elided.map(|(j, _)| j));
        }
        if with == Some(None) {
            return None;
        }
        let (cs, ce) = g.clause(i);
        if self.clause_start && head != cs
            || self.clause_end && (last + 1..ce).any(|k| g.is_word(k))
        {
            return None;
        }
        let start = match with {
            Some(Some(j)) if j >= cs => j,
            Some(_) => return None,
            None => head.max(cs),
        };
        let at = |t: &Terms, k: usize| t.at(g, k, ce).is_some();
        // A mark or an emoji before it starts the phrase as a clause start does.
        if !self.only_after.is_empty()
            && start > cs
            && g.is_word(start - 1)
            && !self.only_after.at_unmarked(g, start - 1, ce, cx)
        {
            return None;
        }
        // The first verb after the head within `n` words, before another clause opens.
        let governed = |n: usize| {
            let end = ce.min(last.saturating_add(n).saturating_add(1));
            (last + 1..end)
                .take_while(|&k| !cx.conjunction.at_unmarked(g, k, ce, cx))
                .find_map(|k| g.verbs[k])
        };
        // Is it one a modal governs: a short infinitive, or a subjunctive not of the second
        // person (that is a request of its own: «… ارسال نمی‌شود، لطفاً صبر کنید»)?
        let modal_governs = |v: Verb| {
            v.is_bare_past_stem() || v.is_subjunctive() && !v.person.is_some_and(Person::is_second)
        };
        if let Some(n) = self.verb_within {
            if !governed(n).is_some_and(modal_governs) {
                return None;
            }
        }
        let from = match self.requires_in_sentence {
            true => g.sentence(i).0,
            false => cs,
        };
        if !self.requires.is_empty() && !(from..ce).any(|k| at(&self.requires, k)) {
            return None;
        }
        if !self.requires_between.is_empty()
            && !(start + 1..i).any(|k| at(&self.requires_between, k))
        {
            return None;
        }
        // A complement whose verb is left out is read by its own rule.
        if !self.unless_between.is_empty()
            && elided.is_none()
            && (start + 1..head).any(|k| at(&self.unless_between, k))
        {
            return None;
        }
        let from = match self.unless_within {
            Some(n) => cs.max(start.saturating_sub(n)),
            None => cs,
        };
        let to = if self.unless_within.is_some() { i } else { ce };
        let (from, to, end) = match self.unless_in_sentence {
            true => {
                let (ss, se) = g.sentence(i);
                (ss, se, se)
            }
            false => (from, to, ce),
        };
        let after_cause = |k: usize, lo: usize, reach: usize| g.after_cause(cx, k, lo, reach, end);
        // Across the sentence, `unless` is read from its start, the clause's first word too.
        let subject = self.unless_subject && cs < from;
        // A word of a condition before the complement, when the head is not in one, is
        // supposed, not said of the head's subject: «در صورت غیبت … اجازه‌ی ورود ندارد» is
        // not a denied bad thing.
        let supposed = |k: usize| k < start && g.supposed(k, cx) && !g.in_condition(i, cx);
        if !self.unless.is_empty()
            && ((from..to).any(|k| {
                self.unless.at(g, k, end).is_some()
                    && !after_cause(k, from.min(cs), 2)
                    && !by_no_means(g, k)
                    && !supposed(k)
            }) || (subject && self.unless.at(g, cs, end).is_some()))
        {
            return None;
        }
        if !self.unless_next.is_empty()
            && last + 1 < g.words.len()
            && at(&self.unless_next, last + 1)
        {
            return None;
        }
        if !self.unless_indefinite.is_empty()
            && (cs..ce).any(|k| at(&self.unless_indefinite, k))
            && !(cs..ce).any(|k| g.is_word(k) && matches!(g.words[k], "را" | "رو"))
        {
            return None;
        }
        // «به دلیل (بروز) خطا ثبت نشد»: a bad thing named as the cause does not stand before
        // the complement as its owner.
        if !self.unless_before.is_empty()
            && word_before(g, cs, start)
                .is_some_and(|k| at(&self.unless_before, k) && !after_cause(k, cs, 2))
        {
            return None;
        }
        // The head decides; its complement only when a condition with a verb holds it.
        if !self.in_condition && (g.in_verbal_condition(start, cx) || g.in_condition(i, cx)) {
            return None;
        }
        // «خیر. نیازی به ثبت‌نام نیست.»: a bare answer is read with the next sentence.
        let answer_end = || {
            let (_, se) = g.sentence(i);
            match se <= last + 1 && se < g.words.len() {
                true => g.sentence(se).1,
                false => se,
            }
        };
        if self.unless_good_news && (last + 1..answer_end()).any(|k| g.good_news(cx, k)) {
            return None;
        }
        if !self.requires_denial_after.is_empty() {
            let se = answer_end();
            let mut rest = (last + 1..se).filter(|&k| g.is_word(k)).peekable();
            let denies = |k: usize| {
                g.verbs[k].is_some_and(|v| v.negated)
                    || self.requires_denial_after.at(g, k, se).is_some()
            };
            if rest.peek().is_some() && !rest.any(denies) {
                return None;
            }
        }
        if self.unless_denied && g.denies_bad_thing(cx, cs, head) {
            return None;
        }
        if self.unless_quoted && g.is_quoted(i) {
            return None;
        }
        if self.unless_alternative && g.names_alternative(i, last) {
            return None;
        }
        // The question is the head's own when no verb but one it governs («نمی‌تونین …
        // بیارین؟») comes between it and the «؟»: «… تنظیم نکردین از … استفاده میکنید؟»
        // states the first and asks the second.
        if self.unless_question && g.is_question(i) {
            let (ss, se) = g.sentence(i);
            if (last + 1..se).all(|k| g.verbs[k].is_none_or(|v| v.is_subjunctive()))
                && !(ss..se).any(|k| cx.why.at_unmarked(g, k, se, cx))
            {
                return None;
            }
        }
        // Chat leaves the «؟» out: a word that asks what or which, shortly before the
        // complement, makes the clause a question («دقیقا چی رو نمیتونید ذخیره کنید»).
        if self.unless_question
            && (cs.max(start.saturating_sub(ASK_REACH))..start)
                .any(|k| cx.ask.at(g, k, ce).is_some() && !g.is_any_or_none(k))
            && (last + 1..ce).all(|k| g.verbs[k].is_none_or(|v| v.is_subjunctive()))
        {
            return None;
        }
        if self.unless_instructed && g.is_instructed(start, i, cx) {
            return None;
        }
        if self.unless_customer_asked && start < i {
            if let Some(c) = customer {
                if self.customer_asked(g, start, i, c, cx) {
                    return None;
                }
            }
        }
        // Two negations affirm: «نمیشه از این پیشنهاد تشکر نکرد» says one must thank. Only
        // a modal head governs a verb («پیدا نشد و … ثبت نگردید» is two pieces of news).
        // The verb is read first: most are not negated, and no clause's end is looked for.
        let modal = with.is_none()
            && g.verbs[i].is_some_and(|v| v.negated && matches!(v.lemma, "شد" | "توانست"));
        if modal {
            let end = ce.min(last.saturating_add(VERB_REACH).saturating_add(1));
            if let Some(k) = (last + 1..end).find(|&k| g.verbs[k].is_some()) {
                let v = g.verbs[k]?;
                if v.negated
                    && modal_governs(Verb {
                        negated: false,
                        ..v
                    })
                    && !(last + 1..k).any(|j| cx.conjunction.at_unmarked(g, j, ce, cx))
                {
                    return None;
                }
            }
        }
        Some(elided.unwrap_or((start, last)))
    }
}

impl Frame {
    /// A complement of this frame right before «و», in the clause of the head at token
    /// `i` (starting at `head`), whose verb is left out and borrowed from the head: the
    /// part after «و» has words of its own and no verb but the head, or participles and
    /// bare stems that lead into it («عودت داده می‌شود»). Where it starts and ends.
    ///
    /// Not a noun coordinated with the next: after a preposition («مربوط به لغو و
    /// استرداد»), before «یا», or a verb itself («تماس گرفته و …»).
    fn elided(&self, g: &Grammar<'_, '_>, i: usize, head: usize) -> Option<(usize, usize)> {
        let (cs, _) = g.clause(i);
        let mut and = head;
        while and > cs {
            and -= 1;
            if g.verbs[and].is_some_and(|v| v.tense != Tense::Participle && !v.is_bare_past_stem())
            {
                return None;
            }
            if g.words[and] != "و" || and + 1 >= head {
                continue;
            }
            // Nothing before «و» in the clause («و لغو شد»), or a verb or «یا» beside it.
            if and == cs || g.words.get(and + 1) == Some(&"یا") || g.verbs[and - 1].is_some() {
                return None;
            }
            // The complement ends right before «و».
            return (cs..and).rev().take(3).find_map(|j| {
                self.with
                    .at(g, j, and)
                    .filter(|&n| j + n == and)
                    .filter(|_| j == cs || !PREPOSITIONS.contains(&g.words[j - 1]))
                    .map(|n| (j, j + n - 1))
            });
        }
        None
    }

    /// Whether the customer's message has the complement at `start` — its word, or a word
    /// of its class: «کنسل کنید» asks for what «لغو شد» reports.
    fn customer_asked(
        &self,
        g: &Grammar<'_, '_>,
        start: usize,
        head: usize,
        customer: &Analysis<'_>,
        cx: &Frames,
    ) -> bool {
        let asked = g.words[start];
        let text = customer.text();
        let theirs: Vec<&str> = customer
            .tokens
            .iter()
            .map(|t| &text[t.range.clone()])
            .collect();
        let classes: Vec<usize> = self
            .with
            .classes
            .iter()
            .copied()
            .filter(|&c| cx.classes.starts(&g.words[start..head], c).is_some())
            .collect();
        (0..theirs.len()).any(|k| {
            theirs[k] == asked
                || classes
                    .iter()
                    .any(|&c| cx.classes.starts(&theirs[k..], c).is_some())
        })
    }
}

/// What the frames read of a text: its words, their verb readings and marks, clauses,
/// sentences and the scopes of conditions, by token index.
struct Grammar<'t, 'a> {
    a: &'t Analysis<'a>,
    words: Vec<&'t str>,
    verbs: Vec<Option<Verb>>,
    marks: Marks,
    /// The scopes of conditions, by the first token of their clause, read clause by clause
    /// when first asked.
    conditions: RefCell<BTreeMap<usize, Scopes>>,
    /// The clause of each token, found when first asked.
    clause_memo: RefCell<Vec<Option<(usize, usize)>>>,
}

/// The scopes of conditions in one clause, by token index.
#[derive(Default)]
struct Scopes {
    ranges: Vec<Range<usize>>,
    /// Conditions named as a noun, «در صورت …», whose end is guessed: with no verb of their
    /// own, they take in the words after them up to the first verb, which may be the main
    /// clause's complement («اطلاعات در صورت پاک شدن برنامه قابل بازیابی نیست»).
    nominal: Vec<Range<usize>>,
    /// A condition reaches the clause's end with no verb of its own yet, and goes on into
    /// the next clause after a comma: «در صورتی که پس از انجام مراحل رزرو، رسید را دریافت
    /// نکردید، …».
    open: bool,
    /// The whole clause is supposed with the condition before it: it opens with «که» or
    /// «یا» right after a word in a condition (see [`Grammar::in_condition`]).
    follows: bool,
}

/// The classes — of the rule set and the frames' literal words ([`MarkIds`]) — starting at
/// each token of a text: those covering one word as a bit set per token, the rare ones
/// covering more as a list.
struct Marks {
    stride: usize,
    one: Vec<u64>,
    /// (mark, words) of the longer ones; token `i`'s are `long[long_from[i]..long_from[i + 1]]`.
    long: Vec<(u32, u32)>,
    long_from: Vec<u32>,
    /// Whether a token carries any mark.
    marked: Vec<bool>,
    /// Every mark the text carries anywhere, as a set.
    present: Vec<u64>,
}

impl Marks {
    /// Reads the marks of every word of `words`.
    fn of(words: &[&str], hashes: &[u64], a: &Analysis<'_>, cx: &Frames) -> Marks {
        let stride = cx.ids.stride;
        let mut m = Marks {
            stride,
            one: vec![0; words.len() * stride],
            long: Vec::new(),
            long_from: Vec::with_capacity(words.len() + 1),
            marked: vec![false; words.len()],
            present: vec![0; stride],
        };
        m.long_from.push(0);
        let marker = &cx.marker;
        let table = marker.table(&cx.classes, &cx.ids, words.len());
        for i in 0..words.len() {
            // Only words are marked.
            if a.tokens[i].kind == TokenKind::Word {
                match table {
                    Some(t) => {
                        m.mark_from_table(i, words, t.get(words[i], hashes[i]));
                        m.mark_prefixes(i, words[i], &marker.prefixes);
                    }
                    // The classes give their prefix entries with the rest.
                    None => m.mark_from_classes(i, words, cx),
                }
            }
            m.long_from.push(m.long.len() as u32);
        }
        for i in (0..words.len()).filter(|&i| m.marked[i]) {
            let one = &m.one[i * stride..(i + 1) * stride];
            for (p, bits) in m.present.iter_mut().zip(one) {
                *p |= bits;
            }
        }
        for &(mark, _) in &m.long {
            m.present[mark as usize / 64] |= 1 << (mark % 64);
        }
        m
    }

    /// Marks token `i` of `words` with `hit`, its entry of the table.
    fn mark_from_table(&mut self, i: usize, words: &[&str], hit: Option<(&[u64], &[Phrase])>) {
        // Most words are in no class: nothing to mark.
        let Some((bits, phrases)) = hit else {
            return;
        };
        let one = &mut self.one[i * self.stride..(i + 1) * self.stride];
        for (o, x) in one.iter_mut().zip(bits) {
            *o |= x;
        }
        let later = &words[i + 1..];
        let next = later.first().map_or(&[][..], |w| w.as_bytes());
        for (rest, mark) in phrases {
            // The next word starts with the phrase's second word (it may add an ending):
            // its first letter rules most phrases out before they are compared.
            // Byte by byte: a comparison of two bytes is not worth a call.
            let lead = &rest[0].as_bytes()[..rest[0].len().min(2)];
            let leads = next.len() >= lead.len() && lead.iter().zip(next).all(|(a, b)| a == b);
            if leads && phrase_fits(rest, later) {
                self.long.push((*mark, rest.len() as u32 + 1));
            }
        }
        self.marked[i] = self.long.len() > self.long_from[i] as usize || self.any_one(i);
    }

    /// Marks token `i` of `words` with the entries of the classes `cx`'s frames use, and of
    /// their literal words, that start there, prefix entries included: what the table and
    /// the prefixes give the word.
    fn mark_from_classes(&mut self, i: usize, words: &[&str], cx: &Frames) {
        let (one, long) = (
            &mut self.one[i * self.stride..(i + 1) * self.stride],
            &mut self.long,
        );
        let mut mark = |m: usize, n: usize| match n {
            1 => one[m / 64] |= 1 << (m % 64),
            _ => long.push((m as u32, n as u32)),
        };
        // A class has a mark only if some frame uses it.
        cx.classes.at(&words[i..], |c, n| {
            if let Some(m) = cx.ids.class(c) {
                mark(m, n);
            }
        });
        cx.marker
            .literals
            .at(&words[i..], |l, n| mark(cx.ids.literal(l), n));
        self.marked[i] = self.long.len() > self.long_from[i] as usize || self.any_one(i);
    }

    /// Marks token `i`, `word`, with the prefix entries it starts with.
    fn mark_prefixes(&mut self, i: usize, word: &str, prefixes: &[(String, usize)]) {
        let one = &mut self.one[i * self.stride..(i + 1) * self.stride];
        for (p, mark) in prefixes {
            if word.starts_with(p.as_str()) {
                one[mark / 64] |= 1 << (mark % 64);
                self.marked[i] = true;
            }
        }
    }

    /// Whether token `i` has a mark covering one word.
    fn any_one(&self, i: usize) -> bool {
        self.one[i * self.stride..(i + 1) * self.stride]
            .iter()
            .any(|&b| b != 0)
    }

    /// The marks covering more than one word at token `i`, with how many words each covers.
    fn long(&self, i: usize) -> &[(u32, u32)] {
        &self.long[self.long_from[i] as usize..self.long_from[i + 1] as usize]
    }

    /// Whether a mark of `set` covering one word starts at token `i`.
    fn any(&self, i: usize, set: &[u64]) -> bool {
        let one = &self.one[i * self.stride..(i + 1) * self.stride];
        one.iter().zip(set).any(|(a, b)| a & b != 0)
    }

    /// Calls `each(mark)` for every mark starting at token `i`.
    fn each(&self, i: usize, mut each: impl FnMut(usize)) {
        let one = &self.one[i * self.stride..(i + 1) * self.stride];
        for (k, &bits) in one.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                each(k * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
        for &(m, _) in self.long(i) {
            each(m as usize);
        }
    }
}

impl<'t, 'a> Grammar<'t, 'a> {
    fn of(a: &'t Analysis<'a>, cx: &'t Frames) -> Grammar<'t, 'a> {
        let text = a.text();
        let n = a.tokens.len();
        // Each word is hashed once, for the verb readings and the marks.
        let (mut words, mut hashes, mut verbs) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for t in &a.tokens {
            let w = &text[t.range.clone()];
            words.push(w);
            hashes.push(if t.kind == TokenKind::Word {
                word_hash(w)
            } else {
                0
            });
        }
        // Only words are read as verbs: a number or a placeholder is passed as "" (no verb).
        let read = a.tokens.iter().zip(words.iter().zip(&hashes));
        let read = read.map(|(t, (w, h))| (if t.kind == TokenKind::Word { *w } else { "" }, *h));
        analyse_verbs(read, |v| verbs.push(v));
        let marks = Marks::of(&words, &hashes, a, cx);
        // «خواهد» + a bare past stem is one future verb: its negation and person are the
        // auxiliary's («نخواهیم توانست»، «مقدور نخواهد بود»).
        // The stem may be one read alone as a noun: «نخواهد رسید».
        for i in 0..verbs.len().saturating_sub(1) {
            let Some(aux) = verbs[i] else {
                continue;
            };
            if aux.tense != Tense::Present || aux.prefix != Prefix::None || aux.lemma != "خواست"
            {
                continue;
            }
            let next = verbs[i + 1].or_else(|| bare_past_stem(words[i + 1]));
            if let Some(next) = next.filter(Verb::is_bare_past_stem) {
                verbs[i + 1] = Some(Verb {
                    tense: Tense::Future,
                    negated: aux.negated,
                    person: aux.person,
                    ..next
                });
                verbs[i] = None;
            }
        }
        // A stem read alone as a noun («رسید», a receipt) is the verb when it ends its clause
        // (or comes before «و») after «به» and one word: «موجودی به اتمام رسید»، «سفارش به
        // دستتان رسید و …». Not «تصویر مربوط به رسید».
        for i in 2..verbs.len() {
            if verbs[i].is_some() || words[i - 2] != "به" {
                continue;
            }
            let (_, end) = clause_of(a, i);
            if i + 1 == end || words[i + 1] == "و" {
                verbs[i] = bare_past_stem(words[i]);
            }
        }
        // After a modal, a bare past stem is a short infinitive, not a past tense:
        // «می‌توان … کنسل نمود»، «باید … اقدام نمود».
        for (i, w) in words.iter().enumerate() {
            // Every modal starts with «ب», «م» or «ن» (D8 A8, D9 85, D9 86).
            if matches!(w.as_bytes(), [0xD8, 0xA8, ..] | [0xD9, 0x85 | 0x86, ..])
                && MODALS.contains(w)
            {
                let (_, end) = clause_of(a, i);
                if let Some(k) = (i + 1..end).find(|&k| verbs[k].is_some()) {
                    if verbs[k].is_some_and(|v| {
                        v.tense == Tense::Past && v.prefix == Prefix::None && !v.negated
                    }) {
                        verbs[k] = None;
                    }
                }
            }
        }
        // A bare past stem before a light verb is the noun of a compound verb, not a verb of
        // its own: «پرداخت نکردید»، «دریافت خواهید کرد»، «برداشت شد».
        for i in 0..verbs.len().saturating_sub(1) {
            if !verbs[i].as_ref().is_some_and(Verb::is_bare_past_stem) {
                continue;
            }
            // The light verb, or after a future auxiliary («خواهد») its stem.
            let next = match &verbs[i + 1] {
                Some(v) => Some(v),
                None if words[i + 1].contains("خواه") => {
                    verbs.get(i + 2).and_then(Option::as_ref)
                }
                None => None,
            };
            if next.is_some_and(|v| LIGHT_VERBS.contains(&v.lemma)) {
                verbs[i] = None;
            }
        }
        Grammar {
            a,
            words,
            verbs,
            marks,
            conditions: RefCell::new(BTreeMap::new()),
            clause_memo: RefCell::new(vec![None; n]),
        }
    }

    fn is_word(&self, i: usize) -> bool {
        self.a.tokens[i].kind == TokenKind::Word
    }

    /// The token range `[start, end)` of the clause holding token `i`.
    fn clause(&self, i: usize) -> (usize, usize) {
        if let Some(c) = self.clause_memo.borrow()[i] {
            return c;
        }
        let a = self.a;
        let r = a.clause_at(a.tokens[i].range.start);
        let c = tokens_of(a, r.clone());
        // A clause of the analysis's own (not a sentence taken for a clause that starts
        // inside a protected span) holds every token that starts in it: clauses are
        // sorted and apart, and the sentence that holds one holds all its tokens.
        let own = a
            .clauses
            .binary_search_by_key(&r.start, |x| x.start)
            .is_ok_and(|k| a.clauses[k] == r);
        let mut memo = self.clause_memo.borrow_mut();
        if own && a.tokens[c.1 - 1].range.start < r.end {
            memo[c.0..c.1].fill(Some(c));
        } else {
            memo[i] = Some(c);
        }
        c
    }

    /// Whether verb `i` is that of a purpose, «تا …» with no verb between in its clause,
    /// after the verb it is for («… کنید تا مشکلی پیش نیاید»); not «تا» before a number, a
    /// bound («تا ۳ روز»), nor after a causative («باعث می‌شود تا …»).
    fn in_purpose(&self, i: usize) -> bool {
        let (cs, _) = self.clause(i);
        for k in (cs..i).rev() {
            if self.verbs[k].is_some() {
                return false;
            }
            if self.words[k] == "تا" {
                // «باعث می‌شود تا …» says what follows, not what is wanted.
                let caused = k >= 2 && CAUSATIVES.contains(&self.words[k - 2]);
                // A purpose follows what is done for it: a «تا» that opens its sentence is
                // «until» («تا پایان بررسی چیزی نگویید»).
                let after_verb = (self.sentence(i).0..k).any(|j| self.verbs[j].is_some());
                return self.is_word(k + 1) && !caused && after_verb;
            }
        }
        false
    }

    /// The token range of the sentence holding token `i`.
    fn sentence(&self, i: usize) -> (usize, usize) {
        let at = self.a.tokens[i].range.start;
        let s = self.a.sentence_at(at).unwrap_or(0..self.a.text().len());
        self.tokens_of(s)
    }

    /// Verb `v` of token `i`, a bare participle before «و» told in the person of the verb
    /// that ends its chain: «کارت را غیرفعال کرده و از آن خلاص شوید» is the customer's act,
    /// «سفارش را لغو کرده و مبلغ را برگردانده‌ایم» ours. When that verb is in the present or
    /// the future, so is the participle: «۱۵ درصد شهریه کسر شده و مابقی بازگردانده می‌شود» is
    /// a rule, not a receipt.
    fn chained(&self, i: usize, v: Verb) -> Verb {
        if v.is_finite() || self.words.get(i + 1) != Some(&"و") {
            return v;
        }
        let (_, se) = self.sentence(i);
        let Some(end) = (i + 2..se).find_map(|k| self.verbs[k].filter(|w| w.person.is_some()))
        else {
            return v;
        };
        let (tense, prefix) = match end.tense {
            Tense::Present | Tense::Future => (end.tense, end.prefix),
            _ => (v.tense, v.prefix),
        };
        Verb {
            person: end.person,
            tense,
            prefix,
            ..v
        }
    }

    /// Whether the head at token `i`, in the present, with its match starting at `start`,
    /// follows an instruction in its sentence (or the one before a «؛»): the verb before the
    /// match asks the customer to act, not negated and not in a condition («اگر … استفاده
    /// کنید، …»), with no clause opener between (see `unless_instructed`).
    fn is_instructed(&self, start: usize, i: usize, cx: &Frames) -> bool {
        if self.verbs[i].is_none_or(|v| v.tense != Tense::Present) {
            return false;
        }
        // A sentence after «؛» goes on the one before it: «… بزنید؛ رزرو لغو می‌شود».
        let (mut ss, _) = self.sentence(i);
        let at = self.a.tokens[ss].range.start;
        if ss > 0 && self.a.text()[..at].trim_end().ends_with(['؛', ';']) {
            ss = self.sentence(ss - 1).0;
        }
        let Some(k) = (ss..start).rev().find(|&k| self.verbs[k].is_some()) else {
            return false;
        };
        self.verbs[k].is_some_and(|v| v.is_imperative() && !v.negated)
            && !(k + 1..start).any(|j| cx.conjunction.at_unmarked(self, j, start, cx))
            && !self.in_condition(k, cx)
    }

    fn tokens_of(&self, r: Range<usize>) -> (usize, usize) {
        tokens_of(self.a, r)
    }

    /// Whether token `i` stands inside quotation marks on its line: after a «« with no »»
    /// yet, or after an odd number of straight or curly double quotes.
    fn is_quoted(&self, i: usize) -> bool {
        let at = self.a.tokens[i].range.start;
        let text = self.a.text();
        let line = &text[text[..at].rfind('\n').map_or(0, |n| n + 1)..at];
        let open = line.rfind('«').is_some_and(|o| !line[o..].contains('»'));
        open || line.matches(['"', '“', '”']).count() % 2 == 1
    }

    /// Whether the head at tokens `i..=last` names one side of a choice: the word after it
    /// is the word before «یا» (or «و یا») before it — «حضور یا عدم حضور».
    fn names_alternative(&self, i: usize, last: usize) -> bool {
        let word = |k: usize| (k < self.words.len() && self.is_word(k)).then(|| self.words[k]);
        let Some(after) = word(last + 1) else {
            return false;
        };
        let Some(or) = i.checked_sub(1).filter(|&k| word(k) == Some("یا")) else {
            return false;
        };
        let before = match or.checked_sub(1) {
            Some(k) if word(k) == Some("و") => k.checked_sub(1),
            k => k,
        };
        before.is_some_and(|k| word(k) == Some(after))
    }

    /// Whether the word before token `i` is «هر» or «هیچ», which make a word that asks a
    /// pronoun: «هر کجا»، «هیچ کدام».
    fn is_any_or_none(&self, i: usize) -> bool {
        i > 0 && self.is_word(i - 1) && matches!(self.words[i - 1], "هر" | "هیچ")
    }

    /// Whether the sentence holding token `i` is a question: it ends in «؟» or «?».
    fn is_question(&self, i: usize) -> bool {
        let at = self.a.tokens[i].range.start;
        self.a
            .sentence_at(at)
            .is_some_and(|s| self.a.text()[s].trim_end().ends_with(['؟', '?']))
    }

    /// Where conditions reach: from a marker to the first finite verb after it in its
    /// clause; a nominal «در صورت …» reaches at most five words. A restrictive relative
    /// clause («…هایی که …») reaches as far.
    /// Only the clause `[cs, ce)` is read: a condition reaches no further, unless it is
    /// still `open` at the clause's end, when it is `carried` into the next clause, to that
    /// clause's first finite verb.
    fn condition_scopes(&self, cx: &Frames, cs: usize, ce: usize, carried: bool) -> Scopes {
        let mut scopes = Scopes::default();
        if cx.condition.is_empty() {
            return scopes;
        }
        let mut i = cs;
        if carried {
            let end = self.condition_end(cs, ce);
            scopes.ranges.push(cs..end.unwrap_or(ce));
            scopes.open = end.is_none();
            i = end.unwrap_or(ce);
        }
        while i < ce {
            // A restrictive relative clause tells which of its noun: «کالاهایی که پلمپ آن‌ها
            // باز نشده است، … پذیرفته می‌شود»، «دانشجویانی که … می‌توانند». What it says is
            // supposed, as a condition is. The words are normalised: «هائی» reads «هایی».
            let relative = self.words[i] == "که"
                && i > cs
                && ["هایی", "انی"]
                    .iter()
                    .any(|e| self.words[i - 1].ends_with(e));
            let temporal = self.temporal_at(i, cs, ce);
            let Some(n) = cx
                .condition
                .at(self, i, ce)
                .or_else(|| relative.then_some(1))
                .or(temporal)
            else {
                i += 1;
                continue;
            };
            let (_, ce) = self.clause(i);
            let nominal = self.words[i..i + n].last().is_some_and(|w| *w == "صورت")
                || self.words[i] == "درصورت";
            // «در صورت حساب»، «در صورت جلسه»: the compound nouns, not a condition.
            if nominal && i + n < ce && matches!(self.words[i + n], "حساب" | "حسابها" | "جلسه")
            {
                i += 1;
                continue;
            }
            // «در صورت» names its condition as a noun, with no verb of its own: a verb after
            // it is the main clause's — «در صورت چاپ سفارش انصراف پذیرفته نمی‌شود». A bare
            // past stem there is a noun: «در صورت عدم پرداخت».
            let found = match nominal {
                true => {
                    // A second «عدم …» joined to it by «و / یا» is a second condition, and
                    // reaches as far again: «در صورت کسر مبلغ از حساب و همچنین عدم واریز آن
                    // به حساب فروشنده».
                    let mut limit = (i + n + 5).min(ce);
                    let mut verb = None;
                    let mut k = i + n;
                    while k < (limit + 3).min(ce) {
                        if self.verbs[k].is_some_and(|v| !v.is_bare_past_stem()) {
                            verb = Some(k);
                            break;
                        }
                        if self.words[k] == "عدم"
                            && matches!(self.words[k - 1], "و" | "یا" | "همچنین" | "نیز")
                        {
                            limit = (k + 5).min(ce);
                        }
                        k += 1;
                    }
                    Some(verb.filter(|&v| v < limit).unwrap_or(limit))
                }
                false => self.condition_end(i + n, ce),
            };
            let end = found.unwrap_or(ce);
            // A time told in the simple past is read as narrating what happened («وقتی بررسی
            // کردیم، …»), though it may also tell of what will («وقتی رسید، خبر می‌دهیم»).
            let narrated = temporal.is_some()
                && end > i + n
                && self.verbs[end - 1].is_some_and(|v| v.tense == Tense::Past);
            if narrated {
                i += 1;
                continue;
            }
            // «تنها / فقط در صورت …»: what happens only then is itself the supposition, a
            // reassurance — «هزینه‌ی تلفن تنها در صورت استفاده محاسبه می‌شود».
            let only = i > cs && matches!(self.words[i - 1], "تنها" | "فقط");
            match nominal && !only {
                true => scopes.nominal.push(i..end),
                false => scopes.ranges.push(i..end),
            }
            scopes.open = found.is_none() && temporal.is_none();
            i = end.max(i + 1);
        }
        scopes
    }

    /// Where a verbal condition whose words start at `from` ends, within the clause ending
    /// at `ce`: after its first finite verb, past the verb of each relative clause it holds
    /// («اگر کتابی که سفارش داده‌اید ناقص است» ends at «است»). `None` when no verb ends it
    /// in the clause.
    fn condition_end(&self, from: usize, ce: usize) -> Option<usize> {
        // A bare past stem right after the marker with more of the clause after it is a
        // noun, the condition's subject: «اگر پرداخت شما تایید نشد»، «اگر دریافت کد …»;
        // so is one after a preposition: «اگر دسترسی لازم برای پرداخت را ندارید».
        let noun = |k: usize, v: &Verb| {
            v.is_bare_past_stem()
                && (k == from && k + 1 < ce && self.is_word(k + 1)
                    || k > from && PREPOSITIONS.contains(&self.words[k - 1]))
        };
        let verb_after = |from: usize| {
            let mut relatives = 0;
            (from..ce)
                .find(|&k| {
                    if self.words[k] == "که" {
                        relatives += 1;
                    }
                    // The spoken auxiliary after a participle: «معلق شده باشه».
                    let spoken = k > from
                        && spoken_be(self.words[k]).is_some()
                        && self.verbs[k - 1].is_some_and(|v| v.tense == Tense::Participle);
                    // A perfect ends it too: «کالاهایی که باز شده‌اند».
                    let ends =
                        spoken || self.verbs[k].is_some_and(|v| v.is_finite() && !noun(k, &v));
                    // A relative clause may end on a participle with no auxiliary after it:
                    // «اگر تعداد کلمات از حدی که در آیین‌نامه ذکر شده بیشتر شود، …».
                    let bare_participle = self.verbs[k]
                        .is_some_and(|v| v.tense == Tense::Participle)
                        && (k + 1 >= ce || self.verbs[k + 1].is_none());
                    if relatives > 0 && (ends || bare_participle) {
                        relatives -= 1;
                        return false;
                    }
                    ends
                })
                .map(|k| k + 1)
        };
        // A participle that ends the clause has its auxiliary left out, as spoken
        // Persian does: «تا وقتی که حسابتان باز نشده، …» ends there.
        let elided = || {
            (from..ce)
                .rev()
                .find(|&k| self.is_word(k))
                .is_some_and(|k| self.verbs[k].is_some_and(|v| v.tense == Tense::Participle))
                .then_some(ce)
        };
        let mut end = verb_after(from).or_else(elided)?;
        // «اگر A و B، …»: a condition goes on across «و» or «یا» to the verb of its second
        // part («اگر مسافر نیامد و سفر را لغو کرد، …»، «اگر IP شما flag شده باشه یا حساب
        // معلق شده باشه …»), and across «که» to the verb of a clause its verb governs
        // («اگر کالایی دارید که کار نمی‌کند، …»، «اگر مطمئنید که ارسال نشده، …»).
        while end < ce && matches!(self.words[end], "و" | "یا" | "که") {
            end = verb_after(end + 1).unwrap_or(ce);
        }
        // A verb of thinking or seeing takes the clause after it as its object, «که» left
        // out, and the condition takes it in: «اگه حس کردید مشکل از پکیج هست، …»، «اگر دیدید
        // سفارش لغو شده، …».
        if end < ce && self.thinks(end - 1) {
            end = verb_after(end).unwrap_or(ce);
        }
        Some(end)
    }

    /// Whether token `k` is a verb of thinking or seeing: «فکر / حس / احساس / گمان / تصور
    /// کردن»، «دیدن»، «پنداشتن».
    fn thinks(&self, k: usize) -> bool {
        let Some(v) = self.verbs[k] else {
            return false;
        };
        match v.lemma {
            "دید" | "پنداشت" => true,
            "کرد" => k > 0 && THOUGHT.contains(&self.words[k - 1]),
            _ => false,
        }
    }

    /// How many words open a time that is supposed, as a condition is, at token `i` of the
    /// clause `[cs, ce)`: «وقتی / زمانی / هنگامی / موقعی» (and «که») as the clause's first
    /// word — «زمانی سیم‌کارت یک‌طرفه خواهد شد که …»، «وقتی سفارشی لغو می‌شود، …». Not a
    /// time named inside a clause: «پس از مدت زمانی کوتاه».
    fn temporal_at(&self, i: usize, cs: usize, ce: usize) -> Option<usize> {
        if !TEMPORAL.contains(&self.words[i]) || (cs..i).any(|k| self.is_word(k)) {
            return None;
        }
        let next = (i + 1..ce).find(|&k| self.is_word(k))?;
        Some(if self.words[next] == "که" {
            next - i + 1
        } else {
            1
        })
    }

    /// Whether token `i` lies in the scope of a condition; each clause is read for its
    /// conditions when first asked.
    fn in_condition(&self, i: usize, cx: &Frames) -> bool {
        self.in_scope(i, cx, true)
    }

    /// Whether token `i` is supposed by a condition with a verb of its own, or one the
    /// clause follows: a word after a nominal condition («در صورت …») may be the main
    /// clause's, a complement whose verb comes after the condition's guessed end.
    fn in_verbal_condition(&self, i: usize, cx: &Frames) -> bool {
        self.in_scope(i, cx, false)
    }

    /// Whether token `k` is a condition's own word, not the main clause's: inside a
    /// condition with a verb, or the noun a nominal one names — its first two words after
    /// «در صورت», three when the first is «عدم»: «در صورت غیبت …», «در صورت عدم پرداخت
    /// شهریه …». The rest of a nominal condition's guessed reach may be the main clause's
    /// subject: «در صورت لغو سفارش هیچ هزینه‌ای کسر نمی‌شود».
    fn supposed(&self, k: usize, cx: &Frames) -> bool {
        self.in_verbal_condition(k, cx)
            || self.conditions.borrow()[&self.clause(k).0]
                .nominal
                .iter()
                .any(|r| {
                    let noun = r.start + 2 - usize::from(self.words[r.start] == "درصورت");
                    let len = 2 + usize::from(self.words.get(noun) == Some(&"عدم"));
                    (noun..(noun + len).min(r.end)).contains(&k)
                })
    }

    fn in_scope(&self, i: usize, cx: &Frames, nominal: bool) -> bool {
        let (cs, _) = self.clause(i);
        self.read_scopes(cs, cx);
        let scopes = &self.conditions.borrow()[&cs];
        scopes.follows
            || scopes.ranges.iter().any(|r| r.contains(&i))
            || nominal && scopes.nominal.iter().any(|r| r.contains(&i))
    }

    /// Reads the conditions of the clause starting at token `cs` when first asked, with
    /// those of the clauses before it in its sentence, which it may go on from: in order,
    /// from the last one already read, and not recursively, as a hostile text may hold a
    /// hundred thousand clauses in one sentence.
    fn read_scopes(&self, cs: usize, cx: &Frames) {
        let mut unread = Vec::new();
        let mut at = Some(cs);
        while let Some(c) = at.filter(|c| !self.conditions.borrow().contains_key(c)) {
            let before = self.clause_before(c);
            at = before.map(|(k, _)| self.clause(k).0);
            unread.push((c, before));
        }
        for (c, before) in unread.into_iter().rev() {
            let (carried, follows) = match before {
                None => (false, false),
                Some((k, comma)) => {
                    let read = self.conditions.borrow();
                    let b = &read[&self.clause(k).0];
                    // A relative clause right after a condition tells of its noun, and is
                    // supposed with it: «اگه دارو خاصی مصرف میکنین، که در کیف پزشک موجود
                    // نیست، …»; a clause opening with «یا» is another supposition: «به شرط
                    // مقصر بودن راننده، یا عدم وجود مقصر، …».
                    let follows = matches!(self.words[c], "که" | "یا")
                        && (b.follows || b.ranges.iter().chain(&b.nominal).any(|r| r.contains(&k)));
                    (comma && b.open, follows)
                }
            };
            let mut scopes = self.condition_scopes(cx, c, self.clause(c).1, carried);
            scopes.follows = follows;
            self.conditions.borrow_mut().insert(c, scopes);
        }
    }

    /// The last word before the clause starting at token `cs`, when it is in the same
    /// sentence, and whether a comma parts them.
    fn clause_before(&self, cs: usize) -> Option<(usize, bool)> {
        let k = (0..cs).rev().find(|&k| self.is_word(k))?;
        let between = &self.a.text()[self.a.tokens[k].range.end..self.a.tokens[cs].range.start];
        (self.sentence(k).0 == self.sentence(cs).0).then(|| (k, between.contains(['،', ','])))
    }

    /// Whether the negated verb whose head starts at token `k`, in the clause starting at
    /// `cs`, has a complement that only says a thing happens («انجام»، «اعمال») and denies
    /// any of a bad thing: «هیچ برداشتی از حساب شما انجام نمی‌شود» is good news, while
    /// «بازگشت وجه انجام نمی‌شود» and «هیچ هزینه‌ای مسترد نمی‌شود» are not.
    fn denies_bad_thing(&self, cx: &Frames, cs: usize, k: usize) -> bool {
        k > cs
            && cx.done.at_unmarked(self, k - 1, k, cx)
            && (cs..k).any(|j| {
                matches!(self.words[j], "هیچ" | "هیچگونه" | "هیچ\u{200c}گونه")
                    && (j + 1..k.min(j + 3)).any(|n| cx.good.at(self, n, k).is_some())
            })
    }

    /// Whether the participle at token `i` qualifies a noun rather than ends its predicate:
    /// a finite verb of the first or third person follows it in its clause, with no «و»,
    /// «یا» or conjunction between — «سفرهای لغو شده خودکار بررسی می‌شوند». An auxiliary
    /// after it («لغو شده است / بود / باشد») or a request («مسدود شده با شعبه تماس بگیرید»)
    /// keeps it the predicate. Right before «را» it qualifies the object, whatever follows:
    /// «سفارش‌های لغو شده را ببینید»، «فرم خدمات انجام نشده را پر کنید».
    fn is_attributive(&self, i: usize, cx: &Frames) -> bool {
        if matches!(self.words.get(i + 1), Some(&("را" | "رو"))) {
            return true;
        }
        let (_, ce) = self.clause(i);
        for k in i + 1..ce {
            // «باشه / باشن» is the spoken auxiliary: «لغو شده باشه».
            if matches!(self.words[k], "و" | "یا")
                || spoken_be(self.words[k]).is_some()
                || cx.conjunction.at_unmarked(self, k, ce, cx)
            {
                return false;
            }
            let Some(v) = self.verbs[k] else { continue };
            if v.tense == Tense::Participle || v.is_bare_past_stem() {
                continue;
            }
            // What one has not: «صورتحساب پرداخت‌نشده‌ای ندارید».
            if v.negated && v.lemma == "داشت" {
                return true;
            }
            return !(v.copula || v.lemma == "بود" || v.person.is_some_and(Person::is_second));
        }
        false
    }

    /// Whether the negated verb at token `i` says the customer has, or there is, nothing
    /// that failed: «هیچ صورتحساب پرداخت‌نشده‌ای ندارید»، «سفارش لغو شده‌ای وجود ندارد»،
    /// «تراکنش ناموفقی ندارید». A negated or cancelling participle qualifies the object, and
    /// so does a word of `@invalid`; denying the failure is good news.
    fn denies_failed_thing(&self, i: usize, cx: &Frames) -> bool {
        let Some(v) = self.verbs[i].filter(|v| v.negated && v.lemma == "داشت") else {
            return false;
        };
        let (cs, _) = self.clause(i);
        // One who has it not is the customer or the agent's side, or it is said not to be:
        // «سایت مسئولیتی در قبال فرم‌های ناقص ندارد» denies a duty, not a failure.
        let third = !matches!(
            v.person,
            Some(Person::SecondSingular | Person::SecondPlural | Person::FirstPlural)
        );
        if third && (i == cs || self.words[i - 1] != "وجود") {
            return false;
        }
        // The qualified thing is the object, right before the head: not a thing named in a
        // phrase before it («مسئولیتی در قبال فرم‌های ناقص ندارد»).
        let mut j = i;
        while j > cs && matches!(self.words[j - 1], "ای" | "وجود" | "را" | "رو") {
            j -= 1;
        }
        (j.saturating_sub(1).max(cs)..j).any(|j| {
            let participle = self.verbs[j].is_some_and(|v| {
                v.tense == Tense::Participle
                    && (v.negated || j > cs && cx.cancel.at_unmarked(self, j - 1, j, cx))
            }) || self.words[j].find("نشده").is_some_and(|p| p > 0); // «پرداخت‌نشده‌ای»
            participle && self.is_attributive(j, cx) || cx.failed.at_unmarked(self, j, i, cx)
        })
    }

    /// Where the verb at token `i` starts: a future's auxiliary, the token before it (see
    /// `Grammar::of`), is part of it: «نخواهد رسید»، «تحویل داده نخواهد شد».
    fn head_start(&self, i: usize) -> usize {
        match self.verbs[i].is_some_and(|v| v.tense == Tense::Future) {
            true => i - 1,
            false => i,
        }
    }

    /// Whether token `k` is a negated verb that negates a bad thing of its clause before
    /// it, or a worry («نگران نباشید»): good news.
    fn good_news(&self, cx: &Frames, k: usize) -> bool {
        if !self.verbs[k].is_some_and(|v| v.negated) || cx.good.is_empty() {
            return false;
        }
        let (cs, _) = self.clause(k);
        let second = self.verbs[k]
            .and_then(|v| v.person)
            .is_some_and(|p| p.is_second());
        let k = self.head_start(k).max(cs);
        // A thing the customer waits for, as the complement, makes it bad news whatever
        // the clause's object: «هزینه مسترد نمی‌گردد».
        // Unless it is the second noun of a bad thing's compound: «هزینه‌ی ارسال … نمی‌شود»;
        // or the customer's own act, which they are spared: «هزینه‌ی بیشتری پرداخت نمی‌کنید».
        if k > cs
            && cx.benefit.at(self, k - 1, k).is_some()
            && !(k > cs + 1 && cx.good.at(self, k - 2, k - 1).is_some())
            && !(second && cx.customer_act.at_unmarked(self, k - 1, k, cx))
        {
            return self.denies_bad_thing(cx, cs, k);
        }
        // A bad thing named as the cause is not what the verb denies: «تمدید به دلیل کمبود
        // موجودی انجام نشد».
        (cs..k).any(|j| cx.good.at(self, j, k).is_some() && !self.after_cause(cx, j, cs, 2, k))
    }

    /// Whether a cause marker («به علت / به دلیل …») ending by token `end` lies in the
    /// `reach` words before token `k`, not before `lo`: a word after one is the cause, not
    /// the subject.
    fn after_cause(&self, cx: &Frames, k: usize, lo: usize, reach: usize, end: usize) -> bool {
        (k.saturating_sub(reach).max(lo)..k).any(|c| cx.cause.at(self, c, end).is_some())
    }
}

/// How many words after a negated head the verb it governs may come.
const VERB_REACH: usize = 8;

/// How many words before a complement a word that asks may stand and make its clause a
/// question: «چی رو … نمیتونید»، «کدوم فایل رو نمی‌تونید باز کنید».
const ASK_REACH: usize = 4;

/// The word before token `start` in the clause starting at `cs`, passing over the adverb
/// «به هیچ وجه» (by no means), whose «وجه» is not money: «درخواست به هیچ وجه پذیرفته
/// نمی‌شود».
fn word_before(g: &Grammar<'_, '_>, cs: usize, start: usize) -> Option<usize> {
    let b = start.checked_sub(1).filter(|&b| b >= cs)?;
    match b >= cs + 2 && by_no_means(g, b) {
        true => b.checked_sub(3).filter(|&k| k >= cs),
        false => Some(b),
    }
}

/// Whether token `k` is the «وجه» of the adverb «به هیچ وجه» (by no means): not money.
fn by_no_means(g: &Grammar<'_, '_>, k: usize) -> bool {
    k >= 2 && g.words[k - 2..=k] == ["به", "هیچ", "وجه"]
}

/// Light verbs: a bare past stem before one is the noun of a compound verb.
const LIGHT_VERBS: [&str; 10] = [
    "کرد",
    "نمود",
    "شد",
    "گردید",
    "داد",
    "گرفت",
    "زد",
    "فرمود",
    "داشت",
    "کشید",
];

/// Words for «when» that open a time clause.
const TEMPORAL: [&str; 4] = ["وقتی", "زمانی", "هنگامی", "موقعی"];

/// The nouns of compound verbs of thinking, with «کردن»: «فکر می‌کنید»، «حس کردید».
const THOUGHT: [&str; 6] = ["فکر", "حس", "احساس", "گمان", "تصور", "خیال"];

/// Prepositions: a bare past stem after one is a noun («برای پرداخت»، «از ارسال»).
const PREPOSITIONS: [&str; 8] = ["برای", "از", "به", "با", "در", "جهت", "بدون", "بابت"];

/// Modals after which a bare past stem is a short infinitive.
const MODALS: [&str; 6] = ["میتوان", "نمیتوان", "باید", "نباید", "بایست", "میبایست"];

/// Nouns that make «شدن» causative, «باعث می‌شود تا …»: the «تا» after them opens what is
/// caused, not a purpose.
const CAUSATIVES: [&str; 3] = ["باعث", "سبب", "موجب"];

/// The token range `[start, end)` of the clause holding token `i`.
fn clause_of(a: &Analysis<'_>, i: usize) -> (usize, usize) {
    tokens_of(a, a.clause_at(a.tokens[i].range.start))
}

/// The tokens inside normalised range `r`, as `[start, end)`.
fn tokens_of(a: &Analysis<'_>, r: Range<usize>) -> (usize, usize) {
    let t = &a.tokens;
    let start = t.partition_point(|x| x.range.start < r.start);
    let end = t.partition_point(|x| x.range.start < r.end);
    (start, end.max(start + 1).min(t.len()))
}

#[cfg(test)]
mod tests {
    use super::super::class::{embedded_classes, ENDINGS};
    use super::*;
    use crate::text::normalize_phrase;

    #[test]
    fn only_the_classes_a_frame_uses_take_a_mark() {
        let ids = MarkIds::new(&[true, false, true, false], 2);
        assert_eq!(ids.class(0), Some(0));
        assert_eq!(ids.class(1), None);
        assert_eq!(ids.class(2), Some(1));
        assert_eq!(ids.class(3), None);
        // The literal classes follow the two classes with a mark.
        assert_eq!(ids.literal(0), 2);
        assert_eq!(ids.literal(1), 3);
        assert_eq!(ids.stride, 1);
        assert_eq!(MarkIds::new(&[true; 60], 10).stride, 2);
        assert_eq!(MarkIds::new(&[false; 60], 10).stride, 1);
    }

    #[test]
    fn a_word_is_marked_with_the_classes_it_starts() {
        let classes = Classes::new(embedded_classes());
        let literals = Classes::new(&[]);
        let used = vec![true; classes.names().len()];
        let ids = MarkIds::new(&used, 0);
        let table = MarkTable::new(&classes, &used, &literals, &ids);
        let mut words: Vec<String> = Vec::new();
        for w in embedded_classes().iter().flat_map(|s| &s.words) {
            let first = normalize_phrase(w.trim_end_matches('*'));
            let first = first.split(' ').next().unwrap().to_owned();
            words.extend(ENDINGS.iter().map(|e| format!("{first}{e}")));
            words.push(format!("{first}د"));
            words.push(first);
        }
        let mut marked = 0;
        for w in &words {
            // The table's one-word marks are the classes' one-word entries at the word.
            let mut want = vec![0u64; ids.stride];
            classes.at(&[w], |c, n| {
                if n == 1 {
                    want[c / 64] |= 1 << (c % 64);
                }
            });
            let mut got = vec![0u64; ids.stride];
            if let Some((bits, _)) = table.get(w, word_hash(w)) {
                got.copy_from_slice(bits);
            }
            let marker = Marker::new(&classes, used.clone(), Classes::new(&[]), &ids);
            for (p, mark) in &marker.prefixes {
                if w.starts_with(p.as_str()) {
                    got[mark / 64] |= 1 << (mark % 64);
                }
            }
            assert_eq!(got, want, "{w}");
            marked += usize::from(got.iter().any(|&b| b != 0));
        }
        assert!(marked * 2 > words.len(), "{marked} of {}", words.len());
    }

    /// Words read from the classes get the marks the table gives them, so the frames find
    /// the same things in a text before the table is built as after.
    #[test]
    fn classes_and_table_mark_words_alike() {
        let specs = crate::rule::pack::defaults().unwrap();
        let frames = Frames::new(
            specs
                .iter()
                .enumerate()
                .map(|(i, s)| (i, s.frames.as_slice())),
            crate::rule::class::default_compiled_classes().unwrap(),
        )
        .unwrap();
        let texts = [
            "متاسفانه نمی‌توانیم سفارش شما را لغو کنیم، چون ارسال شده است.",
            "هزینه‌ای از حسابتان کسر نمی‌شود؛ نگران نباشید 🙂 کد رهگیری {{ticket.id}}",
            "امکان بازگشت وجه وجود ندارد مگر اینکه کالا آسیب دیده باشد.",
            "نمیتونیم کمکت کنیم، باید خودت بری شعبه. غیرقابل استرداد است!!",
            "مشتری گرامی، درخواست شما بررسی شد و تا ۲۴ ساعت آینده پاسخ داده خواهد شد.",
            "سلام علی جان، پولت برگشت خورد و فردا به حسابت میاد. ممنون که صبر کردی",
            "كارت شما شارژ نشد و امكان پرداخت مجدد نيست.",
            "",
        ];
        let mut found = 0;
        for text in texts {
            let a = Analysis::new(text);
            let (early, late) = (frames.clone(), frames.clone());
            let built = late.marker.table(&late.classes, &late.ids, TABLE_AT + 1);
            assert!(built.is_some());
            assert!(early.marker.table.get().is_none());
            let (g1, g2) = (Grammar::of(&a, &early), Grammar::of(&a, &late));
            assert!(early.marker.table.get().is_none(), "{text}");
            assert_eq!(g1.marks.one, g2.marks.one, "{text}");
            assert_eq!(g1.marks.marked, g2.marks.marked, "{text}");
            for i in 0..g1.words.len() {
                let sorted = |m: &Marks| {
                    let mut l = m.long(i).to_vec();
                    l.sort_unstable();
                    l
                };
                assert_eq!(sorted(&g1.marks), sorted(&g2.marks), "{text} at {i}");
            }
            let (f1, f2) = (early.find(&a, None), late.find(&a, None));
            assert_eq!(f1.hits, f2.hits, "{text}");
            assert_eq!(f1.good_news, f2.good_news, "{text}");
            found += f1.hits.len() + g1.marks.marked.iter().filter(|&&m| m).count();
        }
        assert!(found > 30, "{found}");
    }
}
