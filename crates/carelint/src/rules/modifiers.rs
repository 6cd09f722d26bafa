//! Modifiers that narrow the matches of the turn-level kinds (`phrases`, `pattern`):
//! `exceptions`, `unless`, `unless-pattern`, `unless-turn-pattern`, `unless-echo`,
//! `unless-quoted`, `negation`, `when-topic`, `unless-conversation-pattern`,
//! `unless-fulfilled`, `unless-earlier-turn`, `unless-own-action`, `only-outcome` and
//! `asked-for`.

use serde::{Deserialize, Serialize};

use super::kinds::Validation;
use crate::text::is_apostrophe;
#[cfg(test)]
use crate::text::sentence_start;
use crate::yaml::{Located, Node};

/// The modifier keys, as written in rule files.
pub(crate) const KEYS: [&str; 14] = [
    "exceptions",
    "unless",
    "unless-pattern",
    "unless-turn-pattern",
    "unless-echo",
    "unless-quoted",
    "negation",
    "when-topic",
    "unless-conversation-pattern",
    "unless-fulfilled",
    "unless-earlier-turn",
    "unless-own-action",
    "only-outcome",
    "asked-for",
];

/// The speaker's own earlier turns looked back by `unless-earlier-turn` without `turns`.
pub(crate) const EARLIER_TURN_WINDOW: usize = 2;

/// Turns looked back for an echo with `unless-echo: true`.
pub(crate) const ECHO_WINDOW: usize = 12;

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
    /// Regexes that, one of them matching anywhere in the same sentence, make a match
    /// fine (`unless-pattern`: one regex or a list).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unless_pattern: Vec<String>,
    /// Regexes that, one of them matching anywhere in the same turn, make a match fine (a
    /// hedge followed by the next step the agent takes; `unless-turn-pattern`: one regex
    /// or a list).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unless_turn_pattern: Vec<String>,
    /// Drop a match when the other party wrote it in this many turns before (a term, a
    /// clock time or a masked id the customer used first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless_echo: Option<usize>,
    /// Drop a match inside quotation marks or a run of capitalised words (a title, a
    /// product or song name: "Loop In The Sky").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unless_quoted: bool,
    /// Drop a match when a negation stands before it in the same clause.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub negation: bool,
    /// Keep a match only when the reply, or the other party's turns it answers, are
    /// about this topic (a regex): a hedge about the order, not about the weather.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when_topic: Option<Topic>,
    /// Drop every match of a conversation in which this regex matches any turn (of either
    /// party): care given within one country with a single time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless_conversation_pattern: Option<Topic>,
    /// Drop a match that is a promise the speaker keeps later in the same conversation:
    /// the match matches `promise` and a later turn of the same speaker matches `report`
    /// ("I will look into this" … "I have checked with the seller").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless_fulfilled: Option<Fulfilled>,
    /// Drop a match when one of the same speaker's last few turns before it matches a
    /// regex: a firm time given a turn or two earlier covers a vague follow-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless_earlier_turn: Option<EarlierTurn>,
    /// Drop a promise whose scope is the speaker's own action, not an outcome that depends
    /// on others ("we promise to send an update"; `crate::conversation::promise`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unless_own_action: bool,
    /// Keep a promise only when its scope is an outcome that depends on others (an arrival,
    /// a condition on arrival, money in a bank by a date, never again); a scope that is the
    /// speaker's own action, effort, or neither is dropped (`crate::conversation::promise`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub only_outcome: bool,
    /// With `only_outcome`: when the other party's turns this reply answers match this
    /// regex (the customer asked for a guarantee: "make sure it arrives intact", "promise
    /// me"), the purpose of a step ("we will pack it with care to ensure it arrives
    /// intact") is read as a promise too: it answers what was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_for: Option<Topic>,
}

