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

use super::json_doc::{JsonDoc, Seconds};
use super::jsonpos::{self, by_first_index, Found, Step};
use super::speakers::{check_word_times, words_to_pieces, Draft, Piece, Word};
use super::{Format, ReadOptions, Transcript};
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
    #[serde(default)]
    created: Option<String>,
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
    start: Seconds,
    #[serde(default)]
    end: Seconds,
    #[serde(default)]
    speaker: Option<u64>,
}

#[derive(Deserialize)]
struct Utterance {
    #[serde(default)]
    start: Seconds,
    #[serde(default)]
    end: Seconds,
    #[serde(default)]
    transcript: String,
    #[serde(default)]
    speaker: Option<u64>,
    #[serde(default)]
    channel: Option<u64>,
}

/// How pieces are labelled: by speaker number, else (in a multichannel result) by channel.
#[derive(Clone, Copy)]
struct Labels {
    multichannel: bool,
}

impl Labels {
    fn of(self, speaker: Option<u64>, channel: Option<u64>) -> Option<String> {
        match (speaker, channel) {
            (Some(s), _) => Some(s.to_string()),
            (None, Some(c)) if self.multichannel => Some(format!("ch_{c}")),
            _ => None,
        }
    }
}

/// Reads a Deepgram response.
///
/// # Errors
///
/// A missing `results`, a value of the wrong type, a time out of range, or a word that
/// ends before it starts, with its position.
pub(crate) fn read(doc: &JsonDoc, options: &ReadOptions) -> Result<Transcript, Error> {
    let parsed: Doc = doc.convert(Format::Deepgram)?;
    let mut draft = Draft::speech(doc.id);
    let meta = &mut draft.transcript.metadata;
    if let Some(m) = parsed.metadata {
        if let Some(r) = m.request_id {
            meta.extra.insert("request_id".into(), r.into());
        }
        if let Some(created) = m.created {
            meta.insert("date", created.into());
        }
    }
    let r = parsed.results;
    meta.locale = r.channels.iter().find_map(|c| c.detected_language.clone());
    let labels = Labels {
        multichannel: r.channels.len() > 1,
    };
    let any_words = r
        .channels
        .iter()
        .any(|c| c.alternatives.first().is_some_and(|a| !a.words.is_empty()));
    match r.utterances.filter(|u| !u.is_empty()) {
        Some(utterances) => {
            draft.channels = labels.multichannel && utterances.iter().all(|u| u.speaker.is_none());
            draft.pieces = utterance_pieces(doc, utterances, labels);
        }
        None if any_words => {
            let words = channel_words(doc, &r.channels, labels);
            check_word_times(&words, doc.id)?;
            draft.channels = labels.multichannel
                && words
                    .iter()
                    .all(|w| w.label.as_deref().is_some_and(|l| l.starts_with("ch_")));
            draft.pieces = words_to_pieces(words);
        }
        None => {
            draft.channels = labels.multichannel;
            draft.pieces = r
                .channels
                .iter()
                .enumerate()
                .filter_map(|(c, ch)| {
                    let alt = ch.alternatives.first()?;
                    let label = labels.of(None, Some(c as u64));
                    Some(Piece::new(label, alt.transcript.trim().to_string(), 1))
                })
                .collect();
        }
    }
    draft.finish(options)
}

/// One piece per utterance, positioned at its `transcript`.
fn utterance_pieces(doc: &JsonDoc, utterances: Vec<Utterance>, labels: Labels) -> Vec<Piece> {
    let found = doc.locate(&[
        Step::Key("results"),
        Step::Key("utterances"),
        Step::Any,
        Step::Key("transcript"),
    ]);
    let pos = by_first_index(&found);
    utterances
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            let (s, line, segments) = jsonpos::positioned(u.transcript, pos.get(&i).copied());
            let mut p = Piece::new(labels.of(u.speaker, u.channel), s, line);
            p.segments = segments;
            p.start = u.start.seconds();
            p.end = u.end.seconds();
            p
        })
        .collect()
}

/// The words of each channel's first alternative (`punctuated_word` when present),
/// positioned at their text.
fn channel_words(doc: &JsonDoc, channels: &[Channel], labels: Labels) -> Vec<Word> {
    let positions = |key: &'static str| -> HashMap<(usize, usize), (usize, usize)> {
        let found = doc.locate(&[
            Step::Key("results"),
            Step::Key("channels"),
            Step::Any,
            Step::Key("alternatives"),
            Step::Any,
            Step::Key("words"),
            Step::Any,
            Step::Key(key),
        ]);
        found
            .iter()
            .filter(|f: &&Found| f.indices.get(1) == Some(&0))
            .filter_map(|f| match f.indices.as_slice() {
                [c, _, w] => Some(((*c, *w), (f.line, f.column))),
                _ => None,
            })
            .collect()
    };
    let (pos_punctuated, pos_plain) = (positions("punctuated_word"), positions("word"));
    let mut words = Vec::new();
    for (c, ch) in channels.iter().enumerate() {
        let Some(alt) = ch.alternatives.first() else {
            continue;
        };
        for (w, word) in alt.words.iter().enumerate() {
            let (text, pos) = match &word.punctuated_word {
                Some(p) => (p.clone(), pos_punctuated.get(&(c, w))),
                None => (word.word.clone(), pos_plain.get(&(c, w))),
            };
            let (line, column) = pos.copied().unwrap_or((1, 1));
            words.push(Word {
                label: labels.of(word.speaker, Some(c as u64)),
                text,
                punctuation: false,
                start: word.start.seconds(),
                end: word.end.seconds(),
                line,
                column,
            });
        }
    }
    words
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
        let t = read(
            &JsonDoc::parse(doc, "d.json").unwrap(),
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "Thanks for calling.");
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(t.turns[1].speaker, Speaker::Customer);
        assert_eq!(t.turns[1].line, 5);
        assert_eq!(t.metadata.extra["request_id"], "r1");
    }
}
