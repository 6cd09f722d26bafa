//! Command-line arguments (clap derive). Parsing only; no behaviour.

use carelint::{FailLevel, Severity};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Lint customer-care conversations and reply templates.
#[derive(Debug, Parser)]
#[command(name = "carelint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint transcripts and reply templates (files, folders, or `-` for stdin).
    Check(CheckArgs),
    /// List the loaded rules.
    Rules(RulesArgs),
    /// Show a rule's message, reason, settings and examples.
    Explain(ExplainArgs),
    /// Run every rule's `flag` and `pass` examples; exit 1 on any failure.
    TestRules(TestRulesArgs),
    /// Write a commented starter `carelint.yaml` in the current folder.
    Init(InitArgs),
    /// Measure the rules against labelled conversations: precision, recall and F1 per
    /// category and per rule.
    Eval(EvalArgs),
    /// Draw a judging sheet (CSV): a seeded random sample of findings per rule, each with
    /// the dialogue around it and an empty verdict column.
    Sample(SampleArgs),
    /// Read a judged sheet: precision per rule with a 95% interval, and a suggested
    /// carelint.yaml that switches off or softens the rules below a precision.
    Calibrate(CalibrateArgs),
    /// Score conversations with the QA scorecard and write a report: HTML for people,
    /// CSV for spreadsheets, JSON for programs (any of them).
    #[command(
        after_help = "Examples:\n  carelint report calls/ --html report.html\n  carelint report exports/march.jsonl --csv scores.csv --agents-csv agents.csv --teams-csv teams.csv --json scores.json"
    )]
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files or folders to read, as for `check`; `-` reads stdin.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Write the HTML report (one self-contained page) to this file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write one row per conversation to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write one row per agent to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub agents_csv: Option<PathBuf>,
    /// Write one row per team to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub teams_csv: Option<PathBuf>,
    /// Write every score and aggregate to this JSON file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// The title of the HTML page.
    #[arg(
        long,
        value_name = "TEXT",
        default_value = "Conversation quality report"
    )]
    pub title: String,
    /// How many of the lowest-scoring conversations the HTML report shows in full.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub worst: usize,
    /// How many other conversations, picked at random, the HTML report shows in full.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub sample: usize,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Count only findings of this severity or higher [default: info, or the config's].
    #[arg(long, value_name = "SEVERITY", value_parser = severity_parser())]
    pub min_severity: Option<Severity>,
    /// Leave out the findings in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Number of threads (default: all cores). The report is the same for any number.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Read hidden files and files that .gitignore / .ignore exclude, too.
    #[arg(long)]
    pub no_ignore: bool,
    /// When to show a progress bar on stderr.
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,
    /// Skip (and report) files larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub max_file_size: u64,
    /// The input format, instead of choosing by extension and content.
    #[arg(long, value_name = "FORMAT")]
    pub input_format: Option<String>,
    /// Map a diarised speaker label to a role, e.g. `spk_0=agent` (repeatable).
    #[arg(long, value_name = "LABEL=ROLE")]
    pub speaker_map: Vec<String>,
    /// CSV/TSV columns, e.g. `id=call_id,speaker=role,text=message,start=ts`.
    #[arg(long, value_name = "KEY=COLUMN,...")]
    pub csv_columns: Option<String>,
    /// In two-channel recordings, the agent's channel number (default 0).
    #[arg(long, value_name = "N")]
    pub agent_channel: Option<usize>,
    /// The name to report for input read from stdin.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The gold labels (JSON Lines; see docs/annotation.md).
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
    /// The labelled conversations: files or folders [default: conversations.jsonl next to
    /// the gold file].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Files or folders of conversations to sample findings from.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Findings drawn per rule (all of a rule's findings when it has fewer).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub per_rule: usize,
    /// Seed of the random draw: the same seed and inputs give the same sheet.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Only these rules or categories (repeatable).
    #[arg(long, value_name = "RULE|CATEGORY")]
    pub only: Vec<String>,
    /// Where to write the sheet (CSV).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// A sheet from `carelint sample` with its verdict column filled in (yes, no,
    /// debatable; debatable counts as not right).
    #[arg(value_name = "SHEET")]
    pub sheet: PathBuf,
    /// The precision a rule must reach to stay as it is.
    #[arg(long, value_name = "P", default_value_t = 0.8)]
    pub min_precision: f64,
    /// Write the suggested configuration here instead of printing it.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Tables for people.
    Text,
    /// One JSON document.
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Overwrite an existing carelint.yaml.
    #[arg(long)]
    pub force: bool,
}

