//! The report object: the batch schema of `lahn batch` and `lahn review --format json`, and
//! the same object with what an interactive client needs besides (offsets in every unit, the
//! found text, the fix and the rule's explanation) for `lahn serve`.
//!
//! The objects are serialised straight from the report: the structs here borrow from it, so
//! writing a report allocates nothing per finding. Their fields are in alphabetical order,
//! as every JSON object lahn prints has its keys.

use std::sync::LazyLock;

use lahn::{Category, Coach, Finding, Report};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::Offsets;

/// The batch output object: `{"categories", "findings", "id", "score"}`, each finding
/// `{"category", "end", "message", "rule", "severity", "start", "suggestion"?}` with `start` /
/// `end` in bytes of the draft. The id is the input's, exactly as written (a number beyond
/// 2⁶⁴ too), `null` without one.
#[derive(Debug, Serialize)]
pub struct BatchOut<'a> {
    categories: Categories<'a>,
    findings: Findings<'a>,
    id: Option<&'a RawValue>,
    score: u32,
}

/// The batch output object of a report.
pub fn batch_json<'a>(id: Option<&'a RawValue>, report: &'a Report) -> BatchOut<'a> {
    BatchOut {
        categories: Categories(report),
        findings: Findings {
            report,
            detail: None,
        },
        id,
        score: report.score,
    }
}

/// Writes the batch output object of a report (the bytes `serde_json` writes for
/// [`batch_json`]) into `buf`: the JSON Lines pipeline writes one per input line, and most
/// of its bytes are messages and suggestions, copied here in runs rather than checked one
/// byte at a time.
pub fn write_batch(buf: &mut Vec<u8>, id: Option<&RawValue>, report: &Report) {
    buf.extend_from_slice(b"{\"categories\":{");
    for (i, (name, score)) in by_name(report).enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        write_str(buf, name);
        buf.push(b':');
        write_number(buf, score as usize);
    }
    buf.extend_from_slice(b"},\"findings\":[");
    for (i, f) in report.findings.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"category\":");
        write_str(buf, f.category.name());
        buf.extend_from_slice(b",\"end\":");
        write_number(buf, f.span.end);
        buf.extend_from_slice(b",\"message\":");
        write_str(buf, &f.message);
        buf.extend_from_slice(b",\"rule\":");
        write_str(buf, &f.rule);
        buf.extend_from_slice(b",\"severity\":");
        write_str(buf, f.severity.name());
        buf.extend_from_slice(b",\"start\":");
        write_number(buf, f.span.start);
        if let Some(s) = &f.suggestion {
            buf.extend_from_slice(b",\"suggestion\":");
            write_str(buf, s);
        }
        buf.push(b'}');
    }
    buf.extend_from_slice(b"],\"id\":");
    match id {
        Some(raw) => buf.extend_from_slice(raw.get().as_bytes()),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"score\":");
    write_number(buf, report.score as usize);
    buf.push(b'}');
}

/// Writes `n` in decimal.
pub fn write_number(buf: &mut Vec<u8>, n: usize) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Writes `s` as a JSON string, escaped as `serde_json` escapes it: the quote, the backslash and the
/// control characters below U+0020, the common ones in their short form.
pub fn write_str(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    write_escaped(buf, s);
    buf.push(b'"');
}

/// The inside of [`write_str`]: `s` escaped, without the quotes (so that a string can be
/// written in pieces).
pub fn write_escaped(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    // Most strings have nothing to escape (Persian text never has): they are copied whole.
    if !any_escaped(bytes) {
        buf.extend_from_slice(bytes);
        return;
    }
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        // Sixteen bytes at a time while none needs escaping.
        if let Some(run) = bytes.get(i..i + 16) {
            if !run_escaped(run.try_into().expect("sixteen bytes")) {
                i += 16;
                continue;
            }
        }
        let b = bytes[i];
        if escaped(b) {
            buf.extend_from_slice(&bytes[copied..i]);
            match b {
                b'"' => buf.extend_from_slice(b"\\\""),
                b'\\' => buf.extend_from_slice(b"\\\\"),
                b'\n' => buf.extend_from_slice(b"\\n"),
                b'\r' => buf.extend_from_slice(b"\\r"),
                b'\t' => buf.extend_from_slice(b"\\t"),
                0x08 => buf.extend_from_slice(b"\\b"),
                0x0C => buf.extend_from_slice(b"\\f"),
                _ => buf.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xF)],
                ]),
            }
            copied = i + 1;
        }
        i += 1;
    }
    buf.extend_from_slice(&bytes[copied..]);
}

