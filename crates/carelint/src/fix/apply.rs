//! Applying suggested replacements to a source's text, escaped for its format.

use crate::diagnostic::Diagnostic;
use crate::transcript::Format;

/// The result of [`apply_fixes`].
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixResult {
    /// The source text with every applied fix.
    pub text: String,
    /// Number of fixes applied.
    pub applied: usize,
    /// Number of findings with a suggestion whose fix was not applied (the text at the
    /// finding's position differs from its match, it overlaps a fix that won, or it would
    /// not converge).
    pub skipped: usize,
    /// Indices (into the `diags` given to [`apply_fixes`]) of the findings that were
    /// fixed, in ascending order. The other findings still stand in the new text.
    pub fixed: Vec<usize>,
}

/// Maps a 1-based `line` and 1-based `column` (counted in Unicode characters, as in
/// [`Diagnostic::column`]) to a byte offset in `text`.
///
/// Lines end at `\n`; a `\r` before it is not part of the line. A byte-order mark at the
/// start of the text is not counted (the readers drop it before numbering columns). The
/// column may be one past the line's last character (the end of the line).
///
/// Returns `None` when the line or column is outside the text, or either is 0.
#[must_use]
pub(crate) fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 || column == 0 {
        return None;
    }
    let mut start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut content = &text[start..end];
    content = content.strip_suffix('\r').unwrap_or(content);
    if line == 1 {
        if let Some(rest) = content.strip_prefix('\u{feff}') {
            content = rest;
            start += '\u{feff}'.len_utf8();
        }
    }
    let wanted = column - 1;
    let mut chars = content.char_indices();
    for _ in 0..wanted {
        chars.next()?;
    }
    Some(start + chars.next().map_or(content.len(), |(i, _)| i))
}

/// Byte offsets of many (line, column) positions in one text, in time linear in the
/// text plus the number of positions (one [`byte_offset`] per finding would be
/// quadratic on a long line with many findings).
pub(crate) struct Offsets<'t> {
    text: &'t str,
    /// Byte offset of the start of each line.
    lines: Vec<usize>,
}

impl<'t> Offsets<'t> {
    pub(crate) fn new(text: &'t str) -> Offsets<'t> {
        let lines = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Offsets { text, lines }
    }

    /// Whether the line holding byte `at` ends with `\r\n` (a binary search, not a scan:
    /// asked once per fix).
    fn ends_in_crlf(&self, at: usize) -> bool {
        let line = self.lines.partition_point(|&start| start <= at);
        match self.lines.get(line) {
            Some(&next) => self.text.as_bytes().get(next.wrapping_sub(2)) == Some(&b'\r'),
            None => false,
        }
    }

    /// The byte offset of each (line, column), as [`byte_offset`] gives it.
    pub(crate) fn resolve(&self, positions: &[(usize, usize)]) -> Vec<Option<usize>> {
        let mut order: Vec<usize> = (0..positions.len()).collect();
        order.sort_by_key(|&i| positions[i]);
        let mut out = vec![None; positions.len()];
        // A cursor on the current line: (line, column, byte offset of that column).
        let mut cursor: Option<(usize, usize, usize)> = None;
        for i in order {
            let (line, column) = positions[i];
            if line == 0 || column == 0 || line > self.lines.len() {
                continue;
            }
            let start = self.lines[line - 1];
            let end = self.lines.get(line).map_or(self.text.len(), |&n| n - 1);
            let mut content_start = start;
            let mut content = &self.text[start..end];
            content = content.strip_suffix('\r').unwrap_or(content);
            if line == 1 {
                if let Some(rest) = content.strip_prefix('\u{feff}') {
                    content = rest;
                    content_start += '\u{feff}'.len_utf8();
                }
            }
            let content_end = content_start + content.len();
            let (mut col, mut at) = match cursor {
                Some((l, c, b)) if l == line && c <= column => (c, b),
                _ => (1, content_start),
            };
            while col < column && at < content_end {
                at += self.text[at..].chars().next().map_or(1, char::len_utf8);
                col += 1;
            }
            cursor = Some((line, col, at));
            if col == column {
                out[i] = Some(at);
            }
        }
        out
    }
}

/// One fix that can be applied: replace `start..end` by `replacement`.
struct Candidate<'a> {
    start: usize,
    end: usize,
    replacement: std::borrow::Cow<'a, str>,
    rule: &'a str,
    index: usize,
}

