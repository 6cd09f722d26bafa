//! One pass over each turn finds what every rule needs from it.
//!
//! Every phrase of every rule — the phrases of `phrases` rules, their exceptions and
//! `unless` phrases, the triggers and expected phrases of `respond` and `required` rules,
//! the phrases a `metric` rule counts — goes into ONE Aho-Corasick automaton, searched once
//! per turn over the folded text (lowercase, apostrophes and whitespace folded; see
//! [`crate::text`]). Each automaton pattern maps back to the rules that use it and in which
//! role. Matches are checked for word boundaries, grouped per rule and role, and reduced to
//! leftmost-longest non-overlapping matches, so one rule's long phrase never hides another
//! rule's short one. Regexes of `pattern` rules (and of triggers) run after it.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

use super::modifiers::is_negated_after;
use super::Rule;
use crate::category::Category;
use crate::text::{fold_phrase, has_word_boundaries, Folded, Sentences};

/// Largest compiled size of one rule's regex (bytes). Rule files are untrusted input.
const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;

/// Cache of each regex's lazy DFA (bytes, per thread). Rule patterns are long
/// case-insensitive alternations; a small cache is cleared again and again and the search
/// slows down many times over.
const DFA_CACHE_LIMIT: usize = 16 * 1024 * 1024;

/// A rule's regex, compiled when a turn first needs it.
///
/// Compiling the built-in packs' regexes to automata was the largest part of building a
/// linter (~60% of it), and most runs need only some of them: a regex runs only on turns
/// where its gate words occur (see [`super::gate`]). A regex of a user's pack is compiled
/// while the pack is validated (so a bad one is an error with its line and column); one of
/// a built-in pack is trusted to compile, which the test suite checks
/// (`every_built_in_regex_compiles`), and compiled on first use.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    pattern: String,
    case_sensitive: bool,
    compiled: std::sync::OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// The regex; `None` only if a built-in pattern failed to parse, which the test suite
    /// rules out (the rule then finds nothing rather than stopping the run). Its automata
    /// are built when a search first needs them (see [`Regex`]); the suite also checks
    /// that every built-in pattern compiles within the size limit.
    pub(crate) fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| parse_regex(&self.pattern, self.case_sensitive).ok())
            .as_ref()
    }
}

/// Each distinct pattern of one linter, once: validating a rule and compiling its matcher
/// share it, and rules with the same pattern share one compiled regex.
#[derive(Debug, Default)]
pub(crate) struct RegexCache(
    std::cell::RefCell<HashMap<(String, bool), std::sync::Arc<LazyRegex>>>,
);

impl RegexCache {
    /// Compiles the pattern now (validation of a user's pack), or says why it does not
    /// compile.
    pub(crate) fn compile_now(&self, pattern: &str, case_sensitive: bool) -> Result<(), String> {
        let lazy = self.lazy(pattern, case_sensitive);
        if let Some(Some(parsed)) = lazy.compiled.get() {
            // Parsed for a search already: its meta regex is compiled now, once.
            let own = &parsed.own;
            if own.re.get().is_none() {
                let re = build_meta(&own.hir).map_err(|limit| compile_error(pattern, limit))?;
                let _ = own.re.set(Some(re));
            }
            return match own.re.get() {
                Some(Some(_)) => Ok(()),
                _ => Err(compile_error(pattern, None)),
            };
        }
        let re = compile_regex(pattern, case_sensitive)?;
        let _ = lazy.compiled.set(Some(re));
        Ok(())
    }

    /// Every pattern of the cache (a test of the built-in packs' regexes).
    #[cfg(test)]
    pub(crate) fn all(&self) -> Vec<std::sync::Arc<LazyRegex>> {
        self.0.borrow().values().cloned().collect()
    }

    /// The pattern, compiled when first used.
    pub(crate) fn lazy(&self, pattern: &str, case_sensitive: bool) -> std::sync::Arc<LazyRegex> {
        let key = (pattern.to_string(), case_sensitive);
        if let Some(r) = self.0.borrow().get(&key) {
            return r.clone();
        }
        let r = std::sync::Arc::new(LazyRegex {
            pattern: pattern.to_string(),
            case_sensitive,
            compiled: std::sync::OnceLock::new(),
        });
        self.0.borrow_mut().insert(key, r.clone());
        r
    }
}

/// A rule's compiled regex.
///
/// regex-automata's meta regex rather than `regex::Regex`, for one setting the `regex`
/// crate does not expose: no literal prefilter. A rule regex runs on one turn (a few
/// hundred bytes) and only where its gate words occur (see [`super::gate`]), so a
/// prefilter has little to skip, and extracting its literals from the packs' long
/// case-insensitive alternations was a third of compiling them.
///
/// Unicode word boundaries (`\b`) stop the lazy DFA at the first non-ASCII byte, and the
/// search then starts again in the bounded backtracker, whose cost grows with the size of
/// the regex: on a turn with one "é" or "’", a long alternation cost ~80,000 instructions
/// a search instead of ~2,000 (the 1% of turns that are not ASCII were 8% of a run). So a
/// regex with Unicode word boundaries keeps, for those turns, a second regex compiled
/// when first needed: the same pattern with its word-boundary assertions removed. It
/// matches wherever the regex does (dropping an assertion only widens what matches) and
/// runs in the lazy DFA on any text; where it finds nothing, the regex finds nothing, so
/// the backtracker runs only on turns that may match. The answers are the same. Only
/// [`Regex::is_match`] and [`Regex::is_match_at_start`] ask it first: they look for
/// markers that are mostly absent (a conversation-wide pattern, a state cue). A rule's
/// [`Regex::find_iter`] runs only where its gate words occur, usually matches, and would
/// pay for both (measured: 1–3% slower on the shared corpus with it). Most such turns hold
/// no word character outside ASCII (a "’", a "₹", an emoji), and for them a third twin,
/// the pattern with ASCII word boundaries, answers every search instead of the regex: the
/// lazy DFA reads it on any text, and on such text the answers are the same (see
/// [`Regex::for_text`]).
///
/// A pattern with a long counted gap ("a cue, then up to 60 characters of the same
/// sentence, then a clock time": `[^.!?\n]{0,60}?`) keeps a second twin, asked before every
/// search: the same pattern with each such gap left open (`[^.!?\n]*?`). It too matches
/// wherever the regex does, so where it finds nothing the regex is not run. The reason is
/// the lazy DFA: a counted gap makes it remember how far into the gap each start is, so it
/// keeps building new states megabytes into a run; the open gap needs a handful of states,
/// and the counted regex then runs only on the turns where the open one matches. Measured
/// on the five permissive corpora of `../shared/corpus` (JSON Lines, `--jobs 1`): 15.01 G
/// → 14.02 G instructions (−6.6%, nearly all of it the time-zone pack's clock-time regex),
/// peak memory at `--jobs 2` 151–153 → 127–130 MB; on generated chats, where the automata
/// were cheap already (the same sentences recur), +1.5%.
///
/// Each automaton is built when a search first needs it, from the pattern's one syntax
/// tree. Most patterns are only ever asked *whether* they match (the modifiers'
/// `unless-pattern`s, the conversation state's and the `respond` kind's markers): a
/// forward lazy DFA answers that ([`ForwardDfa`], a third of the cost of compiling the meta
/// regex, which adds a reverse automaton and the strategies that find where a match
/// starts), and the meta regex is compiled only for a pattern whose matches are wanted
/// (a rule's `pattern`) or on text the DFA cannot read (any byte outside ASCII, for a
/// pattern with a Unicode word boundary). Compiling regexes on first use was ~61% of the
/// instructions of `check fixtures/`.
///
/// Both are asked of the pattern's ASCII twin first ([`Automata`], [`ascii_only`]): the
/// pattern as it reads ASCII text, a fraction of its size. On an ASCII turn — nearly
/// every turn — it answers alone, and the pattern's own automata are built only for a
/// turn outside ASCII (`check fixtures/`: −18% instructions).
#[derive(Debug)]
pub(crate) struct Regex {
    /// The pattern's syntax tree and automata. Its meta regex serves every search that
    /// needs a match's start and every answer the DFAs give up on; it is `None` if it
    /// does not compile (too big for the size limit): a built-in pattern always does
    /// (`every_built_in_regex_compiles`, `patterns_compile`,
    /// `every_scope_pattern_compiles`), and a user's is compiled when its pack is
    /// validated.
    own: Automata,
    /// For a pattern with Unicode word boundaries: its twins for text that is not ASCII.
    word_twins: Option<WordTwins>,
    /// For a pattern with a long counted repetition: the pattern with it left open.
    open_gaps: Option<Relaxed>,
    /// For a pattern that reads differently outside ASCII (a Unicode class, case folding,
    /// a Unicode word boundary): its automata for ASCII text, which most turns are.
    /// `None` when the pattern is its own ASCII twin. Derived on first use (a run
    /// asks only some patterns).
    ascii_only: std::sync::OnceLock<Option<Automata>>,
}

