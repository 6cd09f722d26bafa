//! JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure).

use std::borrow::Cow;
use std::io::{self, Seek, Write};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use tempfile::SpooledTempFile;

use super::Reporter;
use super::Summary;
use crate::diagnostic::{Diagnostic, FailLevel};
use crate::error::Error;
use crate::linter::SourceReport;

/// JUnit XML output.
///
/// ## Wire format
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <testsuites name="carelint" tests="3" failures="1" errors="1" skipped="0">
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
/// `rule-id at line:col`) holding a `<failure>` whose `type` is the severity. A finding
/// below the fail level ([`Junit::fail_level`], by default every finding fails) holds a
/// `<skipped>` instead, with the same text: CI lists it without failing the report. A
/// source without findings gets one passing test case, so CI lists it; a source that
/// could not be read gets one test case with an `<error>`. Files the run skipped
/// ([`Summary::skipped`]) make a last test suite, `carelint: skipped files`, with one
/// skipped test case per reason. Turns are numbered from 1 in the text.
///
/// Text and attributes are escaped; characters XML 1.0 cannot carry (most control
/// characters) are replaced by U+FFFD. No timestamps or durations are written, so the
/// output is reproducible.
///
/// The root element carries the totals, so the document is written at
/// [`Reporter::finish`]; the test suites are kept until then in a spooled buffer that
/// moves to an anonymous temporary file past 8 MB, so memory does not grow with the
/// number of findings.
#[derive(Default)]
pub struct Junit {
    /// The test suites written so far, after the root's start tag.
    body: Option<Body>,
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
    /// Findings below this level are skipped test cases, not failures.
    fail_level: Option<FailLevel>,
}

/// quick-xml writes the elements (nesting and indentation); the escaping of values is
/// ours, because JUnit readers need line breaks in attributes as character references
/// (`&#10;`, which quick-xml's escaping does not produce) and characters XML 1.0 cannot
/// carry replaced.
struct Body {
    /// Buffered: quick-xml writes each piece of an element separately, and once the
    /// spool is a file every piece was a system call (two a finding).
    xml: quick_xml::Writer<io::BufWriter<SpooledTempFile>>,
    /// Length of the root start tag written first (only to get the indentation right).
    root_len: u64,
}

/// Bytes of test suites kept in memory before they move to a temporary file.
const SPOOL_MEMORY: usize = 8 << 20;

impl std::fmt::Debug for Junit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Junit")
            .field("tests", &self.tests)
            .field("failures", &self.failures)
            .field("errors", &self.errors)
            .finish_non_exhaustive()
    }
}

impl Junit {
    /// A JUnit reporter.
    #[must_use]
    pub fn new() -> Junit {
        Junit::default()
    }

    /// Findings below `level` (every finding with [`FailLevel::Never`]) become skipped
    /// test cases instead of failures, so the report fails exactly when the run does.
    #[must_use]
    pub fn fail_level(mut self, level: FailLevel) -> Junit {
        self.fail_level = Some(level);
        self
    }

    fn fails(&self, d: &Diagnostic) -> bool {
        self.fail_level.is_none_or(|l| l.fails(d.severity))
    }

    fn body(&mut self) -> io::Result<&mut quick_xml::Writer<io::BufWriter<SpooledTempFile>>> {
        if self.body.is_none() {
            let mut xml = quick_xml::Writer::new_with_indent(
                io::BufWriter::with_capacity(64 << 10, tempfile::spooled_tempfile(SPOOL_MEMORY)),
                b' ',
                2,
            );
            xml.write_event(Event::Start(BytesStart::new("testsuites")))?;
            let root_len = xml.get_mut().stream_position()?;
            self.body = Some(Body { xml, root_len });
        }
        Ok(&mut self.body.as_mut().expect("just set").xml)
    }

    fn suite(&mut self, name: &str, counts: [usize; 4]) -> io::Result<()> {
        let [tests, failures, errors, skipped] = counts;
        self.tests += tests;
        self.failures += failures;
        self.errors += errors;
        self.skipped += skipped;
        let start = element(
            "testsuite",
            &[
                ("name", name),
                ("tests", &tests.to_string()),
                ("failures", &failures.to_string()),
                ("errors", &errors.to_string()),
                ("skipped", &skipped.to_string()),
            ],
        );
        self.body()?.write_event(Event::Start(start))
    }
}

/// A start tag whose attribute values are escaped with [`escape_xml`].
fn element<'a>(name: &'a str, attributes: &[(&'a str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attributes {
        start.push_attribute(Attribute {
            key: QName(key),
            value: Cow::Owned(escape_xml(value)),
        });
    }
    start
}

/// `<name …>text</name>`, the text escaped with [`escape_text`].
fn text_element(
    xml: &mut quick_xml::Writer<io::BufWriter<SpooledTempFile>>,
    start: BytesStart<'_>,
    text: &str,
) -> io::Result<()> {
    let name = start.name().as_ref().to_string();
    xml.write_event(Event::Start(start))?;
    xml.write_event(Event::Text(BytesText::from_escaped(escape_text(text))))?;
    xml.write_event(Event::End(BytesEnd::new(name)))
}

