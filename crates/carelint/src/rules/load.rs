//! Reading rule packs: YAML → [`Rule`], with every error positioned.

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

use super::matcher::RegexCache;
use super::{
    AppliesTo, Category, Check, Examples, Matchers, Measure, Modifiers, Rule, SpeakerFilter,
    Suggest, TimingMeasure, Window,
};
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

/// The keys every rule may have.
const COMMON_KEYS: &[&str] = &[
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
];

/// The kinds this version understands, with the keys each takes besides the common ones.
const KINDS: &[(&str, &[&str])] = &[
    (
        "phrases",
        &[
            "phrases",
            "exceptions",
            "unless",
            "unless-pattern",
            "negation",
        ],
    ),
    (
        "pattern",
        &[
            "pattern",
            "case-sensitive",
            "exceptions",
            "unless",
            "unless-pattern",
            "negation",
        ],
    ),
    ("respond", &["trigger", "expect", "within"]),
    ("required", &["phrases", "pattern", "window", "min-turns"]),
    ("customer-name", &["min-turns"]),
    ("metric", &["measure", "max", "min-words", "phrases"]),
    ("timing", &["measure", "max", "min-turns"]),
];

/// Every key any rule may have, for "did you mean" hints.
fn all_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = COMMON_KEYS.to_vec();
    for (_, k) in KINDS {
        keys.extend_from_slice(k);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

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
    suggest: Option<Spanned<Suggest>>,
    #[serde(default)]
    examples: Option<Examples>,
    kind: Spanned<String>,
    // Kind-specific keys; `check_kind_keys` rejects those that do not belong to the kind.
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
    #[serde(default)]
    trigger: Option<Spanned<RawMatchers>>,
    #[serde(default)]
    expect: Option<Spanned<RawMatchers>>,
    #[serde(default)]
    within: Option<Spanned<usize>>,
    #[serde(default)]
    window: Option<Spanned<RawWindow>>,
    #[serde(default)]
    min_turns: Option<Spanned<usize>>,
    #[serde(default)]
    measure: Option<Spanned<String>>,
    #[serde(default)]
    max: Option<Spanned<f64>>,
    #[serde(default)]
    min_words: Option<Spanned<usize>>,
}

impl RawRule {
    /// The kind-specific keys present, with their positions.
    fn kind_keys(&self) -> Vec<(&'static str, serde_saphyr::Location)> {
        let mut keys = Vec::new();
        macro_rules! key {
            ($name:literal, $field:ident) => {
                if let Some(v) = &self.$field {
                    keys.push(($name, v.referenced));
                }
            };
        }
        key!("phrases", phrases);
        key!("pattern", pattern);
        key!("exceptions", exceptions);
        key!("case-sensitive", case_sensitive);
        key!("unless", unless);
        key!("unless-pattern", unless_pattern);
        key!("negation", negation);
        key!("trigger", trigger);
        key!("expect", expect);
        key!("within", within);
        key!("window", window);
        key!("min-turns", min_turns);
        key!("measure", measure);
        key!("max", max);
        key!("min-words", min_words);
        keys
    }
}

/// `trigger:` / `expect:` of a `respond` rule.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMatchers {
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    negation: bool,
}

/// `window:` of a `required` rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawWindow {
    #[serde(default)]
    first: Option<usize>,
    #[serde(default)]
    last: Option<usize>,
}

