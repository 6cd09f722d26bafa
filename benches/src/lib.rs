//! Benchmarks and the deterministic corpus generator of carelint (see `src/bin/gen-corpus.rs`).
