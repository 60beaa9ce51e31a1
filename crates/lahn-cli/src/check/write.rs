//! Writing files back without losing anybody's edit.
//!
//! `replace` puts a fixed text in place of a file lahn read earlier, only when the file still
//! holds what was read: lahn's own writers in one directory take turns (a lock on the
//! directory), the file is compared just before it is swapped with the new one, and what the
//! swap took out is compared again, so an editor saving in between is noticed and its text
//! put back. A symlink's target is fixed and the link stays a link; a hard-linked file, or one
//! whose owner can't be kept, is written in place after the same comparison; permissions and
//! owner are kept. `write_atomic` writes a file lahn owns (the baseline) through a temporary
//! file and a rename.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Seek as _, Write as _};
use std::path::Path;

use anyhow::Context as _;

/// What became of a replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// The new text is in the file.
    Written,
    /// The file no longer held what was read; it was left as it is.
    Changed,
}

/// Replaces the text of the file at `path`, read as `original`, with `new`, unless it
/// changed since it was read. Errors say what went wrong, not which file (the caller names
/// it): a file that is not regular, read-only, or in a read-only directory is not written.
pub fn replace(path: &Path, original: &[u8], new: &[u8]) -> anyhow::Result<Replaced> {
    replace_with(path, original, new, &mut || {})
}

