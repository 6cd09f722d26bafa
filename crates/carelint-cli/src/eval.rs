//! Measuring carelint against labels a team trusts: precision, recall and F1 per category
//! and per rule (`carelint eval`, `carelint calibrate`).
//!
//! # The gold format
//!
//! JSON Lines, one conversation per line (see `docs/annotation.md` for how to label):
//!
//! ```json
//! {"id": "chat-17", "must": [[3, "jargon"], [null, "closing"]], "ok": [[5, "hedging"]]}
//! ```
//!
//! - `id`: the conversation's transcript id.
//! - `must`: problems that are there, as `[turn, category]` (0-based turn; `null` for a
//!   conversation-level problem such as `closing` or `personalization`).
//! - `ok`: borderline cases that may or may not be flagged: a finding on one is neither
//!   right nor wrong.
//! - Other keys (`notes`, …) are ignored.
//!
//! # How findings are matched
//!
//! Only findings in conversations of the gold set count. A finding matches a label of its
//! conversation with the same category and, for a label with a turn, the same turn (a
//! label with `null` matches a finding of that category anywhere in the conversation). A
//! finding that matches a `must` label is a true positive; one that matches only an `ok`
//! label is ignored; any other is a false positive. A `must` label is found when at least
//! one finding matches it.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use carelint::{Category, Diagnostic, Error, ErrorKind};

use crate::excerpt;

/// One label: a category at a turn, or anywhere in the conversation (`turn: None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label {
    /// 0-based turn, or `None` for the whole conversation.
    pub turn: Option<usize>,
    /// The problem's category.
    pub category: Category,
}

impl Label {
    /// Whether a finding is about this label.
    #[must_use]
    pub fn matches(&self, d: &Diagnostic) -> bool {
        d.category == self.category && (self.turn.is_none() || self.turn == d.turn)
    }
}

/// The labels of one conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldConversation {
    /// Problems that are there.
    pub must: Vec<Label>,
    /// Borderline cases: flagging them is neither right nor wrong.
    pub ok: Vec<Label>,
}

/// Labelled conversations, by transcript id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldSet {
    /// The labels of each conversation.
    pub conversations: BTreeMap<String, GoldConversation>,
}

#[derive(Deserialize)]
struct RawGold {
    id: String,
    #[serde(default)]
    must: Vec<(Option<usize>, String)>,
    #[serde(default)]
    ok: Vec<(Option<usize>, String)>,
}

impl GoldSet {
    /// Parses a gold file (JSON Lines). `path` names it in errors.
    ///
    /// # Errors
    ///
    /// A line that is not a gold record, an unknown category, or an id given twice, with
    /// its line and column.
    pub fn parse(text: &str, path: &str) -> Result<GoldSet, Error> {
        let mut set = GoldSet::default();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let raw: RawGold = serde_json::from_str(line).map_err(|e| {
                Error::parse(path, i + 1, e.column(), format!("not a gold record: {e}"))
            })?;
            let label = |(turn, cat): (Option<usize>, String)| {
                cat.parse::<Category>()
                    .map(|category| Label { turn, category })
                    .map_err(|e| Error::parse(path, i + 1, 1, e.to_string()))
            };
            let conversation = GoldConversation {
                must: raw.must.into_iter().map(label).collect::<Result<_, _>>()?,
                ok: raw.ok.into_iter().map(label).collect::<Result<_, _>>()?,
            };
            if set
                .conversations
                .insert(raw.id.clone(), conversation)
                .is_some()
            {
                return Err(Error::new(
                    ErrorKind::Parse,
                    format!("conversation `{}` is labelled twice", excerpt(&raw.id)),
                )
                .with_path(path)
                .at(i + 1, 1));
            }
        }
        Ok(set)
    }
}

/// Counts for one category or rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// `must` labels (for a rule: of its category).
    pub support: usize,
    /// `must` labels matched by at least one finding.
    pub found: usize,
    /// Findings that match a `must` label.
    pub true_positives: usize,
    /// Findings that match no label.
    pub false_positives: usize,
    /// Findings that match only an `ok` label (not counted either way).
    pub borderline: usize,
}

impl Counts {
    /// Share of judged findings that are right (`None` without findings).
    #[must_use]
    pub fn precision(&self) -> Option<f64> {
        let judged = self.true_positives + self.false_positives;
        (judged > 0).then(|| self.true_positives as f64 / judged as f64)
    }

    /// Share of `must` labels found (`None` without labels).
    #[must_use]
    pub fn recall(&self) -> Option<f64> {
        (self.support > 0).then(|| self.found as f64 / self.support as f64)
    }

    /// Harmonic mean of precision and recall.
    #[must_use]
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
    }
}

/// The result of [`evaluate`].
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// Every category with labels or findings.
    pub categories: BTreeMap<Category, Counts>,
    /// Every rule with findings (`support`/`found` are its category's).
    pub rules: BTreeMap<String, (Category, Counts)>,
    /// All categories together (micro-averaged).
    pub total: Counts,
    /// Labelled conversations.
    pub conversations: usize,
    /// Labelled conversations no finding was about and that had no transcript linted —
    /// usually a sign that the wrong files were linted.
    pub unseen: usize,
}

