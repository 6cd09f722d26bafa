//! The transcript model every reader produces and every rule reads.

mod aws;
mod ccai;
mod csv;
mod deepgram;
mod detect;
mod genesys;
mod html;
mod intercom;
mod json;
mod json_doc;
pub(crate) mod jsonl;
mod jsonpos;
pub(crate) mod plain;
mod speakers;
mod srt;
mod time;
mod vtt;
mod whisper;
mod zendesk;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, UnknownName};
pub use csv::CsvColumns;
pub use jsonl::{JsonlLine, JsonlReader};
pub(crate) use plain::PlainOptions;
pub(crate) use speakers::configured_role;

/// Who spoke a turn.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Speaker {
    /// The company's agent (human or bot acting as the agent).
    Agent,
    /// The customer.
    Customer,
    /// The system: IVR prompts, automatic messages, dashboard actions.
    System,
    /// Any other label, kept as written.
    Other(String),
}

impl Speaker {
    /// Maps a speaker label to a role, case-insensitively.
    ///
    /// `agent`, `rep`, `representative`, `advisor`, `associate`, `support`, `csr` are the
    /// agent; `customer`, `caller`, `client`, `user` the customer; `system`, `bot`, `ivr`
    /// the system. Anything else is [`Speaker::Other`] with the label as written.
    #[must_use]
    pub fn from_label(label: &str) -> Speaker {
        Speaker::known_role(label).unwrap_or_else(|| Speaker::Other(label.trim().to_string()))
    }

    /// The role of a label if it is one of the known role names, else `None`.
    #[must_use]
    pub fn known_role(label: &str) -> Option<Speaker> {
        Speaker::role_named(label.trim())
    }

    /// [`Speaker::known_role`] of a label without surrounding whitespace, for a caller
    /// that has trimmed it already (the plain-text reader, on every labelled line).
    ///
    /// Each name is compared in place, ignoring ASCII case: a name of another length is
    /// turned away by its length alone, and nothing is copied or lower-cased first.
    pub(crate) fn role_named(name: &str) -> Option<Speaker> {
        const AGENT: [&str; 8] = [
            "agent",
            "rep",
            "representative",
            "advisor",
            "adviser",
            "associate",
            "support",
            "csr",
        ];
        const CUSTOMER: [&str; 4] = ["customer", "caller", "client", "user"];
        const SYSTEM: [&str; 3] = ["system", "bot", "ivr"];
        let is_one_of = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(name));
        if is_one_of(&AGENT) {
            Some(Speaker::Agent)
        } else if is_one_of(&CUSTOMER) {
            Some(Speaker::Customer)
        } else if is_one_of(&SYSTEM) {
            Some(Speaker::System)
        } else {
            None
        }
    }

    /// The name used in output: `agent`, `customer`, `system`, or the label.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Speaker::Agent => "agent",
            Speaker::Customer => "customer",
            Speaker::System => "system",
            Speaker::Other(label) => label,
        }
    }
}

impl FromStr for Speaker {
    type Err = UnknownName;

    /// A role name, case-insensitively: `agent`, `customer` or `system`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "agent" => Ok(Speaker::Agent),
            "customer" => Ok(Speaker::Customer),
            "system" => Ok(Speaker::System),
            _ => Err(UnknownName::new(
                "role",
                s,
                &["agent", "customer", "system"],
            )),
        }
    }
}

impl fmt::Display for Speaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Speaker {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Speaker {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Speaker::from_label(&s))
    }
}

/// Whether a text is a conversation that happened or a reply template to be sent.
///
/// Placeholders (`{{customer_name}}`) belong in templates and are errors in conversations,
/// so some rules apply to only one of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranscriptKind {
    /// A conversation between an agent and a customer.
    #[default]
    Conversation,
    /// A reply template (email or chat macro): one agent text with placeholders.
    Template,
}

