//! The `carelint` binary: glue between the command line and the `carelint` library.

mod args;
mod check;
mod rules_cmd;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

use args::{Cli, Command, RuleArgs};

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
        Command::Rules(a) => rules_cmd::list(a),
        Command::Explain(a) => rules_cmd::explain(a),
        Command::TestRules(a) => rules_cmd::test_rules(a),
        Command::Init(a) => init(a),
    };
    match result {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::from(0);
            }
            let _ = std::io::stdout().flush();
            eprintln!("error: {e:#}");
            ExitCode::from(Status::Error as u8)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes the starter config.
fn init(args: args::InitArgs) -> anyhow::Result<Status> {
    let path = std::path::Path::new(carelint::config::CONFIG_FILE);
    if path.exists() && !args.force {
        anyhow::bail!(
            "{} already exists; use --force to overwrite it",
            path.display()
        );
    }
    std::fs::write(path, carelint::config::STARTER)?;
    println!("wrote {}", path.display());
    Ok(Status::Clean)
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
    match carelint::Config::load(&path) {
        Ok(c) => Ok(Some(c)),
        Err(e) => {
            for err in e.rule_errors() {
                eprintln!("error: {err}");
            }
            if e.rule_errors().is_empty() {
                anyhow::bail!("{e}");
            }
            anyhow::bail!("invalid configuration in {}", path.display())
        }
    }
}

/// Builds the linter from the rule options and the configuration, printing every rule
/// error.
pub fn build_linter(
    rule_args: &RuleArgs,
    config: Option<&carelint::Config>,
    configure: impl FnOnce(carelint::LinterBuilder) -> carelint::LinterBuilder,
) -> anyhow::Result<carelint::Linter> {
    let mut builder = carelint::Linter::builder();
    if let Ok(cwd) = std::env::current_dir() {
        builder = builder.working_dir(cwd);
    }
    if let Some(c) = config {
        builder = c.apply(builder);
    }
    if rule_args.no_default_rules {
        builder = builder.default_rules(false);
    }
    for p in &rule_args.rules {
        builder = builder.rules_path(p);
    }
    match configure(builder).build() {
        Ok(l) => Ok(l),
        Err(e) => {
            let n = e.rule_errors().len();
            for err in e.rule_errors() {
                eprintln!("error: {err}");
            }
            if n == 0 {
                anyhow::bail!("{e}");
            }
            anyhow::bail!(
                "could not load rules ({n} problem{}); fix the rule files above",
                if n == 1 { "" } else { "s" }
            )
        }
    }
}
