//! Inline suppressions: `lahn-disable-next-line RULE…`, `lahn-disable RULE…` and
//! `lahn-enable RULE…` in an HTML comment (`<!-- … -->`) or a Liquid one (`{# … #}`,
//! `{% comment %} … {% endcomment %}`). With no rule named, every rule. A category name stands
//! for all its rules.
//!
//! `lahn check` and the language server read a macro's suppressions the same way: [`scan`]
//! the body, review the masked text, drop the findings [`Suppressions::covers`].

use once_cell::sync::Lazy;
use regex::Regex;

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
}

/// The suppressions of one body, and the body with its comments blanked out.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    line_starts: Vec<usize>,
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
    let mut line_starts = vec![0];
    if !directives.is_empty() {
        line_starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
    }
    (
        Suppressions {
            directives,
            line_starts,
        },
        masked,
    )
}

impl Suppressions {
    fn line_of(&self, at: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= at) - 1
    }

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
        let line = self.line_of(at);
        let mut off = false;
        for d in &self.directives {
            match d.kind {
                Kind::NextLine if names(d) && self.line_of(d.end.saturating_sub(1)) + 1 == line => {
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
