//! `carelint.yaml`: project configuration.
//!
//! ```yaml
//! rules: [team-rules/]              # extra rule packs, relative to this file
//! disable: [hedging, jargon-it-terms]  # rule ids or categories
//! severity: { idiom: info, placeholder-unfilled-in-conversation: error }
//! vocabulary: [SKU, Northwind Pro]  # terms your customers know: no jargon/idiom finding
//! speakers: { maria: agent, bot: system }   # plain-text labels → roles
//! fail-on: warning
//! overrides:
//!   - paths: ["templates/**"]
//!     severity: { hedging: warning }
//! ```
//!
//! Unknown keys are errors with file, line, column and a "did you mean" where one is close.

use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::engine::LinterBuilder;
use crate::error::{Error, RuleError};
use crate::transcript::Speaker;
use crate::util::did_you_mean;

/// The file name looked for by [`Config::discover`].
pub const CONFIG_FILE: &str = "carelint.yaml";

/// A setting with where it was written (for error messages).
pub type Located<T> = Spanned<T>;

/// When the CLI exits with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Any finding.
    Info,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
    /// Never because of findings.
    Never,
}

/// Rule selection and severities, at the top level or for some paths.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Rule ids or categories to switch on again (after a `disable`).
    pub enable: Vec<Located<String>>,
    /// Rule ids or categories to switch off.
    pub disable: Vec<Located<String>>,
    /// Severity per rule id or category.
    pub severity: BTreeMap<String, Located<String>>,
}

/// Settings for the files matching some globs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PathOverride {
    /// Globs, relative to the folder of the config file (`templates/**`).
    pub paths: Vec<Located<String>>,
    /// Rule ids or categories to switch on for those files.
    #[serde(default)]
    enable: Vec<Located<String>>,
    /// Rule ids or categories to switch off for those files.
    #[serde(default)]
    disable: Vec<Located<String>>,
    /// Severities for those files.
    #[serde(default)]
    severity: BTreeMap<String, Located<String>>,
}

impl PathOverride {
    /// What changes for the matching files.
    pub fn settings(&self) -> RuleSettings {
        RuleSettings {
            enable: self.enable.clone(),
            disable: self.disable.clone(),
            severity: self.severity.clone(),
        }
    }
}

/// The contents of a `carelint.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Extra rule packs (files or folders), relative to the config file.
    #[serde(default)]
    pub rules: Vec<Located<String>>,
    /// Load the built-in packs (default true).
    #[serde(default)]
    pub default_rules: Option<bool>,
    /// Rule ids or categories to switch on again.
    #[serde(default)]
    enable: Vec<Located<String>>,
    /// Rule ids or categories to switch off.
    #[serde(default)]
    disable: Vec<Located<String>>,
    /// Severity per rule id or category.
    #[serde(default)]
    severity: BTreeMap<String, Located<String>>,
    /// Allowed terms: jargon and idiom matches inside them are not reported.
    #[serde(default)]
    pub vocabulary: Vec<String>,
    /// Speaker labels → `agent`, `customer`, `system`: plain-text labels (`maria`) and
    /// diarised labels of speech-to-text formats (`spk_0`, `speaker 1`) alike.
    #[serde(default)]
    pub speakers: BTreeMap<String, Located<String>>,
    /// CSV/TSV columns, like `--csv-columns`: `id=call_id,speaker=role,text=message`.
    #[serde(default)]
    pub csv_columns: Option<Located<String>>,
    /// Severity that makes the CLI exit with 1.
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    /// Report only findings at or above this severity.
    #[serde(default)]
    pub min_severity: Option<Located<String>>,
    /// Per-path settings; later entries win.
    #[serde(default)]
    pub overrides: Vec<PathOverride>,
    /// The file this was read from.
    #[serde(skip)]
    pub path: PathBuf,
}

const KEYS: &[&str] = &[
    "rules",
    "default-rules",
    "enable",
    "disable",
    "severity",
    "vocabulary",
    "speakers",
    "csv-columns",
    "fail-on",
    "min-severity",
    "overrides",
    "paths",
];

impl Config {
    /// Finds `carelint.yaml` in `start` or the nearest parent folder that has one.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }

