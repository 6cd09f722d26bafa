//! Aggregating scored conversations as they stream in, into a [`Report`]: the data of
//! the HTML, CSV and JSON outputs of `carelint report`. Memory holds the aggregates, the
//! worst conversations and a sample, never the whole batch.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::sync::Arc;

use carelint::scorecard::{ConversationScore, Scorecard, Status};
use carelint::{Category, Diagnostic, Linter, Severity, Span, Speaker, Transcript};

/// Number of categories: the length of the per-category arrays.
pub const CATEGORIES: usize = Category::ALL.len();

/// The index of a category in the per-category arrays (its place in [`Category::ALL`]).
pub fn category_index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// What a conversation without a value (agent, team, channel) shows.
pub const UNKNOWN: &str = "unknown";

/// A number as a person writes it: at most two decimals, no trailing zeros (`80`, `72.5`,
/// `33.33`).
#[must_use]
pub fn number(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else if (r * 10.0).fract() == 0.0 {
        format!("{r:.1}")
    } else {
        format!("{r:.2}")
    }
}

/// How much of the batch a report keeps in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// The lowest-scoring conversations kept with their transcripts.
    pub worst: usize,
    /// A sample of scored conversations kept with their transcripts (chosen by a hash of
    /// path and id, so the same batch gives the same sample).
    pub sample: usize,
    /// Not-scored conversations listed by id (all are counted).
    pub not_scored_listed: usize,
    /// Errors listed (all are counted).
    pub errors_listed: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            worst: 20,
            sample: 10,
            not_scored_listed: 200,
            errors_listed: 100,
        }
    }
}

/// One conversation's line in the CSV and JSON outputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConversationRow {
    /// The transcript's id.
    pub id: String,
    /// The file it came from.
    pub path: String,
    /// The agent, or `unknown`.
    pub agent: String,
    /// The team or queue, or `unknown`.
    pub team: String,
    /// `YYYY-MM-DD`, or `None`.
    pub date: Option<String>,
    /// The channel, or `unknown`.
    pub channel: String,
    /// The values of the scorecard's `metadata: extra` keys, in their order (empty
    /// when a conversation has none).
    #[serde(serialize_with = "extra_map")]
    pub extra: Vec<(String, String)>,
    /// 0 to 100; `None` when not scored.
    pub score: Option<f64>,
    /// `pass`, `fail` or `not scored`.
    pub result: &'static str,
    /// Why it was not scored, or which fatal rule made it 0; empty otherwise.
    pub note: String,
    /// Turns.
    pub turns: usize,
    /// Agent turns.
    pub agent_turns: usize,
    /// Findings.
    pub findings: usize,
    /// Findings per category (categories without findings left out).
    #[serde(serialize_with = "category_map")]
    pub findings_by_category: Vec<(Category, u32)>,
    /// Points lost per category, most first (categories that lost none left out).
    #[serde(serialize_with = "category_map")]
    pub points_lost: Vec<(Category, f64)>,
}

impl ConversationRow {
    /// The findings of one category.
    #[must_use]
    pub fn findings_in(&self, c: Category) -> usize {
        self.findings_by_category
            .iter()
            .find(|(x, _)| *x == c)
            .map_or(0, |(_, n)| *n as usize)
    }
}

fn category_map<S: Serializer, T: Serialize>(v: &[(Category, T)], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(v.len()))?;
    for (c, n) in v {
        m.serialize_entry(c.as_str(), n)?;
    }
    m.end()
}

fn extra_map<S: Serializer>(v: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, x) in v {
        m.serialize_entry(k, x)?;
    }
    m.end()
}

fn category_array<S: Serializer>(v: &[f64; CATEGORIES], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    for (i, n) in v.iter().enumerate() {
        if *n != 0.0 {
            m.serialize_entry(Category::ALL[i].as_str(), n)?;
        }
    }
    m.end()
}

/// A turn of a listed conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedTurn {
    /// `agent`, `customer`, `system` or the source's label.
    pub speaker: String,
    /// What was said.
    pub text: String,
    /// Start time in seconds, if known.
    pub start: Option<f64>,
}

