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
                let ascii = lines.is_ascii();
                let (shown, start_col) = window_of(line_text, d.column, ascii);
                let width = if d.end_line == d.line && d.end_column > d.column {
                    d.end_column - d.column
                } else {
                    chars_of(line_text, ascii)
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
                let (shown, _) = window_of(line_text, 1, lines.is_ascii());
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
        let prefix = format!("{}: ", turn.speaker);
        let lead = if memchr::memchr(b'\n', &text.as_bytes()[..at]).is_none() {
            prefix.clone()
        } else {
            " ".repeat(prefix.chars().count())
        };
        let (shown, start_col) = window_at(text, at);
        let bar = self.paint("1;34", "|");
        writeln!(
            out,
            "{} {bar} {lead}{shown}",
            self.paint("1;34", &format!("{:>gutter$}", index + 1))
        )?;
        if let Some((s, e)) = mark {
            // The mark's characters on its line (a mark starts on the line shown).
            let width = text[s..e]
                .chars()
                .take_while(|&c| c != '\n')
                .take(120)
                .count()
                .max(1);
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

/// [`window_of`] of a line read character by character: what the tests compare the
/// faster cuts with.
#[cfg(test)]
fn window(line: &str, column: usize) -> (String, usize) {
    window_of(line, column, false)
}

/// Walks `chars` (each with the byte offset of its far edge) from `start` until a line end
/// or one character more than a window: how many characters it took, the edge of the last
/// one (`start` for none), and whether it stopped at the line end (or the text's).
fn reach(chars: impl Iterator<Item = (char, usize)>, start: usize) -> (usize, usize, bool) {
    let (mut taken, mut edge) = (0, start);
    for (c, far) in chars {
        if c == '\n' {
            break;
        }
        if taken > WINDOW {
            return (taken, edge, false);
        }
        taken += 1;
        edge = far;
    }
    (taken, edge, true)
}

/// [`window_of`] of the line of `text` that holds byte `at` (a character boundary), with
/// `at` as the column, read only around `at`: at most [`WINDOW`] + 1 characters each way,
/// so a long turn with many findings costs each finding the window, not the line.
fn window_at(text: &str, at: usize) -> (String, usize) {
    // Characters before `at` on its line, up to one more than a window, and where the
    // earliest of them starts; `whole_before` when the line's start was reached. The same
    // after `at`, to where the last of them ends.
    let (before, left, whole_before) =
        reach(text[..at].char_indices().rev().map(|(i, c)| (c, i)), at);
    let (after, right, whole_after) = reach(
        text[at..]
            .char_indices()
            .map(|(i, c)| (c, at + i + c.len_utf8())),
        at,
    );
    if whole_before && whole_after && before + after <= WINDOW {
        return (text[left..right].to_string(), before + 1);
    }
    // A long line: up to 60 characters before the column, a window in all.
    let lead = before.min(60);
    let from = text[left..at]
        .char_indices()
        .nth(before - lead)
        .map_or(at, |(i, _)| left + i);
    let shown: String = text[from..]
        .chars()
        .take_while(|&c| c != '\n')
        .take(WINDOW)
        .collect();
    let cut_left = before > 60;
    let cut_right = after > WINDOW - lead;
    let prefix = if cut_left { "…" } else { "" };
    let suffix = if cut_right { "…" } else { "" };
    (
        format!("{prefix}{shown}{suffix}"),
        lead + 1 + usize::from(cut_left),
    )
}

/// The most characters of a line shown under a finding.
const WINDOW: usize = 160;

/// The number of characters of `line`; its length when it is known to be ASCII.
fn chars_of(line: &str, ascii: bool) -> usize {
    if ascii {
        line.len()
    } else {
        line.chars().count()
    }
}

/// Cuts a very long line to a window around the column; returns the shown text and the
/// column of the finding within it. On a line known to be ASCII (`ascii`) a column is a
/// byte offset, so a window costs its own length, not the line's (a long line with many
/// findings was quadratic: 26 s for a 1.9 MB line with 50,000 findings).
fn window_of(line: &str, column: usize, ascii: bool) -> (String, usize) {
    const MAX: usize = WINDOW;
    let count = chars_of(line, ascii);
    if count <= MAX {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(60).max(1);
    let shown: String = if ascii {
        let from = (start - 1).min(line.len());
        line[from..(from + MAX).min(line.len())].to_string()
    } else {
        line.chars().skip(start - 1).take(MAX).collect()
    };
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

    /// An ASCII line's window is cut by bytes exactly as the general one cuts by
    /// characters.
    #[test]
    fn the_ascii_window_is_the_general_window() {
        let line = "x".repeat(1000) + "RMA" + &"y".repeat(1000);
        for column in [1, 2, 59, 60, 61, 62, 1001, 1940, 1999, 2003, 2004, 5000] {
            assert_eq!(
                window_of(&line, column, true),
                window_of(&line, column, false),
                "column {column}"
            );
        }
        assert_eq!(chars_of(&line, true), chars_of(&line, false));
    }

    /// Reading around a position gives what cutting its whole line gives, on short and
    /// long lines, first, middle and last lines, and text outside ASCII.
    #[test]
    fn the_window_around_a_position_is_the_window_of_its_line() {
        let long = "é".repeat(90) + &"x".repeat(150) + "RMA" + &"y".repeat(200);
        let texts = [
            String::new(),
            "short line".to_string(),
            long.clone(),
            format!("first\n{long}\nlast ünï"),
            format!("{}\n{}", "a".repeat(170), "b".repeat(30)),
            format!("{}\n\n{}", "a".repeat(30), "b".repeat(161)),
        ];
        for text in &texts {
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                let column = text[line_start..at].chars().count() + 1;
                assert_eq!(
                    window_at(text, at),
                    window(&text[line_start..line_end], column),
                    "at {at} of {text:?}"
                );
            }
        }
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
