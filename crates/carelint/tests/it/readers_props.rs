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
