//! What the server offers on a finding: hover text, quick fixes, rewordings and
//! suppressions; and the score's wording.

use std::collections::HashMap;

use lahn::span::{LineIndex, Unit};
use lahn::{Category, Coach, Lang};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, MarkupContent,
    MarkupKind, Position, Range, TextDocumentIdentifier, TextEdit, WorkspaceEdit,
};
use serde::Deserialize;

use super::convert;
use super::document::{self, Doc, Placed};

/// Kind of the action applying every safe fix of a buffer.
pub const FIX_ALL: &str = "source.fixAll.lahn";

/// The explanation of the findings under `pos`.
pub fn hover(coach: &Coach, unit: Unit, doc: &Doc, pos: Position) -> Option<Hover> {
    let analysis = doc.analysis.as_ref()?;
    let idx = LineIndex::new(&doc.text);
    if pos.line as usize >= idx.line_count() {
        return None;
    }
    let at = idx.offset(pos.line as usize, pos.character as usize, unit);
    let mut under: Vec<&Placed> = analysis
        .findings
        .iter()
        .filter(|p| p.span.start <= at && (at < p.span.end || p.span.is_empty()))
        .collect();
    // The most specific finding first: its span is the hover's range.
    under.sort_by_key(|p| p.span.end - p.span.start);
    let first = under.first()?;
    let lang = coach.lang();
    let (suggestion, docs) = match lang {
        Lang::En => ("Suggestion", "Documentation"),
        _ => ("پیشنهاد", "مستندات"),
    };
    let mut md = String::new();
    for p in &under {
        let f = &p.finding;
        if !md.is_empty() {
            md.push_str("\n\n---\n\n");
        }
        md.push_str(&format!("**{}**\n\n", f.message));
        if let Some(s) = &f.suggestion {
            md.push_str(&format!("**{suggestion}:** {s}\n\n"));
        }
        if let Some(rule) = coach.rules().get(&f.rule) {
            md.push_str(&rule.spec.explain(lang));
            md.push('\n');
        }
        md.push_str(&format!("`{}` · {} · {}", f.rule, f.category, f.severity));
        if let Some(url) = coach
            .rules()
            .get(&f.rule)
            .and_then(|r| r.spec.url.as_deref())
        {
            md.push_str(&format!(" · [{docs}]({url})"));
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(convert::range(&idx, first.span.start, first.span.end, unit)),
    })
}

/// `textDocument/codeAction` params. The context's diagnostics are not read (the server
/// knows its findings), so a client that sends them incomplete still gets its actions.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionParams {
    pub text_document: TextDocumentIdentifier,
    pub range: Range,
    #[serde(default)]
    pub context: ActionContext,
}

/// The part of a code action context the server reads.
#[derive(Debug, Default, Deserialize)]
pub struct ActionContext {
    #[serde(default)]
    pub only: Option<Vec<CodeActionKind>>,
}