/// Escapes text for an XML attribute value or element content.
#[must_use]
pub(crate) fn escape_xml(s: &str) -> String {
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
        *self = Junit {
            fail_level: self.fail_level,
            ..Junit::default()
        };
        Ok(())
    }

    fn source(
        &mut self,
        _out: &mut dyn Write,
        report: &SourceReport,
        _text: Option<&str>,
    ) -> io::Result<()> {
        let n = report.diagnostics.len();
        let failing: Vec<bool> = report.diagnostics.iter().map(|d| self.fails(d)).collect();
        let failures = failing.iter().filter(|f| **f).count();
        self.suite(&report.path, [n.max(1), failures, 0, n - failures])?;
        let xml = self.body()?;
        for (d, fails) in report.diagnostics.iter().zip(failing) {
            let name = format!("{} at {}:{}", d.rule, d.line, d.column);
            xml.write_event(Event::Start(element(
                "testcase",
                &[
                    ("name", &name),
                    ("classname", d.category.as_str()),
                    ("file", &d.path),
                    ("line", &d.line.to_string()),
                ],
            )))?;
            let failure = element(
                if fails { "failure" } else { "skipped" },
                &[("message", &d.message), ("type", d.severity.as_str())],
            );
            text_element(xml, failure, &failure_text(d))?;
            xml.write_event(Event::End(BytesEnd::new("testcase")))?;
        }
        if n == 0 {
            xml.write_event(Event::Empty(element(
                "testcase",
                &[
                    ("name", "no findings"),
                    ("classname", "carelint"),
                    ("file", &report.path),
                ],
            )))?;
        }
        xml.write_event(Event::End(BytesEnd::new("testsuite")))
    }

    fn error(&mut self, _out: &mut dyn Write, error: &Error) -> io::Result<()> {
        let path = error.path().unwrap_or_default().to_string();
        let message = error.to_string();
        let name = if path.is_empty() { "carelint" } else { &path };
        self.suite(name, [1, 0, 1, 0])?;
        let xml = self.body()?;
        xml.write_event(Event::Start(element(
            "testcase",
            &[("name", "read"), ("classname", "carelint"), ("file", name)],
        )))?;
        let start = element(
            "error",
            &[("message", &message), ("type", error.kind().as_str())],
        );
        text_element(xml, start, &message)?;
        xml.write_event(Event::End(BytesEnd::new("testcase")))?;
        xml.write_event(Event::End(BytesEnd::new("testsuite")))
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if !summary.skipped.is_empty() {
            let n = summary.skipped.len();
            self.suite("carelint: skipped files", [n, 0, 0, n])?;
            let xml = self.body()?;
            for (reason, count) in &summary.skipped {
                xml.write_event(Event::Start(element(
                    "testcase",
                    &[("name", reason), ("classname", "carelint")],
                )))?;
                let files = if *count == 1 { "file" } else { "files" };
                xml.write_event(Event::Empty(element(
                    "skipped",
                    &[("message", &format!("{count} {files} not linted: {reason}"))],
                )))?;
                xml.write_event(Event::End(BytesEnd::new("testcase")))?;
            }
            xml.write_event(Event::End(BytesEnd::new("testsuite")))?;
        }
        self.body()?;
        let Body { mut xml, root_len } = self.body.take().expect("just made");
        xml.write_event(Event::End(BytesEnd::new("testsuites")))?;
        let mut spool = xml.into_inner().into_inner().map_err(|e| e.into_error())?;
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        write!(
            out,
            "<testsuites name=\"carelint\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            self.tests, self.failures, self.errors, self.skipped
        )?;
        spool.seek(io::SeekFrom::Start(root_len))?;
        io::copy(&mut spool, out)?;
        writeln!(out)
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
<testsuites name="carelint" tests="3" failures="1" errors="1" skipped="0">
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
    fn an_empty_run_is_a_valid_document() {
        let mut j = Junit::new();
        let mut out = Vec::new();
        j.begin(&mut out).unwrap();
        j.finish(&mut out, &Summary::default()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"carelint\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n</testsuites>\n"
        );
    }

    #[test]
    fn findings_below_the_fail_level_are_skipped_and_skipped_files_listed() {
        let mut j = Junit::new().fail_level(FailLevel::At(Severity::Error));
        let mut out = Vec::new();
        j.begin(&mut out).unwrap();
        let report = SourceReport {
            path: "a.md".into(),
            diagnostics: vec![diag("m")],
            ..SourceReport::default()
        };
        j.source(&mut out, &report, None).unwrap();
        let mut summary = Summary::default();
        summary.skip("binary");
        j.finish(&mut out, &summary).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(
            xml.contains(
                r#"<testsuites name="carelint" tests="2" failures="0" errors="0" skipped="2">"#
            ),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<skipped message="m" type="warning">"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<skipped message="1 file not linted: binary"/>"#),
            "{xml}"
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
