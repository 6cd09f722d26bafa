//! `carelint check`: walk the inputs, lint them in parallel, write results in order.
//!
//! - [`inputs`]: which files are read;
//! - [`pipeline`]: the jobs on the thread pool and the reorder buffer;
//! - [`read`]: reading and linting one input;
//! - [`output`]: fixes, baselines, the reporter and the summary.

mod configs;
mod diff;
mod fixes;
pub(crate) mod inputs;
pub(crate) mod output;
pub(crate) mod pipeline;
pub(crate) mod read;
mod select;

use std::io::{self, IsTerminal, Write};
use std::time::Instant;

use carelint::suppress::UNUSED_SUPPRESSION;
use carelint::{FailLevel, Format, Linter, Severity, Speaker, Summary};

use crate::args::{CheckArgs, OutputFormat, Progress};
use crate::Status;
use configs::Configs;
use inputs::{skip, Collected, Input, Walk};
use output::{Postprocess, ResultWriter};
use pipeline::JobContext;

pub fn run(args: CheckArgs) -> anyhow::Result<Status> {
    // The time in the summary includes loading the configuration and building the rules.
    let started = Instant::now();
    let cwd = std::env::current_dir()?;
    let format = match &args.read.input_format {
        Some(name) => name.parse::<Format>()?,
        None => Format::Auto,
    };
    let max_bytes = args.read.max_file_size.saturating_mul(1024 * 1024);

    let mut walk_errors = Vec::new();
    let walk = Walk {
        paths: &args.paths,
        walk: &args.walk,
        no_ignore: args.no_ignore,
        follow: args.follow,
        cwd: &cwd,
        outputs: [&args.output_file, &args.write_baseline, &args.baseline]
            .into_iter()
            .flatten()
            .cloned()
            .collect(),
    };
    // Streamed unless --fix: a second walk while fixes are written would meet their
    // temporary files.
    let mut plan = plan(&args, &walk, &mut walk_errors, !args.fix)?;
    let fail_on = match args.fail_on {
        Some(level) => level,
        None => plan.fail_level()?,
    };
    let count = plan.collected.count;
    let stdin_input = plan.collected.inputs.contains(&Input::Stdin);
    let feed = plan.feed(&walk);
    // Read once, capped like any file; an error fails this input, not the batch.
    let stdin = stdin_input.then(|| {
        crate::capped::read_all_capped(
            io::stdin().lock(),
            max_bytes,
            &args.read.stdin_filename,
            "standard input",
        )
    });

    let mut post = Postprocess::new(&args, format)?;
    let progress = progress_bar(&args, count);
    let (out, to_terminal): (Box<dyn Write>, bool) = match &args.output_file {
        Some(p) => (
            Box::new(std::fs::File::create(p).map_err(|e| {
                carelint::Error::io(p.display().to_string(), "cannot write the output", e)
            })?),
            false,
        ),
        None => (Box::new(io::stdout().lock()), io::stdout().is_terminal()),
    };
    let mut writer = ResultWriter {
        reporter: output::reporter(&args, &plan.linters, fail_on, to_terminal),
        out: io::BufWriter::new(out),
        summary: Summary::default(),
        had_error: false,
        post: &mut post,
        suppression_severity: plan.suppression_severity,
        quiet: args.quiet,
    };
    for (reason, n) in &plan.collected.skipped {
        writer.summary.skip_many(reason, *n);
    }
    writer.reporter.begin(&mut writer.out)?;
    for e in &walk_errors {
        writer.error(e)?;
    }
    let cx = JobContext {
        linters: std::mem::take(&mut plan.linters),
        format,
        stdin,
        stdin_name: args.read.stdin_filename.clone(),
        max_bytes,
        stamp: args.fix,
        keep_transcripts: false,
        keep_structured: args.format == OutputFormat::Human
            && !args.statistics
            && !args.diff
            && args.write_baseline.is_none(),
    };
    pipeline::run(args.jobs.unwrap_or(0), cx, feed, |result| {
        let last = result.last;
        writer.write(result)?;
        if let Some(pb) = &progress {
            if last {
                pb.inc(1);
            }
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            let s = &writer.summary;
            pb.set_message(format!(
                "{} transcripts  {} findings  {:.1} MB/s",
                s.transcripts,
                s.findings,
                s.bytes as f64 / 1_048_576.0 / secs
            ));
        }
        Ok(())
    })?;
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    let summary = writer.summary.clone();
    let had_error = writer.had_error;
    let shows_summary = !args.quiet && args.write_baseline.is_none();
    // --quiet leaves out the human summary line; documents are always completed.
    if !(args.quiet && args.format == OutputFormat::Human && !args.statistics) {
        writer.reporter.finish(&mut writer.out, &summary)?;
    }
    let human = args.format == OutputFormat::Human && !args.statistics && !args.diff;
    if human && shows_summary {
        timing_line(
            &mut writer.out,
            &summary,
            started.elapsed().as_secs_f64(),
            plan.collected.ignored_folders,
        )?;
    }
    writer.out.flush()?;
    drop(writer);
    let streams = matches!(
        args.format,
        OutputFormat::Concise | OutputFormat::Jsonl | OutputFormat::Github
    );
    if shows_summary && streams && !args.statistics && !args.diff {
        // Formats without a summary of their own: the summary goes to stderr, so every
        // line of the output stays a finding.
        eprintln!("{}", carelint::report::Concise::summary_line(&summary));
    }
    report_fixes(&args, &post);
    save_baselines(&args, &mut post, &summary)?;

    if summary.transcripts == 0 && !args.walk.allow_empty {
        eprintln!(
            "error: {}",
            nothing_linted(
                &args.paths,
                &summary,
                &plan.collected.other_extensions,
                plan.collected.ignored_folders,
                summary.files_with_errors + walk_errors.len(),
            )
        );
        return Ok(Status::Error);
    }
    if had_error {
        return Ok(Status::Error);
    }
    if args.write_baseline.is_some() {
        return Ok(Status::Clean);
    }
    if args.diff {
        return Ok(if post.fixer.applied > 0 {
            Status::Findings
        } else {
            Status::Clean
        });
    }
    let failing = match fail_on {
        FailLevel::At(level) => summary.at_or_above(level),
        FailLevel::Never => 0,
    };
    Ok(if failing > 0 {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// The inputs of a run with their configs and linters.
pub(crate) struct Plan {
    pub collected: Collected,
    /// One linter per config used (indexed like `collected.config_of` after remapping).
    pub linters: Vec<Linter>,
    /// Per linter: the severity of `unused-suppression` findings.
    pub suppression_severity: Vec<Option<Severity>>,
    /// Per linter: its config.
    pub configs: Vec<Option<carelint::Config>>,
    /// The index (in `linters`) of the current folder's config.
    pub root: usize,
    /// When the inputs are streamed ([`inputs::streamable`]; `collected.inputs` is
    /// empty): the configs, and for each one used, its index in `configs`.
    streamed: Option<(Configs, Vec<usize>)>,
}

impl Plan {
    /// Takes the inputs, to feed them to [`pipeline::run`]: the collected list, or a
    /// second walk of the folders (when streamed) that hands on each file as it is found.
    pub fn feed<'a>(&mut self, walk: &'a Walk<'a>) -> impl pipeline::Feed + 'a {
        let inputs = std::mem::take(&mut self.collected.inputs);
        let config_of = std::mem::take(&mut self.collected.config_of);
        let streamed = self.streamed.take();
        move |sink: &mut dyn FnMut(Input, usize) -> bool| match streamed {
            None => pipeline::feed_list(inputs, config_of)(sink),
            Some((mut configs, used)) => {
                let linter_of = |c: usize| used.iter().position(|&u| u == c).unwrap_or(0);
                // A config was read by the first pass; one that fails now changed on
                // disk in between, and the walk ends there.
                let _ = inputs::stream(walk, &mut configs, &mut |input, c| {
                    sink(input, linter_of(c))
                });
            }
        }
    }

    /// The run's fail level when `--fail-on` is not given: the current folder's config's
    /// `fail-on`, else (when the run uses exactly one config) that config's, else the
    /// default.
    pub fn fail_level(&self) -> anyhow::Result<FailLevel> {
        let of = |c: &Option<carelint::Config>| -> anyhow::Result<Option<FailLevel>> {
            Ok(match c {
                Some(c) => c.fail_level()?,
                None => None,
            })
        };
        if let Some(l) = of(&self.configs[self.root])? {
            return Ok(l);
        }
        let used: Vec<&carelint::Config> = self.configs.iter().flatten().collect();
        if used.len() == 1 {
            if let Some(l) = used[0].fail_level()? {
                return Ok(l);
            }
        }
        Ok(FailLevel::DEFAULT)
    }
}

/// Collects the inputs with the nearest config of each, and builds one linter per config
/// used (the current folder's always, for stdin and the rule table).
///
/// With `stream`, when the paths allow it ([`inputs::streamable`]), the inputs are only
/// counted here and walked again as they are linted ([`Plan::feed`]), so no list of every
/// file is held: the same inputs, configs and linters in the same order.
pub(crate) fn plan(
    args: &CheckArgs,
    walk: &Walk<'_>,
    errors: &mut Vec<carelint::Error>,
    stream: bool,
) -> anyhow::Result<Plan> {
    let mut configs = Configs::new(&args.rule_args, walk.cwd)?;
    let root_config = configs.for_cwd()?;
    let root = configs.config(root_config).cloned();
    // Linters only for the configs used, the current folder's first, then in the order
    // of the inputs.
    let mut used: Vec<usize> = vec![root_config];
    let mut size = Size::default();
    let streaming = stream && inputs::streamable(walk);
    std::thread::scope(|scope| {
        // The current folder's linter is always built; once the walk has found too much
        // for a quick start (which it cannot take back), it is built beside the rest of
        // the walk (~15 ms of a run's start, when nothing else runs).
        let mut early: Option<std::thread::ScopedJoinHandle<'_, anyhow::Result<Linter>>> = None;
        let collected = if streaming {
            // The first pass walks in any order: the configs in the order of their first
            // input in output order are the configs in the order of their smallest path.
            let mut first: Vec<(std::path::PathBuf, usize)> = Vec::new();
            let collected = inputs::count(walk, &mut configs, errors, &mut |input, c| {
                if let Input::File { path, .. } = input {
                    match first.iter_mut().find(|f| f.1 == c) {
                        Some(f) if *path < f.0 => f.0.clone_from(path),
                        Some(_) => {}
                        None => first.push((path.clone(), c)),
                    }
                }
                size.add(input);
                if early.is_none() && size.is_large() {
                    let root = root.as_ref();
                    early = Some(scope.spawn(move || build_linter(args, root, false)));
                }
            })?;
            first.sort();
            for (_, c) in first {
                if !used.contains(&c) {
                    used.push(c);
                }
            }
            collected
        } else {
            let mut collected = inputs::collect(walk, &mut configs, errors)?;
            for &c in &collected.config_of {
                if !used.contains(&c) {
                    used.push(c);
                }
            }
            for c in &mut collected.config_of {
                *c = used.iter().position(|u| u == c).unwrap_or(0);
            }
            for input in &collected.inputs {
                size.add(input);
            }
            collected
        };
        let quick_start = size.is_small();
        let mut linters = Vec::with_capacity(used.len());
        let mut suppression_severity = Vec::with_capacity(used.len());
        let mut config_list = Vec::with_capacity(used.len());
        for &c in &used {
            let config = configs.config(c);
            let built = if c == root_config { early.take() } else { None };
            let linter = match built {
                Some(built) => built
                    .join()
                    .map_err(|_| anyhow::anyhow!("building the linter failed"))??,
                None => build_linter(args, config, quick_start)?,
            };
            // A mistake in the `scorecard:` section is a config mistake for `check` too, not
            // something to discover at the first `report`.
            if config.is_some() {
                scorecard_of(config, &linter)?;
            }
            linters.push(linter);
            suppression_severity.push(unused_suppression_severity(args, config)?);
            config_list.push(config.cloned());
        }
        Ok(Plan {
            collected,
            linters,
            suppression_severity,
            configs: config_list,
            root: 0,
            streamed: streaming.then_some((configs, used)),
        })
    })
}

/// `check`'s options at their defaults (taken from clap, so options added to `check` later
/// get their defaults too), with the paths, the rule and config options and the reading
/// options of another
/// subcommand (`report`, `show`) that runs the same reading and linting.
pub(crate) fn defaults_for(
    paths: &[std::path::PathBuf],
    rules: &crate::args::RuleArgs,
    read: &crate::args::ReadArgs,
) -> anyhow::Result<CheckArgs> {
    use clap::{Args, FromArgMatches};
    let matches =
        CheckArgs::augment_args(clap::Command::new("check")).try_get_matches_from(["check"])?;
    let mut c = CheckArgs::from_arg_matches(&matches)?;
    c.paths = paths.to_vec();
    c.rule_args.rules = rules.rules.clone();
    c.rule_args.no_default_rules = rules.no_default_rules;
    c.rule_args.config = rules.config.clone();
    c.rule_args.no_config = rules.no_config;
    c.read = read.clone();
    Ok(c)
}

/// The scorecard of a config (the default one without a config or a `scorecard:` section);
/// every problem of an invalid one is printed and the run ends with exit 2.
pub(crate) fn scorecard_of(
    config: Option<&carelint::Config>,
    linter: &Linter,
) -> anyhow::Result<carelint::scorecard::Scorecard> {
    use carelint::scorecard::Scorecard;
    let card = match config {
        Some(c) => Scorecard::from_config(c, linter),
        None => Ok(Scorecard::default_for(linter)),
    };
    card.map_err(|e| {
        if e.problems().len() > 1 {
            for p in e.problems() {
                eprintln!("error: {p}");
            }
            anyhow::anyhow!("invalid scorecard ({} problems)", e.problems().len())
        } else {
            e.into()
        }
    })
}

/// The severity of `unused-suppression` findings: the config's `unused-suppressions`
/// (default warning), off when `--select` leaves it out or `--ignore` names it, and
/// dropped below `--min-severity`.
fn unused_suppression_severity(
    args: &CheckArgs,
    config: Option<&carelint::Config>,
) -> anyhow::Result<Option<Severity>> {
    let names = |list: &[String]| {
        list.iter()
            .any(|s| matches!(s.trim(), UNUSED_SUPPRESSION | "suppression"))
    };
    let r = &args.rule_args;
    if (!r.select.is_empty() && !names(&r.select)) || names(&r.ignore) {
        return Ok(None);
    }
    let severity = match config
        .map(carelint::Config::unused_suppressions)
        .transpose()?
    {
        Some(Some(s)) => s,
        _ => Some(Severity::Warning),
    };
    let min = args.min_severity.unwrap_or(Severity::Info);
    Ok(severity.filter(|s| *s >= min))
}

/// Why nothing was linted: what the paths held and what was skipped, with the option
/// that changes each.
fn nothing_linted(
    paths: &[std::path::PathBuf],
    s: &Summary,
    other_extensions: &std::collections::BTreeMap<String, usize>,
    ignored_folders: usize,
    unreadable: usize,
) -> String {
    let shown: Vec<String> = paths
        .iter()
        .map(|p| match p.as_os_str() == "-" {
            true => "standard input".to_string(),
            false => p.display().to_string(),
        })
        .collect();
    let mut why = Vec::new();
    for (reason, &n) in &s.skipped {
        let files = crate::plural(n, "file", "files");
        why.push(match reason.as_str() {
            skip::EXTENSION => {
                let mut exts: Vec<(&String, &usize)> = other_extensions.iter().collect();
                exts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                let list: Vec<String> = exts
                    .iter()
                    .take(5)
                    .map(|(e, n)| if e.is_empty() { format!("no extension: {n}") } else { format!(".{e}: {n}") })
                    .collect();
                format!("{files} with extensions carelint does not read when walking ({}; name a file to read it whatever its extension, or use --extension or --include)", list.join(", "))
            }
            skip::IGNORED => format!(
                "{files}{} skipped by ignore rules (.gitignore, .ignore, .carelintignore, hidden names; --no-ignore reads them)",
                if ignored_folders > 0 { format!(" and {}", crate::plural(ignored_folders, "folder", "folders")) } else { String::new() }
            ),
            skip::EXCLUDED => format!("{files} excluded by --exclude or a config's `exclude`"),
            skip::DOCUMENTATION => format!("{files} of documentation (README, CHANGELOG, LICENSE, CONTRIBUTING, docs/; --include reads them)"),
            skip::SYMLINK => format!("{files} behind symbolic links (--follow reads them)"),
            skip::BINARY => format!("{files} binary (a NUL byte in the first 8 KB)"),
            skip::NOT_A_TRANSCRIPT => format!("{files} of JSON in no transcript format (--input-format reads them as one)"),
            skip::EMPTY => format!("{files} empty"),
            other => format!("{files} {other}"),
        });
    }
    if ignored_folders > 0 && !s.skipped.contains_key(skip::IGNORED) {
        why.push(format!(
            "{} skipped by ignore rules (--no-ignore reads them)",
            crate::plural(ignored_folders, "folder", "folders")
        ));
    }
    let mut msg = format!(
        "nothing was linted: no transcript or template was read from {}",
        shown.join(", ")
    );
    let read = s.files.saturating_sub(s.files_with_errors);
    let mut held = Vec::new();
    if read > 0 {
        held.push(format!(
            "{} read, holding no conversation",
            crate::plural(read, "file", "files")
        ));
    }
    if unreadable > 0 {
        held.push(format!(
            "{} could not be read: see the errors above",
            crate::plural(unreadable, "path", "paths")
        ));
    }
    if !held.is_empty() {
        msg.push_str(&format!(" ({})", held.join("; ")));
    }
    if why.is_empty() && s.files == 0 && unreadable == 0 {
        msg.push_str(": the paths hold no files");
    } else if !why.is_empty() {
        msg.push_str("; skipped: ");
        msg.push_str(&why.join("; "));
    }
    msg.push_str(". Pass --allow-empty to exit 0 when there is nothing to lint");
    msg
}

/// Builds the linter from the configuration and the command line.
pub(crate) fn build_linter(
    args: &CheckArgs,
    config: Option<&carelint::Config>,
    quick_start: bool,
) -> anyhow::Result<Linter> {
    let mut speaker_map = Vec::new();
    for pair in &args.read.speaker_map {
        let Some((label, role)) = pair.split_once('=') else {
            anyhow::bail!("--speaker-map `{pair}` is not `label=role`; write e.g. `--speaker-map spk_0=agent`");
        };
        let role = role
            .parse::<Speaker>()
            .map_err(|e| anyhow::anyhow!("--speaker-map `{pair}`: {e}"))?;
        speaker_map.push((label.trim().to_string(), role));
    }
    let csv_columns = match &args.read.csv_columns {
        Some(c) => Some(
            c.parse::<carelint::CsvColumns>()
                .map_err(|e| anyhow::anyhow!("--csv-columns: {e}"))?,
        ),
        None => None,
    };
    crate::build_linter(&args.rule_args, config, |mut b| {
        if let Some(min) = args.min_severity {
            b = b.min_severity(min);
        }
        for (label, role) in speaker_map {
            b = b.speaker_map(&label, role);
        }
        if let Some(c) = csv_columns {
            b = b.csv_columns(c);
        }
        if let Some(ch) = args.read.agent_channel {
            b = b.agent_channel(ch);
        }
        b.explain_speakers(args.explain_speakers)
            .report_unused_suppressions(true)
            .quick_start(quick_start)
            .only_enabled(true)
    })
}

/// Below this much input, a linter that is ready sooner beats one that searches faster
/// ([`carelint::LinterBuilder::quick_start`]): where the two kinds of phrase automaton
/// break even with the built-in packs, measured in instructions on generated chats.
const QUICK_START_BYTES: u64 = 4 << 20;

/// Whether the inputs are a small amount of text: fewer files than would make
/// [`QUICK_START_BYTES`] at a typical 2 KB each and, by their sizes, less than that.
/// Standard input counts as large (its size is unknown until read). Fed the inputs one
/// by one; sizes are looked up only while the answer can still be yes.
///
/// Only the first [`Size::EAGER`] files' sizes are looked up as they come (so a folder of
/// a few large exports is known to be large at once); the others are remembered and
/// looked up at the end, only if there are too few files to decide. A folder of
/// thousands of transcripts is decided by their number, without a `stat` each (2,048 of
/// them were ~6 ms of a run's start).
#[derive(Default)]
struct Size {
    files: u64,
    bytes: u64,
    stdin: bool,
    /// Files whose size is not yet counted (while the answer can still be yes).
    not_counted: Vec<std::path::PathBuf>,
}

impl Size {
    /// Files whose sizes are looked up as they come.
    const EAGER: u64 = 64;
    /// Fewest files that are never a small amount of text.
    const MANY: u64 = QUICK_START_BYTES / 2048;

    fn add(&mut self, input: &Input) {
        self.files += 1;
        if self.is_large() {
            self.not_counted = Vec::new();
            return;
        }
        match input {
            Input::File { path, .. } if self.files <= Self::EAGER => {
                self.bytes += std::fs::metadata(path).map_or(0, |m| m.len());
            }
            Input::File { path, .. } => self.not_counted.push(path.clone()),
            Input::Stdin => self.stdin = true,
        }
    }

    /// Whether the inputs seen so far are already too much for a quick start (more
    /// inputs cannot change that).
    fn is_large(&self) -> bool {
        self.stdin || self.files >= Self::MANY || self.bytes >= QUICK_START_BYTES
    }

    /// Whether all the inputs are a small amount of text; looks up the sizes not yet
    /// counted.
    fn is_small(&mut self) -> bool {
        for path in std::mem::take(&mut self.not_counted) {
            if self.is_large() {
                break;
            }
            self.bytes += std::fs::metadata(&path).map_or(0, |m| m.len());
        }
        !self.is_large()
    }
}

pub(crate) fn progress_bar(args: &CheckArgs, inputs: usize) -> Option<indicatif::ProgressBar> {
    let show = match args.progress {
        Progress::Always => true,
        Progress::Never => false,
        Progress::Auto => {
            io::stderr().is_terminal() && std::env::var_os("CI").is_none() && inputs >= 200
        }
    };
    show.then(|| {
        let pb = indicatif::ProgressBar::new(inputs as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {msg}  [{elapsed_precise}]",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb
    })
}

/// `Checked 1.2 MB in 0.05 s (24.0 MB/s).` after the human output, with a hint when
/// ignore rules kept files or folders out.
fn timing_line(
    out: &mut dyn Write,
    s: &Summary,
    secs: f64,
    ignored_folders: usize,
) -> io::Result<()> {
    let mb = s.bytes as f64 / 1_048_576.0;
    let files = s.skipped.get(skip::IGNORED).copied().unwrap_or(0);
    let note = ignored_note(files, ignored_folders).map_or(String::new(), |n| format!(" {n}."));
    writeln!(
        out,
        "Checked {} in {secs:.2} s ({:.1} MB/s).{note}",
        crate::capped::human_size(s.bytes),
        if secs > 0.0 { mb / secs } else { 0.0 }
    )
}

/// `3 files and 1 folder skipped by ignore rules (--no-ignore lints them)`, or nothing.
fn ignored_note(files: usize, folders: usize) -> Option<String> {
    let what = match (files, folders) {
        (0, 0) => return None,
        (f, 0) => crate::plural(f, "file", "files"),
        (0, d) => crate::plural(d, "folder", "folders"),
        (f, d) => format!(
            "{} and {}",
            crate::plural(f, "file", "files"),
            crate::plural(d, "folder", "folders")
        ),
    };
    Some(format!(
        "{what} skipped by ignore rules (--no-ignore lints them)"
    ))
}

fn report_fixes(args: &CheckArgs, post: &Postprocess) {
    if !(args.fix || args.diff) {
        return;
    }
    let f = &post.fixer;
    let verb = if args.fix { "fixed" } else { "fixable" };
    eprintln!(
        "{} {verb} in {}",
        crate::plural(f.applied, "finding", "findings"),
        crate::plural(f.files, "file", "files")
    );
    if f.not_fixed > 0 {
        eprintln!(
            "{} with fixes not written (see the warnings above)",
            crate::plural(f.not_fixed, "file", "files")
        );
    }
    if f.refused > 0 {
        eprintln!(
            "{} not rewritten: transcripts are records of real conversations; pass --fix-transcripts to rewrite them anyway",
            crate::plural(f.refused, "transcript file", "transcript files")
        );
    }
}

/// Writes a baseline file atomically, streaming its entries into it.
fn save_baseline(b: &carelint::Baseline, path: &std::path::Path) -> Result<(), carelint::Error> {
    crate::atomic::replace_with(path, None, |f| b.write_json(io::BufWriter::new(f)))
        .map(|_| ())
        .map_err(|e| carelint::Error::io(path.display().to_string(), "cannot write baseline", e))
}

fn save_baselines(
    args: &CheckArgs,
    post: &mut Postprocess,
    summary: &Summary,
) -> anyhow::Result<()> {
    if let (Some(path), Some(b)) = (&args.write_baseline, &post.new_baseline) {
        save_baseline(b, path)?;
        println!(
            "Recorded {} in {} in {}; runs with --baseline {} report only new findings.",
            crate::plural(b.len(), "finding", "findings"),
            crate::plural(summary.files, "file", "files"),
            path.display(),
            path.display()
        );
    }
    let (Some(path), Some(b)) = (&args.baseline, post.baseline.as_mut()) else {
        return Ok(());
    };
    let stale = b.stale();
    if stale.is_empty() {
        return Ok(());
    }
    for e in &stale {
        eprintln!(
            "{}: baseline entry `{}` for “{}” matches no finding any more",
            e.path,
            e.rule,
            e.matched.as_deref().unwrap_or("")
        );
    }
    if args.baseline_prune {
        b.prune();
        save_baseline(b, path)?;
        eprintln!(
            "removed {} from {}",
            crate::plural(stale.len(), "stale entry", "stale entries"),
            path.display()
        );
    } else {
        eprintln!(
            "{}; --baseline-prune removes them",
            crate::plural(
                stale.len(),
                "stale baseline entry",
                "stale baseline entries"
            )
        );
    }
    Ok(())
}
