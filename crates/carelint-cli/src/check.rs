//! `carelint check`: walk the inputs, lint them in parallel, write results in order.

use anyhow::Context;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use carelint::report::{Human, HumanOptions, Json, JsonLines, Reporter};
use carelint::{Error, Format, Linter, Severity, SourceReport, Summary};

use crate::args::{CheckArgs, Color, FailOn, OutputFormat, Progress};
use crate::Status;

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

/// What happened to one input.
enum Outcome {
    Linted {
        report: SourceReport,
        text: String,
        empty: bool,
    },
    Failed(Error),
    Skipped,
}

pub fn run(args: CheckArgs) -> anyhow::Result<Status> {
    let config = crate::load_config(&args.rule_args)?;
    let min = args.min_severity.map(Severity::from);
    let linter = crate::build_linter(&args.rule_args, config.as_ref(), |b| match min {
        Some(min) => b.min_severity(min),
        None => b,
    })?;
    let fail_on = args
        .fail_on
        .unwrap_or(match config.as_ref().and_then(|c| c.fail_on) {
            Some(carelint::config::FailOn::Info) => FailOn::Info,
            Some(carelint::config::FailOn::Error) => FailOn::Error,
            Some(carelint::config::FailOn::Never) => FailOn::Never,
            Some(carelint::config::FailOn::Warning) | None => FailOn::Warning,
        });

    let mut walk_errors = Vec::new();
    let inputs = collect_inputs(&args, &mut walk_errors);
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
    let mut reporter: Box<dyn Reporter> = match args.format {
        OutputFormat::Human => Box::new(Human::new(HumanOptions {
            color,
            ..HumanOptions::default()
        })),
        OutputFormat::Jsonl => Box::new(JsonLines),
        OutputFormat::Json => Box::new(Json::default()),
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

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(64);
    let stdin_name = args.stdin_filename.as_str();
    let max_bytes = args.max_file_size.saturating_mul(1024 * 1024);
    let result: io::Result<()> = std::thread::scope(|scope| {
        let linter = &linter;
        let inputs = &inputs;
        let stdin_text = stdin_text.as_deref();
        scope.spawn(move || {
            pool.install(|| {
                inputs
                    .par_iter()
                    .enumerate()
                    .for_each_with(tx, |tx, (i, input)| {
                        let outcome = lint_input(linter, input, stdin_text, stdin_name, max_bytes);
                        let _ = tx.send((i, outcome));
                    });
            });
        });
        // Reorder buffer: write each result as soon as all earlier ones are written.
        let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut next = 0;
        let mut write_result = Ok(());
        for (i, outcome) in rx {
            pending.insert(i, outcome);
            while let Some(outcome) = pending.remove(&next) {
                next += 1;
                if write_result.is_err() {
                    continue;
                }
                write_result = emit(
                    &mut *reporter,
                    &mut out,
                    outcome,
                    &mut summary,
                    &mut had_error,
                );
            }
        }
        write_result
    });
    result?;
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    if args.format == OutputFormat::Human {
        summary.elapsed_secs = Some(started.elapsed().as_secs_f64());
    }
    reporter.finish(&mut out, &summary)?;
    out.flush()?;

    if had_error {
        return Ok(Status::Error);
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

fn emit(
    reporter: &mut dyn Reporter,
    out: &mut dyn Write,
    outcome: Outcome,
    summary: &mut Summary,
    had_error: &mut bool,
) -> io::Result<()> {
    match outcome {
        Outcome::Linted {
            report,
            text,
            empty,
        } => {
            summary.files += 1;
            summary.transcripts += report.transcripts;
            summary.turns += report.turns;
            for d in &report.diagnostics {
                summary.count(d.severity);
            }
            if empty {
                eprintln!("warning: {}: empty file, nothing to lint", report.path);
            }
            reporter.source(out, &report, Some(&text))
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
        Outcome::Skipped => Ok(()),
    }
}

/// File extensions read when walking a folder. Files named on the command line are
/// read whatever their extension.
const WALK_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "transcript"];

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
                            WALK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
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

fn lint_input(
    linter: &Linter,
    input: &Input,
    stdin: Option<&[u8]>,
    stdin_name: &str,
    max_bytes: u64,
) -> Outcome {
    let (name, bytes, explicit) = match input {
        Input::Stdin => (
            stdin_name.to_string(),
            stdin.unwrap_or_default().to_vec(),
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
            return Outcome::Skipped;
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
    let empty = text.trim().is_empty();
    match linter.lint_source(&name, &text, Format::Auto) {
        Ok(report) => Outcome::Linted {
            report,
            text,
            empty,
        },
        Err(e) => Outcome::Failed(e),
    }
}
