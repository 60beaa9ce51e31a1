//! Inline suppressions: `lahn-disable-next-line RULE…`, `lahn-disable RULE…` and
//! `lahn-enable RULE…` in an HTML comment (`<!-- … -->`) or a Liquid one (`{# … #}`,
//! `{% comment %} … {% endcomment %}`). With no rule named, every rule. A category name stands
//! for all its rules.
//!
//! `lahn check` and the language server read a macro's suppressions the same way: [`scan`]
//! the body, review the masked text, drop the findings [`Suppressions::covers`].

use once_cell::sync::Lazy;
use regex::Regex;

use crate::span::{LineIndex, Unit};
use crate::Finding;

static COMMENT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?s)<!--(.*?)-->|\{#(.*?)#\}|\{%-?\s*comment\s*-?%\}(.*?)\{%-?\s*endcomment\s*-?%\}",
    )
    .expect("comment pattern is valid")
});

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    rules: Vec<String>,
    start: usize,
    end: usize,
    /// For `lahn-disable-next-line`: the byte range of the line after the comment.
    next_line: std::ops::Range<usize>,
}

/// The suppressions of one body, and the body with its comments blanked out.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

/// Reads the suppressions of `body` and returns them with the text to review: every comment
/// replaced by spaces of the same byte length (line breaks kept), so a customer never sees
/// what is reviewed and every offset still points into `body`.
pub fn scan(body: &str) -> (Suppressions, Option<String>) {
    let mut directives = Vec::new();
    let mut masked: Option<String> = None;
    for caps in COMMENT.captures_iter(body) {
        let whole = caps.get(0).expect("group 0");
        let inner = (1..=3).find_map(|i| caps.get(i)).map_or("", |m| m.as_str());
        for word_at in inner.match_indices("lahn-").map(|(i, _)| i) {
            let rest = &inner[word_at..];
            let mut words = rest.split_whitespace();
            let kind = match words.next() {
                Some("lahn-disable-next-line") => Kind::NextLine,
                Some("lahn-disable") => Kind::Disable,
                Some("lahn-enable") => Kind::Enable,
                _ => continue,
            };
            let rules = words
                .take_while(|w| !w.starts_with("lahn-") && *w != "--" && !w.starts_with("—"))
                .flat_map(|w| w.split(','))
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            directives.push(Directive {
                kind,
                rules,
                start: whole.start(),
                end: whole.end(),
                next_line: 0..0,
            });
        }
        let m = masked.get_or_insert_with(|| body.to_owned());
        let blank: String = whole
            .as_str()
            .chars()
            .map(|c| {
                if c == '\n' {
                    "\n".to_owned()
                } else {
                    " ".repeat(c.len_utf8())
                }
            })
            .collect();
        m.replace_range(whole.range(), &blank);
    }
    if !directives.is_empty() {
        let lines = LineIndex::new(body);
        for d in &mut directives {
            let (line, _) = lines.position(d.end.saturating_sub(1), Unit::Utf8);
            // The last line runs to the end of the text, its end included; a comment on the
            // last line has no next line.
            d.next_line = match line + 1 < lines.line_count() {
                false => 0..0,
                true if line + 2 < lines.line_count() => {
                    lines.line_start(line + 1)..lines.line_start(line + 2)
                }
                true => lines.line_start(line + 1)..usize::MAX,
            };
        }
    }
    (Suppressions { directives }, masked)
}

impl Suppressions {
    /// Whether `f` is suppressed.
    pub fn covers(&self, f: &Finding) -> bool {
        if self.directives.is_empty() {
            return false;
        }
        let names = |d: &Directive| {
            d.rules.is_empty()
                || d.rules
                    .iter()
                    .any(|r| r == &*f.rule || r == f.category.name())
        };
        let at = f.span.start;
        let mut off = false;
        for d in &self.directives {
            match d.kind {
                Kind::NextLine if names(d) && d.next_line.contains(&at) => {
                    return true;
                }
                Kind::Disable if d.start <= at && names(d) => off = true,
                Kind::Enable if d.start <= at && names(d) => off = false,
                _ => {}
            }
        }
        off
    }
}

#[cfg(test)]
mod tests {
    use super::scan;
    use crate::{Coach, Draft};

    /// The rules flagged in `body` once its suppressions are applied.
    fn flagged(body: &str) -> Vec<String> {
        let (supp, masked) = scan(body);
        let text = masked.unwrap_or_else(|| body.to_owned());
        assert_eq!(text.len(), body.len(), "masking keeps offsets");
        let report = Coach::default().review(&Draft::new(text));
        let mut rules: Vec<String> = report
            .findings
            .iter()
            .filter(|f| !supp.covers(f))
            .map(|f| f.rule.to_string())
            .filter(|r| r == "cliche-asap" || r == "negativity-obligation")
            .collect();
        rules.sort();
        rules.dedup();
        rules
    }

    #[test]
    fn directives_cover_what_they_name_where_they_say() {
        let asap = "در اسرع وقت بررسی می‌کنیم.";
        let must = "باید صبر کنید.";
        for (body, want) in [
            (format!("{asap}\n{must}"), &["cliche-asap", "negativity-obligation"][..]),
            (format!("<!-- lahn-disable-next-line cliche-asap -->\n{asap}\n{must}"), &["negativity-obligation"]),
            (format!("<!-- lahn-disable-next-line cliche -->\n{asap}\n{must}"), &["negativity-obligation"]),
            (format!("<!-- lahn-disable-next-line -->\n{asap}\n{must}"), &["negativity-obligation"]),
            (format!("{asap}\n<!-- lahn-disable-next-line cliche-asap -->\n{must}"), &["cliche-asap", "negativity-obligation"]),
            (format!("{{# lahn-disable #}}\n{asap}\n{must}"), &[]),
            (format!("{{# lahn-disable negativity #}}\n{asap}\n{{# lahn-enable negativity #}}\n{must}"), &["cliche-asap", "negativity-obligation"]),
            (format!("{asap} {must}\n<!-- lahn-disable-next-line -->"), &["cliche-asap", "negativity-obligation"]),
        ] {
            assert_eq!(flagged(&body), want, "{body}");
        }
    }
}
