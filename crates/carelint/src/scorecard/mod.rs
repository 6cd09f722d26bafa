//! QA scorecards: a score per conversation from its findings.
//!
//! - [`Scorecard`]: the weights, points, fatal rules, pass mark and minimum length,
//!   from the `scorecard:` section of `carelint.yaml` ([`Scorecard::from_config`]) or the
//!   documented default ([`Scorecard::default_for`]);
//! - [`Scorecard::score`]: one conversation's score from its findings
//!   ([`ConversationScore`]);
//! - [`MetadataFields`]: where the agent, team, date and channel of a conversation are
//!   read from its metadata.
//!
//! The report of `carelint report` (aggregates per agent, team, category, rule and day,
//! written as HTML, CSV and JSON) is the command line's: it is built from these scores.
//!
//! # How a conversation is scored
//!
//! Every finding costs points: the rule's own points if the scorecard names the rule,
//! else the points for its severity. The points a category can cost are capped at its
//! weight, and the weights add up to 100. The score is 100 minus the capped points of
//! every category, never below 0; a finding of a fatal rule makes it 0. A conversation
//! passes at or above the pass mark. Reply templates and conversations with fewer agent
//! turns than the minimum are not scored (and are listed as such).
//!
//! ```
//! use carelint::scorecard::{Scorecard, Status};
//! use carelint::{Linter, Speaker, Transcript, Turn};
//!
//! let linter = Linter::builder().build()?;
//! let card = Scorecard::default_for(&linter);
//! let t = Transcript::new("chat-1", vec![
//!     Turn::new(Speaker::Customer, "My order is late again."),
//!     Turn::new(Speaker::Agent, "Calm down, I guarantee it arrives tomorrow."),
//!     Turn::new(Speaker::Agent, "Anything else I can help with?"),
//! ]);
//! let score = card.score(&t, &linter.lint_transcript(&t));
//! let Status::Scored { score, pass } = score.status else { panic!() };
//! assert!(score < 100.0 && !pass);
//! # Ok::<(), carelint::Error>(())
//! ```

mod meta;

pub use meta::MetadataFields;

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::category::Category;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, ErrorKind, UnknownName};
use crate::linter::Linter;
use crate::transcript::{Speaker, Transcript, TranscriptKind};
use crate::yaml::Located;

/// The `scorecard:` section of `carelint.yaml`, as written (positions kept for errors).
///
/// ```yaml
/// scorecard:
///   pass-mark: 80             # a score at or above passes
///   min-agent-turns: 2        # shorter conversations are listed as not scored
///   points: { error: 25, warning: 10, info: 3 }   # points a finding costs, by severity
///   categories:               # the most points each category can cost; add up to 100
///     blame: 30
///     empathy: 30
///     over-promising: 40
///   rules: { hedging-opinion: 1 }                 # points per finding of single rules
///   fatal: [placeholder-unfilled-braces]          # any finding makes the score 0
///   metadata: { agent: [agent, agent_id], team: queue }
/// ```
///
/// Every key is optional; what is left out takes the default of
/// [`Scorecard::default_for`]. Checked against the loaded rules by
/// [`Scorecard::from_config`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ScorecardConfig {
    /// The lowest passing score, 0 to 100.
    #[serde(default)]
    pub pass_mark: Option<Located<f64>>,
    /// Conversations with fewer agent turns are not scored (a whole number, 0 or more;
    /// read as a signed number so that a negative one gets a clear message).
    #[serde(default)]
    pub min_agent_turns: Option<Located<i64>>,
    /// Points a finding costs, by severity (`error`, `warning`, `info`).
    #[serde(default)]
    pub points: Option<Located<BTreeMap<String, Located<f64>>>>,
    /// Category → the most points its findings can cost (the weights add up to 100).
    /// Categories left out cost nothing.
    #[serde(default)]
    pub categories: Option<Located<BTreeMap<String, Located<f64>>>>,
    /// Rule id → points each of its findings costs, instead of its severity's.
    #[serde(default)]
    pub rules: BTreeMap<String, Located<f64>>,
    /// Rule ids or categories whose findings make a conversation's score 0.
    #[serde(default)]
    pub fatal: Option<Vec<Located<String>>>,
    /// Which metadata keys hold the agent, team, date and channel (see
    /// [`MetadataFields`]).
    #[serde(default)]
    pub metadata: BTreeMap<String, Located<OneOrMany>>,
}

