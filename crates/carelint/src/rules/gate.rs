//! Literal gates for regexes.
//!
//! Rule regexes are long, case-insensitive alternations; running each over every turn is
//! the slowest part of linting. Most turns cannot match at all: a time needs a digit or
//! a word like "noon", a placeholder needs a brace. For each regex this module derives a
//! *gate*: a set of short lowercase strings such that every match of the regex contains
//! at least one of them. A gate may have several such sets (clauses): a time after a
//! callback cue needs a cue word AND a digit. The gate strings join the one Aho-Corasick
//! automaton, and a regex runs only on turns where every clause of its gate was found. A
//! regex for which no useful gate can be proven simply runs on every turn.

use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::BTreeSet;

// Generated: `CARELINT_BLESS=1 cargo test -p carelint --lib built_in_gates_are_current`.
#[rustfmt::skip]
mod table;

// Generated: `python3 scripts/gate-frequencies.py`.
#[rustfmt::skip]
mod common;

/// Most strings a gate may hold.
const MAX_STRINGS: usize = 2048;

/// Largest character class turned into single-character gate strings. `[0-9]` makes a
/// gate; Unicode `\d` (some 700 digits) does not: expanding and merging sets that large
/// cost more at build time (~40M instructions for the built-in packs) than it saved.
const MAX_CLASS: usize = 128;

/// Most clauses kept per gate.
const MAX_CLAUSES: usize = 4;

/// The gate of `pattern`: clauses of lowercase strings; every match contains (after
/// folding case, apostrophes and whitespace) a string of each clause. `None` when no gate
/// can be proven.
///
/// The gates of the built-in packs' regexes are looked up in [`table`], made by [`derive`]
/// when the packs last changed: deriving them (parsing each long case-insensitive
/// alternation with regex-syntax and turning it into clauses) was ~45% of building a
/// linter. Any other pattern (a user's pack, a pack edited since) is derived here.
pub(crate) fn gate(pattern: &str, case_sensitive: bool) -> Option<Vec<Vec<String>>> {
    match precomputed(pattern, case_sensitive) {
        Some(known) => known.map(|clauses| {
            clauses
                .iter()
                .map(|c| c.iter().map(|s| (*s).to_string()).collect())
                .collect()
        }),
        None => derive(pattern, case_sensitive),
    }
}

/// The entry of [`table::GATES`] for `pattern`, if it has one.
fn precomputed(pattern: &str, case_sensitive: bool) -> Option<table::Gate> {
    type Table = rustc_hash::FxHashMap<(&'static str, bool), table::Gate>;
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    // The map is covariant in its keys: looked up with a borrowed pattern.
    let table: &rustc_hash::FxHashMap<(&str, bool), table::Gate> = TABLE.get_or_init(|| {
        table::GATES
            .iter()
            .map(|&(p, cs, gate)| ((p, cs), gate))
            .collect()
    });
    table.get(&(pattern, case_sensitive)).copied()
}

/// The gate of `pattern`, derived from its syntax tree (see [`gate`]).
fn derive(pattern: &str, case_sensitive: bool) -> Option<Vec<Vec<String>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(!case_sensitive)
        .build()
        .parse(pattern)
        .ok()?;
    // Single letters occur in almost every turn: a clause holding one costs more in
    // automaton matches than it saves in regex runs. Digits are in a minority of turns
    // (and a time, an amount or an order number needs one), and single symbols (`{`, `[`,
    // `%`) are rare in conversation text: both make good gates.
    let cheap = |s: &String| s.chars().count() >= 2 || !s.chars().any(char::is_alphabetic);
    let mut sets: Vec<BTreeSet<String>> = cnf(&hir)?
        .into_iter()
        .filter(|set| set.iter().all(|s| !s.is_empty() && s != " " && cheap(s)))
        .collect();
    keep_selective(&mut sets);
    let clauses: Vec<Vec<String>> = sets
        .into_iter()
        .map(|set| set.into_iter().collect())
        .collect();
    (!clauses.is_empty()).then_some(clauses)
}

/// How selective a clause is likely to be: the share of turns (per mille) estimated to
/// hold one of its strings, from how often each string occurs in real conversations
/// ([`common::COMMON`]; a string not listed there is in fewer than 2% of turns). Lower is
/// more selective. "th", "in" or "you" are in half the turns or more: a clause holding one
/// filters little and costs an automaton match in most turns.
///
/// The strings of one clause tend to occur together (a turn with one digit mostly has
/// several), so the estimate is the commonest string's share plus a quarter of the
/// others': for the ten digits that gives 32%, where 27% of turns hold one (the sum
/// would say 85%, independent strings 59%).
fn share(set: &BTreeSet<String>) -> u32 {
    let (mut max, mut sum) = (0, 0);
    for s in set {
        let p = common::COMMON
            .binary_search_by(|(c, _)| (*c).cmp(s.as_str()))
            .map_or(UNLISTED, |i| u32::from(common::COMMON[i].1));
        max = max.max(p);
        sum += p;
    }
    (max + (sum - max) / 4).min(1000)
}

