//! The parallel pipeline of `carelint check`, with output in input order.
//!
//! A producer thread walks the inputs in output order and turns them into jobs — one per
//! file, or one per batch of lines of a JSON Lines file, which is streamed and never held
//! whole. Jobs run on rayon's pool. The caller's thread receives the results, keeps a
//! reorder buffer keyed by (input, batch), and hands each result on as soon as every
//! earlier one has been handed on, so output streams and is identical for any `--jobs`.
//! Small files go up to 64 to a job (16 at the start of a run). A window of permits bounds
//! the jobs issued but not yet written (the writer returns a job's permit when it writes
//! the job's first result, so a job of several files frees it early, but only once), so
//! memory depends on the work in flight, not on the size of the batch.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;

use carelint::{Error, Format, JsonlLine, Linter, SourceReport, Transcript};

use super::inputs::Input;
use super::read::{lint_input, SourceFile};

/// JSON Lines records per job.
const JSONL_BATCH_LINES: usize = 1_000;
/// Bytes of JSON Lines records per job (a longer record makes a job of its own).
const JSONL_BATCH_BYTES: usize = 8 << 20;

/// What every job needs, shared by all jobs.
pub struct JobContext {
    /// One linter per configuration used.
    pub linters: Vec<Linter>,
    pub format: Format,
    pub stdin: Option<Result<Vec<u8>, Error>>,
    pub stdin_name: String,
    pub max_bytes: u64,
    /// Whether to keep each file's content stamp (for `--fix`).
    pub stamp: bool,
    /// Hand on the parsed transcripts too (for `carelint report`).
    pub keep_transcripts: bool,
    /// Hand on the transcripts of structured sources (not plain text), for the human
    /// output's conversation view.
    pub keep_structured: bool,
}

impl JobContext {
    /// Linter number `i` (the first for an index out of range).
    pub fn linter(&self, i: usize) -> &Linter {
        self.linters.get(i).unwrap_or(&self.linters[0])
    }
}

/// What happened to one job.
pub enum Outcome {
    Linted {
        report: SourceReport,
        /// The source text, for excerpts in human output (not kept for streamed files).
        text: Option<String>,
        /// The file it was read from (not for stdin or streamed files).
        file: Option<Box<SourceFile>>,
        bytes: u64,
        /// Errors of single records (malformed JSON Lines) that did not stop the file.
        errors: Vec<Error>,
        /// The transcripts with their index, when [`JobContext::keep_transcripts`].
        transcripts: Vec<(usize, Transcript)>,
    },
    Failed(Error),
    /// Not linted, for `reason` (a key of the summary's `skipped`); with a note for
    /// stderr when the user should know why.
    Skipped {
        reason: &'static str,
        note: Option<String>,
    },
}

/// One job's result, in the order the results are written.
pub struct JobResult {
    /// Index of the input.
    pub input: usize,
    /// Index of the batch within the input (0 for inputs read whole).
    pub batch: usize,
    /// Whether this is the input's last batch.
    pub last: bool,
    /// Whether writing this result returns its job's permit: the first result of a job of
    /// several files, and every result of a job of its own.
    pub frees_permit: bool,
    /// The index of the linter (and configuration) the input was linted with.
    pub linter: usize,
    pub outcome: Outcome,
}

/// Feeds the inputs to the pipeline in output order: calls its argument with each input
/// and the index of its linter, and stops when that returns `false` (the writer is gone).
/// A walk can feed its files as it finds them, so no list of every input is held.
pub trait Feed: FnOnce(&mut dyn FnMut(Input, usize) -> bool) + Send {}
impl<F: FnOnce(&mut dyn FnMut(Input, usize) -> bool) + Send> Feed for F {}

/// Feeds a list of inputs with the index of each one's linter.
pub fn feed_list(inputs: Vec<Input>, linter_of: Vec<usize>) -> impl Feed {
    move |sink: &mut dyn FnMut(Input, usize) -> bool| {
        let mut linter_of = linter_of.into_iter();
        for input in inputs {
            if !sink(input, linter_of.next().unwrap_or(0)) {
                return;
            }
        }
    }
}