/// `unless-earlier-turn`: a regex and how many of the speaker's own earlier turns it is
/// looked for in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct EarlierTurn {
    /// One of the speaker's earlier turns matching this regex drops the match.
    pub pattern: Topic,
    /// How many of the speaker's own turns before the match are read (1 or more).
    pub turns: usize,
    /// `same-subject: true`: beyond the last `turns` turns, every earlier turn of the
    /// speaker counts whose firm time is for the same follow-up subject (a refund, a
    /// delivery, a call or update, a tracking link, an e-mail) as the match's turn; a match
    /// about a new thing (a tracking link after a delivery date) needs the same subject
    /// even within `turns`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub same_subject: bool,
    /// `last-turns: N`: a match in one of the speaker's last `N` turns of the
    /// conversation is covered by the later ones of those turns too, read as the last
    /// `turns` turns before it are ("We will update you soon." … the agent's last reply:
    /// "You will hear from us within 24 hours."). Earlier in the conversation a later
    /// time does not count: the customer had to ask for it (blind round 55). 0, the
    /// default, reads only earlier turns.
    #[serde(skip_serializing_if = "crate::rules::is_zero")]
    pub last_turns: usize,
    /// When set, only a match whose sentence, up to the match's end, matches this regex
    /// is covered (the agent's own "we will be in touch", not a new "you will receive a
    /// call").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<Topic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct EarlierTurnSpec {
    pattern: Located<String>,
    #[serde(default)]
    turns: Option<Located<usize>>,
    #[serde(default)]
    sentence: Option<Located<String>>,
    #[serde(default)]
    same_subject: bool,
    #[serde(default)]
    last_turns: usize,
}

/// `unless-fulfilled`: which matches are promises of work done in the conversation, and
/// what a later report of that work looks like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Fulfilled {
    /// Matches this regex are promises that can be kept in the same conversation.
    pub promise: Topic,
    /// A later turn of the same speaker matching this regex reports the work done.
    pub report: Topic,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FulfilledSpec {
    promise: Located<String>,
    report: Located<String>,
}

/// A compiled regex of a rule (`when-topic`, `unless-conversation-pattern`), shown as its
/// pattern.
#[derive(Debug, Clone)]
pub(crate) struct Topic {
    pattern: String,
    regex: std::sync::Arc<super::matcher::LazyRegex>,
}

impl Topic {
    /// Validates and compiles the regex of modifier `key`.
    pub(crate) fn read(key: &str, p: &Located<String>, v: &mut Validation<'_>) -> Option<Topic> {
        let pattern = v.regex(key, p, false)?;
        let regex = v.lazy_regex(&pattern);
        Some(Topic { pattern, regex })
    }

    /// The regex (case-insensitive), its automata built on first use; `None` only for a
    /// built-in pattern that does not parse, which the test suite rules out (as it rules
    /// out one too big to compile).
    pub fn regex(&self) -> Option<&crate::rules::matcher::Regex> {
        self.regex.get()
    }
}

impl PartialEq for Topic {
    fn eq(&self, other: &Topic) -> bool {
        self.pattern == other.pattern
    }
}

impl Eq for Topic {}

impl Serialize for Topic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.pattern)
    }
}

/// One regex, or a list of them (any of which makes a match fine): `unless-pattern:
/// [*timeframe, '…']` adds a case to a pattern shared by YAML anchor without copying it,
/// and the shared one is compiled once.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMore {
    One(String),
    More(Vec<String>),
}

impl OneOrMore {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMore::One(p) => vec![p],
            OneOrMore::More(ps) => ps,
        }
    }
}

/// The regexes of `key` (one or a list), each validated; every one reported at the key's
/// position.
pub(crate) fn regexes(
    v: &mut Validation<'_>,
    key: &str,
    l: Option<Located<OneOrMore>>,
) -> Vec<String> {
    let Some(l) = l else {
        return Vec::new();
    };
    let (line, column) = (l.line, l.column);
    l.value
        .into_vec()
        .into_iter()
        .filter_map(|value| {
            let p = Located {
                value,
                line,
                column,
            };
            v.regex(key, &p, false)
        })
        .collect()
}

