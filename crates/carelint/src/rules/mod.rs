//! Rules: the YAML schema, loading with positioned errors, and the compiled matchers.
//!
//! A rule file holds a list of rules. The keys shared by every rule (`id`, `category`,
//! `severity`, `speaker`, `applies-to`, `message`, `why`, `suggest`, `examples`) sit beside
//! `kind` and the kind's own keys. See `docs/rules.md` for the full reference.

pub(crate) mod conversation;
mod gate;
mod load;
pub(crate) mod matcher;

pub(crate) use load::{load_pack, RuleSource};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::diagnostic::Severity;
use crate::transcript::{Speaker, TranscriptKind};

/// The fixed rule categories. Reports and configuration key on these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Abbreviations and technical terms a customer may not know.
    Jargon,
    /// Promises the agent cannot be sure to keep.
    OverPromising,
    /// Missing acknowledgement of the customer's feelings.
    Empathy,
    /// Long, complex or padded sentences.
    Clarity,
    /// Idioms a non-native speaker may misread.
    Idiom,
    /// Times and deadlines without a time zone.
    TimeZone,
    /// Commitments without a timeframe.
    Expectation,
    /// Blaming or condescending language.
    Blame,
    /// Not using the customer's name.
    Personalization,
    /// No closing check or feedback request.
    Closing,
    /// Hedging that suggests missing product knowledge.
    Hedging,
    /// Unfilled or malformed template placeholders.
    Placeholder,
}

impl Category {
    /// All categories, in the order of the built-in packs.
    pub const ALL: [Category; 12] = [
        Category::Jargon,
        Category::OverPromising,
        Category::Empathy,
        Category::Clarity,
        Category::Idiom,
        Category::TimeZone,
        Category::Expectation,
        Category::Blame,
        Category::Personalization,
        Category::Closing,
        Category::Hedging,
        Category::Placeholder,
    ];

