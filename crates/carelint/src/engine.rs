//! The linter: rules compiled once, applied to transcripts in parallel.

use rayon::prelude::*;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::error::{Error, RuleError};
use crate::rules::conversation::{self, Finding};
use crate::rules::matcher::{Hit, Role, Scratch, TurnMatcher};
use crate::rules::{load_pack, Rule, RuleSource, SpeakerFilter};
use crate::text::{capitalize_first, sentence_start};
use crate::transcript::plain::PlainOptions;
use crate::transcript::ReadOptions;
use crate::transcript::{Format, Speaker, Transcript, TranscriptKind};

/// Configures and builds a [`Linter`].
///
/// The builder only collects settings and rule sources; all parsing and compiling happens
/// in [`LinterBuilder::build`], which reports every problem at once.
#[derive(Debug, Clone)]
pub struct LinterBuilder {
    default_rules: bool,
    sources: Vec<RuleSource>,
    errors: Vec<RuleError>,
    min_severity: Severity,
    read: ReadOptions,
    vocabulary: Vec<String>,
    actions: Vec<PendingAction>,
    scopes: Vec<Scope>,
    working_dir: Option<PathBuf>,
    explain_speakers: bool,
    report_unused_suppressions: bool,
}

/// Where a setting was written: (file, line, column).
pub(crate) type SettingPlace = (String, usize, usize);

/// Where a setting was written, if it came from a file.
type Origin = Option<SettingPlace>;

/// An error in a setting, positioned where the setting was written.
fn setting_error(origin: &Origin, message: String) -> RuleError {
    let (path, line, column) = origin
        .clone()
        .unwrap_or_else(|| ("<settings>".into(), 0, 0));
    RuleError {
        path,
        line,
        column,
        rule: None,
        message,
    }
}

/// Files a group of settings applies to: a base folder and globs relative to it.
#[derive(Debug, Clone)]
struct Scope {
    base: PathBuf,
    globs: Vec<(String, Origin)>,
}

#[derive(Debug, Clone)]
enum ActionKind {
    Enable,
    Disable,
    Severity(String),
}

/// A settings change, resolved against the loaded rules at build time.
#[derive(Debug, Clone)]
struct PendingAction {
    /// Index into `scopes`; `None` for every file.
    scope: Option<usize>,
    kind: ActionKind,
    selector: String,
    origin: Origin,
}

/// Which rules are on, and at what severity, for some files.
#[derive(Debug, Clone, PartialEq)]
struct Settings {
    enabled: Vec<bool>,
    severity: Vec<Severity>,
}

#[derive(Debug, Clone)]
enum Action {
    Enable(Vec<usize>),
    Disable(Vec<usize>),
    Severity(Vec<usize>, Severity),
}

impl Settings {
    fn apply(&mut self, action: &Action) {
        match action {
            Action::Enable(rules) => rules.iter().for_each(|&r| self.enabled[r] = true),
            Action::Disable(rules) => rules.iter().for_each(|&r| self.enabled[r] = false),
            Action::Severity(rules, s) => rules.iter().for_each(|&r| self.severity[r] = *s),
        }
    }
}

impl Default for LinterBuilder {
    fn default() -> Self {
        LinterBuilder::new()
    }
}

impl LinterBuilder {
    /// A builder with the built-in rule packs enabled and no severity filter.
    pub fn new() -> LinterBuilder {
        LinterBuilder {
            default_rules: true,
            sources: Vec::new(),
            errors: Vec::new(),
            min_severity: Severity::Info,
            read: ReadOptions::default(),
            vocabulary: Vec::new(),
            actions: Vec::new(),
            scopes: Vec::new(),
            working_dir: None,
            explain_speakers: false,
            report_unused_suppressions: false,
        }
    }

