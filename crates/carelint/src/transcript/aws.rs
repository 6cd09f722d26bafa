//! Amazon Web Services transcripts.
//!
//! - **Amazon Transcribe** batch output (`results.transcripts`, `results.items`, with
//!   `results.speaker_labels` (`spk_0`, `spk_1`) or `results.channel_labels` (`ch_0`,
//!   `ch_1`)). Turns are rebuilt from the word items: punctuation items attach to the word
//!   before them, words are grouped into phrases per speaker or channel, phrases are put in
//!   time order (channels interleave), and consecutive phrases of the same speaker merge.
//!   Roles come from `--speaker-map` or the [speaker heuristic](super::speakers); a
//!   channel-split recording defaults to `ch_0` = agent. Without items, the transcript text
//!   is one turn of an unknown speaker.
//! - **AWS Post-Call Analytics** parsed files (`ConversationAnalytics` + `SpeechSegments`
//!   with `SegmentSpeaker`): roles from `ConversationAnalytics.SpeakerLabels`
//!   (`{"Speaker": "spk_0", "DisplayText": "Agent"}`), consecutive segments of a speaker
//!   merge. Read with the `aws-transcribe` format.
//! - **Amazon Connect Contact Lens** (voice and chat) and **Transcribe Call Analytics**
//!   output (`Participants` + `Transcript`): roles are explicit (`ParticipantRole` `AGENT`,
//!   `CUSTOMER`, `SYSTEM`; bots are the system). Each transcript entry is a turn; chat
//!   events (participant joined or left, chat ended) are skipped. Times come from
//!   `BeginOffsetMillis`/`EndOffsetMillis`, or for chat from `AbsoluteTime` relative to the
//!   first entry. The agent's and customer's display names fill `metadata.agent` and
//!   `metadata.customer_name`.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

use super::json::json_error;
use super::jsonpos::{self, locate, Found, Step};
use super::speakers::{build_turns, words_to_pieces, Piece, Word};
use super::time::parse_iso;
use super::{Format, ReadOptions, Speaker, Transcript};
use crate::error::Error;

