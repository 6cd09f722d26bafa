//! Echoes: a term, a clock time, a masked id or a placeholder-like token that the other
//! party wrote earlier is not the agent's mistake when the agent repeats it ("the packet
//! loss is high" → "the packet loss you see…"; "after 3pm" → "we'll call after 3pm").
//!
//! What is compared depends on what the match holds: its clock times when it has any
//! (compared as times of day, so "3pm" echoes "3:00 PM"); else its tokens with digits or
//! masks (`303-XXXXXXX`); else the whole matched phrase, case- and apostrophe-folded, on
//! word bounds.

use memchr::memmem::Finder;
use regex::Regex;
use std::sync::OnceLock;

use crate::text::{fold_phrase, has_word_boundaries};

/// What an echo of a match looks like.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Key {
    /// Times of day, in minutes after midnight.
    Clock(Vec<u32>),
    /// Tokens with digits or masking letters, folded.
    Tokens(Vec<String>),
    /// The whole match, folded, and its head when it ends in a generic noun ("UTR
    /// number" is echoed by "UTR no" and by "UTR").
    Phrase(String, Option<String>),
}

fn clock_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?|\b(\d{1,2}):(\d{2})\b|\b(noon|midday|midnight)\b")
            .expect("clock regex")
    })
}

/// The times of day written in `text`, in minutes after midnight.
pub(crate) fn clock_times(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for c in clock_re().captures_iter(text) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let minutes = if let Some(h) = num(1) {
            let pm = c
                .get(3)
                .is_some_and(|m| m.as_str().eq_ignore_ascii_case("p"));
            let h = match (h % 12, pm) {
                (h, true) => h + 12,
                (h, false) => h,
            };
            Some(h * 60 + num(2).unwrap_or(0))
        } else if let (Some(h), Some(m)) = (num(4), num(5)) {
            (h < 24 && m < 60).then_some(h * 60 + m)
        } else {
            c.get(6).map(|m| {
                if m.as_str().eq_ignore_ascii_case("midnight") {
                    0
                } else {
                    12 * 60
                }
            })
        };
        out.extend(minutes);
    }
    out
}

/// The key an echo of `matched` must share.
pub(crate) fn key(matched: &str) -> Key {
    let clock = clock_times(matched);
    if !clock.is_empty() {
        return Key::Clock(clock);
    }
    let tokens: Vec<String> = matched
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()) || is_mask(t))
        .map(fold_phrase)
        .filter(|t| !t.is_empty())
        .collect();
    if !tokens.is_empty() {
        return Key::Tokens(tokens);
    }
    let phrase = fold_phrase(matched);
    let head = [" number", " no", " code", " id", " error"]
        .iter()
        .find_map(|s| phrase.strip_suffix(s))
        .filter(|h| !h.is_empty())
        .map(str::to_string);
    Key::Phrase(phrase, head)
}

