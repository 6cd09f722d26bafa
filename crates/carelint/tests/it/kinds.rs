//! Each rule kind and modifier on multi-turn transcripts, with the tricky negatives.
//! The packs here are inline, so these tests do not depend on the built-in packs.

use crate::common::*;
use carelint::{Config, Diagnostic, Linter};
use std::path::Path;

fn linter(pack: &str) -> Linter {
    Linter::builder()
        .default_rules(false)
        .rules_str("test.yaml", pack)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn lint(linter: &Linter, text: &str) -> Vec<Diagnostic> {
    lint_plain(linter, text)
}

const EMPATHY: &str = r#"
- id: empathy-ack
  category: empathy
  severity: warning
  kind: respond
  trigger:
    phrases: [frustrated, upset, unacceptable, third time I'm calling]
    negation: true
  expect:
    phrases: [sorry, I understand, I apologise]
    pattern: 'I can (?:only )?imagine'
  message: "customer said “{trigger}” and this reply does not acknowledge it"
  why: An upset customer who is not acknowledged escalates.
"#;

#[test]
fn respond_flags_the_reply_that_should_have_acknowledged() {
    let l = linter(EMPATHY);
    let d = lint(&l, "Customer: This is unacceptable.\nAgent: What is your order number?\nCustomer: 5521\nAgent: I'm sorry about that.\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].turn, Some(1), "the finding is on the reply turn");
    assert_eq!(d[0].line, 2);
    assert_eq!(
        d[0].message,
        "customer said “unacceptable” and this reply does not acknowledge it"
    );
    assert_eq!(d[0].speaker, Some(carelint::Speaker::Agent));
}

#[test]
fn respond_acknowledged_in_time_passes() {
    let l = linter(EMPATHY);
    assert!(lint(
        &l,
        "Customer: I'm so frustrated.\nAgent: I'm sorry, let me fix it.\n"
    )
    .is_empty());
    assert!(lint(
        &l,
        "Customer: I'm so frustrated.\nAgent: I can only imagine, let me fix it.\n"
    )
    .is_empty());
}

#[test]
fn respond_empathy_two_turns_later_is_too_late_with_within_one() {
    let l = linter(EMPATHY);
    let text = "Customer: I'm upset.\nAgent: Order number?\nCustomer: 5521\nAgent: Sorry for the trouble.\n";
    assert_eq!(lint(&l, text).len(), 1);
    let l2 = linter(&EMPATHY.replace("  why:", "  within: 2\n  why:"));
    assert!(
        lint(&l2, text).is_empty(),
        "within: 2 accepts the second reply"
    );
}

/// A distress trigger with a weak acknowledgement (`weak-expect`): the issue acknowledged
/// one turn earlier covers a feeling no stronger than the one it answered, not a markedly
/// stronger one.
const WEAK: &str = r#"
- id: empathy-ack
  category: empathy
  severity: warning
  kind: respond
  trigger: { distress: 0.45 }
  expect:
    phrases: [sorry, I understand your]
  also-before: 1
  weak-expect: '(?i)I understand your concern\b'
  message: "customer said “{trigger}” and this reply does not acknowledge it"
  why: An upset customer who is not acknowledged escalates.
"#;

#[test]
fn respond_weak_acknowledgement_does_not_cover_a_stronger_feeling() {
    let l = linter(WEAK);
    let stronger = "Customer: Where is my order?\nAgent: I understand your concern. Let me check.\nCustomer: I am furious, this is ridiculous!!\nAgent: It ships today.\n";
    let d = lint(&l, stronger);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].turn, Some(3));
    // A full acknowledgement carries over.
    let full = stronger.replace("I understand your concern", "I'm so sorry");
    assert!(lint(&l, &full).is_empty());
    // Without `weak-expect` every acknowledgement carries over.
    let l2 = linter(&WEAK.replace("  weak-expect: '(?i)I understand your concern\\b'\n", ""));
    assert!(lint(&l2, stronger).is_empty());
    // The weak acknowledgement covers a feeling as strong as the one it answered.
    let same = "Customer: I am furious, this is ridiculous!!\nAgent: I understand your concern. Let me check.\nCustomer: I am furious, this is ridiculous!!\nAgent: It ships today.\n";
    assert!(lint(&l, same).is_empty());
}

#[test]
fn respond_weak_expect_must_be_a_regex() {
    let e = Linter::builder()
        .default_rules(false)
        .rules_str("test.yaml", WEAK.replace("concern\\b'", "concern('"))
        .build()
        .expect_err("an invalid regex is an error");
    assert!(e.to_string().contains("weak-expect"), "{e}");
}

#[test]
fn respond_ignores_negated_triggers_and_conversations_that_end() {
    let l = linter(EMPATHY);
    assert!(lint(
        &l,
        "Customer: I'm not upset, just asking.\nAgent: Sure, here it is.\n"
    )
    .is_empty());
    assert!(
        lint(&l, "Customer: This is unacceptable.\n").is_empty(),
        "no reply to judge"
    );
    // Two triggers before one reply: one finding.
    let d = lint(
        &l,
        "Customer: I'm upset.\nCustomer: Really frustrated.\nAgent: Order number?\n",
    );
    assert_eq!(d.len(), 1, "{d:?}");
}

const CLOSING: &str = r#"
- id: closing-anything-else
  category: closing
  severity: info
  applies-to: conversation
  kind: required
  phrases: [anything else]
  pattern: 'any (?:other|more) questions'
  window: { last: 2 }
  min-turns: 4
  message: the agent never checked for other needs
  why: Customers call back when a second question goes unasked.
"#;

#[test]
fn required_in_the_last_turns() {
    let l = linter(CLOSING);
    let missing = "Customer: hi\nAgent: hello\nCustomer: where is my order\nAgent: it ships today\nCustomer: ok\nAgent: bye\n";
    let d = lint(&l, missing);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].turn, Some(5), "reported on the window's last turn");
    assert!(d[0].span.is_none() && d[0].matched.is_none());
    let present = missing.replace("it ships today", "it ships today. Anything else?");
    assert!(
        lint(&l, &present).is_empty(),
        "second-to-last agent turn is in the window"
    );
    let early = missing.replace("Agent: hello", "Agent: hello, any other questions?");
    assert_eq!(
        lint(&l, &early).len(),
        1,
        "the first agent turn is outside `last: 2`"
    );
}

