//! The plain-text reader: `Label: text` turns, optional timestamps, optional YAML front
//! matter, and reply templates (text without any speaker label).
//!
//! ```text
//! ---
//! id: call-0042
//! customer_name: Priya Natarajan
//! customer_timezone: Asia/Kolkata
//! ---
//! [00:00:02] Agent (Maria): Thank you for calling, this is Maria.
//! [00:00:05] Customer: Hi, my router keeps dropping the connection.
//!   It has happened three times today.
//! ```

use std::collections::{BTreeMap, HashMap};

use super::time::order_problem;
use super::{Metadata, SourceSegment, Speaker, Transcript, TranscriptKind, Turn};
use crate::error::Error;

/// Options for the plain-text reader.
#[derive(Debug, Clone, Default)]
pub struct PlainOptions {
    /// Extra label → role mappings (keys lowercase), checked before the built-in names.
    pub labels: HashMap<String, Speaker>,
    /// Force the transcript kind; `None` decides from front matter and labels.
    pub kind: Option<TranscriptKind>,
}

impl PlainOptions {
    /// The role of a label as [`parse_label`] returns it: already trimmed (it starts
    /// with a letter and ends before the whitespace ahead of its colon), so it is not
    /// trimmed again.
    fn role_of(&self, label: &str) -> Option<Speaker> {
        if !self.labels.is_empty() {
            if let Some(s) = self.labels.get(&label.to_lowercase()) {
                return Some(s.clone());
            }
        }
        Speaker::role_named(label)
    }
}

/// A line that starts a turn.
struct Labelled<'a> {
    label: &'a str,
    timestamp: Option<f64>,
    end: Option<f64>,
    /// Byte offset in the line where the turn's text starts.
    text_start: usize,
    /// Why the timestamp is not valid (`[00:99:99]`, an end before the start), with the
    /// byte offset of the timestamp in the line.
    time_problem: Option<(usize, String)>,
}

/// A timestamp at the start of a line.
struct Stamp {
    start: f64,
    end: Option<f64>,
    /// Bytes used.
    used: usize,
    /// Why it is not a valid time, if it is not.
    problem: Option<String>,
}

/// Parses a plain-text transcript or reply template.
///
/// `id` is used in error messages and is the transcript id unless front matter sets one.
///
/// # Errors
///
/// Malformed front matter (invalid YAML, a missing closing `---`, a value of the wrong
/// type) is an error with the line and column in the file.
pub fn parse(text: &str, id: &str, options: &PlainOptions) -> Result<Transcript, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut transcript = Transcript::new(id, Vec::new());
    let lines = split_lines(text);
    let (body_from, front_kind) = front_matter(&lines, id, &mut transcript)?;
    let body = &lines[body_from..];

    // First pass: find labelled lines. The text is a conversation when at least one
    // label names a known role (or the front matter says so).
    let labelled: Vec<Option<Labelled>> = body.iter().map(|(_, l)| parse_label(l)).collect();
    let has_role = labelled
        .iter()
        .flatten()
        .any(|l| options.role_of(l.label).is_some());
    let kind = options.kind.or(front_kind).unwrap_or(if has_role {
        TranscriptKind::Conversation
    } else {
        TranscriptKind::Template
    });
    transcript.kind = kind;
    if kind == TranscriptKind::Template || !labelled.iter().any(Option::is_some) {
        transcript.turns.extend(whole_body_turn(body));
    } else {
        transcript.turns = labelled_turns(body, labelled, id, options)?;
    }
    Ok(transcript)
}

/// The lines of `text` with their 1-based numbers, without their `\n` or `\r\n`; a final
/// newline ends the last line rather than starting an empty one.
///
/// The newlines are found with `memchr` (vectorised) and counted first, so the vector
/// is allocated once: `str::split` into a vector grown line by line took about twice
/// the instructions a line.
fn split_lines(text: &str) -> Vec<(usize, &str)> {
    let newlines = || memchr::memchr_iter(b'\n', text.as_bytes());
    let mut lines = Vec::with_capacity(newlines().count() + 1);
    let last_end = (!text.ends_with('\n')).then_some(text.len());
    let mut start = 0;
    for end in newlines().chain(last_end) {
        let line = &text[start..end];
        lines.push((lines.len() + 1, line.strip_suffix('\r').unwrap_or(line)));
        start = end + 1;
    }
    lines
}

