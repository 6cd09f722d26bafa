//! Command-line arguments (clap derive). Parsing only; no behaviour.

use carelint::{FailLevel, Severity};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// carelint lints customer-care conversations — call and chat transcripts, and the reply
/// templates agents send — the way clippy or ruff lint code: jargon, idioms, over-promising,
/// missing empathy, unclear sentences, times without a time zone, vague commitments, blame,
/// unfilled placeholders. Rules are YAML; twelve packs are built in.
#[derive(Debug, Parser)]
#[command(
    name = "carelint",
    version,
    about = "Lint customer-care conversations (call and chat transcripts) and reply templates",
    long_about = LONG_ABOUT,
    after_help = "Examples:\n  carelint check calls/ templates/          lint files and folders\n  carelint check . --select jargon,empathy  only these categories (or rule ids)\n  carelint show calls/0042.json             how a file was read: turns, speakers, roles\n  carelint explain empathy                  what a category's rules look for\n  carelint init                             write a commented carelint.yaml\n\nExit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or I/O error\n(linting nothing is an error too, unless --allow-empty)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint transcripts and reply templates (files, folders, or `-` for stdin).
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Show how files were read: each conversation's id, kind, metadata, speakers with
    /// their roles and how each role was decided, and every turn with its time.
    #[command(
        after_help = "Examples:\n  carelint show exports/call.json\n  carelint show calls.jsonl --format json\n  carelint show - --stdin-filename chat.txt < chat.txt"
    )]
    Show(ShowArgs),
    /// List the loaded rules.
    Rules(RulesArgs),
    /// Show a rule's message, reason, settings and examples, or list a category's rules.
    #[command(
        after_help = "Examples:\n  carelint explain jargon-business-terms\n  carelint explain empathy"
    )]
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
    /// Follow symbolic links while walking folders.
    #[arg(long, short = 'L')]
    pub follow: bool,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// When to show a progress bar on stderr.
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,
    #[command(flatten)]
    pub read: ReadArgs,
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

/// Options that choose which files a folder walk reads.
#[derive(Debug, Default, Args)]
pub struct WalkArgs {
    /// Skip files and folders matching this glob while walking folders (repeatable;
    /// comma-separated). A glob without `/` matches a name anywhere (`drafts`, `*.bak`);
    /// one with `/` matches from the current folder (`templates/old/**`).
    #[arg(long, value_name = "GLOB", value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Also read files matching this glob while walking folders, whatever their extension
    /// or name (repeatable; comma-separated), e.g. `--include '**/README.md'`.
    #[arg(long, value_name = "GLOB", value_delimiter = ',')]
    pub include: Vec<String>,
    /// Apply --exclude, the config's `exclude` and the documentation rule to files named
    /// on the command line too (for pre-commit hooks and editors, which pass every changed
    /// file).
    #[arg(long)]
    pub force_exclude: bool,
    /// Read only files with these extensions while walking folders (repeatable;
    /// comma-separated, without the dot), instead of every extension carelint knows.
    /// An extension carelint does not know is read by content (plain text by default).
    #[arg(long, value_name = "EXT", value_delimiter = ',')]
    pub extension: Vec<String>,
    /// Read only files of these types while walking folders (repeatable; comma-separated).
    #[arg(
        long = "type",
        short = 't',
        value_enum,
        value_name = "TYPE",
        value_delimiter = ','
    )]
    pub types: Vec<FileType>,
    /// Exit with 0 when nothing was linted (by default an empty run is an error, exit 2,
    /// saying what was skipped and why).
    #[arg(long)]
    pub allow_empty: bool,
}

/// Groups of extensions for `--type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileType {
    /// Plain-text transcripts and templates: .txt .text .md .markdown .transcript
    Text,
    /// Reply templates in a template language: .html .htm .hbs .handlebars .liquid .j2
    /// .jinja .jinja2 .mustache
    Template,
    /// JSON transcripts of any dialect: .json
    Json,
    /// JSON Lines: .jsonl .ndjson
    Jsonl,
    /// Spreadsheet exports: .csv .tsv
    Csv,
    /// Captions: .vtt .srt
    Captions,
}

