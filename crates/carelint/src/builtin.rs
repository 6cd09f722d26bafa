//! The built-in rule packs, compiled into the library.
//!
//! The packs live in this crate's `rules/` folder so that the published crate holds them;
//! the repository's top-level `rules/` folder, where users and the documentation read
//! them, holds identical copies (a test compares the two, see
//! `tests/builtin_rules.rs`).

use crate::rules::RuleSource;

/// (category, YAML) of every built-in pack, in the order of [`crate::Category::ALL`].
pub(crate) const PACKS: &[(&str, &str)] = &[
    ("jargon", include_str!("../rules/jargon.yaml")),
    (
        "over-promising",
        include_str!("../rules/over-promising.yaml"),
    ),
    ("empathy", include_str!("../rules/empathy.yaml")),
    ("clarity", include_str!("../rules/clarity.yaml")),
    ("idiom", include_str!("../rules/idiom.yaml")),
    ("time-zone", include_str!("../rules/time-zone.yaml")),
    ("expectation", include_str!("../rules/expectation.yaml")),
    ("blame", include_str!("../rules/blame.yaml")),
    (
        "personalization",
        include_str!("../rules/personalization.yaml"),
    ),
    ("closing", include_str!("../rules/closing.yaml")),
    ("hedging", include_str!("../rules/hedging.yaml")),
    ("placeholder", include_str!("../rules/placeholder.yaml")),
    ("language", include_str!("../rules/language.yaml")),
];

/// The built-in packs as rule sources, named `rules/<category>.yaml` so errors and
/// `carelint rules` point at the file in the repository.
pub(crate) fn sources() -> impl Iterator<Item = RuleSource> {
    PACKS.iter().map(|(name, text)| RuleSource {
        name: format!("rules/{name}.yaml"),
        text: (*text).to_string(),
        built_in: true,
    })
}