/// Reads the YAML front matter, if the text starts with `---`, into the transcript;
/// returns the index of the first body line and the `kind` it names.
fn front_matter(
    lines: &[(usize, &str)],
    id: &str,
    transcript: &mut Transcript,
) -> Result<(usize, Option<TranscriptKind>), Error> {
    if lines.first().is_none_or(|(_, l)| l.trim_end() != "---") {
        return Ok((0, None));
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|(_, l)| matches!(l.trim_end(), "---" | "..."))
        .ok_or_else(|| {
            Error::parse(
                id,
                1,
                1,
                "front matter starts with `---` but has no closing `---` line",
            )
        })?
        + 1;
    let yaml: Vec<&str> = lines[1..close].iter().map(|(_, l)| *l).collect();
    let kind = apply_front_matter(&yaml.join("\n"), id, transcript)?;
    Ok((close + 1, kind))
}

/// The whole body as one agent turn (a reply template, or text without labels); `None`
/// for a blank body.
fn whole_body_turn(body: &[(usize, &str)]) -> Option<Turn> {
    let first = body.iter().position(|(_, l)| !l.trim().is_empty())?;
    let last = body.iter().rposition(|(_, l)| !l.trim().is_empty())?;
    let mut turn = Turn::new(Speaker::Agent, String::new());
    turn.line = body[first].0;
    for (n, (line_no, line)) in body[first..=last].iter().enumerate() {
        if n > 0 {
            turn.text.push('\n');
        }
        turn.segments.push(SourceSegment {
            text_offset: turn.text.len(),
            line: *line_no,
            column: 1,
        });
        turn.text.push_str(line.trim_end());
    }
    Some(turn)
}