/// Applies the suggested replacement of every finding in `diags` to `source`, the text
/// of the file the findings came from, read as `format` ([`Format::Plain`] for a reply
/// template or a plain transcript; [`Format::Auto`] detects the format from the text).
///
/// See the [module documentation](crate::fix) for how fixes are located, ordered and
/// checked. In a structured source (JSON, CSV, captions) each replacement is escaped as
/// the format needs, or its fix is skipped when it cannot be written safely. Findings
/// without a suggestion are ignored. Never panics, whatever the findings say.
///
/// # Example
///
/// ```
/// use carelint::fix::apply_fixes;
/// use carelint::{Format, Linter};
///
/// let pack = r#"
/// - id: no-asap
///   category: jargon
///   severity: warning
///   kind: phrases
///   phrases: [ASAP]
///   suggest: {asap: 'as soon as "possible"'}
///   message: "“{match}” is an abbreviation"
///   why: Spell it out.
/// "#;
/// let linter = Linter::builder().default_rules(false).rules_str("p.yaml", pack).build()?;
/// let json = r#"{"id": "c1", "turns": [{"speaker": "agent", "text": "Back ASAP."}]}"#;
/// let diags = linter.lint_text("c1.json", json, Format::Json)?.diagnostics;
/// let fixed = apply_fixes(json, &diags, Format::Json);
/// assert!(fixed.text.contains(r#""Back as soon as \"possible\".""#));
/// # Ok::<(), carelint::Error>(())
/// ```
#[must_use]
pub fn apply_fixes(source: &str, diags: &[Diagnostic], format: Format) -> FixResult {
    let syntax = Syntax::of(format, source);
    let with_fix: Vec<(usize, &Diagnostic, &str)> = diags
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some((i, d, d.suggestion.as_deref()?)))
        .collect();
    let positions: Vec<(usize, usize)> = with_fix
        .iter()
        .map(|(_, d, _)| (d.line, d.column))
        .collect();
    let offsets = Offsets::new(source);
    let starts = offsets.resolve(&positions);
    let mut candidates = Vec::new();
    let mut skipped = 0;
    for ((index, d, replacement), start) in with_fix.into_iter().zip(starts) {
        match start.and_then(|start| candidate(source, d, replacement, start, index)) {
            Some(c) => candidates.push(c),
            None => skipped += 1,
        }
    }
    candidates.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.rule.cmp(b.rule))
            .then(a.index.cmp(&b.index))
    });
    let mut text = String::with_capacity(source.len());
    let mut copied = 0;
    let mut fixed = Vec::new();
    let mut quotes = QuoteParity::default();
    for c in candidates {
        if c.start < copied {
            skipped += 1;
            continue;
        }
        let quoted = quotes.inside(source, c.start);
        let Some(replacement) = syntax.escape(&c.replacement, quoted) else {
            skipped += 1;
            continue;
        };
        // A replacement with line breaks gets the line ending of the line it lands on.
        text.push_str(&source[copied..c.start]);
        if replacement.contains('\n') && offsets.ends_in_crlf(c.end) {
            text.push_str(&replacement.replace("\r\n", "\n").replace('\n', "\r\n"));
        } else {
            text.push_str(&replacement);
        }
        copied = c.end;
        fixed.push(c.index);
    }
    text.push_str(&source[copied..]);
    fixed.sort_unstable();
    FixResult {
        text,
        applied: fixed.len(),
        skipped,
        fixed,
    }
}

