//! The columnar entry point: Arrow record batches of conversations in, one record batch of
//! findings out. This is what Spark's `mapInArrow` and Ray Data's `map_batches` call.
//!
//! Input, one conversation per row, in one of two shapes:
//!
//! - structured: an id column (string or integer) and a turns column
//!   `list<struct<speaker: string, text: string, start: double, end: double>>` (`start`
//!   and `end` optional, any numeric type); optional columns `channel`, `kind`,
//!   `metadata` (a struct or JSON text with `agent`, `customer_name`,
//!   `customer_timezone`, `locale`) and top-level `agent`, `customer_name`,
//!   `customer_timezone`, `locale` columns, read as the JSON reader reads those keys;
//! - JSON text: a string column holding one carelint JSON transcript per row (a JSON
//!   Lines record), parsed by the JSON Lines reader.
//!
//! Optional `path` and `line` columns say where each row came from; with them, findings
//! of JSON-text rows carry the same path, line and column as `carelint check` gives for
//! the JSON Lines file the rows were read from.
//!
//! The input arrays are read in place (the C data interface imports them without a
//! copy); each turn's text is copied once into the linter's transcript model.

use std::ops::Range;
use std::sync::Arc;

use arrow_array::builder::{Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, Int64Array, LargeListArray, LargeStringArray, ListArray, RecordBatch,
    StringArray, StringViewArray, StructArray,
};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use carelint::{Diagnostic, Error, ErrorKind, JsonlLine, Linter, Metadata, Transcript, Turn};

use crate::Runner;

/// Column names and policies for [`lint_batches`].
pub struct Options {
    /// The conversation id column (structured input); optional in the batch.
    pub id_column: String,
    /// The turns column (structured input).
    pub turns_column: String,
    /// A column of JSON transcript text; when set, the turns column is not read.
    pub json_column: Option<String>,
    /// A column naming each row's source file (default: `name`).
    pub path_column: Option<String>,
    /// A column with each row's 1-based line in its source file.
    pub line_column: Option<String>,
    /// The path of rows without a path column.
    pub name: String,
    /// Emit rows that cannot be read as error rows (`rule` null, `severity` `error`)
    /// instead of failing the batch.
    pub emit_errors: bool,
}

/// Why a batch could not be linted.
pub enum Failure {
    /// The batch does not have the columns or types asked for (a `ValueError`).
    Schema(String),
    /// A row is not a valid conversation (raised as the carelint exception).
    Row(Error),
}

/// The schema of the findings batch: the fields of `carelint check --format jsonl`, with
/// `span` as `struct<start: int64, end: int64>`.
pub fn findings_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("path", DataType::Utf8, true),
        Field::new("transcript", DataType::Utf8, true),
        Field::new("turn", DataType::Int64, true),
        Field::new("speaker", DataType::Utf8, true),
        Field::new("rule", DataType::Utf8, true),
        Field::new("category", DataType::Utf8, true),
        Field::new("severity", DataType::Utf8, true),
        Field::new("message", DataType::Utf8, true),
        Field::new("line", DataType::Int64, true),
        Field::new("column", DataType::Int64, true),
        Field::new("span", DataType::Struct(span_fields()), true),
        Field::new("match", DataType::Utf8, true),
        Field::new("suggestion", DataType::Utf8, true),
    ]))
}

fn span_fields() -> Fields {
    Fields::from(vec![
        Field::new("start", DataType::Int64, true),
        Field::new("end", DataType::Int64, true),
    ])
}

/// A string column of any of Arrow's three string layouts.
#[derive(Clone, Copy)]
enum Strings<'a> {
    Small(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
    /// A column of nulls only (Arrow's `null` type).
    Null,
}

