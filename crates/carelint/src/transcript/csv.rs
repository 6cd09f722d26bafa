//! CSV and TSV: one row per turn, grouped into conversations by an id column.
//!
//! ```text
//! conversation_id,speaker,text,start
//! call-1,agent,"Thank you for calling, this is Maria.",0.0
//! call-1,customer,"My router keeps dropping.",3.2
//! ```
//!
//! Columns are found by header name, case-insensitively (spaces and dashes count as `_`),
//! or named with [`CsvColumns`] (`--csv-columns id=call,speaker=who,text=msg`):
//!
//! | column | header names tried, in order |
//! | --- | --- |
//! | conversation id | `conversation_id`, `conversation`, `call_id`, `ticket_id`, `chat_id`, `session_id`, `contact_id`, `transcript_id`, `dialog_id`, `dialogue_id`, `thread_id`, `case_id` |
//! | speaker | `speaker`, `role`, `participant`, `author`, `sender`, `speaker_role`, `participant_role`, `from`, `who` |
//! | text | `text`, `message`, `content`, `utterance`, `body`, `transcript`, `message_text`, `msg`, `comment` |
//! | start time | `timestamp`, `start`, `start_time`, `time`, `begin`, `begin_time`, `offset` |
//! | end time | `end`, `end_time`, `stop` |
//!
//! Optional metadata columns: `channel`; `agent`/`agent_name`/`agent_id`;
//! `team`/`team_name`/`queue`/`queue_name`/`group`; `date`/`conversation_date`/
//! `call_date`/`datetime`; `customer_name`; `customer_timezone`/`timezone`;
//! `locale`/`language` (the first non-empty value of a conversation is used).
//!
//! Rows of a conversation need not be contiguous; conversations keep the order in which
//! their first row appears. Without an id column the whole file is one conversation.
//! Quoting follows RFC 4180 (quoted fields may hold delimiters, `""` and line breaks); a
//! UTF-8 byte order mark is skipped. The delimiter is a tab for TSV; for CSV it is taken
//! from the header line (`,`, `;` or tab).
//!
//! Times may be seconds (`12.5`), clock times (`00:01:23.5`), or ISO 8601 date-times
//! (then made relative to the conversation's earliest one, which also dates the
//! conversation when no date column does). Text that is no time at all (`10:30 AM`) is
//! ignored; a value that looks like a time but is not valid (`00:99:99`, `-5`, `1e308`,
//! `2024-02-31T10:00:00Z`) or an end before its start is an error at its cell.

use std::collections::HashMap;
use std::str::FromStr;

use super::speakers::{Draft, Piece};
use super::time::{epoch_to_iso, order_problem, parse_time, round_ms, Time};
use super::{ReadOptions, SourceSegment, Transcript};
use crate::error::Error;

const ID_NAMES: &[&str] = &[
    "conversation_id",
    "conversation",
    "call_id",
    "ticket_id",
    "chat_id",
    "session_id",
    "contact_id",
    "transcript_id",
    "dialog_id",
    "dialogue_id",
    "thread_id",
    "case_id",
];
const SPEAKER_NAMES: &[&str] = &[
    "speaker",
    "role",
    "participant",
    "author",
    "sender",
    "speaker_role",
    "participant_role",
    "from",
    "who",
];
const TEXT_NAMES: &[&str] = &[
    "text",
    "message",
    "content",
    "utterance",
    "body",
    "transcript",
    "message_text",
    "msg",
    "comment",
];
const START_NAMES: &[&str] = &[
    "timestamp",
    "start",
    "start_time",
    "time",
    "begin",
    "begin_time",
    "offset",
];
const END_NAMES: &[&str] = &["end", "end_time", "stop"];

/// Column names (or 1-based column numbers) for the CSV/TSV reader, overriding the
/// detection by header name. `None` keeps the detection for that column.
///
/// Parse one from `id=call,speaker=who,text=msg,start=ts,end=te` with [`str::parse`]:
///
/// ```
/// use carelint::CsvColumns;
///
/// let c: CsvColumns = "id=call, speaker=who, text=msg".parse()?;
/// assert_eq!(c.text.as_deref(), Some("msg"));
/// assert_eq!(c.start, None);
/// # Ok::<(), carelint::Error>(())
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvColumns {
    /// The conversation id column.
    pub id: Option<String>,
    /// The speaker column.
    pub speaker: Option<String>,
    /// The text column.
    pub text: Option<String>,
    /// The start-time column.
    pub start: Option<String>,
    /// The end-time column.
    pub end: Option<String>,
}

