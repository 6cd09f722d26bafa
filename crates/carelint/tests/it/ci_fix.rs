//! Fixes on real lint results: convergence, line endings, final newlines, escaping in
//! structured formats. (The diff and the atomic write are the CLI's: `carelint-cli`'s
//! `check::diff` and `atomic` modules test them.)

use crate::common::*;
use carelint::fix::apply_fixes;
use carelint::{Diagnostic, Format, Linter};
use std::fs;

fn lint(l: &Linter, text: &str) -> Vec<Diagnostic> {
    l.lint_text("t.txt", text, Format::Plain)
        .unwrap_or_else(|e| panic!("{e}"))
        .diagnostics
}

fn fixable(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.suggestion.is_some()).count()
}

#[test]
fn lint_fix_lint_fix_converges() {
    let l = ci_pack();
    let text = fs::read_to_string(root().join("fixtures/ci/chat.txt")).unwrap();
    let diags = lint(&l, &text);
    assert_eq!(fixable(&diags), 4, "ASAP, FYI, RMA, ASAP in agent turns");
    let first = apply_fixes(&text, &diags, Format::Plain);
    assert_eq!((first.applied, first.skipped), (4, 0));
    assert_eq!(
        first.text,
        "Customer: My replacement still has not arrived.\n\
         Agent: I think it ships as soon as possible, I guarantee it.\n\
         Customer: And the RMA?\n\
         Agent: For your information the return authorisation form is attached, maybe check it as soon as possible.\n"
    );
    // The findings without a suggestion still stand, and nothing is left to fix.
    let again = lint(&l, &first.text);
    assert_eq!(fixable(&again), 0);
    assert_eq!(again.len(), diags.len() - 4);
    let second = apply_fixes(&first.text, &again, Format::Plain);
    assert_eq!(second.text, first.text);
    assert_eq!((second.applied, second.skipped), (0, 0));
}

#[test]
fn crlf_line_endings_and_final_newline_are_kept() {
    let l = ci_pack();
    for (text, expected) in [
        (
            "Agent: FYI, see you ASAP.\r\nCustomer: ok\r\n",
            "Agent: For your information, see you as soon as possible.\r\nCustomer: ok\r\n",
        ),
        (
            "Agent: FYI, see you ASAP.\r\nCustomer: ok",
            "Agent: For your information, see you as soon as possible.\r\nCustomer: ok",
        ),
        (
            "Agent: see you ASAP",
            "Agent: see you as soon as possible",
        ),
        (
            "Agent: hi\n\nAgent: see you ASAP\n\n\n",
            "Agent: hi\n\nAgent: see you as soon as possible\n\n\n",
        ),
        (
            "\u{feff}Agent: see you ASAP\r\n",
            "\u{feff}Agent: see you as soon as possible\r\n",
        ),
        (
            "Agent: mixed ASAP\r\nAgent: endings ASAP\nAgent: RMA\r\n",
            "Agent: mixed as soon as possible\r\nAgent: endings as soon as possible\nAgent: Return authorisation\r\n",
        ),
    ] {
        let diags = lint(&l, text);
        let fixed = apply_fixes(text, &diags, Format::Plain);
        assert_eq!(fixed.text, expected, "{text:?}");
        assert_eq!(fixed.skipped, 0, "{text:?}");
        let again = apply_fixes(&fixed.text, &lint(&l, &fixed.text), Format::Plain);
        assert_eq!(again.text, fixed.text, "{text:?}");
    }
}

#[test]
fn stale_findings_are_skipped_not_misapplied() {
    let l = ci_pack();
    let text = "Agent: see you ASAP, FYI.\n";
    let diags = lint(&l, text);
    // The file changed after linting: "ASAP" is gone, "FYI" is where it was.
    let edited = "Agent: see you soon, FYI.\n";
    let fixed = apply_fixes(edited, &diags, Format::Plain);
    assert_eq!(fixed.text, "Agent: see you soon, for your information.\n");
    assert_eq!((fixed.applied, fixed.skipped), (1, 1));
}

