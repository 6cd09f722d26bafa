//! Genesys Cloud speech and text analytics transcripts: the JSON behind the transcript
//! URL (`GET /api/v2/speechandtextanalytics/conversations/{id}/communications/{id}/transcripturl`).
//!
//! - The phrases of every `transcripts[].phrases[]` are the pieces; the text is
//!   `decoratedText` (punctuated) when present, else `text`.
//! - Roles are explicit, from `participantPurpose`: `external` and `customer` are the
//!   customer; `internal`, `agent` and `user` the agent (Genesys marks the agent, IVR and
//!   ACD side alike as `internal`); `ivr`, `acd`, `workflow`, `voicemail` and `bot` the
//!   system. The label is the purpose.
//! - For calls (`mediaType` `call`, `callback`, `voice` or none), consecutive phrases of a
//!   speaker merge into one turn; for messages (`chat`, `message`, `email`) each phrase is
//!   a turn.
//! - Times: `offset.milliseconds` when present, else `startTimeMs` (an epoch time is made
//!   relative to `conversationStartTime`, else the earliest phrase); the end adds
//!   `duration.milliseconds`.
//! - Metadata: `conversationId` → the transcript id; the agent participant's `userId` →
//!   `agent`, its `teamId` (else a participant's `queueId`) → `team`;
//!   `conversationStartTime` → `date`; the first transcript's `language` → `locale`;
//!   `communicationId` and `queueId` → `metadata.extra`.

use serde::Deserialize;
use std::collections::HashMap;

use super::json_doc::{JsonDoc, Label};
use super::jsonpos::{self, Step};
use super::speakers::{Draft, Piece};
use super::time::{epoch_to_iso, round_ms};
use super::{Format, ReadOptions, Speaker, Transcript};
use crate::error::Error;

/// Epoch milliseconds after 1973: smaller `startTimeMs` values are offsets.
const EPOCH_MS_FROM: f64 = 1e11;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Doc {
    #[serde(default)]
    conversation_id: Option<String>,
    #[serde(default)]
    communication_id: Option<String>,
    #[serde(default)]
    media_type: Option<String>,
    #[serde(default)]
    conversation_start_time: Option<f64>,
    #[serde(default)]
    transcripts: Vec<GTranscript>,
    #[serde(default)]
    participants: Vec<Participant>,
}

