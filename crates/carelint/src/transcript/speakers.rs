//! Speaker roles for formats whose speakers are labels (`spk_0`, `Speaker 1`, `ch_0`, `0`,
//! a person's name) rather than roles, and the turn builder the speech-to-text readers share.
//!
//! Each distinct label gets a role, decided in this order (the first that applies wins):
//!
//! 1. [`ReadOptions::speaker_map`] (from `--speaker-map spk_0=agent` or configuration), and the
//!    plain-text label map, keys compared in lower case;
//! 2. the role the format states (Contact Lens `ParticipantRole`, Post-Call Analytics
//!    `SpeakerLabels`), or a label that is itself a role name (`Agent`, `caller`, `IVR`);
//! 3. for the labels still open, when no agent is known yet:
//!    - the speaker whose first turn contains an agent greeting ("thank you for calling",
//!      "thanks for calling", "how can I help", "how may I help", "this is `name` from",
//!      "you've reached", "welcome to", …; see [`agent_greeting`]) is the agent;
//!    - else, when exactly one of two speakers opens with a typical customer line
//!      ("I've been on hold", "I'm calling about", …), the other one is the agent;
//!    - else, in a recording split by channel (`ch_0`, `ch_1`), the channel
//!      [`ReadOptions::agent_channel`] (default `ch_0`) is the agent;
//!    - else the first speaker is the agent;
//! 4. then, when no customer is known yet, the first remaining speaker is the customer;
//! 5. any further speaker keeps its label ([`Speaker::Other`]); map it with `--speaker-map`.
//!
//! Every decision is recorded in [`Transcript::speakers`](super::Transcript::speakers) as a
//! [`SpeakerAssignment`] whose `how` says which step decided.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::time::{order_problem, seconds_problem};
use super::{ReadOptions, SourceSegment, Speaker, SpeakerAssignment, Transcript, Turn};
use crate::error::Error;

/// Phrases that mark an agent's opening turn, matched case-insensitively.
static AGENT_GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:thanks?(?: you)? for (?:calling|contacting|reaching(?: out(?: to)?)?|choosing|holding)|how (?:can|may|might) i (?:help|assist)|what can i (?:do|help you with)|this is [\p{L}'-]+(?: [\p{L}'-]+)? (?:from|with|at)\b|you(?:'ve| have) reached|you(?:'re| are) (?:speaking|through) (?:to|with)|welcome to|my name is [\p{L}'-]+(?:,)? (?:and )?(?:i(?:'m| am|'ll| will) be|from|with)\b)",
    )
    .expect("valid greeting regex")
});

/// Phrases that mark a customer's opening turn, matched case-insensitively.
static CUSTOMER_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:i've|i have) been (?:on hold|waiting)|i(?:'m| am) calling (?:about|because|to|regarding|for)|i(?:'m| am) (?:having (?:a |an |some )?(?:problem|issue|trouble))|i (?:need|want|would like|'d like) to (?:cancel|return|complain|speak|talk)|my (?:order|package|account|bill|card|router|internet) (?:is|has|hasn't|didn't|was|never))",
    )
    .expect("valid customer regex")
});

/// The agent greeting in `text`, if any (the matched phrase, as written): "thank you for
/// calling", "thanks for contacting", "how can I help", "how may I assist", "this is
/// Maria from", "you've reached", "you're speaking with", "welcome to", "my name is Maria
/// and I'll be", case-insensitively.
pub(crate) fn agent_greeting(text: &str) -> Option<&str> {
    AGENT_GREETING.find(text).map(|m| m.as_str())
}

/// The customer opening in `text`, if any.
fn customer_opening(text: &str) -> Option<&str> {
    CUSTOMER_OPENING.find(text).map(|m| m.as_str())
}

/// One piece of speech or text as a reader found it: a cue, a segment, an utterance, a row,
/// a phrase of words.
#[derive(Debug, Clone, Default)]
pub(crate) struct Piece {
    /// The speaker label in the source; `None` when the source has no speakers.
    pub label: Option<String>,
    /// The role the format states for this label, with a description for `how`.
    pub role: Option<(Speaker, String)>,
    /// The text (already decoded, CRLF normalised).
    pub text: String,
    /// Start time in seconds.
    pub start: Option<f64>,
    /// End time in seconds.
    pub end: Option<f64>,
    /// 1-based source line of the piece's start.
    pub line: usize,
    /// Positions of the text in the source; empty means (`line`, column 1).
    pub segments: Vec<SourceSegment>,
}