/// A pack whose one suggestion holds every character a structured format must escape.
const HOSTILE_SUGGESTION: &str = r#"
- id: rma
  category: jargon
  severity: warning
  kind: phrases
  phrases: [RMA]
  suggest: "return \"authorisation\", see C:\\forms\n& <b>form</b> --> today"
  message: "“{match}” is internal jargon"
  why: w
- id: eta
  category: jargon
  severity: warning
  kind: phrases
  phrases: [ETA]
  suggest: estimated arrival time
  message: "“{match}” is chat shorthand"
  why: w
"#;

/// Fixes `text` as `format`, checks the result still parses as that format, and that
/// linting it again leaves nothing to fix (idempotent).
fn fix_structured(text: &str, format: Format) -> carelint::fix::FixResult {
    let l = linter_with(HOSTILE_SUGGESTION);
    let diags = l.lint_text("t", text, format).unwrap().diagnostics;
    let fixed = carelint::fix::apply_fixes(text, &diags, format);
    let again = l
        .lint_text("t", &fixed.text, format)
        .unwrap_or_else(|e| panic!("the fixed {format:?} no longer parses: {e}\n{}", fixed.text));
    let second = carelint::fix::apply_fixes(&fixed.text, &again.diagnostics, format);
    assert_eq!(second.text, fixed.text, "fixing twice changes more");
    fixed
}

#[test]
fn suggestions_are_escaped_in_json_and_json_lines() {
    let json = r#"{"id": "c1", "turns": [{"speaker": "agent", "text": "Your RMA and ETA."}]}"#;
    for format in [Format::Json, Format::Jsonl] {
        let fixed = fix_structured(json, format);
        assert_eq!(fixed.applied, 2, "{format:?}");
        let v: serde_json::Value = serde_json::from_str(&fixed.text).unwrap();
        assert_eq!(
            v["turns"][0]["text"],
            "Your return \"authorisation\", see C:\\forms\n& <b>form</b> --> today and estimated arrival time."
        );
        assert_eq!(fixed.text.lines().count(), 1, "JSON Lines stay one line");
    }
}

