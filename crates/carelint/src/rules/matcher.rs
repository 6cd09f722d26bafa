//! One pass over each turn finds what every rule needs from it.
//!
//! Every phrase of every rule — the phrases of `phrases` rules, their exceptions and
//! `unless` phrases, the triggers and expected phrases of `respond` and `required` rules,
//! the phrases a `metric` rule counts — goes into ONE Aho-Corasick automaton, searched once
//! per turn over the folded text (lowercase, apostrophes and whitespace folded; see
//! [`crate::text`]). Each automaton pattern maps back to the rules that use it and in which
//! role. Matches are checked for word boundaries, grouped per rule and role, and reduced to
//! leftmost-longest non-overlapping matches, so one rule's long phrase never hides another
//! rule's short one. Regexes of `pattern` rules (and of triggers) run after it.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;

use super::{Category, Check, Matchers, Measure, Rule};
use crate::text::{
    fold_phrase, has_word_boundaries, is_apostrophe, sentence_end, sentence_start, Folded,
};

/// Largest compiled size of one rule's regex (bytes). Rule files are untrusted input.
const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;

/// Cache of each regex's lazy DFA (bytes, per thread). Rule patterns are long
/// case-insensitive alternations; a small cache is cleared again and again and the search
/// slows down many times over.
const DFA_CACHE_LIMIT: usize = 16 * 1024 * 1024;

/// Regexes compiled while building one linter, so that validating a rule and compiling
/// its matcher do not compile the same pattern twice.
#[derive(Debug, Default)]
pub(crate) struct RegexCache(std::cell::RefCell<HashMap<(String, bool), Result<Regex, String>>>);

impl RegexCache {
    /// The compiled pattern (compiled once per cache).
    pub(crate) fn get(&self, pattern: &str, case_sensitive: bool) -> Result<Regex, String> {
        let key = (pattern.to_string(), case_sensitive);
        if let Some(r) = self.0.borrow().get(&key) {
            return r.clone();
        }
        let r = compile_regex(pattern, case_sensitive);
        self.0.borrow_mut().insert(key, r.clone());
        r
    }
}

/// Compiles a rule's pattern with the size limit; the error is a user-facing message.
pub(crate) fn compile_regex(pattern: &str, case_sensitive: bool) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(!case_sensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(DFA_CACHE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(n) => format!(
                "regex is too big once compiled (limit {n} bytes); split it into several rules"
            ),
            other => format!("invalid regex:\n{other}"),
        })
}

/// What a match means for the rule that owns the phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Role {
    /// A finding of a turn-level rule (after modifiers).
    Match,
    /// Makes a `Match` inside it fine.
    Exception,
    /// Makes a `Match` in the same sentence fine.
    Unless,
    /// A `respond` trigger.
    Trigger,
    /// What a `respond` or `required` rule expects.
    Expect,
    /// A phrase a `metric` rule counts.
    Count,
    /// A vocabulary term from the configuration (not tied to a rule).
    Allowed,
    /// A gate string of a regex (its `rule` field is the regex's index): the regex runs
    /// only on turns where one of its gate strings occurs. See [`super::gate`].
    Gate,
}

impl Role {
    /// Roles whose matches are reported to the engine.
    fn is_reported(self) -> bool {
        !matches!(
            self,
            Role::Exception | Role::Unless | Role::Allowed | Role::Gate
        )
    }
}

#[derive(Debug, Clone, Copy)]
struct Use {
    rule: u32,
    role: Role,
}

/// One match of a rule in a turn, in original-text byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub rule: u32,
    pub role: Role,
    pub start: usize,
    pub end: usize,
}

/// Per-rule settings the matcher applies after finding raw matches.
#[derive(Debug, Default)]
struct RuleMods {
    exceptions: bool,
    unless: bool,
    unless_re: Option<Regex>,
    negation: bool,
    trigger_negation: bool,
    /// Jargon and idiom rules: matches inside a vocabulary term are fine.
    vocabulary: bool,
}

/// The rule index used for vocabulary terms.
const NO_RULE: u32 = u32::MAX;