impl FromStr for CsvColumns {
    type Err = crate::Error;

    /// Parses `key=column` pairs separated by commas. Keys: `id` (or `conversation`),
    /// `speaker`, `text`, `start` (or `time`, `timestamp`), `end`. A mistake is an error
    /// of kind [`crate::ErrorKind::Config`] saying what to write instead.
    fn from_str(s: &str) -> Result<CsvColumns, crate::Error> {
        Self::parse_pairs(s).map_err(|m| crate::Error::new(crate::ErrorKind::Config, m))
    }
}

impl CsvColumns {
    fn parse_pairs(s: &str) -> Result<CsvColumns, String> {
        let mut c = CsvColumns::default();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                return Err(format!(
                    "`{pair}` is not `key=column`; write e.g. `id=call_id,speaker=role,text=message`"
                ));
            };
            let value = value.trim();
            if value.is_empty() {
                return Err(format!("`{pair}` names no column"));
            }
            let slot = match key.trim().to_ascii_lowercase().as_str() {
                "id" | "conversation" | "conversation_id" => &mut c.id,
                "speaker" | "role" => &mut c.speaker,
                "text" | "message" => &mut c.text,
                "start" | "time" | "timestamp" => &mut c.start,
                "end" => &mut c.end,
                other => {
                    return Err(format!(
                        "unknown CSV column key `{other}`; use id, speaker, text, start or end"
                    ))
                }
            };
            *slot = Some(value.to_string());
        }
        Ok(c)
    }
}

/// One field of a record: byte range of its raw content in the source.
#[derive(Debug, Clone, Copy)]
struct Field {
    start: usize,
    end: usize,
    quoted: bool,
    line: usize,
    line_start: usize,
}

/// One record (row) with the line it starts on.
struct Record {
    line: usize,
    fields: Vec<Field>,
}

/// Splits `src` into records (RFC 4180).
fn records(src: &str, delim: u8, path: &str) -> Result<Vec<Record>, Error> {
    let mut scan = Scan {
        src,
        delim,
        pos: 0,
        line: 1,
        line_start: 0,
    };
    let mut out = Vec::new();
    while scan.pos < src.len() {
        let mut rec = Record {
            line: scan.line,
            fields: Vec::new(),
        };
        loop {
            let mut field = if scan.byte(scan.pos) == Some(b'"') {
                scan.quoted_field(path)?
            } else {
                scan.plain_field()
            };
            if !src.is_char_boundary(field.start) || !src.is_char_boundary(field.end) {
                field.end = field.start;
            }
            rec.fields.push(field);
            match scan.byte(scan.pos) {
                Some(c) if c == delim => scan.pos += 1,
                Some(b'\n') => {
                    scan.pos += 1;
                    scan.line += 1;
                    scan.line_start = scan.pos;
                    break;
                }
                _ => break,
            }
        }
        out.push(rec);
    }
    Ok(out)
}

/// A position in a CSV text while it is split into fields.
struct Scan<'a> {
    src: &'a str,
    delim: u8,
    pos: usize,
    line: usize,
    line_start: usize,
}

