//! Format names, file extensions, and detection by content.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use super::Format;
use crate::error::{Error, UnknownName};

impl Format {
    /// Every format, [`Format::Auto`] first.
    pub const ALL: &'static [Format] = &[
        Format::Auto,
        Format::Plain,
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Tsv,
        Format::Vtt,
        Format::Srt,
        Format::AwsTranscribe,
        Format::ContactLens,
        Format::Whisper,
        Format::Deepgram,
    ];

    /// The names `--input-format` accepts, in the order of [`Format::ALL`].
    pub const NAMES: &'static [&'static str] = &[
        "auto",
        "plain",
        "json",
        "jsonl",
        "csv",
        "tsv",
        "vtt",
        "srt",
        "aws-transcribe",
        "contact-lens",
        "whisper",
        "deepgram",
    ];

    /// File extensions (lower case, without the dot) read when walking a folder: every
    /// extension [`Format::for_path`] knows.
    pub const WALK_EXTENSIONS: &'static [&'static str] = &[
        "txt",
        "text",
        "md",
        "markdown",
        "transcript",
        "json",
        "jsonl",
        "ndjson",
        "csv",
        "tsv",
        "vtt",
        "srt",
    ];

    /// Chooses the reader for a source by `path`'s extension and the text's content; see
    /// `docs/formats.md` for the rules.
    ///
    /// # Errors
    ///
    /// A JSON document that matches no known dialect is an error naming the dialects tried
    /// and the top-level keys found.
    ///
    /// ```
    /// use carelint::Format;
    /// use std::path::Path;
    ///
    /// assert_eq!(Format::detect(None, "WEBVTT\n")?, Format::Vtt);
    /// assert_eq!(Format::detect(Some(Path::new("a.srt")), "")?, Format::Srt);
    /// # Ok::<(), carelint::Error>(())
    /// ```
    pub fn detect(path: Option<&Path>, text: &str) -> Result<Format, Error> {
        detect(path, text)
    }

    /// The name used by `--input-format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Plain => "plain",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::AwsTranscribe => "aws-transcribe",
            Format::ContactLens => "contact-lens",
            Format::Whisper => "whisper",
            Format::Deepgram => "deepgram",
        }
    }

    /// A human-readable name, for messages: `WebVTT`, `Amazon Transcribe`, ….
    pub fn title(self) -> &'static str {
        match self {
            Format::Auto => "automatically detected",
            Format::Plain => "plain text",
            Format::Json => "carelint JSON",
            Format::Jsonl => "JSON Lines",
            Format::Csv => "CSV",
            Format::Tsv => "TSV",
            Format::Vtt => "WebVTT",
            Format::Srt => "SRT",
            Format::AwsTranscribe => "Amazon Transcribe",
            Format::ContactLens => "Amazon Connect Contact Lens",
            Format::Whisper => "OpenAI Whisper",
            Format::Deepgram => "Deepgram",
        }
    }

    /// The format with this `--input-format` name (case-insensitive), also accepting a few
    /// aliases (`txt`, `ndjson`, `webvtt`, `subrip`, `transcribe`, `call-analytics`,
    /// `openai`).
    pub fn from_name(name: &str) -> Option<Format> {
        let n = name.trim().to_ascii_lowercase().replace('_', "-");
        Some(match n.as_str() {
            "auto" => Format::Auto,
            "plain" | "txt" | "text" | "md" | "markdown" => Format::Plain,
            "json" | "carelint" => Format::Json,
            "jsonl" | "ndjson" | "json-lines" | "jsonlines" => Format::Jsonl,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "vtt" | "webvtt" => Format::Vtt,
            "srt" | "subrip" => Format::Srt,
            "aws-transcribe" | "transcribe" | "aws" | "amazon-transcribe" | "pca" => {
                Format::AwsTranscribe
            }
            "contact-lens" | "contactlens" | "connect" | "amazon-connect" | "call-analytics" => {
                Format::ContactLens
            }
            "whisper" | "openai" | "openai-whisper" => Format::Whisper,
            "deepgram" => Format::Deepgram,
            _ => return None,
        })
    }

    /// The format of a file by its extension (case-insensitive), if the extension is known:
    /// `.txt .text .md .markdown .transcript` → plain, `.json` → JSON (whose dialect
    /// [`detect`] then sniffs), `.jsonl .ndjson`, `.csv`, `.tsv`, `.vtt`, `.srt`.
    pub fn for_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" | "md" | "markdown" | "transcript" => Format::Plain,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "vtt" => Format::Vtt,
            "srt" => Format::Srt,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = UnknownName;

    /// Parses a format name; the error lists the valid names.
    fn from_str(s: &str) -> Result<Format, UnknownName> {
        Format::from_name(s).ok_or_else(|| UnknownName::new("input format", s, Format::NAMES))
    }
}

