//! Reading text the way carelint does: every read is capped, binary files are refused,
//! and text is decoded with positioned errors.
//!
//! - [`read_file`]: a file's text, for [`crate::Linter::lint_text`].
//! - [`decode`]: bytes from anywhere (a database, an object store) to text.
//! - [`Encoding`]: the byte-order mark a text had, to write a fixed text back the same way.
//!
//! A file is read with at most `limit + 1` bytes requested, so `/dev/zero`, a FIFO or a
//! file growing while it is read cannot make carelint allocate without bound. Text is
//! UTF-8 (a byte-order mark is dropped) or UTF-16 with a byte-order mark (as Windows
//! exports often are), decoded the way ripgrep does.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, ErrorKind};

/// Largest rule pack read (bytes).
pub(crate) const RULES_LIMIT: u64 = 16 * 1024 * 1024;

/// Largest `carelint.yaml` read (bytes).
pub(crate) const CONFIG_LIMIT: u64 = 4 * 1024 * 1024;

/// Largest baseline file read (bytes).
pub(crate) const BASELINE_LIMIT: u64 = 256 * 1024 * 1024;

/// Reads at most `limit` bytes from any reader.
fn read_all_capped(
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
        return Err(too_large(name, what, limit));
    }
    Ok(bytes)
}

/// The error for an input over its limit.
fn too_large(name: &str, what: &str, limit: u64) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        format!("{what} is larger than the limit of {}", human_size(limit)),
    )
    .with_path(name)
}

/// A size for messages: `64 MB`, `512 KB`, `300 bytes` (1 MB = 1,048,576 bytes). The
/// CLI prints sizes with a copy of this function (`carelint-cli`'s `capped.rs`): keep the
/// two alike.
fn human_size(bytes: u64) -> String {
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

/// The text of the file at `path`, read as carelint reads its inputs: at most `limit`
/// bytes, UTF-8 (a byte-order mark is dropped) or UTF-16 with a byte-order mark.
///
/// A NUL byte in the first 8 KB (a binary file, `/dev/zero`) fails at once, before the
/// rest is read.
///
/// # Errors
///
/// [`ErrorKind::Io`] when the file cannot be read or is binary (with the byte offset of
/// the first NUL), [`ErrorKind::TooLarge`] over `limit`, [`ErrorKind::Parse`] for text
/// that is not valid UTF-8 (with its line and column) or UTF-16. Every error names the
/// file.
///
/// # Example
///
/// ```
/// use carelint::{source, Format, Linter};
///
/// # let dir = std::env::temp_dir().join(format!("carelint-doc-read-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("reply.txt");
/// std::fs::write(&path, b"\xFF\xFEH\0i\0")?; // "Hi" in UTF-16, as Windows tools write it
/// let text = source::read_file(&path, 64 * 1024 * 1024)?;
/// assert_eq!(text, "Hi");
/// let report = Linter::builder().build()?.lint_text("reply.txt", &text, Format::Plain)?;
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_file(path: impl AsRef<Path>, limit: u64) -> Result<String, Error> {
    read_text(path.as_ref(), limit, "file")
}

/// Reads a UTF-8 (or UTF-16 with BOM) text file of at most `limit` bytes (configs, rule
/// packs, baselines).
///
/// A NUL byte in the first 8 KB (a binary file, `/dev/zero`) fails at once, before the
/// rest is read.
///
/// # Errors
///
/// I/O errors, files over the limit, binary files (with the byte offset of the first
/// NUL) and text that is not valid UTF-8 (positioned).
pub(crate) fn read_text(path: &Path, limit: u64, what: &str) -> Result<String, Error> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| Error::io(&name, &format!("cannot read {what}"), e))?;
    let bytes = read_text_bytes(file, limit, &name, what)?;
    decode(bytes, &name).map(Cow::into_owned)
}

/// Reads at most `limit` bytes of text from `reader`, failing as soon as the first
/// 8 KB show a NUL byte (see [`binary_offset`]).
fn read_text_bytes(
    mut reader: impl Read,
    limit: u64,
    name: &str,
    what: &str,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    (&mut reader)
        .take(BINARY_PROBE.min(limit.saturating_add(1)))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name, &format!("cannot read {what}"), e))?;
    if let Some(at) = binary_offset(&bytes) {
        return Err(binary_error(name, what, at));
    }
    if bytes.len() as u64 > limit {
        return Err(too_large(name, what, limit));
    }
    let rest = read_all_capped(reader, limit - bytes.len() as u64, name, what);
    match rest {
        Ok(rest) => {
            bytes.extend_from_slice(&rest);
            Ok(bytes)
        }
        Err(e) if e.kind() == ErrorKind::TooLarge => Err(too_large(name, what, limit)),
        Err(e) => Err(e),
    }
}

/// The error for a binary input: `binary file (NUL byte at byte offset 12); carelint
/// reads UTF-8 and UTF-16 text` (the CLI has a copy for the files it walks).
fn binary_error(name: &str, what: &str, offset: usize) -> Error {
    let what = if what == "file" {
        String::new()
    } else {
        format!("{what}: ")
    };
    Error::new(
        ErrorKind::Io,
        format!(
            "{what}binary file (NUL byte at byte offset {offset}); carelint reads UTF-8 and UTF-16 text"
        ),
    )
    .with_path(name)
}

