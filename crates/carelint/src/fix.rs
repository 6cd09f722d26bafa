//! Automatic fixes: apply the replacements rules suggest, show them as a unified diff,
//! and write the result back safely.
//!
//! A rule with `suggest` gives each of its findings a [`Diagnostic::suggestion`].
//! [`apply_fixes`] puts those replacements into the source file's text:
//!
//! - The matched text is found in the **source file** from the finding's line and column
//!   ([`byte_offset`]); the bytes there must equal [`Diagnostic::matched`], or the fix is
//!   skipped (the file changed since it was linted, or the reader does not keep the
//!   matched text verbatim, e.g. a match across a line break of a CRLF file).
//! - Overlapping fixes are resolved deterministically: the fix that starts first wins,
//!   then the longer one, then the smaller rule id. The others are skipped.
//! - A fix whose replacement contains the matched text as a whole word (case-insensitive)
//!   is skipped: applying it again would grow the text forever. So fixing converges:
//!   lint → fix → lint → fix leaves the text as the first fix did.
//! - Only the matched bytes change, so line endings (LF or CRLF) and the presence or
//!   absence of a final newline are kept exactly; a replacement with a line break gets
//!   the line ending of the line it lands on.
//!
//! [`unified_diff`] renders the change for `--diff`, and [`write_atomic`] replaces a file
//! without ever leaving it half-written.
//!
//! # Example
//!
//! ```
//! use carelint::fix::apply_fixes;
//! use carelint::{Format, Linter};
//!
//! let pack = r#"
//! - id: no-asap
//!   category: jargon
//!   severity: warning
//!   kind: phrases
//!   phrases: [ASAP]
//!   suggest: {asap: as soon as possible}
//!   message: "“{match}” is an abbreviation"
//!   why: Spell it out.
//! "#;
//! let linter = Linter::builder().default_rules(false).rules_str("p.yaml", pack).build()?;
//! let text = "Agent: I'll call you back ASAP.\r\n";
//! let diags = linter.lint_text("macro.txt", text, Format::Plain)?.diagnostics;
//! let fixed = apply_fixes(text, &diags);
//! assert_eq!(fixed.text, "Agent: I'll call you back as soon as possible.\r\n");
//! assert_eq!((fixed.applied, fixed.skipped), (1, 0));
//! # Ok::<(), carelint::Error>(())
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diagnostic::Diagnostic;

/// The result of [`apply_fixes`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixResult {
    /// The source text with every applied fix.
    pub text: String,
    /// Number of fixes applied.
    pub applied: usize,
    /// Number of findings with a suggestion whose fix was not applied (the text at the
    /// finding's position differs from its match, it overlaps a fix that won, or it would
    /// not converge).
    pub skipped: usize,
    /// Indices (into the `diags` given to [`apply_fixes`]) of the findings that were
    /// fixed, in ascending order. The other findings still stand in the new text.
    pub fixed: Vec<usize>,
}

/// Maps a 1-based `line` and 1-based `column` (counted in Unicode characters, as in
/// [`Diagnostic::column`]) to a byte offset in `text`.
///
/// Lines end at `\n`; a `\r` before it is not part of the line. A byte-order mark at the
/// start of the text is not counted (the readers drop it before numbering columns). The
/// column may be one past the line's last character (the end of the line).
///
/// Returns `None` when the line or column is outside the text, or either is 0.
///
/// # Example
///
/// ```
/// use carelint::fix::byte_offset;
///
/// let text = "Agent: héllo\r\nCustomer: hi\n";
/// assert_eq!(byte_offset(text, 1, 8), Some(7));
/// assert_eq!(byte_offset(text, 1, 10), Some(10)); // after the two-byte `é`
/// assert_eq!(byte_offset(text, 1, 13), Some(13)); // end of the line, before `\r\n`
/// assert_eq!(byte_offset(text, 1, 14), None);
/// assert_eq!(byte_offset(text, 2, 1), Some(15));
/// assert_eq!(byte_offset(text, 4, 1), None);
/// ```
pub fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 || column == 0 {
        return None;
    }
    let mut start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut content = &text[start..end];
    content = content.strip_suffix('\r').unwrap_or(content);
    if line == 1 {
        if let Some(rest) = content.strip_prefix('\u{feff}') {
            content = rest;
            start += '\u{feff}'.len_utf8();
        }
    }
    let wanted = column - 1;
    let mut chars = content.char_indices();
    for _ in 0..wanted {
        chars.next()?;
    }
    Some(start + chars.next().map_or(content.len(), |(i, _)| i))
}

