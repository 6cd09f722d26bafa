//! Intercom conversations: the REST API's `Conversation` object
//! (`GET /conversations/{id}`).
//!
//! - The first message is `source` (`body`, `author`); the others are
//!   `conversation_parts.conversation_parts[]`. Each part with a non-empty `body` is a
//!   turn (no merging: chat messages are turns of their own); parts without a body
//!   (assignments, state changes, custom actions) and internal notes (`part_type` `note`,
//!   `note_and_reopen`) are skipped.
//! - Bodies are HTML: tags are removed (block tags become line breaks) and character
//!   references decoded, with positions kept ([`html`](super::html)).
//! - Roles are explicit, from `author.type`: `admin` and `team` are the agent; `user`,
//!   `lead` and `contact` the customer; `bot` (Fin, Operator) the system. The label is the
//!   author's name (else `type id`); `--speaker-map` overrides by label.
//! - Times are `created_at` (epoch seconds; the first message is the conversation's),
//!   relative to the earliest.
//! - Metadata: `id` → the transcript id; `admin_assignee_id` → `agent` (the admin's name
//!   when that admin wrote a message, else the id; without an assignee, the first admin
//!   author's name); `team_assignee_id` → `team`; `created_at` → `date`; `source.type` →
//!   the channel (`conversation` is `chat`); a user author's name → `customer_name`;
//!   `state`, `title` and the tag names → `metadata.extra`.

use serde::Deserialize;

use super::html::positioned_body;
use super::json_doc::{JsonDoc, Label};
use super::jsonpos::{by_first_index, Step};
use super::speakers::{Draft, Piece};
use super::time::{epoch_to_iso, round_ms};
use super::{Format, ReadOptions, Speaker, Transcript};
use crate::error::Error;

#[derive(Deserialize)]
struct Conversation {
    #[serde(default)]
    id: Option<Label>,
    #[serde(default)]
    created_at: Option<f64>,
    #[serde(default)]
    source: Option<Part>,
    #[serde(default)]
    conversation_parts: Option<Parts>,
    #[serde(default)]
    admin_assignee_id: Option<Label>,
    #[serde(default)]
    team_assignee_id: Option<Label>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    tags: Option<Tags>,
}

#[derive(Deserialize)]
struct Parts {
    #[serde(default)]
    conversation_parts: Vec<Part>,
}

#[derive(Deserialize)]
struct Part {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    part_type: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    author: Option<Author>,
    #[serde(default)]
    created_at: Option<f64>,
}

#[derive(Deserialize)]
struct Author {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    id: Option<Label>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Tags {
    #[serde(default)]
    tags: Vec<Tag>,
}

#[derive(Deserialize)]
struct Tag {
    #[serde(default)]
    name: Option<String>,
}

impl Author {
    /// The label of the author: the name, else `type id`.
    fn label(&self) -> String {
        match (&self.name, &self.kind, &self.id) {
            (Some(n), _, _) if !n.trim().is_empty() => n.trim().to_string(),
            (_, kind, id) => format!(
                "{} {}",
                kind.as_deref().unwrap_or("author"),
                id.as_ref().map_or("?", |i| i.0.as_str())
            )
            .trim()
            .to_string(),
        }
    }

    /// The role `author.type` states.
    fn role(&self) -> Option<(Speaker, String)> {
        let kind = self.kind.as_deref()?;
        let speaker = match kind.to_ascii_lowercase().as_str() {
            "admin" | "team" => Speaker::Agent,
            "user" | "lead" | "contact" => Speaker::Customer,
            "bot" => Speaker::System,
            _ => return None,
        };
        Some((speaker, format!("explicit: author.type {kind}")))
    }