/// One string or a list of them (`team: queue` or `team: [team, queue]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OneOrMany {
    /// One string.
    One(String),
    /// A list.
    Many(Vec<String>),
}

/// By hand rather than `#[serde(untagged)]`, whose error ("data did not match any variant
/// of untagged enum") does not say what is expected.
impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a metadata key or a list of keys")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMany, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = seq.next_element::<String>()? {
                    keys.push(k);
                }
                Ok(OneOrMany::Many(keys))
            }
        }
        d.deserialize_any(Keys)
    }
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// The number of categories ([`Category::ALL`]).
pub(crate) const CATEGORIES: usize = Category::ALL.len();

/// The default weight of each category (they add up to 100): what upsets customers and
/// causes complaints weighs most.
pub(crate) const DEFAULT_WEIGHTS: [(Category, f64); CATEGORIES] = [
    (Category::Blame, 14.0),
    (Category::OverPromising, 12.0),
    (Category::Empathy, 12.0),
    (Category::Placeholder, 10.0),
    (Category::Expectation, 9.0),
    (Category::Clarity, 8.0),
    (Category::Jargon, 8.0),
    (Category::Closing, 6.0),
    (Category::Language, 5.0),
    (Category::Hedging, 5.0),
    (Category::Personalization, 4.0),
    (Category::TimeZone, 4.0),
    (Category::Idiom, 3.0),
];

/// The default fatal rules: a placeholder left unfilled in a message a customer read.
pub(crate) const DEFAULT_FATAL: [&str; 4] = [
    "placeholder-unfilled-braces",
    "placeholder-unfilled-brackets",
    "placeholder-unfilled-angle-brackets",
    "placeholder-unfilled-variables",
];

/// The default points a finding costs, by severity (info, warning, error).
pub(crate) const DEFAULT_POINTS: [f64; 3] = [3.0, 10.0, 25.0];

/// The default pass mark.
pub(crate) const DEFAULT_PASS_MARK: f64 = 80.0;

/// The default minimum number of agent turns for a conversation to be scored.
pub(crate) const DEFAULT_MIN_AGENT_TURNS: usize = 2;

/// A checked scorecard, ready to score conversations.
///
/// Cheap to clone; `Send + Sync`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    pass_mark: f64,
    min_agent_turns: usize,
    /// Points by severity: info, warning, error.
    points: [f64; 3],
    /// Weight (cap) per category, indexed like [`Category::ALL`].
    weights: [f64; CATEGORIES],
    rule_points: HashMap<String, f64>,
    fatal_rules: BTreeSet<String>,
    fatal_categories: BTreeSet<Category>,
    fields: MetadataFields,
}

/// Whether and how a conversation was scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Status {
    /// Scored.
    Scored {
        /// 0 to 100.
        score: f64,
        /// At or above the pass mark.
        pass: bool,
    },
    /// Not scored, and why (`reply template`, `1 agent turn; at least 2 are scored`).
    NotScored {
        /// Why, in plain words.
        reason: String,
    },
}

/// One conversation's score and what cost it points.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationScore {
    /// Scored (with the score) or not (with the reason).
    pub status: Status,
    /// Points lost per category (after the caps), most first; only categories that lost
    /// points.
    pub lost: Vec<(Category, f64)>,
    /// The first fatal rule that fired, if any.
    pub fatal: Option<String>,
    /// Findings per category, indexed like [`Category::ALL`].
    pub findings: [u32; CATEGORIES],
}

/// The position of a category in [`Category::ALL`].
pub(crate) fn category_index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

