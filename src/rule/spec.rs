//! The rule-pack format: what a rule file holds. See `rules/README.md`.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::draft::Channel;
use crate::lang::Localized;
use crate::report::{Category, Severity};

/// One rule, as written in its TOML file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Kebab-case id naming the pattern; equal to the file's name.
    pub id: String,
    /// The category of its findings.
    pub category: Category,
    /// The default severity of its findings.
    pub severity: Severity,
    /// The message shown with a finding. `{name}`-style fields are filled by logic rules.
    pub message: Localized,
    /// A better wording or structure.
    #[serde(default)]
    pub suggestion: Option<Localized>,
    /// Where to read more.
    #[serde(default)]
    pub url: Option<String>,
    /// The documentation `lahn explain` shows.
    pub doc: RuleDoc,
    /// For phrase rules: what to match.
    #[serde(default, rename = "match")]
    pub matcher: Option<MatchSpec>,
    /// Semantic frames: patterns over the grammar of a clause (with or instead of phrases).
    #[serde(default, rename = "frame", skip_serializing_if = "Vec::is_empty")]
    pub frames: Vec<super::frame::FrameSpec>,
    /// For logic rules: the name of the check in `src/checks/`.
    #[serde(default)]
    pub check: Option<String>,
    /// For phrase rules: a machine-applicable replacement of the match.
    #[serde(default)]
    pub fix: Option<FixSpec>,
    /// For logic rules: the rest of the wording their check can emit, by name. Variants of
    /// the message or suggestion (`message-canned`, `suggestion-colloquial`) replace them in the
    /// cases the check names; pieces (`words`, `register-formal`) are filled into them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub text: BTreeMap<String, Localized>,
    /// Replies the rule must flag.
    #[serde(default)]
    pub bad: Examples,
    /// Replies the rule must leave alone.
    #[serde(default)]
    pub good: Examples,
    /// Where the rule was read from.
    #[serde(skip)]
    pub source: PathBuf,
}

/// A rule's example replies, read as a slice of [`Example`]s.
///
/// A rule read from a file holds its examples as read. The bundled rules keep theirs as the
/// library's embedded text and read them when first asked for: a review never reads them,
/// so a process that only reviews does not pay for them.
#[derive(Clone, Default)]
pub struct Examples(Held<Vec<Example>>);

/// What a rule holds as read from its file, or as the library's embedded JSON, read when
/// first asked for.
#[derive(Clone)]
enum Held<T> {
    Read(T),
    Embedded {
        json: &'static str,
        read: OnceLock<T>,
    },
}

impl<T: Default> Default for Held<T> {
    fn default() -> Held<T> {
        Held::Read(T::default())
    }
}

impl<T> Held<T> {
    fn embedded(json: &'static str) -> Held<T> {
        Held::Embedded {
            json,
            read: OnceLock::new(),
        }
    }

    /// The value, read from the embedded text on first use. `what` names it in the panic
    /// that can't happen: the build wrote that text from a rule file it read, and the tests
    /// read every bundled rule's.
    fn get(&self, what: &str) -> &T
    where
        T: serde::de::DeserializeOwned,
    {
        match self {
            Held::Read(value) => value,
            Held::Embedded { json, read } => read.get_or_init(|| {
                serde_json::from_str(json)
                    .unwrap_or_else(|e| panic!("a bundled rule's {what} is not valid JSON: {e}"))
            }),
        }
    }
}

impl Examples {
    /// The examples of a bundled rule, as the build wrote them: a JSON array.
    pub(crate) fn embedded(json: &'static str) -> Examples {
        Examples(Held::embedded(json))
    }
}

impl Deref for Examples {
    type Target = [Example];

    fn deref(&self) -> &[Example] {
        self.0.get("examples")
    }
}

impl From<Vec<Example>> for Examples {
    fn from(examples: Vec<Example>) -> Examples {
        Examples(Held::Read(examples))
    }
}

impl<'a> IntoIterator for &'a Examples {
    type Item = &'a Example;
    type IntoIter = std::slice::Iter<'a, Example>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for Examples {
    fn eq(&self, other: &Examples) -> bool {
        **self == **other
    }
}

impl Eq for Examples {}

impl fmt::Debug for Examples {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for Examples {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Examples {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Examples, D::Error> {
        Vec::deserialize(d).map(Examples::from)
    }
}

/// A rule's documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Doc {
    /// What it flags.
    pub what: Localized,
    /// Why that hurts the customer's experience.
    pub why: Localized,
}

/// A rule's documentation, read as a [`Doc`] (`spec.doc.what`).
///
/// As with [`Examples`], a bundled rule keeps it as embedded text until first asked for:
/// `lahn explain`, the language server's hover and SARIF read it, a review does not.
#[derive(Clone)]
pub struct RuleDoc(Held<Doc>);

impl RuleDoc {
    /// The documentation of a bundled rule, as the build wrote it: a JSON object.
    pub(crate) fn embedded(json: &'static str) -> RuleDoc {
        RuleDoc(Held::embedded(json))
    }
}

impl Deref for RuleDoc {
    type Target = Doc;

