//! Kind `required`: the phrases or pattern must appear in a window of the rule speaker's
//! turns (a greeting in the first turns, a closing check in the last ones).
//!
//! ```yaml
//! kind: required
//! phrases: ["anything else"]
//! window: { last: 2 }      # or { first: N }; leave it out for the whole conversation
//! min-turns: 4
//! ```

use serde::{Deserialize, Serialize};

use super::{settings_of, Check, Context, Finding, Kind, Matchers, Validation};
use crate::conversation::language::Lang;
use crate::rules::matcher::{Registrar, Role};
use crate::yaml::{Located, Node};

pub(crate) const KIND: Kind = Kind {
    name: "required",
    keys: &["phrases", "pattern", "window", "min-turns"],
    compile,
};

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Spec {
    #[serde(default)]
    phrases: Option<Located<Vec<String>>>,
    #[serde(default)]
    pattern: Option<Located<String>>,
    #[serde(default)]
    window: Option<Located<WindowSpec>>,
    #[serde(default)]
    min_turns: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowSpec {
    #[serde(default)]
    first: Option<usize>,
    #[serde(default)]
    last: Option<usize>,
}

/// Which of the rule speaker's turns are searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Window {
    /// The whole conversation.
    Conversation,
    /// The speaker's first N turns.
    First(usize),
    /// The speaker's last N turns.
    Last(usize),
}

#[derive(Debug, Serialize)]
struct Required {
    #[serde(flatten)]
    matchers: Matchers,
    window: Window,
    min_turns: usize,
}

fn compile(node: &Node, v: &mut Validation<'_>) -> Option<Box<dyn Check>> {
    let spec = v.read::<Spec>(node)?;
    let phrases = spec
        .phrases
        .as_ref()
        .map(|p| v.phrase_list("phrases", p, false))
        .unwrap_or_default();
    let pattern = spec
        .pattern
        .as_ref()
        .and_then(|p| v.regex("pattern", p, false));
    if phrases.is_empty() && spec.pattern.is_none() {
        v.err(node, "kind `required` needs `phrases` or a `pattern`");
        return None;
    }
    let window = match &spec.window {
        None => Window::Conversation,
        Some(w) => match (w.value.first, w.value.last) {
            (Some(n), None) if n > 0 => Window::First(n),
            (None, Some(n)) if n > 0 => Window::Last(n),
            _ => {
                v.err_located(
                    w,
                    "`window` takes one of `first: N` or `last: N` (N ≥ 1); leave it out for the whole conversation",
                );
                return None;
            }
        },
    };
    Some(Box::new(Required {
        matchers: Matchers {
            phrases,
            pattern,
            ..Matchers::default()
        },
        window,
        min_turns: spec.min_turns,
    }))
}

impl Check for Required {
    fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        settings_of(self)
    }

    fn register(&self, r: &mut Registrar<'_>) {
        self.matchers.register(r, Role::Expect);
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let turns = &cx.transcript.turns;
        if turns.len() < self.min_turns {
            return;
        }
        let own: Vec<usize> = (0..turns.len())
            .filter(|&i| cx.rule.speaker.matches(&turns[i].speaker))
            .collect();
        let Some(&first_own) = own.first() else {
            return;
        };
        let searched: &[usize] = match self.window {
            Window::Conversation => &own,
            Window::First(n) => &own[..n.min(own.len())],
            Window::Last(n) => &own[own.len().saturating_sub(n)..],
        };
        if searched.iter().any(|&i| cx.has(i, Role::Expect)) {
            return;
        }
        let last = searched.last().copied().unwrap_or(first_own);
        // A conversation that ends in another language than the rule's ("ご不明点が
        // ございましたら…") is not this pack's to judge: its phrases could not be there.
        // The latest searched turn whose language can be told decides: a closing "Danke
        // :-)" is too short to tell, the German turns before it are not (blind round 98).
        let told = searched
            .iter()
            .rev()
            .copied()
            .find(|&i| cx.features.language(i) != Lang::Undetermined)
            .unwrap_or(last);
        if !cx.reads(told) {
            return;
        }
        out.push(match self.window {
            Window::Conversation => Finding::on_conversation(last),
            _ => Finding::on_turn(last),
        });
    }
}
