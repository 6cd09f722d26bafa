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
//! "teams":[...],
//! "rules":[...],
//! "period":"day",
//! "periods":[...],
//! "not_scored":{...},
//! "worst":[
//! {"id":"c7","path":"calls/c7.json","agent":"Daniel",...,"score":53,"excerpts":[...],"turns":[...]},
//! ...
//! ],
//! "sample":[...],
//! "errors":[...]}
//! ```
//!
//! Every key is described in `docs/report.md`. One conversation per line, so the file
//! can also be read line by line. `worst` and `sample` hold the conversations the HTML
//! shows in full, with the same excerpts: for each turn with findings, the customer's
//! turn before it (`cue`), the agent's reply, and per finding the match, the suggestion
//! and the coaching note (`why`).

use std::io::{self, Write};

use serde::Serialize;

use super::aggregate::{ConversationRow, ListedConversation, ListedTurn, Report};
use carelint::scorecard::Scorecard;
use carelint::{Category, Severity, Span};

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
        write!(out, ",\n\"teams\":")?;
        serde_json::to_writer(&mut *out, &report.teams)?;
        write!(out, ",\n\"rules\":")?;
        serde_json::to_writer(&mut *out, &report.rules)?;
        write!(out, ",\n\"period\":")?;
        serde_json::to_writer(&mut *out, report.period)?;
        write!(out, ",\n\"periods\":")?;
        serde_json::to_writer(&mut *out, &report.periods)?;
        write!(out, ",\n\"not_scored\":")?;
        serde_json::to_writer(&mut *out, &report.not_scored)?;
        write!(out, ",\n\"worst\":")?;
        listed(&mut *out, &report.worst)?;
        write!(out, ",\n\"sample\":")?;
        listed(&mut *out, &report.sample)?;
        write!(out, ",\n\"errors\":")?;
        serde_json::to_writer(&mut *out, &report.errors)?;
        writeln!(out, "}}")?;
        Ok(self.out)
    }
}

/// The listed conversations, one per line.
fn listed<W: Write>(out: &mut W, list: &[ListedConversation]) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, c) in list.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &Listed::from(c))?;
    }
    out.write_all(if list.is_empty() { b"]" } else { b"\n]" })
}

/// A conversation the HTML shows in full.
#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    path: &'a str,
    agent: &'a str,
    team: &'a str,
    date: Option<&'a str>,
    channel: &'a str,
    score: Option<f64>,
    result: &'a str,
    note: &'a str,
    #[serde(serialize_with = "lost_map")]
    points_lost: &'a [(Category, f64)],
    excerpts: Vec<Excerpt<'a>>,
    turns: &'a [ListedTurn],
}

/// One turn with findings, as the HTML shows it.
#[derive(Serialize)]
struct Excerpt<'a> {
    /// `None` for findings about the whole conversation.
    turn: Option<usize>,
    cue: Option<Said<'a>>,
    reply: Option<Said<'a>>,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Said<'a> {
    turn: usize,
    speaker: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    category: Category,
    severity: Severity,
    message: &'a str,
    span: Option<Span>,
    #[serde(rename = "match")]
    matched: Option<&'a str>,
    suggestion: Option<&'a str>,
    why: &'a str,
    points: f64,
    fatal: bool,
}

impl<'a> From<&'a ListedConversation> for Listed<'a> {
    fn from(c: &'a ListedConversation) -> Self {
        let said = |i: usize| {
            c.turns.get(i).map(|t| Said {
                turn: i,
                speaker: &t.speaker,
                text: &t.text,
            })
        };
        let r = &c.row;
        Listed {
            id: &r.id,
            path: &r.path,
            agent: &r.agent,
            team: &r.team,
            date: r.date.as_deref(),
            channel: &r.channel,
            score: r.score,
            result: r.result,
            note: &r.note,
            points_lost: &r.points_lost,
            excerpts: c
                .excerpts()
                .into_iter()
                .map(|e| Excerpt {
                    turn: e.turn,
                    cue: e.cue.and_then(said),
                    reply: e.turn.and_then(said),
                    findings: e
                        .findings
                        .into_iter()
                        .map(|f| Finding {
                            rule: &f.rule,
                            category: f.category,
                            severity: f.severity,
                            message: &f.message,
                            span: f.span,
                            matched: f.matched.as_deref(),
                            suggestion: f.suggestion.as_deref(),
                            why: &f.why,
                            points: f.points,
                            fatal: f.fatal,
                        })
                        .collect(),
                })
                .collect(),
            turns: &c.turns,
        }
    }
}

fn lost_map<S: serde::Serializer>(v: &&[(Category, f64)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(v.len()))?;
    for (c, n) in v.iter() {
        m.serialize_entry(c.as_str(), n)?;
    }
    m.end()
}