#[test]
fn csv_fixes_are_quoted_or_refused() {
    // Unquoted field: a quote, comma or line break would break the row: refused.
    let csv = "id,speaker,text\nc1,agent,Your RMA and ETA.\n";
    let fixed = fix_structured(csv, Format::Csv);
    assert_eq!((fixed.applied, fixed.skipped), (1, 1));
    assert_eq!(
        fixed.text,
        "id,speaker,text\nc1,agent,Your RMA and estimated arrival time.\n"
    );
    // Quoted field: the line break is still refused (one row per turn)...
    let quoted = "id,speaker,text\nc1,agent,\"Your RMA, and ETA.\"\n";
    let fixed = fix_structured(quoted, Format::Csv);
    assert_eq!((fixed.applied, fixed.skipped), (1, 1));
    // ...and a quote is doubled.
    let l = linter_with(&HOSTILE_SUGGESTION.replace(r#"\n& <b>form</b> --> today"#, ""));
    let diags = l.lint_text("t", quoted, Format::Csv).unwrap().diagnostics;
    let fixed = carelint::fix::apply_fixes(quoted, &diags, Format::Csv);
    assert_eq!(
        fixed.text,
        "id,speaker,text\nc1,agent,\"Your return \"\"authorisation\"\", see C:\\forms, and estimated arrival time.\"\n"
    );
    let turns = l.parse(&fixed.text, Format::Csv, "t").unwrap();
    assert_eq!(
        turns[0].turns[0].text,
        "Your return \"authorisation\", see C:\\forms, and estimated arrival time."
    );
}

#[test]
fn caption_fixes_never_end_a_cue() {
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Agent>Your RMA and ETA.\n\n00:00:02.000 --> 00:00:03.000\n<v Customer>ok\n";
    let fixed = fix_structured(vtt, Format::Vtt);
    assert_eq!(
        (fixed.applied, fixed.skipped),
        (1, 1),
        "the line break is refused"
    );
    let srt = "1\n00:00:01,000 --> 00:00:02,000\nAgent: Your RMA and ETA.\n\n2\n00:00:02,000 --> 00:00:03,000\nCustomer: ok\n";
    let fixed = fix_structured(srt, Format::Srt);
    assert_eq!((fixed.applied, fixed.skipped), (1, 1));
    // Without a line break, VTT gets entities and the text reads back the same.
    let l =
        linter_with(&HOSTILE_SUGGESTION.replace(r#"\n& <b>form</b> --> today"#, " & <b>form</b>"));
    let diags = l.lint_text("t", vtt, Format::Vtt).unwrap().diagnostics;
    let fixed = carelint::fix::apply_fixes(vtt, &diags, Format::Vtt);
    assert!(
        fixed.text.contains("&amp; &lt;b&gt;form&lt;/b&gt;"),
        "{}",
        fixed.text
    );
    let t = l.parse(&fixed.text, Format::Vtt, "t").unwrap();
    assert!(
        t[0].turns[0].text.contains("& <b>form</b>"),
        "{}",
        t[0].turns[0].text
    );
}

/// The reports of a new user: `--fix` must not write broken English.
#[test]
fn fixes_read_as_english_in_context() {
    // `clarity-bureaucratic-phrase` is opt-in (blind round 4); its fix is checked too.
    let l = carelint::Linter::builder()
        .enable("clarity-bureaucratic-phrase")
        .build()
        .expect("built-in rules load");
    for (before, after) in [
        (
            "I'll touch base with you tomorrow.",
            "I'll get in touch with you tomorrow.",
        ),
        // "ASAP" is vague timing (expectation): spelling it out would not fix it, so it
        // has no automatic fix.
        ("We'll touch base ASAP.", "We'll get in touch ASAP."),
        ("I will touch base.", "I will get in touch."),
        (
            "You will get an RMA number by email.",
            "You will get a return authorisation number by email.",
        ),
        ("An SME will call you.", "A specialist will call you."),
        (
            "Kindly note that the store is closed.",
            "Please note that the store is closed.",
        ),
    ] {
        let diags = lint(&l, before);
        let fixed = apply_fixes(before, &diags, Format::Plain);
        assert_eq!(fixed.text, after, "from {before:?}");
    }
}

const ONE_RULE: &str = r#"
- id: t-touch
  category: idiom
  severity: info
  kind: phrases
  phrases: ["touch base", "RMA", "circle back", "get back"]
  suggest: {"touch base": "contact", "rma": "return authorisation", "circle back": "get back to it"}
  message: "“{match}” is an idiom"
  why: Plain words travel further.
  examples:
    flag: ["I'll touch base."]
    pass: ["I'll call."]
    fix:
      - before: "I'll touch base with you."
        after: "I'll contact you."
      - before: "You get an RMA."
        after: "You get a return authorisation."
      - before: "Nothing here."
        after: "Nothing here."
      - before: "Touch base now."
        after: "touch base now."
      - before: "I'll circle back."
        after: "I'll get back to it."
"#;

#[test]
fn fix_examples_are_checked() {
    let l = Linter::builder()
        .default_rules(false)
        .rules_str("p.yaml", ONE_RULE)
        .build()
        .unwrap();
    let failures = l.check_examples();
    let got: Vec<(carelint::ExampleProblem, &str)> = failures
        .iter()
        .map(|f| (f.problem, f.example.as_str()))
        .collect();
    use carelint::ExampleProblem::*;
    assert_eq!(
        got,
        vec![
            (FixMismatch, "I'll touch base with you."),
            (FixMismatch, "Nothing here."),
            (FixMismatch, "Touch base now."),
            (FixStillFlagged, "I'll get back to it."),
        ],
        "{failures:#?}"
    );
    assert!(
        failures[0].detail.contains("“I'll contact with you.”"),
        "{}",
        failures[0].detail
    );
}
