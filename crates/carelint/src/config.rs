//! `carelint.yaml`: project configuration.
//!
//! ```yaml
//! rules: [team-rules/]              # extra rule packs, relative to this file
//! disable: [hedging, jargon-it-terms]  # rule ids or categories
//! severity: { idiom: info, placeholder-unfilled-in-conversation: error }
//! vocabulary: [SKU, Northwind Pro]  # terms your customers know: no jargon/idiom finding
//! speakers: { maria: agent, bot: system }   # plain-text labels → roles
//! fail-on: warning
//! exclude: [drafts/, "*.draft.md"]    # not read when walking folders
//! include: [macros/README.md]         # read whatever the name or extension
//! unused-suppressions: warning      # carelint: comments that suppress nothing
//! overrides:
//!   - paths: ["templates/**"]
//!     severity: { hedging: warning }
//! ```
//!
//! Unknown keys and bad values are errors with file, line and column, and a "did you mean"
//! where a known name is close.
//!
//! ```
//! use carelint::{Config, Linter};
//! use std::path::Path;
//!
//! let config = Config::parse("disable: [hedging]\nvocabulary: [RMA]\n", Path::new("carelint.yaml"))?;
//! let linter = config.apply(Linter::builder()).build()?;
//! assert!(!linter.is_enabled("hedging-not-sure"));
//! # Ok::<(), carelint::Error>(())
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{FailLevel, Severity};
use crate::error::{Error, ErrorKind};
use crate::linter::settings::{Change, Origin};
use crate::linter::LinterBuilder;
use crate::transcript::{CsvColumns, Speaker};
pub use crate::yaml::Located;

/// The file name looked for by [`Config::discover`].
pub const CONFIG_FILE: &str = "carelint.yaml";

/// Most YAML nodes a configuration may expand to (aliases included).
const MAX_NODES: usize = 100_000;

/// Rule selection and severities, at the top level or for some paths.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RuleSettings {
    /// Rule ids or categories to switch on again (after a `disable`).
    #[serde(default)]
    enable: Vec<Located<String>>,
    /// Rule ids or categories to switch off.
    #[serde(default)]
    disable: Vec<Located<String>>,
    /// Severity per rule id or category.
    #[serde(default)]
    severity: BTreeMap<String, Located<String>>,
}

/// Settings for the files matching some globs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PathOverride {
    /// Globs, relative to the folder of the config file (`templates/**`).
    paths: Vec<Located<String>>,
    #[serde(default)]
    enable: Vec<Located<String>>,
    #[serde(default)]
    disable: Vec<Located<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Located<String>>,
}

/// The contents of a `carelint.yaml`.
#[non_exhaustive]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Extra rule packs (files or folders), relative to the config file.
    #[serde(default)]
    pub rules: Vec<Located<String>>,
    /// Load the built-in packs (default true).
    #[serde(default)]
    pub default_rules: Option<bool>,
    #[serde(default)]
    enable: Vec<Located<String>>,
    #[serde(default)]
    disable: Vec<Located<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Located<String>>,
    /// Allowed terms: jargon and idiom matches inside them are not reported.
    #[serde(default)]
    pub vocabulary: Vec<String>,
    /// Speaker labels → `agent`, `customer`, `system`: plain-text labels (`maria`) and
    /// diarised labels of speech-to-text formats (`spk_0`, `speaker 1`) alike.
    #[serde(default)]
    pub speakers: BTreeMap<String, Located<String>>,
    /// CSV/TSV columns: `id=call_id,speaker=role,text=message`.
    #[serde(default)]
    pub csv_columns: Option<Located<String>>,
    /// The least severe finding that fails a run (`info`, `warning`, `error`, `never`).
    #[serde(default)]
    fail_on: Option<Located<String>>,
    /// Report only findings at or above this severity.
    #[serde(default)]
    pub min_severity: Option<Located<String>>,
    /// Per-path settings; later entries win.
    #[serde(default)]
    overrides: Vec<PathOverride>,
    /// The `scorecard:` section, read by [`crate::scorecard::Scorecard::from_config`].
    #[serde(default)]
    pub(crate) scorecard: Option<crate::scorecard::ScorecardConfig>,
    /// Globs of files a folder walk reads whatever their extension or name (e.g. a
    /// `README.md` that is a reply template), relative to this file's folder.
    #[serde(default)]
    include: Vec<Located<String>>,
    /// Globs of files and folders a folder walk skips, relative to this file's folder.
    #[serde(default)]
    exclude: Vec<Located<String>>,
    /// Severity of the findings about suppression comments that suppress nothing or
    /// name unknown rules (`info`, `warning`, `error`, or `off`).
    #[serde(default)]
    unused_suppressions: Option<Located<String>>,
    /// The file this was read from.
    #[serde(skip)]
    pub path: PathBuf,
}