fn candidate<'a>(
    source: &str,
    d: &'a Diagnostic,
    replacement: &'a str,
    start: usize,
    index: usize,
) -> Option<Candidate<'a>> {
    let matched = d.matched.as_deref().filter(|m| !m.is_empty())?;
    let end = start.checked_add(matched.len())?;
    if source.get(start..end)? != matched
        || replacement == matched
        || crate::text::contains_word_ignore_case(replacement, matched)
    {
        return None;
    }
    let (start, replacement) = agree_article(source, start, replacement);
    Some(Candidate {
        start,
        end,
        replacement,
        rule: &d.rule,
        index,
    })
}

/// A replacement after "a" or "an" takes the article its first word needs: "an RMA"
/// becomes "a return authorisation", not "an return authorisation". The fix then starts
/// at the article. Other words before the match are left alone.
fn agree_article<'a>(
    source: &str,
    start: usize,
    replacement: &'a str,
) -> (usize, std::borrow::Cow<'a, str>) {
    use std::borrow::Cow;
    let before = &source[..start];
    let Some(rest) = before.strip_suffix(' ') else {
        return (start, Cow::Borrowed(replacement));
    };
    let word_start = rest
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let article = &rest[word_start..];
    let an = if article.eq_ignore_ascii_case("a") {
        false
    } else if article.eq_ignore_ascii_case("an") {
        true
    } else {
        return (start, Cow::Borrowed(replacement));
    };
    let wants_an = takes_an(replacement);
    if wants_an == an {
        return (start, Cow::Borrowed(replacement));
    }
    let capital = article.starts_with(char::is_uppercase);
    let new = match (wants_an, capital) {
        (true, true) => "An",
        (true, false) => "an",
        (false, true) => "A",
        (false, false) => "a",
    };
    (word_start, Cow::Owned(format!("{new} {replacement}")))
}

/// Whether a replacement text is spoken with a vowel first ("an investigation", "a
/// return"). Replacements are plain words written out, not abbreviations, so the first
/// letter decides, with the usual exceptions of a "yoo" or "w" sound.
fn takes_an(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    let vowel = lower.starts_with(['a', 'e', 'i', 'o', 'u']);
    let exception = ["one", "once", "uni", "use", "usu", "uti", "eu", "ewe"]
        .iter()
        .any(|p| lower.starts_with(p));
    let silent_h = ["hour", "honest", "honour", "honor", "heir"]
        .iter()
        .any(|p| lower.starts_with(p));
    (vowel && !exception) || silent_h
}

/// How a replacement must be written into the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// Plain text: as it is.
    Plain,
    /// Inside a JSON string.
    Json,
    /// Inside a JSON string that may hold HTML (Intercom, Zendesk bodies).
    JsonHtml,
    /// A CSV (`,` or `;`) or TSV field.
    Separated,
    /// WebVTT cue text.
    Vtt,
    /// SRT subtitle text.
    Srt,
}

impl Syntax {
    fn of(format: Format, source: &str) -> Syntax {
        let format = match format {
            Format::Auto => Format::detect(None, source).unwrap_or(Format::Plain),
            f => f,
        };
        match format {
            Format::Auto | Format::Plain => Syntax::Plain,
            Format::Json
            | Format::Jsonl
            | Format::AwsTranscribe
            | Format::ContactLens
            | Format::Whisper
            | Format::Deepgram
            | Format::GoogleCcai
            | Format::Genesys => Syntax::Json,
            Format::Intercom | Format::Zendesk => Syntax::JsonHtml,
            Format::Csv | Format::Tsv => Syntax::Separated,
            Format::Vtt => Syntax::Vtt,
            Format::Srt => Syntax::Srt,
        }
    }

