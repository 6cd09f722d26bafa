//! Reading rule packs: YAML → [`Rule`], with every error positioned.

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

use super::{AppliesTo, Category, Check, Examples, Modifiers, Rule, SpeakerFilter, Suggest};
use crate::diagnostic::Severity;
use crate::error::RuleError;
use crate::util::did_you_mean;

/// A rule pack's name and text.
#[derive(Debug, Clone)]
pub(crate) struct RuleSource {
    /// A file path or `builtin:<category>`.
    pub name: String,
    /// The YAML text.
    pub text: String,
}

/// The keys a rule may have, for "did you mean" hints.
const KEYS: &[&str] = &[
    "id",
    "category",
    "severity",
    "speaker",
    "applies-to",
    "message",
    "why",
    "suggest",
    "examples",
    "kind",
    "phrases",
    "pattern",
    "exceptions",
    "case-sensitive",
    "unless",
    "unless-pattern",
    "negation",
];

/// The kinds this version understands.
const KINDS: &[&str] = &["phrases", "pattern"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    id: Spanned<String>,
    category: Spanned<String>,
    severity: Spanned<String>,
    #[serde(default)]
    speaker: Option<Spanned<String>>,
    #[serde(default)]
    applies_to: Option<Spanned<String>>,
    message: Spanned<String>,
    why: Spanned<String>,
    #[serde(default)]
    suggest: Option<Suggest>,
    #[serde(default)]
    examples: Option<Examples>,
    kind: Spanned<String>,
    #[serde(default)]
    phrases: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pattern: Option<Spanned<String>>,
    #[serde(default)]
    exceptions: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    case_sensitive: Option<Spanned<bool>>,
    #[serde(default)]
    unless: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    unless_pattern: Option<Spanned<String>>,
    #[serde(default)]
    negation: Option<Spanned<bool>>,
}

/// Parses one pack. Returns the rules that loaded and the errors of those that did not.
pub(crate) fn load_pack(source: &RuleSource) -> (Vec<Rule>, Vec<RuleError>) {
    let text = &source.text;
    if text.trim().is_empty() {
        return (Vec::new(), Vec::new());
    }
    match serde_saphyr::from_str::<Vec<RawRule>>(text) {
        Ok(raw) => {
            let mut rules = Vec::with_capacity(raw.len());
            let mut errors = Vec::new();
            for r in raw {
                match validate(r, &source.name) {
                    Ok(rule) => rules.push(rule),
                    Err(mut e) => errors.append(&mut e),
                }
            }
            (rules, errors)
        }
        Err(whole) => (Vec::new(), per_item_errors(source, whole)),
    }
}

/// When the whole pack fails to deserialize, try each list item on its own so that every
/// bad rule is reported, not only the first.
fn per_item_errors(source: &RuleSource, whole: serde_saphyr::Error) -> Vec<RuleError> {
    let whole_error = || vec![yaml_error(source, &whole, 0)];
    let Ok(items) = serde_saphyr::from_str::<Vec<Spanned<IgnoredAny>>>(&source.text) else {
        return whole_error();
    };
    let lines: Vec<&str> = source.text.split_inclusive('\n').collect();
    let starts: Vec<usize> = items.iter().map(|i| i.referenced.line() as usize).collect();
    if starts.is_empty() || starts.windows(2).any(|w| w[0] >= w[1]) || starts[0] == 0 {
        return whole_error();
    }
    let mut errors = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(lines.len(), |&s| s - 1);
        let chunk: String = lines[start - 1..end.min(lines.len())].concat();
        if let Err(e) = serde_saphyr::from_str::<Vec<RawRule>>(&chunk) {
            errors.push(yaml_error(source, &e, start - 1));
        }
    }
    if errors.is_empty() {
        whole_error()
    } else {
        errors
    }
}