/// `unless-echo: true`, or a number of turns.
#[derive(Deserialize)]
#[serde(untagged)]
enum EchoSpec {
    On(bool),
    Turns(usize),
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Spec {
    #[serde(default)]
    exceptions: Option<Located<Vec<String>>>,
    #[serde(default)]
    unless: Option<Located<Vec<String>>>,
    #[serde(default)]
    unless_pattern: Option<Located<OneOrMore>>,
    #[serde(default)]
    unless_turn_pattern: Option<Located<OneOrMore>>,
    #[serde(default)]
    unless_echo: Option<Located<EchoSpec>>,
    #[serde(default)]
    unless_quoted: bool,
    #[serde(default)]
    negation: bool,
    #[serde(default)]
    when_topic: Option<Located<String>>,
    #[serde(default)]
    unless_conversation_pattern: Option<Located<String>>,
    #[serde(default)]
    unless_fulfilled: Option<Located<FulfilledSpec>>,
    #[serde(default)]
    unless_earlier_turn: Option<Located<EarlierTurnSpec>>,
    #[serde(default)]
    unless_own_action: bool,
    #[serde(default)]
    only_outcome: bool,
    #[serde(default)]
    asked_for: Option<Located<String>>,
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
            unless_pattern: regexes(v, "unless-pattern", spec.unless_pattern),
            unless_turn_pattern: regexes(v, "unless-turn-pattern", spec.unless_turn_pattern),
            unless_echo: match spec.unless_echo {
                None
                | Some(Located {
                    value: EchoSpec::On(false),
                    ..
                }) => None,
                Some(Located {
                    value: EchoSpec::On(true),
                    ..
                }) => Some(ECHO_WINDOW),
                Some(
                    l @ Located {
                        value: EchoSpec::Turns(0),
                        ..
                    },
                ) => {
                    v.err_located(
                        &l,
                        "`unless-echo` takes `true` or a number of turns (1 or more)",
                    );
                    None
                }
                Some(Located {
                    value: EchoSpec::Turns(n),
                    ..
                }) => Some(n),
            },
            unless_quoted: spec.unless_quoted,
            negation: spec.negation,
            when_topic: spec
                .when_topic
                .and_then(|p| Topic::read("when-topic", &p, v)),
            unless_conversation_pattern: spec
                .unless_conversation_pattern
                .and_then(|p| Topic::read("unless-conversation-pattern", &p, v)),
            unless_fulfilled: spec.unless_fulfilled.and_then(|f| {
                let promise = Topic::read("unless-fulfilled.promise", &f.value.promise, v);
                let report = Topic::read("unless-fulfilled.report", &f.value.report, v);
                Some(Fulfilled {
                    promise: promise?,
                    report: report?,
                })
            }),
            unless_earlier_turn: spec.unless_earlier_turn.and_then(|e| {
                let pattern = Topic::read("unless-earlier-turn.pattern", &e.value.pattern, v);
                let sentence = match &e.value.sentence {
                    None => None,
                    Some(p) => Some(Topic::read("unless-earlier-turn.sentence", p, v)?),
                };
                let turns = match e.value.turns {
                    None => EARLIER_TURN_WINDOW,
                    Some(l) if l.value == 0 => {
                        v.err_located(
                            &l,
                            "`unless-earlier-turn.turns` is a number of turns (1 or more)",
                        );
                        return None;
                    }
                    Some(l) => l.value,
                };
                Some(EarlierTurn {
                    pattern: pattern?,
                    turns,
                    same_subject: e.value.same_subject,
                    last_turns: e.value.last_turns,
                    sentence,
                })
            }),
            unless_own_action: spec.unless_own_action,
            asked_for: match spec.asked_for {
                Some(p) if !spec.only_outcome => {
                    v.err_located(
                        &p,
                        "`asked-for` changes how `only-outcome` reads a promise; add `only-outcome: true` to the rule",
                    );
                    None
                }
                Some(p) => Topic::read("asked-for", &p, v),
                None => None,
            },
            only_outcome: spec.only_outcome,
        }
    }
}

