//! Python bindings of carelint: the extension module `carelint._carelint`.
//!
//! The Python package (`python/carelint`) re-exports [`PyLinter`] as `carelint.Linter`
//! and adds the exception classes, type stubs and the Spark helper. Everything that
//! lints runs with the GIL released (`Python::detach`), on rayon's pool, so Python
//! threads calling one `Linter` run in parallel and `lint_many` uses every core.
//!
//! Build with maturin (`maturin develop` / `maturin build --release` in this folder); it
//! makes one abi3 wheel for CPython >= 3.9. The tests are the pytest suite in `tests/`.

// The `///` comments on `#[pyfunction]`s and `#[pymethods]` become Python docstrings,
// written for Python readers (``name=value`` in reStructuredText), not rustdoc.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use arrow_array::ffi_stream::RecordBatchStreamReader;
use arrow_array::RecordBatch;
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use carelint::{CsvColumns, Diagnostic, Error, Format, Linter, Severity, Speaker};
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rayon::prelude::*;

mod arrow;
mod convert;
mod errors;

/// Lines of a JSON Lines file per batch in `lint_file` (as the CLI).
const JSONL_BATCH_LINES: usize = 1000;

/// Bytes of JSON Lines records per batch in `lint_file` (as the CLI).
const JSONL_BATCH_BYTES: usize = 8 << 20;

/// The default `max_bytes` of `lint_file`: 64 MB, as the CLI's `--max-file-size`.
const DEFAULT_MAX_BYTES: u64 = 64 << 20;
const _: () = assert!(
    DEFAULT_MAX_BYTES == 67_108_864,
    "update lint_file's signature"
);

/// How a linter runs many items: on rayon's global pool, on a pool of its own, or one
/// after the other on the calling thread. Results are in input order in every case.
pub(crate) enum Runner {
    Global,
    Own(rayon::ThreadPool),
    Sequential,
}

impl Runner {
    fn new(threads: Option<usize>) -> Result<Runner, String> {
        match threads {
            None | Some(0) => Ok(Runner::Global),
            Some(1) => Ok(Runner::Sequential),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .thread_name(|i| format!("carelint-{i}"))
                .build()
                .map(Runner::Own)
                .map_err(|e| format!("cannot start {n} threads: {e}")),
        }
    }

    /// `f` applied to every item, in order.
    pub(crate) fn map<T: Sync, R: Send>(
        &self,
        items: &[T],
        f: impl Fn(&T) -> R + Sync + Send,
    ) -> Vec<R> {
        match self {
            Runner::Sequential => items.iter().map(f).collect(),
            Runner::Global => items.par_iter().map(f).collect(),
            Runner::Own(pool) => pool.install(|| items.par_iter().map(f).collect()),
        }
    }

    fn threads(&self) -> usize {
        match self {
            Runner::Sequential => 1,
            Runner::Global => rayon::current_num_threads(),
            Runner::Own(pool) => pool.current_num_threads(),
        }
    }
}

/// A compiled set of carelint rules, ready to lint conversations.
///
/// Linter(config=None, rules=None, default_rules=True, *, rules_yaml=None,
///        vocabulary=None, disable=None, enable=None, severity=None, min_severity=None,
///        speakers=None, csv_columns=None, agent_channel=None, explain_speakers=False,
///        threads=None)
///
/// Build it once and reuse it: the rules are parsed and compiled here. A Linter is
/// immutable and safe to share between threads; every lint call releases the GIL.
///
/// - config: path of a carelint.yaml (not looked up automatically; see find_config).
/// - rules: rule pack files or folders, added to the built-in packs.
/// - default_rules: False drops the built-in packs (True keeps what the config says).
/// - rules_yaml: {name: yaml_text} rule packs given as text.
/// - vocabulary: terms your customers know (no jargon or idiom finding inside them).
/// - disable / enable: rule ids or categories.
/// - severity: {rule id or category: "info" | "warning" | "error"}.
/// - min_severity: report only findings at or above this severity.
/// - speakers: {label: "agent" | "customer" | "system"} for plain-text labels and
///   diarised labels (spk_0) alike.
/// - csv_columns: "id=call,speaker=who,text=msg,start=ts" for CSV/TSV files.
/// - agent_channel: the agent's channel in two-channel recordings (default 0).
/// - explain_speakers: add `speaker_role` (how a diarised speaker's role was chosen).
/// - threads: worker threads of lint_many / lint_file / lint_arrow: None uses all cores
///   (one pool per process), 1 runs on the calling thread (use it inside Spark or Ray
///   tasks, which are already one per core).
///
/// Raises RuleError or ConfigError (with path, line, column and every problem in
/// .problems) when a pack or setting is invalid.
#[pyclass(frozen, module = "carelint._carelint", name = "Linter")]
pub struct PyLinter {
    linter: Linter,
    runner: Runner,
}

