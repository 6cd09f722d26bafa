//! `carelint check`: walk the inputs, lint them in parallel, write results in order.
//!
//! The pipeline: a producer thread walks the inputs in output order and turns them into
//! jobs — one per file, or one per batch of lines of a JSON Lines file, which is streamed
//! and never held whole. Jobs run on rayon's pool. A single writer (this thread) receives
//! results, keeps a reorder buffer keyed by (input, batch), and writes each result as soon
//! as every earlier one is written, so output streams and is identical for any `--jobs`.
//! A window of permits bounds the jobs issued but not yet written, so memory depends on
//! the work in flight, not on the size of the batch.

use anyhow::Context;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;

use carelint::fix::{unified_diff, write_atomic};
use carelint::report::{
    Concise, Github, Human, HumanOptions, Json, JsonLines, Junit, Reporter, Sarif, Statistics,
    StatisticsFormat,
};
use carelint::transcript::{JsonlReader, RawLine};
use carelint::{apply_fixes, Baseline};
use carelint::{Error, Format, Linter, Severity, SourceReport, Summary};

use crate::args::{CheckArgs, Color, FailOn, OutputFormat, Progress};
use crate::Status;

/// JSON Lines records per job.
const JSONL_BATCH_LINES: usize = 1_000;

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Input {
    /// A file; `explicit` when named on the command line (then any extension is read
    /// and a binary file is an error rather than skipped).
    File {
        path: PathBuf,
        explicit: bool,
    },
    Stdin,
}

/// What happened to one job.
enum Outcome {
    Linted {
        report: SourceReport,
        /// The source text, for excerpts in human output (not kept for streamed files).
        text: Option<String>,
        bytes: u64,
        empty: bool,
        /// Errors of single records (malformed JSON Lines) that did not stop the file.
        errors: Vec<Error>,
    },
    Failed(Error),
    /// Not linted; with a note for stderr when the user should know why.
    Skipped(Option<String>),
}

/// A job's result: (input index, batch index, last batch of this input, outcome).
type Done = (usize, usize, bool, Outcome);

/// Everything a job needs, shared by all jobs.
struct Shared {
    linter: Linter,
    format: Format,
    stdin: Option<Vec<u8>>,
    stdin_name: String,
    max_bytes: u64,
}

