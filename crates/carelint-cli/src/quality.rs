//! `carelint eval`, `carelint sample`, `carelint calibrate`: how a team measures the rules
//! on its own conversations and makes carelint theirs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::eval::{evaluate_seen, wilson, Counts, Evaluation, GoldSet};
use carelint::{source, Diagnostic, Format, Linter, Speaker, Transcript};

use crate::args::{CalibrateArgs, EvalArgs, ReportFormat, RuleArgs, SampleArgs};
use crate::Status;

/// Largest conversation file read (bytes).
const MAX_FILE: u64 = 256 * 1024 * 1024;

/// A file to read, and whether it was named rather than found walking a folder.
struct Input {
    path: PathBuf,
    named: bool,
}

/// The transcript files of the given paths, folders walked, sorted.
fn files(paths: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            for entry in ignore::WalkBuilder::new(p).build() {
                let entry = entry?;
                let readable = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| {
                        Format::WALK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                    });
                if entry.file_type().is_some_and(|t| t.is_file()) && readable {
                    out.push(Input {
                        path: entry.into_path(),
                        named: false,
                    });
                }
            }
        } else {
            out.push(Input {
                path: p.clone(),
                named: true,
            });
        }
    }
    // A file both named and found walking counts as named.
    out.sort_by(|a, b| a.path.cmp(&b.path).then(b.named.cmp(&a.named)));
    out.dedup_by(|b, a| a.path == b.path);
    if out.is_empty() {
        anyhow::bail!("no conversation files in {}", show(paths));
    }
    Ok(out)
}

/// Lints every input and hands each read file to `each`, as `check` reads a batch: a
/// `.json` file found walking a folder that is no transcript format is skipped with a
/// warning, and a file that cannot be read is reported (with its place) while the rest
/// are read. Returns whether any file failed; reading nothing at all (of `given`, the
/// paths as named) is an error.
fn lint_each(
    linter: &Linter,
    given: &[PathBuf],
    inputs: &[Input],
    mut each: impl FnMut(Linted),
) -> anyhow::Result<bool> {
    let mut failed = false;
    let mut read = 0;
    for input in inputs {
        match lint_file(linter, input) {
            Ok(Some(l)) => {
                read += 1;
                each(l);
            }
            Ok(None) => {}
            Err(e) => {
                failed = true;
                crate::print_error(&e);
            }
        }
    }
    if read == 0 && !failed {
        anyhow::bail!(
            "no conversations read: every file in {} was skipped",
            show(given)
        );
    }
    Ok(failed)
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One linted file: its transcripts and findings.
struct Linted {
    name: String,
    transcripts: Vec<Transcript>,
    findings: Vec<Diagnostic>,
}

/// One file linted; `None` (after a warning) for a walked `.json` file that is no
/// transcript format.
fn lint_file(linter: &Linter, input: &Input) -> anyhow::Result<Option<Linted>> {
    let path = &input.path;
    let name = path.display().to_string();
    let text = source::decode(crate::capped::read_capped(path, MAX_FILE, "file")?, &name)?;
    // Parsed once, for the findings and the sheet's excerpts alike.
    let (report, transcripts) = match linter.lint_text_with_transcripts(&name, &text, Format::Auto)
    {
        Ok(read) => read,
        Err(e) => {
            return match crate::check::read::not_a_transcript_note(
                &name,
                &text,
                input.named,
                Format::Auto,
            ) {
                Some(note) => {
                    eprintln!("warning: {note}");
                    Ok(None)
                }
                None => Err(e.into()),
            }
        }
    };
    Ok(Some(Linted {
        name,
        transcripts: transcripts.into_iter().map(|(_, t)| t).collect(),
        findings: report.diagnostics,
    }))
}

fn linter(rule_args: &RuleArgs) -> anyhow::Result<Linter> {
    let config = crate::load_config(rule_args)?;
    crate::build_linter(rule_args, config.as_ref(), |b| b.only_enabled(true))
}

/// `carelint eval`.
pub fn eval(args: EvalArgs) -> anyhow::Result<Status> {
    let name = args.gold.display().to_string();
    let text = source::decode(
        crate::capped::read_capped(&args.gold, MAX_FILE, "gold file")?,
        &name,
    )?;
    let gold = GoldSet::parse(&text, &name)?;
    let paths = if args.paths.is_empty() {
        let beside = args
            .gold
            .parent()
            .unwrap_or(Path::new("."))
            .join("conversations.jsonl");
        if !beside.is_file() {
            anyhow::bail!(
                "name the labelled conversations: no {} next to the gold file",
                beside.display()
            );
        }
        vec![beside]
    } else {
        args.paths.clone()
    };
    let linter = linter(&args.rule_args)?;
    let mut findings = Vec::new();
    let mut linted = BTreeSet::new();
    let failed = lint_each(&linter, &paths, &files(&paths)?, |l| {
        linted.extend(l.transcripts.into_iter().map(|t| t.id));
        findings.extend(l.findings);
    })?;
    let e = evaluate_seen(&gold, &findings, Some(&linted));
    let mut out = std::io::stdout().lock();
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json(&e))?;
            writeln!(out)?;
        }
        ReportFormat::Text => write_text(&mut out, &e)?,
    }
    if e.unseen > 0 {
        eprintln!(
            "warning: {} of {} labelled conversations were not among the linted transcripts",
            e.unseen, e.conversations
        );
    }
    Ok(if failed { Status::Error } else { Status::Clean })
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{:.1}%", v * 100.0))
}

