//! Human output, in the style of rustc and ruff:
//!
//! ```text
//! fixtures/plain/refund.txt:4:28: warning[jargon-business-abbreviations] “RMA” may be unfamiliar to the customer
//!   |
//! 4 | Agent: I'll email you the RMA number today.
//!   |                           ^^^ replace with “return authorisation”
//! ```

use std::io::{self, Write};

use super::{findings_breakdown, plural, skipped_note, unreadable_note, Summary};
use super::{nth_line, Reporter};
use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::SourceReport;

/// Settings for [`Human`].
#[derive(Debug, Clone, Default)]
pub struct HumanOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Show the source line under each finding (when the source text is available).
    pub hide_source: bool,
}

/// Human-readable output with source excerpts and a summary line.
#[derive(Debug, Default)]
pub struct Human {
    options: HumanOptions,
}

impl Human {
    /// A human reporter with these options.
    pub fn new(options: HumanOptions) -> Human {
        Human { options }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.options.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity_code(s: Severity) -> &'static str {
        match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        }
    }

    fn write_one(&self, out: &mut dyn Write, d: &Diagnostic, text: Option<&str>) -> io::Result<()> {
        let code = Self::severity_code(d.severity);
        writeln!(
            out,
            "{}: {}{} {}",
            self.paint("1", &format!("{}:{}:{}", d.path, d.line, d.column)),
            self.paint(code, d.severity.as_str()),
            self.paint(code, &format!("[{}]", d.rule)),
            d.message
        )?;
        let line_text = if self.options.hide_source {
            None
        } else {
            text.and_then(|t| nth_line(t, d.line))
        };
        let help = d
            .suggestion
            .as_ref()
            .map(|s| format!(" replace with “{s}”"))
            .unwrap_or_default();
        match line_text {
            Some(line_text) if d.span.is_some() => {
                let gutter = d.line.to_string();
                let pad = " ".repeat(gutter.len());
                let (shown, start_col) = window(line_text, d.column);
                let width = if d.end_line == d.line && d.end_column > d.column {
                    d.end_column - d.column
                } else {
                    line_text
                        .chars()
                        .count()
                        .saturating_sub(d.column - 1)
                        .max(1)
                };
                let bar = self.paint("1;34", "|");
                writeln!(out, "{pad} {bar}")?;
                writeln!(out, "{} {bar} {}", self.paint("1;34", &gutter), shown)?;
                writeln!(
                    out,
                    "{pad} {bar} {}{}{}",
                    " ".repeat(start_col - 1),
                    self.paint(code, &"^".repeat(width.min(120))),
                    self.paint(code, &help)
                )?;
                writeln!(out)?;
            }
            Some(line_text) if d.turn.is_some() => {
                // A finding about a whole turn: show where it starts.
                let gutter = d.line.to_string();
                let pad = " ".repeat(gutter.len());
                let (shown, _) = window(line_text, 1);
                let bar = self.paint("1;34", "|");
                writeln!(out, "{pad} {bar}")?;
                writeln!(out, "{} {bar} {}", self.paint("1;34", &gutter), shown)?;
                writeln!(out)?;
            }
            _ => {
                if !help.is_empty() {
                    writeln!(out, "  = help:{help}")?;
                }
                writeln!(out)?;
            }
        }
        Ok(())
    }
}

/// Cuts very long lines to a window around the column; returns the shown text and the
/// column of the finding within it.
fn window(line: &str, column: usize) -> (String, usize) {
    const MAX: usize = 160;
    let count = line.chars().count();
    if count <= MAX {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(60).max(1);
    let shown: String = line.chars().skip(start - 1).take(MAX).collect();
    let prefix = if start > 1 { "…" } else { "" };
    let suffix = if start - 1 + MAX < count { "…" } else { "" };
    (
        format!("{prefix}{shown}{suffix}"),
        column - start + 1 + usize::from(start > 1),
    )
}

impl Reporter for Human {
    fn source(
        &mut self,
        out: &mut dyn Write,
        report: &SourceReport,
        text: Option<&str>,
    ) -> io::Result<()> {
        for d in &report.diagnostics {
            self.write_one(out, d, text)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let line = format!(
            "{} in {}, {} and {}{}{}",
            findings_breakdown(s),
            plural(s.files, "file", "files"),
            plural(s.transcripts, "transcript", "transcripts"),
            plural(s.turns, "turn", "turns"),
            unreadable_note(s),
            skipped_note(s)
        );
        let code = if s.errors > 0 {
            "1;31"
        } else if s.warnings > 0 {
            "1;33"
        } else {
            "1;32"
        };
        writeln!(out, "{}", self.paint(code, &line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_keeps_short_lines() {
        assert_eq!(window("abc", 2), ("abc".to_string(), 2));
    }

    #[test]
    fn window_cuts_long_lines_around_the_column() {
        let line = "x".repeat(1000) + "RMA" + &"y".repeat(1000);
        let (shown, col) = window(&line, 1001);
        assert!(shown.chars().count() <= 162);
        let chars: Vec<char> = shown.chars().collect();
        assert_eq!(chars[col - 1..col + 2].iter().collect::<String>(), "RMA");
    }
}
