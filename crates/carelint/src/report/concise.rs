//! Concise output: one line per finding, nothing else.

use std::io::{self, Write};

use super::Reporter;
use super::{findings_breakdown, plural, skipped_note, unreadable_note, Summary};
use crate::linter::SourceReport;

/// One line per finding.
///
/// ## Wire format
///
/// ```text
/// templates/a.md:4:28: jargon-rma “RMA” is internal jargon
/// ```
///
/// `path:line:col: rule-id message`, with the path as given. Every line has the same
/// shape, so the output can be piped to `grep`, `sort`, `cut -d:` or an editor's quickfix
/// list. **No summary line is written** to the output: a final `Found N findings.` would
/// be the one line that breaks those pipes. A caller that wants a summary writes
/// [`Concise::summary_line`] somewhere else (the CLI: to stderr). Line breaks inside a
/// message are written as spaces, so one finding is always one line. Sources that could
/// not be read are not written either (the caller reports them on stderr).
#[derive(Debug, Default)]
pub struct Concise;

impl Concise {
    /// A concise reporter.
    #[must_use]
    pub fn new() -> Concise {
        Concise
    }

    /// A one-line summary of a run, for a separate writer (e.g. stderr):
    /// `Found 3 findings (1 error, 2 warnings, 0 info) in 2 files.`
    ///
    /// ```
    /// use carelint::report::Concise;
    /// use carelint::Summary;
    ///
    /// let mut s = Summary::default();
    /// s.files = 1;
    /// assert_eq!(Concise::summary_line(&s), "Found 0 findings in 1 file.");
    /// ```
    #[must_use]
    pub fn summary_line(s: &Summary) -> String {
        let files = plural(s.files, "file", "files");
        if s.findings == 0 {
            format!(
                "Found 0 findings in {files}{}{}.",
                unreadable_note(s),
                skipped_note(s)
            )
        } else {
            format!(
                "Found {} in {files}{}{}.",
                findings_breakdown(s),
                unreadable_note(s),
                skipped_note(s)
            )
        }
    }
}

impl Reporter for Concise {
    fn source(
        &mut self,
        out: &mut dyn Write,
        report: &SourceReport,
        _text: Option<&str>,
    ) -> io::Result<()> {
        for d in &report.diagnostics {
            let message = d.message.replace("\r\n", " ").replace(['\n', '\r'], " ");
            writeln!(
                out,
                "{}:{}:{}: {} {}",
                d.path, d.line, d.column, d.rule, message
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};

    fn diag(line: usize, rule: &str, message: &str) -> Diagnostic {
        let mut d = crate::fix::sample_diagnostic();
        d.path = "templates/a.md".into();
        d.transcript = "templates/a.md".into();
        d.turn = Some(0);
        d.speaker = Some(crate::Speaker::Agent);
        d.rule = rule.into();
        d.category = crate::Category::Jargon;
        d.severity = Severity::Warning;
        d.message = message.into();
        d.line = line;
        d.column = 28;
        d.span = None;
        d.matched = None;
        d.suggestion = None;
        d.end_line = 0;
        d.end_column = 0;
        d.transcript_index = 0;
        d
    }

    #[test]
    fn one_line_per_finding_and_no_summary() {
        let mut c = Concise::new();
        let mut out = Vec::new();
        let report = SourceReport {
            path: "templates/a.md".into(),
            diagnostics: vec![
                diag(4, "jargon-rma", "“RMA” is internal jargon"),
                diag(9, "clarity", "two\nlines"),
            ],
            ..SourceReport::default()
        };
        c.begin(&mut out).unwrap();
        c.source(&mut out, &report, None).unwrap();
        c.finish(&mut out, &Summary::default()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "templates/a.md:4:28: jargon-rma “RMA” is internal jargon\n\
             templates/a.md:9:28: clarity two lines\n"
        );
    }

    #[test]
    fn summary_line_counts() {
        let mut s = Summary {
            files: 2,
            ..Summary::default()
        };
        s.count(Severity::Error);
        s.count(Severity::Warning);
        s.count(Severity::Warning);
        assert_eq!(
            Concise::summary_line(&s),
            "Found 3 findings (1 error, 2 warnings, 0 info) in 2 files."
        );
        s.files_with_errors = 1;
        assert!(Concise::summary_line(&s).ends_with("; 1 file could not be read."));
        s.skip("binary");
        s.skip_many("ignored", 2);
        assert!(
            Concise::summary_line(&s).ends_with("; 3 files skipped (binary: 1, ignored: 2)."),
            "{}",
            Concise::summary_line(&s)
        );
    }
}
