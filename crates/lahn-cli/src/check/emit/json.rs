//! `--format json`: one document with every finding's offsets in every unit, each macro's
//! score, the errors and the summary.

use std::io::{self, Write};

use lahn_json::report::{write_number, write_str};
use lahn_json::Offsets;
use serde_json::json;

use super::super::{Checked, FileResult, Hit};
use super::Ctx;

/// One macro of the JSON output, with its score and how many findings it has.
#[derive(serde::Serialize)]
struct MacroOut<'a> {
    findings: usize,
    id: &'a str,
    path: std::borrow::Cow<'a, str>,
    score: u32,
    title: Option<&'a str>,
}

/// What every finding of one macro writes alike, written once: the macro (`{"id", "title"}`)
/// and the file's path.
struct Shared {
    macro_: Vec<u8>,
    path: Vec<u8>,
}

impl Shared {
    fn of(r: &FileResult, m: &Checked) -> Shared {
        let mut macro_ = b"{\"id\":".to_vec();
        write_str(&mut macro_, &m.macro_.id);
        macro_.extend_from_slice(b",\"title\":");
        match &m.macro_.title {
            Some(t) => write_str(&mut macro_, t),
            None => macro_.extend_from_slice(b"null"),
        }
        macro_.push(b'}');
        let mut path = Vec::new();
        write_str(&mut path, &r.path.to_string_lossy());
        Shared { macro_, path }
    }
}

/// Writes one finding of the JSON output: its offsets in every unit, in the file and in the
/// macro's body, its line and column, fingerprint, fix, macro, message and suggestion. The
/// fields are in alphabetical order, as the rest of the document has them. Written by hand
/// rather than through `serde_json`, whose escaping reads strings a byte at a time: a
/// library has hundreds of thousands of findings, and most of their bytes are messages.
fn write_finding(buf: &mut Vec<u8>, shared: &Shared, m: &Checked, h: &Hit) {
    let f = &h.finding;
    let field = |buf: &mut Vec<u8>, name: &str| {
        buf.extend_from_slice(b",\"");
        buf.extend_from_slice(name.as_bytes());
        buf.extend_from_slice(b"\":");
    };
    buf.extend_from_slice(b"{\"body_offsets\":");
    h.body.write_json(buf);
    field(buf, "category");
    write_str(buf, f.category.name());
    field(buf, "column");
    write_number(buf, h.start.col);
    field(buf, "end_column");
    write_number(buf, h.end.col);
    field(buf, "end_line");
    write_number(buf, h.end.line);
    field(buf, "fingerprint");
    write_str(buf, &h.fingerprint(&m.macro_.id));
    if let Some(fix) = &f.fix {
        field(buf, "fix");
        buf.extend_from_slice(b"{\"replacement\":");
        write_str(buf, &fix.replacement);
        buf.extend_from_slice(if fix.safe {
            b",\"safe\":true}"
        } else {
            b",\"safe\":false}"
        });
    }
    field(buf, "found");
    write_str(buf, &h.found);
    field(buf, "line");
    write_number(buf, h.start.line);
    field(buf, "macro");
    buf.extend_from_slice(&shared.macro_);
    field(buf, "message");
    write_str(buf, &f.message);
    field(buf, "offsets");
    Offsets {
        byte: [h.start.byte, h.end.byte],
        char: [h.start.char, h.end.char],
        utf16: [h.start.utf16, h.end.utf16],
    }
    .write_json(buf);
    field(buf, "path");
    buf.extend_from_slice(&shared.path);
    field(buf, "rule");
    write_str(buf, &f.rule);
    field(buf, "severity");
    write_str(buf, f.severity.name());
    if let Some(s) = &f.suggestion {
        field(buf, "suggestion");
        write_str(buf, s);
    }
    buf.push(b'}');
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
        if m.hits.is_empty() {
            return Ok(());
        }
        let shared = Shared::of(r, m);
        for h in &m.hits {
            buf.extend_from_slice(b",\n    ");
            write_finding(buf, &shared, m, h);
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
