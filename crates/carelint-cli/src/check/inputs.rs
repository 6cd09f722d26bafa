//! What `carelint check` reads: the paths on the command line, folders walked, each file
//! with the configuration nearest to it.
//!
//! Paths stay `PathBuf`s from the walk to the write: a file name that is not UTF-8 is
//! shown lossily in the output but read and written under its real name.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use carelint::{Error, Format};

use super::configs::Configs;
use super::select::{absolute, is_documentation, Globs};
use crate::args::WalkArgs;

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file; `explicit` when named on the command line (then any extension is read
    /// and a binary file is an error rather than skipped).
    File { path: PathBuf, explicit: bool },
    /// Standard input (`-`).
    Stdin,
}

/// Why a walked file was not read (the keys of the summary's `skipped`).
pub mod skip {
    /// Kept out by `.gitignore`, `.ignore`, `.carelintignore`, the git-global excludes or
    /// a hidden name.
    pub const IGNORED: &str = "ignored";
    /// Matched `--exclude` or a config's `exclude`.
    pub const EXCLUDED: &str = "excluded";
    /// README, CHANGELOG, LICENSE, CONTRIBUTING, … or below `docs/`.
    pub const DOCUMENTATION: &str = "documentation";
    /// An extension carelint does not read while walking (or not asked for).
    pub const EXTENSION: &str = "other-extension";
    /// A symbolic link (without `--follow`).
    pub const SYMLINK: &str = "symlink";
    /// A NUL byte in its first 8 KB.
    pub const BINARY: &str = "binary";
    /// A `.json` file that is no transcript format.
    pub const NOT_A_TRANSCRIPT: &str = "not-a-transcript";
    /// No text at all.
    pub const EMPTY: &str = "empty";
}

/// What the walk found.
#[derive(Default)]
pub struct Collected {
    /// The inputs in output order (sorted, without duplicates); empty when they are
    /// streamed ([`count`], [`stream`]).
    pub inputs: Vec<Input>,
    /// How many inputs there are (also when they are streamed).
    pub count: usize,
    /// For each input, the index of its config in [`Configs`].
    pub config_of: Vec<usize>,
    /// Files not read, by reason ([`skip`]).
    pub skipped: BTreeMap<&'static str, usize>,
    /// Folders that ignore rules kept out of the walk.
    pub ignored_folders: usize,
    /// Files not read for their extension, by extension (`""` for none).
    pub other_extensions: BTreeMap<String, usize>,
}

/// The walk's settings, from the command line.
pub struct Walk<'a> {
    pub paths: &'a [PathBuf],
    pub walk: &'a WalkArgs,
    pub no_ignore: bool,
    pub follow: bool,
    pub cwd: &'a Path,
    /// Files this run writes (`-o`, baselines, reports): a folder walk never reads them,
    /// so a second run does not lint the first one's output. Relative to `cwd` or
    /// absolute.
    pub outputs: Vec<PathBuf>,
}

impl Walk<'_> {
    /// The extensions a walk reads.
    fn extensions(&self) -> Vec<String> {
        let mut exts: Vec<String> = self
            .walk
            .extension
            .iter()
            .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
            .chain(
                self.walk
                    .types
                    .iter()
                    .flat_map(|t| t.extensions().iter().map(std::string::ToString::to_string)),
            )
            .filter(|e| !e.is_empty())
            .collect();
        if exts.is_empty() {
            exts = Format::WALK_EXTENSIONS
                .iter()
                .map(std::string::ToString::to_string)
                .collect();
        }
        exts
    }
}

/// Collects the inputs and their configs. Problems walking a folder are appended to
/// `errors`.
///
/// # Errors
///
/// A bad `--include`/`--exclude` glob, or a config that cannot be read or parsed.
pub fn collect(
    w: &Walk<'_>,
    configs: &mut Configs,
    errors: &mut Vec<Error>,
) -> anyhow::Result<Collected> {
    let mut c = Collected::default();
    let mut found: Vec<(Input, usize)> = Vec::new();
    gather(
        w,
        configs,
        errors,
        &mut c,
        Pass::Collect,
        &mut |input, ci| {
            found.push((input, ci));
            true
        },
    )?;
    found.sort();
    found.dedup_by(|a, b| match (&a.0, &b.0) {
        (Input::File { path: pa, .. }, Input::File { path: pb, .. }) => pa == pb,
        (Input::Stdin, Input::Stdin) => true,
        _ => false,
    });
    // Not `unzip`: that holds two new lists next to `found` at once; collecting the
    // inputs out of `found` reuses its allocation (a folder of 100,000 files held
    // ~3 MB less at the peak).
    c.count = found.len();
    c.config_of = found.iter().map(|f| f.1).collect();
    c.inputs = found.into_iter().map(|f| f.0).collect();
    Ok(c)
}

