//! Semantic frames: a rule's pattern over the grammar of a clause instead of a list of
//! phrases. A frame names a head — a verb by its lemma, negation, person and tense, or a
//! word — and what must or must not stand around it in its clause: a complement before it
//! («لغو» + «شد»), a word class anywhere in the clause («هیچ هزینه‌ای … نمی‌شود» is good
//! news), the scope of a condition («اگر …»). See `rules/README.md`.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::class::{ClassSpec, Classes};
use super::matcher::Hit;
use crate::text::{analyse_verb, Analysis, Person, Prefix, Tense, TokenKind, Verb};
use crate::text::{FastMap, FastSet};

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
    /// The head verb's person: `1sg`, `2sg`, `3sg`, `1pl`, `2pl`, `3pl`.
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
    /// Drop the match when its clause holds one of these (words or `@classes`).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Look for `unless` only in this many words before the complement (or the head),
    /// instead of in the whole clause: «جریمه‌ی دیرکرد شما لغو شد» is good news, «پرواز به
    /// علت محدودیت لغو شد» is not.
    #[serde(default)]
    pub unless_within: Option<usize>,
    /// Drop the match when the next word is one of these.
    #[serde(default)]
    pub unless_next: Vec<String>,
    /// Drop the match when the word before the head (or the complement) is one of these.
    #[serde(default)]
    pub unless_before: Vec<String>,
    /// Only at the start of a clause.
    #[serde(default)]
    pub clause_start: bool,
    /// Also inside the scope of a condition («اگر برنامه باز نمی‌شود»); by default a
    /// supposition is not news and is left alone.
    #[serde(default)]
    pub in_condition: bool,
    /// Drop the match when good news follows in its sentence: «خیر، هزینه‌ای ندارد».
    #[serde(default)]
    pub unless_good_news: bool,
    /// Drop the match when the customer's message has the complement's word: what the
    /// customer asked for («لغو کنید») is not bad news when done («لغو شد»).
    #[serde(default)]
    pub unless_customer_asked: bool,
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
}

impl Terms {
    /// Compiles `list`; its literal words join `literals` as one class.
    fn new(
        list: &[String],
        classes: &Classes,
        literals: &mut Vec<ClassSpec>,
    ) -> Result<Terms, String> {
        let mut t = Terms::default();
        let mut words = Vec::new();
        for item in list {
            match item.strip_prefix('@') {
                Some(name) => t.classes.push(
                    classes
                        .id(name)
                        .ok_or_else(|| format!("no word class named `@{name}`"))?,
                ),
                None => words.push(item.clone()),
            }
        }
        if !words.is_empty() {
            t.literal = Some(literals.len());
            literals.push(ClassSpec {
                class: literals.len().to_string(),
                words,
                ..ClassSpec::default()
            });
        }
        Ok(t)
    }

    fn is_empty(&self) -> bool {
        self.classes.is_empty() && self.literal.is_none()
    }

    /// How many words a term covers from token `i`, the longest, if one starts there and
    /// ends by token `end`.
    fn at(&self, g: &Grammar<'_, '_>, i: usize, end: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut keep = |n: usize| {
            if i + n <= end && best.is_none_or(|b| n > b) {
                best = Some(n);
            }
        };
        if let Some(l) = self.literal {
            g.literal.each(g, i, |c, n| {
                if c == l {
                    keep(n);
                }
            });
        }
        if !self.classes.is_empty() {
            g.main.each(g, i, |c, n| {
                if self.classes.contains(&c) {
                    keep(n);
                }
            });
        }
        best
    }
}

/// A word class starting at a token: of the rule set's classes or the frames' literal words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Mark {
    Class(usize),
    Literal(usize),
}

/// A compiled frame.
#[derive(Debug, Clone)]
struct Frame {
    rule: usize,
    any_verb: bool,
    lemmas: Vec<String>,
    except: Vec<String>,
    word: Terms,
    negated: Option<bool>,
    person: Vec<Person>,
    tense: Vec<Tense>,
    imperative: Option<bool>,
    subjunctive: Option<bool>,
    with: Terms,
    gap: usize,
    requires: Terms,
    unless: Terms,
    unless_within: Option<usize>,
    unless_next: Terms,
    unless_before: Terms,
    clause_start: bool,
    in_condition: bool,
    unless_good_news: bool,
    unless_customer_asked: bool,
}

