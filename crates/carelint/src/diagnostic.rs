//! Findings produced by the linter.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::category::Category;
use crate::error::UnknownName;
use crate::transcript::Speaker;

/// How serious a finding is.
///
/// Ordered from least to most severe, so `Severity::Error > Severity::Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run unless `--fail-on info` is given.
    Info,
    /// A mistake a customer is likely to notice.
    Warning,
    /// A mistake that must not reach a customer (an unfilled placeholder, say).
    Error,
}

impl Severity {
    /// All severities, least severe first.
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    /// The lowercase name used in rule files and output (`info`, `warning`, `error`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(UnknownName::new(
                "severity",
                s,
                &["info", "warning", "error"],
            )),
        }
    }
}

/// The least severe finding that makes a run fail (a CI check, a non-zero exit), or
/// `Never`. Written `fail-on: warning` in `carelint.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailLevel {
    /// Findings at or above this severity fail the run.
    At(Severity),
    /// Findings never fail the run.
    Never,
}

impl FailLevel {
    /// The default: warnings and errors fail a run.
    pub const DEFAULT: FailLevel = FailLevel::At(Severity::Warning);

    /// Whether a finding of `severity` fails the run.
    #[must_use]
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailLevel::At(level) => severity >= level,
            FailLevel::Never => false,
        }
    }
}

impl Default for FailLevel {
    fn default() -> Self {
        FailLevel::DEFAULT
    }
}

impl FromStr for FailLevel {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("never") {
            return Ok(FailLevel::Never);
        }
        s.parse::<Severity>()
            .map(FailLevel::At)
            .map_err(|_| UnknownName::new("fail level", s, &["info", "warning", "error", "never"]))
    }
}

impl fmt::Display for FailLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailLevel::At(s) => s.fmt(f),
            FailLevel::Never => f.write_str("never"),
        }
    }
}

/// A half-open byte range `start..end` within a turn's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates a span.
    ///
    /// # Panics
    ///
    /// Panics when `start > end`.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} is after its end {end}");
        Span { start, end }
    }

    /// The span as a range, for slicing.
    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// One finding: a rule that fired on a transcript.
///
/// This is a plain, serializable record. Its JSON form (the `jsonl` and `json` output
/// formats) has exactly the fields `path`, `transcript`, `turn`, `speaker`, `rule`,
/// `category`, `severity`, `message`, `line`, `column`, `span`, `match` and
/// `suggestion`. The end position (`end_line`, `end_column`) is kept for formats that
/// need it (SARIF, GitHub annotations) but is not part of that JSON form.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file the transcript came from (or the id given to an in-memory input).
    pub path: String,
    /// The transcript's id (by default its file path).
    pub transcript: String,
    /// 0-based index of the turn in its transcript; `None` for conversation-level findings.
    pub turn: Option<usize>,
    /// Who spoke the turn (serialized as `agent`, `customer`, `system` or the raw label);
    /// `None` for conversation-level findings.
    pub speaker: Option<Speaker>,
    /// The rule's id.
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// The rule's severity (after configuration overrides).
    pub severity: Severity,
    /// The rule's message with `{match}` filled in.
    pub message: String,
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column in the source file, counted in Unicode characters.
    pub column: usize,
    /// Byte range of the match within the turn's text, or `None`.
    pub span: Option<Span>,
    /// The matched text, or `None` for findings about something missing.
    #[serde(rename = "match")]
    pub matched: Option<String>,
    /// Replacement text for the match, if the rule suggests one.
    pub suggestion: Option<String>,
    /// How the turn's speaker role was inferred from a diarised label (`spk_0 → agent:
    /// greeting in its first turn`). Only set, and only serialized, when the linter was
    /// built with `explain_speakers(true)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_role: Option<String>,
    /// 1-based line where the match ends (inclusive).
    #[serde(skip, default)]
    pub end_line: usize,
    /// 1-based column one past the last matched character.
    #[serde(skip, default)]
    pub end_column: usize,
    /// Position of the transcript within its file (0-based), used for stable ordering.
    #[serde(skip, default)]
    pub transcript_index: usize,
}

impl Diagnostic {
    /// The key diagnostics are ordered by: path, transcript, turn, offset, rule.
    ///
    /// Conversation-level findings (no turn) sort after the turns of their transcript. The
    /// linter's output differs only there: it places such a finding at the turn it points
    /// at (its line), so it reads beside that turn.
    #[must_use]
    pub fn sort_key(&self) -> (&str, usize, usize, usize, &str) {
        (
            &self.path,
            self.transcript_index,
            self.turn.unwrap_or(usize::MAX),
            self.span.map_or(0, |s| s.start),
            &self.rule,
        )
    }
}