impl<'a> Strings<'a> {
    fn new(array: &'a dyn Array, what: &str) -> Result<Strings<'a>, Failure> {
        Ok(match array.data_type() {
            DataType::Utf8 => Strings::Small(array.as_string::<i32>()),
            DataType::LargeUtf8 => Strings::Large(array.as_string::<i64>()),
            DataType::Utf8View => Strings::View(array.as_string_view()),
            DataType::Null => Strings::Null,
            other => {
                return Err(Failure::Schema(format!(
                    "column `{what}` must hold strings, not {other}"
                )))
            }
        })
    }

    fn get(self, i: usize) -> Option<&'a str> {
        match self {
            Strings::Small(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::View(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Null => None,
        }
    }
}

/// An integer of any width at row `i`, if the column is an integer column.
fn int_at(array: &dyn Array, i: usize) -> Option<i128> {
    if array.is_null(i) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Int8 => array.as_primitive::<Int8Type>().value(i).into(),
        DataType::Int16 => array.as_primitive::<Int16Type>().value(i).into(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(i).into(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(i).into(),
        DataType::UInt8 => array.as_primitive::<UInt8Type>().value(i).into(),
        DataType::UInt16 => array.as_primitive::<UInt16Type>().value(i).into(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(i).into(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(i).into(),
        _ => return None,
    })
}

fn is_int(t: &DataType) -> bool {
    t.is_integer()
}

/// A number of seconds at row `i`, from a float or integer column.
fn seconds_at(array: &dyn Array, i: usize) -> Option<f64> {
    if array.is_null(i) {
        return None;
    }
    match array.data_type() {
        DataType::Float64 => Some(array.as_primitive::<Float64Type>().value(i)),
        DataType::Float32 => Some(f64::from(array.as_primitive::<Float32Type>().value(i))),
        _ => int_at(array, i).map(|v| v as f64),
    }
}

/// A list column (32- or 64-bit offsets).
#[derive(Clone, Copy)]
enum Lists<'a> {
    Small(&'a ListArray),
    Large(&'a LargeListArray),
}

impl<'a> Lists<'a> {
    fn values(self) -> &'a ArrayRef {
        match self {
            Lists::Small(a) => a.values(),
            Lists::Large(a) => a.values(),
        }
    }

    /// The range of child rows of row `i`, or `None` for a null list.
    fn range(self, i: usize) -> Option<Range<usize>> {
        match self {
            Lists::Small(a) => a.is_valid(i).then(|| {
                let o = a.value_offsets();
                o[i] as usize..o[i + 1] as usize
            }),
            Lists::Large(a) => a.is_valid(i).then(|| {
                let o = a.value_offsets();
                o[i] as usize..o[i + 1] as usize
            }),
        }
    }
}

/// The metadata columns: `agent`, `customer_name`, `customer_timezone`, `locale`.
const META_KEYS: [&str; 4] = ["agent", "customer_name", "customer_timezone", "locale"];

/// Where the metadata of a row comes from.
enum MetaColumn<'a> {
    /// A struct column; its string fields named as in [`META_KEYS`].
    Struct([Option<Strings<'a>>; 4]),
    /// A string column of JSON objects.
    Json(Strings<'a>),
}

/// The columns of a structured batch.
struct Structured<'a> {
    turns: Lists<'a>,
    /// The turn structs (the list's values), for their validity.
    turn_structs: &'a StructArray,
    speaker: Strings<'a>,
    text: Strings<'a>,
    start: Option<&'a dyn Array>,
    end: Option<&'a dyn Array>,
    channel: Option<Strings<'a>>,
    kind: Option<Strings<'a>>,
    metadata: Option<MetaColumn<'a>>,
    top: [Option<Strings<'a>>; 4],
}

enum Source<'a> {
    Json(Strings<'a>),
    Structured(Box<Structured<'a>>),
}

/// The resolved columns of one batch.
struct Input<'a> {
    source: Source<'a>,
    ids: Option<&'a dyn Array>,
    paths: Option<Strings<'a>>,
    lines: Option<&'a dyn Array>,
    name: &'a str,
}

/// A row that could not be read: the conversation id if known, and the error.
type RowError = (Option<String>, Error);

fn column<'a>(batch: &'a RecordBatch, name: &str) -> Option<&'a dyn Array> {
    batch.column_by_name(name).map(std::convert::AsRef::as_ref)
}

fn required<'a>(batch: &'a RecordBatch, name: &str, what: &str) -> Result<&'a dyn Array, Failure> {
    column(batch, name).ok_or_else(|| {
        let have: Vec<&str> = batch
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        Failure::Schema(format!(
            "the batch has no {what} column `{name}` (its columns: {})",
            have.join(", ")
        ))
    })
}

fn optional_strings<'a>(
    batch: &'a RecordBatch,
    name: &str,
) -> Result<Option<Strings<'a>>, Failure> {
    column(batch, name)
        .map(|c| Strings::new(c, name))
        .transpose()
}

