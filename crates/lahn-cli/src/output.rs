//! Shared ways to show a report for a person (the JSON object is `lahn_json`'s).

use std::io::{self, IsTerminal, Write};

use lahn::{Category, Lang, Report, Severity};

/// Whether to colour standard output when the user didn't say: on a terminal, unless
/// `NO_COLOR` is set.
pub fn color_by_default() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Text that came from a file, a file name or a rule pack, safe to print on a terminal or in
/// a CI log: control characters (C0, DEL and C1; line breaks among them, which could start
/// a forged workflow command) are shown as `⟨U+001B⟩` rather than obeyed.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return s.into();
    }
    s.chars()
        .map(|c| match c {
            c if c.is_control() => format!("⟨U+{:04X}⟩", c as u32),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// Makes invisible characters visible, so a quoted span shows its ZWNJ and bidi marks (and
/// no control character reaches the terminal).
pub fn visible(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{200C}' => "⟨ZWNJ⟩".to_owned(),
            '\u{200D}' => "⟨ZWJ⟩".to_owned(),
            '\u{200E}' => "⟨LRM⟩".to_owned(),
            '\u{200F}' => "⟨RLM⟩".to_owned(),
            '\u{00A0}' => "⟨NBSP⟩".to_owned(),
            '\n' => "⏎".to_owned(),
            c if ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
                || c.is_control() =>
            {
                format!("⟨U+{:04X}⟩", c as u32)
            }
            c => c.to_string(),
        })
        .collect()
}

/// Writes a report for a person: the score, then each finding with the text it found on a
/// line of its own (carets under right-to-left text land on the wrong word in viewers that
/// reorder it), its message and suggestion.
pub fn human(
    out: &mut impl Write,
    text: &str,
    report: &Report,
    lang: Lang,
    color: bool,
) -> io::Result<()> {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    let fa = lang == Lang::Fa;
    let digits = |n: usize| lang.digits(&n.to_string());
    let score = paint("1", &digits(report.score as usize));
    if fa {
        writeln!(out, "امتیاز: {score} از ۱۰۰")?;
    } else {
        writeln!(out, "score: {score}/100")?;
    }
    let cats: Vec<String> = Category::ALL
        .iter()
        .filter_map(|c| {
            report
                .categories
                .get(c)
                .filter(|&&s| s < 100)
                .map(|&s| format!("{} {}", c.label(lang), digits(s as usize)))
        })
        .collect();
    if !cats.is_empty() {
        writeln!(out, "  {}", cats.join(" · "))?;
    }
    if report.findings.is_empty() {
        writeln!(
            out,
            "{}",
            if fa {
                "موردی پیدا نشد."
            } else {
                "nothing found."
            }
        )?;
    }
    let line_index = lahn::span::LineIndex::new(text);
    for f in &report.findings {
        let (sev_color, sev) = match f.severity {
            Severity::Error => ("1;31", "error"),
            Severity::Warning => ("1;33", "warning"),
            _ => ("1;36", "info"),
        };
        let (line, col) = line_index.position(f.span.start, lahn::span::Unit::Char);
        writeln!(out)?;
        writeln!(
            out,
            "{}[{}] {}:{} {}",
            paint(sev_color, sev),
            f.rule,
            digits(line + 1),
            digits(col + 1),
            printable(&f.message)
        )?;
        let found = visible(f.span.text(text));
        if !found.is_empty() {
            writeln!(
                out,
                "  {} «{}»",
                if fa { "متن:" } else { "found:" },
                paint("4;1", &found)
            )?;
        }
        if let Some(fix) = &f.fix {
            writeln!(
                out,
                "  {} «{}»",
                if fa { "اصلاح:" } else { "fix:" },
                paint("32", &visible(&fix.replacement))
            )?;
        }
        if let Some(s) = &f.suggestion {
            writeln!(
                out,
                "  {} {}",
                if fa { "پیشنهاد:" } else { "suggestion:" },
                printable(s)
            )?;
        }
    }
    Ok(())
}
