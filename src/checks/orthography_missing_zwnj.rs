//! `orthography-missing-zwnj`: affixes that Persian joins with a ZWNJ (half-space) written
//! apart or glued on:
//!
//! - «می» / «نمی» and a verb: «می خواهید»، «میخواهید» → «می‌خواهید»;
//! - «ها / های / تر / ترین …» after a word: «کتاب ها» → «کتاب‌ها», but «بندر ها» → «بندرها»,
//!   since after a letter that doesn't join (ا د ذ ر ز ژ و) a ZWNJ changes nothing;
//! - «ام / ای / ایم / اید / اند» after a word ending in «ه»: «خسته ام» → «خسته‌ام».
//!
//! Only verbs built on known stems with formal endings are touched, so «میز»، «میوه»، «ماه می
//! سال» pass, and so do colloquial forms («میشه»، «میخوای»، «میکنن»): chat is not judged for
//! being casual.

use std::ops::Range;

use once_cell::sync::Lazy;

use super::glyphs::plain_letters;
use super::typography::{advice_in_chat, is_in_word_mark, overlaps, ZWNJ};
use super::{Context, Out};
use crate::text::{analyse_verb, FastSet, Prefix};

pub(crate) fn check(cx: &Context<'_>, out: &mut Out<'_>) {
    let text = cx.text.original;
    let ranges = cx.words();
    let b = text.as_bytes();
    // A plural glued after «ه» («خانهها») has «هه» in it: most texts have none anywhere.
    let heh_heh = cx.glyphs().heh_heh;
    // Only a word that may be «می/نمی» + verb, a glued comparative or plural, the head of a
    // compound, or a word an affix follows, can need a ZWNJ; the rest are not folded at all.
    // Read off the bytes, as this runs for every word.
    let may_matter = |k: usize| {
        let w = &b[ranges[k].clone()];
        has_mi_prefix(w)
            || may_be_glued(w, heh_heh)
            || may_head_compound(w)
            || ranges
                .get(k + 1)
                .is_some_and(|n| may_start_affix(&b[n.clone()]) && is_affix(&text[n.clone()]))
    };
    // The word and the next one, read into buffers kept from word to word.
    let (mut w, mut next) = (Word::default(), Word::default());
    let mut done_until = 0;
    for k in 0..ranges.len() {
        if ranges[k].start < done_until || !may_matter(k) {
            continue;
        }
        w.read(text, ranges[k].clone());
        let found = joined_verb(text, &w)
            .or_else(|| glued_suffix(text, &w))
            .or_else(|| {
                let n = ranges
                    .get(k + 1)
                    .filter(|n| is_blank_gap(&text[w.range.end..n.start]))
                    .filter(|&n| may_pair(&w, &b[n.clone()]))?;
                next.read(text, n.clone());
                spaced(text, &w, &next)
            });
        let Some((span, replacement)) = found else {
            continue;
        };
        if overlaps(cx.untouchable(), &span) {
            continue;
        }
        done_until = span.end;
        let f = out.fix(span, replacement, true);
        advice_in_chat(cx, f);
    }
}

/// Whether `written` is a suffix or copula once ZWNJs are dropped and Arabic «ي» read as
/// «ی». A word with neither a ZWNJ (led by 0xE2) nor a «ي» (0xD9 0x8A) is compared as it is
/// written, the others folded into a buffer on the stack first.
fn is_affix(written: &str) -> bool {
    let w = written.as_bytes();
    if !may_start_affix(w) {
        return false;
    }
    let is_one = |folded: &[u8]| {
        SUFFIXES
            .iter()
            .chain(COPULAS)
            .any(|a| same_bytes(folded, a.as_bytes()))
    };
    if memchr::memchr2(0xE2, 0x8A, w).is_none() {
        return is_one(w);
    }
    let mut buf = [0u8; 16];
    if written.len() > buf.len() {
        return false;
    }
    let mut len = 0;
    for c in written.chars().filter(|&c| c != ZWNJ) {
        let c = if c == 'ي' { 'ی' } else { c };
        let Some(slot) = buf.get_mut(len..len + c.len_utf8()) else {
            return false;
        };
        c.encode_utf8(slot);
        len += c.len_utf8();
    }
    is_one(&buf[..len])
}

/// Whether the bytes of a word start as an affix does, with «ه», «ت» or «ا».
fn may_start_affix(w: &[u8]) -> bool {
    matches!(w.first_chunk(), Some(&(HEH | TEH | ALEF)))
}

