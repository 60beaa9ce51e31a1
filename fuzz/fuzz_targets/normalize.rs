//! The normalised view and its offset map, and the analysis built on it: every offset the
//! map gives lies on a character boundary of the original, the map is monotonic, and every
//! range the analysis produces lies on character boundaries of the normalised view.

#![no_main]

use lahn::text::{Analysis, Normalized};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(original) = std::str::from_utf8(data) else {
        return;
    };
    let n = Normalized::new(original);
    let t = n.as_str();
    let mut last = 0;
    for i in 0..=t.len() {
        let o = n.offset_to_original(i);
        assert!(
            o <= original.len() && original.is_char_boundary(o),
            "offset {i} maps to {o}"
        );
        assert!(o >= last, "map not monotonic at {i}: {last} then {o}");
        last = o;
    }
    let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
    // Each character, each pair and the whole text map onto original char boundaries.
    for w in 1..=2 {
        for pair in bounds.windows(w + 1) {
            check_range(original, &n, pair[0]..pair[w]);
        }
    }
    check_range(original, &n, 0..t.len());
    let a = Analysis::new(original);
    let ranges = a
        .protected
        .iter()
        .map(|(r, _)| r)
        .chain(&a.sentences)
        .chain(a.tokens.iter().map(|k| &k.range));
    for r in ranges {
        assert!(
            r.start <= r.end && r.end <= t.len(),
            "{r:?} outside the normalised view"
        );
        assert!(
            t.is_char_boundary(r.start) && t.is_char_boundary(r.end),
            "{r:?} off a char boundary"
        );
        check_range(original, &n, r.clone());
    }
});

fn check_range(original: &str, n: &Normalized, r: std::ops::Range<usize>) {
    let o = n.to_original(r.clone());
    assert!(
        o.start <= o.end && o.end <= original.len(),
        "{r:?} maps to {o:?}"
    );
    assert!(
        original.is_char_boundary(o.start) && original.is_char_boundary(o.end),
        "{r:?} maps to {o:?}"
    );
    if r.start < r.end {
        assert!(o.start < o.end, "non-empty {r:?} maps to empty {o:?}");
    }
}
