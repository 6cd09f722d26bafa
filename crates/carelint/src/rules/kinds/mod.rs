//! The rule kinds, one module each, and the table that registers them.
//!
//! A kind is a [`Kind`] entry: its name in rule files, the keys it takes besides the
//! common ones, and a `compile` function that reads those keys (its own serde struct,
//! positioned errors through [`Validation`]) and returns the compiled [`Check`].
//!
//! The engine runs every rule the same way:
//!
//! 1. at build time, [`Check::register`] adds the phrases and regexes the rule needs to the
//!    one automaton pass over each turn (see [`super::matcher`]);
//! 2. while linting, every match of a kind that [`Check::reports_matches`] is a finding of
//!    its own; the other kinds get [`Check::check`] once per transcript, with the matches
//!    of their phrases in every turn.
//!
//! Adding a kind means one new module here and one line in [`KINDS`].

mod customer_name;
mod metric;
mod pattern;
mod phrases;
mod reply_language;
mod required;
mod respond;
mod timing;

use std::fmt;

use super::matcher::{Hit, Registrar, Role};
use super::{Rule, SpeakerFilter};
use crate::conversation::Features;
use crate::diagnostic::Span;
use crate::error::{Error, ErrorKind};
use crate::transcript::Transcript;
use crate::yaml::{Located, Node};

/// A rule kind: its name, its keys, and how its keys compile.
pub(crate) struct Kind {
    /// The name in rule files (`kind: phrases`).
    pub name: &'static str,
    /// The keys it takes besides the common ones.
    pub keys: &'static [&'static str],
    /// Reads the kind's keys from the rule's YAML mapping. Returns `None` after reporting
    /// the problems to `v`.
    pub compile: fn(&Node, &mut Validation<'_>) -> Option<Box<dyn Check>>,
}

/// Every kind this version understands.
pub(crate) const KINDS: &[Kind] = &[
    phrases::KIND,
    pattern::KIND,
    respond::KIND,
    required::KIND,
    customer_name::KIND,
    metric::KIND,
    timing::KIND,
    reply_language::KIND,
];

/// A compiled rule kind.
pub(crate) trait Check: fmt::Debug + Send + Sync {
    /// The kind's settings as loaded (for `carelint rules --format json` and `explain`).
    fn settings(&self) -> serde_json::Map<String, serde_json::Value>;

    /// Adds what the pass over each turn must find for this rule.
    fn register(&self, r: &mut Registrar<'_>);

    /// Whether every match of role [`Role::Match`] is a finding by itself (the kinds that
    /// look at one turn at a time).
    fn reports_matches(&self) -> bool {
        false
    }

    /// Whose turns are searched for matches of `role`; by default the rule's speaker.
    fn speaker_for(&self, _role: Role, rule_speaker: SpeakerFilter) -> SpeakerFilter {
        rule_speaker
    }

    /// The findings of this rule in one transcript (kinds that look at the conversation).
    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Finding>) {}

    /// The phrases a `phrases` rule reports; empty for other kinds.
    fn phrases(&self) -> &[String] {
        &[]
    }

    /// For kinds that report matches: their modifiers, of which the engine applies the
    /// conversation-aware ones (`unless-echo`, `when-topic`,
    /// `unless-conversation-pattern`) to each match.
    fn match_modifiers(&self) -> Option<&super::modifiers::Modifiers> {
        None
    }
}

/// What a conversation-level check sees of one transcript.
pub(crate) struct Context<'a> {
    /// The rule being checked.
    pub rule: &'a Rule,
    /// The rule's index: its matches carry it.
    pub index: u32,
    pub transcript: &'a Transcript,
    /// Per turn, the matches of the conversation-level rules.
    pub hits: &'a [Vec<Hit>],
    /// Language, emotion and state of the conversation.
    pub features: &'a Features<'a>,
}

impl Context<'_> {
    /// This rule's matches of `role` in turn `turn`.
    pub fn hits(&self, turn: usize, role: Role) -> impl Iterator<Item = &Hit> + '_ {
        let index = self.index;
        self.hits[turn]
            .iter()
            .filter(move |h| h.rule == index && h.role == role)
    }

    /// Whether turn `turn` has a match of this rule's `role`.
    pub fn has(&self, turn: usize, role: Role) -> bool {
        self.hits(turn, role).next().is_some()
    }

    /// Whether the rule reads turn `turn`: it is in the rule's language (or undetermined).
    pub fn reads(&self, turn: usize) -> bool {
        reads(self.rule, self.features, turn)
    }
}