/// See [`LinterBuilder::select_rules`].
pub(crate) fn select_rules(
    mut builder: LinterBuilder,
    select: &[String],
    ignore: &[String],
    (select_name, ignore_name): (&str, &str),
) -> LinterBuilder {
    let origin = |name: &str| Origin {
        path: name.to_string(),
        line: 0,
        column: 0,
    };
    if !select.is_empty() {
        for c in crate::Category::ALL {
            builder.change(None, Change::Disable, c.as_str(), None);
        }
        for s in select {
            builder.change(None, Change::Enable, s.trim(), Some(origin(select_name)));
        }
    }
    for s in ignore {
        builder.change(None, Change::Disable, s.trim(), Some(origin(ignore_name)));
    }
    builder
}

impl Config {
    /// Finds `carelint.yaml` in `start` or the nearest parent folder that has one.
    #[must_use]
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }

    /// Reads and parses a config file (at most 4 MB).
    ///
    /// # Errors
    ///
    /// An unreadable or oversized file, invalid YAML, unknown keys (with a "did you mean")
    /// and values of the wrong type are errors with the file, line and column.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = crate::source::read_text(path, crate::source::CONFIG_LIMIT, "config")?;
        Config::parse(&text, path)
    }

    /// Parses config text; `path` is used in errors and to resolve relative paths.
    ///
    /// # Errors
    ///
    /// See [`Config::load`].
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let name = path.display().to_string();
        let error = |line: usize, column: usize, message: &str| {
            Error::new(ErrorKind::Config, crate::rules::friendly(message))
                .with_path(&name)
                .at(line, column)
        };
        let mut config = if text.trim().is_empty() {
            Config::default()
        } else {
            let tree = crate::yaml::parse(
                text,
                crate::yaml::Limits {
                    max_nodes: MAX_NODES,
                },
            )
            .map_err(|e| {
                let (l, c) = e.at.unwrap_or((0, 0));
                error(l, c, &e.message)
            })?;
            tree.to::<Config>().map_err(|e| {
                let (l, c) = e.at.unwrap_or((0, 0));
                error(l, c, &e.message)
            })?
        };
        config.path = path.to_path_buf();
        config.fail_level()?;
        config.unused_suppressions()?;
        Ok(config)
    }

    /// The config's `fail-on`, if set.
    ///
    /// # Errors
    ///
    /// A value that is not a severity or `never`, positioned.
    pub fn fail_level(&self) -> Result<Option<FailLevel>, Error> {
        let Some(f) = &self.fail_on else {
            return Ok(None);
        };
        f.value.parse::<FailLevel>().map(Some).map_err(|e| {
            Error::new(ErrorKind::Config, format!("fail-on: {e}"))
                .with_path(self.path.display().to_string())
                .at(f.line, f.column)
        })
    }

    /// The folder relative paths are resolved against.
    #[must_use]
    pub fn base_dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    fn origin<T>(&self, at: &Located<T>) -> Origin {
        Origin {
            path: self.path.display().to_string(),
            line: at.line,
            column: at.column,
        }
    }

    fn error<T>(&self, at: &Located<T>, message: String) -> Error {
        Origin::error(Some(&self.origin(at)), message)
    }

    /// Applies this config to a builder. Values are checked by [`LinterBuilder::build`],
    /// which names this file, line and column for every bad one.
    #[must_use]
    pub fn apply(&self, mut builder: LinterBuilder) -> LinterBuilder {
        if let Some(d) = self.default_rules {
            builder = builder.default_rules(d);
        }
        for r in &self.rules {
            builder = builder.rules_path(self.base_dir().join(&r.value));
        }
        builder = builder.vocabulary(self.vocabulary.iter().cloned());
        for (label, role) in &self.speakers {
            match role.value.parse::<Speaker>() {
                Ok(speaker) => {
                    builder = builder
                        .speaker_label(label, speaker.clone())
                        .speaker_map(label, speaker);
                }
                Err(e) => {
                    builder =
                        builder.push_error(self.error(role, format!("speaker `{label}`: {e}")));
                }
            }
        }
        if let Some(c) = &self.csv_columns {
            match c.value.parse::<CsvColumns>() {
                Ok(cols) => builder = builder.csv_columns(cols),
                Err(e) => builder = builder.push_error(self.error(c, format!("csv-columns: {e}"))),
            }
        }
        if let Some(m) = &self.min_severity {
            match m.value.parse::<Severity>() {
                Ok(s) => builder = builder.min_severity(s),
                Err(e) => builder = builder.push_error(self.error(m, format!("min-severity: {e}"))),
            }
        }
        let top = RuleSettings {
            enable: self.enable.clone(),
            disable: self.disable.clone(),
            severity: self.severity.clone(),
        };
        self.add_changes(&mut builder, None, &top);
        for o in &self.overrides {
            let globs = o
                .paths
                .iter()
                .map(|p| (p.value.clone(), self.origin(p)))
                .collect();
            let scope = builder.push_scope(self.base_dir().to_path_buf(), globs);
            let settings = RuleSettings {
                enable: o.enable.clone(),
                disable: o.disable.clone(),
                severity: o.severity.clone(),
            };
            self.add_changes(&mut builder, Some(scope), &settings);
        }
        builder
    }

    /// The config's `include` globs (files a folder walk reads whatever their extension
    /// or name), relative to [`Config::base_dir`].
    pub fn include(&self) -> impl Iterator<Item = &Located<String>> {
        self.include.iter()
    }

    /// The config's `exclude` globs (files and folders a folder walk skips), relative to
    /// [`Config::base_dir`].
    pub fn exclude(&self) -> impl Iterator<Item = &Located<String>> {
        self.exclude.iter()
    }

    /// The severity of findings about `carelint:` suppression comments that suppress
    /// nothing or name unknown rules (`unused-suppressions:`), or `None` when the config
    /// does not set it; `Some(None)` means `off`.
    ///
    /// # Errors
    ///
    /// A value that is not a severity or `off`, positioned.
    pub fn unused_suppressions(&self) -> Result<Option<Option<Severity>>, Error> {
        let Some(v) = &self.unused_suppressions else {
            return Ok(None);
        };
        // YAML reads an unquoted `off` (or `no`) as false.
        if ["off", "false", "no"]
            .iter()
            .any(|o| v.value.eq_ignore_ascii_case(o))
        {
            return Ok(Some(None));
        }
        v.value
            .parse::<Severity>()
            .map(|s| Some(Some(s)))
            .map_err(|_| {
                self.error(
                    v,
                    format!(
                        "unused-suppressions: `{}` is not info, warning, error or off",
                        crate::error::excerpt(&v.value)
                    ),
                )
            })
    }

    fn add_changes(&self, builder: &mut LinterBuilder, scope: Option<usize>, s: &RuleSettings) {
        for (selector, severity) in &s.severity {
            match severity.value.parse::<Severity>() {
                Ok(level) => builder.change(
                    scope,
                    Change::Severity(level),
                    selector,
                    Some(self.origin(severity)),
                ),
                Err(e) => {
                    let e = self.error(severity, e.to_string());
                    *builder = std::mem::take(builder).push_error(e);
                }
            }
        }
        for d in &s.disable {
            builder.change(scope, Change::Disable, &d.value, Some(self.origin(d)));
        }
        for e in &s.enable {
            builder.change(scope, Change::Enable, &e.value, Some(self.origin(e)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_positioned_with_a_hint() {
        let err =
            Config::parse("fail-on: error\nvocabularly: [SKU]\n", Path::new("c.yaml")).unwrap_err();
        assert_eq!((err.line(), err.column()), (Some(2), Some(1)), "{err}");
        assert!(
            err.message().contains("did you mean `vocabulary`?"),
            "{err}"
        );
        let err = Config::parse(
            "overrides:\n  - paths: [a]\n    severty: {}\n",
            Path::new("c.yaml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("c.yaml:3:"), "{err}");
        assert!(
            err.to_string().contains("did you mean `severity`?"),
            "{err}"
        );
    }

    #[test]
    fn a_key_is_never_suggested_as_itself() {
        let err = Config::parse("paths: [a]\n", Path::new("c.yaml")).unwrap_err();
        assert!(!err.to_string().contains("did you mean `paths`"), "{err}");
    }

    #[test]
    fn unused_suppressions_severity() {
        let sev = |text: &str| {
            Config::parse(text, Path::new("c.yaml")).and_then(|c| c.unused_suppressions())
        };
        assert_eq!(sev("fail-on: error\n").unwrap(), None);
        assert_eq!(
            sev("unused-suppressions: error\n").unwrap(),
            Some(Some(Severity::Error))
        );
        // Unquoted `off` is a YAML boolean; it still means off.
        for off in ["off", "'off'", "no", "false"] {
            let text = format!("unused-suppressions: {off}\n");
            assert_eq!(sev(&text).unwrap(), Some(None), "{off}");
        }
        let err = sev("unused-suppressions: loud\n").unwrap_err();
        assert!(err.to_string().contains("c.yaml:1:22"), "{err}");
        assert!(
            err.to_string()
                .contains("`loud` is not info, warning, error or off"),
            "{err}"
        );
    }

    #[test]
    fn values_are_not_echoed_whole() {
        let text = format!("root:$6${}:1:2::\n", "x".repeat(5000));
        let err = Config::parse(&text, Path::new("c.yaml")).unwrap_err();
        assert!(err.to_string().len() < 200, "{err}");
        assert!(!err.to_string().contains("xxxxxxxxxx"), "{err}");
    }

    #[test]
    fn parses_everything() {
        let text = "csv-columns: id=call,text=msg\nrules: [r/]\ndisable: [hedging]\nenable: [hedging-not-sure]\nseverity: {idiom: info}\nvocabulary: [SKU]\nspeakers: {maria: agent}\nfail-on: error\nmin-severity: warning\noverrides:\n  - paths: ['templates/**']\n    severity: {hedging: warning}\n";
        let c = Config::parse(text, Path::new("/x/carelint.yaml")).unwrap();
        assert_eq!(c.disable[0].value, "hedging");
        assert_eq!(c.overrides[0].paths[0].value, "templates/**");
        assert_eq!(c.base_dir(), Path::new("/x"));
        assert_eq!(
            c.fail_level().unwrap(),
            Some(FailLevel::At(Severity::Error))
        );
        let e = Config::parse("fail-on: often\n", Path::new("c.yaml")).unwrap_err();
        assert_eq!((e.line(), e.column()), (Some(1), Some(10)), "{e}");
    }
}