impl<'a> Input<'a> {
    fn new(batch: &'a RecordBatch, o: &'a Options) -> Result<Input<'a>, Failure> {
        let source = match &o.json_column {
            Some(name) => Source::Json(Strings::new(required(batch, name, "JSON")?, name)?),
            None => Source::Structured(Box::new(Structured::new(batch, &o.turns_column)?)),
        };
        let ids = column(batch, &o.id_column);
        if let Some(ids) = ids {
            let t = ids.data_type();
            if !(is_int(t)
                || matches!(
                    t,
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
                ))
            {
                return Err(Failure::Schema(format!(
                    "column `{}` (the conversation id) must hold strings or integers, not {t}",
                    o.id_column
                )));
            }
        }
        let paths = match &o.path_column {
            Some(name) => Some(Strings::new(required(batch, name, "path")?, name)?),
            None => None,
        };
        let lines = match &o.line_column {
            Some(name) => {
                let c = required(batch, name, "line")?;
                if !is_int(c.data_type()) {
                    return Err(Failure::Schema(format!(
                        "column `{name}` (the line) must hold integers, not {}",
                        c.data_type()
                    )));
                }
                Some(c)
            }
            None => None,
        };
        Ok(Input {
            source,
            ids,
            paths,
            lines,
            name: &o.name,
        })
    }

    fn id(&self, i: usize) -> Option<String> {
        let ids = self.ids?;
        match ids.data_type() {
            t if is_int(t) => int_at(ids, i).map(|v| v.to_string()),
            _ => Strings::new(ids, "").ok()?.get(i).map(str::to_string),
        }
    }

    /// Lints row `i`.
    fn lint_row(&self, linter: &Linter, i: usize) -> Result<Vec<Diagnostic>, RowError> {
        let path = self.paths.and_then(|p| p.get(i)).unwrap_or(self.name);
        let line = self
            .lines
            .and_then(|l| int_at(l, i))
            .and_then(|l| usize::try_from(l).ok())
            .filter(|&l| l > 0);
        let error = |message: String| {
            let e = Error::new(ErrorKind::Parse, message).with_path(path);
            match line {
                Some(l) => e.at(l, 1),
                None => e,
            }
        };
        match &self.source {
            Source::Json(json) => {
                let Some(text) = json.get(i) else {
                    return Err((self.id(i), error(format!("row {i}: the JSON text is null"))));
                };
                let record = [Ok(JsonlLine {
                    line: line.unwrap_or(1),
                    text: text.to_string(),
                })];
                let (report, errors) = linter.lint_jsonl_batch(path, &record);
                match errors.into_iter().next() {
                    Some(e) => Err((self.id(i), e)),
                    None => Ok(report.diagnostics),
                }
            }
            Source::Structured(s) => {
                let id = self.id(i).unwrap_or_else(|| match line {
                    Some(l) => format!("{path}:{l}"),
                    None => format!("{path}#{}", i + 1),
                });
                let t = match s.transcript(linter, i, id.clone(), line) {
                    Ok(t) => t,
                    Err(m) => return Err((Some(id), error(format!("row {i}: {m}")))),
                };
                let mut found = linter.lint_transcript(&t);
                for d in &mut found {
                    d.path = path.to_string();
                }
                Ok(found)
            }
        }
    }
}

