//! SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde_json::{json, Map, Value};

use super::Reporter;
use super::Summary;
use crate::baseline::Entry;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::linter::SourceReport;
use crate::rules::Rule;

/// The JSON Schema URI of SARIF 2.1.0, written as the log's `$schema`.
pub(crate) const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// SARIF 2.1.0 output.
///
/// ## Wire format
///
/// One SARIF log with one run. `tool.driver` names carelint, its version and home page,
/// and lists **every loaded rule** (`id`, `shortDescription` = the message template with
/// its `{match}`-style placeholders left in, `fullDescription` = the rule's `why`,
/// `defaultConfiguration.level`, `help` with the rule's examples in text and Markdown,
/// and `properties.tags` = `[category]`).
///
/// Each finding is a `result` with `ruleId`, `ruleIndex`, `level` (`error`, `warning`,
/// `note` for info), `message.text` and one location: `artifactLocation.uri` is the
/// file's path relative to the base folder given to [`Sarif::new`], with `/` separators
/// and percent-encoded as a URI reference, with `uriBaseId` `%SRCROOT%` (files outside
/// the base folder get an absolute `file://` URI instead). The `region` has `startLine`,
/// `startColumn`, `endLine`, `endColumn`; columns count Unicode characters, which the run
/// declares with `columnKind: unicodeCodePoints`.
///
/// `partialFingerprints.primaryLocationLineHash` (and the same value under
/// `carelint/v1`) is a hash of the rule, the path, the transcript, the matched text and
/// its surrounding words — the identity [`crate::baseline`] uses — plus `:N` for the
/// N-th such finding in the file. It does not depend on line numbers, so code scanning
/// keeps tracking a finding when lines are added above it.
///
/// A finding with a suggested replacement carries it as a SARIF `fix`. Sources that
/// could not be read go to `invocations[0].toolExecutionNotifications`, and then
/// `executionSuccessful` is `false`. Files the run skipped ([`Summary::skipped`]) are
/// notifications of level `note`, one per reason, and `invocations[0].properties` holds
/// `filesLinted` and `skippedFiles` (the counts by reason).
///
/// The log is pretty-printed and **streamed**: each result is written as its source is
/// reported, so memory does not grow with the number of findings. The keys of the run
/// therefore come in this order: `columnKind`, `originalUriBaseIds`, `results`, then
/// `invocations` (which say whether every source could be read) and `tool` (the rule
/// table), written at [`Reporter::finish`]. JSON objects are unordered; SARIF viewers
/// read the keys in any order.
///
/// # Example
///
/// ```
/// use carelint::report::{Reporter, Sarif};
/// use carelint::{Linter, Summary};
///
/// let linter = Linter::builder().build()?;
/// let mut sarif = Sarif::new(linter.rules().cloned(), "/repo");
/// let mut out = Vec::new();
/// sarif.begin(&mut out)?;
/// sarif.finish(&mut out, &Summary::default())?;
/// let log: serde_json::Value = serde_json::from_slice(&out)?;
/// assert_eq!(log["version"], "2.1.0");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Sarif {
    rules: Vec<Rule>,
    index: HashMap<String, usize>,
    base: PathBuf,
    working_dir: Option<PathBuf>,
    /// Results written so far (the next one needs a comma before it).
    results: usize,
    notifications: Vec<Value>,
}

impl Sarif {
    /// A SARIF reporter listing `rules` (pass every loaded rule, e.g.
    /// `linter.rules().cloned()`), with artifact URIs relative to `base` (usually the
    /// repository's root).
    ///
    /// Relative source paths are taken as relative to `base` unless
    /// [`Sarif::working_dir`] says where they are relative to.
    pub fn new(rules: impl IntoIterator<Item = Rule>, base: impl Into<PathBuf>) -> Sarif {
        let rules: Vec<Rule> = rules.into_iter().collect();
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Sarif {
            rules,
            index,
            base: base.into(),
            working_dir: None,
            results: 0,
            notifications: Vec::new(),
        }
    }

    /// The folder relative source paths (and a relative base) are relative to, usually
    /// the process's working folder.
    pub fn working_dir(mut self, dir: impl Into<PathBuf>) -> Sarif {
        self.working_dir = Some(dir.into());
        self
    }

    fn absolute(&self, p: &Path) -> PathBuf {
        match &self.working_dir {
            Some(wd) if p.is_relative() => normalize(&wd.join(p)),
            _ => normalize(p),
        }
    }

