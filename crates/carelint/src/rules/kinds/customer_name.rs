//! Kind `customer-name`: once the customer's name is known — from metadata, or because
//! the customer gave it — the agent should use it at least once.
//!
//! ```yaml
//! kind: customer-name
//! min-turns: 6          # conversations with fewer turns are not judged
//! min-agent-turns: 2    # the agent needs this many turns after learning the name
//! ```
//!
//! A name is taken from what the customer writes: "my name is …", a self-introduction
//! opening a turn ("Hi, I'm Grace Liu", "This is Ana Souza"), or the answer to the agent's
//! name question. What is taken must look like a name: not an interjection, filler or
//! common word ("Yup", "Actually", "Nevermind", "How"), not an adverb, and capitalised
//! unless it was stated outright with "my name is".

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

use super::{settings_of, Check, Context, Finding, Kind, Validation};
use crate::rules::matcher::Registrar;
use crate::transcript::{Speaker, Transcript};
use crate::yaml::Node;

pub(crate) const KIND: Kind = Kind {
    name: "customer-name",
    keys: &["min-turns", "min-agent-turns"],
    compile,
};

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all(deserialize = "kebab-case"))]
struct CustomerName {
    /// Conversations with fewer turns (all speakers) are not judged.
    #[serde(default)]
    min_turns: usize,
    /// The agent turns after the name was learned needed to judge (default 2).
    #[serde(default = "two")]
    min_agent_turns: usize,
}

fn two() -> usize {
    2
}

fn compile(node: &Node, v: &mut Validation<'_>) -> Option<Box<dyn Check>> {
    Some(Box::new(v.read::<CustomerName>(node)?))
}

impl Check for CustomerName {
    fn settings(&self) -> serde_json::Map<String, serde_json::Value> {
        settings_of(self)
    }

    fn register(&self, _r: &mut Registrar<'_>) {}

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        out.extend(unused_name(
            cx.transcript,
            self.min_turns,
            self.min_agent_turns,
        ));
    }
}