impl Piece {
    /// A piece with a label and text at a line.
    pub fn new(label: Option<String>, text: String, line: usize) -> Piece {
        Piece {
            label,
            text,
            line,
            ..Piece::default()
        }
    }
}

/// A transcript whose turns are still [`Piece`]s, as the readers of labelled sources build
/// it; [`Draft::finish`] checks the times and decides the roles.
pub(crate) struct Draft {
    /// The source's name, for errors.
    pub path: String,
    /// The transcript without turns (id, channel, metadata).
    pub transcript: Transcript,
    /// The pieces, in order.
    pub pieces: Vec<Piece>,
    /// Consecutive pieces of one label become one turn.
    pub merge: bool,
    /// The labels are recording channels (`ch_0`), which enables the agent-channel rule.
    pub channels: bool,
}

impl Draft {
    /// A draft of a conversation read from `path` (also its id), one turn per piece.
    pub fn new(path: &str) -> Draft {
        Draft {
            path: path.to_string(),
            transcript: Transcript::new(path, Vec::new()),
            pieces: Vec::new(),
            merge: false,
            channels: false,
        }
    }

    /// A draft of a speech-to-text result: channel `voice`, consecutive pieces of a
    /// speaker merge.
    pub fn speech(path: &str) -> Draft {
        let mut d = Draft::new(path);
        d.transcript.channel = Some("voice".to_string());
        d.merge = true;
        d
    }

    /// Checks every piece's times, then builds the turns with roles.
    ///
    /// # Errors
    ///
    /// A time out of range or a piece that ends before it starts, at the piece's text.
    pub fn finish(self, options: &ReadOptions) -> Result<Transcript, Error> {
        for p in &self.pieces {
            let problem = [p.start, p.end]
                .into_iter()
                .flatten()
                .find_map(seconds_problem)
                .or_else(|| order_problem(p.start, p.end));
            if let Some(problem) = problem {
                let (line, column) = p
                    .segments
                    .first()
                    .map_or((p.line.max(1), 1), |s| (s.line, s.column));
                return Err(Error::parse(&self.path, line, column, problem));
            }
        }
        let mut t = self.transcript;
        let (turns, speakers) = build_turns(self.pieces, self.merge, self.channels, options);
        t.turns = turns;
        t.speakers = speakers;
        Ok(t)
    }
}

/// Checks the times of words before they are grouped: a word that ends before it
/// starts is an error at the word.
pub(crate) fn check_word_times(words: &[Word], path: &str) -> Result<(), Error> {
    match words
        .iter()
        .find_map(|w| order_problem(w.start, w.end).map(|p| (w, p)))
    {
        Some((w, problem)) => Err(Error::parse(path, w.line, w.column, problem)),
        None => Ok(()),
    }
}

/// The label used for sources without speaker labels.
pub(crate) const UNLABELLED: &str = "speaker";

/// Turns a list of pieces into turns with roles.
///
/// With `merge`, consecutive pieces of the same label become one turn, their texts joined
/// with a space. `channels` says the labels are recording channels (`ch_0`), which enables
/// the agent-channel rule.
pub(crate) fn build_turns(
    pieces: Vec<Piece>,
    merge: bool,
    channels: bool,
    options: &ReadOptions,
) -> (Vec<Turn>, Vec<SpeakerAssignment>) {
    // Merge first: the greeting heuristic reads a speaker's whole first turn.
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if piece.text.trim().is_empty() {
            continue;
        }
        match merged.last_mut() {
            Some(last) if merge && last.label == piece.label => append(last, piece),
            _ => merged.push(piece),
        }
    }
    let roles = assign(&merged, channels, options);
    let assignments = if roles.iter().all(|r| r.label_is_role) {
        Vec::new()
    } else {
        roles
            .iter()
            .map(|r| SpeakerAssignment {
                label: r.label.clone(),
                speaker: r.speaker.clone(),
                how: r.how.clone(),
            })
            .collect()
    };
    let by_label: HashMap<&str, &Speaker> = roles
        .iter()
        .map(|r| (r.label.as_str(), &r.speaker))
        .collect();
    let turns = merged
        .into_iter()
        .map(|p| {
            let label = p.label.as_deref().unwrap_or(UNLABELLED);
            let speaker = by_label
                .get(label)
                .map_or_else(|| Speaker::Other(label.to_string()), |s| (*s).clone());
            Turn {
                speaker,
                text: p.text,
                start: p.start,
                end: p.end,
                line: p.line,
                segments: p.segments,
            }
        })
        .collect();
    (turns, assignments)
}

