//! The HTML report: one self-contained page (inline CSS, inline SVG charts, a few lines
//! of inline JavaScript to sort tables), readable without JavaScript, that prints
//! cleanly and loads nothing from the network.
//!
//! Colours come from the Okabe–Ito palette (told apart with every common colour-vision
//! deficiency) and a sequential orange scale for the heat map; every colour is backed by
//! a number or a word, so nothing is said by colour alone, and text on a colour has a
//! contrast of at least 4.5:1 (lines and bars at least 3:1) against it (WCAG AA).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::aggregate::{number, AgentRow, ListedConversation, ListedFinding, Report, UNKNOWN};
use carelint::scorecard::Scorecard;
use carelint::Category;

/// What the page says about the run.
#[derive(Debug, Clone, Copy)]
pub struct HtmlOptions<'a> {
    /// The page title.
    pub title: &'a str,
    /// When the report was made (any text; pinned in tests).
    pub generated: &'a str,
    /// The paths that were read.
    pub inputs: &'a [String],
}

/// Most agents in the heat map (those with the most conversations).
const HEATMAP_AGENTS: usize = 30;

/// Blue and vermillion of the Okabe–Ito palette: pass and fail.
const BLUE: &str = "#0072B2";
const VERMILLION: &str = "#D55E00";
/// Okabe–Ito's black (softened a little), for the second line of the trend: the orange of
/// the palette has too little contrast with white (2.2:1) for a thin line.
const INK: &str = "#333333";

/// Writes the page.
///
/// # Errors
///
/// Errors of `out`.
pub fn write<W: Write>(mut out: W, report: &Report, options: &HtmlOptions<'_>) -> io::Result<W> {
    let mut page = String::with_capacity(64 * 1024);
    render(&mut page, report, options);
    out.write_all(page.as_bytes())?;
    Ok(out)
}

/// The plain-words name of a category (a category this list does not know yet shows its
/// kebab-case name).
#[must_use]
fn category_label(c: Category) -> &'static str {
    match c {
        Category::Jargon => "Jargon",
        Category::OverPromising => "Over-promising",
        Category::Empathy => "Empathy",
        Category::Clarity => "Clarity",
        Category::Idiom => "Idioms",
        Category::TimeZone => "Time zones",
        Category::Expectation => "Vague commitments",
        Category::Blame => "Blame and condescension",
        Category::Personalization => "Using the customer's name",
        Category::Closing => "Closing",
        Category::Hedging => "Hedging",
        Category::Placeholder => "Unfilled placeholders",
        Category::Language => "The customer's language",
        Category::Suppression => "Suppression comments",
        _ => c.as_str(),
    }
}

// Writing to a String cannot fail: the `let _ = write!` below ignore an
// always-Ok result.

fn render(p: &mut String, r: &Report, o: &HtmlOptions<'_>) {
    p.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    p.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(p, "<title>{}</title>", esc(o.title));
    p.push_str("<style>");
    p.push_str(CSS);
    p.push_str("</style>\n</head>\n<body>\n<header>\n");
    let _ = writeln!(p, "<h1>{}</h1>", esc(o.title));
    let inputs: Vec<String> = o
        .inputs
        .iter()
        .map(|i| format!("<code>{}</code>", esc(i)))
        .collect();
    let _ = writeln!(
        p,
        "<p class=\"meta\">Made {} from {}. Scores use the scorecard described <a href=\"#scorecard\">at the end</a>.</p>",
        esc(o.generated),
        if inputs.is_empty() { "standard input".to_string() } else { inputs.join(", ") }
    );
    p.push_str("<nav aria-label=\"Sections\"><a href=\"#overview\">Overview</a><a href=\"#teams\">Teams</a><a href=\"#agents\">Agents</a><a href=\"#coach\">What to coach</a><a href=\"#trend\">Trend</a><a href=\"#worst\">Lowest scores</a><a href=\"#sample\">Sample</a><a href=\"#scorecard\">Scorecard</a></nav>\n</header>\n<main>\n");
    overview(p, r);
    teams(p, r);
    agents(p, r);
    coach(p, r);
    trend(p, r);
    listed_section(
        p,
        "worst",
        "Lowest-scoring conversations",
        "Each finding shows what the customer said, the agent's reply with the words that cost points marked, and a coaching note. Open “Whole conversation” to read it all.",
        &r.worst,
        &r.scorecard,
    );
    listed_section(
        p,
        "sample",
        "A sample of other conversations",
        "Picked at random (the same sample every time for the same files), to see what typical conversations look like.",
        &r.sample,
        &r.scorecard,
    );
    not_scored(p, r);
    errors(p, r);
    scorecard(p, &r.scorecard);
    p.push_str("</main>\n<script>");
    p.push_str(JS);
    p.push_str("</script>\n</body>\n</html>\n");
}

fn overview(p: &mut String, r: &Report) {
    let s = &r.summary;
    p.push_str("<section id=\"overview\">\n<h2>Overview</h2>\n<div class=\"cards\">\n");
    card(
        p,
        "Conversations",
        &thousands(s.conversations),
        &format!(
            "{} scored, {} not scored",
            thousands(s.scored),
            thousands(s.not_scored)
        ),
    );
    card(
        p,
        "Pass rate",
        &s.pass_rate.map_or("–".into(), percent),
        &format!(
            "{} of {} scored passed",
            thousands(s.passed),
            thousands(s.scored)
        ),
    );
    card(
        p,
        "Mean score",
        &s.mean_score.map_or("–".into(), |m| format!("{m:.1}")),
        &format!("out of 100; pass mark {}", number(r.scorecard.pass_mark())),
    );
    card(
        p,
        "Findings",
        &per_100_text(per100(s.findings, s.agent_turns)),
        &format!("per 100 agent turns ({} in all)", thousands(s.findings)),
    );
    if s.fatal > 0 {
        card(
            p,
            "Scored 0",
            &thousands(s.fatal),
            "a finding that fails a conversation outright",
        );
    }
    p.push_str("</div>\n<div class=\"charts\">\n<figure>\n");
    histogram(p, r);
    p.push_str("<figcaption>Scores of the scored conversations, in bands of 10 points. Bands below the pass mark are orange and striped.</figcaption>\n</figure>\n<figure>\n");
    category_chart(p, r);
    p.push_str("<figcaption>Findings per 100 agent turns, by category.</figcaption>\n</figure>\n</div>\n</section>\n");
}

