//! `carelint report`: the same linting as `check` (same config, rules, baselines and
//! suppressions, through the same pipeline), each conversation scored with the QA
//! scorecard as results stream in, and the report written as HTML, CSV and JSON.
//!
//! The library scores each conversation (`carelint::scorecard`); the aggregation
//! ([`aggregate`]) and the three writers ([`html`], [`csv_out`], [`json_out`]) are this
//! command's.

mod aggregate;
mod csv_out;
mod html;
mod json_out;
mod outputs;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use aggregate::{ReportBuilder, ReportOptions};
use carelint::{Diagnostic, Format};
use html::HtmlOptions;
use json_out::Header;

use crate::args::{CheckArgs, ReportArgs};
use crate::check::inputs::{self, Input};
use crate::check::output::Postprocess;
use crate::check::pipeline::{self, JobContext, Outcome};
use crate::Status;
use outputs::{Outputs, Paths};

pub fn run(args: ReportArgs) -> anyhow::Result<Status> {
    let generated = generated_at()?;
    let check = check_args(&args)?;
    let cwd = std::env::current_dir()?;
    let mut walk_errors = Vec::new();
    let mut plan = crate::check::plan(
        &check,
        &inputs::Walk {
            paths: &check.paths,
            walk: &args.walk,
            no_ignore: check.no_ignore,
            follow: check.follow,
            cwd: &cwd,
            outputs: [
                &args.html,
                &args.csv,
                &args.agents_csv,
                &args.json,
                &args.baseline,
            ]
            .into_iter()
            .flatten()
            .cloned()
            .collect(),
        },
        &mut walk_errors,
        false,
    )?;
    // The scorecard is the current folder's config's.
    let config = plan.configs[plan.root].clone();
    let linter = plan.linters[plan.root].clone();
    let card = crate::check::scorecard_of(config.as_ref(), &linter)?;
    let format = match &check.read.input_format {
        Some(name) => name.parse::<Format>()?,
        None => Format::Auto,
    };
    let inputs_shown: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let mut outputs = Outputs::open(
        &Paths {
            html: args.html.as_deref(),
            csv: args.csv.as_deref(),
            agents_csv: args.agents_csv.as_deref(),
            teams_csv: args.teams_csv.as_deref(),
            json: args.json.as_deref(),
        },
        Header {
            generated: &generated,
            inputs: &inputs_shown,
            scorecard: &card,
        },
    )?;
    let max_bytes = check.read.max_file_size.saturating_mul(1024 * 1024);
    let mut builder = ReportBuilder::new(
        card,
        &linter,
        ReportOptions {
            worst: args.worst,
            sample: args.sample,
            ..ReportOptions::default()
        },
    );
    let mut had_error = false;
    let inputs = std::mem::take(&mut plan.collected.inputs);
    let mut skipped = carelint::Summary::default();
    for (reason, n) in &plan.collected.skipped {
        skipped.skip_many(reason, *n);
    }
    for e in &walk_errors {
        eprintln!("error: {e}");
        builder.add_error(e);
        had_error = true;
    }
    // Read once, capped like any file; an error fails this input, not the batch.
    let stdin = inputs.contains(&Input::Stdin).then(|| {
        crate::capped::read_all_capped(
            io::stdin().lock(),
            max_bytes,
            &check.read.stdin_filename,
            "standard input",
        )
    });
    let mut post = Postprocess::new(&check, format)?;
    let progress = crate::check::progress_bar(&check, inputs.len());
    let feed = pipeline::feed_list(inputs, std::mem::take(&mut plan.collected.config_of));
    let suppression_severity = plan.suppression_severity;
    let cx = JobContext {
        linters: plan.linters,
        format,
        stdin,
        stdin_name: check.read.stdin_filename.clone(),
        max_bytes,
        stamp: check.fix,
        keep_transcripts: true,
        keep_structured: false,
    };
    pipeline::run(check.jobs.unwrap_or(0), cx, feed, |result| {
        let last = result.last;
        match result.outcome {
            Outcome::Linted {
                mut report,
                text,
                file,
                errors,
                transcripts,
                ..
            } => {
                let severity = suppression_severity.get(result.linter).copied().flatten();
                crate::check::output::finalize(&mut report, severity);
                if let Some(e) = post.process(
                    &mut io::sink(),
                    &mut report,
                    text.as_deref(),
                    file.as_deref(),
                )? {
                    eprintln!("error: {e}");
                    builder.add_error(&e);
                    had_error = true;
                }
                if last {
                    builder.count_file();
                }
                let mut by_transcript: BTreeMap<usize, Vec<Diagnostic>> = BTreeMap::new();
                for d in std::mem::take(&mut report.diagnostics) {
                    by_transcript.entry(d.transcript_index).or_default().push(d);
                }
                for (index, t) in transcripts {
                    let found = by_transcript.remove(&index).unwrap_or_default();
                    let row = builder.add(&report.path, t, found);
                    outputs.row(&row)?;
                }
                for e in errors {
                    eprintln!("error: {e}");
                    builder.add_error(&e);
                    had_error = true;
                }
            }
            Outcome::Failed(e) => {
                eprintln!("error: {e}");
                builder.count_file();
                builder.add_error(&e);
                had_error = true;
            }
            Outcome::Skipped { reason, note } => {
                skipped.skip(reason);
                if let Some(note) = note {
                    eprintln!("warning: {note}");
                }
            }
        }
        if let (Some(pb), true) = (&progress, last) {
            pb.inc(1);
        }
        Ok(())
    })?;
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    let report = builder.finish();
    if report.summary.conversations == 0 {
        let why = match skipped.skipped_files() {
            0 => String::new(),
            n => format!(
                "; {} skipped ({})",
                crate::plural(n, "file", "files"),
                skipped.skipped_breakdown()
            ),
        };
        anyhow::bail!(
            "no conversation was read from {}{why}; nothing to report (no report was written)",
            if inputs_shown.is_empty() {
                "the input".to_string()
            } else {
                inputs_shown.join(", ")
            }
        );
    }
    let written = outputs.finish(
        &report,
        &HtmlOptions {
            title: &args.title,
            generated: &generated,
            inputs: &inputs_shown,
        },
    )?;
    print_summary(&report, &written)?;
    Ok(if had_error {
        Status::Error
    } else {
        Status::Clean
    })
}