/// A syntax tree and its two automata, each built on first use: the meta regex (a
/// match's start and end) and the forward DFA (whether it matches).
///
/// The ASCII twin of a [`Regex`] is one too: the pattern with every class cut to its
/// ASCII members, every Unicode word boundary made an ASCII one, and any byte outside
/// ASCII where the pattern reads a character outside it ([`ascii_only`]). On ASCII text
/// it finds exactly what the pattern finds, and its automata are a fraction of the size:
/// a case-insensitive "k" or "s" matches a character of several bytes ("K", the Kelvin
/// sign; "ſ") and a `\w` or `[^.!?]` thousands, and each costs the lazy DFA states and
/// the compiler time. Over the rule regexes of the built-in packs, compiling the twins
/// took a third of the time and memory of compiling the patterns. Its forward DFA quits
/// at every byte outside ASCII, and otherwise answers as the pattern would on any text
/// (`try_is_match` gives up on a quit, and the pattern's own automata answer).
#[derive(Debug)]
struct Automata {
    hir: regex_syntax::hir::Hir,
    re: std::sync::OnceLock<Option<regex_automata::meta::Regex>>,
    forward: std::sync::OnceLock<Option<ForwardDfa>>,
    /// Whether the automata answer only for ASCII text (an ASCII twin).
    ascii_text: bool,
}

/// The open-gap twin of a [`Regex`] (the pattern with its long gaps left open), compiled
/// on first use: a linter that never meets a gate word never needs it.
#[derive(Debug)]
struct Relaxed {
    hir: regex_syntax::hir::Hir,
    compiled: std::sync::OnceLock<Option<ForwardDfa>>,
    /// For a pattern with Unicode word boundaries: the open-gap twin with ASCII ones, for
    /// text whose characters outside ASCII are none of them word characters (see
    /// [`Regex::gaps_may_match_in`]).
    ascii_boundaries: std::sync::OnceLock<Option<ForwardDfa>>,
}

/// The twins of a [`Regex`] with Unicode word boundaries, for text that is not ASCII, each
/// compiled on first use (most regexes never see such a turn) from the pattern's one
/// syntax tree.
#[derive(Debug)]
struct WordTwins {
    /// The pattern without its word boundaries: where it does not match, the regex does
    /// not either.
    relaxed: std::sync::OnceLock<Option<ForwardDfa>>,
    /// The pattern with ASCII word boundaries (see [`Regex::for_text`]).
    ascii: std::sync::OnceLock<Option<regex_automata::meta::Regex>>,
    /// Searches of text the ASCII twin could have answered, before it was built.
    waited: std::sync::atomic::AtomicU32,
}

/// What a text holds outside ASCII, which decides the regex that searches it (see
/// [`Regex::for_text`]); found once per turn for all its regexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chars {
    /// Only ASCII.
    Ascii,
    /// Characters outside ASCII, none of them a word character (a "’", a "₹", an emoji).
    NoWordOutsideAscii,
    /// A word character outside ASCII ("é").
    WordOutsideAscii,
}

impl Chars {
    /// The class of `text`.
    pub(crate) fn of(text: &str) -> Chars {
        if text.is_ascii() {
            Chars::Ascii
        } else if text
            .chars()
            .any(|c| !c.is_ascii() && regex_syntax::is_word_character(c))
        {
            Chars::WordOutsideAscii
        } else {
            Chars::NoWordOutsideAscii
        }
    }
}

/// How many searches of such text a regex makes with the backtracker before its
/// ASCII-boundary twin is built: compiling the twin costs as much as compiling the regex
/// (~2.5 M instructions; a backtracker search of a 200-byte turn cost ~400,000 on the
/// shared corpus), so a run that meets a few such turns does not pay for it, and a run
/// over thousands pays once. On the five permissive JSONL corpora: 13.78 G instructions
/// when built at once, 13.79 G after 16 searches, 13.93 G after 64.
const ASCII_TWIN_AFTER: u32 = 16;

/// A forward lazy DFA that only says whether a pattern matches: no reverse automaton, no
/// capture groups, a third of what compiling a meta regex costs.
///
/// Its caches (the states the lazy DFA has built) are shared by every thread: a search
/// takes the cache returned last and gives it back. regex-automata's own pool gives the
/// first thread a cache of its own and the others another, so each worker built every
/// state again: on a JSON Lines run at `--jobs 2` that warm-up was a tenth more
/// instructions than at `--jobs 1`. Two caches exist only while two threads search the
/// same pattern at once.
struct ForwardDfa {
    dfa: regex_automata::hybrid::dfa::DFA,
    /// Boxed: a cache is hundreds of bytes, moved in and out on every search (unboxed,
    /// the moves were 73 M instructions of `memcpy` on a 14.5 MB run).
    #[allow(clippy::vec_box)]
    caches: std::sync::Mutex<Vec<Box<regex_automata::hybrid::dfa::Cache>>>,
}

impl std::fmt::Debug for ForwardDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForwardDfa").finish_non_exhaustive()
    }
}

