//! JSON Lines: one canonical transcript object per line, read as a stream.
//!
//! ```text
//! {"id":"star-2","channel":"chat","turns":[{"speaker":"customer","text":"Hi"},{"speaker":"agent","text":"Hello!"}]}
//! {"id":"star-3","channel":"chat","turns":[{"speaker":"agent","text":"How can I help?"}]}
//! ```
//!
//! Each line has the schema of the [canonical JSON format](super::json). Blank lines are
//! skipped. Every turn's `line` is the record's line, and its column points at the turn's
//! text in that line. A malformed line is an error with its line and column; the lines
//! after it are still read.
//!
//! # Streaming
//!
//! [`JsonlReader`] reads from any [`BufRead`] without holding the file. Iterate it for
//! transcripts one by one, or take raw lines in batches bounded in lines and bytes with
//! [`JsonlReader::batch`] and lint each batch (in parallel, in any order) with
//! [`crate::Linter::lint_jsonl_batch`]. A line longer than
//! [`JsonlReader::MAX_LINE_BYTES`] (64 MiB) is an error of its own and is never held in
//! memory; the lines after it are read.
//!
//! ```
//! use carelint::Linter;
//!
//! let linter = Linter::builder().build()?;
//! let data = "{\"turns\":[{\"speaker\":\"agent\",\"text\":\"Hi\"}]}\n\nnot json\n{\"turns\":[]}\n";
//! let mut reader = linter.read_jsonl(data.as_bytes(), "calls.jsonl");
//! let (mut ok, mut errors) = (0, Vec::new());
//! loop {
//!     let batch = reader.batch(1000, 8 << 20)?; // Err only for an I/O error
//!     if batch.is_empty() {
//!         break;
//!     }
//!     let (report, bad) = linter.lint_jsonl_batch("calls.jsonl", &batch);
//!     ok += report.transcripts;
//!     errors.extend(bad.iter().map(|e| e.to_string()));
//! }
//! assert_eq!(ok, 2);
//! assert!(errors[0].starts_with("calls.jsonl:3:2: invalid JSON"), "{}", errors[0]);
//! # Ok::<(), carelint::Error>(())
//! ```

use std::io::{BufRead, Read};

use super::json;
use super::{ReadOptions, Transcript};
use crate::error::Error;

/// Parses one JSON Lines record. `line_no` is the 1-based line in the file; `path` names
/// the file in errors and ids.
///
/// Returns `Ok(None)` for a blank line. A transcript without an `id` gets `path:line`.
///
/// # Errors
///
/// A line that is not a valid transcript object is an error with `line_no` and the column
/// serde reports.
pub(crate) fn parse_line(
    line: &str,
    line_no: usize,
    path: &str,
    options: &ReadOptions,
) -> Result<Option<Transcript>, Error> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let line = if line_no == 1 {
        line.strip_prefix('\u{feff}').unwrap_or(line)
    } else {
        line
    };
    if line.trim().is_empty() {
        return Ok(None);
    }
    json::parse_one(
        line,
        line_no.max(1),
        || format!("{path}:{line_no}"),
        path,
        options,
    )
    .map(Some)
}

/// Reads every record of a JSON Lines text, stopping at the first malformed line.
///
/// Use [`JsonlReader`] or [`parse_line`] to read past malformed lines.
///
/// # Errors
///
/// The first malformed line, with its line and column.
pub(crate) fn parse(
    text: &str,
    path: &str,
    options: &ReadOptions,
) -> Result<Vec<Transcript>, Error> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if let Some(t) = parse_line(line, i + 1, path, options)? {
            out.push(t);
        }
    }
    Ok(out)
}

/// One line of a JSON Lines file, not yet parsed, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlLine {
    /// 1-based line number in the file.
    pub line: usize,
    /// The line's text, without the line break.
    pub text: String,
}

/// Reads a JSON Lines stream line by line.
///
/// As an [`Iterator`] it yields one `Result<Transcript, Error>` per non-blank line; a
/// malformed line yields an `Err` and iteration continues with the next line. An I/O error
/// is yielded once and ends the iteration. For parallel parsing, take raw lines with
/// [`JsonlReader::batch`] and give batches to [`crate::Linter::lint_jsonl_batch`].
///
/// Made by [`crate::Linter::read_jsonl`], so it parses with the linter's settings.
///
/// Memory use is one line (plus one batch), whatever the file size: a line longer than
/// [`JsonlReader::MAX_LINE_BYTES`] (64 MiB; see [`JsonlReader::max_line_bytes`]) is never
/// held — at most that many bytes plus one are read into memory, the rest of the line is
/// skipped, and the line is an error of its own while reading goes on with the next one.
#[derive(Debug)]
pub struct JsonlReader<'o, R> {
    reader: R,
    path: String,
    options: &'o ReadOptions,
    line: usize,
    buf: Vec<u8>,
    max_line: usize,
    done: bool,
}