/// Whether byte `b` is written escaped.
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any byte of `bytes` is written escaped, read sixteen at a time: a shorter string
/// padded to sixteen, a longer one's last sixteen overlapping the run before.
fn any_escaped(bytes: &[u8]) -> bool {
    let Some(last) = bytes.len().checked_sub(16) else {
        let mut run = [b' '; 16];
        run[..bytes.len()].copy_from_slice(bytes);
        return run_escaped(&run);
    };
    let mut runs = bytes.chunks_exact(16);
    runs.any(|run| run_escaped(run.try_into().expect("sixteen bytes")))
        || run_escaped(bytes[last..].try_into().expect("sixteen bytes"))
}

/// Whether any of sixteen bytes is written escaped, read in one go (in vector registers).
#[inline]
fn run_escaped(run: &[u8; 16]) -> bool {
    run.iter().fold(false, |any, &b| any | escaped(b))
}

/// The batch object of `report` on `text`, without an id, each finding also with `"offsets"`
/// (bytes, characters and UTF-16 units), `"found"` (the text it covers), `"fix"`
/// (`{"replacement", "safe"}`) when it has one, and `"explanation"` (`{"what", "why"}`, the
/// rule's documentation in the coach's language) — what a page or widget shows without
/// asking again.
#[derive(Debug, Serialize)]
pub struct DetailedOut<'a> {
    categories: Categories<'a>,
    findings: Findings<'a>,
    score: u32,
}

/// The detailed object of `report` on `text` (see [`DetailedOut`]).
pub fn detailed<'a>(text: &'a str, report: &'a Report, coach: &'a Coach) -> DetailedOut<'a> {
    DetailedOut {
        categories: Categories(report),
        findings: Findings {
            report,
            detail: Some((text, coach)),
        },
        score: report.score,
    }
}

/// [`detailed`] as a JSON value.
pub fn detailed_json(text: &str, report: &Report, coach: &Coach) -> Value {
    serde_json::to_value(detailed(text, report, coach)).expect("a report serialises")
}

/// Each category's sub-score, by name, the names in alphabetical order.
#[derive(Debug)]
struct Categories<'a>(&'a Report);

/// Every category, its name in alphabetical order: sorted once, not for each report.
static ALPHABETICAL: LazyLock<[Category; Category::ALL.len()]> = LazyLock::new(|| {
    let mut all = Category::ALL;
    all.sort_unstable_by_key(|c| c.name());
    all
});

/// The categories `report` scores and their sub-scores, in the alphabetical order of their
/// names.
fn by_name(report: &Report) -> impl Iterator<Item = (&'static str, u32)> + '_ {
    ALPHABETICAL
        .iter()
        .filter_map(|c| report.categories.get(c).map(|&score| (c.name(), score)))
}

impl Serialize for Categories<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.categories.len()))?;
        for (name, score) in by_name(self.0) {
            map.serialize_entry(name, &score)?;
        }
        map.end()
    }
}

/// A report's findings, with the detail a client needs when `detail` gives the text and
/// the coach.
#[derive(Debug)]
struct Findings<'a> {
    report: &'a Report,
    detail: Option<(&'a str, &'a Coach)>,
}

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.report.findings.len()))?;
        for f in &self.report.findings {
            seq.serialize_element(&FindingOut::new(f, self.detail))?;
        }
        seq.end()
    }
}

/// One finding; the detailed fields are absent from the batch object.
#[derive(Debug, Serialize)]
struct FindingOut<'a> {
    category: &'static str,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<Explanation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<&'a str>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    offsets: Option<Offsets>,
    rule: &'a str,
    severity: &'static str,
    start: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct Explanation<'a> {
    what: &'a str,
    why: &'a str,
}