/// A number written as a JSON number or a string (`"4.87"`); anything else is `None`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Num(pub Option<f64>);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string holding one")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                Ok(Num(Some(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(Some(v as f64)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num(Some(v as f64)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
                Ok(Num(v.trim().parse().ok().filter(|f: &f64| f.is_finite())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Num, E> {
                Ok(Num(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
struct TranscribeDoc {
    #[serde(rename = "jobName", default)]
    job_name: Option<String>,
    results: TranscribeResults,
}

#[derive(Deserialize)]
struct TranscribeResults {
    #[serde(default)]
    transcripts: Vec<TranscriptText>,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    speaker_labels: Option<SpeakerLabels>,
    #[serde(default)]
    channel_labels: Option<ChannelLabels>,
    #[serde(default)]
    language_code: Option<String>,
}

#[derive(Deserialize)]
struct TranscriptText {
    #[serde(default)]
    transcript: String,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    start_time: Num,
    #[serde(default)]
    end_time: Num,
    #[serde(default)]
    speaker_label: Option<String>,
    #[serde(default)]
    channel_label: Option<String>,
    #[serde(default)]
    alternatives: Vec<Alternative>,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Deserialize)]
struct Alternative {
    #[serde(default)]
    content: String,
}

#[derive(Deserialize)]
struct SpeakerLabels {
    #[serde(default)]
    segments: Vec<LabelSegment>,
}

#[derive(Deserialize)]
struct LabelSegment {
    #[serde(default)]
    start_time: Num,
    #[serde(default)]
    end_time: Num,
    speaker_label: String,
}

#[derive(Deserialize)]
struct ChannelLabels {
    #[serde(default)]
    channels: Vec<ChannelItems>,
}

#[derive(Deserialize)]
struct ChannelItems {
    channel_label: String,
    #[serde(default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct PcaDoc {
    #[serde(rename = "ConversationAnalytics", default)]
    analytics: Option<PcaAnalytics>,
    #[serde(rename = "SpeechSegments")]
    segments: Vec<PcaSegment>,
}

#[derive(Deserialize)]
struct PcaAnalytics {
    #[serde(rename = "SpeakerLabels", default)]
    speaker_labels: Vec<PcaLabel>,
    #[serde(rename = "LanguageCode", default)]
    language_code: Option<String>,
    #[serde(rename = "Agent", default)]
    agent: Option<String>,
    #[serde(rename = "GUID", default)]
    guid: Option<String>,
}

#[derive(Deserialize)]
struct PcaLabel {
    #[serde(rename = "Speaker")]
    speaker: String,
    #[serde(rename = "DisplayText", default)]
    display: String,
}

#[derive(Deserialize)]
struct PcaSegment {
    #[serde(rename = "SegmentStartTime", default)]
    start: Num,
    #[serde(rename = "SegmentEndTime", default)]
    end: Num,
    #[serde(rename = "SegmentSpeaker", default)]
    speaker: Option<String>,
    #[serde(rename = "DisplayText", default)]
    display: Option<String>,
    #[serde(rename = "OriginalText", default)]
    original: Option<String>,
}

/// Reads an Amazon Transcribe batch result or an AWS Post-Call Analytics parsed file.
///
/// # Errors
///
/// Invalid JSON, or JSON of neither shape (with a hint when it is another dialect).
pub fn parse_transcribe(text: &str, id: &str, options: &ReadOptions) -> Result<Transcript, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_pca(text) {
        return parse_pca(text, id, options);
    }
    let doc: TranscribeDoc = serde_json::from_str(text).map_err(|e| {
        let dialect = super::detect::json_dialect(text);
        json_error(&e, text, id, 0, other_hint(dialect, Format::AwsTranscribe))
    })?;
    let r = doc.results;
    let mut t = Transcript::new(id, Vec::new());
    t.channel = Some("voice".to_string());
    t.metadata.locale = r.language_code.clone();
    if let Some(job) = doc.job_name {
        t.metadata.extra.insert("job_name".into(), job.into());
    }

    let item_words = |items: &[Item], found: &[Found], fixed_label: Option<&str>| -> Vec<Word> {
        let pos: HashMap<usize, &Found> = found
            .iter()
            .filter(|f| f.indices.get(1) == Some(&0))
            .filter_map(|f| f.indices.first().map(|&i| (i, f)))
            .collect();
        items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| {
                let content = it.alternatives.first()?.content.trim();
                if content.is_empty() {
                    return None;
                }
                let (line, column) = pos.get(&i).map_or((1, 1), |f| (f.line, f.column));
                Some(Word {
                    label: fixed_label
                        .map(str::to_string)
                        .or_else(|| it.speaker_label.clone())
                        .or_else(|| it.channel_label.clone()),
                    text: content.to_string(),
                    punctuation: it.kind == "punctuation",
                    start: it.start_time.0,
                    end: it.end_time.0,
                    line,
                    column,
                })
            })
            .collect()
    };

    let labelled = |items: &[Item]| {
        items
            .iter()
            .any(|i| i.speaker_label.is_some() || i.channel_label.is_some())
    };
    let mut channels_mode = false;
    let mut words: Vec<Word> = Vec::new();
    let channel_items = r
        .channel_labels
        .as_ref()
        .map(|c| c.channels.iter().any(|ch| !ch.items.is_empty()))
        .unwrap_or(false);
    if !r.items.is_empty() && (labelled(&r.items) || !channel_items) {
        let found = locate(
            text,
            1,
            &[
                Step::Key("results"),
                Step::Key("items"),
                Step::Any,
                Step::Key("alternatives"),
                Step::Any,
                Step::Key("content"),
            ],
        );
        words = item_words(&r.items, &found, None);
        channels_mode = r.speaker_labels.is_none()
            && r.items.iter().all(|i| i.speaker_label.is_none())
            && r.items.iter().any(|i| i.channel_label.is_some());
        // Older output: speakers only in `speaker_labels.segments`, matched by time.
        if let Some(sl) = &r.speaker_labels {
            if r.items.iter().all(|i| i.speaker_label.is_none()) && !sl.segments.is_empty() {
                let mut last: Option<String> = None;
                for w in &mut words {
                    let label = w.start.and_then(|t| {
                        sl.segments
                            .iter()
                            .find(|s| {
                                s.start_time.0.is_some_and(|a| a <= t + 1e-6)
                                    && s.end_time.0.is_some_and(|b| t <= b + 1e-6)
                            })
                            .map(|s| s.speaker_label.clone())
                    });
                    w.label = label.or_else(|| last.clone());
                    last = w.label.clone();
                }
                channels_mode = false;
            }
        }
    } else if channel_items {
        let found = locate(
            text,
            1,
            &[
                Step::Key("results"),
                Step::Key("channel_labels"),
                Step::Key("channels"),
                Step::Any,
                Step::Key("items"),
                Step::Any,
                Step::Key("alternatives"),
                Step::Any,
                Step::Key("content"),
            ],
        );
        if let Some(cl) = &r.channel_labels {
            for (c, ch) in cl.channels.iter().enumerate() {
                let mine: Vec<Found> = found
                    .iter()
                    .filter(|f| f.indices.first() == Some(&c))
                    .map(|f| Found {
                        indices: f.indices[1..].to_vec(),
                        ..f.clone()
                    })
                    .collect();
                words.extend(item_words(&ch.items, &mine, Some(&ch.channel_label)));
            }
        }
        channels_mode = true;
    }

    let pieces = if words.is_empty() {
        let whole: Vec<&str> = r
            .transcripts
            .iter()
            .map(|t| t.transcript.trim())
            .filter(|t| !t.is_empty())
            .collect();
        let found = locate(
            text,
            1,
            &[
                Step::Key("results"),
                Step::Key("transcripts"),
                Step::Any,
                Step::Key("transcript"),
            ],
        );
        let (text, line, segments) = jsonpos::positioned(whole.join(" "), found.first());
        let mut p = Piece::new(None, text, line);
        if whole.len() == 1 {
            p.segments = segments;
        }
        vec![p]
    } else {
        words_to_pieces(words)
    };
    let (turns, speakers) = build_turns(pieces, true, channels_mode, options);
    t.turns = turns;
    t.speakers = speakers;
    Ok(t)
}

/// Whether `text` is an AWS Post-Call Analytics file (has top-level `SpeechSegments`).
fn is_pca(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(rename = "SpeechSegments", default)]
        segments: Option<de::IgnoredAny>,
    }
    text.contains("\"SpeechSegments\"")
        && serde_json::from_str::<Probe>(text).is_ok_and(|p| p.segments.is_some())
}