/// The turns of a conversation: each labelled line starts a turn, other non-blank lines
/// continue it (text before the first label is a turn of its own, without a speaker).
///
/// # Errors
///
/// A labelled line whose timestamp is not valid, at the timestamp.
fn labelled_turns(
    body: &[(usize, &str)],
    labelled: Vec<Option<Labelled>>,
    id: &str,
    options: &PlainOptions,
) -> Result<Vec<Turn>, Error> {
    // One turn per labelled line, and perhaps one for text before the first: sized
    // once rather than grown (and moved) turn by turn.
    let mut turns: Vec<Turn> = Vec::with_capacity(labelled.iter().flatten().count() + 1);
    for ((line_no, line), label) in body.iter().zip(labelled) {
        if let Some(l) = label {
            if let Some((at, why)) = l.time_problem {
                let column = column_after(&line[..at]);
                return Err(Error::parse(id, *line_no, column, why));
            }
            let speaker = options
                .role_of(l.label)
                .unwrap_or_else(|| Speaker::Other(l.label.to_string()));
            let mut turn = Turn::new(speaker, line[l.text_start..].trim_end());
            turn.line = *line_no;
            turn.start = l.timestamp;
            turn.end = l.end;
            // Built with its first segment: one exact allocation, where a push onto the
            // empty vector goes through the growth path.
            turn.segments = vec![SourceSegment {
                text_offset: 0,
                line: *line_no,
                column: column_after(&line[..l.text_start]),
            }];
            turns.push(turn);
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let segment = SourceSegment {
            text_offset: 0,
            line: *line_no,
            column: column_after(&line[..indent]),
        };
        match turns.last_mut() {
            Some(turn) => {
                if !turn.text.is_empty() {
                    turn.text.push('\n');
                }
                turn.segments.push(SourceSegment {
                    text_offset: turn.text.len(),
                    ..segment
                });
                turn.text.push_str(trimmed);
            }
            None => {
                // Text before the first label: kept as an unlabelled turn so that rules
                // reading any speaker still see it.
                let mut turn = Turn::new(Speaker::Other(String::new()), trimmed);
                turn.line = *line_no;
                turn.segments.push(segment);
                turns.push(turn);
            }
        }
    }
    Ok(turns)
}

/// Recognises `[00:01:23] Agent (Maria): text`, `00:01:23 Agent: text`, `Customer: text`.
fn parse_label(line: &str) -> Option<Labelled<'_>> {
    let indent = leading_whitespace(line);
    let mut rest = &line[indent..];
    let mut pos = indent;
    let mut timestamp = None;
    let mut end = None;
    let mut time_problem = None;
    if let Some(stamp) = parse_time_prefix(rest) {
        let after = &rest[stamp.used..];
        let ws = leading_whitespace(after);
        if ws == 0 {
            return None;
        }
        timestamp = Some(stamp.start);
        end = stamp.end;
        time_problem = stamp.problem.map(|p| (pos, p));
        pos += stamp.used + ws;
        rest = &line[pos..];
    }
    // A label is short: only its first 49 bytes are searched for the colon (a full scan
    // of every long line was a tenth of reading a file).
    let window = &rest.as_bytes()[..rest.len().min(49)];
    let colon = memchr::memchr(b':', window)?;
    if colon == 0 {
        return None;
    }
    // The colon must end the line or be followed by whitespace ("https://" is no label).
    let after = &rest[colon + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let head = rest[..colon].trim_end();
    // Optional name in parentheses: `Agent (Maria)`. Found as a byte (no other
    // character's bytes include it) over a few bytes, where a `char` searcher costs more.
    let label = match head.bytes().position(|b| b == b'(') {
        Some(open) if head.ends_with(')') => head[..open].trim_end(),
        Some(_) => return None,
        None => head,
    };
    if !is_label(label) {
        return None;
    }
    let ws = leading_whitespace(after);
    Some(Labelled {
        label,
        timestamp,
        end,
        text_start: pos + colon + 1 + ws,
        time_problem,
    })
}

/// The 1-based column (in characters) of the character after `prefix`, the start of a
/// line. A prefix of ASCII (nearly every one: `Agent: `, an indent, a timestamp) has as
/// many characters as bytes, which is cheaper to check than counting the characters.
fn column_after(prefix: &str) -> usize {
    if prefix.is_ascii() {
        prefix.len() + 1
    } else {
        prefix.chars().count() + 1
    }
}

/// The length in bytes of the whitespace at the start of `s`, as `trim_start` sees it.
///
/// The spaces and tabs of an indent or after a colon are skipped byte by byte; when a
/// printable ASCII character (or the end) follows, that is the answer without
/// `trim_start`'s Unicode whitespace test, which is left to anything else.
fn leading_whitespace(s: &str) -> usize {
    let blanks = s.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    if s.as_bytes().get(blanks).is_none_or(u8::is_ascii_graphic) {
        blanks
    } else {
        s.len() - s.trim_start().len()
    }
}

/// Whether a trimmed label can name a speaker: it starts with a letter, has only
/// letters, digits, spaces and `_ - . '`, and at most three words.
///
/// One pass over the characters. Words are counted at the spaces that start them: a
/// label is trimmed and the space is the only whitespace it may hold, so this is the
/// count `split_whitespace` gives, without its searcher (that and a second pass for
/// the characters were nearly a third of reading a label).
fn is_label(label: &str) -> bool {
    let mut chars = label.chars();
    if !chars.next().is_some_and(char::is_alphabetic) {
        return false;
    }
    let mut words = 1;
    let mut after_space = false;
    for c in chars {
        if c == ' ' {
            after_space = true;
        } else if c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\'') {
            words += usize::from(after_space);
            after_space = false;
        } else {
            return false;
        }
    }
    words <= 3
}

/// Parses `[hh:mm:ss(.fff)]`, `[mm:ss]`, `[start - end]` (a range), or a bare
/// `hh:mm:ss` at the start of `s`.
fn parse_time_prefix(s: &str) -> Option<Stamp> {
    // A stamp starts with `[` or with the digits of its hours: the many lines that
    // start with a letter are turned away here, without the parser's splitting.
    if !matches!(s.as_bytes().first(), Some(b'[' | b'0'..=b'9')) {
        return None;
    }
    if let Some(rest) = s.strip_prefix('[') {
        let close = rest.find(']')?;
        let inner = &rest[..close];
        if let Some((a, b)) = inner
            .split_once('-')
            .or_else(|| inner.split_once('\u{2013}'))
        {
            let (start, p1, _) = parse_timestamp(&format!("[{}]", a.trim()))?;
            let (end, p2, _) = parse_timestamp(&format!("[{}]", b.trim()))?;
            let problem = p1.or(p2).or_else(|| order_problem(Some(start), Some(end)));
            return Some(Stamp {
                start,
                end: Some(end),
                used: close + 2,
                problem,
            });
        }
    }
    parse_timestamp(s).map(|(start, problem, used)| Stamp {
        start,
        end: None,
        used,
        problem,
    })
}

