//! Kind `customer-name`: once the customer's name is known — from metadata, or because
//! the customer gave it — the agent should use it at least once.
//!
//! ```yaml
//! kind: customer-name
//! min-turns: 6
//! ```

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

use super::{settings_of, Check, Context, Finding, Kind, Validation};
use crate::rules::matcher::Registrar;
use crate::transcript::{Speaker, Transcript};
use crate::yaml::Node;

pub(crate) const KIND: Kind = Kind {
    name: "customer-name",
    keys: &["min-turns"],
    compile,
};

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all(deserialize = "kebab-case"))]
struct CustomerName {
    /// Conversations with fewer turns (all speakers) are not judged.
    #[serde(default)]
    min_turns: usize,
}

fn compile(node: &Node, v: &mut Validation<'_>) -> Option<Box<dyn Check>> {
    Some(Box::new(v.read::<CustomerName>(node)?))
}

impl Check for CustomerName {
    fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        settings_of(self)
    }

    fn register(&self, _r: &mut Registrar<'_>) {}

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        out.extend(unused_name(cx.transcript, self.min_turns));
    }
}

/// Lowercase and strip accents, for comparing names.
pub(crate) fn fold_name(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words that follow "I'm" / "it's" / "this is" but are not names.
const NOT_NAMES: &[&str] = &[
    "its",
    "oh",
    "ah",
    "um",
    "uh",
    "hmm",
    "full",
    "name",
    "first",
    "last",
    "spelled",
    "completely",
    "wrong",
    "different",
    "incorrect",
    "missing",
    "seriously",
    "please",
    "can",
    "could",
    "would",
    "will",
    "my",
    "our",
    "order",
    "account",
    "a",
    "an",
    "the",
    "calling",
    "just",
    "not",
    "so",
    "very",
    "fine",
    "good",
    "ok",
    "okay",
    "here",
    "sorry",
    "trying",
    "looking",
    "having",
    "still",
    "really",
    "writing",
    "contacting",
    "reaching",
    "waiting",
    "going",
    "getting",
    "on",
    "in",
    "at",
    "from",
    "with",
    "about",
    "yes",
    "no",
    "that",
    "it",
    "me",
    "my",
    "your",
    "also",
    "well",
    "great",
    "glad",
    "happy",
    "afraid",
    "sure",
    "interested",
    "wondering",
    "hoping",
    "unable",
    "confused",
    "upset",
    "frustrated",
    "angry",
    "fed",
    "tired",
    "done",
    "back",
    "new",
    "now",
    "again",
    "thanks",
    "thank",
    "hi",
    "hello",
    "hey",
    "regarding",
    "re",
    "and",
    "but",
    "or",
    "is",
    "was",
    "i",
    "we",
    "you",
    "he",
    "she",
    "they",
    "this",
    "there",
    "what",
    "who",
    "ready",
    "available",
    "correct",
    "right",
];

fn intro_regexes() -> &'static (Regex, Regex, Regex) {
    static RES: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    RES.get_or_init(|| {
        let name = r"([\p{L}][\p{L}'’\-]*(?:\s+[\p{L}][\p{L}'’\-]*){0,2})";
        (
            // Stated outright, anywhere in the turn.
            // "my name is X", or "Name is X" / "Name: X" opening a sentence (not "the
            // name is spelled wrong").
            Regex::new(&format!(
                r"(?i)(?:\bmy name(?: is|'s|’s)|(?:^|[.!?]\s+)name(?: is|:))\s+{name}"
            ))
            .unwrap(),
            // In answer to a name question: at the start of the reply, after an optional
            // greeting, "this is X", "I'm X", "it's X" — or the bare name.
            Regex::new(&format!(
                r"^\s*(?:(?i:hi|hello|hey|yes|yeah|sure|ok|okay|of course)\b[,!.]?\s*)?(?:(?i:this is|i am|i'm|i’m|it's|it’s|it is|im)\s+)?{name}"
            ))
            .unwrap(),
            // The agent asking for a name.
            Regex::new(r"(?i)\b(?:your (?:full |first |last )?name|who am i (?:speaking|talking|chatting) (?:to|with)|whom am i speaking|name (?:please|on the account)|may i (?:have|know|get) your name|can i (?:have|get|take) your name|what(?:'s| is) your name)\b").unwrap(),
        )
    })
}

