//! `--fix`: safe fixes placed in the file, inside the strings they belong to (`write` puts
//! the result in place).

use lahn::Finding;

use super::source::{self, Kind, Macro};

/// One macro's fixes to apply.
pub struct Planned<'a> {
    pub index: usize,
    pub macro_: &'a Macro,
    pub fixes: Vec<&'a Finding>,
}

/// What `plan` made of a file.
pub struct Outcome {
    /// The fixed file.
    pub text: String,
    /// How many fixes went in.
    pub applied: usize,
}

/// The file `text` with the safe fixes of `plan` applied inside their strings, or `None`
/// when nothing could be applied. Every change is checked by reading the result again: each
/// macro must come out with exactly the fixed body, or the file is left alone.
pub fn plan(
    kind: Kind,
    name: &str,
    text: &str,
    all: &[Macro],
    plan: &[Planned<'_>],
) -> anyhow::Result<Option<Outcome>> {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut expected: Vec<String> = all.iter().map(|m| m.body.clone()).collect();
    for p in plan {
        if !p.macro_.at.exact() {
            continue;
        }
        let mut taken: Vec<&Finding> = Vec::new();
        for f in lahn::fix::disjoint(p.fixes.iter().copied(), |f| f.span) {
            let Some(fx) = &f.fix else { continue };
            // A replacement the file's format can't hold is left out; the rest stay disjoint.
            let Some(rep) = p.macro_.at.encode(&fx.replacement) else {
                continue;
            };
            let (s, e) = p.macro_.at.range(f.span.start, f.span.end);
            edits.push((s, e, rep));
            taken.push(f);
        }
        expected[p.index] = lahn::fix::apply(&p.macro_.body, taken.iter().copied(), |_| true);
    }
    if edits.is_empty() {
        return Ok(None);
    }
    edits.sort_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (s, e, r) in &edits {
        if *s < at {
            anyhow::bail!("{name}: overlapping fixes; nothing written");
        }
        out.push_str(&text[at..*s]);
        out.push_str(r);
        at = *e;
    }
    out.push_str(&text[at..]);
    let again = source::read(kind, name, &out)
        .ok()
        .flatten()
        .unwrap_or_default();
    let same = again.len() == expected.len()
        && again.iter().zip(&expected).all(|(m, want)| &m.body == want);
    if !same {
        anyhow::bail!("{name}: the fixed file would not read back as intended; nothing written");
    }
    Ok(Some(Outcome {
        text: out,
        applied: edits.len(),
    }))
}
