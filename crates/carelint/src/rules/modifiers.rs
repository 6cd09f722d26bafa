//! Modifiers that narrow the matches of the turn-level kinds (`phrases`, `pattern`):
//! `exceptions`, `unless`, `unless-pattern` and `negation`.

use serde::{Deserialize, Serialize};

use super::kinds::Validation;
use crate::text::{is_apostrophe, sentence_start};
use crate::yaml::{Located, Node};

/// The modifier keys, as written in rule files.
pub(crate) const KEYS: [&str; 4] = ["exceptions", "unless", "unless-pattern", "negation"];

/// The modifiers of one rule, as loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Modifiers {
    /// Longer phrases containing a match that make it fine (`can't guarantee`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
    /// Phrases that, anywhere in the same sentence, make a match fine (a time zone after
    /// a clock time).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
    /// A regex that, matching anywhere in the same sentence, makes a match fine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless_pattern: Option<String>,
    /// Drop a match when a negation stands within the three words before it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub negation: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Spec {
    #[serde(default)]
    exceptions: Option<Located<Vec<String>>>,
    #[serde(default)]
    unless: Option<Located<Vec<String>>>,
    #[serde(default)]
    unless_pattern: Option<Located<String>>,
    #[serde(default)]
    negation: bool,
}

impl Modifiers {
    /// Reads the modifier keys of a rule.
    pub fn read(node: &Node, v: &mut Validation<'_>) -> Modifiers {
        let Some(spec) = v.read::<Spec>(node) else {
            return Modifiers::default();
        };
        Modifiers {
            exceptions: spec
                .exceptions
                .map(|l| v.phrase_list("exceptions", &l, false))
                .unwrap_or_default(),
            unless: spec
                .unless
                .map(|l| v.phrase_list("unless", &l, false))
                .unwrap_or_default(),
            unless_pattern: spec
                .unless_pattern
                .and_then(|p| v.regex("unless-pattern", &p, false)),
            negation: spec.negation,
        }
    }
}

/// Words that negate what follows them.
const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "no",
    "cannot",
    "can't",
    "won't",
    "don't",
    "doesn't",
    "didn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "unable",
    "without",
    "hardly",
    "nobody",
    "nothing",
    "neither",
    "nor",
];

/// How many words before a match are searched for a negation.
const NEGATION_WINDOW: usize = 3;

/// Whether a negation stands within [`NEGATION_WINDOW`] words before `start`, in the same
/// sentence.
pub(crate) fn is_negated(text: &str, start: usize) -> bool {
    let before = &text[sentence_start(text, start)..start];
    before
        .split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c)))
        .filter(|w| !w.is_empty())
        .rev()
        .take(NEGATION_WINDOW)
        .any(|w| {
            let w: String = w
                .chars()
                .map(|c| {
                    if is_apostrophe(c) {
                        '\''
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect();
            NEGATIONS.contains(&w.as_str()) || w.ends_with("n't")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_window() {
        assert!(is_negated("I can't guarantee it", 8));
        assert!(is_negated("I CAN\u{2019}T really guarantee it", 19));
        assert!(!is_negated("I guarantee it", 2));
        assert!(
            !is_negated("No. I guarantee it", 6),
            "a negation in the previous sentence does not count"
        );
        assert!(!is_negated("I would not say that, but I guarantee it", 28));
    }
}
