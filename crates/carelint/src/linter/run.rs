//! Linting one transcript: one automaton pass over each turn (findings of the turn-level
//! rules, matches for the others), then the conversation-level rules, then each finding
//! becomes a [`Diagnostic`].

use std::cell::RefCell;

use super::context::ContextFilter;
use super::lookup::Lookups;
use super::settings::Settings;
use super::{turn_mask, Linter, KIND_MASK};
use crate::conversation::Features;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::rules::kinds::{conditions_hold, reads, Context, Finding};
use crate::rules::matcher::{Hit, Role, Scratch};
use crate::rules::Rule;
use crate::text::capitalize_first;
use crate::transcript::{Speaker, Transcript};

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Linter {
    /// Lints `t` (the `index`-th transcript of the source `path`) into `out`, in order.
    pub(super) fn lint_with(
        &self,
        settings: &Settings,
        t: &Transcript,
        path: &str,
        index: usize,
        out: &mut Vec<Diagnostic>,
    ) {
        let first = out.len();
        let inner = &*self.inner;
        let kind_bits = turn_mask(&Speaker::Agent, t.kind) & KIND_MASK;
        let conversation_rules: Vec<u32> = inner
            .masks
            .conversation_rules
            .iter()
            .copied()
            .filter(|&r| {
                settings.enabled[r as usize] && inner.masks.rule[r as usize] & kind_bits != 0
            })
            .collect();
        let mut lookups = Lookups::new(t.turns.len());
        let features = Features::new(t);
        let per_turn = self.scan_turns(
            settings,
            t,
            (path, index),
            !conversation_rules.is_empty(),
            (&mut lookups, &features),
            out,
        );
        // For each conversation-level finding without a turn: the turn it points at.
        let turn_level_end = out.len();
        let mut anchors: Vec<Option<usize>> = Vec::new();
        for &r in &conversation_rules {
            let rule = &inner.rules[r as usize];
            if !conditions_hold(rule, &features) {
                continue;
            }
            let severity = settings.severity[r as usize];
            let cx = Context {
                rule,
                index: r,
                transcript: t,
                hits: &per_turn,
                features: &features,
            };
            let mut findings = Vec::new();
            rule.check().check(&cx, &mut findings);
            for finding in &findings {
                anchors.push(finding.turn.or(finding.anchor));
                out.push(self.diagnostic(rule, severity, t, finding, (path, index), &mut lookups));
            }
        }
        if out[turn_level_end..].iter().all(|d| d.turn.is_some()) {
            out[first..].sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        } else {
            order_by_anchor(out, first, turn_level_end, &anchors);
        }
    }

    /// The pass over every turn: reports the turn-level rules' findings into `out` and
    /// returns, per turn, the matches the conversation-level rules read (when `keep`).
    fn scan_turns(
        &self,
        settings: &Settings,
        t: &Transcript,
        source: (&str, usize),
        keep: bool,
        (lookups, features): (&mut Lookups, &Features<'_>),
        out: &mut Vec<Diagnostic>,
    ) -> Vec<Vec<Hit>> {
        let inner = &*self.inner;
        let mut per_turn: Vec<Vec<Hit>> = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        let mut context = ContextFilter::default();
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            for (turn_idx, turn) in t.turns.iter().enumerate() {
                let mask = turn_mask(&turn.speaker, t.kind);
                let enabled = |rule: u32, role: Role| {
                    settings.enabled[rule as usize] && inner.masks.reads(rule, role, mask)
                };
                hits.clear();
                inner
                    .matcher
                    .find(&turn.text, &enabled, &mut scratch, &mut hits);
                for hit in hits.iter().filter(|h| h.role == Role::Match) {
                    let rule = &inner.rules[hit.rule as usize];
                    let mods = rule.check().match_modifiers();
                    if !reads(rule, features, turn_idx)
                        || !conditions_hold(rule, features)
                        || mods.is_some_and(|m| {
                            context.drops(m, hit, (turn_idx, turn), features, lookups)
                        })
                    {
                        continue;
                    }
                    let finding = Finding {
                        turn: Some(turn_idx),
                        span: Some(Span::new(hit.start, hit.end)),
                        vars: Vec::new(),
                        anchor: None,
                    };
                    let severity = settings.severity[hit.rule as usize];
                    out.push(self.diagnostic(rule, severity, t, &finding, source, lookups));
                }
                if keep {
                    per_turn.push(
                        hits.iter()
                            .filter(|h| h.role != Role::Match)
                            .copied()
                            .collect(),
                    );
                }
            }
        });
        per_turn
    }

    /// The diagnostic of finding `f` in transcript `t`, the `index`-th of `path` (`source`).
    fn diagnostic(
        &self,
        rule: &Rule,
        severity: Severity,
        t: &Transcript,
        f: &Finding,
        (path, index): (&str, usize),
        lookups: &mut Lookups,
    ) -> Diagnostic {
        let at = f.turn.or(f.anchor).filter(|&i| i < t.turns.len());
        let turn = at.map(|i| &t.turns[i]);
        let (matched, span) = match (turn, f.span) {
            (Some(turn), Some(s)) => (Some(&turn.text[s.range()]), Some(s)),
            _ => (None, None),
        };
        let ((line, column), (end_line, end_column)) = match (at, turn) {
            (Some(i), Some(turn)) => {
                let start = lookups.position(i, turn, span.map_or(0, |s| s.start));
                let end = span.map_or(start, |s| lookups.position(i, turn, s.end));
                (start, end)
            }
            _ => ((1, 1), (1, 1)),
        };
        let suggestion = match (at, turn, span, matched) {
            (Some(i), Some(turn), Some(span), Some(m)) => rule.suggestion_for(m).map(|s| {
                let sentence = lookups.sentence_start(i, turn, span.start);
                fit_suggestion(&turn.text, sentence, span.start, s)
            }),
            _ => None,
        };
        Diagnostic {
            speaker_role: self.speaker_role(t, f.turn),
            path: path.to_string(),
            transcript: t.id.clone(),
            turn: f.turn,
            speaker: f
                .turn
                .and_then(|i| t.turns.get(i))
                .map(|t| t.speaker.clone()),
            rule: rule.id.clone(),
            category: rule.category,
            severity,
            message: message(rule, f, matched),
            line,
            column,
            span,
            matched: matched.map(str::to_string),
            suggestion,
            end_line,
            end_column,
            transcript_index: index,
        }
    }

    /// How the speaker of turn `turn` got its role, when the linter explains speakers.
    fn speaker_role(&self, t: &Transcript, turn: Option<usize>) -> Option<String> {
        if !self.inner.explain_speakers {
            return None;
        }
        let turn = t.turns.get(turn?)?;
        let how: Vec<String> = t
            .speakers
            .iter()
            .filter(|a| a.speaker == turn.speaker)
            .map(|a| format!("{} → {}: {}", a.label, a.speaker, a.how))
            .collect();
        (!how.is_empty()).then(|| how.join("; "))
    }
}

