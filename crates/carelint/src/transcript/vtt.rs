//! WebVTT captions.
//!
//! ```text
//! WEBVTT
//!
//! 1
//! 00:00:01.000 --> 00:00:04.000 align:left
//! <v Agent>Thank you for calling, this is Maria.
//!
//! 00:00:04.500 --> 00:00:07.000
//! <v Customer>Hi, my <i>router</i> keeps dropping.
//! ```
//!
//! - The speaker is the cue's voice tag (`<v Name>`, `<v.class Name>`), else a `Speaker:`
//!   prefix on its first line, else the previous cue's speaker (captions often name the
//!   speaker only when it changes). Labels become roles as described in
//!   [`speakers`](super::speakers): role names directly, diarised labels and names by
//!   `--speaker-map` and the greeting heuristic.
//! - Other tags (`<i>`, `<b>`, `<c.x>`, `<00:01.000>`) are removed; `&amp;`, `&lt;`, `&gt;`,
//!   `&quot;`, `&apos;`, `&nbsp;` (as U+00A0), `&lrm;`, `&rlm;`, the common typographic
//!   references and numeric references are decoded ([`html::entity`](super::html::entity)).
//! - Cue times need minutes and seconds below 60, and a cue may not end before it starts.
//! - `NOTE`, `STYLE` and `REGION` blocks are skipped; cue identifiers and cue settings are
//!   accepted and ignored.
//! - Consecutive cues of the same speaker become one turn: texts (and the lines of a
//!   multi-line cue) are joined with a space; the turn starts at the first cue's start and
//!   ends at the last cue's end, and findings point at the right cue line.

use super::html::entity;
use super::speakers::{Draft, Piece};
use super::time::order_problem;
use super::{ReadOptions, SourceSegment, Transcript};
use crate::error::Error;

/// Parses a WebVTT file into one transcript.
///
/// # Errors
///
/// A missing `WEBVTT` header, a block that is neither a cue nor a `NOTE`/`STYLE`/`REGION`
/// block, or a malformed cue timing, with its line and column.
pub fn parse(text: &str, id: &str, options: &ReadOptions) -> Result<Transcript, Error> {
    let src = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = src
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let header = lines.first().copied().unwrap_or("");
    let ok_header = header
        .strip_prefix("WEBVTT")
        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']));
    if !ok_header {
        return Err(Error::parse(
            id,
            1,
            1,
            "not a WebVTT file: the first line must be `WEBVTT`; choose another format with --input-format",
        ));
    }
    let mut i = 1;
    // Header lines up to the first blank line.
    while i < lines.len() && !lines[i].trim().is_empty() {
        i += 1;
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut last_label: Option<String> = None;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        let first = block[0];
        if is_keyword(first, "NOTE") || is_keyword(first, "STYLE") || is_keyword(first, "REGION") {
            continue;
        }
        let timing_at = if first.contains("-->") {
            0
        } else if block.get(1).is_some_and(|l| l.contains("-->")) {
            1
        } else {
            return Err(Error::parse(
                id,
                start + 1,
                1,
                "expected a cue: an optional identifier line, then a timing line like `00:00:01.000 --> 00:00:04.000`",
            ));
        };
        let line_no = start + timing_at + 1;
        let (s, e) = parse_timing(block[timing_at], line_no, id)?;
        let mut piece = cue_piece(&block[timing_at + 1..], line_no + 1, true);
        piece.start = Some(s);
        piece.end = Some(e);
        if piece.label.is_none() {
            piece.label = last_label.clone();
        } else {
            last_label = piece.label.clone();
        }
        if piece.line == 0 {
            piece.line = line_no;
        }
        pieces.push(piece);
    }
    let mut draft = Draft::new(id);
    draft.merge = true;
    draft.pieces = pieces;
    draft.finish(options)
}

/// Whether `line` is `word` alone or followed by a space or tab.
fn is_keyword(line: &str, word: &str) -> bool {
    line.strip_prefix(word)
        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
}

