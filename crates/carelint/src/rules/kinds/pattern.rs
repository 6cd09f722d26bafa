//! Kind `pattern`: a regular expression, case-insensitive unless `case-sensitive: true`.
//!
//! ```yaml
//! kind: pattern
//! pattern: '\{\{\s*\w+\s*\}\}'
//! case-sensitive: false
//! ```

use serde::{Deserialize, Serialize};

use super::{settings_of, Check, Kind, Validation};
use crate::rules::matcher::{Registrar, Role};
use crate::rules::modifiers::{self, Modifiers};
use crate::yaml::{Located, Node};

pub(crate) const KIND: Kind = Kind {
    name: "pattern",
    keys: &[
        "pattern",
        "case-sensitive",
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
#[serde(rename_all = "kebab-case")]
struct Spec {
    pattern: Located<String>,
    #[serde(default)]
    case_sensitive: bool,
}

#[derive(Debug, Serialize)]
struct Pattern {
    pattern: String,
    case_sensitive: bool,
    #[serde(flatten)]
    modifiers: Modifiers,
}

fn compile(node: &Node, v: &mut Validation<'_>) -> Option<Box<dyn Check>> {
    let modifiers = Modifiers::read(node, v);
    let spec = v.read::<Spec>(node)?;
    let pattern = v.regex("pattern", &spec.pattern, spec.case_sensitive)?;
    Some(Box::new(Pattern {
        pattern,
        case_sensitive: spec.case_sensitive,
        modifiers,
    }))
}

impl Check for Pattern {
    fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        settings_of(self)
    }

    fn register(&self, r: &mut Registrar<'_>) {
        r.regex(&self.pattern, self.case_sensitive, Role::Match);
        r.modifiers(&self.modifiers);
    }

    fn reports_matches(&self) -> bool {
        true
    }

    fn match_modifiers(&self) -> Option<&Modifiers> {
        Some(&self.modifiers)
    }
}
