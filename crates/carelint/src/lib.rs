//! carelint lints customer-care conversations — call and chat transcripts, and the reply
//! templates agents send — with rules written in YAML.
//!
//! It finds the mistakes international customer care makes again and again: jargon and
//! abbreviations, idioms a non-native speaker misreads, over-promising, blame, hedging,
//! unfilled template placeholders, and more. The built-in rule packs are compiled into the
//! library; teams add their own packs in the same YAML format.
//!
//! # Example
//!
//! ```
//! use carelint::{Linter, Severity};
//!
//! let linter = Linter::builder().build()?;
//! let diagnostics = linter.lint_str(
//!     "Customer: Where is my replacement?\n\
//!      Agent: I guarantee it arrives tomorrow, I'll send the RMA today.\n",
//! )?;
//! for d in &diagnostics {
//!     println!("{}:{}: {}[{}] {}", d.line, d.column, d.severity, d.rule, d.message);
//! }
//! assert!(diagnostics.iter().any(|d| d.category == "over-promising"));
//! assert!(diagnostics.iter().any(|d| d.matched.as_deref() == Some("RMA")));
//! # Ok::<(), carelint::Error>(())
//! ```
//!
//! # Design
//!
//! - A [`Transcript`] is what every reader produces: turns with a [`Speaker`], text, optional
//!   timestamps and the source line each turn starts on, plus [`Metadata`].
//! - A [`Linter`] is built once by a [`LinterBuilder`]: rule packs are parsed, validated
//!   (every error with file, line, column and rule id) and compiled. All phrases of all
//!   rules go into one Aho-Corasick automaton; each turn is searched once.
//! - Linting a parsed transcript never fails and never prints. [`Linter::lint_many`] runs
//!   on rayon and returns results in input order, whatever the thread count.
//! - A [`Diagnostic`] is a plain serde record; the [`report`] module writes the output
//!   formats to any [`std::io::Write`].
//!
//! # Custom rules
//!
//! ```
//! use carelint::Linter;
//!
//! let pack = r#"
//! - id: acme-internal-codes
//!   category: jargon
//!   severity: warning
//!   kind: phrases
//!   phrases: [ZX-ticket, bluebook]
//!   message: "“{match}” is an internal name; describe it instead"
//!   why: Customers never see our internal tools and cannot act on their names.
//! "#;
//! let linter = Linter::builder().default_rules(false).rules_str("acme.yaml", pack).build()?;
//! let found = linter.lint_str("I checked the bluebook for you.")?;
//! assert_eq!(found[0].rule, "acme-internal-codes");
//! assert_eq!(found[0].column, 15);
//! # Ok::<(), carelint::Error>(())
//! ```
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod builtin;
pub mod config;
mod diagnostic;
mod engine;
mod error;
mod examples;
pub mod report;
pub mod rules;
mod text;
pub mod transcript;
mod util;

pub use config::Config;
pub use diagnostic::{Diagnostic, Severity, Span, Summary};
pub use engine::{Linter, LinterBuilder, SourceReport};
pub use error::{Error, ParseError, RuleError};
pub use examples::{example_transcript, ExampleFailure, ExampleProblem};
pub use rules::{AppliesTo, Category, Check, Examples, Rule, SpeakerFilter, Suggest};
pub use transcript::{Format, Metadata, Speaker, Transcript, TranscriptKind, Turn};
pub use util::did_you_mean;

pub mod baseline;
pub mod fix;
pub mod suppress;

pub use baseline::Baseline;
pub use fix::{apply_fixes, FixResult};
pub use suppress::Suppressions;
pub use transcript::{CsvColumns, JsonlReader};
