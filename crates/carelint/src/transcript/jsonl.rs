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
//! transcripts one by one, or take raw lines in batches with [`JsonlReader::batch`] and
//! lint each batch (in parallel, in any order) with
//! [`crate::Linter::lint_jsonl_batch`]:
//!
//! ```
//! use carelint::Linter;
//!
//! let linter = Linter::builder().build()?;
//! let data = "{\"turns\":[{\"speaker\":\"agent\",\"text\":\"Hi\"}]}\n\nnot json\n{\"turns\":[]}\n";
//! let mut reader = linter.read_jsonl(data.as_bytes(), "calls.jsonl");
//! let (mut ok, mut errors) = (0, Vec::new());
//! loop {
//!     let batch = reader.batch(1000)?; // Err only for an I/O error
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

use std::io::BufRead;

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
/// Memory use is one line (plus one batch), whatever the file size.
#[derive(Debug)]
pub struct JsonlReader<'o, R> {
    reader: R,
    path: String,
    options: &'o ReadOptions,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<'o, R: BufRead> JsonlReader<'o, R> {
    /// A reader of `reader`; `path` names the source in errors and default ids.
    pub(crate) fn new(reader: R, path: &str, options: &'o ReadOptions) -> JsonlReader<'o, R> {
        JsonlReader {
            reader,
            path: path.to_string(),
            options,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// The number of lines read so far.
    pub fn line_number(&self) -> usize {
        self.line
    }

    /// Reads the next line (blank or not). `Ok(None)` at the end of the input.
    ///
    /// # Errors
    ///
    /// An I/O error, or a line that is not UTF-8 (with its line number; reading can go on).
    pub fn next_line(&mut self) -> Result<Option<JsonlLine>, Error> {
        if self.done {
            return Ok(None);
        }
        self.buf.clear();
        let n = self.reader.read_until(b'\n', &mut self.buf).map_err(|e| {
            self.done = true;
            Error::io(
                &self.path,
                &format!("cannot read line {}", self.line + 1),
                e,
            )
        })?;
        if n == 0 {
            self.done = true;
            return Ok(None);
        }
        self.line += 1;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
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

    /// Reads up to `max_lines` non-blank lines. An empty batch means the end of the input.
    ///
    /// A line that is not UTF-8 is an `Err` entry in the batch (with its line number), so
    /// results can be reported in line order; reading goes on after it.
    ///
    /// # Errors
    ///
    /// Only an I/O error, which ends the stream.
    pub fn batch(&mut self, max_lines: usize) -> Result<Vec<Result<JsonlLine, Error>>, Error> {
        let mut out = Vec::with_capacity(max_lines.clamp(1, 4096));
        while out.len() < max_lines.max(1) {
            match self.next_line() {
                Ok(Some(l)) => {
                    if !l.text.trim().is_empty() {
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
    fn invalid_utf8_is_an_error_and_reading_goes_on() {
        let data: &[u8] = b"{\"turns\":[]}\n\xff\xfe\n{\"turns\":[]}\n";
        let o = ReadOptions::default();
        let items: Vec<_> = JsonlReader::new(data, "f.jsonl", &o).collect();
        assert_eq!(items.len(), 3);
        assert!(items[1].as_ref().unwrap_err().to_string().contains("UTF-8"));
        assert!(items[2].is_ok());
    }
}
