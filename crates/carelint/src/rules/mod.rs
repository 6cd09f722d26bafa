//! Rules: the keys every rule shares, the rule kinds, loading with positioned errors.
//!
//! A rule file holds a list of rules. The keys shared by every rule (`id`, `category`,
//! `severity`, `speaker`, `applies-to`, `message`, `why`, `suggest`, `examples`, `kind`)
//! are read here and in [`load`]; everything else belongs to the rule's kind. Each kind
//! lives in one module of [`kinds`] that holds its YAML schema, its validation, its
//! compiled form and its check, behind the [`kinds::Check`] trait. The engine knows only
//! that trait. See `docs/rules.md` for the reference of every key.

pub(crate) mod gate;
pub(crate) mod kinds;
mod load;
pub(crate) mod matcher;
pub(crate) mod modifiers;

pub(crate) use load::{friendly, load_packs, RuleSource};

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use crate::category::Category;
use crate::diagnostic::Severity;
use crate::error::UnknownName;
use crate::transcript::{Speaker, TranscriptKind};

/// Whose turns a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerFilter {
    /// Agent turns only (the default).
    #[default]
    Agent,
    /// Customer turns only.
    Customer,
    /// Every turn, whoever spoke it.
    Any,
}

impl SpeakerFilter {
    /// Whether a turn by `speaker` is read by a rule with this filter.
    #[must_use]
    pub fn matches(self, speaker: &Speaker) -> bool {
        match self {
            SpeakerFilter::Any => true,
            SpeakerFilter::Agent => *speaker == Speaker::Agent,
            SpeakerFilter::Customer => *speaker == Speaker::Customer,
        }
    }

    /// The lowercase name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerFilter::Agent => "agent",
            SpeakerFilter::Customer => "customer",
            SpeakerFilter::Any => "any",
        }
    }

    /// The other party: agent ↔ customer (`any` stays `any`).
    #[must_use]
    pub fn other(self) -> SpeakerFilter {
        match self {
            SpeakerFilter::Agent => SpeakerFilter::Customer,
            SpeakerFilter::Customer => SpeakerFilter::Agent,
            SpeakerFilter::Any => SpeakerFilter::Any,
        }
    }
}

impl FromStr for SpeakerFilter {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "agent" => Ok(SpeakerFilter::Agent),
            "customer" => Ok(SpeakerFilter::Customer),
            "any" => Ok(SpeakerFilter::Any),
            other => Err(UnknownName::new(
                "speaker",
                other,
                &["agent", "customer", "any"],
            )),
        }
    }
}

/// Which kind of text a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AppliesTo {
    /// Conversations and reply templates (the default).
    #[default]
    Any,
    /// Conversations only.
    Conversation,
    /// Reply templates only.
    Template,
}

impl AppliesTo {
    /// Whether a transcript of `kind` is checked by a rule with this setting.
    #[must_use]
    pub fn matches(self, kind: TranscriptKind) -> bool {
        match self {
            AppliesTo::Any => true,
            AppliesTo::Conversation => kind == TranscriptKind::Conversation,
            AppliesTo::Template => kind == TranscriptKind::Template,
        }
    }

    /// The lowercase name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            AppliesTo::Any => "any",
            AppliesTo::Conversation => "conversation",
            AppliesTo::Template => "template",
        }
    }
}

impl FromStr for AppliesTo {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "any" => Ok(AppliesTo::Any),
            "conversation" => Ok(AppliesTo::Conversation),
            "template" => Ok(AppliesTo::Template),
            other => Err(UnknownName::new(
                "applies-to",
                other,
                &["any", "conversation", "template"],
            )),
        }
    }
}

/// A rule's suggested replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Suggest {
    /// One replacement for every match.
    Text(String),
    /// A replacement per phrase (keys compared case-insensitively).
    Map(BTreeMap<String, String>),
}

/// Texts that must (`flag`) and must not (`pass`) produce a rule.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Each of these must produce the rule.
    #[serde(default)]
    pub flag: Vec<String>,
    /// None of these may produce the rule.
    #[serde(default)]
    pub pass: Vec<String>,
    /// Texts with the rule's suggestion applied: `--fix` must turn each `before` into
    /// exactly its `after`, and the `after` must no longer produce the rule.
    #[serde(default)]
    pub fix: Vec<FixExample>,
}

