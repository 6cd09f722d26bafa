//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use carelint::{Diagnostic, Error, Format, Linter, Transcript};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A linter with the built-in packs and default settings.
pub fn linter() -> Linter {
    Linter::builder().build().expect("built-in packs load")
}

/// A linter with only the given pack.
pub fn linter_with(pack: &str) -> Linter {
    Linter::builder()
        .default_rules(false)
        .rules_str("pack.yaml", pack)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Parses a source with the default reader settings.
pub fn read(text: &str, format: Format, id: &str) -> Result<Vec<Transcript>, Error> {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER
        .get_or_init(|| Linter::builder().default_rules(false).build().unwrap())
        .parse(text, format, id)
}

/// Lints a plain-text transcript and returns its findings.
pub fn lint_plain(linter: &Linter, text: &str) -> Vec<Diagnostic> {
    linter
        .lint_text("<input>", text, Format::Plain)
        .unwrap_or_else(|e| panic!("{e}"))
        .diagnostics
}

/// The shared dialogue corpus. Tests that read it carry
/// `#[cfg_attr(not(carelint_corpus), ignore = "needs ../shared/corpus")]`, so they show as
/// ignored where it is missing.
pub fn corpus_dir() -> PathBuf {
    let dir = root().join("../shared/corpus/converted");
    assert!(
        dir.is_dir(),
        "the shared corpus is missing: {}",
        dir.display()
    );
    dir
}

/// The `.jsonl` files of the shared corpus, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
}

/// The linter with the built-in packs, built once (compiling every pack in a debug build
/// takes a moment).
pub fn builtin() -> Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(linter).clone()
}

/// A linter with only the CI test pack (`fixtures/ci/pack.yaml`).
pub fn ci_pack() -> Linter {
    Linter::builder()
        .default_rules(false)
        .rules_path(root().join("fixtures/ci/pack.yaml"))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}
