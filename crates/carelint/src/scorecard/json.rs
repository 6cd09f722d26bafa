//! JSON: the same data as the CSV and HTML outputs, in one document written as the
//! conversations stream in.
//!
//! ```text
//! {"version":1,"generated":"2024-05-01 10:00 UTC","inputs":["calls/"],
//! "scorecard":{"pass_mark":80,"min_agent_turns":2,"points":{...},"categories":{...},"rules":{},"fatal":[...],"metadata":{...}},
//! "conversations":[
//! {"id":"c1","path":"calls/a.json","agent":"Maria",...,"score":72,"result":"fail",...},
//! ...
//! ],
//! "summary":{...},
//! "histogram":{"bins":[...]},
//! "categories":[...],
//! "agents":[...],
//! "rules":[...],
//! "period":"day",
//! "periods":[...],
//! "not_scored":{...},
//! "worst":["id", ...],
//! "sample":["id", ...],
//! "errors":[...]}
//! ```
//!
//! Every key is described in `docs/report.md`. One conversation per line, so the file
//! can also be read line by line.

use std::io::{self, Write};

use super::{ConversationRow, Report, Scorecard};

/// What the document says about the run.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    /// When the report was made (any text; pinned in tests).
    pub generated: &'a str,
    /// The paths that were read.
    pub inputs: &'a [String],
    /// The scorecard.
    pub scorecard: &'a Scorecard,
}

/// Writes the document: [`JsonReport::new`], [`JsonReport::write`] per conversation,
/// [`JsonReport::finish`].
#[derive(Debug)]
pub struct JsonReport<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> JsonReport<W> {
    /// Writes the head of the document.
    ///
    /// # Errors
    ///
    /// Errors of `out`.
    pub fn new(mut out: W, header: Header<'_>) -> io::Result<JsonReport<W>> {
        write!(out, "{{\"version\":1,\"generated\":")?;
        serde_json::to_writer(&mut out, header.generated)?;
        write!(out, ",\"inputs\":")?;
        serde_json::to_writer(&mut out, header.inputs)?;
        write!(out, ",\n\"scorecard\":")?;
        serde_json::to_writer(&mut out, header.scorecard)?;
        write!(out, ",\n\"conversations\":[")?;
        Ok(JsonReport { out, first: true })
    }

    /// Writes one conversation.
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn write(&mut self, row: &ConversationRow) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        serde_json::to_writer(&mut self.out, row)?;
        Ok(())
    }

    /// Writes the aggregates and closes the document.
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn finish(mut self, report: &Report) -> io::Result<W> {
        let out = &mut self.out;
        write!(out, "\n],\n\"summary\":")?;
        serde_json::to_writer(&mut *out, &report.summary)?;
        write!(out, ",\n\"histogram\":")?;
        serde_json::to_writer(&mut *out, &report.histogram)?;
        write!(out, ",\n\"categories\":")?;
        serde_json::to_writer(&mut *out, &report.categories)?;
        write!(out, ",\n\"agents\":")?;
        serde_json::to_writer(&mut *out, &report.agents)?;
        write!(out, ",\n\"rules\":")?;
        serde_json::to_writer(&mut *out, &report.rules)?;
        write!(out, ",\n\"period\":")?;
        serde_json::to_writer(&mut *out, report.period)?;
        write!(out, ",\n\"periods\":")?;
        serde_json::to_writer(&mut *out, &report.periods)?;
        write!(out, ",\n\"not_scored\":")?;
        serde_json::to_writer(&mut *out, &report.not_scored)?;
        let ids = |l: &[super::ListedConversation]| -> Vec<String> {
            l.iter().map(|c| c.row.id.clone()).collect()
        };
        write!(out, ",\n\"worst\":")?;
        serde_json::to_writer(&mut *out, &ids(&report.worst))?;
        write!(out, ",\n\"sample\":")?;
        serde_json::to_writer(&mut *out, &ids(&report.sample))?;
        write!(out, ",\n\"errors\":")?;
        serde_json::to_writer(&mut *out, &report.errors)?;
        writeln!(out, "}}")?;
        Ok(self.out)
    }
}
