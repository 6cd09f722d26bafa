//! Source positions of string values in a JSON text.
//!
//! serde does not report where a value sits in the source, but findings must point at the
//! turn's text. After a successful parse, [`locate`] walks the same text once more (a byte
//! scan, no allocation per value) and reports the line, column and escape-aware segments of
//! every string value at a given path, such as `turns[*].text`. A reader that has each
//! string as written, a slice of the source (serde_json's `RawValue`, as the JSON Lines
//! reader does), needs no walk: [`Positions`] places the slices.

use std::collections::HashMap;

use super::SourceSegment;

/// One step of a path: an object key, or any element of an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The value of this key in an object.
    Key(&'static str),
    /// Any element of an array (its index is reported).
    Any,
}

/// Where a string value was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The array indices along the path, outermost first.
    pub indices: Vec<usize>,
    /// 1-based line of the string's first character (after the opening quote).
    pub line: usize,
    /// 1-based column (in characters) of that character.
    pub column: usize,
    /// Segments mapping offsets of the decoded string to source columns; the first is at
    /// offset 0. A new segment starts after every escape sequence.
    pub segments: Vec<SourceSegment>,
    /// Length in bytes of the decoded string (with `\r\n` decoded as `\n`).
    pub decoded_len: usize,
}

enum Frame {
    Object {
        key: Option<(usize, usize)>,
        expect_key: bool,
    },
    Array {
        index: usize,
    },
}

/// Finds every string value at `path` in `src`. `first_line` is the line number of the
/// first line of `src` in its file. Invalid JSON gives a partial or empty result, never a
/// panic.
pub(crate) fn locate(src: &str, first_line: usize, path: &[Step]) -> Vec<Found> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut cursor = Cursor::new(src, first_line);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            b'"' => {
                let end = string_end(bytes, i + 1);
                let is_key = matches!(
                    stack.last(),
                    Some(Frame::Object {
                        expect_key: true,
                        ..
                    })
                );
                if is_key {
                    if let Some(Frame::Object { key, .. }) = stack.last_mut() {
                        *key = Some((i + 1, end));
                    }
                } else if stack.len() == path.len() {
                    if let Some(indices) = matches(src, &stack, path) {
                        let (line, column) = cursor.at(i + 1);
                        let (segments, decoded_len) =
                            segments(src.get(i + 1..end).unwrap_or(""), line, column);
                        out.push(Found {
                            indices,
                            line,
                            column,
                            segments,
                            decoded_len,
                        });
                    }
                }
                i = end + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Positions of string bodies that are slices of one source text, in source order: for a
/// reader that has the strings as written (serde_json's `RawValue`) and needs no scan to
/// find them.
pub(crate) struct Positions<'a> {
    base: usize,
    cursor: Cursor<'a>,
}