/// Appends `next` to `last` with a space, keeping source positions.
fn append(last: &mut Piece, next: Piece) {
    if last.segments.is_empty() {
        last.segments.push(SourceSegment {
            text_offset: 0,
            line: last.line,
            column: 1,
        });
    }
    if !last.text.is_empty() {
        last.text.push(' ');
    }
    let base = last.text.len();
    last.text.push_str(&next.text);
    if next.segments.is_empty() {
        last.segments.push(SourceSegment {
            text_offset: base,
            line: next.line,
            column: 1,
        });
    } else {
        last.segments
            .extend(next.segments.into_iter().map(|s| SourceSegment {
                text_offset: base + s.text_offset,
                ..s
            }));
    }
    if last.start.is_none() {
        last.start = next.start;
    }
    if next.end.is_some() {
        last.end = next.end;
    }
}

/// The role decided for one label.
struct Role {
    label: String,
    speaker: Speaker,
    how: String,
    label_is_role: bool,
}

/// The role a label has from configuration or by its own name, without heuristics.
///
/// Used by the readers whose labels are usually roles (canonical JSON, CSV).
pub(crate) fn configured_role(
    label: &str,
    options: &ReadOptions,
) -> Option<(Speaker, &'static str)> {
    if options.speaker_map.is_empty() && options.plain.labels.is_empty() {
        return None;
    }
    let key = label.trim().to_lowercase();
    if let Some(s) = options.speaker_map.get(&key) {
        return Some((s.clone(), "speaker-map"));
    }
    if let Some(s) = options.plain.labels.get(&key) {
        return Some((s.clone(), "speaker-label"));
    }
    None
}

/// Decides the role of every distinct label, in order of first appearance.
fn assign(pieces: &[Piece], channels: bool, options: &ReadOptions) -> Vec<Role> {
    let (mut roles, mut open) = stated_roles(pieces, options);
    if open.is_empty() {
        return roles;
    }
    let has =
        |roles: &[Role], s: &Speaker| roles.iter().any(|r| !r.how.is_empty() && &r.speaker == s);
    if !has(&roles, &Speaker::Agent) {
        let (i, how) = pick_agent(&roles, &open, channels, options);
        roles[i].speaker = Speaker::Agent;
        roles[i].how = how;
        open.retain(|(j, _)| *j != i);
    }
    if !has(&roles, &Speaker::Customer) {
        if let Some((i, _)) = open.first().copied() {
            roles[i].speaker = Speaker::Customer;
            roles[i].how = if roles.len() == 2 {
                "the other speaker".to_string()
            } else {
                "first speaker after the agent".to_string()
            };
            open.remove(0);
        }
    }
    for (i, _) in open {
        let label = &roles[i].label;
        let shown = if label.bytes().all(|b| b.is_ascii_digit()) {
            format!("speaker {label}")
        } else {
            label.clone()
        };
        roles[i].how = format!(
            "not assigned (more than two speakers); map it with `--speaker-map {}=agent`",
            label.to_lowercase()
        );
        roles[i].speaker = Speaker::Other(shown);
    }
    roles
}