#[derive(Deserialize)]
struct GTranscript {
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    phrases: Vec<Phrase>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Phrase {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    decorated_text: Option<String>,
    #[serde(default)]
    start_time_ms: Option<f64>,
    #[serde(default)]
    offset: Option<Milliseconds>,
    #[serde(default)]
    duration: Option<Milliseconds>,
    #[serde(default)]
    participant_purpose: Option<String>,
}

#[derive(Deserialize)]
struct Milliseconds {
    #[serde(default)]
    milliseconds: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Participant {
    #[serde(default)]
    participant_purpose: Option<String>,
    #[serde(default)]
    user_id: Option<Label>,
    #[serde(default)]
    team_id: Option<Label>,
    #[serde(default)]
    queue_id: Option<Label>,
}

/// The role a `participantPurpose` states.
fn role(purpose: &str) -> Option<(Speaker, String)> {
    let p = purpose.to_ascii_lowercase();
    let (speaker, note) = match p.as_str() {
        "external" | "customer" => (Speaker::Customer, ""),
        "internal" => (Speaker::Agent, " (the agent, IVR and ACD side)"),
        "agent" | "user" => (Speaker::Agent, ""),
        "ivr" | "acd" | "workflow" | "voicemail" | "bot" => (Speaker::System, ""),
        _ => return None,
    };
    Some((
        speaker,
        format!("explicit: participantPurpose {purpose}{note}"),
    ))
}

/// Reads a Genesys Cloud transcript.
///
/// # Errors
///
/// A value of the wrong type (with its position), or a time out of range.
pub(crate) fn read(doc: &JsonDoc, options: &ReadOptions) -> Result<Transcript, Error> {
    let g: Doc = doc.convert(Format::Genesys)?;
    let media = g
        .media_type
        .as_deref()
        .unwrap_or("call")
        .to_ascii_lowercase();
    let mut draft = match media.as_str() {
        "call" | "callback" | "voice" => Draft::speech(doc.id),
        other => {
            let mut d = Draft::new(doc.id);
            d.transcript.channel = Some(match other {
                "message" | "chat" => "chat".to_string(),
                o => o.to_string(),
            });
            d
        }
    };
    metadata(&g, &mut draft.transcript);
    let positions = |key: &'static str| -> HashMap<(usize, usize), jsonpos::Found> {
        doc.locate(&[
            Step::Key("transcripts"),
            Step::Any,
            Step::Key("phrases"),
            Step::Any,
            Step::Key(key),
        ])
        .into_iter()
        .filter_map(|f| match f.indices.as_slice() {
            [t, p] => Some(((*t, *p), f)),
            _ => None,
        })
        .collect()
    };
    let (decorated, plain) = (positions("decoratedText"), positions("text"));
    let epoch_origin = g.conversation_start_time.or_else(|| {
        g.transcripts
            .iter()
            .flat_map(|t| &t.phrases)
            .filter_map(|p| p.start_time_ms)
            .filter(|&t| t >= EPOCH_MS_FROM)
            .min_by(f64::total_cmp)
    });
    for (ti, t) in g.transcripts.into_iter().enumerate() {
        for (pi, phrase) in t.phrases.into_iter().enumerate() {
            let (raw, found) = match phrase.decorated_text.filter(|d| !d.trim().is_empty()) {
                Some(d) => (d, decorated.get(&(ti, pi))),
                None => (phrase.text.unwrap_or_default(), plain.get(&(ti, pi))),
            };
            let (text, line, segments) = jsonpos::positioned(raw, found);
            let purpose = phrase.participant_purpose;
            let mut p = Piece::new(purpose.clone(), text, line);
            p.segments = segments;
            p.role = purpose.as_deref().and_then(role);
            let start_ms = phrase.offset.and_then(|o| o.milliseconds).or_else(|| {
                let t = phrase.start_time_ms?;
                if t >= EPOCH_MS_FROM {
                    epoch_origin.map(|o| t - o)
                } else {
                    Some(t)
                }
            });
            p.start = start_ms.map(|ms| round_ms(ms / 1000.0));
            p.end = start_ms
                .zip(phrase.duration.and_then(|d| d.milliseconds))
                .map(|(s, d)| round_ms((s + d) / 1000.0));
            draft.pieces.push(p);
        }
    }
    draft.finish(options)
}

/// Fills the transcript's id and metadata from the conversation's fields and
/// participants.
fn metadata(g: &Doc, t: &mut Transcript) {
    if let Some(id) = &g.conversation_id {
        t.id = id.clone();
    }
    let m = &mut t.metadata;
    let agent = g.participants.iter().find(|p| {
        p.participant_purpose
            .as_deref()
            .is_some_and(|p| matches!(p, "agent" | "user"))
    });
    m.agent = agent.and_then(|a| a.user_id.as_ref()).map(|u| u.0.clone());
    let queue = g.participants.iter().find_map(|p| p.queue_id.as_ref());
    m.team = agent
        .and_then(|a| a.team_id.as_ref())
        .or(queue)
        .map(|l| l.0.clone());
    m.date = g
        .conversation_start_time
        .and_then(|ms| epoch_to_iso(ms, 1000.0));
    m.locale = g.transcripts.iter().find_map(|t| t.language.clone());
    if let Some(c) = &g.communication_id {
        m.extra.insert("communication_id".into(), c.clone().into());
    }
    if let Some(q) = queue {
        m.extra.insert("queue_id".into(), q.0.clone().into());
    }
}