impl<'a> Positions<'a> {
    /// Positions in `src`, whose first line is line `first_line` of its file.
    pub(crate) fn new(src: &'a str, first_line: usize) -> Positions<'a> {
        Positions {
            base: src.as_ptr() as usize,
            cursor: Cursor::new(src, first_line),
        }
    }

    /// Where `body` (the content of a JSON string, between its quotes: a slice of the
    /// source) starts, and its segments. `None` if `body` is not a slice of the source.
    pub(crate) fn of(&mut self, body: &str) -> Option<Found> {
        let offset = (body.as_ptr() as usize).checked_sub(self.base)?;
        if offset + body.len() > self.cursor.src.len() {
            return None;
        }
        let (line, column) = self.cursor.at(offset);
        let (segments, decoded_len) = segments(body, line, column);
        Some(Found {
            indices: Vec::new(),
            line,
            column,
            segments,
            decoded_len,
        })
    }
}

/// The array indices of the stack if it matches `path`.
fn matches(src: &str, stack: &[Frame], path: &[Step]) -> Option<Vec<usize>> {
    let mut indices = Vec::new();
    for (frame, step) in stack.iter().zip(path) {
        match (frame, step) {
            (Frame::Array { index }, Step::Any) => indices.push(*index),
            (
                Frame::Object {
                    key: Some((s, e)), ..
                },
                Step::Key(k),
            ) => {
                if src.get(*s..*e) != Some(*k) {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(indices)
}

/// The index of the closing quote of a string whose content starts at `from` (or the end).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut j = from;
    // Jump from quote-or-backslash to quote-or-backslash (memchr: many bytes per step).
    while j < bytes.len() {
        match memchr::memchr2(b'"', b'\\', &bytes[j..]) {
            Some(k) if bytes[j + k] == b'\\' => j += k + 2,
            Some(k) => return j + k,
            None => break,
        }
    }
    bytes.len()
}

/// Segments of a raw JSON string body starting at (`line`, `column`).
fn segments(raw: &str, line: usize, column: usize) -> (Vec<SourceSegment>, usize) {
    let mut segs = vec![SourceSegment {
        text_offset: 0,
        line,
        column,
    }];
    let bytes = raw.as_bytes();
    // Most strings have no escape: one segment, decoded as long as it is written.
    if memchr::memchr(b'\\', bytes).is_none() {
        return (segs, bytes.len());
    }
    let mut decoded = 0;
    let mut col = column;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            // Count one char.
            let ch_len = utf8_len(bytes[i]);
            decoded += ch_len;
            col += 1;
            i += ch_len.max(1);
            continue;
        }
        let (dec, src_chars, used) = match bytes.get(i + 1) {
            Some(b'u') => {
                let cp = hex4(bytes, i + 2);
                match cp {
                    Some(hi @ 0xD800..=0xDBFF)
                        if bytes.get(i + 6) == Some(&b'\\') && bytes.get(i + 7) == Some(&b'u') =>
                    {
                        let lo = hex4(bytes, i + 8).unwrap_or(0);
                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
                        let len = char::from_u32(c).map_or(3, char::len_utf8);
                        (len, 12, 12)
                    }
                    Some(c) => (char::from_u32(c).map_or(3, char::len_utf8), 6, 6),
                    None => (1, 2, 2),
                }
            }
            Some(b'r') if bytes.get(i + 2) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'n') => {
                // `\r\n` is read as `\n`.
                (1, 4, 4)
            }
            Some(_) => (1, 2, 2),
            None => (0, 1, 1),
        };
        decoded += dec;
        col += src_chars;
        i += used;
        segs.push(SourceSegment {
            text_offset: decoded,
            line,
            column: col,
        });
    }
    // Drop segments that start at the very end (nothing follows them) or duplicate offsets.
    segs.dedup_by(|b, a| {
        a.text_offset == b.text_offset && {
            a.column = b.column;
            true
        }
    });
    (segs, decoded)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let s = bytes.get(at..at + 4)?;
    let s = std::str::from_utf8(s).ok()?;
    u32::from_str_radix(s, 16).ok()
}

/// Computes 1-based (line, column) of byte offsets, moving forward only (amortised O(n)).
struct Cursor<'a> {
    src: &'a str,
    pos: usize,
    line: usize,
    column: usize,
}

impl<'a> Cursor<'a> {
    fn new(src: &'a str, first_line: usize) -> Cursor<'a> {
        Cursor {
            src,
            pos: 0,
            line: first_line,
            column: 1,
        }
    }

    fn at(&mut self, offset: usize) -> (usize, usize) {
        if offset < self.pos {
            // Restart (never happens for increasing offsets).
            self.pos = 0;
            self.column = 1;
        }
        let chunk = self.src.get(self.pos..offset).unwrap_or("").as_bytes();
        // Lines by memchr; the column counts characters (bytes that do not continue a
        // UTF-8 sequence) after the last line break.
        // Most text is ASCII, which a word-at-a-time test tells apart faster than the
        // count can run.
        let chars = |b: &[u8]| {
            if b.is_ascii() {
                b.len()
            } else {
                b.iter().filter(|&&c| c & 0xC0 != 0x80).count()
            }
        };
        match memchr::memrchr(b'\n', chunk) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', chunk).count();
                self.column = 1 + chars(&chunk[last + 1..]);
            }
            None => self.column += chars(chunk),
        }
        self.pos = offset;
        (self.line, self.column)
    }
}

