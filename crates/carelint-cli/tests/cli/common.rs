//! Helpers shared by the CLI tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Runs carelint in the repository root.
pub fn carelint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carelint"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .expect("run carelint")
}

/// Runs carelint in `dir`.
pub fn carelint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carelint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run carelint")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Runs carelint in `dir` with `input` on its standard input.
pub fn carelint_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_carelint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run carelint");
    let mut stdin = child.stdin.take().unwrap();
    // carelint may stop reading early (a capped read): a broken pipe here is fine.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().expect("run carelint")
}

/// The snapshot settings of the golden outputs: snapshots in `tests/cli/snapshots/`,
/// named without the module path.
pub fn golden_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

/// Compares `actual` with the snapshot `name` (`cargo insta review` accepts changes).
/// Every output ends with a newline (insta compares snapshots without trailing ones).
pub fn golden(name: &str, actual: &str) {
    assert!(
        actual.ends_with('\n'),
        "{name}: output without a final newline"
    );
    golden_settings().bind(|| insta::assert_snapshot!(name, actual));
}
