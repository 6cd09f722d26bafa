//! Deepgram pre-recorded (`/v1/listen`) response JSON.
//!
//! - With `utterances=true`: each of `results.utterances[]` is a piece with its `speaker`
//!   (a number, with `diarize=true`), `start`, `end` and `transcript`.
//! - Without utterances: the words of `results.channels[].alternatives[0].words[]`
//!   (`punctuated_word` when present) are grouped by `speaker` into phrases.
//! - Without speakers, a multichannel result (`multichannel=true`) labels each channel
//!   `ch_0`, `ch_1` (agent channel: `ch_0` unless configured); a single channel without
//!   speakers is one unknown speaker, as for [Whisper](super::whisper).
//!
//! Consecutive pieces of the same speaker merge into one turn. Speaker labels are the
//! numbers as written (`0`, `1`): map them with `--speaker-map 0=agent`, or let the
//! [greeting heuristic](super::speakers) decide; a third speaker keeps its label
//! (`speaker 2`). `metadata.request_id` is kept in `metadata.extra.request_id`; the
//! detected language fills `metadata.locale`.

use serde::Deserialize;
use std::collections::HashMap;

use super::aws::Num;
use super::json::json_error;
use super::jsonpos::{self, locate, Found, Step};
use super::speakers::{build_turns, words_to_pieces, Piece, Word};
use super::{ReadOptions, Transcript};
use crate::error::Error;

#[derive(Deserialize)]
struct Doc {
    #[serde(default)]
    metadata: Option<Meta>,
    results: Results,
}

#[derive(Deserialize)]
struct Meta {
    #[serde(default)]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct Results {
    #[serde(default)]
    channels: Vec<Channel>,
    #[serde(default)]
    utterances: Option<Vec<Utterance>>,
}

#[derive(Deserialize)]
struct Channel {
    #[serde(default)]
    alternatives: Vec<Alternative>,
    #[serde(default)]
    detected_language: Option<String>,
}

#[derive(Deserialize)]
struct Alternative {
    #[serde(default)]
    transcript: String,
    #[serde(default)]
    words: Vec<DgWord>,
}

#[derive(Deserialize)]
struct DgWord {
    #[serde(default)]
    word: String,
    #[serde(default)]
    punctuated_word: Option<String>,
    #[serde(default)]
    start: Num,
    #[serde(default)]
    end: Num,
    #[serde(default)]
    speaker: Option<u64>,
}

#[derive(Deserialize)]
struct Utterance {
    #[serde(default)]
    start: Num,
    #[serde(default)]
    end: Num,
    #[serde(default)]
    transcript: String,
    #[serde(default)]
    speaker: Option<u64>,
    #[serde(default)]
    channel: Option<u64>,
}

