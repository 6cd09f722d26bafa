use super::*;
use crate::config::Config;
use crate::transcript::Turn;

fn linter() -> Linter {
    Linter::builder().build().unwrap()
}

fn card(yaml: &str) -> Result<Scorecard, Error> {
    let path = Path::new("carelint.yaml");
    let c = Config::parse(yaml, path)?;
    Scorecard::from_config(&c, &linter())
}

fn diag(rule: &str, category: Category, severity: Severity) -> Diagnostic {
    Diagnostic {
        path: "p".into(),
        transcript: "t".into(),
        turn: Some(1),
        speaker: Some(Speaker::Agent),
        rule: rule.into(),
        category,
        severity,
        message: "m".into(),
        line: 1,
        column: 1,
        span: None,
        matched: None,
        suggestion: None,
        speaker_role: None,
        end_line: 1,
        end_column: 1,
        transcript_index: 0,
    }
}

fn conversation(agent_turns: usize) -> Transcript {
    let mut turns = vec![Turn::new(Speaker::Customer, "hi")];
    turns.extend((0..agent_turns).map(|_| Turn::new(Speaker::Agent, "hello")));
    Transcript::new("c", turns)
}

#[test]
fn default_weights_add_up_to_100() {
    let sum: f64 = DEFAULT_WEIGHTS.iter().map(|(_, w)| w).sum();
    assert_eq!(sum, 100.0);
    let mut cats: Vec<Category> = DEFAULT_WEIGHTS.iter().map(|(c, _)| *c).collect();
    cats.sort();
    cats.dedup();
    assert_eq!(cats.len(), CATEGORIES, "every category once");
    let l = linter();
    let c = Scorecard::default_for(&l);
    assert_eq!(
        c.fatal().len(),
        DEFAULT_FATAL.len(),
        "the default fatal rules exist"
    );
}

#[test]
fn points_are_capped_per_category_and_fatal_rules_zero() {
    let c = card("scorecard:\n  points: {warning: 10, info: 2}\n  categories: {blame: 15, jargon: 85}\n  rules: {jargon-business-terms: 50}\n  fatal: [placeholder]\n").unwrap();
    let t = conversation(2);
    let blame = diag("blame-condescending", Category::Blame, Severity::Warning);
    // Two blame warnings: 20 points, capped at 15.
    let s = c.score(&t, &[blame.clone(), blame.clone()]);
    assert_eq!(
        s.status,
        Status::Scored {
            score: 85.0,
            pass: true
        }
    );
    assert_eq!(s.lost, vec![(Category::Blame, 15.0)]);
    // A rule's own points replace its severity's.
    let j = diag("jargon-business-terms", Category::Jargon, Severity::Warning);
    let s = c.score(&t, &[j]);
    assert_eq!(
        s.status,
        Status::Scored {
            score: 50.0,
            pass: false
        }
    );
    // A category with no weight costs nothing.
    let e = diag("empathy-x", Category::Empathy, Severity::Error);
    assert_eq!(
        c.score(&t, &[e]).status,
        Status::Scored {
            score: 100.0,
            pass: true
        }
    );
    // A fatal category makes it 0.
    let p = diag(
        "placeholder-unfilled-braces",
        Category::Placeholder,
        Severity::Error,
    );
    let s = c.score(&t, &[p]);
    assert_eq!(
        s.status,
        Status::Scored {
            score: 0.0,
            pass: false
        }
    );
    assert_eq!(s.fatal.as_deref(), Some("placeholder-unfilled-braces"));
}

#[test]
fn short_conversations_and_templates_are_not_scored() {
    let c = card("scorecard: {min-agent-turns: 3}\n").unwrap();
    let s = c.score(&conversation(2), &[]);
    assert!(
        matches!(s.status, Status::NotScored { ref reason } if reason.contains("fewer than 3")),
        "{s:?}"
    );
    let mut t = conversation(5);
    t.kind = TranscriptKind::Template;
    assert!(matches!(c.score(&t, &[]).status, Status::NotScored { .. }));
}

#[test]
fn bad_scorecards_are_positioned_errors() {
    let e = card("scorecard:\n  categories: {blame: 50, empathy: 40}\n").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.to_string().contains("add up to 90, not 100"), "{e}");
    assert!(e.to_string().starts_with("carelint.yaml:2:"), "{e}");

    let e = card("scorecard:\n  fatal: [placeholder-unfiled-braces]\n").unwrap_err();
    assert!(e.to_string().starts_with("carelint.yaml:2:11:"), "{e}");
    assert!(
        e.to_string()
            .contains("did you mean `placeholder-unfilled-braces`?"),
        "{e}"
    );

    let e = card("scorecard:\n  categories: {blam: 100}\n").unwrap_err();
    assert!(e.to_string().contains("did you mean `blame`?"), "{e}");

    let e = card("scorecard:\n  pass-mark: 120\n  rules: {nope: 3}\n").unwrap_err();
    assert_eq!(e.problems().len(), 2, "{e}");
    assert!(
        e.problems()[0]
            .to_string()
            .contains("carelint.yaml:2:14: scorecard: pass-mark"),
        "{e}"
    );

    let e = card("scorecard:\n  pass-mrk: 70\n").unwrap_err();
    assert!(e.to_string().contains("did you mean `pass-mark`?"), "{e}");
    let e = card("scorecard:\n  points: {warning: -1}\n").unwrap_err();
    assert!(e.to_string().contains("0 or more"), "{e}");
    let e = card("scorecard:\n  metadata: {tema: queue}\n").unwrap_err();
    assert!(e.to_string().contains("did you mean `team`?"), "{e}");
    let e = card("scorecard:\n  min-agent-turns: -1\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "carelint.yaml:2:20: scorecard: min-agent-turns must be a whole number of 0 or more"
    );
    let e = card("scorecard:\n  metadata: {agent: 3}\n").unwrap_err();
    assert!(
        e.to_string()
            .contains("2:21: invalid type: integer `3`, expected a metadata key or a list of keys"),
        "{e}"
    );
    // Several problems come in the order of the file, whatever the order of the checks.
    let e = card("scorecard:\n  rules: {nope: 3}\n  categories: {blame: 50}\n  pass-mark: 120\n")
        .unwrap_err();
    let lines: Vec<Option<usize>> = e.problems().iter().map(|p| p.line()).collect();
    assert_eq!(lines, [Some(2), Some(3), Some(4)], "{e}");
}
