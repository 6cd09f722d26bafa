//! Automatic fixes: apply the replacements rules suggest to the text of the file they
//! came from.
//!
//! A rule with `suggest` gives each of its findings a
//! [`Diagnostic::suggestion`](crate::Diagnostic::suggestion). [`apply_fixes`] puts those
//! replacements into the source file's text and returns it; writing it back (and showing
//! the change as a diff) is up to the caller.
//!
//! - The matched text is found in the **source file** from the finding's line and column
//!   (counted in characters); the bytes there must equal
//!   [`Diagnostic::matched`](crate::Diagnostic::matched), or the fix is
//!   skipped (the file changed since it was linted, or the reader does not keep the
//!   matched text verbatim, e.g. a match across a line break of a CRLF file).
//! - Overlapping fixes are resolved deterministically: the fix that starts first wins,
//!   then the longer one, then the smaller rule id. The others are skipped.
//! - A fix whose replacement contains the matched text as a whole word (case-insensitive)
//!   is skipped: applying it again would grow the text forever. So fixing converges:
//!   lint → fix → lint → fix leaves the text as the first fix did.
//! - Only the matched bytes change, so line endings (LF or CRLF) and the presence or
//!   absence of a final newline are kept exactly; a replacement with a line break gets
//!   the line ending of the line it lands on.
//! - In a structured file (JSON, CSV, captions) the replacement is escaped the way the
//!   format needs, or the fix is skipped when it cannot be written safely: JSON string
//!   escaping in every JSON format (and in Intercom and Zendesk exports, whose bodies may be HTML, a
//!   replacement with `<`, `>` or `&` skips the fix); in CSV/TSV a quote is doubled inside a quoted field,
//!   and a quote, separator or line break outside one skips the fix, as does a line
//!   break inside one; in WebVTT `&`, `<` and `>` become entities; in WebVTT and SRT a
//!   line break or `-->` skips the fix (it would end the cue or start a new one), and
//!   so does `<` in SRT (read as a tag). The fixed file parses again and, linted again,
//!   has nothing left to fix.
//!
//! # Example
//!
//! ```
//! use carelint::fix::apply_fixes;
//! use carelint::{Format, Linter};
//!
//! let pack = r#"
//! - id: no-asap
//!   category: jargon
//!   severity: warning
//!   kind: phrases
//!   phrases: [ASAP]
//!   suggest: {asap: as soon as possible}
//!   message: "“{match}” is an abbreviation"
//!   why: Spell it out.
//! "#;
//! let linter = Linter::builder().default_rules(false).rules_str("p.yaml", pack).build()?;
//! let text = "Agent: I'll call you back ASAP.\r\n";
//! let diags = linter.lint_text("macro.txt", text, Format::Plain)?.diagnostics;
//! let fixed = apply_fixes(text, &diags, Format::Plain);
//! assert_eq!(fixed.text, "Agent: I'll call you back as soon as possible.\r\n");
//! assert_eq!((fixed.applied, fixed.skipped), (1, 0));
//! # Ok::<(), carelint::Error>(())
//! ```

mod apply;

pub use apply::{apply_fixes, FixResult};
pub(crate) use apply::{byte_offset, Offsets};

#[cfg(test)]
pub(crate) use apply::sample_diagnostic;