/// Reads a Deepgram response.
///
/// # Errors
///
/// Invalid JSON, a missing `results`, or a value of the wrong type, with its position.
pub fn parse(text: &str, id: &str, options: &ReadOptions) -> Result<Transcript, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Doc = serde_json::from_str(text).map_err(|e| json_error(&e, text, id, 0, None))?;
    let mut t = Transcript::new(id, Vec::new());
    t.channel = Some("voice".to_string());
    if let Some(r) = doc.metadata.and_then(|m| m.request_id) {
        t.metadata.extra.insert("request_id".into(), r.into());
    }
    let r = doc.results;
    t.metadata.locale = r.channels.iter().find_map(|c| c.detected_language.clone());
    let multichannel = r.channels.len() > 1;
    let label_for = |speaker: Option<u64>, channel: Option<u64>| match (speaker, channel) {
        (Some(s), _) => Some(s.to_string()),
        (None, Some(c)) if multichannel => Some(format!("ch_{c}")),
        _ => None,
    };
    let channels_mode;
    let pieces: Vec<Piece> = match r.utterances.filter(|u| !u.is_empty()) {
        Some(utterances) => {
            let found = locate(
                text,
                1,
                &[
                    Step::Key("results"),
                    Step::Key("utterances"),
                    Step::Any,
                    Step::Key("transcript"),
                ],
            );
            let pos: HashMap<usize, &Found> = found
                .iter()
                .filter_map(|f| f.indices.first().map(|&i| (i, f)))
                .collect();
            channels_mode = multichannel && utterances.iter().all(|u| u.speaker.is_none());
            utterances
                .into_iter()
                .enumerate()
                .map(|(i, u)| {
                    let (s, line, segments) =
                        jsonpos::positioned(u.transcript, pos.get(&i).copied());
                    let mut p = Piece::new(label_for(u.speaker, u.channel), s, line);
                    p.segments = segments;
                    p.start = u.start.0;
                    p.end = u.end.0;
                    p
                })
                .collect()
        }
        None => {
            let path = |key: &'static str| {
                locate(
                    text,
                    1,
                    &[
                        Step::Key("results"),
                        Step::Key("channels"),
                        Step::Any,
                        Step::Key("alternatives"),
                        Step::Any,
                        Step::Key("words"),
                        Step::Any,
                        Step::Key(key),
                    ],
                )
            };
            let found_p = path("punctuated_word");
            let found_w = path("word");
            let index = |found: &[Found]| -> HashMap<(usize, usize), (usize, usize)> {
                found
                    .iter()
                    .filter(|f| f.indices.get(1) == Some(&0))
                    .filter_map(|f| match f.indices.as_slice() {
                        [c, _, w] => Some(((*c, *w), (f.line, f.column))),
                        _ => None,
                    })
                    .collect()
            };
            let (pos_p, pos_w) = (index(&found_p), index(&found_w));
            let any_words = r
                .channels
                .iter()
                .any(|c| c.alternatives.first().is_some_and(|a| !a.words.is_empty()));
            if any_words {
                let mut words = Vec::new();
                for (c, ch) in r.channels.iter().enumerate() {
                    let Some(alt) = ch.alternatives.first() else {
                        continue;
                    };
                    for (w, word) in alt.words.iter().enumerate() {
                        let (text, pos) = match &word.punctuated_word {
                            Some(p) => (p.clone(), pos_p.get(&(c, w))),
                            None => (word.word.clone(), pos_w.get(&(c, w))),
                        };
                        let (line, column) = pos.copied().unwrap_or((1, 1));
                        words.push(Word {
                            label: label_for(word.speaker, Some(c as u64)),
                            text,
                            punctuation: false,
                            start: word.start.0,
                            end: word.end.0,
                            line,
                            column,
                        });
                    }
                }
                channels_mode = multichannel
                    && words
                        .iter()
                        .all(|w| w.label.as_deref().is_some_and(|l| l.starts_with("ch_")));
                words_to_pieces(words)
            } else {
                channels_mode = multichannel;
                r.channels
                    .iter()
                    .enumerate()
                    .filter_map(|(c, ch)| {
                        let alt = ch.alternatives.first()?;
                        let label = label_for(None, Some(c as u64));
                        Some(Piece::new(label, alt.transcript.trim().to_string(), 1))
                    })
                    .collect()
            }
        }
    };
    let (turns, speakers) = build_turns(pieces, true, channels_mode, options);
    t.turns = turns;
    t.speakers = speakers;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Speaker;

    #[test]
    fn words_with_speakers() {
        let doc = r#"{"metadata":{"request_id":"r1"},"results":{"channels":[{"alternatives":[{"transcript":"x","words":[
{"word":"thanks","punctuated_word":"Thanks","start":0.1,"end":0.2,"speaker":0},
{"word":"for","punctuated_word":"for","start":0.2,"end":0.3,"speaker":0},
{"word":"calling","punctuated_word":"calling.","start":0.3,"end":0.4,"speaker":0},
{"word":"hi","punctuated_word":"Hi.","start":0.5,"end":0.6,"speaker":1}]}]}]}}"#;
        let t = parse(doc, "d.json", &ReadOptions::default()).unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "Thanks for calling.");
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(t.turns[1].speaker, Speaker::Customer);
        assert_eq!(t.turns[1].line, 5);
        assert_eq!(t.metadata.extra["request_id"], "r1");
    }
}