    /// Terms the customers know (a product name, an abbreviation): jargon and idiom
    /// matches inside an occurrence of one of them are not reported.
    pub fn vocabulary<I, S>(mut self, terms: I) -> LinterBuilder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.vocabulary.extend(terms.into_iter().map(Into::into));
        self
    }

    /// Switches off a rule (by id) or a whole category.
    pub fn disable(mut self, rule_or_category: &str) -> LinterBuilder {
        self.push_action(None, ActionKind::Disable, rule_or_category, None);
        self
    }

    /// Switches a rule or category on again after [`LinterBuilder::disable`].
    pub fn enable(mut self, rule_or_category: &str) -> LinterBuilder {
        self.push_action(None, ActionKind::Enable, rule_or_category, None);
        self
    }

    /// Sets the severity of a rule or of every rule of a category.
    pub fn severity(mut self, rule_or_category: &str, severity: Severity) -> LinterBuilder {
        self.push_action(
            None,
            ActionKind::Severity(severity.as_str().to_string()),
            rule_or_category,
            None,
        );
        self
    }

    /// The folder relative source paths are resolved against when matching per-path
    /// overrides (the CLI passes its working folder). Without it, relative paths are
    /// matched as they are.
    pub fn working_dir(mut self, dir: impl Into<PathBuf>) -> LinterBuilder {
        self.working_dir = Some(dir.into());
        self
    }

    /// Records an error found while configuring (reported by `build`).
    pub(crate) fn push_error(mut self, e: RuleError) -> LinterBuilder {
        self.errors.push(e);
        self
    }

    fn push_action(
        &mut self,
        scope: Option<usize>,
        kind: ActionKind,
        selector: &str,
        origin: Origin,
    ) {
        self.actions.push(PendingAction {
            scope,
            kind,
            selector: selector.to_string(),
            origin,
        });
    }

    /// Adds settings from a config file, for every file or (with `scope`) for the files
    /// matching some globs.
    pub(crate) fn settings_with_origin(
        mut self,
        scope: Option<(PathBuf, Vec<(String, SettingPlace)>)>,
        settings: &crate::config::RuleSettings,
        file: &str,
    ) -> LinterBuilder {
        let scope = scope.map(|(base, globs)| {
            self.scopes.push(Scope {
                base,
                globs: globs.into_iter().map(|(g, o)| (g, Some(o))).collect(),
            });
            self.scopes.len() - 1
        });
        let at = |l: &serde_saphyr::Location| {
            Some((file.to_string(), l.line() as usize, l.column() as usize))
        };
        for (sel, sev) in &settings.severity {
            self.push_action(
                scope,
                ActionKind::Severity(sev.value.clone()),
                sel,
                at(&sev.referenced),
            );
        }
        for d in &settings.disable {
            self.push_action(scope, ActionKind::Disable, &d.value, at(&d.referenced));
        }
        for e in &settings.enable {
            self.push_action(scope, ActionKind::Enable, &e.value, at(&e.referenced));
        }
        self
    }

    /// Enables or disables the built-in rule packs (enabled by default).
    pub fn default_rules(mut self, enabled: bool) -> LinterBuilder {
        self.default_rules = enabled;
        self
    }

    /// Adds a rule pack from YAML text. `name` identifies it in errors and in
    /// [`Rule::source`].
    pub fn rules_str(mut self, name: impl Into<String>, yaml: impl Into<String>) -> LinterBuilder {
        self.sources.push(RuleSource {
            name: name.into(),
            text: yaml.into(),
        });
        self
    }

    /// Adds a rule file, or every `*.yaml` / `*.yml` file in a folder (sorted by name,
    /// not recursive). Read errors are reported by [`LinterBuilder::build`].
    pub fn rules_path(mut self, path: impl AsRef<Path>) -> LinterBuilder {
        let path = path.as_ref();
        let io_error = |p: &Path, e: std::io::Error| RuleError {
            path: p.display().to_string(),
            line: 0,
            column: 0,
            rule: None,
            message: format!("cannot read rules: {e}"),
        };
        if path.is_dir() {
            let mut files: Vec<_> = match std::fs::read_dir(path) {
                Ok(rd) => rd
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                    })
                    .collect(),
                Err(e) => {
                    self.errors.push(io_error(path, e));
                    return self;
                }
            };
            files.sort();
            if files.is_empty() {
                self.errors.push(RuleError {
                    path: path.display().to_string(),
                    line: 0,
                    column: 0,
                    rule: None,
                    message: "folder holds no rule files (*.yaml, *.yml)".into(),
                });
            }
            for f in files {
                self = self.rules_path(f);
            }
            return self;
        }
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => self.sources.push(RuleSource {
                    name: path.display().to_string(),
                    text,
                }),
                Err(e) => self.errors.push(RuleError {
                    path: path.display().to_string(),
                    line: 0,
                    column: 0,
                    rule: None,
                    message: format!(
                        "rule file is not valid UTF-8 (first bad byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                }),
            },
            Err(e) => self.errors.push(io_error(path, e)),
        }
        self
    }

    /// Drops rules whose severity is below `level`.
    pub fn min_severity(mut self, level: Severity) -> LinterBuilder {
        self.min_severity = level;
        self
    }

    /// Maps a speaker label of the plain-text format to a role (case-insensitive), e.g.
    /// `"maria"` → [`Speaker::Agent`].
    pub fn speaker_label(mut self, label: &str, speaker: Speaker) -> LinterBuilder {
        self.read
            .plain
            .labels
            .insert(label.trim().to_lowercase(), speaker);
        self
    }

    /// Maps a diarised speaker label of a speech-to-text format (`spk_0`, `Speaker 1`,
    /// `ch_0`) to a role, overriding the heuristics.
    pub fn speaker_map(mut self, label: &str, speaker: Speaker) -> LinterBuilder {
        self.read
            .speaker_map
            .insert(label.trim().to_lowercase(), speaker);
        self
    }

    /// Column names of CSV/TSV exports, overriding the detection by header name.
    pub fn csv_columns(mut self, columns: crate::transcript::CsvColumns) -> LinterBuilder {
        self.read.csv_columns = Some(columns);
        self
    }

    /// In two-channel recordings (`ch_0`, `ch_1`) that no other clue decides, the agent's
    /// channel (default 0).
    pub fn agent_channel(mut self, channel: usize) -> LinterBuilder {
        self.read.agent_channel = channel;
        self
    }

    /// Reports `carelint:` suppression comments that suppressed nothing.
    pub fn report_unused_suppressions(mut self, yes: bool) -> LinterBuilder {
        self.report_unused_suppressions = yes;
        self
    }

    /// Records in each diagnostic how its speaker's role was inferred, for formats with
    /// diarised speaker labels (see [`Diagnostic::speaker_role`]).
    pub fn explain_speakers(mut self, yes: bool) -> LinterBuilder {
        self.explain_speakers = yes;
        self
    }

    /// Loads and compiles every rule.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Rules`] listing every problem in every pack: YAML syntax, unknown
    /// or missing keys, bad values, invalid regexes, duplicate ids, unreadable files.
    pub fn build(self) -> Result<Linter, Error> {
        let mut errors = self.errors;
        let mut sources = Vec::new();
        if self.default_rules {
            sources.extend(crate::builtin::sources());
        }
        sources.extend(self.sources);
        let mut rules: Vec<Rule> = Vec::new();
        let cache = crate::rules::matcher::RegexCache::default();
        let mut seen: HashMap<String, (String, usize)> = HashMap::new();
        for source in &sources {
            let (loaded, mut errs) = load_pack(source, &cache);
            errors.append(&mut errs);
            for rule in loaded {
                if let Some((first_path, first_line)) = seen.get(&rule.id) {
                    errors.push(RuleError {
                        path: rule.source.clone(),
                        line: rule.line,
                        column: 1,
                        rule: Some(rule.id.clone()),
                        message: format!(
                            "duplicate rule id; first defined at {first_path}:{first_line}"
                        ),
                    });
                    continue;
                }
                seen.insert(rule.id.clone(), (rule.source.clone(), rule.line));
                rules.push(rule);
            }
        }
        // Resolve settings changes against the loaded rules.
        let resolve =
            |sel: &str, origin: &Origin, errors: &mut Vec<RuleError>| -> Option<Vec<usize>> {
                if let Ok(cat) = sel.parse::<crate::rules::Category>() {
                    return Some(
                        (0..rules.len())
                            .filter(|&i| rules[i].category == cat)
                            .collect(),
                    );
                }
                if let Some(i) = rules.iter().position(|r| r.id == sel) {
                    return Some(vec![i]);
                }
                let names: Vec<&str> = crate::rules::Category::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .chain(rules.iter().map(|r| r.id.as_str()))
                    .collect();
                let hint = crate::util::did_you_mean(sel, names.iter().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_else(|| "; `carelint rules` lists the rule ids".into());
                errors.push(setting_error(
                    origin,
                    format!("`{sel}` is neither a rule id nor a category{hint}"),
                ));
                None
            };
        let mut base = Settings {
            enabled: vec![true; rules.len()],
            severity: rules.iter().map(|r| r.severity).collect(),
        };
        let mut scoped: Vec<Vec<Action>> = vec![Vec::new(); self.scopes.len()];
        for a in &self.actions {
            let Some(targets) = resolve(&a.selector, &a.origin, &mut errors) else {
                continue;
            };
            let action = match &a.kind {
                ActionKind::Enable => Action::Enable(targets),
                ActionKind::Disable => Action::Disable(targets),
                ActionKind::Severity(s) => match s.parse::<Severity>() {
                    Ok(sev) => Action::Severity(targets, sev),
                    Err(m) => {
                        errors.push(setting_error(&a.origin, m));
                        continue;
                    }
                },
            };
            match a.scope {
                None => base.apply(&action),
                Some(i) => scoped[i].push(action),
            }
        }
        let mut overrides = Vec::new();
        for (scope, actions) in self.scopes.iter().zip(scoped) {
            let mut set = globset::GlobSetBuilder::new();
            for (glob, origin) in &scope.globs {
                let mut patterns = vec![scope.base.join(glob)];
                if !glob.contains('/') {
                    patterns.push(scope.base.join("**").join(glob));
                }
                for p in patterns {
                    match globset::GlobBuilder::new(&p.to_string_lossy())
                        .literal_separator(true)
                        .build()
                    {
                        Ok(g) => {
                            set.add(g);
                        }
                        Err(e) => {
                            errors.push(setting_error(
                                origin,
                                format!("bad glob `{glob}`: {}", e.kind()),
                            ));
                        }
                    }
                }
            }
            if let Ok(set) = set.build() {
                overrides.push((set, actions));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Rules(errors));
        }
        let min = self.min_severity;
        let finish = |s: &mut Settings| {
            for i in 0..s.enabled.len() {
                if s.severity[i] < min {
                    s.enabled[i] = false;
                }
            }
        };
        finish(&mut base);
        let matcher = TurnMatcher::new(&rules, &self.vocabulary, &cache);
        let masks = rules
            .iter()
            .map(|r| {
                let speakers = speaker_bits(r.speaker);
                let kinds = match r.applies_to {
                    crate::rules::AppliesTo::Any => KIND_CONVERSATION | KIND_TEMPLATE,
                    crate::rules::AppliesTo::Conversation => KIND_CONVERSATION,
                    crate::rules::AppliesTo::Template => KIND_TEMPLATE,
                };
                speakers | kinds
            })
            .collect();
        let trigger_masks = rules
            .iter()
            .zip(&masks)
            .map(|(r, &m): (&Rule, &u8)| match &r.check {
                crate::rules::Check::Respond { trigger, .. } => {
                    let filter = trigger.speaker.unwrap_or(match r.speaker {
                        SpeakerFilter::Agent => SpeakerFilter::Customer,
                        SpeakerFilter::Customer => SpeakerFilter::Agent,
                        SpeakerFilter::Any => SpeakerFilter::Any,
                    });
                    speaker_bits(filter) | (m & KIND_MASK)
                }
                _ => m,
            })
            .collect();
        let conversation_rules = (0..rules.len() as u32)
            .filter(|&i| !rules[i as usize].check.is_turn_level())
            .collect();
        Ok(Linter {
            inner: Arc::new(Inner {
                rules,
                matcher,
                masks,
                trigger_masks,
                conversation_rules,
                read: self.read,
                base,
                overrides,
                min_severity: min,
                working_dir: self.working_dir,
                explain_speakers: self.explain_speakers,
                report_unused_suppressions: self.report_unused_suppressions,
            }),
        })
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

const SPK_AGENT: u8 = 1;
const SPK_CUSTOMER: u8 = 2;
const SPK_SYSTEM: u8 = 4;
const SPK_OTHER: u8 = 8;
const KIND_CONVERSATION: u8 = 16;
const KIND_TEMPLATE: u8 = 32;
const SPEAKER_MASK: u8 = 0x0f;
const KIND_MASK: u8 = 0x30;

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

/// A compiled set of rules, ready to lint.
///
/// # Cloning and thread safety
///
/// `Linter` is `Send + Sync` and cheap to clone (an `Arc` inside): build it once and share
/// it between threads.
#[derive(Debug, Clone)]
pub struct Linter {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    rules: Vec<Rule>,
    matcher: TurnMatcher,
    /// Per rule: speaker bits | transcript-kind bits.
    masks: Vec<u8>,
    /// Per rule: the same for the turns a `respond` rule reads its trigger in.
    trigger_masks: Vec<u8>,
    /// Indices of the conversation-aware rules (every kind but `phrases` and `pattern`).
    conversation_rules: Vec<u32>,
    read: ReadOptions,
    /// Rule settings for every file.
    base: Settings,
    /// Per-path changes, applied in order on top of `base`.
    overrides: Vec<(globset::GlobSet, Vec<Action>)>,
    min_severity: Severity,
    working_dir: Option<PathBuf>,
    explain_speakers: bool,
    report_unused_suppressions: bool,
}

/// The result of linting one source (a file or an in-memory text).
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
    pub suppression_problems: Vec<crate::suppress::SuppressionProblem>,
    /// Whether every transcript in the source is a reply template (fixes are safe to
    /// apply; transcripts of real conversations are records).
    pub templates_only: bool,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Linter {
    /// A builder, with the built-in packs enabled.
    pub fn builder() -> LinterBuilder {
        LinterBuilder::new()
    }

    /// The loaded rules, in load order (built-in packs first, by category).
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &Rule> + '_ {
        self.inner.rules.iter()
    }

    /// The rule with this id, if loaded.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.inner.rules.iter().find(|r| r.id == id)
    }

    /// Number of distinct phrases compiled into the phrase automaton.
    pub fn phrase_count(&self) -> usize {
        self.inner.matcher.phrase_count()
    }

    /// Options the plain-text reader uses with this linter (speaker label mappings).
    pub fn plain_options(&self) -> &PlainOptions {
        &self.inner.read.plain
    }

    /// Options the readers use with this linter.
    pub fn read_options(&self) -> &ReadOptions {
        &self.inner.read
    }

    /// Parses `text` as a plain-text transcript (or reply template) and lints it.
    ///
    /// Diagnostics carry `<input>` as their path.
    ///
    /// # Errors
    ///
    /// Returns an error only when the text cannot be parsed (malformed front matter).
    pub fn lint_str(&self, text: &str) -> Result<Vec<Diagnostic>, Error> {
        Ok(self
            .lint_source("<input>", text, Format::Plain)?
            .diagnostics)
    }

    /// Parses one source in `format` and lints every transcript in it.
    ///
    /// # Errors
    ///
    /// Returns an error when the source cannot be parsed.
    pub fn lint_source(
        &self,
        path: &str,
        text: &str,
        format: Format,
    ) -> Result<SourceReport, Error> {
        let transcripts = crate::transcript::read(text, format, path, &self.inner.read)?;
        let mut report = SourceReport {
            path: path.to_string(),
            transcripts: transcripts.len(),
            turns: transcripts.iter().map(|t| t.turns.len()).sum(),
            ..SourceReport::default()
        };
        report.templates_only = !transcripts.is_empty()
            && transcripts
                .iter()
                .all(|t| t.kind == TranscriptKind::Template);
        let settings = self.settings_for(path);
        for (i, t) in transcripts.iter().enumerate() {
            self.lint_with(&settings, t, path, i, &mut report.diagnostics);
        }
        if text.contains("carelint:") {
            let suppressions = crate::suppress::Suppressions::parse(text);
            let known = |id: &str| {
                self.inner.rules.iter().any(|r| r.id == id)
                    || id.parse::<crate::rules::Category>().is_ok()
            };
            report.suppression_problems = suppressions.apply(
                &mut report.diagnostics,
                &known,
                self.inner.report_unused_suppressions,
            );
        }
        Ok(report)
    }

    /// Lints a batch of JSON Lines records (from [`crate::transcript::JsonlReader::batch`])
    /// of the source `path`. Each record is one transcript; its line number orders the
    /// output. Malformed lines are returned as errors, in line order, and do not stop the
    /// others. Memory is bounded by the batch, so a file of any size can be streamed.
    pub fn lint_jsonl_batch(
        &self,
        path: &str,
        lines: &[Result<crate::transcript::RawLine, Error>],
    ) -> (SourceReport, Vec<Error>) {
        let mut report = SourceReport {
            path: path.to_string(),
            ..SourceReport::default()
        };
        let mut errors = Vec::new();
        let settings = self.settings_for(path);
        for line in lines {
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    errors.push(e.clone());
                    continue;
                }
            };
            match crate::transcript::jsonl::parse_line(
                &line.text,
                line.line,
                path,
                &self.inner.read,
            ) {
                Ok(Some(t)) => {
                    report.transcripts += 1;
                    report.turns += t.turns.len();
                    self.lint_with(&settings, &t, path, line.line, &mut report.diagnostics);
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        (report, errors)
    }

    /// Lints one transcript. Diagnostics carry the transcript's id as their path.
    ///
    /// Linting never fails: every problem with the input was found when it was parsed.
    pub fn lint_transcript(&self, transcript: &Transcript) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        self.lint_into(transcript, &transcript.id, 0, &mut out);
        out
    }

    /// Lints many transcripts in parallel (on rayon's pool). The result has one entry per
    /// input transcript, in input order, whatever the number of threads.
    pub fn lint_many(&self, transcripts: &[Transcript]) -> Vec<Vec<Diagnostic>> {
        transcripts
            .par_iter()
            .map(|t| self.lint_transcript(t))
            .collect()
    }

    /// Whether a rule is on for every file (after configuration and `min_severity`).
    pub fn is_enabled(&self, id: &str) -> bool {
        self.index_of(id)
            .is_some_and(|i| self.inner.base.enabled[i])
    }

    /// A rule's severity after configuration (for files without per-path overrides).
    pub fn severity_of(&self, id: &str) -> Option<Severity> {
        self.index_of(id).map(|i| self.inner.base.severity[i])
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.inner.rules.iter().position(|r| r.id == id)
    }

    /// The rule settings for a source path: the base settings with every matching
    /// per-path override applied in order.
    fn settings_for(&self, path: &str) -> Cow<'_, Settings> {
        let inner = &*self.inner;
        if inner.overrides.is_empty() {
            return Cow::Borrowed(&inner.base);
        }
        let p = Path::new(path);
        let full = match &inner.working_dir {
            Some(wd) if p.is_relative() => wd.join(p),
            _ => p.to_path_buf(),
        };
        let normal: PathBuf = full
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        let mut settings = Cow::Borrowed(&inner.base);
        for (set, actions) in &inner.overrides {
            if set.is_match(&normal) {
                let s = settings.to_mut();
                for a in actions {
                    s.apply(a);
                }
            }
        }
        if let Cow::Owned(s) = &mut settings {
            for i in 0..s.enabled.len() {
                if s.severity[i] < inner.min_severity {
                    s.enabled[i] = false;
                }
            }
        }
        settings
    }

    /// Lints `t` (the `index`-th transcript of the source `path`) into `out`, in order.
    /// Per-path overrides from the configuration apply to `path`.
    pub fn lint_into(&self, t: &Transcript, path: &str, index: usize, out: &mut Vec<Diagnostic>) {
        let settings = self.settings_for(path);
        self.lint_with(&settings, t, path, index, out);
    }

    /// Lints with every rule enabled at its own severity (for rule examples).
    pub(crate) fn lint_all_rules(&self, t: &Transcript) -> Vec<Diagnostic> {
        let n = self.inner.rules.len();
        let settings = Settings {
            enabled: vec![true; n],
            severity: self.inner.rules.iter().map(|r| r.severity).collect(),
        };
        let mut out = Vec::new();
        self.lint_with(&settings, t, &t.id, 0, &mut out);
        out
    }

    fn lint_with(
        &self,
        settings: &Settings,
        t: &Transcript,
        path: &str,
        index: usize,
        out: &mut Vec<Diagnostic>,
    ) {
        let first = out.len();
        let inner = &*self.inner;
        let kind_bits = turn_mask(&Speaker::Agent, t.kind) & KIND_MASK;
        let conversation_rules: Vec<u32> = inner
            .conversation_rules
            .iter()
            .copied()
            .filter(|&r| settings.enabled[r as usize] && inner.masks[r as usize] & kind_bits != 0)
            .collect();
        // Hits per turn, kept only when a conversation-aware rule will read them.
        let mut per_turn: Vec<Vec<Hit>> = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            for (turn_idx, turn) in t.turns.iter().enumerate() {
                let tm = turn_mask(&turn.speaker, t.kind);
                let enabled = |rule: u32, role: Role| {
                    if !settings.enabled[rule as usize] {
                        return false;
                    }
                    let m = if role == Role::Trigger {
                        inner.trigger_masks[rule as usize]
                    } else {
                        inner.masks[rule as usize]
                    };
                    m & tm & SPEAKER_MASK != 0 && m & tm & KIND_MASK != 0
                };
                hits.clear();
                inner
                    .matcher
                    .find(&turn.text, &enabled, &mut scratch, &mut hits);
                for hit in hits.iter().filter(|h| h.role == Role::Match) {
                    let rule = &inner.rules[hit.rule as usize];
                    let finding = Finding {
                        turn: Some(turn_idx),
                        span: Some((hit.start, hit.end)),
                        vars: Vec::new(),
                        anchor: None,
                    };
                    let severity = settings.severity[hit.rule as usize];
                    out.push(self.diagnostic(rule, severity, t, &finding, path, index));
                }
                if !conversation_rules.is_empty() {
                    per_turn.push(
                        hits.iter()
                            .filter(|h| h.role != Role::Match)
                            .copied()
                            .collect(),
                    );
                }
            }
        });
        for &r in &conversation_rules {
            let rule = &inner.rules[r as usize];
            let severity = settings.severity[r as usize];
            for finding in conversation::check(r, rule, t, &per_turn) {
                out.push(self.diagnostic(rule, severity, t, &finding, path, index));
            }
        }
        out[first..].sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    #[allow(clippy::too_many_arguments)]
    fn diagnostic(
        &self,
        rule: &Rule,
        severity: Severity,
        t: &Transcript,
        f: &Finding,
        path: &str,
        index: usize,
    ) -> Diagnostic {
        let turn = f.turn.or(f.anchor).and_then(|i| t.turns.get(i));
        let (matched, span) = match (turn, f.span) {
            (Some(turn), Some((s, e))) => (Some(&turn.text[s..e]), Some(Span::new(s, e))),
            _ => (None, None),
        };
        let (line, column, end_line, end_column) = match turn {
            Some(turn) => {
                let (l, c) = turn.position(span.map_or(0, |s| s.start));
                let (el, ec) = match span {
                    Some(s) => turn.position(s.end),
                    None => (l, c),
                };
                (l, c, el, ec)
            }
            None => (1, 1, 1, 1),
        };
        let suggestion = match (turn, span, matched) {
            (Some(turn), Some(span), Some(m)) => rule.suggestion_for(m).map(|s| {
                let before = &turn.text[sentence_start(&turn.text, span.start)..span.start];
                if before
                    .trim()
                    .trim_matches(['"', '\'', '(', '\u{201c}'])
                    .is_empty()
                {
                    capitalize_first(&s)
                } else {
                    s
                }
            }),
            _ => None,
        };
        let mut message = rule.message.clone();
        if message.contains('{') {
            for (key, value) in &f.vars {
                message = message.replace(&format!("{{{key}}}"), value);
            }
            if let Some(m) = matched {
                message = message.replace("{match}", m);
            }
        }
        let speaker_role = match (
            self.inner.explain_speakers,
            f.turn.and_then(|i| t.turns.get(i)),
        ) {
            (true, Some(turn)) => {
                let how: Vec<String> = t
                    .speakers
                    .iter()
                    .filter(|a| a.speaker == turn.speaker)
                    .map(|a| format!("{} → {}: {}", a.label, a.speaker, a.how))
                    .collect();
                (!how.is_empty()).then(|| how.join("; "))
            }
            _ => None,
        };
        Diagnostic {
            speaker_role,
            path: path.to_string(),
            transcript: t.id.clone(),
            turn: f.turn,
            speaker: f
                .turn
                .and_then(|i| t.turns.get(i))
                .map(|t| t.speaker.as_str().to_string()),
            rule: rule.id.clone(),
            category: rule.category.as_str().to_string(),
            severity,
            message,
            line,
            column,
            span,
            matched: matched.map(str::to_string),
            suggestion,
            end_line,
            end_column,
            transcript_index: index,
        }
    }
}