/// One input of `lint_many`: text to parse, or a conversation dict read already.
enum Item {
    Text(String),
    Parsed(Box<Result<carelint::Transcript, Error>>),
}

fn parse_format(format: Option<&str>) -> PyResult<Format> {
    match format {
        None => Ok(Format::Auto),
        Some(name) => Format::from_name(name).ok_or_else(|| {
            errors::value(format!(
                "unknown format `{}` (expected one of: {})",
                convert::excerpt(name),
                Format::NAMES.join(", ")
            ))
        }),
    }
}

fn parse_severity(py: Python<'_>, value: &str, what: &str) -> PyResult<Severity> {
    value
        .parse::<Severity>()
        .map_err(|e| errors::config(py, format!("{what}: {e}")))
}

/// The (key, value) string pairs of a dict, in insertion order.
fn str_pairs(dict: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, String)>> {
    let Some(dict) = dict else {
        return Ok(Vec::new());
    };
    dict.iter()
        .map(|(k, v)| Ok((k.extract::<String>()?, v.extract::<String>()?)))
        .collect()
}

/// A list of strings given as a list, tuple or set (not a single string).
fn str_list(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    match value {
        None => Ok(Vec::new()),
        Some(v) if v.is_instance_of::<PyString>() => Err(PyTypeError::new_err(format!(
            "`{what}` takes a list of strings, not one string"
        ))),
        Some(v) => v.try_iter()?.map(|s| s?.extract::<String>()).collect(),
    }
}

impl PyLinter {
    fn lint_file_inner(
        &self,
        path: &std::path::Path,
        format: Format,
        max_bytes: u64,
    ) -> Result<(Vec<Diagnostic>, Vec<Error>), Error> {
        let name = path.display().to_string();
        let jsonl = match format {
            Format::Jsonl => true,
            Format::Auto => Format::for_path(path) == Some(Format::Jsonl),
            _ => false,
        };
        if jsonl {
            return self.lint_jsonl_file(path, &name);
        }
        let text = carelint::source::read_file(path, max_bytes)?;
        let report = self.linter.lint_text(&name, &text, format)?;
        Ok((report.diagnostics, Vec::new()))
    }

    /// Streams a JSON Lines file in batches, linting a window of batches at a time.
    fn lint_jsonl_file(
        &self,
        path: &std::path::Path,
        name: &str,
    ) -> Result<(Vec<Diagnostic>, Vec<Error>), Error> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(name, "cannot read file", e))?;
        let mut reader = self
            .linter
            .read_jsonl(std::io::BufReader::with_capacity(1 << 20, file), name);
        let window = self.runner.threads().max(1) * 2;
        let (mut found, mut errors) = (Vec::new(), Vec::new());
        loop {
            let mut batches = Vec::with_capacity(window);
            let mut done = false;
            while batches.len() < window {
                let batch = reader.batch(JSONL_BATCH_LINES, JSONL_BATCH_BYTES)?;
                if batch.is_empty() {
                    done = true;
                    break;
                }
                batches.push(batch);
            }
            for (report, errs) in self
                .runner
                .map(&batches, |b| self.linter.lint_jsonl_batch(name, b))
            {
                found.extend(report.diagnostics);
                errors.extend(errs);
            }
            if done {
                return Ok((found, errors));
            }
        }
    }
}