/// Whether the bytes of a word start with one of [`MI_PREFIXES`], in Persian «ی» or Arabic
/// «ي»: a preverb «بر» or «در» or none, a «ن» or none, then «می».
fn has_mi_prefix(w: &[u8]) -> bool {
    if !matches!(w.first_chunk(), Some(&(BEH | DAL | NOON | MEEM))) {
        return false;
    }
    let w = w
        .strip_prefix("بر".as_bytes())
        .or_else(|| w.strip_prefix("در".as_bytes()))
        .unwrap_or(w);
    let w = w.strip_prefix("ن".as_bytes()).unwrap_or(w);
    w.starts_with("می".as_bytes()) || w.starts_with("مي".as_bytes())
}

/// Whether the bytes of a word may be «بی» or the first word of one of [`COMPOUNDS`]: all
/// are four letters or fewer.
fn may_head_compound(w: &[u8]) -> bool {
    w.len() <= 8
        && matches!(
            w.first_chunk(),
            Some(&(BEH | YEH | DAL | SEEN | CHEH | PEH))
        )
        && (same_bytes(w, "بی".as_bytes())
            || COMPOUNDS
                .iter()
                .any(|(a, _, _)| same_bytes(w, a.as_bytes())))
}

/// The UTF-8 bytes of a character of U+0080–U+07FF, to compare a word's first or last letter
/// without decoding it.
const fn two_bytes(c: char) -> [u8; 2] {
    let c = c as u32;
    [0xC0 | (c >> 6) as u8, 0x80 | (c & 0x3F) as u8]
}

/// The letters the quick tests read a word's first or last letter for.
const ALEF: [u8; 2] = two_bytes('ا');
const BEH: [u8; 2] = two_bytes('ب');
const PEH: [u8; 2] = two_bytes('پ');
const TEH: [u8; 2] = two_bytes('ت');
const CHEH: [u8; 2] = two_bytes('چ');
const DAL: [u8; 2] = two_bytes('د');
const REH: [u8; 2] = two_bytes('ر');
const SEEN: [u8; 2] = two_bytes('س');
const MEEM: [u8; 2] = two_bytes('م');
const NOON: [u8; 2] = two_bytes('ن');
const HEH: [u8; 2] = two_bytes('ه');
const YEH: [u8; 2] = two_bytes('ی');

/// `a == b`, with the lengths and the last bytes compared first: for the short words here
/// that settles nearly every pair without a call to compare memory.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.last() == b.last() && a == b
}

/// A word of the original text and its letters folded for matching: Persian «ی ک», no
/// diacritics or tatweel.
#[derive(Default)]
struct Word {
    range: Range<usize>,
    folded: String,
    has_zwnj: bool,
}

impl Word {
    /// Reads the word at `range` of `text`, keeping the buffer of the word read before.
    fn read(&mut self, text: &str, range: Range<usize>) {
        let written = &text[range.clone()];
        self.folded.clear();
        // A ZWNJ is the only character of a word led by byte E2: most words have none, and
        // are read as one part without a search for it.
        self.has_zwnj = written.as_bytes().contains(&0xE2) && written.contains(ZWNJ);
        if self.has_zwnj {
            for part in written.split(ZWNJ) {
                fold_into(&mut self.folded, part);
            }
        } else {
            fold_into(&mut self.folded, written);
        }
        self.range = range;
    }
}

/// Appends `part` of a word, between ZWNJs, to `folded`, its letter variants folded and its
/// marks dropped. Most parts are letters that fold to themselves: copied as written.
fn fold_into(folded: &mut String, part: &str) {
    if plain_letters(part.as_bytes()) {
        folded.push_str(part);
        return;
    }
    for c in part.chars() {
        match c {
            'ي' | 'ى' => folded.push('ی'),
            'ك' => folded.push('ک'),
            // «ا» + madda above is an uncomposed «آ».
            '\u{0653}' if folded.ends_with('ا') => {
                folded.pop();
                folded.push('آ');
            }
            c if is_in_word_mark(c) => {}
            c => folded.push(c),
        }
    }
}