/// The frames of a rule set, with the word classes they use.
#[derive(Debug, Clone, Default)]
pub struct Frames {
    frames: Vec<Frame>,
    /// Verb frames by their lemmas, and those for any verb.
    by_lemma: FastMap<String, Vec<usize>>,
    any_verb: Vec<usize>,
    /// Word frames by the class of their heads.
    word_heads: FastMap<Mark, Vec<usize>>,
    classes: Arc<Classes>,
    /// The literal words of the frames, one class per list.
    literals: Classes,
    /// The first words of the word frames' literal heads, and the beginnings of their
    /// prefix heads («غیرقابل*»): other words start no literal head.
    head_words: FastSet<String>,
    head_prefixes: Vec<String>,
    /// Whether a word frame's head is a class of the rule set, to be looked for everywhere.
    class_heads: bool,
    /// Classes that make a negated verb good news, and the condition markers.
    good: Terms,
    /// Things the customer waits for: a negated one is bad news whatever its object
    /// («هزینه مسترد نمی‌گردد»).
    benefit: Terms,
    condition: Terms,
    cause: Terms,
}

impl Frames {
    /// Compiles the frames of `rules` (index, frames). Fails on an unknown class, person
    /// or tense, with the rule's index.
    pub fn new<'a>(
        rules: impl Iterator<Item = (usize, &'a [FrameSpec])>,
        classes: Arc<Classes>,
    ) -> Result<Frames, (usize, String)> {
        let mut frames = Vec::new();
        let mut literals = Vec::new();
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
        let good = terms(&["@bad-thing", "@charge", "@cancel", "@reassurance"]);
        let benefit = terms(&["@approve", "@available", "@possible", "@deadend"]);
        let condition = terms(&["@condition"]);
        let cause = terms(&["@cause"]);
        let mut by_lemma: FastMap<String, Vec<usize>> = FastMap::default();
        let mut any_verb = Vec::new();
        let mut word_heads: FastMap<Mark, Vec<usize>> = FastMap::default();
        for (k, f) in frames.iter().enumerate() {
            if f.any_verb {
                any_verb.push(k);
            }
            // A frame for any verb is a candidate at every verb already.
            for l in f.lemmas.iter().filter(|_| !f.any_verb) {
                by_lemma.entry(l.clone()).or_default().push(k);
            }
            let heads = f.word.classes.iter().map(|&c| Mark::Class(c));
            for m in heads.chain(f.word.literal.map(Mark::Literal)) {
                word_heads.entry(m).or_default().push(k);
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
                    let norm = crate::text::normalize_phrase(w);
                    if let Some(first) = norm.split(' ').find(|p| !p.is_empty()) {
                        head_words.insert(first.to_owned());
                    }
                }
            }
        }
        let literals = Classes::new(&literals);
        let class_heads = word_heads.keys().any(|m| matches!(m, Mark::Class(_)));
        Ok(Frames {
            frames,
            class_heads,
            by_lemma,
            any_verb,
            word_heads,
            classes,
            literals,
            head_words,
            head_prefixes,
            good,
            benefit,
            condition,
            cause,
        })
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
        let mut candidates: Vec<usize> = Vec::new();
        for i in 0..g.words.len() {
            if g.kinds[i] != TokenKind::Word {
                continue;
            }
            candidates.clear();
            let word = g.words[i];
            if self.head_words.contains(word)
                || self
                    .head_prefixes
                    .iter()
                    .any(|p| word.starts_with(p.as_str()))
            {
                g.literal.each(&g, i, |c, _| {
                    if let Some(ks) = self.word_heads.get(&Mark::Literal(c)) {
                        candidates.extend(ks);
                    }
                });
            }
            if self.class_heads {
                g.main.each(&g, i, |c, _| {
                    if let Some(ks) = self.word_heads.get(&Mark::Class(c)) {
                        candidates.extend(ks);
                    }
                });
            }
            // Heads of several classes may name one frame twice.
            if candidates.len() > 1 {
                candidates.sort_unstable();
                candidates.dedup();
            }
            if let Some(v) = g.verbs[i] {
                if let Some(ks) = self.by_lemma.get(v.lemma) {
                    candidates.extend(ks);
                }
                candidates.extend(&self.any_verb);
                if v.negated && g.good_news(self, i) {
                    let clause = a.clause_at(a.tokens[i].range.start);
                    if found.good_news.last() != Some(&clause) {
                        found.good_news.push(clause);
                    }
                }
            }
            for &k in &candidates {
                let f = &self.frames[k];
                if let Some((start, last)) = f.matches(&g, i, self, customer) {
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

/// What the frames found in a text.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Every match of every frame.
    pub hits: Vec<Hit>,
    /// The clauses (normalised ranges, in order) that negate a bad thing: «هیچ هزینه‌ای کسر
    /// نمی‌شود»، «نگران نباشید». Good news, not bad.
    pub good_news: Vec<Range<usize>>,
}

impl Found {
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
        literals: &mut Vec<ClassSpec>,
    ) -> Result<Frame, String> {
        if spec.verb.is_empty() == spec.word.is_empty() {
            return Err("a frame needs either `verb` or `word`".into());
        }
        let person = spec
            .person
            .iter()
            .map(|p| {
                [
                    Person::FirstSingular,
                    Person::SecondSingular,
                    Person::ThirdSingular,
                    Person::FirstPlural,
                    Person::SecondPlural,
                    Person::ThirdPlural,
                ]
                .into_iter()
                .find(|x| x.name() == p)
                .ok_or_else(|| format!("unknown person `{p}` (1sg, 2sg, 3sg, 1pl, 2pl, 3pl)"))
            })
            .collect::<Result<_, _>>()?;
        let tense = spec
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

            negated: spec.negated,
            person,
            tense,
            imperative: spec.imperative,
            subjunctive: spec.subjunctive,
            with: Terms::new(&spec.with, classes, literals)?,
            gap: spec.gap,
            requires: Terms::new(&spec.requires, classes, literals)?,
            unless: Terms::new(&spec.unless, classes, literals)?,
            unless_within: spec.unless_within,
            unless_next: Terms::new(&spec.unless_next, classes, literals)?,
            unless_before: Terms::new(&spec.unless_before, classes, literals)?,
            clause_start: spec.clause_start,
            in_condition: spec.in_condition,
            unless_good_news: spec.unless_good_news,
            unless_customer_asked: spec.unless_customer_asked,
        })
    }

