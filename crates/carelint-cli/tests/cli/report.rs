//! End-to-end tests of `carelint report` on `fixtures/report/`.
//!
//! The scores of the fixture conversations under the default scorecard, by hand (points:
//! error 25, warning 10, info 3; each category capped at its weight):
//!
//! | conversation | agent, team | findings | points lost (capped) | score |
//! | --- | --- | --- | --- | --- |
//! | call-1002 | Daniel, returns | 2 blame warnings, 2 empathy warnings, 1 jargon warning, 1 over-promising warning, 1 personalization info | blame 20→14, empathy 20→12, jargon 10→8, over-promising 10, personalization 3 | 100 − 47 = 53, fail |
//! | call-1001 | Maria, billing | none | – | 100, pass |
//! | chat-2001 | Maria, billing | none | – | 100, pass |
//! | chat-2002 | Daniel, returns | jargon info, 2 expectation warnings | jargon 3, expectation 20→9 | 88, pass |
//! | chat-2003 | Priya, billing | an unfilled placeholder (fatal) | – | 0, fail |
//! | chat-2004 | Priya, billing | 1 agent turn | – | not scored |
//! | chat-2005 | no agent, no team | none | – | 100, pass |
//! | chat-2006 | Daniel, no team | none | – | 100, pass |
//!
//! Mean of the 7 scored: (53 + 100 + 100 + 88 + 0 + 100 + 100) / 7 = 541 / 7 = 77.29;
//! pass rate 5 / 7.
//!
//! Agents: Daniel (53, 88, 100) mean 241 / 3 = 80.33, 2 of 3 passed, team returns (2 of
//! his 3 conversations); Maria 100; Priya 0 (1 scored of 2); unknown 100.
//!
//! Teams (no team is `unknown`): billing (Maria, Priya: 100, 100, 0, and one not scored)
//! mean 200 / 3 = 66.67, 2 of 3 passed, 1 finding in 8 agent turns = 12.5 per 100;
//! returns (Daniel: 53, 88) mean 70.5, 1 of 2 passed; unknown (chat-2005, chat-2006: 100,
//! 100) mean 100, 2 of 2 passed, 1 named agent.
//!
//! The hedges of chat-2002 ("I think") and chat-2006 ("I believe") are `hedging-opinion`,
//! off by default since blind round 4: they no longer cost points.
//!
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
    teams: PathBuf,
    json: PathBuf,
}