/// Parses one pack. Returns the rules that loaded and the errors of those that did not.
pub(crate) fn load_pack(source: &RuleSource, cache: &RegexCache) -> (Vec<Rule>, Vec<RuleError>) {
    let text = &source.text;
    if text.trim().is_empty() {
        return (Vec::new(), Vec::new());
    }
    match serde_saphyr::from_str::<Vec<RawRule>>(text) {
        Ok(raw) => {
            let mut rules = Vec::with_capacity(raw.len());
            let mut errors = Vec::new();
            for r in raw {
                match validate(r, &source.name, cache) {
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
        let keys = all_keys();
        if let Some(close) = did_you_mean(&unknown, keys.iter().copied()) {
            message = format!("unknown key `{unknown}`; did you mean `{close}`?");
        } else {
            message = format!(
                "unknown key `{unknown}` (a rule may have: {})",
                keys.join(", ")
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

/// Collects the errors of one rule.
struct Ctx<'a> {
    path: &'a str,
    cache: &'a RegexCache,
    id: String,
    errors: Vec<RuleError>,
}

impl Ctx<'_> {
    fn err(&mut self, at: &serde_saphyr::Location, message: impl Into<String>) {
        self.errors.push(RuleError {
            path: self.path.to_string(),
            line: at.line() as usize,
            column: at.column() as usize,
            rule: Some(self.id.clone()),
            message: message.into(),
        });
    }

    fn regex(&mut self, key: &str, p: &Spanned<String>, case_sensitive: bool) -> Option<String> {
        match self.cache.get(&p.value, case_sensitive) {
            Ok(_) => Some(p.value.clone()),
            Err(m) => {
                let m = if key == "pattern" {
                    m
                } else {
                    format!("`{key}`: {m}")
                };
                self.err(&p.referenced, m);
                None
            }
        }
    }

    /// One of a fixed set of names (`measure: dead-air`), with a "did you mean".
    fn choice<T: Copy>(
        &mut self,
        value: &Spanned<String>,
        key: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == value.value) {
            return Some(*v);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let hint = did_you_mean(&value.value, names.iter().copied())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        let msg = format!(
            "unknown {key} `{}`; {hint}(expected one of: {})",
            value.value,
            names.join(", ")
        );
        self.err(&value.referenced, msg);
        None
    }

    /// The required `max` of a `metric` or `timing` rule: a number ≥ 0.
    fn max(
        &mut self,
        max: Option<&Spanned<f64>>,
        kind_at: &serde_saphyr::Location,
        kind: &str,
    ) -> Option<f64> {
        let Some(max) = max else {
            self.err(kind_at, format!("kind `{kind}` needs a `max`"));
            return None;
        };
        if !max.value.is_finite() || max.value < 0.0 {
            self.err(&max.referenced, "`max` must be a number ≥ 0");
        }
        Some(max.value)
    }

    fn phrase_list(
        &mut self,
        key: &str,
        list: &Spanned<Vec<String>>,
        required: bool,
    ) -> Vec<String> {
        if required && list.value.is_empty() {
            self.err(&list.referenced, format!("`{key}` must not be empty"));
        }
        if list
            .value
            .iter()
            .any(|p| crate::text::fold_phrase(p).is_empty())
        {
            self.err(&list.referenced, format!("`{key}` has an empty entry"));
        }
        list.value.clone()
    }

    fn matchers(&mut self, key: &str, raw: &Spanned<RawMatchers>) -> Matchers {
        let m = &raw.value;
        if m.phrases.is_empty() && m.pattern.is_none() {
            self.err(
                &raw.referenced,
                format!("`{key}` needs `phrases` or a `pattern`"),
            );
        }
        if m.phrases
            .iter()
            .any(|p| crate::text::fold_phrase(p).is_empty())
        {
            self.err(
                &raw.referenced,
                format!("`{key}.phrases` has an empty entry"),
            );
        }
        let pattern = m.pattern.as_ref().and_then(|p| {
            self.cache
                .get(p, false)
                .map_err(|e| self.err(&raw.referenced, format!("`{key}.pattern`: {e}")))
                .ok()
                .map(|_| p.clone())
        });
        let speaker = m.speaker.as_deref().and_then(|s| {
            parse_speaker(s)
                .map_err(|e| self.err(&raw.referenced, format!("`{key}.speaker`: {e}")))
                .ok()
        });
        Matchers {
            phrases: m.phrases.clone(),
            pattern,
            speaker,
            negation: m.negation,
        }
    }
}

fn parse_speaker(s: &str) -> Result<SpeakerFilter, String> {
    match s {
        "agent" => Ok(SpeakerFilter::Agent),
        "customer" => Ok(SpeakerFilter::Customer),
        "any" => Ok(SpeakerFilter::Any),
        other => Err(format!(
            "unknown speaker `{other}` (expected one of: agent, customer, any)"
        )),
    }
}

/// Checks one deserialized rule and turns it into a [`Rule`].
fn validate(raw: RawRule, path: &str, cache: &RegexCache) -> Result<Rule, Vec<RuleError>> {
    let mut cx = Ctx {
        path,
        cache,
        id: raw.id.value.clone(),
        errors: Vec::new(),
    };
    if !is_kebab_case(&cx.id) {
        let msg = format!(
            "id `{}` must be kebab-case: lowercase letters and digits separated by single hyphens",
            cx.id
        );
        cx.err(&raw.id.referenced, msg);
    }
    let category = raw
        .category
        .value
        .parse::<Category>()
        .map_err(|m| cx.err(&raw.category.referenced, m))
        .ok();
    let severity = raw
        .severity
        .value
        .parse::<Severity>()
        .map_err(|m| cx.err(&raw.severity.referenced, m))
        .ok();
    let speaker = match &raw.speaker {
        None => Some(SpeakerFilter::Agent),
        Some(s) => parse_speaker(&s.value)
            .map_err(|m| cx.err(&s.referenced, m))
            .ok(),
    };
    let applies_to = match &raw.applies_to {
        None => Some(AppliesTo::Any),
        Some(s) => match s.value.as_str() {
            "any" => Some(AppliesTo::Any),
            "conversation" => Some(AppliesTo::Conversation),
            "template" => Some(AppliesTo::Template),
            other => {
                cx.err(
                    &s.referenced,
                    format!("unknown applies-to `{other}` (expected one of: any, conversation, template)"),
                );
                None
            }
        },
    };
    for (key, value) in [("message", &raw.message), ("why", &raw.why)] {
        if value.value.trim().is_empty() {
            cx.err(&value.referenced, format!("`{key}` must not be empty"));
        }
    }

    let kind = raw.kind.value.as_str();
    let check = match KINDS.iter().find(|(k, _)| *k == kind) {
        None => {
            let names: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
            let hint = did_you_mean(kind, names.iter().copied())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            cx.err(
                &raw.kind.referenced,
                format!(
                    "unknown kind `{kind}`; {hint}(this version knows: {})",
                    names.join(", ")
                ),
            );
            None
        }
        Some((_, allowed)) => {
            for (key, at) in raw.kind_keys() {
                if !allowed.contains(&key) {
                    cx.err(
                        &at,
                        format!(
                            "key `{key}` does not belong to kind `{kind}` (it takes: {})",
                            allowed.join(", ")
                        ),
                    );
                }
            }
            build_check(&raw, kind, &mut cx)
        }
    };

    let suggest = raw.suggest.as_ref().map(|s| match &s.value {
        Suggest::Map(m) => Suggest::Map(
            m.iter()
                .map(|(k, v)| (crate::text::fold_phrase(k), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        ),
        t => t.clone(),
    });
    if let (Some(Suggest::Map(m)), Some(Check::Phrases { phrases, .. }), Some(at)) =
        (&suggest, &check, raw.suggest.as_ref().map(|s| s.referenced))
    {
        let folded: Vec<String> = phrases
            .iter()
            .map(|p| crate::text::fold_phrase(p))
            .collect();
        for key in m.keys() {
            if !folded.contains(key) {
                cx.err(
                    &at,
                    format!("`suggest` has an entry for `{key}`, which is not one of the rule's phrases"),
                );
            }
        }
    }

    match (category, severity, speaker, applies_to, check) {
        (Some(category), Some(severity), Some(speaker), Some(applies_to), Some(check))
            if cx.errors.is_empty() =>
        {
            Ok(Rule {
                line: raw.id.referenced.line() as usize,
                id: cx.id,
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
        _ => Err(cx.errors),
    }
}

/// Builds the kind-specific part of a rule (keys already checked to belong to the kind).
fn build_check(raw: &RawRule, kind: &str, cx: &mut Ctx<'_>) -> Option<Check> {
    let missing = |cx: &mut Ctx<'_>, what: &str| {
        cx.err(&raw.kind.referenced, format!("kind `{kind}` needs {what}"));
    };
    match kind {
        "phrases" | "pattern" => {
            let mut modifiers = Modifiers {
                negation: raw.negation.as_ref().is_some_and(|n| n.value),
                ..Modifiers::default()
            };
            if let Some(l) = &raw.exceptions {
                modifiers.exceptions = cx.phrase_list("exceptions", l, false);
            }
            if let Some(l) = &raw.unless {
                modifiers.unless = cx.phrase_list("unless", l, false);
            }
            if let Some(p) = &raw.unless_pattern {
                modifiers.unless_pattern = cx.regex("unless-pattern", p, false);
            }
            if kind == "phrases" {
                let Some(p) = &raw.phrases else {
                    missing(cx, "a `phrases` list");
                    return None;
                };
                let phrases = cx.phrase_list("phrases", p, true);
                Some(Check::Phrases { phrases, modifiers })
            } else {
                let Some(p) = &raw.pattern else {
                    missing(cx, "a `pattern`");
                    return None;
                };
                let case_sensitive = raw.case_sensitive.as_ref().is_some_and(|c| c.value);
                let pattern = cx.regex("pattern", p, case_sensitive)?;
                Some(Check::Pattern {
                    pattern,
                    case_sensitive,
                    modifiers,
                })
            }
        }
        "respond" => {
            let (Some(t), Some(e)) = (&raw.trigger, &raw.expect) else {
                missing(cx, "`trigger` and `expect`");
                return None;
            };
            let trigger = cx.matchers("trigger", t);
            let expect = cx.matchers("expect", e);
            let within = raw.within.as_ref().map_or(1, |w| w.value);
            if within == 0 {
                if let Some(w) = &raw.within {
                    cx.err(&w.referenced, "`within` must be at least 1");
                }
            }
            Some(Check::Respond {
                trigger,
                expect,
                within,
            })
        }
        "required" => {
            let phrases = raw
                .phrases
                .as_ref()
                .map(|p| cx.phrase_list("phrases", p, false))
                .unwrap_or_default();
            let pattern = raw
                .pattern
                .as_ref()
                .and_then(|p| cx.regex("pattern", p, false));
            if phrases.is_empty() && raw.pattern.is_none() {
                missing(cx, "`phrases` or a `pattern`");
                return None;
            }
            let window = match &raw.window {
                None => Window::Conversation,
                Some(w) => match (w.value.first, w.value.last) {
                    (Some(n), None) if n > 0 => Window::First(n),
                    (None, Some(n)) if n > 0 => Window::Last(n),
                    _ => {
                        cx.err(
                            &w.referenced,
                            "`window` takes one of `first: N` or `last: N` (N ≥ 1); leave it out for the whole conversation",
                        );
                        return None;
                    }
                },
            };
            Some(Check::Required {
                matchers: Matchers {
                    phrases,
                    pattern,
                    speaker: None,
                    negation: false,
                },
                window,
                min_turns: raw.min_turns.as_ref().map_or(0, |m| m.value),
            })
        }
        "customer-name" => Some(Check::CustomerName {
            min_turns: raw.min_turns.as_ref().map_or(0, |m| m.value),
        }),
        "timing" => {
            let Some(m) = &raw.measure else {
                missing(cx, "a `measure`");
                return None;
            };
            let measure = cx.choice(
                m,
                "measure",
                &[
                    ("dead-air", TimingMeasure::DeadAir),
                    ("overtalk", TimingMeasure::Overtalk),
                    ("talk-share", TimingMeasure::TalkShare),
                    ("speaking-rate", TimingMeasure::SpeakingRate),
                ],
            )?;
            let max = cx.max(raw.max.as_ref(), &raw.kind.referenced, kind)?;
            Some(Check::Timing {
                measure,
                max,
                min_turns: raw.min_turns.as_ref().map_or(0, |m| m.value),
            })
        }
        "metric" => {
            let Some(m) = &raw.measure else {
                missing(cx, "a `measure`");
                return None;
            };
            let measure = cx.choice(
                m,
                "measure",
                &[
                    ("sentence-words", Measure::SentenceWords),
                    ("sentence-grade", Measure::SentenceGrade),
                    ("turn-phrases", Measure::TurnPhrases),
                ],
            )?;
            let max = cx.max(raw.max.as_ref(), &raw.kind.referenced, kind)?;
            let phrases = raw
                .phrases
                .as_ref()
                .map(|p| cx.phrase_list("phrases", p, true))
                .unwrap_or_default();
            if measure == Measure::TurnPhrases && phrases.is_empty() {
                missing(cx, "`phrases` to count");
                return None;
            }
            if measure != Measure::TurnPhrases && raw.phrases.is_some() {
                cx.err(
                    &m.referenced,
                    "`phrases` is only used by `measure: turn-phrases`",
                );
            }
            Some(Check::Metric {
                measure,
                max,
                min_words: raw.min_words.as_ref().map_or(0, |m| m.value),
                phrases,
            })
        }
        _ => None,
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
        load_pack(
            &RuleSource {
                name: "pack.yaml".into(),
                text: text.into(),
            },
            &RegexCache::default(),
        )
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
