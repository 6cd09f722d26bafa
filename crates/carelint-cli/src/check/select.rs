//! Which walked files are read: `--include`/`--exclude` and the config's `include`/
//! `exclude` globs, `--extension`/`--type`, and the documentation files that are never
//! reply templates by default.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Include and exclude globs relative to one folder (the current folder for the command
/// line, the config file's folder for a config).
#[derive(Debug, Default)]
pub struct Globs {
    base: PathBuf,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Globs {
    /// Compiles the globs; `what` names their origin in errors (`--exclude`,
    /// `carelint.yaml:3:5`).
    pub fn new<'a>(
        base: &Path,
        include: impl IntoIterator<Item = (&'a str, String)>,
        exclude: impl IntoIterator<Item = (&'a str, String)>,
    ) -> anyhow::Result<Globs> {
        Ok(Globs {
            base: base.to_path_buf(),
            include: set(include)?,
            exclude: set(exclude)?,
        })
    }

    /// The path relative to the base, when it is below it (else the path itself).
    fn relative<'p>(&self, abs: &'p Path) -> &'p Path {
        abs.strip_prefix(&self.base).unwrap_or(abs)
    }

    /// Whether an exclude glob matches `abs` (an absolute, normalised path).
    pub fn excludes(&self, abs: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|s| s.is_match(self.relative(abs)))
    }

    /// Whether an include glob matches `abs`.
    pub fn includes(&self, abs: &Path) -> bool {
        self.include
            .as_ref()
            .is_some_and(|s| s.is_match(self.relative(abs)))
    }
}

/// A glob set from `(pattern, origin)` pairs, or `None` when there are none.
///
/// A pattern without `/` matches a name at any depth (`drafts` a folder or file so
/// named, `*.bak` any such file); one with `/` matches from the base (`templates/old`,
/// `templates/**/*.md`). Either also matches everything inside a folder it names.
fn set<'a>(
    patterns: impl IntoIterator<Item = (&'a str, String)>,
) -> anyhow::Result<Option<GlobSet>> {
    let mut b = GlobSetBuilder::new();
    let mut any = false;
    for (origin, p) in patterns {
        let p = p.trim().trim_end_matches('/');
        let p = p.strip_prefix("./").unwrap_or(p);
        if p.is_empty() {
            continue;
        }
        let full = if p.contains('/') {
            p.to_string()
        } else {
            format!("**/{p}")
        };
        for g in [full.clone(), format!("{full}/**")] {
            let glob = GlobBuilder::new(&g)
                .literal_separator(true)
                .build()
                .map_err(|e| anyhow::anyhow!("{origin}: bad glob `{p}`: {}", e.kind()))?;
            b.add(glob);
        }
        any = true;
    }
    if !any {
        return Ok(None);
    }
    Ok(Some(b.build().map_err(|e| anyhow::anyhow!("{e}"))?))
}

/// File names (without extension, any case) that are documentation, not reply templates.
const DOC_NAMES: &[&str] = &[
    "README",
    "CHANGELOG",
    "CHANGES",
    "HISTORY",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "CONTRIBUTING",
    "CODE_OF_CONDUCT",
    "SECURITY",
    "AUTHORS",
    "NOTICE",
];

/// Whether a walked file is documentation: a README, CHANGELOG, LICENSE, CONTRIBUTING
/// (…) file, or a file in a `docs` folder below the walk's root.
pub fn is_documentation(root: &Path, path: &Path) -> bool {
    let name_is_doc = path
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| DOC_NAMES.iter().any(|d| d.eq_ignore_ascii_case(s)));
    if name_is_doc {
        return true;
    }
    // Most paths name no `docs` folder at all: one pass over the bytes says so.
    let bytes = path.as_os_str().as_encoded_bytes();
    if !bytes.windows(4).any(|w| w.eq_ignore_ascii_case(b"docs")) {
        return false;
    }
    let below = path.strip_prefix(root).unwrap_or(path);
    below
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .any(|c| matches!(c, Component::Normal(n) if n.eq_ignore_ascii_case("docs")))
}

/// `dir.join(path)` with `.` removed and `..` resolved, without touching the file system.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = cwd.join(path);
    if is_lexically_absolute(&joined) {
        return joined;
    }
    rebuilt(&joined)
}