/// Parses `[hh:mm:ss(.fff)]`, `[mm:ss]`, or a bare `hh:mm:ss` at the start of `s`.
/// Returns the time in seconds, why it is not valid (minutes or seconds of 60 or more),
/// and the bytes used.
fn parse_timestamp(s: &str) -> Option<(f64, Option<String>, usize)> {
    let (inner, used) = if let Some(rest) = s.strip_prefix('[') {
        let close = rest.find(']')?;
        (&rest[..close], close + 2)
    } else {
        let end = s
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ',')))
            .unwrap_or(s.len());
        let inner = &s[..end];
        // A bare timestamp needs hours, minutes and seconds, to avoid "10:30 works for me".
        if inner.split(':').count() != 3 {
            return None;
        }
        (inner, end)
    };
    let parts: Vec<&str> = inner.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut secs = 0.0;
    let mut problem = None;
    for (i, p) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let p = if last {
            p.replace(',', ".")
        } else {
            p.to_string()
        };
        if p.is_empty()
            || !p.chars().all(|c| c.is_ascii_digit() || (last && c == '.'))
            || p.len() > 12
        {
            return None;
        }
        let v: f64 = p.parse().ok()?;
        if i > 0 && v >= 60.0 && problem.is_none() {
            problem = Some(format!(
                "invalid timestamp `{inner}`: minutes and seconds must be below 60"
            ));
        }
        secs = secs * 60.0 + v;
    }
    Some((secs, problem, used))
}

/// Applies YAML front matter (the file's lines from 2 on) to the transcript; returns the
/// `kind` it names, if any.
///
/// `id` and `channel` set the transcript's; `kind` its kind; every other key goes into
/// the metadata with [`Metadata::insert`] (`agent`, `team`, `date`, … typed, the rest in
/// `extra`).
fn apply_front_matter(
    yaml: &str,
    id: &str,
    transcript: &mut Transcript,
) -> Result<Option<TranscriptKind>, Error> {
    if yaml.trim().is_empty() {
        return Ok(None);
    }
    let parsed = match simple_front_matter(yaml) {
        Some(map) => Ok(map),
        None => serde_saphyr::from_str::<BTreeMap<String, serde_json::Value>>(yaml),
    };
    let map = parsed.map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        // The position is given once, as the file's: drop the parser's own (which counts
        // from the front matter's first line).
        let message = e.without_snippet().to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => &message[..at],
            None => &message,
        };
        Error::parse(
            id,
            line + 1,
            column,
            format!("invalid front matter: {message}"),
        )
    })?;
    let mut kind = None;
    let mut meta = Metadata::default();
    for (key, value) in map {
        let as_text = || match &value {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        };
        match key.as_str() {
            "id" => {
                if let Some(v) = as_text() {
                    transcript.id = v;
                }
            }
            "channel" => transcript.channel = as_text(),
            "kind" => kind = front_matter_kind(as_text(), yaml, id)?,
            "customer-name" | "customer-timezone" => meta.insert(&key.replace('-', "_"), value),
            _ => meta.insert(&key, value),
        }
    }
    transcript.metadata = meta;
    Ok(kind)
}