#[test]
fn required_skips_short_conversations_and_templates() {
    let l = linter(CLOSING);
    assert!(lint(&l, "Customer: hi\nAgent: bye\n").is_empty());
    assert!(lint(&l, "Thanks for writing. Your refund is on its way.\n").is_empty());
}

#[test]
fn required_whole_conversation_is_conversation_level() {
    let l = linter(&CLOSING.replace("  window: { last: 2 }\n", ""));
    let d = lint(
        &l,
        "Customer: hi\nAgent: hello\nCustomer: where is my order\nAgent: it ships today\n",
    );
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].turn, None);
    assert_eq!(d[0].speaker, None);
}

const NAME: &str = r#"
- id: personalization-name
  category: personalization
  severity: info
  applies-to: conversation
  kind: customer-name
  min-turns: 3
  message: "the agent never used the customer's name ({name})"
  why: Using the name shows the customer they are heard.
"#;

#[test]
fn customer_name_from_metadata() {
    let l = linter(NAME);
    let base = "---\ncustomer_name: Mei Chen\n---\nCustomer: hi\nAgent: hello, how can I help?\nCustomer: address change\nAgent: done!\n";
    let d = lint(&l, base);
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].message,
        "the agent never used the customer's name (Mei Chen)"
    );
    assert_eq!(d[0].turn, None);
    assert!(lint(&l, &base.replace("done!", "done, Mei!")).is_empty());
    assert!(
        lint(&l, &base.replace("done!", "done, Ms. Chen!")).is_empty(),
        "title and surname"
    );
}

#[test]
fn customer_name_used_only_before_it_was_learned_is_flagged() {
    let l = linter(NAME);
    let text = "Agent: Hi Sam, thanks for calling.\nCustomer: hi, my name is Sam Rivera\nAgent: How can I help?\nCustomer: refund\nAgent: Done.\n";
    let d = lint(&l, text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].line, 2, "positioned where the name was learned");
    assert!(lint(&l, &text.replace("Agent: Done.", "Agent: Done, Sam.")).is_empty());
}

