//! The wording a logic rule's check emits beyond its message and suggestion, read from the
//! rule's `[text]` table, so a team that overrides a rule's wording overrides all of it.

use std::ops::Range;

use super::{fill, Out};
use crate::lang::Localized;
use crate::report::Finding;
use crate::rule;

impl Out<'_> {
    /// The rule's text `key` in the coach's language, `{key}` fields filled from `args`. A
    /// team pack that replaces an embedded rule without this key gets the embedded wording.
    pub fn text(&self, key: &str, args: &[(&str, String)]) -> String {
        self.localized(key)
            .map_or_else(String::new, |t| fill(t.get(self.lang), args))
    }

    /// [`Out::text`] of `key`, or of `fallback` when the rule has no `key`. A team's own
    /// `fallback` comes before the embedded rule's `key`: the team's words stay together.
    pub fn text_or(&self, key: &str, fallback: &str, args: &[(&str, String)]) -> String {
        let own = |k: &str| self.rule.spec.text.get(k);
        own(key)
            .or_else(|| own(fallback))
            .or_else(|| self.embedded(key))
            .or_else(|| self.embedded(fallback))
            .map_or_else(String::new, |t| fill(t.get(self.lang), args))
    }

    /// Flags `span` with the rule's `message-VARIANT` and `suggestion-VARIANT` texts, each
    /// falling back to the plain message or suggestion when the rule has no such variant.
    pub fn flag_variant(
        &mut self,
        span: Range<usize>,
        variant: &str,
        args: &[(&str, String)],
    ) -> &mut Finding {
        let spec = &self.rule.spec;
        let message = self
            .localized(&["message-", variant].concat())
            .unwrap_or(&spec.message);
        let suggestion = self
            .localized(&["suggestion-", variant].concat())
            .or(spec.suggestion.as_ref());
        let message = fill(message.get(self.lang), args).into();
        let suggestion = suggestion.map(|s| fill(s.get(self.lang), args).into());
        self.push(span, message, suggestion)
    }

    fn localized(&self, key: &str) -> Option<&Localized> {
        self.rule.spec.text.get(key).or_else(|| self.embedded(key))
    }

    /// The embedded rule's text `key`, for a team's rule that replaces it without the key.
    fn embedded(&self, key: &str) -> Option<&'static Localized> {
        let id = &*self.rule.id;
        rule::defaults()
            .ok()?
            .iter()
            .find(|s| s.id == id)?
            .text
            .get(key)
    }
}