/// The share assumed for a string [`common::COMMON`] does not list (per mille of turns).
const UNLISTED: u32 = 10;

/// A clause found in at least this share of turns (per mille) is kept only when it is a
/// gate's most selective clause: it would rarely stop the regex from running.
const WEAK: u32 = 400;

/// Orders `clauses` most selective first, then drops the weak ones after the first and
/// keeps at most [`MAX_CLAUSES`].
fn keep_selective(clauses: &mut Vec<BTreeSet<String>>) {
    clauses.sort_by_cached_key(|s| (share(s), s.len()));
    clauses.dedup();
    let mut first = true;
    clauses.retain(|s| std::mem::take(&mut first) || share(s) < WEAK);
    clauses.truncate(MAX_CLAUSES);
}

/// Clauses (AND of ORs) every match of `hir` satisfies, if any are known.
fn cnf(hir: &Hir) -> Option<Vec<BTreeSet<String>>> {
    match hir.kind() {
        HirKind::Repetition(_) if repeated_char(hir).is_some_and(|(_, min, _)| min >= 1) => {
            let (c, min, _) = repeated_char(hir)?;
            let run: String = std::iter::repeat_n(c, min).collect();
            Some(vec![BTreeSet::from([crate::text::fold_phrase(&run)])])
        }
        HirKind::Repetition(r) if r.min >= 1 => cnf(&r.sub),
        HirKind::Capture(c) => cnf(&c.sub),
        HirKind::Concat(subs) => {
            // Every part of a concatenation is in the match: all their clauses hold.
            let mut clauses: Vec<BTreeSet<String>> = Vec::new();
            let mut run = String::new();
            for sub in subs {
                // `x{3,}`: the character, as many times as it must occur, extends the
                // run; more may follow only if the count is open, which ends the run.
                if let Some((c, min, fixed)) = repeated_char(sub) {
                    run.extend(std::iter::repeat_n(c, min));
                    if !fixed || min == 0 {
                        if !run.is_empty() {
                            clauses.push(BTreeSet::from([crate::text::fold_phrase(&run)]));
                        }
                        run.clear();
                    }
                    continue;
                }
                match exact_char(sub) {
                    Some(c) => run.push(c),
                    None => {
                        if !run.is_empty() {
                            clauses.push(BTreeSet::from([crate::text::fold_phrase(&run)]));
                            run.clear();
                        }
                        if let Some(c) = cnf(sub) {
                            clauses.extend(c);
                        }
                    }
                }
            }
            if !run.is_empty() {
                clauses.push(BTreeSet::from([crate::text::fold_phrase(&run)]));
            }
            clauses.retain(|s| !s.is_empty() && s.iter().all(|x| !x.is_empty() && x != " "));
            keep_selective(&mut clauses);
            (!clauses.is_empty()).then_some(clauses)
        }
        HirKind::Alternation(subs) => {
            // A match is in one branch and satisfies all of its clauses, so the union of
            // one clause per branch is a clause. Build one such union from each branch's
            // best clause, one from each branch's second best, and so on.
            let branches: Vec<Vec<BTreeSet<String>>> =
                subs.iter().map(cnf).collect::<Option<_>>()?;
            let depth = branches
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(0)
                .min(MAX_CLAUSES);
            let mut clauses = Vec::new();
            for j in 0..depth {
                let mut union = BTreeSet::new();
                for b in &branches {
                    union.extend(b[j.min(b.len() - 1)].iter().cloned());
                }
                if union.len() <= MAX_STRINGS {
                    clauses.push(union);
                }
            }
            clauses.dedup();
            (!clauses.is_empty()).then_some(clauses)
        }
        _ => need(hir).map(|s| vec![s]),
    }
}

/// The strings one of which every match of `hir` contains, if known.
fn need(hir: &Hir) -> Option<BTreeSet<String>> {
    match hir.kind() {
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            let f = crate::text::fold_phrase(s);
            (!f.is_empty()).then(|| BTreeSet::from([f]))
        }
        HirKind::Class(c) => {
            class_chars(c).map(|chars| chars.into_iter().map(String::from).collect())
        }
        HirKind::Repetition(r) if r.min >= 1 => need(&r.sub),
        HirKind::Capture(c) => need(&c.sub),
        // The most selective of the clauses every match of the concatenation satisfies.
        HirKind::Concat(_) => cnf(hir)?.into_iter().min_by_key(share),
        HirKind::Alternation(subs) => {
            let mut all = BTreeSet::new();
            for sub in subs {
                all.extend(need(sub)?);
                if all.len() > MAX_STRINGS {
                    return None;
                }
            }
            Some(all)
        }
        _ => None,
    }
}

