//! The match modifiers that look beyond the match itself — at earlier turns (echo, gloss,
//! an earlier firm time), at the topic of the exchange, at the whole conversation, at
//! later turns (a promise fulfilled) — applied to one turn-level match.
//!
//! What a modifier learns about a transcript as a whole (whether any turn matches, the
//! last turn that reports the work, which turns hold a firm time) is kept per regex, so it
//! is computed once per pattern and transcript, not once per match or per rule.

use super::lookup::Lookups;
use crate::conversation::{echo, Features, TurnMemo};
use crate::rules::matcher::Hit;
use crate::rules::modifiers::Modifiers;
use crate::transcript::{Speaker, Turn};

/// Per-transcript answers of the context modifiers, by regex: rules that share a pattern
/// share its compiled form (the time-zone pack's two rules read the same currency and
/// place markers; two expectation rules the same firm times), and so its answers.
#[derive(Default)]
pub(super) struct ContextFilter {
    /// `unless-conversation-pattern`: whether any turn matches.
    whole_conversation: Vec<(usize, bool)>,
    /// `unless-fulfilled`: the last turn of each party (agent, customer) reporting the work.
    reports: Vec<(usize, [Option<usize>; 2])>,
    /// `unless-earlier-turn`, `when-topic` and `asked-for`: what each turn says of the
    /// regex (filled on first use).
    turns: Vec<(usize, Vec<TurnMemo>)>,
}

/// The key of a compiled regex: it is shared and does not move, so its address names it.
fn key(re: &crate::rules::matcher::Regex) -> usize {
    std::ptr::from_ref(re) as usize
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
            // One key for both questions: making it runs the clock-time regex on the match.
            let key = echo::key(matched);
            features.is_echo(turn_idx, &key, w)
                || features.is_explained(turn_idx, (hit.start, hit.end), &key, w)
        }) || self.off_topic(mods, turn_idx, features)
            || self.anywhere_in_conversation(mods, features)
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
    fn memo_of(&mut self, re: &crate::rules::matcher::Regex) -> &mut Vec<TurnMemo> {
        let key = key(re);
        let at = match self.turns.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.turns.push((key, Vec::new()));
                self.turns.len() - 1
            }
        };
        &mut self.turns[at].1
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
    fn anywhere_in_conversation(&mut self, mods: &Modifiers, features: &Features<'_>) -> bool {
        let Some(re) = mods
            .unless_conversation_pattern
            .as_ref()
            .and_then(|t| t.regex())
        else {
            return false;
        };
        let key = key(re);
        if let Some(&(_, d)) = self.whole_conversation.iter().find(|(k, _)| *k == key) {
            return d;
        }
        let d = features.any_turn_matches(re);
        self.whole_conversation.push((key, d));
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
        let start = lookups
            .sentence_start(turn_idx, turn, hit.start)
            .min(hit.start);
        if !promise.is_match(&turn.text[start..hit.end]) {
            return false;
        }
        let key = key(report);
        let last = match self.reports.iter().find(|(k, _)| *k == key) {
            Some(&(_, last)) => last,
            None => {
                let last = features.last_turns_matching(report);
                self.reports.push((key, last));
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
        features.earlier_own_turn_matches(
            turn_idx,
            (e.turns, e.last_turns),
            e.same_subject,
            re,
            self.memo_of(re),
        )
    }
}