/// One fix that can be applied: replace `start..end` by `replacement`.
struct Candidate<'a> {
    start: usize,
    end: usize,
    replacement: String,
    rule: &'a str,
    index: usize,
}

/// Applies the suggested replacement of every finding in `diags` to `source`, the text
/// of the file the findings came from.
///
/// See the [module documentation](self) for how fixes are located, ordered and checked.
/// Findings without a suggestion are ignored. Never panics, whatever the findings say.
pub fn apply_fixes(source: &str, diags: &[Diagnostic]) -> FixResult {
    let mut candidates = Vec::new();
    let mut skipped = 0;
    for (index, d) in diags.iter().enumerate() {
        let Some(replacement) = &d.suggestion else {
            continue;
        };
        match candidate(source, d, replacement, index) {
            Some(c) => candidates.push(c),
            None => skipped += 1,
        }
    }
    candidates.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.rule.cmp(b.rule))
            .then(a.index.cmp(&b.index))
    });
    let mut text = String::with_capacity(source.len());
    let mut copied = 0;
    let mut fixed = Vec::new();
    for c in candidates {
        if c.start < copied {
            skipped += 1;
            continue;
        }
        text.push_str(&source[copied..c.start]);
        text.push_str(&c.replacement);
        copied = c.end;
        fixed.push(c.index);
    }
    text.push_str(&source[copied..]);
    fixed.sort_unstable();
    FixResult {
        text,
        applied: fixed.len(),
        skipped,
        fixed,
    }
}

fn candidate<'a>(
    source: &str,
    d: &'a Diagnostic,
    replacement: &str,
    index: usize,
) -> Option<Candidate<'a>> {
    let matched = d.matched.as_deref().filter(|m| !m.is_empty())?;
    let start = byte_offset(source, d.line, d.column)?;
    let end = start.checked_add(matched.len())?;
    if source.get(start..end)? != matched
        || replacement == matched
        || contains_word(replacement, matched)
    {
        return None;
    }
    // A replacement with line breaks gets the line ending of the line it lands on.
    let crlf = source[end..]
        .find('\n')
        .is_some_and(|i| source[..end + i].ends_with('\r'));
    let replacement = if crlf && replacement.contains('\n') {
        replacement.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        replacement.to_string()
    };
    Some(Candidate {
        start,
        end,
        replacement,
        rule: &d.rule,
        index,
    })
}

/// Whether `word` occurs in `text` as a whole word, ignoring case.
fn contains_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let word = word.to_lowercase();
    if word.is_empty() {
        return false;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(&word).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        let first = word.chars().next();
        let last = word.chars().next_back();
        let glued_before = before.is_some_and(is_word) && first.is_some_and(is_word);
        let glued_after = after.is_some_and(is_word) && last.is_some_and(is_word);
        !glued_before && !glued_after
    })
}

// ---------------------------------------------------------------------------------------
// Unified diff
// ---------------------------------------------------------------------------------------

/// Lines of context around each change in [`unified_diff`].
const CONTEXT: usize = 3;