/// [`replace`], calling `between` after the last comparison and before the swap: the moment
/// another writer could slip in.
fn replace_with(
    path: &Path,
    original: &[u8],
    new: &[u8],
    between: &mut dyn FnMut(),
) -> anyhow::Result<Replaced> {
    // A symlink is followed: its target is fixed, and the link stays as it is.
    let target = fs::canonicalize(path).context("cannot resolve its path")?;
    let meta = fs::metadata(&target).context("cannot read its metadata")?;
    if !meta.is_file() {
        anyhow::bail!("not a regular file");
    }
    // A file marked read-only is the user's word that it must not change.
    if meta.permissions().readonly() {
        anyhow::bail!("the file is read-only");
    }
    let dir = target.parent().unwrap_or(Path::new("/"));
    let _turn = DirLock::take(dir).context("cannot lock its directory")?;
    if keeps_identity(&meta) {
        return in_place(&target, original, new, between);
    }
    if fs::metadata(dir).is_ok_and(|m| m.permissions().readonly()) {
        anyhow::bail!("its directory is read-only");
    }
    let plain = |e: io::Error| io::Error::from(e.kind());
    let mut tmp = tempfile::Builder::new()
        .prefix(".lahn-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(plain)
        .context("cannot create a temporary file beside it")?;
    tmp.write_all(new)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    if !same_owner(tmp.as_file(), &meta) {
        // A file someone else owns would change hands with a rename: written in place
        // instead (the temporary file goes when dropped).
        return in_place(&target, original, new, between);
    }
    tmp.as_file().sync_all()?;
    if fs::read(&target).context("cannot read it again")? != original {
        return Ok(Replaced::Changed);
    }
    between();
    match exchange(tmp.path(), &target) {
        Ok(()) => {
            // The temporary name now holds what the swap took out: the file as read, unless
            // someone saved in between. Then their text goes back, ours is dropped.
            let taken = fs::read(tmp.path()).context("cannot read the replaced text")?;
            if taken == original {
                return Ok(Replaced::Written);
            }
            if same_file(tmp.as_file(), &target) {
                exchange(tmp.path(), &target).context("cannot put the other text back")?;
            }
            Ok(Replaced::Changed)
        }
        Err(_) => {
            // No atomic swap here (another system, another file system): a rename right
            // after the comparison.
            tmp.persist(&target)
                .map_err(|e| plain(e.error))
                .context("cannot replace it")?;
            Ok(Replaced::Written)
        }
    }
}

/// Writes `new` over the file's own bytes after checking they are still `original`: a hard
/// link stays linked, an owner stays the owner.
fn in_place(
    target: &Path,
    original: &[u8],
    new: &[u8],
    between: &mut dyn FnMut(),
) -> anyhow::Result<Replaced> {
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(target)
        .context("cannot open it for writing")?;
    let mut now = Vec::with_capacity(original.len());
    f.read_to_end(&mut now)?;
    if now != original {
        return Ok(Replaced::Changed);
    }
    between();
    f.seek(io::SeekFrom::Start(0))?;
    f.write_all(new)?;
    f.set_len(new.len() as u64)?;
    f.sync_all()?;
    Ok(Replaced::Written)
}

/// Whether the file must keep its inode: it has other names (hard links).
#[cfg(unix)]
fn keeps_identity(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn keeps_identity(_: &fs::Metadata) -> bool {
    false
}

/// Gives `file` the owner and group of `meta`; whether it has them.
#[cfg(unix)]
fn same_owner(file: &File, meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    let Ok(mine) = file.metadata() else {
        return false;
    };
    if (mine.uid(), mine.gid()) == (meta.uid(), meta.gid()) {
        return true;
    }
    std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_ok()
}

#[cfg(not(unix))]
fn same_owner(_: &File, _: &fs::Metadata) -> bool {
    true
}

/// Whether `file` is the file at `path`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    false
}

/// Swaps the files at `a` and `b` in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt as _;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are NUL-terminated strings that live across the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// An exclusive lock on a directory, held while lahn writes a file in it: two `lahn check
/// --fix` runs take turns.
struct DirLock(#[allow(dead_code)] Option<File>);

impl DirLock {
    #[cfg(unix)]
    fn take(dir: &Path) -> io::Result<DirLock> {
        use std::os::fd::AsRawFd as _;
        let f = File::open(dir)?;
        loop {
            // SAFETY: `f` is an open descriptor for the whole call; the lock goes with it.
            if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) } == 0 {
                return Ok(DirLock(Some(f)));
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }

    #[cfg(not(unix))]
    fn take(_: &Path) -> io::Result<DirLock> {
        Ok(DirLock(None))
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so a
/// crash leaves either the old file or the new one, never half of one. For files lahn itself
/// writes (the baseline); a new file gets a normal file's permissions, an existing one keeps
/// its own.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    // Errors don't name `path`: the caller's context does, once.
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let existing = fs::metadata(path).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly())
    {
        anyhow::bail!("the file is read-only");
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".lahn-").suffix(".tmp");
    // A new file gets a normal file's permissions (the umask applies), not a temporary
    // file's owner-only ones.
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // tempfile's errors name the temporary file; only what went wrong is worth saying.
    let plain = |e: io::Error| io::Error::from(e.kind());
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(plain)
        .context("cannot create a temporary file beside it")?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Some(meta) = &existing {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path)
        .map_err(|e| plain(e.error))
        .context("cannot replace it")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> usize {
        fs::read_dir(dir).unwrap().count()
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.txt");
        fs::write(&p, "edited by someone else").unwrap();
        assert_eq!(
            replace(&p, b"as read", b"fixed").unwrap(),
            Replaced::Changed
        );
        assert_eq!(fs::read(&p).unwrap(), b"edited by someone else");
        assert_eq!(entries(dir.path()), 1, "no temporary file left");
    }

    #[test]
    fn an_editor_saving_just_before_the_swap_keeps_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.txt");
        fs::write(&p, "as read").unwrap();
        // The editor saves the way most do: a new file renamed over the old one.
        let saved = dir.path().join("saved");
        let outcome = replace_with(&p, b"as read", b"fixed", &mut || {
            fs::write(&saved, "the user's edit").unwrap();
            fs::rename(&saved, &p).unwrap();
        })
        .unwrap();
        assert_eq!(outcome, Replaced::Changed);
        assert_eq!(fs::read(&p).unwrap(), b"the user's edit");
        assert_eq!(entries(dir.path()), 1, "no temporary file left");
    }

    #[test]
    fn an_interrupted_write_leaves_the_old_file() {
        // The new text goes to a temporary file first; until the rename the old file is
        // untouched, so failing before it (here: the directory vanishes) loses nothing.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.txt");
        fs::write(&p, "old").unwrap();
        let missing = dir.path().join("gone").join("m.txt");
        assert!(write_atomic(&missing, b"new").is_err());
        assert!(replace(&missing, b"old", b"new").is_err());
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(replace(&p, b"old", b"new").unwrap(), Replaced::Written);
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(entries(dir.path()), 1, "no temporary file left");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_a_normal_files_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("lahn-baseline.json");
        write_atomic(&p, b"{}").unwrap();
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        // Readable by the group and others unless the umask forbids it, as a file an
        // editor saves; a temporary file would be 0o600.
        let probe = dir.path().join("probe");
        fs::write(&probe, "").unwrap();
        let normal = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, normal);
    }

    #[test]
    fn a_read_only_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.txt");
        fs::write(&p, "old").unwrap();
        let mut perms = fs::metadata(&p).unwrap().permissions();
        perms.set_readonly(true);
        fs::set_permissions(&p, perms).unwrap();
        let err = replace(&p, b"old", b"new").unwrap_err().to_string();
        assert_eq!(err, "the file is read-only");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(entries(dir.path()), 1, "no temporary file left");
    }

    #[cfg(unix)]
    #[test]
    fn links_owner_and_mode_are_kept() {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        // A symlink: the target is fixed, the link stays a link.
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("target.txt", &link).unwrap();
        assert_eq!(replace(&link, b"old", b"new").unwrap(), Replaced::Written);
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o640
        );
        // A hard link: both names still share one file, which has the new text.
        let hard = dir.path().join("hard.txt");
        fs::hard_link(&target, &hard).unwrap();
        let ino = fs::metadata(&target).unwrap().ino();
        assert_eq!(replace(&hard, b"new", b"newer").unwrap(), Replaced::Written);
        assert_eq!(fs::metadata(&hard).unwrap().ino(), ino);
        assert_eq!(fs::read(&target).unwrap(), b"newer");
        assert_eq!(fs::metadata(&target).unwrap().nlink(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_owned_by_someone_else_keeps_its_owner() {
        use std::os::unix::fs::MetadataExt as _;
        // Only a superuser can give a file away to set the case up.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("theirs.txt");
        fs::write(&p, "old").unwrap();
        if std::os::unix::fs::chown(&p, Some(65534), Some(65534)).is_err() {
            eprintln!("skipped: cannot give a file to another user here");
            return;
        }
        assert_eq!(replace(&p, b"old", b"new").unwrap(), Replaced::Written);
        let m = fs::metadata(&p).unwrap();
        assert_eq!((m.uid(), m.gid()), (65534, 65534));
        assert_eq!(fs::read(&p).unwrap(), b"new");
    }
}
