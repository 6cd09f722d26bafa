//! JUnit output parsed back with an XML parser: well-formed, escaped, counts add up.

use crate::common::*;
use carelint::report::{Junit, Reporter};
use carelint::{Error, Format, Linter, Summary};

fn attr<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    n.attribute(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", n.tag_name().name()))
}

fn count(n: roxmltree::Node, name: &str) -> usize {
    attr(n, name).parse().unwrap()
}

#[test]
fn junit_parses_back_with_matching_counts() {
    let linter = Linter::builder()
        .default_rules(false)
        .rules_path(root().join("fixtures/ci/pack.yaml"))
        .build()
        .unwrap();
    let chat = std::fs::read_to_string(root().join("fixtures/ci/chat.txt")).unwrap();
    let tricky = "Agent: <b>FYI</b> & \"quotes\" ASAP\u{7}\n";
    let clean = "Agent: All sorted. Is there anything else?\n";
    let sources = [
        ("fixtures/ci/chat.txt", chat.as_str()),
        ("a&b <odd> \"name\".txt", tricky),
        ("clean.txt", clean),
    ];
    let mut j = Junit::new();
    let mut out = Vec::new();
    let mut expected = Vec::new();
    j.begin(&mut out).unwrap();
    for (path, text) in sources {
        let report = linter.lint_text(path, text, Format::Plain).unwrap();
        expected.push((path, report.diagnostics.clone()));
        j.source(&mut out, &report, Some(text)).unwrap();
    }
    j.error(
        &mut out,
        &Error::new(carelint::ErrorKind::Io, "No such file <or> directory").with_path("gone.txt"),
    )
    .unwrap();
    j.finish(&mut out, &Summary::default()).unwrap();
    let xml = String::from_utf8(out).unwrap();

    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), 4);

    let findings: usize = expected.iter().map(|(_, d)| d.len()).sum();
    assert!(findings >= 9, "{expected:?}");
    assert_eq!(count(root, "failures"), findings);
    assert_eq!(count(root, "errors"), 1);
    assert_eq!(
        count(root, "tests"),
        findings + 2,
        "clean file and error count as tests"
    );

    for (suite, (path, diags)) in suites.iter().zip(&expected) {
        assert_eq!(attr(*suite, "name"), *path);
        let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
        assert_eq!(count(*suite, "tests"), cases.len());
        assert_eq!(count(*suite, "failures"), diags.len());
        if diags.is_empty() {
            assert_eq!(cases.len(), 1);
            assert_eq!(attr(cases[0], "name"), "no findings");
            assert_eq!(cases[0].children().filter(|n| n.is_element()).count(), 0);
            continue;
        }
        for (case, d) in cases.iter().zip(diags) {
            assert_eq!(
                attr(*case, "name"),
                format!("{} at {}:{}", d.rule, d.line, d.column)
            );
            assert_eq!(attr(*case, "classname"), d.category.as_str());
            let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
            assert_eq!(attr(failure, "message"), d.message);
            assert_eq!(attr(failure, "type"), d.severity.as_str());
            let body = failure.text().unwrap();
            assert!(
                body.starts_with(&format!("{}:{}:{}: ", d.path, d.line, d.column)),
                "{body}"
            );
        }
    }
    // Escaped text comes back as written; the control character is replaced.
    let tricky_suite = suites[1];
    let first_failure = tricky_suite
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(attr(first_failure, "message"), expected[1].1[0].message);
    assert!(first_failure.text().unwrap().contains("match “FYI”"));
    let error = suites[3]
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .unwrap();
    assert_eq!(
        attr(error, "message"),
        "gone.txt: No such file <or> directory"
    );
}
