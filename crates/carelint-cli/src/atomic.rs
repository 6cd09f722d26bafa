//! Replacing a file on disk: never half-written, never with a wider mode than the
//! original's, and never over an edit made since the file was read (`--fix`,
//! `--write-baseline`, `init`).

use std::fs::{self, File, Permissions};
use std::hash::Hasher;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// What a file held when it was read: its length and a 64-bit hash of its bytes.
///
/// [`replace_if_unchanged`] compares the file's current bytes with it just before
/// replacing the file, so an edit made after carelint read the file is never lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    hash: u64,
}

impl Stamp {
    /// The stamp of `bytes`, the exact contents of a file.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Stamp {
        // SipHash with fixed keys (std's `DefaultHasher::new`): stable within a process,
        // which is all a stamp needs. Collisions need an adversary racing the write.
        let mut h = std::hash::DefaultHasher::new();
        h.write(bytes);
        Stamp {
            len: bytes.len() as u64,
            hash: h.finish(),
        }
    }

    /// The stamp of the file at `path` now, reading at most one byte more than this
    /// stamp's length (a file that grew differs whatever its bytes). `None` when the file
    /// cannot be read (it was removed, say).
    fn current(&self, path: &Path) -> Option<Stamp> {
        let mut bytes = Vec::new();
        File::open(path)
            .ok()?
            .take(self.len.saturating_add(1))
            .read_to_end(&mut bytes)
            .ok()?;
        Some(Stamp::of(&bytes))
    }
}

/// The result of [`replace_if_unchanged`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// The file now holds the new contents.
    Written,
    /// The file changed since it was read (or was removed); it was left as it is.
    Changed,
}

