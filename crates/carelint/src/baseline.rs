//! Baselines: record today's findings, then report only new ones.
//!
//! `carelint check --write-baseline FILE` records the findings of a run; later runs with
//! `--baseline FILE` report (and fail on) only findings that are not in it. This lets a
//! team adopt carelint, or a new rule, without fixing every old template first.
//!
//! # What identifies a finding
//!
//! Entries must survive unrelated edits, so they are **not** keyed on line numbers. An
//! entry is the file's path (with `/` separators), the rule id, the transcript id when it
//! differs from the path, the matched text, and its **context**:
//!
//! - for a finding with a match: the sentence holding the match (up to 120 characters on
//!   each side of it, cut at words), whitespace collapsed;
//! - for a finding about a whole turn (no match): the first 40 characters of the source
//!   line the turn starts on, from the turn's first character;
//! - for a finding about a whole conversation: empty.
//!
//! When the source text is not available, or the match is not found at the finding's
//! position, the context is the match alone.
//!
//! A finding matches an entry with the same path, rule, transcript and matched text whose
//! context is the same, or — when no entry has the same context — **close**: one context
//! holds the other (a baseline written by an older carelint kept 20 characters around the
//! match), or they differ in at most 30% of their characters (normalised Levenshtein
//! similarity of at least 0.7; `strsim`). So:
//!
//! | edit | the finding |
//! | --- | --- |
//! | lines inserted or deleted elsewhere in the file | stays known |
//! | a word next to the match deleted or changed (“FYI, the RMA is ready” → “The RMA is ready”) | stays known |
//! | a typo fixed in its sentence | stays known |
//! | its sentence rewritten | is new |
//! | the matched text changed (“RMA” → “RMA number”) | is new |
//!
//! Exact matches are taken first, then close ones, within each source. Entries are
//! **counted**: if the baseline holds a key twice and the file now has it three times,
//! one of the three is new.
//!
//! # File format
//!
//! Pretty-printed JSON, entries sorted, one field per line, so that baselines diff well
//! in review:
//!
//! ```json
//! {
//!   "version": 1,
//!   "entries": [
//!     {
//!       "path": "templates/shipping.md",
//!       "rule": "jargon-business-abbreviations",
//!       "match": "SLA",
//!       "context": "FYI, the SLA for replacements is five days.",
//!       "count": 1
//!     }
//!   ]
//! }
//! ```
//!
//! # Example
//!
//! ```
//! use carelint::{Baseline, Format, Linter};
//!
//! let pack = r#"
//! - id: rma
//!   category: jargon
//!   severity: warning
//!   kind: phrases
//!   phrases: [RMA]
//!   message: "“{match}” is internal jargon"
//!   why: Customers do not know our abbreviations.
//! "#;
//! let linter = Linter::builder().default_rules(false).rules_str("p.yaml", pack).build()?;
//! let old = "Agent: I'll send the RMA today.\n";
//! let mut baseline = Baseline::new();
//! for d in linter.lint_text("chat.txt", old, Format::Plain)?.diagnostics {
//!     baseline.record(&d, Some(old));
//! }
//!
//! // A line added above the old finding: it moved, but it is not new.
//! let new = "Customer: Hello?\nAgent: I'll send the RMA today.\n";
//! let found = linter.lint_text("chat.txt", new, Format::Plain)?.diagnostics;
//! assert_eq!(found[0].line, 2);
//! let fresh = baseline.filter(found, Some(new));
//! assert!(fresh.is_empty());
//! # Ok::<(), carelint::Error>(())
//! ```

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::fix::byte_offset;

/// Version of the baseline file format written by [`Baseline::write_json`].
pub(crate) const BASELINE_VERSION: u32 = 1;

/// Characters of the match's sentence kept at most on each side of it.
const CONTEXT_CHARS: usize = 120;
/// The least normalised Levenshtein similarity of two contexts that match.
const CLOSE_ENOUGH: f64 = 0.7;
/// Candidates compared per finding that has no exact match (bounds the work when a file
/// has many findings of one rule with the same match).
const MAX_CANDIDATES: usize = 64;
/// Characters of a turn's first line kept for findings without a match.
const TURN_PREFIX_CHARS: usize = 40;