fn other_hint(dialect: Result<Format, String>, me: Format) -> Option<String> {
    match dialect {
        Ok(f) if f != me => Some(format!(
            "this looks like {} JSON; use `--input-format {}` or `auto`",
            f.title(),
            f.name()
        )),
        _ => None,
    }
}

/// Reads an AWS Post-Call Analytics parsed file.
fn parse_pca(text: &str, id: &str, options: &ReadOptions) -> Result<Transcript, Error> {
    let doc: PcaDoc = serde_json::from_str(text).map_err(|e| json_error(&e, text, id, 0, None))?;
    let mut t = Transcript::new(id, Vec::new());
    t.channel = Some("voice".to_string());
    let mut roles: HashMap<String, (Speaker, String)> = HashMap::new();
    if let Some(a) = &doc.analytics {
        let real = |v: &Option<String>| v.clone().filter(|s| !s.is_empty() && s != "None");
        t.metadata.locale = real(&a.language_code);
        t.metadata.agent = real(&a.agent);
        if let Some(g) = real(&a.guid) {
            t.metadata.extra.insert("guid".into(), g.into());
        }
        for l in &a.speaker_labels {
            if let Some(role) = Speaker::known_role(&l.display) {
                roles.insert(
                    l.speaker.clone(),
                    (
                        role,
                        format!(
                            "explicit: ConversationAnalytics.SpeakerLabels names it \"{}\"",
                            l.display
                        ),
                    ),
                );
            }
        }
    }
    let found = locate(
        text,
        1,
        &[
            Step::Key("SpeechSegments"),
            Step::Any,
            Step::Key("DisplayText"),
        ],
    );
    let pos: HashMap<usize, &Found> = found
        .iter()
        .filter_map(|f| f.indices.first().map(|&i| (i, f)))
        .collect();
    let pieces = doc
        .segments
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let (raw, f) = match s.display {
                Some(d) => (d, pos.get(&i).copied()),
                None => (s.original.unwrap_or_default(), None),
            };
            let (text, line, segments) = jsonpos::positioned(raw, f);
            let mut p = Piece::new(s.speaker.clone(), text, line);
            p.segments = segments;
            p.start = s.start.0;
            p.end = s.end.0;
            p.role = s.speaker.as_ref().and_then(|l| roles.get(l).cloned());
            p
        })
        .collect();
    let (turns, speakers) = build_turns(pieces, true, false, options);
    t.turns = turns;
    t.speakers = speakers;
    Ok(t)
}