/// Replaces the file at `path` with `contents` atomically: readers see either the old
/// file or the new one, never a partial write.
///
/// The contents go to a temporary file in the same folder, created with the original's
/// permissions (so it is never readable by more users than the original), flushed to
/// disk (`fsync`) and then renamed over the original. The new file belongs to the writing
/// user. When `path` is a symbolic link, the file it points to is replaced and the link
/// stays. When `path` does not exist, it is created (mode `0o666` less the umask).
///
/// # Errors
///
/// Any I/O error (the folder is not writable, the disk is full, `path` is a folder). On
/// error the original file is left untouched and the temporary file is removed.
pub fn write_atomic(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> io::Result<()> {
    let contents = contents.as_ref();
    replace_with(path.as_ref(), None, |f| f.write_all(contents)).map(|_| ())
}

/// [`write_atomic`], but only if the file still holds what it held when it was read
/// (`expected`), checked after the new contents are on disk and just before the rename.
/// A file that changed meanwhile is left as it is and [`Replaced::Changed`] is returned.
///
/// # Errors
///
/// As [`write_atomic`].
pub fn replace_if_unchanged(
    path: impl AsRef<Path>,
    contents: impl AsRef<[u8]>,
    expected: Stamp,
) -> io::Result<Replaced> {
    let contents = contents.as_ref();
    replace_with(path.as_ref(), Some(expected), |f| f.write_all(contents))
}

/// [`replace_if_unchanged`] (with `expected`) or [`write_atomic`] (without), with the
/// writing step given as a closure: a baseline streams its entries into the file, and
/// tests make the step fail.
pub fn replace_with(
    path: &Path,
    expected: Option<Stamp>,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<Replaced> {
    let target: PathBuf = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let original = match fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            return Err(io::Error::other(format!(
                "{} is a folder, not a file",
                target.display()
            )))
        }
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if expected.is_some() {
                return Ok(Replaced::Changed);
            }
            None
        }
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // `.name.XXXXXX.carelint-tmp`, with the name cut so that the temporary name stays
    // within the usual 255-byte limit whatever the target's length.
    let mut name = target
        .file_name()
        .map_or_else(|| "carelint".into(), |n| n.to_string_lossy().into_owned());
    if name.len() > 100 {
        let mut cut = 100;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    let prefix = format!(".{name}.");
    let mode = match &original {
        Some(p) => p.clone(),
        None => new_file_permissions(&dir)?,
    };
    // Created with the final mode (less the umask, so never wider), then set to exactly
    // the original's before any byte is written.
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".carelint-tmp")
        .permissions(mode)
        .tempfile_in(&dir)?;
    if let Some(perms) = original {
        tmp.as_file().set_permissions(perms)?;
    }
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    if let Some(expected) = expected {
        if expected.current(&target) != Some(expected) {
            return Ok(Replaced::Changed); // dropping `tmp` removes it
        }
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(Replaced::Written)
}

/// The mode of a file created anew: what `File::create` gives.
fn new_file_permissions(dir: &Path) -> io::Result<Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = dir;
        Ok(Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    {
        // Only the read-only flag exists: a writable file.
        let mut p = fs::metadata(dir)?.permissions();
        p.set_readonly(false);
        Ok(p)
    }
}

/// Flushes the folder entry of the rename to disk, where the platform allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("carelint-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn failed_write_keeps_the_original_and_leaves_no_temp_file() {
        let dir = temp_dir("fail");
        let path = dir.join("t.txt");
        fs::write(&path, "original\n").unwrap();
        let err = replace_with(&path, None, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(fs::read_to_string(&path).unwrap(), "original\n");
        assert_eq!(names(&dir), ["t.txt"], "temporary file left behind");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_edit_made_after_reading_is_never_lost() {
        let dir = temp_dir("stamp");
        let path = dir.join("t.txt");
        fs::write(&path, "ASAP\n").unwrap();
        let stamp = Stamp::of(b"ASAP\n");
        // Appended while the fix waited, or edited in place with the same length.
        for edit in ["ASAP\nmore\n", "ASAQ\n", ""] {
            fs::write(&path, edit).unwrap();
            let r = replace_if_unchanged(&path, "as soon as possible\n", stamp).unwrap();
            assert_eq!(r, Replaced::Changed, "{edit:?}");
            assert_eq!(fs::read_to_string(&path).unwrap(), edit);
            assert_eq!(names(&dir), ["t.txt"], "temporary file left behind");
        }
        fs::remove_file(&path).unwrap();
        let r = replace_if_unchanged(&path, "x", stamp).unwrap();
        assert_eq!(r, Replaced::Changed, "a removed file is not recreated");
        assert!(!path.exists());
        fs::write(&path, "ASAP\n").unwrap();
        let r = replace_if_unchanged(&path, "as soon as possible\n", stamp).unwrap();
        assert_eq!(r, Replaced::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), "as soon as possible\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_temporary_file_never_has_a_wider_mode_than_the_original() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("mode");
        let path = dir.join("private.txt");
        fs::write(&path, "secret\n").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o600)).unwrap();
        let mut seen = 0;
        replace_with(&path, None, |f| {
            // While the contents are written, the temporary file is already 0600.
            for name in names(&dir) {
                let m = fs::metadata(dir.join(&name)).unwrap().permissions().mode() & 0o777;
                assert_eq!(m, 0o600, "{name}");
                seen += 1;
            }
            f.write_all(b"new\n")
        })
        .unwrap();
        assert_eq!(seen, 2, "the original and the temporary file");
        let m = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(m, 0o600);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn atomic_write_replaces_contents() {
        let dir = temp_dir("replace");
        let path = dir.join("reply.txt");
        write_atomic(&path, "one\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "one\n");
        write_atomic(&path, b"two\r\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two\r\n");
        assert_eq!(names(&dir), ["reply.txt"], "no temporary file is left");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_permissions_and_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("perms");
        let path = dir.join("reply.txt");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, "new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);

        fs::set_permissions(&path, Permissions::from_mode(0o755)).unwrap();
        write_atomic(&path, "newer\n").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o755
        );

        let link = dir.join("link.txt");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        write_atomic(&link, "via link\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&path).unwrap(), "via link\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn failing_write_leaves_the_original_intact() {
        let dir = temp_dir("folder");
        // The target is a folder: the write must fail and change nothing.
        let target = dir.join("folder.txt");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside.txt"), "keep\n").unwrap();
        assert!(write_atomic(&target, "x").is_err());
        assert!(target.is_dir());
        assert_eq!(
            fs::read_to_string(target.join("inside.txt")).unwrap(),
            "keep\n"
        );
        // The folder does not exist: an error, and nothing is created.
        let missing = dir.join("no/such/folder/reply.txt");
        assert!(write_atomic(&missing, "x").is_err());
        assert!(!dir.join("no").exists());
        assert_eq!(names(&dir), ["folder.txt"], "no temporary file is left");
        fs::remove_dir_all(&dir).unwrap();
    }
}