/// The compiled matchers of every rule.
#[derive(Debug)]
pub(crate) struct TurnMatcher {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the rules that use it.
    uses: Vec<Vec<Use>>,
    /// Regexes: (rule, role, compiled, gate mask). A regex with a gate runs only on
    /// turns where every clause of its gate was found: bit k of the mask is clause k.
    regexes: Vec<(u32, Role, Regex, u8)>,
    mods: Vec<RuleMods>,
}

/// Per-thread buffers reused across turns.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    folded: Folded,
    raw: Vec<Hit>,
    exceptions: Vec<(u32, usize, usize)>,
    unless: Vec<(u32, usize, usize)>,
    allowed: Vec<(usize, usize)>,
    /// Per regex: the gate clauses found in the current turn (bit k: clause k).
    open: Vec<u8>,
}

impl TurnMatcher {
    /// Compiles the matchers of `rules` (rule indices are positions in `rules`) and the
    /// configured vocabulary.
    pub(crate) fn new(rules: &[Rule], vocabulary: &[String], cache: &RegexCache) -> TurnMatcher {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut uses: Vec<Vec<Use>> = Vec::new();
        let mut regexes = Vec::new();
        let mut gates: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
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
                rule: if role == Role::Allowed {
                    NO_RULE
                } else {
                    rule as u32
                },
                role,
            };
            if !uses[idx]
                .iter()
                .any(|x| x.rule == u.rule && x.role == u.role)
            {
                uses[idx].push(u);
            }
        };
        // Patterns were validated at load time; a compile failure here cannot happen.
        let mut add_regex = |pattern: &str, case_sensitive: bool, rule: usize, role: Role| {
            if let Ok(re) = cache.get(pattern, case_sensitive) {
                let gate = super::gate::gate(pattern, case_sensitive);
                let mask = gate.as_ref().map_or(0, |g| ((1u16 << g.len()) - 1) as u8);
                if let Some(g) = gate {
                    gates.push((regexes.len(), g));
                }
                regexes.push((rule as u32, role, re, mask));
            }
        };
        for (i, rule) in rules.iter().enumerate() {
            let mut m = RuleMods::default();
            let mut add_matchers = |ms: &Matchers, role: Role| {
                for p in &ms.phrases {
                    add(p, i, role);
                }
                if let Some(p) = &ms.pattern {
                    add_regex(p, false, i, role);
                }
            };
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
                } => add_regex(pattern, *case_sensitive, i, Role::Match),
                Check::Respond {
                    trigger, expect, ..
                } => {
                    add_matchers(trigger, Role::Trigger);
                    add_matchers(expect, Role::Expect);
                    m.trigger_negation = trigger.negation;
                }
                Check::Required { matchers, .. } => add_matchers(matchers, Role::Expect),
                Check::Metric {
                    measure: Measure::TurnPhrases,
                    phrases,
                    ..
                } => {
                    for p in phrases {
                        add(p, i, Role::Count);
                    }
                }
                Check::Metric { .. } | Check::CustomerName { .. } | Check::Timing { .. } => {}
            }
            if let Some(modifiers) = rule.check.modifiers() {
                for e in &modifiers.exceptions {
                    add(e, i, Role::Exception);
                }
                for u in &modifiers.unless {
                    add(u, i, Role::Unless);
                }
                m.exceptions = !modifiers.exceptions.is_empty();
                m.unless = !modifiers.unless.is_empty();
                m.unless_re = modifiers
                    .unless_pattern
                    .as_deref()
                    .and_then(|p| cache.get(p, false).ok());
                m.negation = modifiers.negation;
            }
            m.vocabulary = matches!(rule.category, Category::Jargon | Category::Idiom);
            mods.push(m);
        }
        for (j, clauses) in &gates {
            for (k, strings) in clauses.iter().enumerate() {
                for s in strings {
                    // The use's `rule` holds the regex index and the clause.
                    add(s, (*j << 3) | k, Role::Gate);
                }
            }
        }
        let has_vocabulary = mods.iter().any(|m| m.vocabulary);
        if has_vocabulary {
            for term in vocabulary {
                add(term, 0, Role::Allowed);
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            // A DFA searches fastest for hundreds of patterns; fall back to the default
            // kind if the DFA would be too large.
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

    /// Finds in `text` the matches of the rules for which `enabled(rule, role)` is true,
    /// and appends them to `out` sorted by (start, rule, role).
    pub(crate) fn find(
        &self,
        text: &str,
        enabled: &dyn Fn(u32, Role) -> bool,
        scratch: &mut Scratch,
        out: &mut Vec<Hit>,
    ) {
        let first = out.len();
        scratch.raw.clear();
        scratch.exceptions.clear();
        scratch.unless.clear();
        scratch.allowed.clear();
        scratch.open.clear();
        scratch.open.resize(self.regexes.len(), 0);
        if let Some(ac) = &self.automaton {
            scratch.folded.fold(text);
            let folded = &scratch.folded.text;
            for m in ac.find_overlapping_iter(folded.as_str()) {
                let uses = &self.uses[m.pattern().as_usize()];
                let mut any = false;
                for u in uses {
                    if u.role == Role::Gate {
                        scratch.open[(u.rule >> 3) as usize] |= 1 << (u.rule & 7);
                    } else if u.rule == NO_RULE || enabled(u.rule, u.role) {
                        any = true;
                    }
                }
                if !any {
                    continue;
                }
                let on = |u: &Use| {
                    u.role != Role::Gate && (u.rule == NO_RULE || enabled(u.rule, u.role))
                };
                if !has_word_boundaries(folded, m.start(), m.end()) {
                    continue;
                }
                let start = scratch.folded.original_offset(m.start());
                let end = scratch.folded.original_offset(m.end());
                for u in uses.iter().filter(|u| on(u)) {
                    match u.role {
                        Role::Allowed => scratch.allowed.push((start, end)),
                        Role::Exception => scratch.exceptions.push((u.rule, start, end)),
                        Role::Unless => scratch.unless.push((u.rule, start, end)),
                        role => scratch.raw.push(Hit {
                            rule: u.rule,
                            role,
                            start,
                            end,
                        }),
                    }
                }
            }
        }
        for (i, (rule, role, re, mask)) in self.regexes.iter().enumerate() {
            if scratch.open[i] & mask != *mask || !enabled(*rule, *role) {
                continue;
            }
            for m in re.find_iter(text) {
                if m.start() < m.end() {
                    scratch.raw.push(Hit {
                        rule: *rule,
                        role: *role,
                        start: m.start(),
                        end: m.end(),
                    });
                }
            }
        }
        if scratch.raw.is_empty() {
            return;
        }
        // Per rule and role: drop matches cleared by a modifier, then keep leftmost-longest
        // non-overlapping matches.
        scratch
            .raw
            .sort_unstable_by_key(|h| (h.rule, h.role, h.start, std::cmp::Reverse(h.end)));
        let mut last: Option<(u32, Role, usize)> = None;
        for &hit in &scratch.raw {
            debug_assert!(hit.role.is_reported());
            if let Some((r, role, prev_end)) = last {
                if r == hit.rule && role == hit.role && hit.start < prev_end {
                    continue;
                }
            }
            if !self.keep(hit, text, scratch) {
                continue;
            }
            last = Some((hit.rule, hit.role, hit.end));
            out.push(hit);
        }
        out[first..].sort_unstable_by_key(|h| (h.start, h.rule, h.role));
    }

    /// Applies the rule's modifiers to one match.
    fn keep(&self, hit: Hit, text: &str, scratch: &Scratch) -> bool {
        let mods = &self.mods[hit.rule as usize];
        let (rule, start, end) = (hit.rule, hit.start, hit.end);
        match hit.role {
            Role::Trigger => !(mods.trigger_negation && is_negated(text, start)),
            Role::Match => {
                if mods.exceptions
                    && scratch
                        .exceptions
                        .iter()
                        .any(|&(r, s, e)| r == rule && s <= start && end <= e)
                {
                    return false;
                }
                if mods.negation && is_negated(text, start) {
                    return false;
                }
                if mods.vocabulary && scratch.allowed.iter().any(|&(s, e)| s <= start && end <= e) {
                    return false;
                }
                if mods.unless || mods.unless_re.is_some() {
                    let (s, e) = (sentence_start(text, start), sentence_end(text, end));
                    if scratch
                        .unless
                        .iter()
                        .any(|&(r, us, ue)| r == rule && s <= us && ue <= e)
                        || mods
                            .unless_re
                            .as_ref()
                            .is_some_and(|re| re.is_match(&text[s..e]))
                    {
                        return false;
                    }
                }
                true
            }
            _ => true,
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
