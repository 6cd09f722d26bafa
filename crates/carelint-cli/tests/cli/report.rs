//! End-to-end tests of `carelint report` on `fixtures/report/`.
//!
//! The scores of the fixture conversations under the default scorecard, by hand (points:
//! error 25, warning 10, info 3; each category capped at its weight):
//!
//! | conversation | findings | points lost (capped) | score |
//! | --- | --- | --- | --- |
//! | call-1002 (Daniel) | 2 blame warnings, 2 empathy warnings, 1 jargon warning, 1 over-promising warning, 1 personalization info | blame 20→14, empathy 20→12, jargon 10→8, over-promising 10, personalization 3 | 100 − 47 = 53, fail |
//! | call-1001 (Maria) | none | – | 100, pass |
//! | chat-2001 (Maria) | none | – | 100, pass |
//! | chat-2002 (Daniel) | hedging info, jargon info, 2 expectation warnings | hedging 3, jargon 3, expectation 20→9 | 85, pass |
//! | chat-2003 (Priya) | an unfilled placeholder (fatal) | – | 0, fail |
//! | chat-2004 (Priya) | 1 agent turn | – | not scored |
//! | chat-2005 (no agent) | none | – | 100, pass |
//!
//! Mean of the 6 scored: (53 + 100 + 100 + 85 + 0 + 100) / 6 = 73; pass rate 4 / 6.
//! Snapshots are in `fixtures/report/expected/` (`cargo insta review` after a change).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{root, stderr};

/// Runs `carelint` at the repository root with the generation time pinned.
fn carelint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carelint"))
        .args(args)
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1714550400")
        .output()
        .expect("run carelint")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn snapshot(name: &str, value: &str) {
    insta::with_settings!({
        snapshot_path => root().join("fixtures/report/expected"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, value);
    });
}

struct Outputs {
    _dir: tempfile::TempDir,
    html: PathBuf,
    csv: PathBuf,
    agents: PathBuf,
    json: PathBuf,
}

fn outputs() -> Outputs {
    let dir = tempfile::tempdir().unwrap();
    Outputs {
        html: dir.path().join("report.html"),
        csv: dir.path().join("scores.csv"),
        agents: dir.path().join("agents.csv"),
        json: dir.path().join("scores.json"),
        _dir: dir,
    }
}

fn report(o: &Outputs, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        "fixtures/report",
        "--no-config",
        "--html",
        o.html.to_str().unwrap(),
        "--csv",
        o.csv.to_str().unwrap(),
        "--agents-csv",
        o.agents.to_str().unwrap(),
        "--json",
        o.json.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    carelint(&args)
}

#[test]
fn scores_match_the_hand_computed_ones() {
    let o = outputs();
    let run = report(&o, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let csv = read(&o.csv);
    let score = |id: &str| -> (String, String) {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap();
        let cells: Vec<&str> = line.split(',').collect();
        (cells[6].to_string(), cells[7].to_string())
    };
    assert_eq!(score("call-1002"), ("53".into(), "fail".into()));
    assert_eq!(score("call-1001"), ("100".into(), "pass".into()));
    assert_eq!(score("chat-2002"), ("85".into(), "pass".into()));
    assert_eq!(score("chat-2003"), ("0".into(), "fail".into()));
    assert_eq!(score("chat-2004"), ("".into(), "not scored".into()));
    assert_eq!(score("chat-2005"), ("100".into(), "pass".into()));
    let json: serde_json::Value = serde_json::from_str(&read(&o.json)).unwrap();
    let s = &json["summary"];
    assert_eq!(
        (s["conversations"].as_u64(), s["scored"].as_u64()),
        (Some(7), Some(6))
    );
    assert_eq!(s["mean_score"].as_f64(), Some(73.0));
    assert_eq!(s["passed"].as_u64(), Some(4));
    let daniel = json["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agent"] == "Daniel")
        .unwrap();
    assert_eq!(daniel["mean_score"].as_f64(), Some(69.0));
    snapshot("scores.csv", &csv);
    snapshot("agents.csv", &read(&o.agents));
    snapshot("scores.json", &read(&o.json));
}