/// Whether the inputs can be streamed ([`count`], then [`stream`]) rather than
/// collected: every path is a folder and no folder is inside another (or the same).
/// Then walking the folders in sorted order, each folder's entries sorted by name, gives
/// the files in the order [`collect`] sorts them into (paths compare component by
/// component), without duplicates.
pub fn streamable(w: &Walk<'_>) -> bool {
    let mut roots: Vec<&Path> = Vec::with_capacity(w.paths.len());
    for p in w.paths {
        if p.as_os_str() == "-" || !std::fs::metadata(p).is_ok_and(|m| m.is_dir()) {
            return false;
        }
        roots.push(p);
    }
    roots.sort();
    !roots.is_empty() && roots.windows(2).all(|r| !r[1].starts_with(r[0]))
}

/// The first pass over streamable inputs ([`streamable`]): walks them (in the walk's own
/// order, as [`collect`] does: sorting each folder's entries costs instructions) and calls
/// `each` with every input and its config, counting what is skipped, the errors and the
/// ignored files as [`collect`] does, without holding the inputs.
///
/// # Errors
///
/// As [`collect`].
pub fn count(
    w: &Walk<'_>,
    configs: &mut Configs,
    errors: &mut Vec<Error>,
    each: &mut dyn FnMut(&Input, usize),
) -> anyhow::Result<Collected> {
    let mut c = Collected::default();
    gather(w, configs, errors, &mut c, Pass::Count, &mut |input, ci| {
        each(&input, ci);
        true
    })?;
    Ok(c)
}

/// The second pass over streamable inputs: walks them again in output order and hands
/// each input with its config to `sink` until it returns `false`. What is skipped and
/// the walk's errors were counted and reported by [`count`]; this pass does not count
/// the ignored files again.
///
/// # Errors
///
/// A config that cannot be read (it was read by [`count`], so only when it changed on
/// disk in between).
pub fn stream(
    w: &Walk<'_>,
    configs: &mut Configs,
    sink: &mut dyn FnMut(Input, usize) -> bool,
) -> anyhow::Result<()> {
    gather(
        w,
        configs,
        &mut Vec::new(),
        &mut Collected::default(),
        Pass::Stream,
        sink,
    )
}

/// Which pass [`gather`] makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Any paths, in the order given (the caller sorts).
    Collect,
    /// Streamable paths, in any order; counts the ignored files.
    Count,
    /// Streamable paths, sorted; counts nothing.
    Stream,
}

/// Hands every input of the paths with its config to `sink` (until it returns `false`),
/// counting what is skipped in `c`.
fn gather(
    w: &Walk<'_>,
    configs: &mut Configs,
    errors: &mut Vec<Error>,
    c: &mut Collected,
    pass: Pass,
    sink: &mut dyn FnMut(Input, usize) -> bool,
) -> anyhow::Result<()> {
    let cli = Globs::new(
        w.cwd,
        w.walk.include.iter().map(|p| ("--include", p.clone())),
        w.walk.exclude.iter().map(|p| ("--exclude", p.clone())),
    )?;
    let exts = w.extensions();
    let mut paths: Vec<&PathBuf> = w.paths.iter().collect();
    if pass == Pass::Stream {
        paths.sort();
    }
    let mut n = 0usize;
    let mut sink = |input: Input, ci: usize| {
        n += 1;
        sink(input, ci)
    };
    for path in paths {
        if path.as_os_str() == "-" {
            if !sink(Input::Stdin, configs.for_cwd()?) {
                break;
            }
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(Error::io(path.display().to_string(), "", e)),
            Ok(meta) if !meta.is_dir() => {
                let abs = absolute(w.cwd, path);
                let ci = configs.for_file(&abs)?;
                // --force-exclude: a named file is kept out as a walked one would be (by
                // the exclude globs, or as documentation unless an include names it).
                if w.walk.force_exclude {
                    let globs = configs.globs(ci);
                    let reason = if cli.excludes(&abs) || globs.excludes(&abs) {
                        Some(skip::EXCLUDED)
                    } else if !(cli.includes(&abs) || globs.includes(&abs))
                        && is_documentation(w.cwd, &abs)
                    {
                        Some(skip::DOCUMENTATION)
                    } else {
                        None
                    };
                    if let Some(r) = reason {
                        *c.skipped.entry(r).or_default() += 1;
                        continue;
                    }
                }
                let input = Input::File {
                    path: path.clone(),
                    explicit: true,
                };
                if !sink(input, ci) {
                    break;
                }
            }
            Ok(_) => {
                if !walk(w, &cli, &exts, path, configs, pass, &mut sink, c, errors)? {
                    break;
                }
            }
        }
    }
    c.count += n;
    Ok(())
}

