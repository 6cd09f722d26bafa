//! The built-in rule packs: every rule's own examples, and the quality bar they promise.

use crate::common::*;
use carelint::{Category, Severity, Speaker, Transcript, TranscriptKind, Turn};

#[test]
fn every_builtin_example_passes() {
    let failures = builtin().check_examples();
    let report: Vec<String> = failures
        .iter()
        .map(|f| {
            format!(
                "{} ({}): {}\n    {}",
                f.rule, f.location, f.detail, f.example
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        report.join("\n")
    );
}

#[test]
fn every_builtin_rule_has_two_examples_of_each_kind_and_a_reason() {
    for rule in builtin().rules() {
        assert!(
            rule.examples.flag.len() >= 2,
            "{} has fewer than 2 flag examples",
            rule.id
        );
        assert!(
            rule.examples.pass.len() >= 2,
            "{} has fewer than 2 pass examples",
            rule.id
        );
        assert!(
            rule.why.len() > 30,
            "{}: `why` is too short to explain anything",
            rule.id
        );
        assert!(
            rule.id.starts_with(rule.category.as_str()),
            "{}: built-in ids start with their category",
            rule.id
        );
        assert!(
            rule.suggest.is_none() || rule.examples.fix.len() >= 2,
            "{}: a rule with suggestions shows what --fix makes of them (two `fix` examples)",
            rule.id
        );
    }
}

#[test]
fn phrase_categories_have_dozens_of_entries() {
    let linter = builtin();
    // Over-promising is written as scoped patterns (who promises what), not phrase lists.
    let promises = linter
        .rules()
        .filter(|r| r.category == Category::OverPromising)
        .count();
    assert!(promises >= 5, "over-promising: only {promises} rules");
    for category in [
        Category::Jargon,
        Category::Idiom,
        Category::Hedging,
        Category::Blame,
    ] {
        let n: usize = linter
            .rules()
            .filter(|r| r.category == category)
            .map(|r| r.phrases().len().max(1))
            .sum();
        assert!(n >= 24, "{category}: only {n} entries");
    }
    let placeholder = linter
        .rules()
        .filter(|r| r.category == Category::Placeholder)
        .count();
    assert!(placeholder >= 4, "placeholder: only {placeholder} rules");
}

fn agent(text: &str) -> Transcript {
    Transcript::new("t", vec![Turn::new(Speaker::Agent, text)])
}

fn categories(t: &Transcript) -> Vec<Category> {
    categories_with(&builtin(), t)
}

fn categories_with(linter: &carelint::Linter, t: &Transcript) -> Vec<Category> {
    linter
        .lint_transcript(t)
        .into_iter()
        .map(|d| d.category)
        .collect()
}

#[test]
fn negated_promises_are_not_over_promising() {
    assert!(
        categories(&agent("I guarantee it arrives tomorrow.")).contains(&Category::OverPromising)
    );
    for text in [
        "I can't guarantee it arrives tomorrow.",
        "I can\u{2019}t guarantee that, but I will check.",
        "I cannot promise a date yet.",
    ] {
        assert!(
            !categories(&agent(text)).contains(&Category::OverPromising),
            "{text}"
        );
    }
}

#[test]
fn customer_words_are_not_held_against_the_agent() {
    let t = Transcript::new(
        "t",
        vec![
            Turn::new(
                Speaker::Customer,
                "You guarantee it? What is an RMA? Calm down, I think maybe.",
            ),
            Turn::new(
                Speaker::Agent,
                "It is a return authorisation: the form that lets you send the item back.",
            ),
        ],
    );
    assert_eq!(categories(&t), Vec::<Category>::new());
}

#[test]
fn placeholders_are_errors_in_conversations_and_fine_in_templates() {
    let sent = agent("Hi {{customer_name}}, your order has shipped.");
    let d = builtin().lint_transcript(&sent);
    assert!(
        d.iter()
            .any(|d| d.category == Category::Placeholder && d.severity == Severity::Error),
        "{d:?}"
    );
    let mut template = sent.clone();
    template.kind = TranscriptKind::Template;
    assert!(!categories(&template).contains(&Category::Placeholder));
    let mut broken = agent("Hi {{customer_name}, your order has shipped.");
    broken.kind = TranscriptKind::Template;
    assert!(categories(&broken).contains(&Category::Placeholder));
}

#[test]
fn lint_many_is_in_input_order() {
    let linter = builtin();
    let ts: Vec<Transcript> = (0..200)
        .map(|i| {
            let mut t = agent(if i % 2 == 0 {
                "I'll raise an RMA."
            } else {
                "All done, thank you."
            });
            t.id = format!("t{i}");
            t
        })
        .collect();
    let many = linter.lint_many(&ts);
    let serial: Vec<_> = ts.iter().map(|t| linter.lint_transcript(t)).collect();
    assert_eq!(many, serial);
}

/// A corpus excerpt (see fixtures/corpus/README.md): "its myemail@example.com. this is
/// seriously bad" answers a question about the email address, not the name.
#[test]
fn regression_complaint_is_not_a_name() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/corpus/cucom-conv_1528.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let report = builtin()
        .lint_text(path, &text, carelint::Format::Auto)
        .unwrap();
    assert_eq!(report.transcripts, 1);
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.category == Category::Personalization),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn timing_rules_fire_on_timed_transcripts_only() {
    let timed = "[00:00:00 - 00:00:05] Customer: My order never arrived.\n[00:00:50 - 00:00:55] Agent: Thanks for waiting, I found it.\n";
    let d = lint_plain(&builtin(), timed);
    assert!(
        d.iter()
            .any(|d| d.rule == "clarity-dead-air" && d.turn == Some(1)),
        "{d:?}"
    );
    let untimed = "Customer: My order never arrived.\nAgent: Thanks for waiting, I found it.\n";
    assert!(!lint_plain(&builtin(), untimed)
        .iter()
        .any(|d| d.rule.starts_with("clarity-dead")));
}

#[test]
fn timing_rules_read_real_voice_samples_without_false_alarms() {
    // The WebVTT and SRT samples are short, well-paced exchanges.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/formats");
    for name in [
        "webvtt_deepgram_speakers.vtt",
        "srt_deepgram_speakers.srt",
        "aws_contact_lens_voice.json",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let report = builtin()
            .lint_text(name, &text, carelint::Format::Auto)
            .unwrap();
        let timing: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| {
                matches!(
                    d.rule.as_str(),
                    "clarity-dead-air"
                        | "clarity-overtalk"
                        | "clarity-speaking-rate"
                        | "clarity-agent-talk-share"
                )
            })
            .map(|d| (&d.rule, &d.message))
            .collect();
        assert!(timing.len() <= 1, "{name}: {timing:?}");
    }
}