    /// How many words the head covers at token `i`, if it is there.
    fn head(&self, g: &Grammar<'_, '_>, i: usize) -> Option<usize> {
        if !self.word.is_empty() {
            return self.word.at(g, i, g.words.len());
        }
        let v = g.verbs[i]?;
        // The cheap tests first: most verbs fail on negation, person or tense.
        (self.negated.is_none_or(|n| n == v.negated)
            && (self.person.is_empty() || v.person.is_some_and(|p| self.person.contains(&p)))
            && (self.tense.is_empty() || self.tense.contains(&v.tense))
            && self.imperative.is_none_or(|m| m == v.is_imperative())
            && self.subjunctive.is_none_or(|m| m == v.is_subjunctive())
            && (self.any_verb || self.lemmas.iter().any(|l| l == v.lemma))
            && !self.except.iter().any(|l| l == v.lemma))
        .then_some(1)
    }

    /// The tokens the match starts and ends at, if the frame holds with its head at
    /// token `i`.
    fn matches(
        &self,
        g: &Grammar<'_, '_>,
        i: usize,
        cx: &Frames,
        customer: Option<&Analysis<'_>>,
    ) -> Option<(usize, usize)> {
        if g.kinds[i] != TokenKind::Word {
            return None;
        }
        let last = i + self.head(g, i)? - 1;
        let (cs, ce) = g.clause(i);
        if self.clause_start && i != cs {
            return None;
        }
        let mut start = i;
        if !self.with.is_empty() {
            start = (cs.max(i.saturating_sub(self.gap.saturating_add(1)))..i)
                .rev()
                .find(|&j| self.with.at(g, j, i).is_some())?;
        }
        let at = |t: &Terms, k: usize| t.at(g, k, ce).is_some();
        if !self.requires.is_empty() && !(cs..ce).any(|k| at(&self.requires, k)) {
            return None;
        }
        let from = match self.unless_within {
            Some(n) => cs.max(start.saturating_sub(n)),
            None => cs,
        };
        let to = if self.unless_within.is_some() { i } else { ce };
        // A word after «به علت / به دلیل …» is the cause, not the subject.
        let is_cause = |k: usize| k > cs && at(&cx.cause, k - 1);
        if !self.unless.is_empty() && (from..to).any(|k| at(&self.unless, k) && !is_cause(k)) {
            return None;
        }
        if !self.unless_next.is_empty()
            && last + 1 < g.words.len()
            && at(&self.unless_next, last + 1)
        {
            return None;
        }
        if !self.unless_before.is_empty() && start > cs && at(&self.unless_before, start - 1) {
            return None;
        }
        if !self.in_condition && (g.in_condition(start, cx) || g.in_condition(i, cx)) {
            return None;
        }
        if self.unless_good_news {
            // «خیر. نیازی به ثبت‌نام نیست.»: a bare answer is read with the next sentence.
            let (_, mut se) = g.sentence(i);
            if se <= last + 1 && se < g.words.len() {
                se = g.sentence(se).1;
            }
            if (last + 1..se).any(|k| g.good_news(cx, k)) {
                return None;
            }
        }
        if self.unless_customer_asked && start < i {
            if let Some(c) = customer {
                if self.customer_asked(g, start, i, c, cx) {
                    return None;
                }
            }
        }
        Some((start, last))
    }
}