/// Chooses the reader for a source: by `path`'s extension when it has a known one (for
/// `.json`, the JSON dialect is then sniffed from the content), else by content.
///
/// Content sniffing, in order: `WEBVTT` header → WebVTT; a JSON object or array → JSON
/// Lines when the first non-blank line is a complete object and another object line
/// follows, else the JSON dialect (see below); a numbered cue followed by a `-->` timing
/// line → SRT; a header line with a known text column (`text`, `message`, …) and a known
/// speaker column (`speaker`, `role`, …) → CSV or TSV; anything else → plain text.
///
/// JSON dialects: `turns` or a top-level array → carelint JSON; `Participants` and
/// `Transcript` → Contact Lens; `SpeechSegments` or `results.transcripts`/`results.items`
/// → Amazon Transcribe; `results.channels`, `results.utterances` or
/// `metadata.request_id` → Deepgram; `segments`, or `text` with `task`/`language`/
/// `duration` or alone → Whisper.
///
/// # Errors
///
/// A JSON object that matches no dialect is an error naming the dialects tried and the
/// top-level keys found. Invalid JSON is not an error here: it is reported (with its
/// position) by the reader.
pub(crate) fn detect(path: Option<&Path>, text: &str) -> Result<Format, Error> {
    let id = path.map_or_else(|| "<input>".to_string(), |p| p.display().to_string());
    match path.and_then(Format::for_path) {
        Some(Format::Json) => json_dialect(text).map_err(|m| parse_error(&id, m)),
        Some(f) => Ok(f),
        None => sniff(text).map_err(|m| parse_error(&id, m)),
    }
}

fn parse_error(id: &str, message: String) -> Error {
    Error::parse(id, 1, 1, message)
}

/// Sniffs the format of a text without a known extension.
fn sniff(text: &str) -> Result<Format, String> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = body.trim_start();
    if trimmed.starts_with("WEBVTT") {
        return Ok(Format::Vtt);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if looks_like_jsonl(trimmed) {
            return Ok(Format::Jsonl);
        }
        return json_dialect(trimmed);
    }
    let mut lines = trimmed.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    let second = lines.next().unwrap_or("");
    if (first.bytes().all(|b| b.is_ascii_digit()) && !first.is_empty() && second.contains("-->"))
        || (first.contains("-->") && first.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Ok(Format::Srt);
    }
    if let Some(delim) = super::csv::header_delimiter(first) {
        return Ok(if delim == b'\t' {
            Format::Tsv
        } else {
            Format::Csv
        });
    }
    Ok(Format::Plain)
}

/// Whether a text is JSON Lines: its first non-blank line is a complete JSON object and a
/// second non-blank line starts with `{`.
fn looks_like_jsonl(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    first.starts_with('{')
        && lines.next().is_some_and(|l| l.starts_with('{'))
        && serde_json::from_str::<IgnoredAny>(first).is_ok()
}

/// The top-level keys of a JSON document, and the keys of its `results` and `metadata`
/// objects, read without building the values.
#[derive(Default)]
struct Keys {
    array: bool,
    top: Vec<String>,
    results: Vec<String>,
    metadata: Vec<String>,
}

/// The keys of one object (values skipped); anything else gives no keys.
struct ObjectKeys(Vec<String>);