/// Lowercase and strip accents, for comparing names.
pub(crate) fn fold_name(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words that follow "I'm" / "it's" / "this is" but are not names.
const NOT_NAMES: &[&str] = &[
    // Interjections and fillers.
    "oh",
    "ah",
    "um",
    "umm",
    "ummm",
    "uh",
    "uhh",
    "uhhh",
    "er",
    "erm",
    "hmm",
    "hmmm",
    "yup",
    "yep",
    "yeah",
    "yea",
    "yes",
    "no",
    "nope",
    "nah",
    "ok",
    "okay",
    "oops",
    "whoops",
    "wow",
    "hi",
    "hello",
    "hey",
    "thanks",
    "thank",
    "sorry",
    "please",
    "well",
    "so",
    "nevermind",
    "never",
    "actually",
    "basically",
    "honestly",
    "literally",
    "anyway",
    "sure",
    // Function words.
    "its",
    "it",
    "a",
    "an",
    "the",
    "my",
    "our",
    "your",
    "me",
    "i",
    "we",
    "you",
    "he",
    "she",
    "they",
    "this",
    "that",
    "there",
    "here",
    "what",
    "who",
    "how",
    "why",
    "when",
    "where",
    "which",
    "one",
    "two",
    "some",
    "any",
    "all",
    "both",
    "each",
    "every",
    "as",
    "if",
    "then",
    "than",
    "to",
    "for",
    "of",
    "by",
    "on",
    "in",
    "at",
    "from",
    "with",
    "about",
    "regarding",
    "re",
    "and",
    "but",
    "or",
    "is",
    "was",
    "am",
    "are",
    "were",
    "be",
    "been",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "can",
    "could",
    "would",
    "will",
    "not",
    "just",
    "also",
    "still",
    "really",
    "very",
    "again",
    "now",
    "back",
    "new",
    "done",
    // Words that follow "I'm" / "it's" / "this is" but are no names.
    "full",
    "name",
    "first",
    "last",
    "spelled",
    "completely",
    "wrong",
    "different",
    "incorrect",
    "missing",
    "seriously",
    "order",
    "account",
    "customer",
    "user",
    "calling",
    "fine",
    "good",
    "great",
    "glad",
    "happy",
    "afraid",
    "interested",
    "wondering",
    "hoping",
    "unable",
    "confused",
    "upset",
    "frustrated",
    "angry",
    "fed",
    "tired",
    "trying",
    "looking",
    "having",
    "writing",
    "contacting",
    "reaching",
    "waiting",
    "going",
    "getting",
    "talking",
    "speaking",
    "chatting",
    "asking",
    "ready",
    "available",
    "correct",
    "right",
    "ridiculous",
    "unacceptable",
    "terrible",
    "horrible",
    "awful",
    "urgent",
    "absurd",
    "insane",
    "crazy",
    "outrageous",
    "disgusting",
    "pathetic",
    "annoying",
    "frustrating",
    "useless",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    // holidays ("It's Halloween and …"; blind round 78)
    "halloween",
    "christmas",
    "xmas",
    "easter",
    "thanksgiving",
    "diwali",
    "eid",
    "ramadan",
    "hanukkah",
    "valentine's",
    "valentines",
    "today",
    "tomorrow",
    "yesterday",
    "english",
    "indian",
    "american",
    "british",
    // Non-answers to the name question (a bare lower-case answer counts as a name).
    "idk",
    "huh",
    "wait",
    "none",
    "nothing",
    "nobody",
    "anonymous",
    "guest",
    "private",
    "secret",
    "later",
    "pass",
    "skip",
];

/// Titles skipped before a name ("This is Mr. Tan").
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam"];

/// The ways a customer gives their name.
struct Intro {
    /// Stated outright, anywhere: "my name is X", "Name: X" opening a sentence.
    stated: Regex,
    /// A self-introduction opening the turn: "Hi, I'm X", "This is X".
    introduced: Regex,
    /// In answer to a name question: at the start of the reply, after an optional
    /// greeting, "this is X", "I'm X", "it's X" — or the bare name.
    answered: Regex,
    /// The agent asking for a name.
    question: Regex,
}

fn intro() -> &'static Intro {
    static RES: OnceLock<Intro> = OnceLock::new();
    RES.get_or_init(|| {
        // Latin letters (with accents): a class the regex engine keeps small; `\p{L}`
        // made every search build a large automaton.
        let name = r"([A-Za-zÀ-ÖØ-öø-ɏ][A-Za-zÀ-ÖØ-öø-ɏ'’\-]*\.?(?:[ \t]+[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-zÀ-ÖØ-öø-ɏ'’\-]*){0,2})";
        let greeting = r"(?i:hi|hello|hey|good (?:morning|afternoon|evening)|yes|yeah|sure|ok|okay|of course)\b[,!.]?\s*";
        Intro {
            stated: Regex::new(&format!(
                r"(?i)(?:\bmy name(?: is|'s|’s)|(?:^|[.!?]\s+)name(?: is|:))\s+{name}"
            ))
            .expect("valid regex"),
            introduced: Regex::new(&format!(
                r"(?:^|[.!?]\s+)\s*(?:{greeting})?(?i:this is|i am|i'm|i’m|it's|it’s|it is)\s+{name}"
            ))
            .expect("valid regex"),
            answered: Regex::new(&format!(
                r"^\s*(?:{greeting})?(?:(?i:this is|i am|i'm|i’m|it's|it’s|it is|its|im)\s+)?{name}"
            ))
            .expect("valid regex"),
            question: Regex::new(r"(?i)\b(?:your (?:full |first |last )?name|who am i (?:speaking|talking|chatting) (?:to|with)|whom am i speaking|name (?:please|on the account)|may i (?:have|know|get) your name|can i (?:have|get|take) your name|what(?:'s| is) your name)\b").expect("valid regex"),
        }
    })
}

