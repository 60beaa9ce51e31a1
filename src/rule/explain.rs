//! A rule's documentation, rendered one way for every front end: `lahn explain` and
//! `lahn rules`, the language server's hover and SARIF's rule help.

use crate::lang::Lang;

use super::spec::RuleSpec;

/// Examples of each kind an explanation shows.
const EXAMPLES: usize = 2;

impl RuleSpec {
    /// The rule's message as a catalogue lists it: the fields a check fills in (`{found}`,
    /// `{limit}` …) shown as «…».
    pub fn summary(&self, lang: Lang) -> String {
        generic(self.message.get(lang))
    }

    /// The rule's documentation as Markdown: what it flags, why that is bad, what to write
    /// instead, and examples of replies it flags (✗) and leaves alone (✓).
    pub fn explain(&self, lang: Lang) -> String {
        let [what, why, instead, example] = match lang {
            Lang::En => ["What it does", "Why is this bad?", "Instead", "Example"],
            _ => ["چه چیزی را می‌گیرد", "چرا بد است", "به جای آن", "نمونه"],
        };
        let mut md = format!(
            "## {what}\n{}\n\n## {why}\n{}\n",
            self.doc.what.get(lang),
            self.doc.why.get(lang)
        );
        if let Some(s) = &self.suggestion {
            md.push_str(&format!("\n## {instead}\n{}\n", generic(s.get(lang))));
        }
        let bad = self.bad.iter().take(EXAMPLES).map(|e| ('✗', &e.text));
        let good = self.good.iter().take(EXAMPLES).map(|e| ('✓', &e.text));
        let mut examples = bad.chain(good).peekable();
        if examples.peek().is_some() {
            md.push_str(&format!("\n## {example}\n"));
            for (mark, text) in examples {
                md.push_str(&format!("- {mark} {text}\n"));
            }
        }
        md
    }
}

/// `template` with each `{field}` a check fills in replaced by «…». Other braces (helpdesk
/// placeholders such as `{{first_name}}`) stay as written.
fn generic(template: &str) -> String {
    let fields: Vec<(&str, String)> = template
        .match_indices('{')
        .filter(|(i, _)| !template[..*i].ends_with('{'))
        .filter_map(|(i, _)| {
            let key = template[i + 1..].split('}').next()?;
            let field = !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            field.then(|| (key, "…".to_owned()))
        })
        .collect();
    crate::checks::fill(template, &fields)
}

#[cfg(test)]
mod tests {
    use super::generic;
    use crate::{Coach, Lang};

    #[test]
    fn fields_become_ellipses_and_placeholders_stay() {
        for (template, want) in [
            ("بنویسید «{replacement}».", "بنویسید «…»."),
            ("Too long for {channel}: {size}.", "Too long for …: …."),
            ("سلام {{first_name}}", "سلام {{first_name}}"),
            ("{ open", "{ open"),
            ("{}", "{}"),
        ] {
            assert_eq!(generic(template), want, "{template}");
        }
    }

    #[test]
    fn no_rule_documents_a_raw_field() {
        let coach = Coach::default();
        for rule in coach.rules().iter() {
            for lang in [Lang::Fa, Lang::En] {
                let text = rule.spec.summary(lang) + &rule.spec.explain(lang);
                let raw = text.match_indices('{').any(|(i, _)| {
                    text[i + 1..].split('}').next().is_some_and(|k| {
                        !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    })
                });
                assert!(!raw, "{}: {text}", rule.id);
            }
        }
    }
}