impl ForwardDfa {
    /// The forward DFA of `hir`; with `ascii_text`, one that quits at every byte outside
    /// ASCII (for an ASCII twin: see [`ascii_only`] for why its other answers hold).
    fn new(hir: &regex_syntax::hir::Hir, ascii_text: bool) -> Option<ForwardDfa> {
        use regex_automata::{hybrid, nfa::thompson};
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .build_from_hir(hir)
            .ok()?;
        let config = hybrid::dfa::Config::new()
            .cache_capacity(DFA_CACHE_LIMIT)
            // Give up, as the meta regex's own lazy DFA does, when the cache is cleared
            // again and again for little progress: the caller then asks the meta regex (an
            // answer) or searches on ("may match").
            .minimum_cache_clear_count(Some(3))
            .minimum_bytes_per_state(Some(10))
            // A pattern with Unicode word boundaries: the DFA reads them on ASCII text and
            // gives up at the first byte outside ASCII.
            .unicode_word_boundary(true);
        // An ASCII twin's: a quit byte stops the search before a match that reads it is
        // reported, even one whose last look-ahead it is.
        let config = if ascii_text {
            (0x80..=0xFF).fold(config, |c, b| c.quit(b, true))
        } else {
            config
        };
        let dfa = hybrid::dfa::DFA::builder()
            .configure(config)
            .build_from_nfa(nfa)
            .ok()?;
        Some(ForwardDfa {
            dfa,
            caches: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Whether the pattern matches in `input`; true when the lazy DFA gives up.
    fn may_match(&self, input: &regex_automata::Input<'_>) -> bool {
        self.try_is_match(input).unwrap_or(true)
    }

    /// Whether the pattern matches in `input`; `None` when the lazy DFA gives up: it meets
    /// a byte outside ASCII (for an ASCII twin, or a pattern with a Unicode word boundary
    /// next to one), or its cache thrashes.
    fn try_is_match(&self, input: &regex_automata::Input<'_>) -> Option<bool> {
        let taken = self.caches.lock().ok().and_then(|mut c| c.pop());
        let mut cache = taken.unwrap_or_else(|| Box::new(self.dfa.create_cache()));
        let answer = self
            .dfa
            .try_search_fwd(&mut cache, &input.clone().earliest(true))
            .ok()
            .map(|m| m.is_some());
        if let Ok(mut caches) = self.caches.lock() {
            caches.push(cache);
        }
        answer
    }
}

impl Regex {
    /// Whether the regex matches anywhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.matches(text, regex_automata::Input::new(text))
    }

    /// Whether the regex matches at the very start of `text` (an anchored search).
    pub(crate) fn is_match_at_start(&self, text: &str) -> bool {
        self.matches(
            text,
            regex_automata::Input::new(text).anchored(regex_automata::Anchored::Yes),
        )
    }

    /// [`Regex::is_match`] and [`Regex::is_match_at_start`] (`input` searches `text`): the
    /// twins first.
    fn matches(&self, text: &str, input: regex_automata::Input<'_>) -> bool {
        // The text's class, found at most once, and only if a twin depends on it.
        let class = std::cell::OnceCell::new();
        let chars_of = || *class.get_or_init(|| Chars::of(text));
        if !self.gaps_may_match_in(&input, chars_of) {
            return false;
        }
        // The ASCII twin answers unless the search meets a byte outside ASCII.
        if let Some(answer) = self
            .ascii_twin()
            .and_then(Automata::forward)
            .and_then(|f| f.try_is_match(&input))
        {
            return answer;
        }
        // The forward DFA answers on any text when the pattern has no Unicode word
        // boundary, and on ASCII text when it has; elsewhere it may give up.
        let chars = self.word_twins.as_ref().map(|_| chars_of());
        if chars.is_none_or(|c| c == Chars::Ascii) {
            if let Some(answer) = self.own.forward().and_then(|f| f.try_is_match(&input)) {
                return answer;
            }
        }
        let Some(chars) = chars else {
            return self.own.meta().is_some_and(|re| re.is_match(input));
        };
        (chars == Chars::Ascii || self.relaxed_may_match(&input))
            && self.for_text(chars).is_some_and(|re| re.is_match(input))
    }

    /// Builds the meta regex and the forward DFA now, and the ASCII twin's: whether they
    /// compile (a test of the built-in patterns, which are compiled only when first
    /// used). The word-boundary and open-gap twins are not built.
    #[cfg(test)]
    pub(crate) fn builds(&self) -> bool {
        self.own.meta().is_some()
            && self.own.forward().is_some()
            && self
                .ascii_twin()
                .is_none_or(|a| a.meta().is_some() && a.forward().is_some())
    }

    /// The ASCII twin, derived on first use; `None` when the pattern is its own.
    fn ascii_twin(&self) -> Option<&Automata> {
        self.ascii_only
            .get_or_init(|| ascii_only(&self.own.hir).map(|hir| Automata::new(hir, true)))
            .as_ref()
    }

    /// The leftmost-first, non-overlapping matches in `text` (byte ranges on char
    /// boundaries).
    #[cfg(test)]
    pub(crate) fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = regex_automata::Match> + 'a {
        self.find_iter_in(text, Chars::of(text))
    }

    /// [`Regex::find_iter`] for a caller that knows the [`Chars`] of `text` (found once per
    /// turn for all its regexes).
    pub(crate) fn find_iter_in<'a>(
        &'a self,
        text: &'a str,
        chars: Chars,
    ) -> impl Iterator<Item = regex_automata::Match> + 'a {
        self.gaps_may_match_in(&regex_automata::Input::new(text), || chars)
            .then(|| match self.ascii_twin() {
                Some(ascii) if chars == Chars::Ascii => ascii.meta().or_else(|| self.own.meta()),
                _ => self.for_text(chars),
            })
            .flatten()
            .map(|re| re.find_iter(text))
            .into_iter()
            .flatten()
    }

    /// The regex to search a text of class `chars` with. A Unicode word boundary stops the lazy DFA at the
    /// first byte that is not ASCII, and the search starts again in the bounded
    /// backtracker, whose cost grows with the size of the regex times the length of the
    /// text: the 0.2% of turns of the shared corpus that are not ASCII (a "’", a "₹", an
    /// emoji) were 4.5% of a run. Where every character that is not ASCII is also not a
    /// word character (`\w`), a Unicode word boundary and an ASCII one agree at every
    /// character boundary — the two definitions differ only on word characters outside
    /// ASCII — so the twin with ASCII boundaries, which the lazy DFA reads on any text,
    /// gives the same answers. Inside a character of several bytes they can differ (an
    /// ASCII `\B` holds there), but only an empty match can sit there, and the meta regex
    /// drops empty matches that split a character (`utf8_empty`, set in [`meta_config`]).
    fn for_text(&self, chars: Chars) -> Option<&regex_automata::meta::Regex> {
        let Some(twin) = &self.word_twins else {
            return self.own.meta();
        };
        if chars != Chars::NoWordOutsideAscii {
            return self.own.meta();
        }
        if twin.ascii.get().is_none()
            && twin
                .waited
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                < ASCII_TWIN_AFTER
        {
            return self.own.meta();
        }
        let compiled = twin.ascii.get_or_init(|| {
            build_meta(&with_word_boundaries(&self.own.hir, ascii_word_boundary)).ok()
        });
        compiled.as_ref().or_else(|| self.own.meta())
    }

    /// False only when the pattern with its long counted gaps left open does not match in
    /// `input` (see [`Regex`]).
    fn gaps_may_match(&self, input: &regex_automata::Input<'_>) -> bool {
        let Some(open) = &self.open_gaps else {
            return true;
        };
        let compiled = open
            .compiled
            .get_or_init(|| ForwardDfa::new(&open.hir, false));
        compiled.as_ref().is_none_or(|r| r.may_match(input))
    }

    /// [`Regex::gaps_may_match`] for a text of class `chars()` (asked only for a pattern
    /// with both twins). The open-gap twin of a pattern with Unicode word boundaries gives
    /// up at the first byte outside ASCII, and the search then runs the whole pattern: on the CuCom corpus, ~270 turns with a "₹" or a
    /// "’" cost the time-zone pack's clock-time regex ~80 ms, a third of its time. Where
    /// no character outside ASCII is a word character, Unicode and ASCII word boundaries
    /// agree (see [`Regex::for_text`]), so the open-gap twin with ASCII boundaries, which
    /// the lazy DFA reads on any text, answers instead.
    fn gaps_may_match_in(
        &self,
        input: &regex_automata::Input<'_>,
        chars: impl FnOnce() -> Chars,
    ) -> bool {
        match &self.open_gaps {
            Some(open) if self.word_twins.is_some() && chars() == Chars::NoWordOutsideAscii => {
                let compiled = open.ascii_boundaries.get_or_init(|| {
                    ForwardDfa::new(&with_word_boundaries(&open.hir, ascii_word_boundary), false)
                });
                compiled.as_ref().is_none_or(|r| r.may_match(input))
            }
            _ => self.gaps_may_match(input),
        }
    }

    /// False only when the pattern has Unicode word boundaries and the pattern without
    /// them does not match in `input` (asked for text that is not ASCII).
    fn relaxed_may_match(&self, input: &regex_automata::Input<'_>) -> bool {
        let Some(twin) = &self.word_twins else {
            return true;
        };
        let compiled = twin.relaxed.get_or_init(|| {
            ForwardDfa::new(
                &with_word_boundaries(&self.own.hir, |_| regex_syntax::hir::Hir::empty()),
                false,
            )
        });
        compiled.as_ref().is_none_or(|r| r.may_match(input))
    }
}

impl Automata {
    /// The automata of `hir`, none built yet; with `ascii_text`, of an ASCII twin.
    fn new(hir: regex_syntax::hir::Hir, ascii_text: bool) -> Automata {
        Automata {
            hir,
            re: std::sync::OnceLock::new(),
            forward: std::sync::OnceLock::new(),
            ascii_text,
        }
    }

    /// The forward DFA, built on first use.
    fn forward(&self) -> Option<&ForwardDfa> {
        self.forward
            .get_or_init(|| ForwardDfa::new(&self.hir, self.ascii_text))
            .as_ref()
    }

    /// The meta regex, compiled on first use.
    fn meta(&self) -> Option<&regex_automata::meta::Regex> {
        self.re.get_or_init(|| build_meta(&self.hir).ok()).as_ref()
    }
}

/// The meta regex settings of every rule regex.
fn meta_config() -> regex_automata::meta::Config {
    regex_automata::meta::Config::new()
        .auto_prefilter(false)
        // Empty matches never split a character (the default, said here because the
        // ASCII-boundary twin relies on it: inside a character of several bytes an ASCII
        // `\B` holds where a Unicode one does not; see `Regex::for_text`).
        .utf8_empty(true)
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .onepass_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(DFA_CACHE_LIMIT)
        .dfa_size_limit(Some(DFA_CACHE_LIMIT))
}

/// Compiles a rule's pattern with the size limit; the error is a one-line, user-facing
/// message. Validating a user's pack: the meta regex is compiled now, so a pattern too
/// big to compile is an error with its line and column rather than a rule that finds
/// nothing.
pub(crate) fn compile_regex(pattern: &str, case_sensitive: bool) -> Result<Regex, String> {
    let regex = parse_regex(pattern, case_sensitive)?;
    let re = build_meta(&regex.own.hir).map_err(|limit| compile_error(pattern, limit))?;
    let _ = regex.own.re.set(Some(re));
    Ok(regex)
}

/// Why a parsed pattern's meta regex did not compile, for the user: the size limit it
/// exceeded, or (no limit named) the pattern's syntax error message.
fn compile_error(pattern: &str, limit: Option<usize>) -> String {
    match limit {
        Some(n) => {
            format!("regex is too big once compiled (limit {n} bytes); split it into several rules")
        }
        None => syntax_error(pattern),
    }
}

