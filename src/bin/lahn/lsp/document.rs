//! One open buffer: its text, the context it carries in a front-matter block, the inline
//! suppressions it contains, and the review of its body with every span mapped back onto the
//! buffer's own text.

use lahn::{Channel, Coach, Draft, Finding, Report, Span};

/// The reply's context: what the customer wrote, their name and the channel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub customer: Option<String>,
    pub name: Option<String>,
    pub channel: Option<Channel>,
}

impl Context {
    /// `self`, with the fields `other` lacks filled from `fallback`.
    pub fn or(&self, fallback: &Context) -> Context {
        Context {
            customer: self.customer.clone().or_else(|| fallback.customer.clone()),
            name: self.name.clone().or_else(|| fallback.name.clone()),
            channel: self.channel.or(fallback.channel),
        }
    }
}

/// A front-matter block at the very top of a buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub context: Context,
    /// Byte offset where the reply itself starts (just after the closing `---` line).
    pub body_start: usize,
}

/// Reads a front-matter block:
///
/// ```text
/// ---
/// customer: سلام، سفارشم هنوز نرسیده!
/// name: ساره
/// channel: chat
/// ---
/// ```
///
/// A value may also be a YAML-style block (`customer: |` followed by indented lines). Unknown
/// keys are ignored; without a closing `---` there is no front matter.
pub fn front_matter(text: &str) -> FrontMatter {
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut lines = Lines { text, at: bom };
    match lines.next() {
        Some((_, l)) if l.trim_end() == "---" => {}
        _ => return FrontMatter::default(),
    }
    let mut context = Context::default();
    let mut pending: Option<(String, Vec<String>)> = None;
    for (end, line) in lines {
        let is_block_line = line.starts_with([' ', '\t']) || line.trim().is_empty();
        if let Some((_, body)) = pending.as_mut() {
            if is_block_line && line.trim_end() != "---" {
                body.push(line.trim().to_owned());
                continue;
            }
        }
        if let Some((key, body)) = pending.take() {
            set(&mut context, &key, body.join("\n").trim());
        }
        if line.trim_end() == "---" {
            return FrontMatter {
                context,
                body_start: end,
            };
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        if value == "|" || value == ">" {
            pending = Some((key, Vec::new()));
        } else {
            set(&mut context, &key, unquote(value));
        }
    }
    FrontMatter::default()
}

fn set(context: &mut Context, key: &str, value: &str) {
    let value = (!value.is_empty()).then(|| value.to_owned());
    match key {
        "customer" | "customer_message" | "customer-message" => context.customer = value,
        "name" | "customer_name" | "customer-name" => context.name = value,
        "channel" => context.channel = value.and_then(|v| v.parse().ok()),
        _ => {}
    }
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// Lines of a text with the byte offset just past each one's line break.
struct Lines<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Iterator for Lines<'t> {
    type Item = (usize, &'t str);
    fn next(&mut self) -> Option<(usize, &'t str)> {
        if self.at >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.at..];
        let (line, len) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.at += len;
        Some((self.at, line.strip_suffix('\r').unwrap_or(line)))
    }
}

/// The comment that turns `rule` off on the next line, as `lahn check` reads it.
pub fn disable_next_line(rule: &str) -> String {
    format!("<!-- lahn-disable-next-line {rule} -->")
}

/// The comment that turns `rule` off from here to the end of the file (or a `lahn-enable`).
pub fn disable(rule: &str) -> String {
    format!("<!-- lahn-disable {rule} -->")
}

/// An inline suppression comment, on a line of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive {
    kind: DirectiveKind,
    /// The rules it names; empty means every rule.
    rules: Vec<String>,
    /// The comment's line, in the buffer's bytes (including its line break).
    line: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DirectiveKind {
    NextLine,
    Disable,
    Enable,
}

fn directive(line: &str) -> Option<(DirectiveKind, Vec<String>)> {
    let inner = line
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let (kind, rest) = if let Some(r) = inner.strip_prefix("lahn-disable-next-line") {
        (DirectiveKind::NextLine, r)
    } else if let Some(r) = inner.strip_prefix("lahn-disable") {
        (DirectiveKind::Disable, r)
    } else if let Some(r) = inner.strip_prefix("lahn-enable") {
        (DirectiveKind::Enable, r)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t', ','])) {
        return None;
    }
    let rules = rest
        .split([' ', '\t', ','])
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    Some((kind, rules))
}

/// The reply as lahn reviews it: the buffer's body with the suppression-comment lines taken
/// out, and a map from its offsets back to the buffer's.
#[derive(Debug, Clone)]
struct Stripped {
    text: String,
    /// `(offset in text, bytes removed there)`, in order.
    holes: Vec<(usize, usize)>,
    /// Where the body starts in the buffer.
    base: usize,
}

impl Stripped {
    /// Buffer offset of `at`; `inclusive` says whether a hole exactly at `at` comes before it
    /// (true for a span's start, false for its end).
    fn to_buffer(&self, at: usize, inclusive: bool) -> usize {
        let shift: usize = self
            .holes
            .iter()
            .take_while(|&&(pos, _)| pos < at || (inclusive && pos == at))
            .map(|&(_, len)| len)
            .sum();
        self.base + at + shift
    }
}

/// A finding placed on the buffer's text.
#[derive(Debug, Clone)]
pub struct Placed {
    pub finding: Finding,
    /// The finding's span in the buffer (not in the reviewed body).
    pub span: Span,
}

/// The review of a buffer.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub report: Report,
    pub findings: Vec<Placed>,
    /// Where the body (the reply after the front matter) starts.
    pub body_start: usize,
    /// Whether the body is all whitespace (then no score is shown).
    pub blank: bool,
}

