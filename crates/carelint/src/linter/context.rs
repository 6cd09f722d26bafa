//! The match modifiers that look beyond the match itself — at earlier turns (echo, gloss,
//! an earlier firm time), at the topic of the exchange, at the whole conversation, at
//! later turns (a promise fulfilled) — applied to one turn-level match.
//!
//! What a modifier learns about a transcript as a whole (whether any turn matches, the
//! last turn that reports the work, which turns hold a firm time) is kept per rule, so it
//! is computed once per rule and transcript, not once per match.

use super::lookup::Lookups;
use crate::conversation::Features;
use crate::rules::matcher::Hit;
use crate::rules::modifiers::Modifiers;
use crate::transcript::{Speaker, Turn};

/// Per-transcript answers of the context modifiers, by rule.
#[derive(Default)]
pub(super) struct ContextFilter {
    /// `unless-conversation-pattern`: whether any turn matches.
    whole_conversation: Vec<(u32, bool)>,
    /// `unless-fulfilled`: the last turn of each party (agent, customer) reporting the work.
    reports: Vec<(u32, [Option<usize>; 2])>,
    /// `unless-earlier-turn`: whether each turn matches (filled on first use).
    earlier: Vec<(u32, Vec<Option<bool>>)>,
    /// `when-topic` and `asked-for`: whether each turn matches, per regex (rules that
    /// share a regex share its compiled form, and so its answers).
    topics: Vec<(usize, Vec<Option<bool>>)>,
}

impl ContextFilter {
    /// Whether a modifier drops `hit`, a match of rule `hit.rule` in turn `turn_idx`.
    pub(super) fn drops(
        &mut self,
        mods: &Modifiers,
        hit: &Hit,
        (turn_idx, turn): (usize, &Turn),
        features: &Features<'_>,
        lookups: &mut Lookups,
    ) -> bool {
        let matched = &turn.text[hit.start..hit.end];
        mods.unless_echo.is_some_and(|w| {
            features.is_echo(turn_idx, matched, w)
                || features.is_explained(turn_idx, hit.start, hit.end, w)
        }) || self.off_topic(mods, turn_idx, features)
            || self.anywhere_in_conversation(mods, hit.rule, features)
            || self.fulfilled_later(mods, hit, (turn_idx, turn), features, lookups)
            || self.covered_earlier(mods, hit, (turn_idx, turn), features, lookups)
            || (mods.unless_own_action
                && crate::conversation::promise::is_own_action(
                    &turn.text,
                    lookups.sentences(turn_idx, turn),
                    hit.start,
                    hit.end,
                ))
            || (mods.only_outcome && {
                let asked = self.asked_for(mods, turn_idx, features);
                !crate::conversation::promise::is_outcome(
                    &turn.text,
                    lookups.sentences(turn_idx, turn),
                    (hit.start, hit.end),
                    asked,
                )
            })
    }

    /// `asked-for`: the turns this reply answers ask for a guarantee.
    fn asked_for(&mut self, mods: &Modifiers, turn_idx: usize, features: &Features<'_>) -> bool {
        let Some(re) = mods.asked_for.as_ref().and_then(|t| t.regex()) else {
            return false;
        };
        let memo = self.memo_of(re);
        features.answers_turn_matching(turn_idx, re, memo)
    }

    /// The per-turn answers of `re` in this transcript (shared by every rule and modifier
    /// that uses the same compiled regex).
    fn memo_of(&mut self, re: &crate::rules::matcher::Regex) -> &mut Vec<Option<bool>> {
        // The compiled regex is shared and does not move: its address names it.
        let key = std::ptr::from_ref(re) as usize;
        let at = match self.topics.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.topics.push((key, Vec::new()));
                self.topics.len() - 1
            }
        };
        &mut self.topics[at].1
    }

    /// `when-topic`: neither the turn nor the turns it answers name the topic.
    fn off_topic(&mut self, mods: &Modifiers, turn_idx: usize, features: &Features<'_>) -> bool {
        let Some(re) = mods.when_topic.as_ref().and_then(|t| t.regex()) else {
            return false;
        };
        let memo = self.memo_of(re);
        !features.is_on_topic(turn_idx, re, memo)
    }

    /// `unless-conversation-pattern`: a marker anywhere in the conversation.
    fn anywhere_in_conversation(
        &mut self,
        mods: &Modifiers,
        rule: u32,
        features: &Features<'_>,
    ) -> bool {
        let Some(re) = mods
            .unless_conversation_pattern
            .as_ref()
            .and_then(|t| t.regex())
        else {
            return false;
        };
        if let Some(&(_, d)) = self.whole_conversation.iter().find(|(r, _)| *r == rule) {
            return d;
        }
        let d = features.any_turn_matches(re);
        self.whole_conversation.push((rule, d));
        d
    }

    /// `unless-fulfilled`: a promise the same party reports done in a later turn. The
    /// promise is read in the match and the words before it in its sentence: "I will check
    /// the status and let you know" promises a check whichever part the rule matched.
    fn fulfilled_later(
        &mut self,
        mods: &Modifiers,
        hit: &Hit,
        (turn_idx, turn): (usize, &Turn),
        features: &Features<'_>,
        lookups: &mut Lookups,
    ) -> bool {
        let Some(f) = mods.unless_fulfilled.as_ref() else {
            return false;
        };
        let (Some(promise), Some(report)) = (f.promise.regex(), f.report.regex()) else {
            return false;
        };
        let rule = hit.rule;
        let start = lookups
            .sentence_start(turn_idx, turn, hit.start)
            .min(hit.start);
        if !promise.is_match(&turn.text[start..hit.end]) {
            return false;
        }
        let last = match self.reports.iter().find(|(r, _)| *r == rule) {
            Some(&(_, last)) => last,
            None => {
                let last = features.last_turns_matching(report);
                self.reports.push((rule, last));
                last
            }
        };
        let party = usize::from(turn.speaker == Speaker::Customer);
        last[party].is_some_and(|j| j > turn_idx)
    }

    /// `unless-earlier-turn`: one of the speaker's last turns before this one matches.
    fn covered_earlier(
        &mut self,
        mods: &Modifiers,
        hit: &Hit,
        (turn_idx, turn): (usize, &Turn),
        features: &Features<'_>,
        lookups: &mut Lookups,
    ) -> bool {
        let Some(e) = mods.unless_earlier_turn.as_ref() else {
            return false;
        };
        let Some(re) = e.pattern.regex() else {
            return false;
        };
        if let Some(only) = &e.sentence {
            let from = lookups.sentence_start(turn_idx, turn, hit.start);
            if !only
                .regex()
                .is_some_and(|o| o.is_match(&turn.text[from..hit.end]))
            {
                return false;
            }
        }
        let at = match self.earlier.iter().position(|(r, _)| *r == hit.rule) {
            Some(at) => at,
            None => {
                self.earlier.push((hit.rule, Vec::new()));
                self.earlier.len() - 1
            }
        };
        features.earlier_own_turn_matches(
            turn_idx,
            (e.turns, e.last_turns),
            e.same_subject,
            re,
            &mut self.earlier[at].1,
        )
    }
}