/// A walk of `root`; with `sorted`, each folder's entries in the order of their names
/// (the order in which `Path`s sort, component by component).
fn walker(w: &Walk<'_>, root: &Path, respect: bool, sorted: bool) -> ignore::WalkBuilder {
    let mut b = ignore::WalkBuilder::new(root);
    if sorted {
        b.sort_by_file_name(|a, b| a.cmp(b));
    }
    b.hidden(respect)
        .ignore(respect)
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .parents(respect)
        .require_git(false)
        .follow_links(w.follow);
    if respect {
        b.add_custom_ignore_filename(".carelintignore");
    }
    b
}

/// The lower-case extension of a path (`""` for none).
fn extension(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// Hands the files of a folder carelint reads to `sink`, honouring ignore files unless
/// `--no-ignore`; `false` when `sink` asked to stop.
#[allow(clippy::too_many_arguments)]
fn walk(
    w: &Walk<'_>,
    cli: &Globs,
    exts: &[String],
    root: &Path,
    configs: &mut Configs,
    pass: Pass,
    sink: &mut dyn FnMut(Input, usize) -> bool,
    c: &mut Collected,
    errors: &mut Vec<Error>,
) -> anyhow::Result<bool> {
    let respect = !w.no_ignore;
    let sorted = pass == Pass::Stream;
    let mut folders = HashSet::new();
    let mut lintable = 0usize;
    for entry in walker(w, root, respect, sorted).build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(
                    Error::new(carelint::ErrorKind::Io, e.to_string())
                        .with_path(root.display().to_string()),
                );
                continue;
            }
        };
        let p = entry.path();
        let Some(t) = entry.file_type() else { continue };
        if t.is_dir() {
            if respect && pass != Pass::Stream {
                folders.insert(p.to_path_buf());
            }
            continue;
        }
        let ext = extension(p);
        if exts.contains(&ext) {
            lintable += 1;
        }
        if t.is_symlink() {
            *c.skipped.entry(skip::SYMLINK).or_default() += 1;
            continue;
        }
        if !t.is_file() {
            continue;
        }
        let abs = absolute(w.cwd, p);
        if w.outputs.iter().any(|o| absolute(w.cwd, o) == abs) {
            continue;
        }
        let ci = configs.for_file(&abs)?;
        let globs = configs.globs(ci);
        let reason = if cli.excludes(&abs) || globs.excludes(&abs) {
            Some(skip::EXCLUDED)
        } else if cli.includes(&abs) || globs.includes(&abs) {
            None
        } else if !exts.contains(&ext) {
            *c.other_extensions.entry(ext).or_default() += 1;
            Some(skip::EXTENSION)
        } else if is_documentation(root, p) {
            Some(skip::DOCUMENTATION)
        } else {
            None
        };
        match reason {
            Some(r) => *c.skipped.entry(r).or_default() += 1,
            None => {
                let input = Input::File {
                    path: p.to_path_buf(),
                    explicit: false,
                };
                if !sink(input, ci) {
                    return Ok(false);
                }
            }
        }
    }
    if respect && pass != Pass::Stream {
        count_ignored(w, exts, root, folders, lintable, c);
    }
    Ok(true)
}