/// The packs compiled into the crate (`crates/carelint/rules/`) are the ones users read in
/// the repository's `rules/` folder.
#[test]
fn packaged_packs_equal_the_repository_packs() {
    let ours = root().join("crates/carelint/rules");
    let theirs = root().join("rules");
    let yaml = |dir: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(yaml(&ours), yaml(&theirs));
    for name in yaml(&theirs) {
        assert!(
            std::fs::read(ours.join(&name)).unwrap() == std::fs::read(theirs.join(&name)).unwrap(),
            "rules/{name} differs from crates/carelint/rules/{name}: edit rules/ and copy it \
             with `cp rules/*.yaml crates/carelint/rules/`"
        );
    }
}

fn rules_of(turns: &[(Speaker, &str)]) -> Vec<String> {
    let t = Transcript::new(
        "t",
        turns
            .iter()
            .map(|(s, x)| Turn::new(s.clone(), *x))
            .collect(),
    );
    builtin()
        .lint_transcript(&t)
        .into_iter()
        .map(|d| d.rule)
        .collect()
}

#[test]
fn a_cafe_order_ready_soon_is_no_vague_promise_but_a_parcel_is() {
    use Speaker::{Agent, Customer};
    let cafe = rules_of(&[
        (Customer, "One large oat cappuccino to go, please."),
        (Agent, "Is that all for you?"),
        (Customer, "Yes."),
        (Agent, "Great, we will have it ready for you soon."),
    ]);
    assert!(
        !cafe.iter().any(|r| r == "expectation-vague-timeframe"),
        "{cafe:?}"
    );
    let parcel = rules_of(&[
        (Customer, "Where is my lamp? I ordered it last week."),
        (Agent, "We will have it out to you soon."),
    ]);
    assert!(
        parcel.iter().any(|r| r == "expectation-vague-timeframe"),
        "{parcel:?}"
    );
}