impl<'a> Structured<'a> {
    fn new(batch: &'a RecordBatch, turns_column: &str) -> Result<Structured<'a>, Failure> {
        let turns = required(batch, turns_column, "turns")?;
        let turns = match turns.data_type() {
            DataType::List(_) => Lists::Small(turns.as_list::<i32>()),
            DataType::LargeList(_) => Lists::Large(turns.as_list::<i64>()),
            other => {
                return Err(Failure::Schema(format!(
                    "column `{turns_column}` must be a list of structs <speaker, text, start, end>, not {other}"
                )))
            }
        };
        let Some(fields) = turns.values().as_struct_opt() else {
            return Err(Failure::Schema(format!(
                "column `{turns_column}` must be a list of structs <speaker, text, start, end>, not a list of {}",
                turns.values().data_type()
            )));
        };
        let field = |name: &str| -> Result<&'a dyn Array, Failure> {
            fields
                .column_by_name(name)
                .map(std::convert::AsRef::as_ref)
                .ok_or_else(|| {
                    Failure::Schema(format!(
                        "the turns of column `{turns_column}` have no field `{name}`"
                    ))
                })
        };
        let fields: &'a StructArray = fields;
        let seconds = |name: &str| -> Result<Option<&'a dyn Array>, Failure> {
            match fields.column_by_name(name) {
                None => Ok(None),
                Some(c) => {
                    let t = c.data_type();
                    if t.is_integer()
                        || matches!(t, DataType::Float32 | DataType::Float64 | DataType::Null)
                    {
                        Ok(Some(c.as_ref()))
                    } else {
                        Err(Failure::Schema(format!(
                            "field `{name}` of the turns must be a number of seconds, not {t}"
                        )))
                    }
                }
            }
        };
        let metadata = match column(batch, "metadata") {
            None => None,
            Some(c) => match c.as_struct_opt() {
                Some(st) => {
                    let mut cols = [None; 4];
                    for (slot, key) in cols.iter_mut().zip(META_KEYS) {
                        if let Some(f) = st.column_by_name(key) {
                            *slot = Some(Strings::new(f.as_ref(), key)?);
                        }
                    }
                    Some(MetaColumn::Struct(cols))
                }
                None => Some(MetaColumn::Json(Strings::new(c, "metadata")?)),
            },
        };
        let mut top = [None; 4];
        for (slot, key) in top.iter_mut().zip(META_KEYS) {
            *slot = optional_strings(batch, key)?;
        }
        Ok(Structured {
            turns,
            turn_structs: fields,
            speaker: Strings::new(field("speaker")?, "speaker")?,
            text: Strings::new(field("text")?, "text")?,
            start: seconds("start")?,
            end: seconds("end")?,
            channel: optional_strings(batch, "channel")?,
            kind: optional_strings(batch, "kind")?,
            metadata,
            top,
        })
    }

    /// The transcript of row `i`, as the JSON reader would build it from the same object.
    fn transcript(
        &self,
        linter: &Linter,
        i: usize,
        id: String,
        line: Option<usize>,
    ) -> Result<Transcript, String> {
        let Some(range) = self.turns.range(i) else {
            return Err("`turns` is null".to_string());
        };
        let first = range.start;
        let mut turns = Vec::with_capacity(range.len());
        for j in range {
            let n = j - first;
            if self.turn_structs.is_null(j) {
                return Err(format!("turn {n} is null"));
            }
            let speaker = self
                .speaker
                .get(j)
                .ok_or_else(|| format!("turn {n} has no speaker"))?;
            let text = self
                .text
                .get(j)
                .ok_or_else(|| format!("turn {n} has no text"))?;
            let text = if text.contains('\r') {
                text.replace("\r\n", "\n")
            } else {
                text.to_string()
            };
            let mut turn = Turn::new(linter.speaker_for_label(speaker), text);
            turn.start = self.start.and_then(|a| seconds_at(a, j));
            turn.end = self.end.and_then(|a| seconds_at(a, j));
            turn.line = line.unwrap_or(1);
            turns.push(turn);
        }
        let mut t = Transcript::new(id, turns);
        t.channel = self.channel.and_then(|c| c.get(i)).map(str::to_string);
        t.kind = match self.kind.and_then(|k| k.get(i)) {
            None | Some("conversation") => carelint::TranscriptKind::Conversation,
            Some("template") => carelint::TranscriptKind::Template,
            Some(other) => {
                return Err(format!(
                    "unknown `kind` `{}` (expected `conversation` or `template`)",
                    crate::convert::excerpt(other)
                ))
            }
        };
        let mut metadata = match &self.metadata {
            None => Metadata::default(),
            Some(MetaColumn::Json(c)) => match c.get(i) {
                None => Metadata::default(),
                Some(text) => serde_json::from_str(text)
                    .map_err(|e| format!("`metadata` is not a JSON object of metadata: {e}"))?,
            },
            Some(MetaColumn::Struct(cols)) => {
                let mut m = Metadata::default();
                let slots = [
                    &mut m.agent,
                    &mut m.customer_name,
                    &mut m.customer_timezone,
                    &mut m.locale,
                ];
                for (slot, col) in slots.into_iter().zip(cols) {
                    *slot = col.and_then(|c| c.get(i)).map(str::to_string);
                }
                m
            }
        };
        let slots = [
            &mut metadata.agent,
            &mut metadata.customer_name,
            &mut metadata.customer_timezone,
            &mut metadata.locale,
        ];
        for (slot, col) in slots.into_iter().zip(&self.top) {
            if slot.is_none() {
                *slot = col.and_then(|c| c.get(i)).map(str::to_string);
            }
        }
        t.metadata = metadata;
        Ok(t)
    }
}

