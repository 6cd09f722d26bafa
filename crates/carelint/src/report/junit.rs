//! JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure).

use std::io::{self, Write};

use super::Reporter;
use super::Summary;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::linter::SourceReport;

/// JUnit XML output.
///
/// ## Wire format
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <testsuites name="carelint" tests="3" failures="1" errors="1">
///   <testsuite name="templates/a.md" tests="1" failures="1" errors="0" skipped="0">
///     <testcase name="rma at 4:28" classname="jargon" file="templates/a.md" line="4">
///       <failure message="“RMA” is internal jargon" type="warning">templates/a.md:4:28: warning[rma] “RMA” is internal jargon
/// turn 3 (agent), match “RMA”, replace with “return authorisation”</failure>
///     </testcase>
///   </testsuite>
///   <testsuite name="templates/clean.md" tests="1" failures="0" errors="0" skipped="0">
///     <testcase name="no findings" classname="carelint" file="templates/clean.md"/>
///   </testsuite>
///   <testsuite name="templates/broken.md" tests="1" failures="0" errors="1" skipped="0">
///     <testcase name="read" classname="carelint" file="templates/broken.md">
///       <error message="…" type="parse">…</error>
///     </testcase>
///   </testsuite>
/// </testsuites>
/// ```
///
/// One `<testsuite>` per source (named by its path, in the order sources are
/// reported), one `<testcase>` per finding (`classname` = the rule's category, `name` =
/// `rule-id at line:col`) holding a `<failure>` whose `type` is the severity. A source
/// without findings gets one passing test case, so CI lists it; a source that could not
/// be read gets one test case with an `<error>`. Turns are numbered from 1 in the text.
///
/// Text and attributes are escaped; characters XML 1.0 cannot carry (most control
/// characters) are replaced by U+FFFD. No timestamps or durations are written, so the
/// output is reproducible. The document is written at [`Reporter::finish`], since the
/// root element carries the totals.
#[derive(Debug, Default)]
pub struct Junit {
    suites: Vec<Suite>,
}

#[derive(Debug)]
struct Suite {
    name: String,
    tests: usize,
    failures: usize,
    errors: usize,
    body: String,
}

impl Junit {
    /// A JUnit reporter.
    pub fn new() -> Junit {
        Junit::default()
    }
}

/// Escapes text for an XML attribute value or element content.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// Escapes element content: like [`escape_xml`], but keeps line breaks and tabs
/// readable.
fn escape_text(s: &str) -> String {
    escape_xml(s).replace("&#10;", "\n").replace("&#9;", "\t")
}

/// Whether XML 1.0 allows the character.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
}

fn failure_text(d: &Diagnostic) -> String {
    let mut text = format!(
        "{}:{}:{}: {}[{}] {}",
        d.path, d.line, d.column, d.severity, d.rule, d.message
    );
    let mut details = Vec::new();
    if d.transcript != d.path {
        details.push(format!("transcript {}", d.transcript));
    }
    if let Some(t) = d.turn {
        match &d.speaker {
            Some(s) => details.push(format!("turn {} ({s})", t + 1)),
            None => details.push(format!("turn {}", t + 1)),
        }
    }
    if let Some(m) = &d.matched {
        details.push(format!("match “{m}”"));
    }
    if let Some(s) = &d.suggestion {
        details.push(format!("replace with “{s}”"));
    }
    if !details.is_empty() {
        text.push('\n');
        text.push_str(&details.join(", "));
    }
    text
}