impl Scorecard {
    /// The documented default (`docs/report.md`): category weights that add up to 100
    /// (blame 14, over-promising 12, empathy 12, placeholder 10, expectation 9, clarity 8,
    /// jargon 8, closing 6, language 5, hedging 5, personalization 4, time zone 4, idiom
    /// 3), 3/10/25 points per info/warning/error finding, a pass mark of 80, at least 2
    /// agent turns, and the unfilled-placeholder rules (`placeholder-unfilled-*`) that
    /// `linter` has loaded as fatal rules.
    #[must_use]
    pub fn default_for(linter: &Linter) -> Scorecard {
        let mut weights = [0.0; CATEGORIES];
        for (c, w) in DEFAULT_WEIGHTS {
            weights[category_index(c)] = w;
        }
        Scorecard {
            pass_mark: DEFAULT_PASS_MARK,
            min_agent_turns: DEFAULT_MIN_AGENT_TURNS,
            points: DEFAULT_POINTS,
            weights,
            rule_points: HashMap::new(),
            fatal_rules: DEFAULT_FATAL
                .iter()
                .filter(|id| linter.rule(id).is_some())
                .map(std::string::ToString::to_string)
                .collect(),
            fatal_categories: BTreeSet::new(),
            fields: MetadataFields::default(),
        }
    }

    /// The scorecard of a config's `scorecard:` section (the default without one),
    /// checked against the rules `linter` has loaded.
    ///
    /// # Errors
    ///
    /// Every problem at once, each with the config file, line and column
    /// ([`ErrorKind::Config`]): an unknown rule or category (with a "did you mean"), a
    /// negative number, a pass mark outside 0 to 100, category weights that do not add up
    /// to 100, an unknown metadata field.
    pub fn from_config(config: &crate::Config, linter: &Linter) -> Result<Scorecard, Error> {
        Scorecard::from_section(config.scorecard.as_ref(), &config.path, linter)
    }