/// Bytes looked at for NUL bytes to tell a binary file.
const BINARY_PROBE: u64 = 8192;

/// The text encoding of a source file, kept so that a fixed file is written back the way
/// it was read.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    #[default]
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16, little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark.
    Utf16Be,
}

impl Encoding {
    /// The encoding of raw file bytes, as [`decode`] reads them.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Encoding {
        if bytes.starts_with(&[0xFF, 0xFE]) {
            Encoding::Utf16Le
        } else if bytes.starts_with(&[0xFE, 0xFF]) {
            Encoding::Utf16Be
        } else if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            Encoding::Utf8Bom
        } else {
            Encoding::Utf8
        }
    }

    /// `text` (as [`decode`] gave it, without a byte-order mark) encoded back, with the
    /// byte-order mark the file had.
    ///
    /// ```
    /// use carelint::source::{decode, Encoding};
    ///
    /// let raw = b"\xFF\xFEH\0i\0".to_vec();
    /// let enc = Encoding::of(&raw);
    /// let text = decode(raw.clone(), "a.txt")?;
    /// assert_eq!(enc.encode(&text), raw);
    /// # Ok::<(), carelint::Error>(())
    /// ```
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        }
    }
}

/// Decodes bytes to text: UTF-8 (dropping a byte-order mark) or, after a UTF-16 LE/BE
/// byte-order mark, UTF-16.
///
/// # Errors
///
/// Invalid UTF-8 (with the line and column of the first bad byte) or invalid UTF-16 (with
/// its byte offset).
pub fn decode(bytes: Vec<u8>, name: &str) -> Result<Cow<'static, str>, Error> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, name, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, name, u16::from_be_bytes).map(Cow::Owned);
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(t) => Ok(Cow::Owned(t)),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            Err(Error::parse(
                name,
                line,
                column,
                format!(
                    "invalid UTF-8 (byte offset {}); carelint reads UTF-8 and UTF-16 text: convert the file, e.g. with `iconv -f latin1 -t utf-8`",
                    valid.len()
                ),
            ))
        }
    }
}

fn utf16(bytes: &[u8], name: &str, unit: fn([u8; 2]) -> u16) -> Result<String, Error> {
    let units = bytes
        .chunks(2)
        .map(|c| unit([c[0], *c.get(1).unwrap_or(&0)]));
    let mut out = String::with_capacity(bytes.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(Error::new(
                    ErrorKind::Parse,
                    format!("invalid UTF-16 (byte offset {})", 2 + i * 2),
                )
                .with_path(name))
            }
        }
    }
    if !bytes.len().is_multiple_of(2) {
        return Err(
            Error::new(ErrorKind::Parse, "UTF-16 text with an odd number of bytes").with_path(name),
        );
    }
    Ok(out)
}

/// The byte offset of the first NUL in `bytes`, if it looks binary (a NUL in the first
/// 8 KB). UTF-16 text with a byte-order mark is not binary.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
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
    fn utf16_and_boms_decode() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hi é".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(le, "a").unwrap(), "Hi é");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Hi".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(be, "a").unwrap(), "Hi");
        assert_eq!(decode(b"\xEF\xBB\xBFok".to_vec(), "a").unwrap(), "ok");
        let e = decode(b"ab\ncaf\xe9".to_vec(), "l.txt").unwrap_err();
        assert_eq!((e.line(), e.column()), (Some(2), Some(4)));
    }

    #[test]
    fn binary_detection() {
        assert_eq!(binary_offset(b"ab\0c"), Some(2));
        assert_eq!(binary_offset(b"abc"), None);
        assert_eq!(binary_offset(&[0xFF, 0xFE, b'a', 0]), None);
    }

    #[test]
    fn binary_text_fails_before_the_rest_is_read() {
        // An endless source of NUL bytes: refused after the first 8 KB.
        let e = read_text_bytes(std::io::repeat(0), 1 << 40, "/dev/zero", "config").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/dev/zero: config: binary file (NUL byte at byte offset 0); carelint reads UTF-8 and UTF-16 text"
        );
        let e = read_text_bytes(std::io::repeat(b'y'), 100, "-", "rules").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TooLarge);
        assert_eq!(read_text_bytes(&b"ok"[..], 2, "a", "rules").unwrap(), b"ok");
        let e = read_text_bytes(&b"ok!"[..], 2, "a", "rules").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TooLarge);
    }

    #[test]
    fn encodings_round_trip() {
        for raw in [
            &b"Hi"[..],
            b"\xEF\xBB\xBFHi \xC3\xA9",
            b"\xFF\xFEH\0i\0",
            b"\xFE\xFF\0H\0i",
        ] {
            let enc = Encoding::of(raw);
            let text = decode(raw.to_vec(), "a").unwrap();
            assert_eq!(enc.encode(&text), raw, "{enc:?}");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(64 * 1024 * 1024), "64 MB");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(70_400_000), "67.1 MB");
    }
}
