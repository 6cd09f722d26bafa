//! The same conversation in every input format reads as the same (speaker, text) turns.

use std::path::{Path, PathBuf};

use crate::common::*;
use carelint::Format;
use carelint::Speaker;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/same-conversation")
}

/// (speaker, text with whitespace runs collapsed) of every turn.
fn turns(path: &Path, format: Format) -> Vec<(Speaker, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let id = path.display().to_string();
    let ts = read(&text, format, &id).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(ts.len(), 1, "{}", path.display());
    ts[0]
        .turns
        .iter()
        .map(|t| {
            (
                t.speaker.clone(),
                t.text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

const FILES: &[(&str, Format)] = &[
    ("conversation.txt", Format::Plain),
    ("conversation.json", Format::Json),
    ("conversation.jsonl", Format::Jsonl),
    ("conversation.csv", Format::Csv),
    ("conversation.tsv", Format::Tsv),
    ("conversation.vtt", Format::Vtt),
    ("conversation.srt", Format::Srt),
    ("aws-transcribe.json", Format::AwsTranscribe),
    ("contact-lens.json", Format::ContactLens),
    ("whisper-diarized.json", Format::Whisper),
    ("deepgram.json", Format::Deepgram),
    ("intercom.json", Format::Intercom),
    ("zendesk.json", Format::Zendesk),
    ("google-ccai.json", Format::GoogleCcai),
    ("genesys.json", Format::Genesys),
];

#[test]
fn every_format_reads_the_same_turns() {
    let reference = turns(&dir().join("conversation.txt"), Format::Plain);
    assert_eq!(reference.len(), 8);
    assert!(reference[4].1.contains("I guarantee"));
    for (name, format) in FILES {
        let path = dir().join(name);
        // Detected from the extension and content…
        let by_auto = turns(&path, Format::Auto);
        assert_eq!(by_auto, reference, "{name} (auto)");
        // …and read with the format named explicitly.
        let by_name = turns(&path, *format);
        assert_eq!(by_name, reference, "{name} ({})", format.name());
    }
}

#[test]
fn detection_picks_the_expected_reader() {
    for (name, format) in FILES {
        let path = dir().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            Format::detect(Some(&path), &text).unwrap(),
            *format,
            "{name}"
        );
        // Without a path (stdin), content sniffing finds the same reader; a JSON Lines
        // file of one line is one JSON object, read the same way.
        let want = if *format == Format::Jsonl {
            Format::Json
        } else {
            *format
        };
        assert_eq!(
            Format::detect(None, &text).unwrap(),
            want,
            "{name} by content"
        );
    }
}

#[test]
fn every_fixture_is_in_the_table() {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn timed_formats_agree_on_start_times() {
    for name in [
        "conversation.json",
        "conversation.csv",
        "conversation.tsv",
        "conversation.vtt",
        "conversation.srt",
        "contact-lens.json",
        "whisper-diarized.json",
        "deepgram.json",
        "aws-transcribe.json",
        "intercom.json",
        "zendesk.json",
        "google-ccai.json",
        "genesys.json",
    ] {
        let path = dir().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let t = &read(&text, Format::Auto, name).unwrap()[0];
        let starts: Vec<f64> = t.turns.iter().map(|t| t.start.unwrap()).collect();
        let want: Vec<f64> = (0..8).map(|i| i as f64 * 5.0).collect();
        assert_eq!(starts, want, "{name}");
    }
}