impl FileType {
    /// The extensions of the type.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Text => &["txt", "text", "md", "markdown", "transcript"],
            FileType::Template => carelint::Format::TEMPLATE_EXTENSIONS,
            FileType::Json => &["json"],
            FileType::Jsonl => &["jsonl", "ndjson"],
            FileType::Csv => &["csv", "tsv"],
            FileType::Captions => &["vtt", "srt"],
        }
    }
}

/// What carelint is, under `carelint --help`.
const LONG_ABOUT: &str =
    "carelint lints customer-care conversations (call and chat transcripts in plain \
text, JSON, JSON Lines, CSV, WebVTT/SRT and vendor exports) and the reply templates agents send \
(Markdown, text, HTML, Handlebars, Liquid, Jinja, Mustache), the way ruff or ESLint lint code. \
It reports jargon, idioms, over-promising, missing empathy, unclear sentences, times without a \
time zone, vague commitments, blame, hedging and unfilled placeholders, with the line, the \
speaker and a suggested rewording. Rules are YAML; twelve packs are built in, and a \
carelint.yaml (see `carelint init`) tunes them.";

/// Examples under `carelint check --help`.
const CHECK_EXAMPLES: &str = "Examples:
  carelint check calls/ templates/welcome.md          files and folders (recursive)
  carelint check . --select jargon,over-promising     only these categories or rule ids
  carelint check . --ignore hedging-opinion           everything but these
  carelint check templates/ --type template           only .html .hbs .liquid .j2 … files
  carelint check . --exclude drafts --exclude '*.bak'
  carelint check exports/march.jsonl --format jsonl -o findings.jsonl
  carelint check templates/ --format sarif -o carelint.sarif
  cat reply.txt | carelint check - --stdin-filename reply.txt
  carelint check templates/ --write-baseline carelint-baseline.json   adopt on an old library
  carelint check templates/ --baseline carelint-baseline.json         then fail only on new findings

Folders are walked recursively. Skipped: hidden and ignored files (.gitignore, .ignore,
.carelintignore), symbolic links, binary files, documentation (README, CHANGELOG, LICENSE,
CONTRIBUTING, docs/), and extensions carelint does not read. Linting nothing is an error
(exit 2) that says what was skipped, unless --allow-empty.";

/// Options that choose the rules.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// Lint only these rules or categories (comma-separated, repeatable), like ruff's
    /// --select; rules that are off by default are switched on when named.
    #[arg(long, value_name = "RULE|CATEGORY", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not lint these rules or categories (comma-separated, repeatable).
    #[arg(long, value_name = "RULE|CATEGORY", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Add a rule pack: a YAML file, or a folder of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rule packs.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Read this config file for every input, instead of the carelint.yaml nearest to
    /// each file (in its folder or the nearest parent that has one).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Do not read any carelint.yaml.
    #[arg(long)]
    pub no_config: bool,
}

/// How inputs are read: shared by `check`, `report` and `show`.
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
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
    /// The name to report for input read from stdin.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
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
    /// Write the output to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print the findings and errors only: no summary, no timing, no warnings.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
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
    #[command(flatten)]
    pub read: ReadArgs,
    /// Say in each finding how a diarised speaker's role was inferred.
    #[arg(long)]
    pub explain_speakers: bool,
    /// Print counts per rule and per category instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Report and fail only on findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in a baseline file; prints a one-line summary, not
    /// the findings, and exits 0 (2 on errors).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// With --baseline: report the entries that no longer match anything and remove them
    /// from the baseline file.
    #[arg(long, requires = "baseline")]
    pub baseline_prune: bool,
    /// Report `carelint:` suppression comments that suppress nothing as findings of
    /// the rule `unused-suppression` (on by default at warning; the config's
    /// `unused-suppressions: off|info|warning|error` sets its severity).
    #[arg(long, hide = true)]
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
pub struct ShowArgs {
    /// Files or folders to read; `-` reads stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id, or a category (lists its rules).
    #[arg(value_name = "RULE|CATEGORY")]
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
