//! The same conversation written in every format gives the same findings: the same rules
//! on the same turns with the same matched text (positions differ, since they point into
//! each file).

use crate::common::*;
use carelint::{Format, Linter};

/// (rule, turn, matched text) of each finding.
type Found = Vec<(String, Option<usize>, Option<String>)>;

#[test]
fn same_conversation_same_findings_in_every_format() {
    let dir = root().join("fixtures/same-conversation");
    let linter = Linter::builder().build().expect("built-in packs load");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected a file per format, found {}",
        files.len()
    );
    let mut reference: Option<(String, Found)> = None;
    for path in files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let report = linter
            .lint_text(&name, &text, Format::Auto)
            .unwrap_or_else(|e| panic!("{e}"));
        let found: Found = report
            .diagnostics
            .iter()
            .map(|d| (d.rule.clone(), d.turn, d.matched.clone()))
            .collect();
        assert!(
            found
                .iter()
                .any(|(r, _, m)| r.starts_with("jargon") && m.as_deref() == Some("RMA")),
            "{name}: {found:?}"
        );
        for d in &report.diagnostics {
            if let (Some(span), Some(m)) = (d.span, d.matched.as_deref()) {
                assert_eq!(span.len(), m.len(), "{name}");
                assert!(d.line >= 1 && d.column >= 1);
            }
        }
        match &reference {
            None => reference = Some((name, found)),
            Some((ref_name, ref_found)) => {
                assert_eq!(&found, ref_found, "{name} differs from {ref_name}")
            }
        }
    }
}