#[derive(Deserialize)]
struct ClDoc {
    #[serde(rename = "Channel", default)]
    channel: Option<String>,
    #[serde(rename = "LanguageCode", default)]
    language_code: Option<String>,
    #[serde(rename = "JobName", default)]
    job_name: Option<String>,
    #[serde(rename = "Participants", default)]
    participants: Vec<ClParticipant>,
    #[serde(rename = "Transcript")]
    transcript: Vec<ClEntry>,
    #[serde(rename = "CustomerMetadata", default)]
    customer_metadata: Option<ClCustomerMetadata>,
}

#[derive(Deserialize)]
struct ClCustomerMetadata {
    #[serde(rename = "ContactId", default)]
    contact_id: Option<String>,
}

#[derive(Deserialize)]
struct ClParticipant {
    #[serde(rename = "ParticipantId", default)]
    id: Option<String>,
    #[serde(rename = "ParticipantRole", default)]
    role: Option<String>,
    #[serde(rename = "DisplayName", default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct ClEntry {
    #[serde(rename = "ParticipantId", default)]
    participant: Option<String>,
    #[serde(rename = "ParticipantRole", default)]
    role: Option<String>,
    #[serde(rename = "DisplayName", default)]
    name: Option<String>,
    #[serde(rename = "Content", default)]
    content: Option<String>,
    #[serde(rename = "BeginOffsetMillis", default)]
    begin: Num,
    #[serde(rename = "EndOffsetMillis", default)]
    end: Num,
    #[serde(rename = "AbsoluteTime", default)]
    absolute: Option<String>,
    #[serde(rename = "Type", default)]
    kind: Option<String>,
    #[serde(rename = "ContentType", default)]
    content_type: Option<String>,
}

/// The role of a Contact Lens participant role name.
fn cl_role(role: &str) -> Speaker {
    match role.to_ascii_uppercase().as_str() {
        "AGENT" | "SUPERVISOR" => Speaker::Agent,
        "CUSTOMER" => Speaker::Customer,
        "SYSTEM" | "CUSTOM_BOT" | "BOT" | "IVR" => Speaker::System,
        _ => Speaker::Other(role.to_string()),
    }
}