/// Whether `text` holds "name" (for a stated name) and an introduction ("this is", "I'm",
/// "it's", "I am"), ASCII case-insensitively. Each word holds an "m" or an "i": a
/// vectorised scan for those letters, then a comparison where they stand (an overlapping
/// Aho-Corasick pass over every customer turn read every byte and cost ~2% of a JSON
/// Lines run).
fn key_words(text: &str) -> (bool, bool) {
    /// The introductions, each starting at its first "i".
    const FROM_I: [&[u8]; 6] = [
        b"i am",
        b"i'm",
        "i\u{2019}m".as_bytes(),
        b"it's",
        "it\u{2019}s".as_bytes(),
        b"it is",
    ];
    let b = text.as_bytes();
    let name = memchr::memchr2_iter(b'm', b'M', b).any(|i| holds_at(b, i, 2, b"name"));
    let intro = memchr::memchr2_iter(b'i', b'I', b)
        .any(|i| FROM_I.iter().any(|w| holds_at(b, i, 0, w)) || holds_at(b, i, 2, b"this is"));
    (name, intro)
}

/// Whether `word` (lower case) stands in `b`, ASCII case-insensitively, with its byte
/// `offset` at index `at`: the check around a letter a scan found.
fn holds_at(b: &[u8], at: usize, offset: usize, word: &[u8]) -> bool {
    at.checked_sub(offset)
        .and_then(|start| b.get(start..start + word.len()))
        .is_some_and(|s| s.eq_ignore_ascii_case(word))
}

/// Whether `text` holds "name" or "am i" (ASCII case-insensitively): every match of the
/// name question does ("your name", "who am I speaking to"), and the question's regex,
/// asked of every agent turn until a name is learned, cost ~4% of a JSON Lines run when
/// it read every turn (a case-insensitive `a`, `e`, `i`, `m` or `n` matches only its two
/// ASCII cases, so the gate drops no match).
///
/// Both words hold an "m": a vectorised scan for it, then a look at its neighbours (an
/// Aho-Corasick pass for the two words read every byte, ~6 instructions a byte, since
/// their first letters are among the commonest).
fn may_ask_name(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'm', b'M', b)
        .any(|i| holds_at(b, i, 2, b"name") || holds_at(b, i, 1, b"am i"))
}

