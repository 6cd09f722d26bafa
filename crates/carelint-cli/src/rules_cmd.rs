//! `carelint rules`, `carelint explain`, `carelint test-rules`.

use std::io::Write;

use carelint::{ExampleProblem, Suggest};

use crate::args::{ExplainArgs, ListFormat, RuleArgs, RulesArgs, TestRulesArgs};
use crate::Status;

pub fn list(args: RulesArgs) -> anyhow::Result<Status> {
    let config = crate::load_config(&args.rule_args)?;
    let linter = crate::build_linter(&args.rule_args, config.as_ref(), |b| b)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        ListFormat::Phrases => {
            let mut seen = std::collections::BTreeSet::new();
            for r in linter.rules().filter(|r| linter.is_enabled(&r.id)) {
                for p in r.phrases() {
                    if seen.insert(p.to_lowercase()) {
                        writeln!(out, "{p}")?;
                    }
                }
            }
        }
        ListFormat::Json => {
            let rules: Vec<_> = linter.rules().collect();
            serde_json::to_writer_pretty(&mut out, &rules)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            let w = linter.rules().map(|r| r.id.len()).max().unwrap_or(2).max(2);
            writeln!(
                out,
                "{:<w$}  {:<15}  {:<8}  {:<8}  SOURCE",
                "ID", "CATEGORY", "SEVERITY", "KIND"
            )?;
            for r in linter.rules() {
                writeln!(
                    out,
                    "{:<w$}  {:<15}  {:<8}  {:<8}  {}",
                    r.id,
                    r.category.as_str(),
                    r.severity.as_str(),
                    r.kind(),
                    r.source
                )?;
            }
            writeln!(out, "{} rules", linter.rules().len())?;
        }
    }
    Ok(Status::Clean)
}

pub fn explain(args: ExplainArgs) -> anyhow::Result<Status> {
    let config = crate::load_config(&args.rule_args)?;
    let linter = crate::build_linter(&args.rule_args, config.as_ref(), |b| b)?;
    if matches!(
        args.rule.trim(),
        carelint::suppress::UNUSED_SUPPRESSION | "suppression"
    ) {
        return explain_unused_suppression(config.as_ref());
    }
    if let Ok(category) = args.rule.parse::<carelint::Category>() {
        return explain_category(&linter, category);
    }
    let Some(rule) = linter.rule(&args.rule) else {
        let ids: Vec<&str> = linter.rules().map(|r| r.id.as_str()).collect();
        let names = carelint::Category::names();
        let hint = crate::did_you_mean(&args.rule, ids.iter().copied().chain(names))
            .map(|m| format!("; did you mean `{m}`?"))
            .unwrap_or_else(|| "; `carelint rules` lists them".into());
        anyhow::bail!("no rule or category `{}`{hint}", args.rule);
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} ({}, {})", rule.id, rule.category, rule.severity)?;
    writeln!(out)?;
    writeln!(out, "Message: {}", rule.message)?;
    writeln!(out, "Why:     {}", rule.why)?;
    writeln!(
        out,
        "Reads:   {} turns, in {}",
        rule.speaker.as_str(),
        match rule.applies_to {
            carelint::AppliesTo::Any => "conversations and templates",
            carelint::AppliesTo::Conversation => "conversations",
            carelint::AppliesTo::Template => "templates",
        }
    )?;
    writeln!(out, "Kind:    {}", rule.kind())?;
    for (key, value) in rule.settings() {
        writeln!(out, "  {key}: {}", show(&value))?;
    }
    match &rule.suggest {
        Some(Suggest::Text(t)) => writeln!(out, "Suggest: {t}")?,
        Some(Suggest::Map(m)) => {
            let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k} → {v}")).collect();
            writeln!(out, "Suggest: {}", pairs.join("; "))?;
        }
        None => {}
    }
    writeln!(out, "Source:  {}:{}", rule.source, rule.line)?;
    for (title, list) in [
        ("Flags", &rule.examples.flag),
        ("Passes", &rule.examples.pass),
    ] {
        if !list.is_empty() {
            writeln!(out)?;
            writeln!(out, "{title}:")?;
            for e in list {
                let mut lines = e.lines();
                writeln!(out, "  - {}", lines.next().unwrap_or(""))?;
                for l in lines {
                    writeln!(out, "    {l}")?;
                }
            }
        }
    }
    if !rule.examples.fix.is_empty() {
        writeln!(out)?;
        writeln!(out, "Fixes:")?;
        for e in &rule.examples.fix {
            writeln!(out, "  - {}", e.before)?;
            writeln!(out, "    → {}", e.after)?;
        }
    }
    Ok(Status::Clean)
}