    /// The kebab-case name (`over-promising`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Jargon => "jargon",
            Category::OverPromising => "over-promising",
            Category::Empathy => "empathy",
            Category::Clarity => "clarity",
            Category::Idiom => "idiom",
            Category::TimeZone => "time-zone",
            Category::Expectation => "expectation",
            Category::Blame => "blame",
            Category::Personalization => "personalization",
            Category::Closing => "closing",
            Category::Hedging => "hedging",
            Category::Placeholder => "placeholder",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                let hint = crate::util::did_you_mean(s, names.iter().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                format!(
                    "unknown category `{s}`{hint} (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

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
    pub fn matches(self, speaker: &Speaker) -> bool {
        match self {
            SpeakerFilter::Any => true,
            SpeakerFilter::Agent => *speaker == Speaker::Agent,
            SpeakerFilter::Customer => *speaker == Speaker::Customer,
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerFilter::Agent => "agent",
            SpeakerFilter::Customer => "customer",
            SpeakerFilter::Any => "any",
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
    pub fn matches(self, kind: TranscriptKind) -> bool {
        match self {
            AppliesTo::Any => true,
            AppliesTo::Conversation => kind == TranscriptKind::Conversation,
            AppliesTo::Template => kind == TranscriptKind::Template,
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            AppliesTo::Any => "any",
            AppliesTo::Conversation => "conversation",
            AppliesTo::Template => "template",
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Each of these must produce the rule.
    #[serde(default)]
    pub flag: Vec<String>,
    /// None of these may produce the rule.
    #[serde(default)]
    pub pass: Vec<String>,
}

/// Settings that narrow the matches of `phrases` and `pattern` rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Modifiers {
    /// Longer phrases containing a match that make it fine (`can't guarantee`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
    /// Phrases that, anywhere in the same sentence, make a match fine (a time zone after
    /// a clock time).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
    /// A regex that, matching anywhere in the same sentence, makes a match fine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless_pattern: Option<String>,
    /// Drop a match when a negation (not, never, can't, cannot, won't, don't, …) stands
    /// within the three words before it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub negation: bool,
}

/// Phrases and/or a pattern, used by the conversation-aware kinds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Matchers {
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
}

/// Which of a speaker's turns a `required` rule searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Window {
    /// The whole conversation.
    Conversation,
    /// The speaker's first N turns.
    First(usize),
    /// The speaker's last N turns.
    Last(usize),
}

/// What a `metric` rule measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Words in a sentence.
    SentenceWords,
    /// Flesch-Kincaid grade level of a sentence.
    SentenceGrade,
    /// Occurrences of the rule's phrases in one turn.
    TurnPhrases,
}

/// What a `timing` rule measures (only on turns with timestamps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimingMeasure {
    /// Seconds of silence before a turn of the rule's speaker.
    DeadAir,
    /// Seconds a turn of the rule's speaker starts before the other party's turn ended.
    Overtalk,
    /// The rule speaker's percentage of the conversation's speaking time.
    TalkShare,
    /// Words per minute in a turn of the rule's speaker.
    SpeakingRate,
}

/// What a rule checks: its kind and the kind's own settings.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Check {
    /// Any of a list of phrases, on whole words, case-insensitively.
    Phrases {
        /// The phrases, as written in the rule file.
        phrases: Vec<String>,
        /// Exceptions, `unless` and negation.
        #[serde(flatten)]
        modifiers: Modifiers,
    },
    /// A regular expression.
    Pattern {
        /// The pattern, as written in the rule file.
        pattern: String,
        /// Whether the pattern is case-sensitive.
        case_sensitive: bool,
        /// Exceptions, `unless` and negation.
        #[serde(flatten)]
        modifiers: Modifiers,
    },
    /// When a turn matches `trigger`, one of the rule speaker's next `within` turns must
    /// match `expect`.
    Respond {
        /// What the other party says that calls for a response.
        trigger: Matchers,
        /// What the response must contain.
        expect: Matchers,
        /// How many of the rule speaker's turns after the trigger may carry the response.
        within: usize,
    },
    /// The phrases or pattern must appear in a window of the rule speaker's turns.
    Required {
        /// What must appear.
        #[serde(flatten)]
        matchers: Matchers,
        /// Which turns are searched.
        window: Window,
        /// Conversations with fewer turns (all speakers) are not judged.
        min_turns: usize,
    },
    /// The agent must use the customer's name once it is known.
    CustomerName {
        /// Conversations with fewer turns (all speakers) are not judged.
        min_turns: usize,
    },
    /// A number per sentence or per turn must not exceed `max`.
    Metric {
        /// What is measured.
        measure: Measure,
        /// The largest acceptable value.
        max: f64,
        /// Sentences with fewer words are not measured (`sentence-grade`).
        min_words: usize,
        /// Phrases counted by `turn-phrases`.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        phrases: Vec<String>,
    },
    /// A number computed from turn timestamps must not exceed `max`.
    Timing {
        /// What is measured.
        measure: TimingMeasure,
        /// The largest acceptable value (seconds, percent or words per minute).
        max: f64,
        /// Conversations with fewer turns are not judged.
        min_turns: usize,
    },
}

impl Check {
    /// The kind's name as written in rule files (`phrases`, `pattern`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Check::Phrases { .. } => "phrases",
            Check::Pattern { .. } => "pattern",
            Check::Respond { .. } => "respond",
            Check::Required { .. } => "required",
            Check::CustomerName { .. } => "customer-name",
            Check::Metric { .. } => "metric",
            Check::Timing { .. } => "timing",
        }
    }

    /// The modifiers of a `phrases` or `pattern` rule.
    pub fn modifiers(&self) -> Option<&Modifiers> {
        match self {
            Check::Phrases { modifiers, .. } | Check::Pattern { modifiers, .. } => Some(modifiers),
            _ => None,
        }
    }

    /// Whether the rule looks at one turn at a time (`phrases`, `pattern`).
    pub fn is_turn_level(&self) -> bool {
        matches!(self, Check::Phrases { .. } | Check::Pattern { .. })
    }
}

/// A loaded rule: its metadata and what it checks.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The kind and its settings.
    #[serde(flatten)]
    pub check: Check,
    /// Where the rule came from: a built-in pack name (`builtin:jargon`) or a file path.
    pub source: String,
    /// 1-based line of the rule in its source.
    pub line: usize,
}

impl Rule {
    /// The kind's name (`phrases`, `pattern`, …).
    pub fn kind(&self) -> &'static str {
        self.check.kind()
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
