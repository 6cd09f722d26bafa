//! Kind `timing`: a number computed from turn timestamps must not exceed `max` (dead air,
//! overtalk, talk share, speaking rate). Only transcripts with timestamps are judged.
//!
//! ```yaml
//! kind: timing
//! measure: dead-air      # seconds of silence before a turn of the rule's speaker
//! max: 20
//! min-turns: 4
//! ```

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::{format_number, settings_of, Check, Context, Finding, Kind, Validation};
use crate::rules::matcher::Registrar;
use crate::yaml::{Located, Node};

pub(crate) const KIND: Kind = Kind {
    name: "timing",
    keys: &["measure", "max", "min-turns"],
    compile,
};

/// What a `timing` rule measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Measure {
    /// Seconds of silence before a turn of the rule's speaker.
    DeadAir,
    /// Seconds a turn of the rule's speaker starts before the other party's turn ended.
    Overtalk,
    /// The rule speaker's percentage of the conversation's speaking time.
    TalkShare,
    /// Words per minute in a turn of the rule's speaker.
    SpeakingRate,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Spec {
    measure: Measure,
    max: Located<f64>,
    #[serde(default)]
    min_turns: usize,
}

#[derive(Debug, Serialize)]
struct Timing {
    measure: Measure,
    max: f64,
    min_turns: usize,
}

/// Speaking rates are only judged on turns at least this long (seconds): a short
/// "yes, ok" spoken quickly is no rushing.
const RATE_MIN_SECONDS: f64 = 3.0;

fn compile(node: &Node, v: &mut Validation<'_>) -> Option<Box<dyn Check>> {
    let spec = v.read::<Spec>(node)?;
    let max = v.max(&spec.max);
    Some(Box::new(Timing {
        measure: spec.measure,
        max,
        min_turns: spec.min_turns,
    }))
}

impl Check for Timing {
    fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        settings_of(self)
    }

    fn register(&self, _r: &mut Registrar<'_>) {}

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let turns = &cx.transcript.turns;
        if turns.len() < self.min_turns || !turns.iter().any(|t| t.start.is_some()) {
            return;
        }
        let speaker = cx.rule.speaker;
        let value_finding = |turn: usize, value: f64| {
            Finding::on_turn(turn)
                .var("value", format_number(value))
                .var("max", format_number(self.max))
        };
        match self.measure {
            Measure::DeadAir | Measure::Overtalk => {
                for (i, pair) in turns.windows(2).enumerate() {
                    let (prev, turn) = (&pair[0], &pair[1]);
                    if !speaker.matches(&turn.speaker) {
                        continue;
                    }
                    let (Some(prev_end), Some(start)) = (prev.end, turn.start) else {
                        continue; // without the previous end time the gap is unknown
                    };
                    let value = if self.measure == Measure::DeadAir {
                        start - prev_end
                    } else if prev.speaker == turn.speaker {
                        continue;
                    } else {
                        prev_end - start
                    };
                    if value > self.max {
                        out.push(value_finding(i + 1, value));
                    }
                }
            }
            Measure::TalkShare => {
                let (mut own, mut all) = (0.0, 0.0);
                for turn in turns {
                    if let (Some(s), Some(e)) = (turn.start, turn.end) {
                        let d = (e - s).max(0.0);
                        all += d;
                        if speaker.matches(&turn.speaker) {
                            own += d;
                        }
                    }
                }
                if all > 0.0 {
                    let share = (own / all * 100.0).round();
                    if share > self.max {
                        out.push(
                            Finding::on_conversation(0)
                                .var("value", format_number(share))
                                .var("max", format_number(self.max)),
                        );
                    }
                }
            }
            Measure::SpeakingRate => {
                for (i, turn) in turns.iter().enumerate() {
                    if !speaker.matches(&turn.speaker) {
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
                    if wpm > self.max {
                        out.push(value_finding(i, wpm.round()));
                    }
                }
            }
        }
    }
}
