//! Kind `respond`: when the other party's turn matches `trigger`, one of the rule
//! speaker's next `within` turns must match `expect` (an acknowledgement, an answer).
//!
//! ```yaml
//! kind: respond
//! trigger: { phrases: [frustrated, "this is ridiculous"], negation: true, distress: 0.5 }
//! expect: { phrases: ["sorry to hear", "I understand"] }
//! within: 1
//! also-before: 1   # an acknowledgement in the turn just before the trigger counts too
//! ```
//!
//! With `distress`, a turn whose customer-distress score reaches the threshold triggers
//! too (see `crate::conversation::emotion`); `{trigger}` is then its strongest cue.

use serde::{Deserialize, Serialize};

use super::{settings_of, Check, Context, Finding, Kind, Matchers, MatchersSpec, Validation};
use crate::rules::matcher::{Registrar, Role};
use crate::rules::SpeakerFilter;
use crate::yaml::{Located, Node};

pub(crate) const KIND: Kind = Kind {
    name: "respond",
    keys: &["trigger", "expect", "within", "also-before"],
    compile,
};

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Spec {
    trigger: Located<MatchersSpec>,
    expect: Located<MatchersSpec>,
    #[serde(default)]
    within: Option<Located<usize>>,
    #[serde(default)]
    also_before: usize,
}

#[derive(Debug, Serialize)]
struct Respond {
    trigger: Matchers,
    expect: Matchers,
    within: usize,
    #[serde(skip_serializing_if = "is_zero")]
    also_before: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn compile(node: &Node, v: &mut Validation<'_>) -> Option<Box<dyn Check>> {
    let spec = v.read::<Spec>(node)?;
    let trigger = Matchers::read("trigger", &spec.trigger, v);
    let expect = Matchers::read("expect", &spec.expect, v);
    let within = spec.within.as_ref().map_or(1, |w| w.value);
    if let Some(w) = spec.within.as_ref().filter(|w| w.value == 0) {
        v.err_located(w, "`within` must be at least 1");
    }
    Some(Box::new(Respond {
        trigger,
        expect,
        within,
        also_before: spec.also_before,
    }))
}

impl Respond {
    /// What in turn `i` calls for a response: the first trigger match, else the strongest
    /// cue of a distress score at or above the threshold.
    fn trigger_in(&self, cx: &Context<'_>, i: usize) -> Option<(usize, usize)> {
        if let Some(h) = cx.hits(i, Role::Trigger).next() {
            return Some((h.start, h.end));
        }
        let threshold = self.trigger.distress?;
        let d = cx.features.distress(i);
        if d.score < threshold {
            return None;
        }
        let text = &cx.transcript.turns[i].text;
        Some(d.cue.unwrap_or((0, first_words(text))))
    }
}

/// The byte length of a text's first few words (the cue quoted when no word stood out).
fn first_words(text: &str) -> usize {
    text.char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .nth(5)
        .map_or(text.len(), |(i, _)| i)
}

impl Check for Respond {
    fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        settings_of(self)
    }

    fn register(&self, r: &mut Registrar<'_>) {
        self.trigger.register(r, Role::Trigger);
        self.expect.register(r, Role::Expect);
        if self.trigger.negation {
            r.negated_triggers_ignored();
        }
    }

    fn speaker_for(&self, role: Role, rule_speaker: SpeakerFilter) -> SpeakerFilter {
        match role {
            Role::Trigger => self.trigger.speaker.unwrap_or(rule_speaker.other()),
            _ => rule_speaker,
        }
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let turns = &cx.transcript.turns;
        let responder = cx.rule.speaker;
        let trigger_speaker = self.speaker_for(Role::Trigger, responder);
        let first_finding = out.len();
        for (i, turn) in turns.iter().enumerate() {
            if !trigger_speaker.matches(&turn.speaker) {
                continue;
            }
            let responds =
                |j: usize| responder.matches(&turns[j].speaker) && turns[j].speaker != turn.speaker;
            let mut replies = (i + 1..turns.len())
                .filter(|&j| responds(j))
                .take(self.within)
                .peekable();
            let Some(&first) = replies.peek() else {
                continue; // the conversation ends before any reply
            };
            if replies.any(|j| cx.has(j, Role::Expect)) {
                continue;
            }
            // Already answered in the responder's turn(s) just before the trigger.
            if (0..i)
                .rev()
                .filter(|&j| responds(j))
                .take(self.also_before)
                .any(|j| cx.has(j, Role::Expect))
            {
                continue;
            }
            if out[first_finding..].iter().any(|f| f.turn == Some(first)) {
                continue;
            }
            // The trigger last: finding it may need the turn's emotion, which costs more
            // than the look-ups above.
            let Some((start, end)) = self.trigger_in(cx, i) else {
                continue;
            };
            if !cx.reads(i) {
                continue;
            }
            out.push(
                Finding::on_turn(first)
                    .var("trigger", &turn.text[start..end])
                    .var("within", self.within.to_string()),
            );
        }
    }
}