/// A repetition of one character (`[Xx]{3,}`): the character, how many times every
/// match holds it (at most [`MAX_RUN`]), and whether that count is exact. Whitespace
/// repeated at least once is one space, exactly: folding collapses runs of it.
fn repeated_char(hir: &Hir) -> Option<(char, usize, bool)> {
    let HirKind::Repetition(r) = hir.kind() else {
        return None;
    };
    let c = exact_char(&r.sub)?;
    if c == ' ' {
        // Any run of whitespace folds to one space.
        return Some((' ', usize::from(r.min >= 1), r.min >= 1));
    }
    let min = (r.min as usize).min(MAX_RUN);
    Some((c, min, r.max == Some(r.min) && min == r.min as usize))
}

/// Longest run of one repeated character put into a gate string.
const MAX_RUN: usize = 8;

/// The one lowercase character a class stands for (`[Cc]`), if it stands for one.
fn exact_char(hir: &Hir) -> Option<char> {
    match hir.kind() {
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            let mut chars = s.chars();
            let c = chars.next()?;
            chars.next().is_none().then(|| crate::text::fold_case(c))
        }
        HirKind::Class(c) => {
            let chars = class_chars(c)?;
            let mut it = chars.into_iter();
            let first = it.next()?;
            it.all(|c| c == first).then_some(first)
        }
        _ => None,
    }
}

/// The characters of a small class, lowercased (`[0-9]` → ten digits), else `None`.
fn class_chars(class: &Class) -> Option<BTreeSet<char>> {
    let mut out = BTreeSet::new();
    match class {
        Class::Unicode(u) => {
            for r in u.iter() {
                let (a, b) = (r.start() as u32, r.end() as u32);
                if b - a >= MAX_CLASS as u32 || out.len() > MAX_CLASS {
                    return None;
                }
                for c in a..=b {
                    let c = char::from_u32(c)?;
                    out.insert(folded_char(c));
                }
            }
        }
        Class::Bytes(b) => {
            for r in b.iter() {
                if (r.end() - r.start()) as usize >= MAX_CLASS {
                    return None;
                }
                for c in r.start()..=r.end() {
                    out.insert(folded_char(c as char));
                }
            }
        }
    }
    (out.len() <= MAX_CLASS).then_some(out)
}

/// A character as it appears in folded text (lowercase, apostrophes straight, any
/// whitespace a space; see [`crate::text::Folded`]).
fn folded_char(c: char) -> char {
    if crate::text::is_apostrophe(c) {
        '\''
    } else if c.is_whitespace() {
        ' '
    } else {
        crate::text::fold_case(c)
    }
}