/// Facts about a conversation that rules and reports may use.
///
/// Each reader fills the typed fields from its format's natural place (front matter, a
/// JSON `metadata` object, CSV columns, vendor fields; see `docs/formats.md`); what is not
/// known is `None`. Any other key is kept in [`Metadata::extra`].
///
/// Keys are routed by name with [`Metadata::insert`] and read back with
/// [`Metadata::get`], so that a mapping from a team's own key names (`owner` → `agent`)
/// is one call per key.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metadata {
    /// The agent who handled the conversation: a name or an id, as the source has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// The agent's team, group or queue: a name or an id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// When the conversation took place: an ISO 8601 date or date-time
    /// (`2024-05-01`, `2024-05-01T10:00:00Z`), as written in the source or, for sources
    /// that give epoch numbers, in UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The customer's name, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// The customer's time zone (e.g. `Europe/Berlin`, `CET`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_timezone: Option<String>,
    /// The conversation's locale (e.g. `en-GB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Any other keys, kept as given.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Metadata {
    /// The names of the typed fields, as [`Metadata::insert`] and [`Metadata::get`] know
    /// them.
    pub const FIELDS: &'static [&'static str] = &[
        "agent",
        "team",
        "date",
        "customer_name",
        "customer_timezone",
        "locale",
    ];

    /// The typed field a key names: its own name (`agent`, `team`, `date`,
    /// `customer_name`, `customer_timezone`, `locale`, with `-` for `_` accepted), or an
    /// alias (`agent_name`, `agent_id`; `team_name`, `queue`, `queue_name`, `group`;
    /// `datetime`, `date_time`, `started_at`, `created_at`; `timezone`; `language`).
    /// Returns the field's name and whether `key` is an alias.
    #[must_use]
    pub fn field_for(key: &str) -> Option<(&'static str, bool)> {
        let k = key.trim().to_ascii_lowercase().replace('-', "_");
        if let Some(f) = Metadata::FIELDS.iter().find(|f| **f == k) {
            return Some((f, false));
        }
        let field = match k.as_str() {
            "agent_name" | "agent_id" => "agent",
            "team_name" | "team_id" | "queue" | "queue_name" | "queue_id" | "group" => "team",
            "datetime" | "date_time" | "started_at" | "created_at" => "date",
            "timezone" | "time_zone" => "customer_timezone",
            "language" => "locale",
            _ => return None,
        };
        Some((field, true))
    }

    fn slot(&mut self, field: &str) -> Option<&mut Option<String>> {
        Some(match field {
            "agent" => &mut self.agent,
            "team" => &mut self.team,
            "date" => &mut self.date,
            "customer_name" => &mut self.customer_name,
            "customer_timezone" => &mut self.customer_timezone,
            "locale" => &mut self.locale,
            _ => return None,
        })
    }

    /// Adds a key: a typed field's name fills that field (when it is still empty, and the
    /// value is a string or a number); an alias fills its field the same way and is also
    /// kept in [`Metadata::extra`]; any other key goes to `extra` (an existing entry is
    /// kept). `date` takes only ISO 8601 values; another date stays in `extra`.
    ///
    /// ```
    /// use carelint::Metadata;
    /// use serde_json::json;
    ///
    /// let mut m = Metadata::default();
    /// m.insert("queue", json!("billing"));
    /// m.insert("agent_id", json!(4711));
    /// m.insert("date", json!("last Tuesday"));
    /// assert_eq!(m.team.as_deref(), Some("billing"));
    /// assert_eq!(m.agent.as_deref(), Some("4711"));
    /// assert_eq!(m.date, None);
    /// assert_eq!(m.extra["queue"], "billing");
    /// assert_eq!(m.extra["date"], "last Tuesday");
    /// ```
    pub fn insert(&mut self, key: &str, value: serde_json::Value) {
        let text = match &value {
            serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let routed = Metadata::field_for(key).and_then(|(field, alias)| {
            let text = text
                .clone()
                .filter(|t| field != "date" || time::is_iso(t))?;
            let slot = self.slot(field)?;
            if slot.is_some() {
                return None;
            }
            *slot = Some(text);
            Some(alias)
        });
        let canonical = Metadata::field_for(key).is_some_and(|(_, alias)| !alias);
        if routed != Some(false) && !(canonical && value.is_null()) {
            self.extra.entry(key.to_string()).or_insert(value);
        }
    }

    /// The value of a key: a typed field by its name, else an `extra` entry (a string as
    /// is, another value as JSON text).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<String> {
        let typed = match key {
            "agent" => &self.agent,
            "team" => &self.team,
            "date" => &self.date,
            "customer_name" => &self.customer_name,
            "customer_timezone" => &self.customer_timezone,
            "locale" => &self.locale,
            _ => {
                return self.extra.get(key).map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            }
        };
        typed.clone()
    }
}

impl<'de> Deserialize<'de> for Metadata {
    /// Reads a JSON object key by key with [`Metadata::insert`], so a typed field given as
    /// a number or in an unexpected form never makes the document invalid.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, serde_json::Value>::deserialize(d)?;
        let mut m = Metadata::default();
        for (k, v) in map {
            m.insert(&k, v);
        }
        Ok(m)
    }
}

