//! Format names, file extensions, and detection by content.

use serde::de::IgnoredAny;
use serde_json::Value;
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
        Format::Intercom,
        Format::Zendesk,
        Format::GoogleCcai,
        Format::Genesys,
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
        "intercom",
        "zendesk",
        "google-ccai",
        "genesys",
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
        "html",
        "htm",
        "hbs",
        "handlebars",
        "liquid",
        "j2",
        "jinja",
        "jinja2",
        "mustache",
    ];

    /// Extensions of reply-template languages (HTML, Handlebars, Liquid, Jinja,
    /// Mustache): read as plain text, always as one reply template.
    pub const TEMPLATE_EXTENSIONS: &'static [&'static str] = &[
        "html",
        "htm",
        "hbs",
        "handlebars",
        "liquid",
        "j2",
        "jinja",
        "jinja2",
        "mustache",
    ];

    /// Whether `path` has a reply-template extension ([`Format::TEMPLATE_EXTENSIONS`]).
    #[must_use]
    pub fn is_template_path(path: &Path) -> bool {
        path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            Format::TEMPLATE_EXTENSIONS
                .iter()
                .any(|t| t.eq_ignore_ascii_case(e))
        })
    }

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
    #[must_use]
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
            Format::Intercom => "intercom",
            Format::Zendesk => "zendesk",
            Format::GoogleCcai => "google-ccai",
            Format::Genesys => "genesys",
        }
    }

    /// A human-readable name, for messages: `WebVTT`, `Amazon Transcribe`, ….
    #[must_use]
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
            Format::Intercom => "Intercom",
            Format::Zendesk => "Zendesk",
            Format::GoogleCcai => "Google CCAI Insights",
            Format::Genesys => "Genesys Cloud",
        }
    }

    /// The format with this `--input-format` name (case-insensitive), also accepting a few
    /// aliases (`txt`, `ndjson`, `webvtt`, `subrip`, `transcribe`, `call-analytics`,
    /// `openai`, `ccai`, `genesys-cloud`).
    #[must_use]
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
            "intercom" => Format::Intercom,
            "zendesk" | "zendesk-comments" => Format::Zendesk,
            "google-ccai" | "ccai" | "ccai-insights" | "google-ccai-insights" | "insights" => {
                Format::GoogleCcai
            }
            "genesys" | "genesys-cloud" | "purecloud" => Format::Genesys,
            _ => return None,
        })
    }

    /// The format of a file by its extension (case-insensitive), if the extension is known:
    /// `.txt .text .md .markdown .transcript` → plain, `.json` → JSON (its dialect
    /// sniffed from the content), `.jsonl .ndjson`, `.csv`, `.tsv`, `.vtt`, `.srt`, and the
    /// template extensions ([`Format::TEMPLATE_EXTENSIONS`]) → plain.
    #[must_use]
    pub fn for_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" | "md" | "markdown" | "transcript" | "html" | "htm" | "hbs"
            | "handlebars" | "liquid" | "j2" | "jinja" | "jinja2" | "mustache" => Format::Plain,
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

/// What the extension and a first look at the text say about a source, before any JSON
/// is parsed: a JSON document's dialect is chosen later, from its parsed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Guess {
    /// The format is known.
    Known(Format),
    /// A JSON document (not JSON Lines) whose dialect the parsed value decides.
    JsonDocument,
}

/// Guesses the reader for a source: by `path`'s extension when it has a known one (for
/// `.json`, a JSON document of some dialect), else by content.
///
/// Content sniffing, in order: `WEBVTT` header → WebVTT; a JSON object or array → JSON
/// Lines when the first non-blank line is a complete object and another object line
/// follows, else a JSON document; a numbered cue followed by a `-->` timing line → SRT; a
/// header line with a known text column (`text`, `message`, …) and a known speaker column
/// (`speaker`, `role`, …) → CSV or TSV; anything else → plain text.
pub(crate) fn guess(path: Option<&Path>, text: &str) -> Guess {
    match path.and_then(Format::for_path) {
        Some(Format::Json) => Guess::JsonDocument,
        Some(f) => Guess::Known(f),
        None => sniff(text),
    }
}

/// Chooses the reader for a source ([`guess`], then for a JSON document its dialect, see
/// [`dialect_of`]).
///
/// # Errors
///
/// A JSON object that matches no dialect is an error naming the dialects tried and the
/// top-level keys found. Invalid JSON is not an error here: it is reported (with its
/// position) by the reader.
pub(crate) fn detect(path: Option<&Path>, text: &str) -> Result<Format, Error> {
    match guess(path, text) {
        Guess::Known(f) => Ok(f),
        Guess::JsonDocument => json_dialect(text).map_err(|m| {
            let id = path.map_or_else(|| "<input>".to_string(), |p| p.display().to_string());
            Error::parse(&id, 1, 1, m)
        }),
    }
}