fn write_text(out: &mut dyn Write, e: &Evaluation) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<16} {:>7} {:>6} {:>7} {:>8} {:>6} {:>6} {:>10} {:>9} {:>7}",
        "category",
        "support",
        "found",
        "recall",
        "findings",
        "right",
        "wrong",
        "borderline",
        "precision",
        "F1"
    )?;
    let row = |out: &mut dyn Write, name: &str, c: &Counts| {
        writeln!(
            out,
            "{:<16} {:>7} {:>6} {:>7} {:>8} {:>6} {:>6} {:>10} {:>9} {:>7}",
            name,
            c.support,
            c.found,
            pct(c.recall()),
            c.true_positives + c.false_positives + c.borderline,
            c.true_positives,
            c.false_positives,
            c.borderline,
            pct(c.precision()),
            pct(c.f1())
        )
    };
    for (cat, c) in &e.categories {
        row(out, cat.as_str(), c)?;
    }
    row(out, "all", &e.total)?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<42} {:<16} {:>8} {:>6} {:>6} {:>10} {:>9}",
        "rule", "category", "findings", "right", "wrong", "borderline", "precision"
    )?;
    for (rule, (cat, c)) in &e.rules {
        writeln!(
            out,
            "{:<42} {:<16} {:>8} {:>6} {:>6} {:>10} {:>9}",
            rule,
            cat.as_str(),
            c.true_positives + c.false_positives + c.borderline,
            c.true_positives,
            c.false_positives,
            c.borderline,
            pct(c.precision())
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} labelled conversations, {} must labels",
        e.conversations, e.total.support
    )
}

fn json(e: &Evaluation) -> serde_json::Value {
    let counts = |c: &Counts| {
        serde_json::json!({
            "support": c.support, "found": c.found,
            "right": c.true_positives, "wrong": c.false_positives, "borderline": c.borderline,
            "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
        })
    };
    serde_json::json!({
        "conversations": e.conversations,
        "unseen": e.unseen,
        "total": counts(&e.total),
        "categories": e.categories.iter().map(|(k, c)| (k.as_str().to_string(), counts(c))).collect::<BTreeMap<_, _>>(),
        "rules": e.rules.iter().map(|(k, (cat, c))| {
            let mut v = counts(c);
            v["category"] = serde_json::json!(cat.as_str());
            (k.clone(), v)
        }).collect::<BTreeMap<_, _>>(),
    })
}

/// The columns of a judging sheet.
const SHEET: [&str; 15] = [
    "sample",
    "rule",
    "category",
    "severity",
    "message",
    "path",
    "transcript",
    "turn",
    "line",
    "column",
    "match",
    "customer_before",
    "turn_text",
    "verdict",
    "note",
];

/// A finding drawn for the sheet, with its excerpt.
struct Drawn {
    row: [String; 15],
}

