//! Running every rule's own `examples` (`carelint test-rules`).

#[cfg(feature = "rayon")]
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::fix::apply_fixes;
use crate::linter::Linter;
use crate::rules::{AppliesTo, FixExample, Rule, SpeakerFilter};
use crate::transcript::plain;
use crate::transcript::{Speaker, Transcript, TranscriptKind, Turn};

/// Why an example failed.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleProblem {
    /// A `flag` example did not produce the rule.
    NotFlagged,
    /// A `pass` example produced the rule.
    Flagged,
    /// The example could not be parsed as a plain-text transcript.
    Unparsable,
    /// The rule has no `flag` or no `pass` example.
    Missing,
    /// Applying the rule's suggestions to a `fix` example's `before` did not give its
    /// `after` (or the rule suggested nothing there).
    FixMismatch,
    /// A `fix` example's `after` still produces the rule.
    FixStillFlagged,
    /// The rule is off for every file of a linter built with
    /// [`crate::LinterBuilder::only_enabled`], which left it out: its examples cannot run.
    NotCompiled,
}

/// One failed example.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule's id.
    pub rule: String,
    /// Where the rule is defined (`source:line`).
    pub location: String,
    /// What went wrong.
    pub problem: ExampleProblem,
    /// The example text (empty for [`ExampleProblem::Missing`]).
    pub example: String,
    /// A human-readable explanation.
    pub detail: String,
}

/// Builds the transcript an example stands for.
///
/// A text with speaker labels is read as a whole plain-text transcript (front matter
/// allowed). A text without labels is one turn of the rule's speaker (the agent when the
/// rule reads any speaker), in a conversation — or in a reply template when the rule
/// applies to templates only.
pub(crate) fn example_transcript(
    rule: &Rule,
    text: &str,
    linter: &Linter,
) -> Result<Transcript, String> {
    let parsed = plain::parse(
        text,
        &format!("example of {}", rule.id),
        &linter.read_options().plain,
    )
    .map_err(|e| e.to_string())?;
    if parsed.kind == TranscriptKind::Conversation || text.trim_start().starts_with("---") {
        return Ok(parsed);
    }
    let speaker = match rule.speaker {
        SpeakerFilter::Customer => Speaker::Customer,
        SpeakerFilter::Agent | SpeakerFilter::Any => Speaker::Agent,
    };
    let kind = match rule.applies_to {
        AppliesTo::Template => TranscriptKind::Template,
        AppliesTo::Any | AppliesTo::Conversation => TranscriptKind::Conversation,
    };
    let mut t = parsed;
    t.kind = kind;
    if t.turns.is_empty() {
        t.turns.push(Turn::new(speaker, text));
    } else {
        t.turns[0].speaker = speaker;
    }
    Ok(t)
}

