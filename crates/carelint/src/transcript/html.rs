//! HTML message bodies (Intercom, Zendesk `html_body`) as plain text, keeping positions.
//!
//! Tags are removed; block tags (`<p>`, `<div>`, `<li>`, `<br>`, headings, table rows)
//! become line breaks; `<script>`, `<style>` and comments are dropped; runs of whitespace
//! become one space; character references are decoded. Every place where the text and
//! the HTML stop lining up one-to-one is recorded as an anchor, so that a finding in the
//! text points at the right column of the source.
//!
//! Written by hand: HTML-to-text crates (`html2text`, `html2md`) return only the text, and
//! linting needs the source position of every character.

use super::jsonpos::{self, Found};
use super::SourceSegment;

/// A message body read from JSON as plain text: HTML removed when `is_html`, trimmed,
/// with the line and source segments of the text (from `found`, the body's position).
pub(crate) fn positioned_body(
    raw: String,
    found: Option<&Found>,
    is_html: bool,
) -> (String, usize, Vec<SourceSegment>) {
    if !is_html {
        return jsonpos::positioned(raw, found);
    }
    let mut raw = raw;
    jsonpos::normalise_newlines(&mut raw);
    let converted = to_text(&raw);
    let Some(found) = found else {
        return (converted.text, 1, Vec::new());
    };
    let segments = remap(&raw, &jsonpos::segments_for(&raw, found), &converted);
    let line = segments.first().map_or(found.line, |s| s.line);
    (converted.text, line, segments)
}

/// Text made from HTML, with the anchors mapping text offsets to HTML offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Converted {
    /// The plain text.
    pub text: String,
    /// (offset in `text`, offset in the HTML): from each anchor to the next, text and
    /// HTML are the same characters. The first anchor is at text offset 0.
    pub anchors: Vec<(usize, usize)>,
}

/// Tags after which the text goes on on a new line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "blockquote",
    "pre",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
];

/// Whether a text holds HTML markup (a tag or a character reference).
pub(crate) fn looks_like_html(text: &str) -> bool {
    let tag = text.find('<').is_some_and(|i| {
        text[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
    });
    tag || (text.contains('&') && text.contains(';'))
}

/// Converts an HTML fragment to plain text.
pub(crate) fn to_text(html: &str) -> Converted {
    let mut b = Builder {
        text: String::with_capacity(html.len()),
        anchors: vec![(0, 0)],
        pending_space: false,
    };
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '<' {
            if let Some((len, name, closing)) = tag_at(rest) {
                let skip = match name.as_str() {
                    "!--" => rest.find("-->").map_or(rest.len(), |e| e + 3),
                    "script" | "style" if !closing => {
                        let close = format!("</{name}");
                        rest.to_ascii_lowercase()
                            .find(&close)
                            .and_then(|e| rest[e..].find('>').map(|g| e + g + 1))
                            .unwrap_or(rest.len())
                    }
                    _ => len,
                };
                if BLOCK_TAGS.contains(&name.as_str()) {
                    b.line_break(i + skip);
                }
                i += skip;
                continue;
            }
        }
        if c == '&' {
            if let Some((len, decoded)) = entity(rest) {
                b.push(decoded, i);
                i += len;
                continue;
            }
        }
        if c.is_whitespace() && c != '\u{a0}' {
            let run = rest
                .char_indices()
                .find(|(_, c)| !c.is_whitespace() || *c == '\u{a0}')
                .map_or(rest.len(), |(j, _)| j);
            // One space stands for the run, before the next text.
            b.pending_space = true;
            i += run;
            continue;
        }
        b.push(c, i);
        i += c.len_utf8();
    }
    b.finish()
}

/// Builds the text and its anchors.
struct Builder {
    text: String,
    anchors: Vec<(usize, usize)>,
    /// A space is owed before the next character (whitespace seen after text).
    pending_space: bool,
}

impl Builder {
    /// Appends `c`, read at HTML offset `at`.
    fn push(&mut self, c: char, at: usize) {
        if self.pending_space {
            self.pending_space = false;
            if !self.text.is_empty() && !self.text.ends_with('\n') {
                // The owed space stands for the whitespace just before `at`.
                self.anchor(at.saturating_sub(1));
                self.text.push(' ');
            }
        }
        self.anchor(at);
        self.text.push(c);
    }

    /// Records that the next text character comes from HTML offset `at`, unless the
    /// current run already lines up.
    fn anchor(&mut self, at: usize) {
        let out = self.text.len();
        let &(o, h) = self.anchors.last().unwrap_or(&(0, 0));
        if out - o == at.wrapping_sub(h) && at >= h {
            return;
        }
        match self.anchors.last_mut() {
            Some(last) if last.0 == out => *last = (out, at),
            _ => self.anchors.push((out, at)),
        }
    }

    /// A block boundary: the text goes on on a new line.
    fn line_break(&mut self, to: usize) {
        self.pending_space = false;
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.anchor(to);
            self.text.push('\n');
        }
    }

    fn finish(mut self) -> Converted {
        let end = self.text.trim_end().len();
        self.text.truncate(end);
        self.anchors.retain(|&(o, _)| o <= end);
        Converted {
            text: self.text,
            anchors: self.anchors,
        }
    }
}