/// A finding of a listed conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedFinding {
    /// 0-based turn, `None` for the whole conversation.
    pub turn: Option<usize>,
    /// Byte range of the match in the turn's text.
    pub span: Option<Span>,
    /// Rule id.
    pub rule: String,
    /// Category.
    pub category: Category,
    /// Severity.
    pub severity: Severity,
    /// The finding's message.
    pub message: String,
    /// The matched text.
    pub matched: Option<String>,
    /// The suggested replacement.
    pub suggestion: Option<String>,
    /// Points it cost (before the category's cap).
    pub points: f64,
    /// Whether it is fatal.
    pub fatal: bool,
    /// The rule's coaching note (its `why`).
    pub why: String,
}

/// A conversation kept whole for the report: the worst ones and a sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedConversation {
    /// Its row.
    pub row: ConversationRow,
    /// Its turns.
    pub turns: Vec<ListedTurn>,
    /// Its findings, in order.
    pub findings: Vec<ListedFinding>,
}

impl ListedConversation {
    /// Its findings grouped as the report shows them: one [`Excerpt`] per turn with
    /// findings, in turn order, with the customer's turn the agent was answering; the
    /// findings about the whole conversation last.
    #[must_use]
    pub fn excerpts(&self) -> Vec<Excerpt<'_>> {
        // Grouped in one pass (a filter over every finding for each turn was quadratic
        // in a long conversation's findings); a group keeps the findings' order.
        let mut groups: std::collections::BTreeMap<usize, Vec<&ListedFinding>> =
            std::collections::BTreeMap::new();
        for f in &self.findings {
            let place = f.turn.filter(|i| *i < self.turns.len());
            groups
                .entry(place.unwrap_or(usize::MAX))
                .or_default()
                .push(f);
        }
        groups
            .into_iter()
            .map(|(key, findings)| {
                let turn = (key != usize::MAX).then_some(key);
                Excerpt {
                    turn,
                    cue: turn.and_then(|i| self.cue_before(i)),
                    findings,
                }
            })
            .collect()
    }

    /// The customer's turn that turn `i` answers: the nearest customer turn among the 3
    /// before it; `None` when turn `i` is the customer's own.
    #[must_use]
    pub fn cue_before(&self, i: usize) -> Option<usize> {
        if self.turns.get(i)?.speaker == "customer" {
            return None;
        }
        (i.saturating_sub(3)..i)
            .rev()
            .find(|&j| self.turns[j].speaker == "customer")
    }
}

/// Findings in one place of a listed conversation (see [`ListedConversation::excerpts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Excerpt<'a> {
    /// The turn the findings are in (0-based); `None` for findings about the whole
    /// conversation.
    pub turn: Option<usize>,
    /// The customer's turn just before, which the agent was answering.
    pub cue: Option<usize>,
    /// The findings, in order.
    pub findings: Vec<&'a ListedFinding>,
}

/// Totals of a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Files read (including those that failed).
    pub files: usize,
    /// Files, or records of a JSON Lines file, that could not be read.
    pub unreadable: usize,
    /// Conversations read.
    pub conversations: u64,
    /// Conversations scored.
    pub scored: u64,
    /// Conversations not scored.
    pub not_scored: u64,
    /// Scored conversations that passed.
    pub passed: u64,
    /// Scored conversations that a fatal finding made 0.
    pub fatal: u64,
    /// `passed / scored`, `None` when nothing was scored.
    pub pass_rate: Option<f64>,
    /// Mean score of the scored conversations.
    pub mean_score: Option<f64>,
    /// Turns.
    pub turns: u64,
    /// Agent turns.
    pub agent_turns: u64,
    /// Findings.
    pub findings: u64,
    /// Conversations with a known date.
    pub dated: u64,
}

/// Scored conversations per band of 10 points: `bins[0]` is 0 to under 10, `bins[9]` is
/// 90 to 100.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Histogram {
    /// The counts.
    pub bins: [u64; 10],
}

/// One category's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryRow {
    /// The category.
    pub category: Category,
    /// The most points it can cost a conversation.
    pub weight: f64,
    /// Findings.
    pub findings: u64,
    /// Findings per 100 agent turns.
    pub per_100_agent_turns: f64,
    /// Conversations with at least one finding of it.
    pub conversations: u64,
    /// Points it cost, summed over the scored conversations.
    pub points_lost: f64,
}

/// One agent's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentRow {
    /// The agent, or `unknown`.
    pub agent: String,
    /// The agent's most frequent team (`unknown` only when none of the agent's
    /// conversations names one).
    pub team: String,
    /// The figures an agent's line shares with a team's.
    #[serde(flatten)]
    pub line: GroupLine,
}