fn card(p: &mut String, title: &str, value: &str, note: &str) {
    let _ = writeln!(
        p,
        "<div class=\"card\"><div class=\"card-title\">{}</div><div class=\"card-value\">{}</div><div class=\"card-note\">{}</div></div>",
        esc(title),
        esc(value),
        esc(note)
    );
}

fn histogram(p: &mut String, r: &Report) {
    let bins = &r.histogram.bins;
    let max = nice_max(bins.iter().copied().max().unwrap_or(0));
    let (w, h, left, bottom, top) = (520.0, 236.0, 50.0, 34.0, 22.0);
    let plot_h = h - bottom - top;
    let bw = (w - left - 8.0) / 10.0;
    let _ = writeln!(
        p,
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"hist-title\"><title id=\"hist-title\">Number of conversations per score band: {}</title>",
        (0..10)
            .map(|i| format!("{}–{}: {}", i * 10, if i == 9 { 100 } else { i * 10 + 9 }, bins[i]))
            .collect::<Vec<_>>()
            .join(", ")
    );
    axis(p, left, top, w - 8.0, plot_h, max as f64, "conversations");
    for (i, n) in bins.iter().enumerate() {
        let bh = plot_h * (*n as f64) / max as f64;
        let x = left + bw * i as f64 + 3.0;
        let y = top + plot_h - bh;
        let below = ((i + 1) * 10) as f64 <= r.scorecard.pass_mark();
        let fill = if below { "url(#fail-stripes)" } else { BLUE };
        let label = format!("{}–{}", i * 10, if i == 9 { 100 } else { i * 10 + 9 });
        let _ = write!(
            p,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{fill}\"><title>{label}: {n}</title></rect>",
            bw - 6.0
        );
        if *n > 0 {
            let _ = write!(
                p,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"val\" text-anchor=\"middle\">{}</text>",
                x + (bw - 6.0) / 2.0,
                y - 3.0,
                thousands(*n)
            );
        }
        let _ = write!(
            p,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{label}</text>",
            x + (bw - 6.0) / 2.0,
            top + plot_h + 14.0
        );
    }
    let mark_x = left + bw * (r.scorecard.pass_mark() / 10.0);
    let _ = writeln!(
        p,
        "<line x1=\"{mark_x:.1}\" x2=\"{mark_x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" class=\"mark\"/><text x=\"{mark_x:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">pass mark {}</text>",
        top - 6.0,
        top + plot_h,
        top - 9.0,
        number(r.scorecard.pass_mark())
    );
    let _ = writeln!(
        p,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">score</text>",
        left + (w - left) / 2.0,
        h - 4.0
    );
    let _ = writeln!(p, "<defs><pattern id=\"fail-stripes\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{VERMILLION}\"/><rect width=\"2\" height=\"6\" fill=\"#f3b27f\"/></pattern></defs>");
    p.push_str("</svg>\n");
}

/// A y axis with 4 grid lines from 0 to `max`.
fn axis(p: &mut String, left: f64, top: f64, right: f64, plot_h: f64, max: f64, unit: &str) {
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let y = top + plot_h - plot_h * f64::from(k) / 4.0;
        let _ = write!(
            p,
            "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"grid\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            left - 4.0,
            y + 4.0,
            if v >= 10_000.0 && (v / 1000.0).fract() == 0.0 {
                format!("{:.0}k", v / 1000.0)
            } else if v.fract() == 0.0 {
                thousands(v as u64)
            } else {
                format!("{v:.1}")
            }
        );
    }
    let _ = write!(
        p,
        "<text transform=\"translate(10 {:.1}) rotate(-90)\" class=\"tick\" text-anchor=\"middle\">{}</text>",
        top + plot_h / 2.0,
        esc(unit)
    );
}

