//! `--format human`: rustc-like, for a person at a terminal.

use std::io::{self, Write};

use lahn::{Lang, Severity};

use lahn::span::LineIndex;

use super::super::{Checked, FileResult, Hit, Summary};
use super::Ctx;
use crate::output::{printable, visible};
use lahn_json::report::write_number;

/// The summary line: files, macros, findings by severity, mean score.
pub fn summary_line(s: &Summary, lang: Lang) -> String {
    lang.digits(&summary_text(s, lang))
}

fn summary_text(s: &Summary, lang: Lang) -> String {
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

/// rustc-style: the finding, its location, the source line with the span coloured and
/// underlined, then the found text and the fix quoted on lines of their own with invisible
/// characters shown (carets under right-to-left text sit under the wrong word once a viewer
/// reorders the line).
pub fn human(out: &mut impl Write, cx: &Ctx<'_>) -> io::Result<()> {
    // What is written, in order: each file's error and note, then each of its macros with
    // findings; rendered in parallel, each file's lines indexed once.
    enum Part<'a> {
        File(&'a FileResult),
        Macro(&'a FileResult, &'a Checked, usize),
    }
    let indexed: Vec<&FileResult> = cx
        .results
        .iter()
        .filter(|r| r.hits().next().is_some())
        .collect();
    let indexes = crate::par::map(indexed, cx.threads, |r| LineIndex::new(&r.text));
    let mut parts = Vec::new();
    let mut next_index = 0;
    for r in cx.results {
        parts.push(Part::File(r));
        if r.hits().next().is_none() {
            continue;
        }
        for m in r.macros.iter().filter(|m| !m.hits.is_empty()) {
            parts.push(Part::Macro(r, m, next_index));
        }
        next_index += 1;
    }
    let c = cx.color;
    super::render_in_parallel(
        &parts,
        cx.threads,
        |out, part| match *part {
            Part::File(r) => {
                if let Some(e) = &r.error {
                    painted(out, c, "1;31", &["error"]);
                    put(out, &[": ", &printable(e), "\n\n"]);
                }
                if let Some(n) = &r.note {
                    painted(out, c, "1;36", &["note"]);
                    put(out, &[": ", &printable(n), "\n\n"]);
                }
                Ok(())
            }
            Part::Macro(r, m, index) => {
                for h in &m.hits {
                    finding(out, cx, r, m, h, &indexes[index])?;
                }
                Ok(())
            }
        },
        |piece| out.write_all(piece),
    )?;
    let fa = cx.lang == Lang::Fa;
    if cx.scores {
        let title = if fa {
            "امتیاز پاسخ‌های آماده:"
        } else {
            "macro scores:"
        };
        writeln!(out, "{title}")?;
        macro_scores(out, cx, |_| true)?;
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(cx.summary, cx.lang))
}

/// One finding: its rule and message, where it is, the source line, the found text, the fix
/// and the suggestion. Written piece by piece: an export's report runs to tens of megabytes.
fn finding(
    out: &mut Vec<u8>,
    cx: &Ctx<'_>,
    r: &FileResult,
    m: &Checked,
    h: &Hit,
    index: &LineIndex<'_>,
) -> io::Result<()> {
    let fa = cx.lang == Lang::Fa;
    let c = cx.color;
    let f = &h.finding;
    let (code, sev) = match f.severity {
        Severity::Error => ("1;31", "error"),
        Severity::Warning => ("1;33", "warning"),
        _ => ("1;36", "info"),
    };
    painted(out, c, code, &[sev, "[", &f.rule, "]"]);
    painted(out, c, "1", &[":"]);
    put(out, &[" ", &printable(&f.message), "\n  "]);
    let title = m.macro_.title.as_deref().unwrap_or(&m.macro_.id);
    let what = if fa { "پاسخ" } else { "macro" };
    painted(out, c, "1;34", &["-->"]);
    put(out, &[" ", &printable(&r.path.to_string_lossy()), ":"]);
    write_number(out, h.start.line);
    put(out, &[":"]);
    write_number(out, h.start.col);
    put(out, &[" (", what, " «", &visible(title), "»)\n"]);
    snippet(out, cx, index, h, code);
    let found = visible(&h.found);
    if !found.is_empty() {
        put(out, &["   "]);
        painted(out, c, "1;34", &["="]);
        put(out, &[" ", if fa { "متن:" } else { "found:" }, " «"]);
        painted(out, c, "4;1", &[&found]);
        put(out, &["»\n"]);
    }
    if let Some(fix) = &f.fix {
        let tag = match (fix.safe, fa) {
            (true, true) => " (امن)",
            (true, false) => " (safe)",
            _ => "",
        };
        put(out, &["   "]);
        painted(out, c, "1;34", &["="]);
        put(out, &[" ", if fa { "اصلاح:" } else { "fix:" }, " «"]);
        painted(out, c, "32", &[&visible(&fix.replacement)]);
        put(out, &["»", tag, "\n"]);
    }
    if let Some(s) = &f.suggestion {
        put(out, &["   "]);
        painted(out, c, "1;34", &["="]);
        let help = if fa { "پیشنهاد:" } else { "help:" };
        put(out, &[" ", help, " ", &printable(s), "\n"]);
    }
    put(out, &["\n"]);
    Ok(())
}

/// Appends `pieces` to `out`.
fn put(out: &mut Vec<u8>, pieces: &[&str]) {
    for p in pieces {
        out.extend_from_slice(p.as_bytes());
    }
}

/// Appends `pieces`, coloured with `code` when `color` and something is written.
fn painted(out: &mut Vec<u8>, color: bool, code: &str, pieces: &[&str]) {
    let colored = color && pieces.iter().any(|p| !p.is_empty());
    if colored {
        put(out, &["\x1b[", code, "m"]);
    }
    put(out, pieces);
    if colored {
        put(out, &["\x1b[0m"]);
    }
}

/// One line per macro whose score `pick` accepts: its score, where it starts and its title,
/// lowest score first. Returns how many there were.
pub fn macro_scores(
    out: &mut impl Write,
    cx: &Ctx<'_>,
    pick: impl Fn(u32) -> bool,
) -> io::Result<usize> {
    let mut rows = Vec::new();
    for r in cx.results {
        let index = lahn::span::LineIndex::new(&r.text);
        for m in r.macros.iter().filter(|m| pick(m.score)) {
            let at = index.location(m.macro_.at.range(0, 0).0);
            let place = format!(
                "{}:{}:{}",
                printable(&r.path.to_string_lossy()),
                at.line,
                at.col
            );
            // A one-reply file is named by its path alone.
            let title = m
                .macro_
                .title
                .as_deref()
                .map(|t| format!(" «{}»", visible(t)))
                .unwrap_or_default();
            rows.push((m.score, place, title));
        }
    }
    rows.sort_by_key(|(score, _, _)| *score);
    for (score, place, title) in &rows {
        let score = cx.lang.digits(&format!("{score:>3}"));
        writeln!(out, "  {score}  {place}{title}")?;
    }
    Ok(rows.len())
}

/// The source line of a finding, cut to a window around it on long lines, with the span
/// coloured and carets under it.
fn snippet(out: &mut Vec<u8>, cx: &Ctx<'_>, index: &LineIndex<'_>, h: &Hit, code: &str) {
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
    let clean = |t: &str| -> String {
        if t.contains('\t') {
            printable(&t.replace('\t', " ")).into_owned()
        } else {
            printable(t).into_owned()
        }
    };
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
    let pre = clean(&line[from..s]);
    let pre_ellipsis = if from > 0 { "…" } else { "" };
    let mid = clean(&line[s..e]);
    let post = clean(&line[e..to]);
    let post_ellipsis = if to < line.len() { "…" } else { "" };
    let width = mid.chars().count();
    let num = h.start.line.to_string();
    let c = cx.color;
    let pad = " ".repeat(num.len());
    let bar = |out: &mut Vec<u8>| painted(out, c, "1;34", &["|"]);
    put(out, &[&pad, " "]);
    bar(out);
    put(out, &["\n"]);
    painted(out, c, "1;34", &[&num]);
    put(out, &[" "]);
    bar(out);
    put(out, &[" ", pre_ellipsis, &pre]);
    painted(out, c, &format!("{code};4"), &[&mid]);
    put(out, &[&post, post_ellipsis, "\n", &pad, " "]);
    bar(out);
    let indent = pre_ellipsis.chars().count() + pre.chars().count();
    put(out, &[" ", &" ".repeat(indent)]);
    painted(out, c, code, &["^".repeat(width.max(1)).as_str()]);
    put(out, &["\n"]);
}
