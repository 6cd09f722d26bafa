//! Conversions between Python objects and carelint's model: conversation dicts in,
//! findings and rules out (as plain dicts with the fields of their JSON form).

use carelint::{Diagnostic, Error, ErrorKind, Linter, Metadata, Transcript, TranscriptKind, Turn};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Findings as a list of dicts with exactly the fields of `carelint check --format jsonl`
/// (through `Diagnostic`'s serde form, so the two cannot drift apart).
pub fn findings<'py>(py: Python<'py>, found: &[Diagnostic]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for d in found {
        list.append(pythonize::pythonize(py, d)?)?;
    }
    Ok(list)
}

/// A `ParseError` about a conversation dict.
fn bad(name: &str, message: String) -> Error {
    Error::new(ErrorKind::Parse, message).with_path(name)
}

/// The text of an optional string field; `None` for a missing key or `None` value.
fn opt_str(
    dict: &Bound<'_, PyDict>,
    key: &str,
    name: &str,
    at: &str,
) -> PyResult<Result<Option<String>, Error>> {
    Ok(match dict.get_item(key)? {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
            Err(_) => Err(bad(
                name,
                format!("{at}`{key}` must be a string, not {}", type_name(&v)),
            )),
        },
    })
}

/// An optional number of seconds (`start`, `end` of a turn).
fn opt_seconds(
    dict: &Bound<'_, PyDict>,
    key: &str,
    name: &str,
    at: &str,
) -> PyResult<Result<Option<f64>, Error>> {
    Ok(match dict.get_item(key)? {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v)
            if !v.is_instance_of::<PyBool>()
                && (v.is_instance_of::<PyFloat>() || v.is_instance_of::<PyInt>()) =>
        {
            Ok(Some(v.extract::<f64>()?))
        }
        Some(v) => Err(bad(
            name,
            format!(
                "{at}`{key}` must be a number of seconds, not {}",
                type_name(&v)
            ),
        )),
    })
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |n| n.to_string())
}

/// Builds a transcript from a dict in carelint's JSON shape, the way the canonical JSON
/// reader builds it from the same object: `id` (string or number), `channel`, `kind`
/// (`conversation` or `template`), `metadata`, `turns` (each with `speaker`, `text` and
/// optional `start`/`end` seconds); other keys are kept as metadata, and the top-level
/// keys `agent`, `customer_name`, `customer_timezone` and `locale` fill the metadata
/// fields of the same name. Keys of a turn other than those four are ignored.
///
/// Errors name `name`, else the conversation's id, else `fallback`; a conversation
/// without an id gets `name` or `fallback`. A value of the wrong type is a `ParseError`
/// (the outer `Err` is only for a failing Python call).
pub fn transcript(
    linter: &Linter,
    dict: &Bound<'_, PyDict>,
    name: Option<&str>,
    fallback: &str,
) -> PyResult<Result<Transcript, Error>> {
    let id = match dict.get_item("id")? {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) if v.is_instance_of::<PyString>() => {
            Some(v.cast::<PyString>()?.to_cow()?.into_owned())
        }
        Some(v)
            if !v.is_instance_of::<PyBool>()
                && (v.is_instance_of::<PyInt>() || v.is_instance_of::<PyFloat>()) =>
        {
            Some(v.str()?.to_cow()?.into_owned())
        }
        Some(v) => {
            return Ok(Err(bad(
                name.unwrap_or(fallback),
                format!("`id` must be a string or a number, not {}", type_name(&v)),
            )))
        }
    };
    let name = name
        .map(str::to_string)
        .or_else(|| id.clone())
        .unwrap_or_else(|| fallback.to_string());
    let name = name.as_str();
    let channel = match opt_str(dict, "channel", name, "")? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let kind = match opt_str(dict, "kind", name, "")? {
        Ok(None) => TranscriptKind::Conversation,
        Ok(Some(k)) if k == "conversation" => TranscriptKind::Conversation,
        Ok(Some(k)) if k == "template" => TranscriptKind::Template,
        Ok(Some(k)) => {
            return Ok(Err(bad(
                name,
                format!(
                    "unknown `kind` `{}` (expected `conversation` or `template`)",
                    excerpt(&k)
                ),
            )))
        }
        Err(e) => return Ok(Err(e)),
    };
    let mut metadata: Metadata = match dict.get_item("metadata")? {
        None => Metadata::default(),
        Some(v) if v.is_none() => Metadata::default(),
        Some(v) if v.is_instance_of::<PyDict>() => match pythonize::depythonize(&v) {
            Ok(m) => m,
            Err(e) => return Ok(Err(bad(name, format!("`metadata`: {e}")))),
        },
        Some(v) => {
            return Ok(Err(bad(
                name,
                format!("`metadata` must be a dict, not {}", type_name(&v)),
            )))
        }
    };
    let Some(turns) = dict.get_item("turns")? else {
        return Ok(Err(bad(name, "missing key `turns`".to_string())));
    };
    if !(turns.is_instance_of::<PyList>() || turns.is_instance_of::<PyTuple>()) {
        return Ok(Err(bad(
            name,
            format!("`turns` must be a list, not {}", type_name(&turns)),
        )));
    }
    let mut out = Vec::with_capacity(turns.len().unwrap_or(0));
    for (i, turn) in turns.try_iter()?.enumerate() {
        let turn = turn?;
        let at = format!("turns[{i}]: ");
        let Ok(turn) = turn.cast::<PyDict>() else {
            return Ok(Err(bad(
                name,
                format!("{at}a turn must be a dict, not {}", type_name(&turn)),
            )));
        };
        let speaker = match opt_str(turn, "speaker", name, &at)? {
            Ok(Some(s)) => s,
            Ok(None) => return Ok(Err(bad(name, format!("{at}missing key `speaker`")))),
            Err(e) => return Ok(Err(e)),
        };
        let mut text = match opt_str(turn, "text", name, &at)? {
            Ok(Some(t)) => t,
            Ok(None) => return Ok(Err(bad(name, format!("{at}missing key `text`")))),
            Err(e) => return Ok(Err(e)),
        };
        let (start, end) = match (
            opt_seconds(turn, "start", name, &at)?,
            opt_seconds(turn, "end", name, &at)?,
        ) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
        };
        // As the JSON reader: lines of a turn are joined with `\n`.
        if text.contains('\r') {
            text = text.replace("\r\n", "\n");
        }
        let mut t = Turn::new(linter.speaker_for_label(&speaker), text);
        t.start = start;
        t.end = end;
        out.push(t);
    }
    for (key, value) in dict.iter() {
        let Ok(key) = key.cast::<PyString>() else {
            continue;
        };
        let key = key.to_cow()?;
        if matches!(&*key, "id" | "channel" | "kind" | "metadata" | "turns") {
            continue;
        }
        let slot = match &*key {
            "agent" => Some(&mut metadata.agent),
            "customer_name" => Some(&mut metadata.customer_name),
            "customer_timezone" => Some(&mut metadata.customer_timezone),
            "locale" => Some(&mut metadata.locale),
            _ => None,
        };
        match slot {
            Some(slot) if slot.is_none() && value.is_instance_of::<PyString>() => {
                *slot = Some(value.cast::<PyString>()?.to_cow()?.into_owned());
            }
            _ => {
                if let Ok(v) = pythonize::depythonize::<serde_json::Value>(&value) {
                    metadata.extra.entry(key.into_owned()).or_insert(v);
                }
            }
        }
    }
    let mut t = Transcript::new(id.unwrap_or_else(|| name.to_string()), out);
    t.channel = channel;
    t.kind = kind;
    t.metadata = metadata;
    Ok(Ok(t))
}

