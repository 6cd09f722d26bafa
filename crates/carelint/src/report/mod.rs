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

/// Finds the text of 1-based `line` in `text`.
pub(crate) fn nth_line(text: &str, line: usize) -> Option<&str> {
    let l = text.split('\n').nth(line.checked_sub(1)?)?;
    Some(l.strip_suffix('\r').unwrap_or(l))
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
