//! Kind `reply-language`: the agent answers in the language the customer writes in.
//!
//! ```yaml
//! kind: reply-language
//! min-words: 3      # turns with fewer words are not judged
//! min-evidence: 8  # words in one language before the customer's language is known
//! ```
//!
//! Detectors misread short turns (a name, a place, a list of items), so no single turn
//! decides. Each speaker's language is the one most of their words so far are in (at
//! least two thirds of the words whose language could be told, and for the customer at
//! least `min-evidence` words). An agent turn is flagged when it is in the agent's own
//! usual language and that differs from the customer's: an agent answering a Spanish
//! customer in English, not one English turn misread as French. Turns with fewer than
//! `min-words` words count for nothing, and English and Hindi in Latin script
//! ("Hinglish", which mixes in English) count as one. Message values:
//! `{customer_language}`, `{reply_language}`.

use serde::{Deserialize, Serialize};

use super::{settings_of, Check, Context, Finding, Kind, Validation};
use crate::conversation::language::Lang;
use crate::rules::matcher::Registrar;
use crate::transcript::Speaker;
use crate::yaml::Node;

pub(crate) const KIND: Kind = Kind {
    name: "reply-language",
    keys: &["min-words", "min-evidence"],
    compile,
};

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all(deserialize = "kebab-case"))]
struct ReplyLanguage {
    /// Turns (customer's and agent's) with fewer words are not judged.
    #[serde(default = "three")]
    min_words: usize,
    /// Words in one language the customer must have written before their language counts
    /// as known.
    #[serde(default = "eight")]
    min_evidence: usize,
}

fn eight() -> usize {
    8
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
        let mut customer = Evidence::default();
        let mut agent = Evidence::default();
        for (i, turn) in turns.iter().enumerate() {
            let words = cx.features.word_count(i);
            if words < self.min_words {
                continue;
            }
            match turn.speaker {
                Speaker::Customer => {
                    let lang = cx.features.language(i);
                    customer.add(lang, words);
                    if lang != Lang::Undetermined {
                        customer.latest = Some(lang);
                    }
                }
                Speaker::Agent if cx.rule.speaker.matches(&turn.speaker) => {
                    let ours = cx.features.language(i);
                    agent.add(ours, words);
                    // Both sides must be established: one misread turn (a name, a place,
                    // "citi field mets vs padres") is outvoted by the speaker's other turns.
                    let (Some(theirs), Some(usual)) = (
                        customer.established(self.min_evidence),
                        agent.established(0),
                    ) else {
                        continue;
                    };
                    // A customer who switched to the agent's language is answered in it.
                    let switched = customer.latest.is_some_and(|l| same(l, ours));
                    if ours != Lang::Undetermined
                        && same(ours, usual)
                        && !same(theirs, ours)
                        && !switched
                        // "We offer support in English; help in Spanish is here: …" says
                        // which languages are offered, as the rule asks (looked at last:
                        // only for a reply that would be flagged).
                        && !names_a_language(&turn.text)
                    {
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

/// Whether a reply talks about languages: "language", or a language's name in English or
/// in the language itself.
fn names_a_language(text: &str) -> bool {
    const NAMES: &[&str] = &[
        "language",
        "english",
        "spanish",
        "español",
        "espanol",
        "french",
        "français",
        "francais",
        "german",
        "deutsch",
        "italian",
        "italiano",
        "portuguese",
        "português",
        "portugues",
        "dutch",
        "nederlands",
        "swedish",
        "svenska",
        "turkish",
        "türkçe",
        "hindi",
        "arabic",
        "chinese",
        "japanese",
        "korean",
        "russian",
        "vietnamese",
        "idioma",
        "langue",
        "sprache",
        "lingua",
    ];
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| NAMES.contains(&w))
}

/// Words per detected language in one speaker's turns so far.
#[derive(Default)]
struct Evidence {
    words: Vec<(Lang, usize)>,
    /// The language of the speaker's latest turn whose language could be told.
    latest: Option<Lang>,
}

impl Evidence {
    fn add(&mut self, lang: Lang, words: usize) {
        if lang == Lang::Undetermined {
            return;
        }
        let family = if same(lang, Lang::ENGLISH) {
            Lang::ENGLISH
        } else {
            lang
        };
        match self.words.iter_mut().find(|(l, _)| *l == family) {
            Some((_, n)) => *n += words,
            None => self.words.push((family, words)),
        }
    }

    /// The speaker's language: the one with most words, when it has at least `min` words
    /// and two thirds of all the words whose language could be told.
    fn established(&self, min: usize) -> Option<Lang> {
        let total: usize = self.words.iter().map(|(_, n)| n).sum();
        let &(lang, n) = self.words.iter().max_by_key(|(_, n)| *n)?;
        (n >= min && 3 * n >= 2 * total).then_some(lang)
    }
}