    /// The artifact location of a source path: (uri, whether relative to `%SRCROOT%`).
    fn location(&self, path: &str) -> (String, bool) {
        let path = path.replace('\\', std::path::MAIN_SEPARATOR_STR);
        let p = self.absolute(Path::new(&path));
        let base = self.absolute(&self.base);
        if let Ok(rel) = p.strip_prefix(&base) {
            (encode_path(rel), true)
        } else if p.is_absolute() {
            (file_uri(&p), false)
        } else {
            (encode_path(&p), true)
        }
    }

    fn artifact(&self, path: &str) -> Value {
        let (uri, relative) = self.location(path);
        if relative {
            json!({ "uri": uri, "uriBaseId": "%SRCROOT%" })
        } else {
            json!({ "uri": uri })
        }
    }

    fn rule_descriptor(rule: &Rule) -> Value {
        let mut text = rule.why.trim().to_string();
        let mut markdown = text.clone();
        for (title, list) in [
            ("Flagged", &rule.examples.flag),
            ("Not flagged", &rule.examples.pass),
        ] {
            if list.is_empty() {
                continue;
            }
            text.push_str(&format!("\n\n{title}:"));
            markdown.push_str(&format!("\n\n**{title}:**\n"));
            for e in list {
                text.push_str(&format!("\n- {e}"));
                markdown.push_str(&format!("\n- {}", md_code(e)));
            }
        }
        let full = if rule.why.trim().is_empty() {
            rule.message.clone()
        } else {
            rule.why.trim().to_string()
        };
        json!({
            "id": rule.id,
            "shortDescription": { "text": rule.message },
            "fullDescription": { "text": full },
            "defaultConfiguration": { "level": level(rule.severity) },
            "help": { "text": text.trim(), "markdown": markdown.trim() },
            "properties": {
                "tags": [rule.category.as_str()],
                "kind": rule.kind(),
            },
        })
    }

    fn result(&self, d: &Diagnostic, fingerprint: String) -> Value {
        let end_line = if d.end_line == 0 { d.line } else { d.end_line };
        let end_column = if d.end_column == 0 {
            d.column
        } else {
            d.end_column
        };
        let region = json!({
            "startLine": d.line.max(1),
            "startColumn": d.column.max(1),
            "endLine": end_line.max(d.line).max(1),
            "endColumn": end_column.max(1),
        });
        let mut r = Map::new();
        r.insert("ruleId".into(), json!(d.rule));
        if let Some(&i) = self.index.get(&d.rule) {
            r.insert("ruleIndex".into(), json!(i));
        }
        r.insert("level".into(), json!(level(d.severity)));
        r.insert("message".into(), json!({ "text": d.message }));
        r.insert(
            "locations".into(),
            json!([{ "physicalLocation": {
                "artifactLocation": self.artifact(&d.path),
                "region": region,
            }}]),
        );
        r.insert(
            "partialFingerprints".into(),
            json!({ "primaryLocationLineHash": fingerprint, "carelint/v1": fingerprint }),
        );
        if let Some(s) = &d.suggestion {
            r.insert(
                "fixes".into(),
                json!([{
                    "description": { "text": format!("Replace with “{s}”") },
                    "artifactChanges": [{
                        "artifactLocation": self.artifact(&d.path),
                        "replacements": [{
                            "deletedRegion": region,
                            "insertedContent": { "text": s },
                        }],
                    }],
                }]),
            );
        }
        let mut props = Map::new();
        props.insert("category".into(), json!(d.category));
        if d.transcript != d.path {
            props.insert("transcript".into(), json!(d.transcript));
        }
        if let Some(t) = d.turn {
            props.insert("turn".into(), json!(t));
        }
        if let Some(s) = &d.speaker {
            props.insert("speaker".into(), json!(s));
        }
        r.insert("properties".into(), Value::Object(props));
        Value::Object(r)
    }
}

/// Writes `value` pretty-printed with every line after the first indented by `indent`
/// spaces, to sit inside an enclosing pretty-printed document. (JSON strings hold no raw
/// line breaks, so every `\n` of the output is between tokens.)
fn write_indented(out: &mut dyn Write, value: &Value, indent: usize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let pad = format!("\n{:indent$}", "");
    out.write_all(text.replace('\n', &pad).as_bytes())
}

impl Sarif {
    fn write_result(&mut self, out: &mut dyn Write, result: &Value) -> io::Result<()> {
        out.write_all(if self.results == 0 { b"\n" } else { b",\n" })?;
        out.write_all(b"        ")?;
        write_indented(out, result, 8)?;
        self.results += 1;
        Ok(())
    }
}

