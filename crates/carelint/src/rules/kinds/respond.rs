//! Kind `respond`: when the other party's turn matches `trigger`, one of the rule
//! speaker's next `within` turns must match `expect` (an acknowledgement, an answer).
//!
//! ```yaml
//! kind: respond
//! trigger: { phrases: [frustrated, "this is ridiculous"], negation: true }
//! expect: { phrases: ["sorry to hear", "I understand"] }
//! within: 1
//! ```

use serde::{Deserialize, Serialize};

use super::{settings_of, Check, Context, Finding, Kind, Matchers, MatchersSpec, Validation};
use crate::rules::matcher::{Registrar, Role};
use crate::rules::SpeakerFilter;
use crate::yaml::{Located, Node};

pub(crate) const KIND: Kind = Kind {
    name: "respond",
    keys: &["trigger", "expect", "within"],
    compile,
};

#[derive(Deserialize)]
struct Spec {
    trigger: Located<MatchersSpec>,
    expect: Located<MatchersSpec>,
    #[serde(default)]
    within: Option<Located<usize>>,
}

#[derive(Debug, Serialize)]
struct Respond {
    trigger: Matchers,
    expect: Matchers,
    within: usize,
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
    }))
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
            let Some(trigger) = cx.hits(i, Role::Trigger).next() else {
                continue;
            };
            let mut replies = (i + 1..turns.len())
                .filter(|&j| {
                    responder.matches(&turns[j].speaker) && turns[j].speaker != turn.speaker
                })
                .take(self.within)
                .peekable();
            let Some(&first) = replies.peek() else {
                continue; // the conversation ends before any reply
            };
            if replies.any(|j| cx.has(j, Role::Expect)) {
                continue;
            }
            if out[first_finding..].iter().any(|f| f.turn == Some(first)) {
                continue;
            }
            out.push(
                Finding::on_turn(first)
                    .var("trigger", &turn.text[trigger.start..trigger.end])
                    .var("within", self.within.to_string()),
            );
        }
    }
}