impl Scan<'_> {
    fn byte(&self, at: usize) -> Option<u8> {
        self.src.as_bytes().get(at).copied()
    }

    /// Moves to the next delimiter or line break.
    fn skip_to_field_end(&mut self) {
        while self
            .byte(self.pos)
            .is_some_and(|c| c != self.delim && c != b'\n')
        {
            self.pos += 1;
        }
    }

    /// A quoted field starting at the current `"`; it may span lines.
    fn quoted_field(&mut self, path: &str) -> Result<Field, Error> {
        let (open_line, open_start) = (self.line, self.line_start);
        let start = self.pos + 1;
        let mut j = start;
        let end = loop {
            match self.byte(j) {
                None => {
                    let col = self
                        .src
                        .get(open_start..self.pos)
                        .map_or(1, |s| s.chars().count() + 1);
                    return Err(Error::parse(
                        path,
                        open_line,
                        col,
                        "this quoted field is never closed: a `\"` is missing, or the file is truncated",
                    ));
                }
                Some(b'"') if self.byte(j + 1) == Some(b'"') => j += 2,
                Some(b'"') => break j,
                Some(b'\n') => {
                    self.line += 1;
                    self.line_start = j + 1;
                    j += 1;
                }
                Some(_) => j += 1,
            }
        };
        self.pos = end + 1;
        // Anything between the closing quote and the delimiter is kept out.
        self.skip_to_field_end();
        Ok(Field {
            start,
            end,
            quoted: true,
            line: open_line,
            line_start: open_start,
        })
    }

    /// An unquoted field (a trailing CR is not part of it).
    fn plain_field(&mut self) -> Field {
        let start = self.pos;
        self.skip_to_field_end();
        let mut end = self.pos;
        if end > start && self.byte(end - 1) == Some(b'\r') {
            end -= 1;
        }
        Field {
            start,
            end,
            quoted: false,
            line: self.line,
            line_start: self.line_start,
        }
    }
}

/// The decoded value of a field (`""` → `"`, CRLF → LF).
fn value(src: &str, f: &Field) -> String {
    let raw = src.get(f.start..f.end).unwrap_or("");
    let mut v = if f.quoted && raw.contains('"') {
        raw.replace("\"\"", "\"")
    } else {
        raw.to_string()
    };
    if v.contains('\r') {
        v = v.replace("\r\n", "\n");
    }
    v
}

