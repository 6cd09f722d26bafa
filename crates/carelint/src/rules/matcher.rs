//! The compiled form of the turn-level rule kinds (`phrases`, `pattern`).
//!
//! Every phrase of every rule, and every exception phrase, goes into ONE Aho-Corasick
//! automaton, searched once per turn over the folded text (lowercase, apostrophes and
//! whitespace folded; see [`crate::text`]). Each automaton pattern maps back to the rules
//! that use it and in which role. Matches are then checked for word boundaries, grouped
//! per rule, cleared by the rule's exceptions, and reduced to leftmost-longest
//! non-overlapping matches per rule, so one rule's long phrase never hides another
//! rule's short one.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;

use super::{Check, Rule};
use crate::text::{fold_phrase, has_word_boundaries, is_apostrophe, sentence_end, sentence_start, Folded};

/// Largest compiled size of one rule's regex (bytes). Rule files are untrusted input.
const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;

/// Compiles a rule's pattern with the size limit; the error is a user-facing message.
pub(crate) fn compile_regex(pattern: &str, case_sensitive: bool) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(!case_sensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(n) => format!(
                "regex is too big once compiled (limit {n} bytes); split it into several rules"
            ),
            other => format!("invalid regex:\n{other}"),
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Match,
    Exception,
    Unless,
}

/// Per-rule settings the matcher applies after finding raw matches.
#[derive(Debug, Default)]
struct RuleMods {
    exceptions: bool,
    unless: bool,
    unless_re: Option<Regex>,
    negation: bool,
}

#[derive(Debug, Clone, Copy)]
struct Use {
    rule: u32,
    role: Role,
}

/// One raw match of a rule, in original-text byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub rule: u32,
    pub start: usize,
    pub end: usize,
}

/// Matches that the turn-level kinds produced on one turn, before the engine turns them
/// into diagnostics.
#[derive(Debug)]
pub(crate) struct TurnMatcher {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the rules that use it.
    uses: Vec<Vec<Use>>,
    /// Pattern rules: (rule index, compiled regex).
    regexes: Vec<(u32, Regex)>,
    /// Per rule: exceptions, `unless`, negation.
    mods: Vec<RuleMods>,
}

/// Per-thread buffers reused across turns.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    folded: Folded,
    raw: Vec<(u32, Role, usize, usize)>,
    exceptions: Vec<(u32, usize, usize)>,
    unless: Vec<(u32, usize, usize)>,
}

