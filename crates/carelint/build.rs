//! Sets `cfg(carelint_corpus)` when the shared dialogue corpus sits next to the repository
//! (`../shared/corpus/converted`), so that the tests that read it run there and show as
//! ignored ("needs ../shared/corpus") everywhere else instead of passing silently.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(carelint_corpus)");
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/converted");
    println!("cargo::rerun-if-changed={}", dir.display());
    if dir.is_dir() {
        println!("cargo::rustc-cfg=carelint_corpus");
    }
}