/// The meta regex of a syntax tree, with the settings of every rule regex; the error is
/// the size limit it exceeded, if that is why it did not compile.
fn build_meta(hir: &regex_syntax::hir::Hir) -> Result<regex_automata::meta::Regex, Option<usize>> {
    regex_automata::meta::Builder::new()
        .configure(meta_config())
        .build_from_hir(hir)
        .map_err(|e| e.size_limit())
}

/// Parses a pattern known to compile (a built-in one: `every_built_in_regex_compiles`, or
/// one already validated by [`compile_regex`]); its automata are built when first needed
/// (see [`Regex`]). The error is a one-line, user-facing message.
pub(crate) fn parse_regex(pattern: &str, case_sensitive: bool) -> Result<Regex, String> {
    // Parsed once: the syntax tree builds each automaton and each twin.
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(!case_sensitive)
        .build()
        .parse(pattern)
        .map_err(|_| syntax_error(pattern))?;
    let open_gaps = with_open_gaps(&hir).map(|hir| Relaxed {
        hir,
        compiled: std::sync::OnceLock::new(),
        ascii_boundaries: std::sync::OnceLock::new(),
    });
    let word_twins = hir
        .properties()
        .look_set()
        .contains_word_unicode()
        .then(|| WordTwins {
            relaxed: std::sync::OnceLock::new(),
            ascii: std::sync::OnceLock::new(),
            waited: std::sync::atomic::AtomicU32::new(0),
        });
    Ok(Regex {
        own: Automata::new(hir, false),
        word_twins,
        open_gaps,
        ascii_only: std::sync::OnceLock::new(),
    })
}

/// A counted repetition this much wider than its minimum is left open in the twin of
/// [`with_open_gaps`]: short counts (`\d{1,2}`, `{2,4}`) cost the lazy DFA little.
const OPEN_GAP_WIDTH: u32 = 10;

/// `hir` with every counted repetition at least [`OPEN_GAP_WIDTH`] wider than its minimum
/// left open (`x{0,60}` becomes `x*`), or `None` when it has none. The result matches
/// wherever `hir` does: a repetition without an upper bound accepts every count the
/// bounded one does.
fn with_open_gaps(hir: &regex_syntax::hir::Hir) -> Option<regex_syntax::hir::Hir> {
    rewrite(hir, &|_| None, &|r| {
        r.max
            .is_some_and(|max| max.saturating_sub(r.min) >= OPEN_GAP_WIDTH)
    })
}

/// `hir` with each Unicode word-boundary assertion replaced by `replace(look)`: by nothing
/// (the relaxed twin: dropping an assertion only widens what matches) or by its ASCII
/// counterpart (see [`Regex::for_text`]).
fn with_word_boundaries(
    hir: &regex_syntax::hir::Hir,
    replace: fn(regex_syntax::hir::Look) -> regex_syntax::hir::Hir,
) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{HirKind, Look};
    let leaf = |h: &regex_syntax::hir::Hir| match h.kind() {
        HirKind::Look(
            look @ (Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode),
        ) => Some(replace(*look)),
        _ => None,
    };
    rewrite(hir, &leaf, &|_| false).unwrap_or_else(|| hir.clone())
}

/// The ASCII counterpart of a Unicode word-boundary assertion.
fn ascii_word_boundary(look: regex_syntax::hir::Look) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Hir, Look};
    Hir::look(match look {
        Look::WordUnicode => Look::WordAscii,
        Look::WordUnicodeNegate => Look::WordAsciiNegate,
        Look::WordStartUnicode => Look::WordStartAscii,
        Look::WordEndUnicode => Look::WordEndAscii,
        Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
        Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
        other => other,
    })
}

/// `hir` as it reads ASCII text: each class cut to its ASCII members, each literal cut
/// before its first byte outside ASCII, each Unicode word boundary made an ASCII one; and
/// where `hir` would read a character outside ASCII (a class member, the rest of a
/// literal), any one byte outside ASCII. `None` when `hir` is its own ASCII twin (most
/// classes of a case-insensitive pattern are ASCII already: "[Aa]").
///
/// On a haystack of ASCII bytes it matches exactly where `hir` does: every character such
/// a match reads is ASCII, a byte outside ASCII never occurs, and on ASCII characters the
/// Unicode and the ASCII definitions of a word character (`\w`, read by `\b`) agree. On
/// any other haystack its forward DFA, which quits at every byte outside ASCII, either
/// quits or answers as `hir` would: a match it reports read only ASCII bytes, its own
/// look-ahead included; and where `hir` could go on with a character outside ASCII the
/// twin goes on too (with the byte that quits it), so it never stops dead where `hir`
/// would not (an anchored "I’m" at "I" of "I’m").
fn ascii_only(hir: &regex_syntax::hir::Hir) -> Option<regex_syntax::hir::Hir> {
    use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, HirKind};
    let outside = ClassBytesRange::new(0x80, 0xFF);
    // The class's ASCII members, and any byte outside ASCII.
    let cut = |ascii: Vec<ClassBytesRange>| {
        let mut class = ClassBytes::new(ascii);
        class.push(outside);
        Hir::class(Class::Bytes(class))
    };
    let leaf = |h: &Hir| match h.kind() {
        HirKind::Literal(lit) => {
            let at = lit.0.iter().position(|b| !b.is_ascii())?;
            Some(Hir::concat(vec![
                Hir::literal(&lit.0[..at]),
                Hir::class(Class::Bytes(ClassBytes::new([outside]))),
            ]))
        }
        HirKind::Class(Class::Unicode(class)) if !class.is_ascii() => Some(cut(class
            .ranges()
            .iter()
            .filter(|r| r.start().is_ascii())
            .map(|r| ClassBytesRange::new(r.start() as u8, r.end().min('\x7F') as u8))
            .collect())),
        HirKind::Class(Class::Bytes(class)) if !class.is_ascii() => Some(cut(class
            .ranges()
            .iter()
            .filter(|r| r.start().is_ascii())
            .map(|r| ClassBytesRange::new(r.start(), r.end().min(0x7F)))
            .collect())),
        HirKind::Look(look) => {
            let ascii = ascii_word_boundary(*look);
            (ascii != *h).then_some(ascii)
        }
        _ => None,
    };
    rewrite(hir, &leaf, &|_| false)
}

/// Rebuilds `hir` with each leaf (an empty pattern, a literal, a class, an assertion)
/// that `leaf` rewrites and each repetition that `open` says to leave without an upper
/// bound; `None` when nothing changes. Only the branches that change are rebuilt.
fn rewrite(
    hir: &regex_syntax::hir::Hir,
    leaf: &dyn Fn(&regex_syntax::hir::Hir) -> Option<regex_syntax::hir::Hir>,
    open: &dyn Fn(&regex_syntax::hir::Repetition) -> bool,
) -> Option<regex_syntax::hir::Hir> {
    use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
    let all = |subs: &[Hir]| -> Option<Vec<Hir>> {
        let new: Vec<Option<Hir>> = subs.iter().map(|h| rewrite(h, leaf, open)).collect();
        new.iter().any(Option::is_some).then(|| {
            new.into_iter()
                .zip(subs)
                .map(|(n, h)| n.unwrap_or_else(|| h.clone()))
                .collect()
        })
    };
    match hir.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => leaf(hir),
        HirKind::Repetition(r) => {
            let opened = open(r);
            let sub = rewrite(&r.sub, leaf, open);
            if !opened && sub.is_none() {
                return None;
            }
            Some(Hir::repetition(Repetition {
                min: r.min,
                max: if opened { None } else { r.max },
                greedy: r.greedy,
                sub: Box::new(sub.unwrap_or_else(|| (*r.sub).clone())),
            }))
        }
        HirKind::Capture(c) => rewrite(&c.sub, leaf, open).map(|sub| {
            Hir::capture(Capture {
                index: c.index,
                name: c.name.clone(),
                sub: Box::new(sub),
            })
        }),
        HirKind::Concat(subs) => all(subs).map(Hir::concat),
        HirKind::Alternation(subs) => all(subs).map(Hir::alternation),
    }
}

/// A one-line description of why `pattern` does not parse, with the character it fails
/// at (regex's own message spans several lines with a caret drawing).
fn syntax_error(pattern: &str) -> String {
    let (what, offset) = match regex_syntax::Parser::new().parse(pattern) {
        Err(regex_syntax::Error::Parse(e)) => (e.kind().to_string(), e.span().start.offset),
        Err(regex_syntax::Error::Translate(e)) => (e.kind().to_string(), e.span().start.offset),
        _ => ("not a valid pattern".to_string(), 0),
    };
    let at = pattern[..offset.min(pattern.len())].chars().count() + 1;
    format!("invalid regex: {what} (at character {at} of the pattern)")
}

