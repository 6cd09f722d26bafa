use super::*;
use crate::config::Config;
use crate::transcript::Turn;

fn linter() -> Linter {
    Linter::builder().build().unwrap()
}

fn card(yaml: &str) -> Result<Scorecard, Error> {
    let path = Path::new("carelint.yaml");
    let c = Config::parse(yaml, path)?;
    Scorecard::from_config(c.scorecard.as_ref(), path, &linter())
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

#[test]
fn numbers_print_as_written() {
    assert_eq!(number(80.0), "80");
    assert_eq!(number(72.5), "72.5");
    assert_eq!(number(100.0 / 3.0), "33.33");
}

#[test]
fn teams_are_aggregated_and_a_missing_team_is_unknown() {
    let l = linter();
    let card = Scorecard::default_for(&l);
    let mut b = ReportBuilder::new(card, &l, ReportOptions::default());
    let with = |id: &str, agent: Option<&str>, team: Option<&str>| {
        let mut t = conversation(2);
        t.id = id.into();
        t.metadata.agent = agent.map(String::from);
        t.metadata.team = team.map(String::from);
        t
    };
    let blame = diag("blame-condescending", Category::Blame, Severity::Warning);
    b.add("a", with("1", Some("Ana"), Some("billing")), vec![]);
    b.add(
        "a",
        with("2", Some("Ben"), Some("billing")),
        vec![blame.clone()],
    );
    b.add(
        "a",
        with("3", Some("Ana"), None),
        vec![blame.clone(), blame],
    );
    b.add("a", with("4", None, None), vec![]);
    b.add("a", with("5", Some("Ben"), None), vec![]);
    b.add("a", with("6", Some("Ben"), None), vec![]);
    let r = b.finish();
    let teams: Vec<(&str, u64, u64, Option<f64>)> = r
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t.agents, t.conversations, t.mean_score))
        .collect();
    // billing: 100 and 90; unknown: 86 (two blame warnings, capped at 14), 100, 100, 100.
    assert_eq!(
        teams,
        [("billing", 2, 2, Some(95.0)), ("unknown", 2, 4, Some(96.5))]
    );
    assert_eq!(r.teams[1].top_categories, [Category::Blame]);
    assert_eq!(
        r.teams[1].points_lost[category_index(Category::Blame)],
        14.0
    );
    // An agent's team is the one named most often; `unknown` only when none is named.
    let team_of = |name: &str| {
        let a = r.agents.iter().find(|a| a.agent == name).unwrap();
        (a.team.clone(), a.conversations)
    };
    assert_eq!(team_of("Ben"), ("billing".to_string(), 3));
    assert_eq!(team_of("Ana"), ("billing".to_string(), 2));
    assert_eq!(team_of(UNKNOWN), (UNKNOWN.to_string(), 1));
}

#[test]
fn excerpts_pair_each_reply_with_the_customer_cue() {
    let l = linter();
    let card = Scorecard::default_for(&l);
    let mut b = ReportBuilder::new(card, &l, ReportOptions::default());
    let t = Transcript::new(
        "c",
        vec![
            Turn::new(Speaker::Customer, "My order is late again."),
            Turn::new(Speaker::Agent, "Calm down."),
            Turn::new(Speaker::Agent, "It will come."),
        ],
    );
    let mut d1 = diag("blame-condescending", Category::Blame, Severity::Warning);
    d1.turn = Some(2);
    let mut d2 = d1.clone();
    d2.turn = Some(1);
    let mut whole = d1.clone();
    whole.turn = None;
    let mut out_of_range = d1.clone();
    out_of_range.turn = Some(9);
    b.add("a", t, vec![d1, whole, d2, out_of_range]);
    let r = b.finish();
    let e = r.worst[0].excerpts();
    let shape: Vec<(Option<usize>, Option<usize>, usize)> = e
        .iter()
        .map(|x| (x.turn, x.cue, x.findings.len()))
        .collect();
    // Turn order; the cue reaches back over the agent's own turn; whole-conversation
    // findings (and a turn that does not exist) last.
    assert_eq!(
        shape,
        [
            (Some(1), Some(0), 1),
            (Some(2), Some(0), 1),
            (None, None, 2)
        ]
    );
}
