//! Human output, in the style of rustc and ruff:
//!
//! ```text
//! fixtures/plain/refund.txt:4:28: warning[jargon-business-abbreviations] “RMA” may be unfamiliar to the customer
//!   |
//! 4 | Agent: I'll email you the RMA number today.
//!   |                           ^^^ replace with “return authorisation”
//! ```
//!
//! Given the transcripts of a structured source (JSON, JSON Lines, CSV, captions, vendor
//! exports, whose lines mean little to a reader), a finding is shown by its conversation
//! instead: the transcript id, the turn number and speaker, and the turn's text with the
//! match underlined; a reply rule's finding ([`HumanOptions::reply_rules`]) shows the
//! other party's turn before it, with the cue underlined:
//!
//! ```text
//! calls.jsonl:2:412: warning[empathy-acknowledge-distress] the customer is upset (“broken”) but …
//!   --> transcript c-17, turn 3 (agent)
//!   |
//! 2 | customer: Hi, my blender arrived broken and this is the third time.
//!   |                              ^^^^^^ cue
//! 3 | agent: Calm down, please.
//!   |
//! ```

use std::io::{self, Write};

use super::{findings_breakdown, plural, skipped_note, unreadable_note, Summary};
use super::{Lines, Reporter};
use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::SourceReport;
use crate::transcript::Transcript;

/// Settings for [`Human`].
#[non_exhaustive]
#[derive(Debug, Clone, Default)]
pub struct HumanOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Show the source line under each finding (when the source text is available).
    pub hide_source: bool,
    /// Rules whose findings are about a reply to the other party's preceding turn (kind
    /// `respond`, e.g. empathy): with transcripts, that turn is shown too, with the
    /// quoted cue underlined.
    pub reply_rules: std::collections::HashSet<String>,
}

/// Human-readable output with source excerpts and a summary line.
#[derive(Debug, Default)]
pub struct Human {
    options: HumanOptions,
}

impl Human {
    /// A human reporter with these options.
    #[must_use]
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

    fn write_one(
        &self,
        out: &mut dyn Write,
        d: &Diagnostic,
        lines: &mut Lines<'_>,
    ) -> io::Result<()> {
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
            lines.get(d.line)
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

impl Human {
    /// A finding of a structured source (JSON, CSV, captions…), shown by its
    /// conversation: transcript id, turn number and speaker, the turn's text with the
    /// match underlined, and for a reply rule the other party's turn before it.
    fn write_turns(&self, out: &mut dyn Write, d: &Diagnostic, t: &Transcript) -> io::Result<()> {
        let code = Self::severity_code(d.severity);
        writeln!(
            out,
            "{}: {}{} {}",
            self.paint("1", &format!("{}:{}:{}", d.path, d.line, d.column)),
            self.paint(code, d.severity.as_str()),
            self.paint(code, &format!("[{}]", d.rule)),
            d.message
        )?;
        let arrow = self.paint("1;34", "-->");
        let Some(ti) = d.turn.filter(|&i| i < t.turns.len()) else {
            writeln!(out, "  {arrow} transcript {}, the whole conversation", t.id)?;
            return writeln!(out);
        };
        let turn = &t.turns[ti];
        writeln!(
            out,
            "  {arrow} transcript {}, turn {} ({})",
            t.id,
            ti + 1,
            turn.speaker
        )?;
        let gutter = (ti + 1).to_string().len();
        let bar = self.paint("1;34", "|");
        writeln!(out, "{:gutter$} {bar}", "")?;
        if self.options.reply_rules.contains(&d.rule) {
            let before = (0..ti).rev().find(|&j| t.turns[j].speaker != turn.speaker);
            if let Some(j) = before {
                let cue = quoted(&d.message).and_then(|q| {
                    let lower = t.turns[j].text.to_lowercase();
                    (lower.len() == t.turns[j].text.len())
                        .then(|| lower.find(&q.to_lowercase()))
                        .flatten()
                        .map(|at| (at, at + q.len()))
                });
                self.turn_line(out, j, &t.turns[j], cue, " cue", "1;36", gutter)?;
            }
        }
        let help = d
            .suggestion
            .as_ref()
            .map(|s| format!(" replace with “{s}”"))
            .unwrap_or_default();
        let span = d.span;
        self.turn_line(
            out,
            ti,
            turn,
            span.map(|s| (s.start, s.end)),
            &help,
            code,
            gutter,
        )?;
        writeln!(out)
    }

    /// One turn: `N | speaker: text`, the line of the text holding `mark` (or its first
    /// line), with `mark` underlined and `note` after the carets.
    #[allow(clippy::too_many_arguments)]
    fn turn_line(
        &self,
        out: &mut dyn Write,
        index: usize,
        turn: &crate::Turn,
        mark: Option<(usize, usize)>,
        note: &str,
        code: &str,
        gutter: usize,
    ) -> io::Result<()> {
        let text = &turn.text;
        // A mark that is not a range of whole characters of the text is not drawn (spans
        // come from the linter, cues from a case-folded search; never slice across a
        // character).
        let mark = mark.filter(|&(s, e)| {
            s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
        });
        let at = mark.map_or(0, |m| m.0);
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = &text[line_start..line_end];
        let prefix = format!("{}: ", turn.speaker);
        let (lead, line) = if line_start == 0 {
            (prefix.clone(), line.to_string())
        } else {
            (" ".repeat(prefix.chars().count()), line.to_string())
        };
        let column = mark.map_or(1, |m| text[line_start..m.0].chars().count() + 1);
        let (shown, start_col) = window(&line, column);
        let bar = self.paint("1;34", "|");
        writeln!(
            out,
            "{} {bar} {lead}{shown}",
            self.paint("1;34", &format!("{:>gutter$}", index + 1))
        )?;
        if let Some((s, e)) = mark {
            let width = text[s..e.min(line_end).max(s)].chars().count().max(1);
            writeln!(
                out,
                "{:gutter$} {bar} {}{}{}",
                "",
                " ".repeat(lead.chars().count() + start_col - 1),
                self.paint(code, &"^".repeat(width.min(120))),
                self.paint(code, note)
            )?;
        }
        Ok(())
    }
}

/// The first text quoted with “ ” in a message (a rule's `{match}` or `{trigger}`).
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('“')? + '“'.len_utf8();
    let end = start + message[start..].find('”')?;
    Some(&message[start..end]).filter(|q| !q.is_empty())
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
        let mut lines = Lines::new(text);
        for d in &report.diagnostics {
            self.write_one(out, d, &mut lines)?;
        }
        Ok(())
    }