/// One team's line (conversations that name no team make the team `unknown`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamRow {
    /// The team or queue, or `unknown`.
    pub team: String,
    /// How many agents handled its conversations (`unknown` agents not counted).
    pub agents: u64,
    /// The figures a team's line shares with an agent's.
    #[serde(flatten)]
    pub line: GroupLine,
}

/// The figures of an agent's or a team's line (flattened into both, so the JSON keeps
/// one flat object per line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupLine {
    /// Conversations.
    pub conversations: u64,
    /// Scored conversations.
    pub scored: u64,
    /// Passed.
    pub passed: u64,
    /// Mean score, `None` when nothing was scored.
    pub mean_score: Option<f64>,
    /// `passed / scored`.
    pub pass_rate: Option<f64>,
    /// Agent turns.
    pub agent_turns: u64,
    /// Findings.
    pub findings: u64,
    /// Findings per 100 agent turns.
    pub per_100_agent_turns: f64,
    /// Findings per 100 agent turns, per category.
    #[serde(serialize_with = "category_array")]
    pub per_100_by_category: [f64; CATEGORIES],
    /// Points lost per category, summed.
    #[serde(serialize_with = "category_array")]
    pub points_lost: [f64; CATEGORIES],
    /// The (up to 3) categories that cost the most points.
    pub top_categories: Vec<Category>,
}

/// One rule's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRow {
    /// Rule id.
    pub rule: String,
    /// Category.
    pub category: Category,
    /// Severity.
    pub severity: Severity,
    /// Findings.
    pub findings: u64,
    /// Conversations with at least one.
    pub conversations: u64,
    /// What it finds, in words (its message with `…` for the match).
    pub description: String,
    /// The text of its first match, as an example.
    pub example: Option<String>,
    /// Why it matters: the coaching note.
    pub why: String,
}

/// One day's, week's or month's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodRow {
    /// The first day of the period, `YYYY-MM-DD`.
    pub start: String,
    /// Conversations.
    pub conversations: u64,
    /// Scored.
    pub scored: u64,
    /// Passed.
    pub passed: u64,
    /// Mean score.
    pub mean_score: Option<f64>,
    /// `passed / scored`.
    pub pass_rate: Option<f64>,
}

/// The conversations that were not scored.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NotScored {
    /// How many for each reason.
    pub by_reason: Vec<(String, u64)>,
    /// The first ones: id, path, reason.
    pub listed: Vec<(String, String, String)>,
    /// How many more there are.
    pub more: u64,
}

/// Everything a report shows, computed by [`ReportBuilder::finish`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Totals.
    pub summary: Summary,
    /// Scores by band.
    pub histogram: Histogram,
    /// Per category, in the order of [`Category::ALL`].
    pub categories: Vec<CategoryRow>,
    /// Per agent, lowest mean score first (agents with nothing scored last).
    pub agents: Vec<AgentRow>,
    /// Per team, lowest mean score first (teams with nothing scored last);
    /// conversations that name no team are the team `unknown`.
    pub teams: Vec<TeamRow>,
    /// Per rule that fired, most findings first.
    pub rules: Vec<RuleRow>,
    /// `day`, `week` or `month`: the length of [`Report::periods`].
    pub period: &'static str,
    /// Per period, oldest first (only conversations with a date).
    pub periods: Vec<PeriodRow>,
    /// The not-scored conversations.
    pub not_scored: NotScored,
    /// The lowest-scoring conversations, lowest first.
    pub worst: Vec<ListedConversation>,
    /// A sample of scored conversations (not among the worst), in input order.
    pub sample: Vec<ListedConversation>,
    /// Files that could not be read: the first ones' messages.
    pub errors: Vec<String>,
    /// The scorecard used.
    #[serde(skip)]
    pub scorecard: Scorecard,
}

/// The running totals of one agent or one team.
#[derive(Debug, Default)]
struct GroupStats {
    conversations: u64,
    scored: u64,
    passed: u64,
    score_sum: f64,
    agent_turns: u64,
    findings: [u64; CATEGORIES],
    lost: [f64; CATEGORIES],
    /// The other side's conversations: an agent's teams, a team's agents.
    others: BTreeMap<String, u64>,
}