/// Parses `start --> end [settings]`, with errors pointing at the bad timestamp.
pub(crate) fn parse_timing(line: &str, line_no: usize, id: &str) -> Result<(f64, f64), Error> {
    let arrow = line.find("-->").unwrap_or(0);
    let left = &line[..arrow];
    let right = line.get(arrow + 3..).unwrap_or("");
    let bad = |offset: usize, what: &str| {
        let col = line.get(..offset).map_or(1, |p| p.chars().count() + 1);
        Error::parse(
            id,
            line_no,
            col,
            format!("invalid {what} time in the cue timing `{}`: write `00:00:01.000` (hours optional; SRT uses `00:00:01,000`)", line.trim()),
        )
    };
    let start_off = left.len() - left.trim_start().len();
    let start = cue_time(left.trim()).ok_or_else(|| bad(start_off, "start"))?;
    let rtrim = right.trim_start();
    let end_off = arrow + 3 + (right.len() - rtrim.len());
    let end_tok = rtrim.split_whitespace().next().unwrap_or("");
    let end = cue_time(end_tok).ok_or_else(|| bad(end_off, "end"))?;
    if let Some(problem) = order_problem(Some(start), Some(end)) {
        let col = line.get(..end_off).map_or(1, |p| p.chars().count() + 1);
        return Err(Error::parse(
            id,
            line_no,
            col,
            format!("the cue timing `{}`: {problem}", line.trim()),
        ));
    }
    Ok((start, end))
}

/// Parses a cue timestamp: `(hh:)mm:ss.ttt`, exactly three decimals (a comma is accepted
/// for SRT); minutes and seconds are `00` to `59`.
pub(crate) fn cue_time(s: &str) -> Option<f64> {
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let (sec, frac) = parts.last()?.split_once(['.', ','])?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if sec.len() != 2 || !digits(sec) || !digits(frac) || frac.len() != 3 || sec >= "60" {
        return None;
    }
    let mut total = 0.0;
    for (i, p) in parts[..parts.len() - 1].iter().enumerate() {
        let minutes = i + 2 == parts.len();
        let min_len = if minutes { 2 } else { 1 };
        if !digits(p)
            || p.len() < min_len
            || p.len() > 9
            || (minutes && (p.len() != 2 || *p >= "60"))
        {
            return None;
        }
        total = total * 60.0 + p.parse::<f64>().ok()?;
    }
    let secs: f64 = format!("{sec}.{frac}").parse().ok()?;
    Some(total * 60.0 + secs)
}

/// Builds a piece from a cue's payload lines (the first at `first_line`). `vtt` enables
/// voice tags, any-tag stripping and entity decoding; otherwise only tag-like `<…>` and
/// `{\…}` are stripped.
pub(crate) fn cue_piece(payload: &[&str], first_line: usize, vtt: bool) -> Piece {
    let mut piece = Piece::default();
    let mut voice: Option<String> = None;
    for (n, raw) in payload.iter().enumerate() {
        let line_no = first_line + n;
        let mut from = 0;
        if n == 0 && vtt && !raw.contains("<v") {
            if let Some((label, rest)) = prefix_label(raw) {
                voice = Some(label.to_string());
                from = rest;
            }
        }
        let column = raw.get(..from).map_or(1, |p| p.chars().count() + 1);
        let mut text = String::new();
        let mut segs = Vec::new();
        clean(
            raw.get(from..).unwrap_or(""),
            line_no,
            column,
            vtt,
            &mut text,
            &mut segs,
            &mut voice,
        );
        let trimmed_start = text.len() - text.trim_start().len();
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        if piece.line == 0 {
            piece.line = line_no;
        }
        if !piece.text.is_empty() {
            piece.text.push(' ');
        }
        let base = piece.text.len();
        // Re-base the line's segments onto the trimmed text.
        let mut first = true;
        for s in segs {
            let off = s.text_offset.saturating_sub(trimmed_start);
            if s.text_offset < trimmed_start && !first {
                continue;
            }
            let column = if first && s.text_offset <= trimmed_start {
                s.column
                    + text
                        .get(s.text_offset..trimmed_start)
                        .map_or(0, |p| p.chars().count())
            } else {
                s.column
            };
            first = false;
            if off <= t.len() {
                piece.segments.push(SourceSegment {
                    text_offset: base + off,
                    line: s.line,
                    column,
                });
            }
        }
        piece.text.push_str(t);
    }
    piece.segments.dedup_by(|b, a| {
        a.text_offset == b.text_offset && {
            *a = *b;
            true
        }
    });
    piece.label = voice
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    piece
}

