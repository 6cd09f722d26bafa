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

/// Builds the linter from the rule options, printing every rule error.
pub fn build_linter(
    rule_args: &RuleArgs,
    configure: impl FnOnce(carelint::LinterBuilder) -> carelint::LinterBuilder,
) -> anyhow::Result<carelint::Linter> {
    let mut builder = carelint::Linter::builder().default_rules(!rule_args.no_default_rules);
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
