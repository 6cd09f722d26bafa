//! The fixed rule categories.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::UnknownName;

/// The fixed rule categories. Reports and configuration key on these names.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Abbreviations and technical terms a customer may not know.
    Jargon,
    /// Promises the agent cannot be sure to keep.
    OverPromising,
    /// Missing acknowledgement of the customer's feelings.
    Empathy,
    /// Long, complex or padded sentences.
    Clarity,
    /// Idioms a non-native speaker may misread.
    Idiom,
    /// Times and deadlines without a time zone.
    TimeZone,
    /// Commitments without a timeframe.
    Expectation,
    /// Blaming or condescending language.
    Blame,
    /// Not using the customer's name.
    Personalization,
    /// No closing check or feedback request.
    Closing,
    /// Hedging that suggests missing product knowledge.
    Hedging,
    /// Unfilled or malformed template placeholders.
    Placeholder,
    /// Replying in another language than the customer's.
    Language,
    /// A `carelint:` suppression comment that suppresses nothing or names an unknown rule
    /// (findings of [`crate::suppress::UNUSED_SUPPRESSION`]). Not a rule category: it is
    /// not in [`Category::ALL`] and no rule pack can use it.
    Suppression,
}

impl Category {
    /// All categories, in the order of the built-in packs.
    pub const ALL: [Category; 13] = [
        Category::Jargon,
        Category::OverPromising,
        Category::Empathy,
        Category::Clarity,
        Category::Idiom,
        Category::TimeZone,
        Category::Expectation,
        Category::Blame,
        Category::Personalization,
        Category::Closing,
        Category::Hedging,
        Category::Placeholder,
        Category::Language,
    ];

    /// The kebab-case name (`over-promising`, …).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Jargon => "jargon",
            Category::OverPromising => "over-promising",
            Category::Empathy => "empathy",
            Category::Clarity => "clarity",
            Category::Idiom => "idiom",
            Category::TimeZone => "time-zone",
            Category::Expectation => "expectation",
            Category::Blame => "blame",
            Category::Personalization => "personalization",
            Category::Closing => "closing",
            Category::Hedging => "hedging",
            Category::Placeholder => "placeholder",
            Category::Language => "language",
            Category::Suppression => "suppression",
        }
    }

    /// The names of all categories.
    pub fn names() -> [&'static str; 13] {
        Category::ALL.map(Category::as_str)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownName::new("category", s, &Category::names()))
    }
}
