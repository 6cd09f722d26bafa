//! The canonical carelint JSON format: one transcript object, or an array of them.
//!
//! ```json
//! {"id": "call-0042", "channel": "voice",
//!  "metadata": {"agent": "Maria", "customer_name": "Priya", "customer_timezone": "Asia/Kolkata"},
//!  "turns": [{"speaker": "agent", "text": "Thank you for calling.", "start": 0.0, "end": 2.1},
//!            {"speaker": "customer", "text": "Hi, my router keeps dropping."}]}
//! ```
//!
//! The schema is published as `docs/transcript.schema.json`. Keys this reader does not
//! know are kept: at the top level (such as `source` and `meta`) in
//! [`Metadata::extra`](super::Metadata::extra); on a turn (such as `meta`) they are accepted
//! and ignored. Each turn's position is the position of its `text` string in the file, so
//! findings point into the JSON source.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

use super::jsonpos::{self, Found, Step};
use super::speakers::configured_role;
use super::{Metadata, ReadOptions, Speaker, Transcript, TranscriptKind, Turn};
use crate::error::Error;

/// A transcript as written in the canonical format, before positions and roles.
#[derive(Debug, Default)]
pub(crate) struct RawTranscript {
    id: Option<String>,
    channel: Option<String>,
    kind: Option<TranscriptKind>,
    metadata: Option<Metadata>,
    turns: Vec<RawTurn>,
    extra: Vec<(String, serde_json::Value)>,
}

/// A turn as written.
#[derive(Debug, Deserialize)]
struct RawTurn {
    speaker: String,
    text: String,
    #[serde(default)]
    start: Option<f64>,
    #[serde(default)]
    end: Option<f64>,
}

/// An id written as a string or a number.
struct Id(String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawTranscript {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawTranscript, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawTranscript;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a transcript object with a `turns` array")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTranscript, A::Error> {
                let mut t = RawTranscript::default();
                let mut has_turns = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "id" => t.id = map.next_value::<Option<Id>>()?.map(|i| i.0),
                        "channel" => t.channel = map.next_value()?,
                        "kind" => t.kind = map.next_value()?,
                        "metadata" => t.metadata = map.next_value()?,
                        "turns" => {
                            t.turns = map.next_value()?;
                            has_turns = true;
                        }
                        _ => {
                            let v: serde_json::Value = map.next_value()?;
                            t.extra.push((key, v));
                        }
                    }
                }
                if !has_turns {
                    return Err(de::Error::missing_field("turns"));
                }
                Ok(t)
            }
        }
        d.deserialize_map(V)
    }
}

/// Paths of turn texts: in a single object, and in an array of objects.
const SINGLE: &[Step] = &[Step::Key("turns"), Step::Any, Step::Key("text")];
const ARRAY: &[Step] = &[Step::Any, Step::Key("turns"), Step::Any, Step::Key("text")];

/// Parses a canonical JSON document: one transcript object or an array of them.
///
/// A transcript without an `id` gets `id` (the path) for a single object, and `id#N`
/// (1-based) for the N-th element of an array.
///
/// # Errors
///
/// Invalid JSON, a missing `turns`, a turn without `speaker` or `text`, or a value of the
/// wrong type is an error with the line and column serde reports.
pub fn parse(text: &str, id: &str, options: &ReadOptions) -> Result<Vec<Transcript>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_array = text.trim_start().starts_with('[');
    if is_array {
        let raws: Vec<RawTranscript> =
            serde_json::from_str(text).map_err(|e| json_error(&e, text, id, 0, hint(text)))?;
        let found = jsonpos::locate(text, 1, ARRAY);
        let mut per: Vec<Vec<&Found>> = raws
            .iter()
            .map(|r| Vec::with_capacity(r.turns.len()))
            .collect();
        for f in &found {
            if let (Some(&t), Some(_)) = (f.indices.first(), f.indices.get(1)) {
                if let Some(v) = per.get_mut(t) {
                    v.push(f);
                }
            }
        }
        Ok(raws
            .into_iter()
            .zip(per)
            .enumerate()
            .map(|(n, (raw, found))| build(raw, || format!("{id}#{}", n + 1), &found, 1, options))
            .collect())
    } else {
        let raw: RawTranscript =
            serde_json::from_str(text).map_err(|e| json_error(&e, text, id, 0, hint(text)))?;
        let found = jsonpos::locate(text, 1, SINGLE);
        let found: Vec<&Found> = found.iter().collect();
        Ok(vec![build(raw, || id.to_string(), &found, 1, options)])
    }
}

/// For a document that is not canonical JSON: a hint naming the dialect it looks like.
fn hint(text: &str) -> Option<String> {
    match super::detect::json_dialect(text) {
        Ok(f) if f != super::Format::Json => Some(format!(
            "this looks like {} JSON; use `--input-format {}` or `auto`",
            f.title(),
            f.name()
        )),
        _ => None,
    }
}

/// Parses one transcript object from `src` (a JSON Lines record at line `line`).
pub(crate) fn parse_one(
    src: &str,
    line: usize,
    default_id: impl FnOnce() -> String,
    path: &str,
    options: &ReadOptions,
) -> Result<Transcript, Error> {
    let raw: RawTranscript = serde_json::from_str(src).map_err(|e| {
        let hint = "each line of a JSON Lines file must be one transcript object".to_string();
        json_error(&e, src, path, line - 1, Some(hint))
    })?;
    let found = jsonpos::locate(src, line, SINGLE);
    let found: Vec<&Found> = found.iter().collect();
    Ok(build(raw, default_id, &found, line, options))
}