/// «میخواهید» → «می‌خواهید»، «برمیگردد» → «برمی‌گردد».
fn joined_verb(text: &str, w: &Word) -> Option<(Range<usize>, String)> {
    if w.has_zwnj || NOT_VERBS.contains(&w.folded.as_str()) {
        return None;
    }
    let prefix = MI_PREFIXES.into_iter().find(|p| {
        w.folded
            .strip_prefix(p)
            .is_some_and(|rest| is_verb(p, rest))
    })?;
    let written = &text[w.range.clone()];
    let split = after_letters(written, prefix.chars().count());
    Some((
        w.range.clone(),
        joined(&written[..split], &written[split..]),
    ))
}

/// Whether the bytes of a word may end in a glued comparative («بزرگتر») or hold a plural
/// glued after «ه» («خانهها», only where `heh_heh`, the text has «هه»): a quick test before
/// the word is folded.
fn may_be_glued(w: &[u8], heh_heh: bool) -> bool {
    // The endings end in «ر», «ن» or «ی».
    (matches!(w.last_chunk(), Some(&(REH | NOON | YEH)))
        && ["تر", "ترین", "تری", "یی", "ئی"]
            .iter()
            .any(|e| w.ends_with(e.as_bytes())))
        || (heh_heh && w.windows(4).any(|x| x == "هه".as_bytes()))
}

/// «بزرگتر» → «بزرگ‌تر» (for adjectives of [`ADJECTIVES`]), «خانهها» → «خانه‌ها», and the
/// old indefinite «خانه‌یی»، «خانهئی» → «خانه‌ای».
fn glued_suffix(text: &str, w: &Word) -> Option<(Range<usize>, String)> {
    let written = &text[w.range.clone()];
    if let Some(stem) = ["هیی", "هئی"]
        .iter()
        .find_map(|e| w.folded.strip_suffix(&e[2..]).filter(|s| s.ends_with('ه')))
        .filter(|s| s.chars().count() >= 2)
    {
        let split = after_letters(written, stem.chars().count());
        let stem = written[..split].trim_end_matches(ZWNJ);
        return Some((w.range.clone(), joined(stem, "ای")));
    }
    if w.has_zwnj {
        return None;
    }
    // After a letter that doesn't join the next one («زیباتر»، «بدتر») nothing is missing.
    let joins = |stem: &str| {
        stem.chars()
            .next_back()
            .is_some_and(|c| !NON_JOINING.contains(&c))
    };
    let comparative = ["ترین", "تری", "تر"].into_iter().find_map(|e| {
        let stem = w.folded.strip_suffix(e)?;
        (ADJECTIVES.contains(&stem) && joins(stem)).then_some(stem)
    });
    // Laughter («هههها») is no plural.
    let plural = || {
        SUFFIXES
            .iter()
            .filter(|s| s.starts_with('ه'))
            .find_map(|s| {
                let stem = w.folded.strip_suffix(s)?;
                (stem.ends_with('ه') && stem.chars().any(|c| c != 'ه')).then_some(stem)
            })
    };
    let stem = comparative.or_else(plural)?;
    let written = &text[w.range.clone()];
    let split = after_letters(written, stem.chars().count());
    Some((
        w.range.clone(),
        joined(&written[..split], &written[split..]),
    ))
}

/// Whether `w` and the next word, `next` its bytes, may be one of the pairs [`spaced`] joins.
/// A word of more than five letters is no compound's head, no «بی» and no prefix: only an
/// affix may follow it, and every affix starts with «ه», «ت» or «ا» (folded or not, as
/// folding leaves them be; a word may start with tatweel or superscript alef, though, which
/// folding drops).
fn may_pair(w: &Word, next: &[u8]) -> bool {
    const TATWEEL: [u8; 2] = two_bytes('\u{0640}');
    const SUPERSCRIPT_ALEF: [u8; 2] = two_bytes('\u{0670}');
    w.folded.chars().nth(5).is_none()
        || matches!(
            next.first_chunk(),
            Some(&(HEH | TEH | ALEF | TATWEEL | SUPERSCRIPT_ALEF))
        )
}