impl Reporter for Junit {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        self.suites.clear();
        Ok(())
    }

    fn source(
        &mut self,
        _out: &mut dyn Write,
        report: &SourceReport,
        _text: Option<&str>,
    ) -> io::Result<()> {
        let path = escape_xml(&report.path);
        let mut body = String::new();
        for d in &report.diagnostics {
            body.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                escape_xml(&format!("{} at {}:{}", d.rule, d.line, d.column)),
                escape_xml(d.category.as_str()),
                escape_xml(&d.path),
                d.line,
                escape_xml(&d.message),
                d.severity,
                escape_text(&failure_text(d)),
            ));
        }
        if report.diagnostics.is_empty() {
            body.push_str(&format!(
                "    <testcase name=\"no findings\" classname=\"carelint\" file=\"{path}\"/>\n"
            ));
        }
        self.suites.push(Suite {
            name: report.path.clone(),
            tests: report.diagnostics.len().max(1),
            failures: report.diagnostics.len(),
            errors: 0,
            body,
        });
        Ok(())
    }

    fn error(&mut self, _out: &mut dyn Write, error: &Error) -> io::Result<()> {
        let path = error.path().unwrap_or_default().to_string();
        let (kind, message) = (error.kind().as_str(), error.to_string());
        let name = if path.is_empty() { "carelint" } else { &path };
        self.suites.push(Suite {
            name: name.to_string(),
            tests: 1,
            failures: 0,
            errors: 1,
            body: format!(
                "    <testcase name=\"read\" classname=\"carelint\" file=\"{}\">\n      <error message=\"{}\" type=\"{kind}\">{}</error>\n    </testcase>\n",
                escape_xml(name),
                escape_xml(&message),
                escape_text(&message),
            ),
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let tests: usize = self.suites.iter().map(|s| s.tests).sum();
        let failures: usize = self.suites.iter().map(|s| s.failures).sum();
        let errors: usize = self.suites.iter().map(|s| s.errors).sum();
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"carelint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
        )?;
        for s in self.suites.drain(..) {
            writeln!(
                out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">",
                escape_xml(&s.name),
                s.tests,
                s.failures,
                s.errors
            )?;
            out.write_all(s.body.as_bytes())?;
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(message: &str) -> Diagnostic {
        let mut d = crate::fix::sample_diagnostic();
        d.path = "a&b.md".into();
        d.transcript = "a&b.md".into();
        d.turn = Some(2);
        d.speaker = Some(crate::Speaker::Agent);
        d.rule = "rma".into();
        d.category = crate::Category::Jargon;
        d.severity = Severity::Warning;
        d.message = message.into();
        d.line = 4;
        d.column = 28;
        d.span = None;
        d.matched = Some("RMA".into());
        d.suggestion = Some("return authorisation".into());
        d.end_line = 4;
        d.end_column = 31;
        d.transcript_index = 0;
        d
    }

    #[test]
    fn suites_cases_and_escaping() {
        let mut j = Junit::new();
        let mut out = Vec::new();
        j.begin(&mut out).unwrap();
        j.source(
            &mut out,
            &SourceReport {
                path: "a&b.md".into(),
                transcripts: 1,
                turns: 3,
                diagnostics: vec![diag("“<RMA>” is \"jargon\"\u{1}")],
                ..SourceReport::default()
            },
            None,
        )
        .unwrap();
        j.source(
            &mut out,
            &SourceReport {
                path: "clean.md".into(),
                ..SourceReport::default()
            },
            None,
        )
        .unwrap();
        j.error(
            &mut out,
            &Error::new(crate::ErrorKind::Io, "not found").with_path("gone.md"),
        )
        .unwrap();
        j.finish(&mut out, &Summary::default()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="carelint" tests="3" failures="1" errors="1">
  <testsuite name="a&amp;b.md" tests="1" failures="1" errors="0" skipped="0">
    <testcase name="rma at 4:28" classname="jargon" file="a&amp;b.md" line="4">
      <failure message="“&lt;RMA&gt;” is &quot;jargon&quot;�" type="warning">a&amp;b.md:4:28: warning[rma] “&lt;RMA&gt;” is &quot;jargon&quot;�
turn 3 (agent), match “RMA”, replace with “return authorisation”</failure>
    </testcase>
  </testsuite>
  <testsuite name="clean.md" tests="1" failures="0" errors="0" skipped="0">
    <testcase name="no findings" classname="carelint" file="clean.md"/>
  </testsuite>
  <testsuite name="gone.md" tests="1" failures="0" errors="1" skipped="0">
    <testcase name="read" classname="carelint" file="gone.md">
      <error message="gone.md: not found" type="io">gone.md: not found</error>
    </testcase>
  </testsuite>
</testsuites>
"#
        );
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(
            escape_xml("a<b>&\"'\n\t\u{0}\u{fffe}😀"),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;&#9;\u{fffd}\u{fffd}😀"
        );
    }
}
