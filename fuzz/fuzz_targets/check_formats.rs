//! Each macro-library reader of `lahn check` on arbitrary bytes, the way `check_file` runs
//! them: the first byte picks the format (text/Markdown, JSON — a list or a Zendesk export —,
//! YAML, TOML, CSV, or an HTML body on its own), the rest is the file. Bytes that aren't UTF-8
//! or hold a NUL are rejected before any reader, as the binary does. Asserts: no panic; a parse
//! error points inside the file; every macro body offset, and every finding of its review, maps
//! to a byte range inside the file on char boundaries whose line and column exist.

#![no_main]

mod common;

use lahn::suppress;
use lahn_cli::check::{html, map, source};
use lahn::span::{LineIndex, Location};
use lahn::Draft;
use libfuzzer_sys::fuzz_target;
use map::Located;
use source::Kind;

/// At most this many body offsets are mapped per macro (every one for short bodies).
const SAMPLES: usize = 512;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    // As `check_file`: binary files are skipped and invalid UTF-8 is an error, before any
    // reader runs.
    if bytes.contains(&0) {
        return;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let index = LineIndex::new(text);
    let kind = match sel % 6 {
        0 => Kind::Text,
        1 => Kind::Json,
        2 => Kind::Yaml,
        3 => Kind::Toml,
        4 => Kind::Csv,
        _ => return html_body(text),
    };
    let macros = match source::read(kind, "fuzz", text) {
        Ok(Some(m)) => m,
        Ok(None) => return,
        Err(e) => {
            assert!(!e.message.is_empty(), "a parse error says what is wrong");
            assert!(
                e.at <= text.len(),
                "{kind:?}: parse error at {} past the end ({}): {}",
                e.at,
                text.len(),
                e.message
            );
            let p = index.location(e.at);
            check_pos(text, &index, p);
            return;
        }
    };
    let coach = &*common::COACH_FA;
    for m in &macros {
        assert!(!m.id.is_empty(), "{kind:?}: a macro has an id");
        // Every char boundary of the body (sampled on long bodies) lands inside the file.
        let bounds: Vec<usize> = (0..=m.body.len())
            .filter(|&b| m.body.is_char_boundary(b))
            .collect();
        let step = (bounds.len() / SAMPLES).max(1);
        for w in bounds.iter().step_by(step).collect::<Vec<_>>().windows(2) {
            check_range(kind, text, &index, &m.at, *w[0], *w[1]);
        }
        check_range(kind, text, &index, &m.at, 0, m.body.len());
        // The review, as `review_macro` runs it: suppressions masked, findings placed.
        let (supp, masked) = suppress::scan(&m.body);
        let mut draft = Draft::new(masked.unwrap_or_else(|| m.body.clone()));
        draft.channel = m.channel;
        assert_eq!(draft.text.len(), m.body.len(), "masking keeps offsets");
        let report = coach.review(&draft);
        for f in report.findings.iter().filter(|f| !supp.covers(f)) {
            assert!(f.span.start <= f.span.end && f.span.end <= m.body.len());
            check_range(kind, text, &index, &m.at, f.span.start, f.span.end);
        }
    }
});

/// The file range of body range `start..end`: ordered, inside the file, on char boundaries,
/// with line and column positions that exist.
fn check_range(
    kind: Kind,
    text: &str,
    index: &LineIndex<'_>,
    at: &Located,
    start: usize,
    end: usize,
) {
    let (s, e) = at.range(start, end);
    assert!(
        s <= e && e <= text.len(),
        "{kind:?}: body {start}..{end} maps to {s}..{e}, file is {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{kind:?}: body {start}..{end} maps to {s}..{e}, not on char boundaries"
    );
    let (ps, pe) = (index.location(s), index.location(e));
    check_pos(text, index, ps);
    check_pos(text, index, pe);
    assert!((ps.line, ps.col) <= (pe.line, pe.col));
}

/// A position's line exists and its column is within that line (one past its end at most).
fn check_pos(text: &str, index: &LineIndex<'_>, p: Location) {
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    assert!(p.line >= 1 && p.line <= lines, "line {} of {lines}", p.line);
    assert!(p.byte <= text.len() && text.is_char_boundary(p.byte));
    let start = index.line_start(p.line - 1);
    let line = &text[start..];
    let line = &line[..line.find('\n').map_or(line.len(), |i| i + 1)];
    let chars = line.chars().count();
    assert!(
        p.col >= 1 && p.col <= chars + 1,
        "column {} on line {} of {chars} chars",
        p.col,
        p.line
    );
    assert_eq!(p.col, text[start..p.byte].chars().count() + 1);
    let units: usize = text[start..p.byte].chars().map(char::len_utf16).sum();
    assert_eq!(p.col16, units + 1);
}

/// An HTML body (a Zendesk `comment_value_html`): its text's offsets map into the HTML.
fn html_body(text: &str) {
    let (body, m) = html::to_text(text);
    let at = Located::one(m, map::Enc::Html);
    let index = LineIndex::new(text);
    let bounds: Vec<usize> = (0..=body.len())
        .filter(|&b| body.is_char_boundary(b))
        .collect();
    let step = (bounds.len() / SAMPLES).max(1);
    for w in bounds.iter().step_by(step).collect::<Vec<_>>().windows(2) {
        check_range(Kind::Text, text, &index, &at, *w[0], *w[1]);
    }
    check_range(Kind::Text, text, &index, &at, 0, body.len());
}