/// Whether the term at `start..end` of `text` is explained where it stands: an expansion
/// or a gloss in brackets right after it ("ARN (Acquirer Reference Number)"), or right
/// before it ("Acquirer Reference Number (ARN)"), or a gloss phrase after it in the same
/// sentence ("the UTR, which is the transaction reference number", "AWB, i.e. the
/// tracking number"), or the term as the subject of its own definition ("a timeout error
/// can indicate a delay between…", "the AWB means…").
pub(crate) fn is_glossed(text: &str, start: usize, end: usize) -> bool {
    static AFTER: OnceLock<Regex> = OnceLock::new();
    let after = AFTER.get_or_init(|| {
        Regex::new(
            r"(?i)^['’]?(?:\s*(?:number|no\.?|code|id|error))?['’]?\s*(?:\(|,?\s*(?:which|that)\s+(?:is|means|stands|refers)\b|,?\s*i\.?\s?e\.?[\s,]|,?\s*meaning\b|,?\s*also\s+(?:known\s+as|called)\b|\s+(?:stands\s+for|refers\s+to)\b|\s+(?:can\s+(?:sometimes\s+|often\s+|usually\s+)?|usually\s+|often\s+|typically\s+|simply\s+)?(?:means?|indicates?|happens\s+when|occurs\s+when|is\s+when)\b|\s*[-–—:]\s+(?:the|your|a|an)\b)",
        )
        .expect("gloss regex")
    });
    let (Some(before), Some(rest)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    // Only the next 60 bytes matter (cut on a character boundary).
    let mut cut = rest.len().min(60);
    while !rest.is_char_boundary(cut) {
        cut -= 1;
    }
    static BEFORE: OnceLock<Regex> = OnceLock::new();
    // "AWB stands for Air Waybill", "a transaction reference number or UTR number".
    let glossed_before = BEFORE.get_or_init(|| {
        Regex::new(r"(?i)(?:\bstands\s+for|\b(?:number|code|id)\s+or|\balso\s+known\s+as)\s*$")
            .expect("gloss-before regex")
    });
    let mut from = before.len().saturating_sub(40);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    before.trim_end().ends_with('(')
        || after.is_match(&rest[..cut])
        || glossed_before.is_match(&before[from..])
}

/// A masked value: a run of three or more `X`/`x`/`*`/`#` (`303-XXXXXXX`, `****1234`).
fn is_mask(token: &str) -> bool {
    let b = token.as_bytes();
    b.windows(3)
        .any(|w| w.iter().all(|&c| matches!(c, b'X' | b'x' | b'*' | b'#')))
}

impl Key {
    /// The search for this key in the turns before the match, prepared once: a match is
    /// compared with up to a dozen turns, and a substring searcher built for each turn
    /// (`str::find`) cost more than the search itself.
    pub fn search(&self) -> Search<'_> {
        match self {
            Key::Clock(times) => Search::Clock(times),
            Key::Tokens(tokens) => Search::Words(tokens.iter().map(|t| Word::new(t)).collect()),
            Key::Phrase(p, head) => Search::Words(
                [Some(p.as_str()), head.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(Word::new)
                    .collect(),
            ),
        }
    }
}

/// A [`Key`] made ready to be looked for in many turns.
pub(crate) enum Search<'k> {
    /// Times of day, compared with a turn's [`clock_times`].
    Clock(&'k [u32]),
    /// Folded words (the tokens, or the phrase and its head), one of which must occur in a
    /// turn's folded text as a whole word.
    Words(Vec<Word<'k>>),
}

impl Search<'_> {
    /// Whether a turn holds the key. Each side is asked only when needed: `clock` gives the
    /// turn's clock times and `folded` its text folded with [`fold_phrase`] (the caller
    /// keeps both per turn, so a turn is read once whatever the number of matches).
    pub fn found_in<'t>(
        &self,
        clock: impl FnOnce() -> &'t [u32],
        folded: impl FnOnce() -> &'t str,
    ) -> bool {
        match self {
            Search::Clock(times) => {
                let theirs = clock();
                times.iter().any(|t| theirs.contains(t))
            }
            Search::Words(words) => {
                let folded = folded();
                words.iter().any(|w| w.in_text(folded))
            }
        }
    }
}

/// A folded word looked for as a whole word, as [`crate::text::contains_word`] does, with
/// its substring searcher built once for every text it is looked for in.
pub(crate) struct Word<'w>(Finder<'w>);

impl<'w> Word<'w> {
    pub fn new(word: &'w str) -> Word<'w> {
        Word(Finder::new(word))
    }

    /// The byte ranges where the word occurs in `text` on word boundaries, left to right:
    /// the occurrences `str::match_indices` finds (they do not overlap, and an empty word
    /// is at each character boundary) that [`has_word_boundaries`] accepts.
    pub fn find_in<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let len = self.0.needle().len();
        self.0
            .find_iter(text.as_bytes())
            // A UTF-8 word found in UTF-8 text is on character boundaries; an empty one is
            // found at every byte.
            .filter(move |&s| len > 0 || text.is_char_boundary(s))
            .map(move |s| (s, s + len))
            .filter(|&(s, e)| has_word_boundaries(text, s, e))
    }

