//! SARIF output: validated against the official SARIF 2.1.0 JSON Schema (vendored in
//! `tests/data/`, so the test runs offline), and checked for what GitHub code scanning
//! relies on (rule indices, relative URIs, line-independent fingerprints).

use carelint::report::{Reporter, Sarif};
use carelint::{Error, Format, Linter, SourceReport, Summary};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The repository root as an absolute path without `..` (SARIF URIs are made relative
/// to it).
fn root() -> PathBuf {
    crate::common::root().canonicalize().unwrap()
}

fn linter() -> Linter {
    Linter::builder()
        .rules_path(root().join("fixtures/ci/pack.yaml"))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Lints `(path, text)` sources and returns the SARIF log.
fn sarif(linter: &Linter, sources: &[(&str, &str)], errors: &[Error]) -> Value {
    let mut reporter = Sarif::new(linter.rules().cloned(), root()).working_dir(root());
    let mut out = Vec::new();
    let mut summary = Summary::default();
    reporter.begin(&mut out).unwrap();
    for (path, text) in sources {
        let report: SourceReport = linter.lint_text(path, text, Format::Plain).unwrap();
        summary.files += 1;
        for d in &report.diagnostics {
            summary.count(d.severity);
        }
        reporter.source(&mut out, &report, Some(text)).unwrap();
    }
    for e in errors {
        reporter.error(&mut out, e).unwrap();
    }
    reporter.finish(&mut out, &summary).unwrap();
    serde_json::from_slice(&out).unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("fixtures/ci").join(name)).unwrap()
}

fn violations(log: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn validate(log: &Value) {
    let errors = violations(log);
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_check_is_not_vacuous() {
    let l = linter();
    let chat = fixture("chat.txt");
    let mut log = sarif(&l, &[("fixtures/ci/chat.txt", &chat)], &[]);
    validate(&log);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert_eq!(violations(&log).len(), 2, "{:?}", violations(&log));
}

#[test]
fn output_is_valid_sarif_2_1_0() {
    let l = linter();
    let chat = fixture("chat.txt");
    let template = fixture("template.md");
    let log = sarif(
        &l,
        &[
            ("fixtures/ci/chat.txt", &chat),
            ("fixtures/ci/template.md", &template),
        ],
        &[
            Error::parse(
                "fixtures/ci/broken file.txt",
                1,
                1,
                "front matter starts with `---` but has no closing `---` line",
            ),
            Error::new(carelint::ErrorKind::Io, "No such file or directory")
                .with_path("/nowhere/gone.txt"),
        ],
    );
    validate(&log);
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 8, "{results:#?}");
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/ci/broken%20file.txt"
    );
    assert_eq!(
        notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "file:///nowhere/gone.txt"
    );
}

#[test]
fn results_point_at_their_rules_and_files() {
    let l = linter();
    let chat = fixture("chat.txt");
    let log = sarif(&l, &[("fixtures/ci/chat.txt", &chat)], &[]);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), l.rules().len(), "every loaded rule is listed");
    let ci = rules
        .iter()
        .find(|r| r["id"] == "ci-abbreviations")
        .unwrap();
    assert_eq!(ci["defaultConfiguration"]["level"], "warning");
    assert_eq!(ci["properties"]["tags"], serde_json::json!(["jargon"]));
    assert!(ci["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("`I'll call you back ASAP.`"));
    for r in run["results"].as_array().unwrap() {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "fixtures/ci/chat.txt");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    let rma: Vec<&Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["ruleId"] == "ci-abbreviations"
                && r["message"]["text"].as_str().unwrap().contains("RMA")
        })
        .collect();
    // The customer's "RMA" on line 3 is not flagged: the rule reads agent turns.
    assert_eq!(rma.len(), 1);
    assert_eq!(
        rma[0]["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 4, "startColumn": 16, "endLine": 4, "endColumn": 19})
    );
    assert_eq!(
        rma[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "return authorisation"
    );
    assert_eq!(rma[0]["level"], "warning");
    let uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("file:///") && uri.ends_with('/'), "{uri}");
}

#[test]
fn fingerprints_survive_lines_added_above() {
    let l = linter();
    let chat = fixture("chat.txt");
    let moved = format!("Customer: Hello?\nAgent: Hello, thanks for waiting.\n{chat}");
    let fingerprints = |text: &str| -> BTreeSet<(String, String)> {
        let log = sarif(&l, &[("fixtures/ci/chat.txt", text)], &[]);
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["primaryLocationLineHash"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let before = fingerprints(&chat);
    let after = fingerprints(&moved);
    assert!(before.len() >= 7, "{before:?}");
    // Every finding keeps its fingerprint (the conversation-level one has no context
    // that could change either).
    assert!(before.is_subset(&after), "{before:?}\n{after:?}");
}