/// Orders one transcript's diagnostics (`out[first..]`; the conversation-level ones from
/// `conversation_start` on, with their `anchors`) by the turn each points at, so that a
/// conversation-level finding reads beside the turn it is about rather than after the last
/// one: by turn (a finding pointing at no turn at the transcript's start), position in the
/// turn, findings of the turn before those about the whole conversation, rule. Stable; the
/// same as [`Diagnostic::sort_key`]'s order when every finding has a turn.
fn order_by_anchor(
    out: &mut Vec<Diagnostic>,
    first: usize,
    conversation_start: usize,
    anchors: &[Option<usize>],
) {
    let mut keyed: Vec<(usize, usize, bool, Diagnostic)> = out
        .drain(first..)
        .enumerate()
        .map(|(i, d)| {
            let about_no_turn = d.turn.is_none();
            let turn = match first + i >= conversation_start {
                false => d.turn,
                true => d.turn.or_else(|| {
                    anchors
                        .get(first + i - conversation_start)
                        .copied()
                        .flatten()
                }),
            };
            (
                turn.unwrap_or(0),
                d.span.map_or(0, |s| s.start),
                about_no_turn,
                d,
            )
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, a.1, a.2, &a.3.rule).cmp(&(b.0, b.1, b.2, &b.3.rule)));
    out.extend(keyed.into_iter().map(|(.., d)| d));
}

/// The rule's message with `{match}` and the finding's values filled in.
fn message(rule: &Rule, f: &Finding, matched: Option<&str>) -> String {
    let mut message = rule.message.clone();
    if message.contains('{') {
        for (key, value) in &f.vars {
            message = message.replace(&format!("{{{key}}}"), value);
        }
        if let Some(m) = matched {
            message = message.replace("{match}", m);
        }
    }
    message
}

/// A suggestion starts with a capital when the match starts its sentence.
fn fit_suggestion(text: &str, sentence: usize, start: usize, suggestion: String) -> String {
    let before = &text[sentence..start];
    if before
        .trim()
        .trim_matches(['"', '\'', '(', '\u{201c}'])
        .is_empty()
    {
        capitalize_first(&suggestion)
    } else {
        suggestion
    }
}
