//! What carelint understands about a conversation beyond its words, for any rule to use:
//!
//! - [`language`]: the language of each turn (English packs skip turns in other
//!   languages; the `reply-language` kind flags an agent answering in the wrong one);
//! - [`emotion`]: how distressed the customer sounds in a turn (`respond` triggers);
//! - [`state`]: how the conversation ended (`when: ended-by-agent`);
//! - [`echo`]: whether the agent repeats what the customer wrote (`unless-echo`);
//! - [`promise`]: what a promise promises, the agent's own action or an outcome that
//!   depends on others (`unless-own-action`, `only-outcome`);
//! - [`prose`]: which parts of a turn are prose, for sentence metrics;
//! - [`clauses`]: how many clauses a long sentence stacks (`metric`'s `min-clauses`);
//! - [`subject`]: what a follow-up is about (a refund, a delivery, a call), so that a firm
//!   time given earlier covers a later vague one for the same thing (`unless-earlier-turn`
//!   with `same-subject`).
//!
//! Everything is computed per transcript on first use, so rules that need none of it cost
//! nothing, and each turn is analysed at most once whatever the number of rules.

pub(crate) mod clauses;
pub(crate) mod echo;
pub(crate) mod emotion;
pub(crate) mod language;
pub(crate) mod promise;
pub(crate) mod prose;
pub(crate) mod state;
pub(crate) mod subject;

use std::cell::{OnceCell, RefCell};

use crate::text::fold_phrase;
use crate::transcript::{Speaker, Transcript, Turn};
use emotion::Distress;
use language::Lang;
use state::State;

/// The analyses of one transcript, made on first use.
pub(crate) struct Features<'t> {
    transcript: &'t Transcript,
    language: Vec<OnceCell<Lang>>,
    words: Vec<OnceCell<usize>>,
    distress: Vec<OnceCell<Distress>>,
    folded: Vec<OnceCell<String>>,
    /// The clock times of each turn ([`echo::clock_times`]), for `unless-echo`.
    clocks: Vec<OnceCell<Vec<u32>>>,
    sentences: Vec<OnceCell<Vec<prose::Sentence>>>,
    state: OnceCell<State>,
    spoken: OnceCell<bool>,
    /// Per folded term, per turn: where the term's first glossed occurrence in the turn
    /// ends, if it has one (see [`Features::is_explained`]).
    glossed: RefCell<rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<usize, Option<usize>>>>,
}

/// What one regex says of one turn, each part read on first use and kept for the
/// transcript by the caller (one memo per regex, shared by every rule and modifier that
/// uses it): however many matches ask, a turn is read at most once per regex.
#[derive(Debug, Clone, Default)]
pub(crate) struct TurnMemo {
    /// Whether the regex matches the turn.
    matches: Option<bool>,
    /// `same-subject`: the subjects of the turn's open commitments
    /// ([`subject::of_open_commitments`], a firm time being a match of the regex).
    open: Option<u8>,
    /// `same-subject`: whether a sentence of the turn gives a firm time it does not refuse.
    firm: Option<bool>,
    /// `same-subject`: the subjects of the sentences that give a firm time they do not
    /// refuse.
    firm_subjects: Option<u8>,
}

impl TurnMemo {
    /// Whether `re` matches `text` (this memo's turn).
    fn matches(&mut self, re: &crate::rules::matcher::Regex, text: &str) -> bool {
        *self.matches.get_or_insert_with(|| re.is_match(text))
    }
}