/// The `check` options the report shares, with `check`'s defaults for the rest (taken
/// from clap, so options added to `check` later get their defaults here too).
fn check_args(args: &ReportArgs) -> anyhow::Result<CheckArgs> {
    let mut c = crate::check::defaults_for(&args.paths, &args.rule_args, &args.read)?;
    c.rule_args.select = args.rule_args.select.clone();
    c.rule_args.ignore = args.rule_args.ignore.clone();
    c.follow = args.follow;
    c.min_severity = args.min_severity;
    c.baseline = args.baseline.clone();
    c.jobs = args.jobs;
    c.no_ignore = args.no_ignore;
    c.progress = args.progress;
    Ok(c)
}

/// When the report was made: now, or `SOURCE_DATE_EPOCH` (seconds) when set, as for
/// reproducible builds.
fn generated_at() -> anyhow::Result<String> {
    let ts = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            let secs: i64 = v.trim().parse().map_err(|_| {
                anyhow::anyhow!(
                    "SOURCE_DATE_EPOCH `{}` is not a number of seconds",
                    v.trim()
                )
            })?;
            jiff::Timestamp::from_second(secs)
                .map_err(|_| anyhow::anyhow!("SOURCE_DATE_EPOCH `{secs}` is out of range"))?
        }
        Err(_) => jiff::Timestamp::now(),
    };
    Ok(ts.strftime("%Y-%m-%d %H:%M UTC").to_string())
}

fn print_summary(
    report: &aggregate::Report,
    written: &[(std::path::PathBuf, u64)],
) -> io::Result<()> {
    let s = &report.summary;
    let mut out = io::stdout().lock();
    let mut line = format!(
        "{} scored of {}",
        s.scored,
        crate::plural(s.conversations as usize, "conversation", "conversations")
    );
    if let (Some(rate), Some(mean)) = (s.pass_rate, s.mean_score) {
        line.push_str(&format!(
            ": pass rate {:.0}%, mean score {mean:.1}",
            rate * 100.0
        ));
    }
    writeln!(out, "{line}.")?;
    for (path, size) in written {
        writeln!(
            out,
            "wrote {} ({})",
            show(path),
            crate::capped::human_size(*size)
        )?;
    }
    Ok(())
}

fn show(p: &Path) -> String {
    p.display().to_string()
}