    fn is_admin(&self) -> bool {
        self.kind.as_deref() == Some("admin")
    }
}

/// Reads an Intercom conversation.
///
/// # Errors
///
/// A value of the wrong type (with its position), or a time out of range.
pub(crate) fn read(doc: &JsonDoc, options: &ReadOptions) -> Result<Transcript, Error> {
    let c: Conversation = doc.convert(Format::Intercom)?;
    let mut draft = Draft::new(doc.id);
    metadata(&c, &mut draft.transcript);
    let source_body = doc.locate(&[Step::Key("source"), Step::Key("body")]);
    let part_bodies = doc.locate(&[
        Step::Key("conversation_parts"),
        Step::Key("conversation_parts"),
        Step::Any,
        Step::Key("body"),
    ]);
    let part_pos = by_first_index(&part_bodies);
    let parts = c.conversation_parts.map(|p| p.conversation_parts);
    let messages = c
        .source
        .iter()
        .map(|s| (s, source_body.first(), c.created_at))
        .chain(
            parts
                .iter()
                .flatten()
                .enumerate()
                .map(|(i, p)| (p, part_pos.get(&i).copied(), p.created_at)),
        );
    let origin = c
        .created_at
        .into_iter()
        .chain(parts.iter().flatten().filter_map(|p| p.created_at))
        .filter(|t| t.is_finite())
        .min_by(f64::total_cmp);
    for (part, found, at) in messages {
        let internal = part
            .part_type
            .as_deref()
            .is_some_and(|t| t.contains("note"));
        let Some(body) = part.body.clone().filter(|_| !internal) else {
            continue;
        };
        let (text, line, segments) = positioned_body(body, found, true);
        let label = part.author.as_ref().map(Author::label);
        let mut p = Piece::new(label, text, line);
        p.segments = segments;
        p.role = part.author.as_ref().and_then(Author::role);
        p.start = at.zip(origin).map(|(t, o)| round_ms(t - o));
        if draft.transcript.metadata.customer_name.is_none() {
            if let Some(a) = part
                .author
                .as_ref()
                .filter(|a| a.role().is_some_and(|(s, _)| s == Speaker::Customer))
            {
                draft.transcript.metadata.customer_name = a.name.clone();
            }
        }
        draft.pieces.push(p);
    }
    if draft.transcript.metadata.agent.is_none() {
        draft.transcript.metadata.agent = c
            .source
            .iter()
            .chain(parts.iter().flatten())
            .filter_map(|p| p.author.as_ref())
            .find(|a| a.is_admin())
            .and_then(|a| a.name.clone());
    }
    if let Some(assignee) = &c.admin_assignee_id {
        let named = c
            .source
            .iter()
            .chain(parts.iter().flatten())
            .filter_map(|p| p.author.as_ref())
            .find(|a| a.is_admin() && a.id.as_ref() == Some(assignee))
            .and_then(|a| a.name.clone());
        draft.transcript.metadata.agent = named.or(Some(assignee.0.clone()));
    }
    draft.finish(options)
}

/// Fills the transcript's id, channel and metadata from the conversation's fields.
fn metadata(c: &Conversation, t: &mut Transcript) {
    if let Some(id) = &c.id {
        t.id = id.0.clone();
    }
    t.channel = c
        .source
        .as_ref()
        .and_then(|s| s.kind.as_deref())
        .map(|k| match k {
            "conversation" | "chat" => "chat".to_string(),
            "phone_call" | "phone_switch" => "voice".to_string(),
            other => other.to_string(),
        });
    let m = &mut t.metadata;
    m.team = c.team_assignee_id.as_ref().map(|l| l.0.clone());
    m.date = c.created_at.and_then(|s| epoch_to_iso(s, 1.0));
    if let Some(state) = &c.state {
        m.extra.insert("state".into(), state.clone().into());
    }
    if let Some(title) = c.title.as_ref().filter(|t| !t.is_empty()) {
        m.extra.insert("title".into(), title.clone().into());
    }
    let tags: Vec<serde_json::Value> = c
        .tags
        .iter()
        .flat_map(|t| &t.tags)
        .filter_map(|t| t.name.clone().map(Into::into))
        .collect();
    if !tags.is_empty() {
        m.extra.insert("tags".into(), tags.into());
    }
}
