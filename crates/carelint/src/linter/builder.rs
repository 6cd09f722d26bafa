//! [`LinterBuilder`]: settings and rule sources in, a compiled [`Linter`] out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::settings::{Change, Origin, PendingChange, RuleSettings, Scope};
use super::{Inner, Linter, Masks};
use crate::diagnostic::Severity;
use crate::error::{Error, ErrorKind};
use crate::rules::matcher::{MatcherBuilder, RegexCache};
use crate::rules::{load_packs, Rule, RuleSource};
use crate::transcript::{CsvColumns, ReadOptions, Speaker};

/// Configures and builds a [`Linter`].
///
/// The builder only collects settings and rule sources; all parsing and compiling happens
/// in [`LinterBuilder::build`], which reports every problem at once.
///
/// # Example
///
/// ```
/// use carelint::{Linter, Severity};
///
/// let linter = Linter::builder()
///     .disable("hedging")                       // a category…
///     .severity("idiom", Severity::Info)        // …or a rule id
///     .vocabulary(["SKU"])                      // terms your customers know
///     .min_severity(Severity::Warning)
///     .build()?;
/// assert!(!linter.is_enabled("hedging-not-sure"));
/// # Ok::<(), carelint::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct LinterBuilder {
    default_rules: bool,
    sources: Vec<RuleSource>,
    errors: Vec<Error>,
    min_severity: Severity,
    read: ReadOptions,
    vocabulary: Vec<String>,
    changes: Vec<PendingChange>,
    scopes: Vec<Scope>,
    explain_speakers: bool,
    report_unused_suppressions: bool,
    quick_start: bool,
    only_enabled: bool,
}

impl Default for LinterBuilder {
    fn default() -> Self {
        LinterBuilder::new()
    }
}

impl LinterBuilder {
    /// A builder with the built-in rule packs enabled and no severity filter.
    #[must_use]
    pub fn new() -> LinterBuilder {
        LinterBuilder {
            default_rules: true,
            sources: Vec::new(),
            errors: Vec::new(),
            min_severity: Severity::Info,
            read: ReadOptions::default(),
            vocabulary: Vec::new(),
            changes: Vec::new(),
            scopes: Vec::new(),
            explain_speakers: false,
            report_unused_suppressions: false,
            quick_start: false,
            only_enabled: false,
        }
    }

    /// Enables or disables the built-in rule packs (enabled by default).
    #[must_use]
    pub fn default_rules(mut self, enabled: bool) -> LinterBuilder {
        self.default_rules = enabled;
        self
    }

    /// Adds a rule pack from YAML text. `name` identifies it in errors and in
    /// [`Rule::source`].
    #[must_use]
    pub fn rules_str(mut self, name: impl Into<String>, yaml: impl Into<String>) -> LinterBuilder {
        self.sources.push(RuleSource {
            name: name.into(),
            text: yaml.into(),
            built_in: false,
        });
        self
    }

    /// Adds a rule file, or every `*.yaml` / `*.yml` file in a folder (sorted by name,
    /// not recursive). Read errors are reported by [`LinterBuilder::build`].
    #[must_use]
    pub fn rules_path(mut self, path: impl AsRef<Path>) -> LinterBuilder {
        let path = path.as_ref();
        if path.is_dir() {
            match rule_files(path) {
                Ok(files) if files.is_empty() => self.errors.push(
                    Error::new(
                        ErrorKind::Rule,
                        "folder holds no rule files (*.yaml, *.yml)",
                    )
                    .with_path(path.display().to_string()),
                ),
                Ok(files) => {
                    for f in files {
                        self = self.rules_path(f);
                    }
                }
                Err(e) => self.errors.push(e),
            }
            return self;
        }
        match crate::source::read_text(path, crate::source::RULES_LIMIT, "rules") {
            Ok(text) => self.sources.push(RuleSource {
                name: path.display().to_string(),
                text,
                built_in: false,
            }),
            Err(e) => self.errors.push(e),
        }
        self
    }