impl GroupStats {
    fn add(&mut self, row: &ConversationRow, score: &ConversationScore, other: &str) {
        self.conversations += 1;
        self.agent_turns += row.agent_turns as u64;
        // Looked up before inserting: most conversations repeat a name already seen.
        match self.others.get_mut(other) {
            Some(n) => *n += 1,
            None => {
                self.others.insert(other.to_string(), 1);
            }
        }
        for (i, n) in score.findings.iter().enumerate() {
            self.findings[i] += u64::from(*n);
        }
        if let Status::Scored { score: sc, pass } = &score.status {
            self.scored += 1;
            self.score_sum += sc;
            self.passed += u64::from(*pass);
            for (c, p) in &score.lost {
                self.lost[category_index(*c)] += p;
            }
        }
    }

    fn mean_score(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.score_sum / self.scored as f64)
    }

    /// The figures of this agent's or team's line.
    fn line(&self) -> GroupLine {
        GroupLine {
            conversations: self.conversations,
            scored: self.scored,
            passed: self.passed,
            mean_score: self.mean_score(),
            pass_rate: ratio(self.passed, self.scored),
            agent_turns: self.agent_turns,
            findings: self.all_findings(),
            per_100_agent_turns: per100(self.all_findings(), self.agent_turns),
            per_100_by_category: self.per_100_by_category(),
            points_lost: self.lost,
            top_categories: self.top_categories(),
        }
    }

    fn all_findings(&self) -> u64 {
        self.findings.iter().sum()
    }

    fn per_100_by_category(&self) -> [f64; CATEGORIES] {
        std::array::from_fn(|i| per100(self.findings[i], self.agent_turns))
    }

    /// The (up to 3) categories that cost the most points, then the most findings.
    fn top_categories(&self) -> Vec<Category> {
        let mut order: Vec<usize> = (0..CATEGORIES).filter(|&i| self.lost[i] > 0.0).collect();
        order.sort_by(|&x, &y| {
            self.lost[y]
                .total_cmp(&self.lost[x])
                .then(self.findings[y].cmp(&self.findings[x]))
                .then(x.cmp(&y))
        });
        order
            .into_iter()
            .take(3)
            .map(|i| Category::ALL[i])
            .collect()
    }
}

/// The totals of one agent or team, made on first sight.
fn group<'a>(groups: &'a mut BTreeMap<String, GroupStats>, name: &str) -> &'a mut GroupStats {
    if !groups.contains_key(name) {
        groups.insert(name.to_string(), GroupStats::default());
    }
    groups.get_mut(name).expect("inserted above")
}

/// Findings per 100 agent turns (0 without agent turns).
fn per100(n: u64, turns: u64) -> f64 {
    if turns == 0 {
        0.0
    } else {
        n as f64 * 100.0 / turns as f64
    }
}