    /// The replacement as written into the source, or `None` when it cannot be written
    /// safely. `quoted`: the match lies inside a double-quoted CSV field.
    fn escape(self, replacement: &str, quoted: bool) -> Option<String> {
        let has = |chars: &[char]| replacement.contains(chars);
        match self {
            Syntax::Plain => Some(replacement.to_string()),
            Syntax::Json => {
                let quoted = serde_json::to_string(replacement).ok()?;
                Some(quoted[1..quoted.len() - 1].to_string())
            }
            // Markup or an entity would be read back as HTML (or not, in a plain-text
            // field): refused either way.
            Syntax::JsonHtml if has(&['<', '>', '&']) => None,
            Syntax::JsonHtml => Syntax::Json.escape(replacement, quoted),
            Syntax::Separated if quoted => {
                (!has(&['\r', '\n'])).then(|| replacement.replace('"', "\"\""))
            }
            Syntax::Separated => {
                (!has(&['"', ',', ';', '\t', '\r', '\n'])).then(|| replacement.to_string())
            }
            Syntax::Vtt => (!has(&['\r', '\n']) && !replacement.contains("-->")).then(|| {
                replacement
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            }),
            Syntax::Srt => (!has(&['\r', '\n', '<']) && !replacement.contains("-->"))
                .then(|| replacement.to_string()),
        }
    }
}

/// Whether a byte offset lies inside a double-quoted CSV field: an odd number of `"`
/// before it (a doubled `""` inside a field counts twice). Queried at increasing
/// offsets, so the whole text is scanned once.
#[derive(Default)]
struct QuoteParity {
    scanned: usize,
    odd: bool,
}

impl QuoteParity {
    fn inside(&mut self, source: &str, at: usize) -> bool {
        if at > self.scanned {
            let quotes = source.as_bytes()[self.scanned..at]
                .iter()
                .filter(|&&b| b == b'"')
                .count();
            self.odd ^= quotes % 2 == 1;
            self.scanned = at;
        }
        self.odd
    }
}

/// A finding to build test cases from (by changing its fields), made by linting so that
/// tests keep compiling when `Diagnostic` gains fields.
#[cfg(test)]
pub(crate) fn sample_diagnostic() -> Diagnostic {
    let pack = r#"
- id: sample
  category: jargon
  severity: warning
  kind: phrases
  phrases: [zzsample]
  message: "sample"
  why: For tests.
"#;
    let linter = crate::Linter::builder()
        .default_rules(false)
        .rules_str("sample.yaml", pack)
        .build()
        .expect("sample pack loads");
    let mut d = linter
        .lint_text("<sample>", "Agent: zzsample", crate::Format::Plain)
        .expect("sample lints")
        .diagnostics
        .remove(0);
    d.speaker = Some(crate::Speaker::Agent);
    d
}

#[cfg(test)]
mod tests {

    #[test]
    fn articles_follow_the_replacement() {
        let fix = |src: &str, at: &str, rep: &str| {
            let start = src.find(at).unwrap();
            let (s, r) = agree_article(src, start, rep);
            format!("{}{}{}", &src[..s], r, &src[start + at.len()..])
        };
        assert_eq!(
            fix("Get an RMA.", "RMA", "return code"),
            "Get a return code."
        );
        assert_eq!(
            fix("An SME calls.", "SME", "specialist"),
            "A specialist calls."
        );
        assert_eq!(fix("a URL", "URL", "link"), "a link");
        assert_eq!(fix("an RCA", "RCA", "investigation"), "an investigation");
        assert_eq!(fix("a ETA", "ETA", "estimate"), "an estimate");
        assert_eq!(
            fix("a UTR", "UTR", "unique reference"),
            "a unique reference"
        );
        assert_eq!(
            fix("banana RMA", "RMA", "return code"),
            "banana return code"
        );
        assert_eq!(fix("RMA", "RMA", "return code"), "return code");
    }
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(line: usize, column: usize, matched: &str, suggestion: &str, rule: &str) -> Diagnostic {
        let mut d = crate::fix::sample_diagnostic();
        d.path = "t.txt".into();
        d.transcript = "t.txt".into();
        d.turn = Some(0);
        d.speaker = Some(crate::Speaker::Agent);
        d.rule = rule.into();
        d.category = crate::Category::Jargon;
        d.severity = Severity::Warning;
        d.message = "m".into();
        d.line = line;
        d.column = column;
        d.span = None;
        d.matched = Some(matched.into());
        d.suggestion = Some(suggestion.into());
        d.end_line = line;
        d.end_column = column + matched.chars().count();
        d.transcript_index = 0;
        d
    }

