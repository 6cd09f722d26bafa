//! Criterion benchmarks: building the linter with the built-in packs, linting one typical
//! 2 KB transcript, one 2 MB line with thousands of findings, batches in memory (generated
//! chats through `lint_many` and through the JSON Lines path the CLI takes), and every
//! reader: the line-oriented formats and canonical JSON on about 1 MB of input, the JSON
//! Lines stream reader, and each vendor format on its fixture document.
//!
//! ```text
//! cargo bench -p carelint-benches --bench lint                      # all, full measurement
//! cargo bench -p carelint-benches --bench lint -- --quick            # all, a few seconds each
//! cargo bench -p carelint-benches --bench lint -- --quick readers    # a filter (a regex on the names)
//! ```
//!
//! `benches/throughput.sh` runs the first two (`compile|one transcript`) with `--quick` for
//! its table. Nothing here runs in `cargo test`: bench targets are not test targets.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

use carelint::{Format, Linter, Speaker, Transcript, Turn};
use carelint_benches::{as_jsonl, conversations};

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
    // Regexes of the built-in packs compile on first use, so these measure loading the
    // packs, the gate analysis and the phrase automaton; "first 2 KB chat" below adds
    // what the first transcript pays.
    c.bench_function("compile built-in rules", |b| {
        b.iter(|| Linter::builder().build().expect("built-in rules load"))
    });
    c.bench_function("compile built-in rules (quick_start)", |b| {
        b.iter(|| {
            Linter::builder()
                .quick_start(true)
                .build()
                .expect("built-in rules load")
        })
    });
    let t = typical();
    c.bench_function("compile (quick_start) + lint the first 2 KB chat", |b| {
        b.iter(|| {
            let linter = Linter::builder()
                .quick_start(true)
                .build()
                .expect("built-in rules load");
            black_box(linter.lint_transcript(&t))
        })
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

/// Generated chats (seed 42, the conversations `gen-corpus` writes first), about 1 MB of
/// turn text, in memory.
fn generated() -> Vec<Transcript> {
    conversations(42, 1_000_000)
        .iter()
        .map(|c| {
            let turns = c
                .turns
                .iter()
                .map(|(s, t)| {
                    let speaker = if *s == "agent" {
                        Speaker::Agent
                    } else {
                        Speaker::Customer
                    };
                    Turn::new(speaker, t.as_str())
                })
                .collect();
            Transcript::new(c.id.as_str(), turns)
        })
        .collect()
}

fn batch(c: &mut Criterion) {
    let linter = Linter::builder().build().expect("built-in rules load");
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);

    let typical: Vec<Transcript> = (0..500).map(|_| typical()).collect();
    group.throughput(Throughput::Bytes(turn_bytes(&typical)));
    group.bench_function("lint_many 500 chats (rayon)", |b| {
        b.iter(|| black_box(linter.lint_many(&typical)))
    });

    let chats = generated();
    group.throughput(Throughput::Bytes(turn_bytes(&chats)));
    group.bench_function("lint_many 1 MB of generated chats (rayon)", |b| {
        b.iter(|| black_box(linter.lint_many(&chats)))
    });

    // The CLI's path for a JSON Lines file: read lines in batches, then parse and lint
    // each line (one thread here; the CLI runs batches on its pool).
    let jsonl: String = conversations(42, 1_000_000).iter().map(as_jsonl).collect();
    let lines = linter
        .read_jsonl(jsonl.as_bytes(), "generated.jsonl")
        .batch(usize::MAX, usize::MAX)
        .expect("in-memory input");
    group.throughput(Throughput::Bytes(jsonl.len() as u64));
    group.bench_function(
        "lint_jsonl_batch 1 MB of generated JSONL (one thread)",
        |b| {
            b.iter(|| {
                let (report, errors) = linter.lint_jsonl_batch("generated.jsonl", &lines);
                assert!(errors.is_empty());
                black_box(report.diagnostics.len())
            })
        },
    );
    group.finish();
}

fn turn_bytes(batch: &[Transcript]) -> u64 {
    batch
        .iter()
        .flat_map(|t| &t.turns)
        .map(|t| t.text.len() as u64)
        .sum()
}

/// Each reader on about 1 MB: the line-oriented formats and canonical JSON repeat the
/// fixture's records (keeping one header / one magic line), then the JSON Lines stream
/// reader the CLI uses for `.jsonl` files.
fn readers(c: &mut Criterion) {
    let dir = root().join("fixtures/same-conversation");
    let reader = Linter::builder()
        .default_rules(false)
        .build()
        .expect("no rules to load");
    let mut group = c.benchmark_group("readers (1 MB)");
    group.sample_size(10);
    for (name, format) in [
        ("conversation.txt", Format::Plain),
        ("conversation.json", Format::Json),
        ("conversation.jsonl", Format::Jsonl),
        ("conversation.csv", Format::Csv),
        ("conversation.tsv", Format::Tsv),
        ("conversation.vtt", Format::Vtt),
        ("conversation.srt", Format::Srt),
    ] {
        let one = std::fs::read_to_string(dir.join(name)).expect("fixture");
        let copies = 1_000_000 / one.len() + 1;
        let text = match format {
            Format::Jsonl => one.repeat(copies),
            Format::Json => format!("[{}]", vec![one.trim(); copies].join(",")),
            Format::Csv | Format::Tsv => {
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
            Format::Srt => format!("{one}\n").repeat(copies),
            _ => one.repeat(copies),
        };
        let expected = reader
            .parse(&one, format, name)
            .expect("fixture parses")
            .len();
        assert!(expected > 0, "{name} holds a transcript");
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

    let one = std::fs::read_to_string(dir.join("conversation.jsonl")).expect("fixture");
    let text = one.repeat(1_000_000 / one.len() + 1);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("conversation.jsonl (stream: Linter::read_jsonl)", |b| {
        b.iter(|| {
            black_box(
                reader
                    .read_jsonl(text.as_bytes(), "stream.jsonl")
                    .filter(Result::is_ok)
                    .count(),
            )
        })
    });
    group.finish();
}

/// Each vendor format on its fixture document (one conversation, 1.4–30 KB): these are
/// whole-document JSON, one call or chat per file, so one document is the unit.
fn vendor_readers(c: &mut Criterion) {
    let dir = root().join("fixtures/same-conversation");
    let reader = Linter::builder()
        .default_rules(false)
        .build()
        .expect("no rules to load");
    let mut group = c.benchmark_group("readers (one vendor document)");
    for (name, format) in [
        ("aws-transcribe.json", Format::AwsTranscribe),
        ("contact-lens.json", Format::ContactLens),
        ("whisper-diarized.json", Format::Whisper),
        ("deepgram.json", Format::Deepgram),
        ("intercom.json", Format::Intercom),
        ("zendesk.json", Format::Zendesk),
        ("google-ccai.json", Format::GoogleCcai),
        ("genesys.json", Format::Genesys),
    ] {
        let text = std::fs::read_to_string(dir.join(name)).expect("fixture");
        let found = reader.parse(&text, format, name).expect("fixture parses");
        assert_eq!(found.len(), 1, "{name} holds one transcript");
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

criterion_group!(
    benches,
    compile,
    one_transcript,
    long_line,
    batch,
    readers,
    vendor_readers
);
criterion_main!(benches);