impl<'o, R: BufRead> JsonlReader<'o, R> {
    /// The default longest line, in bytes: 64 MiB.
    pub const MAX_LINE_BYTES: usize = 64 << 20;

    /// A reader of `reader`; `path` names the source in errors and default ids.
    pub(crate) fn new(reader: R, path: &str, options: &'o ReadOptions) -> JsonlReader<'o, R> {
        JsonlReader {
            reader,
            path: path.to_string(),
            options,
            line: 0,
            buf: Vec::new(),
            max_line: Self::MAX_LINE_BYTES,
            done: false,
        }
    }

    /// Sets the longest line, in bytes (without the line break), that is read; a longer
    /// line is skipped with an error. At least 1.
    #[must_use]
    pub fn max_line_bytes(mut self, max: usize) -> Self {
        self.max_line = max.max(1);
        self
    }

    /// The number of lines read so far.
    pub fn line_number(&self) -> usize {
        self.line
    }

    /// Reads the next line (blank or not). `Ok(None)` at the end of the input.
    ///
    /// # Errors
    ///
    /// An I/O error, a line that is not UTF-8, or a line longer than the maximum (each with
    /// its line number; reading can go on after the last two).
    pub fn next_line(&mut self) -> Result<Option<JsonlLine>, Error> {
        if self.done {
            return Ok(None);
        }
        self.buf.clear();
        // Read at most the longest line, its line break (two bytes for CRLF) and one byte
        // more, so that an overlong line is never held.
        let limit = (self.max_line as u64).saturating_add(3);
        let n = (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| self.io_error(e))?;
        if n == 0 {
            self.done = true;
            return Ok(None);
        }
        self.line += 1;
        let ended = self.buf.last() == Some(&b'\n');
        if ended {
            self.buf.pop();
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        if self.buf.len() > self.max_line {
            let length = if ended { n - 1 } else { n + self.skip_rest()? };
            self.buf = Vec::new();
            return Err(Error::parse(
                &self.path,
                self.line,
                1,
                format!(
                    "this line is {}, longer than the {} limit for one JSON Lines record; it was skipped",
                    show_bytes(length),
                    show_bytes(self.max_line),
                ),
            ));
        }
        match std::str::from_utf8(&self.buf) {
            Ok(s) => Ok(Some(JsonlLine {
                line: self.line,
                text: s.to_string(),
            })),
            Err(e) => {
                let col = std::str::from_utf8(&self.buf[..e.valid_up_to()])
                    .map_or(1, |s| s.chars().count() + 1);
                Err(Error::parse(
                    &self.path,
                    self.line,
                    col,
                    "the line is not valid UTF-8; save the file as UTF-8",
                ))
            }
        }
    }

    /// Skips the rest of the current line without keeping it; returns the bytes skipped.
    fn skip_rest(&mut self) -> Result<usize, Error> {
        let mut skipped = 0;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.io_error(e)),
            };
            if chunk.is_empty() {
                return Ok(skipped);
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok(skipped + i);
                }
                None => {
                    let len = chunk.len();
                    self.reader.consume(len);
                    skipped += len;
                }
            }
        }
    }

    fn io_error(&mut self, e: std::io::Error) -> Error {
        self.done = true;
        Error::io(
            &self.path,
            &format!("cannot read line {}", self.line + 1),
            e,
        )
    }

    /// Reads non-blank lines until `max_lines` lines or `max_bytes` bytes of line text are
    /// taken (a batch holds at least one line, however long). An empty batch means the end
    /// of the input.
    ///
    /// A line that is not UTF-8 or too long is an `Err` entry in the batch (with its line
    /// number), so results can be reported in line order; reading goes on after it.
    ///
    /// # Errors
    ///
    /// Only an I/O error, which ends the stream.
    pub fn batch(
        &mut self,
        max_lines: usize,
        max_bytes: usize,
    ) -> Result<Vec<Result<JsonlLine, Error>>, Error> {
        let mut out = Vec::with_capacity(max_lines.clamp(1, 4096));
        let mut bytes = 0usize;
        while out.len() < max_lines.max(1) && (out.is_empty() || bytes < max_bytes) {
            match self.next_line() {
                Ok(Some(l)) => {
                    if !l.text.trim().is_empty() {
                        bytes = bytes.saturating_add(l.text.len() + 1);
                        out.push(Ok(l));
                    }
                }
                Ok(None) => break,
                Err(e) if e.kind() == crate::ErrorKind::Parse => out.push(Err(e)),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}

/// A byte count for messages: `64 MiB`, `1.5 KiB`, `12 bytes`.
fn show_bytes(n: usize) -> String {
    const UNITS: [(&str, usize); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if n >= size {
            let v = n as f64 / size as f64;
            return if n.is_multiple_of(size) {
                format!("{} {unit}", n / size)
            } else {
                format!("{v:.1} {unit}")
            };
        }
    }
    format!("{n} bytes")
}

impl<R: BufRead> Iterator for JsonlReader<'_, R> {
    type Item = Result<Transcript, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let line = match self.next_line() {
                Ok(Some(l)) => l,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            match parse_line(&line.text, line.line, &self.path, self.options) {
                Ok(Some(t)) => return Some(Ok(t)),
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_positions_and_errors_continue() {
        let data = "{\"id\":\"a\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"Hi there\"}]}\n\n{\"turns\":[{\"speaker\":\"agent\"\n{\"turns\":[{\"speaker\":\"customer\",\"text\":\"x\"}]}\n";
        let o = ReadOptions::default();
        let items: Vec<_> = JsonlReader::new(data.as_bytes(), "f.jsonl", &o).collect();
        assert_eq!(items.len(), 3);
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.turns[0].line, 1);
        assert_eq!(a.turns[0].position(0), (1, 47));
        let e = items[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("f.jsonl:3:"), "{e}");
        let c = items[2].as_ref().unwrap();
        assert_eq!(c.id, "f.jsonl:4");
        assert_eq!(c.turns[0].line, 4);
    }

    #[test]
    fn overlong_lines_are_skipped_with_an_error_without_being_held() {
        let long = "x".repeat(10_000);
        let data = format!("{{\"turns\":[]}}\n{long}\n{{\"turns\":[]}}\r\n{long}");
        let o = ReadOptions::default();
        let mut r = JsonlReader::new(data.as_bytes(), "f.jsonl", &o).max_line_bytes(100);
        assert_eq!(r.next_line().unwrap().unwrap().line, 1);
        let e = r.next_line().unwrap_err();
        assert_eq!((e.line(), e.column()), (Some(2), Some(1)));
        assert!(
            e.message()
                .starts_with("this line is 9.8 KiB, longer than the 100 bytes limit"),
            "{e}"
        );
        // Never more than the limit (plus a line break and one byte) was held.
        assert!(r.buf.capacity() < 1000, "{}", r.buf.capacity());
        assert_eq!(r.next_line().unwrap().unwrap().line, 3);
        let e = r.next_line().unwrap_err();
        assert_eq!(e.line(), Some(4));
        assert!(r.next_line().unwrap().is_none());
        // A line of exactly the limit is read.
        let exact = format!("{{\"turns\":[],\"id\":\"{}\"}}", "y".repeat(80));
        let mut r = JsonlReader::new(exact.as_bytes(), "f.jsonl", &o).max_line_bytes(exact.len());
        assert!(r.next_line().unwrap().is_some());
    }

    #[test]
    fn batches_are_bounded_in_lines_and_bytes() {
        let line = format!("{{\"turns\":[],\"id\":\"{}\"}}\n", "z".repeat(90));
        let data = line.repeat(10);
        let o = ReadOptions::default();
        let mut r = JsonlReader::new(data.as_bytes(), "f.jsonl", &o);
        assert_eq!(r.batch(100, 250).unwrap().len(), 3);
        assert_eq!(r.batch(2, 1 << 20).unwrap().len(), 2);
        // A line larger than the byte bound still makes a batch of one.
        assert_eq!(r.batch(100, 1).unwrap().len(), 1);
        assert_eq!(r.batch(100, 1 << 20).unwrap().len(), 4);
        assert!(r.batch(100, 1 << 20).unwrap().is_empty());
    }

    #[test]
    fn invalid_utf8_is_an_error_and_reading_goes_on() {
        let data: &[u8] = b"{\"turns\":[]}\n\xff\xfe\n{\"turns\":[]}\n";
        let o = ReadOptions::default();
        let items: Vec<_> = JsonlReader::new(data, "f.jsonl", &o).collect();
        assert_eq!(items.len(), 3);
        assert!(items[1].as_ref().unwrap_err().to_string().contains("UTF-8"));
        assert!(items[2].is_ok());
    }
}