/// An edit step over lines: keep, delete from the old text, insert from the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// A unified diff (`diff -u` format, 3 lines of context) from `old` to `new`, both the
/// text of the file `path`. Returns an empty string when the texts are equal.
///
/// Both header lines name `path` as given (`--- path` / `+++ path`), so the diff applies
/// with `patch -p0` or `git apply -p0` from the folder the path is relative to. Lines keep
/// their line endings; a last line without a newline is followed by
/// `\ No newline at end of file`.
///
/// # Example
///
/// ```
/// use carelint::fix::unified_diff;
///
/// let diff = unified_diff("reply.txt", "Hi,\nASAP\nBye\n", "Hi,\nas soon as possible\nBye\n");
/// assert_eq!(
///     diff,
///     "--- reply.txt\n+++ reply.txt\n@@ -1,3 +1,3 @@\n Hi,\n-ASAP\n+as soon as possible\n Bye\n"
/// );
/// ```
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = diff_lines(&a, &b);
    let mut out = format!("--- {path}\n+++ {path}\n");
    let changes: Vec<usize> = (0..ops.len())
        .filter(|&i| !matches!(ops[i], Op::Equal(..)))
        .collect();
    let mut i = 0;
    while i < changes.len() {
        // Gather changes whose context windows touch into one hunk.
        let first = changes[i];
        let mut last = first;
        while i + 1 < changes.len() && changes[i + 1] - last <= 2 * CONTEXT + 1 {
            i += 1;
            last = changes[i];
        }
        i += 1;
        let from = first.saturating_sub(CONTEXT);
        let to = (last + CONTEXT + 1).min(ops.len());
        let hunk = &ops[from..to];
        let (old_start, new_start) = hunk_start(&ops, from);
        let old_len = hunk.iter().filter(|o| !matches!(o, Op::Insert(_))).count();
        let new_len = hunk.iter().filter(|o| !matches!(o, Op::Delete(_))).count();
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(old_start, old_len),
            range(new_start, new_len)
        ));
        for op in hunk {
            let (sign, line) = match *op {
                Op::Equal(x, _) => (' ', a[x]),
                Op::Delete(x) => ('-', a[x]),
                Op::Insert(y) => ('+', b[y]),
            };
            out.push(sign);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// 0-based (old, new) line index of the op at `at`.
fn hunk_start(ops: &[Op], at: usize) -> (usize, usize) {
    let mut old = 0;
    let mut new = 0;
    for op in &ops[..at] {
        match op {
            Op::Equal(..) => {
                old += 1;
                new += 1;
            }
            Op::Delete(_) => old += 1,
            Op::Insert(_) => new += 1,
        }
    }
    (old, new)
}

/// A hunk range: `start,len` with 1-based start (GNU diff omits `,1`; an empty range
/// names the line before it).
fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

/// A shortest edit script from `a` to `b` (Myers), with common ends trimmed first.
/// Inputs too different for the memory budget get "delete all, insert all" for their
/// differing middle: still a correct diff, only not a minimal one.
fn diff_lines(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Equal(i, i)).collect();
    match myers(a_mid, b_mid) {
        Some(mid) => ops.extend(mid.into_iter().map(|op| match op {
            Op::Equal(x, y) => Op::Equal(x + prefix, y + prefix),
            Op::Delete(x) => Op::Delete(x + prefix),
            Op::Insert(y) => Op::Insert(y + prefix),
        })),
        None => {
            ops.extend((0..a_mid.len()).map(|x| Op::Delete(x + prefix)));
            ops.extend((0..b_mid.len()).map(|y| Op::Insert(y + prefix)));
        }
    }
    let (a_end, b_end) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|i| Op::Equal(a_end + i, b_end + i)));
    ops
}

/// Most entries of the saved `V` arrays Myers' algorithm may keep.
const MYERS_BUDGET: usize = 4_000_000;

fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Op>> {
    let n = a.len() as isize;
    let m = b.len() as isize;
    let max = n + m;
    let width = 2 * max as usize + 3;
    let idx = |k: isize| (k + max + 1) as usize;
    let mut v = vec![0isize; width];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=max {
        if (trace.len() + 1).saturating_mul(width) > MYERS_BUDGET {
            return None;
        }
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]) {
                v[idx(k + 1)]
            } else {
                v[idx(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx(k)] = x;
            if x >= n && y >= m {
                return Some(backtrack(&trace, n, m, idx));
            }
            k += 2;
        }
    }
    None
}

