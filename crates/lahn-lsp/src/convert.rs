//! Conversions from lahn's reviews to LSP types: byte ranges to positions in the negotiated
//! unit, findings and the score to diagnostics.

use lahn::span::{LineIndex, Unit};
use lahn::{Category, Coach, Lang, Report, Severity};
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Uri,
};

use super::document::{Analysis, Placed};

/// The score's line: «امتیاز پاسخ: ۷۲ از ۱۰۰» and the categories that cost points.
pub fn score_message(report: &Report, lang: Lang) -> String {
    let weak: Vec<&str> = Category::ALL
        .into_iter()
        .filter(|&c| report.flags(c))
        .map(|c| c.label(lang))
        .collect();
    match lang {
        Lang::En => {
            let mut m = format!("Reply score: {}/100", report.score);
            if !weak.is_empty() {
                m.push_str(&format!(" — to improve: {}", weak.join(", ")));
            }
            m
        }
        _ => {
            let mut m = format!(
                "امتیاز پاسخ: {} از ۱۰۰",
                lang.digits(&report.score.to_string())
            );
            if !weak.is_empty() {
                m.push_str(&format!(" — جای بهتر شدن: {}", weak.join("، ")));
            }
            m
        }
    }
}

/// The LSP range of byte range `start..end` of the text `idx` indexes.
pub fn range(idx: &LineIndex<'_>, start: usize, end: usize, unit: Unit) -> Range {
    let pos = |b: usize| {
        let (line, col) = idx.position(b, unit);
        Position::new(line as u32, col as u32)
    };
    Range::new(pos(start), pos(end))
}

/// The diagnostic code of the score.
pub const SCORE_CODE: &str = "score";

/// The diagnostics of a reviewed buffer: one per finding, and the score on the reply's first
/// line. The server writes them as JSON with [`publish`](super::publish), which gives the same
/// text without building them.
pub fn diagnostics(
    coach: &Coach,
    text: &str,
    analysis: &Analysis,
    unit: Unit,
    score: bool,
) -> Vec<Diagnostic> {
    let idx = LineIndex::new(text);
    let mut out = Vec::with_capacity(analysis.findings.len() + 1);
    if score && !analysis.blank {
        let line_end = text[analysis.body_start..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| analysis.body_start + i);
        out.push(Diagnostic {
            range: range(&idx, analysis.body_start, line_end, unit),
            severity: Some(DiagnosticSeverity::INFORMATION),
            code: Some(NumberOrString::String(SCORE_CODE.into())),
            source: Some("lahn".into()),
            message: analysis.score_message.clone(),
            ..Diagnostic::default()
        });
    }
    out.extend(
        analysis
            .findings
            .iter()
            .map(|p| diagnostic(coach, &idx, p, unit)),
    );
    out
}

/// The diagnostic of one finding.
pub fn diagnostic(coach: &Coach, idx: &LineIndex<'_>, placed: &Placed, unit: Unit) -> Diagnostic {
    let f = &placed.finding;
    let url = coach
        .rules()
        .get(&f.rule)
        .and_then(|r| r.spec.url.as_deref())
        .and_then(|u| u.parse::<Uri>().ok());
    let mut message = f.message.to_string();
    if let Some(s) = &f.suggestion {
        message.push('\n');
        message.push_str(s);
    }
    Diagnostic {
        range: range(idx, placed.span.start, placed.span.end, unit),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            _ => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: url.map(|href| CodeDescription { href }),
        source: Some("lahn".into()),
        message,
        ..Diagnostic::default()
    }
}
