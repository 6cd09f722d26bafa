//! Google Contact Center AI Insights conversation data: the JSON that CCAI Insights
//! imports for chat transcripts (`entries[]` with `text`, `role`, `user_id`,
//! `start_timestamp_usec`).
//!
//! - Each entry is a turn (no merging).
//! - Roles are explicit, from `role`: `AGENT`, `HUMAN_AGENT` and `ANY_AGENT` are the agent;
//!   `CUSTOMER` and `END_USER` the customer; `AUTOMATED_AGENT` and `VIRTUAL_AGENT` (a
//!   Dialogflow bot) the system. The label is `user_id` (else the role), so
//!   `--speaker-map` can override one participant.
//! - Times are `start_timestamp_usec` (epoch microseconds), relative to the earliest.
//! - Metadata: the earliest time → `date`; the first agent's `user_id` → `agent`; the
//!   conversation is a `chat`.

use serde::Deserialize;

use super::json_doc::{JsonDoc, Label};
use super::jsonpos::{self, by_first_index, Step};
use super::speakers::{Draft, Piece};
use super::time::{epoch_to_iso, round_ms};
use super::{Format, ReadOptions, Speaker, Transcript};
use crate::error::Error;

#[derive(Deserialize)]
struct Doc {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    text: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    user_id: Option<Label>,
    #[serde(default)]
    start_timestamp_usec: Option<f64>,
}

/// The role a CCAI `role` value states.
fn role(role: &str) -> Option<(Speaker, String)> {
    let speaker = match role.to_ascii_uppercase().as_str() {
        "AGENT" | "HUMAN_AGENT" | "ANY_AGENT" => Speaker::Agent,
        "CUSTOMER" | "END_USER" => Speaker::Customer,
        "AUTOMATED_AGENT" | "VIRTUAL_AGENT" => Speaker::System,
        _ => return None,
    };
    Some((speaker, format!("explicit: role {role}")))
}

/// Reads a CCAI Insights conversation.
///
/// # Errors
///
/// A missing `entries`, a value of the wrong type (with its position), or a time out of
/// range.
pub(crate) fn read(doc: &JsonDoc, options: &ReadOptions) -> Result<Transcript, Error> {
    let c: Doc = doc.convert(Format::GoogleCcai)?;
    let mut draft = Draft::new(doc.id);
    draft.transcript.channel = Some("chat".to_string());
    let found = doc.locate(&[Step::Key("entries"), Step::Any, Step::Key("text")]);
    let pos = by_first_index(&found);
    let origin = c
        .entries
        .iter()
        .filter_map(|e| e.start_timestamp_usec)
        .filter(|t| t.is_finite())
        .min_by(f64::total_cmp);
    draft.transcript.metadata.date = origin.and_then(|o| epoch_to_iso(o, 1e6));
    for (i, e) in c.entries.into_iter().enumerate() {
        let label = e
            .user_id
            .as_ref()
            .map(|u| u.0.clone())
            .or_else(|| e.role.clone());
        let explicit = e.role.as_deref().and_then(role);
        if draft.transcript.metadata.agent.is_none()
            && explicit.as_ref().is_some_and(|(s, _)| *s == Speaker::Agent)
        {
            draft.transcript.metadata.agent = e.user_id.as_ref().map(|u| u.0.clone());
        }
        let (text, line, segments) = jsonpos::positioned(e.text, pos.get(&i).copied());
        let mut p = Piece::new(label, text, line);
        p.segments = segments;
        p.role = explicit;
        p.start = e
            .start_timestamp_usec
            .zip(origin)
            .map(|(t, o)| round_ms((t - o) / 1e6));
        draft.pieces.push(p);
    }
    draft.finish(options)
}
