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

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

use super::aws::Num;
use super::json::json_error;
use super::jsonpos::{self, locate, Found, Step};
use super::speakers::{build_turns, Piece};
use super::{ReadOptions, Transcript};
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
    start: Num,
    #[serde(default)]
    end: Num,
    #[serde(default)]
    text: String,
    #[serde(default)]
    speaker: Option<Label>,
}

/// A speaker label written as a string or a number.
pub(crate) struct Label(pub String);

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Label, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Label;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a speaker label (string or number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a Whisper JSON result.
///
/// # Errors
///
/// Invalid JSON, or a value of the wrong type, with its position.
pub fn parse(text: &str, id: &str, options: &ReadOptions) -> Result<Transcript, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Doc = serde_json::from_str(text).map_err(|e| json_error(&e, text, id, 0, None))?;
    let mut t = Transcript::new(id, Vec::new());
    t.channel = Some("voice".to_string());
    if let Some(lang) = doc.language.filter(|l| !l.is_empty()) {
        let code_like = lang.len() <= 3 && lang.bytes().all(|b| b.is_ascii_lowercase())
            || lang.len() == 5 && lang.as_bytes().get(2) == Some(&b'-');
        if code_like {
            t.metadata.locale = Some(lang);
        } else {
            t.metadata.extra.insert("language".into(), lang.into());
        }
    }
    let pieces: Vec<Piece> = if doc.segments.is_empty() {
        let found = locate(text, 1, &[Step::Key("text")]);
        let (s, line, segments) = jsonpos::positioned(doc.text.unwrap_or_default(), found.first());
        let mut p = Piece::new(None, s, line);
        p.segments = segments;
        vec![p]
    } else {
        let found = locate(
            text,
            1,
            &[Step::Key("segments"), Step::Any, Step::Key("text")],
        );
        let pos: HashMap<usize, &Found> = found
            .iter()
            .filter_map(|f| f.indices.first().map(|&i| (i, f)))
            .collect();
        doc.segments
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
                p.start = s.start.0;
                p.end = s.end.0;
                p
            })
            .collect()
    };
    let (turns, speakers) = build_turns(pieces, true, false, options);
    t.turns = turns;
    t.speakers = speakers;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Speaker;

    #[test]
    fn text_only_and_numbers_as_labels() {
        let t = parse(
            r#"{"text":" Hello there."}"#,
            "w.json",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(t.turns[0].text, "Hello there.");
        assert_eq!(t.turns[0].position(0), (1, 11));
        assert_eq!(t.turns[0].speaker, Speaker::Other("speaker".into()));
        let t = parse(
            r#"{"segments":[{"start":0,"end":1,"text":" Hi, how can I help?","speaker":1},{"start":1,"end":2,"text":"My bill.","speaker":0}],"language":"en"}"#,
            "w.json",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(t.turns[1].speaker, Speaker::Customer);
        assert_eq!(t.metadata.locale.as_deref(), Some("en"));
    }
}