    fn source_with_transcripts(
        &mut self,
        out: &mut dyn Write,
        report: &SourceReport,
        text: Option<&str>,
        transcripts: &[(usize, Transcript)],
    ) -> io::Result<()> {
        if transcripts.is_empty() {
            return self.source(out, report, text);
        }
        let mut lines = Lines::new(text);
        for d in &report.diagnostics {
            let t = transcripts
                .binary_search_by_key(&d.transcript_index, |(i, _)| *i)
                .ok()
                .map(|k| &transcripts[k].1);
            match t {
                Some(t) if d.category != crate::Category::Suppression => {
                    self.write_turns(out, d, t)?;
                }
                _ => self.write_one(out, d, &mut lines)?,
            }
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

    /// The line cursor finds every line in order, out of order, and again; a line past
    /// the end, line 0 and no text are none; `\r\n` endings are cut.
    #[test]
    fn the_line_cursor_finds_lines_in_any_order() {
        let text = "one\r\ntwo\n\nfour";
        let mut lines = Lines::new(Some(text));
        assert_eq!(lines.get(1), Some("one"));
        assert_eq!(lines.get(2), Some("two"));
        assert_eq!(lines.get(2), Some("two"));
        assert_eq!(lines.get(4), Some("four"));
        assert_eq!(lines.get(3), Some(""));
        assert_eq!(lines.get(1), Some("one"));
        assert_eq!(lines.get(5), None);
        assert_eq!(lines.get(4), Some("four"));
        assert_eq!(lines.get(0), None);
        assert_eq!(Lines::new(None).get(1), None);
        assert_eq!(Lines::new(Some("")).get(1), Some(""));
        assert_eq!(Lines::new(Some("a\n")).get(2), Some(""));
        assert_eq!(Lines::new(Some("a\n")).get(3), None);
    }

    /// Spans and cues that do not fall on character boundaries (a case-folded search over
    /// `İẞ` shifts byte offsets) are not drawn, and never panic.
    #[test]
    fn conversation_view_never_slices_inside_a_character() {
        use crate::diagnostic::Span;
        use crate::{Category, Speaker, Turn};
        let t = Transcript::new(
            "c",
            vec![
                Turn::new(Speaker::Customer, "İẞ broken, really"),
                Turn::new(Speaker::Agent, "héllo wörld"),
            ],
        );
        let h = Human::new(HumanOptions {
            reply_rules: ["r".to_string()].into_iter().collect(),
            ..HumanOptions::default()
        });
        for (start, end) in [(0, 2), (1, 3), (2, 100), (0, 12), (12, 12)] {
            let d = Diagnostic {
                path: "a.json".into(),
                transcript: "c".into(),
                turn: Some(1),
                speaker: Some(Speaker::Agent),
                rule: "r".into(),
                category: Category::Empathy,
                severity: Severity::Warning,
                message: "the customer is upset (“ß b”)".into(),
                line: 1,
                column: 1,
                span: Some(Span::new(start, end)),
                matched: None,
                suggestion: None,
                speaker_role: None,
                end_line: 1,
                end_column: 1,
                transcript_index: 0,
            };
            let mut out = Vec::new();
            h.write_turns(&mut out, &d, &t).unwrap();
            let shown = String::from_utf8(out).unwrap();
            assert!(shown.contains("2 | agent: héllo wörld"), "{shown}");
            assert!(shown.contains("1 | customer: İẞ broken"), "{shown}");
            assert!(
                !shown.contains("cue"),
                "the shifted cue is not drawn: {shown}"
            );
        }
    }

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