/// The source of [`table`] for `patterns` (each with its case sensitivity), their gates
/// derived now.
#[cfg(test)]
pub(crate) fn render_table(patterns: &[(String, bool)]) -> String {
    use std::fmt::Write;
    let mut out = String::from(
        "//! The gates of the built-in packs' regexes, derived by `gate::derive` (see\n\
         //! `gate::gate`). Generated: do not edit. When a pack's regex or the derivation\n\
         //! changes, the test `built_in_gates_are_current` fails; regenerate with\n\
         //! `CARELINT_BLESS=1 cargo test -p carelint --lib built_in_gates_are_current`.\n\n\
         /// A regex's gate: its clauses, or `None` when no gate can be proven.\n\
         pub(super) type Gate = Option<&'static [&'static [&'static str]]>;\n\n\
         /// (pattern, case-sensitive, gate), sorted by pattern.\n\
         pub(super) static GATES: &[(&str, bool, Gate)] = &[\n",
    );
    for (pattern, case_sensitive) in patterns {
        let gate = match derive(pattern, *case_sensitive) {
            None => "None".to_string(),
            Some(clauses) => {
                let clauses: Vec<String> = clauses
                    .iter()
                    .map(|c| {
                        let strings: Vec<String> = c.iter().map(|s| format!("{s:?}")).collect();
                        format!("&[{}]", strings.join(", "))
                    })
                    .collect();
                format!("Some(&[{}])", clauses.join(", "))
            }
        };
        let _ = writeln!(out, "    ({pattern:?}, {case_sensitive}, {gate}),");
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gate's best clause.
    fn g(p: &str) -> Option<Vec<String>> {
        gate(p, false).map(|c| c[0].clone())
    }

    #[test]
    fn literals_and_case_insensitive_runs() {
        assert_eq!(g(r"\bcall you\b"), Some(vec!["call you".into()]));
        assert_eq!(
            g(r"(?:call|ring)\s+you"),
            Some(vec!["call".into(), "ring".into()])
        );
        let braces = g(r"\{\{\s*\w+\s*\}\}").unwrap();
        assert!(braces == ["{{"] || braces == ["}}"], "{braces:?}");
    }

    #[test]
    fn digits_and_alternatives() {
        let gate = g(r"\b(?:[01]?\d|2[0-3]):[0-5]\d").unwrap();
        assert!(gate.contains(&":".to_string()), "{gate:?}");
        let gate = g(r"\d{1,2}\s?(?:am|pm)|noon|midnight").unwrap();
        assert!(
            gate.contains(&"noon".to_string()) && gate.contains(&"pm".to_string()),
            "{gate:?}"
        );
    }

    #[test]
    fn concatenations_give_several_clauses() {
        let clauses = gate(r"\b(?:call|ring) you at [0-9]{1,2}\s?(?:am|pm)\b", false).unwrap();
        assert!(clauses.len() >= 2, "{clauses:?}");
        assert!(
            clauses.iter().any(|c| c.contains(&"pm".to_string())),
            "{clauses:?}"
        );
        // Digits make a gate too (27% of turns hold one), but a weaker one than these
        // words: they rank last.
        let digits = clauses.iter().position(|c| c.contains(&"7".to_string()));
        assert_eq!(digits, Some(clauses.len() - 1), "{clauses:?}");
        let letters = gate(r"\b[a-z] or [a-z]\b", false).unwrap();
        assert!(
            letters.iter().flatten().all(|x| x.chars().count() >= 2),
            "no single letters: {letters:?}"
        );
    }

    /// A clause of common strings ("th" of "this|that", "will") is not the gate's first,
    /// and one found in most turns is dropped when a more selective clause exists.
    #[test]
    fn common_strings_make_weak_clauses() {
        let clauses = gate(r"\b(?:this|that)\s+will\s+(?:fix|solve)\s+it\b", false).unwrap();
        assert_eq!(clauses[0], ["fix", "solve"], "{clauses:?}");
        assert!(
            clauses.iter().flatten().all(|s| s != "th"),
            "no clause of \"th\": {clauses:?}"
        );
        // The only clause stays, however common.
        assert_eq!(g(r"\bthe\b"), Some(vec!["the".into()]));
    }

    #[test]
    fn repeated_characters_make_a_string() {
        assert_eq!(g(r"\b[Xx]{3,}(?:-[XxYy]{3,})*\b"), Some(vec!["xxx".into()]));
        assert_eq!(g(r"ab{2}c"), Some(vec!["abbc".into()]));
        // An open count ends the run: "abbbc" holds "abb" but not "abbc".
        assert_eq!(g(r"ab{2,}c"), Some(vec!["abb".into()]));
        // Folding collapses whitespace, so a run of it is one space.
        assert_eq!(g(r"call\s{2}you"), Some(vec!["call you".into()]));
        assert_eq!(g(r"call\s+you"), Some(vec!["call you".into()]));
    }

    #[test]
    fn no_gate_when_unprovable() {
        assert_eq!(g(r"\w+"), None);
        assert_eq!(g(r"a*"), None);
        assert_eq!(g(r"(?:x|\w+)"), None);
    }

    /// Every match of the pattern contains a gate string (checked on samples).
    #[test]
    fn gates_are_sound_on_samples() {
        let cases = [
            (
                r"\b(?:we|our team) will (?:call|contact) you at \d{1,2}\s?(?:am|pm)\b",
                "We will CALL you at 3 PM",
            ),
            (
                r"\{\{\s*[A-Za-z_]+\s*\}\}|\[[A-Z_]{3,}\]",
                "Hi [CUSTOMER_NAME]",
            ),
            (
                r"(?:end of (?:the )?(?:business )?day|\beod\b|\bcob\b)",
                "by End Of Business Day",
            ),
        ];
        for (p, text) in cases {
            let re = regex::RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .unwrap();
            let m = re.find(text).unwrap();
            let folded = crate::text::fold_phrase(m.as_str());
            for clause in gate(p, false).unwrap() {
                assert!(
                    clause.iter().any(|s| folded.contains(s.as_str())),
                    "{p}: {clause:?} vs {folded}"
                );
            }
        }
    }
}
