//! What `carelint check` reads: the paths on the command line, folders walked.
//!
//! Paths stay `PathBuf`s from the walk to the write: a file name that is not UTF-8 is
//! shown lossily in the output but read and written under its real name.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

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

/// What the walk found.
#[derive(Debug, Default)]
pub struct Collected {
    /// The inputs in output order (sorted, without duplicates).
    pub inputs: Vec<Input>,
    /// Files with a lintable extension, and folders, that ignore rules (`.gitignore`,
    /// `.ignore`, `.carelintignore`, the git-global excludes, hidden names) kept out.
    pub ignored_files: usize,
    pub ignored_folders: usize,
}

/// Collects the inputs. Problems walking a folder are appended to `errors`.
pub fn collect(args: &CheckArgs, errors: &mut Vec<Error>) -> Collected {
    let mut c = Collected::default();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            c.inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(Error::io(path.display().to_string(), "", e)),
            Ok(meta) if !meta.is_dir() => c.inputs.push(Input::File {
                path: path.clone(),
                explicit: true,
            }),
            Ok(_) => walk(args, path, &mut c, errors),
        }
    }
    c.inputs.sort();
    c.inputs.dedup_by(|a, b| match (a, b) {
        (Input::File { path: pa, .. }, Input::File { path: pb, .. }) => pa == pb,
        (Input::Stdin, Input::Stdin) => true,
        _ => false,
    });
    c
}

fn walker(args: &CheckArgs, root: &Path, respect: bool) -> ignore::WalkBuilder {
    let mut b = ignore::WalkBuilder::new(root);
    b.hidden(respect)
        .ignore(respect)
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .parents(respect)
        .require_git(false)
        .follow_links(args.follow);
    if respect {
        b.add_custom_ignore_filename(".carelintignore");
    }
    b
}

fn lintable(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| Format::WALK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The files of a folder carelint reads, honouring ignore files unless `--no-ignore`.
fn walk(args: &CheckArgs, root: &Path, c: &mut Collected, errors: &mut Vec<Error>) {
    let respect = !args.no_ignore;
    let mut folders = HashSet::new();
    let mut found = 0usize;
    for entry in walker(args, root, respect).build() {
        match entry {
            Ok(entry) => {
                let p = entry.path();
                let Some(t) = entry.file_type() else { continue };
                if t.is_dir() {
                    if respect {
                        folders.insert(p.to_path_buf());
                    }
                } else if t.is_file() && lintable(p) {
                    found += 1;
                    c.inputs.push(Input::File {
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
    if respect {
        count_ignored(args, root, folders, found, c);
    }
}

/// Counts what the ignore rules kept out of the walk of `root`: a second walk without
/// them that does not enter the folders the first walk skipped (each counts as one), so
/// it costs about as much as the first. `.git` folders are not counted.
fn count_ignored(
    args: &CheckArgs,
    root: &Path,
    walked: HashSet<PathBuf>,
    found: usize,
    c: &mut Collected,
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let walked = Arc::new(walked);
    let skipped_folders = Arc::new(AtomicUsize::new(0));
    let mut b = walker(args, root, false);
    {
        let (walked, skipped) = (Arc::clone(&walked), Arc::clone(&skipped_folders));
        b.filter_entry(move |e| {
            let skip = e.depth() > 0
                && e.file_type().is_some_and(|t| t.is_dir())
                && !walked.contains(e.path());
            if skip && e.file_name() != ".git" {
                skipped.fetch_add(1, Ordering::Relaxed);
            }
            !skip
        });
    }
    let all = b
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && lintable(e.path()))
        .count();
    c.ignored_files += all.saturating_sub(found);
    c.ignored_folders += skipped_folders.load(Ordering::Relaxed);
}