/// One recorded finding (or several identical ones, see [`Entry::count`]).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file, with `/` separators and no leading `./`.
    pub path: String,
    /// The rule id.
    pub rule: String,
    /// The transcript id, when it differs from the path (files holding many
    /// transcripts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
    /// The matched text, if the finding has one.
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    /// The text around the finding, whitespace collapsed (see the
    /// [module documentation](self)).
    #[serde(default)]
    pub context: String,
    /// How many findings share this key.
    pub count: usize,
}

impl Entry {
    /// The entry for one finding (with `count` 1). `source` is the text of the file the
    /// finding came from, if available.
    ///
    /// This is also the identity SARIF fingerprints are computed from.
    #[must_use]
    pub fn for_diagnostic(d: &Diagnostic, source: Option<&str>) -> Entry {
        let start = source.and_then(|text| byte_offset(text, d.line, d.column));
        Entry::located(d, source.zip(start))
    }

    /// [`Entry::for_diagnostic`] for every finding of one source, in time linear in the
    /// source plus the findings (one [`Entry::for_diagnostic`] each would scan the
    /// finding's line each time: quadratic on a long line with many findings).
    #[must_use]
    pub fn for_diagnostics(diags: &[Diagnostic], source: Option<&str>) -> Vec<Entry> {
        let starts = match source {
            Some(text) => {
                let positions: Vec<(usize, usize)> =
                    diags.iter().map(|d| (d.line, d.column)).collect();
                crate::fix::Offsets::new(text).resolve(&positions)
            }
            None => vec![None; diags.len()],
        };
        diags
            .iter()
            .zip(starts)
            .map(|(d, start)| Entry::located(d, source.zip(start)))
            .collect()
    }

    /// The entry of `d`, whose position is at byte `start` of the source `text`.
    fn located(d: &Diagnostic, at: Option<(&str, usize)>) -> Entry {
        Entry {
            path: normalize_path(&d.path),
            rule: d.rule.clone(),
            transcript: (d.transcript != d.path).then(|| d.transcript.clone()),
            matched: d.matched.clone(),
            context: context_of(d, at),
            count: 1,
        }
    }

    /// The map key of this entry, its strings shared through `strings` (without it,
    /// fresh ones: for a look-up).
    fn into_key(self, strings: Option<&mut Strings>) -> Key {
        match strings {
            Some(st) => (
                st.intern(self.path),
                st.intern(self.rule),
                self.transcript.map(|t| st.intern(t)),
                self.matched.map(|m| st.intern(m)),
                st.intern(self.context),
            ),
            None => (
                self.path.into(),
                self.rule.into(),
                self.transcript.map(Into::into),
                self.matched.map(Into::into),
                self.context.into(),
            ),
        }
    }
}

/// Text shared between entries: a large baseline repeats its rule ids, matches and
/// contexts (and each path once per finding), so each distinct string is kept once.
type Text = Arc<str>;

type Key = (Text, Text, Option<Text>, Option<Text>, Text);

/// The distinct strings of a baseline.
#[derive(Debug, Clone, Default)]
struct Strings(HashSet<Text>);

impl Strings {
    fn intern(&mut self, s: String) -> Text {
        if let Some(t) = self.0.get(s.as_str()) {
            return Arc::clone(t);
        }
        let t: Text = s.into();
        self.0.insert(Arc::clone(&t));
        t
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    count: usize,
    used: usize,
}

/// A set of recorded findings, counted.
///
/// Build one with [`Baseline::record`] and write it with [`Baseline::write_json`]; later
/// [`Baseline::load`] it and [`Baseline::filter`] each source's findings through it.
/// After all sources are filtered, [`Baseline::stale`] lists the entries nothing matched
/// (fixed findings, or files not linted this time).
#[derive(Clone, Default)]
pub struct Baseline {
    entries: BTreeMap<Key, Slot>,
    strings: Strings,
}

impl PartialEq for Baseline {
    fn eq(&self, other: &Baseline) -> bool {
        self.entries == other.entries
    }
}

impl Eq for Baseline {}

impl std::fmt::Debug for Baseline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Baseline")
            .field("entries", &self.entries)
            .finish()
    }
}