/// The role of each distinct label from configuration, the format, or the label itself;
/// with the labels still open (index into the roles, first text), for the heuristics.
fn stated_roles<'p>(
    pieces: &'p [Piece],
    options: &ReadOptions,
) -> (Vec<Role>, Vec<(usize, &'p str)>) {
    let mut roles: Vec<Role> = Vec::new();
    let mut open: Vec<(usize, &str)> = Vec::new();
    for p in pieces {
        let label = p.label.as_deref().unwrap_or(UNLABELLED);
        if roles.iter().any(|r| r.label == label) {
            continue;
        }
        let mut role = Role {
            label: label.to_string(),
            speaker: Speaker::Other(label.to_string()),
            how: String::new(),
            label_is_role: false,
        };
        if let Some((s, how)) = configured_role(label, options) {
            role.speaker = s;
            role.how = how.to_string();
        } else if let Some((s, how)) = &p.role {
            role.speaker = s.clone();
            role.how = how.clone();
            role.label_is_role = Speaker::known_role(label).as_ref() == Some(s);
        } else if let Some(s) = Speaker::known_role(label) {
            role.speaker = s;
            role.how = "the label names the role".to_string();
            role.label_is_role = true;
        } else if p.label.is_none() {
            role.how = format!(
                "the source has no speaker labels; map them with `--speaker-map {UNLABELLED}=agent`"
            );
        } else {
            open.push((roles.len(), p.text.as_str()));
        }
        roles.push(role);
    }
    (roles, open)
}

/// Which open label is the agent, and why: a greeting in its first turn; else, of two,
/// the one that does not open like a customer; else the agent channel; else the first.
fn pick_agent(
    roles: &[Role],
    open: &[(usize, &str)],
    channels: bool,
    options: &ReadOptions,
) -> (usize, String) {
    if let Some((i, phrase)) = open
        .iter()
        .find_map(|(i, text)| agent_greeting(text).map(|g| (*i, g)))
    {
        return (
            i,
            format!("greeting \"{}\" in its first turn", phrase.to_lowercase()),
        );
    }
    if open.len() == 2 {
        let c: Vec<Option<&str>> = open.iter().map(|(_, t)| customer_opening(t)).collect();
        if let [Some(phrase), None] | [None, Some(phrase)] = c.as_slice() {
            let other = if c[0].is_some() { open[1].0 } else { open[0].0 };
            return (
                other,
                format!(
                    "the other speaker opens like a customer (\"{}\")",
                    phrase.to_lowercase()
                ),
            );
        }
    }
    if channels {
        let want = format!("ch_{}", options.agent_channel);
        if let Some((i, _)) = open
            .iter()
            .find(|(i, _)| roles[*i].label.eq_ignore_ascii_case(&want))
        {
            return (*i, format!("agent channel {want}"));
        }
    }
    (open[0].0, "first speaker".to_string())
}

/// A word or punctuation mark of a speech-to-text result, for the readers that rebuild
/// turns from words (Amazon Transcribe items, Deepgram words).
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub label: Option<String>,
    pub text: String,
    /// Punctuation that attaches to the previous word without a space.
    pub punctuation: bool,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub line: usize,
    pub column: usize,
}

/// Groups words into phrases (split at a label change or after a sentence end), orders the
/// phrases by start time (channels interleave), and returns them as pieces.
pub(crate) fn words_to_pieces(words: Vec<Word>) -> Vec<Piece> {
    let mut phrases: Vec<Piece> = Vec::new();
    // The phrase each label is still adding to, and the last phrase of each label.
    let mut open: Option<(Option<String>, usize)> = None;
    let mut last_of: HashMap<Option<String>, usize> = HashMap::new();
    for w in words {
        if w.punctuation {
            if let Some(&i) = last_of.get(&w.label) {
                phrases[i].text.push_str(&w.text);
                if ends_sentence(&w.text) && open.as_ref().is_some_and(|(_, j)| *j == i) {
                    open = None;
                }
                continue;
            }
        }
        let idx = match &open {
            Some((label, i)) if *label == w.label => *i,
            _ => {
                phrases.push(Piece {
                    label: w.label.clone(),
                    start: w.start,
                    line: w.line,
                    ..Piece::default()
                });
                let i = phrases.len() - 1;
                open = Some((w.label.clone(), i));
                last_of.insert(w.label.clone(), i);
                i
            }
        };
        let p = &mut phrases[idx];
        if !p.text.is_empty() && !w.punctuation {
            p.text.push(' ');
        }
        p.segments.push(SourceSegment {
            text_offset: p.text.len(),
            line: w.line,
            column: w.column,
        });
        p.text.push_str(&w.text);
        if p.start.is_none() {
            p.start = w.start;
        }
        if w.end.is_some() {
            p.end = w.end;
        }
        if ends_sentence(&w.text) {
            open = None;
        }
    }
    // Stable sort by start time; phrases without a time keep their place relative to the
    // previous one.
    let mut keyed: Vec<(f64, usize, Piece)> = Vec::with_capacity(phrases.len());
    let mut last = 0.0;
    for (i, p) in phrases.into_iter().enumerate() {
        let t = p.start.filter(|t| t.is_finite()).unwrap_or(last);
        last = t;
        keyed.push((t, i, p));
    }
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|(_, _, p)| p).collect()
}

