//! Inline suppressions (`carelint: disable-next-line`, `disable`/`enable`, `ignore`) in
//! every comment syntax, on real lint results of the CI test pack.

use crate::common::*;
use carelint::suppress::{ProblemKind, SuppressionProblem};
use carelint::{Diagnostic, Format, Linter};

/// The findings before suppression (`lint_text` applies the suppressions itself).
fn lint(l: &Linter, text: &str) -> Vec<Diagnostic> {
    l.parse(text, Format::Plain, "t.md")
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .flat_map(|t| l.lint_transcript(t))
        .collect()
}

/// Lints `text` with its suppressions applied, and returns what is left as `rule@line`
/// plus the problems.
fn run(text: &str, report_unused: bool) -> (Vec<String>, Vec<SuppressionProblem>) {
    let l = Linter::builder()
        .default_rules(false)
        .rules_path(root().join("fixtures/ci/pack.yaml"))
        .report_unused_suppressions(report_unused)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let report = l
        .lint_text("t.md", text, Format::Plain)
        .unwrap_or_else(|e| panic!("{e}"));
    let left = report
        .diagnostics
        .iter()
        .map(|d| format!("{}@{}", d.rule, d.line))
        .collect();
    (left, report.suppression_problems)
}

#[test]
fn fixture_template_uses_every_syntax() {
    let text = std::fs::read_to_string(root().join("fixtures/ci/template.md")).unwrap();
    let l = ci_pack();
    let before: Vec<String> = lint(&l, &text)
        .iter()
        .map(|d| format!("{}@{}", d.rule, d.line))
        .collect();
    assert_eq!(
        before,
        [
            "ci-abbreviations@5",
            "ci-hedge@7",
            "ci-hedge@7",
            "ci-hedge@9",
            "ci-abbreviations@10",
            "ci-guarantee@11",
        ]
    );
    let (left, problems) = run(&text, true);
    assert_eq!(left, ["ci-guarantee@11"]);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn disable_next_line_covers_only_the_next_line() {
    let text = "<!-- carelint: disable-next-line ci-abbreviations, ci-hedge -->\n\
                I think the RMA is ready.\n\
                I think the RMA is ready.\n";
    let (left, problems) = run(text, false);
    assert_eq!(left, ["ci-hedge@3", "ci-abbreviations@3"]);
    assert!(problems.is_empty());
}

#[test]
fn ignore_covers_its_own_line_in_each_line_comment_syntax() {
    for comment in [
        "# carelint: ignore ci-abbreviations",
        "// carelint: ignore ci-abbreviations",
        "<!-- carelint: ignore ci-abbreviations -->",
        "{# carelint: ignore ci-abbreviations #}",
        "/* carelint: disable-line ci-abbreviations */",
    ] {
        let text = format!("Call me ASAP. {comment}\nCall me ASAP.\n");
        let (left, problems) = run(&text, true);
        assert_eq!(left, ["ci-abbreviations@2"], "{comment}");
        assert!(problems.is_empty(), "{comment}: {problems:?}");
    }
}

#[test]
fn disable_enable_ranges_by_rule_category_and_all() {
    let text = "\
# carelint: disable ci-abbreviations
ASAP 1
# carelint: enable ci-abbreviations
ASAP 2
{# carelint: disable jargon #}
ASAP 3, I think
{# carelint: enable jargon #}
<!-- carelint: disable -->
ASAP 4, I think, I guarantee
<!-- carelint: enable hedging -->
ASAP 5, I think
<!-- carelint: enable -->
ASAP 6
<!-- carelint: disable over-promising -->
I guarantee it, ASAP
";
    let (left, problems) = run(text, true);
    assert_eq!(
        left,
        [
            "ci-abbreviations@4",
            "ci-hedge@6",
            "ci-hedge@11",
            "ci-abbreviations@13",
            "ci-abbreviations@15",
        ]
    );
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn disable_without_enable_runs_to_the_end_and_reaches_conversation_findings() {
    // `ci-closing` is a conversation-level finding, placed at line 1, column 1.
    let text = "# carelint: disable\nAgent: Hi, ASAP.\nCustomer: ok\n";
    let l = ci_pack();
    let all = lint(&l, text);
    assert!(all
        .iter()
        .any(|d| d.rule == "ci-closing" && d.turn.is_none()));
    let (left, _) = run(text, false);
    assert!(left.is_empty(), "{left:?}");
    // The same directive on line 2 does not reach line 1.
    let text = "Agent: Hi, ASAP.\n# carelint: disable\nCustomer: ok\n";
    let (left, _) = run(text, false);
    // A conversation-level finding about no turn comes at the transcript's start (1:1).
    assert_eq!(left, ["ci-closing@1", "ci-abbreviations@1"]);
}

#[test]
fn unknown_ids_and_directives_are_reported_with_positions() {
    let text = "<!-- carelint: disable-next-line ci-abreviations, jargon -->\n\
                ASAP\n\
                # carelint: disabel ci-hedge\n";
    let (left, problems) = run(text, false);
    assert!(left.is_empty(), "category `jargon` still applies: {left:?}");
    let got: Vec<(ProblemKind, usize, usize, Option<&str>)> = problems
        .iter()
        .map(|p| (p.kind, p.line, p.column, p.id.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (ProblemKind::UnknownRule, 1, 34, Some("ci-abreviations")),
            (ProblemKind::UnknownDirective, 3, 13, Some("disabel")),
        ]
    );
    assert_eq!(
        problems[0].to_string(),
        "1:34: `ci-abreviations` in `carelint: disable-next-line` is neither a rule id nor a category"
    );
}

#[test]
fn unused_suppressions_only_on_request() {
    let text = "\
# carelint: disable-next-line ci-hedge, ci-abbreviations
ASAP
# carelint: disable
# carelint: enable
All good here. // carelint: ignore ci-guarantee
";
    let (left, problems) = run(text, false);
    assert!(left.is_empty());
    assert!(problems.is_empty());
    let (_, problems) = run(text, true);
    let got: Vec<(usize, usize, Option<&str>)> = problems
        .iter()
        .map(|p| {
            assert_eq!(p.kind, ProblemKind::Unused);
            (p.line, p.column, p.id.as_deref())
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, 31, Some("ci-hedge")),
            (3, 3, None),
            (5, 36, Some("ci-guarantee"))
        ]
    );
}