#[test]
fn customer_name_answering_a_name_question_and_accents() {
    let l = linter(NAME);
    let text = "Agent: May I have your name please?\nCustomer: it's José Álvarez\nAgent: Thank you, Jose. How can I help?\n";
    assert!(lint(&l, text).is_empty(), "accent-insensitive");
    let text = "Agent: May I have your name please?\nCustomer: it's José Álvarez\nAgent: Thank you. How can I help?\nCustomer: My bill.\nAgent: Let me check.\n";
    assert_eq!(lint(&l, text).len(), 1);
    // One agent turn after learning the name is too few to judge (min-agent-turns: 2).
    let text = "Agent: May I have your name please?\nCustomer: it's José Álvarez\nAgent: Thank you. How can I help?\n";
    assert!(lint(&l, text).is_empty());
    // "I'm calling about…" is not an introduction.
    let text = "Agent: How can I help?\nCustomer: I'm calling about my bill\nAgent: Sure.\n";
    assert!(lint(&l, text).is_empty());
}

const METRIC: &str = r#"
- id: clarity-long-sentence
  category: clarity
  severity: warning
  kind: metric
  measure: sentence-words
  max: 12
  message: "sentence of {value} words (max {max})"
  why: Long sentences lose non-native speakers.
- id: clarity-filler
  category: clarity
  severity: info
  kind: metric
  measure: turn-phrases
  phrases: [basically, literally, so what happens is]
  max: 1
  message: "{value} filler phrases in one turn: {match}"
  why: Filler hides the answer.
"#;

#[test]
fn metrics_per_sentence_and_per_turn() {
    let l = linter(METRIC);
    let d = lint(&l, "Agent: Short one. This sentence is clearly going to be much longer than twelve words in total. Ok.\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].message, "sentence of 14 words (max 12)");
    assert_eq!(
        d[0].matched.as_deref(),
        Some("This sentence is clearly going to be much longer than twelve words in total.")
    );
    let d = lint(
        &l,
        "Agent: So what happens is, basically, the box is literally empty.\n",
    );
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].message,
        "3 filler phrases in one turn: So what happens is, basically, literally"
    );
    assert!(lint(&l, "Agent: Basically, it is done.\n").is_empty());
}

#[test]
fn max_words_hands_the_longest_sentences_to_another_rule() {
    let pack = r#"
- id: long
  category: clarity
  severity: warning
  kind: metric
  measure: sentence-words
  max: 12
  message: "long: {value}"
  why: Long sentences lose readers.
- id: words-8-to-12
  category: clarity
  severity: info
  kind: metric
  measure: sentence-words
  max: 7
  max-words: 12
  message: "mid: {value}"
  why: Same sentence, one finding.
"#;
    let l = linter(pack);
    let d = lint(
        &l,
        "Agent: This sentence is clearly going to be much longer than twelve words in total.\n",
    );
    let messages: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["long: 14"], "one finding for one sentence");
    let d = lint(
        &l,
        "Agent: This sentence has exactly ten words in it, you see.\n",
    );
    let messages: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["mid: 10"]);
    // A bound that lets no sentence through is a config error, with its place.
    let error_of = |pack: &str| {
        Linter::builder()
            .default_rules(false)
            .rules_str("test.yaml", pack)
            .build()
            .expect_err("a bound no sentence passes")
            .to_string()
    };
    let text = error_of(&pack.replace("max-words: 12", "min-words: 20\n  max-words: 12"));
    assert!(
        text.contains("`max-words: 12` is below `min-words: 20`"),
        "{text}"
    );
    assert!(text.contains("test.yaml:17:14:"), "{text}");
    // A length rule whose sentences are all at or under its own bar reports nothing.
    let text = error_of(&pack.replace("max: 12\n", "max: 12\n  max-words: 12\n"));
    assert!(
        text.contains("`max-words: 12` is not above `max: 12`"),
        "{text}"
    );
}

const TIME: &str = r#"
- id: time-zone-clock
  category: time-zone
  severity: warning
  kind: pattern
  pattern: '\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b'
  unless: [CET, UTC, your time, Central European Time]
  unless-pattern: '\bGMT[+-]\d{1,2}\b'
  message: "{match} has no time zone"
  why: The customer may be in another time zone.
- id: over-promising-guarantee
  category: over-promising
  severity: warning
  kind: phrases
  phrases: [guarantee, I promise]
  negation: true
  exceptions: [money-back guarantee]
  message: "“{match}” promises what you may not control"
  why: Broken promises cost more trust than honest uncertainty.
"#;