/// `carelint sample`.
pub fn sample(args: SampleArgs) -> anyhow::Result<Status> {
    let linter = linter(&args.rule_args)?;
    let wanted = |d: &Diagnostic| {
        args.only.is_empty()
            || args
                .only
                .iter()
                .any(|o| *o == d.rule || *o == d.category.as_str())
    };
    let mut rng = fastrand::Rng::with_seed(args.seed);
    // Reservoir sampling per rule: every finding of a rule is equally likely to be drawn,
    // in one pass, whatever the number of findings.
    let mut drawn: BTreeMap<String, (usize, Vec<Drawn>)> = BTreeMap::new();
    let failed = lint_each(&linter, &args.paths, &files(&args.paths)?, |l| {
        for d in l.findings.iter().filter(|d| wanted(d)) {
            let (seen, kept) = drawn.entry(d.rule.clone()).or_default();
            *seen += 1;
            let slot = if kept.len() < args.per_rule {
                Some(kept.len())
            } else {
                let k = rng.usize(0..*seen);
                (k < args.per_rule).then_some(k)
            };
            let Some(slot) = slot else { continue };
            let entry = Drawn { row: row(&l, d) };
            if slot == kept.len() {
                kept.push(entry);
            } else {
                kept[slot] = entry;
            }
        }
    })?;
    let file = std::fs::File::create(&args.output)
        .map_err(|e| anyhow::anyhow!("{}: cannot write the sheet: {e}", args.output.display()))?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record(SHEET)?;
    let mut n = 0;
    for (_, (_, kept)) in drawn.iter_mut() {
        kept.sort_by(|a, b| {
            (&a.row[5], &a.row[6], &a.row[8]).cmp(&(&b.row[5], &b.row[6], &b.row[8]))
        });
        for d in kept.iter_mut() {
            n += 1;
            d.row[0] = n.to_string();
            w.write_record(&d.row)?;
        }
    }
    w.flush()?;
    eprintln!(
        "wrote {n} findings of {} rules to {}; fill in the verdict column (yes, no or debatable) and run `carelint calibrate {}`",
        drawn.len(),
        args.output.display(),
        args.output.display()
    );
    Ok(if failed { Status::Error } else { Status::Clean })
}

/// A sheet row for finding `d` of file `l`.
fn row(l: &Linted, d: &Diagnostic) -> [String; 15] {
    let t = l
        .transcripts
        .get(d.transcript_index)
        .or_else(|| l.transcripts.iter().find(|t| t.id == d.transcript));
    let at = d.turn.or_else(|| t.and_then(last_agent_turn));
    let (before, text) = match (t, at) {
        (Some(t), Some(i)) if i < t.turns.len() => {
            let before = t.turns[..i]
                .iter()
                .rev()
                .find(|turn| turn.speaker == Speaker::Customer)
                .map(|turn| clip(&turn.text, 400))
                .unwrap_or_default();
            let turn = &t.turns[i];
            let text = match d.span {
                Some(s) if d.turn.is_some() => format!(
                    "{}: {}«{}»{}",
                    turn.speaker,
                    tail(&turn.text[..s.start], 250),
                    &turn.text[s.range()],
                    clip(&turn.text[s.end..], 250)
                ),
                _ => format!("{}: {}", turn.speaker, clip(&turn.text, 500)),
            };
            (before, text)
        }
        _ => (String::new(), String::new()),
    };
    [
        String::new(),
        d.rule.clone(),
        d.category.as_str().to_string(),
        d.severity.as_str().to_string(),
        d.message.clone(),
        l.name.clone(),
        d.transcript.clone(),
        d.turn.map(|t| t.to_string()).unwrap_or_default(),
        d.line.to_string(),
        d.column.to_string(),
        d.matched.clone().unwrap_or_default(),
        before,
        text,
        String::new(),
        String::new(),
    ]
}

fn last_agent_turn(t: &Transcript) -> Option<usize> {
    t.turns
        .iter()
        .rposition(|turn| turn.speaker == Speaker::Agent)
}

/// At most `n` characters of the start of `s`, with an ellipsis.
fn clip(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() <= n {
        return s;
    }
    let cut: String = s.chars().take(n).collect();
    format!("{cut}…")
}

