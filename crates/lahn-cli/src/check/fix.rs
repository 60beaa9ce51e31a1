//! `--fix`: safe fixes written back into the file, inside the strings they belong to, and
//! written atomically.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
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

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so a
/// crash leaves either the old file or the new one, never half of one. Keeps the file's
/// permissions. With `original`, the file must still hold exactly those bytes just before the
/// rename; if someone changed it since it was read, nothing is written and `Ok(false)` is
/// returned.
pub fn write_atomic(path: &Path, bytes: &[u8], original: Option<&[u8]>) -> anyhow::Result<bool> {
    // Errors don't name `path`: the caller's context does, once.
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let existing = std::fs::metadata(path).ok();
    // A file marked read-only is the user's word that it must not change.
    if existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly())
    {
        anyhow::bail!("the file is read-only");
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".lahn-").suffix(".tmp");
    // A new file gets a normal file's permissions (the umask applies), not a temporary
    // file's owner-only ones; an existing one keeps its own, below.
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // tempfile's errors name the temporary file; only what went wrong is worth saying.
    let plain = |e: std::io::Error| std::io::Error::from(e.kind());
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(plain)
        .context("cannot create a temporary file beside it")?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Some(meta) = &existing {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    if let Some(orig) = original {
        let now = std::fs::read(path).context("cannot read it again before replacing it")?;
        if now != orig {
            // The temporary file is removed when dropped.
            return Ok(false);
        }
    }
    tmp.persist(path)
        .map_err(|e| plain(e.error))
        .context("cannot replace it")?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.txt");
        std::fs::write(&p, "edited by someone else").unwrap();
        let written = write_atomic(&p, b"fixed", Some(b"as read")).unwrap();
        assert!(!written);
        assert_eq!(std::fs::read(&p).unwrap(), b"edited by someone else");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn an_interrupted_write_leaves_the_old_file() {
        // The new text goes to a temporary file first; until the rename the old file is
        // untouched, so failing before it (here: the directory vanishes) loses nothing.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.txt");
        std::fs::write(&p, "old").unwrap();
        let missing = dir.path().join("gone").join("m.txt");
        assert!(write_atomic(&missing, b"new", None).is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert!(write_atomic(&p, b"new", Some(b"old")).unwrap());
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_a_normal_files_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("lahn-baseline.json");
        assert!(write_atomic(&p, b"{}", None).unwrap());
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        // Readable by the group and others unless the umask forbids it, as a file an
        // editor saves; a temporary file would be 0o600.
        let probe = dir.path().join("probe");
        std::fs::write(&probe, "").unwrap();
        let normal = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, normal);
    }

    #[test]
    fn a_read_only_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.txt");
        std::fs::write(&p, "old").unwrap();
        let mut perms = std::fs::metadata(&p).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&p, perms).unwrap();
        let err = write_atomic(&p, b"new", Some(b"old"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "the file is read-only");
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }
}