/// Whether `rule` reads turn `turn`: the turn is in the rule's language, or its language
/// is undetermined.
pub(crate) fn reads(rule: &Rule, features: &Features<'_>, turn: usize) -> bool {
    rule.language
        .as_deref()
        .is_none_or(|l| features.language(turn).read_by(l))
}

/// Whether the conversation meets every condition of the rule's `when`.
pub(crate) fn conditions_hold(rule: &Rule, features: &Features<'_>) -> bool {
    rule.when.iter().all(|w| match w {
        super::When::EndedByAgent => features.state().agent_closed(),
        super::When::CustomerNotDone => !features.state().customer_done,
    })
}

/// A finding before it becomes a [`crate::Diagnostic`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// The turn it is in; `None` for conversation-level findings.
    pub turn: Option<usize>,
    /// Byte range in the turn's text.
    pub span: Option<Span>,
    /// Values for `{name}` placeholders in the message.
    pub vars: Vec<(&'static str, String)>,
    /// The turn whose position a conversation-level finding is reported at.
    pub anchor: Option<usize>,
}

impl Finding {
    /// A finding about a whole turn.
    pub fn on_turn(turn: usize) -> Finding {
        Finding {
            turn: Some(turn),
            span: None,
            vars: Vec::new(),
            anchor: None,
        }
    }

    /// A finding about the conversation, reported at the start of turn `anchor`.
    pub fn on_conversation(anchor: usize) -> Finding {
        Finding {
            turn: None,
            span: None,
            vars: Vec::new(),
            anchor: Some(anchor),
        }
    }

    /// The same finding with a value for `{name}` in the message.
    #[must_use]
    pub fn var(mut self, name: &'static str, value: impl Into<String>) -> Finding {
        self.vars.push((name, value.into()));
        self
    }
}

/// Collects the problems of one rule while its keys are read.
pub(crate) struct Validation<'a> {
    path: &'a str,
    id: String,
    cache: &'a super::matcher::RegexCache,
    /// The rule is from a built-in pack: its regexes are not compiled while it is
    /// validated (see [`super::matcher::LazyRegex`]).
    built_in: bool,
    errors: Vec<Error>,
}

impl<'a> Validation<'a> {
    pub fn new(
        path: &'a str,
        id: String,
        cache: &'a super::matcher::RegexCache,
        built_in: bool,
    ) -> Self {
        Validation {
            path,
            id,
            cache,
            built_in,
            errors: Vec::new(),
        }
    }

    /// Records a problem at a 1-based line and column.
    pub fn err_at(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.errors.push(
            Error::new(ErrorKind::Rule, message)
                .with_path(self.path)
                .at(line, column)
                .with_rule(self.id.clone()),
        );
    }

    /// Records a problem with a node.
    pub fn err(&mut self, node: &Node, message: impl Into<String>) {
        self.err_at(node.line, node.column, message);
    }