/// Removes tags and decodes entities of one line, appending to `out` with segments after
/// each removal. The first `<v Name>` tag sets `voice` when it is not set.
fn clean(
    raw: &str,
    line: usize,
    column: usize,
    vtt: bool,
    out: &mut String,
    segs: &mut Vec<SourceSegment>,
    voice: &mut Option<String>,
) {
    let mut col = column;
    segs.push(SourceSegment {
        text_offset: out.len(),
        line,
        column: col,
    });
    let mut shifted = false;
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        let skip = match c {
            '<' => tag_len(rest, vtt).inspect(|&len| {
                let inner = &rest[1..len - 1];
                if vtt && voice.is_none() {
                    if let Some(name) = inner
                        .strip_prefix('v')
                        .filter(|r| r.starts_with([' ', '.', '\t']))
                    {
                        // `<v.class Name>` or `<v Name>`.
                        let name = match name.strip_prefix('.') {
                            Some(classed) => classed.split_once([' ', '\t']).map_or("", |(_, n)| n),
                            None => name,
                        };
                        *voice = Some(name.trim().to_string());
                    }
                }
            }),
            '{' if !vtt && rest.starts_with("{\\") => rest.find('}').map(|i| i + 1),
            '&' if vtt => entity(rest).map(|(len, decoded)| {
                if shifted {
                    segs.push(SourceSegment {
                        text_offset: out.len(),
                        line,
                        column: col,
                    });
                    shifted = false;
                }
                out.push(decoded);
                len
            }),
            _ => None,
        };
        if let Some(len) = skip {
            col += rest[..len].chars().count();
            rest = &rest[len..];
            shifted = true;
            continue;
        }
        if shifted {
            segs.push(SourceSegment {
                text_offset: out.len(),
                line,
                column: col,
            });
            shifted = false;
        }
        out.push(c);
        col += 1;
        rest = &rest[c.len_utf8()..];
    }
}

/// The byte length of a tag at the start of `s` (`<` … `>`), if it is one. In SRT only
/// tag-like text (`<i>`, `</font>`, `<font color="red">`) counts, so `a <3 b` is kept.
fn tag_len(s: &str, vtt: bool) -> Option<usize> {
    let close = s.find('>')?;
    let inner = &s[1..close];
    if inner.contains('<') || inner.contains('\n') {
        return None;
    }
    let tag_like = inner
        .trim_start_matches('/')
        .starts_with(|c: char| c.is_ascii_alphabetic());
    if tag_like || (vtt && inner.starts_with(|c: char| c.is_ascii_digit() || c == '/')) {
        Some(close + 1)
    } else {
        None
    }
}