/// The actions for the findings touching the requested range.
pub fn code_actions(
    coach: &Coach,
    unit: Unit,
    params: &ActionParams,
    doc: &Doc,
) -> Vec<CodeActionOrCommand> {
    let Some(analysis) = doc.analysis.as_ref() else {
        return Vec::new();
    };
    let lang = coach.lang();
    let text = doc.text.as_str();
    let idx = LineIndex::new(text);
    let r = params.range;
    let start = idx.offset(r.start.line as usize, r.start.character as usize, unit);
    let end = idx
        .offset(r.end.line as usize, r.end.character as usize, unit)
        .max(start);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let uri = &params.text_document.uri;
    let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    };
    let replace = |s: usize, e: usize, new: &str| TextEdit {
        range: convert::range(&idx, s, e, unit),
        new_text: new.to_owned(),
    };
    let quick = |title: String, edits: Vec<TextEdit>, p: &Placed, preferred: bool| CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![convert::diagnostic(coach, &idx, p, unit)]),
        edit: Some(edit(edits)),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    };

    let mut fixes = Vec::new();
    let mut ignores = Vec::new();
    let mut seen_rules: Vec<&str> = Vec::new();
    for p in &analysis.findings {
        if !(p.span.start <= end && start <= p.span.end) {
            continue;
        }
        let f = &p.finding;
        let found = p.span.text(text);
        if let Some(fix) = &f.fix {
            let title = match lang {
                Lang::En => format!("lahn: replace «{found}» with «{}»", fix.replacement),
                _ => format!("lahn: «{found}» ← «{}»", fix.replacement),
            };
            let e = replace(p.span.start, p.span.end, &fix.replacement);
            fixes.push(quick(title, vec![e], p, fix.safe));
        } else if let Some(words) = rewording(coach, p) {
            let (title, e) = if f.category == Category::Closing {
                let at = p.span.end;
                let title = match lang {
                    Lang::En => format!("lahn: end with «{words}»"),
                    _ => format!("lahn: افزودن «{words}» در پایان"),
                };
                (title, replace(at, at, &format!("{eol}{words}")))
            } else {
                let title = match lang {
                    Lang::En => format!("lahn: reword as «{words}»"),
                    _ => format!("lahn: بازنویسی به «{words}»"),
                };
                (title, replace(p.span.start, p.span.end, &words))
            };
            fixes.push(quick(title, vec![e], p, false));
        }
        if seen_rules.contains(&&*f.rule) {
            continue;
        }
        seen_rules.push(&f.rule);
        let line_start = text[..p.span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_start = line_start.max(analysis.body_start.min(p.span.start));
        let (here, file) = match lang {
            Lang::En => (
                format!("lahn: ignore {} on this line", f.rule),
                format!("lahn: ignore {} in this file", f.rule),
            ),
            _ => (
                format!("lahn: نادیده گرفتن {} در این خط", f.rule),
                format!("lahn: نادیده گرفتن {} در این فایل", f.rule),
            ),
        };
        // Add to a `lahn-disable-next-line` comment already above the line, since `lahn
        // check` reads only the comment right before a line.
        let here_edit = match next_line_comment_end(text, line_start, analysis.body_start) {
            Some(at) if text[..at].ends_with(' ') => replace(at, at, &format!("{} ", f.rule)),
            Some(at) => replace(at, at, &format!(" {} ", f.rule)),
            None => {
                let comment = format!("{}{eol}", document::disable_next_line(&f.rule));
                replace(line_start, line_start, &comment)
            }
        };
        ignores.push(quick(here, vec![here_edit], p, false));
        let comment = format!("{}{eol}", document::disable(&f.rule));
        let top = analysis.body_start;
        ignores.push(quick(file, vec![replace(top, top, &comment)], p, false));
    }

    let mut all: Vec<CodeAction> = fixes;
    all.extend(ignores);
    if let Some(fix_all) = fix_all(analysis, &replace, &edit, lang) {
        all.push(fix_all);
    }
    let only = params.context.only.as_ref();
    all.into_iter()
        .filter(|a| {
            only.is_none_or(|kinds| {
                let kind = a.kind.as_ref().map_or("", |k| k.as_str());
                kinds
                    .iter()
                    .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str())))
            })
        })
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Where the `-->` of a `lahn-disable-next-line` comment on the line above `line_start` is,
/// when there is one.
fn next_line_comment_end(text: &str, line_start: usize, body_start: usize) -> Option<usize> {
    if line_start <= body_start {
        return None;
    }
    let above_end = line_start - 1;
    let above_start = text[..above_end]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(body_start);
    let line = text[above_start..above_end].trim_end_matches('\r');
    let t = line.trim();
    let is_comment =
        t.starts_with("<!--") && t.ends_with("-->") && t.contains("lahn-disable-next-line");
    is_comment.then(|| above_start + line.rfind("-->").unwrap_or(line.len()))
}

/// Every safe fix of the buffer in one action, when there are any.
fn fix_all(
    analysis: &document::Analysis,
    replace: &dyn Fn(usize, usize, &str) -> TextEdit,
    edit: &dyn Fn(Vec<TextEdit>) -> WorkspaceEdit,
    lang: Lang,
) -> Option<CodeAction> {
    let safe = analysis
        .findings
        .iter()
        .filter(|p| lahn::fix::is_safe(&p.finding));
    let mut edits = Vec::new();
    for p in lahn::fix::disjoint(safe, |p| p.span) {
        let fix = p.finding.fix.as_ref()?;
        edits.push(replace(p.span.start, p.span.end, &fix.replacement));
    }
    if edits.is_empty() {
        return None;
    }
    Some(CodeAction {
        title: match lang {
            Lang::En => "lahn: apply all safe fixes".into(),
            _ => "lahn: اعمال همه‌ی اصلاح‌های مطمئن".into(),
        },
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(edit(edits)),
        ..CodeAction::default()
    })
}

/// The finding's suggestion, when it is a concrete wording for the flagged text: worked out
/// from this draft (not the rule's fixed advice) and quoting exactly one «…».
pub fn rewording(coach: &Coach, p: &Placed) -> Option<String> {
    let f = &p.finding;
    if !matches!(
        f.category,
        Category::Negativity
            | Category::Personalization
            | Category::Cliche
            | Category::Tone
            | Category::Clarity
            | Category::Orthography
            | Category::Closing
    ) {
        return None;
    }
    let suggestion = f.suggestion.as_deref()?;
    let rule = coach.rules().get(&f.rule)?;
    let fixed_advice = rule.spec.suggestion.as_ref().map(|s| s.get(coach.lang()));
    if fixed_advice == Some(suggestion) {
        return None;
    }
    let mut quotes = suggestion.match_indices('«').map(|(i, _)| i);
    let open = quotes.next()?;
    if quotes.next().is_some() {
        return None;
    }
    let inner = &suggestion[open + '«'.len_utf8()..];
    let words = &inner[..inner.find('»')?];
    let usable = !words.trim().is_empty() && !words.contains('…') && !words.contains("...");
    usable.then(|| words.trim().to_owned())
}