    /// Records a problem with a located value.
    pub fn err_located<T>(&mut self, at: &Located<T>, message: impl Into<String>) {
        self.err_at(at.line, at.column, message);
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The problems, in the order they appear in the file.
    pub fn into_errors(mut self) -> Vec<Error> {
        self.errors
            .sort_by_key(|e| (e.line().unwrap_or(0), e.column().unwrap_or(0)));
        self.errors
    }

    /// Reads a kind's settings struct from the rule's mapping.
    pub fn read<'n, T: serde::Deserialize<'n>>(&mut self, node: &'n Node) -> Option<T> {
        match node.to::<T>() {
            Ok(t) => Some(t),
            Err(e) => {
                let (line, column) = e.at.unwrap_or((node.line, node.column));
                self.err_at(line, column, super::load::friendly(&e.message));
                None
            }
        }
    }

    /// A valid regex (compiled once into the build's cache), or a positioned error.
    pub fn regex(
        &mut self,
        key: &str,
        p: &Located<String>,
        case_sensitive: bool,
    ) -> Option<String> {
        if self.built_in {
            // Compiled on first use; the test suite compiles every built-in regex.
            return Some(p.value.clone());
        }
        match self.cache.compile_now(&p.value, case_sensitive) {
            Ok(()) => Some(p.value.clone()),
            Err(m) => {
                let m = if key == "pattern" {
                    m
                } else {
                    format!("`{key}`: {m}")
                };
                self.err_located(p, m);
                None
            }
        }
    }

    /// A case-insensitive regex already validated with [`Validation::regex`], compiled on
    /// first use.
    pub fn lazy_regex(&self, pattern: &str) -> std::sync::Arc<super::matcher::LazyRegex> {
        self.cache.lazy(pattern, false)
    }

    /// A list of phrases; each must have words in it, and a required list must not be
    /// empty.
    pub fn phrase_list(
        &mut self,
        key: &str,
        list: &Located<Vec<String>>,
        required: bool,
    ) -> Vec<String> {
        if required && list.value.is_empty() {
            self.err_located(list, format!("`{key}` must not be empty"));
        }
        if list
            .value
            .iter()
            .any(|p| crate::text::fold_phrase(p).is_empty())
        {
            self.err_located(list, format!("`{key}` has an empty entry"));
        }
        list.value.clone()
    }

    /// The `max` of a `metric` or `timing` rule: a number ≥ 0.
    pub fn max(&mut self, max: &Located<f64>) -> f64 {
        if !max.value.is_finite() || max.value < 0.0 {
            self.err_located(max, "`max` must be a number ≥ 0");
        }
        max.value
    }
}

/// Formats a measured value for a message: `12` or `12.5`.
pub(crate) fn format_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Serializes a kind's settings struct into the map [`Check::settings`] returns.
pub(crate) fn settings_of<T: serde::Serialize>(
    value: &T,
) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// Phrases and/or a pattern that a conversation-level kind looks for in a turn.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub(crate) struct Matchers {
    /// Phrases (whole words, case-insensitive, like kind `phrases`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    /// A case-insensitive regex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Whose turns are searched (`respond` triggers: by default the other party).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<SpeakerFilter>,
    /// Ignore matches with a negation just before them ("I'm not upset").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub negation: bool,
    /// A turn whose distress score (0–1) reaches this also matches (`respond` triggers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distress: Option<f32>,
}

/// The keys of [`Matchers`] in rule files.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MatchersSpec {
    #[serde(default)]
    speaker: Option<Located<String>>,
    #[serde(default)]
    phrases: Option<Located<Vec<String>>>,
    #[serde(default)]
    pattern: Option<Located<String>>,
    #[serde(default)]
    negation: bool,
    #[serde(default)]
    distress: Option<Located<f32>>,
}

impl Matchers {
    /// Reads `trigger:` or `expect:`; both need phrases or a pattern (a trigger may have
    /// a `distress` threshold instead).
    pub fn read(key: &str, spec: &Located<MatchersSpec>, v: &mut Validation<'_>) -> Matchers {
        let m = &spec.value;
        let phrases = m
            .phrases
            .as_ref()
            .map(|p| v.phrase_list(&format!("{key}.phrases"), p, false))
            .unwrap_or_default();
        let distress = m.distress.as_ref().and_then(|d| {
            if key != "trigger" {
                v.err_located(
                    d,
                    format!("`{key}` takes no `distress`; it belongs to `trigger`"),
                );
                None
            } else if !(d.value > 0.0 && d.value < 1.0) {
                v.err_located(d, "`distress` is a threshold between 0 and 1, e.g. 0.5");
                None
            } else {
                Some(d.value)
            }
        });
        if phrases.is_empty() && m.pattern.is_none() && distress.is_none() {
            v.err_located(spec, format!("`{key}` needs `phrases` or a `pattern`"));
        }
        let pattern = m
            .pattern
            .as_ref()
            .and_then(|p| v.regex(&format!("{key}.pattern"), p, false));
        let speaker = m.speaker.as_ref().and_then(|s| {
            s.value
                .parse::<SpeakerFilter>()
                .map_err(|e| v.err_located(s, format!("`{key}.speaker`: {e}")))
                .ok()
        });
        Matchers {
            phrases,
            pattern,
            speaker,
            negation: m.negation,
            distress,
        }
    }

    /// Registers the phrases and the pattern in `role`.
    pub fn register(&self, r: &mut Registrar<'_>, role: Role) {
        for p in &self.phrases {
            r.phrase(p, role);
        }
        if let Some(p) = &self.pattern {
            r.regex(p, false, role);
        }
    }
}

/// The diagnostics of a plain-text conversation linted with only the pack `yaml`: the
/// kinds' tests write a small pack and read what it reports.
#[cfg(test)]
pub(crate) fn lint_with_pack(yaml: &str, text: &str) -> Vec<crate::Diagnostic> {
    crate::Linter::builder()
        .default_rules(false)
        .rules_str("test.yaml", yaml)
        .build()
        .expect("test pack loads")
        .lint_text("<t>", text, crate::Format::Plain)
        .expect("lints")
        .diagnostics
}
