//! Reading rule packs: YAML → [`Rule`], with every problem positioned.
//!
//! A pack is parsed once into a positioned YAML tree ([`crate::yaml`]). It is a list of
//! rules, or a mapping with the pack's `language` and its `rules`. For each rule the
//! loader reads the common keys, finds the kind named by `kind` in [`KINDS`], checks that
//! every other key belongs to that kind, and lets the kind compile its own keys. Every bad
//! rule is reported, with file, line, column and rule id, not only the first.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::kinds::{Kind, Validation, KINDS};
use super::matcher::RegexCache;
use super::{AppliesTo, Examples, Rule, SpeakerFilter, Suggest, When};
use crate::category::Category;
use crate::diagnostic::Severity;
use crate::error::{excerpt, Error, ErrorKind};
use crate::util::did_you_mean;
use crate::yaml::{self, Located, Node, Value};

/// A rule pack's name and text.
#[derive(Debug, Clone)]
pub(crate) struct RuleSource {
    /// A file path or `rules/<category>.yaml` for a built-in pack.
    pub name: String,
    /// The YAML text.
    pub text: String,
    /// One of the packs compiled into the library (its regexes are trusted to compile).
    pub built_in: bool,
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
    "when",
    "enabled",
    "kind",
];

/// The keys of a pack written as a mapping.
const PACK_KEYS: &[&str] = &["language", "rules"];

/// Most YAML nodes a pack may expand to (aliases included): the built-in packs together
/// hold about 5,000.
const MAX_NODES: usize = 500_000;

/// The common keys of a rule.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Common {
    id: Located<String>,
    category: Located<String>,
    severity: Located<String>,
    #[serde(default)]
    speaker: Option<Located<String>>,
    #[serde(default)]
    applies_to: Option<Located<String>>,
    message: Located<String>,
    why: Located<String>,
    #[serde(default)]
    suggest: Option<Located<Suggest>>,
    #[serde(default)]
    examples: Option<Examples>,
    #[serde(default)]
    when: Vec<When>,
    #[serde(default = "yes")]
    enabled: bool,
    /// Read from the tree by `check_keys`; declared so that a rule without it is reported.
    #[allow(dead_code)]
    kind: Located<String>,
}

fn yes() -> bool {
    true
}

/// Parses one pack. Returns the rules that loaded and the problems of those that did not.
#[cfg(test)]
pub(crate) fn load_pack(source: &RuleSource, cache: &RegexCache) -> (Vec<Rule>, Vec<Error>) {
    load_parsed(source, parse_pack(source), cache)
}

/// Parses and loads `sources` in order: for each, the rules that loaded and the problems
/// of those that did not. Parsing the YAML was two thirds of loading the built-in packs,
/// and packs parse independently: with the `rayon` feature, when there are several packs
/// of some size, they are parsed in two shares of about the same size at once (building a
/// linter is what a small run waits for). Loading the parsed packs stays on this thread,
/// in order, so the result is the same.
pub(crate) fn load_packs(
    sources: &[RuleSource],
    cache: &RegexCache,
) -> Vec<(Vec<Rule>, Vec<Error>)> {
    sources
        .iter()
        .zip(parse_packs(sources))
        .map(|(source, p)| load_parsed(source, p, cache))
        .collect()
}

/// Each source parsed, in order: in two shares at once on rayon's pool (see
/// [`load_packs`]).
#[cfg(feature = "rayon")]
fn parse_packs(sources: &[RuleSource]) -> Vec<Parsed> {
    /// Below this much YAML in all, splitting costs more than it saves.
    const PARALLEL_BYTES: usize = 32 * 1024;
    let total: usize = sources.iter().map(|s| s.text.len()).sum();
    if sources.len() < 2 || total < PARALLEL_BYTES {
        return sources.iter().map(parse_pack).collect();
    }
    // Largest packs first, each to the lighter share.
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sources[i].text.len()));
    let (mut shares, mut bytes) = ([Vec::new(), Vec::new()], [0, 0]);
    for i in order {
        let k = usize::from(bytes[0] > bytes[1]);
        bytes[k] += sources[i].text.len();
        shares[k].push(i);
    }
    let parse = |share: &[usize]| -> Vec<(usize, Parsed)> {
        share
            .iter()
            .map(|&i| (i, parse_pack(&sources[i])))
            .collect()
    };
    let (a, b) = rayon::join(|| parse(&shares[0]), || parse(&shares[1]));
    let mut parsed: Vec<(usize, Parsed)> = a.into_iter().chain(b).collect();
    parsed.sort_by_key(|&(i, _)| i);
    parsed.into_iter().map(|(_, p)| p).collect()
}

