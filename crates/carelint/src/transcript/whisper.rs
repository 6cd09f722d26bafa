//! OpenAI Whisper transcription JSON.
//!
//! - `verbose_json` (and the open-source `whisper` CLI's `--output_format json`,
//!   whisper-timestamped, WhisperX): `segments[]` with `start`, `end`, `text`, and with
//!   diarisation a `speaker` (`"A"`, `"agent"`, `"SPEAKER_00"`).
//! - `diarized_json`: the same `segments[]` with `speaker`.
//! - `json` (text only): `{"text": "..."}`.
//!
//! With speakers, consecutive segments of a speaker merge into one turn, and labels become
//! roles as described in [`speakers`](super::speakers) (`agent` names the role; `A`, `B`
//! are decided by `--speaker-map` or the greeting heuristic). **Without speakers** the
//! whole transcript is one turn by an unknown speaker labelled `speaker`
//! ([`Speaker::Other`](super::Speaker::Other)): carelint cannot tell the agent's words
//! from the customer's, so agent-only rules do not run on it. If the recording has only
//! the agent's channel, say so with `--speaker-map speaker=agent`.
//!
//! `language` fills `metadata.locale` when it is a code (`en`, `en-US`), else
//! `metadata.extra.language` (`"english"`).

use serde::Deserialize;

use super::json_doc::{JsonDoc, Label, Seconds};
use super::jsonpos::{self, by_first_index, Step};
use super::speakers::{Draft, Piece};
use super::{Format, ReadOptions, Transcript};
use crate::error::Error;

#[derive(Deserialize)]
struct Doc {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    segments: Vec<Segment>,
    #[serde(default)]
    language: Option<String>,
}

#[derive(Deserialize)]
struct Segment {
    #[serde(default)]
    start: Seconds,
    #[serde(default)]
    end: Seconds,
    #[serde(default)]
    text: String,
    #[serde(default)]
    speaker: Option<Label>,
}

/// Reads a Whisper JSON result.
///
/// # Errors
///
/// A value of the wrong type (a time that is not a number), a time out of range, or a
/// segment that ends before it starts, with its position.
pub(crate) fn read(doc: &JsonDoc, options: &ReadOptions) -> Result<Transcript, Error> {
    let parsed: Doc = doc.convert(Format::Whisper)?;
    let mut draft = Draft::speech(doc.id);
    if let Some(lang) = parsed.language.filter(|l| !l.is_empty()) {
        let code_like = lang.len() <= 3 && lang.bytes().all(|b| b.is_ascii_lowercase())
            || lang.len() == 5 && lang.as_bytes().get(2) == Some(&b'-');
        let meta = &mut draft.transcript.metadata;
        if code_like {
            meta.locale = Some(lang);
        } else {
            meta.extra.insert("language".into(), lang.into());
        }
    }
    draft.pieces = if parsed.segments.is_empty() {
        let found = doc.locate(&[Step::Key("text")]);
        let (s, line, segments) =
            jsonpos::positioned(parsed.text.unwrap_or_default(), found.first());
        let mut p = Piece::new(None, s, line);
        p.segments = segments;
        vec![p]
    } else {
        let found = doc.locate(&[Step::Key("segments"), Step::Any, Step::Key("text")]);
        let pos = by_first_index(&found);
        parsed
            .segments
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let (text, line, segments) = jsonpos::positioned(s.text, pos.get(&i).copied());
                let label = s
                    .speaker
                    .map(|l| l.0.trim().to_string())
                    .filter(|l| !l.is_empty());
                let mut p = Piece::new(label, text, line);
                p.segments = segments;
                p.start = s.start.seconds();
                p.end = s.end.seconds();
                p
            })
            .collect()
    };
    draft.finish(options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Speaker;

    #[test]
    fn text_only_and_numbers_as_labels() {
        let p = |text: &str| {
            read(
                &JsonDoc::parse(text, "w.json").unwrap(),
                &ReadOptions::default(),
            )
        };
        let t = p(r#"{"text":" Hello there."}"#).unwrap();
        assert_eq!(t.turns[0].text, "Hello there.");
        assert_eq!(t.turns[0].position(0), (1, 11));
        assert_eq!(t.turns[0].speaker, Speaker::Other("speaker".into()));
        let t = p(r#"{"segments":[{"start":0,"end":1,"text":" Hi, how can I help?","speaker":1},{"start":1,"end":2,"text":"My bill.","speaker":0}],"language":"en"}"#).unwrap();
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(t.turns[1].speaker, Speaker::Customer);
        assert_eq!(t.metadata.locale.as_deref(), Some("en"));
    }
}