fn category_chart(p: &mut String, r: &Report) {
    let mut rows: Vec<(&'static str, f64, u64)> = r
        .categories
        .iter()
        .filter(|c| c.findings > 0 || c.weight > 0.0)
        .map(|c| {
            (
                category_label(c.category),
                c.per_100_agent_turns,
                c.findings,
            )
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1e-9);
    let (w, label_w, row_h) = (520.0, 190.0, 18.0);
    let h = row_h * rows.len() as f64 + 10.0;
    let _ = writeln!(
        p,
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"cat-title\"><title id=\"cat-title\">Findings per 100 agent turns: {}</title>",
        rows.iter()
            .map(|(l, v, _)| format!("{l} {}", per_100_html(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (i, (label, v, n)) in rows.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let shown = per_100_html(*v);
        let bw = (w - label_w - 60.0) * v / max;
        let _ = write!(
            p,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{BLUE}\"><title>{}: {shown} per 100 agent turns ({n} findings)</title></rect><text x=\"{:.1}\" y=\"{:.1}\" class=\"val\">{shown}</text>",
            label_w - 6.0,
            y + 12.0,
            esc(label),
            row_h - 5.0,
            esc(label),
            label_w + bw + 4.0,
            y + 12.0
        );
    }
    p.push_str("</svg>\n");
}

fn coach(p: &mut String, r: &Report) {
    p.push_str("<section id=\"coach\">\n<h2>What to coach on</h2>\n");
    let total_lost: f64 = r.categories.iter().map(|c| c.points_lost).sum();
    p.push_str("<p>Categories by the points they cost. “Share of points lost” says where coaching gains the most.</p>\n");
    p.push_str("<table class=\"sortable\"><thead><tr>");
    th(p, "Category", false);
    th(p, "Share of points lost", true);
    th(p, "Findings per 100 agent turns", true);
    th(p, "Conversations affected", true);
    th(p, "Most points per conversation", true);
    p.push_str("</tr></thead><tbody>\n");
    // Only what has something to coach; the categories without findings are named below.
    let mut cats: Vec<_> = r.categories.iter().filter(|c| c.findings > 0).collect();
    cats.sort_by(|a, b| {
        b.points_lost
            .total_cmp(&a.points_lost)
            .then(b.findings.cmp(&a.findings))
    });
    for c in cats {
        let share = if total_lost > 0.0 {
            c.points_lost / total_lost
        } else {
            0.0
        };
        let _ = writeln!(
            p,
            "<tr><td>{}</td><td data-v=\"{share:.6}\">{}</td><td data-v=\"{:.6}\">{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td></tr>",
            esc(category_label(c.category)),
            percent(share),
            c.per_100_agent_turns,
            per_100_html(c.per_100_agent_turns),
            c.conversations,
            thousands(c.conversations),
            c.weight,
            if c.weight > 0.0 { number(c.weight) } else { "not scored".into() }
        );
    }
    p.push_str("</tbody></table>\n");
    let clean: Vec<&str> = r
        .categories
        .iter()
        .filter(|c| c.findings == 0 && c.weight > 0.0)
        .map(|c| category_label(c.category))
        .collect();
    if !clean.is_empty() {
        let _ = writeln!(
            p,
            "<p class=\"note\">No findings in: {}.</p>",
            esc(&clean.join(", "))
        );
    }
    if r.rules.is_empty() {
        p.push_str("<p>No findings.</p>\n</section>\n");
        return;
    }
    p.push_str("<h3>Findings by rule</h3>\n<p>What each rule finds, how often, and the note to coach with.</p>\n<table class=\"sortable rules\"><thead><tr>");
    th(p, "What was found", false);
    th(p, "Category", false);
    th(p, "Findings", true);
    th(p, "Conversations", true);
    th(p, "Coaching note", false);
    p.push_str("</tr></thead><tbody>\n");
    for rule in &r.rules {
        let _ = writeln!(
            p,
            "<tr><td>{}{}<div class=\"rule-id\">{}</div></td><td>{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td><td class=\"why\">{}</td></tr>",
            esc(&rule.description),
            rule.example.as_deref().map_or(String::new(), |e| format!("<div class=\"example\">For example “{}”</div>", esc(e))),
            esc(&rule.rule),
            esc(category_label(rule.category)),
            rule.findings,
            thousands(rule.findings),
            rule.conversations,
            thousands(rule.conversations),
            esc(&rule.why)
        );
    }
    p.push_str("</tbody></table>\n</section>\n");
}

fn th(p: &mut String, label: &str, numeric: bool) {
    let _ = write!(
        p,
        "<th scope=\"col\"{}><button type=\"button\">{}</button></th>",
        if numeric { " class=\"num\"" } else { "" },
        esc(label)
    );
}

fn teams(p: &mut String, r: &Report) {
    p.push_str("<section id=\"teams\">\n<h2>Teams</h2>\n");
    let unknown = r.teams.iter().any(|t| t.team == UNKNOWN);
    if r.teams.len() == 1 && unknown {
        let _ = writeln!(
            p,
            "<p class=\"note\">No conversation names its team or queue. carelint reads it from the metadata keys {}; the <code>scorecard: metadata: team</code> setting names others.</p>\n</section>",
            keys(&r.scorecard.fields().team)
        );
        return;
    }
    p.push_str("<p>Lowest mean score first. Click a column heading to sort.</p>\n<table class=\"sortable\"><thead><tr>");
    th(p, "Team", false);
    th(p, "Agents", true);
    group_headings(p);
    for t in &r.teams {
        let _ = write!(
            p,
            "<tr><td>{}</td><td data-v=\"{}\">{}</td>",
            esc(&t.team),
            t.agents,
            thousands(t.agents)
        );
        group_cells(
            p,
            t.line.conversations,
            t.line.mean_score,
            t.line.pass_rate,
            t.line.per_100_agent_turns,
            &t.line.top_categories,
        );
    }
    p.push_str("</tbody></table>\n");
    if unknown {
        p.push_str(
            "<p class=\"note\">“unknown”: conversations whose metadata names no team.</p>\n",
        );
    }
    p.push_str("</section>\n");
}

fn agents(p: &mut String, r: &Report) {
    p.push_str("<section id=\"agents\">\n<h2>Agents</h2>\n");
    if r.agents.len() == 1 && r.agents[0].agent == UNKNOWN {
        let _ = writeln!(
            p,
            "<p class=\"note\">No conversation names its agent. carelint reads the agent from the transcript's metadata (front matter <code>agent:</code>, JSON <code>agent</code>, a CSV <code>agent</code> column, Contact Lens participants; the keys {}); the <code>scorecard: metadata: agent</code> setting names others.</p>",
            keys(&r.scorecard.fields().agent)
        );
    }
    p.push_str("<p>Lowest mean score first. Click a column heading to sort.</p>\n<table class=\"sortable\"><thead><tr>");
    th(p, "Agent", false);
    th(p, "Team", false);
    group_headings(p);
    for a in &r.agents {
        let _ = write!(p, "<tr><td>{}</td><td>{}</td>", esc(&a.agent), esc(&a.team));
        group_cells(
            p,
            a.line.conversations,
            a.line.mean_score,
            a.line.pass_rate,
            a.line.per_100_agent_turns,
            &a.line.top_categories,
        );
    }
    p.push_str("</tbody></table>\n");
    heatmap(p, r);
    p.push_str("</section>\n");
}

/// The headings the agents and teams tables share, closing the head.
fn group_headings(p: &mut String) {
    th(p, "Conversations", true);
    th(p, "Mean score", true);
    th(p, "Pass rate", true);
    th(p, "Findings per 100 agent turns", true);
    th(p, "Lost most points on", false);
    p.push_str("</tr></thead><tbody>\n");
}

/// The cells the agents and teams tables share, closing the row.
fn group_cells(
    p: &mut String,
    conversations: u64,
    mean: Option<f64>,
    pass_rate: Option<f64>,
    per_100: f64,
    top: &[Category],
) {
    let _ = writeln!(
        p,
        "<td data-v=\"{conversations}\">{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td><td data-v=\"{per_100:.6}\">{}</td><td>{}</td></tr>",
        thousands(conversations),
        mean.map_or(String::new(), |m| format!("{m:.6}")),
        mean.map_or("–".into(), |m| format!("{m:.1}")),
        pass_rate.map_or(String::new(), |m| format!("{m:.6}")),
        pass_rate.map_or("–".into(), percent),
        per_100_html(per_100),
        esc(&top
            .iter()
            .map(|c| category_label(*c))
            .collect::<Vec<_>>()
            .join(", "))
    );
}

/// Metadata keys as a list in words: `a`, `b` or `c`.
fn keys(keys: &[String]) -> String {
    let shown: Vec<String> = keys
        .iter()
        .map(|k| format!("<code>{}</code>", esc(k)))
        .collect();
    match shown.split_last() {
        None => "(none)".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

fn heatmap(p: &mut String, r: &Report) {
    let cats: Vec<(usize, Category)> = Category::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            r.agents
                .iter()
                .any(|a| a.line.per_100_by_category[*i] > 0.0)
        })
        .map(|(i, c)| (i, *c))
        .collect();
    if cats.is_empty() {
        return;
    }
    let mut shown: Vec<&AgentRow> = r.agents.iter().collect();
    if shown.len() > HEATMAP_AGENTS {
        let mut by_size = shown.clone();
        by_size.sort_by(|a, b| {
            b.line
                .conversations
                .cmp(&a.line.conversations)
                .then(a.agent.cmp(&b.agent))
        });
        let keep: Vec<&str> = by_size[..HEATMAP_AGENTS]
            .iter()
            .map(|a| a.agent.as_str())
            .collect();
        shown.retain(|a| keep.contains(&a.agent.as_str()));
    }
    let max = shown
        .iter()
        .flat_map(|a| {
            cats.iter()
                .map(move |(i, _)| a.line.per_100_by_category[*i])
        })
        .fold(0.0, f64::max)
        .max(1e-9);
    let _ = writeln!(
        p,
        "<h3>Where each agent has findings</h3>\n<p>Findings per 100 agent turns, by agent and category: the darker the cell, the more findings{}.</p>\n<div class=\"scroll\"><table class=\"heat\"><thead><tr><th scope=\"col\">Agent</th>",
        if r.agents.len() > HEATMAP_AGENTS {
            format!(" (the {HEATMAP_AGENTS} agents with the most conversations)")
        } else {
            String::new()
        }
    );
    for (_, c) in &cats {
        let _ = write!(p, "<th scope=\"col\">{}</th>", esc(category_label(*c)));
    }
    p.push_str("</tr></thead><tbody>\n");
    for a in shown {
        let _ = write!(p, "<tr><th scope=\"row\">{}</th>", esc(&a.agent));
        for (i, c) in &cats {
            let v = a.line.per_100_by_category[*i];
            let level = if v <= 0.0 {
                0
            } else {
                1 + ((v / max) * 4.0).ceil().clamp(1.0, 4.0) as usize
            };
            let _ = write!(
                p,
                "<td class=\"h{level}\" title=\"{}, {}: {} per 100 agent turns\">{}</td>",
                esc(&a.agent),
                esc(category_label(*c)),
                per_100_html(v),
                if v > 0.0 {
                    per_100_html(v)
                } else {
                    "·".into()
                }
            );
        }
        p.push_str("</tr>\n");
    }
    p.push_str("</tbody></table></div>\n");
}

fn trend(p: &mut String, r: &Report) {
    p.push_str("<section id=\"trend\">\n");
    let _ = writeln!(p, "<h2>Trend by {}</h2>", r.period);
    if r.periods.is_empty() {
        let _ = writeln!(
            p,
            "<p class=\"note\">No conversation has a date. carelint reads it from the metadata keys {}; the <code>scorecard: metadata: date</code> setting names others.</p>\n</section>",
            keys(&r.scorecard.fields().date)
        );
        return;
    }
    let (w, h, left, bottom, top, right) = (720.0, 230.0, 44.0, 40.0, 16.0, 16.0);
    let plot_h = h - bottom - top;
    let n = r.periods.len();
    let step = if n > 1 {
        (w - left - right) / (n - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| {
        if n > 1 {
            left + step * i as f64
        } else {
            left + (w - left - right) / 2.0
        }
    };
    let y = |v: f64| top + plot_h - plot_h * v / 100.0;
    let _ = writeln!(
        p,
        "<figure><svg class=\"chart wide\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"trend-title\"><title id=\"trend-title\">Mean score and pass rate by {}, from {} to {}</title>",
        r.period,
        r.periods[0].start,
        r.periods[n - 1].start
    );
    axis(p, left, top, w - right, plot_h, 100.0, "score / %");
    let line = |p: &mut String, pts: Vec<(usize, f64)>, colour: &str, dash: &str, what: &str| {
        let d: Vec<String> = pts
            .iter()
            .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v)))
            .collect();
        if d.len() > 1 {
            let _ = write!(
                p,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
                d.join(" ")
            );
        }
        for (i, v) in &pts {
            let _ = write!(
                p,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"><title>{}: {what} {v:.1}</title></circle>",
                x(*i),
                y(*v),
                r.periods[*i].start
            );
        }
    };
    let means: Vec<(usize, f64)> = r
        .periods
        .iter()
        .enumerate()
        .filter_map(|(i, q)| q.mean_score.map(|m| (i, m)))
        .collect();
    let rates: Vec<(usize, f64)> = r
        .periods
        .iter()
        .enumerate()
        .filter_map(|(i, q)| q.pass_rate.map(|m| (i, m * 100.0)))
        .collect();
    line(p, means, BLUE, "", "mean score");
    line(p, rates, INK, " stroke-dasharray=\"6 4\"", "pass rate %");
    let every = n.div_ceil(8).max(1);
    for (i, q) in r.periods.iter().enumerate() {
        if i % every == 0 || i == n - 1 {
            let anchor = if n == 1 {
                "middle"
            } else if i == 0 {
                "start"
            } else if i == n - 1 {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                p,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"{anchor}\">{}</text>",
                x(i),
                top + plot_h + 14.0,
                q.start
            );
        }
    }
    let _ = writeln!(
        p,
        "<g class=\"legend\"><line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{BLUE}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\">mean score</text><line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{INK}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\">pass rate (%)</text></g>",
        left + 24.0,
        h - 6.0,
        h - 6.0,
        left + 28.0,
        h - 2.0,
        left + 130.0,
        left + 154.0,
        h - 6.0,
        h - 6.0,
        left + 158.0,
        h - 2.0
    );
    let _ = writeln!(
        p,
        "</svg><figcaption>{} of {} conversations have a date.</figcaption></figure>",
        thousands(r.summary.dated),
        thousands(r.summary.conversations)
    );
    let _ = write!(
        p,
        "<details><summary>The numbers by {}</summary><table class=\"sortable\"><thead><tr>",
        r.period
    );
    th(p, "From", false);
    th(p, "Conversations", true);
    th(p, "Mean score", true);
    th(p, "Pass rate", true);
    p.push_str("</tr></thead><tbody>\n");
    for q in &r.periods {
        let _ = writeln!(
            p,
            "<tr><td>{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td></tr>",
            q.start,
            q.conversations,
            thousands(q.conversations),
            q.mean_score.map_or(String::new(), |m| format!("{m:.6}")),
            q.mean_score.map_or("–".into(), |m| format!("{m:.1}")),
            q.pass_rate.map_or(String::new(), |m| format!("{m:.6}")),
            q.pass_rate.map_or("–".into(), percent)
        );
    }
    p.push_str("</tbody></table></details>\n</section>\n");
}

fn listed_section(
    p: &mut String,
    id: &str,
    title: &str,
    intro: &str,
    list: &[ListedConversation],
    card: &Scorecard,
) {
    let _ = writeln!(p, "<section id=\"{id}\">\n<h2>{}</h2>", esc(title));
    if list.is_empty() {
        p.push_str("<p>None.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(p, "<p>{}</p>", esc(intro));
    for (k, c) in list.iter().enumerate() {
        conversation(p, &format!("{id}-{}", k + 1), c, card);
    }
    p.push_str("</section>\n");
}

fn conversation(p: &mut String, anchor: &str, c: &ListedConversation, card: &Scorecard) {
    let row = &c.row;
    let score = row.score.map_or("–".into(), number);
    let pass = row.result == "pass";
    let _ = writeln!(
        p,
        "<article class=\"conv\" id=\"{anchor}\"><header class=\"conv-head\"><div><h3>{}</h3><div class=\"conv-meta\">Agent <strong>{}</strong> · team {} · {} · {} · {} turns · <span class=\"path\">{}</span></div></div><div class=\"score {}\"><span class=\"score-num\">{score}</span><span class=\"score-word\">{}</span></div></header>",
        esc(&row.id),
        esc(&row.agent),
        esc(&row.team),
        esc(row.date.as_deref().unwrap_or("no date")),
        esc(&row.channel),
        row.turns,
        esc(&row.path),
        if pass { "pass" } else { "fail" },
        if pass { "pass" } else { "fail" },
    );
    let extra: Vec<String> = row
        .extra
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{} {}", esc(k), esc(v)))
        .collect();
    if !extra.is_empty() {
        let _ = writeln!(p, "<div class=\"conv-meta\">{}</div>", extra.join(" · "));
    }
    if !row.points_lost.is_empty() || !row.note.is_empty() {
        let lost: Vec<String> = row
            .points_lost
            .iter()
            .map(|(cat, pts)| format!("{} −{}", category_label(*cat), number(*pts)))
            .collect();
        let fatal = if let Some(rule) = row.note.strip_prefix("fatal: ") {
            format!("<strong>Scored 0</strong>: a finding of <code>{}</code> fails a conversation outright. ", esc(rule))
        } else {
            String::new()
        };
        let _ = writeln!(
            p,
            "<p class=\"lost\">{fatal}Points lost: {}</p>",
            esc(&lost.join(" · "))
        );
    }
    // Findings grouped by turn, in turn order; conversation-level ones last.
    p.push_str("<ol class=\"findings\">\n");
    for e in c.excerpts() {
        p.push_str("<li class=\"finding\">");
        match e.turn.and_then(|i| c.turns.get(i)) {
            Some(turn) => {
                if let Some(cue) = e.cue.and_then(|j| c.turns.get(j)) {
                    let _ = write!(
                        p,
                        "<div class=\"turn customer\"><span class=\"who\">{}</span> {}</div>",
                        esc(&speaker_label(&cue.speaker)),
                        esc(&clip(&cue.text, 280))
                    );
                }
                let _ = write!(
                    p,
                    "<div class=\"turn {}\"><span class=\"who\">{}</span> {}</div>",
                    speaker_class(&turn.speaker),
                    esc(&speaker_label(&turn.speaker)),
                    highlighted(&turn.text, &e.findings, Some(240))
                );
            }
            None => p.push_str("<div class=\"turn whole\">About the whole conversation</div>"),
        }
        p.push_str("<ul class=\"notes\">");
        for f in e.findings {
            note(p, f, card);
        }
        p.push_str("</ul></li>\n");
    }
    p.push_str("</ol>\n<details class=\"whole\"><summary>Whole conversation</summary><div class=\"transcript\">\n");
    // Each turn's findings, in their order, gathered in one pass (a filter over every
    // finding for each turn was quadratic in a long conversation).
    let mut by_turn: Vec<Vec<&ListedFinding>> = vec![Vec::new(); c.turns.len()];
    for f in &c.findings {
        if let Some(group) = f.turn.and_then(|i| by_turn.get_mut(i)) {
            group.push(f);
        }
    }
    for (turn, group) in c.turns.iter().zip(by_turn) {
        let _ = write!(
            p,
            "<div class=\"turn {}\"><span class=\"who\">{}</span> {}",
            speaker_class(&turn.speaker),
            esc(&speaker_label(&turn.speaker)),
            highlighted(&turn.text, &group, None)
        );
        for f in group {
            let _ = write!(
                p,
                "<div class=\"inline-note\">{} <span class=\"cat\">{}</span></div>",
                esc(&f.message),
                esc(category_label(f.category))
            );
        }
        p.push_str("</div>\n");
    }
    p.push_str("</div></details>\n</article>\n");
}

fn note(p: &mut String, f: &ListedFinding, card: &Scorecard) {
    let cost = if f.fatal {
        "fails the conversation".to_string()
    } else {
        let capped = card.weight(f.category) <= 0.0;
        if capped {
            "not scored".into()
        } else {
            format!("−{} points", number(f.points))
        }
    };
    let _ = write!(
        p,
        "<li><span class=\"msg\">{}</span> <span class=\"cat\">{}</span> <span class=\"cost\">{}</span>",
        esc(&f.message),
        esc(category_label(f.category)),
        esc(&cost)
    );
    if let Some(s) = &f.suggestion {
        let _ = write!(p, "<div class=\"try\">Try instead: “{}”</div>", esc(s));
    }
    if !f.why.is_empty() {
        let _ = write!(
            p,
            "<div class=\"coach\"><span class=\"coach-label\">Coaching note</span> {}</div>",
            esc(&f.why)
        );
    }
    p.push_str("</li>");
}

fn speaker_label(s: &str) -> String {
    match s {
        "agent" => "Agent".into(),
        "customer" => "Customer".into(),
        "system" => "System".into(),
        other => other.to_string(),
    }
}

fn speaker_class(s: &str) -> &'static str {
    match s {
        "agent" => "agent",
        "customer" => "customer",
        _ => "other",
    }
}

/// A turn's text, escaped, with the findings' matches in `<mark>`; with `window`, cut to
/// about that many characters around the first match.
fn highlighted(text: &str, findings: &[&ListedFinding], window: Option<usize>) -> String {
    let mut spans: Vec<(usize, usize, &str)> = findings
        .iter()
        .filter_map(|f| f.span.map(|s| (s.start, s.end, f.message.as_str())))
        .filter(|(s, e, _)| {
            s < e && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e)
        })
        .collect();
    spans.sort();
    let (mut from, mut to) = (0, text.len());
    if let Some(w) = window {
        if let Some(first) = spans.first() {
            from = floor_boundary(text, first.0.saturating_sub(w / 2));
            to = ceil_boundary(text, (first.1 + w).min(text.len()));
        } else {
            to = ceil_boundary(text, w.min(text.len()) * 2);
        }
    }
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = from;
    for (s, e, msg) in spans {
        if s < at || e > to {
            continue;
        }
        out.push_str(&esc(&text[at..s]));
        let _ = write!(
            out,
            "<mark title=\"{}\">{}</mark>",
            esc(msg),
            esc(&text[s..e])
        );
        at = e;
    }
    out.push_str(&esc(&text[at..to]));
    if to < text.len() {
        out.push('…');
    }
    out
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// At most `max` characters of a text, with an ellipsis.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}…")
}

fn not_scored(p: &mut String, r: &Report) {
    let ns = &r.not_scored;
    if ns.by_reason.is_empty() {
        return;
    }
    p.push_str("<section id=\"not-scored\">\n<h2>Not scored</h2>\n<ul>\n");
    for (reason, n) in &ns.by_reason {
        let _ = writeln!(
            p,
            "<li>{} {}: {}</li>",
            thousands(*n),
            if *n == 1 {
                "conversation"
            } else {
                "conversations"
            },
            esc(reason)
        );
    }
    p.push_str(
        "</ul>\n<details><summary>Which ones</summary><table class=\"sortable\"><thead><tr>",
    );
    th(p, "Conversation", false);
    th(p, "File", false);
    th(p, "Why", false);
    p.push_str("</tr></thead><tbody>\n");
    for (id, path, reason) in &ns.listed {
        let _ = writeln!(
            p,
            "<tr><td>{}</td><td class=\"path\">{}</td><td>{}</td></tr>",
            esc(id),
            esc(path),
            esc(reason)
        );
    }
    p.push_str("</tbody></table>");
    if ns.more > 0 {
        let _ = write!(
            p,
            "<p>… and {} more (every conversation is in the CSV and JSON outputs).</p>",
            ns.more
        );
    }
    p.push_str("</details>\n</section>\n");
}

fn errors(p: &mut String, r: &Report) {
    if r.summary.unreadable == 0 {
        return;
    }
    let _ = writeln!(
        p,
        "<section id=\"errors\">\n<h2>What could not be read</h2>\n<p>{} could not be read (of {} files); their conversations are not in this report.</p>\n<ul class=\"errors\">",
        if r.summary.unreadable == 1 { "1 file or record".to_string() } else { format!("{} files or records", r.summary.unreadable) },
        r.summary.files
    );
    for e in &r.errors {
        let _ = writeln!(p, "<li><code>{}</code></li>", esc(e));
    }
    p.push_str("</ul>\n</section>\n");
}

fn scorecard(p: &mut String, card: &Scorecard) {
    p.push_str("<section id=\"scorecard\">\n<h2>How scores are computed</h2>\n");
    let _ = writeln!(
        p,
        "<p>Every conversation starts at 100. Each finding costs points ({} for an error, {} for a warning, {} for a note{}); a category never costs more than its weight below. A conversation passes with <strong>{}</strong> or more. Conversations with fewer than {} agent turns, and reply templates, are not scored.</p>",
        number(card.points(carelint::Severity::Error)),
        number(card.points(carelint::Severity::Warning)),
        number(card.points(carelint::Severity::Info)),
        if card.rule_points().is_empty() { "" } else { ", unless the rule has its own points below" },
        number(card.pass_mark()),
        card.min_agent_turns()
    );
    let fatal = card.fatal();
    if !fatal.is_empty() {
        let _ = writeln!(
            p,
            "<p>A finding of any of these scores the conversation 0: {}.</p>",
            fatal
                .iter()
                .map(|f| format!("<code>{}</code>", esc(f)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    p.push_str("<table><thead><tr><th scope=\"col\">Category</th><th scope=\"col\" class=\"num\">Weight (most points it can cost)</th></tr></thead><tbody>\n");
    for c in Category::ALL {
        let _ = writeln!(
            p,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(category_label(c)),
            number(card.weight(c))
        );
    }
    p.push_str("</tbody></table>\n");
    let rules = card.rule_points();
    if !rules.is_empty() {
        p.push_str("<table><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\" class=\"num\">Points per finding</th></tr></thead><tbody>\n");
        for (id, pts) in rules {
            let _ = writeln!(
                p,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td></tr>",
                esc(id),
                number(pts)
            );
        }
        p.push_str("</tbody></table>\n");
    }
    p.push_str("</section>\n");
}

/// The top of a count axis: 4 grid steps of 1, 2, 2.5 or 5 times a power of ten (whole
/// numbers), at least 4.
fn nice_max(max: u64) -> u64 {
    let mut magnitude = 1u64;
    loop {
        // For a magnitude of 1, 5 / 2 rounds to 2: steps stay whole numbers.
        for step in [magnitude, magnitude * 2, magnitude * 5 / 2, magnitude * 5] {
            if step.saturating_mul(4) >= max {
                return step.saturating_mul(4);
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// `103269` → `103,269`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn per100(n: u64, turns: u64) -> f64 {
    if turns == 0 {
        0.0
    } else {
        n as f64 * 100.0 / turns as f64
    }
}

/// [`per_100_text`], escaped for HTML.
fn per_100_html(x: f64) -> String {
    esc(&per_100_text(x))
}

/// A rate per 100 agent turns with one decimal; a rate above 0 never shows as `0.0`.
fn per_100_text(x: f64) -> String {
    if x > 0.0 && x < 0.05 {
        "<0.1".into()
    } else {
        format!("{x:.1}")
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--blue:#0072B2;--verm:#D55E00;--verm-dark:#B34A00;--mark:#ffe08a}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header,main{max-width:1100px;margin:0 auto;padding:0 20px}
header{padding-top:20px;border-bottom:1px solid var(--line)}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:21px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:17px;margin:20px 0 8px}
.meta,.note,figcaption,.card-note,.conv-meta,.rule-id{color:var(--muted)}
.meta{margin:0 0 8px}
nav{display:flex;flex-wrap:wrap;gap:4px 16px;padding:6px 0 10px}
nav a{color:var(--blue)}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 3px;border-radius:3px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card-title{font-weight:600}
.card-value{font-size:30px;font-weight:700;line-height:1.2}
.card-note{font-size:13px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
figure{margin:0}
figcaption{font-size:13px}
svg.chart{width:100%;height:auto;max-width:560px;display:block}
svg.chart.wide{max-width:900px}
svg .tick{font-size:11px;fill:#444}
svg .val{font-size:11px;fill:#222}
svg .grid{stroke:#e3e6ea;stroke-width:1}
svg .mark{stroke:#222;stroke-width:1.5;stroke-dasharray:4 3}
table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft);position:sticky;top:0}
th.num,td[data-v],td.num{text-align:right;font-variant-numeric:tabular-nums}
th button{all:unset;cursor:pointer;font-weight:600}
th button:focus-visible{outline:2px solid var(--blue)}
th button::after{content:" \2195";color:#6e7781;font-weight:400}
th[aria-sort=ascending] button::after{content:" \2191"}
th[aria-sort=descending] button::after{content:" \2193"}
.rule-id{font:12px ui-monospace,Menlo,Consolas,monospace}
td.why{max-width:420px;font-size:13px}
.scroll{overflow-x:auto}
table.heat td{text-align:center;font-variant-numeric:tabular-nums;min-width:3em}
table.heat th,table.heat td{padding:4px 5px}
table.heat th{font-size:12px}
.h0{color:#6e7781}.h1{background:#feedde}.h2{background:#fdbe85}.h3{background:#fd8d3c}.h4{background:#a63603;color:#fff}.h5{background:#7f2704;color:#fff}
.conv{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:14px 0;break-inside:avoid-page}
.conv-head{display:flex;justify-content:space-between;gap:12px;align-items:flex-start}
.conv-head h3{margin:0;font-size:16px;word-break:break-all}
.conv-meta{font-size:13px}
.path{font:12px ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.score{min-width:76px;text-align:center;border-radius:8px;padding:4px 8px;color:#fff}
.score.pass{background:var(--blue)}.score.fail{background:var(--verm-dark)}
.score-num{display:block;font-size:24px;font-weight:700;line-height:1.1}
.score-word{font-size:12px;text-transform:uppercase;letter-spacing:.05em}
.lost{margin:8px 0;font-size:14px}
ol.findings{padding-left:22px;margin:6px 0}
li.finding{margin:8px 0}
.turn{white-space:pre-wrap;padding:4px 8px;border-left:3px solid var(--line);margin:2px 0;overflow-wrap:anywhere}
.turn.customer{background:#f6f8fa}
.turn.agent{border-left-color:var(--blue)}
.turn.whole{font-style:italic;color:var(--muted)}
.who{font-weight:600;margin-right:4px}
mark{background:var(--mark);color:inherit;padding:0 1px;border-bottom:2px solid #b08800}
ul.notes{margin:4px 0 0;padding-left:18px}
ul.notes li{margin:2px 0}
.msg{font-weight:600}
.cat{font-size:12px;border:1px solid var(--line);border-radius:10px;padding:0 6px;color:var(--muted);white-space:nowrap}
.cost{font-size:12px;color:var(--muted)}
.try{font-size:13px}
.coach{font-size:13px;color:#3b4148;margin:1px 0 4px}
.coach-label{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#57606a;margin-right:4px}
.example{font-size:13px;color:#3b4148}
.inline-note{font-size:13px;color:#6e4b00;white-space:normal}
details{margin:6px 0}
summary{cursor:pointer;color:var(--blue)}
.transcript{margin-top:6px}
@media print{
 nav,th button::after{display:none}
 body{font-size:11pt}
 header,main{max-width:none;padding:0}
 h2{break-after:avoid}
 thead th{position:static}
 .conv,tr,figure{break-inside:avoid}
 .score{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 table.heat td,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .scroll{overflow:visible}
 table.heat th,table.heat td{min-width:0;padding:3px 4px;font-size:9pt}
 a{color:inherit;text-decoration:none}
}
"#;

/// Sorting by a click on a column heading (numbers by their `data-v`), and opening every
/// `<details>` before printing.
const JS: &str = r#"
(function(){
  function key(row,i){var c=row.cells[i];if(!c)return"";if(c.hasAttribute("data-v")){var n=parseFloat(c.getAttribute("data-v"));return isNaN(n)?null:n;}return c.textContent.trim().toLowerCase();}
  function cmp(a,b){if(a===b)return 0;if(a===null)return 1;if(b===null)return -1;return a<b?-1:1;}
  document.querySelectorAll("table.sortable").forEach(function(t){
    var heads=t.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads,function(th,i){
      var b=th.querySelector("button");if(!b)return;
      b.addEventListener("click",function(){
        var asc=th.getAttribute("aria-sort")!=="ascending";
        Array.prototype.forEach.call(heads,function(h){h.removeAttribute("aria-sort");});
        th.setAttribute("aria-sort",asc?"ascending":"descending");
        var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(x,y){var kx=key(x,i),ky=key(y,i);if(kx===null||ky===null)return cmp(kx,ky);return asc?cmp(kx,ky):cmp(ky,kx);});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  window.addEventListener("beforeprint",function(){document.querySelectorAll("details").forEach(function(d){d.open=true;});});
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_and_numbers() {
        assert_eq!(nice_max(0), 4);
        assert_eq!(nice_max(3), 4);
        assert_eq!(nice_max(5), 8);
        assert_eq!(nice_max(9), 20);
        assert_eq!(nice_max(89_022), 100_000);
        assert_eq!(thousands(103_269), "103,269");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(esc("<b a='x'>&"), "&lt;b a=&#39;x&#39;&gt;&amp;");
        assert_eq!(per_100_text(0.0), "0.0");
        assert_eq!(per_100_text(0.04), "<0.1");
        assert_eq!(per_100_html(0.04), "&lt;0.1");
        assert_eq!(per_100_text(0.05), "0.1");
        assert_eq!(per_100_text(220.0), "220.0");
    }

    #[test]
    fn highlights_stay_on_character_boundaries() {
        let f = |s: usize, e: usize| ListedFinding {
            turn: Some(0),
            span: Some(carelint::Span::new(s, e)),
            rule: "r".into(),
            category: Category::Jargon,
            severity: carelint::Severity::Info,
            message: "m<".into(),
            matched: None,
            suggestion: None,
            points: 1.0,
            fatal: false,
            why: String::new(),
        };
        let text = "héllo wörld <ok>";
        let a = f(7, 13);
        let bad = f(2, 3); // inside "é": ignored, no panic
        let out = highlighted(text, &[&a, &bad], Some(4));
        assert!(out.contains("<mark title=\"m&lt;\">wörld</mark>"), "{out}");
        assert!(out.starts_with('…'), "{out}");
        assert!(!highlighted(text, &[], Some(2)).contains("<mark"));
    }
}
