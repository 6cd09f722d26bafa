//! Reading the inputs the CLI walks: every read is capped, binary files are told from
//! text by their first 8 KB, and sizes print in one set of units.
//!
//! The library reads its own files (configs, rule packs, baselines) and
//! `carelint::source::read_file` the same way; these are the pieces the CLI needs apart,
//! to skip a binary file found while walking a folder instead of failing on it, and to
//! read standard input. `binary_error` and `human_size` print exactly what the library's
//! private twins print: keep them alike.

use std::io::Read;
use std::path::Path;

use carelint::{Error, ErrorKind};

/// Bytes looked at for NUL bytes to tell a binary file.
pub const BINARY_PROBE: u64 = 8192;

/// Reads at most `limit` bytes of `path`.
///
/// # Errors
///
/// An I/O error, or [`ErrorKind::TooLarge`] when the file holds more than `limit` bytes.
pub fn read_capped(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, Error> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| Error::io(&name, &format!("cannot read {what}"), e))?;
    read_all_capped(file, limit, &name, what)
}

/// Reads at most `limit` bytes from any reader (stdin, a pipe, the rest of a file).
///
/// # Errors
///
/// An I/O error, or [`ErrorKind::TooLarge`] beyond `limit` bytes.
pub fn read_all_capped(
    reader: impl Read,
    limit: u64,
    name: &str,
    what: &str,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name, &format!("cannot read {what}"), e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!("{what} is larger than the limit of {}", human_size(limit)),
        )
        .with_path(name));
    }
    Ok(bytes)
}

/// A size for messages, in the same units everywhere: `64 MB`, `512 KB`, `300 bytes`
/// (1 MB = 1,048,576 bytes).
#[must_use]
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else if bytes >= KB {
        format!("{:.1} KB", bytes as f64 / KB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// The error for a binary input file: `binary file (NUL byte at byte offset 12); carelint
/// reads UTF-8 and UTF-16 text`.
#[must_use]
pub fn binary_error(name: &str, offset: usize) -> Error {
    Error::new(
        ErrorKind::Io,
        format!(
            "binary file (NUL byte at byte offset {offset}); carelint reads UTF-8 and UTF-16 text"
        ),
    )
    .with_path(name)
}

/// The byte offset of the first NUL in `bytes`, if it looks binary (a NUL in the first
/// 8 KB). UTF-16 text with a byte-order mark is not binary.
#[must_use]
pub fn binary_offset(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE as usize)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_capped() {
        let e =
            read_all_capped(std::io::repeat(0).take(10_000), 100, "<stdin>", "input").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TooLarge);
        assert_eq!(
            e.to_string(),
            "<stdin>: input is larger than the limit of 100 bytes"
        );
        assert_eq!(
            read_all_capped(&b"abc"[..], 3, "x", "input").unwrap(),
            b"abc"
        );
    }

    #[test]
    fn binary_detection() {
        assert_eq!(binary_offset(b"ab\0c"), Some(2));
        assert_eq!(binary_offset(b"abc"), None);
        assert_eq!(binary_offset(&[0xFF, 0xFE, b'a', 0]), None);
        assert_eq!(
            binary_error("a.bin", 2).to_string(),
            "a.bin: binary file (NUL byte at byte offset 2); carelint reads UTF-8 and UTF-16 text"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(64 * 1024 * 1024), "64 MB");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(70_400_000), "67.1 MB");
        assert_eq!(human_size(300), "300 bytes");
    }

    /// The library prints sizes and binary files the same way (its limit messages).
    #[test]
    fn messages_match_the_library() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.txt");
        std::fs::write(&path, b"ab\0c").unwrap();
        let name = path.display().to_string();
        assert_eq!(
            carelint::source::read_file(&path, 100)
                .unwrap_err()
                .to_string(),
            binary_error(&name, 2).to_string()
        );
        std::fs::write(&path, vec![b'a'; 2000]).unwrap();
        assert_eq!(
            carelint::source::read_file(&path, 1536)
                .unwrap_err()
                .to_string(),
            format!(
                "{name}: file is larger than the limit of {}",
                human_size(1536)
            )
        );
    }
}