/// Lowest mean score first, groups with nothing scored last, then by name.
fn by_mean_score(a: (Option<f64>, &str), b: (Option<f64>, &str)) -> Ordering {
    match (a.0, b.0) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.1.cmp(b.1)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.1.cmp(b.1),
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct PeriodStats {
    conversations: u64,
    scored: u64,
    passed: u64,
    score_sum: f64,
}

#[derive(Debug, Default)]
struct RuleStats {
    findings: u64,
    conversations: u64,
    severity: Option<Severity>,
    category: Option<Category>,
    example: Option<String>,
}

/// A conversation in a bounded heap: the heap's top is the one to drop first.
#[derive(Debug)]
struct Kept {
    key: (f64, u64),
    conversation: Arc<ListedConversation>,
}

impl PartialEq for Kept {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Kept {}
impl PartialOrd for Kept {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Kept {
    fn cmp(&self, o: &Self) -> Ordering {
        self.key
            .0
            .total_cmp(&o.key.0)
            .then(self.key.1.cmp(&o.key.1))
    }
}

/// The rule facts a report shows.
#[derive(Debug, Clone)]
struct RuleInfo {
    description: String,
    why: String,
}

/// Builds a [`Report`] from conversations added one at a time, in output order.
///
/// Memory holds the aggregates (per agent, team, category, rule and day), the worst
/// conversations and the sample, never the whole batch: each [`ReportBuilder::add`]
/// returns the conversation's [`ConversationRow`] for the caller to write out at once.
/// The result depends only on the order of the calls, so a batch added in input order
/// gives the same report for any number of threads.
#[derive(Debug)]
pub struct ReportBuilder {
    card: Scorecard,
    options: ReportOptions,
    rules: HashMap<String, RuleInfo>,
    summary: Summary,
    histogram: Histogram,
    cat_findings: [u64; CATEGORIES],
    cat_conversations: [u64; CATEGORIES],
    cat_lost: [f64; CATEGORIES],
    score_sum: f64,
    agents: BTreeMap<String, GroupStats>,
    teams: BTreeMap<String, GroupStats>,
    rule_stats: BTreeMap<String, RuleStats>,
    days: BTreeMap<jiff::civil::Date, PeriodStats>,
    not_scored: BTreeMap<String, u64>,
    not_scored_listed: Vec<(String, String, String)>,
    worst: BinaryHeap<Kept>,
    sample: BinaryHeap<Kept>,
    seq: u64,
    errors: Vec<String>,
}

impl ReportBuilder {
    /// A builder scoring with `card`; `linter` gives the rules' coaching notes.
    #[must_use]
    pub fn new(card: Scorecard, linter: &Linter, options: ReportOptions) -> ReportBuilder {
        let rules = linter
            .rules()
            .map(|r| {
                let description = placeholders_to_ellipsis(&r.message);
                (
                    r.id.clone(),
                    RuleInfo {
                        description,
                        why: r.why.split_whitespace().collect::<Vec<_>>().join(" "),
                    },
                )
            })
            .collect();
        ReportBuilder {
            card,
            options,
            rules,
            summary: Summary::default(),
            histogram: Histogram::default(),
            cat_findings: [0; CATEGORIES],
            cat_conversations: [0; CATEGORIES],
            cat_lost: [0.0; CATEGORIES],
            score_sum: 0.0,
            agents: BTreeMap::new(),
            teams: BTreeMap::new(),
            rule_stats: BTreeMap::new(),
            days: BTreeMap::new(),
            not_scored: BTreeMap::new(),
            not_scored_listed: Vec::new(),
            worst: BinaryHeap::new(),
            sample: BinaryHeap::new(),
            seq: 0,
            errors: Vec::new(),
        }
    }

    /// Counts a file read (linted or not).
    pub fn count_file(&mut self) {
        self.summary.files += 1;
    }

    /// Counts a file (or a JSON Lines record) that could not be read, keeping the first
    /// messages.
    pub fn add_error(&mut self, error: &carelint::Error) {
        self.summary.unreadable += 1;
        if self.errors.len() < self.options.errors_listed {
            self.errors.push(error.to_string());
        }
    }

    /// Scores and counts one conversation. `diagnostics` are its findings (after
    /// suppressions and baselines); `path` is the file it came from. Returns its row.
    pub fn add(
        &mut self,
        path: &str,
        transcript: Transcript,
        diagnostics: Vec<Diagnostic>,
    ) -> ConversationRow {
        let seq = self.seq;
        self.seq += 1;
        let fields = self.card.fields();
        let agent = fields.agent_of(&transcript);
        let team = fields.team_of(&transcript);
        let channel = fields.channel_of(&transcript);
        // `date_of` is `YYYY-MM-DD`: read back as a calendar date to group by day and week.
        let date = fields
            .date_of(&transcript)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok());
        let extra: Vec<(String, String)> = fields
            .extra
            .iter()
            .cloned()
            .zip(fields.extra_of(&transcript))
            .collect();
        let agent_turns = transcript
            .turns
            .iter()
            .filter(|t| t.speaker == Speaker::Agent)
            .count();
        let score = self.card.score(&transcript, &diagnostics);
        let mut row = make_row(
            &transcript,
            path,
            [agent, team, channel],
            date,
            agent_turns,
            &diagnostics,
            &score,
        );
        row.extra = extra;
        self.count(&row, &score, date, &diagnostics);
        if let Status::Scored { score: s, .. } = score.status {
            self.keep(seq, s, &row, transcript, &diagnostics);
        }
        row
    }

    fn count(
        &mut self,
        row: &ConversationRow,
        score: &ConversationScore,
        date: Option<jiff::civil::Date>,
        diagnostics: &[Diagnostic],
    ) {
        let s = &mut self.summary;
        s.conversations += 1;
        s.turns += row.turns as u64;
        s.agent_turns += row.agent_turns as u64;
        s.findings += diagnostics.len() as u64;
        for (i, n) in score.findings.iter().enumerate() {
            self.cat_findings[i] += u64::from(*n);
            if *n > 0 {
                self.cat_conversations[i] += 1;
            }
        }
        group(&mut self.agents, &row.agent).add(row, score, &row.team);
        group(&mut self.teams, &row.team).add(row, score, &row.agent);
        let mut period = date.map(|d| self.days.entry(d).or_default());
        if let Some(p) = period.as_deref_mut() {
            s.dated += 1;
            p.conversations += 1;
        }
        match &score.status {
            Status::Scored { score: sc, pass } => {
                s.scored += 1;
                self.score_sum += sc;
                if *pass {
                    s.passed += 1;
                }
                if score.fatal.is_some() {
                    s.fatal += 1;
                }
                for (c, p) in &score.lost {
                    self.cat_lost[category_index(*c)] += p;
                }
                let bin = ((sc / 10.0).floor() as usize).min(9);
                self.histogram.bins[bin] += 1;
                if let Some(p) = period {
                    p.scored += 1;
                    p.score_sum += sc;
                    p.passed += u64::from(*pass);
                }
            }
            Status::NotScored { reason } => {
                s.not_scored += 1;
                *self.not_scored.entry(reason.clone()).or_default() += 1;
                if self.not_scored_listed.len() < self.options.not_scored_listed {
                    self.not_scored_listed
                        .push((row.id.clone(), row.path.clone(), reason.clone()));
                }
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for d in diagnostics {
            let r = self.rule_stats.entry(d.rule.clone()).or_default();
            r.findings += 1;
            r.severity = r.severity.max(Some(d.severity));
            r.category.get_or_insert(d.category);
            if r.example.is_none() {
                r.example = d.matched.as_deref().map(crate::excerpt);
            }
            if !seen.contains(&d.rule.as_str()) {
                seen.push(&d.rule);
                r.conversations += 1;
            }
        }
    }

    /// Keeps the conversation if it is among the worst or in the sample.
    fn keep(
        &mut self,
        seq: u64,
        score: f64,
        row: &ConversationRow,
        transcript: Transcript,
        diagnostics: &[Diagnostic],
    ) {
        let worst_key = (score, seq);
        // A perfect conversation is never among the worst, however few were scored.
        let into_worst = self.options.worst > 0
            && score < 100.0
            && (self.worst.len() < self.options.worst
                || self.worst.peek().is_some_and(|top| {
                    score
                        .total_cmp(&top.key.0)
                        .then(seq.cmp(&top.key.1))
                        .is_lt()
                }));
        let sample_cap = self.options.sample + self.options.worst;
        let h = sample_hash(&row.path, &row.id, seq) as f64;
        let into_sample = self.options.sample > 0
            && (self.sample.len() < sample_cap
                || self.sample.peek().is_some_and(|top| (h, seq) < top.key));
        if !(into_worst || into_sample) {
            return;
        }
        let listed = Arc::new(self.listed(row, transcript, diagnostics));
        if into_worst {
            self.worst.push(Kept {
                key: worst_key,
                conversation: Arc::clone(&listed),
            });
            if self.worst.len() > self.options.worst {
                self.worst.pop();
            }
        }
        if into_sample {
            self.sample.push(Kept {
                key: (h, seq),
                conversation: listed,
            });
            if self.sample.len() > sample_cap {
                self.sample.pop();
            }
        }
    }

    fn listed(
        &self,
        row: &ConversationRow,
        transcript: Transcript,
        diagnostics: &[Diagnostic],
    ) -> ListedConversation {
        ListedConversation {
            row: row.clone(),
            turns: transcript
                .turns
                .into_iter()
                .map(|t| ListedTurn {
                    speaker: t.speaker.as_str().to_string(),
                    text: t.text,
                    start: t.start,
                })
                .collect(),
            findings: diagnostics
                .iter()
                .map(|d| ListedFinding {
                    turn: d.turn,
                    span: d.span,
                    rule: d.rule.clone(),
                    category: d.category,
                    severity: d.severity,
                    message: d.message.clone(),
                    matched: d.matched.clone(),
                    suggestion: d.suggestion.clone(),
                    points: self.card.points_for(d),
                    fatal: self.card.is_fatal(d),
                    why: self.why(&d.rule).unwrap_or_default().to_string(),
                })
                .collect(),
        }
    }

    /// The coaching note of a rule (its `why`), if the rule is loaded.
    #[must_use]
    pub fn why(&self, rule: &str) -> Option<&str> {
        self.rules.get(rule).map(|r| r.why.as_str())
    }

    /// The report.
    #[must_use]
    pub fn finish(self) -> Report {
        let mut summary = self.summary.clone();
        summary.pass_rate = ratio(summary.passed, summary.scored);
        summary.mean_score = (summary.scored > 0).then(|| self.score_sum / summary.scored as f64);
        let categories = Category::ALL
            .iter()
            .enumerate()
            .map(|(i, c)| CategoryRow {
                category: *c,
                weight: self.card.weight(*c),
                findings: self.cat_findings[i],
                per_100_agent_turns: per100(self.cat_findings[i], summary.agent_turns),
                conversations: self.cat_conversations[i],
                points_lost: self.cat_lost[i],
            })
            .collect();
        let mut agents: Vec<AgentRow> = self
            .agents
            .iter()
            .map(|(name, a)| AgentRow {
                agent: name.clone(),
                // The most frequent named team (`unknown` only when no conversation
                // names one); of equally frequent ones, the first by name.
                team: a
                    .others
                    .iter()
                    .max_by(|x, y| {
                        (x.0 != UNKNOWN)
                            .cmp(&(y.0 != UNKNOWN))
                            .then(x.1.cmp(y.1))
                            .then(y.0.cmp(x.0))
                    })
                    .map_or_else(|| UNKNOWN.to_string(), |(t, _)| t.clone()),
                line: a.line(),
            })
            .collect();
        agents.sort_by(|x, y| {
            by_mean_score((x.line.mean_score, &x.agent), (y.line.mean_score, &y.agent))
        });
        let mut teams: Vec<TeamRow> = self
            .teams
            .iter()
            .map(|(name, t)| TeamRow {
                team: name.clone(),
                agents: t.others.keys().filter(|a| *a != UNKNOWN).count() as u64,
                line: t.line(),
            })
            .collect();
        teams.sort_by(|x, y| {
            by_mean_score((x.line.mean_score, &x.team), (y.line.mean_score, &y.team))
        });
        let mut rules: Vec<RuleRow> = self
            .rule_stats
            .iter()
            .map(|(id, r)| {
                let info = self.rules.get(id);
                RuleRow {
                    rule: id.clone(),
                    category: r.category.unwrap_or(Category::Jargon),
                    severity: r.severity.unwrap_or(Severity::Info),
                    findings: r.findings,
                    conversations: r.conversations,
                    description: info.map(|i| i.description.clone()).unwrap_or_default(),
                    example: r.example.clone(),
                    why: info.map(|i| i.why.clone()).unwrap_or_default(),
                }
            })
            .collect();
        rules.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.rule.cmp(&b.rule)));
        let (period, periods) = periods(&self.days);
        let mut worst: Vec<Kept> = self.worst.into_vec();
        worst.sort();
        let worst_seqs: Vec<u64> = worst.iter().map(|k| k.key.1).collect();
        let mut sample: Vec<Kept> = self
            .sample
            .into_sorted_vec()
            .into_iter()
            .filter(|k| !worst_seqs.contains(&k.key.1))
            .take(self.options.sample)
            .collect();
        sample.sort_by_key(|k| k.key.1);
        let unwrap = |k: Kept| Arc::try_unwrap(k.conversation).unwrap_or_else(|a| (*a).clone());
        let listed_more = summary.not_scored - self.not_scored_listed.len() as u64;
        Report {
            summary,
            histogram: self.histogram,
            categories,
            agents,
            teams,
            rules,
            period,
            periods,
            not_scored: NotScored {
                by_reason: self.not_scored.into_iter().collect(),
                listed: self.not_scored_listed,
                more: listed_more,
            },
            worst: worst.into_iter().map(unwrap).collect(),
            sample: sample.into_iter().map(unwrap).collect(),
            errors: self.errors,
            scorecard: self.card,
        }
    }
}

/// `the customer said “{trigger}”` → `the customer said “…”`.
fn placeholders_to_ellipsis(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + len];
        out.push_str(&rest[..open]);
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            out.push('…');
        } else {
            out.push_str(&rest[open..=open + len]);
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

fn ratio(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

fn make_row(
    t: &Transcript,
    path: &str,
    [agent, team, channel]: [Option<String>; 3],
    date: Option<jiff::civil::Date>,
    agent_turns: usize,
    diagnostics: &[Diagnostic],
    score: &ConversationScore,
) -> ConversationRow {
    let (sc, result, note) = match &score.status {
        Status::Scored { score: s, pass } => (
            Some(*s),
            if *pass { "pass" } else { "fail" },
            score
                .fatal
                .as_ref()
                .map(|r| format!("fatal: {r}"))
                .unwrap_or_default(),
        ),
        Status::NotScored { reason } => (None, "not scored", reason.clone()),
    };
    let unknown = || UNKNOWN.to_string();
    ConversationRow {
        id: t.id.clone(),
        path: path.to_string(),
        agent: agent.unwrap_or_else(unknown),
        team: team.unwrap_or_else(unknown),
        date: date.map(|d| d.to_string()),
        channel: channel.unwrap_or_else(unknown),
        extra: Vec::new(),
        score: sc,
        result,
        note,
        turns: t.turns.len(),
        agent_turns,
        findings: diagnostics.len(),
        findings_by_category: Category::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| score.findings[*i] > 0)
            .map(|(i, c)| (*c, score.findings[i]))
            .collect(),
        points_lost: score.lost.clone(),
    }
}

/// Groups days into days (up to 62 of them), weeks (up to 156) or months.
fn periods(days: &BTreeMap<jiff::civil::Date, PeriodStats>) -> (&'static str, Vec<PeriodRow>) {
    let (Some(first), Some(last)) = (days.keys().next(), days.keys().next_back()) else {
        return ("day", Vec::new());
    };
    let span = (*last - *first).get_days();
    let (name, start_of): (&'static str, fn(jiff::civil::Date) -> jiff::civil::Date) = if span < 62
    {
        ("day", |d| d)
    } else if span < 7 * 156 {
        ("week", |d| {
            let back = i64::from(d.weekday().to_monday_zero_offset());
            d.checked_sub(jiff::Span::new().days(back)).unwrap_or(d)
        })
    } else {
        ("month", |d| d.first_of_month())
    };
    let mut grouped: BTreeMap<jiff::civil::Date, PeriodStats> = BTreeMap::new();
    for (d, s) in days {
        let g = grouped.entry(start_of(*d)).or_default();
        g.conversations += s.conversations;
        g.scored += s.scored;
        g.passed += s.passed;
        g.score_sum += s.score_sum;
    }
    let rows = grouped
        .into_iter()
        .map(|(d, s)| PeriodRow {
            start: d.to_string(),
            conversations: s.conversations,
            scored: s.scored,
            passed: s.passed,
            mean_score: (s.scored > 0).then(|| s.score_sum / s.scored as f64),
            pass_rate: ratio(s.passed, s.scored),
        })
        .collect();
    (name, rows)
}

/// A stable hash of a conversation's identity, for choosing the sample: FNV-1a, written
/// here because the sample must be the same on every platform and Rust version, which
/// `std`'s hashers do not promise.
fn sample_hash(path: &str, id: &str, seq: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path
        .bytes()
        .chain([0])
        .chain(id.bytes())
        .chain(seq.to_le_bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use carelint::Turn;

    fn linter() -> Linter {
        Linter::builder().build().unwrap()
    }

    /// A finding on turn 1 (built from its JSON form: the type is non-exhaustive).
    fn diag(rule: &str, category: Category, severity: Severity) -> Diagnostic {
        serde_json::from_value(serde_json::json!({
            "path": "p", "transcript": "t", "turn": 1, "speaker": "agent", "rule": rule,
            "category": category.as_str(), "severity": severity.as_str(), "message": "m",
            "line": 1, "column": 1, "span": null, "match": null, "suggestion": null,
        }))
        .unwrap()
    }

    fn conversation(agent_turns: usize) -> Transcript {
        let mut turns = vec![Turn::new(Speaker::Customer, "hi")];
        turns.extend((0..agent_turns).map(|_| Turn::new(Speaker::Agent, "hello")));
        Transcript::new("c", turns)
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
            .map(|t| {
                (
                    t.team.as_str(),
                    t.agents,
                    t.line.conversations,
                    t.line.mean_score,
                )
            })
            .collect();
        // billing: 100 and 90; unknown: 86 (two blame warnings, capped at 14), 100, 100, 100.
        assert_eq!(
            teams,
            [("billing", 2, 2, Some(95.0)), ("unknown", 2, 4, Some(96.5))]
        );
        assert_eq!(r.teams[1].line.top_categories, [Category::Blame]);
        assert_eq!(
            r.teams[1].line.points_lost[category_index(Category::Blame)],
            14.0
        );
        // An agent's team is the one named most often; `unknown` only when none is named.
        let team_of = |name: &str| {
            let a = r.agents.iter().find(|a| a.agent == name).unwrap();
            (a.team.clone(), a.line.conversations)
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
}