fn outputs() -> Outputs {
    let dir = tempfile::tempdir().unwrap();
    Outputs {
        html: dir.path().join("report.html"),
        csv: dir.path().join("scores.csv"),
        agents: dir.path().join("agents.csv"),
        teams: dir.path().join("teams.csv"),
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
        "--teams-csv",
        o.teams.to_str().unwrap(),
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
    assert_eq!(score("chat-2002"), ("88".into(), "pass".into()));
    assert_eq!(score("chat-2003"), ("0".into(), "fail".into()));
    assert_eq!(score("chat-2004"), ("".into(), "not scored".into()));
    assert_eq!(score("chat-2005"), ("100".into(), "pass".into()));
    assert_eq!(score("chat-2006"), ("100".into(), "pass".into()));
    let json: serde_json::Value = serde_json::from_str(&read(&o.json)).unwrap();
    let s = &json["summary"];
    assert_eq!(
        (s["conversations"].as_u64(), s["scored"].as_u64()),
        (Some(8), Some(7))
    );
    let close = |v: &serde_json::Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-9;
    assert!(close(&s["mean_score"], 541.0 / 7.0), "{}", s["mean_score"]);
    assert_eq!(s["passed"].as_u64(), Some(5));
    let find = |key: &str, field: &str, name: &str| -> serde_json::Value {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a[field] == name)
            .unwrap_or_else(|| panic!("{key}: no {name}"))
            .clone()
    };
    let daniel = find("agents", "agent", "Daniel");
    assert!(close(&daniel["mean_score"], 241.0 / 3.0), "{daniel}");
    assert_eq!(daniel["team"], "returns");
    let billing = find("teams", "team", "billing");
    assert!(close(&billing["mean_score"], 200.0 / 3.0), "{billing}");
    assert_eq!(
        (
            billing["conversations"].as_u64(),
            billing["scored"].as_u64()
        ),
        (Some(4), Some(3))
    );
    assert_eq!(billing["per_100_agent_turns"].as_f64(), Some(12.5));
    let returns = find("teams", "team", "returns");
    assert_eq!(returns["mean_score"].as_f64(), Some(70.5));
    let unknown = find("teams", "team", "unknown");
    assert_eq!(unknown["mean_score"].as_f64(), Some(100.0));
    assert_eq!(unknown["conversations"].as_u64(), Some(2), "never dropped");
    assert_eq!(
        unknown["agents"].as_u64(),
        Some(1),
        "Daniel; unknown not counted"
    );
    let teams: Vec<&str> = json["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["team"].as_str().unwrap())
        .collect();
    assert_eq!(
        teams,
        ["billing", "returns", "unknown"],
        "lowest mean first"
    );
    snapshot("scores.csv", &csv);
    snapshot("agents.csv", &read(&o.agents));
    snapshot("teams.csv", &read(&o.teams));
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
fn the_html_has_a_team_table_with_unknown_teams_kept() {
    let o = outputs();
    let run = report(&o, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let html = read(&o.html);
    let teams = &html[html.find("<section id=\"teams\">").unwrap()..];
    let teams = &teams[..teams.find("</section>").unwrap()];
    let rows: Vec<&str> = teams
        .split("<tr><td>")
        .skip(1)
        .map(|r| &r[..r.find('<').unwrap()])
        .collect();
    assert_eq!(rows, ["billing", "returns", "unknown"], "{teams}");
    assert!(
        teams.contains("<td data-v=\"66.666667\">66.7</td>"),
        "{teams}"
    );
    assert!(teams.contains("names no team"), "{teams}");
    assert!(html.contains("<a href=\"#teams\">Teams</a>"));
}

#[test]
fn the_json_has_the_excerpts_the_html_shows_and_no_more() {
    let o = outputs();
    let run = report(&o, &["--worst", "2", "--sample", "1"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let json: serde_json::Value = serde_json::from_str(&read(&o.json)).unwrap();
    let ids = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("worst"), ["chat-2003", "call-1002"]);
    assert_eq!(ids("sample").len(), 1);
    // The HTML shows the same conversations in full.
    let html = read(&o.html);
    for (section, key) in [("worst", "worst"), ("sample", "sample")] {
        for (k, id) in ids(key).iter().enumerate() {
            let anchor = format!("<article class=\"conv\" id=\"{section}-{}\"><header class=\"conv-head\"><div><h3>{id}</h3>", k + 1);
            assert!(html.contains(&anchor), "{anchor}");
        }
    }
    assert_eq!(
        html.matches("<article class=\"conv\"").count(),
        3,
        "bounded by --worst and --sample"
    );
    // Excerpts only for the listed conversations.
    assert!(json["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c.get("excerpts").is_none()));
    // The fatal placeholder: the customer's cue, the reply, the match and the note.
    let e = &json["worst"][0]["excerpts"][0];
    assert_eq!(e["turn"], 1);
    assert_eq!(e["cue"]["text"], "Can I get a copy of my invoice?");
    assert_eq!(e["cue"]["speaker"], "customer");
    assert_eq!(
        e["reply"]["text"],
        "Dear {{customer_name}}, your invoice is attached."
    );
    let f = &e["findings"][0];
    assert_eq!(f["rule"], "placeholder-unfilled-braces");
    assert_eq!(f["match"], "{{customer_name}}");
    assert_eq!(
        (f["span"]["start"].as_u64(), f["span"]["end"].as_u64()),
        (Some(5), Some(22))
    );
    assert_eq!(f["fatal"], true);
    assert!(
        f["why"].as_str().unwrap().contains("template variable"),
        "{f}"
    );
    // A suggestion, and a finding about the whole conversation (no turn, no cue).
    let call = &json["worst"][1];
    let rma = call["excerpts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["findings"].as_array().unwrap())
        .find(|f| f["match"] == "RMA")
        .unwrap();
    assert_eq!(rma["suggestion"], "return authorisation");
    let whole = call["excerpts"].as_array().unwrap().last().unwrap();
    assert_eq!(
        (
            whole["turn"].is_null(),
            whole["cue"].is_null(),
            whole["reply"].is_null()
        ),
        (true, true, true)
    );
    assert_eq!(
        whole["findings"][0]["rule"],
        "personalization-use-customer-name"
    );
    assert_eq!(
        call["turns"].as_array().unwrap().len(),
        6,
        "the whole conversation"
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
        (&a.teams, &b.teams),
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
        // `check` reads the same config: the mistake shows there too, before any report.
        let check = carelint(&[
            "check",
            "fixtures/report",
            "--config",
            config.to_str().unwrap(),
        ]);
        assert_eq!(check.status.code(), Some(2), "check: {yaml}");
        assert!(
            stderr(&check).contains(expected),
            "check: {yaml}: {}",
            stderr(&check)
        );
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
    // chat-2002: 2 expectation warnings = 10 (3 findings); chat-2003 is no longer fatal.
    assert!(csv.contains(",90,pass,,4,2,3,"), "{csv}");
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