impl Reporter for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.results = 0;
        self.notifications.clear();
        writeln!(out, "{{")?;
        writeln!(out, "  \"$schema\": {},", Value::from(SARIF_SCHEMA))?;
        writeln!(out, "  \"version\": \"2.1.0\",")?;
        writeln!(out, "  \"runs\": [")?;
        writeln!(out, "    {{")?;
        write!(out, "      \"columnKind\": \"unicodeCodePoints\",")?;
        let base = self.absolute(&self.base);
        if base.is_absolute() {
            let mut uri = file_uri(&base);
            if !uri.ends_with('/') {
                uri.push('/');
            }
            write!(out, "\n      \"originalUriBaseIds\": ")?;
            write_indented(out, &json!({ "%SRCROOT%": { "uri": uri } }), 6)?;
            write!(out, ",")?;
        }
        write!(out, "\n      \"results\": [")
    }

    fn source(
        &mut self,
        out: &mut dyn Write,
        report: &SourceReport,
        text: Option<&str>,
    ) -> io::Result<()> {
        let mut seen: HashMap<u64, usize> = HashMap::new();
        let entries = Entry::for_diagnostics(&report.diagnostics, text);
        for (d, entry) in report.diagnostics.iter().zip(&entries) {
            let hash = fingerprint_hash(entry);
            let n = seen.entry(hash).or_default();
            *n += 1;
            let fingerprint = format!("{hash:016x}:{n}");
            let result = self.result(d, fingerprint);
            self.write_result(out, &result)?;
        }
        Ok(())
    }

    fn error(&mut self, _out: &mut dyn Write, error: &Error) -> io::Result<()> {
        let (path, line, column) = (
            error.path(),
            error.line().unwrap_or(0),
            error.column().unwrap_or(0),
        );
        let message = if path.is_some() {
            error.message().to_string()
        } else {
            error.to_string()
        };
        let mut n = Map::new();
        n.insert("level".into(), json!("error"));
        n.insert("message".into(), json!({ "text": message }));
        if let Some(path) = path {
            let mut physical = Map::new();
            physical.insert("artifactLocation".into(), self.artifact(path));
            if line > 0 {
                physical.insert(
                    "region".into(),
                    json!({ "startLine": line, "startColumn": column.max(1) }),
                );
            }
            n.insert(
                "locations".into(),
                json!([{ "physicalLocation": Value::Object(physical) }]),
            );
        }
        self.notifications.push(Value::Object(n));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        out.write_all(if self.results == 0 {
            b"]"
        } else {
            b"\n      ]"
        })?;
        write!(out, ",\n      \"invocations\": ")?;
        let successful = self.notifications.is_empty();
        let mut notifications = std::mem::take(&mut self.notifications);
        for (reason, n) in &summary.skipped {
            let files = if *n == 1 { "file" } else { "files" };
            notifications.push(json!({
                "level": "note",
                "message": { "text": format!("{n} {files} not linted: {reason}") },
            }));
        }
        let mut invocation = Map::new();
        invocation.insert("executionSuccessful".into(), json!(successful));
        invocation.insert("toolExecutionNotifications".into(), json!(notifications));
        if !summary.skipped.is_empty() {
            invocation.insert(
                "properties".into(),
                json!({ "filesLinted": summary.files, "skippedFiles": summary.skipped }),
            );
        }
        let invocations = json!([Value::Object(invocation)]);
        write_indented(out, &invocations, 6)?;
        write!(out, ",\n      \"tool\": ")?;
        let tool = json!({ "driver": {
            "name": "carelint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": self.rules.iter().map(Sarif::rule_descriptor).collect::<Vec<_>>(),
        }});
        write_indented(out, &tool, 6)?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}

