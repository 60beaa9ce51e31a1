//! The output formats of `lahn check`: human, json, sarif and github.

use std::io::{self, Write};
use std::path::Path;

use lahn::{Coach, Lang, Severity};
use serde_json::{json, Value};

use super::{FileResult, Hit, Summary};
use crate::output::visible;

/// What every format needs.
pub struct Ctx<'a> {
    pub results: &'a [FileResult],
    pub summary: &'a Summary,
    pub coach: &'a Coach,
    pub lang: Lang,
    pub color: bool,
    pub root: &'a Path,
    pub cwd: &'a Path,
    pub max_annotations: usize,
}

fn sev_rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        _ => 2,
    }
}

/// The summary line: files, macros, findings by severity, mean score.
pub fn summary_line(s: &Summary, lang: Lang) -> String {
    let mut line = if lang == Lang::Fa {
        format!(
            "{} پرونده، {} پاسخ آماده: {} خطا، {} هشدار، {} نکته؛ میانگین امتیاز {:.1}",
            s.files, s.macros, s.errors, s.warnings, s.infos, s.mean_score
        )
    } else {
        format!(
            "{} files, {} macros: {} errors, {} warnings, {} infos; mean score {:.1}",
            s.files, s.macros, s.errors, s.warnings, s.infos, s.mean_score
        )
    };
    let mut extra = Vec::new();
    let fa = lang == Lang::Fa;
    if s.suppressed > 0 {
        extra.push(format!(
            "{} {}",
            s.suppressed,
            if fa {
                "خاموش‌شده"
            } else {
                "suppressed"
            }
        ));
    }
    if s.baselined > 0 {
        extra.push(format!(
            "{} {}",
            s.baselined,
            if fa {
                "در خط پایه"
            } else {
                "baselined"
            }
        ));
    }
    if s.fixed > 0 {
        extra.push(format!(
            "{} {}",
            s.fixed,
            if fa { "اصلاح‌شده" } else { "fixed" }
        ));
    }
    if s.file_errors > 0 {
        extra.push(format!(
            "{} {}",
            s.file_errors,
            if fa {
                "پرونده‌ی ناخوانا"
            } else {
                "unreadable files"
            }
        ));
    }
    if !extra.is_empty() {
        line.push_str(&format!(" ({})", extra.join(", ")));
    }
    line
}

