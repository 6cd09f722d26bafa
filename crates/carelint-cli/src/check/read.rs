//! Linting one input read whole (any file but a streamed JSON Lines file, or stdin).

use std::path::Path;

use carelint::{source, Error, ErrorKind, Format};

use super::inputs::Input;
use super::pipeline::{JobContext, Outcome};

/// Reads, decodes and lints one input.
pub fn lint_input(cx: &JobContext, input: &Input) -> Outcome {
    let (name, bytes, explicit) = match input {
        Input::Stdin => (
            cx.stdin_name.clone(),
            cx.stdin.clone().unwrap_or_default(),
            true,
        ),
        Input::File { path, explicit } => match read_file(path, cx.max_bytes) {
            Ok(b) => (path.display().to_string(), b, *explicit),
            Err(e) => return Outcome::Failed(e),
        },
    };
    if source::binary_offset(&bytes).is_some() {
        if !explicit {
            return Outcome::Skipped(None);
        }
        return Outcome::Failed(
            Error::new(
                ErrorKind::Io,
                "binary file (it contains NUL bytes); carelint reads UTF-8 text",
            )
            .with_path(name),
        );
    }
    let text = match source::decode(bytes, &name) {
        Ok(t) => t.into_owned(),
        Err(e) => return Outcome::Failed(e),
    };
    let empty = text.trim().is_empty();
    match cx
        .linter
        .lint_text_with_transcripts(&name, &text, cx.format)
    {
        Ok((report, transcripts)) => Outcome::Linted {
            report,
            bytes: text.len() as u64,
            text: Some(text),
            empty,
            errors: Vec::new(),
            transcripts: if cx.keep_transcripts {
                transcripts
            } else {
                Vec::new()
            },
        },
        // A `.json` file found while walking a folder may be anything (package.json,
        // stats): when it is no transcript format, skip it with a note instead of failing
        // the run. Asked only after a failure, so that a transcript is parsed once.
        Err(e) => match not_a_transcript(cx, &name, &text, explicit) {
            Some(note) => Outcome::Skipped(Some(note)),
            None => Outcome::Failed(e),
        },
    }
}

/// For a walked `.json` file that matches no transcript format: the note saying so.
fn not_a_transcript(cx: &JobContext, name: &str, text: &str, explicit: bool) -> Option<String> {
    if explicit || cx.format != Format::Auto || !name.to_ascii_lowercase().ends_with(".json") {
        return None;
    }
    let e = Format::detect(Some(Path::new(name)), text).err()?;
    let why = e.to_string();
    let why = why.split(';').next().unwrap_or(&why).to_string();
    Some(format!(
        "{why}; skipped (name the file to lint it with --input-format)"
    ))
}

/// Reads a file of at most `max_bytes`.
fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Error> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > max_bytes {
            return Err(too_large(path, meta.len(), max_bytes));
        }
    }
    source::read_capped(path, max_bytes, "file").map_err(|e| {
        if e.kind() == ErrorKind::TooLarge {
            too_large(path, max_bytes + 1, max_bytes)
        } else {
            Error::new(e.kind(), strip_what(e.message())).with_path(path.display().to_string())
        }
    })
}

/// `cannot read file: permission denied` → `permission denied`: the path says the rest.
fn strip_what(message: &str) -> String {
    message
        .strip_prefix("cannot read file: ")
        .unwrap_or(message)
        .to_string()
}

fn too_large(path: &Path, size: u64, max_bytes: u64) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        format!(
            "file is {:.0} MB, above the --max-file-size limit of {} MB; skipped (raise the limit to lint it)",
            size as f64 / 1_048_576.0,
            max_bytes / 1_048_576
        ),
    )
    .with_path(path.display().to_string())
}
