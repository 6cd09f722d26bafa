#![doc = include_str!("../README.md")]
//!
//! # Design
//!
//! - A [`Transcript`] is what every reader produces: turns with a [`Speaker`], text,
//!   optional timestamps and the source position of each turn, plus [`Metadata`].
//! - A [`Linter`] is built once by a [`LinterBuilder`]: rule packs are parsed, validated
//!   (every problem with file, line, column and rule id) and compiled. All phrases of all
//!   rules go into one Aho-Corasick automaton; each turn is searched once.
//! - Each rule kind (`phrases`, `pattern`, `respond`, `required`, `customer-name`,
//!   `metric`, `timing`) is one module with its YAML schema, validation and check; the
//!   engine knows them only through one trait.
//! - Linting a parsed transcript never fails and never prints. [`Linter::lint_many`] runs
//!   on rayon (feature `rayon`, on by default) and returns results in input order,
//!   whatever the thread count.
//! - A [`Diagnostic`] is a plain serde record; the [`report`] module writes the output
//!   formats to any [`std::io::Write`].
//!
//! # Entry points
//!
//! | you have | call |
//! | --- | --- |
//! | the text of a file (any format) | [`Linter::lint_text`] |
//! | a transcript built in code or parsed earlier | [`Linter::lint_transcript`] |
//! | many transcripts | [`Linter::lint_many`] |
//! | a JSON Lines stream of any size | [`Linter::read_jsonl`] + [`Linter::lint_jsonl_batch`] |
//! | the transcripts of a text, to inspect | [`Linter::parse`] |
//!
//! # What the crate exposes
//!
//! The API is small on purpose (`docs/api.md` in the repository lists it and says how
//! it is counted):
//!
//! - at the root: [`Linter`] and [`LinterBuilder`], the transcript model ([`Transcript`],
//!   [`Turn`], [`Speaker`], [`Metadata`], [`Format`], …), the results ([`SourceReport`],
//!   [`Diagnostic`], [`Severity`], [`Category`], [`Span`]), the rules ([`Rule`] and its
//!   parts), and the one error type [`Error`] with its [`ErrorKind`];
//! - [`config`]: `carelint.yaml` ([`Config`]);
//! - [`report`]: the output formats, each a [`report::Reporter`] writing to any
//!   [`std::io::Write`], and the [`Summary`] of a run;
//! - [`fix`]: [`fix::apply_fixes`], the suggested replacements applied to a source's text;
//! - [`baseline`]: [`Baseline`], findings recorded once and filtered out later;
//! - [`suppress`]: what is wrong with a source's `carelint:` comments;
//! - [`scorecard`]: a QA score per conversation;
//! - [`source`]: reading and decoding text as carelint does (capped, UTF-8 or UTF-16).
//!
//! What only the command line needs (walking folders, writing files back atomically,
//! diffs, the QA report's aggregation and HTML, the `eval` command) lives in the
//! `carelint-cli` crate.
//!
//! # Example: a transcript built in code
//!
//! ```
//! use carelint::{Category, Linter, Speaker, Transcript, Turn};
//!
//! let linter = Linter::builder().build()?;
//! let t = Transcript::new("call-1", vec![
//!     Turn::new(Speaker::Customer, "My router keeps dropping the connection."),
//!     Turn::new(Speaker::Agent, "I guarantee it will be fixed today, I'll raise an RMA."),
//! ]);
//! let found = linter.lint_transcript(&t);
//! assert!(found.iter().any(|d| d.category == Category::OverPromising));
//! // Map a finding back to the text: `turn` and `span` index into the transcript.
//! let d = found.iter().find(|d| d.rule.starts_with("jargon")).unwrap();
//! let turn = &t.turns[d.turn.unwrap()];
//! assert_eq!(&turn.text[d.span.unwrap().range()], "RMA");
//! # Ok::<(), carelint::Error>(())
//! ```
//!
//! # Example: a JSON transcript
//!
//! ```
//! use carelint::{Format, Linter};
//!
//! let json = r#"{"id": "c-9", "turns": [
//!   {"speaker": "customer", "text": "When will my refund arrive?"},
//!   {"speaker": "agent", "text": "We'll get back to you."}]}"#;
//! let report = Linter::builder().build()?.lint_text("c-9.json", json, Format::Auto)?;
//! let d = &report.diagnostics[0];
//! assert_eq!((d.transcript.as_str(), d.turn), ("c-9", Some(1)));
//! assert_eq!(d.line, 3); // the line of the turn's text in the JSON file
//! # Ok::<(), carelint::Error>(())
//! ```
//!
//! # Custom rules
//!
//! ```
//! use carelint::{Format, Linter};
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
//! let found = linter.lint_text("<memory>", "I checked the bluebook for you.", Format::Plain)?;
//! assert_eq!(found.diagnostics[0].rule, "acme-internal-codes");
//! assert_eq!(found.diagnostics[0].column, 15);
//! # Ok::<(), carelint::Error>(())
//! ```
//!
//! # Features
//!
//! - `rayon` (default): [`Linter::lint_many`] and parallel [`Linter::check_examples`].
//!   Without it the library has no threads of its own.
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod builtin;
mod category;
pub mod config;
mod conversation;
mod diagnostic;
mod error;
mod examples;
mod linter;
pub mod report;
mod rules;
pub mod scorecard;
pub mod source;
mod text;
mod transcript;
mod util;
mod yaml;

pub mod baseline;
pub mod fix;
pub mod suppress;

pub use baseline::Baseline;
pub use category::Category;
pub use config::Config;
pub use diagnostic::{Diagnostic, FailLevel, Severity, Span};
pub use error::{Error, ErrorKind, UnknownName};
pub use examples::{ExampleFailure, ExampleProblem};
pub use linter::{Linter, LinterBuilder, SourceReport};
pub use report::Summary;
pub use rules::{AppliesTo, Examples, FixExample, Rule, SpeakerFilter, Suggest, When};
pub use transcript::{
    CsvColumns, Format, JsonlLine, JsonlReader, Metadata, SourceSegment, Speaker,
    SpeakerAssignment, Transcript, TranscriptKind, Turn,
};
