//! Baselines on real lint results: entries survive unrelated edits, count repeats, and
//! report what went stale.

use crate::common::*;
use carelint::baseline::Entry;
use carelint::{Baseline, Diagnostic, Format, Linter};

fn lint(l: &Linter, text: &str) -> Vec<Diagnostic> {
    l.lint_text("fixtures/ci/chat.txt", text, Format::Plain)
        .unwrap()
        .diagnostics
}

fn chat() -> String {
    std::fs::read_to_string(root().join("fixtures/ci/chat.txt")).unwrap()
}

fn baseline_of(l: &Linter, text: &str) -> Baseline {
    let mut b = Baseline::new();
    b.record_all(&lint(l, text), Some(text));
    b
}

fn brief(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}@{}:{}",
                d.matched.as_deref().unwrap_or("-"),
                d.line,
                d.column
            )
        })
        .collect()
}

#[test]
fn inserted_lines_above_do_not_make_findings_new() {
    let l = ci_pack();
    let old = chat();
    let mut b = baseline_of(&l, &old);
    let n = lint(&l, &old).len();
    assert!(n >= 8);
    assert_eq!(b.len(), n);

    let new = format!("Customer: Hello?\nAgent: Hello, how can I help?\n\n{old}");
    let found = lint(&l, &new);
    assert_eq!(found.len(), n);
    assert_ne!(found[0].line, lint(&l, &old)[0].line, "findings did move");
    let fresh = b.filter(found, Some(&new));
    assert!(fresh.is_empty(), "{:?}", brief(&fresh));
    assert!(b.stale().is_empty());
}

#[test]
fn changed_match_or_context_is_new_and_the_old_entry_is_stale() {
    let l = ci_pack();
    let old = "Agent: Thank you for waiting so patiently, we will send the replacement ASAP.\n\
               Agent: Maybe.\n";
    let mut b = baseline_of(&l, old);
    assert_eq!(b.len(), 3, "ASAP, Maybe, and the missing closing question");

    // An edit in the match's sentence: close enough, not new.
    let far = old.replace("so patiently", "patiently");
    assert!(b.filter(lint(&l, &far), Some(&far)).is_empty());
    b.reset_usage();

    // The matched text changed: new, and the old entry is stale.
    let changed = old.replace("ASAP", "asap");
    let fresh = b.filter(lint(&l, &changed), Some(&changed));
    assert_eq!(brief(&fresh), ["asap@1:73"]);
    let stale = b.stale();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].matched.as_deref(), Some("ASAP"));
    assert_eq!(
        stale[0].context,
        "Agent: Thank you for waiting so patiently, we will send the replacement ASAP."
    );
    assert_eq!(stale[0].count, 1);
    b.reset_usage();

    // The words right around the match changed, the sentence stays close: not new.
    let near = old.replace("the replacement", "a new unit");
    assert!(b.filter(lint(&l, &near), Some(&near)).is_empty());
    b.reset_usage();

    // The sentence rewritten around the match: new.
    let rewritten = old.replace(
        "Thank you for waiting so patiently, we will send the replacement ASAP.",
        "Returns go out ASAP.",
    );
    let fresh = b.filter(lint(&l, &rewritten), Some(&rewritten));
    assert_eq!(brief(&fresh), ["ASAP@1:23"]);

    b.prune();
    assert_eq!(b.len(), 2);
}

#[test]
fn counts_are_respected() {
    let l = ci_pack();
    let one = "Agent: Call me ASAP.\n";
    let mut b = baseline_of(&l, one);
    // The same line twice more: the first is in the baseline, the other two are new.
    let three = "Agent: Call me ASAP.\nAgent: Call me ASAP.\nAgent: Call me ASAP.\n";
    let fresh = b.filter(lint(&l, three), Some(three));
    let abbreviations: Vec<_> = fresh
        .iter()
        .filter(|d| d.rule == "ci-abbreviations")
        .collect();
    assert_eq!(abbreviations.len(), 2);
    assert_eq!(abbreviations[0].line, 2);
}

#[test]
fn save_and_load_round_trip_and_stay_stable() {
    let l = ci_pack();
    let text = chat();
    let b = baseline_of(&l, &text);
    let dir = std::env::temp_dir().join(format!("carelint-ci-baseline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("baseline.json");
    b.write_json(std::fs::File::create(&path).unwrap()).unwrap();
    let json = std::fs::read_to_string(&path).unwrap();
    assert!(
        json.starts_with("{\n  \"version\": 1,\n  \"entries\": [\n"),
        "{json}"
    );
    assert!(!json.contains("\"line\""), "entries are not keyed on lines");
    let loaded = Baseline::load(&path).unwrap();
    assert_eq!(loaded, b);
    assert_eq!(loaded.to_json(), json);
    // Recording the same findings in another order writes the same file.
    let mut reversed = Baseline::new();
    for d in lint(&l, &text).iter().rev() {
        reversed.record(d, Some(&text));
    }
    assert_eq!(reversed.to_json(), json);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn entries_describe_the_finding() {
    let l = ci_pack();
    let text = chat();
    let diags = lint(&l, &text);
    let rma = diags
        .iter()
        .find(|d| d.matched.as_deref() == Some("RMA"))
        .unwrap();
    let e = Entry::for_diagnostic(rma, Some(&text));
    assert_eq!(
        (
            e.path.as_str(),
            e.rule.as_str(),
            e.transcript.as_deref(),
            e.matched.as_deref(),
            e.context.as_str(),
            e.count
        ),
        (
            "fixtures/ci/chat.txt",
            "ci-abbreviations",
            None,
            Some("RMA"),
            "Agent: FYI the RMA form is attached, maybe check it ASAP.",
            1
        )
    );
    let closing = diags.iter().find(|d| d.rule == "ci-closing").unwrap();
    assert_eq!(Entry::for_diagnostic(closing, Some(&text)).context, "");
}