impl Frame {
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

/// What the frames read of a text: its words, their verb readings, clauses, sentences and
/// the scopes of conditions, by token index.
struct Grammar<'t, 'a> {
    a: &'t Analysis<'a>,
    words: Vec<&'t str>,
    kinds: Vec<TokenKind>,
    verbs: Vec<Option<Verb>>,
    /// The scopes of conditions, by the first token of their clause, read clause by clause
    /// when first asked.
    conditions: RefCell<Vec<(usize, Vec<Range<usize>>)>>,
    /// The clause of each token, found when first asked.
    clause_memo: RefCell<Vec<Option<(usize, usize)>>>,
    /// The rule set's classes and the frames' own words starting at each token.
    main: Marks<'t>,
    literal: Marks<'t>,
}

/// The classes starting at each token of a text, read when first asked: token `i`'s are
/// `found[spans[i]]`, with how many words each covers.
struct Marks<'t> {
    classes: &'t Classes,
    read: RefCell<MarksRead>,
}

#[derive(Default)]
struct MarksRead {
    /// Per token, where its classes lie in `found`; `UNREAD` until asked.
    spans: Vec<(u32, u32)>,
    found: Vec<(u32, u32)>,
}

const UNREAD: (u32, u32) = (u32::MAX, u32::MAX);

