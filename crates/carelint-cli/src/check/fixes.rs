//! `--fix` and `--diff`: which files may be rewritten, and rewriting them.
//!
//! A fixed file is written only when all of these hold, checked just before the write:
//!
//! - it was read from a file (not stdin, not a streamed JSON Lines file);
//! - it is a reply template, or `--fix-transcripts` was given;
//! - its real path (links resolved) is a regular file inside one of the paths given on
//!   the command line (the current folder when none is given): a link to a file outside
//!   is not followed for writing, whatever `--follow` says;
//! - it still holds the bytes that were linted (a content stamp, compared after the new
//!   contents are on disk and just before the atomic rename).
//!
//! Anything else is reported as not fixed, with the reason. A write that fails is an
//! error (exit 2), and the counts say only what was really written.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::diff::unified_diff;
use crate::atomic::{replace_if_unchanged, Replaced};
use carelint::fix::apply_fixes;
use carelint::{Error, Format, SourceReport};

use super::read::SourceFile;
use crate::args::CheckArgs;

/// The canonical paths fixes may be written under.
pub struct Roots(Vec<PathBuf>);

impl Roots {
    pub fn new(paths: &[PathBuf]) -> Roots {
        Roots(
            paths
                .iter()
                .filter(|p| p.as_os_str() != "-")
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect(),
        )
    }

    /// The real path to write `path`'s fix to, or why it is not written.
    pub fn check(&self, path: &Path) -> Result<PathBuf, String> {
        let real = std::fs::canonicalize(path)
            .map_err(|e| format!("cannot resolve its real path: {e}"))?;
        match std::fs::metadata(&real) {
            Ok(m) if m.is_file() => {}
            Ok(_) => return Err("not a regular file".into()),
            Err(e) => return Err(format!("cannot read its metadata: {e}")),
        }
        if !self.0.iter().any(|root| real.starts_with(root)) {
            return Err(format!(
                "its real path {} is outside the paths given on the command line",
                real.display()
            ));
        }
        Ok(real)
    }
}

/// Applies fixes, or prints them as a diff, and counts what happened.
pub struct Fixer {
    fix: bool,
    diff: bool,
    fix_transcripts: bool,
    format: Format,
    roots: Roots,
    /// Findings fixed (written, or shown in the diff).
    pub applied: usize,
    /// Files rewritten (or shown in the diff).
    pub files: usize,
    /// Transcript files whose fixes were not written (without `--fix-transcripts`).
    pub refused: usize,
    /// Files with fixes that were not written (outside the roots, changed meanwhile).
    pub not_fixed: usize,
}

impl Fixer {
    pub fn new(args: &CheckArgs, format: Format) -> Fixer {
        Fixer {
            fix: args.fix,
            diff: args.diff,
            fix_transcripts: args.fix_transcripts,
            format,
            roots: Roots::new(&args.paths),
            applied: 0,
            files: 0,
            refused: 0,
            not_fixed: 0,
        }
    }

    /// Applies the fixes of one source (or prints their diff); the fixed findings are
    /// removed from the report. A failed write is returned as an error.
    pub fn run(
        &mut self,
        out: &mut dyn Write,
        report: &mut SourceReport,
        text: Option<&str>,
        file: Option<&SourceFile>,
    ) -> io::Result<Option<Error>> {
        if !(self.fix || self.diff) || !report.diagnostics.iter().any(|d| d.suggestion.is_some()) {
            return Ok(None);
        }
        let (Some(text), Some(file)) = (text, file) else {
            return Ok(None);
        };
        if !report.templates_only && !self.fix_transcripts {
            self.refused += 1;
            return Ok(None);
        }
        let format = match self.format {
            Format::Auto => Format::detect(Some(&file.path), text).unwrap_or(Format::Plain),
            f => f,
        };
        let result = apply_fixes(text, &report.diagnostics, format);
        if result.applied == 0 || result.text == text {
            return Ok(None);
        }
        if self.diff {
            self.applied += result.applied;
            self.files += 1;
            out.write_all(unified_diff(&report.path, text, &result.text).as_bytes())?;
            return Ok(None);
        }
        let real = match self.roots.check(&file.path) {
            Ok(real) => real,
            Err(why) => return Ok(self.not_fixed(out, &report.path, &why)),
        };
        let Some(stamp) = file.stamp else {
            return Ok(None);
        };
        let bytes = file.encoding.encode(&result.text);
        match replace_if_unchanged(&real, bytes, stamp) {
            Ok(Replaced::Written) => {}
            Ok(_) => {
                return Ok(self.not_fixed(
                    out,
                    &report.path,
                    "the file changed after it was read; run carelint again",
                ))
            }
            Err(e) => {
                return Ok(Some(Error::io(
                    report.path.clone(),
                    "cannot write the fixed file",
                    e,
                )))
            }
        }
        self.applied += result.applied;
        self.files += 1;
        let mut fixed = result.fixed.iter().copied().peekable();
        let mut i = 0;
        report.diagnostics.retain(|_| {
            let keep = fixed.peek() != Some(&i);
            if !keep {
                fixed.next();
            }
            i += 1;
            keep
        });
        Ok(None)
    }

    fn not_fixed(&mut self, out: &mut dyn Write, path: &str, why: &str) -> Option<Error> {
        self.not_fixed += 1;
        let _ = out.flush();
        eprintln!("warning: {path}: not fixed: {why}");
        None
    }
}
