//! What a new user runs first (issue 12): a CI job that lints nothing, a folder of
//! templates in every template language, UTF-16 exports, documentation beside templates,
//! the everyday flags (`--select`, `--ignore`, `-o`, `-q`, `--exclude`, `--extension`,
//! `--type`), suppressions in CI, JUnit and `--fail-on`, the nearest config per file, and
//! the messages that used to mislead.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common::*;

/// Writes `files` (path, content) below `d`, creating folders.
fn write(d: &Path, files: &[(&str, &[u8])]) {
    for (path, content) in files {
        let p = d.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
    }
}

/// `text` as UTF-16 with a byte-order mark, little- or big-endian.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// The rule ids of a `--format jsonl` run, one per finding, in output order.
fn rules(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["rule"].as_str().unwrap().to_string()
        })
        .collect()
}

/// The paths with findings in a `--format jsonl` run, each once, sorted.
fn paths(o: &Output) -> Vec<String> {
    let mut p: Vec<String> = stdout(o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["path"].as_str().unwrap().to_string()
        })
        .collect();
    p.sort();
    p.dedup();
    p
}

#[test]
fn linting_nothing_exits_two_and_says_what_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("empty")).unwrap();
    write(
        d,
        &[
            ("code/a.py", b"print('hi')\n"),
            ("code/b.yaml", b"a: 1\n"),
            ("code/Makefile", b"all:\n"),
        ],
    );

    let o = carelint_in(d, &["check", "empty"]);
    assert_eq!(o.status.code(), Some(2), "an empty folder is not a pass");
    assert!(
        stderr(&o).contains("error: nothing was linted: no transcript or template was read from empty: the paths hold no files. Pass --allow-empty"),
        "{}",
        stderr(&o)
    );

    let o = carelint_in(d, &["check", "code"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("skipped: 3 files with extensions carelint does not read when walking (no extension: 1, .py: 1, .yaml: 1;"),
        "{err}"
    );
    assert!(err.contains("--extension or --include"), "{err}");

    // The opt-out, in every format.
    for format in [
        "human", "json", "jsonl", "sarif", "junit", "github", "concise",
    ] {
        let o = carelint_in(d, &["check", "code", "--allow-empty", "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
    }

    // Only documentation: says so, and how to read it.
    write(d, &[("docs-only/README.md", b"Agent: FYI\n")]);
    let o = carelint_in(d, &["check", "docs-only"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("1 file of documentation (README, CHANGELOG, LICENSE, CONTRIBUTING, docs/; --include reads them)"),
        "{}",
        stderr(&o)
    );

    // A path that does not exist: the error, then why nothing was linted.
    let o = carelint_in(d, &["check", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("(1 path could not be read: see the errors above)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn skipped_files_are_counted_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[
            ("qa/call.txt", b"Agent: I guarantee it arrives tomorrow.\n"),
            ("qa/notes.py", b"x = 1\n"),
            ("qa/README.md", b"Agent: FYI\n"),
        ],
    );
    let run = |format: &str, extra: &[&str]| {
        let mut args = vec!["check", "qa", "--format", format];
        args.extend_from_slice(extra);
        carelint_in(d, &args)
    };
    let breakdown = "2 files skipped (documentation: 1, other-extension: 1)";

    let o = run("human", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!("; {breakdown}\n")),
        "{}",
        stdout(&o)
    );

    let o = run("json", &[]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["summary"]["skipped"],
        serde_json::json!({"documentation": 1, "other-extension": 1})
    );

    // Streams keep one finding per line; the summary goes to stderr.
    for format in ["jsonl", "concise", "github"] {
        let o = run(format, &[]);
        assert!(stderr(&o).contains(breakdown), "{format}: {}", stderr(&o));
    }
    let o = run("github", &[]);
    assert!(
        stdout(&o).contains(
            "::notice title=carelint::2 files not linted (documentation: 1, other-extension: 1)"
        ),
        "{}",
        stdout(&o)
    );

    let o = run("sarif", &[]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let invocation = &v["runs"][0]["invocations"][0];
    assert_eq!(
        invocation["properties"]["skippedFiles"],
        serde_json::json!({"documentation": 1, "other-extension": 1}),
        "{invocation}"
    );

    let o = run("junit", &[]);
    let xml = stdout(&o);
    assert!(
        xml.contains(r#"<testsuite name="carelint: skipped files""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<testcase name="documentation" classname="carelint">"#),
        "{xml}"
    );

    let o = run("human", &["--statistics"]);
    assert!(stdout(&o).contains(breakdown), "{}", stdout(&o));
    let o = run("json", &["--statistics"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["skipped"]["documentation"], 1, "{v}");
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_read_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plain = "Agent: Hi, I guarantee it arrives tomorrow.\nCustomer: Thanks.\n";
    let json =
        r#"{"id":"j1","turns":[{"speaker":"agent","text":"I guarantee it arrives tomorrow."}]}"#;
    let jsonl = format!("{json}\n{}\n", json.replace("j1", "j2"));
    let csv = "conversation_id,speaker,text\nc1,agent,I guarantee it arrives tomorrow.\n";
    let vtt =
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Agent>I guarantee it arrives tomorrow.\n";
    let template = "Hi {{name}}, I guarantee it arrives tomorrow.\n";
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (little, tag) in [(true, "le"), (false, "be")] {
        for (ext, text) in [
            ("txt", plain),
            ("json", json),
            ("jsonl", jsonl.as_str()),
            ("csv", csv),
            ("vtt", vtt),
            ("hbs", template),
        ] {
            files.push((format!("exports/{tag}.{ext}"), utf16(text, little)));
        }
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    write(d, &refs);
    let o = carelint_in(d, &["check", "exports", "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("binary"), "{}", stderr(&o));
    let mut want: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    want.sort();
    assert_eq!(paths(&o), want, "every file, each with its finding");
    assert!(
        stderr(&o).contains("Found 14 findings (0 errors, 14 warnings, 0 info) in 12 files."),
        "{}",
        stderr(&o)
    );
    // Named on the command line, too (not read as binary).
    let o = carelint_in(d, &["check", "exports/be.txt", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("exports/be.txt:1:12: over-promising-guarantee"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn template_languages_are_templates_with_their_comment_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[
            (
                "t/welcome.html",
                b"<p>Hello {{ name }},</p>\n<!-- carelint: disable-next-line jargon -->\n<p>Your RMA is approved.</p>\n<p>I guarantee it arrives tomorrow.</p>\n",
            ),
            (
                "t/reply.hbs",
                b"Hi {{firstName}},\n{{!-- carelint: disable-next-line jargon --}}\nYour RMA is approved.\n{{! carelint: ignore over-promising }}I guarantee it arrives.\nYour SKU ships today.\n",
            ),
            (
                "t/reply.liquid",
                b"Hi {{ customer.first_name }},\n{% comment %}carelint: disable-next-line jargon{% endcomment %}\nYour RMA is approved.\nYour SKU ships today.\n",
            ),
            (
                "t/reply.j2",
                b"Hi {{ name }},\n{# carelint: disable-next-line jargon #}\nYour RMA is approved.\nYour SKU ships today.\n",
            ),
            (
                "t/reply.mustache",
                b"Hi {{name}},\n{{! carelint: disable-next-line jargon }}\nYour RMA is approved.\nYour SKU ships today.\n",
            ),
            // A label-like first line: still one reply template.
            ("t/macro.jinja", b"Note: your RMA is approved.\n"),
        ],
    );
    let o = carelint_in(d, &["check", "t", "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let found: Vec<(String, String, u64)> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["path"].as_str().unwrap().to_string(),
                v["match"].as_str().unwrap_or("").to_string(),
                v["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // Every "RMA" after a suppression comment is suppressed; every "SKU" is reported.
    assert!(
        !found
            .iter()
            .any(|(p, m, _)| m == "RMA" && !p.ends_with("macro.jinja")),
        "{out}"
    );
    for ext in ["hbs", "liquid", "j2", "mustache"] {
        let p = format!("t/reply.{ext}");
        assert!(
            found.contains(&(p.clone(), "SKU".to_string(), 4 + u64::from(ext == "hbs"))),
            "{p}: {out}"
        );
    }
    assert!(
        found.contains(&("t/welcome.html".into(), "I guarantee".into(), 4)),
        "{out}"
    );
    assert!(
        !found
            .iter()
            .any(|(p, m, _)| p == "t/reply.hbs" && m == "I guarantee"),
        "{out}"
    );
    assert!(
        found.contains(&("t/macro.jinja".into(), "RMA".into(), 1)),
        "{out}"
    );
    // Read as reply templates (the whole text is the agent's), whatever a line looks like.
    let o = carelint_in(d, &["show", "t/macro.jinja"]);
    assert!(
        stdout(&o).contains("reply template `t/macro.jinja`"),
        "{}",
        stdout(&o)
    );
    // --type template reads only the template languages.
    write(d, &[("t/notes.txt", b"Agent: FYI\n")]);
    let o = carelint_in(
        d,
        &["check", "t", "--type", "template", "--format", "jsonl"],
    );
    assert!(!stdout(&o).contains("notes.txt"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("1 file skipped (other-extension: 1)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn documentation_is_not_walked_unless_included() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let finding: &[u8] = b"Your RMA is approved.\n";
    write(
        d,
        &[
            ("repo/README.md", finding),
            ("repo/CHANGELOG.md", finding),
            ("repo/LICENSE.txt", finding),
            ("repo/CONTRIBUTING.md", finding),
            ("repo/docs/guide.md", finding),
            ("repo/templates/reply.md", finding),
        ],
    );
    let o = carelint_in(d, &["check", "repo", "--format", "jsonl"]);
    assert_eq!(paths(&o), ["repo/templates/reply.md"], "{}", stderr(&o));
    assert!(
        stderr(&o).contains("5 files skipped (documentation: 5)"),
        "{}",
        stderr(&o)
    );
    // --include reads one anyway; so does naming it.
    let o = carelint_in(
        d,
        &[
            "check",
            "repo",
            "--include",
            "README.md",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(paths(&o), ["repo/README.md", "repo/templates/reply.md"]);
    let o = carelint_in(d, &["check", "repo/docs/guide.md", "--format", "jsonl"]);
    assert_eq!(paths(&o), ["repo/docs/guide.md"]);
    // The config's include and exclude, relative to its folder.
    write(
        d,
        &[(
            "repo/carelint.yaml",
            b"include: [docs/guide.md]\nexclude: [templates/]\n",
        )],
    );
    let o = carelint_in(&d.join("repo"), &["check", ".", "--format", "jsonl"]);
    assert_eq!(paths(&o), ["./docs/guide.md"], "{}", stderr(&o));
    // --force-exclude (the pre-commit hook): named files are kept out as walked ones are.
    let repo = d.join("repo");
    let named = ["check", "README.md", "docs/guide.md", "templates/reply.md"];
    let o = carelint_in(
        &repo,
        &[&named[..], &["--force-exclude", "--format", "jsonl"]].concat(),
    );
    assert_eq!(paths(&o), ["docs/guide.md"], "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 files skipped (documentation: 1, excluded: 1)"),
        "{}",
        stderr(&o)
    );
    let o = carelint_in(&repo, &["check", "README.md", "--force-exclude"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = carelint_in(
        &repo,
        &["check", "README.md", "--force-exclude", "--allow-empty"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn select_and_ignore_take_rule_ids_and_categories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[(
            "a.txt",
            b"Agent: FYI, your RMA is open. I guarantee it ships today. I think it is fine.\n",
        )],
    );
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "a.txt", "--format", "jsonl"];
        args.extend_from_slice(extra);
        carelint_in(d, &args)
    };
    assert_eq!(
        rules(&run(&[])),
        [
            "jargon-chat-shorthand",
            "jargon-business-terms",
            "over-promising-guarantee"
        ]
    );
    // Selecting a rule that is off by default ("I think": `hedging-opinion`) turns it on.
    assert_eq!(
        rules(&run(&["--select", "hedging-opinion"])),
        ["hedging-opinion"]
    );
    assert_eq!(
        rules(&run(&["--select", "jargon"])),
        ["jargon-chat-shorthand", "jargon-business-terms"]
    );
    assert_eq!(
        rules(&run(&["--select", "jargon-business-terms,over-promising"])),
        ["jargon-business-terms", "over-promising-guarantee"]
    );
    let ignored = rules(&run(&["--ignore", "jargon", "--ignore", "hedging-opinion"]));
    assert!(
        !ignored
            .iter()
            .any(|r| r.starts_with("jargon") || r == "hedging-opinion"),
        "{ignored:?}"
    );
    assert!(
        ignored.contains(&"over-promising-guarantee".to_string()),
        "{ignored:?}"
    );
    // A misspelt name is a usage error with a suggestion, never silently nothing.
    let o = run(&["--select", "jargn"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "--select: `jargn` is neither a rule id nor a category; did you mean `jargon`?"
        ),
        "{}",
        stderr(&o)
    );
    let o = run(&["--ignore", "over-promising-guarante"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `over-promising-guarantee`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn output_file_quiet_exclude_and_extension() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[
            ("qa/a.txt", b"Agent: Your RMA is open.\n"),
            ("qa/drafts/b.txt", b"Agent: Your RMA is open.\n"),
            ("qa/c.bak", b"Agent: Your RMA is open.\n"),
            (
                "qa/d.vtt",
                b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Agent>Your RMA is open.\n",
            ),
            ("qa/e.transcript", b"Agent: Your RMA is open.\n"),
        ],
    );
    // -o: the output goes to the file, nothing to stdout; a second run does not read it.
    let o = carelint_in(
        d,
        &[
            "check",
            "qa",
            "--format",
            "jsonl",
            "-o",
            "qa/findings.jsonl",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let written = fs::read_to_string(d.join("qa/findings.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 4, "{written}");
    let o = carelint_in(
        d,
        &[
            "check",
            "qa",
            "--format",
            "jsonl",
            "-o",
            "qa/findings.jsonl",
        ],
    );
    let again = fs::read_to_string(d.join("qa/findings.jsonl")).unwrap();
    assert_eq!(again, written, "{}", stderr(&o));

    fs::remove_file(d.join("qa/findings.jsonl")).unwrap();

    // -q: findings only (no summary, no timing line).
    let o = carelint_in(d, &["check", "qa/a.txt", "-q", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with("qa/a.txt:1:13: warning[jargon-business-terms]"),
        "{out}"
    );
    assert!(
        !out.contains("finding (") && !out.contains("Checked "),
        "{out}"
    );
    let o = carelint_in(d, &["check", "qa", "-q", "--format", "jsonl"]);
    assert_eq!(stderr(&o), "", "no summary on stderr either");

    // --exclude: names anywhere, and globs.
    let o = carelint_in(
        d,
        &[
            "check",
            "qa",
            "--exclude",
            "drafts",
            "--exclude",
            "*.vtt",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(paths(&o), ["qa/a.txt", "qa/e.transcript"]);
    assert!(stderr(&o).contains("excluded: 2"), "{}", stderr(&o));

    // --extension: only these (an unknown one is read as plain text).
    let o = carelint_in(
        d,
        &["check", "qa", "--extension", "bak,vtt", "--format", "jsonl"],
    );
    assert_eq!(paths(&o), ["qa/c.bak", "qa/d.vtt"]);
    let o = carelint_in(
        d,
        &["check", "qa", "--type", "captions", "--format", "jsonl"],
    );
    assert_eq!(paths(&o), ["qa/d.vtt"]);
}

#[test]
fn help_says_what_carelint_is_with_examples() {
    let o = carelint(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.starts_with("carelint lints customer-care conversations"),
        "{out}"
    );
    assert!(
        out.contains("Examples:\n  carelint check calls/ templates/"),
        "{out}"
    );
    assert!(out.contains("Exit codes: 0 clean, 1 findings"), "{out}");
    let o = carelint(&["check", "--help"]);
    let out = stdout(&o);
    for flag in [
        "--select",
        "--ignore",
        "--exclude",
        "--include",
        "--extension",
        "--type",
        "--output-file",
        "--quiet",
        "--allow-empty",
    ] {
        assert!(out.contains(flag), "{flag}: {out}");
    }
    assert!(
        out.contains("Examples:\n  carelint check calls/ templates/welcome.md"),
        "{out}"
    );
    // explain CATEGORY lists its rules; explain unused-suppression says what it reports.
    let o = carelint(&["explain", "jargon", "--no-config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("jargon: "), "{out}");
    assert!(out.contains("\njargon-business-terms "), "{out}");
    let o = carelint(&["explain", "unused-suppression", "--no-config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("unused-suppressions: off|info|warning|error"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn writing_a_baseline_exits_zero_and_small_edits_keep_matches() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[(
            "t/reply.md",
            b"Hi,\n\nFYI, your RMA number is below. We ship today.\n",
        )],
    );
    let o = carelint_in(d, &["check", "t", "--write-baseline", "t/base.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Recorded 2 findings in 1 file in t/base.json; runs with --baseline t/base.json report only new findings.\n"
    );
    let known = |text: &[u8]| {
        write(d, &[("t/reply.md", text)]);
        let o = carelint_in(
            d,
            &[
                "check",
                "t",
                "--baseline",
                "t/base.json",
                "--format",
                "jsonl",
            ],
        );
        assert!(!stderr(&o).contains("error:"), "{}", stderr(&o));
        rules(&o)
    };
    // Deleting "FYI," beside "RMA" keeps the RMA finding known (the baseline file itself,
    // in the walked folder, is not read as a transcript).
    assert_eq!(
        known(b"Hi,\n\nYour RMA number is below. We ship today.\n"),
        Vec::<String>::new()
    );
    // A rewritten sentence makes it new.
    assert_eq!(
        known(b"Hi,\n\nSorry: the warehouse cancelled the RMA and refunded you.\n"),
        ["jargon-business-terms"]
    );
}

#[test]
fn unused_and_unknown_suppressions_are_findings_with_a_configurable_severity() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[(
            "t/reply.md",
            b"Your order ships today. <!-- carelint: ignore jargon -->\n<!-- carelint: disable-next-line no-such-rule -->\nThanks!\n",
        )],
    );
    let o = carelint_in(d, &["check", "t", "--format", "jsonl"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a warning fails the run: {}",
        stderr(&o)
    );
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["rule"], "unused-suppression");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["category"], "suppression");
    assert_eq!(
        (lines[0]["line"].as_u64(), lines[0]["column"].as_u64()),
        (Some(1), Some(47))
    );
    assert_eq!(
        lines[1]["message"],
        "`no-such-rule` in `carelint: disable-next-line` is neither a rule id nor a category"
    );
    // In every format.
    for format in ["human", "concise", "json", "sarif", "junit", "github"] {
        let o = carelint_in(d, &["check", "t", "--format", format]);
        assert!(
            stdout(&o).contains("unused-suppression"),
            "{format}: {}",
            stdout(&o)
        );
    }
    // The config sets the severity, or switches it off; so does --ignore.
    write(d, &[("t/carelint.yaml", b"unused-suppressions: error\n")]);
    let o = carelint_in(
        d,
        &["check", "t", "--format", "jsonl", "--fail-on", "error"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(r#""severity":"error""#),
        "{}",
        stdout(&o)
    );
    write(d, &[("t/carelint.yaml", b"unused-suppressions: off\n")]);
    let o = carelint_in(d, &["check", "t", "--format", "jsonl"]);
    assert_eq!(
        (o.status.code(), stdout(&o)),
        (Some(0), String::new()),
        "{}",
        stderr(&o)
    );
    fs::remove_file(d.join("t/carelint.yaml")).unwrap();
    let o = carelint_in(
        d,
        &[
            "check",
            "t",
            "--ignore",
            "unused-suppression",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()));
    write(d, &[("t/carelint.yaml", b"unused-suppressions: loud\n")]);
    let o = carelint_in(d, &["check", "t"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "carelint.yaml:1:22: unused-suppressions: `loud` is not info, warning, error or off"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn junit_fails_only_what_fail_on_fails() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Two info findings (chat shorthand, an idiom) and one warning.
    write(
        d,
        &[("a.md", b"FYI, please hang tight. Your RMA is open.\n")],
    );
    let suite = |extra: &[&str]| {
        let mut args = vec!["check", "a.md", "--format", "junit"];
        args.extend_from_slice(extra);
        let o = carelint_in(d, &args);
        let xml = stdout(&o);
        let line = xml
            .lines()
            .find(|l| l.starts_with("<testsuites"))
            .unwrap()
            .to_string();
        (o.status.code(), line)
    };
    assert_eq!(
        suite(&[]),
        (
            Some(1),
            r#"<testsuites name="carelint" tests="3" failures="1" errors="0" skipped="2">"#.into()
        )
    );
    assert_eq!(
        suite(&["--fail-on", "info"]),
        (
            Some(1),
            r#"<testsuites name="carelint" tests="3" failures="3" errors="0" skipped="0">"#.into()
        )
    );
    assert_eq!(
        suite(&["--fail-on", "never"]),
        (
            Some(0),
            r#"<testsuites name="carelint" tests="3" failures="0" errors="0" skipped="3">"#.into()
        )
    );
}

#[test]
fn the_nearest_config_applies_to_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text: &[u8] = b"Agent: FYI, your RMA is open.\n";
    write(
        d,
        &[
            ("a.txt", text),
            ("sub/b.txt", text),
            ("sub/deeper/c.txt", text),
            ("sub/carelint.yaml", b"disable: [jargon-business-terms]\n"),
            ("other.yaml", b"disable: [jargon-chat-shorthand]\n"),
        ],
    );
    let found = |args: &[&str]| -> Vec<(String, String)> {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "jsonl"]);
        let o = carelint_in(d, &all);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["path"].as_str().unwrap().to_string(),
                    v["rule"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pair = |p: &str, r: &str| (p.to_string(), r.to_string());
    // Named from the parent folder: sub/carelint.yaml still applies to sub/b.txt.
    assert_eq!(
        found(&["sub/b.txt", "a.txt"]),
        [
            pair("a.txt", "jargon-chat-shorthand"),
            pair("a.txt", "jargon-business-terms"),
            pair("sub/b.txt", "jargon-chat-shorthand"),
        ]
    );
    // Walking: each file with its nearest config (sub/deeper/ has none: sub's applies).
    assert_eq!(
        found(&["."]),
        [
            pair("./a.txt", "jargon-chat-shorthand"),
            pair("./a.txt", "jargon-business-terms"),
            pair("./sub/b.txt", "jargon-chat-shorthand"),
            pair("./sub/deeper/c.txt", "jargon-chat-shorthand"),
        ]
    );
    // --config overrides them all.
    assert_eq!(
        found(&[".", "--config", "other.yaml"]),
        [
            pair("./a.txt", "jargon-business-terms"),
            pair("./sub/b.txt", "jargon-business-terms"),
            pair("./sub/deeper/c.txt", "jargon-business-terms"),
        ]
    );
}

#[test]
fn messages_that_used_to_mislead() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, &[("a.txt", b"Agent: hello\n")]);
    // Config mistakes are called configuration problems, all listed by position.
    write(
        d,
        &[(
            "carelint.yaml",
            b"disable: [jargn]\nseverity: {idiom: loud}\npaths: [x]\n",
        )],
    );
    let o = carelint_in(d, &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("carelint.yaml:3:1: unknown key `paths`"),
        "{err}"
    );
    assert!(!err.contains("did you mean `paths`"), "{err}");
    assert!(!err.contains("rule files"), "{err}");
    write(
        d,
        &[(
            "carelint.yaml",
            b"disable: [jargn]\nseverity: {idiom: loud}\n",
        )],
    );
    let o = carelint_in(d, &["check", "a.txt"]);
    let err = stderr(&o);
    assert!(err.contains("carelint.yaml:1:11: `jargn` is neither a rule id nor a category; did you mean `jargon`?"), "{err}");
    assert!(
        err.contains("carelint.yaml:2:19: unknown severity `loud`"),
        "{err}"
    );
    assert!(
        err.ends_with("error: invalid configuration (2 problems)\n"),
        "{err}"
    );
    assert!(!err.contains("rule files"), "{err}");
    write(
        d,
        &[(
            "carelint.yaml",
            b"overrides:\n  - paths: [a]\n    paths: [b]\n",
        )],
    );
    let o = carelint_in(d, &["check", "a.txt"]);
    assert!(
        stderr(&o).contains(
            "carelint.yaml:3:5: duplicate key `paths`: a key may appear once in a mapping\n"
        ),
        "{}",
        stderr(&o)
    );
    fs::remove_file(d.join("carelint.yaml")).unwrap();
    // Sizes in one unit: a file above the limit never reads as equal to it.
    write(
        d,
        &[("big.txt", "Agent: hello there.\n".repeat(62_000).as_bytes())],
    );
    let o = carelint_in(d, &["check", "big.txt", "--max-file-size", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("big.txt: file is 1.2 MB, above the --max-file-size limit of 1 MB"),
        "{}",
        stderr(&o)
    );
    let o = carelint_in(d, &["check", "big.txt", "--max-file-size", "2"]);
    assert!(stdout(&o).contains("Checked 1.2 MB in "), "{}", stdout(&o));
}

#[test]
fn show_prints_how_a_file_was_read() {
    let o = carelint(&["show", "fixtures/same-conversation/conversation.jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with(
            "fixtures/same-conversation/conversation.jsonl: JSON Lines, 1 transcript\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("conversation `northwind-0001` (channel voice), 8 turns"),
        "{out}"
    );
    assert!(out.contains("customer_timezone: Europe/Berlin"), "{out}");
    assert!(out.contains("agent → agent: named in the source"), "{out}");
    assert!(
        out.contains("[0:10.0–0:14.0] agent: I'm sorry to hear that."),
        "{out}"
    );
    let o = carelint(&[
        "show",
        "fixtures/same-conversation/conversation.jsonl",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.to_string().contains("northwind-0001"), "{v}");
}