/// `carelint explain unused-suppression` (or its category, `suppression`): the built-in
/// check of `carelint:` comments, which is no rule of a pack.
fn explain_unused_suppression(config: Option<&carelint::Config>) -> anyhow::Result<Status> {
    let severity = match config
        .map(carelint::Config::unused_suppressions)
        .transpose()?
    {
        Some(Some(s)) => s.map_or("off", |s| s.as_str()),
        _ => "warning",
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} (suppression, {severity})\n\n\
         Message: a `carelint:` comment suppresses no finding, names a rule or category that \
         does not exist, or is not a directive\n\
         Why:     A suppression that no longer suppresses anything hides the next real finding \
         on its line, and a misspelt one never worked; like ruff's RUF100, carelint reports \
         them so that CI keeps suppressions honest.\n\
         Reads:   suppression comments in any source (<!-- -->, {{{{!-- --}}}}, {{% comment %}}, \
         {{# #}}, /* */, #, //)\n\
         Setting: `unused-suppressions: off|info|warning|error` in carelint.yaml (default \
         warning); `--ignore unused-suppression` switches it off for a run.",
        carelint::suppress::UNUSED_SUPPRESSION
    )?;
    Ok(Status::Clean)
}

/// `carelint explain CATEGORY`: the category's rules, one line each.
fn explain_category(
    linter: &carelint::Linter,
    category: carelint::Category,
) -> anyhow::Result<Status> {
    let mut out = std::io::stdout().lock();
    let rules: Vec<&carelint::Rule> = linter.rules().filter(|r| r.category == category).collect();
    writeln!(
        out,
        "{category}: {}",
        crate::plural(rules.len(), "rule", "rules")
    )?;
    writeln!(out)?;
    let w = rules.iter().map(|r| r.id.len()).max().unwrap_or(2);
    for r in &rules {
        let state = if linter.is_enabled(&r.id) {
            ""
        } else {
            " (off)"
        };
        let severity = linter.severity_of(&r.id).unwrap_or(r.severity);
        let why = r.why.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(out, "{:<w$}  {:<7}  {why}{state}", r.id, severity.as_str())?;
    }
    writeln!(out)?;
    writeln!(out, "`carelint explain RULE` shows a rule's examples and settings; `--select {category}` lints only this category.")?;
    Ok(Status::Clean)
}

pub fn test_rules(args: TestRulesArgs) -> anyhow::Result<Status> {
    let rule_args = RuleArgs {
        select: Vec::new(),
        ignore: Vec::new(),
        rules: args.paths.clone(),
        no_default_rules: args.no_default_rules,
        config: args.config.clone(),
        no_config: args.no_config,
    };
    let config = crate::load_config(&rule_args)?;
    let linter = crate::build_linter(&rule_args, config.as_ref(), |b| b)?;
    let failures = linter.check_examples();
    let mut out = std::io::stdout().lock();
    let examples: usize = linter
        .rules()
        .map(|r| r.examples.flag.len() + r.examples.pass.len() + r.examples.fix.len())
        .sum();
    for f in &failures {
        let what = match f.problem {
            ExampleProblem::NotFlagged => "not flagged",
            ExampleProblem::Flagged => "wrongly flagged",
            ExampleProblem::Unparsable => "unparsable",
            ExampleProblem::Missing => "missing examples",
            ExampleProblem::FixMismatch => "fix gives other text",
            ExampleProblem::FixStillFlagged => "still flagged after its fix",
            ExampleProblem::NotCompiled => "not compiled",
            _ => "failed",
        };
        writeln!(
            out,
            "FAIL {} ({}): {what}: {}",
            f.rule, f.location, f.detail
        )?;
        if !f.example.is_empty() {
            for l in f.example.lines() {
                writeln!(out, "    | {l}")?;
            }
        }
    }
    let rules = linter.rules().len();
    if failures.is_empty() {
        writeln!(
            out,
            "ok: {examples} examples of {rules} rule{} passed",
            if rules == 1 { "" } else { "s" }
        )?;
        Ok(Status::Clean)
    } else {
        writeln!(
            out,
            "{} failure{} in {examples} examples of {rules} rule{}",
            failures.len(),
            if failures.len() == 1 { "" } else { "s" },
            if rules == 1 { "" } else { "s" }
        )?;
        Ok(Status::Findings)
    }
}

/// A settings value on one line: lists joined with commas, maps as `key: value`.
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
