//! Kind `metric`: a number per sentence or per turn must not exceed `max`: words in a
//! sentence, a sentence's reading grade, or how many of the rule's phrases one turn holds.
//! Sentences are those of the turn's prose (see `crate::conversation::prose`): handles,
//! links, codes and pasted records are not words, and unpunctuated speech-to-text is not
//! measured.
//!
//! ```yaml
//! kind: metric
//! measure: sentence-words   # or sentence-grade (with min-words), turn-phrases (with phrases)
//! max: 35
//! min-clauses: 5                     # sentence measures: only sentences stacking 5 clause units
//! max-words: 40                      # sentence measures: longer sentences are not measured
//! unless-pattern: '^please confirm'   # sentences matching this regex are not measured
//! ```
//!
//! `min-clauses` makes "long" mean "hard to follow": a sentence over `max` is reported only
//! when it also holds that many clause units (finite verbs, subordinators, relatives,
//! `to`-clauses, parentheses; a recap of booking details or a list of values counts once),
//! see `crate::conversation::clauses`. They are counted only for sentences already over
//! the limit.
//!
//! `max-words` hands the longest sentences to another rule: a grade rule with
//! `max-words: 40` next to a length rule with `max: 40` reports each sentence once.

use serde::{Deserialize, Serialize};

use super::{format_number, settings_of, Check, Context, Finding, Kind, Validation};
use crate::conversation::{clauses, prose};
use crate::diagnostic::Span;
use crate::rules::matcher::{Registrar, Role};
use crate::yaml::{Located, Node};

pub(crate) const KIND: Kind = Kind {
    name: "metric",
    keys: &[
        "measure",
        "max",
        "min-words",
        "max-words",
        "min-clauses",
        "phrases",
        "unless-pattern",
    ],
    compile,
};

/// What a `metric` rule measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Measure {
    /// Words in a sentence.
    SentenceWords,
    /// Flesch-Kincaid grade level of a sentence.
    SentenceGrade,
    /// Occurrences of the rule's phrases in one turn.
    TurnPhrases,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Spec {
    measure: Located<Measure>,
    max: Located<f64>,
    #[serde(default)]
    min_words: usize,
    #[serde(default)]
    max_words: Option<Located<usize>>,
    #[serde(default)]
    min_clauses: Option<Located<usize>>,
    #[serde(default)]
    phrases: Option<Located<Vec<String>>>,
    #[serde(default)]
    unless_pattern: Option<Located<crate::rules::modifiers::OneOrMore>>,
}

#[derive(Debug, Serialize)]
struct Metric {
    measure: Measure,
    max: f64,
    min_words: usize,
    /// Sentences of more words are not measured (another rule reports them). `None`: no
    /// bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    max_words: Option<usize>,
    /// Sentences over `max` with fewer clause units are not reported: long, but a list or a
    /// recap rather than stacked clauses. `0`: every sentence over `max` is.
    #[serde(skip_serializing_if = "crate::rules::is_zero")]
    min_clauses: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phrases: Vec<String>,
    /// Sentences one of these (case-insensitive) regexes matches are not measured: a
    /// summary of booking details read back for confirmation, a list of options after a
    /// colon. One regex or a list, as the modifier of the same name takes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unless_pattern: Vec<String>,
    #[serde(skip)]
    unless_re: Vec<std::sync::Arc<crate::rules::matcher::LazyRegex>>,
}

fn compile(node: &Node, v: &mut Validation<'_>) -> Option<Box<dyn Check>> {
    let spec = v.read::<Spec>(node)?;
    let measure = spec.measure.value;
    let max = v.max(&spec.max);
    let phrases = spec
        .phrases
        .as_ref()
        .map(|p| v.phrase_list("phrases", p, true))
        .unwrap_or_default();
    if measure == Measure::TurnPhrases && phrases.is_empty() {
        v.err(node, "kind `metric` needs `phrases` to count");
        return None;
    }
    if measure != Measure::TurnPhrases && spec.phrases.is_some() {
        v.err_located(
            &spec.measure,
            "`phrases` is only used by `measure: turn-phrases`",
        );
    }
    if measure == Measure::TurnPhrases {
        if let Some(p) = spec.unless_pattern.as_ref() {
            v.err_located(p, "`unless-pattern` is only used by the sentence measures");
        }
    }
    let unless_pattern = crate::rules::modifiers::regexes(v, "unless-pattern", spec.unless_pattern);
    if measure == Measure::TurnPhrases {
        if let Some(c) = spec.min_clauses.as_ref() {
            v.err_located(c, "`min-clauses` is only used by the sentence measures");
        }
        if let Some(m) = spec.max_words.as_ref() {
            v.err_located(m, "`max-words` is only used by the sentence measures");
        }
    }
    if let Some(m) = spec.max_words.as_ref() {
        if m.value == 0 {
            v.err_located(m, "`max-words` must be at least 1");
        } else if m.value < spec.min_words {
            v.err_located(
                m,
                format!(
                    "`max-words: {}` is below `min-words: {}`: no sentence would be measured",
                    m.value, spec.min_words
                ),
            );
        } else if measure == Measure::SentenceWords && (m.value as f64) <= max {
            v.err_located(
                m,
                format!(
                    "`max-words: {}` is not above `max: {}`: no sentence would be reported",
                    m.value,
                    format_number(max)
                ),
            );
        }
    }
    let unless_re = unless_pattern.iter().map(|p| v.lazy_regex(p)).collect();
    Some(Box::new(Metric {
        measure,
        max,
        unless_pattern,
        unless_re,
        min_words: spec.min_words,
        max_words: spec.max_words.map(|m| m.value),
        min_clauses: spec.min_clauses.map_or(0, |c| c.value),
        phrases,
    }))
}