/// A baseline file being read: its entries go straight into the map, never into a list
/// of their own.
struct FileIn<'b>(&'b mut Baseline);

impl<'de> Visitor<'de> for FileIn<'_> {
    type Value = u32;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a carelint baseline: an object with `version` and `entries`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u32, A::Error> {
        let mut version = None;
        let mut entries = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "version" => version = Some(map.next_value::<u32>()?),
                "entries" => {
                    map.next_value_seed(EntriesIn(&mut *self.0))?;
                    entries = true;
                }
                other => {
                    return Err(de::Error::unknown_field(other, &["version", "entries"]));
                }
            }
        }
        if !entries {
            return Err(de::Error::missing_field("entries"));
        }
        version.ok_or_else(|| de::Error::missing_field("version"))
    }
}

/// The `entries` array of a baseline file, added to the map one by one.
struct EntriesIn<'b>(&'b mut Baseline);

impl<'de> DeserializeSeed<'de> for EntriesIn<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesIn<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of baseline entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(mut e) = seq.next_element::<Entry>()? {
            e.path = normalize_path(&e.path);
            let count = e.count;
            let key = e.into_key(Some(&mut self.0.strings));
            self.0.entries.entry(key).or_default().count += count;
        }
        Ok(())
    }
}

/// A baseline file for writing, borrowing the entries.
#[derive(Serialize)]
struct FileOut<'a> {
    version: u32,
    entries: EntriesOut<'a>,
}

/// The entries of a baseline as a JSON array, serialized straight from its map.
struct EntriesOut<'a>(&'a Baseline);

/// One entry, borrowed (same fields and order as [`Entry`]).
#[derive(Serialize)]
struct EntryOut<'a> {
    path: &'a str,
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    transcript: Option<&'a str>,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<&'a str>,
    context: &'a str,
    count: usize,
}

impl Serialize for EntriesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .entries
                .iter()
                .filter(|(_, slot)| slot.count > 0)
                .map(|(k, slot)| EntryOut {
                    path: &k.0,
                    rule: &k.1,
                    transcript: k.2.as_deref(),
                    matched: k.3.as_deref(),
                    context: &k.4,
                    count: slot.count,
                }),
        )
    }
}

impl Baseline {
    /// An empty baseline.
    #[must_use]
    pub fn new() -> Baseline {
        Baseline::default()
    }

    /// Adds one finding. `source` is the text of the file it came from (`None` when not
    /// available: the entry is then keyed on the match alone).
    pub fn record(&mut self, d: &Diagnostic, source: Option<&str>) {
        let key = Entry::for_diagnostic(d, source).into_key(Some(&mut self.strings));
        self.entries.entry(key).or_default().count += 1;
    }

    /// Adds every finding of one source.
    pub fn record_all(&mut self, diags: &[Diagnostic], source: Option<&str>) {
        for e in Entry::for_diagnostics(diags, source) {
            let key = e.into_key(Some(&mut self.strings));
            self.entries.entry(key).or_default().count += 1;
        }
    }