/// Reviews the buffer `text` with `coach`: front matter read and left out, suppression
/// comments honoured, spans mapped onto `text`. `extra` (from `lahn/setContext`) takes
/// precedence over the front matter.
pub fn analyse(coach: &Coach, text: &str, extra: &Context) -> Analysis {
    let fm = front_matter(text);
    let context = extra.or(&fm.context);
    let body = &text[fm.body_start..];

    let mut directives = Vec::new();
    let mut stripped = Stripped {
        text: String::with_capacity(body.len()),
        holes: Vec::new(),
        base: fm.body_start,
    };
    let mut start = 0;
    for (end, line) in (Lines { text: body, at: 0 }) {
        match directive(line) {
            Some((kind, rules)) => {
                directives.push(Directive {
                    kind,
                    rules,
                    line: fm.body_start + start..fm.body_start + end,
                });
                stripped.holes.push((stripped.text.len(), end - start));
            }
            None => stripped.text.push_str(&body[start..end]),
        }
        start = end;
    }

    let draft = Draft {
        text: stripped.text.clone(),
        customer_message: context.customer,
        customer_name: context.name,
        channel: context.channel,
    };
    let report = coach.review(&draft);
    let blank = stripped.text.trim().is_empty();
    let findings = report
        .findings
        .iter()
        .map(|f| Placed {
            span: Span::new(
                stripped.to_buffer(f.span.start, true),
                stripped.to_buffer(f.span.end, false),
            ),
            finding: f.clone(),
        })
        .filter(|p| !suppressed(&directives, text, p))
        .collect();
    Analysis {
        report,
        findings,
        body_start: fm.body_start,
        blank,
    }
}

fn suppressed(directives: &[Directive], text: &str, placed: &Placed) -> bool {
    let rule = &*placed.finding.rule;
    let names = |d: &Directive| d.rules.is_empty() || d.rules.iter().any(|r| r == rule);
    let start = placed.span.start;
    let mut off = false;
    for d in directives.iter().take_while(|d| d.line.start <= start) {
        if !names(d) {
            continue;
        }
        match d.kind {
            DirectiveKind::Disable => off = true,
            DirectiveKind::Enable => off = false,
            DirectiveKind::NextLine => {
                // The next line is the first line after the comment that isn't itself a
                // comment line.
                let next = next_line_after(directives, d.line.end);
                let next_end = text[next..].find('\n').map_or(text.len(), |i| next + i + 1);
                if (next..next_end).contains(&start) {
                    return true;
                }
            }
        }
    }
    off
}

fn next_line_after(directives: &[Directive], mut at: usize) -> usize {
    while let Some(d) = directives.iter().find(|d| d.line.start == at) {
        at = d.line.end;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_blocks() {
        let fm =
            front_matter("---\ncustomer: |\n  سلام\n  کجاست؟\nname: 'ساره'\nchannel: sms\n---\nمتن");
        assert_eq!(fm.context.customer.as_deref(), Some("سلام\nکجاست؟"));
        assert_eq!(fm.context.name.as_deref(), Some("ساره"));
        assert_eq!(fm.context.channel, Some(Channel::Sms));
        assert_eq!(
            &"---\ncustomer: |\n  سلام\n  کجاست؟\nname: 'ساره'\nchannel: sms\n---\nمتن"
                [fm.body_start..],
            "متن"
        );
        assert_eq!(front_matter("---\nname: x\nمتن").body_start, 0);
        assert_eq!(front_matter("سلام\n---\n").body_start, 0);
        let crlf = "---\r\nname: علی\r\n---\r\nسلام";
        assert_eq!(&crlf[front_matter(crlf).body_start..], "سلام");
    }

    #[test]
    fn directives_parse() {
        assert_eq!(
            directive("<!-- lahn-disable-next-line a-b, c -->"),
            Some((DirectiveKind::NextLine, vec!["a-b".into(), "c".into()]))
        );
        assert_eq!(
            directive(" <!--lahn-disable-->"),
            Some((DirectiveKind::Disable, vec![]))
        );
        assert_eq!(directive("<!-- lahn-disabled x -->"), None);
        assert_eq!(directive("text <!-- lahn-disable x -->"), None);
    }
}
