//! Output formats. Each reporter writes to any [`std::io::Write`]; none prints by itself.
//!
//! A run calls [`Reporter::begin`] once, [`Reporter::source`] for each source in output
//! order (as results complete, so output streams), [`Reporter::error`] for each source
//! that failed, and [`Reporter::finish`] once with the totals.

mod human;
mod json;

pub use human::{Human, HumanOptions};
pub use json::{Json, JsonLines};

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::error::Error;
use crate::linter::SourceReport;

/// Writes the results of a run in one output format.
pub trait Reporter: Send {
    /// Called once before any source.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Called for each source, in output order. `text` is the source's text when the
    /// caller still has it (the human format shows the offending line from it).
    fn source(
        &mut self,
        out: &mut dyn Write,
        report: &SourceReport,
        text: Option<&str>,
    ) -> io::Result<()>;

    /// Like [`Reporter::source`], with the transcripts read from the source (each with
    /// its [`crate::Diagnostic::transcript_index`]), for formats that show a finding's
    /// conversation. The default ignores them.
    fn source_with_transcripts(
        &mut self,
        out: &mut dyn Write,
        report: &SourceReport,
        text: Option<&str>,
        transcripts: &[(usize, crate::Transcript)],
    ) -> io::Result<()> {
        let _ = transcripts;
        self.source(out, report, text)
    }

    /// Called for a source that could not be read or parsed. Formats that cannot carry
    /// errors ignore it (the caller reports errors on stderr as well).
    fn error(&mut self, _out: &mut dyn Write, _error: &Error) -> io::Result<()> {
        Ok(())
    }

    /// Called once after the last source.
    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// Counts over a batch of linted files.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Files read (including those that failed).
    pub files: usize,
    /// Files that could not be read or parsed.
    pub files_with_errors: usize,
    /// Transcripts linted.
    pub transcripts: usize,
    /// Turns linted.
    pub turns: usize,
    /// Findings reported.
    pub findings: usize,
    /// Findings of severity `error`.
    pub errors: usize,
    /// Findings of severity `warning`.
    pub warnings: usize,
    /// Findings of severity `info`.
    pub infos: usize,
    /// Bytes of input read.
    pub bytes: u64,
    /// Files not linted, by reason (kebab-case keys the caller chooses, such as
    /// `binary`, `empty` or `ignored`). Not counted in [`Summary::files`].
    #[serde(default)]
    pub skipped: std::collections::BTreeMap<String, usize>,
}

impl Summary {
    /// Adds one finding of the given severity to the counts.
    pub fn count(&mut self, severity: Severity) {
        self.findings += 1;
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Records one file not linted, for `reason`.
    pub fn skip(&mut self, reason: &str) {
        self.skip_many(reason, 1);
    }

    /// Records `n` files not linted, for `reason`.
    pub fn skip_many(&mut self, reason: &str, n: usize) {
        if n > 0 {
            *self.skipped.entry(reason.to_string()).or_default() += n;
        }
    }

    /// Files not linted, for any reason.
    #[must_use]
    pub fn skipped_files(&self) -> usize {
        self.skipped.values().sum()
    }

    /// `ignored: 2, binary: 1`: the skipped files by reason, or an empty string.
    #[must_use]
    pub fn skipped_breakdown(&self) -> String {
        self.skipped
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Number of findings at or above `level`.
    #[must_use]
    pub fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Info => self.findings,
            Severity::Warning => self.warnings + self.errors,
            Severity::Error => self.errors,
        }
    }
}

/// `1 file`, `2 files`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 findings (1 error, 2 warnings, 0 info)`.
pub(crate) fn findings_breakdown(s: &Summary) -> String {
    format!(
        "{} ({}, {}, {})",
        plural(s.findings, "finding", "findings"),
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "info")
    )
}

/// `; 2 files could not be read`, or nothing.
pub(crate) fn unreadable_note(s: &Summary) -> String {
    if s.files_with_errors > 0 {
        format!(
            "; {} could not be read",
            plural(s.files_with_errors, "file", "files")
        )
    } else {
        String::new()
    }
}

/// `; 3 files skipped (binary: 1, ignored: 2)`, or nothing.
pub(crate) fn skipped_note(s: &Summary) -> String {
    match s.skipped_files() {
        0 => String::new(),
        n => format!(
            "; {} skipped ({})",
            plural(n, "file", "files"),
            s.skipped_breakdown()
        ),
    }
}

/// Finds the text of 1-based lines in one source's text, for a reporter that shows the
/// line under each finding.
///
/// Findings come in line order, so the cursor walks on from the line it found last
/// instead of counting from the top each time (which made showing a file's findings
/// quadratic in its length: 4% of a run over small plain-text files); a line before
/// the last one found starts the walk again from the top.
pub(crate) struct Lines<'a> {
    text: Option<&'a str>,
    /// The 1-based number of the line that starts at byte `at`.
    line: usize,
    at: usize,
    /// Line `line`'s text and whether it is ASCII, each found once.
    found: Option<&'a str>,
    ascii: Option<bool>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: Option<&'a str>) -> Lines<'a> {
        Lines {
            text,
            line: 1,
            at: 0,
            found: None,
            ascii: None,
        }
    }

    /// Whether the line [`Lines::get`] found last is ASCII (its columns are then byte
    /// offsets): read once a line, however many findings it has.
    pub(crate) fn is_ascii(&mut self) -> bool {
        let line = self.current();
        *self.ascii.get_or_insert_with(|| line.is_ascii())
    }

    fn current(&mut self) -> &'a str {
        let Some(text) = self.text else {
            return "";
        };
        self.found.get_or_insert_with(|| {
            let rest = &text[self.at..];
            let l = rest.split('\n').next().unwrap_or(rest);
            l.strip_suffix('\r').unwrap_or(l)
        })
    }

    /// The text of 1-based `line`, without its line ending; `None` for line 0, a line
    /// past the end, or no text.
    pub(crate) fn get(&mut self, line: usize) -> Option<&'a str> {
        let text = self.text?;
        if line == 0 {
            return None;
        }
        if line < self.line {
            self.line = 1;
            self.at = 0;
            self.found = None;
            self.ascii = None;
        }
        while self.line < line {
            let next = memchr::memchr(b'\n', &text.as_bytes()[self.at..])?;
            self.at += next + 1;
            self.line += 1;
            self.found = None;
            self.ascii = None;
        }
        Some(self.current())
    }
}

mod concise;
mod github;
mod junit;
mod sarif;
mod statistics;

pub use concise::Concise;
pub use github::Github;
pub use junit::Junit;
pub use sarif::Sarif;
pub use statistics::{Statistics, StatisticsFormat};