fn paint(color: bool, code: &str, s: &str) -> String {
    if color && !s.is_empty() {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
}

/// rustc-style: the finding, its location, the source line with the span coloured and
/// underlined, then the found text and the fix quoted on lines of their own with invisible
/// characters shown (carets under right-to-left text sit under the wrong word once a viewer
/// reorders the line).
pub fn human(out: &mut impl Write, cx: &Ctx<'_>) -> io::Result<()> {
    let fa = cx.lang == Lang::Fa;
    let c = cx.color;
    for r in cx.results {
        if let Some(e) = &r.error {
            writeln!(out, "{}: {e}\n", paint(c, "1;31", "error"))?;
        }
        if let Some(n) = &r.note {
            writeln!(out, "{}: {n}\n", paint(c, "1;36", "note"))?;
        }
        if r.macros.iter().all(|m| m.hits.is_empty()) {
            continue;
        }
        let index = lahn::span::LineIndex::new(&r.text);
        for m in &r.macros {
            for h in &m.hits {
                let f = &h.finding;
                let (code, sev) = match f.severity {
                    Severity::Error => ("1;31", "error"),
                    Severity::Warning => ("1;33", "warning"),
                    _ => ("1;36", "info"),
                };
                writeln!(
                    out,
                    "{}{} {}",
                    paint(c, code, &format!("{sev}[{}]", f.rule)),
                    paint(c, "1", ":"),
                    f.message
                )?;
                let title = m.macro_.title.as_deref().unwrap_or(&m.macro_.id);
                let what = if fa { "پاسخ" } else { "macro" };
                writeln!(
                    out,
                    "  {} {}:{}:{} ({what} «{}»)",
                    paint(c, "1;34", "-->"),
                    r.path.display(),
                    h.start.line,
                    h.start.col,
                    visible(title)
                )?;
                snippet(out, cx, &index, h, code)?;
                let found = visible(&h.found);
                if !found.is_empty() {
                    writeln!(
                        out,
                        "   {} {} «{}»",
                        paint(c, "1;34", "="),
                        if fa { "متن:" } else { "found:" },
                        paint(c, "4;1", &found)
                    )?;
                }
                if let Some(fix) = &f.fix {
                    let tag = match (fix.safe, fa) {
                        (true, true) => " (امن)",
                        (true, false) => " (safe)",
                        _ => "",
                    };
                    writeln!(
                        out,
                        "   {} {} «{}»{tag}",
                        paint(c, "1;34", "="),
                        if fa { "اصلاح:" } else { "fix:" },
                        paint(c, "32", &visible(&fix.replacement))
                    )?;
                }
                if let Some(s) = &f.suggestion {
                    writeln!(
                        out,
                        "   {} {} {s}",
                        paint(c, "1;34", "="),
                        if fa { "پیشنهاد:" } else { "help:" }
                    )?;
                }
                writeln!(out)?;
            }
        }
    }
    writeln!(out, "{}", summary_line(cx.summary, cx.lang))
}

/// The source line of a finding, cut to a window around it on long lines, with the span
/// coloured and carets under it.
fn snippet(
    out: &mut impl Write,
    cx: &Ctx<'_>,
    index: &lahn::span::LineIndex<'_>,
    h: &Hit,
    code: &str,
) -> io::Result<()> {
    const WINDOW: usize = 40;
    // Work on bytes around the span: an export's line can be megabytes long.
    let line = index.line(h.start.line - 1);
    let base = index.line_start(h.start.line - 1);
    let s = (h.start.byte - base).min(line.len());
    let e = if h.end.line == h.start.line {
        (h.end.byte - base).clamp(s, line.len())
    } else {
        line.len()
    };
    let clean = |t: &str| t.replace('\t', " ");
    let before: Vec<(usize, char)> = line[..s].char_indices().rev().take(WINDOW + 1).collect();
    let from = if before.len() > WINDOW {
        before[WINDOW - 1].0
    } else {
        0
    };
    let to = line[e..]
        .char_indices()
        .nth(WINDOW)
        .map_or(line.len(), |(i, _)| e + i);
    let pre = format!(
        "{}{}",
        if from > 0 { "…" } else { "" },
        clean(&line[from..s])
    );
    let mid = clean(&line[s..e]);
    let post = format!(
        "{}{}",
        clean(&line[e..to]),
        if to < line.len() { "…" } else { "" }
    );
    let width = mid.chars().count();
    let num = h.start.line.to_string();
    let pad = " ".repeat(num.len());
    let bar = paint(cx.color, "1;34", "|");
    writeln!(out, "{pad} {bar}")?;
    writeln!(
        out,
        "{} {bar} {pre}{}{post}",
        paint(cx.color, "1;34", &num),
        paint(cx.color, &format!("{code};4"), &mid)
    )?;
    let carets = "^".repeat(width.max(1));
    writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(pre.chars().count()),
        paint(cx.color, code, &carets)
    )
}

/// One finding of the JSON output. Fields in alphabetical order, as the rest of the document
/// has them; a struct rather than a `json!` map because a library has tens of thousands.
#[derive(serde::Serialize)]
struct FindingOut<'a> {
    body_offsets: Offsets,
    category: &'static str,
    column: usize,
    end_column: usize,
    end_line: usize,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
    found: &'a str,
    line: usize,
    #[serde(rename = "macro")]
    macro_: MacroRef<'a>,
    message: &'a str,
    offsets: Offsets,
    path: std::borrow::Cow<'a, str>,
    rule: &'a str,
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct Offsets {
    byte: [usize; 2],
    char: [usize; 2],
    utf16: [usize; 2],
}

