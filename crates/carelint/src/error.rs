//! Errors: rule files that do not load, sources that do not parse.
//!
//! Linting an already-parsed [`Transcript`](crate::Transcript) never fails; only loading
//! rules and reading sources do. Errors carry the path, line and column of the problem
//! and never expose the types of the YAML or regex parsers.

use std::fmt;

/// An error from loading rules or reading a source.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// One or more rules could not be loaded. Every bad rule in every pack is listed,
    /// not only the first.
    Rules(Vec<RuleError>),
    /// A source could not be parsed.
    Parse(ParseError),
    /// A file could not be read.
    Io {
        /// The path that could not be read.
        path: String,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// The individual rule errors, if this is a rule-loading error.
    pub fn rule_errors(&self) -> &[RuleError] {
        match self {
            Error::Rules(v) => v,
            _ => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Rules(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            Error::Parse(e) => write!(f, "{e}"),
            Error::Io { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// A problem in a rule file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The rule file (or the built-in pack's name, e.g. `rules/jargon.yaml`).
    pub path: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// The id of the rule, when known.
    pub rule: Option<String>,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        write!(f, ": ")?;
        if let Some(rule) = &self.rule {
            write!(f, "rule `{rule}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// A source that could not be parsed, with the position of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The source's path or id.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    /// Creates a parse error.
    pub fn new(path: &str, line: usize, column: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            path: path.to_string(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}
