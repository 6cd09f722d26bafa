//! The built-in rule packs, compiled into the library.

use crate::rules::RuleSource;

/// (name, YAML) of every built-in pack, one per category.
pub(crate) const PACKS: &[(&str, &str)] = &[];

/// The built-in packs as rule sources.
pub(crate) fn sources() -> impl Iterator<Item = RuleSource> {
    PACKS.iter().map(|(name, text)| RuleSource {
        name: format!("builtin:{name}"),
        text: (*text).to_string(),
    })
}