/// Trims a candidate name to its name-like words.
fn clean_name(candidate: &str) -> Option<String> {
    let mut words = Vec::new();
    for w in candidate.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        if w.is_empty() || NOT_NAMES.contains(&fold_name(w).as_str()) {
            break;
        }
        words.push(w);
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// The customer's name and the turn after which the agent knows it (`None`: from the
/// start, i.e. from metadata).
pub(crate) fn learned_name(t: &Transcript) -> Option<(String, Option<usize>)> {
    if let Some(n) = t
        .metadata
        .customer_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        return Some((n.to_string(), None));
    }
    let (stated, answered, question) = intro_regexes();
    let mut asked = false;
    for (i, turn) in t.turns.iter().enumerate() {
        match turn.speaker {
            Speaker::Agent => asked = question.is_match(&turn.text),
            Speaker::Customer => {
                let from_answer = || {
                    let c = answered.captures(&turn.text)?;
                    let whole = c.get(0)?.as_str();
                    let candidate = c.get(1)?.as_str();
                    // A bare reply ("Manish Patel, 876…") counts only when capitalised.
                    let introduced = whole.len() > candidate.len()
                        && whole[..whole.len() - candidate.len()]
                            .to_lowercase()
                            .split_whitespace()
                            .any(|w| {
                                matches!(w, "is" | "am" | "i'm" | "i’m" | "it's" | "it’s" | "im")
                            });
                    if !introduced && !candidate.starts_with(char::is_uppercase) {
                        return None;
                    }
                    clean_name(candidate)
                };
                let found = stated
                    .captures(&turn.text)
                    .and_then(|c| clean_name(c.get(1)?.as_str()))
                    .or_else(|| if asked { from_answer() } else { None });
                if let Some(name) = found {
                    return Some((name, Some(i)));
                }
                asked = false;
            }
            _ => {}
        }
    }
    None
}

/// The finding for a transcript whose customer's name the agent never uses.
fn unused_name(t: &Transcript, min_turns: usize) -> Option<Finding> {
    if t.turns.len() < min_turns {
        return None;
    }
    let (name, learned) = learned_name(t)?;
    let parts: Vec<String> = name
        .split_whitespace()
        .map(|p| fold_name(p.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|p| p.chars().count() >= 2)
        .collect();
    if parts.is_empty() {
        return None;
    }
    let after = learned.map_or(0, |i| i + 1);
    let agent_turns: Vec<usize> = (after..t.turns.len())
        .filter(|&i| t.turns[i].speaker == Speaker::Agent)
        .collect();
    if agent_turns.is_empty() {
        return None;
    }
    let used = agent_turns.iter().any(|&i| {
        let raw = &t.turns[i].text;
        // Most turns do not contain the name's letters at all: check the ASCII case
        // without allocating first.
        if raw.is_ascii() && parts.iter().all(|p| p.is_ascii()) {
            let lower = raw.to_ascii_lowercase();
            return parts.iter().any(|p| contains_word(&lower, p));
        }
        let text = fold_name(raw);
        parts.iter().any(|p| contains_word(&text, p))
    });
    if used {
        return None;
    }
    Some(
        Finding::on_conversation(learned.unwrap_or(agent_turns[0]))
            .var("name", name)
            .var("match", ""),
    )
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Turn;

    fn conv(turns: &[(Speaker, &str)]) -> Transcript {
        Transcript::new(
            "t",
            turns
                .iter()
                .map(|(s, x)| Turn::new(s.clone(), *x))
                .collect(),
        )
    }

    #[test]
    fn name_from_self_introduction() {
        let t = conv(&[
            (Speaker::Agent, "Hello, who am I speaking with?"),
            (Speaker::Customer, "hi, it's José Álvarez here"),
        ]);
        assert_eq!(learned_name(&t), Some(("José Álvarez".into(), Some(1))));
        let t = conv(&[
            (Speaker::Agent, "Hello, how can I help?"),
            (Speaker::Customer, "I'm calling about my bill"),
        ]);
        assert_eq!(
            learned_name(&t),
            None,
            "\"I'm\" without a name question is no introduction"
        );
        let t = conv(&[(
            Speaker::Customer,
            "Hi, my name is lukas brandt and my router is broken",
        )]);
        assert_eq!(learned_name(&t), Some(("lukas brandt".into(), Some(0))));
    }

    #[test]
    fn names_compare_without_accents() {
        assert!(contains_word(
            &fold_name("Thanks, Jose!"),
            &fold_name("José")
        ));
        assert!(!contains_word("joseph", "jose"));
    }
}
