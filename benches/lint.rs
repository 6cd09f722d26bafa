//! Criterion benchmarks: compiling the built-in rules, linting one typical transcript, one
//! 2 MB line with thousands of findings, a batch in memory, and each reader on about 1 MB
//! of input.
//!
//! Run with `cargo bench -p carelint-benches` (add a filter: `-- readers`).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

use carelint::{Format, Linter, Speaker, Transcript, Turn};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A typical ~2 KB chat: greeting, problem, a few exchanges, closing.
fn typical() -> Transcript {
    let turns = [
        (Speaker::Agent, "Thank you for contacting Northwind support, my name is Maria. How can I help you today?"),
        (Speaker::Customer, "Hi, my blender arrived broken and this is the third time I'm writing about it. I'm really frustrated."),
        (Speaker::Agent, "I'm sorry to hear that, and I understand how frustrating this must be. Could you give me your order number?"),
        (Speaker::Customer, "It's 502-2345678-9012345. My name is Amara Okafor."),
        (Speaker::Agent, "Thank you, Amara. I can see the order. I'll raise an RMA and the ETA for the replacement is Friday, I guarantee it."),
        (Speaker::Customer, "OK, and do I need to send the broken one back?"),
        (Speaker::Agent, "Yes, please keep the original packaging until the courier collects it. You will receive a prepaid label by email within ten minutes."),
        (Speaker::Customer, "Will someone call me to confirm the pickup?"),
        (Speaker::Agent, "I think maybe the courier will call you at 3pm, just hang tight and we'll touch base tomorrow."),
        (Speaker::Customer, "Alright, thank you."),
        (Speaker::Agent, "Is there anything else I can help you with today? We would love your feedback in the short survey after this chat."),
        (Speaker::Customer, "No, that's all. Thanks."),
        (Speaker::Agent, "Thank you for your patience, Amara. Have a good day."),
    ];
    Transcript::new(
        "typical",
        turns
            .iter()
            .map(|(s, t)| Turn::new(s.clone(), *t))
            .collect(),
    )
}

fn compile(c: &mut Criterion) {
    c.bench_function("compile built-in rules", |b| {
        b.iter(|| Linter::builder().build().expect("built-in rules load"))
    });
}

fn one_transcript(c: &mut Criterion) {
    let linter = Linter::builder().build().expect("built-in rules load");
    let t = typical();
    let bytes: usize = t.turns.iter().map(|t| t.text.len()).sum();
    let mut group = c.benchmark_group("one transcript");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("lint a typical 2 KB chat", |b| {
        b.iter(|| black_box(linter.lint_transcript(&t)))
    });
    group.finish();
}

/// One turn of a single 2 MB line with thousands of findings: linear time per finding
/// (sentence bounds and positions are looked up, not rescanned; issue 11, item 7).
fn long_line(c: &mut Criterion) {
    let linter = Linter::builder().build().expect("built-in rules load");
    let unit = "we will touch base about the RMA and I guarantee a reply at 3pm, ";
    let text = format!("Agent: {}\n", unit.repeat(2 * 1024 * 1024 / unit.len()));
    let mut group = c.benchmark_group("long line");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("2 MB line, ~130k findings", |b| {
        b.iter(|| {
            black_box(
                linter
                    .lint_text("long.txt", &text, Format::Plain)
                    .map(|r| r.diagnostics.len())
                    .unwrap_or(0),
            )
        })
    });
    group.finish();
}

fn batch(c: &mut Criterion) {
    let linter = Linter::builder().build().expect("built-in rules load");
    let batch: Vec<Transcript> = (0..500).map(|_| typical()).collect();
    let bytes: usize = batch
        .iter()
        .flat_map(|t| &t.turns)
        .map(|t| t.text.len())
        .sum();
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("lint_many 500 chats (rayon)", |b| {
        b.iter(|| black_box(linter.lint_many(&batch)))
    });
    group.finish();
}

/// Repeats a fixture's turns until the input is about 1 MB, in the fixture's own format.
fn readers(c: &mut Criterion) {
    let dir = root().join("fixtures/same-conversation");
    let mut group = c.benchmark_group("readers (1 MB)");
    group.sample_size(10);
    for (name, format) in [
        ("conversation.txt", Format::Plain),
        ("conversation.jsonl", Format::Jsonl),
        ("conversation.csv", Format::Csv),
        ("conversation.vtt", Format::Vtt),
        ("conversation.srt", Format::Srt),
    ] {
        let one = std::fs::read_to_string(dir.join(name)).expect("fixture");
        let text = match format {
            // Line-oriented formats: repeat the records (keeping one header / one magic).
            Format::Jsonl => one.repeat(1_000_000 / one.len() + 1),
            Format::Csv => {
                let (header, rows) = one.split_once('\n').expect("header");
                format!("{header}\n{}", rows.repeat(1_000_000 / rows.len() + 1))
            }
            Format::Vtt => {
                let (magic, cues) = one.split_once("\n\n").expect("cues");
                format!(
                    "{magic}\n\n{}",
                    format!("{cues}\n\n").repeat(1_000_000 / cues.len() + 1)
                )
            }
            Format::Srt => format!("{one}\n").repeat(1_000_000 / one.len() + 1),
            _ => one.repeat(1_000_000 / one.len() + 1),
        };
        let reader = Linter::builder()
            .default_rules(false)
            .build()
            .expect("no rules to load");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    reader
                        .parse(&text, format, name)
                        .map(|t| t.len())
                        .unwrap_or(0),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, compile, one_transcript, long_line, batch, readers);
criterion_main!(benches);