/// Whether a word ends a sentence.
fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '?', '!', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greetings() {
        assert_eq!(
            agent_greeting("Hi, this is Maria from Acme."),
            Some("this is Maria from")
        );
        assert_eq!(agent_greeting("I have a problem with my bill."), None);
    }

    fn piece(label: &str, text: &str) -> Piece {
        Piece::new(Some(label.to_string()), text.to_string(), 1)
    }

    #[test]
    fn greeting_decides_the_agent() {
        let (turns, a) = build_turns(
            vec![
                piece("spk_0", "Hi, my modem is broken."),
                piece("spk_1", "Thank you for calling Acme, how can I help?"),
            ],
            true,
            false,
            &ReadOptions::default(),
        );
        assert_eq!(turns[0].speaker, Speaker::Customer);
        assert_eq!(turns[1].speaker, Speaker::Agent);
        assert_eq!(a[1].label, "spk_1");
        assert!(a[1].how.contains("thank you for calling"), "{a:?}");
        assert_eq!(a[0].how, "the other speaker");
    }

    #[test]
    fn speaker_map_wins_and_first_speaker_is_the_fallback() {
        let mut o = ReadOptions::default();
        o.speaker_map.insert("spk_1".into(), Speaker::Customer);
        let (turns, a) = build_turns(
            vec![
                piece("spk_0", "Hello"),
                piece("spk_1", "Thanks for calling"),
            ],
            true,
            false,
            &o,
        );
        assert_eq!(turns[1].speaker, Speaker::Customer);
        assert_eq!(a[1].how, "speaker-map");
        assert_eq!(turns[0].speaker, Speaker::Agent);
        assert_eq!(a[0].how, "first speaker");
    }

    #[test]
    fn agent_channel_and_customer_opening() {
        let pieces = vec![piece("ch_0", "Hello."), piece("ch_1", "Hi.")];
        let mut o = ReadOptions::default();
        let (turns, _) = build_turns(pieces.clone(), true, true, &o);
        assert_eq!(turns[0].speaker, Speaker::Agent);
        o.agent_channel = 1;
        let (turns, a) = build_turns(pieces, true, true, &o);
        assert_eq!(turns[1].speaker, Speaker::Agent);
        assert_eq!(a[1].how, "agent channel ch_1");
        let (turns, a) = build_turns(
            vec![
                piece("ch_0", "I've been on hold for an hour."),
                piece("ch_1", "Sorry."),
            ],
            true,
            true,
            &ReadOptions::default(),
        );
        assert_eq!(turns[1].speaker, Speaker::Agent, "{a:?}");
    }

    #[test]
    fn merging_keeps_positions_and_third_speakers_stay_labels() {
        let mut a = piece("0", "one");
        a.line = 3;
        let mut b = piece("0", "two");
        b.line = 7;
        let (turns, asg) = build_turns(
            vec![a, b, piece("1", "x"), piece("2", "y")],
            true,
            false,
            &ReadOptions::default(),
        );
        assert_eq!(turns[0].text, "one two");
        assert_eq!(turns[0].position(4), (7, 1));
        assert_eq!(turns[2].speaker, Speaker::Other("speaker 2".into()));
        assert!(asg[2].how.contains("--speaker-map 2=agent"));
    }

    #[test]
    fn role_labels_need_no_assignments() {
        let (turns, a) = build_turns(
            vec![piece("Agent", "Hi"), piece("Customer", "Hello")],
            true,
            false,
            &ReadOptions::default(),
        );
        assert!(a.is_empty());
        assert_eq!(turns[1].speaker, Speaker::Customer);
    }
}