/// The SARIF level of a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A stable 64-bit hash (FNV-1a) of a baseline entry's identity.
fn fingerprint_hash(e: &Entry) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [
        e.rule.as_str(),
        e.path.as_str(),
        e.transcript.as_deref().unwrap_or(""),
        e.matched.as_deref().unwrap_or(""),
        e.context.as_str(),
    ];
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Removes `.` and resolves `..` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Percent-encodes one path segment: unreserved characters and sub-delimiters stay,
/// everything else (including `:`, `%`, spaces and non-ASCII) is encoded.
fn encode_segment(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// A relative path as a URI reference with `/` separators.
fn encode_path(p: &Path) -> String {
    let mut out = String::new();
    for c in p.components() {
        let seg = match c {
            Component::Normal(s) => s.to_string_lossy(),
            Component::ParentDir => "..".into(),
            _ => continue,
        };
        if !out.is_empty() {
            out.push('/');
        }
        encode_segment(&seg, &mut out);
    }
    out
}

/// An absolute path as a `file://` URI.
fn file_uri(p: &Path) -> String {
    let mut out = String::from("file://");
    for c in p.components() {
        match c {
            Component::Prefix(prefix) => {
                out.push('/');
                let s = prefix.as_os_str().to_string_lossy();
                out.push_str(
                    &s.replace('\\', "/")
                        .trim_end_matches('/')
                        .replace(' ', "%20"),
                );
            }
            Component::RootDir => {}
            Component::Normal(s) => {
                out.push('/');
                encode_segment(&s.to_string_lossy(), &mut out);
            }
            Component::ParentDir => out.push_str("/.."),
            Component::CurDir => {}
        }
    }
    if out == "file://" {
        out.push('/');
    }
    out
}

/// A Markdown code span holding `s`, whatever backticks it contains.
fn md_code(s: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::Linter;

    const PACK: &str = r#"
- id: rma
  category: jargon
  severity: warning
  kind: phrases
  phrases: [RMA]
  suggest: return authorisation
  message: "“{match}” is internal jargon"
  why: Customers do not know our abbreviations.
  examples:
    flag: ["Your RMA is ready."]
    pass: ["Your `return` is ready."]
"#;

    fn rules() -> Vec<Rule> {
        Linter::builder()
            .default_rules(false)
            .rules_str("p.yaml", PACK)
            .build()
            .unwrap()
            .rules()
            .cloned()
            .collect()
    }

    fn diag(path: &str) -> Diagnostic {
        let mut d = crate::fix::sample_diagnostic();
        d.path = path.into();
        d.transcript = path.into();
        d.turn = Some(1);
        d.speaker = Some(crate::Speaker::Agent);
        d.rule = "rma".into();
        d.category = crate::Category::Jargon;
        d.severity = Severity::Info;
        d.message = "“RMA” is internal jargon".into();
        d.line = 2;
        d.column = 17;
        d.span = Some(Span::new(9, 12));
        d.matched = Some("RMA".into());
        d.suggestion = Some("return authorisation".into());
        d.end_line = 2;
        d.end_column = 20;
        d.transcript_index = 0;
        d
    }

    fn run(sarif: &mut Sarif, reports: &[(Vec<Diagnostic>, Option<&str>)]) -> Value {
        let mut out = Vec::new();
        sarif.begin(&mut out).unwrap();
        for (diags, text) in reports {
            let report = SourceReport {
                path: diags.first().map(|d| d.path.clone()).unwrap_or_default(),
                transcripts: 1,
                turns: 2,
                diagnostics: diags.clone(),
                ..SourceReport::default()
            };
            sarif.source(&mut out, &report, *text).unwrap();
        }
        sarif.finish(&mut out, &Summary::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("}\n"));
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn writes_rules_and_results() {
        let mut sarif = Sarif::new(rules(), "/repo");
        let text = "Customer: hi\nAgent: Your new RMA is ready.\n";
        let log = run(&mut sarif, &[(vec![diag("/repo/t dir/a.txt")], Some(text))]);
        let run = &log["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"][0],
            json!({
                "id": "rma",
                "shortDescription": { "text": "“{match}” is internal jargon" },
                "fullDescription": { "text": "Customers do not know our abbreviations." },
                "defaultConfiguration": { "level": "warning" },
                "help": {
                    "text": "Customers do not know our abbreviations.\n\nFlagged:\n- Your RMA is ready.\n\nNot flagged:\n- Your `return` is ready.",
                    "markdown": "Customers do not know our abbreviations.\n\n**Flagged:**\n\n- `Your RMA is ready.`\n\n**Not flagged:**\n\n- ``Your `return` is ready.``",
                },
                "properties": { "tags": ["jargon"], "kind": "phrases" },
            })
        );
        assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(
            run["originalUriBaseIds"],
            json!({ "%SRCROOT%": { "uri": "file:///repo/" } })
        );
        let result = &run["results"][0];
        let fp = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(fp.ends_with(":1") && fp.len() == 18, "{fp}");
        let region = json!({ "startLine": 2, "startColumn": 17, "endLine": 2, "endColumn": 20 });
        let location = json!({ "uri": "t%20dir/a.txt", "uriBaseId": "%SRCROOT%" });
        assert_eq!(
            *result,
            json!({
                "ruleId": "rma",
                "ruleIndex": 0,
                "level": "note",
                "message": { "text": "“RMA” is internal jargon" },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": location,
                    "region": region,
                }}],
                "partialFingerprints": { "primaryLocationLineHash": fp, "carelint/v1": fp },
                "fixes": [{
                    "description": { "text": "Replace with “return authorisation”" },
                    "artifactChanges": [{
                        "artifactLocation": location,
                        "replacements": [{
                            "deletedRegion": region,
                            "insertedContent": { "text": "return authorisation" },
                        }],
                    }],
                }],
                "properties": { "category": "jargon", "turn": 1, "speaker": "agent" },
            })
        );
        assert_eq!(
            run["invocations"],
            json!([{ "executionSuccessful": true, "toolExecutionNotifications": [] }])
        );
    }

    #[test]
    fn fingerprints_ignore_line_numbers_and_count_repeats() {
        let mut sarif = Sarif::new(rules(), "");
        let a = "Agent: Your new RMA is ready.\n";
        let b = "Customer: hi\nAgent: Your new RMA is ready.\n";
        let mut d1 = diag("a.txt");
        d1.line = 1;
        let d2 = diag("a.txt");
        let log = run(
            &mut sarif,
            &[(vec![d1], Some(a)), (vec![d2.clone(), d2], Some(b))],
        );
        let fps: Vec<&str> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["carelint/v1"].as_str().unwrap())
            .collect();
        assert_eq!(fps[0], fps[1]);
        assert_eq!(fps[2], fps[1].replace(":1", ":2"));
        assert!(log["runs"][0].get("originalUriBaseIds").is_none());
    }

    #[test]
    fn results_are_streamed_not_held() {
        let mut sarif = Sarif::new(rules(), "/repo");
        let mut out = Vec::new();
        sarif.begin(&mut out).unwrap();
        let report = SourceReport {
            path: "/repo/a.txt".into(),
            diagnostics: vec![diag("/repo/a.txt"); 3],
            ..SourceReport::default()
        };
        sarif.source(&mut out, &report, None).unwrap();
        let written = String::from_utf8(out.clone()).unwrap();
        assert_eq!(
            written.matches("\"ruleId\": \"rma\"").count(),
            3,
            "{written}"
        );
        assert_eq!(sarif.results, 3);
        sarif.finish(&mut out, &Summary::default()).unwrap();
        let log: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 3);
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"][0]["id"], "rma");
    }

    #[test]
    fn uris_relative_absolute_and_encoded() {
        let s = Sarif::new(Vec::new(), "/repo").working_dir("/repo/sub");
        assert_eq!(s.location("x/a b.txt"), ("sub/x/a%20b.txt".into(), true));
        assert_eq!(
            s.location("../y:z/é.txt"),
            ("y%3Az/%C3%A9.txt".into(), true)
        );
        assert_eq!(
            s.location("/elsewhere/a#1.txt"),
            ("file:///elsewhere/a%231.txt".into(), false)
        );
        let s = Sarif::new(Vec::new(), ".");
        assert_eq!(
            s.location("./fixtures\\plain/a.txt"),
            ("fixtures/plain/a.txt".into(), true)
        );
    }

    #[test]
    fn errors_become_notifications() {
        let mut sarif = Sarif::new(Vec::new(), "/repo");
        let mut out = Vec::new();
        sarif.begin(&mut out).unwrap();
        sarif
            .error(
                &mut out,
                &Error::parse("/repo/b.txt", 3, 4, "bad front matter"),
            )
            .unwrap();
        sarif
            .error(
                &mut out,
                &Error::new(crate::ErrorKind::Io, "permission denied").with_path("/repo/c.txt"),
            )
            .unwrap();
        sarif.finish(&mut out, &Summary::default()).unwrap();
        let log: Value = serde_json::from_slice(&out).unwrap();
        let inv = &log["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        assert_eq!(
            inv["toolExecutionNotifications"][0],
            json!({
                "level": "error",
                "message": { "text": "bad front matter" },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": "b.txt", "uriBaseId": "%SRCROOT%" },
                    "region": { "startLine": 3, "startColumn": 4 },
                }}],
            })
        );
        assert!(
            inv["toolExecutionNotifications"][1]["locations"][0]["physicalLocation"]
                .get("region")
                .is_none()
        );
    }
}
