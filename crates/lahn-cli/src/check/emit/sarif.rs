//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning.

use std::io::{self, Write};
use std::path::Path;

use lahn::Severity;
use serde_json::{json, Value};

use super::super::{Checked, FileResult, Hit};
use super::Ctx;
use crate::output::visible;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "note",
    }
}

/// A path as a relative URI: `/`-separated, with reserved and non-ASCII bytes
/// percent-encoded.
fn uri(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// SARIF 2.1.0 as GitHub code scanning reads it: the rules with descriptions and help,
/// results with `ruleId`, `level`, `message.text`, a location relative to the repository
/// root (`%SRCROOT%`), the full region in UTF-16 columns, and `partialFingerprints`.
pub fn sarif(out: &mut impl Write, cx: &Ctx<'_>) -> io::Result<()> {
    let l = cx.lang;
    let mut rules: Vec<&lahn::rule::Rule> = cx.coach.rules().iter().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    let rule_index = |id: &str| rules.iter().position(|r| &*r.id == id);
    let rules_json: Vec<Value> = rules
        .iter()
        .map(|r| {
            let s = &r.spec;
            let help = s.explain(l);
            let mut o = json!({
                "id": &*r.id,
                "name": s.id.split('-').map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
                }).collect::<String>(),
                "shortDescription": {"text": s.summary(l)},
                "fullDescription": {"text": s.doc.what.get(l)},
                "help": {"text": &help, "markdown": &help},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"category": s.category.name(), "tags": [s.category.name(), "persian", "customer-support"]},
            });
            if let Some(u) = &s.url {
                o["helpUri"] = json!(u);
            }
            o
        })
        .collect();
    // Results are written one at a time, each pretty-printed and indented to its place in the
    // document: a library with tens of thousands of findings must not be held as one tree.
    let results = cx.hits();
    let result_json = |(r, m, h): (&FileResult, &Checked, &Hit)| {
        let abs = cx.cwd.join(&r.path);
        let rel = abs.strip_prefix(cx.root).unwrap_or(&r.path);
        {
            {
                let f = &h.finding;
                let mut text = f.message.to_string();
                if !h.found.is_empty() {
                    text.push_str(&format!(" «{}»", visible(&h.found)));
                }
                if let Some(s) = &f.suggestion {
                    text.push(' ');
                    text.push_str(s);
                }
                let mut res = json!({
                    "ruleId": &*f.rule,
                    "level": level(f.severity),
                    "message": {"text": text},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(rel), "uriBaseId": "%SRCROOT%"},
                            "region": {
                                "startLine": h.start.line,
                                "startColumn": h.start.col16,
                                "endLine": h.end.line,
                                "endColumn": h.end.col16,
                                "charOffset": h.start.utf16,
                                "charLength": h.end.utf16 - h.start.utf16,
                                "byteOffset": h.start.byte,
                                "byteLength": h.end.byte - h.start.byte,
                                "snippet": {"text": h.found},
                            }
                        },
                        "logicalLocations": [{
                            "name": m.macro_.title.clone().unwrap_or_else(|| m.macro_.id.clone()),
                            "fullyQualifiedName": m.macro_.id,
                            "kind": "object",
                        }],
                    }],
                    "partialFingerprints": {"lahnFinding/v1": h.fingerprint(&m.macro_.id)},
                    "properties": {"category": f.category.name(), "score": m.score},
                });
                if let Some(i) = rule_index(&f.rule) {
                    res["ruleIndex"] = json!(i);
                }
                res
            }
        }
    };
    let root_uri = {
        let mut u = uri(cx.root);
        if !u.starts_with('/') {
            u.insert(0, '/');
        }
        if !u.ends_with('/') {
            u.push('/');
        }
        format!("file://{u}")
    };
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lahn",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/lahn",
                "rules": rules_json,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "columnKind": "utf16CodeUnits",
            "results": RESULTS_MARK,
        }],
    });
    let skeleton = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    let (head, tail) = skeleton
        .split_once(&format!("\"{RESULTS_MARK}\""))
        .ok_or_else(|| io::Error::other("the SARIF skeleton lost its results mark"))?;
    out.write_all(head.as_bytes())?;
    let mut any = false;
    for res in results.map(result_json) {
        out.write_all(if any { b",\n" } else { b"[\n" })?;
        any = true;
        // Pretty JSON has no raw line breaks inside strings, so indenting line by line is safe.
        let text = serde_json::to_string_pretty(&res).map_err(io::Error::other)?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(RESULT_INDENT.as_bytes())?;
            out.write_all(line.as_bytes())?;
        }
    }
    out.write_all(if any { "\n      ]" } else { "[]" }.as_bytes())?;
    out.write_all(tail.as_bytes())?;
    writeln!(out)
}

/// Stands for the results array in the SARIF skeleton.
const RESULTS_MARK: &str = "lahn:results-go-here";
/// Where a result sits in the pretty-printed document: `runs[0].results[i]`.
const RESULT_INDENT: &str = "        ";