/// Options that choose the rules.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// Add a rule pack: a YAML file, or a folder of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rule packs.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Read this config file instead of looking for carelint.yaml in the current folder
    /// and its parents.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Do not read any carelint.yaml.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to lint; `-` reads stdin. Folders are walked recursively,
    /// skipping hidden, ignored and binary files.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Report only findings of this severity or higher [default: info, or the config's].
    #[arg(long, value_name = "SEVERITY", value_parser = severity_parser())]
    pub min_severity: Option<Severity>,
    /// Exit with 1 when a finding of this severity or higher is reported
    /// [default: warning, or the config's `fail-on`].
    #[arg(long, value_name = "SEVERITY", value_parser = fail_level_parser())]
    pub fail_on: Option<FailLevel>,
    /// Number of threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Lint hidden files and files that .gitignore / .ignore exclude, too.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links while walking folders (by default links found in a folder
    /// are skipped, as ripgrep does; a link named on the command line is always read).
    /// --fix still writes only files whose real path is inside a PATH given.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// When to show a progress bar on stderr (`auto`: on a terminal, for large batches).
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,
    /// Skip (and report) files larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub max_file_size: u64,
    /// The input format, instead of choosing by extension and content: auto, plain, json,
    /// jsonl, csv, tsv, vtt, srt, aws-transcribe, contact-lens, whisper, deepgram, intercom,
    /// zendesk, google-ccai, genesys.
    #[arg(long, value_name = "FORMAT")]
    pub input_format: Option<String>,
    /// Map a diarised speaker label to a role, e.g. `spk_0=agent` (repeatable).
    #[arg(long, value_name = "LABEL=ROLE")]
    pub speaker_map: Vec<String>,
    /// CSV/TSV columns, e.g. `id=call_id,speaker=role,text=message,start=ts`.
    #[arg(long, value_name = "KEY=COLUMN,...")]
    pub csv_columns: Option<String>,
    /// In two-channel recordings, the agent's channel number (default 0).
    #[arg(long, value_name = "N")]
    pub agent_channel: Option<usize>,
    /// Say in each finding how a diarised speaker's role was inferred.
    #[arg(long)]
    pub explain_speakers: bool,
    /// Print counts per rule and per category instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Report and fail only on findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in a baseline file (and report nothing new).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// With --baseline: report the entries that no longer match anything and remove them
    /// from the baseline file.
    #[arg(long, requires = "baseline")]
    pub baseline_prune: bool,
    /// Report `carelint:` suppression comments that suppress nothing.
    #[arg(long)]
    pub report_unused_suppressions: bool,
    /// Apply the rules' suggested replacements to the files (reply templates only; see
    /// --fix-transcripts). Files are rewritten atomically, only regular files whose real
    /// path lies inside a PATH given, and only if unchanged since they were read.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// Allow --fix and --diff to rewrite conversation transcripts, which are records of
    /// what was said and are otherwise never changed.
    #[arg(long)]
    pub fix_transcripts: bool,
    /// The name to report for input read from stdin.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule's id.
    pub rule: String,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Debug, Args)]
pub struct TestRulesArgs {
    /// Rule packs (files or folders) to test besides the built-in packs.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Test only the given packs, not the built-in ones.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Read this config file (its `rules` are tested too).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Do not read any carelint.yaml.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// `path:line:col: severity[rule] message`, the source line, and a summary.
    Human,
    /// One line per finding: `path:line:col: rule-id message`.
    Concise,
    /// One JSON object per finding per line.
    Jsonl,
    /// One JSON document with a summary.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML, for CI systems that show test reports.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One line per rule.
    Table,
    /// The rules as JSON.
    Json,
    /// Every phrase of every `phrases` rule, one per line (for comparisons with grep).
    Phrases,
}

/// `info`, `warning`, `error`, listed in `--help`.
fn severity_parser() -> impl clap::builder::TypedValueParser<Value = Severity> {
    PossibleValuesParser::new(["info", "warning", "error"]).try_map(|s| s.parse::<Severity>())
}

/// `info`, `warning`, `error`, `never`, listed in `--help`.
fn fail_level_parser() -> impl clap::builder::TypedValueParser<Value = FailLevel> {
    PossibleValuesParser::new(["info", "warning", "error", "never"])
        .try_map(|s| s.parse::<FailLevel>())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Progress {
    Auto,
    Always,
    Never,
}