    fn deref(&self) -> &Doc {
        self.0.get("documentation")
    }
}

impl From<Doc> for RuleDoc {
    fn from(doc: Doc) -> RuleDoc {
        RuleDoc(Held::Read(doc))
    }
}

impl PartialEq for RuleDoc {
    fn eq(&self, other: &RuleDoc) -> bool {
        **self == **other
    }
}

impl Eq for RuleDoc {}

impl fmt::Debug for RuleDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for RuleDoc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// A rule file must hold its documentation; the build leaves it out of a bundled rule's
/// JSON (`null`), and the library puts the embedded text in its place.
impl<'de> Deserialize<'de> for RuleDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RuleDoc, D::Error> {
        Ok(match Option::<Doc>::deserialize(d)? {
            Some(doc) => RuleDoc::from(doc),
            None => RuleDoc::from(Doc::default()),
        })
    }
}

/// What a phrase rule matches, on the normalised view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchSpec {
    /// Phrases, matched as whole words; `…` marks a gap of up to `max_gap` words.
    pub phrases: Phrases,
    /// The largest gap, in words, a `…` stands for.
    #[serde(default = "default_gap")]
    pub max_gap: usize,
    /// Drop the match when the next word is one of these.
    #[serde(default)]
    pub unless_followed_by: Vec<String>,
    /// Drop the match when the previous word is one of these.
    #[serde(default)]
    pub unless_preceded_by: Vec<String>,
    /// Drop the match when a word of its clause starts with one of these.
    #[serde(default)]
    pub unless_in_clause: Vec<String>,
    /// Drop the match when the customer's own message uses the same words: a term the
    /// customer wrote is not jargon to them.
    #[serde(default)]
    pub unless_customer_used: bool,
    /// Only at the start of a sentence or clause.
    #[serde(default)]
    pub clause_start: bool,
}

fn default_gap() -> usize {
    6
}

/// A phrase rule's phrases, read as strings (`spec.phrases.iter()`).
///
/// A rule read from a file owns them; a bundled rule's are the library's own text, listed
/// by the build, so that building a coach neither parses nor copies them.
#[derive(Clone)]
pub struct Phrases(PhraseList);

#[derive(Clone)]
enum PhraseList {
    Read(Vec<String>),
    /// The phrases, and each one's parts between «…» as the build normalised them: places
    /// in a list of every bundled rule's distinct parts, the third.
    Bundled(
        &'static [&'static str],
        &'static [&'static [u32]],
        &'static [&'static str],
    ),
}

/// A bundled rule's phrases' parts: places in the list of every bundled rule's distinct
/// parts, and that list (see [`Phrases::normalized_parts`]).
pub(crate) type BundledParts = (&'static [&'static [u32]], &'static [&'static str]);

/// The iterator over [`Phrases`].
pub type PhrasesIter<'a> = std::iter::Chain<
    std::iter::Map<std::slice::Iter<'a, String>, fn(&'a String) -> &'a str>,
    std::iter::Copied<std::slice::Iter<'a, &'a str>>,
>;

impl Phrases {
    /// The phrases of a bundled rule, as the build listed them, with each one's normalised
    /// parts: places in `table`, every bundled rule's distinct parts.
    pub(crate) fn bundled(
        list: &'static [&'static str],
        parts: &'static [&'static [u32]],
        table: &'static [&'static str],
    ) -> Phrases {
        debug_assert_eq!(list.len(), parts.len());
        Phrases(PhraseList::Bundled(list, parts, table))
    }

    /// Each phrase's parts between «…», normalised and none empty, when the build listed
    /// them (a bundled rule's): places in the list of every bundled rule's distinct parts,
    /// and that list. A coach matches these without normalising the phrases again.
    pub(crate) fn normalized_parts(&self) -> Option<BundledParts> {
        match self.0 {
            PhraseList::Bundled(_, parts, table) => Some((parts, table)),
            PhraseList::Read(_) => None,
        }
    }

    /// The phrases, in the order the rule writes them.
    pub fn iter(&self) -> PhrasesIter<'_> {
        let (read, bundled): (&[String], &[&str]) = match &self.0 {
            PhraseList::Read(list) => (list, &[]),
            PhraseList::Bundled(list, ..) => (&[], list),
        };
        let as_str: fn(&String) -> &str = String::as_str;
        read.iter().map(as_str).chain(bundled.iter().copied())
    }

    /// How many phrases there are.
    pub fn len(&self) -> usize {
        match &self.0 {
            PhraseList::Read(list) => list.len(),
            PhraseList::Bundled(list, ..) => list.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first phrase.
    pub fn first(&self) -> Option<&str> {
        self.iter().next()
    }
}

impl Default for Phrases {
    fn default() -> Phrases {
        Phrases(PhraseList::Read(Vec::new()))
    }
}

impl From<Vec<String>> for Phrases {
    fn from(list: Vec<String>) -> Phrases {
        Phrases(PhraseList::Read(list))
    }
}

impl<'a> IntoIterator for &'a Phrases {
    type Item = &'a str;
    type IntoIter = PhrasesIter<'a>;

    fn into_iter(self) -> PhrasesIter<'a> {
        self.iter()
    }
}

