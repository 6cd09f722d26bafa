//! The report's files: each written to a temporary file beside its destination and moved
//! into place only when complete, so a failed run leaves nothing half-written.

use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use super::aggregate::{ConversationRow, Report};
use super::csv_out::{self, ConversationCsv};
use super::html;
use super::json_out::{self, JsonReport};
use anyhow::Context;
use tempfile::NamedTempFile;

type Out = BufWriter<NamedTempFile>;

/// One destination: its path and the temporary file being written.
pub struct Target {
    pub path: PathBuf,
    file: Out,
}

impl Target {
    /// A temporary file in the destination's folder (so the final rename stays on one
    /// file system). Fails early when the folder is not writable.
    fn create(path: &Path, what: &str) -> anyhow::Result<Target> {
        if path.is_dir() {
            anyhow::bail!(
                "cannot write the {what} to {}: it is a folder",
                path.display()
            );
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".carelint-report-")
            .tempfile_in(dir)
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot write the {what} to {}: {}",
                    path.display(),
                    carelint::Error::io(dir.display().to_string(), "", e).message()
                )
            })?;
        Ok(Target {
            path: path.to_path_buf(),
            file: BufWriter::with_capacity(1 << 16, tmp),
        })
    }

    /// Moves the finished file into place.
    fn persist(file: Out, path: &Path) -> anyhow::Result<()> {
        let tmp = file
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .with_context(|| format!("cannot write {}", path.display()))?;
        tmp.as_file()
            .sync_all()
            .with_context(|| format!("cannot write {}", path.display()))?;
        // Temporary files are private (0600); a report is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = tmp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        tmp.persist(path)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
        Ok(())
    }
}

/// The files asked for.
pub struct Outputs {
    html: Option<Target>,
    agents: Option<Target>,
    teams: Option<Target>,
    csv: Option<(PathBuf, ConversationCsv<Out>)>,
    json: Option<(PathBuf, JsonReport<Out>)>,
}

/// Where each output goes.
pub struct Paths<'a> {
    pub html: Option<&'a Path>,
    pub csv: Option<&'a Path>,
    pub agents_csv: Option<&'a Path>,
    pub teams_csv: Option<&'a Path>,
    pub json: Option<&'a Path>,
}

impl Outputs {
    /// Opens every output (temporary files), or fails before any work is done.
    pub fn open(paths: &Paths<'_>, header: json_out::Header<'_>) -> anyhow::Result<Outputs> {
        let all = [
            paths.html,
            paths.csv,
            paths.agents_csv,
            paths.teams_csv,
            paths.json,
        ];
        let given: Vec<&Path> = all.iter().flatten().copied().collect();
        if given.is_empty() {
            anyhow::bail!("say where to write the report: --html FILE, --csv FILE, --agents-csv FILE, --teams-csv FILE or --json FILE");
        }
        for (i, a) in given.iter().enumerate() {
            if given[..i].contains(a) {
                anyhow::bail!(
                    "{} is given for two outputs; each needs its own file",
                    a.display()
                );
            }
        }
        let csv = match paths.csv {
            Some(p) => {
                let t = Target::create(p, "CSV")?;
                Some((
                    t.path,
                    ConversationCsv::new(t.file, &header.scorecard.fields().extra)?,
                ))
            }
            None => None,
        };
        let json = match paths.json {
            Some(p) => {
                let t = Target::create(p, "JSON")?;
                Some((t.path, JsonReport::new(t.file, header)?))
            }
            None => None,
        };
        Ok(Outputs {
            html: paths
                .html
                .map(|p| Target::create(p, "HTML report"))
                .transpose()?,
            agents: paths
                .agents_csv
                .map(|p| Target::create(p, "agents CSV"))
                .transpose()?,
            teams: paths
                .teams_csv
                .map(|p| Target::create(p, "teams CSV"))
                .transpose()?,
            csv,
            json,
        })
    }

    /// Writes one conversation's row to the CSV and JSON outputs.
    pub fn row(&mut self, row: &ConversationRow) -> io::Result<()> {
        if let Some((_, c)) = self.csv.as_mut() {
            c.write(row)?;
        }
        if let Some((_, j)) = self.json.as_mut() {
            j.write(row)?;
        }
        Ok(())
    }

    /// Finishes every file and moves them into place; returns what was written.
    pub fn finish(
        self,
        report: &Report,
        html: &html::HtmlOptions<'_>,
    ) -> anyhow::Result<Vec<(PathBuf, u64)>> {
        let mut done: Vec<(PathBuf, Out)> = Vec::new();
        if let Some(t) = self.html {
            done.push((t.path, html::write(t.file, report, html)?));
        }
        if let Some((path, c)) = self.csv {
            done.push((path, c.finish()?));
        }
        if let Some(t) = self.agents {
            done.push((t.path, csv_out::write_agents(t.file, report)?));
        }
        if let Some(t) = self.teams {
            done.push((t.path, csv_out::write_teams(t.file, report)?));
        }
        if let Some((path, j)) = self.json {
            done.push((path, j.finish(report)?));
        }
        let mut written = Vec::new();
        for (path, file) in done {
            Target::persist(file, &path)?;
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            written.push((path, size));
        }
        Ok(written)
    }
}