/// Runs every input through the pool and calls `write` with the results in input order.
/// Stops calling `write` after it fails, and returns that error once the jobs in flight
/// are done.
pub fn run(
    jobs: usize,
    cx: JobContext,
    feed: impl Feed,
    mut write: impl FnMut(JobResult) -> io::Result<()>,
) -> anyhow::Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start worker threads: {e}"))?;
    let window = permit_window(&pool);
    let cx = Arc::new(cx);
    // A job sends its results at once: a message per file woke the writer once per 2 KB
    // file (3% of a run's CPU time in futex wake-ups on 20 MB of small files).
    let (done_tx, done_rx) = mpsc::channel::<Vec<JobResult>>();
    // Counting semaphore: the producer takes a permit per job, the writer returns it.
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(window);
    let mut result: io::Result<()> = Ok(());
    // Scoped: the feed may borrow (a walk's settings and configs).
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || produce(&pool, &cx, feed, &done_tx, &permit_tx));
        let mut pending: BTreeMap<(usize, usize), JobResult> = BTreeMap::new();
        let mut next = (0usize, 0usize);
        for batch in done_rx {
            for done in batch {
                pending.insert((done.input, done.batch), done);
            }
            while let Some(done) = pending.remove(&next) {
                // One permit per job: returning one per result let a job of 16 files
                // return 16, so the walk ran ahead of the workers and queued every file
                // of the run (11 MB of queued jobs for 300,000 files).
                if done.frees_permit {
                    let _ = permit_rx.try_recv();
                }
                next = if done.last {
                    (next.0 + 1, 0)
                } else {
                    (next.0, next.1 + 1)
                };
                if result.is_ok() {
                    result = write(done);
                }
            }
        }
        let _ = producer.join();
    });
    Ok(result?)
}

/// Whether an input is streamed as JSON Lines rather than read whole.
fn is_jsonl(input: &Input, format: Format) -> bool {
    match input {
        Input::Stdin => false,
        Input::File { path, .. } => match format {
            Format::Jsonl => true,
            Format::Auto => Format::for_path(path) == Some(Format::Jsonl),
            _ => false,
        },
    }
}

/// Issues the jobs in output order, one permit each.
fn produce(
    pool: &rayon::ThreadPool,
    cx: &Arc<JobContext>,
    feed: impl Feed,
    done: &mpsc::Sender<Vec<JobResult>>,
    permits: &mpsc::SyncSender<()>,
) {
    // Consecutive files read whole make one job (up to `files_per_job`): a job per small
    // file cost a task, a permit and two thread wake-ups per 2 KB of text.
    let window = permit_window(pool);
    let issued = std::cell::Cell::new(0usize);
    let issue = |group: &mut Vec<(usize, Input, usize)>| -> bool {
        if group.is_empty() {
            return true;
        }
        if permits.send(()).is_err() {
            return false;
        }
        issued.set(issued.get() + 1);
        let (cx, done) = (Arc::clone(cx), done.clone());
        let group = std::mem::take(group);
        pool.spawn(move || {
            let results = group
                .into_iter()
                .enumerate()
                .map(|(n, (k, input, linter))| JobResult {
                    input: k,
                    batch: 0,
                    last: true,
                    frees_permit: n == 0,
                    linter,
                    outcome: lint_input(&cx, linter, &input),
                })
                .collect();
            let _ = done.send(results);
        });
        true
    };
    let mut group: Vec<(usize, Input, usize)> = Vec::with_capacity(MAX_FILES_PER_JOB);
    let mut next = 0usize;
    let mut going = true;
    feed(&mut |input: Input, linter: usize| {
        let k = next;
        next += 1;
        if let (true, Input::File { path, .. }) = (is_jsonl(&input, cx.format), &input) {
            going = issue(&mut group) && stream_jsonl(pool, cx, k, linter, path, done, permits);
        } else {
            group.push((k, input, linter));
            if group.len() == files_per_job(issued.get(), window) {
                going = issue(&mut group);
            }
        }
        going
    });
    if going {
        issue(&mut group);
    }
}

/// The jobs issued and not yet written, at most: four per thread.
fn permit_window(pool: &rayon::ThreadPool) -> usize {
    pool.current_num_threads() * 4
}

/// Files read whole per job (see [`produce`]) once a run is under way.
const MAX_FILES_PER_JOB: usize = 64;

/// The files of the next job, when `issued` jobs were issued with `window` permits: 16 for
/// the first window of jobs, 32 for the second, then [`MAX_FILES_PER_JOB`]. Small jobs at
/// the start keep every thread busy on a folder of a few dozen files; larger ones later
/// wake the writer and the feeding thread a quarter as often (each job's results and its
/// permit are a wake-up each: 5% of the CPU time of a run over 9,857 files of 2 KB with
/// 16 files a job, in `futex` wake-ups).
fn files_per_job(issued: usize, window: usize) -> usize {
    let doublings = (issued / window.max(1)).min(2);
    (MAX_FILES_PER_JOB / 4) << doublings
}