/// Compares findings with the gold labels (see the module documentation for the rules),
/// knowing which transcripts were linted when `linted` is given (to count unseen
/// conversations).
pub fn evaluate_seen(
    gold: &GoldSet,
    findings: &[Diagnostic],
    linted: Option<&BTreeSet<String>>,
) -> Evaluation {
    let mut e = Evaluation {
        conversations: gold.conversations.len(),
        ..Evaluation::default()
    };
    let mut by_conversation: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in findings {
        if gold.conversations.contains_key(&d.transcript) {
            by_conversation.entry(&d.transcript).or_default().push(d);
        }
    }
    for (id, labels) in &gold.conversations {
        let found = by_conversation
            .get(id.as_str())
            .map_or(&[][..], Vec::as_slice);
        if found.is_empty() && linted.is_some_and(|l| !l.contains(id)) {
            e.unseen += 1;
        }
        for label in &labels.must {
            let c = e.categories.entry(label.category).or_default();
            c.support += 1;
            if found.iter().any(|d| label.matches(d)) {
                c.found += 1;
            }
        }
        for d in found {
            let verdict = if labels.must.iter().any(|l| l.matches(d)) {
                Verdict::Right
            } else if labels.ok.iter().any(|l| l.matches(d)) {
                Verdict::Borderline
            } else {
                Verdict::Wrong
            };
            let c = e.categories.entry(d.category).or_default();
            let r = &mut e
                .rules
                .entry(d.rule.clone())
                .or_insert((d.category, Counts::default()))
                .1;
            for counts in [c, r] {
                match verdict {
                    Verdict::Right => counts.true_positives += 1,
                    Verdict::Wrong => counts.false_positives += 1,
                    Verdict::Borderline => counts.borderline += 1,
                }
            }
        }
    }
    for (category, counts) in e.rules.values_mut() {
        let cat = e.categories.get(category).copied().unwrap_or_default();
        counts.support = cat.support;
        counts.found = cat.found;
    }
    for c in e.categories.values() {
        e.total.support += c.support;
        e.total.found += c.found;
        e.total.true_positives += c.true_positives;
        e.total.false_positives += c.false_positives;
        e.total.borderline += c.borderline;
    }
    e
}

enum Verdict {
    Right,
    Wrong,
    Borderline,
}

/// The Wilson score interval of a proportion `k / n` at 95% confidence, as (low, high).
///
/// ```
/// let (low, high) = carelint::eval::wilson(17, 20);
/// assert!((low - 0.64).abs() < 0.01 && (high - 0.95).abs() < 0.01);
/// ```
#[must_use]
pub fn wilson(k: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finding (built from its JSON form: the type is non-exhaustive).
    fn diag(id: &str, turn: Option<usize>, category: Category, rule: &str) -> Diagnostic {
        serde_json::from_value(serde_json::json!({
            "path": "p", "transcript": id, "turn": turn, "speaker": "agent", "rule": rule,
            "category": category.as_str(), "severity": "warning", "message": "m",
            "line": 1, "column": 1, "span": null, "match": "x", "suggestion": null,
        }))
        .unwrap()
    }

    #[test]
    fn a_linted_conversation_is_evaluated() {
        use carelint::{Format, Linter};
        let gold = GoldSet::parse(
            r#"{"id": "c1", "must": [[1, "jargon"]], "ok": []}"#,
            "gold.jsonl",
        )
        .unwrap();
        let linter = Linter::builder().build().unwrap();
        let text = r#"{"id": "c1", "turns": [{"speaker": "customer", "text": "Hi"},
          {"speaker": "agent", "text": "I raised an RMA for you."}]}"#;
        let report = linter.lint_text("c1.json", text, Format::Auto).unwrap();
        let result = evaluate_seen(&gold, &report.diagnostics, None);
        let jargon = &result.categories[&Category::Jargon];
        assert_eq!((jargon.support, jargon.found), (1, 1));
    }

    #[test]
    fn matching_rules() {
        let gold = GoldSet::parse(
            "{\"id\":\"a\",\"must\":[[1,\"jargon\"],[null,\"closing\"]],\"ok\":[[3,\"hedging\"]]}\n{\"id\":\"b\",\"must\":[[2,\"empathy\"]]}",
            "g",
        )
        .unwrap();
        let findings = [
            diag("a", Some(1), Category::Jargon, "j1"),
            diag("a", Some(1), Category::Jargon, "j2"),
            diag("a", Some(5), Category::Closing, "c"),
            diag("a", Some(3), Category::Hedging, "h"),
            diag("a", Some(4), Category::Hedging, "h"),
            diag("zz", Some(4), Category::Hedging, "h"),
        ];
        let e = evaluate_seen(&gold, &findings, None);
        let j = e.categories[&Category::Jargon];
        assert_eq!(
            (j.support, j.found, j.true_positives, j.false_positives),
            (1, 1, 2, 0)
        );
        assert_eq!(e.categories[&Category::Closing].found, 1);
        let h = e.categories[&Category::Hedging];
        assert_eq!((h.borderline, h.false_positives), (1, 1));
        assert_eq!(e.categories[&Category::Empathy].recall(), Some(0.0));
        assert_eq!(e.total.support, 3);
        assert_eq!(e.rules["h"].1.precision(), Some(0.0));
    }

    #[test]
    fn bad_gold_is_positioned() {
        let e = GoldSet::parse(
            "{\"id\":\"a\"}\n{\"id\":\"b\",\"must\":[[1,\"jargn\"]]}",
            "g.jsonl",
        )
        .unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(e.message().contains("did you mean `jargon`"), "{e}");
    }

    #[test]
    fn wilson_bounds() {
        let (l, h) = wilson(20, 20);
        assert!(l > 0.83 && h == 1.0);
        assert_eq!(wilson(0, 0), (0.0, 1.0));
    }
}
