//! Every CI reporter over the same real lint results: one line (or entry) per finding
//! where the format promises it, and no panic on odd findings.

use crate::common::*;
use carelint::report::{Concise, Github, Junit, Reporter, Sarif, Statistics, StatisticsFormat};
use carelint::{Diagnostic, Format, Severity, SourceReport, Summary};

/// (report, text) for each CI fixture, and the run's summary.
fn reports() -> (Vec<(SourceReport, String)>, Summary) {
    let l = ci_pack();
    let mut out = Vec::new();
    let mut summary = Summary::default();
    for name in ["chat.txt", "template.md"] {
        let path = format!("fixtures/ci/{name}");
        let text = std::fs::read_to_string(root().join(&path)).unwrap();
        let report = l.lint_text(&path, &text, Format::Plain).unwrap();
        summary.files += 1;
        summary.transcripts += report.transcripts;
        summary.turns += report.turns;
        for d in &report.diagnostics {
            summary.count(d.severity);
        }
        out.push((report, text));
    }
    (out, summary)
}

fn render(reporter: &mut dyn Reporter, reports: &[(SourceReport, String)], s: &Summary) -> String {
    let mut out = Vec::new();
    reporter.begin(&mut out).unwrap();
    for (r, text) in reports {
        reporter.source(&mut out, r, Some(text)).unwrap();
    }
    reporter.finish(&mut out, s).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn line_formats_write_one_line_per_finding() {
    let (reports, summary) = reports();
    let all: Vec<&Diagnostic> = reports.iter().flat_map(|(r, _)| &r.diagnostics).collect();
    assert_eq!(all.len(), summary.findings);

    let concise = render(&mut Concise::new(), &reports, &summary);
    let lines: Vec<&str> = concise.lines().collect();
    assert_eq!(lines.len(), all.len());
    for (line, d) in lines.iter().zip(&all) {
        assert_eq!(
            *line,
            format!(
                "{}:{}:{}: {} {}",
                d.path, d.line, d.column, d.rule, d.message
            )
        );
    }
    assert_eq!(
        lines[0],
        "fixtures/ci/chat.txt:2:8: ci-hedge “I think” sounds unsure"
    );

    let github = render(&mut Github::new(), &reports, &summary);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), all.len());
    for (line, d) in lines.iter().zip(&all) {
        let command = match d.severity {
            Severity::Error => "::error ",
            Severity::Warning => "::warning ",
            Severity::Info => "::notice ",
        };
        assert!(line.starts_with(command), "{line}");
        assert!(
            line.contains(&format!("title=carelint({})::", d.rule)),
            "{line}"
        );
    }
    assert_eq!(
        lines[1],
        "::warning file=fixtures/ci/chat.txt,line=2,col=25,endLine=2,endColumn=29,\
         title=carelint(ci-abbreviations)::“ASAP” is an abbreviation the customer may not know \
         (replace with “as soon as possible”)"
    );
}

#[test]
fn statistics_add_up() {
    let (reports, summary) = reports();
    let json = render(
        &mut Statistics::new(StatisticsFormat::Json),
        &reports,
        &summary,
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let per_rule: u64 = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    let per_category: u64 = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    assert_eq!(per_rule as usize, summary.findings);
    assert_eq!(per_category as usize, summary.findings);
    assert_eq!(
        v["summary"]["findings"].as_u64().unwrap() as usize,
        summary.findings
    );
    let counts: Vec<u64> = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");

    let text = render(
        &mut Statistics::new(StatisticsFormat::Text),
        &reports,
        &summary,
    );
    assert!(text.starts_with("count  fixable  rule"), "{text}");
    assert!(text.contains("\ncount  category\n"), "{text}");
}

#[test]
fn odd_findings_never_panic() {
    let (mut reports, summary) = reports();
    let template = reports[0].0.diagnostics[0].clone();
    let mut odd = Vec::new();
    for (line, column, end_line, end_column) in [
        (0, 0, 0, 0),
        (usize::MAX, usize::MAX, 0, 0),
        (5, 9, 2, 1),
        (1, 1, usize::MAX, usize::MAX),
    ] {
        let mut d = template.clone();
        d.line = line;
        d.column = column;
        d.end_line = end_line;
        d.end_column = end_column;
        d.message = "::error:: %0A\r\n<x> & \u{0}".into();
        d.path = "we,ird:path\\with %/é".into();
        d.rule = "not-a-loaded-rule".into();
        d.matched = Some(String::new());
        d.suggestion = Some("\n".into());
        odd.push(d);
    }
    reports.push((
        {
            let mut r = SourceReport::new("we,ird:path\\with %/é");
            r.transcripts = 1;
            r.turns = 1;
            r.diagnostics = odd;
            r
        },
        "short".into(),
    ));
    let mut reporters: Vec<Box<dyn Reporter>> = vec![
        Box::new(Concise::new()),
        Box::new(Github::new()),
        Box::new(Junit::new()),
        Box::new(Sarif::new(ci_pack().rules().cloned(), "/")),
        Box::new(Statistics::new(StatisticsFormat::Text)),
        Box::new(Statistics::new(StatisticsFormat::Json)),
    ];
    for r in &mut reporters {
        let out = render(r.as_mut(), &reports, &summary);
        assert!(!out.is_empty());
    }
    // GitHub commands stay one per line, whatever the message holds.
    let github = render(&mut Github::new(), &reports, &summary);
    assert_eq!(github.lines().count(), summary.findings + 4);
    assert!(
        github.contains("::::error:: %250A%0D%0A<x> & \u{0}"),
        "{github}"
    );
}

/// A conversation-level finding (no turn) is reported at the turn it points at, not after
/// the transcript's last turn: a file's findings come in the order of their lines, for
/// files and for transcripts linted in code alike.
#[test]
fn findings_are_ordered_by_the_line_they_point_at() {
    let l = builtin();
    let path = "fixtures/plain/refund-call.txt";
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let report = l.lint_text(path, &text, Format::Auto).unwrap();
    let lines: Vec<(usize, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column))
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted, "{:#?}", report.diagnostics);
    let first = &report.diagnostics[0];
    assert_eq!(
        (first.rule.as_str(), first.turn, first.line),
        ("personalization-use-customer-name", None, 9),
        "the name finding points at the agent's first turn (line 9)"
    );
    // Linted in code, the same transcript gives the same order.
    let t = l.parse(&text, Format::Auto, path).unwrap().remove(0);
    let rules: Vec<String> = l.lint_transcript(&t).into_iter().map(|d| d.rule).collect();
    let from_file: Vec<String> = report.diagnostics.iter().map(|d| d.rule.clone()).collect();
    assert_eq!(rules, from_file);
}