    /// Terms the customers know (a product name, an abbreviation): jargon and idiom
    /// matches inside an occurrence of one of them are not reported.
    #[must_use]
    pub fn vocabulary<I, S>(mut self, terms: I) -> LinterBuilder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.vocabulary.extend(terms.into_iter().map(Into::into));
        self
    }

    /// Switches off a rule (by id) or a whole category.
    #[must_use]
    pub fn disable(mut self, rule_or_category: &str) -> LinterBuilder {
        self.change(None, Change::Disable, rule_or_category, None);
        self
    }

    /// Switches a rule or category on again after [`LinterBuilder::disable`].
    #[must_use]
    pub fn enable(mut self, rule_or_category: &str) -> LinterBuilder {
        self.change(None, Change::Enable, rule_or_category, None);
        self
    }

    /// Sets the severity of a rule or of every rule of a category.
    #[must_use]
    pub fn severity(mut self, rule_or_category: &str, severity: Severity) -> LinterBuilder {
        self.change(None, Change::Severity(severity), rule_or_category, None);
        self
    }

    /// Drops rules whose severity is below `level`.
    #[must_use]
    pub fn min_severity(mut self, level: Severity) -> LinterBuilder {
        self.min_severity = level;
        self
    }

    /// Maps a speaker label of the plain-text format to a role (case-insensitive), e.g.
    /// `"maria"` → [`Speaker::Agent`].
    #[must_use]
    pub fn speaker_label(mut self, label: &str, speaker: Speaker) -> LinterBuilder {
        self.read
            .plain
            .labels
            .insert(label.trim().to_lowercase(), speaker);
        self
    }

    /// Maps a diarised speaker label of a speech-to-text format (`spk_0`, `Speaker 1`,
    /// `ch_0`) to a role, overriding the heuristics.
    #[must_use]
    pub fn speaker_map(mut self, label: &str, speaker: Speaker) -> LinterBuilder {
        self.read
            .speaker_map
            .insert(label.trim().to_lowercase(), speaker);
        self
    }

    /// Column names of CSV/TSV exports, overriding the detection by header name.
    #[must_use]
    pub fn csv_columns(mut self, columns: CsvColumns) -> LinterBuilder {
        self.read.csv_columns = Some(columns);
        self
    }

    /// In two-channel recordings (`ch_0`, `ch_1`) that no other clue decides, the agent's
    /// channel (default 0).
    #[must_use]
    pub fn agent_channel(mut self, channel: usize) -> LinterBuilder {
        self.read.agent_channel = channel;
        self
    }

    /// Builds for a small amount of text: a phrase automaton that is ready about twice as
    /// fast (a contiguous NFA instead of a DFA, ~25 ms less with the built-in packs) but
    /// searches somewhat slower. Worth it below a few megabytes of input (a CI check of
    /// reply templates, one transcript); off by default, for a linter that reads a lot.
    #[must_use]
    pub fn quick_start(mut self, yes: bool) -> LinterBuilder {
        self.quick_start = yes;
        self
    }

    /// Compiles only the rules that are on for some file (after configuration, scoped
    /// overrides and `min_severity`): the phrases and patterns of a rule that is off
    /// everywhere — one of the packs' off-by-default rules, or every rule outside
    /// `--select` — are left out of the phrase automaton, so a turn is not searched for
    /// them. Off by default: [`Linter::check_examples`] lints with every rule, and on a
    /// linter built this way reports a rule left out as [`crate::ExampleProblem::NotCompiled`].
    /// The CLI's `check`, `report`, `eval` and `sample` build their linters this way.
    #[must_use]
    pub fn only_enabled(mut self, yes: bool) -> LinterBuilder {
        self.only_enabled = yes;
        self
    }

    /// Applies rule selections given outside a config file (such as a command line's
    /// `--select` and `--ignore`): with `select` not empty, only the named rules and
    /// categories are on (including rules that are off by default); `ignore` then
    /// switches rules and categories off. `names` name the two settings in errors: an
    /// unknown id is reported by [`LinterBuilder::build`] as
    /// ``--select: `x` is neither a rule id nor a category; did you mean …``.
    ///
    /// ```
    /// let linter = carelint::Linter::builder()
    ///     .select_rules(
    ///         &["empathy".into()],
    ///         &["empathy-dismissive-reply".into()],
    ///         ("select", "ignore"),
    ///     )
    ///     .build()?;
    /// assert!(linter.is_enabled("empathy-acknowledge-distress"));
    /// assert!(!linter.is_enabled("empathy-dismissive-reply"));
    /// assert!(linter
    ///     .rules()
    ///     .filter(|r| linter.is_enabled(&r.id))
    ///     .all(|r| r.category == carelint::Category::Empathy));
    /// # Ok::<(), carelint::Error>(())
    /// ```
    #[must_use]
    pub fn select_rules(
        self,
        select: &[String],
        ignore: &[String],
        names: (&str, &str),
    ) -> LinterBuilder {
        crate::config::select_rules(self, select, ignore, names)
    }

    /// Reports `carelint:` suppression comments that suppressed nothing.
    #[must_use]
    pub fn report_unused_suppressions(mut self, yes: bool) -> LinterBuilder {
        self.report_unused_suppressions = yes;
        self
    }

    /// Records in each diagnostic how its speaker's role was inferred, for formats with
    /// diarised speaker labels (see [`crate::Diagnostic::speaker_role`]).
    #[must_use]
    pub fn explain_speakers(mut self, yes: bool) -> LinterBuilder {
        self.explain_speakers = yes;
        self
    }

    /// Records a problem found while configuring (reported by `build`).
    pub(crate) fn push_error(mut self, e: Error) -> LinterBuilder {
        self.errors.push(e);
        self
    }

    /// A settings change written in a configuration file, for every file or (with
    /// `scope`) for the files of [`LinterBuilder::push_scope`].
    pub(crate) fn change(
        &mut self,
        scope: Option<usize>,
        change: Change,
        selector: &str,
        origin: Option<Origin>,
    ) {
        self.changes.push(PendingChange {
            scope,
            change,
            selector: selector.to_string(),
            origin,
        });
    }

    /// A group of files (globs relative to `base`) that later changes can apply to.
    pub(crate) fn push_scope(&mut self, base: PathBuf, globs: Vec<(String, Origin)>) -> usize {
        self.scopes.push(Scope {
            base,
            globs: globs.into_iter().map(|(g, o)| (g, Some(o))).collect(),
        });
        self.scopes.len() - 1
    }

    /// Loads and compiles every rule.
    ///
    /// # Errors
    ///
    /// An error of kind [`ErrorKind::Rule`] or [`ErrorKind::Config`] holding every problem
    /// in every pack and setting ([`Error::problems`]): YAML syntax, unknown or missing
    /// keys, bad values, invalid regexes, duplicate ids, unreadable files, settings naming
    /// unknown rules.
    pub fn build(self) -> Result<Linter, Error> {
        let mut errors = self.errors;
        let cache = RegexCache::default();
        let rules = load_rules(self.default_rules, self.sources, &cache, &mut errors);
        let settings = RuleSettings::resolve(
            &rules,
            &self.changes,
            &self.scopes,
            self.min_severity,
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(Error::many(errors));
        }
        let compiled = self.only_enabled.then(|| settings.may_enable());
        let matcher = MatcherBuilder::build(
            &rules,
            &self.vocabulary,
            &cache,
            self.quick_start,
            compiled.as_deref(),
        );
        let masks = Masks::new(&rules);
        Ok(Linter {
            inner: Arc::new(Inner {
                rules,
                matcher,
                masks,
                read: self.read,
                settings,
                compiled,
                explain_speakers: self.explain_speakers,
                report_unused_suppressions: self.report_unused_suppressions,
            }),
        })
    }
}

/// The `*.yaml` / `*.yml` files of a folder, sorted.
fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let read = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir.display().to_string(), "cannot read rules", e))?;
    let mut files: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads the built-in packs (when asked) and the given ones; a duplicate id is an error.
fn load_rules(
    default_rules: bool,
    sources: Vec<RuleSource>,
    cache: &RegexCache,
    errors: &mut Vec<Error>,
) -> Vec<Rule> {
    let builtin = default_rules.then(crate::builtin::sources);
    let sources: Vec<RuleSource> = builtin.into_iter().flatten().chain(sources).collect();
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for (loaded, mut errs) in load_packs(&sources, cache) {
        errors.append(&mut errs);
        for rule in loaded {
            if let Some((first_path, first_line)) = seen.get(&rule.id) {
                errors.push(
                    Error::new(
                        ErrorKind::Rule,
                        format!("duplicate rule id; first defined at {first_path}:{first_line}"),
                    )
                    .with_path(&rule.source)
                    .at(rule.line, 1)
                    .with_rule(&rule.id),
                );
                continue;
            }
            seen.insert(rule.id.clone(), (rule.source.clone(), rule.line));
            rules.push(rule);
        }
    }
    rules
}