/// Front matter of `key: value` lines whose values are plain words, read without the
/// YAML parser: what generated and exported transcripts carry (`id: gen-0000001`,
/// `channel: chat`, `agent: Maria Lopez`). Setting up the parser for these two or three
/// lines was ~4% of a run over many small files. `None` (the parser decides) for
/// anything else: quotes, comments, nesting, numbers, booleans, nulls, a repeated key,
/// blank lines. Every value it accepts is a string to the parser too (a test compares
/// both).
fn simple_front_matter(yaml: &str) -> Option<BTreeMap<String, serde_json::Value>> {
    /// A plain word or words that YAML reads as a string, never as another type.
    fn plain(s: &str, spaces: bool) -> bool {
        let b = s.as_bytes();
        b.first().is_some_and(u8::is_ascii_alphabetic)
            && b.last().is_some_and(u8::is_ascii_alphanumeric)
            && b.iter().all(|&c| {
                c.is_ascii_alphanumeric()
                    || matches!(c, b'-' | b'_' | b'.')
                    || (spaces && c == b' ')
            })
            && !s.contains("  ")
            && !matches!(
                s.to_ascii_lowercase().as_str(),
                "true"
                    | "false"
                    | "null"
                    | "yes"
                    | "no"
                    | "on"
                    | "off"
                    | "y"
                    | "n"
                    | "inf"
                    | "infinity"
                    | "nan"
            )
    }
    let mut map = BTreeMap::new();
    for line in yaml.split('\n') {
        let (key, value) = line.split_once(": ")?;
        if !plain(key, false) || !plain(value, true) {
            return None;
        }
        if map
            .insert(
                key.to_string(),
                serde_json::Value::String(value.to_string()),
            )
            .is_some()
        {
            return None;
        }
    }
    Some(map)
}