#[test]
fn unless_negation_and_exceptions() {
    let l = linter(TIME);
    assert_eq!(lint(&l, "Agent: I'll call you at 3pm.\n").len(), 1);
    assert!(lint(&l, "Agent: I'll call you at 3pm CET.\n").is_empty());
    assert!(lint(&l, "Agent: I'll call you at 3 pm your time.\n").is_empty());
    assert!(lint(&l, "Agent: I'll call you at 3pm (GMT+2).\n").is_empty());
    assert_eq!(
        lint(&l, "Agent: Our office is on CET. I'll call you at 3pm.\n").len(),
        1,
        "a zone in another sentence does not count"
    );
    assert_eq!(lint(&l, "Agent: I guarantee it.\n").len(), 1);
    assert!(lint(&l, "Agent: I can't guarantee it.\n").is_empty());
    assert!(lint(
        &l,
        "Agent: I cannot really promise that. Well, I won't promise.\n"
    )
    .is_empty());
    assert!(lint(&l, "Agent: It has a money-back guarantee.\n").is_empty());
}

const JARGON: &str = r#"
- id: jargon-abbr
  category: jargon
  severity: warning
  kind: phrases
  phrases: [SKU, RMA]
  message: "“{match}” is jargon"
  why: Customers do not know our abbreviations.
- id: hedging-think
  category: hedging
  severity: info
  kind: phrases
  phrases: [I think]
  message: hedge
  why: Hedging sounds unsure.
"#;

#[test]
fn config_vocabulary_disable_severity_and_path_overrides() {
    let dir = Path::new("/proj");
    let config = Config::parse(
        "vocabulary: [SKU]\nseverity: {jargon: error}\ndisable: [hedging]\noverrides:\n  - paths: ['templates/**']\n    enable: [hedging-think]\n    severity: {hedging-think: warning}\n",
        &dir.join("carelint.yaml"),
    )
    .unwrap();
    let l = config
        .apply(
            Linter::builder()
                .default_rules(false)
                .rules_str("test.yaml", JARGON),
        )
        .build()
        .unwrap();
    let text = "Agent: I think the SKU is fine, the RMA too.\n";
    let d = l
        .lint_text("/proj/calls/a.txt", text, carelint::Format::Plain)
        .unwrap()
        .diagnostics;
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].matched.as_deref(), Some("RMA"));
    assert_eq!(d[0].severity, carelint::Severity::Error);
    let d = l
        .lint_text("/proj/templates/x/b.txt", text, carelint::Format::Plain)
        .unwrap()
        .diagnostics;
    let rules: Vec<(&str, carelint::Severity)> =
        d.iter().map(|d| (d.rule.as_str(), d.severity)).collect();
    assert_eq!(
        rules,
        [
            ("hedging-think", carelint::Severity::Warning),
            ("jargon-abbr", carelint::Severity::Error)
        ]
    );
    assert!(!l.is_enabled("hedging-think"));
}

#[test]
fn only_enabled_compiles_the_rules_on_somewhere_and_finds_the_same() {
    let dir = Path::new("/proj");
    let text = "Agent: I think the SKU is fine, the RMA too.\n";
    let build = |config: &str, only: bool| {
        Config::parse(config, &dir.join("carelint.yaml"))
            .unwrap()
            .apply(
                Linter::builder()
                    .default_rules(false)
                    .rules_str("test.yaml", JARGON)
                    .only_enabled(only),
            )
            .build()
            .unwrap()
    };
    let findings = |l: &Linter, path: &str| -> Vec<String> {
        l.lint_text(path, text, carelint::Format::Plain)
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| format!("{}:{:?}", d.rule, d.severity))
            .collect()
    };
    // A rule off at the top but on under an override is compiled and found there.
    let scoped = "disable: [hedging]\noverrides:\n  - paths: ['templates/**']\n    enable: [hedging-think]\n";
    let (all, only) = (build(scoped, false), build(scoped, true));
    for path in ["/proj/calls/a.txt", "/proj/templates/x/b.txt"] {
        assert_eq!(findings(&all, path), findings(&only, path), "{path}");
    }
    assert!(findings(&only, "/proj/templates/x/b.txt")
        .iter()
        .any(|f| f.starts_with("hedging-think:")));
    assert!(!findings(&only, "/proj/calls/a.txt")
        .iter()
        .any(|f| f.starts_with("hedging-think:")));
    assert_eq!(only.check_examples(), all.check_examples());
    // Off everywhere: left out of the automaton, and its examples say so.
    let off = build("disable: [hedging]\n", true);
    assert_eq!(
        findings(&off, "/proj/calls/a.txt"),
        findings(&build("disable: [hedging]\n", false), "/proj/calls/a.txt")
    );
    assert!(off.phrase_count() < all.phrase_count());
    let failures: Vec<_> = off
        .check_examples()
        .into_iter()
        .filter(|f| f.problem == carelint::ExampleProblem::NotCompiled)
        .collect();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].rule, "hedging-think");
}