fn backtrack(trace: &[Vec<isize>], n: isize, m: isize, idx: impl Fn(isize) -> usize) -> Vec<Op> {
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        let prev_k = if k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[idx(prev_k)];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            ops.push(Op::Equal((x - 1) as usize, (y - 1) as usize));
            x -= 1;
            y -= 1;
        }
        if d > 0 {
            if x == prev_x {
                ops.push(Op::Insert((y - 1) as usize));
            } else {
                ops.push(Op::Delete((x - 1) as usize));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    ops.reverse();
    ops
}

// ---------------------------------------------------------------------------------------
// Atomic write
// ---------------------------------------------------------------------------------------

/// Replaces the file at `path` with `contents` atomically: readers see either the old
/// file or the new one, never a partial write.
///
/// The contents go to a temporary file in the same folder, which is flushed to disk
/// (`fsync`) and then renamed over the original. The original's permissions are kept
/// (its owner is not: the new file belongs to the writing user). When `path` is a
/// symbolic link, the file it points to is replaced and the link stays. When `path`
/// does not exist, it is created.
///
/// # Errors
///
/// Any I/O error (the folder is not writable, the disk is full, `path` is a folder). On
/// error the original file is left untouched and the temporary file is removed.
///
/// # Example
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("carelint-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// let path = dir.join("reply.txt");
/// carelint::fix::write_atomic(&path, "Hello\n")?;
/// assert_eq!(std::fs::read_to_string(&path)?, "Hello\n");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_atomic(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> io::Result<()> {
    let contents = contents.as_ref();
    write_atomic_with(path.as_ref(), |f| f.write_all(contents))
}

/// [`write_atomic`] with the writing step given as a closure (tests make it fail).
fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let target: PathBuf = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let original = match fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            return Err(io::Error::other(format!(
                "{} is a folder, not a file",
                target.display()
            )))
        }
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let (tmp_path, mut file) = create_temp(&dir, &name)?;
    let result = (|| {
        write(&mut file)?;
        if let Some(perms) = original {
            file.set_permissions(perms)?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp_path, &target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp_path);
        return result;
    }
    sync_dir(&dir);
    Ok(())
}

/// Creates a new, empty temporary file next to the target.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut last_error = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(
            ".{name}.carelint-{}-{nanos:x}-{n}.tmp",
            std::process::id()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("cannot create a temporary file")))
}