/// What a match means for the rule that owns the phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Role {
    /// A finding of a turn-level rule (after modifiers).
    Match,
    /// Makes a `Match` inside it fine.
    Exception,
    /// Makes a `Match` in the same sentence fine.
    Unless,
    /// A `respond` trigger.
    Trigger,
    /// What a `respond` or `required` rule expects.
    Expect,
    /// A phrase a `metric` rule counts.
    Count,
    /// A vocabulary term from the configuration (not tied to a rule).
    Allowed,
    /// A gate string of a regex (its `rule` field is the regex's index): the regex runs
    /// only on turns where one of its gate strings occurs. See [`super::gate`].
    Gate,
}

impl Role {
    /// Roles whose matches are reported to the engine.
    fn is_reported(self) -> bool {
        !matches!(
            self,
            Role::Exception | Role::Unless | Role::Allowed | Role::Gate
        )
    }
}

/// A rule that uses an automaton pattern, and in which role.
#[derive(Debug, Clone, Copy)]
struct Use {
    rule: u32,
    role: Role,
}

/// One match of a rule in a turn, in original-text byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub rule: u32,
    pub role: Role,
    pub start: usize,
    pub end: usize,
}

/// Per-rule settings the matcher applies after finding raw matches (from the modifiers).
#[derive(Debug, Default)]
struct RuleMods {
    exceptions: bool,
    unless: bool,
    unless_re: Vec<std::sync::Arc<LazyRegex>>,
    unless_turn_re: Vec<std::sync::Arc<LazyRegex>>,
    negation: bool,
    quoted: bool,
    trigger_negation: bool,
    /// Jargon and idiom rules: matches inside a vocabulary term are fine.
    vocabulary: bool,
}

/// The rule index used for vocabulary terms.
const NO_RULE: u32 = u32::MAX;

/// The compiled matchers of every rule.
#[derive(Debug)]
pub(crate) struct TurnMatcher {
    automaton: Option<AhoCorasick>,
    /// The automaton's alphabet: every byte its patterns use, numbered from 1 in byte
    /// order; every other byte is 0 (see [`compact_alphabet`]).
    alphabet: Box<[u8; 256]>,
    /// For each automaton pattern, the rules that use it.
    uses: Vec<Vec<Use>>,
    regexes: Vec<CompiledRegex>,
    mods: Vec<RuleMods>,
}

/// A regex of a rule. A regex with a gate runs only on turns where every clause of its
/// gate was found: bit k of `gate` is clause k.
#[derive(Debug)]
struct CompiledRegex {
    rule: u32,
    role: Role,
    regex: std::sync::Arc<LazyRegex>,
    gate: u8,
}

/// Per-thread buffers reused across turns.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    folded: Folded,
    /// The folded text in the automaton's alphabet.
    coded: Vec<u8>,
    raw: Vec<Hit>,
    exceptions: Vec<(u32, usize, usize)>,
    unless: Vec<(u32, usize, usize)>,
    allowed: Vec<(usize, usize)>,
    /// Per regex: the gate clauses found in the current turn (bit k: clause k).
    gates_found: Vec<u8>,
    /// The current turn's sentences, indexed when a modifier first needs them.
    sentences: Sentences,
    sentences_ready: bool,
    /// The last `unless-pattern` answer: (rule, sentence start, sentence end, matched).
    /// Matches in one sentence share it.
    unless_answer: Option<(u32, usize, usize, bool)>,
    /// The `unless-turn-pattern` answers for the current turn, by rule: the same for every
    /// match of the rule in the turn (asked per match, a turn of one 1 MB line with
    /// thousands of matches read the whole turn for each).
    unless_turn: Vec<(u32, bool)>,
}

impl Scratch {
    /// The sentence index of `text`, built on first use for the current turn.
    fn sentences(&mut self, text: &str) -> &Sentences {
        if !self.sentences_ready {
            self.sentences.index(text);
            self.sentences_ready = true;
        }
        &self.sentences
    }
}

/// Collects, rule by rule, what the one pass over each turn must find, then compiles it
/// into a [`TurnMatcher`].
#[derive(Debug, Default)]
pub(crate) struct MatcherBuilder {
    ids: HashMap<String, usize>,
    patterns: Vec<String>,
    uses: Vec<Vec<Use>>,
    regexes: Vec<CompiledRegex>,
    gates: Vec<(usize, Vec<Vec<String>>)>,
    mods: Vec<RuleMods>,
}

/// What one rule registers, through its kind's `Check::register`.
pub(crate) struct Registrar<'a> {
    rule: u32,
    builder: &'a mut MatcherBuilder,
    cache: &'a RegexCache,
}

impl Registrar<'_> {
    /// Finds `phrase` (whole words, case-insensitively) in the turns this rule reads for
    /// `role`.
    pub fn phrase(&mut self, phrase: &str, role: Role) {
        self.builder.add_phrase(phrase, self.rule, role);
    }

    /// Finds a regex in the turns this rule reads for `role`. The pattern was validated
    /// when the rule was loaded.
    pub fn regex(&mut self, pattern: &str, case_sensitive: bool, role: Role) {
        {
            let re = self.cache.lazy(pattern, case_sensitive);
            let gate = super::gate::gate(pattern, case_sensitive);
            let mask = gate.as_ref().map_or(0, |g| ((1u16 << g.len()) - 1) as u8);
            if let Some(g) = gate {
                self.builder.gates.push((self.builder.regexes.len(), g));
            }
            self.builder.regexes.push(CompiledRegex {
                rule: self.rule,
                role,
                regex: re,
                gate: mask,
            });
        }
    }

    /// Applies `exceptions`, `unless`, `unless-pattern` and `negation` to this rule's
    /// [`Role::Match`] matches.
    pub fn modifiers(&mut self, m: &super::modifiers::Modifiers) {
        for e in &m.exceptions {
            self.phrase(e, Role::Exception);
        }
        for u in &m.unless {
            self.phrase(u, Role::Unless);
        }
        let mods = &mut self.builder.mods[self.rule as usize];
        mods.exceptions = !m.exceptions.is_empty();
        mods.unless = !m.unless.is_empty();
        mods.unless_re = m
            .unless_pattern
            .iter()
            .map(|p| self.cache.lazy(p, false))
            .collect();
        mods.unless_turn_re = m
            .unless_turn_pattern
            .iter()
            .map(|p| self.cache.lazy(p, false))
            .collect();
        mods.negation = m.negation;
        mods.quoted = m.unless_quoted;
    }

    /// Ignores [`Role::Trigger`] matches with a negation just before them.
    pub fn negated_triggers_ignored(&mut self) {
        self.builder.mods[self.rule as usize].trigger_negation = true;
    }
}

impl MatcherBuilder {
    fn add_phrase(&mut self, phrase: &str, rule: u32, role: Role) {
        let folded = fold_phrase(phrase);
        if folded.is_empty() {
            return;
        }
        let idx = match self.ids.get(&folded) {
            Some(&i) => i,
            None => {
                self.ids.insert(folded.clone(), self.patterns.len());
                self.patterns.push(folded);
                self.uses.push(Vec::new());
                self.patterns.len() - 1
            }
        };
        let u = Use { rule, role };
        if !self.uses[idx]
            .iter()
            .any(|x| x.rule == u.rule && x.role == u.role)
        {
            self.uses[idx].push(u);
        }
    }

    /// Compiles the matchers of `rules` (rule indices are positions in `rules`) and the
    /// configured vocabulary.
    pub(crate) fn build(
        rules: &[Rule],
        vocabulary: &[String],
        cache: &RegexCache,
        quick_start: bool,
        live: Option<&[bool]>,
    ) -> TurnMatcher {
        let mut b = MatcherBuilder::default();
        for (i, rule) in rules.iter().enumerate() {
            b.mods.push(RuleMods {
                vocabulary: matches!(rule.category, Category::Jargon | Category::Idiom),
                ..RuleMods::default()
            });
            if live.is_some_and(|l| !l[i]) {
                continue;
            }
            rule.check().register(&mut Registrar {
                rule: i as u32,
                builder: &mut b,
                cache,
            });
        }
        let gates = std::mem::take(&mut b.gates);
        for (j, clauses) in &gates {
            for (k, strings) in clauses.iter().enumerate() {
                for s in strings {
                    // The use's `rule` holds the regex index and the clause.
                    b.add_phrase(s, ((*j << 3) | k) as u32, Role::Gate);
                }
            }
        }
        if b.mods.iter().any(|m| m.vocabulary) {
            for term in vocabulary {
                b.add_phrase(term, NO_RULE, Role::Allowed);
            }
        }
        let alphabet = compact_alphabet(&b.patterns);
        let coded: Vec<Vec<u8>> = b
            .patterns
            .iter()
            .map(|p| p.bytes().map(|c| alphabet[c as usize]).collect())
            .collect();
        let automaton = if b.patterns.is_empty() {
            None
        } else {
            // A DFA searches fastest for hundreds of patterns but takes the longest to
            // build (~60% of building a linter once the regexes are lazy); a contiguous
            // NFA is ready in half the time. Fall back to the default kind if the chosen
            // one would be too large.
            let kind = if quick_start {
                AhoCorasickKind::ContiguousNFA
            } else {
                AhoCorasickKind::DFA
            };
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(kind))
                .build(&coded)
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::Standard)
                        .build(&coded)
                })
                .ok()
        };
        TurnMatcher {
            automaton,
            alphabet,
            uses: b.uses,
            regexes: b.regexes,
            mods: b.mods,
        }
    }
}

