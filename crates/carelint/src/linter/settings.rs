//! Which rules are on, and at what severity, for which files.
//!
//! Settings come from the builder's methods and from configuration files. Each change
//! names a rule id or a category and is resolved against the loaded rules at build time;
//! a change scoped to some globs (a config's `overrides`) applies only to matching paths.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use crate::category::Category;
use crate::diagnostic::Severity;
use crate::error::{excerpt, Error, ErrorKind};
use crate::rules::Rule;

/// Where a setting was written, for errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

impl Origin {
    /// An error about the setting written here (or about a builder call, without origin).
    pub fn error(origin: Option<&Origin>, message: impl Into<String>) -> Error {
        let e = Error::new(ErrorKind::Config, message);
        match origin {
            Some(o) => e.with_path(&o.path).at(o.line, o.column),
            None => e,
        }
    }
}

/// What a settings change does.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    Enable,
    Disable,
    Severity(Severity),
}

/// A settings change, resolved against the loaded rules at build time.
#[derive(Debug, Clone)]
pub(crate) struct PendingChange {
    /// Index of the scope it applies to; `None` for every file.
    pub scope: Option<usize>,
    pub change: Change,
    /// A rule id or a category.
    pub selector: String,
    pub origin: Option<Origin>,
}

/// Files a group of settings applies to: a base folder and globs relative to it.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub base: PathBuf,
    pub globs: Vec<(String, Option<Origin>)>,
}

/// A change resolved to rule indices.
#[derive(Debug, Clone)]
pub(crate) struct Action {
    rules: Vec<usize>,
    change: Change,
}

/// Which rules are on, and at what severity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Settings {
    pub enabled: Vec<bool>,
    pub severity: Vec<Severity>,
}

impl Settings {
    /// The rules that are on without configuration, at their own severity.
    pub fn defaults(rules: &[Rule]) -> Settings {
        Settings {
            enabled: rules.iter().map(|r| r.default_enabled).collect(),
            severity: rules.iter().map(|r| r.severity).collect(),
        }
    }

    /// Every rule on, at its own severity.
    pub fn all_on(rules: &[Rule]) -> Settings {
        Settings {
            enabled: vec![true; rules.len()],
            severity: rules.iter().map(|r| r.severity).collect(),
        }
    }

    fn apply(&mut self, action: &Action) {
        for &r in &action.rules {
            match action.change {
                Change::Enable => self.enabled[r] = true,
                Change::Disable => self.enabled[r] = false,
                Change::Severity(s) => self.severity[r] = s,
            }
        }
    }

    /// Switches off the rules below `min`.
    fn drop_below(&mut self, min: Severity) {
        for (on, s) in self.enabled.iter_mut().zip(&self.severity) {
            if *s < min {
                *on = false;
            }
        }
    }
}

/// The settings of a built linter: for every file, and per matching path.
#[derive(Debug)]
pub(crate) struct RuleSettings {
    pub base: Settings,
    overrides: Vec<(globset::GlobSet, Vec<Action>)>,
    min_severity: Severity,
    /// Relative source paths are resolved against the current folder at build time.
    cwd: Option<PathBuf>,
}

impl RuleSettings {
    /// Resolves every change against `rules`; problems are appended to `errors`.
    pub fn resolve(
        rules: &[Rule],
        changes: &[PendingChange],
        scopes: &[Scope],
        min_severity: Severity,
        errors: &mut Vec<Error>,
    ) -> RuleSettings {
        let mut base = Settings::defaults(rules);
        let mut scoped: Vec<Vec<Action>> = vec![Vec::new(); scopes.len()];
        for c in changes {
            let Some(targets) = select(rules, &c.selector, c.origin.as_ref(), errors) else {
                continue;
            };
            let action = Action {
                rules: targets,
                change: c.change.clone(),
            };
            match c.scope {
                None => base.apply(&action),
                Some(i) => scoped[i].push(action),
            }
        }
        let overrides = scopes
            .iter()
            .zip(scoped)
            .filter_map(|(scope, actions)| Some((glob_set(scope, errors)?, actions)))
            .collect();
        base.drop_below(min_severity);
        RuleSettings {
            base,
            overrides,
            min_severity,
            cwd: std::env::current_dir().ok(),
        }
    }

    /// Per rule, whether it is on for some file: on in the base settings or switched on by
    /// an override.
    pub fn may_enable(&self) -> Vec<bool> {
        let mut live = self.base.enabled.clone();
        for (_, actions) in &self.overrides {
            for a in actions {
                if matches!(a.change, Change::Enable) {
                    for &r in &a.rules {
                        live[r] = true;
                    }
                }
            }
        }
        live
    }

    /// The settings for a source path: the base settings with every matching override
    /// applied in order.
    pub fn for_path(&self, path: &str) -> Cow<'_, Settings> {
        if self.overrides.is_empty() || path.is_empty() {
            return Cow::Borrowed(&self.base);
        }
        let p = Path::new(path);
        let full = match &self.cwd {
            Some(wd) if p.is_relative() => wd.join(p),
            _ => p.to_path_buf(),
        };
        let normal: PathBuf = full
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect();
        let mut settings = Cow::Borrowed(&self.base);
        for (set, actions) in &self.overrides {
            if set.is_match(&normal) {
                let s = settings.to_mut();
                for a in actions {
                    s.apply(a);
                }
            }
        }
        if let Cow::Owned(s) = &mut settings {
            s.drop_below(self.min_severity);
        }
        settings
    }
}

/// The rules a selector (rule id or category) names.
fn select(
    rules: &[Rule],
    selector: &str,
    origin: Option<&Origin>,
    errors: &mut Vec<Error>,
) -> Option<Vec<usize>> {
    if let Ok(cat) = selector.parse::<Category>() {
        return Some(
            (0..rules.len())
                .filter(|&i| rules[i].category == cat)
                .collect(),
        );
    }
    if let Some(i) = rules.iter().position(|r| r.id == selector) {
        return Some(vec![i]);
    }
    let names: Vec<&str> = Category::names()
        .into_iter()
        .chain(rules.iter().map(|r| r.id.as_str()))
        .collect();
    let hint = crate::util::did_you_mean(selector, names.iter().copied())
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    errors.push(Origin::error(
        origin,
        format!(
            "`{}` is neither a rule id nor a category{hint}",
            excerpt(selector)
        ),
    ));
    None
}

/// The globs of a scope, relative to its base folder; a glob without `/` matches in any
/// folder below the base.
fn glob_set(scope: &Scope, errors: &mut Vec<Error>) -> Option<globset::GlobSet> {
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
                Err(e) => errors.push(Origin::error(
                    origin.as_ref(),
                    format!("bad glob `{}`: {}", excerpt(glob), e.kind()),
                )),
            }
        }
    }
    set.build().ok()
}