impl<'t> Features<'t> {
    pub fn new(transcript: &'t Transcript) -> Features<'t> {
        let n = transcript.turns.len();
        Features {
            transcript,
            language: vec![OnceCell::new(); n],
            words: vec![OnceCell::new(); n],
            distress: vec![OnceCell::new(); n],
            folded: vec![OnceCell::new(); n],
            clocks: vec![OnceCell::new(); n],
            sentences: vec![OnceCell::new(); n],
            state: OnceCell::new(),
            spoken: OnceCell::new(),
            glossed: RefCell::new(rustc_hash::FxHashMap::default()),
        }
    }

    /// The language of turn `i`.
    pub fn language(&self, i: usize) -> Lang {
        *self.language[i].get_or_init(|| language::detect(&self.transcript.turns[i].text))
    }

    /// The number of words (whitespace-separated tokens) of turn `i`.
    pub fn word_count(&self, i: usize) -> usize {
        *self.words[i].get_or_init(|| crate::text::word_count(&self.transcript.turns[i].text))
    }

    /// How distressed turn `i` sounds. Its contextual words ("bad", "lost", "idiot") count
    /// when the turn names a problem, or when the same speaker's previous turn (within the
    /// last three turns) did: "Order … was cancelled. Why?" then "It was a gift. Now I look
    /// like an idiot!". Reactions alone ("ugh", "damn", "terrible") count only once the
    /// speaker has named a problem in this turn or an earlier one: before that they are
    /// about the topic (a trivia answer, a hotel's rating).
    pub fn distress(&self, i: usize) -> Distress {
        let d = self.turn_distress(i);
        let speaker = &self.transcript.turns[i].speaker;
        if !d.problem
            && (d.score > 0.0 || d.in_context.0 > 0.0)
            && !(0..i).any(|k| {
                self.transcript.turns[k].speaker == *speaker && self.turn_distress(k).problem
            })
        {
            return Distress::default();
        }
        if d.complaint || d.in_context.0 <= d.score {
            return d;
        }
        let previous = (i.saturating_sub(3)..i)
            .rev()
            .find(|&k| self.transcript.turns[k].speaker == *speaker);
        if previous.is_some_and(|k| self.turn_distress(k).complaint) {
            Distress {
                score: d.in_context.0,
                cue: d.in_context.1,
                ..d
            }
        } else {
            d
        }
    }

    /// The distress of turn `i` read alone.
    fn turn_distress(&self, i: usize) -> Distress {
        *self.distress[i].get_or_init(|| emotion::distress(&self.transcript.turns[i].text))
    }

    /// The sentences of prose in turn `i` (shared by every sentence metric).
    pub fn sentences(&self, i: usize) -> &[prose::Sentence] {
        self.sentences[i].get_or_init(|| prose::sentences(&self.transcript.turns[i].text))
    }

    /// Whether the transcript is a call (timestamps or a voice channel) rather than
    /// writing.
    pub fn is_spoken(&self) -> bool {
        *self.spoken.get_or_init(|| {
            let t = self.transcript;
            t.turns.iter().any(|turn| turn.start.is_some())
                || t.channel.as_deref().is_some_and(|c| {
                    ["voice", "call", "phone"]
                        .iter()
                        .any(|v| c.eq_ignore_ascii_case(v))
                })
        })
    }

    /// How the conversation ended.
    pub fn state(&self) -> &State {
        self.state.get_or_init(|| state::of(self.transcript))
    }

    fn folded(&self, i: usize) -> &str {
        self.folded[i].get_or_init(|| fold_phrase(&self.transcript.turns[i].text))
    }

    /// The clock times of turn `i` ([`echo::clock_times`]).
    fn clock_times(&self, i: usize) -> &[u32] {
        self.clocks[i].get_or_init(|| echo::clock_times(&self.transcript.turns[i].text))
    }

    /// Whether the term at `start..end` of turn `i`, whose echo key is `key` (see
    /// [`echo::key`]; the caller computes it once for this and [`Features::is_echo`]), is
    /// explained: glossed where it stands, or glossed in one of the `window` turns before
    /// it (by either party), so that its later uses need no explanation. Clock times and
    /// masked ids are never "explained".
    pub fn is_explained(
        &self,
        i: usize,
        (start, end): (usize, usize),
        key: &echo::Key,
        window: usize,
    ) -> bool {
        let echo::Key::Phrase(needle, head) = key else {
            return false;
        };
        let turns = &self.transcript.turns;
        if echo::is_glossed(&turns[i].text, start, end) {
            return true;
        }
        // Earlier in the same turn ("the ARN (Acquirer Reference Number) … the ARN is
        // 12345"), then in the turns before; a term ending in a generic noun is explained
        // by a gloss of its head ("ARN (Acquirer Reference Number)" explains a later
        // "ARN number").
        let mut glossed = self.glossed.borrow_mut();
        [Some(needle), head.as_ref()]
            .into_iter()
            .flatten()
            .any(|term| {
                // Sparse: a match reads at most `window` turns, so a term is kept for the
                // turns read, not for every turn of a long conversation.
                if !glossed.contains_key(term) {
                    glossed.insert(term.clone(), rustc_hash::FxHashMap::default());
                }
                let Some(firsts) = glossed.get_mut(term) else {
                    return false;
                };
                let word = OnceCell::new();
                let mut glossed_before = |j: usize, upto: usize| {
                    self.glossed_before(j, upto, firsts, || {
                        word.get_or_init(|| echo::Word::new(term))
                    })
                };
                glossed_before(i, start)
                    || (i.saturating_sub(window)..i)
                        .rev()
                        .any(|j| glossed_before(j, turns[j].text.len()))
            })
    }

    /// Whether a folded term occurs glossed in turn `j` before byte `upto`. `firsts` holds,
    /// per turn, where the term's first glossed occurrence ends (if it has one); `word`
    /// gives the term's searcher, wanted only when turn `j` has not been read for it yet.
    ///
    /// Whether an occurrence is glossed does not depend on `upto`, so the turn is read
    /// once per term: where its first glossed occurrence ends is kept, and each match
    /// compares with it. Reading the turn up to each match instead made a turn with
    /// thousands of matches of one term (a 2 MB line) quadratic. Kept per term, then per
    /// turn, a match finds its term's answers with one look-up for all the turns it reads.
    fn glossed_before<'w>(
        &self,
        j: usize,
        upto: usize,
        firsts: &mut rustc_hash::FxHashMap<usize, Option<usize>>,
        word: impl FnOnce() -> &'w echo::Word<'w>,
    ) -> bool {
        let t = &self.transcript.turns[j].text;
        let folded = self.folded(j);
        // Folding keeps lengths for ASCII text; elsewhere, look in the original.
        if folded.len() != t.len() || folded.get(..upto).is_none() {
            return false;
        }
        let first_end = *firsts.entry(j).or_insert_with(|| {
            word()
                .find_in(folded)
                .find(|&(s, e)| echo::is_glossed(t, s, e))
                .map(|(_, e)| e)
        });
        first_end.is_some_and(|end| end <= upto)
    }