/// Counts what the ignore rules kept out of the walk of `root`: a second walk without
/// them that does not enter the folders the first walk skipped (each counts as one), so
/// it costs about as much as the first. `.git` folders are not counted.
fn count_ignored(
    w: &Walk<'_>,
    exts: &[String],
    root: &Path,
    walked: HashSet<PathBuf>,
    found: usize,
    c: &mut Collected,
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let walked = Arc::new(walked);
    let skipped_folders = Arc::new(AtomicUsize::new(0));
    let mut b = walker(w, root, false, false);
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
        .filter(|e| {
            e.file_type().is_some_and(|t| t.is_file() || t.is_symlink())
                && exts.contains(&extension(e.path()))
        })
        .count();
    let ignored = all.saturating_sub(found);
    if ignored > 0 {
        *c.skipped.entry(skip::IGNORED).or_default() += ignored;
    }
    c.ignored_folders += skipped_folders.load(Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn check_args() -> crate::args::CheckArgs {
        match crate::args::Cli::try_parse_from(["carelint", "check", "--no-config"]) {
            Ok(crate::args::Cli {
                command: crate::args::Command::Check(a),
            }) => a,
            _ => panic!("`check --no-config` does not parse"),
        }
    }

    fn walk_of<'a>(
        args: &'a crate::args::CheckArgs,
        paths: &'a [PathBuf],
        cwd: &'a Path,
    ) -> Walk<'a> {
        Walk {
            paths,
            walk: &args.walk,
            no_ignore: false,
            follow: false,
            cwd,
            outputs: Vec::new(),
        }
    }

    /// A folder whose names sort differently as strings and as paths (`b.txt` before
    /// `b/` as strings, after it as paths), with upper case, spaces, dashes, dots and
    /// non-ASCII names.
    fn tree(root: &Path) {
        for f in [
            "a/b.txt",
            "a/b/c.txt",
            "a/b-c.txt",
            "a/b c.txt",
            "a/B.txt",
            "a/é.txt",
            "a/b0/d.txt",
            "a-b/x.txt",
            "a.b/x.txt",
            "a0.txt",
            "ab/x.txt",
            "Z.txt",
            "z/y/x/w.txt",
            "z.txt",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "Agent: Hello.\n").unwrap();
        }
    }

    fn files(inputs: &[Input]) -> Vec<PathBuf> {
        inputs
            .iter()
            .map(|i| match i {
                Input::File { path, .. } => path.clone(),
                Input::Stdin => PathBuf::from("-"),
            })
            .collect()
    }

    #[test]
    fn a_walk_sorted_by_name_gives_the_files_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        tree(&dir.path().join("one"));
        tree(&dir.path().join("one-two"));
        let args = check_args();
        // Given out of order: the output is sorted across the folders too.
        let paths = [dir.path().join("one-two"), dir.path().join("one")];
        let w = walk_of(&args, &paths, dir.path());
        assert!(streamable(&w));

        let mut configs = Configs::new(&args.rule_args, dir.path()).unwrap();
        let collected = collect(&w, &mut configs, &mut Vec::new()).unwrap();
        let sorted = files(&collected.inputs);
        assert_eq!(sorted.len(), 28);
        assert_eq!(collected.count, 28);

        let mut counted = Vec::new();
        let c = count(&w, &mut configs, &mut Vec::new(), &mut |i, _| {
            counted.push(i.clone());
        })
        .unwrap();
        assert_eq!(c.count, 28);
        assert!(c.inputs.is_empty());
        counted.sort();
        assert_eq!(files(&counted), sorted);

        let mut streamed = Vec::new();
        stream(&w, &mut configs, &mut |i, _| {
            streamed.push(i);
            true
        })
        .unwrap();
        assert_eq!(files(&streamed), sorted);

        // Path order, not string order: `a/b/c.txt` comes before `a/b.txt`.
        let at = |s: &str| {
            sorted
                .iter()
                .position(|p| p == &dir.path().join(s))
                .unwrap()
        };
        assert!(at("one/a/b/c.txt") < at("one/a/b.txt"));
        assert!(at("one/a/b.txt") < at("one/a/b0/d.txt"));
        assert!(at("one/z/y/x/w.txt") < at("one/z.txt"));
        assert!(at("one/z.txt") < at("one-two/Z.txt"));
        let mut as_strings = sorted.clone();
        as_strings.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        assert_ne!(as_strings, sorted);

        // The stream stops when asked to.
        let mut first = Vec::new();
        stream(&w, &mut configs, &mut |i, _| {
            first.push(i);
            first.len() < 3
        })
        .unwrap();
        assert_eq!(files(&first), sorted[..3]);
    }

    #[test]
    fn only_folders_that_do_not_overlap_are_streamed() {
        let dir = tempfile::tempdir().unwrap();
        tree(dir.path());
        let args = check_args();
        let d = |s: &str| dir.path().join(s);
        let streams = |paths: &[PathBuf]| streamable(&walk_of(&args, paths, dir.path()));
        assert!(streams(&[d("a")]));
        assert!(streams(&[d("ab"), d("a"), d("a-b")]));
        assert!(!streams(&[]));
        assert!(!streams(&[d("a"), d("a/b")]));
        assert!(!streams(&[d("a/b"), d("a")]));
        assert!(!streams(&[d("a"), d("a/")]));
        assert!(!streams(&[d("a"), d("z.txt")]));
        assert!(!streams(&[d("a"), PathBuf::from("-")]));
        assert!(!streams(&[d("missing")]));
    }
}