    /// Keeps only the findings not in the baseline, in their order, and marks the
    /// baseline entries that matched as used. `source` is the text of the file the
    /// findings came from, as for [`Baseline::record`].
    ///
    /// Each entry absorbs at most [`Entry::count`] findings over all calls.
    pub fn filter(&mut self, diags: Vec<Diagnostic>, source: Option<&str>) -> Vec<Diagnostic> {
        let entries = Entry::for_diagnostics(&diags, source);
        let keys: Vec<Key> = entries.into_iter().map(|e| e.into_key(None)).collect();
        // Exact matches first, so that a close match never takes an entry another
        // finding matches exactly.
        let mut known: Vec<bool> = keys
            .iter()
            .map(|key| match self.entries.get_mut(key) {
                Some(slot) if slot.used < slot.count => {
                    slot.used += 1;
                    true
                }
                _ => false,
            })
            .collect();
        for (i, key) in keys.iter().enumerate() {
            if !known[i] {
                known[i] = self.take_close(key);
            }
        }
        diags
            .into_iter()
            .zip(known)
            .filter(|(_, k)| !k)
            .map(|(d, _)| d)
            .collect()
    }

    /// Takes one unused count of the entry with the same path, rule, transcript and match
    /// as `key` whose context is closest to `key`'s, if one is close enough.
    fn take_close(&mut self, key: &Key) -> bool {
        let from: Key = (
            key.0.clone(),
            key.1.clone(),
            key.2.clone(),
            key.3.clone(),
            Text::from(""),
        );
        let same = |k: &Key| k.0 == key.0 && k.1 == key.1 && k.2 == key.2 && k.3 == key.3;
        let best = self
            .entries
            .range(from..)
            .take_while(|(k, _)| same(k))
            .filter(|(_, slot)| slot.used < slot.count)
            .take(MAX_CANDIDATES)
            .map(|(k, _)| (context_similarity(&k.4, &key.4), k))
            .filter(|(sim, _)| *sim >= CLOSE_ENOUGH)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k.clone());
        match best.and_then(|k| self.entries.get_mut(&k)) {
            Some(slot) => {
                slot.used += 1;
                true
            }
            None => false,
        }
    }

    /// The entries (or the part of their count) that no finding matched since the
    /// baseline was loaded or built, sorted. Call it after filtering every source.
    #[must_use]
    pub fn stale(&self) -> Vec<Entry> {
        self.iter_with(|s| s.count.saturating_sub(s.used))
    }

    /// Drops what [`Baseline::stale`] lists, keeping only entries that matched (for
    /// `--baseline-prune`, then [`Baseline::write_json`]). Usage counts are reset.
    pub fn prune(&mut self) {
        self.entries.retain(|_, s| {
            s.count = s.used.min(s.count);
            s.used = 0;
            s.count > 0
        });
    }

    /// Forgets which entries matched (before filtering a new run with the same baseline).
    pub fn reset_usage(&mut self) {
        self.entries.values_mut().for_each(|s| s.used = 0);
    }

    /// Every entry, sorted.
    #[must_use]
    pub fn entries(&self) -> Vec<Entry> {
        self.iter_with(|s| s.count)
    }

    /// Number of findings recorded (the sum of the entries' counts).
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.values().map(|s| s.count).sum()
    }

    /// Whether nothing is recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.values().all(|s| s.count == 0)
    }

    fn iter_with(&self, count: impl Fn(&Slot) -> usize) -> Vec<Entry> {
        self.entries
            .iter()
            .filter_map(|(k, s)| {
                let count = count(s);
                (count > 0).then(|| Entry {
                    path: k.0.to_string(),
                    rule: k.1.to_string(),
                    transcript: k.2.as_deref().map(str::to_string),
                    matched: k.3.as_deref().map(str::to_string),
                    context: k.4.to_string(),
                    count,
                })
            })
            .collect()
    }

    /// The baseline as JSON text (see the [module documentation](self) for the format).
    /// The same findings always give the same text.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out)
            .expect("writing to memory cannot fail");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// Writes the JSON text of [`Baseline::to_json`] to `out` entry by entry, without
    /// copying the entries or building the text in memory first (to save a baseline
    /// file, write into a temporary file and rename it over the old one).
    ///
    /// # Errors
    ///
    /// The errors of `out`.
    pub fn write_json(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        let file = FileOut {
            version: BASELINE_VERSION,
            entries: EntriesOut(self),
        };
        serde_json::to_writer_pretty(&mut out, &file)?;
        out.write_all(b"\n")?;
        out.flush()
    }

    /// Reads a baseline from JSON text. `name` is the file's path, for error messages.
    ///
    /// # Errors
    ///
    /// a parse error with line and column when the text is not a baseline of a
    /// version this library reads.
    pub fn from_json(text: &str, name: &str) -> Result<Baseline, Error> {
        let mut baseline = Baseline::new();
        let mut de = serde_json::Deserializer::from_str(text);
        let version = de::Deserializer::deserialize_map(&mut de, FileIn(&mut baseline))
            .and_then(|v| de.end().map(|()| v))
            .map_err(|e| {
                Error::parse(
                    name,
                    e.line().max(1),
                    e.column().max(1),
                    format!("not a carelint baseline: {e}"),
                )
            })?;
        if version != BASELINE_VERSION {
            return Err(Error::parse(
                name,
                1,
                1,
                format!(
                    "baseline version {version} is not supported (this carelint reads version {BASELINE_VERSION})"
                ),
            ));
        }
        Ok(baseline)
    }

    /// Reads a baseline file.
    ///
    /// # Errors
    ///
    /// an I/O error when the file cannot be read, a parse error when it is not a
    /// baseline.
    pub fn load(path: impl AsRef<Path>) -> Result<Baseline, Error> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = crate::source::read_text(path, crate::source::BASELINE_LIMIT, "baseline")?;
        Baseline::from_json(&text, &name)
    }
}

