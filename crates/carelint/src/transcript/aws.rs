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
//!   earliest entry (which also fills `metadata.date`). The agent's and customer's display
//!   names fill `metadata.agent` and `metadata.customer_name`.

use serde::Deserialize;
use std::collections::HashMap;

use super::json_doc::{JsonDoc, Millis, Seconds};
use super::jsonpos::{self, by_first_index, Found, Step};
use super::speakers::{check_word_times, words_to_pieces, Draft, Piece, Word};
use super::time::{epoch_to_iso, parse_iso, round_ms};
use super::{Format, ReadOptions, Speaker, Transcript};
use crate::error::Error;

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
    start_time: Seconds,
    #[serde(default)]
    end_time: Seconds,
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
    start_time: Seconds,
    #[serde(default)]
    end_time: Seconds,
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
    #[serde(rename = "ConversationTime", default)]
    conversation_time: Option<String>,
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
    start: Seconds,
    #[serde(rename = "SegmentEndTime", default)]
    end: Seconds,
    #[serde(rename = "SegmentSpeaker", default)]
    speaker: Option<String>,
    #[serde(rename = "DisplayText", default)]
    display: Option<String>,
    #[serde(rename = "OriginalText", default)]
    original: Option<String>,
}

/// The path of the word items' text in Transcribe output.
const ITEM_CONTENT: &[Step] = &[
    Step::Key("results"),
    Step::Key("items"),
    Step::Any,
    Step::Key("alternatives"),
    Step::Any,
    Step::Key("content"),
];

/// The path of the word items' text per channel in Transcribe output.
const CHANNEL_ITEM_CONTENT: &[Step] = &[
    Step::Key("results"),
    Step::Key("channel_labels"),
    Step::Key("channels"),
    Step::Any,
    Step::Key("items"),
    Step::Any,
    Step::Key("alternatives"),
    Step::Any,
    Step::Key("content"),
];

/// Reads an Amazon Transcribe batch result or an AWS Post-Call Analytics parsed file.
///
/// # Errors
///
/// JSON of neither shape (with a hint when it is another dialect), a time out of range,
/// or a word that ends before it starts, with its position.
pub(crate) fn read_transcribe(doc: &JsonDoc, options: &ReadOptions) -> Result<Transcript, Error> {
    if doc.value.get("SpeechSegments").is_some() {
        return read_pca(doc, options);
    }
    let parsed: TranscribeDoc = doc.convert(Format::AwsTranscribe)?;
    let r = parsed.results;
    let mut draft = Draft::speech(doc.id);
    draft.transcript.metadata.locale = r.language_code.clone();
    if let Some(job) = parsed.job_name {
        draft
            .transcript
            .metadata
            .extra
            .insert("job_name".into(), job.into());
    }
    let (words, channels) = transcribe_words(doc, &r);
    check_word_times(&words, doc.id)?;
    draft.channels = channels;
    draft.pieces = if words.is_empty() {
        vec![whole_transcript_piece(doc, &r)]
    } else {
        words_to_pieces(words)
    };
    draft.finish(options)
}

/// The words of a Transcribe result with their speaker or channel labels, and whether the
/// labels are channels. Items with labels come from `results.items`; older output keeps
/// speakers only in `speaker_labels.segments` (matched by time) and channel output may
/// keep the items per channel.
fn transcribe_words(doc: &JsonDoc, r: &TranscribeResults) -> (Vec<Word>, bool) {
    let labelled = r
        .items
        .iter()
        .any(|i| i.speaker_label.is_some() || i.channel_label.is_some());
    let channel_items = r
        .channel_labels
        .as_ref()
        .is_some_and(|c| c.channels.iter().any(|ch| !ch.items.is_empty()));
    if !r.items.is_empty() && (labelled || !channel_items) {
        let mut words = item_words(&r.items, &doc.locate(ITEM_CONTENT), None);
        let no_speakers = r.items.iter().all(|i| i.speaker_label.is_none());
        let mut channels = r.speaker_labels.is_none()
            && no_speakers
            && r.items.iter().any(|i| i.channel_label.is_some());
        if let Some(sl) = r
            .speaker_labels
            .as_ref()
            .filter(|sl| !sl.segments.is_empty())
        {
            if no_speakers {
                label_by_segments(&mut words, &sl.segments);
                channels = false;
            }
        }
        (words, channels)
    } else if let Some(cl) = r.channel_labels.as_ref().filter(|_| channel_items) {
        let found = doc.locate(CHANNEL_ITEM_CONTENT);
        let mut words = Vec::new();
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
        (words, true)
    } else {
        (Vec::new(), false)
    }
}

