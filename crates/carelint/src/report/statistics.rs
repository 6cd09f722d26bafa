//! `--statistics`: counts per rule and per category instead of the findings.

use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Reporter;
use super::{findings_breakdown, plural, skipped_note, unreadable_note, Summary};
use crate::diagnostic::Severity;
use crate::linter::SourceReport;

/// The output of [`Statistics`]: a text table or a JSON document.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatisticsFormat {
    /// Aligned text tables.
    #[default]
    Text,
    /// One JSON document.
    Json,
}

/// Counts per rule and per category.
///
/// ## Wire format
///
/// Text (rules, then categories, each sorted by count, highest first, then by name;
/// `fixable` counts findings with a suggested replacement):
///
/// ```text
/// count  fixable  rule        category  severity
///     3        3  jargon-rma  jargon    warning
///     1        0  hedge       hedging   info
///
/// count  category
///     3  jargon
///     1  hedging
///
/// 4 findings (0 errors, 3 warnings, 1 info) in 2 files
/// ```
///
/// JSON (one document):
///
/// ```json
/// {
///   "rules": [{"rule": "jargon-rma", "category": "jargon", "severity": "warning", "count": 3, "fixable": 3}],
///   "categories": [{"category": "jargon", "count": 3}],
///   "summary": {"files": 2, "files_with_errors": 0, "transcripts": 2, "turns": 9, "findings": 4, "errors": 0, "warnings": 3, "infos": 1}
/// }
/// ```
///
/// A rule's severity is the highest it was reported at (per-path configuration can
/// change it). Nothing is written before [`Reporter::finish`].
#[derive(Debug, Default)]
pub struct Statistics {
    format: StatisticsFormat,
    rules: BTreeMap<String, RuleCount>,
}

/// The counts of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RuleCount {
    /// The rule id.
    pub rule: String,
    /// The rule's category.
    pub category: String,
    /// The highest severity the rule was reported at.
    pub severity: Severity,
    /// Findings.
    pub count: usize,
    /// Findings with a suggested replacement.
    pub fixable: usize,
}

/// The count of one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct CategoryCount {
    /// The category.
    pub category: String,
    /// Findings.
    pub count: usize,
}

#[derive(Serialize)]
struct Document<'a> {
    rules: &'a [RuleCount],
    categories: &'a [CategoryCount],
    summary: &'a Summary,
}

impl Statistics {
    /// A statistics reporter writing `format`.
    #[must_use]
    pub fn new(format: StatisticsFormat) -> Statistics {
        Statistics {
            format,
            rules: BTreeMap::new(),
        }
    }

    /// Counts per rule, sorted by count (highest first), then rule id.
    #[must_use]
    pub(crate) fn rules(&self) -> Vec<RuleCount> {
        let mut v: Vec<RuleCount> = self.rules.values().cloned().collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
        v
    }

    /// Counts per category, sorted by count (highest first), then name.
    #[must_use]
    pub(crate) fn categories(&self) -> Vec<CategoryCount> {
        let mut map: BTreeMap<&str, usize> = BTreeMap::new();
        for r in self.rules.values() {
            *map.entry(&r.category).or_default() += r.count;
        }
        let mut v: Vec<CategoryCount> = map
            .into_iter()
            .map(|(c, count)| CategoryCount {
                category: c.to_string(),
                count,
            })
            .collect();
        v.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.category.cmp(&b.category))
        });
        v
    }

    fn write_text(&self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let rules = self.rules();
        if !rules.is_empty() {
            let rows: Vec<[String; 5]> = rules
                .iter()
                .map(|r| {
                    [
                        r.count.to_string(),
                        r.fixable.to_string(),
                        r.rule.clone(),
                        r.category.clone(),
                        r.severity.to_string(),
                    ]
                })
                .collect();
            table(
                out,
                ["count", "fixable", "rule", "category", "severity"],
                &rows,
                2,
            )?;
            writeln!(out)?;
            let rows: Vec<[String; 2]> = self
                .categories()
                .into_iter()
                .map(|c| [c.count.to_string(), c.category])
                .collect();
            table(out, ["count", "category"], &rows, 1)?;
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} in {}{}{}",
            findings_breakdown(summary),
            plural(summary.files, "file", "files"),
            unreadable_note(summary),
            skipped_note(summary)
        )
    }
}