/// Sniffs the format of a text without a known extension.
fn sniff(text: &str) -> Guess {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = body.trim_start();
    if trimmed.starts_with("WEBVTT") {
        return Guess::Known(Format::Vtt);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if looks_like_jsonl(trimmed) {
            return Guess::Known(Format::Jsonl);
        }
        return Guess::JsonDocument;
    }
    let mut lines = trimmed.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    let second = lines.next().unwrap_or("");
    if (first.bytes().all(|b| b.is_ascii_digit()) && !first.is_empty() && second.contains("-->"))
        || (first.contains("-->") && first.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Guess::Known(Format::Srt);
    }
    Guess::Known(match super::csv::header_delimiter(first) {
        Some(b'\t') => Format::Tsv,
        Some(_) => Format::Csv,
        None => Format::Plain,
    })
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

/// Which JSON dialect a text is, parsing it. Invalid JSON (or not an object or array) is
/// [`Format::Json`], so that the canonical reader reports the syntax error with its
/// position.
///
/// # Errors
///
/// A JSON object that matches no dialect, as a message naming what was tried.
pub(crate) fn json_dialect(text: &str) -> Result<Format, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match serde_json::from_str::<Value>(text) {
        Ok(value) => dialect_of(&value),
        Err(_) => Ok(Format::Json),
    }
}

/// Which JSON dialect a parsed document is, from its keys:
///
/// - `turns`, a top-level array, or anything but an object → carelint JSON;
/// - `Transcript` with `Participants`, `Channel` or `JobStatus` → Contact Lens;
/// - `SpeechSegments`, or `results` with `transcripts`, `items`, `speaker_labels`,
///   `channel_labels` or `audio_segments` → Amazon Transcribe;
/// - `results` with `channels` or `utterances`, or `metadata.request_id` → Deepgram;
/// - `conversation_parts`, or `type: "conversation"` with `source` → Intercom;
/// - an array `comments` → Zendesk;
/// - an array `entries` → Google CCAI Insights;
/// - an array `transcripts` with `conversationId`, `communicationId` or `phrases` in its
///   first element → Genesys Cloud;
/// - `segments`, or `text` alone or with `task`, `language`, `duration`, `usage`, `words`,
///   `logprobs` → Whisper.
///
/// # Errors
///
/// An object that matches none, as a message naming the dialects tried and the
/// top-level keys found.
pub(crate) fn dialect_of(value: &Value) -> Result<Format, String> {
    let Value::Object(top) = value else {
        return Ok(Format::Json);
    };
    let has = |k: &str| top.contains_key(k);
    let keys_of = |k: &str| match top.get(k) {
        Some(Value::Object(m)) => m.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let results = keys_of("results");
    let has_result = |k: &str| results.contains(&k);
    let is_array = |k: &str| top.get(k).is_some_and(Value::is_array);
    if has("turns") {
        return Ok(Format::Json);
    }
    if has("Transcript") && (has("Participants") || has("Channel") || has("JobStatus")) {
        return Ok(Format::ContactLens);
    }
    if has("SpeechSegments")
        || [
            "transcripts",
            "items",
            "speaker_labels",
            "channel_labels",
            "audio_segments",
        ]
        .iter()
        .any(|k| has_result(k))
    {
        return Ok(Format::AwsTranscribe);
    }
    if has_result("channels")
        || has_result("utterances")
        || keys_of("metadata").contains(&"request_id")
    {
        return Ok(Format::Deepgram);
    }
    if has("conversation_parts")
        || (has("source") && top.get("type").and_then(Value::as_str) == Some("conversation"))
    {
        return Ok(Format::Intercom);
    }
    if is_array("comments") {
        return Ok(Format::Zendesk);
    }
    if is_array("entries") {
        return Ok(Format::GoogleCcai);
    }
    let genesys_phrases = match top.get("transcripts") {
        Some(Value::Array(ts)) => ts.first().is_some_and(|t| t.get("phrases").is_some()),
        _ => false,
    };
    if is_array("transcripts")
        && (has("conversationId") || has("communicationId") || genesys_phrases)
    {
        return Ok(Format::Genesys);
    }
    if has("segments")
        || (has("text")
            && top.keys().all(|k| {
                matches!(
                    k.as_str(),
                    "text" | "task" | "language" | "duration" | "usage" | "words" | "logprobs"
                )
            }))
    {
        return Ok(Format::Whisper);
    }
    Err(no_dialect(top))
}

/// The message for a JSON object that matches no dialect: what was tried, what was found.
fn no_dialect(top: &serde_json::Map<String, Value>) -> String {
    let mut found: Vec<&str> = top.keys().map(String::as_str).take(12).collect();
    if top.len() > 12 {
        found.push("…");
    }
    format!(
        "this JSON matches no transcript format carelint reads; tried carelint JSON (`turns`), \
         Contact Lens (`Participants` + `Transcript`), Amazon Transcribe (`results.transcripts`, \
         `SpeechSegments`), Deepgram (`results.channels`, `results.utterances`), Whisper \
         (`segments`, `text`), Intercom (`conversation_parts`), Zendesk (`comments`), \
         Google CCAI Insights (`entries`), Genesys Cloud (`transcripts[].phrases`); found \
         top-level keys: {}. Convert it to carelint JSON (docs/formats.md) or choose a reader \
         with --input-format",
        if found.is_empty() {
            "none".to_string()
        } else {
            found.join(", ")
        }
    )
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
