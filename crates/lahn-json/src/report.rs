//! The report object: the batch schema of `lahn batch` and `lahn review --format json`, and
//! the same object with what an interactive client needs besides (offsets in every unit, the
//! found text, the fix and the rule's explanation) for `lahn serve`.

use lahn::{Coach, Report};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use crate::Offsets;

/// The batch output object: `{"categories", "findings", "id", "score"}` (in that order, as
/// every JSON object lahn prints has its keys), each finding `{"rule", "category",
/// "severity", "start", "end", "message", "suggestion"?}` with `start` / `end` in bytes of
/// the draft. The id is the input's, exactly as written (a number beyond 2⁶⁴ too), `null`
/// without one.
#[derive(Debug, Serialize)]
pub struct BatchOut<'a> {
    categories: Map<String, Value>,
    findings: Vec<Value>,
    id: Option<&'a RawValue>,
    score: u32,
}

/// The batch output object of a report.
pub fn batch_json<'a>(id: Option<&'a RawValue>, report: &Report) -> BatchOut<'a> {
    let findings = report
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
            o
        })
        .collect();
    BatchOut {
        categories: categories(report),
        findings,
        id,
        score: report.score,
    }
}

/// Each category's sub-score, by name.
fn categories(report: &Report) -> Map<String, Value> {
    report
        .categories
        .iter()
        .map(|(c, s)| (c.name().to_owned(), json!(s)))
        .collect()
}

/// The batch object of `report` on `text`, without an id, each finding also with `"offsets"` (bytes,
/// characters and UTF-16 units), `"found"` (the text it covers), `"fix"`
/// (`{"replacement", "safe"}`) when it has one, and `"explanation"` (`{"what", "why"}`, the
/// rule's documentation in the coach's language) — what a page or widget shows without
/// asking again.
pub fn detailed_json(text: &str, report: &Report, coach: &Coach) -> Value {
    let BatchOut {
        categories,
        mut findings,
        score,
        ..
    } = batch_json(None, report);
    for (o, f) in findings.iter_mut().zip(&report.findings) {
        o["offsets"] = json!(Offsets::of(text, f.span));
        o["found"] = json!(f.span.text(text));
        if let Some(fix) = &f.fix {
            o["fix"] = json!({"replacement": fix.replacement, "safe": fix.safe});
        }
        if let Some(rule) = coach.rules().get(&f.rule) {
            let doc = &rule.spec.doc;
            o["explanation"] =
                json!({"what": doc.what.get(coach.lang()), "why": doc.why.get(coach.lang())});
        }
    }
    json!({"categories": categories, "findings": findings, "score": score})
}

#[cfg(test)]
mod tests {
    use super::*;
    use lahn::{Channel, Draft, Lang};

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