#[derive(Debug, Serialize)]
struct FixOut<'a> {
    replacement: &'a str,
    safe: bool,
}

impl<'a> FindingOut<'a> {
    fn new(f: &'a Finding, detail: Option<(&'a str, &'a Coach)>) -> FindingOut<'a> {
        let mut out = FindingOut {
            category: f.category.name(),
            end: f.span.end,
            explanation: None,
            fix: None,
            found: None,
            message: &f.message,
            offsets: None,
            rule: &f.rule,
            severity: f.severity.name(),
            start: f.span.start,
            suggestion: f.suggestion.as_deref(),
        };
        if let Some((text, coach)) = detail {
            out.offsets = Some(Offsets::of(text, f.span));
            out.found = Some(f.span.text(text));
            out.fix = f.fix.as_ref().map(|fix| FixOut {
                replacement: &fix.replacement,
                safe: fix.safe,
            });
            out.explanation = coach.rules().get(&f.rule).map(|rule| {
                let doc = &rule.spec.doc;
                Explanation {
                    what: doc.what.get(coach.lang()),
                    why: doc.why.get(coach.lang()),
                }
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lahn::{Channel, Draft, Lang};
    use serde_json::json;

    /// The report as a JSON tree, built the way the objects were built before they were
    /// serialised from the report: the reference their bytes must keep matching.
    fn tree(report: &Report, detail: Option<(&str, &Coach)>, id: Option<&RawValue>) -> Value {
        let findings: Vec<Value> = report
            .findings
            .iter()
            .map(|f| {
                let mut o = json!({
                    "rule": &*f.rule,
                    "category": f.category.name(),
                    "severity": f.severity.name(),
                    "start": f.span.start,
                    "end": f.span.end,
                    "message": f.message,
                });
                if let Some(s) = &f.suggestion {
                    o["suggestion"] = json!(s);
                }
                if let Some((text, coach)) = detail {
                    o["offsets"] = json!(Offsets::of(text, f.span));
                    o["found"] = json!(f.span.text(text));
                    if let Some(fix) = &f.fix {
                        o["fix"] = json!({"replacement": fix.replacement, "safe": fix.safe});
                    }
                    if let Some(rule) = coach.rules().get(&f.rule) {
                        let doc = &rule.spec.doc;
                        o["explanation"] = json!({
                            "what": doc.what.get(coach.lang()),
                            "why": doc.why.get(coach.lang()),
                        });
                    }
                }
                o
            })
            .collect();
        let categories: serde_json::Map<String, Value> = report
            .categories
            .iter()
            .map(|(c, s)| (c.name().to_owned(), json!(s)))
            .collect();
        let mut v = json!({"categories": categories, "findings": findings, "score": report.score});
        if detail.is_none() {
            v["id"] = serde_json::to_value(id).unwrap();
        }
        v
    }

    fn written(id: Option<&RawValue>, report: &Report) -> String {
        let mut buf = Vec::new();
        write_batch(&mut buf, id, report);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0u8..=0x7F).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "سلام «علی»\u{200C}جان 😀",
                "a \"quoted\" \\ back\\slash\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}\u{85}\u{2028}",
                "این یک متن بلند فارسی است که شانزده بایت را چند بار پر می‌کند\"؛ و بعد\n",
            ]
            .map(str::to_owned),
        );
        // Escapes at every position within and across runs of sixteen bytes.
        for n in 0..40 {
            texts.push(format!("{}\"{}\u{1}", "x".repeat(n), "ی".repeat(n)));
        }
        // Every ASCII byte at every place of a run of sixteen bytes, among Persian letters
        // (bytes above 0x80) and spaces.
        for b in 0u8..=0x7F {
            for at in 0..33 {
                let filler = ["ی ", "a", "س"][at % 3];
                let t = format!("{}{}{}", filler.repeat(at), char::from(b), "ب".repeat(9));
                texts.push(t);
            }
        }
        for t in texts {
            let mut buf = Vec::new();
            write_str(&mut buf, &t);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(&t).unwrap()
            );
        }
    }

    #[test]
    fn objects_keep_the_bytes_of_the_json_tree() {
        // Written as is either way; an id that JSON reads back the same keeps the tree's bytes.
        let id = RawValue::from_string("42".to_owned()).unwrap();
        let (mut suggested, mut fixed) = (0, 0);
        for lang in [Lang::Fa, Lang::En] {
            let coach = Coach::builder().lang(lang).build().unwrap();
            for (text, channel) in [
                ("", None),
                (
                    "سلام علی جان، سفارشت فردا می‌رسد. اگر سوالی داشتی در خدمتم.",
                    None,
                ),
                (
                    "سلام، متاسفانه نمیتونیم كمک کنیم!!! \"تماس شما برای ما مهم است\"",
                    Some(Channel::Chat),
                ),
                (
                    "مشتري گرامی، خیر. فاکتور رسمي صادر نمیکنیم 😂\n\tبا تشکر",
                    Some(Channel::Email),
                ),
                ("Hello\u{1}\u{200F} ســـلام ۱۲3 … ((", Some(Channel::Sms)),
            ] {
                let mut draft = Draft::new(text);
                draft.channel = channel;
                let report = coach.review(&draft);
                let detail = Some((text, &coach));
                for (ours, reference) in [
                    (
                        serde_json::to_string(&batch_json(Some(&id), &report)).unwrap(),
                        tree(&report, None, Some(&id)).to_string(),
                    ),
                    (
                        serde_json::to_string(&batch_json(None, &report)).unwrap(),
                        tree(&report, None, None).to_string(),
                    ),
                    (
                        written(Some(&id), &report),
                        tree(&report, None, Some(&id)).to_string(),
                    ),
                    (
                        written(None, &report),
                        tree(&report, None, None).to_string(),
                    ),
                    (
                        serde_json::to_string_pretty(&batch_json(None, &report)).unwrap(),
                        serde_json::to_string_pretty(&tree(&report, None, None)).unwrap(),
                    ),
                    (
                        serde_json::to_string(&detailed(text, &report, &coach)).unwrap(),
                        tree(&report, detail, None).to_string(),
                    ),
                ] {
                    assert_eq!(ours, reference, "{text:?}");
                }
                suggested += report
                    .findings
                    .iter()
                    .filter(|f| f.suggestion.is_some())
                    .count();
                fixed += report.findings.iter().filter(|f| f.fix.is_some()).count();
            }
        }
        // Both optional members were written somewhere.
        assert!(suggested > 0 && fixed > 0, "{suggested} {fixed}");
    }

    #[test]
    fn detailed_findings_carry_offsets_fix_and_explanation() {
        let coach = Coach::builder().lang(Lang::En).build().unwrap();
        // An emoji and a ZWNJ before the finding shift every unit differently.
        let text = "سلام 🙂 علی‌جان، متاسفانه نمیتونیم كمک کنیم?";
        let draft = Draft::new(text).channel(Channel::Chat);
        let report = coach.review(&draft);
        let v = detailed_json(text, &report, &coach);
        assert!(v.get("id").is_none());
        assert_eq!(v["score"], json!(report.score));
        let findings = v["findings"].as_array().unwrap();
        let arabic = findings
            .iter()
            .find(|f| f["rule"] == "orthography-arabic-letters")
            .expect("the Arabic kaf is flagged");
        assert_eq!(arabic["found"], "كمک");
        let [b0, b1] = [&arabic["offsets"]["byte"][0], &arabic["offsets"]["byte"][1]]
            .map(|x| x.as_u64().unwrap() as usize);
        assert_eq!(&text[b0..b1], "كمک");
        let before: String = text[..b0].to_owned();
        assert_eq!(
            arabic["offsets"]["utf16"][0],
            json!(before.encode_utf16().count())
        );
        assert_eq!(arabic["offsets"]["char"][0], json!(before.chars().count()));
        assert_eq!(arabic["fix"], json!({"replacement": "کمک", "safe": true}));
        assert!(arabic["explanation"]["why"].as_str().unwrap().is_ascii());
        let inability = findings
            .iter()
            .find(|f| f["rule"] == "negativity-inability")
            .unwrap();
        assert_eq!(inability["found"], "نمیتونیم");
        assert!(!inability["explanation"]["what"]
            .as_str()
            .unwrap()
            .is_empty());
    }
}
