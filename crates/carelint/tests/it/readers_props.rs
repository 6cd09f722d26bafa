//! Property tests: no reader panics on any input; it returns `Ok` or an error with a
//! position inside the input.

use std::path::Path;

use crate::common::*;
use carelint::{CsvColumns, ErrorKind, Format, Linter};

use proptest::prelude::*;

/// Every format `read` accepts.
const FORMATS: &[Format] = Format::ALL;

/// Reads `text` in every format; checks that errors point inside the text.
fn read_all(text: &str) {
    let lines = text.split('\n').count();
    for &format in FORMATS {
        match read(text, format, "prop") {
            Ok(ts) => {
                for t in ts {
                    for turn in &t.turns {
                        // Every offset of every turn has a position.
                        for (i, _) in turn.text.char_indices() {
                            let (l, c) = turn.position(i);
                            assert!(l >= 1 && c >= 1);
                        }
                        assert!(turn.line >= 1, "{format:?}");
                    }
                }
            }
            Err(e) if e.kind() == ErrorKind::Parse => {
                let line = e.line().unwrap_or(0);
                assert!(line >= 1 && line <= lines + 1, "{format:?}: {e}");
                assert!(e.column().unwrap_or(0) >= 1, "{format:?}: {e}");
                assert!(!e.message().is_empty());
            }
            Err(other) => panic!("{format:?}: unexpected error kind {other}"),
        }
    }
    let _ = Format::detect(None, text);
    let _ = Format::detect(Some(Path::new("x.json")), text);
}

/// Fixture texts to mutate.
fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/same-conversation");
    let mut out: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    out.sort();
    out
}

/// Characters that matter to some reader's syntax.
fn syntax_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '"', '{', '}', '[', ']', ',', ':', '\n', '\r', '\t', '<', '>', '&', ';', '-', '.', '0',
        '9', ' ', '\\', 'u', 'v', '#', 'é', '\u{feff}', '\u{2028}', '😀',
    ])
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), syntax_char()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let n = chars.len().max(1);
        match *e {
            Edit::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
            Edit::Delete(i) => {
                if !chars.is_empty() {
                    chars.remove(i % n);
                }
            }
            Edit::Truncate(i) => chars.truncate(i % n),
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,200}") {
        read_all(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        read_all(&String::from_utf8_lossy(&bytes));
        // The streaming JSON Lines reader takes raw bytes.
        let o = Linter::builder().default_rules(false).build().unwrap();
        for r in o.read_jsonl(&bytes[..], "p.jsonl") {
            if let Err(e) = r {
                prop_assert!(e.line().unwrap_or(0) >= 1 && e.column().unwrap_or(0) >= 1, "{}", e);
            }
        }
    }

    #[test]
    fn syntax_soup_never_panics(chars in prop::collection::vec(syntax_char(), 0..120)) {
        let s: String = chars.into_iter().collect();
        read_all(&s);
        read_all(&format!("WEBVTT\n\n{s}"));
        read_all(&format!("1\n00:00:01,000 --> 00:00:02,000\n{s}"));
        read_all(&format!("speaker,text\nagent,{s}"));
    }

    #[test]
    fn mutated_fixtures_never_panic(
        seed in 0usize..64,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let seeds = seeds();
        let text = &seeds[seed % seeds.len()];
        read_all(&apply(text, &edits));
    }

    #[test]
    fn option_parsers_never_panic(s in "\\PC{0,60}") {
        let _ = s.parse::<CsvColumns>();
        let _ = s.parse::<Format>();
        let _ = Format::for_path(Path::new(&s));
    }
}

/// The vendor samples of the newer readers, to mutate.
fn vendor_seeds() -> Vec<String> {
    [
        "intercom_conversation.json",
        "google_ccai_insights_conversation.json",
        "zendesk_ticket_comments_ours.json",
        "genesys_cloud_transcript_ours.json",
    ]
    .iter()
    .map(|n| std::fs::read_to_string(root().join("fixtures/formats").join(n)).unwrap())
    .collect()
}