#[test]
fn the_html_is_self_contained_and_names_the_worst() {
    let o = outputs();
    let run = report(&o, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = read(&o.html);
    assert!(html.starts_with("<!doctype html>"));
    for external in [
        "http://", "https://", "src=", "<link", "@import", "url(http",
    ] {
        assert!(
            !html.contains(external),
            "the page loads nothing: found {external}"
        );
    }
    assert!(
        html.matches("<svg").count() >= 3,
        "histogram, categories, trend"
    );
    let worst = html.find("id=\"worst\"").unwrap();
    let first = html[worst..].find("<h3>").unwrap() + worst;
    assert!(
        html[first..].starts_with("<h3>chat-2003</h3>"),
        "the 0 comes first"
    );
    assert!(html.contains("<mark title="), "matches are highlighted");
    assert!(html.contains("Coaching note"));
    assert!(
        html.contains("Made 2024-05-01 08:00 UTC"),
        "the pinned time"
    );
}

#[test]
fn output_is_the_same_for_any_number_of_threads() {
    let (a, b) = (outputs(), outputs());
    assert_eq!(report(&a, &["--jobs", "1"]).status.code(), Some(0));
    assert_eq!(report(&b, &["--jobs", "4"]).status.code(), Some(0));
    for (x, y) in [
        (&a.html, &b.html),
        (&a.csv, &b.csv),
        (&a.agents, &b.agents),
        (&a.json, &b.json),
    ] {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
}

#[test]
fn an_unwritable_output_fails_before_anything_is_written() {
    let o = outputs();
    let run = carelint(&[
        "report",
        "fixtures/report",
        "--no-config",
        "--csv",
        o.csv.to_str().unwrap(),
        "--html",
        "/nonexistent-folder/report.html",
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(
        err.contains("cannot write the HTML report to /nonexistent-folder/report.html"),
        "{err}"
    );
    assert!(!o.csv.exists(), "nothing half-written");
    let dir = o.csv.parent().unwrap();
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn a_bad_scorecard_is_a_positioned_error() {
    let o = outputs();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "scorecard:\n  fatal: [placeholder-unfiled-braces]\n",
            "carelint.yaml:2:11: scorecard: fatal: unknown rule or category `placeholder-unfiled-braces`; did you mean `placeholder-unfilled-braces`?",
        ),
        (
            "scorecard:\n  categories: {blame: 60, empaty: 40}\n",
            "scorecard: categories: unknown category `empaty`; did you mean `empathy`?",
        ),
        (
            "scorecard:\n  categories:\n    blame: 60\n    empathy: 30\n",
            "carelint.yaml:3:5: scorecard: the category weights add up to 90, not 100",
        ),
    ];
    for (yaml, expected) in cases {
        let config = dir.path().join("carelint.yaml");
        std::fs::write(&config, yaml).unwrap();
        let run = carelint(&[
            "report",
            "fixtures/report",
            "--config",
            config.to_str().unwrap(),
            "--csv",
            o.csv.to_str().unwrap(),
        ]);
        assert_eq!(run.status.code(), Some(2), "{yaml}");
        assert!(stderr(&run).contains(expected), "{yaml}: {}", stderr(&run));
        assert!(!o.csv.exists());
    }
}

#[test]
fn a_scorecard_in_the_config_changes_the_scores() {
    let o = outputs();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("carelint.yaml");
    std::fs::write(
        &config,
        "scorecard:\n  pass-mark: 90\n  points: {warning: 5, info: 1}\n  categories: {blame: 50, expectation: 50}\n  fatal: []\n  metadata: {team: channel, extra: [region]}\n",
    )
    .unwrap();
    let run = carelint(&[
        "report",
        "fixtures/report",
        "--config",
        config.to_str().unwrap(),
        "--csv",
        o.csv.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let csv = read(&o.csv);
    // call-1002: 2 blame warnings = 10 points; other categories weigh nothing.
    assert!(csv.contains("call-1002,fixtures/report/calls/daniel-broken-blender.txt,Daniel,voice,2024-05-06,voice,90,pass,"), "{csv}");
    // chat-2002: 2 expectation warnings = 10; chat-2003 is no longer fatal.
    assert!(csv.contains(",90,pass,,4,2,4,"), "{csv}");
    assert!(
        csv.contains("chat-2003,fixtures/report/chats.jsonl,Priya,chat,2024-05-08,chat,100,pass,"),
        "{csv}"
    );
    // Other keys a team names become columns.
    assert!(
        csv.lines().next().unwrap().ends_with(",language,region"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("call-1001,") && l.ends_with(",EMEA")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("call-1002,") && l.ends_with(",0,")),
        "{csv}"
    );
}

#[test]
fn a_baseline_is_honoured_as_in_check() {
    let o = outputs();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let b = carelint(&[
        "check",
        "fixtures/report",
        "--no-config",
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert!(baseline.exists(), "{}", stderr(&b));
    let run = report(&o, &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let json: serde_json::Value = serde_json::from_str(&read(&o.json)).unwrap();
    assert_eq!(json["summary"]["findings"].as_u64(), Some(0));
    assert_eq!(json["summary"]["mean_score"].as_f64(), Some(100.0));
}

#[test]
fn nothing_to_report_is_an_error() {
    let o = outputs();
    let empty = tempfile::tempdir().unwrap();
    let run = carelint(&[
        "report",
        empty.path().to_str().unwrap(),
        "--no-config",
        "--csv",
        o.csv.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("no conversation was read"),
        "{}",
        stderr(&run)
    );
    assert!(!o.csv.exists());
    let run = carelint(&["report", "fixtures/report", "--no-config"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("say where to write the report"),
        "{}",
        stderr(&run)
    );
}
