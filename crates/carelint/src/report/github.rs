//! GitHub Actions workflow commands: each finding becomes an annotation on the pull
//! request's diff.

use std::io::{self, Write};

use super::Reporter;
use super::Summary;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::linter::SourceReport;

/// GitHub Actions annotations: one workflow command per finding.
///
/// ## Wire format
///
/// One line per finding:
///
/// ```text
/// ::warning file=templates/a.md,line=4,col=28,endLine=4,endColumn=31,title=carelint(jargon-rma)::“RMA” is internal jargon (replace with “return authorisation”)
/// ```
///
/// The command is `error`, `warning` or `notice` (for info). The message is the
/// finding's message, followed by ` (replace with “…”)` when the rule suggests a
/// replacement. As the runner requires, `%`, `\r` and `\n` are escaped as `%25`, `%0D`
/// and `%0A` in the message, and additionally `:` and `,` as `%3A` and `%2C` in property
/// values (`file`, `title`). A missing end position repeats the start. Paths are
/// written as given, with `/` separators.
///
/// A source that could not be read becomes an `::error` on that file.
#[derive(Debug, Default)]
pub struct Github;

impl Github {
    /// A GitHub Actions reporter.
    #[must_use]
    pub fn new() -> Github {
        Github
    }
}

/// Escapes the data part of a workflow command (after `::`).
#[must_use]
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command (`file=…`, `title=…`).
#[must_use]
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn display_path(path: &str) -> String {
    crate::baseline::normalize_path(path)
}

impl Reporter for Github {
    fn source(
        &mut self,
        out: &mut dyn Write,
        report: &SourceReport,
        _text: Option<&str>,
    ) -> io::Result<()> {
        for d in &report.diagnostics {
            let end_line = if d.end_line == 0 { d.line } else { d.end_line };
            let end_column = if d.end_column == 0 {
                d.column
            } else {
                d.end_column
            };
            let mut message = d.message.clone();
            if let Some(s) = &d.suggestion {
                message.push_str(&format!(" (replace with “{s}”)"));
            }
            writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                command(d.severity),
                escape_property(&display_path(&d.path)),
                d.line,
                d.column,
                end_line,
                end_column,
                escape_property(&format!("carelint({})", d.rule)),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn error(&mut self, out: &mut dyn Write, error: &Error) -> io::Result<()> {
        match (error.path(), error.line(), error.column()) {
            (Some(path), Some(line), Some(column)) => writeln!(
                out,
                "::error file={},line={line},col={column},title=carelint::{}",
                escape_property(&display_path(path)),
                escape_data(error.message())
            ),
            (Some(path), _, _) => writeln!(
                out,
                "::error file={},title=carelint::{}",
                escape_property(&display_path(path)),
                escape_data(error.message())
            ),
            _ => writeln!(
                out,
                "::error title=carelint::{}",
                escape_data(&error.to_string())
            ),
        }
    }

    /// Files not linted are one notice on the run (no file to annotate), so a workflow
    /// shows them beside the findings.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        match summary.skipped_files() {
            0 => Ok(()),
            n => writeln!(
                out,
                "::notice title=carelint::{}",
                escape_data(&format!(
                    "{} not linted ({})",
                    super::plural(n, "file", "files"),
                    summary.skipped_breakdown()
                ))
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn diag(severity: Severity, message: &str) -> Diagnostic {
        let mut d = crate::fix::sample_diagnostic();
        d.path = "./tmpl\\a,b:c.md".into();
        d.transcript = "x".into();
        d.turn = Some(0);
        d.speaker = Some(crate::Speaker::Agent);
        d.rule = "rma".into();
        d.category = crate::Category::Jargon;
        d.severity = severity;
        d.message = message.into();
        d.line = 4;
        d.column = 28;
        d.span = None;
        d.matched = Some("RMA".into());
        d.suggestion = None;
        d.end_line = 0;
        d.end_column = 0;
        d.transcript_index = 0;
        d
    }

    fn render(diags: Vec<Diagnostic>) -> String {
        let mut out = Vec::new();
        let report = SourceReport {
            diagnostics: diags,
            ..SourceReport::default()
        };
        let mut g = Github::new();
        g.begin(&mut out).unwrap();
        g.source(&mut out, &report, None).unwrap();
        g.finish(&mut out, &Summary::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_command_per_finding_with_escaping() {
        let mut warn = diag(Severity::Warning, "100% “RMA”:\r\nsee, here");
        warn.end_line = 4;
        warn.end_column = 31;
        warn.suggestion = Some("return authorisation".into());
        let out = render(vec![
            warn,
            diag(Severity::Error, "e"),
            diag(Severity::Info, "i"),
        ]);
        assert_eq!(
            out,
            "::warning file=tmpl/a%2Cb%3Ac.md,line=4,col=28,endLine=4,endColumn=31,title=carelint(rma)::100%25 “RMA”:%0D%0Asee, here (replace with “return authorisation”)\n\
             ::error file=tmpl/a%2Cb%3Ac.md,line=4,col=28,endLine=4,endColumn=28,title=carelint(rma)::e\n\
             ::notice file=tmpl/a%2Cb%3Ac.md,line=4,col=28,endLine=4,endColumn=28,title=carelint(rma)::i\n"
        );
    }

    #[test]
    fn errors_are_annotations_too() {
        let mut out = Vec::new();
        let mut g = Github::new();
        g.error(&mut out, &Error::parse("a.txt", 2, 1, "no closing `---`"))
            .unwrap();
        g.error(
            &mut out,
            &Error::new(crate::ErrorKind::Io, "not found").with_path("b.txt"),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=a.txt,line=2,col=1,title=carelint::no closing `---`\n\
             ::error file=b.txt,title=carelint::not found\n"
        );
    }

    #[test]
    fn escaping_rules() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
    }
}
