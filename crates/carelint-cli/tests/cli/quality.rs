//! `carelint eval`, `sample` and `calibrate` end to end: the measuring tools a QA team
//! runs on its own conversations.

use std::path::Path;

use crate::common::{carelint, carelint_in, stderr, stdout};

fn write(d: &Path, name: &str, text: &str) {
    std::fs::write(d.join(name), text).unwrap();
}

/// The labelled test split is read, scored and printed per category, as text and JSON.
#[test]
fn eval_scores_the_labelled_set() {
    let o = carelint(&["eval", "eval/test/gold.jsonl", "--no-config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.lines().any(|l| l.starts_with("all ")), "{text}");
    assert!(text.contains("180 labelled conversations"), "{text}");
    let o = carelint(&[
        "eval",
        "eval/test/gold.jsonl",
        "--no-config",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["total"]["support"], 174);
    assert!(v["total"]["recall"]
        .as_f64()
        .is_some_and(|r| r > 0.0 && r <= 1.0));
}

/// A folder with a transcript, a `.json` file that is no transcript and a broken JSON
/// Lines file: `sample` skips the first with a warning, reports the second with its place,
/// writes the sheet from what it read and exits 2; `calibrate` reads the judged sheet.
#[test]
fn sample_reads_the_rest_of_a_batch_and_calibrate_reads_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("calls")).unwrap();
    let chat =
        std::fs::read_to_string(crate::common::root().join("fixtures/plain/refund-call.txt"))
            .unwrap();
    write(&d.join("calls"), "refund-call.txt", &chat);
    write(&d.join("calls"), "package.json", "{\"name\": \"tools\"}\n");
    write(
        &d.join("calls"),
        "broken.jsonl",
        "{\"id\": \"a\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"hi\"}]}\n{not json\n",
    );
    let o = carelint_in(d, &["sample", "calls", "--no-config", "-o", "sheet.csv"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("calls/package.json:1:1: this JSON matches no transcript format")
            && err.contains("skipped"),
        "{err}"
    );
    assert!(err.contains("error: calls/broken.jsonl:2:"), "{err}");
    let mut sheet = csv::Reader::from_path(d.join("sheet.csv")).unwrap();
    let header = sheet.headers().unwrap().clone();
    let verdict = header.iter().position(|h| h == "verdict").unwrap();
    let rows: Vec<csv::StringRecord> = sheet.records().map(Result::unwrap).collect();
    assert!(rows.len() >= 5, "{} rows", rows.len());
    assert!(rows.iter().all(|r| r[5].ends_with("refund-call.txt")));

    // Judge every finding right except the first, and calibrate.
    let mut w = csv::Writer::from_path(d.join("judged.csv")).unwrap();
    w.write_record(&header).unwrap();
    for (i, r) in rows.iter().enumerate() {
        let mut r: Vec<String> = r.iter().map(String::from).collect();
        r[verdict] = if i == 0 { "no" } else { "yes" }.into();
        w.write_record(&r).unwrap();
    }
    w.flush().unwrap();
    let o = carelint_in(d, &["calibrate", "judged.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let first_rule = &rows[0][1];
    assert!(out.contains(first_rule), "{out}");
    assert!(out.contains("100%"), "{out}");

    // A named file that is no transcript is an error, not a skip; so is a folder of
    // files that are all skipped (linting nothing is not success).
    let o = carelint_in(
        d,
        &["sample", "calls/package.json", "--no-config", "-o", "s.csv"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    std::fs::create_dir(d.join("tools")).unwrap();
    write(&d.join("tools"), "package.json", "{\"name\": \"tools\"}\n");
    let o = carelint_in(d, &["sample", "tools", "--no-config", "-o", "s.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no conversations read"),
        "{}",
        stderr(&o)
    );
}