/// Reads an Amazon Connect Contact Lens (voice or chat) or Transcribe Call Analytics file.
///
/// # Errors
///
/// Invalid JSON, or JSON without `Transcript` (with a hint when it is another dialect).
pub fn parse_contact_lens(
    text: &str,
    id: &str,
    options: &ReadOptions,
) -> Result<Transcript, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: ClDoc = serde_json::from_str(text).map_err(|e| {
        json_error(
            &e,
            text,
            id,
            0,
            other_hint(super::detect::json_dialect(text), Format::ContactLens),
        )
    })?;
    let mut t = Transcript::new(id, Vec::new());
    t.channel = doc.channel.as_ref().map(|c| c.to_lowercase());
    t.metadata.locale = doc.language_code.clone();
    if let Some(c) = doc.customer_metadata.and_then(|m| m.contact_id) {
        t.metadata.extra.insert("contact_id".into(), c.into());
    }
    if let Some(j) = doc.job_name {
        t.metadata.extra.insert("job_name".into(), j.into());
    }
    let mut participant_role: HashMap<&str, &str> = HashMap::new();
    for p in &doc.participants {
        let Some(role) = p.role.as_deref() else {
            continue;
        };
        if let Some(id) = p.id.as_deref() {
            participant_role.insert(id, role);
        }
        let name = p
            .name
            .clone()
            .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(role) && n != "SYSTEM_MESSAGE");
        match cl_role(role) {
            Speaker::Agent if t.metadata.agent.is_none() => t.metadata.agent = name,
            Speaker::Customer if t.metadata.customer_name.is_none() => {
                t.metadata.customer_name = name
            }
            _ => {}
        }
    }
    let found = locate(
        text,
        1,
        &[Step::Key("Transcript"), Step::Any, Step::Key("Content")],
    );
    let pos: HashMap<usize, &Found> = found
        .iter()
        .filter_map(|f| f.indices.first().map(|&i| (i, f)))
        .collect();
    let origin = doc
        .transcript
        .iter()
        .filter_map(|e| e.absolute.as_deref().and_then(parse_iso))
        .next();
    let mut pieces = Vec::new();
    for (i, e) in doc.transcript.into_iter().enumerate() {
        let is_event = e
            .kind
            .as_deref()
            .is_some_and(|k| !k.eq_ignore_ascii_case("MESSAGE"))
            || e.content_type
                .as_deref()
                .is_some_and(|c| c.starts_with("application/vnd.amazonaws.connect.event"));
        let Some(content) = e.content.filter(|_| !is_event) else {
            continue;
        };
        let label = e
            .participant
            .clone()
            .or_else(|| e.role.clone())
            .or_else(|| e.name.clone())
            .unwrap_or_else(|| "unknown".to_string());
        let role = e.role.as_deref().or_else(|| {
            e.participant
                .as_deref()
                .and_then(|p| participant_role.get(p).copied())
        });
        let (text, line, segments) = jsonpos::positioned(content, pos.get(&i).copied());
        let mut p = Piece::new(Some(label), text, line);
        p.segments = segments;
        p.role = role.map(|r| {
            let name = e
                .name
                .as_deref()
                .filter(|n| !n.eq_ignore_ascii_case(r))
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            (cl_role(r), format!("explicit: ParticipantRole {r}{name}"))
        });
        let abs = |s: Option<&str>| match (s.and_then(parse_iso), origin) {
            (Some(a), Some(o)) => Some(super::time::round_ms(a - o)),
            _ => None,
        };
        p.start = e
            .begin
            .0
            .map(|ms| ms / 1000.0)
            .or_else(|| abs(e.absolute.as_deref()));
        p.end = e.end.0.map(|ms| ms / 1000.0);
        pieces.push(p);
    }
    if pieces.is_empty() && !found.is_empty() {
        return Err(Error::parse(
            id,
            1,
            1,
            "the Contact Lens transcript holds only events, no messages",
        ));
    }
    let (turns, speakers) = build_turns(pieces, false, false, options);
    t.turns = turns;
    t.speakers = speakers;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcribe_speakers_from_segments_only() {
        let doc = r#"{"results":{"transcripts":[{"transcript":"Hello. Hi."}],
"speaker_labels":{"segments":[{"start_time":"0.0","end_time":"1.0","speaker_label":"spk_0"},{"start_time":"1.5","end_time":"2.0","speaker_label":"spk_1"}]},
"items":[{"start_time":"0.1","end_time":"0.5","alternatives":[{"content":"Hello"}],"type":"pronunciation"},
{"alternatives":[{"content":"."}],"type":"punctuation"},
{"start_time":"1.6","end_time":"1.9","alternatives":[{"content":"Hi"}],"type":"pronunciation"},
{"alternatives":[{"content":"."}],"type":"punctuation"}]}}"#;
        let t = parse_transcribe(doc, "a.json", &ReadOptions::default()).unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "Hello.");
        assert_eq!(t.turns[1].text, "Hi.");
        assert_eq!(t.turns[1].start, Some(1.6));
        assert_eq!(t.speakers[1].label, "spk_1");
        assert_eq!(t.turns[1].line, 5);
    }

    #[test]
    fn transcript_only() {
        let t = parse_transcribe(
            r#"{"results":{"transcripts":[{"transcript":" Thanks for calling. "}],"items":[]}}"#,
            "a.json",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(t.turns.len(), 1);
        assert_eq!(t.turns[0].text, "Thanks for calling.");
        assert_eq!(t.turns[0].speaker, Speaker::Other("speaker".into()));
    }

    #[test]
    fn wrong_dialect_hint() {
        let e = parse_contact_lens(
            r#"{"results":{"channels":[]},"metadata":{"request_id":"x"}}"#,
            "d.json",
            &ReadOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("--input-format deepgram"), "{e}");
    }
}