    #[test]
    fn byte_offsets_count_characters_and_stop_before_crlf() {
        let text = "Agent: héllo\r\nCustomer: hi\n";
        assert_eq!(byte_offset(text, 1, 8), Some(7));
        assert_eq!(byte_offset(text, 1, 10), Some(10)); // after the two-byte `é`
        assert_eq!(byte_offset(text, 1, 13), Some(13)); // end of the line, before `\r\n`
        assert_eq!(byte_offset(text, 1, 14), None);
        assert_eq!(byte_offset(text, 2, 1), Some(15));
        assert_eq!(byte_offset(text, 4, 1), None);
    }

    #[test]
    fn offsets_count_characters_and_skip_the_bom() {
        let text = "\u{feff}ab\nçd\r\n\nx";
        assert_eq!(byte_offset(text, 1, 1), Some(3));
        assert_eq!(byte_offset(text, 1, 3), Some(5));
        assert_eq!(byte_offset(text, 2, 2), Some(8));
        assert_eq!(byte_offset(text, 2, 3), Some(9));
        assert_eq!(byte_offset(text, 2, 4), None);
        assert_eq!(byte_offset(text, 3, 1), Some(11));
        assert_eq!(byte_offset(text, 4, 2), Some(13));
        assert_eq!(byte_offset(text, 5, 1), None);
        assert_eq!(byte_offset(text, 0, 1), None);
        assert_eq!(byte_offset("", 1, 1), Some(0));
    }

    #[test]
    fn applies_and_verifies() {
        let src = "Agent: ASAP and FYI.\n";
        let r = apply_fixes(
            src,
            &[
                diag(1, 8, "ASAP", "as soon as possible", "a"),
                diag(1, 17, "FYI", "for your information", "b"),
                diag(1, 8, "NOPE", "x", "c"),
            ],
            Format::Plain,
        );
        assert_eq!(
            r.text,
            "Agent: as soon as possible and for your information.\n"
        );
        assert_eq!((r.applied, r.skipped), (2, 1));
        assert_eq!(r.fixed, vec![0, 1]);
    }

    #[test]
    fn overlaps_resolve_earliest_then_longest_then_rule() {
        let src = "please call back asap now";
        let r = apply_fixes(
            src,
            &[
                diag(1, 13, "back asap", "z", "zz"),
                diag(1, 8, "call back", "y", "b"),
                diag(1, 8, "call back asap", "x", "c"),
                diag(1, 8, "call back asap", "w", "a"),
            ],
            Format::Plain,
        );
        assert_eq!(r.text, "please w now");
        assert_eq!((r.applied, r.skipped), (1, 3));
        assert_eq!(r.fixed, vec![3]);
    }

    #[test]
    fn non_converging_and_noop_fixes_are_skipped() {
        let src = "the RMA and u";
        let r = apply_fixes(
            src,
            &[
                diag(1, 5, "RMA", "return authorisation (RMA)", "a"),
                diag(1, 13, "u", "you", "b"),
                diag(1, 1, "the", "the", "c"),
            ],
            Format::Plain,
        );
        assert_eq!(r.text, "the RMA and you");
        assert_eq!((r.applied, r.skipped), (1, 2));
    }

    #[test]
    fn multi_line_replacement_takes_the_line_ending() {
        let src = "a X b\r\nc\r\n";
        let r = apply_fixes(src, &[diag(1, 3, "X", "1\n2", "a")], Format::Plain);
        assert_eq!(r.text, "a 1\r\n2 b\r\nc\r\n");
    }

