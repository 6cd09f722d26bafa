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
use serde_json::value::RawValue;
use std::fmt;

use super::json_doc::{json_error, JsonDoc, Label};
use super::jsonpos::{self, Found, Step};
use super::speakers::configured_role;
use super::time::{order_problem, seconds_problem};
use super::{Format, Metadata, ReadOptions, Speaker, Transcript, TranscriptKind, Turn};
use crate::error::Error;

/// A transcript as written in the canonical format, before positions and roles. `T` is
/// a turn's text: decoded (`String`), or the JSON string as written, borrowed from the
/// source (`&RawValue`), where its position is known without a second scan.
#[derive(Debug)]
pub(crate) struct RawTranscript<T = String> {
    id: Option<String>,
    channel: Option<String>,
    kind: Option<TranscriptKind>,
    metadata: Option<Metadata>,
    turns: Vec<RawTurn<T>>,
    extra: Vec<(String, serde_json::Value)>,
}

impl<T> Default for RawTranscript<T> {
    fn default() -> Self {
        RawTranscript {
            id: None,
            channel: None,
            kind: None,
            metadata: None,
            turns: Vec::new(),
            extra: Vec::new(),
        }
    }
}

/// A turn as written.
#[derive(Debug, Deserialize)]
struct RawTurn<T = String> {
    speaker: String,
    text: T,
    #[serde(default, deserialize_with = "seconds")]
    start: Option<f64>,
    #[serde(default, deserialize_with = "seconds")]
    end: Option<f64>,
}