/// At most `n` characters of the end of `s`, with an ellipsis.
fn tail(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    let cut: String = s.chars().skip(count - n).collect();
    format!("…{cut}")
}

/// `carelint calibrate`.
pub fn calibrate(args: CalibrateArgs) -> anyhow::Result<Status> {
    if !(0.0..=1.0).contains(&args.min_precision) {
        anyhow::bail!("--min-precision is a share between 0 and 1, e.g. 0.8");
    }
    let mut reader = csv::Reader::from_path(&args.sheet)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.sheet.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: no `{name}` column; the sheet needs the columns of `carelint sample`",
                    args.sheet.display()
                )
            })
    };
    let (rule_col, verdict_col) = (col("rule")?, col("verdict")?);
    // Per rule: (right, judged).
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut unjudged = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| anyhow::anyhow!("{}: {e}", args.sheet.display()))?;
        let rule = record.get(rule_col).unwrap_or("").trim().to_string();
        let verdict = record
            .get(verdict_col)
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let right = match verdict.as_str() {
            "" => {
                unjudged += 1;
                continue;
            }
            "yes" | "y" | "right" | "correct" | "true" | "1" | "ok" => true,
            "no" | "n" | "wrong" | "false" | "0" | "debatable" | "maybe" | "?" | "unsure" => false,
            other => anyhow::bail!(
                "{}:{}: verdict `{}` is not yes, no or debatable",
                args.sheet.display(),
                i + 2,
                carelint_excerpt(other)
            ),
        };
        let t = tally.entry(rule).or_default();
        t.0 += usize::from(right);
        t.1 += 1;
    }
    if tally.is_empty() {
        anyhow::bail!(
            "{}: no verdicts yet; fill in the verdict column with yes, no or debatable",
            args.sheet.display()
        );
    }
    let mut table = std::io::stdout().lock();
    writeln!(
        table,
        "{:<42} {:>6} {:>6} {:>9} {:>13}  suggestion",
        "rule", "right", "judged", "precision", "95% interval"
    )?;
    let mut disable = Vec::new();
    let mut soften = Vec::new();
    for (rule, &(right, judged)) in &tally {
        let p = right as f64 / judged as f64;
        let (low, high) = wilson(right, judged);
        let note = format!(
            "{right}/{judged} right ({:.0}%, 95% interval {:.0}–{:.0}%)",
            p * 100.0,
            low * 100.0,
            high * 100.0
        );
        let suggestion = if p >= args.min_precision {
            "keep"
        } else if high < args.min_precision {
            disable.push((rule.clone(), note));
            "disable"
        } else {
            soften.push((rule.clone(), note));
            "severity: info"
        };
        writeln!(
            table,
            "{:<42} {:>6} {:>6} {:>8.0}% {:>5.0}–{:>4.0}%  {suggestion}",
            rule,
            right,
            judged,
            p * 100.0,
            low * 100.0,
            high * 100.0
        )?;
    }
    if unjudged > 0 {
        eprintln!("{unjudged} rows have no verdict and were not counted");
    }
    let mut yaml = format!(
        "# Suggested by `carelint calibrate {}` for a precision of at least {:.0}%.\n# Copy what you agree with into carelint.yaml.\n",
        args.sheet.display(),
        args.min_precision * 100.0
    );
    if !disable.is_empty() {
        yaml.push_str("disable:\n");
        for (rule, note) in &disable {
            yaml.push_str(&format!("  - {rule}  # {note}\n"));
        }
    }
    if !soften.is_empty() {
        yaml.push_str("severity:\n");
        for (rule, note) in &soften {
            yaml.push_str(&format!("  {rule}: info  # {note}\n"));
        }
    }
    if disable.is_empty() && soften.is_empty() {
        yaml.push_str("# Every judged rule reaches the precision: nothing to change.\n");
    }
    match &args.output {
        Some(path) => {
            std::fs::write(path, &yaml)
                .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?;
            eprintln!("wrote the suggested configuration to {}", path.display());
        }
        None => {
            writeln!(table)?;
            table.write_all(yaml.as_bytes())?;
        }
    }
    Ok(Status::Clean)
}

/// At most 40 characters of a value from the input.
fn carelint_excerpt(s: &str) -> String {
    clip(s, 40)
}