/// Writes aligned columns; the first `numeric` columns are right-aligned.
fn table<const N: usize>(
    out: &mut dyn Write,
    header: [&str; N],
    rows: &[[String; N]],
    numeric: usize,
) -> io::Result<()> {
    let mut width = header.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; N]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(width[i] - cell.chars().count());
            if i > 0 {
                s.push_str("  ");
            }
            if i < numeric {
                s.push_str(&pad);
                s.push_str(cell);
            } else {
                s.push_str(cell);
                if i + 1 < N {
                    s.push_str(&pad);
                }
            }
        }
        s
    };
    writeln!(out, "{}", line(header))?;
    for row in rows {
        let cells: [&str; N] = std::array::from_fn(|i| row[i].as_str());
        writeln!(out, "{}", line(cells))?;
    }
    Ok(())
}

impl Reporter for Statistics {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        self.rules.clear();
        Ok(())
    }

    fn source(
        &mut self,
        _out: &mut dyn Write,
        report: &SourceReport,
        _text: Option<&str>,
    ) -> io::Result<()> {
        for d in &report.diagnostics {
            let r = self
                .rules
                .entry(d.rule.clone())
                .or_insert_with(|| RuleCount {
                    rule: d.rule.clone(),
                    category: d.category.as_str().to_string(),
                    severity: d.severity,
                    count: 0,
                    fixable: 0,
                });
            r.count += 1;
            r.fixable += usize::from(d.suggestion.is_some());
            r.severity = r.severity.max(d.severity);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        match self.format {
            StatisticsFormat::Text => self.write_text(out, summary),
            StatisticsFormat::Json => {
                let doc = Document {
                    rules: &self.rules(),
                    categories: &self.categories(),
                    summary,
                };
                serde_json::to_writer_pretty(&mut *out, &doc)?;
                out.write_all(b"\n")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn diag(rule: &str, category: &str, severity: Severity, fixable: bool) -> Diagnostic {
        let mut d = crate::fix::sample_diagnostic();
        d.path = "a".into();
        d.transcript = "a".into();
        d.turn = Some(0);
        d.speaker = None;
        d.rule = rule.into();
        d.category = category.parse().unwrap();
        d.severity = severity;
        d.message = "m".into();
        d.line = 1;
        d.column = 1;
        d.span = None;
        d.matched = None;
        d.suggestion = fixable.then(|| "x".to_string());
        d.end_line = 0;
        d.end_column = 0;
        d.transcript_index = 0;
        d
    }

    fn run(format: StatisticsFormat) -> String {
        let mut s = Statistics::new(format);
        let mut out = Vec::new();
        let diags = vec![
            diag("hedge", "hedging", Severity::Info, false),
            diag("jargon-rma", "jargon", Severity::Warning, true),
            diag("jargon-sla", "jargon", Severity::Warning, false),
            diag("jargon-rma", "jargon", Severity::Error, true),
            diag("blame-you", "blame", Severity::Warning, false),
        ];
        let mut summary = Summary {
            files: 2,
            ..Summary::default()
        };
        for d in &diags {
            summary.count(d.severity);
        }
        s.begin(&mut out).unwrap();
        s.source(
            &mut out,
            &SourceReport {
                diagnostics: diags,
                ..SourceReport::default()
            },
            None,
        )
        .unwrap();
        s.finish(&mut out, &summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_tables_sorted_by_count_then_name() {
        assert_eq!(
            run(StatisticsFormat::Text),
            "\
count  fixable  rule        category  severity
    2        2  jargon-rma  jargon    error
    1        0  blame-you   blame     warning
    1        0  hedge       hedging   info
    1        0  jargon-sla  jargon    warning

count  category
    3  jargon
    1  blame
    1  hedging

5 findings (1 error, 3 warnings, 1 info) in 2 files
"
        );
    }

    #[test]
    fn json_document() {
        let v: serde_json::Value = serde_json::from_str(&run(StatisticsFormat::Json)).unwrap();
        assert_eq!(
            v["rules"][0],
            serde_json::json!({"rule": "jargon-rma", "category": "jargon", "severity": "error", "count": 2, "fixable": 2})
        );
        assert_eq!(v["rules"].as_array().unwrap().len(), 4);
        assert_eq!(
            v["categories"],
            serde_json::json!([
                {"category": "jargon", "count": 3},
                {"category": "blame", "count": 1},
                {"category": "hedging", "count": 1},
            ])
        );
        assert_eq!(v["summary"]["findings"], 5);
        assert_eq!(v["summary"]["files"], 2);
    }

    #[test]
    fn empty_run_prints_only_the_summary() {
        let mut s = Statistics::new(StatisticsFormat::Text);
        let mut out = Vec::new();
        s.finish(&mut out, &Summary::default()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "0 findings (0 errors, 0 warnings, 0 info) in 0 files\n"
        );
    }
}