/// A word and the next one, apart with only blanks between: «می خواهید»، «کتاب ها»، «خسته ام».
fn spaced(text: &str, w: &Word, next: &Word) -> Option<(Range<usize>, String)> {
    if next.has_zwnj {
        return None;
    }
    let (first, second) = (&text[w.range.clone()], &text[next.range.clone()]);
    let joiner = if let Some(&(_, _, joiner)) = COMPOUNDS
        .iter()
        .find(|(a, b, _)| w.folded == *a && next.folded == *b)
    {
        joiner.to_owned()
    } else if w.folded == "بی" {
        // «بی» is a prefix before a word of three letters or more («بی‌دقتی»), not «بی ام و».
        (next.folded.chars().count() >= 3 && !STOP_WORDS.contains(&next.folded.as_str()))
            .then_some(ZWNJ.to_string())?
    } else if let Some(p) = MI_PREFIXES.iter().find(|p| w.folded == **p) {
        is_verb(p, &next.folded).then_some(ZWNJ.to_string())?
    } else if STOP_WORDS.contains(&w.folded.as_str()) || w.folded.chars().count() < 2 {
        return None;
    } else if SUFFIXES.contains(&next.folded.as_str()) {
        // After a letter that doesn't join the next one, a ZWNJ does nothing.
        let last = first.chars().rev().find(|&c| !is_in_word_mark(c));
        if last.is_some_and(|c| NON_JOINING.contains(&c)) {
            String::new()
        } else {
            ZWNJ.to_string()
        }
    } else if w.folded.ends_with('ه') && COPULAS.contains(&next.folded.as_str()) {
        ZWNJ.to_string()
    } else {
        return None;
    };
    Some((
        w.range.start..next.range.end,
        format!("{first}{joiner}{second}"),
    ))
}

/// Whether `gap` (the text between two words) is blanks only, on one line.
fn is_blank_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap
            .chars()
            .all(|c| c.is_whitespace() && c != '\n' && c != '\r')
}

/// The byte offset in `written` after its first `n` letters and the diacritics on them.
fn after_letters(written: &str, n: usize) -> usize {
    let mut letters = 0;
    for (i, c) in written.char_indices() {
        if is_in_word_mark(c) {
            continue;
        }
        if letters == n {
            return i;
        }
        letters += 1;
    }
    written.len()
}

/// Whether `rest` (a word after `prefix`, «می»/«نمی» or a compound of them) is a verb: a
/// present stem with a personal ending, or a past stem with one or none («می‌کرد»), or the
/// impersonal «می‌توان» — on the stems here, or as the verb analyser reads it in a formal
/// form (colloquial ones, «میشه»، «میخوای», are chat's own).
fn is_verb(prefix: &str, rest: &str) -> bool {
    if rest == "توان" {
        return true;
    }
    let (present, past) = &*STEMS;
    let stem_with = |endings: &[&str], stems: &FastSet<&str>| {
        endings.iter().any(|e| {
            rest.strip_suffix(e)
                .is_some_and(|stem| stems.contains(stem))
        })
    };
    let mi = if prefix.ends_with("نمی") {
        "نمی"
    } else {
        "می"
    };
    stem_with(&["م", "ی", "د", "یم", "ید", "ند"], present)
        || stem_with(&["", "م", "ی", "یم", "ید", "ند"], past)
        || analyse_verb(&[mi, rest].concat())
            .is_some_and(|v| v.prefix == Prefix::Mi && !v.colloquial && !v.copula)
}

/// `before` and `after` joined by a ZWNJ.
fn joined(before: &str, after: &str) -> String {
    [before, "\u{200C}", after].concat()
}