    /// Whether turn `i`, or the other party's turns it answers (those since the speaker's
    /// previous turn), match `topic`: what the exchange is about, for `when-topic`. Turns
    /// of neither party (system lines) are skipped; a first turn is judged alone. `memo`
    /// holds, per turn, whether it matches `topic` (filled on first use and kept across
    /// the matches of every rule with this topic), so each turn is read at most once per
    /// topic and transcript however many matches ask.
    pub fn is_on_topic(
        &self,
        i: usize,
        topic: &crate::rules::matcher::Regex,
        memo: &mut Vec<TurnMemo>,
    ) -> bool {
        self.matches_exchange(i, topic, memo, true)
    }

    /// Whether the other party's turns that turn `i` answers (those since the speaker's
    /// previous turn) match `re`, for `asked-for`: what the customer asked for. `memo`
    /// is kept as for [`Features::is_on_topic`].
    pub fn answers_turn_matching(
        &self,
        i: usize,
        re: &crate::rules::matcher::Regex,
        memo: &mut Vec<TurnMemo>,
    ) -> bool {
        self.matches_exchange(i, re, memo, false)
    }

    /// Turn `i` (when `own_turn` is set) or the other party's turns it answers match `re`.
    fn matches_exchange(
        &self,
        i: usize,
        re: &crate::rules::matcher::Regex,
        memo: &mut Vec<TurnMemo>,
        own_turn: bool,
    ) -> bool {
        let turns = &self.transcript.turns;
        memo.resize(turns.len(), TurnMemo::default());
        let mut matches = |j: usize| memo[j].matches(re, &turns[j].text);
        if own_turn && matches(i) {
            return true;
        }
        let own = &turns[i].speaker;
        turns[..i]
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, t)| matches!(t.speaker, Speaker::Agent | Speaker::Customer))
            .take_while(|(_, t)| t.speaker != *own)
            .any(|(j, _)| matches(j))
    }

    /// Whether any turn of the conversation (agent or customer) matches `re`, for
    /// `unless-conversation-pattern`.
    pub fn any_turn_matches(&self, re: &crate::rules::matcher::Regex) -> bool {
        self.transcript
            .turns
            .iter()
            .filter(|t| matches!(t.speaker, Speaker::Agent | Speaker::Customer))
            .any(|t| re.is_match(&t.text))
    }

    /// The last agent turn and the last customer turn matching `re` (in that order), for
    /// `unless-fulfilled`: one pass over the transcript per rule.
    pub fn last_turns_matching(&self, re: &crate::rules::matcher::Regex) -> [Option<usize>; 2] {
        let mut last = [None, None];
        for (i, t) in self.transcript.turns.iter().enumerate().rev() {
            let party = match t.speaker {
                Speaker::Agent => 0,
                Speaker::Customer => 1,
                _ => continue,
            };
            if last[party].is_none() && re.is_match(&t.text) {
                last[party] = Some(i);
                if last.iter().all(Option::is_some) {
                    break;
                }
            }
        }
        last
    }

    /// Whether one of the last `window.0` turns of turn `i`'s speaker before it matches
    /// `re` (or, when turn `i` is one of the speaker's last `window.1` turns of the
    /// conversation, one of the speaker's turns after it), for `unless-earlier-turn`.
    /// With `same_subject`, every earlier turn of the speaker is read, where one beyond
    /// the window (or any, for a match about a new thing) counts only when its firm time
    /// is for the same follow-up subject. `memo` holds, per turn, whether it matches and
    /// (with `same_subject`) what its sentences leave open and give times for (filled on
    /// first use and kept across the matches of every rule with this regex), so each turn
    /// is read at most once per regex and transcript however many matches ask.
    pub fn earlier_own_turn_matches(
        &self,
        i: usize,
        (window, last_turns): (usize, usize),
        same_subject: bool,
        re: &crate::rules::matcher::Regex,
        memo: &mut Vec<TurnMemo>,
    ) -> bool {
        let turns = &self.transcript.turns;
        memo.resize(turns.len(), TurnMemo::default());
        let own = &turns[i].speaker;
        let mine = |(_, t): &(usize, &Turn)| t.speaker == *own;
        // In the speaker's last turns, the later ones come first: they are read within
        // the window, as the last turns before the match are.
        // Counted only up to `last_turns`, so a match early in a long conversation does
        // not read to its end.
        let near_end = last_turns > 0
            && turns[i + 1..]
                .iter()
                .filter(|t| t.speaker == *own)
                .nth(last_turns - 1)
                .is_none();
        let later = turns
            .iter()
            .enumerate()
            .skip(i + 1)
            .filter(mine)
            .take(if near_end { last_turns } else { 0 })
            .map(|(j, t)| (true, j, t));
        let earlier = turns[..i]
            .iter()
            .enumerate()
            .rev()
            .filter(mine)
            .enumerate()
            .map(|(k, (j, t))| (k < window, j, t));
        let mut read = later.chain(earlier);
        if !same_subject {
            return read
                .take_while(|(within, _, _)| *within)
                .any(|(_, j, t)| memo[j].matches(re, &t.text));
        }
        // A sentence that gives a time it does not refuse ("I cannot guarantee delivery by
        // Friday" gives none).
        let firm = |s: &str| re.is_match(s) && !subject::refuses(s);
        read.any(|(within, j, t)| {
            if !memo[j].matches(re, &t.text) {
                return false;
            }
            // What the match's turn leaves open: the subjects of its open commitments
            // (found only once another turn has a firm time at all).
            let wanted = *memo[i].open.get_or_insert_with(|| {
                subject::of_open_commitments(&turns[i].text, |s| re.is_match(s))
            });
            let memo = &mut memo[j];
            // Within the window, the agent's own promise of a follow-up ("we will be in
            // touch", "I will call you soon") is covered by any firm time, as without
            // `same-subject`; otherwise a refund, a delivery, a call or an e-mail needs a
            // time given for the same subject.
            if within
                && (wanted == 0 || wanted & subject::OWN != 0)
                && *memo
                    .firm
                    .get_or_insert_with(|| subject::any_sentence(&t.text, firm))
            {
                return true;
            }
            // The time must be given for the subject in one sentence: "this will take 24-48
            // hours" about an investigation is no time for a re-delivery named in another
            // sentence of the same reply.
            let given = *memo
                .firm_subjects
                .get_or_insert_with(|| subject::of_sentences(&t.text, firm));
            // A time for a call is a time for an update too, not the other way round.
            let given = if given & subject::CALL != 0 {
                given | subject::FOLLOW_UP
            } else {
                given
            };
            wanted & given != 0
        })
    }

    /// Whether a match in turn `i` whose echo key is `key` (see [`echo::key`]) repeats what
    /// the other party wrote in the `window` turns before it.
    pub fn is_echo(&self, i: usize, key: &echo::Key, window: usize) -> bool {
        let turns = &self.transcript.turns;
        let own = &turns[i].speaker;
        let search = key.search();
        (i.saturating_sub(window)..i).rev().any(|j| {
            let t = &turns[j];
            t.speaker != *own
                && matches!(t.speaker, Speaker::Agent | Speaker::Customer)
                && search.found_in(|| self.clock_times(j), || self.folded(j))
        })
    }
}