/// Where a piece of a turn's text sits in the source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceSegment {
    /// Byte offset in the turn's text where this segment starts.
    pub text_offset: usize,
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column (in characters) of the segment's first character.
    pub column: usize,
}

/// One turn of a conversation: what one speaker said or wrote in one go.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// Who spoke.
    pub speaker: Speaker,
    /// What was said. Lines of a multi-line turn are joined with `\n`.
    pub text: String,
    /// Start time in seconds from the start of the conversation, if known.
    pub start: Option<f64>,
    /// End time in seconds, if known.
    pub end: Option<f64>,
    /// 1-based source line where the turn starts.
    pub line: usize,
    /// Where each line of `text` sits in the source; the first entry starts at offset 0.
    /// Empty means the whole text starts at (`line`, column 1) and has no line breaks
    /// known to the source.
    pub segments: Vec<SourceSegment>,
}

impl Turn {
    /// A turn with no timing and no source position (line 1).
    pub fn new(speaker: Speaker, text: impl Into<String>) -> Turn {
        Turn {
            speaker,
            text: text.into(),
            start: None,
            end: None,
            line: 1,
            segments: Vec::new(),
        }
    }

    /// The 1-based (line, column) in the source of byte `offset` of the turn's text.
    #[must_use]
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let seg = match self
            .segments
            .partition_point(|s| s.text_offset <= offset)
            .checked_sub(1)
        {
            Some(i) => self.segments[i],
            None => SourceSegment {
                text_offset: 0,
                line: self.line,
                column: 1,
            },
        };
        let start = seg.text_offset.min(offset);
        let chars = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (seg.line, seg.column + chars)
    }
}

/// A conversation or reply template, as read from one source.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    /// The transcript's id (by default the file path).
    pub id: String,
    /// The channel (`chat`, `voice`, `email`, …), if known.
    pub channel: Option<String>,
    /// Conversation or reply template.
    pub kind: TranscriptKind,
    /// Facts about the conversation.
    pub metadata: Metadata,
    /// The turns, in order.
    pub turns: Vec<Turn>,
    /// How speaker labels were mapped to roles, for formats whose speakers are diarised
    /// labels rather than roles. Empty when the source names the roles.
    pub speakers: Vec<SpeakerAssignment>,
}

/// How a diarised speaker label (`spk_0`, `Speaker 1`, `ch_0`) was mapped to a role.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerAssignment {
    /// The label in the source.
    pub label: String,
    /// The role it was given.
    pub speaker: Speaker,
    /// How: `explicit` (the format says), `speaker-map` (configuration), or the heuristic
    /// that decided, e.g. `greeting "thank you for calling" in its first turn`.
    pub how: String,
}

impl Transcript {
    /// A conversation with the given id and turns and no metadata.
    pub fn new(id: impl Into<String>, turns: Vec<Turn>) -> Transcript {
        Transcript {
            id: id.into(),
            channel: None,
            kind: TranscriptKind::Conversation,
            metadata: Metadata::default(),
            turns,
            speakers: Vec::new(),
        }
    }
}

/// Options shared by the readers.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadOptions {
    /// Plain-text reader options (label → role mappings, forced kind).
    pub plain: PlainOptions,
    /// Diarised speaker label → role (`spk_0` → agent), from `--speaker-map` or config.
    /// Keys are compared case-insensitively.
    pub speaker_map: std::collections::BTreeMap<String, Speaker>,
    /// CSV/TSV column names, overriding the detection by header name.
    pub csv_columns: Option<CsvColumns>,
    /// In a recording split by channel (`ch_0`, `ch_1`) whose speakers no other rule
    /// decides, the channel of the agent: 0 (the default) for `ch_0`.
    pub agent_channel: usize,
}