#[derive(serde::Serialize)]
struct MacroRef<'a> {
    id: &'a str,
    title: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct FixOut<'a> {
    replacement: &'a str,
    safe: bool,
}

/// Characters and UTF-16 units of `text[from..to]` (clamped to boundaries).
fn counts(text: &str, from: usize, to: usize) -> (usize, usize) {
    let (from, to) = (
        lahn::span::floor_boundary(text, from),
        lahn::span::floor_boundary(text, to),
    );
    lahn::span::chars_and_units(text.get(from..to).unwrap_or_default())
}

fn finding_json<'a>(r: &'a FileResult, m: &'a super::Checked, h: &'a Hit) -> FindingOut<'a> {
    let f = &h.finding;
    let body = &m.macro_.body;
    // Character and UTF-16 offsets of both ends, counted in one pass over the body's start.
    let (c0, u0) = counts(body, 0, f.span.start);
    let (dc, du) = counts(body, f.span.start, f.span.end);
    FindingOut {
        body_offsets: Offsets {
            byte: [f.span.start, f.span.end],
            char: [c0, c0 + dc],
            utf16: [u0, u0 + du],
        },
        category: f.category.name(),
        column: h.start.col,
        end_column: h.end.col,
        end_line: h.end.line,
        fingerprint: &h.fingerprint,
        fix: f.fix.as_ref().map(|x| FixOut {
            replacement: &x.replacement,
            safe: x.safe,
        }),
        found: &h.found,
        line: h.start.line,
        macro_: MacroRef {
            id: &m.macro_.id,
            title: m.macro_.title.as_deref(),
        },
        message: &f.message,
        offsets: Offsets {
            byte: [h.start.byte, h.end.byte],
            char: [h.start.char, h.end.char],
            utf16: [h.start.utf16, h.end.utf16],
        },
        path: r.path.to_string_lossy(),
        rule: &f.rule,
        severity: f.severity.name(),
        suggestion: f.suggestion.as_deref(),
    }
}

