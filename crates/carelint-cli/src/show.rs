//! `carelint show`: how files were read — for each conversation its id, kind, channel,
//! metadata, speakers with their roles and how each role was decided, and every turn
//! with its speaker, times and source line. For users debugging a format.

use std::io::{self, Write};

use carelint::{source, Format, Speaker, Transcript};
use serde_json::{json, Value};

use crate::args::{ReportFormat, ShowArgs};
use crate::check::inputs::{Input, Walk};
use crate::Status;

pub fn run(args: ShowArgs) -> anyhow::Result<Status> {
    let check = crate::check::defaults_for(&args.paths, &args.rule_args, &args.read)?;
    let cwd = std::env::current_dir()?;
    let walk_args = crate::args::WalkArgs::default();
    let mut errors = Vec::new();
    let plan = crate::check::plan(
        &check,
        &Walk {
            paths: &check.paths,
            walk: &walk_args,
            no_ignore: false,
            follow: false,
            cwd: &cwd,
            outputs: Vec::new(),
        },
        &mut errors,
        false,
    )?;
    let format = match &args.read.input_format {
        Some(name) => name.parse::<Format>()?,
        None => Format::Auto,
    };
    let max_bytes = args.read.max_file_size.saturating_mul(1024 * 1024);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut docs = Vec::new();
    let mut read = 0;
    for (i, input) in plan.collected.inputs.iter().enumerate() {
        let linter = &plan.linters[plan.collected.config_of[i]];
        let (name, bytes) = match input {
            Input::Stdin => (
                args.read.stdin_filename.clone(),
                crate::capped::read_all_capped(
                    io::stdin().lock(),
                    max_bytes,
                    &args.read.stdin_filename,
                    "standard input",
                ),
            ),
            Input::File { path, .. } => (
                path.display().to_string(),
                crate::capped::read_capped(path, max_bytes, "file"),
            ),
        };
        let parsed = bytes
            .and_then(|b| match crate::capped::binary_offset(&b) {
                Some(at) => Err(crate::capped::binary_error(&name, at)),
                None => source::decode(b, &name),
            })
            .and_then(|text| {
                let detected = match format {
                    Format::Auto => Format::detect(Some(std::path::Path::new(&name)), &text)?,
                    f => f,
                };
                Ok((detected, linter.parse(&text, format, &name)?))
            });
        match parsed {
            Ok((detected, transcripts)) => {
                read += 1;
                match args.format {
                    ReportFormat::Text => write_text(&mut out, &name, detected, &transcripts)?,
                    ReportFormat::Json => docs.push(json!({
                        "path": name,
                        "format": detected.name(),
                        "transcripts": transcripts.iter().map(transcript_json).collect::<Vec<_>>(),
                    })),
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if args.format == ReportFormat::Json {
        serde_json::to_writer_pretty(&mut out, &json!({ "files": docs }))?;
        writeln!(out)?;
    }
    out.flush()?;
    for e in &errors {
        eprintln!("error: {e}");
    }
    if read == 0 && errors.is_empty() {
        anyhow::bail!("nothing to show: no transcript or template file in the paths given");
    }
    Ok(if errors.is_empty() {
        Status::Clean
    } else {
        Status::Error
    })
}

/// `1:02.5` or `1:02:03.0`.
fn time(secs: f64) -> String {
    let whole = secs.floor();
    let (h, m, s) = (
        (whole / 3600.0) as u64,
        ((whole / 60.0) as u64) % 60,
        secs - (whole / 60.0).floor() * 60.0,
    );
    if h > 0 {
        format!("{h}:{m:02}:{s:04.1}")
    } else {
        format!("{m}:{s:04.1}")
    }
}

/// One line of a turn's text: line breaks shown as ` ⏎ `, cut at 100 characters.
fn one_line(text: &str) -> String {
    let flat = text.replace("\r\n", "\n").replace('\n', " ⏎ ");
    if flat.chars().count() > 100 {
        format!("{}…", flat.chars().take(100).collect::<String>())
    } else {
        flat
    }
}

/// How the roles of a transcript were decided: the reader's assignments, or (when the
/// source names roles) one line per speaker found.
fn speakers(t: &Transcript) -> Vec<(String, Speaker, String)> {
    if !t.speakers.is_empty() {
        return t
            .speakers
            .iter()
            .map(|s| (s.label.clone(), s.speaker.clone(), s.how.clone()))
            .collect();
    }
    let mut seen: Vec<Speaker> = Vec::new();
    for turn in &t.turns {
        if !seen.contains(&turn.speaker) {
            seen.push(turn.speaker.clone());
        }
    }
    seen.into_iter()
        .map(|s| {
            let how = match (&s, t.kind) {
                (_, carelint::TranscriptKind::Template) => {
                    "a reply template: its text is the agent's".to_string()
                }
                (Speaker::Other(_), _) => {
                    "the label is no known role (map it with `speakers:` in carelint.yaml or --speaker-map)".to_string()
                }
                _ => "named in the source (a role name, a known label or the config's `speakers:`)".to_string(),
            };
            (s.as_str().to_string(), s, how)
        })
        .collect()
}

fn write_text(
    out: &mut dyn Write,
    name: &str,
    format: Format,
    transcripts: &[Transcript],
) -> io::Result<()> {
    writeln!(
        out,
        "{name}: {}, {}",
        format.title(),
        crate::plural(transcripts.len(), "transcript", "transcripts")
    )?;
    for t in transcripts {
        let kind = match t.kind {
            carelint::TranscriptKind::Conversation => "conversation",
            carelint::TranscriptKind::Template => "reply template",
        };
        write!(out, "\n  {kind} `{}`", t.id)?;
        if let Some(c) = &t.channel {
            write!(out, " (channel {c})")?;
        }
        writeln!(out, ", {}", crate::plural(t.turns.len(), "turn", "turns"))?;
        let meta = metadata_pairs(t);
        if !meta.is_empty() {
            writeln!(out, "    metadata:")?;
            for (k, v) in meta {
                writeln!(out, "      {k}: {v}")?;
            }
        }
        writeln!(out, "    speakers:")?;
        for (label, role, how) in speakers(t) {
            writeln!(out, "      {label} → {}: {how}", role.as_str())?;
        }
        writeln!(out, "    turns:")?;
        let w = t.turns.len().to_string().len();
        for (i, turn) in t.turns.iter().enumerate() {
            let when = match (turn.start, turn.end) {
                (Some(s), Some(e)) => format!("[{}–{}] ", time(s), time(e)),
                (Some(s), None) => format!("[{}] ", time(s)),
                _ => String::new(),
            };
            writeln!(
                out,
                "      {:>w$}  line {:<4} {when}{}: {}",
                i + 1,
                turn.line,
                turn.speaker.as_str(),
                one_line(&turn.text)
            )?;
        }
    }
    writeln!(out)
}

/// The metadata's known fields and extra keys, as text.
fn metadata_pairs(t: &Transcript) -> Vec<(String, String)> {
    let m = &t.metadata;
    let mut out = Vec::new();
    for (k, v) in [
        ("agent", &m.agent),
        ("team", &m.team),
        ("date", &m.date),
        ("customer_name", &m.customer_name),
        ("customer_timezone", &m.customer_timezone),
        ("locale", &m.locale),
    ] {
        if let Some(v) = v {
            out.push((k.to_string(), v.clone()));
        }
    }
    for (k, v) in &m.extra {
        let v = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        out.push((k.clone(), v));
    }
    out
}

fn transcript_json(t: &Transcript) -> Value {
    json!({
        "id": t.id,
        "kind": match t.kind {
            carelint::TranscriptKind::Template => "template",
            _ => "conversation",
        },
        "channel": t.channel,
        "metadata": t.metadata,
        "speakers": speakers(t).into_iter().map(|(label, role, how)| json!({
            "label": label, "role": role, "how": how,
        })).collect::<Vec<_>>(),
        "turns": t.turns.iter().map(|turn| json!({
            "speaker": turn.speaker,
            "text": turn.text,
            "start": turn.start,
            "end": turn.end,
            "line": turn.line,
        })).collect::<Vec<_>>(),
    })
}
