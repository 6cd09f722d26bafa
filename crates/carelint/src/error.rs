//! The one error type of the library.
//!
//! Linting an already-parsed [`Transcript`](crate::Transcript) never fails; loading rules
//! and configuration and reading sources do. An [`Error`] says what kind of problem it is
//! ([`ErrorKind`]), where (path, line, column, rule id), and keeps the underlying
//! [`std::io::Error`] as its [`source`](std::error::Error::source). It never exposes the
//! types of the YAML, JSON or regex parsers, and its `Display` is one line.
//!
//! Loading rules reports every problem at once: such an error holds all of them, and
//! [`Error::problems`] lists them.

use std::fmt;
use std::io;
use std::sync::Arc;

/// What kind of problem an [`Error`] is.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A rule pack is invalid: YAML syntax, an unknown key, a bad value or regex, a
    /// duplicate id.
    Rule,
    /// A configuration setting is invalid (a `carelint.yaml` key, or a builder setting
    /// that names an unknown rule or category).
    Config,
    /// A source is not valid in its format (a transcript, a baseline file).
    Parse,
    /// A file could not be read or written.
    Io,
    /// An input is larger than a configured limit.
    TooLarge,
}

impl ErrorKind {
    /// A short lowercase name: `rule`, `config`, `parse`, `io`, `too-large`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Rule => "rule",
            ErrorKind::Config => "config",
            ErrorKind::Parse => "parse",
            ErrorKind::Io => "io",
            ErrorKind::TooLarge => "too-large",
        }
    }
}

/// An error from loading rules or configuration, or from reading a source.
///
/// Cheap to clone (an `Arc` inside).
///
/// # Example
///
/// ```
/// use carelint::{ErrorKind, Linter};
///
/// let pack = "- id: Bad_Id\n  category: jargon\n  severity: warning\n  kind: phrases\n  phrases: [x]\n  message: m\n  why: w\n";
/// let err = Linter::builder().default_rules(false).rules_str("pack.yaml", pack).build().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Rule);
/// assert_eq!((err.path(), err.line(), err.rule()), (Some("pack.yaml"), Some(1), Some("Bad_Id")));
/// assert!(err.to_string().starts_with("pack.yaml:1:"));
/// ```
#[derive(Clone)]
pub struct Error {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    path: Option<String>,
    position: Option<(usize, usize)>,
    rule: Option<String>,
    message: String,
    source: Option<io::Error>,
    /// Every problem, when several were found at once (the first is this one's copy).
    problems: Vec<Error>,
}

impl Error {
    /// A new error of `kind` with a message. Messages are one line; newlines are replaced
    /// by spaces. Whatever the message quotes (between `"`, `` ` `` or “ ”) is cut to 80
    /// characters, and the whole message to 1,000: an error never echoes a long input.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        let mut message = message.into();
        if message.contains('\n') {
            message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        if message.len() > MAX_QUOTE {
            message = shorten_quoted(&message);
        }
        Error {
            inner: Arc::new(Inner {
                kind,
                path: None,
                position: None,
                rule: None,
                message,
                source: None,
                problems: Vec::new(),
            }),
        }
    }

    /// An I/O error on `path`; `what` says what was being done ("cannot read rules").
    pub fn io(path: impl Into<String>, what: &str, source: io::Error) -> Error {
        let reason = match source.kind() {
            io::ErrorKind::NotFound => "no such file or folder".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => source.to_string(),
        };
        let message = if what.is_empty() {
            reason
        } else {
            format!("{what}: {reason}")
        };
        let mut e = Error::new(ErrorKind::Io, message).with_path(path);
        e.inner_mut().source = Some(source);
        e
    }

    /// A parse error at a 1-based line and column of `path`.
    pub fn parse(
        path: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Error {
        Error::new(ErrorKind::Parse, message)
            .with_path(path)
            .at(line, column)
    }

    /// Several problems reported as one error (every bad rule in every pack). The error's
    /// own fields are the first problem's. `problems` must not be empty.
    pub(crate) fn many(mut problems: Vec<Error>) -> Error {
        debug_assert!(!problems.is_empty());
        if problems.len() == 1 {
            return problems.remove(0);
        }
        let first = &problems[0];
        let mut e = Error::new(first.kind(), first.message());
        e.inner_mut().path = first.inner.path.clone();
        e.inner_mut().position = first.inner.position;
        e.inner_mut().rule = first.inner.rule.clone();
        e.inner_mut().problems = problems;
        e
    }

    /// The same error with the path of the file it is about.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Error {
        self.inner_mut().path = Some(path.into());
        self
    }