    /// Reads and parses a config file.
    ///
    /// # Errors
    ///
    /// An unreadable file, invalid YAML, unknown keys (with a "did you mean") and values
    /// of the wrong type are errors with the file, line and column.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            message: format!("cannot read config: {e}"),
        })?;
        Config::parse(&text, path)
    }

    /// Parses config text; `path` is used in errors and to resolve relative paths.
    ///
    /// # Errors
    ///
    /// See [`Config::load`].
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let name = path.display().to_string();
        if text.trim().is_empty() {
            return Ok(Config {
                path: path.to_path_buf(),
                ..Config::default()
            });
        }
        let mut config: Config = serde_saphyr::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            let mut message = e.without_snippet().to_string();
            if let Some(idx) = message.find(" at line ") {
                message.truncate(idx);
            }
            if let Some(start) = message.find("unknown field `") {
                let rest = &message[start + 15..];
                if let Some(end) = rest.find('`') {
                    let key = rest[..end].to_string();
                    message = match did_you_mean(&key, KEYS.iter().copied()) {
                        Some(k) => format!("unknown key `{key}`; did you mean `{k}`?"),
                        None => format!("unknown key `{key}` (known keys: {})", KEYS.join(", ")),
                    };
                }
            }
            Error::Rules(vec![RuleError {
                path: name.clone(),
                line,
                column,
                rule: None,
                message,
            }])
        })?;
        config.path = path.to_path_buf();
        Ok(config)
    }

    /// Rule selection and severities for every file.
    pub fn settings(&self) -> RuleSettings {
        RuleSettings {
            enable: self.enable.clone(),
            disable: self.disable.clone(),
            severity: self.severity.clone(),
        }
    }

    /// The folder relative paths are resolved against.
    pub fn base_dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Applies this config to a builder. Values are checked by [`LinterBuilder::build`],
    /// which names this file, line and column for every bad one.
    pub fn apply(&self, mut builder: LinterBuilder) -> LinterBuilder {
        let name = self.path.display().to_string();
        let at =
            |l: &serde_saphyr::Location| (name.clone(), l.line() as usize, l.column() as usize);
        let err = |l: &serde_saphyr::Location, message: String| RuleError {
            path: name.clone(),
            line: l.line() as usize,
            column: l.column() as usize,
            rule: None,
            message,
        };
        if let Some(d) = self.default_rules {
            builder = builder.default_rules(d);
        }
        for r in &self.rules {
            builder = builder.rules_path(self.base_dir().join(&r.value));
        }
        builder = builder.vocabulary(self.vocabulary.iter().cloned());
        for (label, role) in &self.speakers {
            let speaker = match role.value.to_ascii_lowercase().as_str() {
                "agent" => Speaker::Agent,
                "customer" => Speaker::Customer,
                "system" => Speaker::System,
                other => {
                    builder = builder.push_error(err(
                        &role.referenced,
                        format!(
                            "speaker `{label}`: unknown role `{other}` (expected agent, customer or system)"
                        ),
                    ));
                    continue;
                }
            };
            builder = builder
                .speaker_label(label, speaker.clone())
                .speaker_map(label, speaker);
        }
        if let Some(c) = &self.csv_columns {
            match c.value.parse::<crate::transcript::CsvColumns>() {
                Ok(cols) => builder = builder.csv_columns(cols),
                Err(e) => {
                    builder = builder.push_error(err(&c.referenced, format!("csv-columns: {e}")));
                }
            }
        }
        if let Some(m) = &self.min_severity {
            match m.value.parse::<Severity>() {
                Ok(s) => builder = builder.min_severity(s),
                Err(e) => {
                    builder = builder.push_error(err(&m.referenced, format!("min-severity: {e}")));
                }
            }
        }
        builder = builder.settings_with_origin(None, &self.settings(), &name);
        for o in &self.overrides {
            let globs: Vec<(String, (String, usize, usize))> = o
                .paths
                .iter()
                .map(|p| (p.value.clone(), at(&p.referenced)))
                .collect();
            builder = builder.settings_with_origin(
                Some((self.base_dir().to_path_buf(), globs)),
                &o.settings(),
                &name,
            );
        }
        builder
    }
}

/// A commented starter config, written by `carelint init`.
pub const STARTER: &str = r#"# carelint configuration. carelint reads the carelint.yaml in the current folder or the
# nearest parent folder (or the file given with --config).

# Extra rule packs: YAML files or folders of them, relative to this file.
# rules:
#   - team-rules/

# Switch rules off (or on again) by id or by category
# (jargon, over-promising, empathy, clarity, idiom, time-zone, expectation, blame,
#  personalization, closing, hedging, placeholder). `carelint rules` lists the ids.
# disable:
#   - hedging
# enable:
#   - hedging-not-sure

# Change severities (info, warning, error) by rule id or category.
# severity:
#   idiom: info

# Terms your customers know: jargon and idiom findings inside them are not reported.
# vocabulary:
#   - SKU
#   - Wi-Fi

# Map speaker labels to roles (agent, customer, system): plain-text labels and the
# diarised labels of speech-to-text exports alike.
# speakers:
#   maria: agent
#   virtual assistant: system
#   spk_0: agent

# CSV/TSV exports whose columns have unusual names.
# csv-columns: id=call_id,speaker=participant,text=utterance,start=offset

# The severity that makes `carelint check` exit with 1 (info, warning, error, never).
fail-on: warning

# Stricter or looser settings for some paths (globs relative to this file); later entries win.
# overrides:
#   - paths: ["templates/**"]
#     severity:
#       hedging: warning
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_parses() {
        let c = Config::parse(STARTER, Path::new("carelint.yaml")).unwrap();
        assert_eq!(c.fail_on, Some(FailOn::Warning));
    }

    #[test]
    fn unknown_keys_are_positioned_with_a_hint() {
        let err =
            Config::parse("fail-on: error\nvocabularly: [SKU]\n", Path::new("c.yaml")).unwrap_err();
        let e = &err.rule_errors()[0];
        assert_eq!((e.line, e.column), (2, 1), "{e}");
        assert!(e.message.contains("did you mean `vocabulary`?"), "{e}");
        let err = Config::parse(
            "overrides:\n  - paths: [a]\n    severty: {}\n",
            Path::new("c.yaml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("c.yaml:3:"), "{err}");
    }

    #[test]
    fn parses_everything() {
        let text = "csv-columns: id=call,text=msg\nrules: [r/]\ndisable: [hedging]\nenable: [hedging-not-sure]\nseverity: {idiom: info}\nvocabulary: [SKU]\nspeakers: {maria: agent}\nfail-on: error\nmin-severity: warning\noverrides:\n  - paths: ['templates/**']\n    severity: {hedging: warning}\n";
        let c = Config::parse(text, Path::new("/x/carelint.yaml")).unwrap();
        assert_eq!(c.settings().disable[0].value, "hedging");
        assert_eq!(c.overrides[0].paths[0].value, "templates/**");
        assert_eq!(c.base_dir(), Path::new("/x"));
    }
}