/// `/` separators, no leading `./`.
pub(crate) fn normalize_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut p = p.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.to_string()
}

/// How alike two contexts are, from 0 to 1: 1 when one holds the other, else the
/// normalised Levenshtein similarity of their characters.
fn context_similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    if a.contains(b) || b.contains(a) {
        return 1.0;
    }
    strsim::normalized_levenshtein(a, b)
}

/// Collapses runs of whitespace to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last [`CONTEXT_CHARS`] characters of `s`, without a word cut in half.
fn tail_words(s: &str) -> &str {
    let n = s.chars().count();
    if n <= CONTEXT_CHARS {
        return s;
    }
    let cut = s
        .char_indices()
        .nth(n - CONTEXT_CHARS)
        .map_or(0, |(i, _)| i);
    let kept = &s[cut..];
    if s[..cut].ends_with(char::is_whitespace) {
        kept
    } else {
        kept.find(char::is_whitespace).map_or("", |i| &kept[i..])
    }
}

/// The first [`CONTEXT_CHARS`] characters of `s`, without a word cut in half.
fn head_words(s: &str) -> &str {
    let Some((cut, _)) = s.char_indices().nth(CONTEXT_CHARS) else {
        return s;
    };
    let kept = &s[..cut];
    if s[cut..].starts_with(char::is_whitespace) {
        kept
    } else {
        kept.rfind(char::is_whitespace).map_or("", |i| &kept[..i])
    }
}

/// The squeezed text from byte `at` to the end of its line, as much as [`head_words`] (or
/// a turn's prefix) looks at: at most `max` characters.
fn squeezed_after(text: &str, at: usize, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut in_space = false;
    for c in text[at..].chars() {
        if c == '\n' || n >= max {
            break;
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                n += 1;
            }
            in_space = true;
        } else {
            out.push(c);
            n += 1;
            in_space = false;
        }
    }
    out
}

/// The text of the match's sentence before byte `at`: back to the end of the previous
/// sentence or the line's start, whitespace runs squeezed, at most `CONTEXT_CHARS + 1`
/// characters of it (read backwards, so the cost does not depend on the line's length).
fn sentence_before(text: &str, at: usize) -> String {
    let b = text.as_bytes();
    let mut rev = Vec::with_capacity(CONTEXT_CHARS + 1);
    let mut in_space = false;
    for (i, c) in text[..at].char_indices().rev() {
        if c == '\n' || rev.len() > CONTEXT_CHARS {
            break;
        }
        if matches!(c, '.' | '!' | '?')
            && i + 1 < at
            && b[i + 1].is_ascii_whitespace()
            && (c != '.' || crate::text::ends_sentence_at(b, i))
        {
            break;
        }
        if c.is_whitespace() {
            if !in_space {
                rev.push(' ');
            }
            in_space = true;
        } else {
            rev.push(c);
            in_space = false;
        }
    }
    rev.iter().rev().collect()
}