/// Reads every transcript in `text`.
///
/// `id` is the source's path or name: it names the source in errors, is the default
/// transcript id, and for [`Format::Auto`] its extension chooses the reader (see
/// [`detect`]); an id without a known extension (`<stdin>`) is detected by content.
///
/// # Errors
///
/// A source that is not valid in `format` is an error naming the line and column, and
/// for [`Format::Auto`] a JSON source no reader recognises is an error naming what was
/// tried.
///
pub(crate) fn read(
    text: &str,
    format: Format,
    id: &str,
    options: &ReadOptions,
) -> Result<Vec<Transcript>, Error> {
    let format = match format {
        Format::Auto => match detect::guess(Some(std::path::Path::new(id)), text) {
            detect::Guess::Known(f) => f,
            // The dialect is chosen from the parsed document: the text is parsed once.
            detect::Guess::JsonDocument => return json_doc::read(text, id, None, options),
        },
        f => f,
    };
    match format {
        // A template language's file is one reply template, whatever its lines look like.
        Format::Auto | Format::Plain
            if options.plain.kind.is_none()
                && Format::is_template_path(std::path::Path::new(id)) =>
        {
            let plain = PlainOptions {
                kind: Some(TranscriptKind::Template),
                ..options.plain.clone()
            };
            plain::parse(text, id, &plain).map(|t| vec![t])
        }
        Format::Auto | Format::Plain => plain::parse(text, id, &options.plain).map(|t| vec![t]),
        Format::Jsonl => jsonl::parse(text, id, options),
        Format::Csv => csv::parse(text, id, None, options),
        Format::Tsv => csv::parse(text, id, Some(b'\t'), options),
        Format::Vtt => vtt::parse(text, id, options).map(|t| vec![t]),
        Format::Srt => srt::parse(text, id, options).map(|t| vec![t]),
        json_dialect => json_doc::read(text, id, Some(json_dialect), options),
    }
}

/// The input formats carelint reads.
///
/// Each has a name for `--input-format` ([`Format::name`], [`Format::from_name`]); see
/// `docs/formats.md` for what each reader maps how.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Choose by file extension and content (a JSON document by its fields).
    #[default]
    Auto,
    /// Plain text with `Label: text` turns, or a reply template without labels.
    Plain,
    /// The canonical carelint JSON: one transcript object or an array of them.
    Json,
    /// JSON Lines: one canonical transcript object per line.
    Jsonl,
    /// Comma- (or semicolon-) separated values, one row per turn.
    Csv,
    /// Tab-separated values, one row per turn.
    Tsv,
    /// WebVTT captions, with `<v Speaker>` voice tags or `Speaker:` prefixes.
    Vtt,
    /// SubRip (SRT) captions, with `[speaker 0]` lines or `Speaker:` prefixes.
    Srt,
    /// Amazon Transcribe batch JSON (speaker or channel labels), and the AWS Post-Call
    /// Analytics parsed file (`SpeechSegments`).
    AwsTranscribe,
    /// Amazon Connect Contact Lens (voice or chat) and Transcribe Call Analytics JSON.
    ContactLens,
    /// OpenAI Whisper JSON: `verbose_json`, `diarized_json`, `json` (text only), and
    /// whisper-timestamped / WhisperX output.
    Whisper,
    /// Deepgram `/v1/listen` response JSON (utterances, or words with speakers).
    Deepgram,
    /// An Intercom conversation (REST API `Conversation` object with `conversation_parts`).
    Intercom,
    /// Zendesk ticket comments (`GET /api/v2/tickets/{id}/comments`, optionally with
    /// sideloaded `users`).
    Zendesk,
    /// Google Contact Center AI Insights conversation data (`entries[]` with `role`).
    GoogleCcai,
    /// A Genesys Cloud speech and text analytics transcript (`transcripts[].phrases[]`).
    Genesys,
}

#[cfg(test)]
mod tests {
    use super::Speaker;

    /// Role names are read whatever their case and surrounding spaces; other labels,
    /// names that only start like a role, and non-ASCII look-alikes are not roles.
    #[test]
    fn known_roles_are_read_case_insensitively() {
        for (label, role) in [
            ("Agent", Speaker::Agent),
            (" CSR ", Speaker::Agent),
            ("Representative", Speaker::Agent),
            ("caller", Speaker::Customer),
            ("USER", Speaker::Customer),
            ("IVR", Speaker::System),
        ] {
            assert_eq!(Speaker::known_role(label), Some(role), "{label}");
        }
        for label in ["Maria", "agents", "customer service", "Ａgent", "", "bots"] {
            assert_eq!(Speaker::known_role(label), None, "{label}");
        }
        // `role_named` ignores ASCII case as `known_role` does.
        for (name, role) in [
            ("REPRESENTATIVE", Speaker::Agent),
            ("Csr", Speaker::Agent),
            ("CALLER", Speaker::Customer),
            ("Ivr", Speaker::System),
        ] {
            assert_eq!(Speaker::role_named(name), Some(role), "{name}");
        }
        // The caller trims: a name with spaces around it is not one.
        assert_eq!(Speaker::role_named(" agent"), None);
        assert_eq!(
            Speaker::from_label(" Maria "),
            Speaker::Other("Maria".into())
        );
    }
}