impl TurnMatcher {
    /// Compiles the turn-level rules among `rules` (indices are positions in `rules`).
    pub(crate) fn new(rules: &[Rule]) -> TurnMatcher {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut uses: Vec<Vec<Use>> = Vec::new();
        let mut regexes = Vec::new();
        let mut mods: Vec<RuleMods> = Vec::with_capacity(rules.len());
        let mut add = |phrase: &str, rule: usize, role: Role| {
            let folded = fold_phrase(phrase);
            if folded.is_empty() {
                return;
            }
            let idx = *ids.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded);
                uses.push(Vec::new());
                patterns.len() - 1
            });
            let u = Use {
                rule: rule as u32,
                role,
            };
            if !uses[idx]
                .iter()
                .any(|x| x.rule == u.rule && x.role == u.role)
            {
                uses[idx].push(u);
            }
        };
        for (i, rule) in rules.iter().enumerate() {
            match &rule.check {
                Check::Phrases { phrases, .. } => {
                    for p in phrases {
                        add(p, i, Role::Match);
                    }
                }
                Check::Pattern {
                    pattern,
                    case_sensitive,
                    ..
                } => {
                    // Validated at load time; a failure here would be a bug.
                    if let Ok(re) = compile_regex(pattern, *case_sensitive) {
                        regexes.push((i as u32, re));
                    }
                }
            }
            let m = rule.check.modifiers().cloned().unwrap_or_default();
            for e in &m.exceptions {
                add(e, i, Role::Exception);
            }
            for u in &m.unless {
                add(u, i, Role::Unless);
            }
            mods.push(RuleMods {
                exceptions: !m.exceptions.is_empty(),
                unless: !m.unless.is_empty(),
                unless_re: m
                    .unless_pattern
                    .as_deref()
                    .and_then(|p| compile_regex(p, false).ok()),
                negation: m.negation,
            });
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            // A DFA searches fastest for hundreds of patterns; build falls back to the
            // default kind if the DFA would be too large.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::Standard)
                        .build(&patterns)
                })
                .ok()
        };
        TurnMatcher {
            automaton,
            uses,
            regexes,
            mods,
        }
    }

    /// Number of distinct phrases in the automaton.
    pub(crate) fn phrase_count(&self) -> usize {
        self.uses.len()
    }

    /// Finds the matches of the rules for which `enabled(rule)` is true in `text`, and
    /// appends them to `out` sorted by (start, rule).
    pub(crate) fn find(
        &self,
        text: &str,
        enabled: &dyn Fn(u32) -> bool,
        scratch: &mut Scratch,
        out: &mut Vec<Hit>,
    ) {
        let first = out.len();
        scratch.raw.clear();
        scratch.exceptions.clear();
        scratch.unless.clear();
        if let Some(ac) = &self.automaton {
            scratch.folded.fold(text);
            let folded = &scratch.folded.text;
            for m in ac.find_overlapping_iter(folded.as_str()) {
                let uses = &self.uses[m.pattern().as_usize()];
                if !uses.iter().any(|u| enabled(u.rule)) {
                    continue;
                }
                if !has_word_boundaries(folded, m.start(), m.end()) {
                    continue;
                }
                let start = scratch.folded.original_offset(m.start());
                let end = scratch.folded.original_offset(m.end());
                for u in uses.iter().filter(|u| enabled(u.rule)) {
                    match u.role {
                        Role::Match => scratch.raw.push((u.rule, u.role, start, end)),
                        Role::Exception => scratch.exceptions.push((u.rule, start, end)),
                        Role::Unless => scratch.unless.push((u.rule, start, end)),
                    }
                }
            }
        }
        for (rule, re) in &self.regexes {
            if !enabled(*rule) {
                continue;
            }
            for m in re.find_iter(text) {
                if m.start() == m.end() {
                    continue;
                }
                scratch.raw.push((*rule, Role::Match, m.start(), m.end()));
            }
        }
        if scratch.raw.is_empty() {
            return;
        }
        // Per rule: drop matches inside an exception, then keep leftmost-longest
        // non-overlapping matches.
        scratch.raw.sort_unstable_by(|a, b| {
            (a.0, a.2, std::cmp::Reverse(a.3)).cmp(&(b.0, b.2, std::cmp::Reverse(b.3)))
        });
        let mut last: Option<(u32, usize)> = None;
        for &(rule, _, start, end) in &scratch.raw {
            let mods = &self.mods[rule as usize];
            if mods.exceptions
                && scratch
                    .exceptions
                    .iter()
                    .any(|&(r, s, e)| r == rule && s <= start && end <= e)
            {
                continue;
            }
            if let Some((r, prev_end)) = last {
                if r == rule && start < prev_end {
                    continue;
                }
            }
            if mods.negation && is_negated(text, start) {
                continue;
            }
            if mods.unless || mods.unless_re.is_some() {
                let (s, e) = (sentence_start(text, start), sentence_end(text, end));
                if scratch
                    .unless
                    .iter()
                    .any(|&(r, us, ue)| r == rule && s <= us && ue <= e)
                    || mods.unless_re.as_ref().is_some_and(|re| re.is_match(&text[s..e]))
                {
                    continue;
                }
            }
            last = Some((rule, end));
            out.push(Hit { rule, start, end });
        }
        out[first..].sort_unstable_by_key(|h| (h.start, h.rule));
    }
}

/// Words that negate what follows them.
const NEGATIONS: &[&str] = &[
    "not", "never", "no", "cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't",
    "aren't", "wasn't", "weren't", "wouldn't", "couldn't", "shouldn't", "unable", "without",
    "hardly", "nobody", "nothing", "neither", "nor",
];

/// How many words before a match are searched for a negation.
const NEGATION_WINDOW: usize = 3;

/// Whether a negation stands within [`NEGATION_WINDOW`] words before `start`, in the same
/// sentence.
fn is_negated(text: &str, start: usize) -> bool {
    let before = &text[sentence_start(text, start)..start];
    before
        .split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c)))
        .filter(|w| !w.is_empty())
        .rev()
        .take(NEGATION_WINDOW)
        .any(|w| {
            let w: String = w
                .chars()
                .map(|c| if is_apostrophe(c) { '\'' } else { c.to_ascii_lowercase() })
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
        assert!(!is_negated("No. I guarantee it", 6), "a negation in the previous sentence does not count");
        assert!(!is_negated("I would not say that, but I guarantee it", 27));
    }
}