#[test]
fn an_eta_offer_answered_later_with_a_firm_time_is_not_left_open() {
    use Speaker::{Agent, Customer};
    let answered = rules_of(&[
        (Customer, "It was due yesterday."),
        (Agent, "I can ask the carrier for a fresh ETA. Shall I?"),
        (Customer, "Yes do it."),
        (
            Agent,
            "The carrier says it will reach you within the next 2 hours.",
        ),
    ]);
    assert!(
        !answered.iter().any(|r| r == "expectation-eta-without-time"),
        "{answered:?}"
    );
    let open = rules_of(&[
        (Customer, "It was due yesterday."),
        (Agent, "I will get you an ETA from the carrier."),
        (Customer, "ok"),
        (Agent, "Thanks for waiting, have a good day."),
    ]);
    assert!(
        open.iter().any(|r| r == "expectation-eta-without-time"),
        "{open:?}"
    );
}

#[test]
fn an_assured_prevention_is_a_promise_but_work_under_way_is_not() {
    use Speaker::{Agent, Customer};
    let promised = rules_of(&[
        (Customer, "Make sure this never happens again."),
        (
            Agent,
            "I assure you we will add extra checks to prevent a recurrence.",
        ),
    ]);
    assert!(
        promised.iter().any(|r| r == "over-promising-never-again"),
        "{promised:?}"
    );
    for reply in [
        "I assure you we are taking steps to prevent a recurrence.",
        "I assure you we will do our best to prevent this in the future.",
        "We will add extra checks to prevent a recurrence.",
    ] {
        let got = rules_of(&[
            (Customer, "Make sure this never happens again."),
            (Agent, reply),
        ]);
        assert!(
            !got.iter().any(|r| r == "over-promising-never-again"),
            "{reply}: {got:?}"
        );
    }
}

#[test]
fn a_hedged_own_mistake_is_flagged_when_enabled_but_not_a_courier_or_bank_one() {
    let hedged =
        "I have checked your order. It seems there may have been a picking error at our warehouse.";
    // Off by default (blind round 11: 3 of 20 judged right).
    assert!(!categories(&agent(hedged)).contains(&Category::Hedging));
    let linter = carelint::Linter::builder()
        .enable("hedging-own-error")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let cats = |t: &Transcript| categories_with(&linter, t);
    let own = cats(&agent(hedged));
    assert!(own.contains(&Category::Hedging), "{own:?}");
    for text in [
        "It seems there may have been a delay at the courier's hub.",
        "It appears there might have been an error on your bank's side.",
        "We picked the wrong size at our warehouse; the right one ships today.",
    ] {
        assert!(!cats(&agent(text)).contains(&Category::Hedging), "{text}");
    }
}

#[test]
fn kick_off_and_agreement_to_help_are_not_findings() {
    for (text, cat) in [
        ("What time should the reception kick off?", Category::Idiom),
        (
            "Absolutely, I will need your booking number first.",
            Category::OverPromising,
        ),
        (
            "I hope you will definitely pick this one, it is lovely.",
            Category::OverPromising,
        ),
    ] {
        assert!(!categories(&agent(text)).contains(&cat), "{text}");
    }
    assert!(categories(&agent("Absolutely, I'll fix it right away."))
        .contains(&Category::OverPromising));
}
