//! SubRip (SRT) captions.
//!
//! ```text
//! 1
//! 00:00:01,000 --> 00:00:04,000
//! [speaker 0]
//! Thank you for calling, this is Maria.
//!
//! 2
//! 00:00:04,500 --> 00:00:07,000
//! Customer: Hi, my router keeps dropping.
//! ```
//!
//! - Cues are a number, a timing line (`,` or `.` before the milliseconds; coordinates
//!   after the end time are ignored), and text lines.
//! - The speaker is a line holding only a bracketed speaker (`[speaker 0]`, `[Agent]`), a
//!   `[Speaker 0]:` or `Agent:` prefix on a text line, else the previous cue's speaker
//!   (diarised SRT names the speaker only when it changes).
//! - Formatting tags (`<i>`, `<b>`, `<u>`, `<font …>`) and `{\an8}` codes are removed.
//! - Consecutive cues of the same speaker become one turn, texts joined with a space.
//! - A block without a number or timing line continues the previous cue's text (players
//!   treat a blank line inside a cue this way).

use super::speakers::{Draft, Piece};
use super::vtt::{cue_piece, parse_timing, prefix_label};
use super::{ReadOptions, Transcript};
use crate::error::Error;

/// Parses an SRT file into one transcript.
///
/// # Errors
///
/// A cue number not followed by a timing line, a malformed timing, or text before the
/// first cue, with its line and column.
pub fn parse(text: &str, id: &str, options: &ReadOptions) -> Result<Transcript, Error> {
    let src = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = src
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut label: Option<String> = None;
    let mut i = 0;
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
        let first = block[0].trim();
        let is_number = !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit());
        let timing_at = if first.contains("-->") {
            0
        } else if is_number {
            match block.get(1) {
                Some(l) if l.contains("-->") => 1,
                _ => {
                    return Err(Error::parse(
                        id,
                        start + 2,
                        1,
                        format!(
                            "cue {first} has no timing line: expected `00:00:01,000 --> 00:00:04,000` on the line after the number{}",
                            if block.len() == 1 { " (the file may be truncated)" } else { "" }
                        ),
                    ))
                }
            }
        } else {
            // Text after a blank line inside a cue: continue the previous cue.
            let Some(prev) = pieces.last_mut() else {
                return Err(Error::parse(
                    id,
                    start + 1,
                    1,
                    "not an SRT cue: expected a cue number, then a timing line like `00:00:01,000 --> 00:00:04,000`",
                ));
            };
            append_text(prev, cue_piece(block, start + 1, false));
            continue;
        };
        let line_no = start + timing_at + 1;
        let (s, e) = parse_timing(block[timing_at], line_no, id)?;
        let mut piece = cue(&block[timing_at + 1..], line_no + 1, &mut label);
        piece.start = Some(s);
        piece.end = Some(e);
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

/// The piece of a cue's text lines (the first at `first_line`). A first line that is only
/// a bracketed speaker (`[speaker 0]`), or a `Speaker:` prefix, sets `label`; otherwise
/// the cue keeps the previous speaker.
fn cue(payload: &[&str], first_line: usize, label: &mut Option<String>) -> Piece {
    let mut skip = 0;
    let mut prefix: Option<(String, usize)> = None;
    if let Some(first) = payload.first() {
        if let Some((l, rest)) = prefix_label(first) {
            if first[rest..].trim().is_empty() && first.trim_start().starts_with('[') {
                *label = Some(l.to_string());
                skip = 1;
            } else {
                prefix = Some((l.to_string(), rest));
            }
        }
    }
    let body: Vec<&str> = payload[skip..]
        .iter()
        .enumerate()
        .map(|(n, l)| match (&prefix, n) {
            (Some((_, rest)), 0) => l.get(*rest..).unwrap_or(""),
            _ => *l,
        })
        .collect();
    let text_line = first_line + skip;
    let mut piece = cue_piece(&body, text_line, false);
    if let Some((l, rest)) = &prefix {
        // The prefix was cut off the first line: shift that line's columns.
        let shift = payload[skip].get(..*rest).map_or(0, |p| p.chars().count());
        for sg in piece.segments.iter_mut().filter(|sg| sg.line == text_line) {
            sg.column += shift;
        }
        *label = Some(l.clone());
    }
    piece.label = label.clone();
    piece
}

/// Appends the text of `more` to `prev` (same cue).
fn append_text(prev: &mut Piece, more: Piece) {
    if more.text.is_empty() {
        return;
    }
    if prev.segments.is_empty() {
        prev.segments.push(super::SourceSegment {
            text_offset: 0,
            line: prev.line,
            column: 1,
        });
    }
    if !prev.text.is_empty() {
        prev.text.push(' ');
    }
    let base = prev.text.len();
    prev.text.push_str(&more.text);
    prev.segments
        .extend(more.segments.into_iter().map(|s| super::SourceSegment {
            text_offset: base + s.text_offset,
            ..s
        }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Speaker;

    fn p(text: &str) -> Result<Transcript, Error> {
        parse(text, "t.srt", &ReadOptions::default())
    }

    #[test]
    fn speaker_lines_prefixes_and_tags() {
        let t = p("1\r\n00:00:00,080 --> 00:00:04,120\r\n[speaker 0]\r\n<i>Thanks for calling</i> Acme.\r\n\r\n2\r\n00:00:04,400 --> 00:00:08,200\r\nHow can I help?\r\n\r\n3\r\n00:00:09,000 --> 00:00:10,000\r\n[Speaker 1]: My order {\\an8}is late.\r\n").unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "Thanks for calling Acme. How can I help?");
        assert_eq!(t.turns[0].speaker, Speaker::Agent);
        assert_eq!(t.turns[0].start, Some(0.08));
        assert_eq!(t.turns[0].end, Some(8.2));
        assert_eq!(t.turns[0].line, 4);
        assert_eq!(t.turns[0].position(0), (4, 4));
        assert_eq!(t.turns[1].text, "My order is late.");
        assert_eq!(t.turns[1].speaker, Speaker::Customer);
        assert_eq!(t.turns[1].position(0), (12, 14));
        assert_eq!(
            t.turns[1].position(t.turns[1].text.find("is").unwrap()),
            (12, 29)
        );
    }

    #[test]
    fn malformed() {
        let e = p("1\n00:00:00,080 --> 00:00:0").unwrap_err().to_string();
        assert!(e.starts_with("t.srt:2:18:"), "{e}");
        let e = p("1\n").unwrap_err().to_string();
        assert!(e.contains("truncated"), "{e}");
        let e = p("hello\n").unwrap_err().to_string();
        assert!(e.starts_with("t.srt:1:1:"), "{e}");
        let t = p("1\n00:00:01,000 --> 00:00:02,000\nAgent: one\n\ntwo\n").unwrap();
        assert_eq!(t.turns[0].text, "one two");
    }
}
