//! The conversation-aware kinds: `respond`, `required`, `customer-name`, `metric`.
//!
//! They run after the one automaton pass over every turn (see [`super::matcher`]) and read
//! its per-turn matches, so no text is searched twice.

use regex::Regex;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::matcher::{Hit, Role};
use super::{Check, Measure, Rule, SpeakerFilter, TimingMeasure, Window};
use crate::transcript::{Speaker, Transcript};

/// A finding before it becomes a [`crate::Diagnostic`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub turn: Option<usize>,
    /// Byte range in the turn's text.
    pub span: Option<(usize, usize)>,
    /// Values for `{name}`-style placeholders in the message.
    pub vars: Vec<(&'static str, String)>,
    /// The turn whose start is the position of a conversation-level finding.
    pub anchor: Option<usize>,
}

impl Finding {
    fn on_turn(turn: usize) -> Finding {
        Finding {
            turn: Some(turn),
            span: None,
            vars: Vec::new(),
            anchor: None,
        }
    }
}

/// Runs one conversation-aware rule. `hits[i]` are the matcher's hits in turn `i`.
pub(crate) fn check(rule_idx: u32, rule: &Rule, t: &Transcript, hits: &[Vec<Hit>]) -> Vec<Finding> {
    let has = |turn: usize, role: Role| {
        hits[turn]
            .iter()
            .any(|h| h.rule == rule_idx && h.role == role)
    };
    match &rule.check {
        Check::Respond {
            trigger, within, ..
        } => {
            let responder = rule.speaker;
            let trigger_speaker = trigger.speaker.unwrap_or(match responder {
                SpeakerFilter::Agent => SpeakerFilter::Customer,
                SpeakerFilter::Customer => SpeakerFilter::Agent,
                SpeakerFilter::Any => SpeakerFilter::Any,
            });
            let mut out: Vec<Finding> = Vec::new();
            for (i, turn) in t.turns.iter().enumerate() {
                if !trigger_speaker.matches(&turn.speaker) {
                    continue;
                }
                let Some(trig) = hits[i]
                    .iter()
                    .find(|h| h.rule == rule_idx && h.role == Role::Trigger)
                else {
                    continue;
                };
                let replies: Vec<usize> = (i + 1..t.turns.len())
                    .filter(|&j| {
                        responder.matches(&t.turns[j].speaker) && t.turns[j].speaker != turn.speaker
                    })
                    .take(*within)
                    .collect();
                let Some(&first) = replies.first() else {
                    continue; // the conversation ends before any reply
                };
                if replies.iter().any(|&j| has(j, Role::Expect)) {
                    continue;
                }
                if out.iter().any(|f| f.turn == Some(first)) {
                    continue;
                }
                let mut f = Finding::on_turn(first);
                f.vars
                    .push(("trigger", turn.text[trig.start..trig.end].to_string()));
                f.vars.push(("within", within.to_string()));
                out.push(f);
            }
            out
        }
        Check::Required {
            window, min_turns, ..
        } => {
            if t.turns.len() < *min_turns {
                return Vec::new();
            }
            let own: Vec<usize> = (0..t.turns.len())
                .filter(|&i| rule.speaker.matches(&t.turns[i].speaker))
                .collect();
            if own.is_empty() {
                return Vec::new();
            }
            let searched: &[usize] = match *window {
                Window::Conversation => &own,
                Window::First(n) => &own[..n.min(own.len())],
                Window::Last(n) => &own[own.len().saturating_sub(n)..],
            };
            if searched.iter().any(|&i| has(i, Role::Expect)) {
                return Vec::new();
            }
            let last = *searched.last().unwrap_or(&own[0]);
            vec![match window {
                Window::Conversation => Finding {
                    turn: None,
                    span: None,
                    vars: Vec::new(),
                    anchor: Some(last),
                },
                _ => Finding::on_turn(last),
            }]
        }
        Check::CustomerName { min_turns } => customer_name(t, *min_turns).into_iter().collect(),
        Check::Metric {
            measure,
            max,
            min_words,
            ..
        } => {
            let mut out = Vec::new();
            for (i, turn) in t.turns.iter().enumerate() {
                if !rule.speaker.matches(&turn.speaker) {
                    continue;
                }
                match measure {
                    Measure::TurnPhrases => {
                        let counted: Vec<&Hit> = hits[i]
                            .iter()
                            .filter(|h| h.rule == rule_idx && h.role == Role::Count)
                            .collect();
                        if counted.len() as f64 > *max {
                            let mut f = Finding::on_turn(i);
                            f.span = Some((counted[0].start, counted[0].end));
                            f.vars.push(("value", counted.len().to_string()));
                            f.vars.push(("max", format_number(*max)));
                            let listed: Vec<&str> =
                                counted.iter().map(|h| &turn.text[h.start..h.end]).collect();
                            f.vars.push(("match", listed.join(", ")));
                            out.push(f);
                        }
                    }
                    Measure::SentenceWords | Measure::SentenceGrade => {
                        // Cheap bound first: runs of letters and digits are at least as
                        // many as Unicode words, so a region with few runs has no long
                        // sentence and nothing to grade. Regions end only where UAX #29
                        // surely ends a sentence too, so segmenting each region on its own
                        // gives the same sentences as segmenting the whole turn.
                        let floor = if *measure == Measure::SentenceWords {
                            (*max + 1.0).max(0.0) as usize
                        } else {
                            (*min_words).max(1)
                        };
                        for (region_start, region) in sentence_regions(&turn.text) {
                            if word_runs(region) < floor {
                                continue;
                            }
                            for (offset, sentence) in region.split_sentence_bound_indices() {
                                let start = region_start + offset;
                                let (words, syllable_count) = if *measure == Measure::SentenceWords
                                {
                                    (sentence.unicode_words().count(), 0)
                                } else {
                                    sentence
                                        .unicode_words()
                                        .fold((0, 0), |(n, s), w| (n + 1, s + syllables(w)))
                                };
                                if words == 0 || words < *min_words {
                                    continue;
                                }
                                let value = if *measure == Measure::SentenceWords {
                                    words as f64
                                } else {
                                    grade(words, syllable_count)
                                };
                                if value > *max {
                                    let trimmed = sentence.trim_end();
                                    let lead = trimmed.len() - trimmed.trim_start().len();
                                    let mut f = Finding::on_turn(i);
                                    f.span = Some((start + lead, start + trimmed.len()));
                                    f.vars.push(("value", format_number(value)));
                                    f.vars.push(("max", format_number(*max)));
                                    out.push(f);
                                }
                            }
                        }
                    }
                }
            }
            out
        }
        Check::Timing {
            measure,
            max,
            min_turns,
        } => timing(rule, t, *measure, *max, *min_turns),
        Check::Phrases { .. } | Check::Pattern { .. } => Vec::new(),
    }
}

