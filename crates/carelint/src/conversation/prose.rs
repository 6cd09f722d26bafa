//! The prose of a turn, for sentence metrics: which parts are sentences, and how many
//! words they have.
//!
//! Chat and social text holds much that is not prose: @handles, URLs, e-mail addresses,
//! hashtags, emoji, sign-offs such as `^JD` or `-KC`, tab-separated records pasted from a
//! system, order numbers, and quoted product names. None of these make a sentence hard to
//! read, so they are not counted as words (a quoted name counts as one). Sentences end at
//! `.`, `!`, `?` followed by a space, whatever the case of the next letter ("…is 5. if you
//! go to…" is two sentences), but not after an abbreviation, an initial or inside a
//! number; and at line breaks. A record line (two or more tabs, or a table row of `|`
//! cells) is not prose at all.

use unicode_segmentation::UnicodeSegmentation;

/// One sentence of prose.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sentence {
    /// Byte range in the turn's text, without surrounding whitespace.
    pub start: usize,
    pub end: usize,
    /// Words of prose in it.
    pub words: usize,
}

impl Sentence {
    /// Estimated syllables of its words of prose (for reading grades).
    pub fn syllables(&self, text: &str) -> usize {
        count(&text[self.start..self.end], true).1
    }
}

/// Whether a turn has any sentence punctuation: a long turn without any is an
/// unpunctuated speech-to-text transcript whose sentences cannot be told apart.
pub(crate) fn is_punctuated(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'.' | b'!' | b'?'))
}

/// The sentences of `text` with their word counts.
pub(crate) fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if !is_record(line) {
            split_line(text, line_start, line.len(), &mut out);
        }
        line_start += line.len();
    }
    out
}

/// A pasted record: tab-separated fields or a table row.
fn is_record(line: &str) -> bool {
    line.matches('\t').count() >= 2
        || line.trim_start().starts_with('|') && line.matches('|').count() >= 3
}