/// A time in seconds: a JSON number (strings are not accepted, as in the schema), within
/// the accepted range ([`seconds_problem`]); errors get the value's position.
fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = Option::<f64>::deserialize(d)?;
    match v.and_then(seconds_problem) {
        Some(problem) => Err(de::Error::custom(problem)),
        None => Ok(v),
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for RawTranscript<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawTranscript<T>, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = RawTranscript<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a transcript object with a `turns` array")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawTranscript<T>, A::Error> {
                let mut t = RawTranscript::default();
                let mut has_turns = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "id" => t.id = map.next_value::<Option<Label>>()?.map(|i| i.0),
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
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Paths of turn texts: in a single object, and in an array of objects.
const SINGLE: &[Step] = &[Step::Key("turns"), Step::Any, Step::Key("text")];
const ARRAY: &[Step] = &[Step::Any, Step::Key("turns"), Step::Any, Step::Key("text")];

/// Reads a canonical JSON document: one transcript object or an array of them.
///
/// A transcript without an `id` gets `id` (the path) for a single object, and `id#N`
/// (1-based) for the N-th element of an array.
///
/// # Errors
///
/// A missing `turns`, a turn without `speaker` or `text`, a value of the wrong type, a
/// time out of range or a turn that ends before it starts is an error with its line and
/// column.
pub(crate) fn read(doc: &JsonDoc, options: &ReadOptions) -> Result<Vec<Transcript>, Error> {
    let id = doc.id;
    if doc.value.is_array() {
        let raws: Vec<RawTranscript> = doc.convert(Format::Json)?;
        let found = doc.locate(ARRAY);
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
        raws.into_iter()
            .zip(per)
            .enumerate()
            .map(|(n, (raw, found))| {
                build(raw, || format!("{id}#{}", n + 1), &found, 1, id, options)
            })
            .collect()
    } else {
        let raw: RawTranscript = doc.convert(Format::Json)?;
        let found = doc.locate(SINGLE);
        let found: Vec<&Found> = found.iter().collect();
        Ok(vec![build(raw, || id.to_string(), &found, 1, id, options)?])
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
    // Each turn's text is taken as written, borrowed from the record: its place in the
    // record is where the slice starts, so the record need not be scanned again for
    // positions (that second scan was 8% of a JSON Lines run). A text that is
    // not a plain JSON string, and any error, take the slow path, whose errors are the
    // ones the user sees.
    if let Ok(written) = serde_json::from_str::<RawTranscript<&RawValue>>(src) {
        if let Some((raw, found)) = decode_written(written, src, line) {
            let found: Vec<&Found> = found.iter().collect();
            return build(raw, default_id, &found, line, path, options);
        }
    }
    parse_one_scanned(src, line, default_id, path, options)
}

/// [`parse_one`] with decoded texts, positioned by a second scan of the record
/// ([`jsonpos::locate`]): the path for records the fast one does not take, and the one
/// whose errors the user sees.
fn parse_one_scanned(
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
    build(raw, default_id, &found, line, path, options)
}

/// Decodes the turn texts of a record read with texts as written, and positions them from
/// where they sit in `src` (a record starting at line `line`). `None` when a text is not
/// a JSON string or does not decode (the caller then reads the record the slow way).
fn decode_written(
    written: RawTranscript<&RawValue>,
    src: &str,
    line: usize,
) -> Option<(RawTranscript, Vec<Found>)> {
    let mut positions = jsonpos::Positions::new(src, line);
    let mut found = Vec::with_capacity(written.turns.len());
    let mut turns = Vec::with_capacity(written.turns.len());
    for t in written.turns {
        let json = t.text.get();
        let body = json.strip_prefix('"')?.strip_suffix('"')?;
        let text = if body.contains('\\') {
            serde_json::from_str::<String>(json).ok()?
        } else {
            // serde checked the string while reading it: without an escape it is its
            // own decoding.
            body.to_string()
        };
        found.push(positions.of(body)?);
        turns.push(RawTurn {
            speaker: t.speaker,
            text,
            start: t.start,
            end: t.end,
        });
    }
    let raw = RawTranscript {
        id: written.id,
        channel: written.channel,
        kind: written.kind,
        metadata: written.metadata,
        turns,
        extra: written.extra,
    };
    Some((raw, found))
}

/// Builds a transcript from its raw form and the positions of its turn texts (in order).
///
/// # Errors
///
/// A turn that ends before it starts, at the turn's text.
fn build(
    raw: RawTranscript,
    default_id: impl FnOnce() -> String,
    found: &[&Found],
    line: usize,
    path: &str,
    options: &ReadOptions,
) -> Result<Transcript, Error> {
    let mut metadata = raw.metadata.unwrap_or_default();
    for (key, value) in raw.extra {
        // Top-level metadata keys fill the fields `metadata` left empty; anything else is
        // kept in `extra`.
        let typed = value.is_string() && Metadata::field_for(&key).is_some_and(|(_, a)| !a);
        if typed {
            metadata.insert(&key, value);
        } else {
            metadata.extra.entry(key).or_insert(value);
        }
    }
    let mut turns = Vec::with_capacity(raw.turns.len());
    for (i, t) in raw.turns.into_iter().enumerate() {
        let speaker = configured_role(&t.speaker, options)
            .map(|(s, _)| s)
            .unwrap_or_else(|| Speaker::from_label(&t.speaker));
        let mut text = t.text;
        jsonpos::normalise_newlines(&mut text);
        let (line, segments) = match found.get(i) {
            Some(f) => (f.line, jsonpos::segments_for(&text, f)),
            None => (line, Vec::new()),
        };
        let turn = Turn {
            speaker,
            text,
            start: t.start,
            end: t.end,
            line,
            segments,
        };
        if let Some(problem) = order_problem(turn.start, turn.end) {
            let (line, column) = turn.position(0);
            return Err(Error::parse(
                path,
                line,
                column,
                format!("turn {} {}", i + 1, problem.trim_start_matches("this ")),
            ));
        }
        turns.push(turn);
    }
    Ok(Transcript {
        id: raw.id.unwrap_or_else(default_id),
        channel: raw.channel,
        kind: raw.kind.unwrap_or_default(),
        metadata,
        turns,
        speakers: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Vec<Transcript>, Error> {
        super::super::json_doc::read(text, "t.json", Some(Format::Json), &ReadOptions::default())
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
    fn texts_as_written_are_positioned_like_the_scan() {
        let records = [
            r#"{"id":"a","turns":[{"speaker":"agent","text":"Hi there"},{"speaker":"customer","text":"où est ma commande ?"}]}"#,
            // escapes: a quote, a line break, CRLF, a BMP escape and a surrogate pair
            r#"{"turns":[{"speaker":"agent","text":"say \"hi\"\nnow"},{"speaker":"customer","text":"a\r\nb \u00e9t\u00e9 \ud83d\ude00 ok"}]}"#,
            // text before speaker, nested metadata holding a "text" key, spaces
            r#"{ "metadata": {"text": "not a turn"}, "turns": [ {"text": "  padded ", "speaker": "agent", "start": 1.0} ] }"#,
            r#"{"turns":[]}"#,
        ];
        for (i, src) in records.iter().enumerate() {
            let line = 3 + i;
            let o = ReadOptions::default();
            let fast = parse_one(src, line, || "x".into(), "t.jsonl", &o).unwrap();
            let slow = parse_one_scanned(src, line, || "x".into(), "t.jsonl", &o).unwrap();
            assert_eq!(fast.turns.len(), slow.turns.len(), "{src}");
            for (f, s) in fast.turns.iter().zip(&slow.turns) {
                assert_eq!(f.text, s.text, "{src}");
                assert_eq!(f.line, s.line, "{src}");
                assert_eq!(f.segments, s.segments, "{src}");
                for at in f.text.char_indices().map(|(k, _)| k) {
                    assert_eq!(f.position(at), s.position(at), "{src} at {at}");
                }
            }
        }
        // "Hi there" starts after `{"id":"a","turns":[{"speaker":"agent","text":"`.
        let t = parse_one(
            records[0],
            3,
            || "x".into(),
            "t.jsonl",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(t.turns[0].position(0), (3, 47));
        // an escaped key is still the turn's text (the scan looked for `text` written
        // plainly and placed the position on another string)
        let src = r#"{"turns":[{"speaker":"agent","te\u0078t":"Hello"}]}"#;
        let t = parse_one(src, 1, || "x".into(), "t.jsonl", &ReadOptions::default()).unwrap();
        assert_eq!(t.turns[0].text, "Hello");
        assert_eq!(t.turns[0].position(0), (1, 1 + src.find("Hello").unwrap()));
        // a text that is not a string is the scanned path's error, with its position
        let e = parse_one(
            r#"{"turns":[{"speaker":"agent","text":5}]}"#,
            7,
            || "x".into(),
            "t.jsonl",
            &ReadOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("t.jsonl:7:"), "{e}");
        assert!(e.contains("expected a string"), "{e}");
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
