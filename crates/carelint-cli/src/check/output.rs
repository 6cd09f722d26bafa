//! Writing results as they arrive: baselines, fixes, the reporter, the summary.

use std::io::{self, Write};
use std::path::PathBuf;

use carelint::report::{
    Concise, Github, Human, HumanOptions, Json, JsonLines, Junit, Reporter, Sarif, Statistics,
    StatisticsFormat,
};
use carelint::{Baseline, FailLevel, Format, Linter, Severity, SourceReport, Summary};

use super::fixes::Fixer;
use super::pipeline::{JobResult, Outcome};
use super::read::SourceFile;
use crate::args::{CheckArgs, Color, OutputFormat};

/// Writes nothing: with `--diff`, the diffs are the output.
struct NoOutput;

impl Reporter for NoOutput {
    fn source(&mut self, _: &mut dyn Write, _: &SourceReport, _: Option<&str>) -> io::Result<()> {
        Ok(())
    }
}

/// The reporter the arguments ask for. `linters` are the run's linters (SARIF lists
/// their rules); `fail_on` is the run's fail level (JUnit fails only findings at it).
pub fn reporter(
    args: &CheckArgs,
    linters: &[Linter],
    fail_on: FailLevel,
    to_terminal: bool,
) -> Box<dyn Reporter> {
    if args.write_baseline.is_some() {
        return Box::new(NoOutput);
    }
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
        Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    match args.format {
        OutputFormat::Human => {
            let mut options = HumanOptions::default();
            options.color = color;
            options.reply_rules = linters
                .iter()
                .flat_map(Linter::rules)
                .filter(|r| r.kind() == "respond")
                .map(|r| r.id.clone())
                .collect();
            Box::new(Human::new(options))
        }
        OutputFormat::Concise => Box::new(Concise::new()),
        OutputFormat::Jsonl => Box::new(JsonLines),
        OutputFormat::Json => Box::new(Json::default()),
        OutputFormat::Sarif => Box::new(Sarif::new(rules_of(linters), cwd)),
        OutputFormat::Github => Box::new(Github::new()),
        OutputFormat::Junit => Box::new(Junit::new().fail_level(fail_on)),
    }
}

/// Every rule of the run's linters, each id once, in load order.
fn rules_of(linters: &[Linter]) -> Vec<carelint::Rule> {
    let mut seen = std::collections::HashSet::new();
    linters
        .iter()
        .flat_map(Linter::rules)
        .filter(|r| seen.insert(r.id.clone()))
        .cloned()
        .collect()
}

/// Turns a report's suppression problems into findings of `unused-suppression` at
/// `severity` (dropped when it is `None`), placed among the findings by line. (The
/// library orders each transcript's findings by the turn they point at.)
pub fn finalize(report: &mut SourceReport, severity: Option<Severity>) {
    let problems = std::mem::take(&mut report.suppression_problems);
    let Some(sev) = severity else { return };
    // The library's order stays (the Python package reports the same); each suppression
    // finding goes before the first finding after its comment.
    for p in &problems {
        let d = p.to_diagnostic(&report.path, sev);
        let at = report
            .diagnostics
            .iter()
            .position(|x| (x.line, x.column) > (d.line, d.column))
            .unwrap_or(report.diagnostics.len());
        report.diagnostics.insert(at, d);
    }
}

/// What happens to each source's findings before they are reported: fixes, baseline
/// recording and filtering.
pub struct Postprocess {
    pub baseline: Option<Baseline>,
    pub new_baseline: Option<Baseline>,
    pub fixer: Fixer,
}

impl Postprocess {
    pub fn new(args: &CheckArgs, format: Format) -> anyhow::Result<Postprocess> {
        let baseline = match &args.baseline {
            Some(p) => Some(Baseline::load(p)?),
            None => None,
        };
        Ok(Postprocess {
            baseline,
            new_baseline: args.write_baseline.as_ref().map(|_| Baseline::new()),
            fixer: Fixer::new(args, format),
        })
    }

    /// Fixes, then baselines. Returns the error of a fix that could not be written.
    pub(crate) fn process(
        &mut self,
        out: &mut dyn Write,
        report: &mut SourceReport,
        text: Option<&str>,
        file: Option<&SourceFile>,
    ) -> io::Result<Option<carelint::Error>> {
        let error = self.fixer.run(out, report, text, file)?;
        if let Some(b) = self.new_baseline.as_mut() {
            b.record_all(&report.diagnostics, text);
        }
        if let Some(b) = self.baseline.as_mut() {
            let diags = std::mem::take(&mut report.diagnostics);
            report.diagnostics = b.filter(diags, text);
        }
        Ok(error)
    }
}

/// Receives the results in order and writes them.
pub struct ResultWriter<'a, W: Write> {
    pub reporter: Box<dyn Reporter>,
    pub out: W,
    pub summary: Summary,
    pub had_error: bool,
    pub post: &'a mut Postprocess,
    /// Per linter: the severity of `unused-suppression` findings (`None`: off).
    pub suppression_severity: Vec<Option<Severity>>,
    /// No warnings on stderr (`--quiet`).
    pub quiet: bool,
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
                file,
                bytes,
                errors,
                transcripts,
            } => {
                let severity = self
                    .suppression_severity
                    .get(result.linter)
                    .copied()
                    .flatten();
                finalize(&mut report, severity);
                let write_error = self.post.process(
                    &mut self.out,
                    &mut report,
                    text.as_deref(),
                    file.as_deref(),
                )?;
                self.count(&report, bytes, result.last);
                self.reporter.source_with_transcripts(
                    &mut self.out,
                    &report,
                    text.as_deref(),
                    &transcripts,
                )?;
                for e in errors.iter().chain(&write_error) {
                    self.error(e)?;
                }
                Ok(())
            }
            Outcome::Failed(e) => {
                self.summary.files += 1;
                self.summary.files_with_errors += 1;
                // Keep stdout and stderr in order when both go to a terminal.
                self.error(&e)
            }
            Outcome::Skipped { reason, note } => {
                self.summary.skip(reason);
                if let (Some(note), false) = (note, self.quiet) {
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