/// The decoded value of a field with its source segments.
fn value_with_segments(src: &str, f: &Field) -> (String, Vec<SourceSegment>) {
    let raw = src.get(f.start..f.end).unwrap_or("");
    let column = src
        .get(f.line_start..f.start)
        .map_or(1, |s| s.chars().count() + 1);
    let mut segs = vec![SourceSegment {
        text_offset: 0,
        line: f.line,
        column,
    }];
    if !f.quoted {
        return (raw.to_string(), segs);
    }
    let mut out = String::with_capacity(raw.len());
    let (mut line, mut col) = (f.line, column);
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if chars.peek() == Some(&'"') => {
                chars.next();
                out.push('"');
                col += 2;
                segs.push(SourceSegment {
                    text_offset: out.len(),
                    line,
                    column: col,
                });
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                out.push('\n');
                line += 1;
                col = 1;
                segs.push(SourceSegment {
                    text_offset: out.len(),
                    line,
                    column: col,
                });
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    (out, segs)
}

/// Normalises a header name: trimmed, lower case, spaces and dashes as `_`.
fn norm(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim_matches('"')
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
}

/// The delimiter of a header line that names a known text column and a known speaker
/// column, if any.
pub(crate) fn header_delimiter(line: &str) -> Option<u8> {
    [b',', b'\t', b';'].into_iter().find(|&d| {
        let cells: Vec<String> = line.split(d as char).map(norm).collect();
        cells.len() >= 2
            && cells.iter().any(|c| TEXT_NAMES.contains(&c.as_str()))
            && cells.iter().any(|c| SPEAKER_NAMES.contains(&c.as_str()))
    })
}

/// Finds a column: by the user's name or 1-based number, else by the first known name.
fn find_column(
    headers: &[String],
    chosen: Option<&str>,
    names: &[&str],
    what: &str,
    path: &str,
) -> Result<Option<usize>, Error> {
    if let Some(c) = chosen {
        if let Ok(n) = c.trim_start_matches('#').parse::<usize>() {
            if (1..=headers.len()).contains(&n) {
                return Ok(Some(n - 1));
            }
        }
        let want = norm(c);
        return match headers.iter().position(|h| *h == want) {
            Some(i) => Ok(Some(i)),
            None => Err(Error::parse(
                path,
                1,
                1,
                format!(
                    "the {what} column `{c}` is not in the header; the headers are: {}",
                    headers.join(", ")
                ),
            )),
        };
    }
    Ok(names
        .iter()
        .find_map(|n| headers.iter().position(|h| h == n)))
}

fn missing(what: &str, names: &[&str], key: &str, headers: &[String], path: &str) -> Error {
    Error::parse(
        path,
        1,
        1,
        format!(
            "no {what} column: the headers are {}; tried {}. Name it with --csv-columns {key}=<header>",
            if headers.is_empty() {
                "empty".to_string()
            } else {
                headers
                    .iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            names.join(", ")
        ),
    )
}

/// The columns of a CSV/TSV file, by index.
struct Columns {
    text: usize,
    speaker: usize,
    id: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    channel: Option<usize>,
    /// Metadata columns: (field name for [`Metadata::insert`](super::Metadata::insert),
    /// column).
    metadata: Vec<(&'static str, usize)>,
}

/// Header names of the metadata columns, by [`Metadata`](super::Metadata) field.
const METADATA_NAMES: &[(&str, &[&str])] = &[
    ("agent", &["agent", "agent_name", "agent_id"]),
    (
        "team",
        &["team", "team_name", "queue", "queue_name", "group"],
    ),
    (
        "date",
        &["date", "conversation_date", "call_date", "datetime"],
    ),
    ("customer_name", &["customer_name"]),
    (
        "customer_timezone",
        &["customer_timezone", "timezone", "time_zone"],
    ),
    ("locale", &["locale", "language"]),
];

impl Columns {
    /// Finds the columns by the names in [`ReadOptions::csv_columns`], else by the known
    /// header names.
    fn find(headers: &[String], options: &ReadOptions, path: &str) -> Result<Columns, Error> {
        let chosen = options.csv_columns.clone().unwrap_or_default();
        let find = |c: &Option<String>, names: &[&str], what: &str| {
            find_column(headers, c.as_deref(), names, what, path)
        };
        let known = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| headers.iter().position(|h| h == n))
        };
        Ok(Columns {
            text: find(&chosen.text, TEXT_NAMES, "text")?
                .ok_or_else(|| missing("text", TEXT_NAMES, "text", headers, path))?,
            speaker: find(&chosen.speaker, SPEAKER_NAMES, "speaker")?
                .ok_or_else(|| missing("speaker", SPEAKER_NAMES, "speaker", headers, path))?,
            id: find(&chosen.id, ID_NAMES, "id")?,
            start: find(&chosen.start, START_NAMES, "start")?,
            end: find(&chosen.end, END_NAMES, "end")?,
            channel: known(&["channel"]),
            metadata: METADATA_NAMES
                .iter()
                .filter_map(|(field, names)| known(names).map(|c| (*field, c)))
                .collect(),
        })
    }
}

/// The delimiter of a CSV text: from a header line with known columns, else the most
/// frequent candidate in the first line, else a comma.
fn sniff_delimiter(src: &str) -> u8 {
    let first_line = src.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    header_delimiter(first_line).unwrap_or_else(|| {
        [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
            .filter(|d| first_line.as_bytes().contains(d))
            .unwrap_or(b',')
    })
}

/// One conversation's rows while the file is read.
struct Group {
    draft: Draft,
    /// Each row's times.
    times: Vec<RowTimes>,
}

/// A row's start and end time, and where its end time is written (line, column).
struct RowTimes {
    start: Option<Time>,
    end: Option<Time>,
    end_at: (usize, usize),
}

/// The conversations of a file, in order of their first row.
struct Groups<'a> {
    src: &'a str,
    path: &'a str,
    columns: Columns,
    headers: Vec<String>,
    list: Vec<Group>,
    index: HashMap<String, usize>,
}

impl Groups<'_> {
    /// Adds one row to its conversation.
    fn add(&mut self, rec: &Record) -> Result<(), Error> {
        let src = self.src;
        let get = |c: Option<usize>| c.and_then(|c| rec.fields.get(c)).map(|f| value(src, f));
        let Some(text_field) = rec.fields.get(self.columns.text) else {
            return Err(self.short_row(rec));
        };
        let gi = self.group_of(get(self.columns.id).unwrap_or_default());
        let times = RowTimes {
            start: self.time(rec, self.columns.start)?,
            end: self.time(rec, self.columns.end)?,
            end_at: self
                .columns
                .end
                .and_then(|c| rec.fields.get(c))
                .map_or((rec.line, 1), |f| field_position(src, f)),
        };
        let g = &mut self.list[gi];
        let t = &mut g.draft.transcript;
        for &(field, col) in &self.columns.metadata {
            if t.metadata.get(field).is_none() {
                if let Some(v) = get(Some(col)).filter(|v| !v.trim().is_empty()) {
                    t.metadata.insert(field, v.into());
                }
            }
        }
        if t.channel.is_none() {
            t.channel = get(self.columns.channel).filter(|v| !v.trim().is_empty());
        }
        let (text, segments) = value_with_segments(src, text_field);
        let label = get(Some(self.columns.speaker))
            .unwrap_or_default()
            .trim()
            .to_string();
        let mut piece = Piece::new(Some(label), text, rec.line);
        piece.segments = segments;
        g.draft.pieces.push(piece);
        g.times.push(times);
        Ok(())
    }

    /// The index of the conversation with this id, created on its first row.
    fn group_of(&mut self, id: String) -> usize {
        if let Some(&i) = self.index.get(&id) {
            return i;
        }
        let mut draft = Draft::new(self.path);
        if !id.is_empty() {
            draft.transcript.id = id.clone();
        }
        self.index.insert(id, self.list.len());
        self.list.push(Group {
            draft,
            times: Vec::new(),
        });
        self.list.len() - 1
    }

    /// The time in column `col` of a row; a value that looks like a time but is not valid
    /// is an error at its cell.
    fn time(&self, rec: &Record, col: Option<usize>) -> Result<Option<Time>, Error> {
        let Some(f) = col.and_then(|c| rec.fields.get(c)) else {
            return Ok(None);
        };
        parse_time(&value(self.src, f)).map_err(|why| {
            let (line, column) = field_position(self.src, f);
            Error::parse(self.path, line, column, why)
        })
    }

    /// The error for a row too short to have a text field.
    fn short_row(&self, rec: &Record) -> Error {
        let last = rec.fields.last().copied();
        let col = last.map_or(1, |f| {
            self.src
                .get(f.line_start..f.end)
                .map_or(1, |s| s.chars().count() + 1)
        });
        Error::parse(
            self.path,
            last.map_or(rec.line, |f| f.line),
            col,
            format!(
                "this row has {} field(s) but the text column `{}` is field {}: a delimiter or quote is missing, or the file is truncated",
                rec.fields.len(),
                self.headers.get(self.columns.text).map_or("", String::as_str),
                self.columns.text + 1
            ),
        )
    }

    /// The transcripts, with times made relative to each conversation's earliest
    /// absolute time (which also dates it when no date column does).
    fn finish(self, options: &ReadOptions) -> Result<Vec<Transcript>, Error> {
        let path = self.path;
        self.list
            .into_iter()
            .map(|mut g| {
                let origin = g
                    .times
                    .iter()
                    .flat_map(|t| [&t.start, &t.end])
                    .filter_map(|t| match t {
                        Some(Time::Absolute(a)) => Some(*a),
                        _ => None,
                    })
                    .min_by(f64::total_cmp);
                let secs = |t: Option<Time>| match t {
                    Some(Time::Offset(s)) => Some(s),
                    Some(Time::Absolute(a)) => origin.map(|o| round_ms(a - o)),
                    None => None,
                };
                for (p, t) in g.draft.pieces.iter_mut().zip(&g.times) {
                    p.start = secs(t.start);
                    p.end = secs(t.end);
                    let (line, column) = t.end_at;
                    if let Some(problem) = order_problem(p.start, p.end) {
                        return Err(Error::parse(path, line, column, problem));
                    }
                }
                let meta = &mut g.draft.transcript.metadata;
                if meta.date.is_none() {
                    meta.date = origin.and_then(|o| epoch_to_iso(o, 1.0));
                }
                g.draft.finish(options)
            })
            .collect()
    }
}

