//! `--format github`: workflow-command annotations.

use std::io::{self, Write};

use super::super::{Checked, FileResult, Hit};
use super::{sev_rank, Ctx};
use crate::output::{printable, visible};

/// Escapes a workflow command's message: `%`, CR and LF as the runner expects, and any other
/// control character shown as `⟨U+001B⟩`, so nothing in it reaches the log raw.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => out.push_str(&format!("⟨U+{:04X}⟩", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a workflow command's property: also `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow commands (`::error file=…,line=…::message`), most severe first. GitHub
/// shows only so many annotations of each type per step: past `max_annotations` per type the
/// rest are counted in a closing notice and listed as plain log lines.
pub fn github(out: &mut impl Write, cx: &Ctx<'_>) -> io::Result<()> {
    let mut all: Vec<(&FileResult, &Checked, &Hit)> = cx.hits().collect();
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
        let mut msg = f.message.to_string();
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
            // A plain log line: nothing in it may start a line of its own (a workflow command).
            left.push(format!(
                "{}:{}:{}: {cmd} [{}] {}",
                printable(&path),
                h.start.line,
                h.start.col,
                f.rule,
                printable(&f.message)
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