/// One `fix` example of a rule: a text and what `--fix` makes of it.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixExample {
    /// The text as written.
    pub before: String,
    /// The text after every suggestion of the rule is applied.
    pub after: String,
}

/// A condition on the whole conversation that a rule needs before it judges it
/// (`when:` in rule files).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum When {
    /// The agent had the last real word and the conversation was not cut off (the
    /// customer wrote last, the agent's last message is an unanswered question, or the
    /// agent moved the conversation to a DM, a call or an e-mail).
    EndedByAgent,
    /// The customer has not said they need nothing more ("that's all", "bye") near the end.
    CustomerNotDone,
}

impl When {
    /// The name in rule files.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            When::EndedByAgent => "ended-by-agent",
            When::CustomerNotDone => "customer-not-done",
        }
    }
}

/// A loaded rule: what every rule has, and its kind's compiled check.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique kebab-case id.
    pub id: String,
    /// The category.
    pub category: Category,
    /// Severity of its findings.
    pub severity: Severity,
    /// Whose turns it reads.
    pub speaker: SpeakerFilter,
    /// Conversations, templates or both.
    pub applies_to: AppliesTo,
    /// The message template (`{match}` is filled in per finding).
    pub message: String,
    /// The customer-care reason for the rule.
    pub why: String,
    /// Suggested replacement, if any.
    pub suggest: Option<Suggest>,
    /// Examples that must / must not produce the rule.
    pub examples: Examples,
    /// The language the rule is written for (ISO 639-1, from its pack): turns detected to
    /// be in another language are not read. `None` reads every turn.
    pub language: Option<String>,
    /// Conditions on the whole conversation before the rule judges it.
    pub when: Vec<When>,
    /// Whether the rule is on without configuration (`enabled: false` rules are opt-in).
    pub default_enabled: bool,
    /// Where the rule came from: a built-in pack name (`rules/jargon.yaml`) or a file path.
    pub source: String,
    /// 1-based line of the rule in its source.
    pub line: usize,
    kind: &'static str,
    check: Arc<dyn kinds::Check>,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id && self.source == other.source && self.line == other.line
    }
}

impl Rule {
    /// The kind's name (`phrases`, `pattern`, `respond`, …).
    #[must_use]
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The kind's own settings, as JSON (the keys beside the common ones).
    #[must_use]
    pub fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        self.check.settings()
    }

    /// The phrases of a `phrases` rule; empty for other kinds.
    #[must_use]
    pub fn phrases(&self) -> &[String] {
        self.check.phrases()
    }

    pub(crate) fn check(&self) -> &dyn kinds::Check {
        &*self.check
    }

    /// The replacement for a match, if the rule suggests one.
    pub(crate) fn suggestion_for(&self, matched: &str) -> Option<String> {
        match self.suggest.as_ref()? {
            Suggest::Text(t) => Some(t.clone()),
            Suggest::Map(map) => {
                let key = crate::text::fold_phrase(matched);
                map.get(&key).cloned()
            }
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let settings = self.settings();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("category", &self.category)?;
        m.serialize_entry("severity", &self.severity)?;
        m.serialize_entry("speaker", &self.speaker)?;
        m.serialize_entry("applies_to", &self.applies_to)?;
        m.serialize_entry("message", &self.message)?;
        m.serialize_entry("why", &self.why)?;
        m.serialize_entry("suggest", &self.suggest)?;
        m.serialize_entry("examples", &self.examples)?;
        if let Some(l) = &self.language {
            m.serialize_entry("language", l)?;
        }
        if !self.when.is_empty() {
            m.serialize_entry("when", &self.when)?;
        }
        if !self.default_enabled {
            m.serialize_entry("enabled", &false)?;
        }
        m.serialize_entry("kind", self.kind)?;
        for (k, v) in &settings {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry("source", &self.source)?;
        m.serialize_entry("line", &self.line)?;
        m.end()
    }
}

/// For `#[serde(skip_serializing_if = "crate::rules::is_zero")]`: a count left at its
/// default (0) is not shown in a rule's settings.
pub(crate) fn is_zero(n: &usize) -> bool {
    *n == 0
}