/// Trims a candidate name to its name-like words. `stated`: given with "my name is", where
/// a lowercase name is still a name.
fn clean_name(candidate: &str, stated: bool) -> Option<String> {
    let mut words = Vec::new();
    let mut titles = 0;
    for raw in candidate.split_whitespace() {
        let w = raw.trim_matches(|c: char| !c.is_alphabetic());
        if words.is_empty() && titles == 0 && TITLES.contains(&fold_name(w).as_str()) {
            titles += 1;
            continue;
        }
        if !looks_like_name(w, stated) {
            break;
        }
        words.push(w);
        // A full stop after a name word (titles were taken above) ends the sentence, and
        // the name with it: "this is John. I'd like a room" names John, not "John I'd"
        // (blind round 53), whose "I'd" in any reply would count as the name used.
        if raw.ends_with('.') {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Whether one word can be part of a name.
fn looks_like_name(w: &str, stated: bool) -> bool {
    let folded = fold_name(w);
    w.chars().count() >= 2
        && !NOT_NAMES.contains(&folded.as_str())
        && !crate::conversation::emotion::is_negative_feeling(&folded)
        && (!folded.ends_with("ly") || folded.len() <= 4)
        && (stated || w.starts_with(char::is_uppercase))
}

/// The customer's name and the turn after which the agent knows it (`None`: from the
/// start, i.e. from metadata).
pub(crate) fn learned_name(t: &Transcript) -> Option<(String, Option<usize>)> {
    if let Some(n) = t
        .metadata
        .customer_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        return Some((n.to_string(), None));
    }
    let re = intro();
    let mut asked = false;
    for (i, turn) in t.turns.iter().enumerate() {
        match turn.speaker {
            Speaker::Agent => asked = may_ask_name(&turn.text) && re.question.is_match(&turn.text),
            Speaker::Customer => {
                let capture = |r: &Regex, stated: bool| {
                    let m = r.captures(&turn.text)?.get(1)?;
                    // A name ends with its word: "ABC" of a serial "ABC123XYZ" is none.
                    let rest = &turn.text[m.end()..];
                    if rest.starts_with(|c: char| c.is_alphanumeric()) {
                        return None;
                    }
                    let name = clean_name(m.as_str(), stated)?;
                    // Unasked, "it's X 202" / "this is X 202" names an address, a flight
                    // or an order ("it's Apt 202, Building A" answering "your full
                    // address?"; blind round 18). Asked for a name, or stated with "my
                    // name is", a number after it is the account or room the customer
                    // adds ("Brian white 93418043810"). The number must follow the whole
                    // capture ("Apt." of "Apt. 202" too), not a name trimmed before other
                    // words ("Angela" of "Angela in room 351").
                    let whole = name.rsplit(' ').next().is_some_and(|last| {
                        m.as_str()
                            .trim_end_matches(|c: char| !c.is_alphabetic())
                            .ends_with(last)
                    });
                    if !asked
                        && !stated
                        && whole
                        && rest
                            .trim_start_matches([' ', '\t'])
                            .starts_with(|c: char| c.is_ascii_digit() || c == '#')
                    {
                        return None;
                    }
                    Some(name)
                };
                // The regexes are costly; most turns hold none of their key words.
                let (name, intro) = key_words(&turn.text);
                let found = name
                    .then(|| capture(&re.stated, true))
                    .flatten()
                    .or_else(|| intro.then(|| capture(&re.introduced, false)).flatten())
                    .or_else(|| {
                        if asked {
                            // A turn that is nothing but the answer ("alina", "brian
                            // white") is a name however it is typed: chat users write in
                            // lower case.
                            capture(&re.answered, bare_answer(&turn.text))
                        } else {
                            None
                        }
                    });
                if let Some(name) = found {
                    return Some((name, Some(i)));
                }
                asked = false;
            }
            _ => {}
        }
    }
    None
}

/// Whether a reply to the name question is only a name: one to three words of letters,
/// nothing else but closing punctuation.
fn bare_answer(text: &str) -> bool {
    let text = text.trim().trim_end_matches(['.', '!']);
    let words = text.split_whitespace().count();
    (1..=3).contains(&words)
        && text
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || c == '’')
}

/// The finding for a transcript whose customer's name the agent never uses.
fn unused_name(t: &Transcript, min_turns: usize, min_agent_turns: usize) -> Option<Finding> {
    if t.turns.len() < min_turns {
        return None;
    }
    let (name, learned) = learned_name(t)?;
    let parts: Vec<String> = name
        .split_whitespace()
        .map(|p| fold_name(p.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|p| p.chars().count() >= 2)
        .collect();
    if parts.is_empty() {
        return None;
    }
    let after = learned.map_or(0, |i| i + 1);
    let agent_turns: Vec<usize> = (after..t.turns.len())
        .filter(|&i| t.turns[i].speaker == Speaker::Agent)
        .collect();
    if agent_turns.is_empty() || agent_turns.len() < min_agent_turns {
        return None;
    }
    let used = agent_turns.iter().any(|&i| {
        let raw = &t.turns[i].text;
        // Most turns are ASCII: compare without folding (or allocating) first.
        if raw.is_ascii() && parts.iter().all(|p| p.is_ascii()) {
            return parts
                .iter()
                .any(|p| contains_word_ascii(raw.as_bytes(), p.as_bytes()));
        }
        let text = fold_name(raw);
        parts.iter().any(|p| contains_word(&text, p))
    });
    if used {
        return None;
    }
    Some(
        Finding::on_conversation(learned.unwrap_or(agent_turns[0]))
            .var("name", name)
            .var("match", ""),
    )
}

/// [`contains_word`] for ASCII text and a lower-case ASCII word, ignoring the text's case:
/// a vectorised scan (`memchr2`) for the word's first letter in either case, then a
/// case-insensitive comparison (no lower-cased copy of the turn; a byte-by-byte scan was
/// most of this rule's cost on chats whose name comes from metadata).
fn contains_word_ascii(text: &[u8], word: &[u8]) -> bool {
    let Some(&first) = word.first() else {
        return false;
    };
    let n = word.len();
    if text.len() < n {
        return false;
    }
    let last_start = text.len() - n;
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &text[..=last_start]).any(|i| {
        text[i..i + n].eq_ignore_ascii_case(word)
            && !(i > 0 && text[i - 1].is_ascii_alphanumeric())
            && !text.get(i + n).is_some_and(u8::is_ascii_alphanumeric)
    })
}

/// Whether `word` occurs in `text` with no letter or digit on either side. Unlike
/// `text::contains_word`, an underscore is a boundary ("_José_" in markdown italics), as
/// in [`contains_word_ascii`], so the two paths agree.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Turn;

    fn conv(turns: &[(Speaker, &str)]) -> Transcript {
        Transcript::new(
            "t",
            turns
                .iter()
                .map(|(s, x)| Turn::new(s.clone(), *x))
                .collect(),
        )
    }

    #[test]
    fn key_words_find_what_an_automaton_finds() {
        let words = [
            "name",
            "this is",
            "i am",
            "i'm",
            "i\u{2019}m",
            "it's",
            "it\u{2019}s",
            "it is",
        ];
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .expect("key words compile");
        let oracle = |text: &str| {
            let (mut name, mut intro) = (false, false);
            for m in ac.find_overlapping_iter(text) {
                if m.pattern().as_usize() == 0 {
                    name = true;
                } else {
                    intro = true;
                }
            }
            (name, intro)
        };
        let mut texts: Vec<String> = vec![
            "".into(),
            "m".into(),
            "i".into(),
            "NAME".into(),
            "My Name Is Ana".into(),
            "THIS IS Ana".into(),
            "thiS iS".into(),
            "Hi, I\u{2019}m Grace".into(),
            "It\u{2019}S me".into(),
            "it\u{2018}s".into(),
            "IT IS".into(),
            "I AM".into(),
            "nam e".into(),
            "i  am".into(),
            "it’ s".into(),
            "Ｉ am".into(),
            "éi am".into(),
        ];
        // every word at the start, the end and inside other text, and cut short
        for w in words {
            texts.push(w.to_uppercase());
            texts.push(format!("x{w}y"));
            texts.push(format!("ab {w}"));
            let cut: String = w.chars().take(w.chars().count() - 1).collect();
            texts.push(format!("{cut} {cut}"));
        }
        for t in &texts {
            assert_eq!(key_words(t), oracle(t), "{t:?}");
        }
    }

    #[test]
    fn the_name_question_gate_keeps_every_form_of_the_question() {
        let forms = [
            "your name",
            "your full name",
            "YOUR FIRST NAME",
            "your last name",
            "who am i speaking to",
            "Who am I talking with",
            "who am i chatting to",
            "whom am I speaking",
            "name please",
            "Name on the account",
            "may i have your name",
            "May I know your name",
            "can i get your name",
            "can I take your name",
            "what's your name",
            "What is your name",
        ];
        for q in forms {
            let text = format!("Thanks! {q}?");
            assert!(intro().question.is_match(&text), "{q}");
            assert!(may_ask_name(&text), "{q}");
        }
        assert!(!may_ask_name("How can I help you today?"));
        // the two words at the edges of the text, in any case, and near misses
        for (text, asks) in [
            ("NAME", true),
            ("Am I", true),
            ("nAmE?", true),
            ("am i", true),
            ("ame", false),
            ("nam", false),
            ("am", false),
            ("amI", false),
            ("m", false),
            ("", false),
            ("I am in", true),
            ("names", true),
            ("Sam is", true),
            ("I'm", false),
        ] {
            assert_eq!(may_ask_name(text), asks, "{text}");
        }
    }

    #[test]
    fn name_from_self_introduction() {
        let t = conv(&[
            (Speaker::Agent, "Hello, who am I speaking with?"),
            (Speaker::Customer, "hi, it's José Álvarez here"),
        ]);
        assert_eq!(learned_name(&t), Some(("José Álvarez".into(), Some(1))));
        let t = conv(&[
            (Speaker::Agent, "Hello, how can I help?"),
            (Speaker::Customer, "I'm calling about my bill"),
        ]);
        assert_eq!(
            learned_name(&t),
            None,
            "\"I'm\" without a name question is no introduction"
        );
        let t = conv(&[(
            Speaker::Customer,
            "Hi, my name is lukas brandt and my router is broken",
        )]);
        assert_eq!(learned_name(&t), Some(("lukas brandt".into(), Some(0))));
        // A bare answer to the name question, typed in lower case.
        let t = conv(&[
            (Speaker::Agent, "May I have your name, please?"),
            (Speaker::Customer, "alina"),
        ]);
        assert_eq!(learned_name(&t), Some(("alina".into(), Some(1))));
        // Asked for a name, the number after it is the account the customer adds.
        let t = conv(&[
            (Speaker::Agent, "May I have your name, please?"),
            (Speaker::Customer, "Yes I'm Ben in room 359"),
        ]);
        assert_eq!(learned_name(&t), Some(("Ben".into(), Some(1))));
        // The sentence ends the name; a title's full stop does not.
        let t = conv(&[(
            Speaker::Customer,
            "Hi, this is John. I'd like to reserve a room",
        )]);
        assert_eq!(learned_name(&t), Some(("John".into(), Some(0))));
        let t = conv(&[(
            Speaker::Customer,
            "Hi, my name is Mr. Smith and I need help",
        )]);
        assert_eq!(learned_name(&t), Some(("Smith".into(), Some(0))));
        for reply in ["idk", "why do you need it", "no thanks", "ABC123XYZ"] {
            let t = conv(&[
                (Speaker::Agent, "May I have your name, please?"),
                (Speaker::Customer, reply),
            ]);
            assert_eq!(learned_name(&t), None, "{reply}");
        }
    }

    #[test]
    fn only_words_that_look_like_names() {
        for (reply, want) in [
            ("Yup, that's right", None),
            ("Uhhh I think so", None),
            ("Actually it was last week", None),
            ("Nevermind, found it", None),
            ("How do I do that?", None),
            ("Crystal Minh", Some("Crystal Minh")),
            ("this is Mr. Tan Wei", Some("Tan Wei")),
            // "its" is how chat writes "it's"
            ("yes its John Smith", Some("John Smith")),
            ("Its Angela, im at Airport", Some("Angela")),
            ("its fine, never mind", None),
        ] {
            let t = conv(&[
                (Speaker::Agent, "May I have your name please?"),
                (Speaker::Customer, reply),
            ]);
            assert_eq!(
                learned_name(&t).map(|n| n.0),
                want.map(String::from),
                "{reply}"
            );
        }
    }

    #[test]
    fn self_introductions_without_a_question() {
        for (text, name) in [
            ("Hi, I'm Grace Liu, my parcel is late", "Grace Liu"),
            ("Hi, this is Angela in room 351", "Angela"),
            (
                "Hi, my name is Brian White 93418043810 is my account",
                "Brian White",
            ),
            ("This is Ana Souza from the Lisbon office", "Ana Souza"),
            (
                "I need an appointment with Dr. Morgan. This is John.",
                "John",
            ),
        ] {
            let t = conv(&[(Speaker::Customer, text)]);
            assert_eq!(learned_name(&t), Some((name.into(), Some(0))), "{text}");
        }
        for text in [
            "this is ridiculous, where is my order",
            "Hi. It's Friday already!",
            "it's Apt 202, Building A, Sunshine Apartments, Koramangala",
            "This is Flight 202 from Delhi, is it delayed?",
            "it's Apt. 202, Building A",
            "it's Apt #202",
        ] {
            let t = conv(&[(Speaker::Customer, text)]);
            assert_eq!(learned_name(&t), None, "{text}");
        }
    }

    #[test]
    fn names_compare_without_accents() {
        assert!(contains_word(
            &fold_name("Thanks, Jose!"),
            &fold_name("José")
        ));
        assert!(!contains_word("joseph", "jose"));
        for (text, word) in [
            ("Thanks, Jose!", "jose"),
            ("JOSEPH called", "jose"),
            ("ask jose", "jose"),
            ("jose", "jose"),
            ("jo", "jose"),
            ("x-Jose-y", "jose"),
            ("Josefina and JOSE", "jose"),
        ] {
            assert_eq!(
                contains_word_ascii(text.as_bytes(), word.as_bytes()),
                contains_word(&text.to_ascii_lowercase(), word),
                "{text:?} {word:?}"
            );
        }
    }
}
