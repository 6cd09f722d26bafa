//! Kind `reply-language`: the agent answers in the language the customer writes in.
//!
//! ```yaml
//! kind: reply-language
//! min-words: 3      # turns with fewer words are not judged
//! ```
//!
//! Each agent turn is compared with the customer's last turn before it whose language can
//! be told (see `crate::conversation::language`). Turns too short to tell are never
//! judged, and English and Hindi in Latin script ("Hinglish", which mixes in English) count
//! as one. Message values: `{customer_language}`, `{reply_language}`.

use serde::{Deserialize, Serialize};

use super::{settings_of, Check, Context, Finding, Kind, Validation};
use crate::conversation::language::Lang;
use crate::rules::matcher::Registrar;
use crate::transcript::Speaker;
use crate::yaml::Node;

pub(crate) const KIND: Kind = Kind {
    name: "reply-language",
    keys: &["min-words"],
    compile,
};

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all(deserialize = "kebab-case"))]
struct ReplyLanguage {
    /// Turns (customer's and agent's) with fewer words are not judged.
    #[serde(default = "three")]
    min_words: usize,
}

fn three() -> usize {
    3
}

fn compile(node: &Node, v: &mut Validation<'_>) -> Option<Box<dyn Check>> {
    Some(Box::new(v.read::<ReplyLanguage>(node)?))
}

/// Whether two languages count as the same for a reply.
fn same(a: Lang, b: Lang) -> bool {
    let family = |l: Lang| match l.code() {
        "hi-Latn" => "en",
        c => c,
    };
    family(a) == family(b)
}

impl Check for ReplyLanguage {
    fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        settings_of(self)
    }

    fn register(&self, _r: &mut Registrar<'_>) {}

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let turns = &cx.transcript.turns;
        let long_enough = |i: usize| turns[i].text.split_whitespace().count() >= self.min_words;
        let mut customer: Option<Lang> = None;
        for (i, turn) in turns.iter().enumerate() {
            match turn.speaker {
                Speaker::Customer if long_enough(i) => {
                    let lang = cx.features.language(i);
                    if lang != Lang::Undetermined {
                        customer = Some(lang);
                    }
                }
                Speaker::Agent if cx.rule.speaker.matches(&turn.speaker) && long_enough(i) => {
                    let Some(theirs) = customer else { continue };
                    let ours = cx.features.language(i);
                    if ours != Lang::Undetermined && !same(theirs, ours) {
                        out.push(
                            Finding::on_turn(i)
                                .var("customer_language", theirs.name())
                                .var("reply_language", ours.name()),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}