impl Linter {
    /// Runs every loaded rule's `flag` and `pass` examples and returns the failures.
    ///
    /// A rule without at least one example of each kind is a failure too. The result is
    /// in rule order, then example order.
    #[must_use]
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let rules: Vec<&Rule> = self.rules().collect();
        #[cfg(feature = "rayon")]
        let per_rule: Vec<Vec<ExampleFailure>> = rules
            .par_iter()
            .map(|rule| self.check_rule_examples(rule))
            .collect();
        #[cfg(not(feature = "rayon"))]
        let per_rule: Vec<Vec<ExampleFailure>> = rules
            .iter()
            .map(|rule| self.check_rule_examples(rule))
            .collect();
        per_rule.into_iter().flatten().collect()
    }

    /// Runs one rule's examples.
    #[must_use]
    pub fn check_rule_examples(&self, rule: &Rule) -> Vec<ExampleFailure> {
        let location = format!("{}:{}", rule.source, rule.line);
        let mut failures = Vec::new();
        let fail = |problem, example: &str, detail: String| ExampleFailure {
            rule: rule.id.clone(),
            location: location.clone(),
            problem,
            example: example.to_string(),
            detail,
        };
        if self
            .rules()
            .position(|r| r.id == rule.id)
            .is_some_and(|i| !self.compiled(i))
        {
            return vec![fail(
                ExampleProblem::NotCompiled,
                "",
                "the rule is off for every file and was left out of this linter \
                 (`LinterBuilder::only_enabled`); build one without it to run the examples"
                    .to_string(),
            )];
        }
        for (kind, list) in [("flag", &rule.examples.flag), ("pass", &rule.examples.pass)] {
            if list.is_empty() {
                failures.push(fail(
                    ExampleProblem::Missing,
                    "",
                    format!("rule has no `{kind}` examples"),
                ));
            }
        }
        let cases = rule
            .examples
            .flag
            .iter()
            .map(|e| (true, e))
            .chain(rule.examples.pass.iter().map(|e| (false, e)));
        for (should_flag, example) in cases {
            let transcript = match example_transcript(rule, example, self) {
                Ok(t) => t,
                Err(e) => {
                    failures.push(fail(ExampleProblem::Unparsable, example, e));
                    continue;
                }
            };
            let found: Vec<_> = self
                .lint_all_rules(&transcript)
                .into_iter()
                .filter(|d| d.rule == rule.id)
                .collect();
            if should_flag && found.is_empty() {
                failures.push(fail(
                    ExampleProblem::NotFlagged,
                    example,
                    "`flag` example produced no finding of this rule".into(),
                ));
            } else if !should_flag && !found.is_empty() {
                let matches: Vec<String> = found
                    .iter()
                    .map(|d| match d.matched.as_deref() {
                        Some(m) => format!("“{m}”"),
                        None => format!("line {} ({})", d.line, d.message),
                    })
                    .collect();
                failures.push(fail(
                    ExampleProblem::Flagged,
                    example,
                    format!("`pass` example was flagged at {}", matches.join(", ")),
                ));
            }
        }
        for example in &rule.examples.fix {
            self.check_fix_example(rule, example, &mut |problem, text, detail| {
                failures.push(fail(problem, text, detail));
            });
        }
        failures
    }

    /// Runs one `fix` example: the rule's suggestions applied to `before` must give
    /// exactly `after`, and `after` must be clean of the rule.
    fn check_fix_example(
        &self,
        rule: &Rule,
        example: &FixExample,
        fail: &mut dyn FnMut(ExampleProblem, &str, String),
    ) {
        let of_rule = |text: &str| -> Result<Vec<Diagnostic>, String> {
            let transcript = example_transcript(rule, text, self)?;
            Ok(self
                .lint_all_rules(&transcript)
                .into_iter()
                .filter(|d| d.rule == rule.id)
                .collect())
        };
        let before = &example.before;
        let found = match of_rule(before) {
            Ok(found) => found,
            Err(e) => return fail(ExampleProblem::Unparsable, before, e),
        };
        let fixed = apply_fixes(before, &found, crate::Format::Plain);
        if fixed.applied == 0 {
            return fail(
                ExampleProblem::FixMismatch,
                before,
                "`fix` example produced no finding with a suggestion to apply".into(),
            );
        }
        if fixed.text != example.after {
            return fail(
                ExampleProblem::FixMismatch,
                before,
                format!(
                    "`fix` example became “{}”, expected “{}”",
                    fixed.text, example.after
                ),
            );
        }
        match of_rule(&example.after) {
            Err(e) => fail(ExampleProblem::Unparsable, &example.after, e),
            Ok(still) if !still.is_empty() => {
                let matches: Vec<String> = still
                    .iter()
                    .map(|d| format!("“{}”", d.matched.as_deref().unwrap_or(&d.message)))
                    .collect();
                fail(
                    ExampleProblem::FixStillFlagged,
                    &example.after,
                    format!("fixed text is still flagged at {}", matches.join(", ")),
                );
            }
            Ok(_) => {}
        }
    }
}