    /// The same error at a 1-based line and column (0 means unknown and is ignored).
    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Error {
        if line > 0 {
            self.inner_mut().position = Some((line, column.max(1)));
        }
        self
    }

    /// The same error naming the rule it is about.
    #[must_use]
    pub fn with_rule(mut self, rule: impl Into<String>) -> Error {
        let rule = rule.into();
        self.inner_mut().rule = Some(if rule.chars().count() > MAX_QUOTE {
            excerpt(&rule)
        } else {
            rule
        });
        self
    }

    fn inner_mut(&mut self) -> &mut Inner {
        Arc::get_mut(&mut self.inner).expect("errors are built before they are shared")
    }

    /// What kind of problem this is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The file (or named source) the problem is in, if known.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }

    /// The 1-based line of the problem, if known.
    #[must_use]
    pub fn line(&self) -> Option<usize> {
        self.inner.position.map(|p| p.0)
    }

    /// The 1-based column (in characters) of the problem, if known.
    #[must_use]
    pub fn column(&self) -> Option<usize> {
        self.inner.position.map(|p| p.1)
    }

    /// The id of the rule the problem is in, if known.
    #[must_use]
    pub fn rule(&self) -> Option<&str> {
        self.inner.rule.as_deref()
    }

    /// What is wrong and, where possible, how to fix it; without the position.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The kind of the underlying I/O error, for [`ErrorKind::Io`].
    pub fn io_error_kind(&self) -> Option<io::ErrorKind> {
        self.inner.source.as_ref().map(io::Error::kind)
    }

    /// Every problem this error stands for: itself, or each of several found at once.
    #[must_use]
    pub fn problems(&self) -> &[Error] {
        if self.inner.problems.is_empty() {
            std::slice::from_ref(self)
        } else {
            &self.inner.problems
        }
    }

    /// The position as `path:line:col`, `path` or nothing.
    fn write_location(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.inner.path, self.inner.position) {
            (Some(p), Some((l, c))) => write!(f, "{p}:{l}:{c}: "),
            (Some(p), None) => write!(f, "{p}: "),
            (None, Some((l, c))) => write!(f, "{l}:{c}: "),
            (None, None) => Ok(()),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind)
            .field("path", &self.inner.path)
            .field("position", &self.inner.position)
            .field("rule", &self.inner.rule)
            .field("message", &self.inner.message);
        if !self.inner.problems.is_empty() {
            d.field("problems", &self.inner.problems);
        }
        d.finish()
    }
}