/// [`PRESENT_STEMS`] and [`PAST_STEMS`], as sets to be looked up.
static STEMS: Lazy<(FastSet<&str>, FastSet<&str>)> = Lazy::new(|| {
    let set = |stems: &[&'static str]| stems.iter().copied().collect();
    (set(PRESENT_STEMS), set(PAST_STEMS))
});

/// Present stems of verbs common in support replies. Formal stems only: colloquial ones
/// («خوا»، «تون»، «دون») are left to chat.
#[rustfmt::skip]
const PRESENT_STEMS: &[&str] = &[
    "خواه", "دان", "توان", "کن", "شو", "رس", "گیر", "ده", "گو", "گوی", "آی", "رو", "بین", "فرست",
    "نویس", "خوان", "گذار", "زن", "دار", "یاب", "ساز", "پذیر", "بر", "آور", "مان", "پرس", "شناس", "فروش",
    "خر", "بند", "کش", "انداز", "پرداز", "رسان", "گرد", "نشین", "پوش", "کوش", "بخش", "خور", "پیوند", "افت",
    "نما", "نمای", "گذر", "چین", "ریز", "سوز", "جو", "جوی", "ترس", "شمار", "فهم", "کاه", "افزا", "افزای",
    "سپار", "گشا", "گشای",
];

/// Past stems, for the past continuous («می‌خواستم»، «نمی‌شد»).
#[rustfmt::skip]
const PAST_STEMS: &[&str] = &[
    "خواست", "دانست", "توانست", "کرد", "شد", "رسید", "گرفت", "داد", "گفت", "آمد", "رفت", "دید",
    "فرستاد", "نوشت", "خواند", "گذاشت", "زد", "داشت", "یافت", "ساخت", "پذیرفت", "برد", "آورد", "ماند",
    "پرسید", "شناخت", "فروخت", "خرید", "بست", "کشید", "انداخت", "پرداخت", "رساند", "گشت", "نشست", "فهمید",
    "شمرد", "سپرد",
];

/// «می» and «نمی», and their compounds with a preverb («برمی‌گردد»، «درنمی‌آید»), longest first.
const MI_PREFIXES: [&str; 6] = ["برنمی", "درنمی", "برمی", "درمی", "نمی", "می"];

/// Adjectives whose comparative people glue on («بزرگتر»). Persian writes «تر» and «ترین»
/// apart, except in «بهتر، بیشتر، کمتر، مهتر، کهتر», which are not here.
#[rustfmt::skip]
const ADJECTIVES: &[&str] = &[
    "بزرگ", "کوچک", "سریع", "ساده", "راحت", "ارزان", "گران", "سخت", "آسان", "مهم", "جدید", "دقیق",
    "مناسب", "طولانی", "قدیمی", "عمیق", "سبک", "سنگین", "روشن", "تاریک", "کامل", "مطمئن", "سالم",
    "مفید", "جالب", "شلوغ", "خلوت", "امن", "نزدیک", "تمیز", "قوی", "ضعیف", "پایین", "بلند", "کوتاه",
    "زیبا", "تازه", "پیچیده", "دشوار", "مشکل", "خوب", "بد", "گرم", "سرد", "تند", "آرام", "دیر", "زود",
    "کند", "باکیفیت", "ارزشمند", "محبوب", "معروف", "مهربان", "خوشحال", "راضی", "شیک", "باریک", "پهن",
];

/// Two words written apart that Persian writes as one, and what joins them.
#[rustfmt::skip]
const COMPOUNDS: &[(&str, &str, &str)] = &[
    ("یک", "شنبه", "\u{200C}"), ("دو", "شنبه", ""), ("سه", "شنبه", "\u{200C}"),
    ("چهار", "شنبه", ""), ("پنج", "شنبه", "\u{200C}"),
];

/// Words that read as «می» + verb but are nouns.
const NOT_VERBS: &[&str] = &["میدانی"];

/// Plural and comparative suffixes written as words of their own.
#[rustfmt::skip]
const SUFFIXES: &[&str] = &[
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "تر", "ترین", "تری",
];

/// The copula and the possessives «ـَت ـَش» after a word ending in «ه».
const COPULAS: &[&str] = &["ام", "ای", "ایم", "اید", "اند", "ات", "اش"];

/// Words a suffix or copula never belongs to: the next word stands on its own.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "و", "به", "از", "که", "را", "با", "تا", "یا", "هم", "نه", "چه", "اگر", "چون", "اما", "ولی", "می", "نمی",
];

/// Letters that never join the letter after them.
#[rustfmt::skip]
pub(super) const NON_JOINING: &[char] = &[
    'ا', 'آ', 'أ', 'إ', 'ٱ', 'د', 'ذ', 'ر', 'ز', 'ژ', 'و', 'ؤ', 'ة', 'ء', 'ۀ',
];

#[cfg(test)]
mod tests {
    use super::super::typography::testing::{expect, findings, rule_examples};
    use crate::draft::Channel;
    use crate::report::Severity;

    const ID: &str = "orthography-missing-zwnj";

    /// A word made of plain letters is copied as written: each of them must fold to itself.
    #[test]
    fn plain_letters_fold_to_themselves() {
        let mut w = super::Word::default();
        for c in ('\u{0600}'..='\u{077F}').filter(|c| {
            let mut buf = [0; 4];
            super::plain_letters(c.encode_utf8(&mut buf).as_bytes())
        }) {
            let text = format!("ب{c}{c}");
            w.read(&text, 0..text.len());
            assert_eq!(w.folded, text, "{c:?}");
        }
        for c in ['ي', 'ى', 'ك', '\u{0640}', '\u{0653}', '\u{064E}'] {
            let mut buf = [0; 4];
            assert!(
                !super::plain_letters(c.encode_utf8(&mut buf).as_bytes()),
                "{c:?}"
            );
        }
        w.read("مي\u{200C}خواهيد", 0.."مي\u{200C}خواهيد".len());
        assert_eq!(w.folded, "میخواهید");
        assert!(w.has_zwnj);
    }