/// The 1-based line and column (in characters) where a field's content starts.
fn field_position(src: &str, f: &Field) -> (usize, usize) {
    let column = src
        .get(f.line_start..f.start)
        .map_or(1, |s| s.chars().count() + 1);
    (f.line, column)
}

/// Parses a CSV (`delimiter` `None`: sniffed from the header) or TSV (`Some(b'\t')`) text.
///
/// # Errors
///
/// A missing text or speaker column (naming the headers found and the names tried), a
/// column named in [`ReadOptions::csv_columns`] that is not in the header, a quoted field
/// that is never closed, a row too short to have a text field, or a time cell that looks
/// like a time but is not valid (`00:99:99`, `-5`) or ends before its start, each with its
/// position.
pub fn parse(
    text: &str,
    path: &str,
    delimiter: Option<u8>,
    options: &ReadOptions,
) -> Result<Vec<Transcript>, Error> {
    let src = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delim = delimiter.unwrap_or_else(|| sniff_delimiter(src));
    let mut recs = records(src, delim, path)?
        .into_iter()
        .filter(|r| r.fields.iter().any(|f| f.end > f.start));
    let Some(header) = recs.next() else {
        return Ok(Vec::new());
    };
    let headers: Vec<String> = header.fields.iter().map(|f| norm(&value(src, f))).collect();
    let mut groups = Groups {
        src,
        path,
        columns: Columns::find(&headers, options, path)?,
        headers,
        list: Vec::new(),
        index: HashMap::new(),
    };
    for rec in recs {
        groups.add(&rec)?;
    }
    groups.finish(options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Speaker;

    fn p(text: &str) -> Result<Vec<Transcript>, Error> {
        parse(text, "t.csv", None, &ReadOptions::default())
    }

    #[test]
    fn groups_quotes_and_positions() {
        let ts = p("\u{feff}Call ID,Role,Message,Start\r\nc1,agent,\"Hello, \"\"friend\"\"\nline two\",1.5\r\nc2,customer,hi,00:00:02\r\nc1,customer,yo,2\r\n").unwrap();
        assert_eq!(ts.len(), 2);
        assert_eq!(ts[0].id, "c1");
        assert_eq!(ts[0].turns.len(), 2);
        let t = &ts[0].turns[0];
        assert_eq!(t.text, "Hello, \"friend\"\nline two");
        assert_eq!(t.line, 2);
        assert_eq!(t.start, Some(1.5));
        assert_eq!(t.position(0), (2, 11));
        let off = t.text.find("friend").unwrap();
        assert_eq!(t.position(off), (2, 20));
        assert_eq!(t.position(t.text.find("line").unwrap()), (3, 1));
        assert_eq!(ts[0].turns[1].line, 5);
        assert_eq!(ts[1].turns[0].speaker, Speaker::Customer);
        assert_eq!(ts[1].turns[0].start, Some(2.0));
    }

    #[test]
    fn errors_name_what_to_do() {
        let e = p("a,b\n1,2\n").unwrap_err().to_string();
        assert!(
            e.contains("no text column") && e.contains("`a`, `b`") && e.contains("--csv-columns"),
            "{e}"
        );
        let e = p("speaker,text\nagent,\"cut off").unwrap_err().to_string();
        assert!(e.starts_with("t.csv:2:7:"), "{e}");
        let o = ReadOptions {
            csv_columns: Some("text=msg".parse().unwrap()),
            ..ReadOptions::default()
        };
        let e = parse("speaker,text\n", "t.csv", None, &o)
            .unwrap_err()
            .to_string();
        assert!(e.contains("`msg` is not in the header"), "{e}");
    }

    #[test]
    fn overrides_semicolons_and_iso_times() {
        let o = ReadOptions {
            csv_columns: Some("id=call,speaker=who,text=3,start=at".parse().unwrap()),
            ..ReadOptions::default()
        };
        let ts = parse(
            "call;who;what;at\nx;Maria;Thanks for calling!;2024-05-01T10:00:00Z\nx;Bob;hi;2024-05-01T10:00:05Z\n",
            "t.csv",
            None,
            &o,
        )
        .unwrap();
        let t = &ts[0];
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(t.turns[1].speaker, Speaker::Customer);
        assert_eq!(t.turns[1].start, Some(5.0));
        assert_eq!(t.speakers.len(), 2);
        assert!("bogus=1".parse::<CsvColumns>().is_err());
    }
}