/// A transcript as a dict in carelint's JSON shape (what [`transcript`] reads back).
pub fn transcript_dict<'py>(py: Python<'py>, t: &Transcript) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", &t.id)?;
    d.set_item("channel", t.channel.as_deref())?;
    d.set_item(
        "kind",
        match t.kind {
            TranscriptKind::Template => "template",
            _ => "conversation",
        },
    )?;
    d.set_item("metadata", pythonize::pythonize(py, &t.metadata)?)?;
    let turns = PyList::empty(py);
    for turn in &t.turns {
        let td = PyDict::new(py);
        td.set_item("speaker", turn.speaker.as_str())?;
        td.set_item("text", &turn.text)?;
        td.set_item("start", turn.start)?;
        td.set_item("end", turn.end)?;
        turns.append(td)?;
    }
    d.set_item("turns", turns)?;
    Ok(d)
}

/// The text of `carelint explain ID` for a loaded rule.
pub fn explain(rule: &carelint::Rule) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}, {})", rule.id, rule.category, rule.severity);
    let _ = writeln!(out);
    let _ = writeln!(out, "Message: {}", rule.message);
    let _ = writeln!(out, "Why:     {}", rule.why);
    let _ = writeln!(
        out,
        "Reads:   {} turns, in {}",
        rule.speaker.as_str(),
        match rule.applies_to {
            carelint::AppliesTo::Any => "conversations and templates",
            carelint::AppliesTo::Conversation => "conversations",
            carelint::AppliesTo::Template => "templates",
        }
    );
    let _ = writeln!(out, "Kind:    {}", rule.kind());
    for (key, value) in rule.settings() {
        let _ = writeln!(out, "  {key}: {}", show(&value));
    }
    match &rule.suggest {
        Some(carelint::Suggest::Text(t)) => {
            let _ = writeln!(out, "Suggest: {t}");
        }
        Some(carelint::Suggest::Map(m)) => {
            let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k} → {v}")).collect();
            let _ = writeln!(out, "Suggest: {}", pairs.join("; "));
        }
        None => {}
    }
    let _ = writeln!(out, "Source:  {}:{}", rule.source, rule.line);
    for (title, list) in [
        ("Flags", &rule.examples.flag),
        ("Passes", &rule.examples.pass),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{title}:");
            for e in list {
                let mut lines = e.lines();
                let _ = writeln!(out, "  - {}", lines.next().unwrap_or(""));
                for l in lines {
                    let _ = writeln!(out, "    {l}");
                }
            }
        }
    }
    out
}

/// A rule setting's value as `carelint explain` shows it.
fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{k}: {}", show(v)))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// At most 80 characters of an input value, on one line, for an error message.
pub fn excerpt(value: &str) -> String {
    const MAX: usize = 80;
    let one_line: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > MAX {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}