pub fn run(args: CheckArgs) -> anyhow::Result<Status> {
    let config = crate::load_config(&args.rule_args)?;
    let min = args.min_severity.map(Severity::from);
    let mut speaker_map = Vec::new();
    for pair in &args.speaker_map {
        let Some((label, role)) = pair.split_once('=') else {
            anyhow::bail!("--speaker-map `{pair}` is not `label=role`; write e.g. `--speaker-map spk_0=agent`");
        };
        let role = match role.trim().to_ascii_lowercase().as_str() {
            "agent" => carelint::Speaker::Agent,
            "customer" => carelint::Speaker::Customer,
            "system" => carelint::Speaker::System,
            other => anyhow::bail!(
                "--speaker-map `{pair}`: unknown role `{other}` (agent, customer or system)"
            ),
        };
        speaker_map.push((label.trim().to_string(), role));
    }
    let csv_columns = match &args.csv_columns {
        Some(c) => Some(
            c.parse::<carelint::transcript::CsvColumns>()
                .map_err(|e| anyhow::anyhow!("--csv-columns: {e}"))?,
        ),
        None => None,
    };
    let linter = crate::build_linter(&args.rule_args, config.as_ref(), |mut b| {
        if let Some(min) = min {
            b = b.min_severity(min);
        }
        for (label, role) in speaker_map {
            b = b.speaker_map(&label, role);
        }
        if let Some(c) = csv_columns {
            b = b.csv_columns(c);
        }
        if let Some(ch) = args.agent_channel {
            b = b.agent_channel(ch);
        }
        b.explain_speakers(args.explain_speakers)
            .report_unused_suppressions(args.report_unused_suppressions)
    })?;
    let fail_on = args
        .fail_on
        .unwrap_or(match config.as_ref().and_then(|c| c.fail_on) {
            Some(carelint::config::FailOn::Info) => FailOn::Info,
            Some(carelint::config::FailOn::Error) => FailOn::Error,
            Some(carelint::config::FailOn::Never) => FailOn::Never,
            Some(carelint::config::FailOn::Warning) | None => FailOn::Warning,
        });
    let format = match &args.input_format {
        Some(name) => Format::from_name(name).ok_or_else(|| {
            anyhow::anyhow!(
                "unknown --input-format `{name}`; expected one of: {}",
                Format::NAMES.join(", ")
            )
        })?,
        None => Format::Auto,
    };

    let mut walk_errors = Vec::new();
    let inputs = Arc::new(collect_inputs(&args, &mut walk_errors));
    let mut stdin_text = None;
    if inputs.contains(&Input::Stdin) {
        let mut buf = Vec::new();
        io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read stdin")?;
        stdin_text = Some(buf);
    }

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut reporter: Box<dyn Reporter> = if args.statistics {
        Box::new(Statistics::new(match args.format {
            OutputFormat::Json | OutputFormat::Jsonl => StatisticsFormat::Json,
            _ => StatisticsFormat::Text,
        }))
    } else if args.diff {
        Box::new(Silent)
    } else {
        match args.format {
            OutputFormat::Human => Box::new(Human::new(HumanOptions {
                color,
                ..HumanOptions::default()
            })),
            OutputFormat::Concise => Box::new(Concise::new()),
            OutputFormat::Jsonl => Box::new(JsonLines),
            OutputFormat::Json => Box::new(Json::default()),
            OutputFormat::Sarif => Box::new(Sarif::new(linter.rules().cloned(), cwd.clone())),
            OutputFormat::Github => Box::new(Github::new()),
            OutputFormat::Junit => Box::new(Junit::new()),
        }
    };
    let mut baseline = match &args.baseline {
        Some(p) => Some(Baseline::load(p).map_err(|e| anyhow::anyhow!("{e}"))?),
        None => None,
    };
    let mut new_baseline = args.write_baseline.as_ref().map(|_| Baseline::new());
    let mut post = Post {
        baseline: baseline.as_mut(),
        new_baseline: new_baseline.as_mut(),
        fix: args.fix,
        diff: args.diff,
        fix_transcripts: args.fix_transcripts,
        fixes_applied: 0,
        files_fixed: 0,
        refused: 0,
    };

    let started = std::time::Instant::now();
    let show_progress = match args.progress {
        Progress::Always => true,
        Progress::Never => false,
        Progress::Auto => {
            io::stderr().is_terminal() && std::env::var_os("CI").is_none() && inputs.len() >= 200
        }
    };
    let progress = show_progress.then(|| {
        let pb = indicatif::ProgressBar::new(inputs.len() as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {msg}  [{elapsed_precise}]",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb
    });
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    reporter.begin(&mut out)?;
    let mut summary = Summary::default();
    let mut had_error = false;
    for e in walk_errors {
        had_error = true;
        eprintln!("error: {e}");
        reporter.error(&mut out, &e)?;
    }

    let jobs = args.jobs.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let window = pool.current_num_threads() * 4;
    let shared = Arc::new(Shared {
        linter,
        format,
        stdin: stdin_text,
        stdin_name: args.stdin_filename.clone(),
        max_bytes: args.max_file_size.saturating_mul(1024 * 1024),
    });
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    // Counting semaphore: the producer takes a permit per job, the writer returns it.
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(window);
    let producer = {
        let shared = Arc::clone(&shared);
        let inputs = Arc::clone(&inputs);
        std::thread::spawn(move || produce(&pool, &shared, &inputs, &done_tx, &permit_tx))
    };

    // Reorder buffer: write each result once every earlier one is written.
    let mut pending: BTreeMap<(usize, usize), (bool, Outcome)> = BTreeMap::new();
    let mut next = (0usize, 0usize);
    let mut write_result: io::Result<()> = Ok(());
    for (i, k, last, outcome) in done_rx {
        pending.insert((i, k), (last, outcome));
        while let Some((last, outcome)) = pending.remove(&next) {
            let _ = permit_rx.try_recv();
            next = if last {
                (next.0 + 1, 0)
            } else {
                (next.0, next.1 + 1)
            };
            if write_result.is_err() {
                continue;
            }
            write_result = emit(
                &mut *reporter,
                &mut out,
                outcome,
                last,
                &mut summary,
                &mut had_error,
                &mut post,
            );
            if let Some(pb) = &progress {
                if last {
                    pb.inc(1);
                }
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                pb.set_message(format!(
                    "{} transcripts  {} findings  {:.1} MB/s",
                    summary.transcripts,
                    summary.findings,
                    summary.bytes as f64 / 1e6 / secs
                ));
            }
        }
    }
    let _ = producer.join();
    write_result?;
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    if args.format == OutputFormat::Human && !args.statistics && !args.diff {
        summary.elapsed_secs = Some(started.elapsed().as_secs_f64());
    }
    reporter.finish(&mut out, &summary)?;
    out.flush()?;
    let (fixes_applied, files_fixed, refused) =
        (post.fixes_applied, post.files_fixed, post.refused);
    if args.fix || args.diff {
        let verb = if args.fix { "fixed" } else { "fixable" };
        eprintln!(
            "{fixes_applied} finding{} {verb} in {files_fixed} file{}",
            if fixes_applied == 1 { "" } else { "s" },
            if files_fixed == 1 { "" } else { "s" }
        );
        if refused > 0 {
            eprintln!(
                "{refused} transcript file{} not rewritten: transcripts are records of real conversations; pass --fix-transcripts to rewrite them anyway",
                if refused == 1 { "" } else { "s" }
            );
        }
    }
    if let (Some(path), Some(b)) = (&args.write_baseline, &new_baseline) {
        b.save(path).map_err(|e| anyhow::anyhow!("{e}"))?;
        eprintln!("wrote {} entries to baseline {}", b.len(), path.display());
    }
    if let (Some(path), Some(b)) = (&args.baseline, baseline.as_mut()) {
        let stale = b.stale();
        if !stale.is_empty() {
            for e in &stale {
                eprintln!(
                    "{}: baseline entry `{}` for “{}” matches no finding any more",
                    e.path,
                    e.rule,
                    e.matched.as_deref().unwrap_or("")
                );
            }
            if args.baseline_prune {
                b.prune();
                b.save(path).map_err(|e| anyhow::anyhow!("{e}"))?;
                eprintln!(
                    "removed {} stale entr{} from {}",
                    stale.len(),
                    if stale.len() == 1 { "y" } else { "ies" },
                    path.display()
                );
            } else {
                eprintln!(
                    "{} stale baseline entr{}; --baseline-prune removes them",
                    stale.len(),
                    if stale.len() == 1 { "y" } else { "ies" }
                );
            }
        }
    }

    if had_error {
        return Ok(Status::Error);
    }
    if args.diff {
        return Ok(if fixes_applied > 0 {
            Status::Findings
        } else {
            Status::Clean
        });
    }
    let failing = match fail_on {
        FailOn::Never => 0,
        FailOn::Info => summary.at_or_above(Severity::Info),
        FailOn::Warning => summary.at_or_above(Severity::Warning),
        FailOn::Error => summary.at_or_above(Severity::Error),
    };
    Ok(if failing > 0 {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// Whether an input is streamed as JSON Lines rather than read whole.
fn is_jsonl(input: &Input, format: Format) -> bool {
    match input {
        Input::Stdin => false,
        Input::File { path, .. } => match format {
            Format::Jsonl => true,
            Format::Auto => Format::for_path(path) == Some(Format::Jsonl),
            _ => false,
        },
    }
}

/// Issues the jobs in output order, one permit each.
fn produce(
    pool: &rayon::ThreadPool,
    shared: &Arc<Shared>,
    inputs: &[Input],
    done: &mpsc::Sender<Done>,
    permits: &mpsc::SyncSender<()>,
) {
    for (i, input) in inputs.iter().enumerate() {
        if is_jsonl(input, shared.format) {
            let Input::File { path, .. } = input else {
                continue;
            };
            stream_jsonl(pool, shared, i, path, done, permits);
            continue;
        }
        if permits.send(()).is_err() {
            return;
        }
        let (shared, done, input) = (Arc::clone(shared), done.clone(), input.clone());
        pool.spawn(move || {
            let outcome = lint_input(&shared, &input);
            let _ = done.send((i, 0, true, outcome));
        });
    }
}

/// Streams one JSON Lines file in batches of lines.
fn stream_jsonl(
    pool: &rayon::ThreadPool,
    shared: &Arc<Shared>,
    i: usize,
    path: &Path,
    done: &mpsc::Sender<Done>,
    permits: &mpsc::SyncSender<()>,
) {
    let name = path.display().to_string();
    if permits.send(()).is_err() {
        return;
    }
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let _ = done.send((i, 0, true, Outcome::Failed(io_error(path, &e))));
            return;
        }
    };
    let options = shared.linter.read_options().clone();
    let mut reader = JsonlReader::new(io::BufReader::with_capacity(1 << 20, file), &name, &options);
    let mut k = 0;
    loop {
        let batch = match reader.batch(JSONL_BATCH_LINES) {
            Ok(b) => b,
            Err(e) => {
                let _ = done.send((i, k, true, Outcome::Failed(e)));
                return;
            }
        };
        let last = batch.is_empty();
        let (shared2, done2, name2) = (Arc::clone(shared), done.clone(), name.clone());
        pool.spawn(move || {
            let outcome = lint_jsonl_batch(&shared2, &name2, &batch, k == 0 && last);
            let _ = done2.send((i, k, last, outcome));
        });
        if last {
            return;
        }
        k += 1;
        if permits.send(()).is_err() {
            return;
        }
    }
}

fn lint_jsonl_batch(
    shared: &Shared,
    name: &str,
    batch: &[Result<RawLine, Error>],
    empty: bool,
) -> Outcome {
    let bytes = batch
        .iter()
        .map(|l| l.as_ref().map_or(0, |l| l.text.len() as u64 + 1))
        .sum();
    let (report, errors) = shared.linter.lint_jsonl_batch(name, batch);
    Outcome::Linted {
        report,
        text: None,
        bytes,
        empty,
        errors,
    }
}

/// Writes nothing: with --diff, the diffs are the output.
struct Silent;

impl Reporter for Silent {
    fn source(&mut self, _: &mut dyn Write, _: &SourceReport, _: Option<&str>) -> io::Result<()> {
        Ok(())
    }
}

/// What happens to each source's findings before they are reported: baseline filtering
/// and recording, fixes.
struct Post<'a> {
    baseline: Option<&'a mut Baseline>,
    new_baseline: Option<&'a mut Baseline>,
    fix: bool,
    diff: bool,
    fix_transcripts: bool,
    fixes_applied: usize,
    files_fixed: usize,
    refused: usize,
}

impl Post<'_> {
    /// Applies fixes (or prints their diff); returns the findings that remain.
    fn fix(
        &mut self,
        out: &mut dyn Write,
        report: &mut SourceReport,
        text: Option<&str>,
    ) -> io::Result<()> {
        if !(self.fix || self.diff) || !report.diagnostics.iter().any(|d| d.suggestion.is_some()) {
            return Ok(());
        }
        let Some(text) = text else { return Ok(()) };
        if !report.templates_only && !self.fix_transcripts {
            self.refused += 1;
            return Ok(());
        }
        let result = apply_fixes(text, &report.diagnostics);
        if result.applied == 0 || result.text == text {
            return Ok(());
        }
        self.fixes_applied += result.applied;
        self.files_fixed += 1;
        if self.diff {
            out.write_all(unified_diff(&report.path, text, &result.text).as_bytes())?;
        } else {
            if let Err(e) = write_atomic(&report.path, &result.text) {
                eprintln!("error: {}: cannot write the fixed file: {e}", report.path);
                return Ok(());
            }
            let fixed: std::collections::HashSet<usize> = result.fixed.iter().copied().collect();
            let mut i = 0;
            report.diagnostics.retain(|_| {
                i += 1;
                !fixed.contains(&(i - 1))
            });
        }
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
fn emit(
    reporter: &mut dyn Reporter,
    out: &mut dyn Write,
    outcome: Outcome,
    last: bool,
    summary: &mut Summary,
    had_error: &mut bool,
    post: &mut Post<'_>,
) -> io::Result<()> {
    match outcome {
        Outcome::Linted {
            mut report,
            text,
            bytes,
            empty,
            errors,
        } => {
            for p in &report.suppression_problems {
                eprintln!("warning: {}:{p}", report.path);
            }
            post.fix(out, &mut report, text.as_deref())?;
            if let Some(b) = post.new_baseline.as_deref_mut() {
                b.record_all(&report.diagnostics, text.as_deref());
            }
            if let Some(b) = post.baseline.as_deref_mut() {
                let diags = std::mem::take(&mut report.diagnostics);
                report.diagnostics = b.filter(diags, text.as_deref());
            }
            if last {
                summary.files += 1;
            }
            summary.bytes += bytes;
            summary.transcripts += report.transcripts;
            summary.turns += report.turns;
            for d in &report.diagnostics {
                summary.count(d.severity);
            }
            if empty {
                eprintln!("warning: {}: empty file, nothing to lint", report.path);
            }
            reporter.source(out, &report, text.as_deref())?;
            for e in errors {
                *had_error = true;
                out.flush()?;
                eprintln!("error: {e}");
                reporter.error(out, &e)?;
            }
            Ok(())
        }
        Outcome::Failed(e) => {
            summary.files += 1;
            summary.files_with_errors += 1;
            *had_error = true;
            // Keep stdout and stderr in order when both go to a terminal.
            out.flush()?;
            eprintln!("error: {e}");
            reporter.error(out, &e)
        }
        Outcome::Skipped(note) => {
            if let Some(note) = note {
                out.flush()?;
                eprintln!("warning: {note}");
            }
            Ok(())
        }
    }
}

fn collect_inputs(args: &CheckArgs, errors: &mut Vec<Error>) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(io_error(path, &e));
                continue;
            }
        };
        if !meta.is_dir() {
            inputs.push(Input::File {
                path: path.clone(),
                explicit: true,
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(!args.no_ignore)
            .ignore(!args.no_ignore)
            .git_ignore(!args.no_ignore)
            .git_global(!args.no_ignore)
            .git_exclude(!args.no_ignore)
            .parents(!args.no_ignore)
            .require_git(false)
            .add_custom_ignore_filename(".carelintignore")
            .follow_links(true)
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    if entry.file_type().is_some_and(|t| t.is_file())
                        && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            Format::WALK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                        })
                    {
                        inputs.push(Input::File {
                            path: p.to_path_buf(),
                            explicit: false,
                        });
                    }
                }
                Err(e) => errors.push(Error::Io {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }),
            }
        }
    }
    inputs.sort();
    inputs.dedup_by(|a, b| match (a, b) {
        (Input::File { path: pa, .. }, Input::File { path: pb, .. }) => pa == pb,
        (Input::Stdin, Input::Stdin) => true,
        _ => false,
    });
    inputs
}

