//! Applying fixes to a text.

use crate::report::Finding;

/// Applies the fixes of `findings` to `text`, keeping only those `pick` accepts. Overlapping
/// fixes are skipped after the first; every byte outside the fixed spans stays as it was.
pub fn apply<'f>(
    text: &str,
    findings: impl IntoIterator<Item = &'f Finding>,
    pick: impl Fn(&Finding) -> bool,
) -> String {
    let mut edits: Vec<(usize, usize, &str)> = findings
        .into_iter()
        .filter(|f| pick(f))
        .filter_map(|f| {
            f.fix
                .as_ref()
                .map(|x| (f.span.start, f.span.end, x.replacement.as_str()))
        })
        .filter(|&(s, e, _)| {
            s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
        })
        .collect();
    edits.sort_by_key(|&(s, e, _)| (s, e));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e, r) in edits {
        if s < at {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(r);
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

/// Applies every safe fix of `findings` to `text`.
pub fn apply_safe<'f>(text: &str, findings: impl IntoIterator<Item = &'f Finding>) -> String {
    apply(text, findings, |f| f.fix.as_ref().is_some_and(|x| x.safe))
}
