//! End-to-end tests of `carelint check` on the fixtures: golden outputs of every format,
//! exit codes, bad inputs, baselines, fixes, streamed JSON Lines.
//!
//! The golden outputs are insta snapshots in `tests/cli/snapshots/`; after a deliberate
//! change, run `cargo insta review` (or `INSTA_UPDATE=always cargo test -p carelint-cli`)
//! and review the diff.

use std::process::{Command, Output};

use crate::common::*;

const INPUTS: &[&str] = &["fixtures/plain", "fixtures/templates"];

fn check(format: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--format", format, "--color", "never"];
    args.extend_from_slice(INPUTS);
    args.extend_from_slice(extra);
    carelint(&args)
}

/// Human output without the timing line, which differs from run to run.
fn without_timing(out: &str) -> String {
    out.lines()
        .filter(|l| !l.starts_with("Checked "))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn golden_human() {
    let o = check("human", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().last().unwrap().starts_with("Checked "), "{out}");
    golden("check.human", &without_timing(&out));
}

/// Findings of structured sources (JSON Lines, vendor JSON) show the conversation: the
/// transcript, turn and speaker, the turn's text with the match underlined, and the
/// customer's turn a reply rule reacted to.
#[test]
fn golden_human_structured() {
    let o = carelint(&[
        "check",
        "--color",
        "never",
        "fixtures/same-conversation/conversation.jsonl",
        "fixtures/formats/google_ccai_insights_conversation.json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    golden("check.human-structured", &without_timing(&stdout(&o)));
}

#[test]
fn golden_jsonl() {
    let o = check("jsonl", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    // Every line is an object with exactly the documented fields.
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "category",
                "column",
                "line",
                "match",
                "message",
                "path",
                "rule",
                "severity",
                "span",
                "speaker",
                "suggestion",
                "transcript",
                "turn"
            ]
        );
    }
    golden("check.jsonl", &out);
}

#[test]
fn golden_json() {
    let o = check("json", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    let n = v["diagnostics"].as_array().unwrap().len();
    assert_eq!(v["summary"]["findings"], n);
    assert!(n > 10, "expected real findings on the fixtures, got {n}");
    golden("check.json", &out);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let one = stdout(&check("jsonl", &["--jobs", "1"]));
    for jobs in ["2", "4", "8"] {
        assert_eq!(
            one,
            stdout(&check("jsonl", &["--jobs", jobs])),
            "--jobs {jobs}"
        );
    }
}

#[test]
fn readme_command_lints_the_fixtures_folder() {
    let o = carelint(&["check", "fixtures/", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("fixtures/plain/refund-call.txt:"), "{out}");
    assert!(
        !out.contains("README.md"),
        "fixtures/README.md is ignored via .carelintignore"
    );
    assert!(!out.contains("fixtures/ci/"), "ignored via .carelintignore");
}

#[test]
fn clean_file_exits_zero_and_fail_on_levels() {
    let o = carelint(&["check", "fixtures/plain/clean-chat.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).starts_with(
            "0 findings (0 errors, 0 warnings, 0 info) in 1 file, 1 transcript and 7 turns\n"
        ),
        "{}",
        stdout(&o)
    );
    let o = carelint(&[
        "check",
        "fixtures/templates/shipping-delay.md",
        "--fail-on",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let o = carelint(&[
        "check",
        "fixtures/plain/unfilled-placeholder.txt",
        "--fail-on",
        "error",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "an unfilled placeholder in a conversation is an error"
    );
}

#[test]
fn min_severity_filters() {
    let o = carelint(&[
        "check",
        "fixtures/plain",
        "--min-severity",
        "error",
        "--format",
        "jsonl",
    ]);
    let out = stdout(&o);
    assert!(!out.is_empty());
    assert!(
        out.lines().all(|l| l.contains("\"severity\":\"error\"")),
        "{out}"
    );
}

#[test]
fn stdin_is_read_with_a_name() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carelint"))
        .args([
            "check",
            "-",
            "--stdin-filename",
            "macro.txt",
            "--format",
            "jsonl",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Agent: I'll send the RMA today.\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let out = stdout(&o);
    assert!(out.contains("\"path\":\"macro.txt\""), "{out}");
    assert!(out.contains("\"match\":\"RMA\""), "{out}");
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.txt"), "Agent: I'll send the RMA today.\n").unwrap();
    std::fs::write(
        d.join("latin1.txt"),
        b"Agent: caf\xe9 ok\nsecond\xff line\n",
    )
    .unwrap();
    std::fs::write(d.join("binary.txt"), b"\x00\x01\x02ELF\x00").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("frontmatter.txt"),
        "---\nid: [oops\n---\nAgent: hi\n",
    )
    .unwrap();
    let huge = format!(
        "{} RMA {}\n",
        "word ".repeat(1_000_000),
        "more ".repeat(1_000_000)
    );
    std::fs::write(d.join("huge.txt"), huge).unwrap();

    // Walking a folder: binary files are skipped silently, the others are reported.
    let o = carelint_in(d, &["check", ".", "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(2), "I/O and parse errors exit 2");
    let err = stderr(&o);
    assert!(err.contains("latin1.txt:1:11: invalid UTF-8"), "{err}");
    assert!(err.contains("frontmatter.txt:2:"), "{err}");
    assert!(err.contains("empty.txt: empty file"), "{err}");
    assert!(!err.contains("binary.txt"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let out = stdout(&o);
    assert!(out.contains("\"path\":\"./good.txt\""), "{out}");
    assert!(
        out.contains("\"path\":\"./huge.txt\""),
        "the 10 MB one-line file is linted: {}",
        &out[..out.len().min(400)]
    );

    // Named explicitly, a binary file is an error.
    let o = carelint_in(d, &["check", "binary.txt", "good.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("binary.txt: binary file"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("good.txt:1:"),
        "the rest of the batch still runs"
    );

    // A file above the size limit is reported and skipped.
    let o = carelint_in(d, &["check", "good.txt", "--max-file-size", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("above the --max-file-size limit of 0 bytes"),
        "{}",
        stderr(&o)
    );

    // A missing file.
    let o = carelint_in(d, &["check", "nope.txt", "good.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nope.txt: no such file or folder"),
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("locked.txt");
    std::fs::write(&p, "Agent: hi\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        return; // running as root: permissions are not enforced
    }
    let o = carelint_in(dir.path(), &["check", "locked.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("permission denied"), "{}", stderr(&o));
}

#[test]
fn malformed_rule_files_are_config_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("bad.yaml"),
        "- id: acme-x\n  category: jargon\n  severity: warning\n  kind: pattern\n  pattern: '(unclosed'\n  message: m\n  why: w\n- id: acme-y\n  category: jargn\n  severity: warning\n  kind: phrases\n  phrases: [x]\n  message: m\n  why: w\n",
    )
    .unwrap();
    std::fs::write(d.join("t.txt"), "Agent: hi\n").unwrap();
    let o = carelint_in(d, &["check", "t.txt", "--rules", "bad.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.yaml:5:12: rule `acme-x`: invalid regex"),
        "{err}"
    );
    assert!(
        err.contains(
            "bad.yaml:9:13: rule `acme-y`: unknown category `jargn`; did you mean `jargon`?"
        ),
        "{err}"
    );
    assert!(err.contains("could not load rules (2 problems)"), "{err}");

    std::fs::write(d.join("syntax.yaml"), "- id: a\n  kind: [\n").unwrap();
    let o = carelint_in(d, &["check", "t.txt", "--rules", "syntax.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("syntax.yaml:"), "{}", stderr(&o));
}

#[test]
fn user_rules_combine_with_builtin_and_duplicates_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pack = "- id: acme-bluebook\n  category: jargon\n  severity: error\n  kind: phrases\n  phrases: [bluebook]\n  message: internal name\n  why: customers do not know it\n";
    std::fs::create_dir(d.join("packs")).unwrap();
    std::fs::write(d.join("packs/acme.yaml"), pack).unwrap();
    std::fs::write(
        d.join("t.txt"),
        "Agent: See the bluebook, the RMA is ready.\n",
    )
    .unwrap();
    let o = carelint_in(
        d,
        &["check", "t.txt", "--rules", "packs", "--format", "jsonl"],
    );
    let out = stdout(&o);
    assert!(
        out.contains("acme-bluebook") && out.contains("\"match\":\"RMA\""),
        "{out}"
    );
    let o = carelint_in(
        d,
        &[
            "check",
            "t.txt",
            "--rules",
            "packs",
            "--no-default-rules",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(stdout(&o).lines().count(), 1);
    std::fs::write(d.join("packs/dup.yaml"), pack).unwrap();
    let o = carelint_in(d, &["check", "t.txt", "--rules", "packs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("duplicate rule id; first defined at"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_two() {
    let o = carelint(&["check", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
    let o = carelint(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn rules_explain_and_test_rules() {
    let o = carelint(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("jargon"));
    let o = carelint(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().len() >= 6);
    let id = v[0]["id"].as_str().unwrap().to_string();
    let o = carelint(&["explain", &id]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Why:"));
    let o = carelint(&["explain", "no-such-rule"]);
    assert_eq!(o.status.code(), Some(2));
    let o = carelint(&["test-rules"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn test_rules_fails_clearly_on_a_broken_user_pack() {
    let dir = tempfile::tempdir().unwrap();
    let pack = "- id: acme-bluebook\n  category: jargon\n  severity: error\n  kind: phrases\n  phrases: [bluebook]\n  message: internal name\n  why: customers do not know it\n  examples:\n    flag: [\"open the blue book\"]\n    pass: [\"the bluebook is internal\"]\n";
    std::fs::write(dir.path().join("acme.yaml"), pack).unwrap();
    let o = carelint_in(
        dir.path(),
        &["test-rules", "--no-default-rules", "acme.yaml"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("FAIL acme-bluebook (acme.yaml:1): not flagged"),
        "{out}"
    );
    assert!(
        out.contains("FAIL acme-bluebook (acme.yaml:1): wrongly flagged"),
        "{out}"
    );
    assert!(out.contains("2 failures"), "{out}");
}

#[test]
fn golden_ci_formats() {
    for (format, file) in [
        ("concise", "check.concise"),
        ("sarif", "check.sarif"),
        ("github", "check.github"),
        ("junit", "check.junit"),
    ] {
        let o = check(format, &[]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        // SARIF names the checkout's folder; keep the golden file independent of it.
        let out = stdout(&o).replace(&format!("file://{}/", root().display()), "file:///ROOT/");
        golden(file, &out);
    }
    let o = check("human", &["--statistics"]);
    golden("check.statistics", &stdout(&o));
    let o = check("json", &["--statistics"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["rules"].as_array().unwrap().len() > 5);
    golden("check.statistics-json", &stdout(&o));
}

#[test]
fn github_annotations_escape_messages() {
    let dir = tempfile::tempdir().unwrap();
    let pack = "- id: acme-x\n  category: jargon\n  severity: error\n  kind: phrases\n  phrases: [bluebook]\n  message: \"50% of {match}, sure: a,b\"\n  why: customers do not know it\n";
    std::fs::write(dir.path().join("p.yaml"), pack).unwrap();
    std::fs::write(dir.path().join("t.txt"), "Agent: the bluebook\n").unwrap();
    let o = carelint_in(
        dir.path(),
        &[
            "check",
            "t.txt",
            "--rules",
            "p.yaml",
            "--no-default-rules",
            "--format",
            "github",
        ],
    );
    assert_eq!(
        stdout(&o),
        "::error file=t.txt,line=1,col=12,endLine=1,endColumn=20,title=carelint(acme-x)::50%25 of bluebook, sure: a,b\n"
    );
}

#[test]
fn baseline_survives_an_inserted_line_and_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("reply.md"),
        "Hi {{name}},\n\nYour RMA is approved.\n",
    )
    .unwrap();
    let o = carelint_in(d, &["check", "reply.md", "--write-baseline", "base.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Recorded 1 finding in 1 file in base.json; runs with --baseline base.json report only new findings.\n",
        "one line, no findings"
    );
    // An unrelated line above moves the finding down: still known.
    std::fs::write(
        d.join("reply.md"),
        "Hi {{name}},\n\nThanks for waiting.\nYour RMA is approved.\n",
    )
    .unwrap();
    let o = carelint_in(
        d,
        &[
            "check",
            "reply.md",
            "--baseline",
            "base.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "");
    // A new finding is reported, and only it.
    std::fs::write(
        d.join("reply.md"),
        "Hi {{name}},\n\nYour RMA is approved.\nThe SLA is 5 days.\n",
    )
    .unwrap();
    let o = carelint_in(
        d,
        &[
            "check",
            "reply.md",
            "--baseline",
            "base.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("“SLA”"), "{out}");
    // Fixed findings leave stale entries, which --baseline-prune removes.
    std::fs::write(
        d.join("reply.md"),
        "Hi {{name}},\n\nYour return is approved.\n",
    )
    .unwrap();
    let o = carelint_in(
        d,
        &[
            "check",
            "reply.md",
            "--baseline",
            "base.json",
            "--baseline-prune",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("removed 1 stale entry"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn fix_rewrites_templates_idempotently_and_refuses_transcripts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let crlf = "Hi {{name}},\r\nFYI the SLA is five days.\r\nBTW the form is attached.";
    std::fs::write(d.join("reply.md"), crlf).unwrap();
    std::fs::write(
        d.join("call.txt"),
        "Customer: hi\nAgent: FYI the SLA is five days.\n",
    )
    .unwrap();
    let o = carelint_in(d, &["check", ".", "--diff"]);
    assert_eq!(o.status.code(), Some(1), "there are fixes");
    assert!(
        stdout(&o).contains("+For your information the service agreement is five days."),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("1 transcript file not rewritten"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(d.join("reply.md")).unwrap(),
        crlf,
        "--diff writes nothing"
    );

    let o = carelint_in(d, &["check", ".", "--fix"]);
    assert!(
        stderr(&o).contains("3 findings fixed in 1 file"),
        "{}",
        stderr(&o)
    );
    let fixed = std::fs::read_to_string(d.join("reply.md")).unwrap();
    assert_eq!(
        fixed,
        "Hi {{name}},\r\nFor your information the service agreement is five days.\r\nBy the way the form is attached."
    );
    assert!(
        std::fs::read_to_string(d.join("call.txt"))
            .unwrap()
            .contains("FYI"),
        "transcripts are records"
    );
    let o = carelint_in(d, &["check", ".", "--fix"]);
    assert!(
        stderr(&o).contains("0 findings fixed in 0 files"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(d.join("reply.md")).unwrap(),
        fixed,
        "a second --fix changes nothing"
    );

    let o = carelint_in(d, &["check", "call.txt", "--fix", "--fix-transcripts"]);
    assert!(stderr(&o).contains("fixed in 1 file"), "{}", stderr(&o));
    assert!(!std::fs::read_to_string(d.join("call.txt"))
        .unwrap()
        .contains("FYI"));
}

#[test]
fn jsonl_is_streamed_with_line_numbers_and_bad_lines_do_not_stop_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut text = String::new();
    for i in 0..2500 {
        if i == 1200 {
            text.push_str("{\"id\": \"broken\", \"turns\": [\n");
            continue;
        }
        text.push_str(&format!(
            "{{\"id\":\"c{i}\",\"turns\":[{{\"speaker\":\"customer\",\"text\":\"hi\"}},{{\"speaker\":\"agent\",\"text\":\"Your RMA is ready.\"}}]}}\n"
        ));
    }
    std::fs::write(d.join("calls.jsonl"), text).unwrap();
    let o = carelint_in(
        d,
        &["check", "calls.jsonl", "--format", "jsonl", "--jobs", "2"],
    );
    assert_eq!(o.status.code(), Some(2), "a malformed line is an error");
    assert!(stderr(&o).contains("calls.jsonl:1201:"), "{}", stderr(&o));
    let out = stdout(&o);
    let rma: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["match"] == "RMA")
        .collect();
    assert_eq!(rma.len(), 2499);
    assert_eq!(rma[0]["line"], 1);
    assert_eq!(rma[2498]["line"], 2500);
    let lines: Vec<u64> = rma.iter().map(|v| v["line"].as_u64().unwrap()).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "in line order");
    let one = carelint_in(
        d,
        &["check", "calls.jsonl", "--format", "jsonl", "--jobs", "1"],
    );
    assert_eq!(stdout(&one), out, "identical whatever the thread count");
}

#[test]
fn mixed_folder_of_formats_lints_in_one_run() {
    let o = carelint(&[
        "check",
        "fixtures/same-conversation",
        "fixtures/formats",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{}", stderr(&o));
    assert!(v["summary"]["files"].as_u64().unwrap() >= 24);
}