    #[test]
    fn bad_positions_never_panic() {
        let src = "héllo";
        let mut d = diag(1, 2, "é", "e", "a");
        assert_eq!(
            apply_fixes(src, std::slice::from_ref(&d), Format::Plain).text,
            "hello"
        );
        d.column = 99;
        assert_eq!(
            apply_fixes(src, std::slice::from_ref(&d), Format::Plain).skipped,
            1
        );
        d.line = usize::MAX;
        d.column = usize::MAX;
        assert_eq!(
            apply_fixes(src, std::slice::from_ref(&d), Format::Plain).skipped,
            1
        );
        d.line = 1;
        d.column = 2;
        d.matched = Some("élloooooo".into());
        assert_eq!(apply_fixes(src, &[d], Format::Plain).skipped, 1);
    }

    #[test]
    fn many_positions_resolve_like_byte_offset() {
        let text = "\u{feff}héllo wörld\r\nab\n\nçd ef gh\n";
        let mut positions = Vec::new();
        for line in 0..7 {
            for column in 0..16 {
                positions.push((line, column));
            }
        }
        positions.reverse();
        let got = Offsets::new(text).resolve(&positions);
        for (p, g) in positions.iter().zip(got) {
            assert_eq!(g, byte_offset(text, p.0, p.1), "{p:?}");
        }
    }

    #[test]
    fn line_endings_are_found_by_search() {
        let text = "a\r\nb\n\nc\r\nd";
        let o = Offsets::new(text);
        let crlf: Vec<bool> = (0..text.len()).map(|i| o.ends_in_crlf(i)).collect();
        // a \r \n | b \n | \n | c \r \n | d
        assert_eq!(
            crlf,
            [true, true, true, false, false, false, true, true, true, false]
        );
        let src = "a X b\r\nc X\nX";
        let r = apply_fixes(
            src,
            &[
                diag(1, 3, "X", "1\n2", "a"),
                diag(2, 3, "X", "3\n4", "a"),
                diag(3, 1, "X", "5\n6", "a"),
            ],
            Format::Plain,
        );
        assert_eq!(r.text, "a 1\r\n2 b\r\nc 3\n4\n5\n6");
    }

    #[test]
    fn escaping_per_format() {
        let json = Syntax::Json;
        assert_eq!(
            json.escape("a \"b\" \\ c\nd", false).unwrap(),
            "a \\\"b\\\" \\\\ c\\nd"
        );
        let csv = Syntax::Separated;
        assert_eq!(
            csv.escape("say \"hi\", then", true).unwrap(),
            "say \"\"hi\"\", then"
        );
        assert_eq!(csv.escape("a\nb", true), None);
        assert_eq!(csv.escape("a, b", false), None);
        assert_eq!(csv.escape("a; b", false), None);
        assert_eq!(csv.escape("plain words", false).unwrap(), "plain words");
        assert_eq!(
            Syntax::Vtt.escape("a & <b>", false).unwrap(),
            "a &amp; &lt;b&gt;"
        );
        assert_eq!(Syntax::Vtt.escape("a\n\nb", false), None);
        assert_eq!(Syntax::Vtt.escape("a --> b", false), None);
        assert_eq!(Syntax::Srt.escape("a\nb", false), None);
        assert_eq!(Syntax::Srt.escape("<i>x</i>", false), None);
        assert_eq!(Syntax::Plain.escape("a\nb", false).unwrap(), "a\nb");
        assert_eq!(Syntax::JsonHtml.escape("a <b>", false), None);
        assert_eq!(
            Syntax::JsonHtml.escape("a \"b\"", false).unwrap(),
            "a \\\"b\\\""
        );
    }

    #[test]
    fn quote_parity_counts_doubled_quotes_twice() {
        let src = "a,\"b \"\"c\"\" d\",e";
        let mut q = QuoteParity::default();
        assert!(!q.inside(src, 1));
        assert!(q.inside(src, 4));
        assert!(q.inside(src, 10));
        assert!(!q.inside(src, src.len() - 1));
    }
}
