//! The linter: rules compiled once, applied to transcripts.
//!
//! - [`builder`]: [`LinterBuilder`], settings and rule sources in, a [`Linter`] out.
//! - [`settings`]: which rules are on, at what severity, for which paths.
//! - [`run`]: linting one transcript: one pass over each turn, then the
//!   conversation-level rules, then findings → [`Diagnostic`]s.

mod builder;
mod context;
mod lookup;
mod run;
pub(crate) mod settings;

pub use builder::LinterBuilder;

#[cfg(feature = "rayon")]
use rayon::prelude::*;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::rules::matcher::{Role, TurnMatcher};
use crate::rules::{AppliesTo, Rule, SpeakerFilter};
use crate::suppress::{SuppressionProblem, Suppressions};
use crate::transcript::{Format, ReadOptions, Speaker, Transcript, TranscriptKind};
use settings::{RuleSettings, Settings};

/// A compiled set of rules, ready to lint.
///
/// Build it once with [`Linter::builder`]; linting never fails and never prints.
///
/// # Cloning and thread safety
///
/// `Linter` is `Send + Sync` and cheap to clone (an `Arc` inside): build it once and share
/// it between threads.
///
/// ```
/// use carelint::{Format, Linter};
///
/// let linter = Linter::builder().build()?;
/// let handles: Vec<_> = (0..2)
///     .map(|i| {
///         let linter = linter.clone();
///         std::thread::spawn(move || {
///             let text = format!("Agent: Your RMA number is {i}.");
///             linter.lint_text("<memory>", &text, Format::Plain).map(|r| r.diagnostics.len())
///         })
///     })
///     .collect();
/// for h in handles {
///     assert_eq!(h.join().unwrap()?, 1);
/// }
/// # Ok::<(), carelint::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Linter {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    rules: Vec<Rule>,
    matcher: TurnMatcher,
    masks: Masks,
    read: ReadOptions,
    settings: RuleSettings,
    /// Per rule, whether its phrases and patterns were compiled; `None`: all were
    /// ([`LinterBuilder::only_enabled`]).
    compiled: Option<Vec<bool>>,
    explain_speakers: bool,
    report_unused_suppressions: bool,
}

/// The result of linting one source (a file or an in-memory text).
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceReport {
    /// The source's path or name.
    pub path: String,
    /// Number of transcripts read from it.
    pub transcripts: usize,
    /// Number of turns read from it.
    pub turns: usize,
    /// Findings, in output order (after inline suppressions).
    pub diagnostics: Vec<Diagnostic>,
    /// Problems with `carelint:` suppression comments: unknown rule ids, misspelled
    /// directives, and (when asked for) suppressions that suppressed nothing.
    pub suppression_problems: Vec<SuppressionProblem>,
    /// Whether every transcript in the source is a reply template (fixes are safe to
    /// apply; transcripts of real conversations are records).
    pub templates_only: bool,
}

impl SourceReport {
    /// An empty report for `path`.
    pub fn new(path: impl Into<String>) -> SourceReport {
        SourceReport {
            path: path.into(),
            ..SourceReport::default()
        }
    }
}

impl Linter {
    /// A builder, with the built-in packs enabled.
    #[must_use]
    pub fn builder() -> LinterBuilder {
        LinterBuilder::new()
    }

