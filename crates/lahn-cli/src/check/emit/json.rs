//! `--format json`: one document with every finding's offsets in every unit, each macro's
//! score, the errors and the summary.

use std::io::{self, Write};

use lahn_json::Offsets;
use serde_json::json;

use super::super::{Checked, FileResult, Hit};
use super::Ctx;

/// One finding of the JSON output. Fields in alphabetical order, as the rest of the document
/// has them; a struct rather than a `json!` map because a library has tens of thousands.
#[derive(serde::Serialize)]
struct FindingOut<'a> {
    body_offsets: Offsets,
    category: &'static str,
    column: usize,
    end_column: usize,
    end_line: usize,
    fingerprint: String,
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

/// One macro of the JSON output, with its score and how many findings it has.
#[derive(serde::Serialize)]
struct MacroOut<'a> {
    findings: usize,
    id: &'a str,
    path: std::borrow::Cow<'a, str>,
    score: u32,
    title: Option<&'a str>,
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

fn finding_json<'a>(r: &'a FileResult, m: &'a Checked, h: &'a Hit) -> FindingOut<'a> {
    let f = &h.finding;
    FindingOut {
        body_offsets: h.body,
        category: f.category.name(),
        column: h.start.col,
        end_column: h.end.col,
        end_line: h.end.line,
        fingerprint: h.fingerprint(&m.macro_.id),
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

/// A JSON list, as `list` writes it, of the entries `entries` writes for each of `items` (any
/// number each, each after `,\n    `), rendered on `threads` threads: a library has tens of
/// thousands of macros and hundreds of thousands of findings.
fn list_in_parallel<T: Sync>(
    out: &mut dyn Write,
    items: &[T],
    threads: usize,
    entries: impl Fn(&mut Vec<u8>, &T) -> io::Result<()> + Sync,
) -> io::Result<()> {
    out.write_all(b"[")?;
    let mut first = true;
    super::render_in_parallel(items, threads, entries, |piece| {
        if piece.is_empty() {
            return Ok(());
        }
        // The list's first item has no comma before it.
        let piece = if first { &piece[1..] } else { piece };
        first = false;
        out.write_all(piece)
    })?;
    out.write_all(b"]")
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
    let macros: Vec<(&FileResult, &Checked)> = cx
        .results
        .iter()
        .flat_map(|r| r.macros.iter().map(move |m| (r, m)))
        .collect();
    write!(out, "{{\n  \"version\": 1,\n  \"findings\": ")?;
    list_in_parallel(out, &macros, cx.threads, |buf, (r, m)| {
        for h in &m.hits {
            buf.extend_from_slice(b",\n    ");
            serde_json::to_writer(&mut *buf, &finding_json(r, m, h))?;
        }
        Ok(())
    })?;
    write!(out, ",\n  \"macros\": ")?;
    list_in_parallel(out, &macros, cx.threads, |buf, (r, m)| {
        buf.extend_from_slice(b",\n    ");
        let macro_ = MacroOut {
            findings: m.hits.len(),
            id: &m.macro_.id,
            path: r.path.to_string_lossy(),
            score: m.score,
            title: m.macro_.title.as_deref(),
        };
        Ok(serde_json::to_writer(&mut *buf, &macro_)?)
    })?;
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
