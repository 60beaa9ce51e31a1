//! The `textDocument/publishDiagnostics` notification of a buffer, written straight from its
//! findings as JSON text: no `Diagnostic` structs, no JSON tree, every position found in one
//! forward pass over the buffer. The text is what serde_json writes for the
//! `PublishDiagnosticsParams` of [`convert::diagnostics`], byte for byte.

use lahn::span::{chars_and_units, floor_boundary, Unit};
use lahn::{Coach, Severity};
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
pub fn notification(uri: &Uri, version: Option<i32>, reviewed: Option<&Reviewed>) -> String {
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
    let mut out = String::with_capacity(size + uri.as_str().len() + 400);
    out.push_str(r#"{"jsonrpc":"2.0","method":"#);
    string(&mut out, &[METHOD]);
    out.push_str(r#","params":{"uri":"#);
    string(&mut out, &[uri.as_str()]);
    out.push_str(r#","diagnostics":["#);
    if let Some(r) = reviewed {
        diagnostics(&mut out, r);
    }
    out.push(']');
    if let Some(v) = version {
        out.push_str(r#","version":"#);
        number(&mut out, i64::from(v));
    }
    out.push_str("}}");
    out
}

/// The diagnostics' array items: the score on the reply's first line, then one per finding.
fn diagnostics(out: &mut String, r: &Reviewed) {
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
    let mut item = |out: &mut String| {
        if !std::mem::take(&mut first) {
            out.push(',');
        }
        range(out, ranges.next().expect("two positions a range"));
    };
    if show_score {
        item(out);
        out.push_str(r#","severity":3,"code":"#);
        string(out, &[SCORE_CODE]);
        out.push_str(r#","source":"lahn","message":"#);
        string(out, &[&a.score_message]);
        out.push('}');
    }
    // What follows the severity depends on the rule only: written once per rule. A review
    // names few rules, most of them many times.
    let mut by_rule: Vec<(&str, String)> = Vec::new();
    for p in &a.findings {
        let f = &p.finding;
        item(out);
        out.push_str(match f.severity {
            Severity::Error => r#","severity":1"#,
            Severity::Warning => r#","severity":2"#,
            _ => r#","severity":3"#,
        });
        let rule: &str = &f.rule;
        let known = by_rule.iter().position(|(r, _)| *r == rule);
        let at = known.unwrap_or_else(|| {
            by_rule.push((rule, rule_fields(r.coach, rule)));
            by_rule.len() - 1
        });
        out.push_str(&by_rule[at].1);
        match &f.suggestion {
            Some(s) => string(out, &[&f.message, "\n", s]),
            None => string(out, &[&f.message]),
        }
        out.push('}');
    }
}

/// `,"code":…,"codeDescription":…,"source":"lahn","message":` for `rule`; the rule's page
/// only when it is a valid URI, as `lsp_types` would take it.
fn rule_fields(coach: &Coach, rule: &str) -> String {
    let mut s = String::from(r#","code":"#);
    string(&mut s, &[rule]);
    let url = coach
        .rules()
        .get(rule)
        .and_then(|r| r.spec.url.as_deref())
        .filter(|u| u.parse::<Uri>().is_ok());
    if let Some(url) = url {
        s.push_str(r#","codeDescription":{"href":"#);
        string(&mut s, &[url]);
        s.push('}');
    }
    s.push_str(r#","source":"lahn","message":"#);
    s
}

/// `{"range":{"start":…,"end":…}` (the diagnostic's object left open).
fn range(out: &mut String, ends: &[(u32, u32)]) {
    out.push_str(r#"{"range":{"start":"#);
    position(out, ends[0]);
    out.push_str(r#","end":"#);
    position(out, ends[1]);
    out.push('}');
}

fn position(out: &mut String, (line, character): (u32, u32)) {
    out.push_str(r#"{"line":"#);
    number(out, i64::from(line));
    out.push_str(r#","character":"#);
    number(out, i64::from(character));
    out.push('}');
}

/// The (line, column) of each byte offset, the column counted in `unit`, as
/// [`LineIndex::position`](lahn::span::LineIndex::position) gives them: the offsets visited in
/// order, the text between them read once.
pub fn positions(text: &str, offsets: &[usize], unit: Unit) -> Vec<(u32, u32)> {
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
        out[i as usize] = (line as u32, col as u32);
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

/// `n` in decimal.
fn number(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n.unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().for_each(|&d| out.push(char::from(d)));
}

/// The pieces of `parts`, one after the other, as one JSON string, escaped as serde_json
/// escapes: `"`, `\`, and control characters below U+0020 (`\n`, `\r`, `\t`, `\b`, `\f` by
/// name, the rest as `\u00XX`). Runs with nothing to escape are copied 16 bytes a step.
fn string(out: &mut String, parts: &[&str]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    out.push('"');
    for part in parts {
        let bytes = part.as_bytes();
        let (mut from, mut i) = (0, 0);
        while i < bytes.len() {
            if let Some(chunk) = bytes.get(i..i + 16) {
                if !chunk.iter().fold(false, |any, &b| any | escaped(b)) {
                    i += 16;
                    continue;
                }
            }
            let b = bytes[i];
            if escaped(b) {
                // Escaped bytes are ASCII, so both sides of one are character boundaries.
                out.push_str(&part[from..i]);
                match b {
                    b'"' => out.push_str("\\\""),
                    b'\\' => out.push_str("\\\\"),
                    b'\n' => out.push_str("\\n"),
                    b'\r' => out.push_str("\\r"),
                    b'\t' => out.push_str("\\t"),
                    0x08 => out.push_str("\\b"),
                    0x0C => out.push_str("\\f"),
                    _ => {
                        out.push_str("\\u00");
                        out.push(char::from(HEX[usize::from(b >> 4)]));
                        out.push(char::from(HEX[usize::from(b & 0xF)]));
                    }
                }
                from = i + 1;
            }
            i += 1;
        }
        out.push_str(&part[from..]);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use lahn::span::LineIndex;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_ascii: String = (0u8..0x80).map(char::from).collect();
        every_ascii.push_str("«باید» 🙏 \u{200c}\u{2028}\u{feff}");
        let samples = [
            "",
            "سلام",
            "\"",
            "a\\b",
            "سفارش\r\nشما «ارسال» شد\t\u{1}\u{1f}\u{7f}",
            // Escapes on both sides of a 16-byte step.
            "0123456789abcde\"0123456789abcdef\n",
            &every_ascii,
        ];
        for s in samples {
            let mut ours = String::new();
            string(&mut ours, &[s]);
            assert_eq!(ours, serde_json::to_string(s).unwrap(), "{s:?}");
        }
        let mut ours = String::new();
        string(&mut ours, &["پیام \"x\"", "\n", "پیشنهاد\\"]);
        assert_eq!(
            ours,
            serde_json::to_string("پیام \"x\"\nپیشنهاد\\").unwrap()
        );
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for n in [
            0,
            7,
            10,
            99,
            1234567,
            i64::from(i32::MIN),
            i64::from(u32::MAX),
        ] {
            let mut ours = String::new();
            number(&mut ours, n);
            assert_eq!(ours, n.to_string());
        }
    }

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
                        let got = notification(&uri, Some(3), Some(&reviewed));
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
        assert_eq!(notification(&uri, None, None), expected(none));
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
                assert_eq!(
                    (line as usize, col as usize),
                    (l, c),
                    "byte {b} in {unit:?}"
                );
            }
        }
    }
}