impl<'de> Deserialize<'de> for ObjectKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ObjectKeys, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ObjectKeys;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ObjectKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(ObjectKeys(keys))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ObjectKeys, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ObjectKeys(Vec::new()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<ObjectKeys, E> {
                Ok(ObjectKeys(Vec::new()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<ObjectKeys, E> {
                Ok(ObjectKeys(Vec::new()))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<ObjectKeys, E> {
                Ok(ObjectKeys(Vec::new()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<ObjectKeys, E> {
                Ok(ObjectKeys(Vec::new()))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<ObjectKeys, E> {
                Ok(ObjectKeys(Vec::new()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<ObjectKeys, E> {
                Ok(ObjectKeys(Vec::new()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object or array")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut k = Keys::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "results" => k.results = map.next_value::<ObjectKeys>()?.0,
                        "metadata" => k.metadata = map.next_value::<ObjectKeys>()?.0,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                    k.top.push(key);
                }
                Ok(k)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Keys, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Keys {
                    array: true,
                    ..Keys::default()
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// Which JSON dialect a document is. Invalid JSON (or not an object or array) is
/// [`Format::Json`], so that the canonical reader reports the syntax error with its
/// position.
///
/// # Errors
///
/// A JSON object that matches no dialect, as a message naming what was tried.
pub(crate) fn json_dialect(text: &str) -> Result<Format, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(keys) = serde_json::from_str::<Keys>(text) else {
        return Ok(Format::Json);
    };
    if keys.array {
        return Ok(Format::Json);
    }
    let has = |k: &str| keys.top.iter().any(|t| t == k);
    let has_result = |k: &str| keys.results.iter().any(|t| t == k);
    if has("turns") {
        return Ok(Format::Json);
    }
    if has("Transcript") && (has("Participants") || has("Channel") || has("JobStatus")) {
        return Ok(Format::ContactLens);
    }
    if has("SpeechSegments")
        || has_result("transcripts")
        || has_result("items")
        || has_result("speaker_labels")
        || has_result("channel_labels")
        || has_result("audio_segments")
    {
        return Ok(Format::AwsTranscribe);
    }
    if has_result("channels")
        || has_result("utterances")
        || keys.metadata.iter().any(|k| k == "request_id")
    {
        return Ok(Format::Deepgram);
    }
    if has("segments")
        || (has("text")
            && keys.top.iter().all(|k| {
                matches!(
                    k.as_str(),
                    "text" | "task" | "language" | "duration" | "usage" | "words" | "logprobs"
                )
            }))
    {
        return Ok(Format::Whisper);
    }
    let mut found: Vec<&str> = keys.top.iter().map(String::as_str).take(12).collect();
    if keys.top.len() > 12 {
        found.push("…");
    }
    Err(format!(
        "this JSON matches no transcript format carelint reads; tried carelint JSON (`turns`), \
         Contact Lens (`Participants` + `Transcript`), Amazon Transcribe (`results.transcripts`, \
         `SpeechSegments`), Deepgram (`results.channels`, `results.utterances`), Whisper \
         (`segments`, `text`); found top-level keys: {}. Convert it to carelint JSON \
         (docs/formats.md) or choose a reader with --input-format",
        if found.is_empty() {
            "none".to_string()
        } else {
            found.join(", ")
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(Format::ALL.len(), Format::NAMES.len());
        for (f, n) in Format::ALL.iter().zip(Format::NAMES) {
            assert_eq!(f.name(), *n);
            assert_eq!(Format::from_name(n), Some(*f));
            assert_eq!(n.parse::<Format>(), Ok(*f));
        }
        let e = "vtx".parse::<Format>().unwrap_err();
        assert!(e.to_string().contains("did you mean `vtt`"), "{e}");
    }

    #[test]
    fn extensions() {
        assert_eq!(Format::for_path(Path::new("a/b.VTT")), Some(Format::Vtt));
        assert_eq!(Format::for_path(Path::new("x.ndjson")), Some(Format::Jsonl));
        assert_eq!(
            Format::for_path(Path::new("x.transcript")),
            Some(Format::Plain)
        );
        assert_eq!(Format::for_path(Path::new("x.log")), None);
        for ext in Format::WALK_EXTENSIONS {
            assert!(Format::for_path(Path::new(&format!("a.{ext}"))).is_some());
        }
    }

    #[test]
    fn sniffing() {
        let s = |t: &str| detect(None, t).unwrap();
        assert_eq!(s("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n"), Format::Vtt);
        assert_eq!(s("{\"turns\":[]}\n{\"turns\":[]}\n"), Format::Jsonl);
        assert_eq!(s("{\"turns\":[]}\n"), Format::Json);
        assert_eq!(s("{\n \"turns\": []\n}\n"), Format::Json);
        assert_eq!(s("[]"), Format::Json);
        assert_eq!(s("1\n00:00:01,000 --> 00:00:02,000\nhi\n"), Format::Srt);
        assert_eq!(s("call_id,speaker,text\n1,agent,hi\n"), Format::Csv);
        assert_eq!(s("speaker\tmessage\nagent\thi\n"), Format::Tsv);
        assert_eq!(s("Agent: hi\n"), Format::Plain);
        assert_eq!(s("Customer: yes, message\nAgent: ok\n"), Format::Plain);
        assert_eq!(
            s("{\"results\":{\"transcripts\":[]}}"),
            Format::AwsTranscribe
        );
        assert_eq!(
            s("{\"results\":{\"channels\":[]},\"metadata\":{}}"),
            Format::Deepgram
        );
        assert_eq!(s("{\"text\":\"hello\"}"), Format::Whisper);
        assert_eq!(
            s("{\"Participants\":[],\"Transcript\":[]}"),
            Format::ContactLens
        );
        assert_eq!(s("{\"SpeechSegments\":[]}"), Format::AwsTranscribe);
        assert_eq!(s("{\"broken"), Format::Json);
        let e = detect(Some(Path::new("x.json")), "{\"foo\":1}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.json:1:1: "), "{e}");
        assert!(e.contains("found top-level keys: foo"), "{e}");
    }
}