/// The compact alphabet of `patterns`: each byte they use gets a code from 1 up, in byte
/// order, and every other byte 0.
///
/// Aho-Corasick's DFA gives each range of bytes that the patterns treat alike a column of
/// its transition table, and rounds the columns up to a power of two. The built-in
/// phrases use 58 bytes scattered over ASCII, so the ranges between them were columns of
/// their own: 128 a state, a 7.4 MB table. In the compact alphabet the bytes no pattern
/// uses are one column: 64 a state, half the table, for one table look-up a byte of the
/// folded text. Matches are found at the same offsets (the code is byte for byte).
fn compact_alphabet(patterns: &[String]) -> Box<[u8; 256]> {
    let mut used = [false; 256];
    for p in patterns {
        for b in p.bytes() {
            used[b as usize] = true;
        }
    }
    // UTF-8 never uses 13 of the 256 bytes (0xC0, 0xC1, 0xF5–0xFF), so the codes of the
    // used ones end at 243 at most.
    let mut alphabet = Box::new([0u8; 256]);
    let mut next = 1u8;
    for (b, code) in alphabet.iter_mut().enumerate() {
        if used[b] {
            *code = next;
            next += 1;
        }
    }
    alphabet
}

impl TurnMatcher {
    /// Number of distinct phrases in the automaton.
    pub(crate) fn phrase_count(&self) -> usize {
        self.uses.len()
    }

    /// Finds in `text` the matches of the rules for which `enabled(rule, role)` is true,
    /// and appends them to `out` sorted by (start, rule, role).
    pub(crate) fn find(
        &self,
        text: &str,
        enabled: &dyn Fn(u32, Role) -> bool,
        scratch: &mut Scratch,
        out: &mut Vec<Hit>,
    ) {
        let first = out.len();
        scratch.raw.clear();
        scratch.exceptions.clear();
        scratch.unless.clear();
        scratch.allowed.clear();
        scratch.gates_found.clear();
        scratch.gates_found.resize(self.regexes.len(), 0);
        scratch.sentences_ready = false;
        scratch.unless_answer = None;
        scratch.unless_turn.clear();
        if let Some(ac) = &self.automaton {
            scratch.folded.fold(text);
            let folded = &scratch.folded.text;
            let mut coded = std::mem::take(&mut scratch.coded);
            coded.clear();
            coded.extend(folded.bytes().map(|c| self.alphabet[c as usize]));
            for m in ac.find_overlapping_iter(&coded[..]) {
                let uses = &self.uses[m.pattern().as_usize()];
                let mut any = false;
                for u in uses {
                    if u.role == Role::Gate {
                        scratch.gates_found[(u.rule >> 3) as usize] |= 1 << (u.rule & 7);
                    } else if u.rule == NO_RULE || enabled(u.rule, u.role) {
                        any = true;
                    }
                }
                if !any {
                    continue;
                }
                let on = |u: &Use| {
                    u.role != Role::Gate && (u.rule == NO_RULE || enabled(u.rule, u.role))
                };
                if !has_word_boundaries(folded, m.start(), m.end()) {
                    continue;
                }
                let start = scratch.folded.original_offset(m.start());
                let end = scratch.folded.original_offset(m.end());
                for u in uses.iter().filter(|u| on(u)) {
                    match u.role {
                        Role::Allowed => scratch.allowed.push((start, end)),
                        Role::Exception => scratch.exceptions.push((u.rule, start, end)),
                        Role::Unless => scratch.unless.push((u.rule, start, end)),
                        role => scratch.raw.push(Hit {
                            rule: u.rule,
                            role,
                            start,
                            end,
                        }),
                    }
                }
            }
            scratch.coded = coded;
        }
        // The turn's `Chars`, found when the first regex runs (most turns run none).
        let mut chars = None;
        for (i, r) in self.regexes.iter().enumerate() {
            if scratch.gates_found[i] & r.gate != r.gate || !enabled(r.rule, r.role) {
                continue;
            }
            let Some(regex) = r.regex.get() else { continue };
            let chars = *chars.get_or_insert_with(|| Chars::of(text));
            for m in regex.find_iter_in(text, chars) {
                if m.start() < m.end() {
                    scratch.raw.push(Hit {
                        rule: r.rule,
                        role: r.role,
                        start: m.start(),
                        end: m.end(),
                    });
                }
            }
        }
        if scratch.raw.is_empty() {
            return;
        }
        // Per rule and role: drop matches cleared by a modifier, then keep leftmost-longest
        // non-overlapping matches.
        scratch
            .raw
            .sort_unstable_by_key(|h| (h.rule, h.role, h.start, std::cmp::Reverse(h.end)));
        let mut last: Option<(u32, Role, usize)> = None;
        let raw = std::mem::take(&mut scratch.raw);
        for &hit in &raw {
            debug_assert!(hit.role.is_reported());
            if let Some((r, role, prev_end)) = last {
                if r == hit.rule && role == hit.role && hit.start < prev_end {
                    continue;
                }
            }
            if !self.keep(hit, text, scratch) {
                continue;
            }
            last = Some((hit.rule, hit.role, hit.end));
            out.push(hit);
        }
        scratch.raw = raw;
        out[first..].sort_unstable_by_key(|h| (h.start, h.rule, h.role));
    }