    /// Whether the word occurs in `text` as a whole word (with
    /// [`crate::text::contains_word`]'s reading: an empty word occurs nowhere).
    pub fn in_text(&self, text: &str) -> bool {
        !self.0.needle().is_empty() && self.find_in(text).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn echoes(matched: &str, earlier: &str) -> bool {
        let (theirs, folded) = (clock_times(earlier), fold_phrase(earlier));
        key(matched).search().found_in(|| &theirs, || &folded)
    }

    #[test]
    fn glosses() {
        let g = |text: &str, term: &str| {
            let s = text.find(term).unwrap();
            is_glossed(text, s, s + term.len())
        };
        assert!(g("Your ARN (Acquirer Reference Number) is 123.", "ARN"));
        assert!(g("The Acquirer Reference Number (ARN) is 123.", "ARN"));
        assert!(g(
            "Share the UTR number, which is the transaction reference.",
            "UTR"
        ));
        assert!(g("Your AWB, i.e. the tracking number, is 55.", "AWB"));
        assert!(g("KYC stands for know your customer.", "KYC"));
        assert!(!g("Please share the UTR number.", "UTR"));
        assert!(!g("Your KYC is pending, which is why it failed.", "KYC"));
        assert!(g(
            "AWB stands for Air Waybill, the tracking number.",
            "Air Waybill"
        ));
        assert!(g(
            "I need a transaction reference number or UTR number from your statement.",
            "UTR number"
        ));
        assert!(!g(
            "Please share your order number and UTR number.",
            "UTR number"
        ));
        // Multi-byte text after the term is cut on a character boundary.
        assert!(!g(&format!("ARN {}", "é".repeat(40)), "ARN"));
        assert!(echoes("UTR number", "my UTR no is 123"));
        // A term as the subject of its own definition.
        assert!(g(
            "A timeout error can sometimes indicate a delay between the bank and us.",
            "timeout error"
        ));
        assert!(g(
            "The AWB means the air waybill, your tracking number.",
            "AWB"
        ));
        assert!(!g("The timeout error was on our side.", "timeout error"));
    }

    #[test]
    fn terms_times_and_masks() {
        assert!(echoes(
            "packet loss",
            "the Packet Loss is really high today"
        ));
        assert!(!echoes("packet loss", "my internet is slow"));
        assert!(echoes("call you after 3pm", "please call me after 3:00 PM"));
        assert!(!echoes("call you at 4pm", "please call me after 3pm"));
        assert!(echoes("303-XXXXXXXXX", "my order 303-XXXXXXXXX never came"));
        assert!(echoes("KYC", "why do you need KYC?!"));
        assert!(!echoes("RMA", "I want a refund"));
    }

    /// A word's searcher finds what `str::match_indices` and `contains_word` find.
    #[test]
    fn words_are_found_as_match_indices_finds_them() {
        for (text, word) in [
            ("aaa aa", "aa"),
            ("the utr no, utr", "utr"),
            ("utr-no xutr utr", "utr"),
            ("é utr é", "utr"),
            ("ab", ""),
            ("éa", ""),
            ("", "x"),
        ] {
            let w = Word::new(word);
            let ours: Vec<(usize, usize)> = w.find_in(text).collect();
            let theirs: Vec<(usize, usize)> = text
                .match_indices(word)
                .map(|(s, m)| (s, s + m.len()))
                .filter(|&(s, e)| has_word_boundaries(text, s, e))
                .collect();
            assert_eq!(ours, theirs, "{text:?} {word:?}");
            assert_eq!(
                w.in_text(text),
                crate::text::contains_word(text, word),
                "{text:?} {word:?}"
            );
        }
    }

    #[test]
    fn clock_times_are_minutes() {
        assert_eq!(clock_times("at 3pm or 15:30, or noon"), [900, 930, 720]);
        assert_eq!(clock_times("12 a.m."), [0]);
        assert_eq!(clock_times("no times here, 25 items"), Vec::<u32>::new());
    }
}