/// Positions `text` (as decoded by serde, with CRLF normalised) using `found`; falls back to
/// a single segment when the scan disagrees with the decoded length.
pub(crate) fn segments_for(text: &str, found: &Found) -> Vec<SourceSegment> {
    if found.decoded_len == text.len()
        && found
            .segments
            .iter()
            .all(|s| text.is_char_boundary(s.text_offset))
    {
        found.segments.clone()
    } else {
        vec![SourceSegment {
            text_offset: 0,
            line: found.line,
            column: found.column,
        }]
    }
}

/// A text decoded by serde, trimmed of surrounding whitespace (speech-to-text segments
/// often start with a space), with CRLF normalised, and its line and segments from
/// `found` (when the scan located it).
pub(crate) fn positioned(
    mut text: String,
    found: Option<&Found>,
) -> (String, usize, Vec<SourceSegment>) {
    normalise_newlines(&mut text);
    let Some(found) = found else {
        let t = text.trim().to_string();
        return (t, 1, Vec::new());
    };
    let segs = segments_for(&text, found);
    let lead = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    if lead == 0 && trimmed.len() == text.len() {
        return (text, found.line, segs);
    }
    let end = lead + trimmed.len();
    let mut out: Vec<SourceSegment> = Vec::with_capacity(segs.len());
    for (i, s) in segs.iter().enumerate() {
        let next = segs.get(i + 1).map_or(usize::MAX, |n| n.text_offset);
        if next <= lead || (s.text_offset >= end && !out.is_empty()) {
            continue;
        }
        if s.text_offset <= lead {
            let skipped = text
                .get(s.text_offset..lead)
                .map_or(0, |p| p.chars().count());
            out.push(SourceSegment {
                text_offset: 0,
                line: s.line,
                column: s.column + skipped,
            });
        } else {
            out.push(SourceSegment {
                text_offset: s.text_offset - lead,
                ..*s
            });
        }
    }
    (trimmed.to_string(), found.line, out)
}

/// The found strings by their first array index (`items[3].text` → 3); with several per
/// index, the first.
pub(crate) fn by_first_index(found: &[Found]) -> HashMap<usize, &Found> {
    let mut out = HashMap::with_capacity(found.len());
    for f in found {
        if let Some(&i) = f.indices.first() {
            out.entry(i).or_insert(f);
        }
    }
    out
}

/// Replaces `\r\n` with `\n` in place when needed.
pub(crate) fn normalise_newlines(text: &mut String) {
    if text.contains('\r') {
        *text = text.replace("\r\n", "\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_turn_texts_with_escapes() {
        let src = "{\"id\": \"x\",\n \"turns\": [\n  {\"speaker\": \"agent\", \"text\": \"a\\\"b c\"},\n  {\"text\": \"é \\u00e9 z\", \"speaker\": \"customer\"}\n ]}";
        let found = locate(src, 1, &[Step::Key("turns"), Step::Any, Step::Key("text")]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].indices, vec![0]);
        assert_eq!((found[0].line, found[0].column), (3, 33));
        // `a"b c`: after the escape, `b` is offset 2 at column 36.
        assert_eq!(found[0].segments[1].text_offset, 2);
        assert_eq!(found[0].segments[1].column, 36);
        assert_eq!(found[0].decoded_len, 5);
        assert_eq!(found[1].indices, vec![1]);
        assert_eq!(found[1].line, 4);
        assert_eq!(found[1].decoded_len, "é é z".len());
    }

    #[test]
    fn nested_arrays_and_garbage_never_panic() {
        let src = r#"[{"turns":[{"text":"a"}]},{"turns":[{"text":"b"},{"text":"c"}]}]"#;
        let found = locate(
            src,
            5,
            &[Step::Any, Step::Key("turns"), Step::Any, Step::Key("text")],
        );
        let idx: Vec<_> = found.iter().map(|f| f.indices.clone()).collect();
        assert_eq!(idx, vec![vec![0, 0], vec![1, 0], vec![1, 1]]);
        assert_eq!(found[2].line, 5);
        for junk in [
            "\"\\",
            "{\"a\":\"\\u12",
            "]]]}}}",
            "\"\\ud800\\u",
            "{\"text\":\"é",
        ] {
            let _ = locate(junk, 1, &[Step::Key("text")]);
        }
    }
}
