//! Kind `phrases`: any of a list of phrases, on whole words, case-insensitively.
//!
//! ```yaml
//! kind: phrases
//! phrases: [RMA, SLA]
//! exceptions: ["SLA (service level agreement)"]   # optional modifiers, see `modifiers`
//! ```

use serde::{Deserialize, Serialize};

use super::{settings_of, Check, Kind, Validation};
use crate::rules::matcher::{Registrar, Role};
use crate::rules::modifiers::{self, Modifiers};
use crate::yaml::{Located, Node};

pub(crate) const KIND: Kind = Kind {
    name: "phrases",
    keys: &[
        "phrases",
        modifiers::KEYS[0],
        modifiers::KEYS[1],
        modifiers::KEYS[2],
        modifiers::KEYS[3],
        modifiers::KEYS[4],
        modifiers::KEYS[5],
        modifiers::KEYS[6],
        modifiers::KEYS[7],
        modifiers::KEYS[8],
        modifiers::KEYS[9],
        modifiers::KEYS[10],
        modifiers::KEYS[11],
        modifiers::KEYS[12],
        modifiers::KEYS[13],
    ],
    compile,
};

#[derive(Deserialize)]
struct Spec {
    phrases: Located<Vec<String>>,
}

#[derive(Debug, Serialize)]
struct Phrases {
    phrases: Vec<String>,
    #[serde(flatten)]
    modifiers: Modifiers,
}

fn compile(node: &Node, v: &mut Validation<'_>) -> Option<Box<dyn Check>> {
    let modifiers = Modifiers::read(node, v);
    let spec = v.read::<Spec>(node)?;
    let phrases = v.phrase_list("phrases", &spec.phrases, true);
    Some(Box::new(Phrases { phrases, modifiers }))
}

impl Check for Phrases {
    fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        settings_of(self)
    }

    fn register(&self, r: &mut Registrar<'_>) {
        for p in &self.phrases {
            r.phrase(p, Role::Match);
        }
        r.modifiers(&self.modifiers);
    }

    fn reports_matches(&self) -> bool {
        true
    }

    fn match_modifiers(&self) -> Option<&Modifiers> {
        Some(&self.modifiers)
    }

    fn phrases(&self) -> &[String] {
        &self.phrases
    }
}
