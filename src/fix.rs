//! Applying fixes to a text.

use crate::report::Finding;
use crate::span::Span;

/// Of `fixes`, each at the span `span_of` gives, the ones applied together: sorted by
/// position and disjoint. Of overlapping fixes only the first (by position) is taken, and an
/// insertion (an empty span) right where a taken fix ends is left out, since which goes first
/// would be a guess. Every front end (`lahn fix`, `lahn check --fix`, the editor's "apply all
/// safe fixes") picks its fixes with this one rule.
pub fn disjoint<T>(fixes: impl IntoIterator<Item = T>, span_of: impl Fn(&T) -> Span) -> Vec<T> {
    let mut fixes: Vec<T> = fixes.into_iter().collect();
    fixes.sort_by_key(|f| {
        let s = span_of(f);
        (s.start, s.end)
    });
    let mut at: Option<usize> = None;
    fixes.retain(|f| {
        let s = span_of(f);
        let keep = match at {
            None => true,
            Some(end) => s.start > end || (s.start == end && !s.is_empty()),
        };
        if keep {
            at = Some(s.end);
        }
        keep
    });
    fixes
}

/// The edits applying the fixes of `findings` that `pick` accepts would make to `text`:
/// inside `text` on char boundaries, then chosen by [`disjoint`]. Two rules may fix the same
/// mark («سلام ,» has a space before a mark and a Latin comma); the one left out shows up
/// again when the fixed text is reviewed, which is why
/// [`Coach::fix_safe`](crate::Coach::fix_safe) fixes in rounds.
pub fn edits<'f>(
    text: &str,
    findings: impl IntoIterator<Item = &'f Finding>,
    pick: impl Fn(&Finding) -> bool,
) -> Vec<(Span, &'f str)> {
    let edits: Vec<(Span, &str)> = findings
        .into_iter()
        .filter(|f| pick(f))
        .filter_map(|f| f.fix.as_ref().map(|x| (f.span, x.replacement.as_str())))
        .filter(|(s, _)| {
            s.start <= s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end)
        })
        .collect();
    disjoint(edits, |(s, _)| *s)
}

/// Applies the fixes of `findings` to `text`, keeping only those `pick` accepts. Overlapping
/// fixes are skipped after the first; every byte outside the fixed spans stays as it was.
pub fn apply<'f>(
    text: &str,
    findings: impl IntoIterator<Item = &'f Finding>,
    pick: impl Fn(&Finding) -> bool,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, r) in edits(text, findings, pick) {
        out.push_str(&text[at..s.start]);
        out.push_str(r);
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Applies every safe fix of `findings` to `text`.
pub fn apply_safe<'f>(text: &str, findings: impl IntoIterator<Item = &'f Finding>) -> String {
    apply(text, findings, is_safe)
}

/// Whether a finding carries a fix that is safe to apply without a person looking.
pub fn is_safe(f: &Finding) -> bool {
    f.fix.as_ref().is_some_and(|x| x.safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_and_insertions_at_a_fix_end_are_left_out() {
        let spans =
            |v: &[(usize, usize)]| v.iter().map(|&(a, b)| Span::new(a, b)).collect::<Vec<_>>();
        for (given, kept) in [
            (&[(4, 6), (0, 2), (1, 3)][..], &[(0, 2), (4, 6)][..]),
            (&[(0, 2), (2, 2)], &[(0, 2)]),
            (&[(0, 2), (2, 4)], &[(0, 2), (2, 4)]),
            (&[(2, 2), (2, 4)], &[(2, 2), (2, 4)]),
            (&[(2, 2), (2, 2)], &[(2, 2)]),
            (&[], &[]),
        ] {
            assert_eq!(disjoint(spans(given), |s| *s), spans(kept), "{given:?}");
        }
    }
}