/// Bytes looked at on each side of a match for `unless-quoted`.
const QUOTE_WINDOW: usize = 300;

/// Whether `start..end` lies inside quotation marks on its line, or within a run of at
/// least three capitalised words (a title or a name: "Loop In The Sky"), where a phrase
/// is a name, not the agent's own words.
pub(crate) fn is_quoted(text: &str, start: usize, end: usize) -> bool {
    // Only the same line, and at most QUOTE_WINDOW bytes each side: a quoted title is
    // short, and a bounded window keeps a long line with many matches linear.
    let mut lo = start.saturating_sub(QUOTE_WINDOW);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (end + QUOTE_WINDOW).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let line_start = text[lo..start].rfind('\n').map_or(lo, |i| lo + i + 1);
    let line_end = text[end..hi].find('\n').map_or(hi, |i| end + i);
    let (before, after) = (&text[line_start..start], &text[end..line_end]);
    // Quote marks, leaving out apostrophes inside words ("don't", "it's").
    let marks = |s: &str, c: char| {
        s.char_indices()
            .filter(|&(i, ch)| {
                ch == c && {
                    let prev = s[..i].chars().next_back();
                    let next = s[i + ch.len_utf8()..].chars().next();
                    !(prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric))
                }
            })
            .count()
    };
    for (open, close) in [('"', '"'), ('“', '”'), ('‘', '’'), ('\'', '\'')] {
        let inside = if open == close {
            marks(before, open) % 2 == 1
        } else {
            marks(before, open) > marks(before, close)
        };
        if inside && marks(after, close) > 0 {
            return true;
        }
    }
    // A run of capitalised words around the match.
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let words_in: Vec<&str> = text[start..end].split_whitespace().collect();
    // Both readings below need the match's first word capitalised.
    if !words_in.first().is_some_and(|w| capitalised(w)) {
        return false;
    }
    let before_words: Vec<&str> = before.split_whitespace().collect();
    let left = before_words
        .iter()
        .rev()
        .take_while(|w| capitalised(w) && !w.ends_with(['.', '!', '?', ':']))
        .count();
    // The match's first word ends a name of capitalised words that starts before it ("I
    // will play Planet Loop in the living room"): a capital in mid-sentence, after another
    // one that is neither "I" nor the sentence's first word. Punctuation ends a name
    // ("Thanks Sam, Touch base with me" names nobody).
    let name_len = before_words
        .iter()
        .rev()
        .take_while(|w| capitalised(w) && w.ends_with(char::is_alphanumeric))
        .count();
    let name = &before_words[before_words.len() - name_len..];
    let opens_sentence = before_words[..before_words.len() - name_len]
        .last()
        .is_none_or(|w| w.ends_with(['.', '!', '?', ':', ',', ';']));
    let names = name
        .iter()
        .skip(usize::from(opens_sentence))
        .filter(|w| **w != "I")
        .count();
    if names >= 1 {
        return true;
    }
    // Or the whole match lies in a run of capitalised words (a title).
    if !words_in.iter().all(|w| capitalised(w)) {
        return false;
    }
    let right = after
        .split_whitespace()
        .take_while(|w| capitalised(w))
        .count();
    // The first word of a sentence is capitalised anyway: it does not make a title.
    let sentence_start =
        before.trim_end().is_empty() || before.trim_end().ends_with(['.', '!', '?', ':']);
    let run = words_in.len() + left + right;
    run >= 3 && !(sentence_start && left == 0 && right == 0)
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

/// How many words before a match, in the same clause, are searched for a negation.
const NEGATION_WINDOW: usize = 6;

/// Words that start a new clause: a negation before them does not reach past them.
const CLAUSE_WORDS: &[&str] = &[
    "but", "however", "although", "though", "yet", "so", "because", "since", "while", "whereas",
    "and", "or", "if", "unless", "when",
];

/// Whether a negation stands within [`NEGATION_WINDOW`] words before `start`, in the same
/// sentence.
#[cfg(test)]
fn is_negated(text: &str, start: usize) -> bool {
    is_negated_after(text, sentence_start(text, start), start)
}