/// Each source parsed, in order.
#[cfg(not(feature = "rayon"))]
fn parse_packs(sources: &[RuleSource]) -> Vec<Parsed> {
    sources.iter().map(parse_pack).collect()
}

/// A pack's YAML tree: `Ok(None)` for an empty pack, or the error that stops it.
type Parsed = Result<Option<yaml::Node>, Error>;

/// Parses a pack's YAML.
fn parse_pack(source: &RuleSource) -> Parsed {
    let text = &source.text;
    if text.trim().is_empty() {
        return Ok(None);
    }
    match yaml::parse(
        text,
        yaml::Limits {
            max_nodes: MAX_NODES,
        },
    ) {
        Ok(t) => Ok(Some(t)),
        Err(e) => {
            let (line, column) = e.at.unwrap_or((0, 0));
            let mut err = Error::new(ErrorKind::Rule, friendly(&e.message))
                .with_path(&source.name)
                .at(line, column);
            if let Some(id) = rule_id_near(text, line) {
                err = err.with_rule(id);
            }
            Err(err)
        }
    }
}

/// Loads the rules of a parsed pack.
fn load_parsed(source: &RuleSource, parsed: Parsed, cache: &RegexCache) -> (Vec<Rule>, Vec<Error>) {
    let tree = match parsed {
        Ok(Some(t)) => t,
        Ok(None) => return (Vec::new(), Vec::new()),
        Err(err) => return (Vec::new(), vec![err]),
    };
    let (items, language) = match pack_items(&tree, &source.name) {
        Ok(p) => p,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let mut rules = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for item in items {
        match load_rule(item, source, cache) {
            Ok(mut rule) => {
                rule.language.clone_from(&language);
                rules.push(rule);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    (rules, errors)
}

/// The rules of a pack and its language: a list of rules, or `{language: en, rules: […]}`.
fn pack_items<'a>(tree: &'a Node, path: &str) -> Result<(&'a [Node], Option<String>), Error> {
    let error = |node: &Node, message: String| {
        Error::new(ErrorKind::Rule, message)
            .with_path(path)
            .at(node.line, node.column)
    };
    let shape =
        "a rule file is a list of rules (`- id: …`), or a mapping with `language` and `rules`";
    match &tree.value {
        Value::Seq(items) => Ok((items, None)),
        Value::Map(_) => {
            for (key, key_node, _) in tree.entries() {
                if !PACK_KEYS.contains(&key) {
                    return Err(error(
                        key_node,
                        format!(
                            "{} in a pack mapping ({shape})",
                            unknown_key(key, PACK_KEYS)
                        ),
                    ));
                }
            }
            let language = match tree.get("language") {
                None => None,
                Some(n) => match &n.value {
                    Value::Str(s) if is_language_code(s) => Some(s.clone()),
                    _ => {
                        return Err(error(
                            n,
                            "`language` is an ISO 639-1 code such as `en` or `es`".into(),
                        ))
                    }
                },
            };
            match tree.get("rules").map(|n| (n, &n.value)) {
                Some((_, Value::Seq(items))) => Ok((items, language)),
                Some((n, _)) => Err(error(n, "`rules` is a list of rules".into())),
                None => Err(error(tree, "the pack mapping has no `rules` list".into())),
            }
        }
        _ => Err(error(tree, shape.into())),
    }
}

/// `en`, `es`, `pt`: two lowercase letters.
fn is_language_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// Reads one rule.
fn load_rule(item: &Node, source: &RuleSource, cache: &RegexCache) -> Result<Rule, Vec<Error>> {
    let path = source.name.as_str();
    let id_hint = item
        .get("id")
        .and_then(|n| match &n.value {
            Value::Str(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let mut v = Validation::new(path, id_hint, cache, source.built_in);
    if !matches!(item.value, Value::Map(_)) {
        v.err(item, "a rule is a mapping of keys (`id: …`, `kind: …`, …)");
        return Err(v.into_errors());
    }
    let kind = check_keys(item, &mut v);
    let common = v.read::<Common>(item);
    // A misspelt key would also be reported as a missing one: compile only clean keys.
    let check = kind
        .filter(|_| !v.has_errors())
        .and_then(|k| (k.compile)(item, &mut v));
    let Some(common) = common else {
        return Err(v.into_errors());
    };
    let meta = common_fields(&common, &mut v);
    match (meta, kind, check) {
        (Some(meta), Some(kind), Some(check)) if !v.has_errors() => {
            if let (Some(Suggest::Map(m)), Some(at)) = (&meta.suggest, &common.suggest) {
                check_suggest_map(m, check.phrases(), at, &mut v);
            }
            if v.has_errors() {
                return Err(v.into_errors());
            }
            Ok(Rule {
                line: common.id.line,
                id: common.id.value,
                category: meta.category,
                severity: meta.severity,
                speaker: meta.speaker,
                applies_to: meta.applies_to,
                message: common.message.value,
                why: common.why.value.trim().to_string(),
                suggest: meta.suggest,
                examples: common.examples.unwrap_or_default(),
                language: None,
                when: common.when.clone(),
                default_enabled: common.enabled,
                source: path.to_string(),
                kind: kind.name,
                check: Arc::from(check),
            })
        }
        _ => Err(v.into_errors()),
    }
}

/// The common fields, checked.
struct Meta {
    category: Category,
    severity: Severity,
    speaker: SpeakerFilter,
    applies_to: AppliesTo,
    suggest: Option<Suggest>,
}

fn common_fields(c: &Common, v: &mut Validation<'_>) -> Option<Meta> {
    if !is_kebab_case(&c.id.value) {
        let msg = format!(
            "id `{}` must be kebab-case: lowercase letters and digits separated by single hyphens",
            excerpt(&c.id.value)
        );
        v.err_located(&c.id, msg);
    }
    let category = parse_at(&c.category, v);
    let severity = parse_at(&c.severity, v);
    let speaker = c
        .speaker
        .as_ref()
        .map_or(Some(SpeakerFilter::Agent), |s| parse_at(s, v));
    let applies_to = c
        .applies_to
        .as_ref()
        .map_or(Some(AppliesTo::Any), |s| parse_at(s, v));
    for (key, value) in [("message", &c.message), ("why", &c.why)] {
        if value.value.trim().is_empty() {
            v.err_located(value, format!("`{key}` must not be empty"));
        }
    }
    // Map keys are compared with matches in folded form.
    let suggest = c.suggest.as_ref().map(|s| match &s.value {
        Suggest::Map(m) => Suggest::Map(
            m.iter()
                .map(|(k, v)| (crate::text::fold_phrase(k), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        ),
        t => t.clone(),
    });
    Some(Meta {
        category: category?,
        severity: severity?,
        speaker: speaker?,
        applies_to: applies_to?,
        suggest,
    })
}

/// Parses a name (`category: jargon`), reporting a bad one where it was written.
fn parse_at<T>(value: &Located<String>, v: &mut Validation<'_>) -> Option<T>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value
        .value
        .parse::<T>()
        .map_err(|e| v.err_located(value, e.to_string()))
        .ok()
}

/// Finds the rule's kind and checks that every key is a common key or one of the kind's.
fn check_keys(item: &Node, v: &mut Validation<'_>) -> Option<&'static Kind> {
    let kind_node = item.get("kind");
    let kind_name = kind_node.and_then(|n| match &n.value {
        Value::Str(s) => Some(s.as_str()),
        _ => None,
    });
    let kind = kind_name.and_then(|name| KINDS.iter().find(|k| k.name == name));
    if let (Some(name), None, Some(node)) = (kind_name, kind, kind_node) {
        let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        let hint = did_you_mean(name, names.iter().copied())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        v.err(
            node,
            format!(
                "unknown kind `{}`; {hint}(this version knows: {})",
                excerpt(name),
                names.join(", ")
            ),
        );
    }
    let all_keys = all_keys();
    for (key, key_node, _) in item.entries() {
        if COMMON_KEYS.contains(&key) {
            continue;
        }
        match kind {
            Some(k) if k.keys.contains(&key) => {}
            Some(k) if all_keys.contains(&key) => v.err(
                key_node,
                format!(
                    "key `{key}` does not belong to kind `{}` (it takes: {})",
                    k.name,
                    k.keys.join(", ")
                ),
            ),
            None if all_keys.contains(&key) => {}
            _ => v.err(key_node, unknown_key(key, &all_keys)),
        }
    }
    kind
}

/// Every key any rule may have.
fn all_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = COMMON_KEYS.to_vec();
    for k in KINDS {
        keys.extend_from_slice(k.keys);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn unknown_key(key: &str, known: &[&str]) -> String {
    match did_you_mean(key, known.iter().copied()) {
        Some(close) => format!("unknown key `{}`; did you mean `{close}`?", excerpt(key)),
        None => format!(
            "unknown key `{}` (a rule may have: {})",
            excerpt(key),
            known.join(", ")
        ),
    }
}

/// A `suggest` map names only phrases of the rule.
fn check_suggest_map(
    map: &BTreeMap<String, String>,
    phrases: &[String],
    at: &Located<Suggest>,
    v: &mut Validation<'_>,
) {
    if phrases.is_empty() {
        return;
    }
    let folded: Vec<String> = phrases
        .iter()
        .map(|p| crate::text::fold_phrase(p))
        .collect();
    for key in map.keys().filter(|k| !folded.contains(k)) {
        v.err_located(
            at,
            format!(
                "`suggest` has an entry for `{}`, which is not one of the rule's phrases",
                excerpt(key)
            ),
        );
    }
}

/// Rewrites serde's messages in the words of rule files: "unknown field" → "unknown key"
/// with a "did you mean", "unknown variant" → "unknown value".
pub(crate) fn friendly(message: &str) -> String {
    for (prefix, what) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        let Some(start) = message.find(prefix).map(|i| i + prefix.len()) else {
            continue;
        };
        let Some(len) = message[start..].find('`') else {
            continue;
        };
        let value = &message[start..start + len];
        // "…`, expected one of `a`, `b`": the names are every other backticked piece.
        let expected: Vec<&str> = message[start + len..]
            .split('`')
            .skip(2)
            .step_by(2)
            .collect();
        let hint = did_you_mean(value, expected.iter().copied())
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        let list = if expected.is_empty() {
            String::new()
        } else {
            format!(" (expected one of: {})", expected.join(", "))
        };
        return format!("unknown {what} `{}`{hint}{list}", excerpt(value));
    }
    message.to_string()
}

/// The id of the list item that contains `line`, read from the text (for errors that
/// come before the rule could be read).
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
                return Some(excerpt(v));
            }
        }
    }
    None
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

    #[test]
    fn serde_messages_in_our_words() {
        assert_eq!(
            friendly("unknown field `phrase`, expected one of `phrases`, `pattern`"),
            "unknown key `phrase`; did you mean `phrases`? (expected one of: phrases, pattern)"
        );
        assert_eq!(
            friendly("unknown variant `dead-ar`, expected `dead-air` or `overtalk`"),
            "unknown value `dead-ar`; did you mean `dead-air`? (expected one of: dead-air, overtalk)"
        );
    }

    /// The built-in packs' regexes are compiled lazily, trusted to compile: this is the
    /// check that earns the trust (each pack validated as a user's pack would be).
    #[test]
    fn every_built_in_regex_compiles() {
        let mut rules = 0;
        for mut source in crate::builtin::sources() {
            source.built_in = false;
            let cache = RegexCache::default();
            let (loaded, errors) = load_pack(&source, &cache);
            assert!(errors.is_empty(), "{}: {errors:?}", source.name);
            rules += loaded.len();
            // The pattern's automata and its ASCII twin's, which a search may build.
            for lazy in cache.all() {
                assert!(lazy.get().is_some_and(|re| re.builds()), "{}", source.name);
            }
        }
        assert!(rules > 40, "{rules} built-in rules");
    }

    fn load(text: &str) -> (Vec<Rule>, Vec<Error>) {
        load_pack(
            &RuleSource {
                name: "pack.yaml".into(),
                text: text.into(),
                built_in: false,
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
        assert_eq!(e.rule(), Some("jargon-rma"));
        assert!(
            e.message().contains("did you mean `phrases`"),
            "{}",
            e.message()
        );
        assert_eq!(e.line(), Some(5), "{e}");
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
        assert_eq!(errors[0].rule(), Some("jargon-sla"));
        assert_eq!(errors[0].line(), Some(11));
        assert_eq!(errors[1].rule(), Some("jargon-eta"));
        assert!(
            errors[1].message().contains("missing required key `why`"),
            "{}",
            errors[1]
        );
    }

    #[test]
    fn asked_for_needs_only_outcome() {
        let rule = "\
- id: over-promising-x
  category: over-promising
  severity: warning
  kind: pattern
  pattern: 'assure you'
  asked-for: 'promise me'
  message: m
  why: w
";
        let (_, errors) = load(rule);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line(), Some(6), "{}", errors[0]);
        assert!(
            errors[0].message().contains("add `only-outcome: true`"),
            "{}",
            errors[0]
        );
        let (rules, errors) =
            load(&rule.replace("  asked-for", "  only-outcome: true\n  asked-for"));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rules.len(), 1);
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
        assert_eq!(errors[0].line(), Some(5));
        assert!(errors[0].column().unwrap() > 1);
        assert!(
            errors[0].message().contains("invalid regex"),
            "{}",
            errors[0].message()
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
        assert!(errors[0].line().unwrap() >= 1);
        let (_, errors) = load("just a string");
        assert_eq!(errors.len(), 1);
        let (_, errors) = load("\u{0}\u{1}binary");
        assert_eq!(errors.len(), 1);
    }
}