impl PartialEq for Phrases {
    fn eq(&self, other: &Phrases) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Phrases {}

impl fmt::Debug for Phrases {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Phrases {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Phrases {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Phrases, D::Error> {
        Vec::deserialize(d).map(Phrases::from)
    }
}

/// A machine-applicable replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixSpec {
    /// What to put in place of the match.
    pub replacement: String,
    /// Whether it never changes the meaning.
    #[serde(default)]
    pub safe: bool,
}

/// An example reply in a rule file, with optional context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The reply.
    pub text: String,
    /// For `bad` examples: the exact text the finding covers.
    #[serde(default)]
    pub flagged: Option<String>,
    /// For `bad` examples: the reply after applying the rule's fix.
    #[serde(default)]
    pub fixed: Option<String>,
    /// The customer's message.
    #[serde(default)]
    pub customer: Option<String>,
    /// The customer's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The channel.
    #[serde(default)]
    pub channel: Option<Channel>,
}

impl Example {
    /// The example as a draft to review.
    pub fn draft(&self) -> crate::Draft {
        crate::Draft {
            text: self.text.clone(),
            customer_message: self.customer.clone(),
            customer_name: self.name.clone(),
            channel: self.channel,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_read<T>(held: &Held<T>) -> bool {
        match held {
            Held::Read(_) => true,
            Held::Embedded { read, .. } => read.get().is_some(),
        }
    }

    #[test]
    fn embedded_examples_are_read_when_first_asked_for_and_equal_read_ones() {
        let json =
            r#"[{"text":"متاسفانه نمیشه","flagged":"نمیشه","channel":"sms"},{"text":"باشه"}]"#;
        let embedded = Examples::embedded(json);
        let clone = embedded.clone();
        assert!(!is_read(&embedded.0));
        assert_eq!(embedded.len(), 2);
        assert!(is_read(&embedded.0));
        assert_eq!(embedded[0].flagged.as_deref(), Some("نمیشه"));
        assert_eq!(embedded[0].channel, Some(Channel::Sms));
        // A clone made before the first read reads on its own.
        assert!(!is_read(&clone.0));
        let from_file: Examples = serde_json::from_str(json).unwrap();
        assert_eq!(clone, from_file);
        assert_eq!(
            serde_json::to_string(&embedded).unwrap(),
            serde_json::to_string(&from_file).unwrap()
        );
        assert_eq!(format!("{embedded:?}"), format!("{:?}", &from_file[..]));
        assert!(Examples::default().is_empty());
    }

    #[test]
    fn embedded_documentation_is_read_when_first_asked_for_and_equals_read_one() {
        let json = r#"{"what":{"fa":"«نه» در آغاز جمله","en":"A bare no"},"why":{"fa":"ردِ خشک","en":"Curt"}}"#;
        let embedded = RuleDoc::embedded(json);
        assert!(!is_read(&embedded.0));
        assert_eq!(embedded.what.en, "A bare no");
        assert!(is_read(&embedded.0));
        let from_file: RuleDoc = serde_json::from_str(json).unwrap();
        assert_eq!(embedded, from_file);
        assert_eq!(
            serde_json::to_string(&embedded).unwrap(),
            serde_json::to_string(&from_file).unwrap()
        );
        // A bundled rule's JSON holds `null` in its place, read as nothing until the
        // embedded text is put there.
        let placeholder: RuleDoc = serde_json::from_str("null").unwrap();
        assert_eq!(*placeholder, Doc::default());
    }

    #[test]
    fn bundled_phrases_read_as_phrases_read_from_a_file() {
        static LIST: [&str; 3] = ["متاسفانه", "امکان … نیست", "نمی‌توانیم"];
        static PARTS: [&[u32]; 3] = [&[0], &[1, 2], &[3]];
        static TABLE: [&str; 4] = ["متاسفانه", "امکان", "نیست", "نمیتوانیم"];
        let bundled = Phrases::bundled(&LIST, &PARTS, &TABLE);
        let from_file: Phrases =
            serde_json::from_str(r#"["متاسفانه", "امکان … نیست", "نمی‌توانیم"]"#).unwrap();
        assert!(matches!(bundled.0, PhraseList::Bundled(..)));
        assert_eq!(bundled.normalized_parts(), Some((&PARTS[..], &TABLE[..])));
        assert_eq!(from_file.normalized_parts(), None);
        assert!(matches!(from_file.0, PhraseList::Read(_)));
        assert_eq!(bundled, from_file);
        assert_eq!(bundled.iter().collect::<Vec<_>>(), LIST);
        assert_eq!((bundled.len(), bundled.first()), (3, Some("متاسفانه")));
        assert_eq!(
            serde_json::to_string(&bundled).unwrap(),
            serde_json::to_string(&from_file).unwrap()
        );
        assert_eq!(format!("{bundled:?}"), format!("{LIST:?}"));
        assert_ne!(bundled, Phrases::from(vec!["متاسفانه".to_owned()]));
        assert!(Phrases::default().is_empty());
    }
}
