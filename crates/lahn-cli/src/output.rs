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
    if !has_control(s) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Whether `s` holds a control character: a byte below 0x20 or 0x7F (C0 and DEL), or C2
/// then 80–9F (C1). Read sixteen bytes at a time, as nearly all text holds none.
fn has_control(s: &str) -> bool {
    let b = s.as_bytes();
    let c0 = |chunk: &[u8]| {
        chunk
            .iter()
            .fold(false, |any, &x| any | (x < 0x20) | (x == 0x7F))
    };
    b.chunks(16).any(c0)
        || memchr::memchr_iter(0xC2, b).any(|i| b.get(i + 1).is_some_and(|&y| y < 0xA0))
}

/// Makes invisible characters visible, so a quoted span shows its ZWNJ and bidi marks (and
/// no control character reaches the terminal).
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{200C}' => out.push_str("⟨ZWNJ⟩"),
            '\u{200D}' => out.push_str("⟨ZWJ⟩"),
            '\u{200E}' => out.push_str("⟨LRM⟩"),
            '\u{200F}' => out.push_str("⟨RLM⟩"),
            '\u{00A0}' => out.push_str("⟨NBSP⟩"),
            '\n' => out.push('⏎'),
            c if ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
                || c.is_control() =>
            {
                out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
            }
            c => out.push(c),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::{printable, visible};

    /// Control characters of each kind — C0, DEL, C1 (after the byte C2, like the no-break
    /// space that is not one) — are shown by their code, anywhere in Persian text.
    #[test]
    fn printable_shows_control_characters_only() {
        for (text, shown) in [
            ("سلام، در خدمتم 🙂", "سلام، در خدمتم 🙂"),
            ("", ""),
            ("خط\nدوم\u{1b}[31m", "خط⟨U+000A⟩دوم⟨U+001B⟩[31m"),
            ("a\u{7f}b\u{85}c\u{9f}", "a⟨U+007F⟩b⟨U+0085⟩c⟨U+009F⟩"),
            ("۱۰۰\u{a0}تومان «é»", "۱۰۰\u{a0}تومان «é»"),
            ("\u{200c}\u{202e}", "\u{200c}\u{202e}"),
            // «» are written after the byte C2 too, and are no control characters.
            ("«سلام» «x»\u{85}", "«سلام» «x»⟨U+0085⟩"),
            (&"«ی» ".repeat(20), &"«ی» ".repeat(20)),
        ] {
            assert_eq!(printable(text), shown, "{text:?}");
        }
    }

    #[test]
    fn visible_names_invisible_characters() {
        assert_eq!(
            visible("می\u{200c}شود\u{200d}\u{200e}\u{200f}\u{a0}\n\u{202b}x\u{2069}\u{1}"),
            "می⟨ZWNJ⟩شود⟨ZWJ⟩⟨LRM⟩⟨RLM⟩⟨NBSP⟩⏎⟨U+202B⟩x⟨U+2069⟩⟨U+0001⟩"
        );
        assert_eq!(visible("كتاب 🙂 «ی»"), "كتاب 🙂 «ی»");
        assert_eq!(visible(""), "");
    }
}