    /// Applies the rule's modifiers to one match.
    fn keep(&self, hit: Hit, text: &str, scratch: &mut Scratch) -> bool {
        let mods = &self.mods[hit.rule as usize];
        let (rule, start, end) = (hit.rule, hit.start, hit.end);
        match hit.role {
            Role::Trigger => {
                !(mods.trigger_negation
                    && is_negated_after(text, scratch.sentences(text).start(start), start))
            }
            Role::Match => {
                if mods.exceptions
                    && scratch
                        .exceptions
                        .iter()
                        .any(|&(r, s, e)| r == rule && s <= start && end <= e)
                {
                    return false;
                }
                if mods.negation
                    && is_negated_after(text, scratch.sentences(text).start(start), start)
                {
                    return false;
                }
                if mods.vocabulary && scratch.allowed.iter().any(|&(s, e)| s <= start && end <= e) {
                    return false;
                }
                if mods.quoted && super::modifiers::is_quoted(text, start, end) {
                    return false;
                }
                if !mods.unless_turn_re.is_empty() {
                    let matched = match scratch.unless_turn.iter().find(|(r, _)| *r == rule) {
                        Some(&(_, m)) => m,
                        None => {
                            let m = mods
                                .unless_turn_re
                                .iter()
                                .filter_map(|re| re.get())
                                .any(|re| re.is_match(text));
                            scratch.unless_turn.push((rule, m));
                            m
                        }
                    };
                    if matched {
                        return false;
                    }
                }
                if mods.unless || !mods.unless_re.is_empty() {
                    let sentences = scratch.sentences(text);
                    let (s, e) = (sentences.start(start), sentences.end(end));
                    if scratch
                        .unless
                        .iter()
                        .any(|&(r, us, ue)| r == rule && s <= us && ue <= e)
                    {
                        return false;
                    }
                    if !mods.unless_re.is_empty() {
                        let matched = match scratch.unless_answer {
                            Some((r, as_, ae, m)) if (r, as_, ae) == (rule, s, e) => m,
                            _ => mods
                                .unless_re
                                .iter()
                                .filter_map(|re| re.get())
                                .any(|re| re.is_match(&text[s..e])),
                        };
                        scratch.unless_answer = Some((rule, s, e, matched));
                        if matched {
                            return false;
                        }
                    }
                }
                true
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{compile_regex, with_open_gaps};

    /// The bytes the patterns use are numbered from 1 in byte order and every other byte
    /// is 0; all the bytes UTF-8 can hold fit.
    #[test]
    fn the_compact_alphabet_numbers_used_bytes() {
        let a = super::compact_alphabet(&["b-a".to_string(), "é!".to_string()]);
        let mut used: Vec<(u8, u8)> = (0..=255u8)
            .filter(|&b| a[b as usize] != 0)
            .map(|b| (b, a[b as usize]))
            .collect();
        used.sort_unstable();
        assert_eq!(
            used,
            [
                (b'!', 1),
                (b'-', 2),
                (b'a', 3),
                (b'b', 4),
                (0xa9, 5),
                (0xc3, 6)
            ]
        );
        // Every byte UTF-8 can hold: 243 codes, none 0.
        let every: String = (0..=0x10FFFFu32)
            .step_by(61)
            .chain([0x80, 0xBF, 0x7FF, 0xFFFF, 0x10000, 0x10FFFF])
            .chain(0..0x800)
            .filter_map(char::from_u32)
            .collect();
        let a = super::compact_alphabet(&[every]);
        let codes: std::collections::BTreeSet<u8> = a.iter().copied().collect();
        assert_eq!(codes.len(), 244, "243 codes and 0");
        assert_eq!(codes.last(), Some(&243));
    }

    /// The table of precomputed gates (`gate/table.rs`) holds every regex of the built-in
    /// packs with the gate [`super::super::gate::derive`] gives it now: a stale entry
    /// would give a regex a wrong gate. `CARELINT_BLESS=1` rewrites the table.
    #[test]
    fn built_in_gates_are_current() {
        let cache = super::RegexCache::default();
        let mut rules = Vec::new();
        for source in crate::builtin::sources() {
            let (loaded, errors) = super::super::load::load_pack(&source, &cache);
            assert!(errors.is_empty(), "{}: {errors:?}", source.name);
            rules.extend(loaded);
        }
        let matcher = super::MatcherBuilder::build(&rules, &[], &cache, true, None);
        let mut patterns: Vec<(String, bool)> = matcher
            .regexes
            .iter()
            .map(|r| (r.regex.pattern.clone(), r.regex.case_sensitive))
            .collect();
        patterns.sort();
        patterns.dedup();
        assert!(patterns.len() > 20, "{} built-in regexes", patterns.len());
        let want = super::super::gate::render_table(&patterns);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules/gate/table.rs");
        let have = std::fs::read_to_string(path).unwrap_or_default();
        if have != want {
            if std::env::var_os("CARELINT_BLESS").is_some() {
                std::fs::write(path, &want).unwrap();
            } else {
                panic!(
                    "{path} is stale: a built-in regex or the gate derivation changed. \
                     Regenerate it with \
                     `CARELINT_BLESS=1 cargo test -p carelint --lib built_in_gates_are_current`"
                );
            }
        }
    }

    /// The regex with its relaxed twin for text that is not ASCII finds what the `regex`
    /// crate finds, word boundaries next to non-ASCII letters and punctuation included.
    #[test]
    fn regexes_with_unicode_word_boundaries_match_like_the_regex_crate() {
        let patterns = [
            r"\bINR\b",
            r"\bve\b",
            r"\bcaf\w*\b",
            r"\b(?:call|email)\s+you\b[^.!?\n]{0,20}?\b\d{1,2}\s*(?:am|pm)\b",
            r"\bdon['’]t\b",
            r"\bé\w+",
            r"\B\w\b",
            r"naïve",
            // every kind of word-boundary assertion, next to characters outside ASCII
            r"\B",
            r"\b",
            r"\b{start}ve\b{end}",
            r"\b{start-half}INR\b{end-half}",
            r"\w+\B",
            r"[^.!?]{0,3}\bINR\b[^.!?]{0,3}",
        ];
        let texts = [
            "Prix: 5 INR — merci",
            "ÉINR is not a currency",
            "the naïve approach",
            "un café, s’il vous plaît",
            "We’ll call you — tomorrow at 9 am — OK?",
            "I don’t know",
            "école élémentaire",
            "plain ascii text at 9 am",
            "",
            "é",
            // only punctuation and symbols outside ASCII: the ASCII-boundary twin answers
            "I don’t know — call you at 9 am 😡 ₹500 INR",
            "“INR”, «ve» and café’s",
            "don’t—ve—INR",
            // word characters outside ASCII that fold to ASCII letters (Kelvin sign, long s)
            "\u{212A}INR and ſve",
            "INR\u{212A} ve\u{17F}",
            "a—b ve—INR—ve",
            "x’y “ve” 😡INR😡",
        ];
        for p in patterns {
            answers_like_the_regex_crate(p, &texts);
        }
        // The ASCII-boundary twin answers for text whose only non-ASCII characters are
        // not word characters, and is not even built for text with a non-ASCII letter.
        let twin_built = |re: &super::Regex| {
            re.word_twins
                .as_ref()
                .is_some_and(|t| t.ascii.get().is_some_and(Option::is_some))
        };
        let re = compile_regex(r"\bINR\b", false).unwrap();
        for _ in 0..super::ASCII_TWIN_AFTER {
            assert!(re.is_match("₹500 INR — ok"));
        }
        assert!(
            !twin_built(&re),
            "built only after ASCII_TWIN_AFTER searches"
        );
        assert!(re.is_match("₹500 INR — ok"));
        assert!(twin_built(&re));
        assert!(!re.is_match("₹500 INRs — ok"));
        let re = compile_regex(r"\bINR\b", false).unwrap();
        assert!(!re.is_match("éINR — ok"));
        assert!(!twin_built(&re));
    }

    /// Asserts that the compiled `p` finds, matches and matches at the start of each text
    /// exactly as the `regex` crate does (case-insensitive, as rule patterns are).
    /// With the ASCII-boundary twin forced (`waited` past the threshold), the twin answers
    /// every text it may answer, from the first search.
    fn answers_like_the_regex_crate(p: &str, texts: &[&str]) {
        for forced in [false, true] {
            let ours = compile_regex(p, false).unwrap();
            if forced {
                if let Some(twin) = &ours.word_twins {
                    twin.waited.store(
                        super::ASCII_TWIN_AFTER,
                        std::sync::atomic::Ordering::Relaxed,
                    );
                }
            }
            answers_like(p, &ours, texts);
        }
    }

    fn answers_like(p: &str, ours: &super::Regex, texts: &[&str]) {
        let reference = regex::RegexBuilder::new(p)
            .case_insensitive(true)
            .build()
            .unwrap();
        for &t in texts {
            let want: Vec<(usize, usize)> = reference
                .find_iter(t)
                .map(|m| (m.start(), m.end()))
                .collect();
            let got: Vec<(usize, usize)> =
                ours.find_iter(t).map(|m| (m.start(), m.end())).collect();
            assert_eq!(got, want, "{p} on {t:?}");
            assert_eq!(ours.is_match(t), reference.is_match(t), "{p} on {t:?}");
            let anchored = reference.find(t).is_some_and(|m| m.start() == 0);
            assert_eq!(
                ours.is_match_at_start(t),
                anchored,
                "{p} at the start of {t:?}"
            );
        }
    }

    /// A pattern with a wide counted gap answers as the `regex` crate does with its
    /// open-gap twin asked first: where the twin matches and the pattern does not (the
    /// gap too long), where both match, where neither does, and on text that is not
    /// ASCII (the twin's DFA gives up there and the pattern decides).
    #[test]
    fn the_open_gap_twin_changes_no_answer() {
        let p = r"\b(?:call you|email you)\b[^.!?\n]{0,20}?\b\d{1,2}\s*(?:am|pm)\b";
        let ours = compile_regex(p, false).unwrap();
        // The twin builds (its DFA reads `\b` on ASCII text) and rules a turn out: were it
        // to fail to build, every answer would still be right and the saving gone.
        assert!(ours.open_gaps.is_some());
        assert!(!ours.gaps_may_match(&regex_automata::Input::new("nothing here")));
        assert!(!ours.gaps_may_match(&regex_automata::Input::new("call you. at 9 am")));
        assert!(ours.gaps_may_match(&regex_automata::Input::new(
            "call you when the courier has written back to us, at 9 am"
        )));
        // Outside ASCII the twin with Unicode word boundaries gives up ("may match"); on
        // text whose characters outside ASCII are no word characters, the one with ASCII
        // boundaries answers, and rules the turn out.
        let far = "We’ll call you — soon. At 9 am — OK?";
        assert_eq!(super::Chars::of(far), super::Chars::NoWordOutsideAscii);
        assert!(ours.gaps_may_match(&regex_automata::Input::new(far)));
        assert!(
            !ours.gaps_may_match_in(&regex_automata::Input::new(far), || {
                super::Chars::of(far)
            })
        );
        // Asking whether it matches such a text compiles none of the pattern's own
        // automata (without its word boundaries, the pattern would match here).
        let near = "We’ll recall you — at 9 am";
        let lazy = super::parse_regex(p, false).unwrap();
        assert!(!lazy.is_match(near));
        assert!(lazy.own.re.get().is_none() && lazy.own.forward.get().is_none());
        answers_like_the_regex_crate(
            p,
            &[
                "We will call you tomorrow at 9 am.",
                "We will call you as soon as the courier has written back to us, at 9 am.",
                "We will call you. At 9 am.",
                "Email you at 5pm, call you at 6 pm",
                "call you at 9 am",
                "We’ll call you — tomorrow at 9 am — OK?",
                "call you à 9 am",
                "We’ll call you — soon. At 9 am — OK?",
                "We’ll recall you — at 9 am",
                "We’ll call you — it may be tomorrow, it may be Monday — at 9 am",
                "₹500 refunded; we’ll call you at 9 am ₹",
                "café: call you at 9 am",
                "nothing here",
                "",
            ],
        );
    }

    /// The forward DFA's caches are shared between threads (a search takes one and gives
    /// it back): threads asking at once about the same pattern get the regex crate's
    /// answers, and the caches kept are no more than the threads that searched at once.
    #[test]
    fn threads_share_the_forward_dfas_caches() {
        let p = r"\b(?:ok|fine)\b[^.!?]{0,40}\bthanks\b";
        let texts = [
            "ok, thanks",
            "fine, I guess. thanks",
            "fine and thanks",
            "okay thanks",
            "it is fine thanks a lot",
            "FINE THANKS",
        ];
        let reference = regex::Regex::new(&format!("(?i){p}")).unwrap();
        let ours = super::parse_regex(p, false).unwrap();
        std::thread::scope(|scope| {
            for t in 0..4 {
                let (ours, reference, texts) = (&ours, &reference, &texts);
                scope.spawn(move || {
                    for i in 0..2_000 {
                        let text = texts[(i + t) % texts.len()];
                        assert_eq!(ours.is_match(text), reference.is_match(text), "{text:?}");
                    }
                });
            }
        });
        // ASCII text: the ASCII twin's forward DFA answered.
        let forward = ours
            .ascii_twin()
            .and_then(super::Automata::forward)
            .expect("the ASCII twin's forward DFA");
        let kept = forward.caches.lock().unwrap().len();
        assert!((1..=4).contains(&kept), "{kept} caches kept");
    }

    /// Asking whether a pattern matches builds only its forward DFA on text the DFA can
    /// read, and the answers are the `regex` crate's on any text: with and without
    /// Unicode word boundaries, anchored at the start or not, multi-line anchors, text
    /// that is not ASCII (where the DFA of a pattern with `\b` gives up and the meta regex
    /// answers).
    #[test]
    fn asking_whether_it_matches_compiles_only_a_forward_dfa() {
        let p = r"\b(?:ok|fine)\b.*\bthanks\b";
        answers_like_the_regex_crate(
            p,
            &[
                "ok, thanks",
                "OK THANKS",
                "fine... thanks!",
                "okay thanks",
                "ok, thanks, café",
                "ok — thanks",
                "é ok thanks",
                "ok thanksé",
                "",
            ],
        );
        for p in [
            r"(?m:^)\s*(?:bye|ciao)\s*$",
            r"bye|ciao",
            r"[^.!?]{0,30}\bbye",
        ] {
            answers_like_the_regex_crate(
                p,
                &["bye", "ok\n bye ", "Ciao, à bientôt", "byebye", "au revoir"],
            );
        }
        // Parsed only, on empty matches, line ends, CRLF and a wide gap: the forward DFA's
        // answers are the regex crate's.
        for p in [
            r"a*",
            r"^$",
            r"\z",
            r"(?m)x$",
            r"x$",
            r"(?m)^\s*bye\s*$",
            r"\bbye\b[^.!?\n]{0,60}?\bnow\b",
        ] {
            answers_like(
                p,
                &super::parse_regex(p, false).unwrap(),
                &[
                    "",
                    "\n",
                    "x\n",
                    "x\r\n",
                    "é",
                    "bye\r\n",
                    "ok\nbye\n",
                    "bye, see you now",
                    "bye… now",
                ],
            );
        }
        // Parsed only: an answer on ASCII text leaves the meta regex uncompiled.
        let lazy = super::parse_regex(r"\b(?:ok|fine)\b", false).unwrap();
        assert!(lazy.is_match("it is fine"));
        assert!(!lazy.is_match("it is finer"));
        assert!(lazy.is_match_at_start("ok then"));
        assert!(!lazy.is_match_at_start("then ok"));
        assert!(lazy.own.re.get().is_none());
        // Text the DFA cannot read: the meta regex answers.
        assert!(lazy.is_match("c’est fine, merci"));
        assert!(!lazy.is_match("éok"));
        assert!(lazy.own.re.get().is_some());
    }

    /// The ASCII twin answers as the pattern does: on ASCII text (where it answers alone,
    /// the pattern's own automata never built) and on text that is not ASCII (where its
    /// DFA gives up at the first such byte, even one only read as a match's look-ahead:
    /// "caf" is no word of "café").
    #[test]
    fn the_ascii_twin_answers_as_the_pattern_does() {
        let texts = [
            "a kiss for the ksk team",
            "KISS ME, KATE",
            "café",
            "caf’ and cafe",
            "the caf, the café",
            "ſkiss \u{212A}iss",
            "long sentence without an end and then bye",
            "sure. bye",
            "naïve bye",
            "I’m sorry for that",
            "désolé",
            "sorry – but no",
            "",
        ];
        for p in [
            r"\bkiss\b",
            r"\bcaf\b",
            r"caf",
            r"caf\B",
            r"café|cafe",
            r"[^.!?]{0,30}\bbye\b",
            r"\w+\s+bye",
            r"(?-u:\w)+",
            r"s.",
            r"\bK",
            // anchored, with an element outside ASCII: the twin's DFA must not give up
            // on reaching it by dying before the byte that would quit it (review of
            // the change)
            r"I’m sorry",
            r"^désolé",
            r"\bsorry – but\b",
            r"^[^a-zé]",
        ] {
            answers_like(p, &super::parse_regex(p, false).unwrap(), &texts);
        }
        let lazy = super::parse_regex(r"\bkiss\b", false).unwrap();
        assert!(lazy.is_match("a kiss"));
        assert!(!lazy.is_match("kisses"));
        assert!(lazy.own.forward.get().is_none() && lazy.own.re.get().is_none());
        let twin = lazy.ascii_twin().unwrap();
        assert!(twin.forward.get().is_some_and(Option::is_some));
        // Outside ASCII the pattern's own automata answer: "\u{212A}" is a "K".
        assert!(lazy.is_match("a \u{212A}iss"));
        assert!(lazy.own.re.get().is_some_and(Option::is_some));
        // A pattern that reads ASCII only is its own twin.
        assert!(super::parse_regex(r"ok[0-9] now", true)
            .unwrap()
            .ascii_twin()
            .is_none());
    }

    /// Only counted repetitions much wider than their minimum are opened, anywhere in the
    /// pattern; a pattern without one gets no twin.
    #[test]
    fn wide_counts_are_opened() {
        let hir = |p: &str| regex_syntax::Parser::new().parse(p).unwrap();
        assert!(with_open_gaps(&hir(r"a\d{1,2}b")).is_none());
        assert!(with_open_gaps(&hir(r"a[^.]{2,4}b")).is_none());
        assert_eq!(
            with_open_gaps(&hir(r"a[^.]{0,60}?b")).unwrap(),
            hir(r"a[^.]*?b")
        );
        assert_eq!(
            with_open_gaps(&hir(r"(?:x|a(?:[^.]{1,30}c)+)")).unwrap(),
            hir(r"(?:x|a(?:[^.]{1,}c)+)")
        );
        assert!(compile_regex(r"a[^.]{0,60}?b", false)
            .unwrap()
            .open_gaps
            .is_some());
        assert!(compile_regex(r"a[^.]{0,6}?b", false)
            .unwrap()
            .open_gaps
            .is_none());
    }

    /// The relaxed twin is built only for a pattern with Unicode word boundaries.
    #[test]
    fn only_unicode_word_boundaries_get_a_relaxed_twin() {
        assert!(compile_regex(r"\bhello\b", false)
            .unwrap()
            .word_twins
            .is_some());
        assert!(compile_regex(r"hello", false).unwrap().word_twins.is_none());
        assert!(compile_regex(r"(?-u:\b)hello", false)
            .unwrap()
            .word_twins
            .is_none());
    }
}
