#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| carelint_fuzz::run("read_deepgram", data));