    /// [`Scorecard::from_config`] for a `scorecard:` section read from the file `path`.
    pub(crate) fn from_section(
        config: Option<&ScorecardConfig>,
        path: &Path,
        linter: &Linter,
    ) -> Result<Scorecard, Error> {
        let mut card = Scorecard::default_for(linter);
        let Some(c) = config else { return Ok(card) };
        let name = path.display().to_string();
        let mut problems = Vec::new();
        let mut problem = |line: usize, column: usize, message: String| {
            problems.push(
                Error::new(ErrorKind::Config, format!("scorecard: {message}"))
                    .with_path(&name)
                    .at(line, column),
            );
        };
        let non_negative =
            |v: &Located<f64>, what: &str, problem: &mut dyn FnMut(usize, usize, String)| {
                if v.value.is_finite() && v.value >= 0.0 {
                    true
                } else {
                    problem(
                        v.line,
                        v.column,
                        format!("{what} must be a number of 0 or more"),
                    );
                    false
                }
            };
        if let Some(p) = &c.pass_mark {
            if p.value.is_finite() && (0.0..=100.0).contains(&p.value) {
                card.pass_mark = p.value;
            } else {
                problem(
                    p.line,
                    p.column,
                    "pass-mark must be between 0 and 100".into(),
                );
            }
        }
        if let Some(m) = &c.min_agent_turns {
            match usize::try_from(m.value) {
                Ok(n) => card.min_agent_turns = n,
                Err(_) => problem(
                    m.line,
                    m.column,
                    "min-agent-turns must be a whole number of 0 or more".into(),
                ),
            }
        }
        if let Some(points) = &c.points {
            for (key, v) in &points.value {
                match key.parse::<Severity>() {
                    Ok(s) => {
                        if non_negative(v, &format!("points for `{key}`"), &mut problem) {
                            card.points[severity_index(s)] = v.value;
                        }
                    }
                    Err(e) => problem(v.line, v.column, format!("points: {e}")),
                }
            }
        }
        if let Some(cats) = &c.categories {
            let mut weights = [0.0; CATEGORIES];
            let mut ok = true;
            for (key, v) in &cats.value {
                match key.parse::<Category>() {
                    Ok(cat) => {
                        ok &= non_negative(v, &format!("the weight of `{key}`"), &mut problem);
                        weights[category_index(cat)] = v.value;
                    }
                    Err(e) => {
                        ok = false;
                        problem(v.line, v.column, format!("categories: {e}"));
                    }
                }
            }
            let sum: f64 = weights.iter().sum();
            if ok && (sum - 100.0).abs() > 1e-6 {
                problem(
                    cats.line,
                    cats.column,
                    format!(
                        "the category weights add up to {}, not 100; each weight is the most points its category can cost",
                        number(sum)
                    ),
                );
            }
            card.weights = weights;
        }
        for (id, v) in &c.rules {
            if linter.rule(id).is_none() {
                problem(
                    v.line,
                    v.column,
                    format!("rules: {}", unknown_rule(id, linter)),
                );
            } else if non_negative(v, &format!("points for `{id}`"), &mut problem) {
                card.rule_points.insert(id.clone(), v.value);
            }
        }
        if let Some(fatal) = &c.fatal {
            card.fatal_rules.clear();
            for f in fatal {
                if let Ok(cat) = f.value.parse::<Category>() {
                    card.fatal_categories.insert(cat);
                } else if linter.rule(&f.value).is_some() {
                    card.fatal_rules.insert(f.value.clone());
                } else {
                    problem(
                        f.line,
                        f.column,
                        format!("fatal: {}", unknown_rule(&f.value, linter)),
                    );
                }
            }
        }
        for (field, keys) in &c.metadata {
            if let Err(e) = card.fields.set(field, keys.value.clone().into_vec()) {
                problem(keys.line, keys.column, format!("metadata: {e}"));
            }
        }
        if problems.is_empty() {
            Ok(card)
        } else {
            // In the order of the file, whatever the order of the checks above.
            problems.sort_by_key(|e| (e.line(), e.column()));
            Err(Error::many(problems))
        }
    }

    /// The lowest passing score.
    #[must_use]
    pub fn pass_mark(&self) -> f64 {
        self.pass_mark
    }

    /// The fewest agent turns a scored conversation has.
    #[must_use]
    pub fn min_agent_turns(&self) -> usize {
        self.min_agent_turns
    }

    /// The points a finding of `severity` costs (unless its rule has its own).
    #[must_use]
    pub fn points(&self, severity: Severity) -> f64 {
        self.points[severity_index(severity)]
    }

    /// The most points a category can cost.
    #[must_use]
    pub fn weight(&self, category: Category) -> f64 {
        self.weights[category_index(category)]
    }

