//! What `carelint check` reads: the paths on the command line, folders walked.

use std::path::PathBuf;

use carelint::{Error, Format};

use crate::args::CheckArgs;

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file; `explicit` when named on the command line (then any extension is read
    /// and a binary file is an error rather than skipped).
    File { path: PathBuf, explicit: bool },
    /// Standard input (`-`).
    Stdin,
}

/// The inputs in output order (sorted, without duplicates). Problems walking a folder are
/// appended to `errors`.
pub fn collect(args: &CheckArgs, errors: &mut Vec<Error>) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(Error::io(path.display().to_string(), "", e)),
            Ok(meta) if !meta.is_dir() => inputs.push(Input::File {
                path: path.clone(),
                explicit: true,
            }),
            Ok(_) => walk(args, path, &mut inputs, errors),
        }
    }
    inputs.sort();
    inputs.dedup_by(|a, b| match (a, b) {
        (Input::File { path: pa, .. }, Input::File { path: pb, .. }) => pa == pb,
        (Input::Stdin, Input::Stdin) => true,
        _ => false,
    });
    inputs
}

/// The files of a folder carelint reads, honouring ignore files unless `--no-ignore`.
fn walk(args: &CheckArgs, root: &PathBuf, inputs: &mut Vec<Input>, errors: &mut Vec<Error>) {
    let respect = !args.no_ignore;
    let walker = ignore::WalkBuilder::new(root)
        .hidden(respect)
        .ignore(respect)
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .parents(respect)
        .require_git(false)
        .add_custom_ignore_filename(".carelintignore")
        .follow_links(true)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let p = entry.path();
                let readable = p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    Format::WALK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                });
                if entry.file_type().is_some_and(|t| t.is_file()) && readable {
                    inputs.push(Input::File {
                        path: p.to_path_buf(),
                        explicit: false,
                    });
                }
            }
            Err(e) => errors.push(
                Error::new(carelint::ErrorKind::Io, e.to_string())
                    .with_path(root.display().to_string()),
            ),
        }
    }
}