/// Flushes the folder entry of the rename to disk, where the platform allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A finding to build test cases from (by changing its fields), made by linting so that
/// tests keep compiling when `Diagnostic` gains fields.
#[cfg(test)]
pub(crate) fn sample_diagnostic() -> Diagnostic {
    let pack = r#"
- id: sample
  category: jargon
  severity: warning
  kind: phrases
  phrases: [zzsample]
  message: "sample"
  why: For tests.
"#;
    let linter = crate::Linter::builder()
        .default_rules(false)
        .rules_str("sample.yaml", pack)
        .build()
        .expect("sample pack loads");
    let mut d = linter
        .lint_text("<sample>", "Agent: zzsample", crate::Format::Plain)
        .expect("sample lints")
        .diagnostics
        .remove(0);
    d.speaker = Some(crate::Speaker::Agent);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(line: usize, column: usize, matched: &str, suggestion: &str, rule: &str) -> Diagnostic {
        let mut d = crate::fix::sample_diagnostic();
        d.path = "t.txt".into();
        d.transcript = "t.txt".into();
        d.turn = Some(0);
        d.speaker = Some(crate::Speaker::Agent);
        d.rule = rule.into();
        d.category = crate::Category::Jargon;
        d.severity = Severity::Warning;
        d.message = "m".into();
        d.line = line;
        d.column = column;
        d.span = None;
        d.matched = Some(matched.into());
        d.suggestion = Some(suggestion.into());
        d.end_line = line;
        d.end_column = column + matched.chars().count();
        d.transcript_index = 0;
        d
    }

    #[test]
    fn offsets_count_characters_and_skip_the_bom() {
        let text = "\u{feff}ab\nçd\r\n\nx";
        assert_eq!(byte_offset(text, 1, 1), Some(3));
        assert_eq!(byte_offset(text, 1, 3), Some(5));
        assert_eq!(byte_offset(text, 2, 2), Some(8));
        assert_eq!(byte_offset(text, 2, 3), Some(9));
        assert_eq!(byte_offset(text, 2, 4), None);
        assert_eq!(byte_offset(text, 3, 1), Some(11));
        assert_eq!(byte_offset(text, 4, 2), Some(13));
        assert_eq!(byte_offset(text, 5, 1), None);
        assert_eq!(byte_offset(text, 0, 1), None);
        assert_eq!(byte_offset("", 1, 1), Some(0));
    }

    #[test]
    fn applies_and_verifies() {
        let src = "Agent: ASAP and FYI.\n";
        let r = apply_fixes(
            src,
            &[
                diag(1, 8, "ASAP", "as soon as possible", "a"),
                diag(1, 17, "FYI", "for your information", "b"),
                diag(1, 8, "NOPE", "x", "c"),
            ],
        );
        assert_eq!(
            r.text,
            "Agent: as soon as possible and for your information.\n"
        );
        assert_eq!((r.applied, r.skipped), (2, 1));
        assert_eq!(r.fixed, vec![0, 1]);
    }

    #[test]
    fn overlaps_resolve_earliest_then_longest_then_rule() {
        let src = "please call back asap now";
        let r = apply_fixes(
            src,
            &[
                diag(1, 13, "back asap", "z", "zz"),
                diag(1, 8, "call back", "y", "b"),
                diag(1, 8, "call back asap", "x", "c"),
                diag(1, 8, "call back asap", "w", "a"),
            ],
        );
        assert_eq!(r.text, "please w now");
        assert_eq!((r.applied, r.skipped), (1, 3));
        assert_eq!(r.fixed, vec![3]);
    }

    #[test]
    fn non_converging_and_noop_fixes_are_skipped() {
        let src = "the RMA and u";
        let r = apply_fixes(
            src,
            &[
                diag(1, 5, "RMA", "return authorisation (RMA)", "a"),
                diag(1, 13, "u", "you", "b"),
                diag(1, 1, "the", "the", "c"),
            ],
        );
        assert_eq!(r.text, "the RMA and you");
        assert_eq!((r.applied, r.skipped), (1, 2));
    }

    #[test]
    fn multi_line_replacement_takes_the_line_ending() {
        let src = "a X b\r\nc\r\n";
        let r = apply_fixes(src, &[diag(1, 3, "X", "1\n2", "a")]);
        assert_eq!(r.text, "a 1\r\n2 b\r\nc\r\n");
    }

    #[test]
    fn bad_positions_never_panic() {
        let src = "héllo";
        let mut d = diag(1, 2, "é", "e", "a");
        assert_eq!(apply_fixes(src, std::slice::from_ref(&d)).text, "hello");
        d.column = 99;
        assert_eq!(apply_fixes(src, std::slice::from_ref(&d)).skipped, 1);
        d.line = usize::MAX;
        d.column = usize::MAX;
        assert_eq!(apply_fixes(src, std::slice::from_ref(&d)).skipped, 1);
        d.line = 1;
        d.column = 2;
        d.matched = Some("élloooooo".into());
        assert_eq!(apply_fixes(src, &[d]).skipped, 1);
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

    #[test]
    fn myers_finds_a_shortest_script() {
        let a = ["a", "b", "c", "a", "b", "b", "a"];
        let b = ["c", "b", "a", "b", "a", "c"];
        let ops = myers(&a, &b).unwrap();
        let edits = ops.iter().filter(|o| !matches!(o, Op::Equal(..))).count();
        assert_eq!(edits, 5);
        // Replaying the script gives `b`.
        let replay: Vec<&str> = ops
            .iter()
            .filter_map(|o| match *o {
                Op::Equal(x, _) => Some(a[x]),
                Op::Insert(y) => Some(b[y]),
                Op::Delete(_) => None,
            })
            .collect();
        assert_eq!(replay, b);
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
    fn myers_scripts_replay_both_texts() {
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
            let ops = diff_lines(&a, &b);
            let old: Vec<&str> = ops
                .iter()
                .filter_map(|o| match *o {
                    Op::Equal(x, _) | Op::Delete(x) => Some(a[x]),
                    Op::Insert(_) => None,
                })
                .collect();
            let new: Vec<&str> = ops
                .iter()
                .filter_map(|o| match *o {
                    Op::Equal(_, y) | Op::Insert(y) => Some(b[y]),
                    Op::Delete(_) => None,
                })
                .collect();
            assert_eq!((&old, &new), (&a, &b));
            let text_a: String = a.iter().map(|w| format!("{w}\n")).collect();
            let text_b: String = b.iter().map(|w| format!("{w}\n")).collect();
            let diff = unified_diff("f", &text_a, &text_b);
            assert_eq!(diff.is_empty(), a == b);
            assert_eq!(apply_unified(&text_a, &diff), text_b, "{diff}");
        }
    }

    #[test]
    fn failed_write_keeps_the_original_and_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("carelint-fix-unit-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.txt");
        fs::write(&path, "original\n").unwrap();
        let err = write_atomic_with(&path, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(fs::read_to_string(&path).unwrap(), "original\n");
        let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "temporary file left behind");
        fs::remove_dir_all(&dir).unwrap();
    }
}
