//! Hostile inputs: every read is capped, errors never echo long input, limits are said
//! in words (issue 11, items 8, 11, 12, 14, 15).

use std::fs;
use std::process::Command;

use crate::common::*;

/// The longest line of `s`, in characters.
fn longest_line(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[cfg(unix)]
#[test]
fn endless_and_binary_sources_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), "Agent: hi\n").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["check", "/dev/zero"],
            "/dev/zero: binary file (NUL byte at byte offset 0)",
        ),
        (
            &["check", "/dev/urandom"],
            "/dev/urandom: binary file (NUL byte at byte offset",
        ),
        (
            &["check", "a.txt", "--config", "/dev/zero"],
            "/dev/zero: config: binary file (NUL byte at byte offset 0)",
        ),
        (
            &["check", "a.txt", "--baseline", "/dev/zero"],
            "/dev/zero: baseline: binary file (NUL byte at byte offset 0)",
        ),
        (
            &["check", "a.txt", "--rules", "/dev/zero"],
            "/dev/zero: rules: binary file (NUL byte at byte offset 0)",
        ),
    ];
    for (args, expected) in cases {
        let o = carelint_in(d, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
    }
    // A configuration inside a linted repository can name a rule pack too.
    fs::write(d.join("carelint.yaml"), "rules: [/dev/zero]\n").unwrap();
    let o = carelint_in(d, &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/dev/zero: rules: binary file"),
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn endless_standard_input_is_capped_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Agent: the RMA is ready.\n").unwrap();
    let o = Command::new("sh")
        .arg("-c")
        .arg("yes | exec \"$0\" check - a.txt --max-file-size 1 --format jsonl")
        .arg(env!("CARGO_BIN_EXE_carelint"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("<stdin>: standard input is larger than the limit of 1 MB"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("\"match\":\"RMA\""),
        "a.txt is still linted"
    );
}

#[test]
fn errors_never_echo_long_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long = "y".repeat(1_000_000);
    fs::write(
        d.join("bad.json"),
        format!(
            r#"{{"id": "c1", "turns": [{{"speaker": "agent", "text": "hi", "start": "{long}"}}]}}"#
        ),
    )
    .unwrap();
    for format in [
        "human", "json", "jsonl", "sarif", "junit", "github", "concise",
    ] {
        let o = carelint_in(d, &["check", "bad.json", "--format", format]);
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(
            longest_line(&stderr(&o)) < 300,
            "{format}: {}",
            &stderr(&o)[..300]
        );
        assert!(
            !stdout(&o).contains(&"y".repeat(81)),
            "{format} echoes the value"
        );
    }
    // A rule pack with a huge id and a huge bad value.
    fs::write(
        d.join("p.yaml"),
        format!(
            "- id: {}\n  category: jargon\n  severity: {long}\n  kind: phrases\n  phrases: [a]\n  message: m\n  why: w\n",
            "X".repeat(100_000)
        ),
    )
    .unwrap();
    let o = carelint_in(d, &["check", "bad.json", "--rules", "p.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(longest_line(&stderr(&o)) < 400, "{}", &stderr(&o)[..400]);
    // A password file given as the configuration: at most 80 characters of it.
    fs::write(
        d.join("passwd"),
        format!("root:$6${}:19000:0:99999:7:::\n", "h".repeat(200)),
    )
    .unwrap();
    let o = carelint_in(d, &["check", "bad.json", "--config", "passwd"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains(&"h".repeat(80)), "{}", stderr(&o));
}

#[test]
fn limits_and_suggestions_are_said_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), "Agent: hi\n").unwrap();
    fs::write(
        d.join("deep.yaml"),
        format!("disable: {}{}\n", "[".repeat(100), "]".repeat(100)),
    )
    .unwrap();
    let o = carelint_in(d, &["check", "a.txt", "--config", "deep.yaml"]);
    assert!(
        stderr(&o).contains("deep.yaml:1:") && stderr(&o).contains("it is nested too deeply"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("Depth {"), "{}", stderr(&o));
    fs::write(d.join("zz.yaml"), "zz: 1\n").unwrap();
    let o = carelint_in(d, &["check", "a.txt", "--config", "zz.yaml"]);
    assert!(stderr(&o).contains("unknown key `zz`"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
    fs::write(d.join("dis.yaml"), "dissable: [x]\n").unwrap();
    let o = carelint_in(d, &["check", "a.txt", "--config", "dis.yaml"]);
    assert!(
        stderr(&o).contains("did you mean `disable`?"),
        "{}",
        stderr(&o)
    );
    let o = carelint_in(d, &["explain", "zz"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
    // The binary-file error has a position: the byte offset of the first NUL.
    fs::write(d.join("nul.txt"), b"Agent: hi\0there").unwrap();
    let o = carelint_in(d, &["check", "nul.txt"]);
    assert!(
        stderr(&o).contains("nul.txt: binary file (NUL byte at byte offset 9)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn aliases_in_a_config_cannot_blow_up() {
    // 5,000 words aliased 45 times under `paths:`: 225,000 globs if expanded.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
    let mut config = format!("vocabulary: &v [{}]\noverrides:\n", words.join(", "));
    for _ in 0..45 {
        config.push_str("  - paths: *v\n");
    }
    fs::write(d.join("carelint.yaml"), config).unwrap();
    fs::write(d.join("a.txt"), "Agent: hi\n").unwrap();
    let o = carelint_in(d, &["check", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.ends_with(
            "carelint.yaml:21:12: the YAML document is too large once its aliases are expanded\n"
        ),
        "{err}"
    );
}

#[test]
fn the_summary_counts_what_ignore_rules_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("repo/vendor")).unwrap();
    fs::create_dir_all(d.join("config/git")).unwrap();
    fs::write(d.join("repo/a.txt"), "Agent: hi\n").unwrap();
    fs::write(d.join("repo/b.txt"), "Agent: hi\n").unwrap();
    fs::write(d.join("repo/vendor/c.txt"), "Agent: hi\n").unwrap();
    fs::write(d.join("repo/.hidden.txt"), "Agent: hi\n").unwrap();
    fs::write(d.join("repo/.ignore"), "vendor/\n").unwrap();
    // The git-global excludes (XDG_CONFIG_HOME/git/ignore) skip every .txt file.
    fs::write(d.join("config/git/ignore"), "*.txt\n").unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_carelint"))
            .args(["check", "repo", "--color", "never"])
            .args(extra)
            .current_dir(d)
            .env("XDG_CONFIG_HOME", d.join("config"))
            .env("HOME", d)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    let out = stdout(&o);
    assert!(out.contains("in 0 files"), "{out}");
    assert!(
        out.contains("3 files and 1 folder skipped by ignore rules (--no-ignore lints them)."),
        "{out}"
    );
    let o = run(&["--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(2), "nothing was linted");
    assert!(
        stderr(&o).contains("Found 0 findings in 0 files; 3 files skipped (ignored: 3)."),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("3 files and 1 folder skipped by ignore rules (.gitignore, .ignore, .carelintignore, hidden names; --no-ignore reads them)"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--no-ignore"]);
    assert!(stdout(&o).contains("in 4 files"), "{}", stdout(&o));
    // Read without ignore rules, `.ignore` itself is a walked file of no known extension.
    assert!(
        stdout(&o).contains("; 1 file skipped (other-extension: 1)"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("ignore rules"), "{}", stdout(&o));
}