/// One JSON document: every finding (with byte, char and UTF-16 offsets in the file and in
/// the macro's body, 1-based line and character column), each macro's score, errors and the
/// summary.
pub fn json(out: &mut impl Write, cx: &Ctx<'_>) -> io::Result<()> {
    // Written piece by piece: a large library has hundreds of thousands of findings. Each
    // is serialised into a buffer in memory, which is cheaper than many small writes, and
    // the buffer goes out whenever it has grown.
    fn list<T: serde::Serialize>(
        out: &mut dyn Write,
        items: impl Iterator<Item = T>,
    ) -> io::Result<()> {
        const FLUSH_AT: usize = 1 << 16;
        let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_AT + 4096);
        buf.push(b'[');
        for (i, v) in items.enumerate() {
            buf.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
            serde_json::to_writer(&mut buf, &v)?;
            if buf.len() >= FLUSH_AT {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        buf.push(b']');
        out.write_all(&buf)
    }
    write!(out, "{{\n  \"version\": 1,\n  \"findings\": ")?;
    list(
        out,
        cx.results.iter().flat_map(|r| {
            r.macros
                .iter()
                .flat_map(move |m| m.hits.iter().map(move |h| finding_json(r, m, h)))
        }),
    )?;
    write!(out, ",\n  \"macros\": ")?;
    list(
        out,
        cx.results.iter().flat_map(|r| {
            r.macros.iter().map(move |m| {
                json!({
                    "path": r.path.to_string_lossy(),
                    "id": m.macro_.id,
                    "title": m.macro_.title,
                    "score": m.score,
                    "findings": m.hits.len(),
                })
            })
        }),
    )?;
    write!(out, ",\n  \"errors\": ")?;
    list(
        out,
        cx.results.iter().filter_map(|r| {
            r.error
                .as_ref()
                .map(|e| json!({"path": r.path.to_string_lossy(), "message": e}))
        }),
    )?;
    let s = cx.summary;
    let summary = json!({
        "files": s.files, "macros": s.macros, "errors": s.errors, "warnings": s.warnings,
        "infos": s.infos, "suppressed": s.suppressed, "baselined": s.baselined,
        "fixed": s.fixed, "mean_score": (s.mean_score * 10.0).round() / 10.0,
    });
    write!(out, ",\n  \"summary\": ")?;
    serde_json::to_writer(&mut *out, &summary)?;
    writeln!(out, "\n}}")
}

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
    let results = cx.results.iter().flat_map(|r| {
        r.macros
            .iter()
            .flat_map(move |m| m.hits.iter().map(move |h| (r, m, h)))
    });
    let result_json = |(r, m, h): (&FileResult, &super::Checked, &Hit)| {
        let abs = cx.cwd.join(&r.path);
        let rel = abs.strip_prefix(cx.root).unwrap_or(&r.path);
        {
            {
                let f = &h.finding;
                let mut text = f.message.clone();
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
                    "partialFingerprints": {"lahnFinding/v1": h.fingerprint},
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

/// Escapes a workflow command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property: also `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow commands (`::error file=…,line=…::message`), most severe first. GitHub
/// shows only so many annotations of each type per step: past `max_annotations` per type the
/// rest are counted in a closing notice and listed as plain log lines.
pub fn github(out: &mut impl Write, cx: &Ctx<'_>) -> io::Result<()> {
    let mut all: Vec<(&FileResult, &super::Checked, &Hit)> = cx
        .results
        .iter()
        .flat_map(|r| {
            r.macros
                .iter()
                .flat_map(move |m| m.hits.iter().map(move |h| (r, m, h)))
        })
        .collect();
    all.sort_by_key(|(r, _, h)| (sev_rank(h.finding.severity), r.path.clone(), h.start.byte));
    for r in cx.results {
        if let Some(e) = &r.error {
            writeln!(
                out,
                "::error file={}::{}",
                escape_property(&r.path.to_string_lossy()),
                escape_data(e)
            )?;
        }
    }
    let mut shown = [0usize; 3];
    let mut left = Vec::new();
    for (r, m, h) in all {
        let f = &h.finding;
        let k = sev_rank(f.severity) as usize;
        let cmd = ["error", "warning", "notice"][k];
        let path = r.path.to_string_lossy();
        let title = format!(
            "lahn {} ({})",
            f.rule,
            m.macro_.title.as_deref().unwrap_or(&m.macro_.id)
        );
        let mut msg = f.message.clone();
        if !h.found.is_empty() {
            msg.push_str(&format!("\n«{}»", visible(&h.found)));
        }
        if let Some(x) = &f.fix {
            msg.push_str(&format!(" → «{}»", visible(&x.replacement)));
        }
        if let Some(s) = &f.suggestion {
            msg.push('\n');
            msg.push_str(s);
        }
        if shown[k] >= cx.max_annotations {
            left.push(format!(
                "{path}:{}:{}: {cmd} [{}] {}",
                h.start.line,
                h.start.col,
                f.rule,
                f.message.replace('\n', " ")
            ));
            continue;
        }
        shown[k] += 1;
        writeln!(
            out,
            "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&path),
            h.start.line,
            h.start.col,
            h.end.line,
            h.end.col,
            escape_property(&title),
            escape_data(&msg)
        )?;
    }
    if !left.is_empty() {
        writeln!(
            out,
            "::notice title=lahn::{}",
            escape_data(&format!(
                "{} more findings were not annotated (GitHub shows {} per type per step); they are listed in the log below, and all are in the SARIF output.",
                left.len(),
                cx.max_annotations
            ))
        )?;
        for l in left {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}