impl Check for Metric {
    fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        settings_of(self)
    }

    fn register(&self, r: &mut Registrar<'_>) {
        for p in &self.phrases {
            r.phrase(p, Role::Count);
        }
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, turn) in cx.transcript.turns.iter().enumerate() {
            if !cx.rule.speaker.matches(&turn.speaker) {
                continue;
            }
            match self.measure {
                Measure::TurnPhrases => self.count_phrases(cx, i, out),
                Measure::SentenceWords | Measure::SentenceGrade => {
                    self.measure_sentences(cx, i, out);
                }
            }
        }
    }
}

impl Metric {
    fn count_phrases(&self, cx: &Context<'_>, turn: usize, out: &mut Vec<Finding>) {
        let counted: Vec<_> = cx.hits(turn, Role::Count).collect();
        if counted.len() as f64 <= self.max {
            return;
        }
        let text = &cx.transcript.turns[turn].text;
        let listed: Vec<&str> = counted.iter().map(|h| &text[h.start..h.end]).collect();
        let mut f = Finding::on_turn(turn)
            .var("value", counted.len().to_string())
            .var("max", format_number(self.max))
            .var("match", listed.join(", "));
        f.span = Some(Span::new(counted[0].start, counted[0].end));
        out.push(f);
    }

    fn measure_sentences(&self, cx: &Context<'_>, turn: usize, out: &mut Vec<Finding>) {
        let text = &cx.transcript.turns[turn].text;
        let words_only = self.measure == Measure::SentenceWords;
        // Cheap bound first: a turn with fewer words than a finding needs has none.
        let floor = if words_only {
            (self.max + 1.0).max(0.0) as usize
        } else {
            self.min_words.max(1)
        };
        if cx.features.word_count(turn) < floor {
            return;
        }
        // Speech-to-text without punctuation: its sentences cannot be told apart.
        if cx.features.is_spoken() && !prose::is_punctuated(text) {
            return;
        }
        for s in cx.features.sentences(turn) {
            if s.words < self.min_words.max(1) || self.max_words.is_some_and(|m| s.words > m) {
                continue;
            }
            let value = if words_only {
                s.words as f64
            } else {
                grade(s.words, s.syllables(text))
            };
            if value <= self.max {
                continue;
            }
            let sentence = &text[s.start..s.end];
            if self
                .unless_re
                .iter()
                .filter_map(|re| re.get())
                .any(|re| re.is_match(sentence))
            {
                continue;
            }
            // Clause units only for the few sentences over the limit.
            let clauses = (self.min_clauses > 0).then(|| clauses::clause_units(sentence));
            if clauses.is_some_and(|n| n < self.min_clauses) {
                continue;
            }
            // The language is looked up only for turns with a finding to report.
            if !cx.reads(turn) {
                return;
            }
            let mut f = Finding::on_turn(turn)
                .var("value", format_number(value))
                .var("max", format_number(self.max));
            if let Some(n) = clauses {
                f = f.var("clauses", n.to_string());
            }
            f.span = Some(Span::new(s.start, s.end));
            out.push(f);
        }
    }
}

/// Flesch-Kincaid grade level of one sentence of `words` words and `syllables`
/// syllables.
fn grade(words: usize, syllables: usize) -> f64 {
    let n = words.max(1) as f64;
    0.39 * n + 11.8 * (syllables as f64 / n) - 15.59
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades() {
        assert!(grade(10, 12) < grade(10, 25));
    }

    /// The sentences over eight words a pack with this `unless-pattern` value reports.
    fn long(unless: &str, text: &str) -> usize {
        let pack = format!(
            "language: en\nrules:\n- id: long\n  category: clarity\n  severity: info\n  \
             kind: metric\n  measure: sentence-words\n  max: 8\n  unless-pattern: {unless}\n  \
             message: long\n  why: For tests.\n"
        );
        super::super::lint_with_pack(&pack, text).len()
    }

    #[test]
    fn unless_pattern_takes_one_regex_or_a_list() {
        let text = "Agent: Please confirm: one large pizza, two colas and a salad for eight.\n\
            Agent: Here are the options: the red one, the blue one and the green one.\n\
            Agent: I have checked the order and the parcel will be with you on Friday morning.";
        assert_eq!(long("'^please confirm'", text), 2);
        assert_eq!(long("['^please confirm', 'the options:']", text), 1);
        // every regex of a list is validated, at the key's position
        let bad = crate::Linter::builder()
            .default_rules(false)
            .rules_str(
                "bad.yaml",
                "language: en\nrules:\n- id: long\n  category: clarity\n  severity: info\n  \
                 kind: metric\n  measure: sentence-words\n  max: 8\n  \
                 unless-pattern: ['ok', '(unclosed']\n  message: long\n  why: For tests.\n",
            )
            .build();
        let err = bad.expect_err("a bad regex is an error").to_string();
        assert!(err.contains("unless-pattern"), "{err}");
    }
}
