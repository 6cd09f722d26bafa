//! Deterministic corpus generator for benchmarks.
//!
//! ```text
//! gen-corpus --out DIR --size-mb 20 [--seed 42] [--format txt|jsonl]
//! ```
//!
//! Writes seeded, realistic agent/customer conversations (2–8 KB each): plain-text files
//! `DIR/NNNNNN.txt` in folders of 1,000, or one `DIR/corpus.jsonl` in the canonical JSON
//! Lines format. The same seed and size always give the same bytes. About one agent turn
//! in four carries something a built-in rule should flag (jargon, an idiom, a promise, a
//! time without a zone, hedging), the rest is clean, as in real transcripts.

use std::io::Write;
use std::path::PathBuf;

use carelint_benches::{as_jsonl, as_text, conversation, Rng};

fn main() -> std::io::Result<()> {
    let mut out: Option<PathBuf> = None;
    let mut size_mb: f64 = 20.0;
    let mut seed: u64 = 42;
    let mut jsonl = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--out" => out = Some(PathBuf::from(value())),
            "--size-mb" => size_mb = value().parse().unwrap_or(20.0),
            "--seed" => seed = value().parse().unwrap_or(42),
            "--format" => jsonl = value() == "jsonl",
            "-h" | "--help" => {
                println!("gen-corpus --out DIR --size-mb N [--seed S] [--format txt|jsonl]");
                return Ok(());
            }
            other => {
                eprintln!("gen-corpus: unknown argument `{other}` (see --help)");
                std::process::exit(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("gen-corpus: --out DIR is required");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&out)?;
    let target = (size_mb * 1_000_000.0) as usize;
    let mut rng = Rng(seed);
    let mut written = 0usize;
    let mut count = 0usize;
    let mut jsonl_file = if jsonl {
        Some(std::io::BufWriter::new(std::fs::File::create(
            out.join("corpus.jsonl"),
        )?))
    } else {
        None
    };
    while written < target {
        let c = conversation(&mut rng, count);
        if let Some(f) = jsonl_file.as_mut() {
            let line = as_jsonl(&c);
            written += line.len();
            f.write_all(line.as_bytes())?;
        } else {
            let text = as_text(&c);
            written += text.len();
            let dir = out.join(format!("{:04}", count / 1000));
            if count.is_multiple_of(1000) {
                std::fs::create_dir_all(&dir)?;
            }
            std::fs::write(dir.join(format!("{count:07}.txt")), text)?;
        }
        count += 1;
    }
    if let Some(mut f) = jsonl_file {
        f.flush()?;
    }
    println!(
        "{count} conversations, {written} bytes in {}",
        out.display()
    );
    Ok(())
}