fn split_line(text: &str, start: usize, len: usize, out: &mut Vec<Sentence>) {
    let b = text.as_bytes();
    let end = start + len;
    let mut s = start;
    let mut i = start;
    while i < end {
        if matches!(b[i], b'.' | b'!' | b'?') && ends_here(b, i, end) {
            // Take the run of closing punctuation and quotes with the sentence.
            let mut j = i + 1;
            while j < end && matches!(b[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')') {
                j += 1;
            }
            push(text, s, j, out);
            s = j;
            i = j;
            continue;
        }
        i += 1;
    }
    push(text, s, end, out);
}

/// Whether the `.`, `!` or `?` at `i` ends a sentence: followed by whitespace or the end
/// of the line (after closing punctuation), and for a dot not closing an abbreviation, an
/// initial or a number ("5.5", "v2.").
fn ends_here(b: &[u8], i: usize, end: usize) -> bool {
    let mut j = i + 1;
    while j < end && matches!(b[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')') {
        j += 1;
    }
    if j < end && !b[j].is_ascii_whitespace() {
        return false;
    }
    if b[i] != b'.' {
        return true;
    }
    crate::text::ends_sentence_at(b, i) || opens_sentence(b, j, end)
}

/// Words that open a sentence and are never a name: after one, the dot of an initial or
/// an abbreviation ends the sentence too ("at Tower A. Could you…", "Retail Private Ltd. We
/// offer…", "at 2:55 p.m. The seating…").
const OPENERS: &[&str] = &[
    "We",
    "I",
    "You",
    "It",
    "They",
    "This",
    "That",
    "There",
    "The",
    "Our",
    "Your",
    "Could",
    "Would",
    "Can",
    "Please",
    "However",
    "Unfortunately",
    "Also",
    "If",
    "Is",
    "Do",
    "Thank",
    "Thanks",
    "Let",
];

/// Whether the word after the whitespace at `from` is one of [`OPENERS`].
fn opens_sentence(b: &[u8], from: usize, end: usize) -> bool {
    let mut k = from;
    while k < end && b[k].is_ascii_whitespace() {
        k += 1;
    }
    let mut e = k;
    while e < end && b[e].is_ascii_alphabetic() {
        e += 1;
    }
    e > k
        && (e == end || !b[e].is_ascii_alphanumeric())
        && OPENERS.iter().any(|w| w.as_bytes() == &b[k..e])
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let raw = &text[start..end];
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = raw.len() - raw.trim_start().len();
    let (words, _) = count(trimmed, false);
    if words == 0 {
        return;
    }
    out.push(Sentence {
        start: start + lead,
        end: start + lead + trimmed.len(),
        words,
    });
}

/// Words of prose (and their syllables) in a sentence.
fn count(sentence: &str, syllables: bool) -> (usize, usize) {
    let mut words = 0;
    let mut syl = 0;
    let mut in_quote = false;
    for token in sentence.split_whitespace() {
        let opens =
            token.starts_with(['"', '“', '‘']) || (token.starts_with('\'') && token.len() > 1);
        let closes =
            token.ends_with(['"', '”', '’']) || (token.ends_with('\'') && !token.ends_with("s'"));
        if in_quote {
            if closes {
                in_quote = false;
            }
            continue;
        }
        if !is_prose(token) {
            continue;
        }
        if opens && !closes && sentence.matches(['"', '“', '”']).count() >= 2 {
            // A quoted name counts as one word, however long.
            words += 1;
            syl += 1;
            in_quote = true;
            continue;
        }
        if token.is_ascii() && !syllables {
            // ASCII fast path: a word is a run of letters, digits and inner apostrophes.
            let mut in_word = false;
            for b in token.bytes() {
                let w = b.is_ascii_alphanumeric() || (in_word && matches!(b, b'\'' | b'.'));
                if w && !in_word {
                    words += 1;
                }
                in_word = w;
            }
            continue;
        }
        for w in token.unicode_words() {
            words += 1;
            if syllables {
                syl += crate::text::syllables(w);
            }
        }
    }
    (words, syl)
}

/// Whether a whitespace-separated token is a word of prose.
fn is_prose(token: &str) -> bool {
    if token.is_ascii() {
        is_prose_ascii(token.as_bytes())
    } else {
        is_prose_chars(token)
    }
}

/// [`is_prose`] for any token.
fn is_prose_chars(token: &str) -> bool {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric() && !"@#^".contains(c));
    if t.is_empty()
        || t.starts_with('@')
        || t.starts_with('#')
        || t.starts_with('^')
        || token.contains("://")
        || token.starts_with("www.")
        || (t.contains('@') && t.contains('.'))
    {
        return false;
    }
    // Codes and numbers: order ids, phone numbers, amounts.
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if letters == 0 || digits > letters {
        return false;
    }
    // A sign-off: "-KC", "–JD".
    if token.starts_with(['-', '–', '—']) && t.len() <= 3 && t.chars().all(char::is_uppercase) {
        return false;
    }
    true
}

/// [`is_prose`] for an ASCII token (most are), byte by byte.
fn is_prose_ascii(token: &[u8]) -> bool {
    let keep = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'@' | b'#' | b'^');
    let Some(first) = token.iter().position(keep) else {
        return false;
    };
    let last = token.iter().rposition(keep).unwrap_or(first);
    let t = &token[first..=last];
    if matches!(t[0], b'@' | b'#' | b'^')
        || token.windows(3).any(|w| w == b"://")
        || token.starts_with(b"www.")
        || (t.contains(&b'@') && t.contains(&b'.'))
    {
        return false;
    }
    let letters = t.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let digits = t.iter().filter(|b| b.is_ascii_digit()).count();
    if letters == 0 || digits > letters {
        return false;
    }
    !(token[0] == b'-' && t.len() <= 3 && t.iter().all(u8::is_ascii_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<usize> {
        sentences(t).iter().map(|s| s.words).collect()
    }

    #[test]
    fn lower_case_starts_and_abbreviations() {
        assert_eq!(words("The fee is 5. if you go to the store, ask."), [3, 7]);
        assert_eq!(words("Dr. Smith will call at 3 p.m. tomorrow. Bye"), [7, 1]);
        assert_eq!(
            words("Version 2.5 is out"),
            [3],
            "a number is no word of prose"
        );
    }

    #[test]
    fn channel_noise_is_not_counted() {
        let tweet = "@a @b @c @d @e @f @g @h @i @j @k @l @m @n we are looking into it now ^JD https://t.co/x #help";
        assert_eq!(words(tweet), [6]);
        assert_eq!(words("Order 502-2345678-9012345 ships today -KC"), [3]);
        assert!(sentences("id\tname\tstatus\n17\tAcme\tshipped\n").is_empty());
        assert_eq!(
            words("I ordered the \"Galaxy M34 5G Midnight Blue 6GB RAM 128GB Storage\" yesterday"),
            [5]
        );
    }

    #[test]
    fn ascii_path_agrees_with_the_general_one() {
        for t in [
            "word",
            "@handle",
            "#tag",
            "^JD",
            "-KC",
            "-Kc",
            "https://x.y",
            "www.a.com",
            "a@b.com",
            "(hello)",
            "502-234",
            "v2",
            "ab12",
            "a1b",
            "...",
            "'quoted'",
            "e.g.",
            "-",
            "x",
            "--AB",
            "\"Galaxy",
            "it's",
            "A1",
        ] {
            assert_eq!(is_prose_ascii(t.as_bytes()), is_prose_chars(t), "{t}");
        }
    }

    #[test]
    fn an_initial_or_abbreviation_before_an_opener_ends_the_sentence() {
        assert_eq!(words("Go to Tower A. Could you share it?"), vec![4, 4]);
        assert_eq!(
            words("We asked Appario Retail Private Ltd. We offer two things."),
            vec![6, 4]
        );
        assert_eq!(
            words("It leaves at 2:55 p.m. The class is economy."),
            vec![4, 4]
        );
        // a name after an initial or a title does not
        assert_eq!(words("Ask J. Smith or Dr. Jones today."), vec![7]);
    }

    #[test]
    fn ranges_point_at_the_sentence() {
        let t = "  First one.  second one!\nThird";
        let s = sentences(t);
        let got: Vec<&str> = s.iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(got, ["First one.", "second one!", "Third"]);
    }
}