    /// Rules with their own points per finding, sorted by id.
    #[must_use]
    pub fn rule_points(&self) -> Vec<(&str, f64)> {
        let mut v: Vec<_> = self
            .rule_points
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// The fatal rule ids and categories, sorted.
    #[must_use]
    pub fn fatal(&self) -> Vec<String> {
        self.fatal_categories
            .iter()
            .map(|c| c.as_str().to_string())
            .chain(self.fatal_rules.iter().cloned())
            .collect()
    }

    /// Where the agent, team, date and channel are read from.
    #[must_use]
    pub fn fields(&self) -> &MetadataFields {
        &self.fields
    }

    /// The points one finding costs.
    #[must_use]
    pub fn points_for(&self, d: &Diagnostic) -> f64 {
        self.rule_points
            .get(&d.rule)
            .copied()
            .unwrap_or_else(|| self.points(d.severity))
    }

    /// Whether a finding makes its conversation's score 0.
    #[must_use]
    pub fn is_fatal(&self, d: &Diagnostic) -> bool {
        self.fatal_categories.contains(&d.category) || self.fatal_rules.contains(&d.rule)
    }

    /// Scores one transcript from its findings (those of this transcript only).
    #[must_use]
    pub fn score(&self, transcript: &Transcript, diagnostics: &[Diagnostic]) -> ConversationScore {
        let agent_turns = transcript
            .turns
            .iter()
            .filter(|t| t.speaker == Speaker::Agent)
            .count();
        self.score_counts(transcript.kind, agent_turns, diagnostics)
    }

    /// Scores from the facts [`Scorecard::score`] reads.
    pub(crate) fn score_counts(
        &self,
        kind: TranscriptKind,
        agent_turns: usize,
        diagnostics: &[Diagnostic],
    ) -> ConversationScore {
        let mut findings = [0u32; CATEGORIES];
        let mut raw = [0.0f64; CATEGORIES];
        let mut fatal = None;
        for d in diagnostics {
            let i = category_index(d.category);
            findings[i] += 1;
            raw[i] += self.points_for(d);
            if fatal.is_none() && self.is_fatal(d) {
                fatal = Some(d.rule.clone());
            }
        }
        let mut lost: Vec<(Category, f64)> = Category::ALL
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, raw[i].min(self.weights[i])))
            .filter(|(_, p)| *p > 0.0)
            .collect();
        lost.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let status = if kind == TranscriptKind::Template {
            Status::NotScored {
                reason: "reply template".into(),
            }
        } else if agent_turns < self.min_agent_turns {
            Status::NotScored {
                reason: format!(
                    "too short to score: fewer than {} agent turns",
                    self.min_agent_turns
                ),
            }
        } else {
            let total: f64 = lost.iter().map(|(_, p)| p).sum();
            let score = if fatal.is_some() {
                0.0
            } else {
                round2((100.0 - total).max(0.0))
            };
            Status::Scored {
                score,
                pass: fatal.is_none() && score >= self.pass_mark,
            }
        };
        ConversationScore {
            status,
            lost,
            fatal,
            findings,
        }
    }
}

impl Serialize for Scorecard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let points: BTreeMap<&str, f64> = Severity::ALL
            .iter()
            .map(|sev| (sev.as_str(), self.points(*sev)))
            .collect();
        let categories: BTreeMap<&str, f64> = Category::ALL
            .iter()
            .filter(|c| self.weight(**c) > 0.0)
            .map(|c| (c.as_str(), self.weight(*c)))
            .collect();
        let rules: BTreeMap<&str, f64> = self.rule_points().into_iter().collect();
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("pass_mark", &self.pass_mark)?;
        m.serialize_entry("min_agent_turns", &self.min_agent_turns)?;
        m.serialize_entry("points", &points)?;
        m.serialize_entry("categories", &categories)?;
        m.serialize_entry("rules", &rules)?;
        m.serialize_entry("fatal", &self.fatal())?;
        m.serialize_entry("metadata", &self.fields)?;
        m.end()
    }
}

fn unknown_rule(id: &str, linter: &Linter) -> String {
    let ids: Vec<&str> = linter
        .rules()
        .map(|r| r.id.as_str())
        .chain(Category::names())
        .collect();
    match crate::util::did_you_mean(id, ids.iter().copied()) {
        Some(close) => format!(
            "unknown rule or category `{}`; did you mean `{close}`?",
            crate::error::excerpt(id)
        ),
        None => format!(
            "unknown rule or category `{}`; `carelint rules` lists the rules",
            crate::error::excerpt(id)
        ),
    }
}

/// Rounds to 2 decimals so that sums of decimal weights print as written.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A number as people write it: `80`, `72.5`, `33.33` (the CLI's report has a copy).
#[must_use]
pub(crate) fn number(x: f64) -> String {
    let r = round2(x);
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else if (r * 10.0).fract() == 0.0 {
        format!("{r:.1}")
    } else {
        format!("{r:.2}")
    }
}

/// Used by [`UnknownName`]-style messages of [`MetadataFields::set`].
fn unknown_field(name: &str) -> UnknownName {
    UnknownName::new("metadata field", name, &MetadataFields::NAMES)
}

#[cfg(test)]
mod tests;