/// Streams one JSON Lines file in batches of lines; `false` when the writer is gone.
fn stream_jsonl(
    pool: &rayon::ThreadPool,
    cx: &Arc<JobContext>,
    input: usize,
    linter: usize,
    path: &Path,
    done: &mpsc::Sender<Vec<JobResult>>,
    permits: &mpsc::SyncSender<()>,
) -> bool {
    let name = path.display().to_string();
    let send = |batch: usize, last: bool, outcome: Outcome| {
        let _ = done.send(vec![JobResult {
            input,
            batch,
            last,
            frees_permit: true,
            linter,
            outcome,
        }]);
    };
    if permits.send(()).is_err() {
        return false;
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            send(0, true, Outcome::Failed(Error::io(&name, "", e)));
            return true;
        }
    };
    // A UTF-16 file (with a byte-order mark) is decoded whole, within --max-file-size:
    // the streamed reader reads UTF-8.
    let mut bom = [0u8; 2];
    let utf16 = std::io::Read::read_exact(&mut file, &mut bom).is_ok()
        && (bom == [0xFF, 0xFE] || bom == [0xFE, 0xFF]);
    if utf16 {
        let (cx2, done2) = (Arc::clone(cx), done.clone());
        let file_input = Input::File {
            path: path.to_path_buf(),
            explicit: true,
        };
        pool.spawn(move || {
            let outcome = lint_input(&cx2, linter, &file_input);
            let _ = done2.send(vec![JobResult {
                input,
                batch: 0,
                last: true,
                frees_permit: true,
                linter,
                outcome,
            }]);
        });
        return true;
    }
    if let Err(e) = std::io::Seek::rewind(&mut file) {
        send(0, true, Outcome::Failed(Error::io(&name, "", e)));
        return true;
    }
    let mut reader = cx
        .linter(linter)
        .read_jsonl(io::BufReader::with_capacity(1 << 20, file), &name);
    for batch in 0.. {
        let lines = match reader.batch(JSONL_BATCH_LINES, JSONL_BATCH_BYTES) {
            Ok(b) => b,
            Err(e) => {
                send(batch, true, Outcome::Failed(e));
                return true;
            }
        };
        let last = lines.is_empty();
        let (cx2, done2, name2) = (Arc::clone(cx), done.clone(), name.clone());
        pool.spawn(move || {
            let outcome = lint_jsonl_batch(&cx2, linter, &name2, &lines, batch == 0 && last);
            let _ = done2.send(vec![JobResult {
                input,
                batch,
                last,
                frees_permit: true,
                linter,
                outcome,
            }]);
        });
        if last {
            return true;
        }
        if permits.send(()).is_err() {
            return false;
        }
    }
    true
}

fn lint_jsonl_batch(
    cx: &JobContext,
    linter: usize,
    name: &str,
    lines: &[Result<JsonlLine, Error>],
    empty: bool,
) -> Outcome {
    if empty {
        return Outcome::Skipped {
            reason: super::inputs::skip::EMPTY,
            note: Some(format!("{name}: empty file, nothing to lint")),
        };
    }
    let bytes = lines
        .iter()
        .map(|l| l.as_ref().map_or(0, |l| l.text.len() as u64 + 1))
        .sum();
    let linter = cx.linter(linter);
    let (report, errors, transcripts) = if cx.keep_transcripts || cx.keep_structured {
        linter.lint_jsonl_batch_with_transcripts(name, lines)
    } else {
        let (report, errors) = linter.lint_jsonl_batch(name, lines);
        (report, errors, Vec::new())
    };
    Outcome::Linted {
        report,
        text: None,
        file: None,
        bytes,
        errors,
        transcripts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn context() -> JobContext {
        JobContext {
            linters: vec![carelint::LinterBuilder::new()
                .default_rules(false)
                .build()
                .unwrap()],
            format: Format::Auto,
            stdin: None,
            stdin_name: "-".into(),
            max_bytes: u64::MAX,
            stamp: false,
            keep_transcripts: false,
            keep_structured: false,
        }
    }

    /// Every job returns exactly one permit, whatever its number of files: a job of 16
    /// files that returned one per result let the walk run ahead of the workers and queue
    /// every file of the run.
    #[test]
    fn each_job_returns_one_permit() {
        let dir = tempfile::tempdir().unwrap();
        let n = 20 * MAX_FILES_PER_JOB + 3;
        let inputs: Vec<Input> = (0..n)
            .map(|i| {
                let path: PathBuf = dir.path().join(format!("{i:03}.txt"));
                std::fs::write(&path, "Customer: hi\nAgent: hello\n").unwrap();
                Input::File {
                    path,
                    explicit: false,
                }
            })
            .collect();
        let mut order = Vec::new();
        let mut freeing = Vec::new();
        run(2, context(), feed_list(inputs, vec![0; n]), |r| {
            order.push(r.input);
            if r.frees_permit {
                freeing.push(r.input);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(order, (0..n).collect::<Vec<_>>());
        // The jobs grow from 16 files to 64 (two threads: a window of 8 jobs).
        let mut firsts = Vec::new();
        let mut first = 0;
        while first < n {
            firsts.push(first);
            first += files_per_job(firsts.len() - 1, 8);
        }
        assert_eq!(freeing, firsts);
        assert_eq!(&firsts[..3], &[0, 16, 32]);
        assert_eq!(firsts[9] - firsts[8], 32);
        assert_eq!(firsts[17] - firsts[16], 64);
    }
}
