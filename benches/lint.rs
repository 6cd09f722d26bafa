//! Criterion benchmarks: compiling the built-in rules, and linting the fixtures.
//!
//! Run with `cargo bench -p carelint-benches`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

use carelint::{Format, Linter, Transcript};

fn fixtures() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut out = Vec::new();
    for dir in ["plain", "templates"] {
        let mut entries: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("fixtures folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            let text = std::fs::read_to_string(&p).expect("fixture is UTF-8");
            out.push((p.display().to_string(), text));
        }
    }
    out
}

fn compile(c: &mut Criterion) {
    c.bench_function("compile built-in rules", |b| {
        b.iter(|| Linter::builder().build().expect("built-in rules load"))
    });
}

fn lint(c: &mut Criterion) {
    let linter = Linter::builder().build().expect("built-in rules load");
    let files = fixtures();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();

    let mut group = c.benchmark_group("lint fixtures");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse + lint (one thread)", |b| {
        b.iter(|| {
            for (path, text) in &files {
                black_box(
                    linter
                        .lint_source(path, text, Format::Auto)
                        .expect("fixture parses"),
                );
            }
        })
    });
    let transcripts: Vec<Transcript> = files
        .iter()
        .flat_map(|(p, t)| Transcript::parse(t, Format::Plain, p).expect("fixture parses"))
        .collect();
    group.bench_function("lint parsed transcripts (rayon)", |b| {
        b.iter(|| black_box(linter.lint_many(&transcripts)))
    });
    group.finish();
}

criterion_group!(benches, compile, lint);
criterion_main!(benches);
