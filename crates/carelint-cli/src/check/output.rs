//! Writing results as they arrive: baselines, fixes, the reporter, the summary.

use std::collections::HashSet;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use carelint::fix::{apply_fixes, unified_diff, write_atomic};
use carelint::report::{
    Concise, Github, Human, HumanOptions, Json, JsonLines, Junit, Reporter, Sarif, Statistics,
    StatisticsFormat,
};
use carelint::{Baseline, Linter, SourceReport, Summary};

use super::pipeline::{JobResult, Outcome};
use crate::args::{CheckArgs, Color, OutputFormat};

/// Writes nothing: with `--diff`, the diffs are the output.
struct NoOutput;

impl Reporter for NoOutput {
    fn source(&mut self, _: &mut dyn Write, _: &SourceReport, _: Option<&str>) -> io::Result<()> {
        Ok(())
    }
}

/// The reporter the arguments ask for.
pub fn reporter(args: &CheckArgs, linter: &Linter) -> Box<dyn Reporter> {
    if args.statistics {
        return Box::new(Statistics::new(match args.format {
            OutputFormat::Json | OutputFormat::Jsonl => StatisticsFormat::Json,
            _ => StatisticsFormat::Text,
        }));
    }
    if args.diff {
        return Box::new(NoOutput);
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    match args.format {
        OutputFormat::Human => Box::new(Human::new(HumanOptions {
            color,
            ..HumanOptions::default()
        })),
        OutputFormat::Concise => Box::new(Concise::new()),
        OutputFormat::Jsonl => Box::new(JsonLines),
        OutputFormat::Json => Box::new(Json::default()),
        OutputFormat::Sarif => Box::new(Sarif::new(linter.rules().cloned(), cwd)),
        OutputFormat::Github => Box::new(Github::new()),
        OutputFormat::Junit => Box::new(Junit::new()),
    }
}

/// What happens to each source's findings before they are reported: fixes, baseline
/// recording and filtering.
pub struct Postprocess {
    pub baseline: Option<Baseline>,
    pub new_baseline: Option<Baseline>,
    fix: bool,
    diff: bool,
    fix_transcripts: bool,
    pub fixes_applied: usize,
    pub files_fixed: usize,
    /// Transcript files whose fixes were not written (without `--fix-transcripts`).
    pub refused: usize,
}

impl Postprocess {
    pub fn new(args: &CheckArgs) -> anyhow::Result<Postprocess> {
        let baseline = match &args.baseline {
            Some(p) => Some(Baseline::load(p)?),
            None => None,
        };
        Ok(Postprocess {
            baseline,
            new_baseline: args.write_baseline.as_ref().map(|_| Baseline::new()),
            fix: args.fix,
            diff: args.diff,
            fix_transcripts: args.fix_transcripts,
            fixes_applied: 0,
            files_fixed: 0,
            refused: 0,
        })
    }

    pub(crate) fn process(
        &mut self,
        out: &mut dyn Write,
        report: &mut SourceReport,
        text: Option<&str>,
    ) -> io::Result<()> {
        self.fix(out, report, text)?;
        if let Some(b) = self.new_baseline.as_mut() {
            b.record_all(&report.diagnostics, text);
        }
        if let Some(b) = self.baseline.as_mut() {
            let diags = std::mem::take(&mut report.diagnostics);
            report.diagnostics = b.filter(diags, text);
        }
        Ok(())
    }

    /// Applies fixes (or prints their diff); the fixed findings are removed from the report.
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
            return out.write_all(unified_diff(&report.path, text, &result.text).as_bytes());
        }
        if let Err(e) = write_atomic(&report.path, &result.text) {
            eprintln!("error: {}: cannot write the fixed file: {e}", report.path);
            return Ok(());
        }
        let fixed: HashSet<usize> = result.fixed.iter().copied().collect();
        let mut i = 0;
        report.diagnostics.retain(|_| {
            i += 1;
            !fixed.contains(&(i - 1))
        });
        Ok(())
    }
}

/// Receives the results in order and writes them.
pub struct ResultWriter<'a, W: Write> {
    pub reporter: Box<dyn Reporter>,
    pub out: W,
    pub summary: Summary,
    pub had_error: bool,
    pub post: &'a mut Postprocess,
}

impl<W: Write> ResultWriter<'_, W> {
    /// Reports an error that is not one job's (a folder that could not be walked).
    pub fn error(&mut self, e: &carelint::Error) -> io::Result<()> {
        self.had_error = true;
        self.out.flush()?;
        eprintln!("error: {e}");
        self.reporter.error(&mut self.out, e)
    }

    /// Writes one job's result.
    pub fn write(&mut self, result: JobResult) -> io::Result<()> {
        match result.outcome {
            Outcome::Linted {
                mut report,
                text,
                bytes,
                empty,
                errors,
                ..
            } => {
                for p in &report.suppression_problems {
                    eprintln!("warning: {}:{p}", report.path);
                }
                self.post
                    .process(&mut self.out, &mut report, text.as_deref())?;
                self.count(&report, bytes, result.last);
                if empty {
                    eprintln!("warning: {}: empty file, nothing to lint", report.path);
                }
                self.reporter
                    .source(&mut self.out, &report, text.as_deref())?;
                for e in errors {
                    self.error(&e)?;
                }
                Ok(())
            }
            Outcome::Failed(e) => {
                self.summary.files += 1;
                self.summary.files_with_errors += 1;
                // Keep stdout and stderr in order when both go to a terminal.
                self.error(&e)
            }
            Outcome::Skipped(note) => {
                if let Some(note) = note {
                    self.out.flush()?;
                    eprintln!("warning: {note}");
                }
                Ok(())
            }
        }
    }

    fn count(&mut self, report: &SourceReport, bytes: u64, last: bool) {
        let s = &mut self.summary;
        if last {
            s.files += 1;
        }
        s.bytes += bytes;
        s.transcripts += report.transcripts;
        s.turns += report.turns;
        for d in &report.diagnostics {
            s.count(d.severity);
        }
    }
}