/// The words of Transcribe items (the first alternative of each), positioned by `found`
/// (`[item, alternative]` indices); `fixed_label` labels them all (a channel's items).
fn item_words(items: &[Item], found: &[Found], fixed_label: Option<&str>) -> Vec<Word> {
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
                start: it.start_time.seconds(),
                end: it.end_time.seconds(),
                line,
                column,
            })
        })
        .collect()
}

/// Labels words by the speaker segment their start time falls in (older Transcribe
/// output); a word without a time (punctuation) keeps the previous word's label.
fn label_by_segments(words: &mut [Word], segments: &[LabelSegment]) {
    let mut last: Option<String> = None;
    for w in words {
        let label = w.start.and_then(|t| {
            segments
                .iter()
                .find(|s| {
                    s.start_time.seconds().is_some_and(|a| a <= t + 1e-6)
                        && s.end_time.seconds().is_some_and(|b| t <= b + 1e-6)
                })
                .map(|s| s.speaker_label.clone())
        });
        w.label = label.or_else(|| last.clone());
        last = w.label.clone();
    }
}

/// The transcript text of a result without items: one piece of an unknown speaker.
fn whole_transcript_piece(doc: &JsonDoc, r: &TranscribeResults) -> Piece {
    let whole: Vec<&str> = r
        .transcripts
        .iter()
        .map(|t| t.transcript.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let found = doc.locate(&[
        Step::Key("results"),
        Step::Key("transcripts"),
        Step::Any,
        Step::Key("transcript"),
    ]);
    let (text, line, segments) = jsonpos::positioned(whole.join(" "), found.first());
    let mut p = Piece::new(None, text, line);
    if whole.len() == 1 {
        p.segments = segments;
    }
    p
}

/// Reads an AWS Post-Call Analytics parsed file.
fn read_pca(doc: &JsonDoc, options: &ReadOptions) -> Result<Transcript, Error> {
    let parsed: PcaDoc = doc.convert(Format::AwsTranscribe)?;
    let mut draft = Draft::speech(doc.id);
    let roles = match &parsed.analytics {
        Some(a) => pca_analytics(a, &mut draft.transcript),
        None => HashMap::new(),
    };
    let found = doc.locate(&[
        Step::Key("SpeechSegments"),
        Step::Any,
        Step::Key("DisplayText"),
    ]);
    let pos = by_first_index(&found);
    draft.pieces = parsed
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
            p.start = s.start.seconds();
            p.end = s.end.seconds();
            p.role = s.speaker.as_ref().and_then(|l| roles.get(l).cloned());
            p
        })
        .collect();
    draft.finish(options)
}

/// Fills the metadata from `ConversationAnalytics` and returns the roles its
/// `SpeakerLabels` state, by speaker label.
fn pca_analytics(a: &PcaAnalytics, t: &mut Transcript) -> HashMap<String, (Speaker, String)> {
    // The sample solution writes "None" for values it does not know.
    let real = |v: &Option<String>| v.clone().filter(|s| !s.is_empty() && s != "None");
    t.metadata.locale = real(&a.language_code);
    t.metadata.agent = real(&a.agent);
    if let Some(g) = real(&a.guid) {
        t.metadata.extra.insert("guid".into(), g.into());
    }
    if let Some(when) = real(&a.conversation_time) {
        t.metadata.insert("date", when.into());
    }
    a.speaker_labels
        .iter()
        .filter_map(|l| {
            let role = Speaker::known_role(&l.display)?;
            let how = format!(
                "explicit: ConversationAnalytics.SpeakerLabels names it \"{}\"",
                l.display
            );
            Some((l.speaker.clone(), (role, how)))
        })
        .collect()
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
    begin: Millis,
    #[serde(rename = "EndOffsetMillis", default)]
    end: Millis,
    #[serde(rename = "AbsoluteTime", default)]
    absolute: Option<String>,
    #[serde(rename = "Type", default)]
    kind: Option<String>,
    #[serde(rename = "ContentType", default)]
    content_type: Option<String>,
}

