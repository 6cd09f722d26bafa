//! Kind `metric`: a number per sentence or per turn must not exceed `max`: words in a
//! sentence, a sentence's reading grade, or how many of the rule's phrases one turn holds.
//!
//! ```yaml
//! kind: metric
//! measure: sentence-words   # or sentence-grade (with min-words), turn-phrases (with phrases)
//! max: 35
//! ```

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::{format_number, settings_of, Check, Context, Finding, Kind, Validation};
use crate::diagnostic::Span;
use crate::rules::matcher::{Registrar, Role};
use crate::yaml::{Located, Node};

pub(crate) const KIND: Kind = Kind {
    name: "metric",
    keys: &["measure", "max", "min-words", "phrases"],
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
    phrases: Option<Located<Vec<String>>>,
}

#[derive(Debug, Serialize)]
struct Metric {
    measure: Measure,
    max: f64,
    min_words: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phrases: Vec<String>,
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
    Some(Box::new(Metric {
        measure,
        max,
        min_words: spec.min_words,
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
                    self.measure_sentences(&turn.text, i, out);
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

    fn measure_sentences(&self, text: &str, turn: usize, out: &mut Vec<Finding>) {
        let words_only = self.measure == Measure::SentenceWords;
        // Cheap bound first: runs of letters and digits are at least as many as Unicode
        // words, so a region with few runs has no long sentence and nothing to grade.
        // Regions end only where UAX #29 surely ends a sentence too, so segmenting each
        // region on its own gives the same sentences as segmenting the whole turn.
        let floor = if words_only {
            (self.max + 1.0).max(0.0) as usize
        } else {
            self.min_words.max(1)
        };
        for (region_start, region) in sentence_regions(text) {
            if word_runs(region) < floor {
                continue;
            }
            for (offset, sentence) in region.split_sentence_bound_indices() {
                let (words, syllable_count) = if words_only {
                    (sentence.unicode_words().count(), 0)
                } else {
                    sentence
                        .unicode_words()
                        .fold((0, 0), |(n, s), w| (n + 1, s + syllables(w)))
                };
                if words == 0 || words < self.min_words {
                    continue;
                }
                let value = if words_only {
                    words as f64
                } else {
                    grade(words, syllable_count)
                };
                if value > self.max {
                    let start = region_start + offset;
                    let trimmed = sentence.trim_end();
                    let lead = trimmed.len() - trimmed.trim_start().len();
                    let mut f = Finding::on_turn(turn)
                        .var("value", format_number(value))
                        .var("max", format_number(self.max));
                    f.span = Some(Span::new(start + lead, start + trimmed.len()));
                    out.push(f);
                }
            }
        }
    }
}

/// Number of maximal runs of alphanumeric characters: an upper bound of the number of
/// Unicode words.
fn word_runs(text: &str) -> usize {
    let mut runs = 0;
    let mut in_run = false;
    for c in text.chars() {
        let w = c.is_alphanumeric();
        if w && !in_run {
            runs += 1;
        }
        in_run = w;
    }
    runs
}

/// Flesch-Kincaid grade level of one sentence of `words` words and `syllables`
/// syllables.
fn grade(words: usize, syllables: usize) -> f64 {
    let n = words.max(1) as f64;
    0.39 * n + 11.8 * (syllables as f64 / n) - 15.59
}

/// Splits a text at line breaks and at `.`, `!` or `?` followed by whitespace and an
/// uppercase letter: places where UAX #29 always ends a sentence as well.
fn sentence_regions(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let mut cuts = vec![0];
    for i in 0..b.len() {
        match b[i] {
            b'\n' => cuts.push(i + 1),
            b'.' | b'!' | b'?' => {
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b' ' | b'\t') {
                    j += 1;
                }
                if j > i + 1 && j < b.len() && b[j].is_ascii_uppercase() {
                    cuts.push(j);
                }
            }
            _ => {}
        }
    }
    cuts.push(b.len());
    cuts.dedup();
    (0..cuts.len().saturating_sub(1)).map(move |k| (cuts[k], &text[cuts[k]..cuts[k + 1]]))
}

/// Estimated syllables of an English word: vowel groups, less a silent final `e`.
fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    // A final "e" after a consonant is silent ("make"), except in "-le" after a
    // consonant ("table").
    let silent_e = n > 2 && w[n - 1] == 'e' && !vowel(w[n - 2]);
    let syllabic_le = n > 2 && w[n - 2] == 'l' && !vowel(w[n - 3]);
    if silent_e && !syllabic_le {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_give_the_same_sentences_as_the_whole_text() {
        let texts = [
            "Hello there. I am Dr. Smith! Is this ok? yes it is.\nNew line here. 3 items. e.g. this",
            "One. Two three.  Four? Five!\n\nSix",
            "\"Quoted.\" Next one. (Paren.) Last",
        ];
        for text in texts {
            let whole: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            let parts: Vec<(usize, &str)> = sentence_regions(text)
                .flat_map(|(s, r)| {
                    r.split_sentence_bound_indices()
                        .map(move |(o, x)| (s + o, x))
                })
                .collect();
            assert_eq!(whole, parts, "{text}");
        }
    }

    #[test]
    fn syllable_estimates() {
        assert_eq!(syllables("cat"), 1);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("information"), 4);
        assert_eq!(syllables("the"), 1);
    }
}