    /// The loaded rules, in load order (built-in packs first, by category).
    #[must_use]
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &Rule> + '_ {
        self.inner.rules.iter()
    }

    /// The rule with this id, if loaded.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.inner.rules.iter().find(|r| r.id == id)
    }

    /// Number of distinct phrases compiled into the phrase automaton.
    #[must_use]
    pub fn phrase_count(&self) -> usize {
        self.inner.matcher.phrase_count()
    }

    /// Whether a rule is on for every file (after configuration and `min_severity`).
    #[must_use]
    pub fn is_enabled(&self, id: &str) -> bool {
        self.index_of(id)
            .is_some_and(|i| self.inner.settings.base.enabled[i])
    }

    /// A rule's severity after configuration (for files without per-path overrides).
    #[must_use]
    pub fn severity_of(&self, id: &str) -> Option<crate::Severity> {
        self.index_of(id)
            .map(|i| self.inner.settings.base.severity[i])
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.inner.rules.iter().position(|r| r.id == id)
    }

    /// Reads every transcript of a source, with this linter's reader settings (speaker
    /// mappings, CSV columns, agent channel).
    ///
    /// `name` is the source's path or name: it names the source in errors, is the default
    /// transcript id, and with [`Format::Auto`] its extension helps choose the reader.
    ///
    /// # Errors
    ///
    /// A source that is not valid in `format` is an error of kind
    /// [`crate::ErrorKind::Parse`] with the line and column of the problem.
    ///
    /// # Example
    ///
    /// ```
    /// use carelint::{Format, Linter, Speaker};
    ///
    /// let linter = Linter::builder().speaker_map("spk_1", Speaker::Customer).build()?;
    /// let vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Agent>Thanks for calling.\n";
    /// let t = &linter.parse(vtt, Format::Auto, "<stdin>")?[0];
    /// assert_eq!(t.turns[0].speaker, Speaker::Agent);
    /// assert_eq!(t.turns[0].end, Some(2.0));
    /// # Ok::<(), carelint::Error>(())
    /// ```
    pub fn parse(&self, text: &str, format: Format, name: &str) -> Result<Vec<Transcript>, Error> {
        crate::transcript::read(text, format, name, &self.inner.read)
    }

    /// A reader of a JSON Lines stream (one transcript per line) that parses with this
    /// linter's settings. `path` names the source in errors and default ids.
    ///
    /// ```
    /// use carelint::Linter;
    ///
    /// let linter = Linter::builder().build()?;
    /// let data = "{\"id\": \"a\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"Hi\"}]}\nnot json\n";
    /// let mut reader = linter.read_jsonl(data.as_bytes(), "calls.jsonl");
    /// let batch = reader.batch(1000, 8 << 20)?;
    /// let (report, errors) = linter.lint_jsonl_batch("calls.jsonl", &batch);
    /// assert_eq!((report.transcripts, errors.len()), (1, 1));
    /// assert_eq!(errors[0].line(), Some(2));
    /// # Ok::<(), carelint::Error>(())
    /// ```
    pub fn read_jsonl<R: std::io::BufRead>(
        &self,
        reader: R,
        path: &str,
    ) -> crate::JsonlReader<'_, R> {
        crate::JsonlReader::new(reader, path, &self.inner.read)
    }

    /// The role this linter gives a speaker label written in a transcript: the configured
    /// speaker mappings ([`LinterBuilder::speaker_map`], [`LinterBuilder::speaker_label`],
    /// `speakers:` in the config) first, else [`Speaker::from_label`]. This is what the
    /// canonical JSON reader does with each turn's `speaker`; use it to build a
    /// [`Transcript`] from parts (a table row, a dict) that lints like the same JSON.
    ///
    /// ```
    /// use carelint::{Linter, Speaker};
    ///
    /// let linter = Linter::builder().speaker_map("maria", Speaker::Agent).build()?;
    /// assert_eq!(linter.speaker_for_label("Maria"), Speaker::Agent);
    /// assert_eq!(linter.speaker_for_label("caller"), Speaker::Customer);
    /// assert_eq!(linter.speaker_for_label("spk_9"), Speaker::Other("spk_9".into()));
    /// # Ok::<(), carelint::Error>(())
    /// ```
    #[must_use]
    pub fn speaker_for_label(&self, label: &str) -> Speaker {
        crate::transcript::configured_role(label, &self.inner.read)
            .map(|(s, _)| s)
            .unwrap_or_else(|| Speaker::from_label(label))
    }

    /// The reader settings this linter parses with.
    pub(crate) fn read_options(&self) -> &ReadOptions {
        &self.inner.read
    }

    /// Parses one source in `format` and lints every transcript in it. Per-path settings
    /// of the configuration apply to `path`; `carelint:` suppression comments in the text
    /// apply to its findings.
    ///
    /// # Errors
    ///
    /// Only when the source cannot be parsed (see [`Linter::parse`]).
    ///
    /// # Example
    ///
    /// ```
    /// use carelint::{Category, Format, Linter};
    ///
    /// let linter = Linter::builder().build()?;
    /// let report = linter.lint_text(
    ///     "call.txt",
    ///     "Customer: Where is my replacement?\nAgent: I guarantee it arrives tomorrow.\n",
    ///     Format::Auto,
    /// )?;
    /// let d = &report.diagnostics[0];
    /// assert_eq!(d.category, Category::OverPromising);
    /// assert_eq!((d.line, d.column), (2, 8));
    /// # Ok::<(), carelint::Error>(())
    /// ```
    pub fn lint_text(&self, path: &str, text: &str, format: Format) -> Result<SourceReport, Error> {
        self.lint_text_with_transcripts(path, text, format)
            .map(|(report, _)| report)
    }

    /// Like [`Linter::lint_text`], and also returns the transcripts it read, each with
    /// its [`Diagnostic::transcript_index`]: for reports that show conversations beside
    /// their findings.
    ///
    /// # Errors
    ///
    /// Only when the source cannot be parsed (see [`Linter::parse`]).
    pub fn lint_text_with_transcripts(
        &self,
        path: &str,
        text: &str,
        format: Format,
    ) -> Result<(SourceReport, Vec<(usize, Transcript)>), Error> {
        let transcripts = self.parse(text, format, path)?;
        let mut report = SourceReport::new(path);
        report.transcripts = transcripts.len();
        report.turns = transcripts.iter().map(|t| t.turns.len()).sum();
        report.templates_only = !transcripts.is_empty()
            && transcripts
                .iter()
                .all(|t| t.kind == TranscriptKind::Template);
        let settings = self.inner.settings.for_path(path);
        for (i, t) in transcripts.iter().enumerate() {
            self.lint_with(&settings, t, path, i, &mut report.diagnostics);
        }
        if text.contains("carelint:") {
            let known = |id: &str| {
                self.inner.rules.iter().any(|r| r.id == id) || id.parse::<crate::Category>().is_ok()
            };
            report.suppression_problems = Suppressions::parse(text).apply(
                &mut report.diagnostics,
                &known,
                self.inner.report_unused_suppressions,
            );
        }
        Ok((report, transcripts.into_iter().enumerate().collect()))
    }

    /// Lints a batch of JSON Lines records (from [`crate::JsonlReader::batch`]) of the
    /// source `path`. Each record is one transcript; its line number orders the output.
    /// Malformed lines are returned as errors, in line order, and do not stop the others.
    /// Memory is bounded by the batch, so a file of any size can be streamed.
    #[must_use]
    pub fn lint_jsonl_batch(
        &self,
        path: &str,
        lines: &[Result<crate::transcript::JsonlLine, Error>],
    ) -> (SourceReport, Vec<Error>) {
        let (report, errors, _) = self.jsonl_batch(path, lines, false);
        (report, errors)
    }

    /// Like [`Linter::lint_jsonl_batch`], and also returns the transcripts it read, each
    /// with its [`Diagnostic::transcript_index`] (its line number).
    #[must_use]
    pub fn lint_jsonl_batch_with_transcripts(
        &self,
        path: &str,
        lines: &[Result<crate::transcript::JsonlLine, Error>],
    ) -> (SourceReport, Vec<Error>, Vec<(usize, Transcript)>) {
        self.jsonl_batch(path, lines, true)
    }

    fn jsonl_batch(
        &self,
        path: &str,
        lines: &[Result<crate::transcript::JsonlLine, Error>],
        keep: bool,
    ) -> (SourceReport, Vec<Error>, Vec<(usize, Transcript)>) {
        let mut report = SourceReport::new(path);
        let mut errors = Vec::new();
        let mut kept = Vec::new();
        let settings = self.inner.settings.for_path(path);
        for line in lines {
            let parsed = line.as_ref().map_err(Clone::clone).and_then(|l| {
                crate::transcript::jsonl::parse_line(&l.text, l.line, path, &self.inner.read)
                    .map(|t| t.map(|t| (l.line, t)))
            });
            match parsed {
                Ok(Some((line, t))) => {
                    report.transcripts += 1;
                    report.turns += t.turns.len();
                    self.lint_with(&settings, &t, path, line, &mut report.diagnostics);
                    if keep {
                        kept.push((line, t));
                    }
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        (report, errors, kept)
    }

    /// Lints one transcript built in code or parsed earlier, with the settings for every
    /// file (no per-path overrides). Diagnostics carry the transcript's id as their path.
    ///
    /// Linting never fails: every problem with the input was found when it was parsed.
    ///
    /// # Example
    ///
    /// ```
    /// use carelint::{Linter, Speaker, Transcript, Turn};
    ///
    /// let t = Transcript::new("chat-17", vec![
    ///     Turn::new(Speaker::Customer, "This is the third time my order is late!!"),
    ///     Turn::new(Speaker::Agent, "Please provide the order number."),
    /// ]);
    /// let found = Linter::builder().build()?.lint_transcript(&t);
    /// assert!(found.iter().any(|d| d.rule == "empathy-acknowledge-distress"));
    /// let d = &found[0];
    /// // Map a finding back to the text it is about.
    /// assert_eq!(d.turn, Some(1));
    /// # Ok::<(), carelint::Error>(())
    /// ```
    #[must_use]
    pub fn lint_transcript(&self, transcript: &Transcript) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        self.lint_with(
            &self.inner.settings.base,
            transcript,
            &transcript.id,
            0,
            &mut out,
        );
        out
    }

    /// Lints many transcripts in parallel (on rayon's pool). The result has one entry per
    /// input transcript, in input order, whatever the number of threads.
    #[cfg(feature = "rayon")]
    #[must_use]
    pub fn lint_many(&self, transcripts: &[Transcript]) -> Vec<Vec<Diagnostic>> {
        transcripts
            .par_iter()
            .map(|t| self.lint_transcript(t))
            .collect()
    }

    /// Whether rule `index`'s phrases and patterns were compiled (all are, unless the
    /// linter was built with [`LinterBuilder::only_enabled`]).
    pub(crate) fn compiled(&self, index: usize) -> bool {
        self.inner.compiled.as_ref().is_none_or(|c| c[index])
    }

    /// Lints with every rule enabled at its own severity (for rule examples).
    pub(crate) fn lint_all_rules(&self, t: &Transcript) -> Vec<Diagnostic> {
        let settings = Settings::all_on(&self.inner.rules);
        let mut out = Vec::new();
        self.lint_with(&settings, t, &t.id, 0, &mut out);
        out
    }
}

/// Per rule: which turns it reads, as bit masks of speaker and transcript kind.
#[derive(Debug)]
struct Masks {
    /// Per rule: speaker bits | transcript-kind bits.
    rule: Vec<u8>,
    /// Per rule: the same for the turns its triggers are read in.
    trigger: Vec<u8>,
    /// Indices of the rules that look at whole conversations.
    conversation_rules: Vec<u32>,
}

const SPK_AGENT: u8 = 1;
const SPK_CUSTOMER: u8 = 2;
const SPK_SYSTEM: u8 = 4;
const SPK_OTHER: u8 = 8;
const KIND_CONVERSATION: u8 = 16;
const KIND_TEMPLATE: u8 = 32;
const SPEAKER_MASK: u8 = 0x0f;
const KIND_MASK: u8 = 0x30;

impl Masks {
    fn new(rules: &[Rule]) -> Masks {
        let kinds = |r: &Rule| match r.applies_to {
            AppliesTo::Any => KIND_CONVERSATION | KIND_TEMPLATE,
            AppliesTo::Conversation => KIND_CONVERSATION,
            AppliesTo::Template => KIND_TEMPLATE,
        };
        let mask =
            |r: &Rule, role: Role| speaker_bits(r.check().speaker_for(role, r.speaker)) | kinds(r);
        Masks {
            rule: rules.iter().map(|r| mask(r, Role::Match)).collect(),
            trigger: rules.iter().map(|r| mask(r, Role::Trigger)).collect(),
            conversation_rules: (0..rules.len() as u32)
                .filter(|&i| !rules[i as usize].check().reports_matches())
                .collect(),
        }
    }

    /// Whether rule `rule` reads a turn with mask `turn` for matches of `role`.
    fn reads(&self, rule: u32, role: Role, turn: u8) -> bool {
        let m = if role == Role::Trigger {
            self.trigger[rule as usize]
        } else {
            self.rule[rule as usize]
        };
        m & turn & SPEAKER_MASK != 0 && m & turn & KIND_MASK != 0
    }
}

/// The speaker bits of a filter.
fn speaker_bits(filter: SpeakerFilter) -> u8 {
    match filter {
        SpeakerFilter::Agent => SPK_AGENT,
        SpeakerFilter::Customer => SPK_CUSTOMER,
        SpeakerFilter::Any => SPK_AGENT | SPK_CUSTOMER | SPK_SYSTEM | SPK_OTHER,
    }
}

/// The mask of a turn by `speaker` in a transcript of `kind`.
fn turn_mask(speaker: &Speaker, kind: TranscriptKind) -> u8 {
    let s = match speaker {
        Speaker::Agent => SPK_AGENT,
        Speaker::Customer => SPK_CUSTOMER,
        Speaker::System => SPK_SYSTEM,
        Speaker::Other(_) => SPK_OTHER,
    };
    let k = match kind {
        TranscriptKind::Conversation => KIND_CONVERSATION,
        TranscriptKind::Template => KIND_TEMPLATE,
    };
    s | k
}