impl<'t> Marks<'t> {
    fn new(classes: &'t Classes, tokens: usize) -> Marks<'t> {
        Marks {
            classes,
            read: RefCell::new(MarksRead {
                spans: vec![UNREAD; tokens],
                found: Vec::new(),
            }),
        }
    }

    /// Calls `each(class, words)` for every class starting at token `i` of `g`.
    fn each(&self, g: &Grammar<'_, '_>, i: usize, mut each: impl FnMut(usize, usize)) {
        if g.kinds[i] != TokenKind::Word {
            return;
        }
        let mut read = self.read.borrow_mut();
        let read = &mut *read;
        if read.spans[i] == UNREAD {
            let start = read.found.len() as u32;
            let found = &mut read.found;
            self.classes
                .at(&g.words[i..], |c, n| found.push((c as u32, n as u32)));
            read.spans[i] = (start, read.found.len() as u32);
        }
        let (start, end) = read.spans[i];
        for &(c, n) in &read.found[start as usize..end as usize] {
            each(c as usize, n as usize);
        }
    }
}

impl<'t, 'a> Grammar<'t, 'a> {
    fn of(a: &'t Analysis<'a>, cx: &'t Frames) -> Grammar<'t, 'a> {
        let text = a.text();
        let words: Vec<&str> = a.tokens.iter().map(|t| &text[t.range.clone()]).collect();
        let kinds: Vec<TokenKind> = a.tokens.iter().map(|t| t.kind).collect();
        let mut verbs: Vec<Option<Verb>> = words
            .iter()
            .zip(&kinds)
            .map(|(w, k)| (*k == TokenKind::Word).then(|| analyse_verb(w)).flatten())
            .collect();
        // «خواهد» + a bare past stem is one future verb: its negation and person are the
        // auxiliary's («نخواهیم توانست»، «مقدور نخواهد بود»).
        for i in 0..verbs.len().saturating_sub(1) {
            if let (Some(aux), Some(next)) = (verbs[i], verbs[i + 1]) {
                if aux.lemma == "خواست"
                    && aux.tense == Tense::Present
                    && aux.prefix == Prefix::None
                    && next.tense == Tense::Past
                    && next.prefix == Prefix::None
                    && !next.negated
                    && next.person == Some(Person::ThirdSingular)
                {
                    verbs[i + 1] = Some(Verb {
                        tense: Tense::Future,
                        negated: aux.negated,
                        person: aux.person,
                        ..next
                    });
                    verbs[i] = None;
                }
            }
        }
        // After a modal, a bare past stem is a short infinitive, not a past tense:
        // «می‌توان … کنسل نمود»، «باید … اقدام نمود».
        for (i, w) in words.iter().enumerate() {
            if w.starts_with(['ب', 'م', 'ن']) && MODALS.contains(w) {
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
            let bare = verbs[i].is_some_and(|v| {
                v.tense == Tense::Past
                    && v.prefix == Prefix::None
                    && !v.negated
                    && v.person == Some(Person::ThirdSingular)
            });
            if !bare {
                continue;
            }
            // The light verb, or after a future auxiliary («خواهد») its stem.
            let next = match verbs[i + 1] {
                Some(v) => Some(v),
                None if words[i + 1].contains("خواه") => verbs.get(i + 2).copied().flatten(),
                None => None,
            };
            if next.is_some_and(|v| LIGHT_VERBS.contains(&v.lemma)) {
                verbs[i] = None;
            }
        }
        let n = words.len();
        Grammar {
            a,
            words,
            kinds,
            verbs,
            conditions: RefCell::new(Vec::new()),
            clause_memo: RefCell::new(vec![None; n]),
            main: Marks::new(&cx.classes, n),
            literal: Marks::new(&cx.literals, n),
        }
    }

    /// The token range `[start, end)` of the clause holding token `i`.
    fn clause(&self, i: usize) -> (usize, usize) {
        if let Some(c) = self.clause_memo.borrow()[i] {
            return c;
        }
        let c = clause_of(self.a, i);
        self.clause_memo.borrow_mut()[i] = Some(c);
        c
    }

    /// The token range of the sentence holding token `i`.
    fn sentence(&self, i: usize) -> (usize, usize) {
        let at = self.a.tokens[i].range.start;
        let s = self.a.sentence_at(at).unwrap_or(0..self.a.text().len());
        self.tokens_of(s)
    }

    fn tokens_of(&self, r: Range<usize>) -> (usize, usize) {
        tokens_of(self.a, r)
    }

    /// Where conditions reach: from a marker to the first finite verb after it in its
    /// clause; a nominal «در صورت …» reaches at most five words.
    /// Only the clause `[cs, ce)` is read: a condition reaches no further.
    fn condition_scopes(&self, cx: &Frames, cs: usize, ce: usize) -> Vec<Range<usize>> {
        let mut scopes = Vec::new();
        if cx.condition.is_empty() {
            return scopes;
        }
        let mut i = cs;
        while i < ce {
            let Some(n) = cx.condition.at(self, i, ce) else {
                i += 1;
                continue;
            };
            let (_, ce) = self.clause(i);
            let nominal = self.words[i..i + n].last().is_some_and(|w| *w == "صورت")
                || self.words[i] == "درصورت";
            let limit = if nominal { (i + n + 5).min(ce) } else { ce };
            let end = (i + n..limit)
                .find(|&k| self.verbs[k].is_some_and(|v| v.tense != Tense::Participle))
                .map_or(limit, |k| k + 1);
            scopes.push(i..end);
            i = end.max(i + 1);
        }
        scopes
    }

    /// Whether token `i` lies in the scope of a condition; each clause is read for its
    /// conditions when first asked.
    fn in_condition(&self, i: usize, cx: &Frames) -> bool {
        let (cs, ce) = self.clause(i);
        let mut read = self.conditions.borrow_mut();
        if !read.iter().any(|(c, _)| *c == cs) {
            let scopes = self.condition_scopes(cx, cs, ce);
            read.push((cs, scopes));
        }
        read.iter()
            .filter(|(c, _)| *c == cs)
            .any(|(_, scopes)| scopes.iter().any(|s| s.contains(&i)))
    }

    /// Whether token `k` is a negated verb that negates a bad thing of its clause before
    /// it, or a worry («نگران نباشید»): good news.
    fn good_news(&self, cx: &Frames, k: usize) -> bool {
        if !self.verbs[k].is_some_and(|v| v.negated) || cx.good.is_empty() {
            return false;
        }
        let (cs, _) = self.clause(k);
        // A thing the customer waits for, as the complement, makes it bad news whatever
        // the clause's object: «هزینه مسترد نمی‌گردد».
        // Unless it is the second noun of a bad thing's compound: «هزینه‌ی ارسال … نمی‌شود».
        if k > cs
            && cx.benefit.at(self, k - 1, k).is_some()
            && !(k > cs + 1 && cx.good.at(self, k - 2, k - 1).is_some())
        {
            return false;
        }
        (cs..k).any(|j| cx.good.at(self, j, k).is_some())
    }
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

/// Modals after which a bare past stem is a short infinitive.
const MODALS: [&str; 6] = ["میتوان", "نمیتوان", "باید", "نباید", "بایست", "میبایست"];

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
