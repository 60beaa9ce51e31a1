//! Applying fixes to a text.

use crate::report::Finding;
use crate::span::Span;

/// The edits applying the fixes of `findings` that `pick` accepts would make to `text`:
/// sorted, inside `text` on char boundaries, and disjoint, since of overlapping fixes only the
/// first (by position) is taken. Two rules may fix the same mark («سلام ,» has a space before
/// a mark and a Latin comma); the one left out shows up again when the fixed text is
/// reviewed, which is why [`Coach::fix_safe`](crate::Coach::fix_safe) fixes in rounds.
pub fn edits<'f>(
    text: &str,
    findings: impl IntoIterator<Item = &'f Finding>,
    pick: impl Fn(&Finding) -> bool,
) -> Vec<(Span, &'f str)> {
    let mut edits: Vec<(Span, &str)> = findings
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
    edits.sort_by_key(|(s, _)| (s.start, s.end));
    let mut at = 0;
    edits.retain(|(s, _)| {
        let keep = s.start >= at;
        if keep {
            at = s.end;
        }
        keep
    });
    edits
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
