//! The `carelint` binary: glue between the command line and the `carelint` library.

mod args;
mod atomic;
mod capped;
mod check;
mod eval;
mod init;
mod quality;
mod report_cmd;
mod rules_cmd;
mod show;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

use args::{Cli, Command, RuleArgs};

/// mimalloc instead of the system allocator: linting allocates many small, short-lived
/// strings and vectors per turn, and glibc's malloc/free were ~13% of the instructions of
/// a run over small files (see docs/performance.md). Its version 2 (the `v2` feature):
/// version 3 commits memory eagerly and peaked at 84 MB where version 2 stays at ~50 MB
/// (20 MB of small files, `--jobs 2`). Built with `no_thp` (Cargo.toml): on Linux with
/// transparent huge pages in `madvise` mode mimalloc asks for huge pages for its arenas,
/// and each page touched costs 2 MB of resident memory — 71 MB peak instead of 46 MB on the
/// same 20 MB at `--jobs 2`, no faster. The library itself never chooses an allocator;
/// embedders keep theirs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes: 0 clean, 1 findings at or above the fail level (or failed rule
/// examples), 2 usage, configuration or I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Show(a) => show::run(a),
        Command::Rules(a) => rules_cmd::list(a),
        Command::Explain(a) => rules_cmd::explain(a),
        Command::TestRules(a) => rules_cmd::test_rules(a),
        Command::Init(a) => init::run(a),
        Command::Report(a) => report_cmd::run(a),
        Command::Eval(a) => quality::eval(a),
        Command::Sample(a) => quality::sample(a),
        Command::Calibrate(a) => quality::calibrate(a),
    };
    match result {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::from(0);
            }
            let _ = std::io::stdout().flush();
            print_error(&e);
            ExitCode::from(Status::Error as u8)
        }
    }
}

/// Prints an error on standard error: carelint's errors say everything in one line;
/// others get their causes.
pub(crate) fn print_error(e: &anyhow::Error) {
    if e.downcast_ref::<carelint::Error>().is_some() {
        eprintln!("error: {e}");
    } else {
        eprintln!("error: {e:#}");
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// At most 80 characters of a value from the input, on one line, as the library's
/// messages quote input.
#[must_use]
pub fn excerpt(value: &str) -> String {
    const MAX: usize = 80;
    let one_line: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX + 1)
        .collect();
    if one_line.chars().count() > MAX {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// `1 file`, `2 files`.
#[must_use]
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closest of `candidates` to a mistyped `word`, if one is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit && *d < word.chars().count())
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Finds and reads the configuration the rule options ask for.
pub fn load_config(rule_args: &RuleArgs) -> anyhow::Result<Option<carelint::Config>> {
    if rule_args.no_config {
        return Ok(None);
    }
    let path = match &rule_args.config {
        Some(p) => Some(p.clone()),
        None => carelint::Config::discover(&std::env::current_dir()?),
    };
    let Some(path) = path else { return Ok(None) };
    Ok(Some(carelint::Config::load(&path)?))
}

/// Builds the linter from the rule options and the configuration, printing every rule
/// error.
pub fn build_linter(
    rule_args: &RuleArgs,
    config: Option<&carelint::Config>,
    configure: impl FnOnce(carelint::LinterBuilder) -> carelint::LinterBuilder,
) -> anyhow::Result<carelint::Linter> {
    let mut builder = carelint::Linter::builder();
    if let Some(c) = config {
        builder = c.apply(builder);
    }
    if rule_args.no_default_rules {
        builder = builder.default_rules(false);
    }
    for p in &rule_args.rules {
        builder = builder.rules_path(p);
    }
    // `unused-suppression` is not a rule of the linter: the check command handles it.
    let not_suppression = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| {
                !matches!(
                    s.as_str(),
                    carelint::suppress::UNUSED_SUPPRESSION | "suppression" | ""
                )
            })
            .collect()
    };
    let select = not_suppression(&rule_args.select);
    if select.is_empty() && !rule_args.select.is_empty() {
        // Only `unused-suppression` selected: every rule off.
        for c in carelint::Category::ALL {
            builder = builder.disable(c.as_str());
        }
    }
    builder = builder.select_rules(
        &select,
        &not_suppression(&rule_args.ignore),
        ("--select", "--ignore"),
    );
    match configure(builder).build() {
        Ok(l) => Ok(l),
        Err(e) => {
            let problems = e.problems();
            if problems.len() == 1 {
                return Err(e.into());
            }
            let mut sorted: Vec<&carelint::Error> = problems.iter().collect();
            sorted.sort_by_key(|p| (p.path().map(str::to_string), p.line(), p.column()));
            for p in sorted {
                eprintln!("error: {p}");
            }
            let what = if problems
                .iter()
                .all(|p| p.kind() == carelint::ErrorKind::Config)
            {
                "invalid configuration"
            } else {
                "could not load rules"
            };
            anyhow::bail!("{what} ({})", plural(problems.len(), "problem", "problems"))
        }
    }
}
