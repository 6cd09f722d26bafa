//! Which `carelint.yaml` applies to each file: the nearest one in the file's folder or
//! its parents (as ruff and ESLint do), unless `--config` or `--no-config` says one for
//! all. Each config is read once, and its folder walk globs compiled once; one linter is
//! built per config actually used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use carelint::config::CONFIG_FILE;
use carelint::Config;

use super::select::{absolute, Globs};
use crate::args::RuleArgs;

/// The configurations of a run. Index 0 is "no config".
pub struct Configs {
    cwd: PathBuf,
    /// `--config FILE` or `--no-config`: the index every file uses.
    fixed: Option<usize>,
    /// The configs read so far, with their walk globs; `None` at index 0.
    pub list: Vec<(Option<Config>, Globs)>,
    by_dir: HashMap<PathBuf, usize>,
    by_file: HashMap<PathBuf, usize>,
}

impl Configs {
    /// The configs of a run with these rule options, in the current folder `cwd`.
    ///
    /// # Errors
    ///
    /// A `--config` file that cannot be read or parsed.
    pub fn new(rule_args: &RuleArgs, cwd: &Path) -> anyhow::Result<Configs> {
        let mut c = Configs {
            cwd: cwd.to_path_buf(),
            fixed: None,
            list: vec![(None, Globs::default())],
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
        };
        if rule_args.no_config {
            c.fixed = Some(0);
        } else if let Some(p) = &rule_args.config {
            let i = c.load(p)?;
            c.fixed = Some(i);
        }
        Ok(c)
    }

    fn load(&mut self, path: &Path) -> anyhow::Result<usize> {
        if let Some(&i) = self.by_file.get(path) {
            return Ok(i);
        }
        let config = Config::load(path)?;
        let base = absolute(&self.cwd, config.base_dir());
        let origin = |c: &Config, at: &carelint::config::Located<String>| {
            (
                format!("{}:{}:{}", c.path.display(), at.line, at.column),
                at.value.clone(),
            )
        };
        let include: Vec<(String, String)> = config.include().map(|g| origin(&config, g)).collect();
        let exclude: Vec<(String, String)> = config.exclude().map(|g| origin(&config, g)).collect();
        let globs = Globs::new(
            &base,
            include.iter().map(|(o, p)| (o.as_str(), p.clone())),
            exclude.iter().map(|(o, p)| (o.as_str(), p.clone())),
        )?;
        self.list.push((Some(config), globs));
        let i = self.list.len() - 1;
        self.by_file.insert(path.to_path_buf(), i);
        Ok(i)
    }

    /// The config of the current folder (for stdin, `fail-on` and the scorecard).
    ///
    /// # Errors
    ///
    /// A config that cannot be read or parsed.
    pub fn for_cwd(&mut self) -> anyhow::Result<usize> {
        let cwd = self.cwd.clone();
        self.for_dir(&cwd)
    }

    /// The config of a file (`abs`: its absolute, normalised path).
    ///
    /// # Errors
    ///
    /// A config that cannot be read or parsed.
    pub fn for_file(&mut self, abs: &Path) -> anyhow::Result<usize> {
        match abs.parent() {
            Some(dir) => self.for_dir(dir),
            None => self.for_cwd(),
        }
    }

    /// The config of a folder: its own `carelint.yaml`, else its parent's (cached, so each
    /// folder costs one look-up).
    fn for_dir(&mut self, dir: &Path) -> anyhow::Result<usize> {
        if let Some(i) = self.fixed {
            return Ok(i);
        }
        if let Some(&i) = self.by_dir.get(dir) {
            return Ok(i);
        }
        let file = dir.join(CONFIG_FILE);
        let i = if file.is_file() {
            self.load(&file)?
        } else {
            match dir.parent() {
                Some(parent) => self.for_dir(parent)?,
                None => 0,
            }
        };
        self.by_dir.insert(dir.to_path_buf(), i);
        Ok(i)
    }

    /// The config at index `i`, if any.
    pub fn config(&self, i: usize) -> Option<&Config> {
        self.list.get(i).and_then(|(c, _)| c.as_ref())
    }

    /// The walk globs of the config at index `i`.
    pub fn globs(&self, i: usize) -> &Globs {
        &self.list[i].1
    }
}