#[pymethods]
impl PyLinter {
    #[new]
    #[pyo3(signature = (
        config=None, rules=None, default_rules=true, *, rules_yaml=None, vocabulary=None,
        disable=None, enable=None, severity=None, min_severity=None, speakers=None,
        csv_columns=None, agent_channel=None, explain_speakers=false, threads=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        config: Option<PathBuf>,
        rules: Option<Vec<PathBuf>>,
        default_rules: bool,
        rules_yaml: Option<&Bound<'_, PyDict>>,
        vocabulary: Option<&Bound<'_, PyAny>>,
        disable: Option<&Bound<'_, PyAny>>,
        enable: Option<&Bound<'_, PyAny>>,
        severity: Option<&Bound<'_, PyDict>>,
        min_severity: Option<&str>,
        speakers: Option<&Bound<'_, PyDict>>,
        csv_columns: Option<&str>,
        agent_channel: Option<usize>,
        explain_speakers: bool,
        threads: Option<usize>,
    ) -> PyResult<PyLinter> {
        let mut builder = Linter::builder();
        if let Some(path) = &config {
            let config = carelint::Config::load(path).map_err(|e| errors::to_py(py, &e))?;
            builder = config.apply(builder);
        }
        if !default_rules {
            builder = builder.default_rules(false);
        }
        for path in rules.unwrap_or_default() {
            builder = builder.rules_path(path);
        }
        for (name, yaml) in str_pairs(rules_yaml)? {
            builder = builder.rules_str(name, yaml);
        }
        builder = builder.vocabulary(str_list(vocabulary, "vocabulary")?);
        for id in str_list(disable, "disable")? {
            builder = builder.disable(&id);
        }
        for id in str_list(enable, "enable")? {
            builder = builder.enable(&id);
        }
        for (id, level) in str_pairs(severity)? {
            builder = builder.severity(
                &id,
                parse_severity(py, &level, &format!("severity of `{id}`"))?,
            );
        }
        if let Some(level) = min_severity {
            builder = builder.min_severity(parse_severity(py, level, "min_severity")?);
        }
        for (label, role) in str_pairs(speakers)? {
            let speaker: Speaker = role
                .parse()
                .map_err(|e| errors::config(py, format!("speaker `{label}`: {e}")))?;
            builder = builder
                .speaker_label(&label, speaker.clone())
                .speaker_map(&label, speaker);
        }
        if let Some(columns) = csv_columns {
            let columns: CsvColumns = columns
                .parse()
                .map_err(|e: Error| errors::config(py, format!("csv_columns: {e}")))?;
            builder = builder.csv_columns(columns);
        }
        if let Some(channel) = agent_channel {
            builder = builder.agent_channel(channel);
        }
        builder = builder.explain_speakers(explain_speakers);
        let runner = Runner::new(threads).map_err(|e| errors::config(py, e))?;
        let linter = py
            .detach(|| builder.build())
            .map_err(|e| errors::to_py(py, &e))?;
        Ok(PyLinter { linter, runner })
    }

    /// Lints one conversation and returns its findings.
    ///
    /// conversation is a dict in carelint's JSON shape ({"id": ..., "turns": [{"speaker":
    /// ..., "text": ...}, ...], ...}) or a str: plain text ("Agent: ...") or, with
    /// format=, any supported format (by default detected from name's extension and the
    /// content, as `carelint check -`).
    ///
    /// Each finding is a dict with the fields of `carelint check --format jsonl`: path,
    /// transcript, turn, speaker, rule, category, severity, message, line, column, span
    /// ({"start", "end"} byte offsets in the turn's text, or None), match, suggestion.
    /// For a dict, path is name (default: the conversation's id), line is 1 and column
    /// counts characters from the start of the turn's text.
    ///
    /// Raises ParseError (with path, line, column) when the conversation is malformed.
    #[pyo3(signature = (conversation, *, name=None, format=None))]
    fn lint<'py>(
        &self,
        py: Python<'py>,
        conversation: &Bound<'py, PyAny>,
        name: Option<String>,
        format: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        if let Ok(text) = conversation.cast::<PyString>() {
            let text = text.to_cow()?.into_owned();
            let format = parse_format(format)?;
            let name = name.unwrap_or_else(|| "<memory>".to_string());
            let report = py
                .detach(|| self.linter.lint_text(&name, &text, format))
                .map_err(|e| errors::to_py(py, &e))?;
            return convert::findings(py, &report.diagnostics);
        }
        let Ok(dict) = conversation.cast::<PyDict>() else {
            return Err(PyTypeError::new_err(format!(
                "a conversation is a dict in carelint's JSON shape or a str, not {}",
                conversation.get_type().name()?
            )));
        };
        let t = convert::transcript(&self.linter, dict, name.as_deref(), "<memory>")?
            .map_err(|e| errors::to_py(py, &e))?;
        let path = name.unwrap_or_else(|| t.id.clone());
        let mut found = py.detach(|| self.linter.lint_transcript(&t));
        found.iter_mut().for_each(|d| d.path.clone_from(&path));
        convert::findings(py, &found)
    }

    /// Lints many conversations in parallel (GIL released) and returns one list of
    /// findings per conversation, in input order, whatever the number of threads.
    ///
    /// Each item is what lint() takes: a dict or a str (format= applies to the strs).
    /// A malformed item does not stop the others. With on_error="raise" (the default)
    /// the first one's exception is raised after all are linted, with .index (its
    /// position) and .results (the full list, exceptions in the place of the malformed
    /// items); with on_error="return" that list is returned.
    #[pyo3(signature = (conversations, *, format=None, on_error="raise"))]
    fn lint_many<'py>(
        &self,
        py: Python<'py>,
        conversations: &Bound<'py, PyAny>,
        format: Option<&str>,
        on_error: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        if !matches!(on_error, "raise" | "return") {
            return Err(errors::value(format!(
                "on_error must be \"raise\" or \"return\", not {on_error:?}"
            )));
        }
        let format = parse_format(format)?;
        let mut items = Vec::new();
        for (i, item) in conversations.try_iter()?.enumerate() {
            let item = item?;
            if let Ok(text) = item.cast::<PyString>() {
                items.push(Item::Text(text.to_cow()?.into_owned()));
            } else if let Ok(dict) = item.cast::<PyDict>() {
                let fallback = format!("<conversation {i}>");
                items.push(Item::Parsed(Box::new(convert::transcript(
                    &self.linter,
                    dict,
                    None,
                    &fallback,
                )?)));
            } else {
                return Err(PyTypeError::new_err(format!(
                    "conversation {i} is a {}; a conversation is a dict in carelint's JSON shape or a str",
                    item.get_type().name()?
                )));
            }
        }
        let linter = &self.linter;
        let results = py.detach(|| {
            self.runner.map(&items, |item| match item {
                Item::Text(text) => linter
                    .lint_text("<memory>", text, format)
                    .map(|r| r.diagnostics),
                Item::Parsed(parsed) => match parsed.as_ref() {
                    Ok(t) => Ok(linter.lint_transcript(t)),
                    Err(e) => Err(e.clone()),
                },
            })
        });
        let out = PyList::empty(py);
        let mut first_error = None;
        for (i, result) in results.iter().enumerate() {
            match result {
                Ok(found) => out.append(convert::findings(py, found)?)?,
                Err(e) => {
                    let exc = errors::exception(py, e)?;
                    exc.setattr("index", i)?;
                    if first_error.is_none() {
                        first_error = Some(exc.clone());
                    }
                    out.append(exc)?;
                }
            }
        }
        match first_error {
            Some(exc) if on_error == "raise" => {
                exc.setattr("results", &out)?;
                Err(PyErr::from_value(exc))
            }
            _ => Ok(out),
        }
    }

    /// Lints a file of any supported format (chosen by extension and content, or
    /// format=) and returns its findings, equal to `carelint check FILE --format jsonl`.
    ///
    /// JSON Lines files (.jsonl, .ndjson) are streamed in batches, in parallel, and may
    /// be of any size; other files may be at most max_bytes (default 64 MB).
    ///
    /// Raises FileError for an unreadable, binary or oversized file and ParseError for a
    /// malformed one. In a JSON Lines file the good lines are still linted: the error
    /// raised is the first bad line's, with .problems (every bad line) and .findings
    /// (the findings of the good lines).
    // `max_bytes` defaults to DEFAULT_MAX_BYTES, written out so that Python's signature
    // shows the number.
    #[pyo3(signature = (path, *, format=None, max_bytes=67_108_864))]
    fn lint_file<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        format: Option<&str>,
        max_bytes: u64,
    ) -> PyResult<Bound<'py, PyList>> {
        let format = parse_format(format)?;
        let (found, errs) = py
            .detach(|| self.lint_file_inner(&path, format, max_bytes))
            .map_err(|e| errors::to_py(py, &e))?;
        let findings = convert::findings(py, &found)?;
        if let Some(first) = errs.first() {
            let exc = errors::exception(py, first)?;
            let problems = errs
                .iter()
                .map(|e| errors::exception(py, e))
                .collect::<PyResult<Vec<_>>>()?;
            exc.setattr("problems", PyList::new(py, problems)?)?;
            exc.setattr("findings", findings)?;
            return Err(PyErr::from_value(exc));
        }
        Ok(findings)
    }

    /// Lints a batch of conversations in Apache Arrow form and returns the findings as a
    /// pyarrow.RecordBatch (schema: findings_schema()). This is the entry point for
    /// Spark's mapInArrow and Ray Data's map_batches.
    ///
    /// batch is anything with the Arrow PyCapsule interface: a pyarrow RecordBatch or
    /// Table, or a polars / arro3 / DuckDB object (read in place, without a copy). One
    /// row per conversation, either
    ///
    /// - structured: id_column (string or integer) and turns_column, a
    ///   list<struct<speaker: string, text: string, start: double, end: double>>
    ///   (start and end optional); optional columns channel, kind, metadata (struct or
    ///   JSON text) and agent, customer_name, customer_timezone, locale; or
    /// - JSON text (json_column=...): one carelint JSON transcript per row, as a line of
    ///   a JSON Lines file.
    ///
    /// path_column and line_column name each row's source file and line; with them,
    /// JSON-text rows give exactly the findings `carelint check FILE --format jsonl`
    /// gives (same path, line, column). Rows without a path use name.
    ///
    /// A row that is not a valid conversation raises ParseError (on_error="raise") or,
    /// with on_error="emit", becomes a row with rule and category null, severity
    /// "error" and the problem in message, and the other rows are linted.
    #[pyo3(signature = (
        batch, *, id_column="id", turns_column="turns", json_column=None, path_column=None,
        line_column=None, name="<arrow>", on_error="raise"
    ))]
    #[allow(clippy::too_many_arguments)]
    fn lint_arrow<'py>(
        &self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
        id_column: &str,
        turns_column: &str,
        json_column: Option<String>,
        path_column: Option<String>,
        line_column: Option<String>,
        name: &str,
        on_error: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let emit_errors = match on_error {
            "raise" => false,
            "emit" => true,
            other => {
                return Err(errors::value(format!(
                    "on_error must be \"raise\" or \"emit\", not {other:?}"
                )))
            }
        };
        let batches: Vec<RecordBatch> = if batch.hasattr("__arrow_c_array__")? {
            vec![RecordBatch::from_pyarrow_bound(batch)?]
        } else if batch.hasattr("__arrow_c_stream__")? {
            RecordBatchStreamReader::from_pyarrow_bound(batch)?
                .collect::<Result<_, _>>()
                .map_err(|e| errors::value(format!("cannot read the Arrow stream: {e}")))?
        } else {
            return Err(PyTypeError::new_err(format!(
                "lint_arrow takes an Arrow record batch or table (an object with \
                 __arrow_c_array__ or __arrow_c_stream__), not {}",
                batch.get_type().name()?
            )));
        };
        let options = arrow::Options {
            id_column: id_column.to_string(),
            turns_column: turns_column.to_string(),
            json_column,
            path_column,
            line_column,
            name: name.to_string(),
            emit_errors,
        };
        let out = py
            .detach(|| arrow::lint_batches(&self.linter, &self.runner, &batches, &options))
            .map_err(|f| match f {
                arrow::Failure::Schema(m) => errors::value(m),
                arrow::Failure::Row(e) => errors::to_py(py, &e),
            })?;
        out.to_pyarrow(py)
    }

    /// Reads every transcript of a text in any supported format (as lint() does) and
    /// returns them as dicts in carelint's JSON shape: id, channel, kind, metadata and
    /// turns ({speaker, text, start, end}). lint() of such a dict gives the same findings
    /// as the text, but for their line and column.
    #[pyo3(signature = (text, *, name="<memory>", format=None))]
    fn parse<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        name: &str,
        format: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let format = parse_format(format)?;
        let transcripts = py
            .detach(|| self.linter.parse(text, format, name))
            .map_err(|e| errors::to_py(py, &e))?;
        let out = PyList::empty(py);
        for t in &transcripts {
            out.append(convert::transcript_dict(py, t)?)?;
        }
        Ok(out)
    }

    /// The loaded rules, as `carelint rules --format json` lists them: one dict per rule
    /// (id, category, severity, speaker, applies_to, message, why, suggest, examples,
    /// kind, the kind's settings, source, line), built-in packs first.
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for r in self.linter.rules() {
            out.append(pythonize::pythonize(py, r)?)?;
        }
        Ok(out)
    }

    /// The rule with this id as a dict (see rules()), or None.
    fn rule<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.linter
            .rule(id)
            .map(|r| pythonize::pythonize(py, r).map_err(PyErr::from))
            .transpose()
    }

    /// The explanation of a rule, the text of `carelint explain ID`: message, reason,
    /// what it reads, its settings, suggestion, source and examples.
    ///
    /// Raises KeyError for an unknown id (with the closest known id).
    fn explain(&self, id: &str) -> PyResult<String> {
        match self.linter.rule(id) {
            Some(rule) => Ok(convert::explain(rule)),
            None => {
                let close = self
                    .linter
                    .rules()
                    .map(|r| (strsim::levenshtein(id, &r.id), r.id.as_str()))
                    .min_by_key(|(d, _)| *d)
                    .filter(|(d, _)| *d <= 3 + id.len() / 4)
                    .map(|(_, r)| format!("; did you mean `{r}`?"))
                    .unwrap_or_default();
                Err(PyKeyError::new_err(format!(
                    "no rule with id `{}`{close}",
                    convert::excerpt(id)
                )))
            }
        }
    }

    /// Whether a rule is on (after the configuration and min_severity).
    fn is_enabled(&self, id: &str) -> bool {
        self.linter.is_enabled(id)
    }

    /// A rule's severity after the configuration ("info", "warning", "error"), or None
    /// for an unknown id.
    fn severity_of(&self, id: &str) -> Option<&'static str> {
        self.linter.severity_of(id).map(Severity::as_str)
    }

    /// Number of worker threads lint_many, lint_file and lint_arrow use.
    #[getter]
    fn threads(&self) -> usize {
        self.runner.threads()
    }

    fn __repr__(&self) -> String {
        let enabled = self
            .linter
            .rules()
            .filter(|r| self.linter.is_enabled(&r.id))
            .count();
        format!(
            "<carelint.Linter: {} rules ({enabled} enabled), {} threads>",
            self.linter.rules().len(),
            self.runner.threads()
        )
    }
}

/// The schema of the findings batch lint_arrow returns, as a pyarrow.Schema: path,
/// transcript, turn, speaker, rule, category, severity, message, line, column, span
/// (struct<start, end>), match, suggestion.
#[pyfunction]
fn findings_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    arrow::findings_schema().as_ref().to_pyarrow(py)
}

/// The path of the carelint.yaml in start (default: the current folder) or its nearest
/// parent that has one, or None. Linter() never looks for one itself.
#[pyfunction]
#[pyo3(signature = (start=None))]
fn find_config(start: Option<PathBuf>) -> PyResult<Option<PathBuf>> {
    let start = match start {
        Some(s) => s,
        None => std::env::current_dir()?,
    };
    Ok(carelint::Config::discover(&start))
}

/// The extension module.
#[pymodule]
fn _carelint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("FORMATS", Format::NAMES.to_vec())?;
    m.add_class::<PyLinter>()?;
    m.add_function(wrap_pyfunction!(findings_schema, m)?)?;
    m.add_function(wrap_pyfunction!(find_config, m)?)?;
    Ok(())
}