/// Lints every row of `batches` and returns the findings (and, with `emit_errors`, the
/// rows that could not be read) as one batch of [`findings_schema`], in row order.
pub fn lint_batches(
    linter: &Linter,
    runner: &Runner,
    batches: &[RecordBatch],
    o: &Options,
) -> Result<RecordBatch, Failure> {
    let mut out = Findings::default();
    for batch in batches {
        let input = Input::new(batch, o)?;
        let rows: Vec<usize> = (0..batch.num_rows()).collect();
        let results = runner.map(&rows, |&i| input.lint_row(linter, i));
        for (i, result) in results.into_iter().enumerate() {
            match result {
                Ok(found) => found.iter().for_each(|d| out.push(d)),
                Err((_, e)) if !o.emit_errors => return Err(Failure::Row(e)),
                Err((id, e)) => {
                    let path = input.paths.and_then(|p| p.get(i)).unwrap_or(input.name);
                    out.push_error(path, id.as_deref(), &e);
                }
            }
        }
    }
    out.finish()
}

/// Column builders of the findings batch.
#[derive(Default)]
struct Findings {
    path: StringBuilder,
    transcript: StringBuilder,
    turn: Int64Builder,
    speaker: StringBuilder,
    rule: StringBuilder,
    category: StringBuilder,
    severity: StringBuilder,
    message: StringBuilder,
    line: Int64Builder,
    column: Int64Builder,
    span_start: Vec<i64>,
    span_end: Vec<i64>,
    span_valid: Vec<bool>,
    matched: StringBuilder,
    suggestion: StringBuilder,
}

fn i64_of(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl Findings {
    fn push(&mut self, d: &Diagnostic) {
        self.path.append_value(&d.path);
        self.transcript.append_value(&d.transcript);
        self.turn.append_option(d.turn.map(i64_of));
        self.speaker
            .append_option(d.speaker.as_ref().map(carelint::Speaker::as_str));
        self.rule.append_value(&d.rule);
        self.category.append_value(d.category.as_str());
        self.severity.append_value(d.severity.as_str());
        self.message.append_value(&d.message);
        self.line.append_value(i64_of(d.line));
        self.column.append_value(i64_of(d.column));
        self.span_start.push(d.span.map_or(0, |s| i64_of(s.start)));
        self.span_end.push(d.span.map_or(0, |s| i64_of(s.end)));
        self.span_valid.push(d.span.is_some());
        self.matched.append_option(d.matched.as_deref());
        self.suggestion.append_option(d.suggestion.as_deref());
    }

    /// A row that could not be read: `rule` and `category` null, severity `error`.
    fn push_error(&mut self, path: &str, id: Option<&str>, e: &Error) {
        self.path.append_value(e.path().unwrap_or(path));
        self.transcript.append_option(id);
        self.turn.append_null();
        self.speaker.append_null();
        self.rule.append_null();
        self.category.append_null();
        self.severity.append_value("error");
        self.message
            .append_value(format!("{} error: {}", e.kind().as_str(), e.message()));
        self.line.append_option(e.line().map(i64_of));
        self.column.append_option(e.column().map(i64_of));
        self.span_start.push(0);
        self.span_end.push(0);
        self.span_valid.push(false);
        self.matched.append_null();
        self.suggestion.append_null();
    }

    fn finish(mut self) -> Result<RecordBatch, Failure> {
        let span = StructArray::new(
            span_fields(),
            vec![
                Arc::new(Int64Array::from(std::mem::take(&mut self.span_start))) as ArrayRef,
                Arc::new(Int64Array::from(std::mem::take(&mut self.span_end))) as ArrayRef,
            ],
            Some(NullBuffer::from(std::mem::take(&mut self.span_valid))),
        );
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.path.finish()),
            Arc::new(self.transcript.finish()),
            Arc::new(self.turn.finish()),
            Arc::new(self.speaker.finish()),
            Arc::new(self.rule.finish()),
            Arc::new(self.category.finish()),
            Arc::new(self.severity.finish()),
            Arc::new(self.message.finish()),
            Arc::new(self.line.finish()),
            Arc::new(self.column.finish()),
            Arc::new(span),
            Arc::new(self.matched.finish()),
            Arc::new(self.suggestion.finish()),
        ];
        RecordBatch::try_new(findings_schema(), columns)
            .map_err(|e| Failure::Schema(format!("cannot build the findings batch: {e}")))
    }
}