/// A tag at the start of `s`: (bytes, lower-case name, closing). Comments are named
/// `!--`. Text like `a < b` is no tag.
fn tag_at(s: &str) -> Option<(usize, String, bool)> {
    if s.starts_with("<!--") {
        return Some((4, "!--".to_string(), false));
    }
    let inner = s.get(1..)?;
    let (closing, name_from) = match inner.strip_prefix('/') {
        Some(_) => (true, 2),
        None => (false, 1),
    };
    let name: String = s[name_from..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let starts_like_tag = s[name_from..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '!');
    if !starts_like_tag {
        return None;
    }
    let close = s.find('>')?;
    if s[1..close].contains('<') {
        return None;
    }
    Some((close + 1, name, closing))
}

/// Decodes a character reference at the start of `s` (`&amp;`, `&#39;`, `&#x2019;`):
/// (bytes used, the character). Named references cover XML's, the space and the common
/// typographic ones; others stay as written.
pub(crate) fn entity(s: &str) -> Option<(usize, char)> {
    let semi = s
        .char_indices()
        .take(12)
        .find(|(_, c)| *c == ';')
        .map(|(i, _)| i)?;
    let name = &s[1..semi];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "bull" => '\u{2022}',
        "middot" => '\u{b7}',
        "copy" => '\u{a9}',
        "reg" => '\u{ae}',
        "trade" => '\u{2122}',
        "euro" => '\u{20ac}',
        "pound" => '\u{a3}',
        "yen" => '\u{a5}',
        "cent" => '\u{a2}',
        "deg" => '\u{b0}',
        "times" => '\u{d7}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((semi + 1, c))
}

/// The source segments of converted text, given the segments of the HTML it came from
/// (`html` is that HTML, for counting characters).
pub(crate) fn remap(
    html: &str,
    html_segments: &[SourceSegment],
    converted: &Converted,
) -> Vec<SourceSegment> {
    // The position of HTML offset `at`.
    let position = |at: usize| -> (usize, usize) {
        let k = html_segments
            .partition_point(|s| s.text_offset <= at)
            .saturating_sub(1);
        match html_segments.get(k) {
            Some(s) => {
                let from = s.text_offset.min(at);
                let chars = html.get(from..at).map_or(0, |p| p.chars().count());
                (s.line, s.column + chars)
            }
            None => (1, 1),
        }
    };
    let text_len = converted.text.len();
    let mut out: Vec<SourceSegment> = Vec::new();
    for (n, &(o, h)) in converted.anchors.iter().enumerate() {
        let run_end = converted.anchors.get(n + 1).map_or(text_len, |next| next.0);
        let (line, column) = position(h);
        out.push(SourceSegment {
            text_offset: o,
            line,
            column,
        });
        // Source segments that start inside this run (after a JSON escape, a new line).
        for s in html_segments {
            if s.text_offset > h && s.text_offset < h + (run_end - o) {
                out.push(SourceSegment {
                    text_offset: o + (s.text_offset - h),
                    line: s.line,
                    column: s.column,
                });
            }
        }
    }
    out.retain(|s| s.text_offset <= text_len && converted.text.is_char_boundary(s.text_offset));
    out.sort_by_key(|s| s.text_offset);
    out.dedup_by(|b, a| {
        a.text_offset == b.text_offset && {
            *a = *b;
            true
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(offset: usize, column: usize) -> SourceSegment {
        SourceSegment {
            text_offset: offset,
            line: 1,
            column,
        }
    }

    #[test]
    fn tags_blocks_entities_and_whitespace() {
        let c = to_text("<p>Hi  <b>Ann</b>,</p><p>we&rsquo;re on it &amp; more<br>Bye</p>");
        assert_eq!(c.text, "Hi Ann,\nwe\u{2019}re on it & more\nBye");
        let c = to_text("<div>\n  <!-- x --><script>var a = '<p>';</script>ok</div>");
        assert_eq!(c.text, "ok");
        assert_eq!(to_text("a < b and c > d").text, "a < b and c > d");
        assert!(looks_like_html("<p>x</p>"));
        assert!(!looks_like_html("3 < 4"));
    }

    #[test]
    fn positions_follow_the_html() {
        let html = "<p>Hi <b>Ann</b>, &amp; co</p>";
        let c = to_text(html);
        assert_eq!(c.text, "Hi Ann, & co");
        // The HTML starts at column 10 of line 1 of the source.
        let segs = remap(html, &[seg(0, 10)], &c);
        let turn = crate::Turn {
            segments: segs,
            ..crate::Turn::new(crate::Speaker::Agent, c.text.clone())
        };
        let col = |needle: &str| turn.position(turn.text.find(needle).unwrap()).1;
        assert_eq!(col("Hi"), 10 + 3);
        assert_eq!(col("Ann"), 10 + html.find("Ann").unwrap());
        assert_eq!(col(", "), 10 + html.find(", &").unwrap());
        assert_eq!(col("&"), 10 + html.find("&amp;").unwrap());
        assert_eq!(col("co"), 10 + html.find("co").unwrap());
    }

    #[test]
    fn json_escapes_inside_runs_keep_their_columns() {
        // The decoded HTML `<p>a"b</p>` was written `<p>a\"b</p>` at column 1: after the
        // escape, the source is one column ahead.
        let html = "<p>a\"b</p>";
        let c = to_text(html);
        let segs = remap(html, &[seg(0, 1), seg(5, 7)], &c);
        let turn = crate::Turn {
            segments: segs,
            ..crate::Turn::new(crate::Speaker::Agent, c.text.clone())
        };
        assert_eq!(turn.text, "a\"b");
        assert_eq!(turn.position(0).1, 4);
        assert_eq!(turn.position(2).1, 7);
    }

    #[test]
    fn garbage_never_panics() {
        for junk in [
            "<",
            "<p",
            "&",
            "&#;",
            "&#xFFFFFFFF;",
            "<!--",
            "<script>",
            "</",
            "é<é>é",
        ] {
            let c = to_text(junk);
            let _ = remap(junk, &[seg(0, 1)], &c);
        }
    }
}