/// [`is_negated`] with the sentence's start known. Reads only the words it needs, backwards
/// from `start`, so a long sentence with many matches is not read once per match. A
/// negation reaches the match only within its clause: a comma, semicolon, colon, dash or
/// bracket, or a word such as "but", stops the search ("I'm not saying this is your fault"
/// is negated; "I couldn't find it, but I guarantee it" is not).
pub(crate) fn is_negated_after(text: &str, sentence: usize, start: usize) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || is_apostrophe(c);
    let before = &text[sentence..start];
    let mut chars = before.char_indices().rev().peekable();
    for _ in 0..NEGATION_WINDOW {
        // Skip to the end of the previous word (stopping at a clause break), then to its
        // start.
        while let Some((_, c)) = chars.next_if(|&(_, c)| !is_word(c)) {
            if matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')' | '"' | '“' | '”') {
                return false;
            }
        }
        let Some(&(last, c)) = chars.peek() else {
            return false;
        };
        let mut first = last;
        while let Some((i, _)) = chars.next_if(|&(_, c)| is_word(c)) {
            first = i;
        }
        let word = &before[first..last + c.len_utf8()];
        if is_negation(word) {
            return true;
        }
        if CLAUSE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            return false;
        }
    }
    false
}

/// Whether one word is a negation (`not`, `can't`, `CAN’T`, …).
fn is_negation(word: &str) -> bool {
    let w: String = word
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_looked_for_near_the_match_only() {
        // A long line with many matches stays linear: only QUOTE_WINDOW bytes each side
        // are read, so a quotation mark far away does not quote the match.
        let far = format!("\"{} touch base {}\"", "x ".repeat(200), "y ".repeat(200));
        let at = far.find("touch base").unwrap();
        assert!(!is_quoted(&far, at, at + 10));
        let near = "she said \"touch base\" twice";
        let at = near.find("touch base").unwrap();
        assert!(is_quoted(near, at, at + 10));
        // Multi-byte text at the window's edges is cut on character boundaries.
        let wide = format!("{}touch base{}", "é".repeat(400), "ü".repeat(400));
        let at = wide.find("touch base").unwrap();
        assert!(!is_quoted(&wide, at, at + 10));
    }

    #[test]
    fn quoted_and_titles() {
        let q = |t: &str, m: &str| {
            let s = t.find(m).unwrap();
            is_quoted(t, s, s + m.len())
        };
        assert!(q("Play the song \"Loop me in\" now", "Loop me in"));
        assert!(q("The album Loop In The Sky is out", "Loop In"));
        assert!(!q("I will loop in my manager", "loop in"));
        assert!(!q("Loop in my manager, please", "Loop in"));
        assert!(!q("I don't think we'll loop in anyone", "loop in"));
        assert!(q("It's called 'touch base' in the app", "touch base"));
        // the match's first word ends a name that starts before it
        assert!(q("I will play Planet Loop in the living room", "Loop in"));
        assert!(q("Try the Kids Touch Base app", "Touch Base"));
        // a capital after the sentence's first word or "I" makes no name
        assert!(!q("Please Loop in Sam", "Loop in"));
        assert!(!q("Thanks. Please Loop in Sam", "Loop in"));
        assert!(!q("I Loop in my manager", "Loop in"));
        assert!(!q("Loop in my manager", "Loop in"));
        assert!(!q("Thanks Sam, Touch base with me tomorrow", "Touch base"));
        assert!(!q("Hi, Touch base with me", "Touch base"));
    }

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
        let t = "I am not suggesting it is your fault";
        assert!(is_negated(t, t.find("your fault").unwrap()));
        let t = "I couldn't find it and I guarantee it";
        assert!(!is_negated(t, t.find("guarantee").unwrap()));
        let t = "we could never ever guarantee";
        assert!(is_negated(t, t.find("guarantee").unwrap()));
        assert!(!is_negated("", 0));
    }
}
