//! The fuzzing harness of carelint: one function per target, shared by the cargo-fuzz
//! targets in `fuzz_targets/` (libFuzzer, nightly) and by the stable test
//! `crates/carelint/tests/it/fuzz_harness.rs`, which runs every target over the seed
//! corpus in `fuzz/seeds/` and over proptest mutations of it in `cargo test`.
//!
//! Each function takes arbitrary bytes and panics only when carelint breaks one of its
//! promises: no panic on any input, errors are one line and short, and `--fix` round
//! trips (the fixed text parses again and a second fix changes nothing).
//!
//! This file uses only carelint's public API (the stable test includes it by path).

use std::io::Cursor;
use std::path::Path;
use std::sync::OnceLock;

use carelint::{Config, Error, Format, Linter};

/// Every target: its name and the function it runs.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("read_plain", |d| read(Format::Plain, d)),
    ("read_json", |d| read(Format::Json, d)),
    ("read_jsonl", |d| read(Format::Jsonl, d)),
    ("read_csv", |d| read(Format::Csv, d)),
    ("read_tsv", |d| read(Format::Tsv, d)),
    ("read_vtt", |d| read(Format::Vtt, d)),
    ("read_srt", |d| read(Format::Srt, d)),
    ("read_aws_transcribe", |d| read(Format::AwsTranscribe, d)),
    ("read_contact_lens", |d| read(Format::ContactLens, d)),
    ("read_whisper", |d| read(Format::Whisper, d)),
    ("read_deepgram", |d| read(Format::Deepgram, d)),
    ("read_intercom", |d| read(Format::Intercom, d)),
    ("read_zendesk", |d| read(Format::Zendesk, d)),
    ("read_google_ccai", |d| read(Format::GoogleCcai, d)),
    ("read_genesys", |d| read(Format::Genesys, d)),
    ("detect", detect),
    ("jsonl_stream", jsonl_stream),
    ("rules", rules),
    ("config", config),
    ("fix_round_trip", fix_round_trip),
];

/// Runs the target called `name` on `data`.
///
/// # Panics
///
/// When `name` is not a target, or when carelint breaks a promise on `data`.
pub fn run(name: &str, data: &[u8]) {
    let (_, f) = TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no fuzz target `{name}`"));
    f(data);
}

/// The built-in packs plus a pack whose suggestions hold every character a structured
/// format must escape (quotes, backslashes, line breaks, markup, a cue arrow).
fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| {
        Linter::builder()
            .rules_str("fuzz.yaml", FUZZ_PACK)
            .build()
            .expect("the fuzz pack loads")
    })
}

const FUZZ_PACK: &str = r#"
- id: fuzz-escapes
  category: jargon
  severity: warning
  kind: phrases
  phrases: [zqx, "zq zq"]
  suggest: "a \"quoted\", back\\slash\nnew line & <tag> --> x; y\tz"
  message: "“{match}” needs escaping when fixed"
  why: Exercises escaping in every format.
"#;

/// Text from fuzz bytes, decoded as carelint decodes files.
fn text(data: &[u8]) -> Option<String> {
    carelint::source::decode(data.to_vec(), "fuzz")
        .ok()
        .map(|t| t.into_owned())
}

/// Errors are one line, and never echo long input.
fn check_error(e: &Error) {
    let shown = e.to_string();
    assert!(!shown.contains('\n'), "a multi-line error: {shown:?}");
    assert!(
        e.message().chars().count() <= 1000,
        "an error of {} characters",
        e.message().chars().count()
    );
}

/// Parses and lints `data` as `format`.
pub fn read(format: Format, data: &[u8]) {
    let Some(text) = text(data) else { return };
    match linter().lint_text("fuzz", &text, format) {
        Ok(report) => {
            for d in &report.diagnostics {
                assert!(
                    d.line >= 1 && d.column >= 1,
                    "a finding at {}:{}",
                    d.line,
                    d.column
                );
            }
        }
        Err(e) => check_error(&e),
    }
}

/// Chooses a format from the content alone, then reads with it.
pub fn detect(data: &[u8]) {
    let Some(text) = text(data) else { return };
    match Format::detect(None, &text) {
        Ok(format) => {
            assert_ne!(format, Format::Auto, "detection must choose a format");
            read(format, data);
        }
        Err(e) => check_error(&e),
    }
}

/// Streams `data` as JSON Lines in small batches, as `carelint check` does.
pub fn jsonl_stream(data: &[u8]) {
    let mut reader = linter().read_jsonl(Cursor::new(data), "fuzz.jsonl");
    for _ in 0..10_000 {
        match reader.batch(3, 4096) {
            Ok(lines) if lines.is_empty() => return,
            Ok(lines) => {
                let (_, errors) = linter().lint_jsonl_batch("fuzz.jsonl", &lines);
                errors.iter().for_each(check_error);
            }
            Err(e) => return check_error(&e),
        }
    }
}

/// Loads `data` as a rule pack (alone, without the built-in packs).
pub fn rules(data: &[u8]) {
    let Some(text) = text(data) else { return };
    match Linter::builder()
        .default_rules(false)
        .rules_str("fuzz.yaml", &text)
        .build()
    {
        Ok(l) => {
            let _ = l.lint_text(
                "t.txt",
                "Agent: hello zqx, RMA ASAP.\nCustomer: ok",
                Format::Plain,
            );
        }
        Err(e) => e.problems().iter().for_each(check_error),
    }
}

/// Reads `data` as a `carelint.yaml` and builds a linter from it.
pub fn config(data: &[u8]) {
    let Some(text) = text(data) else { return };
    match Config::parse(&text, Path::new("carelint.yaml")) {
        Ok(c) => {
            let _ = c.fail_level();
            // Rule packs named by the config are files: not read here.
            if let Err(e) = c.apply(Linter::builder()).build() {
                e.problems().iter().for_each(check_error);
            }
        }
        Err(e) => check_error(&e),
    }
}

/// Rounds of fixing allowed before the text must stop changing. A fix skipped because
/// it overlapped a winning one may apply in the next round, so one round is not always
/// a fixed point; a few are.
const FIX_ROUNDS: usize = 4;

/// Lints `data` (format detected), applies the fixes, and checks that the fixed text
/// still parses in the same format and that fixing converges: after a few rounds, linting
/// and fixing again changes nothing.
pub fn fix_round_trip(data: &[u8]) {
    let Some(mut text) = text(data) else { return };
    let Ok(format) = Format::detect(None, &text) else {
        return;
    };
    let Ok(mut report) = linter().lint_text("fuzz", &text, format) else {
        return;
    };
    let original = text.clone();
    for round in 0..=FIX_ROUNDS {
        let fixed = carelint::fix::apply_fixes(&text, &report.diagnostics, format);
        assert_eq!(fixed.applied, fixed.fixed.len());
        if fixed.applied == 0 {
            assert_eq!(fixed.text, text, "no fix applied but the text changed");
            return;
        }
        assert!(
            round < FIX_ROUNDS,
            "fixing does not converge in {FIX_ROUNDS} rounds\nbefore: {original:?}\nnow: {:?}",
            fixed.text
        );
        report = match linter().lint_text("fuzz", &fixed.text, format) {
            Ok(r) => r,
            Err(e) => panic!(
                "the fixed text no longer parses as {}: {e}\nbefore: {text:?}\nafter: {:?}",
                format.name(),
                fixed.text
            ),
        };
        text = fixed.text;
    }
}