impl PartialEq for Error {
    fn eq(&self, other: &Error) -> bool {
        self.kind() == other.kind()
            && self.inner.path == other.inner.path
            && self.inner.position == other.inner.position
            && self.inner.rule == other.inner.rule
            && self.inner.message == other.inner.message
            && self.inner.problems == other.inner.problems
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_location(f)?;
        if let Some(rule) = &self.inner.rule {
            write!(f, "rule `{rule}`: ")?;
        }
        f.write_str(&self.inner.message)?;
        let more = self.inner.problems.len().saturating_sub(1);
        if more > 0 {
            write!(
                f,
                " (and {more} more problem{})",
                if more == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Longest quoted value an error message keeps whole (characters).
const MAX_QUOTE: usize = 80;
/// Longest error message (characters).
const MAX_MESSAGE: usize = 1000;

/// Cuts every quoted span of `message` (`"…"` with backslash escapes, `` `…` ``, “…”) to
/// [`excerpt`] length, then the whole message to [`MAX_MESSAGE`] characters. Parsers
/// quote the offending value in their messages (serde: ``invalid type: string "…"``,
/// ``unknown field `…` ``), whatever its length.
fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * MAX_MESSAGE));
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        let close = match c {
            '"' => '"',
            '`' => '`',
            '“' => '”',
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push(c);
        let mut quoted = String::new();
        let mut closed = false;
        let mut escaped = false;
        for q in chars.by_ref() {
            if q == close && !escaped {
                closed = true;
                break;
            }
            escaped = close == '"' && q == '\\' && !escaped;
            if quoted.len() <= 4 * MAX_QUOTE {
                quoted.push(q);
            }
        }
        out.push_str(&excerpt(&quoted));
        if closed {
            out.push(close);
        }
    }
    if out.chars().count() > MAX_MESSAGE {
        out = out.chars().take(MAX_MESSAGE - 1).collect();
        out.push('…');
    }
    out
}

/// Shortens a value from the input for an error message: at most 80 characters, with an
/// ellipsis, on one line. Input can be of any length; messages must not echo all of it.
pub(crate) fn excerpt(value: &str) -> String {
    const MAX: usize = 80;
    let one_line: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX + 1)
        .collect();
    if one_line.chars().count() > MAX {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_with_position() {
        let e = Error::new(ErrorKind::Rule, "bad\n  regex")
            .with_path("p.yaml")
            .at(3, 7)
            .with_rule("r");
        assert_eq!(e.to_string(), "p.yaml:3:7: rule `r`: bad regex");
        assert_eq!(e.line(), Some(3));
        let many = Error::many(vec![e.clone(), Error::new(ErrorKind::Rule, "x")]);
        assert_eq!(many.problems().len(), 2);
        assert!(many.to_string().ends_with("(and 1 more problem)"), "{many}");
    }

    #[test]
    fn io_keeps_its_source() {
        let e = Error::io(
            "a.txt",
            "cannot read",
            io::Error::from(io::ErrorKind::NotFound),
        );
        assert_eq!(e.io_error_kind(), Some(io::ErrorKind::NotFound));
        assert!(std::error::Error::source(&e).is_some());
        assert_eq!(e.to_string(), "a.txt: cannot read: no such file or folder");
    }

    #[test]
    fn messages_never_echo_long_values() {
        let long = "y".repeat(100_000);
        for message in [
            format!("invalid type: string \"{long}\", expected a number"),
            format!("unknown field `{long}`"),
            format!("the phrase “{long}” is too long"),
            format!("unterminated \"{long}"),
            format!("escaped \"a\\\"{long}\" end"),
        ] {
            let e = Error::new(ErrorKind::Parse, message);
            assert!(e.message().chars().count() < 140, "{}", e.message());
            assert!(e.message().contains("yyy…"), "{}", e.message());
        }
        let e = Error::new(ErrorKind::Parse, "x ".repeat(5000));
        assert_eq!(e.message().chars().count(), 1000);
        let short = "unknown key `zz` (expected one of: id, kind)";
        assert_eq!(Error::new(ErrorKind::Config, short).message(), short);
    }

    #[test]
    fn excerpts_are_short() {
        assert_eq!(excerpt("abc"), "abc");
        let long = "x".repeat(1000);
        assert_eq!(excerpt(&long).chars().count(), 80);
        assert!(excerpt(&long).ends_with('…'));
    }
}

/// A name that is not one of the accepted ones: a severity, category, speaker or format
/// written wrong. Its `Display` lists what is accepted and suggests the closest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    what: &'static str,
    value: String,
    expected: Vec<&'static str>,
}

impl UnknownName {
    pub(crate) fn new(what: &'static str, value: &str, expected: &[&'static str]) -> UnknownName {
        UnknownName {
            what,
            value: excerpt(value),
            expected: expected.to_vec(),
        }
    }

    /// What was being named (`severity`, `category`, …).
    #[must_use]
    pub fn what(&self) -> &str {
        self.what
    }

    /// The names that are accepted.
    #[must_use]
    pub fn expected(&self) -> &[&'static str] {
        &self.expected
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} `{}`", self.what, self.value)?;
        if let Some(close) = crate::util::did_you_mean(&self.value, self.expected.iter().copied()) {
            write!(f, "; did you mean `{close}`?")?;
        }
        write!(f, " (expected one of: {})", self.expected.join(", "))
    }
}

impl std::error::Error for UnknownName {}
