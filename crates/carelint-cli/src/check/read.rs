//! Linting one input read whole (any file but a streamed JSON Lines file, or stdin).

use std::io::Read;
use std::path::{Path, PathBuf};

use carelint::source::{self, Encoding};
use carelint::{Error, ErrorKind, Format};

use super::inputs::{skip, Input};
use super::pipeline::{JobContext, Outcome};
use crate::atomic::Stamp;

/// The file a source was read from, for writing fixes back.
pub struct SourceFile {
    /// The path as walked or given (not the lossy display name).
    pub path: PathBuf,
    /// What the file held when it was read (only with `--fix`).
    pub stamp: Option<Stamp>,
    /// How the file was encoded, to write it back the same way.
    pub encoding: Encoding,
}

/// Reads, decodes and lints one input with linter number `linter`.
pub fn lint_input(cx: &JobContext, linter: usize, input: &Input) -> Outcome {
    let linter = cx.linter(linter);
    let (name, bytes, file) = match input {
        Input::Stdin => match cx.stdin.clone().unwrap_or_else(|| Ok(Vec::new())) {
            Ok(b) => (cx.stdin_name.clone(), b, None),
            Err(e) => return Outcome::Failed(e),
        },
        Input::File { path, explicit } => match read_file(path, cx.max_bytes) {
            Ok(b) => (path.display().to_string(), b, Some(path)),
            Err(Failure::Binary(at)) => {
                if !explicit {
                    return Outcome::Skipped {
                        reason: skip::BINARY,
                        note: None,
                    };
                }
                let name = path.display().to_string();
                return Outcome::Failed(crate::capped::binary_error(&name, at));
            }
            Err(Failure::Error(e)) => return Outcome::Failed(e),
        },
    };
    let explicit = match input {
        Input::Stdin => true,
        Input::File { explicit, .. } => *explicit,
    };
    if let Some(at) = crate::capped::binary_offset(&bytes) {
        return Outcome::Failed(crate::capped::binary_error(&name, at));
    }
    let file = file.map(|path| {
        Box::new(SourceFile {
            path: path.clone(),
            stamp: cx.stamp.then(|| Stamp::of(&bytes)),
            encoding: Encoding::of(&bytes),
        })
    });
    let text = match source::decode(bytes, &name) {
        Ok(t) => t.into_owned(),
        Err(e) => return Outcome::Failed(e),
    };
    if text.trim().is_empty() {
        return Outcome::Skipped {
            reason: skip::EMPTY,
            note: Some(format!("{name}: empty file, nothing to lint")),
        };
    }
    match linter.lint_text_with_transcripts(&name, &text, cx.format) {
        Ok((report, transcripts)) => Outcome::Linted {
            report,
            bytes: text.len() as u64,
            text: Some(text),
            file,
            errors: Vec::new(),
            transcripts: if cx.keep_transcripts || (cx.keep_structured && structured(cx, &name)) {
                transcripts
            } else {
                Vec::new()
            },
        },
        // A `.json` file found while walking a folder may be anything (package.json,
        // stats): when it is no transcript format, skip it with a note instead of failing
        // the run. Asked only after a failure, so that a transcript is parsed once.
        Err(e) => match not_a_transcript_note(&name, &text, explicit, cx.format) {
            Some(note) => Outcome::Skipped {
                reason: skip::NOT_A_TRANSCRIPT,
                note: Some(note),
            },
            None => Outcome::Failed(e),
        },
    }
}

/// Whether a source is structured (JSON, CSV, captions…) rather than plain text, by
/// `--input-format` or its extension.
fn structured(cx: &JobContext, name: &str) -> bool {
    let format = match cx.format {
        Format::Auto => Format::for_path(Path::new(name)),
        f => Some(f),
    };
    !matches!(format, None | Some(Format::Plain))
}

/// For a `.json` file found while walking a folder (not named: `explicit` is false, and
/// read with `format` auto) that matches no transcript format: the note that it is
/// skipped. The commands that walk folders (`check`, `sample`, `eval`) skip such files.
pub(crate) fn not_a_transcript_note(
    name: &str,
    text: &str,
    explicit: bool,
    format: Format,
) -> Option<String> {
    if explicit || format != Format::Auto || !name.to_ascii_lowercase().ends_with(".json") {
        return None;
    }
    let e = Format::detect(Some(Path::new(name)), text).err()?;
    let why = e.to_string();
    let why = why.split(';').next().unwrap_or(&why).to_string();
    Some(format!(
        "{why}; skipped (name the file to lint it with --input-format)"
    ))
}

/// Why a file was not read.
enum Failure {
    /// A NUL byte at this offset in the first 8 KB.
    Binary(usize),
    Error(Error),
}

/// Reads a file of at most `max_bytes`. The first 8 KB are read first: a binary file
/// (or `/dev/zero`) is refused before the rest is read, and no read asks for more than
/// `max_bytes + 1` bytes, whatever the file's metadata says (devices, FIFOs, growing
/// files).
fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Failure> {
    let name = path.display().to_string();
    let too_big = |size: u64| Failure::Error(too_large(path, Some(size), max_bytes));
    // Open first and ask the open file its size (one `fstat`, no second path lookup).
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return Err(match std::fs::metadata(path) {
                Ok(meta) if meta.len() > max_bytes => too_big(meta.len()),
                _ => Failure::Error(Error::io(&name, "", e)),
            })
        }
    };
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if let Some(size) = size.filter(|&n| n > max_bytes) {
        return Err(too_big(size));
    }
    // One buffer for the probe and the rest; sized from the metadata when it has one
    // (capped, as the metadata of a growing file may be stale).
    let capacity = size.map_or(0, |n| n.saturating_add(1).min(max_bytes.saturating_add(1)));
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let probe = crate::capped::BINARY_PROBE.min(max_bytes.saturating_add(1));
    (&mut file)
        .take(probe)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Error(Error::io(&name, "", e)))?;
    if let Some(at) = crate::capped::binary_offset(&bytes) {
        return Err(Failure::Binary(at));
    }
    if bytes.len() as u64 > max_bytes {
        return Err(Failure::Error(too_large(path, None, max_bytes)));
    }
    // A probe that stopped short of its limit stopped at the end of the file: most files
    // are smaller than the probe, and asking again would cost a read that returns nothing.
    if (bytes.len() as u64) < probe {
        return Ok(bytes);
    }
    let limit = max_bytes - bytes.len() as u64;
    let read = (&mut file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Error(Error::io(&name, "", e)))?;
    if read as u64 > limit {
        return Err(Failure::Error(too_large(path, None, max_bytes)));
    }
    Ok(bytes)
}

/// A file over the limit; `size` when its metadata says it (not for devices and pipes).
fn too_large(path: &Path, size: Option<u64>, max_bytes: u64) -> Error {
    let size = match size {
        // The same units as the limit and the summary's "Checked 1.2 MB" (1 MB = 2^20
        // bytes), so a file just above the limit never reads as equal to it.
        Some(n) if crate::capped::human_size(n) == crate::capped::human_size(max_bytes) => {
            format!("is {n} bytes, above")
        }
        Some(n) => format!("is {}, above", crate::capped::human_size(n)),
        None => "is larger than".to_string(),
    };
    Error::new(
        ErrorKind::TooLarge,
        format!(
            "file {size} the --max-file-size limit of {}; skipped (raise the limit to lint it)",
            crate::capped::human_size(max_bytes)
        ),
    )
    .with_path(path.display().to_string())
}