/// The transcript kind a front matter `kind:` value names.
fn front_matter_kind(
    value: Option<String>,
    yaml: &str,
    id: &str,
) -> Result<Option<TranscriptKind>, Error> {
    match value.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("template") => Ok(Some(TranscriptKind::Template)),
        Some("conversation") | Some("transcript") => Ok(Some(TranscriptKind::Conversation)),
        Some(other) => {
            // The file line of the `kind:` key (front matter starts on line 2).
            let line = yaml
                .lines()
                .position(|l| l.starts_with("kind:"))
                .map_or(2, |i| i + 2);
            Err(Error::parse(
                id,
                line,
                1,
                format!(
                    "front matter `kind: {}` is not known; use `template` or `conversation`",
                    crate::error::excerpt(other)
                ),
            ))
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Transcript {
        parse(text, "t.txt", &PlainOptions::default()).unwrap()
    }

    #[test]
    fn simple_front_matter_reads_what_the_yaml_parser_reads() {
        let accepted = [
            "id: gen-0000001\nchannel: chat",
            "agent: Maria Lopez\nteam: billing.eu\ncustomer-name: Ana",
            "id: A_1.b",
            "kind: template",
            "channel: Yesterday",
            "agent: Nora\nteam: Onboarding",
        ];
        for yaml in accepted {
            let fast = simple_front_matter(yaml).expect(yaml);
            let parsed: BTreeMap<String, serde_json::Value> = serde_saphyr::from_str(yaml).unwrap();
            assert_eq!(fast, parsed, "{yaml}");
        }
        // Left to the parser: other types, quoting, comments, nesting, repeats, blanks.
        let declined = [
            "id: 123",
            "id: 1e3",
            "flag: true",
            "flag: No",
            "flag: off",
            "x: null",
            "x: ~",
            "x: .inf",
            "x: NaN",
            "id: 'quoted'",
            "id: a # comment",
            "tags:\n  - a",
            "id: a\nid: b",
            "id: a\n\nchannel: chat",
            "id:  two  spaces",
            "id: trailing ",
            "id: a: b",
            "key with space: a",
        ];
        for yaml in declined {
            assert_eq!(simple_front_matter(yaml), None, "{yaml}");
        }
    }

    #[test]
    fn labels_map_to_roles() {
        let t = p("Agent: Hello\nCaller: hi\nIVR: press 1\nMaria: hey\nREP: ok\n");
        let speakers: Vec<_> = t.turns.iter().map(|t| t.speaker.clone()).collect();
        assert_eq!(
            speakers,
            vec![
                Speaker::Agent,
                Speaker::Customer,
                Speaker::System,
                Speaker::Other("Maria".into()),
                Speaker::Agent
            ]
        );
        assert_eq!(t.kind, TranscriptKind::Conversation);
        assert_eq!(t.id, "t.txt");
    }

    #[test]
    fn named_label_timestamps_and_continuations() {
        let t =
            p("[00:01:23] Agent (Maria): Hello there\n  second line\n\n00:01:30 Customer: Hi\n");
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "Hello there\nsecond line");
        assert_eq!(t.turns[0].start, Some(83.0));
        assert_eq!(t.turns[0].line, 1);
        assert_eq!(t.turns[1].start, Some(90.0));
        assert_eq!(t.turns[1].line, 4);
        // "second" is on line 2, column 3.
        let off = t.turns[0].text.find("second").unwrap();
        assert_eq!(t.turns[0].position(off), (2, 3));
        // "Hello" is on line 1 after "[00:01:23] Agent (Maria): ".
        assert_eq!(t.turns[0].position(0), (1, 27));
    }

    #[test]
    fn timestamp_ranges_set_start_and_end() {
        let t = p("[00:00:01 - 00:00:04.5] Agent: Hello\n[00:05-00:09] Customer: Hi\n");
        assert_eq!((t.turns[0].start, t.turns[0].end), (Some(1.0), Some(4.5)));
        assert_eq!((t.turns[1].start, t.turns[1].end), (Some(5.0), Some(9.0)));
        assert_eq!(t.turns[1].text, "Hi");
    }

    #[test]
    fn text_without_labels_is_a_template() {
        let t = p("Dear {{customer_name}},\n\nThanks for writing.\n");
        assert_eq!(t.kind, TranscriptKind::Template);
        assert_eq!(t.turns.len(), 1);
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(
            t.turns[0].text,
            "Dear {{customer_name}},\n\nThanks for writing."
        );
        let off = t.turns[0].text.find("Thanks").unwrap();
        assert_eq!(t.turns[0].position(off), (3, 1));
    }

    #[test]
    fn unknown_labels_only_is_a_template() {
        let t = p("Subject: Your refund\nHi there, your refund is on its way.\n");
        assert_eq!(t.kind, TranscriptKind::Template);
        assert_eq!(
            t.turns[0].text,
            "Subject: Your refund\nHi there, your refund is on its way."
        );
    }

    #[test]
    fn front_matter_sets_metadata() {
        let t = p("---\nid: call-1\nchannel: voice\ncustomer_name: Priya Natarajan\ncustomer_timezone: Asia/Kolkata\nqueue: billing\n---\nAgent: Hi\n");
        assert_eq!(t.id, "call-1");
        assert_eq!(t.channel.as_deref(), Some("voice"));
        assert_eq!(t.metadata.customer_name.as_deref(), Some("Priya Natarajan"));
        assert_eq!(
            t.metadata.customer_timezone.as_deref(),
            Some("Asia/Kolkata")
        );
        assert_eq!(t.metadata.extra["queue"], serde_json::json!("billing"));
        assert_eq!(t.turns[0].line, 8);
    }

    #[test]
    fn front_matter_kind_template_wins_over_labels() {
        let t = p("---\nkind: template\n---\nAgent: this is a macro\n");
        assert_eq!(t.kind, TranscriptKind::Template);
        assert_eq!(t.turns[0].text, "Agent: this is a macro");
    }

    #[test]
    fn bad_front_matter_is_an_error_with_position() {
        let err = parse(
            "---\nid: [unclosed\n---\nAgent: hi\n",
            "x.txt",
            &PlainOptions::default(),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("x.txt:"), "{msg}");
        assert!(msg.contains("front matter"), "{msg}");
        let err = parse("---\nid: 1\nAgent: hi\n", "x.txt", &PlainOptions::default()).unwrap_err();
        assert!(err.to_string().contains("no closing"), "{err}");
    }

    #[test]
    fn urls_and_times_are_not_labels() {
        assert!(parse_label("see https://example.com").is_none());
        assert!(parse_label("10:30 works for me").is_none());
        assert!(parse_label("Note: the refund").is_some());
        assert!(parse_label("this is a long sentence with: a colon").is_none());
    }

    #[test]
    fn crlf_and_bom() {
        let t = p("\u{feff}Agent: Hi\r\nCustomer: Hello\r\n");
        assert_eq!(t.turns[0].text, "Hi");
        assert_eq!(t.turns[1].text, "Hello");
    }

    #[test]
    fn lines_split_at_lf_and_crlf() {
        let lines = |t| {
            split_lines(t)
                .into_iter()
                .map(|(_, l)| l)
                .collect::<Vec<_>>()
        };
        assert_eq!(lines(""), [""]);
        assert_eq!(lines("\n"), [""]);
        assert_eq!(lines("a"), ["a"]);
        assert_eq!(lines("a\r\nb\r\n"), ["a", "b"]);
        assert_eq!(lines("a\n\n  \nb"), ["a", "", "  ", "b"]);
        assert_eq!(lines("a\r\r\nb\rc\n\n"), ["a\r", "b\rc", ""]);
        let numbers: Vec<usize> = split_lines("x\ny\nz").iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 2, 3]);
    }

    /// The one-pass label check and the whitespace shortcut agree with the std
    /// functions they stand for.
    #[test]
    fn label_checks_agree_with_std() {
        let reference = |label: &str| {
            label.starts_with(char::is_alphabetic)
                && label.split_whitespace().count() <= 3
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '\''))
        };
        for label in [
            "Agent",
            "",
            "9Agent",
            "_x",
            "Mr. O'Brien",
            "CSR Team Lead",
            "CSR Team Lead Two",
            "a  b   c",
            "a  b   c d",
            "Señora García",
            "Élodie",
            "agent_1",
            "a\tb",
            "a\u{2003}b",
            "a\u{a0}b",
            "a/b",
            "Ａgent",
        ] {
            assert_eq!(is_label(label), reference(label), "{label:?}");
        }
        for s in [
            "",
            " ",
            "x",
            "  x",
            "\tx",
            " \t x",
            "\u{2003}x",
            " \u{a0}x",
            "\u{b}x",
            " \rx",
            "  \n",
            "\u{feff}x",
            "é",
            " é",
        ] {
            assert_eq!(
                leading_whitespace(s),
                s.len() - s.trim_start().len(),
                "{s:?}"
            );
        }
        for s in ["", "Agent: ", "[00:01] Agent (Zoë): ", "  "] {
            assert_eq!(column_after(s), s.chars().count() + 1, "{s:?}");
        }
    }

    #[test]
    fn timestamps_start_with_a_bracket_or_an_ascii_digit() {
        assert_eq!(
            parse_time_prefix("00:01:02 Agent: hi").map(|s| s.start),
            Some(62.0)
        );
        assert_eq!(
            parse_time_prefix("[01:02] Agent: hi").map(|s| s.used),
            Some(7)
        );
        for s in [
            "Agent: 00:01:02",
            " 00:01:02",
            "\u{663}:\u{664}:\u{665} Agent",
            ":1:2:3",
            "",
        ] {
            assert!(parse_time_prefix(s).is_none(), "{s:?}");
        }
    }

    #[test]
    fn bad_timestamps_are_errors_at_their_column() {
        let err = |text| {
            parse(text, "t.txt", &PlainOptions::default())
                .unwrap_err()
                .to_string()
        };
        let msg = err("Agent: hi\n[00:99:99] Customer: bad\n");
        assert!(
            msg.starts_with("t.txt:2:1: invalid timestamp `00:99:99`"),
            "{msg}"
        );
        let msg = err("Agent: hi\n \u{2003}[00:00:61] Bot: bad\n");
        assert!(msg.starts_with("t.txt:2:3: "), "{msg}");
        let msg = err("Agent: hi\n  [00:00:05 - 00:00:02] Customer: backwards\n");
        assert!(msg.starts_with("t.txt:2:3: "), "{msg}");
    }

    #[test]
    fn configured_labels_come_before_role_names() {
        let mut options = PlainOptions::default();
        options.labels.insert("maria".into(), Speaker::Agent);
        options.labels.insert("agent".into(), Speaker::System);
        let t = parse(
            "MARIA: hi\nAgent (Bo): hello\nCustomer: hey\n",
            "t.txt",
            &options,
        )
        .unwrap();
        let speakers: Vec<_> = t.turns.iter().map(|t| t.speaker.clone()).collect();
        assert_eq!(
            speakers,
            [Speaker::Agent, Speaker::System, Speaker::Customer]
        );
    }

    #[test]
    fn empty_input_has_no_turns() {
        assert!(p("").turns.is_empty());
        assert!(p("\n\n  \n").turns.is_empty());
    }
}