/// `path` rebuilt from its components, with `.` removed and `..` resolved.
fn rebuilt(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether `path` is already what [`absolute`] makes of it: it starts at the root and has
/// no `.` or `..` component, no doubled separator and no trailing one, so rebuilding it
/// from its components gives it back. Walked paths below an absolute folder are (the walk
/// hands on thousands of them; rebuilding each was ~3 ms of a run's start).
fn is_lexically_absolute(path: &Path) -> bool {
    if !cfg!(unix) {
        return false;
    }
    let b = path.as_os_str().as_encoded_bytes();
    b.first() == Some(&b'/')
        && !b.ends_with(b"/")
        && !b.ends_with(b"/.")
        && !b.ends_with(b"/..")
        && !b.windows(2).any(|w| w == b"//")
        && !b.windows(3).any(|w| w == b"/./")
        && !b.windows(4).any(|w| w == b"/../")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(include: &[&str], exclude: &[&str]) -> Globs {
        Globs::new(
            Path::new("/repo"),
            include.iter().map(|p| ("--include", p.to_string())),
            exclude.iter().map(|p| ("--exclude", p.to_string())),
        )
        .unwrap()
    }

    #[test]
    fn names_match_anywhere_and_paths_from_the_base() {
        let g = globs(
            &["macros/README.md"],
            &["drafts", "*.bak", "templates/old/"],
        );
        let p = |s: &str| PathBuf::from(s);
        assert!(g.excludes(&p("/repo/a/drafts/x.md")));
        assert!(g.excludes(&p("/repo/drafts")));
        assert!(g.excludes(&p("/repo/x/y.bak")));
        assert!(g.excludes(&p("/repo/templates/old/a/b.md")));
        assert!(!g.excludes(&p("/repo/x/templates/old/b.md")));
        assert!(!g.excludes(&p("/repo/a/draftsman.md")));
        assert!(g.includes(&p("/repo/macros/README.md")));
        assert!(!g.includes(&p("/repo/README.md")));
        let e = Globs::new(Path::new("/"), [], [("--exclude", "a[".to_string())]).unwrap_err();
        assert!(e.to_string().starts_with("--exclude: bad glob `a[`"), "{e}");
    }

    #[test]
    fn documentation_files() {
        let root = Path::new("repo");
        for doc in [
            "repo/README.md",
            "repo/x/changelog.txt",
            "repo/docs/a.md",
            "repo/LICENSE",
        ] {
            assert!(is_documentation(root, Path::new(doc)), "{doc}");
        }
        for not in ["repo/templates/readme-reply.md", "repo/a.md"] {
            assert!(!is_documentation(root, Path::new(not)), "{not}");
        }
        // The root itself may be a docs folder: only folders below it count.
        assert!(!is_documentation(
            Path::new("docs/t"),
            Path::new("docs/t/a.md")
        ));
    }

    /// The shortcut for paths that are already absolute and clean gives what rebuilding
    /// them from their components gives.
    #[test]
    fn clean_absolute_paths_come_back_as_they_are() {
        let rebuilt = |p: &str| rebuilt(Path::new(p));
        for p in [
            "/",
            "/a",
            "/a/b.txt",
            "/a//b",
            "/a/./b",
            "/a/../b",
            "/a/",
            "/a/.",
            "/a/..",
            "/.a/b..c/.d",
            "//a",
            "/a/b c/é.txt",
            "/..",
            "/.",
        ] {
            if is_lexically_absolute(Path::new(p)) {
                assert_eq!(PathBuf::from(p), rebuilt(p), "{p}");
            }
            assert_eq!(absolute(Path::new("/cwd"), Path::new(p)), rebuilt(p), "{p}");
        }
        for p in ["/a", "/a/b.txt", "/.a/b..c/.d", "/a/b c/é.txt"] {
            assert!(is_lexically_absolute(Path::new(p)), "{p}");
        }
        assert!(!is_lexically_absolute(Path::new("a/b")));
    }

    #[test]
    fn absolute_paths_are_lexical() {
        assert_eq!(
            absolute(Path::new("/a/b"), Path::new("./c/../d")),
            PathBuf::from("/a/b/d")
        );
        assert_eq!(
            absolute(Path::new("/a"), Path::new("/x/./y")),
            PathBuf::from("/x/y")
        );
    }
}
