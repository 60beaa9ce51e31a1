//! One open buffer: the context it carries in a front-matter block, and the review of the
//! reply after it, with `lahn check`'s inline suppressions honoured and every span placed on
//! the buffer's own text.

use lahn::{Channel, Coach, Draft, Finding, Span};

use super::convert;

use lahn::suppress;

/// An open buffer.
pub struct Doc {
    pub text: String,
    pub version: i32,
    pub language: String,
    /// The last review, `None` when the buffer was not linted (too large, not a reply).
    pub analysis: Option<Analysis>,
}

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
    /// The score's line ([`convert::score_message`]).
    pub score_message: String,
    /// The findings not suppressed, in the report's order (by position).
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

    // Suppression comments are read and blanked out the way `lahn check` does it.
    let (suppressions, masked) = suppress::scan(body);
    let reviewed = masked.unwrap_or_else(|| body.to_owned());
    let blank = reviewed.trim().is_empty();
    let mut draft = Draft::new(reviewed);
    draft.customer_message = context.customer;
    draft.customer_name = context.name;
    draft.channel = context.channel;
    let mut report = coach.review(&draft);
    let score_message = convert::score_message(&report, coach.lang());
    let base = fm.body_start;
    let findings = std::mem::take(&mut report.findings)
        .into_iter()
        .filter(|f| !suppressions.covers(f))
        .map(|f| Placed {
            span: Span::new(f.span.start + base, f.span.end + base),
            finding: f,
        })
        .collect();
    Analysis {
        score_message,
        findings,
        body_start: fm.body_start,
        blank,
    }
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
}