/// Builds a transcript from its raw form and the positions of its turn texts (in order).
fn build(
    raw: RawTranscript,
    default_id: impl FnOnce() -> String,
    found: &[&Found],
    line: usize,
    options: &ReadOptions,
) -> Transcript {
    let mut metadata = raw.metadata.unwrap_or_default();
    for (key, value) in raw.extra {
        let as_text = || match &value {
            serde_json::Value::String(s) => Some(s.clone()),
            _ => None,
        };
        let slot = match key.as_str() {
            "agent" => Some(&mut metadata.agent),
            "customer_name" => Some(&mut metadata.customer_name),
            "customer_timezone" => Some(&mut metadata.customer_timezone),
            "locale" => Some(&mut metadata.locale),
            _ => None,
        };
        match slot {
            Some(slot) if slot.is_none() && as_text().is_some() => *slot = as_text(),
            _ => {
                metadata.extra.entry(key).or_insert(value);
            }
        }
    }
    let turns = raw
        .turns
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let speaker = configured_role(&t.speaker, options)
                .map(|(s, _)| s)
                .unwrap_or_else(|| Speaker::from_label(&t.speaker));
            let mut text = t.text;
            jsonpos::normalise_newlines(&mut text);
            let (line, segments) = match found.get(i) {
                Some(f) => (f.line, jsonpos::segments_for(&text, f)),
                None => (line, Vec::new()),
            };
            Turn {
                speaker,
                text,
                start: t.start,
                end: t.end,
                line,
                segments,
            }
        })
        .collect();
    Transcript {
        id: raw.id.unwrap_or_else(default_id),
        channel: raw.channel,
        kind: raw.kind.unwrap_or_default(),
        metadata,
        turns,
        speakers: Vec::new(),
    }
}

/// Converts a serde_json error into a parse error at the right line and column (in
/// characters). `line_offset` is added to serde's line (for a JSON Lines record).
pub(crate) fn json_error(
    e: &serde_json::Error,
    src: &str,
    path: &str,
    line_offset: usize,
    hint: Option<String>,
) -> Error {
    let mut message = e.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let mut message = match e.classify() {
        serde_json::error::Category::Eof => {
            "unexpected end of the JSON: the file is truncated or a closing bracket or quote is missing"
                .to_string()
        }
        serde_json::error::Category::Syntax => format!("invalid JSON: {message}"),
        _ => format!("not a valid transcript: {message}"),
    };
    if let Some(h) = hint {
        message.push_str("; ");
        message.push_str(&h);
    }
    let (line, column) = (e.line().max(1), e.column());
    let column = char_column(src, line, column);
    Error::parse(path, line + line_offset, column, message)
}

/// Converts serde_json's 1-based byte column on `line` of `src` to a character column.
fn char_column(src: &str, line: usize, byte_col: usize) -> usize {
    let Some(text) = src.split('\n').nth(line - 1) else {
        return byte_col.max(1);
    };
    let mut end = byte_col.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end)
        .map_or(byte_col, |p| p.chars().count())
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Vec<Transcript>, Error> {
        parse(text, "t.json", &ReadOptions::default())
    }

    #[test]
    fn single_object_with_extra_keys() {
        let t = &p(r#"{"id":"c1","channel":"chat","source":"star","meta":{"x":1},
"metadata":{"customer_name":"Priya","queue":"billing"},
"turns":[{"speaker":"agent","text":"Hi","meta":{"template":true}},{"speaker":"caller","text":"Yo\r\nthere","start":1.5}]}"#)
        .unwrap()[0];
        assert_eq!(t.id, "c1");
        assert_eq!(t.metadata.extra["source"], "star");
        assert_eq!(t.metadata.extra["queue"], "billing");
        assert_eq!(t.metadata.customer_name.as_deref(), Some("Priya"));
        assert_eq!(t.turns[1].speaker, Speaker::Customer);
        assert_eq!(t.turns[1].text, "Yo\nthere");
        assert_eq!(t.turns[1].start, Some(1.5));
        assert_eq!(t.turns[0].line, 3);
        // "Hi" starts after `{"speaker":"agent","text":"` on line 3.
        assert_eq!(t.turns[0].position(0), (3, 37));
    }

    #[test]
    fn array_ids_and_errors() {
        let ts = p(r#"[{"turns":[]},{"turns":[{"speaker":"agent","text":"x"}]}]"#).unwrap();
        assert_eq!(ts[0].id, "t.json#1");
        assert_eq!(ts[1].turns[0].text, "x");
        let e = p("{\"turns\": [{\"speaker\": \"agent\"}]}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing field `text`"), "{e}");
        let e = p("{\n  \"turns\": [\n").unwrap_err().to_string();
        assert!(e.starts_with("t.json:3:"), "{e}");
        assert!(e.contains("truncated"), "{e}");
        let e = p(r#"{"kind":"memo","turns":[]}"#).unwrap_err().to_string();
        assert!(e.contains("unknown variant `memo`"), "{e}");
    }
}