#[test]
fn config_errors_name_the_file_position_and_a_close_id() {
    let config = Config::parse("disable: [jargon-abr]\n", Path::new("carelint.yaml")).unwrap();
    let err = config
        .apply(
            Linter::builder()
                .default_rules(false)
                .rules_str("test.yaml", JARGON),
        )
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "carelint.yaml:1:11: `jargon-abr` is neither a rule id nor a category; did you mean `jargon-abbr`?"
    );
}

#[test]
fn kind_keys_are_checked() {
    let bad = TIME.replace(
        "  negation: true\n",
        "  negation: true\n  window: { last: 2 }\n",
    );
    let err = Linter::builder()
        .default_rules(false)
        .rules_str("t.yaml", bad)
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("key `window` does not belong to kind `phrases`"),
        "{err}"
    );
}

const TIMING: &str = r#"
- id: clarity-dead-air
  category: clarity
  severity: warning
  kind: timing
  measure: dead-air
  max: 20
  message: "{value} s of silence before this turn (max {max})"
  why: A silent line feels like a dropped call.
- id: clarity-overtalk
  category: clarity
  severity: info
  kind: timing
  measure: overtalk
  max: 1
  message: "starts {value} s before the customer finished"
  why: Talking over the customer.
- id: clarity-talk-share
  category: clarity
  severity: info
  kind: timing
  measure: talk-share
  max: 70
  message: "agent spoke {value}% of the time"
  why: The customer needs room to explain.
- id: clarity-speaking-rate
  category: clarity
  severity: info
  kind: timing
  measure: speaking-rate
  max: 180
  message: "{value} words per minute"
  why: Fast speech loses non-native speakers.
"#;

fn timed(turns: &[(carelint::Speaker, &str, f64, f64)]) -> carelint::Transcript {
    carelint::Transcript::new(
        "call",
        turns
            .iter()
            .map(|(s, text, a, b)| {
                let mut t = carelint::Turn::new(s.clone(), *text);
                t.start = Some(*a);
                t.end = Some(*b);
                t
            })
            .collect(),
    )
}

#[test]
fn timing_measures() {
    use carelint::Speaker::{Agent, Customer};
    let l = linter(TIMING);
    let t = timed(&[
        (Customer, "my order never came", 0.0, 4.0),
        (Agent, "let me look", 2.5, 5.0),
        (Customer, "ok", 6.0, 6.5),
        (
            Agent,
            "thanks for waiting I found it and it ships today",
            40.0,
            44.0,
        ),
    ]);
    let d = l.lint_transcript(&t);
    let got: Vec<(&str, Option<usize>, &str)> = d
        .iter()
        .map(|d| (d.rule.as_str(), d.turn, d.message.as_str()))
        .collect();
    // 10 words in 4 s is 150 words per minute: under the limit of 180.
    assert_eq!(
        got,
        [
            (
                "clarity-overtalk",
                Some(1),
                "starts 1.5 s before the customer finished"
            ),
            (
                "clarity-dead-air",
                Some(3),
                "33.5 s of silence before this turn (max 20)"
            ),
        ]
    );
    let fast = timed(&[(
        Agent,
        "one two three four five six seven eight nine ten eleven twelve thirteen",
        0.0,
        3.5,
    )]);
    let d = l.lint_transcript(&fast);
    assert!(
        d.iter().any(|d| d.message == "223 words per minute"),
        "{d:?}"
    );
    // Talk share: the agent speaks 9 of 10 seconds.
    let t = timed(&[
        (Customer, "hi", 0.0, 1.0),
        (Agent, "hello there how can I help", 1.0, 10.0),
    ]);
    let d = l.lint_transcript(&t);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message, "agent spoke 90% of the time");
    assert_eq!(d[0].turn, None);
    // No timestamps: timing rules stay silent.
    assert!(lint(&l, "Customer: hi\nAgent: hello\n").is_empty());
}
