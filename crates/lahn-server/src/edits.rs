//! The edits that turn a text into its fixed version, in the original text's offsets, so a
//! client can apply them in place and keep its cursor: `Coach::fix_safe` fixes in rounds,
//! each on the text the last one left, and only the first and last texts matter to a client.

use std::time::{Duration, Instant};

use lahn::Span;
use lahn_json::Offsets;
use serde::Serialize;
use similar::{Algorithm, DiffTag};

/// One edit: replace the text at `offsets` of the original with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Where, in the original text.
    pub offsets: Offsets,
    /// What goes there.
    pub replacement: String,
}

/// How long the character diff may take before it settles for a coarser answer (which is
/// still correct: fewer, larger edits).
const DEADLINE: Duration = Duration::from_millis(200);

/// The smallest edits, by characters, turning `old` into `new`, in order.
pub fn between(old: &str, new: &str) -> Vec<Edit> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    // Byte offset of each character of `old`, and of its end.
    let bytes: Vec<usize> = old
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(old.len()))
        .collect();
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &a,
        &b,
        Some(Instant::now() + DEADLINE),
    );
    let mut edits: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for op in ops {
        if op.tag() == DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        match edits.last_mut() {
            Some((lo, ln)) if lo.end == o.start && ln.end == n.start => {
                lo.end = o.end;
                ln.end = n.end;
            }
            _ => edits.push((o, n)),
        }
    }
    edits
        .into_iter()
        .map(|(o, n)| Edit {
            offsets: Offsets::of(old, Span::new(bytes[o.start], bytes[o.end])),
            replacement: b[n].iter().collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies edits to `old`, by bytes.
    fn apply(old: &str, edits: &[Edit]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for e in edits {
            out.push_str(&old[at..e.offsets.byte[0]]);
            out.push_str(&e.replacement);
            at = e.offsets.byte[1];
        }
        out + &old[at..]
    }

    #[test]
    fn edits_rebuild_the_fixed_text_and_stay_small() {
        for (old, new, count) in [
            ("كمک می خواهید?", "کمک می‌خواهید؟", 3),
            // « ,» → «، »: the comma put before the space and the Latin one taken out.
            ("سلام 😀 ,خوبی?", "سلام 😀، خوبی؟", 3),
            ("same", "same", 0),
            ("", "x", 1),
            ("abc", "", 1),
        ] {
            let edits = between(old, new);
            assert_eq!(apply(old, &edits), new, "{old}");
            assert_eq!(edits.len(), count, "{old}: {edits:?}");
        }
        // UTF-16 offsets count the emoji as two units.
        let e = between("😀 ,x", "😀، x");
        assert_eq!((e[0].offsets.utf16, e[0].offsets.char), ([2, 2], [1, 1]));
        assert_eq!((e[1].offsets.utf16, e[1].offsets.char), ([3, 4], [2, 3]));
    }
}
