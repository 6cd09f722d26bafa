//! The unified diff `--diff` prints.

use similar::{Algorithm, TextDiff};

/// Lines of context around each change in [`unified_diff`].
const CONTEXT: usize = 3;

/// A unified diff (`diff -u` format, 3 lines of context) from `old` to `new`, both the
/// text of the file `path`. Returns an empty string when the texts are equal.
///
/// Both header lines name `path` as given (`--- path` / `+++ path`), so the diff applies
/// with `patch -p0` or `git apply -p0` from the folder the path is relative to. Lines keep
/// their line endings; a last line without a newline is followed by
/// `\ No newline at end of file`.
///
/// The edit script is Myers' (from the `similar` crate), without a deadline so that the
/// output never depends on timing. Its time is O((N + M) · D) for N and M lines and D
/// changed lines; fixes change few lines, and the common start and end of the two texts
/// are skipped first.
#[must_use]
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(CONTEXT)
        .header(path, path)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_keeps_crlf_and_marks_a_missing_final_newline() {
        let old = "Customer: hi\r\nAgent: see you ASAP\r\nCustomer: bye";
        let new = "Customer: hi\r\nAgent: see you as soon as possible\r\nCustomer: bye";
        assert_eq!(
            unified_diff("t.txt", old, new),
            "--- t.txt\n+++ t.txt\n@@ -1,3 +1,3 @@\n Customer: hi\r\n-Agent: see you ASAP\r\n+Agent: see you as soon as possible\r\n Customer: bye\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn diff_of_equal_texts_is_empty() {
        assert_eq!(unified_diff("a", "x\n", "x\n"), "");
    }

    #[test]
    fn diff_hunks_and_context() {
        let lines = |f: &dyn Fn(usize) -> String| (1..=20).map(f).collect::<String>();
        let old = lines(&|i| format!("{i}\n"));
        let new = lines(&|i| match i {
            3 => "three\n".into(),
            17 => "seventeen\n".into(),
            _ => format!("{i}\n"),
        });
        let d = unified_diff("f", &old, &new);
        assert_eq!(
            d,
            "--- f\n+++ f\n\
             @@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n\
             @@ -14,7 +14,7 @@\n 14\n 15\n 16\n-17\n+seventeen\n 18\n 19\n 20\n"
        );
        // Changes close together share a hunk.
        let new = lines(&|i| match i {
            3 => "three\n".into(),
            9 => "nine\n".into(),
            _ => format!("{i}\n"),
        });
        let d = unified_diff("f", &old, &new);
        assert_eq!(d.matches("@@ -").count(), 1, "{d}");
        assert!(d.contains("@@ -1,12 +1,12 @@"), "{d}");
    }

    #[test]
    fn diff_marks_missing_final_newline() {
        let d = unified_diff("f", "a\nb", "a\nc");
        assert_eq!(
            d,
            "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
        let d = unified_diff("f", "a\n", "a");
        assert_eq!(
            d,
            "--- f\n+++ f\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn diff_insertions_deletions_and_empty_files() {
        assert_eq!(
            unified_diff("f", "", "a\n"),
            "--- f\n+++ f\n@@ -0,0 +1 @@\n+a\n"
        );
        assert_eq!(
            unified_diff("f", "a\n", ""),
            "--- f\n+++ f\n@@ -1 +0,0 @@\n-a\n"
        );
        let d = unified_diff("f", "a\nb\nc\n", "a\nx\nb\nc\ny\n");
        assert_eq!(d, "--- f\n+++ f\n@@ -1,3 +1,5 @@\n a\n+x\n b\n c\n+y\n");
    }

    /// Applies a diff made by [`unified_diff`] (texts ending in a newline) to `old`.
    fn apply_unified(old: &str, diff: &str) -> String {
        let old: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut at = 0; // next old line to copy
        for line in diff.split_inclusive('\n').skip(2) {
            if let Some(header) = line.strip_prefix("@@ -") {
                let range = header.split(' ').next().unwrap();
                let mut parts = range.split(',');
                let start: usize = parts.next().unwrap().parse().unwrap();
                let len: usize = parts.next().map_or(1, |l| l.parse().unwrap());
                let first = if len == 0 { start } else { start - 1 };
                while at < first {
                    out.push_str(old[at]);
                    at += 1;
                }
            } else if let Some(l) = line.strip_prefix(' ') {
                assert_eq!(old[at], l);
                out.push_str(l);
                at += 1;
            } else if let Some(l) = line.strip_prefix('-') {
                assert_eq!(old[at], l);
                at += 1;
            } else if let Some(l) = line.strip_prefix('+') {
                out.push_str(l);
            }
        }
        for l in &old[at..] {
            out.push_str(l);
        }
        out
    }

    #[test]
    fn diffs_replay_to_the_new_text() {
        // A small deterministic generator: no dependency, same cases every run.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let words = ["a", "b", "c", "d"];
        for _ in 0..1000 {
            let a: Vec<&str> = (0..next(20)).map(|_| words[next(4) as usize]).collect();
            let b: Vec<&str> = (0..next(20)).map(|_| words[next(4) as usize]).collect();
            let text_a: String = a.iter().map(|w| format!("{w}\n")).collect();
            let text_b: String = b.iter().map(|w| format!("{w}\n")).collect();
            let diff = unified_diff("f", &text_a, &text_b);
            assert_eq!(diff.is_empty(), a == b);
            assert_eq!(apply_unified(&text_a, &diff), text_b, "{diff}");
        }
    }
}