/// The text of the match's sentence after byte `at`: up to and including its end
/// (`.`, `!`, `?` before whitespace or the end) or the line's end, whitespace runs
/// squeezed, at most `CONTEXT_CHARS + 1` characters of it.
fn sentence_after(text: &str, at: usize) -> String {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut n = 0;
    let mut in_space = false;
    for (i, c) in text[at..].char_indices() {
        if c == '\n' || n > CONTEXT_CHARS {
            break;
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                n += 1;
            }
            in_space = true;
        } else {
            out.push(c);
            n += 1;
            in_space = false;
        }
        let ends = matches!(c, '.' | '!' | '?')
            && b.get(at + i + 1).is_none_or(u8::is_ascii_whitespace)
            && (c != '.' || crate::text::ends_sentence_at(b, at + i));
        if ends {
            break;
        }
    }
    out
}

/// The context of a finding (see the module documentation), given where it starts in the
/// source text. Reads a bounded window around the finding, never its whole line.
fn context_of(d: &Diagnostic, at: Option<(&str, usize)>) -> String {
    match (d.matched.as_deref(), at) {
        (Some(m), Some((text, start))) if text[start..].starts_with(m) && !m.is_empty() => {
            let end = start + m.len();
            let before = sentence_before(text, start);
            let after = sentence_after(text, end);
            collapse(&format!("{}{m}{}", tail_words(&before), head_words(&after)))
        }
        (Some(m), _) => collapse(m),
        (None, Some((text, start))) if d.turn.is_some() => {
            // `collapse` of the line from `start`, cut to TURN_PREFIX_CHARS: leading
            // whitespace dropped, runs squeezed, the end trimmed.
            let from = text[start..]
                .find(|c: char| c == '\n' || !c.is_whitespace())
                .map_or(text.len(), |i| start + i);
            squeezed_after(text, from, TURN_PREFIX_CHARS)
                .trim_end()
                .to_string()
        }
        (None, _) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(line: usize, column: usize, matched: Option<&str>) -> Diagnostic {
        let mut d = crate::fix::sample_diagnostic();
        d.path = "./a\\b.txt".into();
        d.transcript = "./a\\b.txt".into();
        d.turn = Some(0);
        d.speaker = Some(crate::Speaker::Agent);
        d.rule = "r".into();
        d.category = crate::Category::Jargon;
        d.severity = Severity::Warning;
        d.message = "m".into();
        d.line = line;
        d.column = column;
        d.span = None;
        d.matched = matched.map(Into::into);
        d.suggestion = None;
        d.end_line = 0;
        d.end_column = 0;
        d.transcript_index = 0;
        d
    }

    #[test]
    fn context_windows_and_normalises() {
        let text = "Agent:   I'll   email you the RMA number   today, promise, really and truly.\n";
        let e = Entry::for_diagnostic(&diag(1, 31, Some("RMA")), Some(text));
        assert_eq!(e.path, "a/b.txt");
        assert_eq!(e.transcript, None);
        assert_eq!(
            e.context,
            "Agent: I'll email you the RMA number today, promise, really and truly."
        );
        // Without the text, or at a wrong position: the match alone.
        assert_eq!(
            Entry::for_diagnostic(&diag(1, 31, Some("RMA")), None).context,
            "RMA"
        );
        assert_eq!(
            Entry::for_diagnostic(&diag(1, 2, Some("RMA")), Some(text)).context,
            "RMA"
        );
        // A turn-level finding: the start of the turn's line.
        let e = Entry::for_diagnostic(&diag(1, 10, None), Some(text));
        assert_eq!(e.context, "I'll email you the RMA number today, pro");
        // A conversation-level finding.
        let mut d = diag(1, 1, None);
        d.turn = None;
        assert_eq!(Entry::for_diagnostic(&d, Some(text)).context, "");
    }

    /// Which edits near a finding keep it known and which make it new.
    #[test]
    fn close_contexts_match_and_rewrites_do_not() {
        let base = "Hi Sam,\nFYI, the RMA for your kettle is ready. Thanks for waiting.\n";
        let rma = |text: &str| {
            let at = text.find("RMA").unwrap();
            let line = text[..at].matches('\n').count() + 1;
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            diag(line, text[line_start..at].chars().count() + 1, Some("RMA"))
        };
        let mut b = Baseline::new();
        b.record(&rma(base), Some(base));
        let known = |b: &mut Baseline, text: &str| {
            b.reset_usage();
            b.filter(vec![rma(text)], Some(text)).is_empty()
        };
        for kept in [
            base,
            "Hi Sam,\n\nWe are sorry.\nFYI, the RMA for your kettle is ready. Thanks for waiting.\n",
            "Hi Sam,\nThe RMA for your kettle is ready. Thanks for waiting.\n",
            "Hi Sam,\nFYI, the RMA for your kettle is ready now. Thanks!\n",
            "Hi Sam,\nFYI, the RMA for your kettel is ready. Thanks for waiting.\n",
        ] {
            assert!(known(&mut b, kept), "should stay known: {kept:?}");
        }
        for new in [
            "Hi Sam,\nWe created an RMA and a prepaid label, both attached below.\n",
            "Hi Sam,\nYour RMA was cancelled by the warehouse.\n",
        ] {
            assert!(!known(&mut b, new), "should be new: {new:?}");
        }
        // A baseline of an older carelint (20 characters of context) still matches.
        let old = r#"{"version": 1, "entries": [{"path": "a/b.txt", "rule": "r", "match": "RMA",
            "context": "FYI, the RMA for your kettle", "count": 1}]}"#;
        let mut b = Baseline::from_json(old, "b.json").unwrap();
        assert!(known(&mut b, base));
    }

    #[test]
    fn counts_absorb_and_stale() {
        let text = "x RMA\nx RMA\nx RMA\n";
        let mut b = Baseline::new();
        b.record(&diag(1, 3, Some("RMA")), Some(text));
        b.record(&diag(2, 3, Some("RMA")), Some(text));
        assert_eq!(b.len(), 2);
        let all = vec![
            diag(1, 3, Some("RMA")),
            diag(2, 3, Some("RMA")),
            diag(3, 3, Some("RMA")),
        ];
        let fresh = b.filter(all, Some(text));
        assert_eq!(fresh.len(), 1);
        assert_eq!(fresh[0].line, 3);
        assert!(b.stale().is_empty());
        b.reset_usage();
        let fresh = b.filter(vec![diag(1, 3, Some("RMA"))], Some(text));
        assert!(fresh.is_empty());
        let stale = b.stale();
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].count, 1);
        b.prune();
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn json_round_trip_is_stable() {
        let text = "x RMA\ny SLA\n";
        let mut b = Baseline::new();
        b.record(&diag(2, 3, Some("SLA")), Some(text));
        b.record(&diag(1, 3, Some("RMA")), Some(text));
        let json = b.to_json();
        assert_eq!(
            json,
            r#"{
  "version": 1,
  "entries": [
    {
      "path": "a/b.txt",
      "rule": "r",
      "match": "RMA",
      "context": "x RMA",
      "count": 1
    },
    {
      "path": "a/b.txt",
      "rule": "r",
      "match": "SLA",
      "context": "y SLA",
      "count": 1
    }
  ]
}
"#
        );
        let back = Baseline::from_json(&json, "b.json").unwrap();
        assert_eq!(back, b);
        assert_eq!(back.to_json(), json);
    }

    #[test]
    fn bad_files_are_positioned_errors() {
        let e = Baseline::from_json("{\n  \"version\": 1,\n  \"entries\": [1]\n}", "b.json")
            .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Parse);
        assert_eq!((e.path(), e.line()), (Some("b.json"), Some(3)));
        let e = Baseline::from_json(r#"{"version": 7, "entries": []}"#, "b.json").unwrap_err();
        assert!(e.to_string().contains("version 7"), "{e}");
        for bad in [
            r#"{"version": 1, "entries": [], "extra": 1}"#,
            r#"{"version": 1}"#,
            r#"{"entries": []}"#,
            r#"{"version": 1, "entries": []} trailing"#,
        ] {
            let e = Baseline::from_json(bad, "b.json").unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Parse, "{bad}");
        }
        let b = Baseline::from_json(
            r#"{"entries": [{"path": "./a.md", "rule": "r", "context": "c", "count": 2}], "version": 1}"#,
            "b.json",
        )
        .unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(b.entries()[0].path, "a.md");
        let e = Baseline::load("/nonexistent/carelint/baseline.json").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Io);
    }

    /// Collapses runs of whitespace to one space, keeping a space at either end.
    fn squeeze(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut in_space = false;
        for c in s.chars() {
            if c.is_whitespace() {
                if !in_space {
                    out.push(' ');
                }
                in_space = true;
            } else {
                out.push(c);
                in_space = false;
            }
        }
        out
    }

    /// The context computed from the whole line (the bounded window must give the same).
    fn context_reference(d: &Diagnostic, source: Option<&str>) -> String {
        let located = source.and_then(|text| Some((text, byte_offset(text, d.line, d.column)?)));
        let ends = |b: &[u8], i: usize, c: u8| {
            matches!(c, b'.' | b'!' | b'?') && (c != b'.' || crate::text::ends_sentence_at(b, i))
        };
        match (d.matched.as_deref(), located) {
            (Some(m), Some((text, start))) if text[start..].starts_with(m) && !m.is_empty() => {
                let end = start + m.len();
                let b = text.as_bytes();
                let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
                let from = (line_start..start)
                    .rev()
                    .find(|&i| i + 1 < start && b[i + 1].is_ascii_whitespace() && ends(b, i, b[i]))
                    .map_or(line_start, |i| i + 1);
                let to = (end..line_end)
                    .find(|&i| {
                        b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) && ends(b, i, b[i])
                    })
                    .map_or(line_end, |i| i + 1);
                let before = squeeze(&text[from..start]);
                let after = squeeze(&text[end..to]);
                collapse(&format!("{}{m}{}", tail_words(&before), head_words(&after)))
            }
            (Some(m), _) => collapse(m),
            (None, Some((text, start))) if d.turn.is_some() => {
                let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                let line: String = collapse(&text[start..line_end])
                    .chars()
                    .take(TURN_PREFIX_CHARS)
                    .collect();
                line.trim_end().to_string()
            }
            (None, _) => String::new(),
        }
    }

    proptest::proptest! {
        #[test]
        fn bounded_contexts_equal_whole_line_contexts(
            words in proptest::collection::vec("[a-c]{1,6}|[ \t]{1,30}|\r?\n|é|RMA", 0..60),
            pick in 0usize..1000,
            with_match in proptest::bool::ANY,
        ) {
            let text: String = words.concat();
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            if starts.is_empty() {
                return Ok(());
            }
            let start = starts[pick % starts.len()];
            let line = text[..start].matches('\n').count() + 1;
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..start].chars().count() + 1;
            let mut d = diag(line, column, None);
            if with_match {
                let m: String = text[start..].chars().take(3).collect();
                d.matched = Some(m);
            }
            let diags = [d.clone()];
            let batch = &Entry::for_diagnostics(&diags, Some(&text))[0];
            proptest::prop_assert_eq!(&batch.context, &context_reference(&d, Some(&text)));
            proptest::prop_assert_eq!(&Entry::for_diagnostic(&d, Some(&text)).context, &batch.context);
        }
    }
}
