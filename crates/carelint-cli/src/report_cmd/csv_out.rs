//! CSV for spreadsheets: one row per conversation ([`ConversationCsv`]), one row per
//! agent ([`write_agents`]) and one row per team ([`write_teams`]).
//!
//! Numbers are written as people write them (`80`, `72.5`); rates are fractions
//! (`0.75`). A text cell that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`) gets a leading `'`.

use std::io::{self, Write};

use super::aggregate::{number, ConversationRow, GroupLine, Report};
use carelint::Category;

/// Writes one row per conversation, as they come.
///
/// Columns: `id, path, agent, team, date, channel, score, result, note, turns,
/// agent_turns, findings`, then the findings of each category (`jargon` …
/// `language`, in the order of [`Category::ALL`]). `score` is empty and `result` is
/// `not scored` for a conversation that was not scored, `note` says why (or names the
/// fatal rule that made the score 0). The scorecard's `metadata: extra` keys follow,
/// one column each.
#[derive(Debug)]
pub struct ConversationCsv<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> ConversationCsv<W> {
    /// Writes the header.
    ///
    /// # Errors
    ///
    /// Errors of `out`.
    pub fn new(out: W, extra: &[String]) -> io::Result<ConversationCsv<W>> {
        let mut out = csv::Writer::from_writer(out);
        let mut header: Vec<&str> = vec![
            "id",
            "path",
            "agent",
            "team",
            "date",
            "channel",
            "score",
            "result",
            "note",
            "turns",
            "agent_turns",
            "findings",
        ];
        header.extend(Category::names());
        header.extend(extra.iter().map(String::as_str));
        out.write_record(&header).map_err(into_io)?;
        Ok(ConversationCsv { out })
    }

    /// Writes one conversation's row.
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn write(&mut self, row: &ConversationRow) -> io::Result<()> {
        let mut rec: Vec<String> = vec![
            cell(&row.id),
            cell(&row.path),
            cell(&row.agent),
            cell(&row.team),
            row.date.clone().unwrap_or_default(),
            cell(&row.channel),
            row.score.map(number).unwrap_or_default(),
            row.result.to_string(),
            cell(&row.note),
            row.turns.to_string(),
            row.agent_turns.to_string(),
            row.findings.to_string(),
        ];
        rec.extend(
            Category::ALL
                .iter()
                .map(|c| row.findings_in(*c).to_string()),
        );
        rec.extend(row.extra.iter().map(|(_, v)| cell(v)));
        self.out.write_record(&rec).map_err(into_io)
    }

    /// Flushes and returns the writer.
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn finish(self) -> io::Result<W> {
        self.out
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)
    }
}

/// Writes one row per agent, in the report's order (lowest mean score first).
///
/// Columns: `agent, team` (the agent's most frequent), then the [group
/// columns](write_teams).
///
/// # Errors
///
/// Errors of `out`.
pub fn write_agents<W: Write>(out: W, report: &Report) -> io::Result<W> {
    write_groups(
        out,
        ["agent", "team"],
        report
            .agents
            .iter()
            .map(|a| ([cell(&a.agent), cell(&a.team)], group_figures(&a.line))),
    )
}

/// Writes one row per team, in the report's order (lowest mean score first);
/// conversations that name no team are the team `unknown`.
///
/// Columns: `team, agents` (how many named agents), then the group columns:
/// `conversations, scored, passed, mean_score, pass_rate, agent_turns, findings,
/// findings_per_100_agent_turns, top_categories` (joined with `; `), then findings per
/// 100 agent turns for each category (`jargon_per_100` … `language_per_100`).
///
/// # Errors
///
/// Errors of `out`.
pub fn write_teams<W: Write>(out: W, report: &Report) -> io::Result<W> {
    write_groups(
        out,
        ["team", "agents"],
        report.teams.iter().map(|t| {
            (
                [cell(&t.team), t.agents.to_string()],
                group_figures(&t.line),
            )
        }),
    )
}

fn write_groups<W: Write>(
    out: W,
    first: [&str; 2],
    rows: impl Iterator<Item = ([String; 2], Vec<String>)>,
) -> io::Result<W> {
    let mut out = csv::Writer::from_writer(out);
    let mut header: Vec<String> = first
        .iter()
        .chain(&[
            "conversations",
            "scored",
            "passed",
            "mean_score",
            "pass_rate",
            "agent_turns",
            "findings",
            "findings_per_100_agent_turns",
            "top_categories",
        ])
        .map(std::string::ToString::to_string)
        .collect();
    header.extend(Category::names().iter().map(|c| format!("{c}_per_100")));
    out.write_record(&header).map_err(into_io)?;
    for (names, figures) in rows {
        out.write_record(names.iter().chain(&figures))
            .map_err(into_io)?;
    }
    out.into_inner().map_err(csv::IntoInnerError::into_error)
}

/// The columns agents and teams share.
fn group_figures(g: &GroupLine) -> Vec<String> {
    let mut rec = vec![
        g.conversations.to_string(),
        g.scored.to_string(),
        g.passed.to_string(),
        g.mean_score.map(number).unwrap_or_default(),
        g.pass_rate.map(rate).unwrap_or_default(),
        g.agent_turns.to_string(),
        g.findings.to_string(),
        number(g.per_100_agent_turns),
        g.top_categories
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    ];
    rec.extend(g.per_100_by_category.iter().map(|n| number(*n)));
    rec
}

/// A fraction with 4 decimals at most: `0.75`, `0.3333`.
fn rate(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A text cell that no spreadsheet runs as a formula.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn into_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_rates() {
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("Maria"), "Maria");
        assert_eq!(rate(0.75), "0.75");
        assert_eq!(rate(1.0 / 3.0), "0.3333");
        assert_eq!(rate(0.0), "0");
        assert_eq!(rate(1.0), "1");
    }
}
