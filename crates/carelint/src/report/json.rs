//! `jsonl` and `json` output.
//!
//! ## Wire format
//!
//! `jsonl` writes one JSON object per finding per line, with exactly the fields `path`,
//! `transcript`, `turn` (0-based, `null` for conversation-level findings), `speaker`,
//! `rule`, `category`, `severity`, `message`, `line`, `column` (1-based, in the source
//! file), `span` (`{start, end}` byte offsets within the turn's text, or `null`), `match`
//! and `suggestion`.
//!
//! `json` writes one document: `{"version": 1, "diagnostics": [...same objects...],
//! "errors": [{path, line, column, message}], "summary": {...}}`. The diagnostics are
//! streamed as sources complete; the summary comes last because it is only known then.

use std::io::{self, Write};

use super::Reporter;
use super::Summary;
use crate::error::Error;
use crate::linter::SourceReport;

/// One JSON object per finding per line.
#[derive(Debug, Default)]
pub struct JsonLines;

impl Reporter for JsonLines {
    fn source(
        &mut self,
        out: &mut dyn Write,
        report: &SourceReport,
        _: Option<&str>,
    ) -> io::Result<()> {
        // Serialized into one buffer and written once: serde_json writes a finding in
        // ~30 small pieces, each a call through `dyn Write`.
        let mut buf = Vec::with_capacity(report.diagnostics.len() * 384);
        for d in &report.diagnostics {
            serde_json::to_writer(&mut buf, d)?;
            buf.push(b'\n');
        }
        out.write_all(&buf)
    }
}

/// One JSON document for the whole run.
#[derive(Debug, Default)]
pub struct Json {
    first: bool,
    errors: Vec<serde_json::Value>,
}

impl Reporter for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.first = true;
        out.write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": [")
    }

    fn source(
        &mut self,
        out: &mut dyn Write,
        report: &SourceReport,
        _: Option<&str>,
    ) -> io::Result<()> {
        let mut buf = Vec::with_capacity(report.diagnostics.len() * 384);
        for d in &report.diagnostics {
            buf.extend_from_slice(if self.first { b"\n    " } else { b",\n    " });
            self.first = false;
            serde_json::to_writer(&mut buf, d)?;
        }
        out.write_all(&buf)
    }

    fn error(&mut self, _: &mut dyn Write, error: &Error) -> io::Result<()> {
        let message = match error.path() {
            Some(_) => error.message().to_string(),
            None => error.to_string(),
        };
        let value = serde_json::json!({
            "path": error.path(), "line": error.line(), "column": error.column(), "message": message
        });
        self.errors.push(value);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        out.write_all(if self.first { b"],\n" } else { b"\n  ],\n" })?;
        out.write_all(b"  \"errors\": ")?;
        serde_json::to_writer(&mut *out, &self.errors)?;
        out.write_all(b",\n  \"summary\": ")?;
        serde_json::to_writer(&mut *out, summary)?;
        out.write_all(b"\n}\n")
    }
}