/// A `Speaker:` prefix at the start of a caption line: (label, byte offset of the text).
/// Up to three words of letters, digits, spaces, `_ - . '`, starting with a letter,
/// followed by `:` and a space. `[Speaker 1]:` and `[Speaker 1]` are accepted too when
/// the bracket holds a speaker (`speaker…`, `spk…`, `ch_…` or a role name).
pub(crate) fn prefix_label(line: &str) -> Option<(&str, usize)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    if let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        let label = inner[..close].trim();
        let after = &inner[close + 1..];
        let after = after.strip_prefix(':').unwrap_or(after);
        // Only speaker-like brackets: `[Speaker 0]`, `[spk_1]`, `[Agent]`; `[music]` is text.
        let lower = label.to_ascii_lowercase();
        let speaker_like = lower.starts_with("speaker")
            || lower.starts_with("spk")
            || lower.starts_with("ch_")
            || super::Speaker::known_role(label).is_some();
        if !valid_label(label) || !speaker_like {
            return None;
        }
        let ws = after.len() - after.trim_start().len();
        return Some((label, line.len() - after.len() + ws));
    }
    let colon = rest.find(':')?;
    if colon == 0 || colon > 40 {
        return None;
    }
    let after = &rest[colon + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let label = rest[..colon].trim_end();
    if !valid_label(label) {
        return None;
    }
    let ws = after.len() - after.trim_start().len();
    Some((label, indent + colon + 1 + ws))
}

fn valid_label(label: &str) -> bool {
    !label.is_empty()
        && label.starts_with(|c: char| c.is_alphabetic())
        && label.split_whitespace().count() <= 3
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '\''))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Speaker;

    fn p(text: &str) -> Result<Transcript, Error> {
        parse(text, "t.vtt", &ReadOptions::default())
    }

    #[test]
    fn voices_tags_entities_and_merging() {
        let t = p("WEBVTT - title\nKind: captions\n\nNOTE a note\nspanning\n\nSTYLE\n::cue { color: red }\n\nid-1\n00:00:01.000 --> 00:00:02.500 align:left\n<v.loud Agent>Thank you &amp; <i>welcome</i>\n\n00:02.500 --> 00:03.000\n<v Agent>to Acme.\n\n00:00:03.000 --> 00:00:04.000\n<v Customer>Hi &lt;3\n").unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(t.turns[0].text, "Thank you & welcome to Acme.");
        assert_eq!(t.turns[0].start, Some(1.0));
        assert_eq!(t.turns[0].end, Some(3.0));
        assert_eq!(t.turns[0].line, 12);
        // "welcome" is after `<v.loud Agent>Thank you &amp; <i>` on line 12.
        let off = t.turns[0].text.find("welcome").unwrap();
        assert_eq!(t.turns[0].position(off), (12, 34));
        assert_eq!(
            t.turns[0].position(t.turns[0].text.find("Acme").unwrap()),
            (15, 13)
        );
        assert_eq!(t.turns[1].text, "Hi <3");
        assert!(t.speakers.is_empty());
    }

    #[test]
    fn prefixes_and_inherited_speakers() {
        let t = p("WEBVTT\n\n00:01.000 --> 00:02.000\nSpeaker 1: Thanks for calling Acme.\n\n00:02.000 --> 00:03.000\nHow can I help?\n\n00:03.000 --> 00:04.000\nSpeaker 2: My order.\n").unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "Thanks for calling Acme. How can I help?");
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(t.turns[1].speaker, Speaker::Customer);
        assert_eq!(t.turns[0].position(0), (4, 12));
        assert_eq!(t.speakers[0].label, "Speaker 1");
    }

    #[test]
    fn malformed_files_are_errors_with_position() {
        let e = p("WEBVT\n").unwrap_err().to_string();
        assert!(e.starts_with("t.vtt:1:1:"), "{e}");
        let e = p("WEBVTT\n\n00:00:01.000 --> 00:00:0")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("t.vtt:3:18:") && e.contains("end time"),
            "{e}"
        );
        let e = p("WEBVTT\n\njust text\n").unwrap_err().to_string();
        assert!(e.starts_with("t.vtt:3:1:"), "{e}");
    }

    #[test]
    fn cue_times() {
        assert_eq!(cue_time("01:02.500"), Some(62.5));
        assert_eq!(cue_time("1:01:02.500"), Some(3662.5));
        assert_eq!(cue_time("00:00:04,120"), Some(4.12));
        assert_eq!(cue_time("00:0"), None);
        assert_eq!(cue_time("1:2.000"), None);
        assert_eq!(cue_time("00:02.0"), None);
    }
}
