//! carelint's integration tests: one test binary, one module per area (as ripgrep's
//! `tests/tests.rs`), sharing the helpers of [`common`].

mod common;

mod builtin_rules;
mod ci_baseline;
mod ci_fix;
mod ci_junit;
mod ci_reporters;
mod ci_sarif;
mod ci_suppress;
mod findings_equivalence;
mod fuzz_harness;
mod kinds;
mod mechanisms;
mod readers;
mod readers_equivalence;
mod readers_props;