impl ClEntry {
    /// Whether the entry is a chat event (joined, left, ended) rather than a message.
    fn is_event(&self) -> bool {
        self.kind
            .as_deref()
            .is_some_and(|k| !k.eq_ignore_ascii_case("MESSAGE"))
            || self
                .content_type
                .as_deref()
                .is_some_and(|c| c.starts_with("application/vnd.amazonaws.connect.event"))
    }
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
/// JSON without `Transcript` (with a hint when it is another dialect), a time out of
/// range, or a transcript of events only.
pub(crate) fn read_contact_lens(doc: &JsonDoc, options: &ReadOptions) -> Result<Transcript, Error> {
    let parsed: ClDoc = doc.convert(Format::ContactLens)?;
    let mut draft = Draft::new(doc.id);
    let t = &mut draft.transcript;
    t.channel = parsed.channel.as_ref().map(|c| c.to_lowercase());
    t.metadata.locale = parsed.language_code.clone();
    if let Some(c) = parsed.customer_metadata.and_then(|m| m.contact_id) {
        t.metadata.extra.insert("contact_id".into(), c.into());
    }
    if let Some(j) = parsed.job_name {
        t.metadata.extra.insert("job_name".into(), j.into());
    }
    let participant_role = cl_participants(&parsed.participants, t);
    let found = doc.locate(&[Step::Key("Transcript"), Step::Any, Step::Key("Content")]);
    let pos = by_first_index(&found);
    // Chat times are relative to the earliest `AbsoluteTime`, which also dates the contact.
    let origin = parsed
        .transcript
        .iter()
        .filter_map(|e| e.absolute.as_deref().and_then(parse_iso))
        .min_by(f64::total_cmp);
    if let Some(date) = origin.and_then(|o| epoch_to_iso(o, 1.0)) {
        draft.transcript.metadata.date = Some(date);
    }
    for (i, e) in parsed.transcript.into_iter().enumerate() {
        if e.is_event() {
            continue;
        }
        let Some(content) = e.content.clone() else {
            continue;
        };
        let role = e.role.as_deref().or_else(|| {
            e.participant
                .as_deref()
                .and_then(|p| participant_role.get(p).copied())
        });
        let (text, line, segments) = jsonpos::positioned(content, pos.get(&i).copied());
        let label = e
            .participant
            .clone()
            .or_else(|| e.role.clone())
            .or_else(|| e.name.clone())
            .unwrap_or_else(|| "unknown".to_string());
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
        let since_origin = |s: Option<&str>| Some(round_ms(parse_iso(s?)? - origin?));
        p.start = e
            .begin
            .seconds()
            .or_else(|| since_origin(e.absolute.as_deref()));
        p.end = e.end.seconds();
        draft.pieces.push(p);
    }
    if draft.pieces.is_empty() && !found.is_empty() {
        return Err(doc.error("the Contact Lens transcript holds only events, no messages"));
    }
    draft.finish(options)
}

/// The role name of each participant id; fills `metadata.agent` and
/// `metadata.customer_name` from the display names of the agent and the customer.
fn cl_participants<'p>(
    participants: &'p [ClParticipant],
    t: &mut Transcript,
) -> HashMap<&'p str, &'p str> {
    let mut roles = HashMap::new();
    for p in participants {
        let Some(role) = p.role.as_deref() else {
            continue;
        };
        if let Some(id) = p.id.as_deref() {
            roles.insert(id, role);
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
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transcribe(text: &str) -> Result<Transcript, Error> {
        read_transcribe(&JsonDoc::parse(text, "a.json")?, &ReadOptions::default())
    }

    #[test]
    fn transcribe_speakers_from_segments_only() {
        let doc = r#"{"results":{"transcripts":[{"transcript":"Hello. Hi."}],
"speaker_labels":{"segments":[{"start_time":"0.0","end_time":"1.0","speaker_label":"spk_0"},{"start_time":"1.5","end_time":"2.0","speaker_label":"spk_1"}]},
"items":[{"start_time":"0.1","end_time":"0.5","alternatives":[{"content":"Hello"}],"type":"pronunciation"},
{"alternatives":[{"content":"."}],"type":"punctuation"},
{"start_time":"1.6","end_time":"1.9","alternatives":[{"content":"Hi"}],"type":"pronunciation"},
{"alternatives":[{"content":"."}],"type":"punctuation"}]}}"#;
        let t = transcribe(doc).unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "Hello.");
        assert_eq!(t.turns[1].text, "Hi.");
        assert_eq!(t.turns[1].start, Some(1.6));
        assert_eq!(t.speakers[1].label, "spk_1");
        assert_eq!(t.turns[1].line, 5);
    }

    #[test]
    fn transcript_only() {
        let t = transcribe(
            r#"{"results":{"transcripts":[{"transcript":" Thanks for calling. "}],"items":[]}}"#,
        )
        .unwrap();
        assert_eq!(t.turns.len(), 1);
        assert_eq!(t.turns[0].text, "Thanks for calling.");
        assert_eq!(t.turns[0].speaker, Speaker::Other("speaker".into()));
    }

    #[test]
    fn wrong_dialect_hint() {
        let text = r#"{"results":{"channels":[]},"metadata":{"request_id":"x"}}"#;
        let doc = JsonDoc::parse(text, "d.json").unwrap();
        let e = read_contact_lens(&doc, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("--input-format deepgram"), "{e}");
    }
}