fn yaml_error(source: &RuleSource, e: &serde_saphyr::Error, line_offset: usize) -> RuleError {
    let (line, column) = e
        .location()
        .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    let line = if line > 0 { line + line_offset } else { 0 };
    let mut message = e.without_snippet().to_string();
    // Strip a trailing position the parser may have appended; ours is in front.
    if let Some(idx) = message.find(" at line ") {
        message.truncate(idx);
    }
    if let Some(unknown) = backticked_after(&message, "unknown field `") {
        if let Some(close) = did_you_mean(&unknown, KEYS.iter().copied()) {
            message = format!("unknown key `{unknown}`; did you mean `{close}`?");
        } else {
            message = format!(
                "unknown key `{unknown}` (a rule may have: {})",
                KEYS.join(", ")
            );
        }
    } else if let Some(missing) = backticked_after(&message, "missing field `") {
        message = format!("missing required key `{missing}`");
    }
    RuleError {
        path: source.name.clone(),
        line,
        column,
        rule: rule_id_near(&source.text, line),
        message,
    }
}

fn backticked_after(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

/// The id of the list item that contains `line`, read from the text (for errors that
/// come before the rule could be deserialized).
fn rule_id_near(text: &str, line: usize) -> Option<String> {
    if line == 0 {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let is_item_start = |l: &str| l.starts_with("- ") || l == "-";
    let mut start = line.min(lines.len()).saturating_sub(1);
    while start > 0 && !is_item_start(lines[start]) {
        start -= 1;
    }
    for (i, l) in lines.iter().enumerate().skip(start) {
        if i > start && is_item_start(l) {
            break;
        }
        let t = l.trim_start_matches(['-', ' ']);
        if let Some(v) = t.strip_prefix("id:") {
            let v = v.trim().trim_matches(['"', '\'']);
            if !v.is_empty() {
                return Some(v.to_string());
            }
        }
    }
    None
}

/// Checks one deserialized rule and turns it into a [`Rule`].
fn validate(raw: RawRule, path: &str) -> Result<Rule, Vec<RuleError>> {
    let id = raw.id.value.clone();
    let mut errors = Vec::new();
    let err = |errors: &mut Vec<RuleError>, at: &serde_saphyr::Location, msg: String| {
        errors.push(RuleError {
            path: path.to_string(),
            line: at.line() as usize,
            column: at.column() as usize,
            rule: Some(id.clone()),
            message: msg,
        });
    };

    if !is_kebab_case(&id) {
        err(
            &mut errors,
            &raw.id.referenced,
            format!("id `{id}` must be kebab-case: lowercase letters and digits separated by single hyphens"),
        );
    }
    let category = raw
        .category
        .value
        .parse::<Category>()
        .map_err(|m| err(&mut errors, &raw.category.referenced, m))
        .ok();
    let severity = raw
        .severity
        .value
        .parse::<Severity>()
        .map_err(|m| err(&mut errors, &raw.severity.referenced, m))
        .ok();
    let speaker = match &raw.speaker {
        None => Some(SpeakerFilter::Agent),
        Some(s) => match s.value.as_str() {
            "agent" => Some(SpeakerFilter::Agent),
            "customer" => Some(SpeakerFilter::Customer),
            "any" => Some(SpeakerFilter::Any),
            other => {
                err(
                    &mut errors,
                    &s.referenced,
                    format!("unknown speaker `{other}` (expected one of: agent, customer, any)"),
                );
                None
            }
        },
    };
    let applies_to = match &raw.applies_to {
        None => Some(AppliesTo::Any),
        Some(s) => match s.value.as_str() {
            "any" => Some(AppliesTo::Any),
            "conversation" => Some(AppliesTo::Conversation),
            "template" => Some(AppliesTo::Template),
            other => {
                err(
                    &mut errors,
                    &s.referenced,
                    format!(
                        "unknown applies-to `{other}` (expected one of: any, conversation, template)"
                    ),
                );
                None
            }
        },
    };
    for (key, value) in [("message", &raw.message), ("why", &raw.why)] {
        if value.value.trim().is_empty() {
            err(
                &mut errors,
                &value.referenced,
                format!("`{key}` must not be empty"),
            );
        }
    }

    let mut modifiers = Modifiers {
        negation: raw.negation.as_ref().is_some_and(|n| n.value),
        ..Modifiers::default()
    };
    for (key, list, target) in [
        ("exceptions", &raw.exceptions, &mut modifiers.exceptions),
        ("unless", &raw.unless, &mut modifiers.unless),
    ] {
        if let Some(l) = list {
            if l.value.iter().any(|p| crate::text::fold_phrase(p).is_empty()) {
                err(&mut errors, &l.referenced, format!("`{key}` has an empty entry"));
            }
            target.clone_from(&l.value);
        }
    }
    if let Some(p) = &raw.unless_pattern {
        match super::matcher::compile_regex(&p.value, false) {
            Ok(_) => modifiers.unless_pattern = Some(p.value.clone()),
            Err(m) => err(&mut errors, &p.referenced, format!("`unless-pattern`: {m}")),
        }
    }
    let case_sensitive = raw.case_sensitive.as_ref().is_some_and(|c| c.value);
    let forbid = |errors: &mut Vec<RuleError>,
                  key: &str,
                  at: Option<&serde_saphyr::Location>,
                  kind: &str| {
        if let Some(at) = at {
            errors.push(RuleError {
                path: path.to_string(),
                line: at.line() as usize,
                column: at.column() as usize,
                rule: Some(id.clone()),
                message: format!("key `{key}` does not belong to kind `{kind}`"),
            });
        }
    };
    let kind = raw.kind.value.as_str();
    let check = match kind {
        "phrases" => {
            forbid(
                &mut errors,
                "pattern",
                raw.pattern.as_ref().map(|p| &p.referenced),
                kind,
            );
            forbid(
                &mut errors,
                "case-sensitive",
                raw.case_sensitive.as_ref().map(|p| &p.referenced),
                kind,
            );
            match &raw.phrases {
                None => {
                    err(
                        &mut errors,
                        &raw.kind.referenced,
                        "kind `phrases` needs a `phrases` list".into(),
                    );
                    None
                }
                Some(p) if p.value.is_empty() => {
                    err(
                        &mut errors,
                        &p.referenced,
                        "`phrases` must not be empty".into(),
                    );
                    None
                }
                Some(p) => {
                    if p.value
                        .iter()
                        .any(|x| crate::text::fold_phrase(x).is_empty())
                    {
                        err(
                            &mut errors,
                            &p.referenced,
                            "`phrases` has an empty entry".into(),
                        );
                    }
                    Some(Check::Phrases {
                        phrases: p.value.clone(),
                        modifiers: modifiers.clone(),
                    })
                }
            }
        }
        "pattern" => {
            forbid(
                &mut errors,
                "phrases",
                raw.phrases.as_ref().map(|p| &p.referenced),
                kind,
            );
            match &raw.pattern {
                None => {
                    err(
                        &mut errors,
                        &raw.kind.referenced,
                        "kind `pattern` needs a `pattern`".into(),
                    );
                    None
                }
                Some(p) => match super::matcher::compile_regex(&p.value, case_sensitive) {
                    Ok(_) => Some(Check::Pattern {
                        pattern: p.value.clone(),
                        case_sensitive,
                        modifiers: modifiers.clone(),
                    }),
                    Err(m) => {
                        err(&mut errors, &p.referenced, m);
                        None
                    }
                },
            }
        }
        other => {
            let hint = did_you_mean(other, KINDS.iter().copied())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            err(
                &mut errors,
                &raw.kind.referenced,
                format!(
                    "unknown kind `{other}`; {hint}(this version knows: {})",
                    KINDS.join(", ")
                ),
            );
            None
        }
    };

    let suggest = raw.suggest.map(|s| match s {
        Suggest::Map(m) => Suggest::Map(
            m.into_iter()
                .map(|(k, v)| (crate::text::fold_phrase(&k), v))
                .collect::<BTreeMap<_, _>>(),
        ),
        t => t,
    });
    if let (Some(Suggest::Map(m)), Some(Check::Phrases { phrases, .. })) = (&suggest, &check) {
        let folded: Vec<String> = phrases
            .iter()
            .map(|p| crate::text::fold_phrase(p))
            .collect();
        for key in m.keys() {
            if !folded.contains(key) {
                err(
                    &mut errors,
                    &raw.kind.referenced,
                    format!("`suggest` has an entry for `{key}`, which is not one of the rule's phrases"),
                );
            }
        }
    }

    match (category, severity, speaker, applies_to, check) {
        (Some(category), Some(severity), Some(speaker), Some(applies_to), Some(check))
            if errors.is_empty() =>
        {
            Ok(Rule {
                line: raw.id.referenced.line() as usize,
                id,
                category,
                severity,
                speaker,
                applies_to,
                message: raw.message.value,
                why: raw.why.value.trim().to_string(),
                suggest,
                examples: raw.examples.unwrap_or_default(),
                check,
                source: path.to_string(),
            })
        }
        _ => Err(errors),
    }
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Vec<Rule>, Vec<RuleError>) {
        load_pack(&RuleSource {
            name: "pack.yaml".into(),
            text: text.into(),
        })
    }

    const GOOD: &str = "\
- id: jargon-rma
  category: jargon
  severity: warning
  kind: phrases
  phrases: [RMA]
  message: \"{match} is jargon\"
  why: Customers do not know it.
";

    #[test]
    fn loads_a_good_rule() {
        let (rules, errors) = load(GOOD);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].id, "jargon-rma");
        assert_eq!(rules[0].line, 1);
        assert_eq!(rules[0].speaker, SpeakerFilter::Agent);
    }

    #[test]
    fn unknown_key_names_line_rule_and_suggestion() {
        let text = GOOD.replace("  phrases: [RMA]", "  phrase: [RMA]");
        let (_, errors) = load(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.rule.as_deref(), Some("jargon-rma"));
        assert!(
            e.message.contains("did you mean `phrases`"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 5, "{e}");
    }

    #[test]
    fn every_bad_rule_is_reported() {
        let second = GOOD
            .replace("jargon-rma", "jargon-sla")
            .replace("severity: warning", "severity: warning\n  colour: red");
        let third = GOOD
            .replace("jargon-rma", "jargon-eta")
            .replace("why: Customers do not know it.\n", "");
        let (_, errors) = load(&format!("{GOOD}{second}{third}"));
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].rule.as_deref(), Some("jargon-sla"));
        assert_eq!(errors[0].line, 11);
        assert_eq!(errors[1].rule.as_deref(), Some("jargon-eta"));
        assert!(
            errors[1].message.contains("missing required key `why`"),
            "{}",
            errors[1]
        );
    }

    #[test]
    fn bad_regex_is_positioned() {
        let text = "\
- id: bad-regex
  category: placeholder
  severity: error
  kind: pattern
  pattern: '\\{\\{(unclosed'
  message: m
  why: w
";
        let (_, errors) = load(text);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 5);
        assert!(errors[0].column > 1);
        assert!(
            errors[0].message.contains("invalid regex"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn semantic_errors() {
        let text = GOOD
            .replace("jargon-rma", "Jargon_RMA")
            .replace("category: jargon", "category: jargn")
            .replace("kind: phrases", "kind: phrase");
        let (_, errors) = load(&text);
        let all: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 3, "{all:?}");
        assert!(all[0].contains("kebab-case"));
        assert!(all[1].contains("did you mean `jargon`"));
        assert!(all[2].contains("did you mean `phrases`"));
    }

    #[test]
    fn malformed_yaml_is_an_error_not_a_panic() {
        let (_, errors) = load("- id: x\n  kind: [unclosed\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].line >= 1);
        let (_, errors) = load("just a string");
        assert_eq!(errors.len(), 1);
        let (_, errors) = load("\u{0}\u{1}binary");
        assert_eq!(errors.len(), 1);
    }
}