/// Checks that every word of every turn sits at the same word in the source.
fn words_point_into_the_source(source: &str, t: &carelint::Transcript) {
    let lines: Vec<Vec<char>> = source.split('\n').map(|l| l.chars().collect()).collect();
    for turn in &t.turns {
        let mut offset = 0;
        for word in turn.text.split(|c: char| !c.is_alphanumeric()) {
            let at = offset;
            offset += word.len() + 1;
            if word.is_empty() {
                continue;
            }
            let (line, column) = turn.position(at);
            let found: String = lines[line - 1]
                .iter()
                .skip(column - 1)
                .take(word.chars().count())
                .collect();
            assert_eq!(
                found, word,
                "{:?} at {line}:{column} in {source}",
                turn.text
            );
        }
    }
}

/// A message: words, some wrapped in HTML tags or followed by characters JSON escapes.
fn message() -> impl Strategy<Value = Vec<(String, u8)>> {
    let word = prop::sample::select(vec![
        "thanks", "refund", "order", "Maria", "café", "today", "42", "ok",
    ]);
    prop::collection::vec((word.prop_map(str::to_string), 0u8..8), 1..8)
}

/// The message as HTML (`html`) or plain text.
fn render(words: &[(String, u8)], html: bool) -> String {
    let mut out = String::new();
    for (w, style) in words {
        let piece = match (html, style) {
            (true, 0) => format!("<b>{w}</b> "),
            (true, 1) => format!("<p>{w}</p>"),
            (true, 2) => format!("{w} &amp; "),
            (true, 3) => format!("{w}<br>\n"),
            (_, 4) => format!("\"{w}\" "),
            (_, 5) => format!("{w}\n"),
            (_, 6) => format!("{w}\t "),
            _ => format!("{w} "),
        };
        out.push_str(&piece);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn mutated_vendor_samples_never_panic(
        seed in 0usize..4,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let seeds = vendor_seeds();
        read_all(&apply(&seeds[seed % seeds.len()], &edits));
    }

    #[test]
    fn vendor_messages_point_into_the_source(
        messages in prop::collection::vec((message(), any::<bool>()), 1..6),
    ) {
        let intercom = serde_json::json!({
            "type": "conversation", "id": "1", "created_at": 1700000000,
            "source": {"type": "conversation", "body": render(&messages[0].0, true),
                       "author": {"type": "user", "id": "u1", "name": "Ann"}},
            "conversation_parts": {"conversation_parts": messages[1..].iter().enumerate().map(|(i, (m, agent))| serde_json::json!({
                "part_type": "comment", "body": render(m, true), "created_at": 1700000000 + i,
                "author": {"type": if *agent { "admin" } else { "user" }, "id": "x"}})).collect::<Vec<_>>()}
        });
        let zendesk = serde_json::json!({
            "comments": messages.iter().map(|(m, agent)| if *agent {
                serde_json::json!({"author_id": 2, "public": true, "body": render(m, false)})
            } else {
                serde_json::json!({"author_id": 1, "public": true, "html_body": render(m, true)})
            }).collect::<Vec<_>>(),
            "users": [{"id": 1, "role": "end-user", "name": "Ann"}, {"id": 2, "role": "agent", "name": "Bo"}]
        });
        let ccai = serde_json::json!({"entries": messages.iter().enumerate().map(|(i, (m, agent))| serde_json::json!({
            "text": render(m, false), "role": if *agent { "AGENT" } else { "CUSTOMER" },
            "user_id": if *agent { 2 } else { 1 }, "start_timestamp_usec": 1_675_230_581_000_000u64 + i as u64})).collect::<Vec<_>>()});
        let genesys = serde_json::json!({"conversationId": "c", "mediaType": "chat", "transcripts": [{"phrases":
            messages.iter().enumerate().map(|(i, (m, agent))| serde_json::json!({
                "text": render(m, false), "startTimeMs": 1000 * i,
                "participantPurpose": if *agent { "internal" } else { "external" }})).collect::<Vec<_>>()}]});
        for (doc, format) in [
            (intercom, Format::Intercom),
            (zendesk, Format::Zendesk),
            (ccai, Format::GoogleCcai),
            (genesys, Format::Genesys),
        ] {
            for source in [doc.to_string(), serde_json::to_string_pretty(&doc).unwrap()] {
                for f in [format, Format::Auto] {
                    let ts = read(&source, f, "p.json").unwrap_or_else(|e| panic!("{format:?}: {e}\n{source}"));
                    prop_assert_eq!(ts.len(), 1);
                    prop_assert_eq!(ts[0].turns.len(), messages.len(), "{:?}", format);
                    words_point_into_the_source(&source, &ts[0]);
                }
            }
        }
    }
}