fn io_error(path: &Path, e: &io::Error) -> Error {
    let message = match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    Error::Io {
        path: path.display().to_string(),
        message,
    }
}

fn lint_input(shared: &Shared, input: &Input) -> Outcome {
    let max_bytes = shared.max_bytes;
    let (name, bytes, explicit) = match input {
        Input::Stdin => (
            shared.stdin_name.clone(),
            shared.stdin.clone().unwrap_or_default(),
            true,
        ),
        Input::File { path, explicit } => {
            if let Ok(meta) = std::fs::metadata(path) {
                if meta.len() > max_bytes {
                    return Outcome::Failed(Error::Io {
                        path: path.display().to_string(),
                        message: format!(
                            "file is {:.0} MB, above the --max-file-size limit of {} MB; skipped (raise the limit to lint it)",
                            meta.len() as f64 / 1_048_576.0,
                            max_bytes / 1_048_576
                        ),
                    });
                }
            }
            match std::fs::read(path) {
                Ok(b) => (path.display().to_string(), b, *explicit),
                Err(e) => return Outcome::Failed(io_error(path, &e)),
            }
        }
    };
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        if !explicit {
            return Outcome::Skipped(None);
        }
        return Outcome::Failed(Error::Io {
            path: name,
            message: "binary file (it contains NUL bytes); carelint reads UTF-8 text".into(),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            return Outcome::Failed(Error::Parse(carelint::ParseError::new(
                &name,
                line,
                column,
                format!(
                    "invalid UTF-8 (byte offset {}); carelint reads UTF-8 text: convert the file, e.g. with `iconv -f latin1 -t utf-8`",
                    valid.len()
                ),
            )));
        }
    };
    // A `.json` file found while walking a folder may be anything (package.json, stats):
    // when it is no transcript format, skip it with a note instead of failing the run.
    if !explicit && shared.format == Format::Auto && name.to_ascii_lowercase().ends_with(".json") {
        if let Err(e) = carelint::transcript::detect(Some(Path::new(&name)), &text) {
            let why = e.to_string();
            let why = why.split(';').next().unwrap_or(&why).to_string();
            return Outcome::Skipped(Some(format!(
                "{why}; skipped (name the file to lint it with --input-format)"
            )));
        }
    }
    let empty = text.trim().is_empty();
    match shared.linter.lint_source(&name, &text, shared.format) {
        Ok(report) => Outcome::Linted {
            report,
            bytes: text.len() as u64,
            text: Some(text),
            empty,
            errors: Vec::new(),
        },
        Err(e) => Outcome::Failed(e),
    }
}