    #[test]
    fn examples_in_rule_file() {
        rule_examples(ID);
    }

    #[test]
    fn joins_affixes() {
        let z = '\u{200C}';
        let cases: Vec<(&str, Vec<&str>, String)> = vec![
            (
                "چه زمانی می خواهید؟",
                vec!["می خواهید"],
                format!("چه زمانی می{z}خواهید؟"),
            ),
            (
                "چه زمانی میخواهید؟",
                vec!["میخواهید"],
                format!("چه زمانی می{z}خواهید؟"),
            ),
            (
                "نمیتوانیم و نمی دانیم",
                vec!["نمیتوانیم", "نمی دانیم"],
                format!("نمی{z}توانیم و نمی{z}دانیم"),
            ),
            ("او می‌خواهد", vec![], "او می‌خواهد".to_owned()),
            ("دیروز میرفتم", vec!["میرفتم"], format!("دیروز می{z}رفتم")),
            ("می توان گفت", vec!["می توان"], format!("می{z}توان گفت")),
            ("مي خواهيد", vec!["مي خواهيد"], format!("مي{z}خواهيد")),
            ("میآیید", vec!["میآیید"], format!("می{z}آیید")),
            ("کتاب ها رسید", vec!["کتاب ها"], format!("کتاب{z}ها رسید")),
            (
                "بندر ها و خانه های ما",
                vec!["بندر ها", "خانه های"],
                format!("بندرها و خانه{z}های ما"),
            ),
            (
                "نسخهٔ بزرگ تر و ارزان ترین",
                vec!["بزرگ تر", "ارزان ترین"],
                format!("نسخهٔ بزرگ{z}تر و ارزان{z}ترین"),
            ),
            (
                "سفارش هایتان",
                vec!["سفارش هایتان"],
                format!("سفارش{z}هایتان"),
            ),
            (
                "خسته ام و شما رفته اید",
                vec!["خسته ام", "رفته اید"],
                format!("خسته{z}ام و شما رفته{z}اید"),
            ),
            ("کتاب‌ها و کتابها", vec![], "کتاب‌ها و کتابها".to_owned()),
            (
                "میز و میوه و میانه",
                vec![],
                "میز و میوه و میانه".to_owned(),
            ),
            ("ماه می سال جدید", vec![], "ماه می سال جدید".to_owned()),
            ("در میدانی بزرگ", vec![], "در میدانی بزرگ".to_owned()),
            (
                "بزرگتر و ارزانترین و زیباتر و بهتر",
                vec!["بزرگتر", "ارزانترین"],
                format!("بزرگ{z}تر و ارزان{z}ترین و زیباتر و بهتر"),
            ),
            (
                "خانهها و هههها",
                vec!["خانهها"],
                format!("خانه{z}ها و هههها"),
            ),
            (
                "برمیگردد و بر میگردد",
                vec!["برمیگردد", "میگردد"],
                format!("برمی{z}گردد و بر می{z}گردد"),
            ),
            (
                "میآموزید و خانه اش",
                vec!["میآموزید", "خانه اش"],
                format!("می{z}آموزید و خانه{z}اش"),
            ),
            (
                "میشه؟ میخواین؟ میکنن؟ میخوام",
                vec![],
                "میشه؟ میخواین؟ میکنن؟ میخوام".to_owned(),
            ),
            ("و ها", vec![], "و ها".to_owned()),
            ("کتاب\nها", vec![], "کتاب\nها".to_owned()),
            (
                "{{میخواهید}} و https://x.ir/میخواهید",
                vec![],
                "{{میخواهید}} و https://x.ir/میخواهید".to_owned(),
            ),
        ];
        for (text, flagged, fixed) in &cases {
            expect(ID, text, flagged, fixed);
        }
    }

    #[test]
    fn advice_only_in_chat() {
        let found = findings(ID, "فردا میفرستیم", Some(Channel::Chat));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
    }
}