/// Speaking rates are only judged on turns at least this long (seconds): a short
/// "yes, ok" spoken quickly is no rushing.
const RATE_MIN_SECONDS: f64 = 3.0;

fn timing(
    rule: &Rule,
    t: &Transcript,
    measure: TimingMeasure,
    max: f64,
    min_turns: usize,
) -> Vec<Finding> {
    if t.turns.len() < min_turns || !t.turns.iter().any(|turn| turn.start.is_some()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let value_finding = |turn: usize, value: f64| {
        let mut f = Finding::on_turn(turn);
        f.vars.push(("value", format_number(value)));
        f.vars.push(("max", format_number(max)));
        f
    };
    match measure {
        TimingMeasure::DeadAir | TimingMeasure::Overtalk => {
            for i in 1..t.turns.len() {
                let (prev, turn) = (&t.turns[i - 1], &t.turns[i]);
                if !rule.speaker.matches(&turn.speaker) {
                    continue;
                }
                let (Some(prev_end), Some(start)) = (prev.end.or(prev.start), turn.start) else {
                    continue;
                };
                let value = if measure == TimingMeasure::DeadAir {
                    if prev.end.is_none() {
                        continue; // without an end time the gap is unknown
                    }
                    start - prev_end
                } else {
                    if prev.speaker == turn.speaker || prev.end.is_none() {
                        continue;
                    }
                    prev_end - start
                };
                if value > max {
                    out.push(value_finding(i, value));
                }
            }
        }
        TimingMeasure::TalkShare => {
            let mut own = 0.0;
            let mut all = 0.0;
            for turn in &t.turns {
                if let (Some(s), Some(e)) = (turn.start, turn.end) {
                    let d = (e - s).max(0.0);
                    all += d;
                    if rule.speaker.matches(&turn.speaker) {
                        own += d;
                    }
                }
            }
            if all > 0.0 {
                let share = (own / all * 100.0).round();
                if share > max {
                    let mut f = Finding {
                        turn: None,
                        span: None,
                        vars: Vec::new(),
                        anchor: Some(0),
                    };
                    f.vars.push(("value", format_number(share)));
                    f.vars.push(("max", format_number(max)));
                    out.push(f);
                }
            }
        }
        TimingMeasure::SpeakingRate => {
            for (i, turn) in t.turns.iter().enumerate() {
                if !rule.speaker.matches(&turn.speaker) {
                    continue;
                }
                let (Some(s), Some(e)) = (turn.start, turn.end) else {
                    continue;
                };
                let secs = e - s;
                if secs < RATE_MIN_SECONDS {
                    continue;
                }
                let wpm = turn.text.unicode_words().count() as f64 / (secs / 60.0);
                if wpm > max {
                    out.push(value_finding(i, wpm.round()));
                }
            }
        }
    }
    out
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

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Flesch-Kincaid grade level of one sentence of `words` words and `syllables`
/// syllables.
pub(crate) fn grade(words: usize, syllables: usize) -> f64 {
    let n = words.max(1) as f64;
    0.39 * n + 11.8 * (syllables as f64 / n) - 15.59
}

/// Splits a text at line breaks and at `.`, `!` or `?` followed by whitespace and an
/// uppercase letter: places where UAX #29 always ends a sentence as well.
fn sentence_regions(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let mut cuts = vec![0];
    let mut i = 0;
    while i < b.len() {
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
        i += 1;
    }
    cuts.push(b.len());
    cuts.dedup();
    (0..cuts.len().saturating_sub(1)).map(move |k| (cuts[k], &text[cuts[k]..cuts[k + 1]]))
}

/// Estimated syllables of an English word: vowel groups, less a silent final `e`.
pub(crate) fn syllables(word: &str) -> usize {
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

fn customer_name(t: &Transcript, min_turns: usize) -> Option<Finding> {
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
    Some(Finding {
        turn: None,
        span: None,
        vars: vec![("name", name), ("match", String::new())],
        anchor: Some(learned.unwrap_or(agent_turns[0])),
    })
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
