//! The `textDocument/publishDiagnostics` notification of a buffer, written straight from its
//! findings as JSON text: no `Diagnostic` structs, no JSON tree, every position found in one
//! forward pass over the buffer. The text is what serde_json writes for the
//! `PublishDiagnosticsParams` of [`crate::convert::diagnostics`], byte for byte.

use lahn::span::{chars_and_units, floor_boundary, Unit};
use lahn::{Coach, Severity};
use lahn_json::report::{write_escaped, write_number, write_str};
use lsp_types::Uri;

use super::convert::SCORE_CODE;
use super::document::Analysis;

/// The notification's method.
pub const METHOD: &str = "textDocument/publishDiagnostics";

/// A reviewed buffer, as its diagnostics are written.
pub struct Reviewed<'a> {
    pub coach: &'a Coach,
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub unit: Unit,
    /// Whether the score is shown as a diagnostic of its own.
    pub score: bool,
}

/// The whole notification, `{"jsonrpc":"2.0","method":…,"params":{…}}`, for buffer `uri` at
/// `version`: the diagnostics of `reviewed`, none without it.
pub fn notification(uri: &Uri, version: Option<i32>, reviewed: Option<&Reviewed>) -> Vec<u8> {
    let size = reviewed.map_or(0, |r| {
        r.analysis
            .findings
            .iter()
            .map(|p| {
                let f = &p.finding;
                f.message.len() + f.suggestion.as_ref().map_or(0, |s| s.len() + 1) + 200
            })
            .sum()
    });
    let mut out = Vec::with_capacity(size + uri.as_str().len() + 400);
    out.extend_from_slice(br#"{"jsonrpc":"2.0","method":"#);
    write_str(&mut out, METHOD);
    out.extend_from_slice(br#","params":{"uri":"#);
    write_str(&mut out, uri.as_str());
    out.extend_from_slice(br#","diagnostics":["#);
    if let Some(r) = reviewed {
        diagnostics(&mut out, r);
    }
    out.push(b']');
    if let Some(v) = version {
        out.extend_from_slice(format!(r#","version":{v}"#).as_bytes());
    }
    out.extend_from_slice(b"}}");
    out
}

/// The diagnostics' array items: the score on the reply's first line, then one per finding.
fn diagnostics(out: &mut Vec<u8>, r: &Reviewed) {
    let a = r.analysis;
    let show_score = r.score && !a.blank;
    // Every byte offset a range needs, then their positions in one pass.
    let mut offsets = Vec::with_capacity(2 * a.findings.len() + 2);
    if show_score {
        let line_end = r.text[a.body_start..]
            .find(['\r', '\n'])
            .map_or(r.text.len(), |i| a.body_start + i);
        offsets.extend([a.body_start, line_end]);
    }
    offsets.extend(a.findings.iter().flat_map(|p| [p.span.start, p.span.end]));
    let positions = positions(r.text, &offsets, r.unit);
    let mut ranges = positions.chunks_exact(2);
    let mut first = true;
    let mut item = |out: &mut Vec<u8>| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        range(out, ranges.next().expect("two positions a range"));
    };
    if show_score {
        item(out);
        out.extend_from_slice(br#","severity":3,"code":"#);
        write_str(out, SCORE_CODE);
        out.extend_from_slice(br#","source":"lahn","message":"#);
        write_str(out, &a.score_message);
        out.push(b'}');
    }
    // What follows the severity depends on the rule only: written once per rule. A review
    // names few rules, most of them many times.
    let mut by_rule: Vec<(&str, Vec<u8>)> = Vec::new();
    for p in &a.findings {
        let f = &p.finding;
        item(out);
        out.extend_from_slice(match f.severity {
            Severity::Error => br#","severity":1"#,
            Severity::Warning => br#","severity":2"#,
            _ => br#","severity":3"#,
        });
        let rule: &str = &f.rule;
        let known = by_rule.iter().position(|(r, _)| *r == rule);
        let at = known.unwrap_or_else(|| {
            by_rule.push((rule, rule_fields(r.coach, rule)));
            by_rule.len() - 1
        });
        out.extend_from_slice(&by_rule[at].1);
        // The message, and the suggestion on a line of its own.
        out.push(b'"');
        write_escaped(out, &f.message);
        if let Some(s) = &f.suggestion {
            out.extend_from_slice(b"\\n");
            write_escaped(out, s);
        }
        out.extend_from_slice(b"\"}");
    }
}

/// `,"code":…,"codeDescription":…,"source":"lahn","message":` for `rule`; the rule's page
/// only when it is a valid URI, as `lsp_types` would take it.
fn rule_fields(coach: &Coach, rule: &str) -> Vec<u8> {
    let mut s = br#","code":"#.to_vec();
    write_str(&mut s, rule);
    let url = coach
        .rules()
        .get(rule)
        .and_then(|r| r.spec.url.as_deref())
        .filter(|u| u.parse::<Uri>().is_ok());
    if let Some(url) = url {
        s.extend_from_slice(br#","codeDescription":{"href":"#);
        write_str(&mut s, url);
        s.push(b'}');
    }
    s.extend_from_slice(br#","source":"lahn","message":"#);
    s
}

/// `{"range":{"start":…,"end":…}` (the diagnostic's object left open).
fn range(out: &mut Vec<u8>, ends: &[(usize, usize)]) {
    out.extend_from_slice(br#"{"range":{"start":"#);
    position(out, ends[0]);
    out.extend_from_slice(br#","end":"#);
    position(out, ends[1]);
    out.push(b'}');
}

fn position(out: &mut Vec<u8>, (line, character): (usize, usize)) {
    out.extend_from_slice(br#"{"line":"#);
    write_number(out, line);
    out.extend_from_slice(br#","character":"#);
    write_number(out, character);
    out.push(b'}');
}

/// The (line, column) of each byte offset, the column counted in `unit`, as
/// [`LineIndex::position`](lahn::span::LineIndex::position) gives them: the offsets visited in
/// order, the text between them read once.
pub fn positions(text: &str, offsets: &[usize], unit: Unit) -> Vec<(usize, usize)> {
    let mut order: Vec<u32> = (0..offsets.len() as u32).collect();
    order.sort_unstable_by_key(|&i| offsets[i as usize]);
    let mut out = vec![(0, 0); offsets.len()];
    let (mut at, mut line, mut col) = (0, 0, 0);
    for i in order {
        let to = floor_boundary(text, offsets[i as usize]);
        let between = &text.as_bytes()[at..to];
        match memchr::memrchr(b'\n', between) {
            Some(last) => {
                line += memchr::memchr_iter(b'\n', between).count();
                col = columns(&text[at + last + 1..to], unit);
            }
            None => col += columns(&text[at..to], unit),
        }
        at = to;
        out[i as usize] = (line, col);
    }
    out
}

/// The width of `s` in `unit`.
fn columns(s: &str, unit: Unit) -> usize {
    match unit {
        Unit::Utf8 => s.len(),
        Unit::Utf16 => chars_and_units(s).1,
        Unit::Char => chars_and_units(s).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lahn::span::LineIndex;

    /// Replies in several registers, with suppressions, front matter, CRLF, emoji, Arabic
    /// letters, mixed digits and placeholders, as every unit and with the score on and off.
    #[test]
    fn the_notification_is_serde_jsons_text_of_the_diagnostics() {
        use crate::convert;
        use crate::document::{analyse, Context};
        use lsp_types::PublishDiagnosticsParams;
        let buffers = [
            "",
            "   \n",
            "---\r\nname: ساره\r\nchannel: email\r\n---\r\nسلام ساره جان 🙏 سفارش ۱۲۳۴ دیروز ارسال شد. شما باید صبر کنید.\r\n",
            "سلام {{name}}، متاسفانه امکان پذیر نمیباشد!!! لطفا %s را بررسی کنيد و تا 3 روز صبر کنید.",
            "<!-- lahn-disable-next-line negativity-obligation -->\nشما باید صبر کنید.\nشما باید صبر کنید \"الان\"\t\\ تمام.",
            "درود $name, ما نمیتونیم کاری بکنیم. با تشکر",
            "تیکت شما ثبت شد و کیس شما بسته شد.\nتیکت دوم.",
        ];
        /// The notification as the server wrote it before: serde on `lsp_types`' structs.
        #[derive(serde::Serialize)]
        struct Out {
            jsonrpc: &'static str,
            method: &'static str,
            params: PublishDiagnosticsParams,
        }
        let expected = |params| {
            let out = Out {
                jsonrpc: "2.0",
                method: METHOD,
                params,
            };
            serde_json::to_string(&out).unwrap()
        };
        // A rule with its page, and one whose page is no URI (then no codeDescription).
        let rule = |id: &str, word: &str, url: &str| {
            format!(
                "id = \"{id}\"\ncategory = \"clarity\"\nseverity = \"info\"\n\
                 message.fa = \"«{word}» \\\"نه\\\"\"\nmessage.en = \"no\"\nurl = \"{url}\"\n\
                 [doc]\nwhat.fa = \"x\"\nwhat.en = \"x\"\nwhy.fa = \"x\"\nwhy.en = \"x\"\n\
                 [match]\nphrases = [\"{word}\"]\n\
                 [[bad]]\ntext = \"{word} ثبت شد.\"\nflagged = \"{word}\"\n\
                 [[good]]\ntext = \"درخواست ثبت شد.\"\n"
            )
        };
        let coach = Coach::builder()
            .pack(
                "team/team-ticket.toml",
                rule("team-ticket", "تیکت", "https://example.com/guide#ticket"),
            )
            .pack(
                "team/team-case.toml",
                rule("team-case", "کیس", "not a uri at all"),
            )
            .build()
            .unwrap();
        let uri: Uri = "file:///a%20b/%D8%B3.md".parse().unwrap();
        let mut seen = String::new();
        for text in buffers {
            for context in [
                Context::default(),
                Context {
                    name: Some("علی".into()),
                    ..Context::default()
                },
            ] {
                let analysis = analyse(&coach, text, &context);
                for unit in [Unit::Utf8, Unit::Utf16] {
                    for score in [true, false] {
                        let reviewed = Reviewed {
                            coach: &coach,
                            text,
                            analysis: &analysis,
                            unit,
                            score,
                        };
                        let params = PublishDiagnosticsParams {
                            uri: uri.clone(),
                            diagnostics: convert::diagnostics(&coach, text, &analysis, unit, score),
                            version: Some(3),
                        };
                        let got = String::from_utf8(notification(&uri, Some(3), Some(&reviewed)))
                            .unwrap();
                        assert_eq!(got, expected(params), "{text:?}");
                        seen.push_str(&got);
                    }
                }
            }
        }
        assert!(seen.contains("codeDescription") && seen.contains("team-case"));
        assert!(seen.contains(r#"«تیکت» \"نه\""#), "{seen}");
        let none = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics: Vec::new(),
            version: None,
        };
        assert_eq!(notification(&uri, None, None), expected(none).into_bytes());
    }

    #[test]
    fn positions_in_one_pass_are_the_line_index_positions() {
        let text = "سلام 🙏 ساره\r\nدیروز ارسال شد.\n\nA\u{200c}b ۱۲3\r\n🙏🙏";
        // Every byte, in an order that jumps back and forth, mid-character ones included.
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        offsets.reverse();
        offsets.rotate_left(7);
        let idx = LineIndex::new(text);
        for unit in [Unit::Utf8, Unit::Utf16, Unit::Char] {
            let got = positions(text, &offsets, unit);
            for (&b, &(line, col)) in offsets.iter().zip(&got) {
                let (l, c) = idx.position(b, unit);
                assert_eq!((line, col), (l, c), "byte {b} in {unit:?}");
            }
        }
    }
}
