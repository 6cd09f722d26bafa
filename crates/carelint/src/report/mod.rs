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

use crate::diagnostic::Summary;
use crate::engine::SourceReport;
use crate::error::Error;

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
pub use github::{escape_data, escape_property, Github};
pub use junit::{escape_xml, Junit};
pub use sarif::{Sarif, SARIF_SCHEMA};
pub use statistics::{CategoryCount, RuleCount, Statistics, StatisticsFormat};
