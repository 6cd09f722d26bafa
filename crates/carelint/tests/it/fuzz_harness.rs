//! The fuzz targets' harness on the stable toolchain: every target of `fuzz/` runs over
//! its seed corpus (`fuzz/seeds/<target>/`) and over a fixed, reproducible set of
//! proptest mutations of those seeds (byte edits and tokens of `fuzz/carelint.dict`), so
//! `cargo test` exercises the same code the nightly fuzzer does.

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

#[allow(dead_code, clippy::all)]
#[path = "../../../../fuzz/src/lib.rs"]
mod harness;

use crate::common::root;

/// Mutated inputs per target (20 targets: 4,000 cases in all).
const CASES: u32 = 200;

fn fuzz_dir() -> PathBuf {
    root().join("fuzz")
}

/// The seeds of a target, sorted by name.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = fuzz_dir().join("seeds").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// The tokens of the libFuzzer dictionary (`"…"` lines, with `\xNN` and `\\` escapes).
fn dictionary() -> Vec<Vec<u8>> {
    let text = std::fs::read_to_string(fuzz_dir().join("carelint.dict")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix('"')?.strip_suffix('"'))
        .map(|t| {
            let mut out = Vec::new();
            let b = t.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') && i + 3 < b.len() {
                    out.push(u8::from_str_radix(&t[i + 2..i + 4], 16).unwrap());
                    i += 4;
                } else if b[i] == b'\\' && i + 1 < b.len() {
                    out.push(b[i + 1]);
                    i += 2;
                } else {
                    out.push(b[i]);
                    i += 1;
                }
            }
            out
        })
        .collect()
}

/// One edit of a seed: where (a fraction of its length), what.
#[derive(Debug, Clone)]
enum Edit {
    Insert(u16, Vec<u8>),
    Token(u16, usize),
    Delete(u16, u8),
    Flip(u16, u8),
    Truncate(u16),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<u16>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(p, b)| Edit::Insert(p, b)),
        (any::<u16>(), any::<usize>()).prop_map(|(p, t)| Edit::Token(p, t)),
        (any::<u16>(), 1u8..32).prop_map(|(p, n)| Edit::Delete(p, n)),
        (any::<u16>(), any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        any::<u16>().prop_map(Edit::Truncate),
    ]
}

fn apply(seed: &[u8], edits: &[Edit], dict: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seed.to_vec();
    let at = |p: u16, len: usize| (p as usize * (len + 1)) / (u16::MAX as usize + 1);
    for e in edits {
        let len = data.len();
        match e {
            Edit::Insert(p, bytes) => {
                let i = at(*p, len);
                data.splice(i..i, bytes.iter().copied());
            }
            Edit::Token(p, t) => {
                let i = at(*p, len);
                data.splice(i..i, dict[t % dict.len()].iter().copied());
            }
            Edit::Delete(p, n) => {
                let i = at(*p, len);
                let j = (i + *n as usize).min(len);
                data.drain(i..j);
            }
            Edit::Flip(p, b) => {
                if len > 0 {
                    let i = at(*p, len - 1);
                    data[i] ^= b | 1;
                }
            }
            Edit::Truncate(p) => data.truncate(at(*p, len)),
        }
    }
    data
}

#[test]
fn every_target_has_seeds_and_a_fuzz_target_file() {
    for (name, _) in harness::TARGETS {
        assert!(!seeds(name).is_empty(), "no seeds for {name}");
        let target = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
        assert!(target.is_file(), "{} missing", target.display());
    }
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    assert_eq!(
        manifest.matches("[[bin]]").count(),
        harness::TARGETS.len(),
        "one [[bin]] per target in fuzz/Cargo.toml"
    );
}

#[test]
fn seeds_pass_every_target() {
    for (name, f) in harness::TARGETS {
        for seed in seeds(name) {
            f(&seed);
        }
    }
}

#[test]
fn mutated_seeds_pass_every_target() {
    let dict = dictionary();
    assert!(dict.len() > 50, "the dictionary is read");
    for (name, f) in harness::TARGETS {
        let seeds = seeds(name);
        // The same cases on every run: a failure reproduces.
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: CASES,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::deterministic_rng(RngAlgorithm::ChaCha),
        );
        let strategy = (0..seeds.len(), proptest::collection::vec(edit(), 1..6));
        runner
            .run(&strategy, |(seed, edits)| {
                let data = apply(&seeds[seed], &edits, &dict);
                f(&data);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("target {name}: {e}"));
    }
}
