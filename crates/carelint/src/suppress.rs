//! Inline suppressions: comments in a template or transcript that switch rules off for
//! a line or a range of lines.
//!
//! # Directives
//!
//! | directive | effect |
//! |---|---|
//! | `carelint: disable-next-line ID[, ID…]` | findings on the next line |
//! | `carelint: ignore ID[, ID…]` (also `disable-line`) | findings on the comment's own line (a trailing comment) |
//! | `carelint: disable ID[, ID…]` | findings from the comment on, until a matching `enable` or the end of the file |
//! | `carelint: enable ID[, ID…]` | ends a `disable` range for those ids |
//!
//! Without ids, a directive applies to every rule: `carelint: disable` … `carelint:
//! enable` silences everything between them, and `carelint: enable jargon` inside a
//! `disable` of everything turns one category back on. Ids are separated by commas
//! and/or spaces; ` -- ` starts a free-text reason that is ignored
//! (`carelint: ignore rma-jargon -- the customer used it first`).
//!
//! **An id is a rule id or a category name** (`jargon`, `hedging`, … see
//! [`Category`]), the same selectors the configuration's `disable:` list takes: a template
//! full of product abbreviations can silence the whole `jargon` category.
//!
//! A finding is placed by its start position ([`Diagnostic::line`],
//! [`Diagnostic::column`]): findings about a whole conversation sit at line 1, column 1,
//! so only a `disable` at the very start of the file reaches them.
//!
//! # Comment syntax
//!
//! A directive counts only inside a comment of a template language, with nothing but
//! whitespace between the comment opener and `carelint:`:
//!
//! ```text
//! <!-- carelint: disable-next-line placeholder-unfilled -->
//! {# carelint: disable jargon #}
//! # carelint: enable jargon
//! Your RMA number is below.   // carelint: ignore jargon-business-abbreviations
//! ```
//!
//! HTML (`<!-- -->`), Handlebars (`{{!-- --}}`, `{{! }}`, with `~` whitespace control),
//! Mustache (`{{! }}`), Liquid (`{% comment %} … {% endcomment %}` on one line, and the
//! inline `{% # … %}`), Jinja/Twig (`{# #}`, `{#- -#}`), C-style (`/* */`) and line
//! comments (`#`, `//`) are recognised:
//!
//! ```text
//! {{!-- carelint: disable-next-line jargon --}}
//! {{! carelint: ignore hedging }}
//! {% comment %}carelint: disable-next-line jargon{% endcomment %}
//! {#- carelint: disable-next-line jargon -#}
//! ```
//!
//! The opener must start the line or follow whitespace. A comment that says `carelint:`
//! with an unknown directive is reported, so typos do not silently suppress nothing.
//!
//! # Example
//!
//! [`crate::Linter::lint_text`] applies a source's suppressions itself, and returns the
//! problems with them in [`crate::SourceReport::suppression_problems`] (each can become
//! a finding of [`UNUSED_SUPPRESSION`]).
//!
//! ```
//! use carelint::{Format, Linter};
//!
//! let pack = r#"
//! - id: rma
//!   category: jargon
//!   severity: warning
//!   kind: phrases
//!   phrases: [RMA]
//!   message: "“{match}” is internal jargon"
//!   why: Customers do not know our abbreviations.
//! "#;
//! let linter = Linter::builder().default_rules(false).rules_str("p.yaml", pack).build()?;
//! let text = "Agent: Your RMA is ready. <!-- carelint: ignore jargon -->\n";
//! let report = linter.lint_text("t.txt", text, Format::Plain)?;
//! assert!(report.diagnostics.is_empty());
//! assert!(report.suppression_problems.is_empty());
//! # Ok::<(), carelint::Error>(())
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use crate::category::Category;
use crate::diagnostic::Diagnostic;

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum DirectiveKind {
    /// `disable-next-line`: the line after the comment.
    DisableNextLine,
    /// `ignore` (or `disable-line`): the comment's own line.
    Ignore,
    /// `disable`: from the comment to a matching `enable` or the end of the file.
    Disable,
    /// `enable`: ends a `disable` range.
    Enable,
}

impl DirectiveKind {
    /// The directive as written (`disable-next-line`, `ignore`, `disable`, `enable`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            DirectiveKind::DisableNextLine => "disable-next-line",
            DirectiveKind::Ignore => "ignore",
            DirectiveKind::Disable => "disable",
            DirectiveKind::Enable => "enable",
        }
    }
}

/// A rule id or category named by a directive, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleRef {
    /// The id or category as written.
    pub id: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One `carelint:` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive {
    /// What it does.
    pub kind: DirectiveKind,
    /// The rules and categories it names; empty means every rule.
    pub ids: Vec<RuleRef>,
    /// 1-based line of the comment.
    pub line: usize,
    /// 1-based column (in characters) of `carelint:`.
    pub column: usize,
}

/// What is wrong with a suppression comment.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The id is neither a loaded rule nor a category.
    UnknownRule,
    /// `carelint:` is followed by something that is not a directive.
    UnknownDirective,
    /// The directive (or one of its ids) suppressed no finding.
    Unused,
}

/// A problem with a suppression comment, positioned in the source file.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressionProblem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The id concerned, if any.
    pub id: Option<String>,
    /// A message for the user.
    pub message: String,
}

/// The rule id of findings about suppression comments that suppress nothing, name an
/// unknown rule or are not directives (as ruff's `RUF100`); its category is
/// [`Category::Suppression`].
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

impl SuppressionProblem {
    /// The problem as a finding of [`UNUSED_SUPPRESSION`] in the source `path`, at
    /// `severity`: placed at the comment (or the id it names), with no turn, and with the
    /// id or directive concerned as its match.
    ///
    /// ```
    /// use carelint::suppress::UNUSED_SUPPRESSION;
    /// use carelint::{Category, Format, Linter, Severity};
    ///
    /// let linter = Linter::builder().report_unused_suppressions(true).build()?;
    /// let text = "Hello <!-- carelint: ignore jargon -->\n";
    /// let problems = linter.lint_text("a.md", text, Format::Plain)?.suppression_problems;
    /// let d = problems[0].to_diagnostic("a.md", Severity::Warning);
    /// assert_eq!((d.rule.as_str(), d.category, d.line, d.column), (UNUSED_SUPPRESSION, Category::Suppression, 1, 29));
    /// # Ok::<(), carelint::Error>(())
    /// ```
    #[must_use]
    pub fn to_diagnostic(&self, path: &str, severity: crate::Severity) -> Diagnostic {
        let len = self.id.as_deref().map_or(0, |i| i.chars().count());
        Diagnostic {
            path: path.to_string(),
            transcript: path.to_string(),
            turn: None,
            speaker: None,
            rule: UNUSED_SUPPRESSION.to_string(),
            category: Category::Suppression,
            severity,
            message: self.message.clone(),
            line: self.line,
            column: self.column,
            span: None,
            matched: self.id.clone(),
            suggestion: None,
            speaker_role: None,
            end_line: self.line,
            end_column: self.column + len,
            transcript_index: 0,
        }
    }
}

impl fmt::Display for SuppressionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The suppression comments of one source file.
///
/// Parse the file's text with [`Suppressions::parse`], then [`Suppressions::apply`] them
/// to the findings of that same file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Suppressions {
    directives: Vec<Directive>,
    problems: Vec<SuppressionProblem>,
}

/// Comment openers and the closers that end a directive early. Longer openers come
/// first: `{{!--` before `{{!`, `{#-` before `{#`, `{% comment %}` before `#`.
const OPENERS: [(&str, Option<&str>); 13] = [
    ("<!--", Some("-->")),
    ("{{!--", Some("--}}")),
    ("{{~!--", Some("--~}}")),
    ("{{!", Some("}}")),
    ("{{~!", Some("~}}")),
    ("{% comment %}", Some("{% endcomment %}")),
    ("{%- comment -%}", Some("{%- endcomment -%}")),
    ("{% #", Some("%}")),
    ("{#-", Some("-#}")),
    ("{#", Some("#}")),
    ("/*", Some("*/")),
    ("//", None),
    ("#", None),
];

const MARKER: &str = "carelint:";

impl Suppressions {
    /// Finds every `carelint:` directive in a source file's text. Never fails: comments
    /// that are not valid directives are kept as problems, returned by
    /// [`Suppressions::apply`].
    #[must_use]
    pub fn parse(text: &str) -> Suppressions {
        let mut s = Suppressions::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.contains(MARKER) {
                s.parse_line(line, i + 1);
            }
        }
        s
    }

    fn parse_line(&mut self, line: &str, line_no: usize) {
        let col = |byte: usize| line[..byte].chars().count() + 1;
        for (at, _) in line.match_indices(MARKER) {
            let before = line[..at].trim_end();
            let Some((_, closer)) = OPENERS.iter().find(|(open, _)| {
                before
                    .strip_suffix(open)
                    .is_some_and(|rest| rest.is_empty() || rest.ends_with(char::is_whitespace))
            }) else {
                continue;
            };
            let body_start = at + MARKER.len();
            let mut body = &line[body_start..];
            // The closer ends the directive; a Handlebars `--}}` or a Jinja `-#}` also
            // ends at its first character, so ids never swallow it.
            if let Some(end) = closer.and_then(|c| body.find(c)) {
                body = &body[..end];
            }
            if let Some(end) = ["-->", "--}}", "-#}", "}}", "%}", "#}", "*/"]
                .iter()
                .filter_map(|c| body.find(c))
                .min()
            {
                body = &body[..end];
            }
            if let Some(end) = body.find(" --") {
                body = &body[..end];
            }
            // Words with their byte offsets in `line`.
            let mut words = Vec::new();
            let mut start = None;
            for (i, c) in body.char_indices().chain([(body.len(), ' ')]) {
                let sep = c.is_whitespace() || c == ',';
                match (sep, start) {
                    (true, Some(s)) => {
                        words.push((body_start + s, &body[s..i]));
                        start = None;
                    }
                    (false, None) => start = Some(i),
                    _ => {}
                }
            }
            let Some(&(name_at, name)) = words.first() else {
                self.problems.push(SuppressionProblem {
                    kind: ProblemKind::UnknownDirective,
                    line: line_no,
                    column: col(at),
                    id: None,
                    message: "`carelint:` comment without a directive (expected disable-next-line, ignore, disable or enable)".into(),
                });
                continue;
            };
            let kind = match name {
                "disable-next-line" => DirectiveKind::DisableNextLine,
                "ignore" | "disable-line" => DirectiveKind::Ignore,
                "disable" => DirectiveKind::Disable,
                "enable" => DirectiveKind::Enable,
                other => {
                    let hint = crate::util::did_you_mean(
                        other,
                        [
                            "disable-next-line",
                            "ignore",
                            "disable-line",
                            "disable",
                            "enable",
                        ],
                    )
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_else(|| {
                        " (expected disable-next-line, ignore, disable or enable)".into()
                    });
                    self.problems.push(SuppressionProblem {
                        kind: ProblemKind::UnknownDirective,
                        line: line_no,
                        column: col(name_at),
                        id: Some(other.to_string()),
                        message: format!("unknown carelint directive `{other}`{hint}"),
                    });
                    continue;
                }
            };
            self.directives.push(Directive {
                kind,
                ids: words[1..]
                    .iter()
                    .map(|&(b, w)| RuleRef {
                        id: w.to_string(),
                        line: line_no,
                        column: col(b),
                    })
                    .collect(),
                line: line_no,
                column: col(at),
            });
        }
    }

    /// The directives, in file order.
    #[cfg(test)]
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// Whether the text holds no directive (and no malformed one).
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.problems.is_empty()
    }

    /// Removes the findings the directives suppress from `diags` (the findings of the
    /// file this was parsed from) and returns the problems found, sorted by position:
    ///
    /// - ids that `known_rule` rejects and that are not a category name
    ///   ([`ProblemKind::UnknownRule`]; they suppress nothing);
    /// - malformed directives ([`ProblemKind::UnknownDirective`]);
    /// - with `report_unused` (`--report-unused-suppressions`), directives and ids that
    ///   suppressed nothing ([`ProblemKind::Unused`]). `enable` is never unused.
    ///
    /// Each suppressed finding is credited to one directive: a same-line `ignore` first,
    /// then a `disable-next-line`, then the enclosing `disable` range.
    pub fn apply(
        &self,
        diags: &mut Vec<Diagnostic>,
        known_rule: &dyn Fn(&str) -> bool,
        report_unused: bool,
    ) -> Vec<SuppressionProblem> {
        let mut problems = self.problems.clone();
        let is_known = |id: &str| id.parse::<Category>().is_ok() || known_rule(id);
        let mut unknown: HashSet<(usize, usize)> = HashSet::new();
        for (di, d) in self.directives.iter().enumerate() {
            for (ii, r) in d.ids.iter().enumerate() {
                if !is_known(&r.id) {
                    unknown.insert((di, ii));
                    problems.push(SuppressionProblem {
                        kind: ProblemKind::UnknownRule,
                        line: r.line,
                        column: r.column,
                        id: Some(r.id.clone()),
                        message: format!(
                            "`{}` in `carelint: {}` is neither a rule id nor a category",
                            r.id,
                            d.kind.as_str()
                        ),
                    });
                }
            }
        }

        let ranges = self.range_states(&unknown);
        let mut by_line: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (di, d) in self.directives.iter().enumerate() {
            let line = match d.kind {
                DirectiveKind::Ignore => d.line,
                DirectiveKind::DisableNextLine => d.line + 1,
                _ => continue,
            };
            by_line.entry(line).or_default().push(di);
        }
        // Same-line `ignore` before `disable-next-line`.
        for v in by_line.values_mut() {
            v.sort_by_key(|&di| (self.directives[di].kind != DirectiveKind::Ignore, di));
        }

        let mut used: HashSet<(usize, Option<usize>)> = HashSet::new();
        diags.retain(|diag| {
            let hits = |id: &str| id == diag.rule || id == diag.category.as_str();
            for &di in by_line.get(&diag.line).into_iter().flatten() {
                let d = &self.directives[di];
                if d.ids.is_empty() {
                    used.insert((di, None));
                    return false;
                }
                if let Some(ii) =
                    (0..d.ids.len()).find(|&ii| !unknown.contains(&(di, ii)) && hits(&d.ids[ii].id))
                {
                    used.insert((di, Some(ii)));
                    return false;
                }
            }
            let pos = (diag.line, diag.column);
            let at = ranges.partition_point(|(p, _)| *p <= pos);
            if let Some((_, state)) = at.checked_sub(1).map(|i| &ranges[i]) {
                if let Some(di) = state.all {
                    if !state.except.iter().any(|e| hits(e)) {
                        used.insert((di, None));
                        return false;
                    }
                }
                if let Some((_, di, ii)) = state.off.iter().find(|(id, _, _)| hits(id)) {
                    used.insert((*di, Some(*ii)));
                    return false;
                }
            }
            true
        });

        if report_unused {
            for (di, d) in self.directives.iter().enumerate() {
                if d.kind == DirectiveKind::Enable {
                    continue;
                }
                if d.ids.is_empty() {
                    if !used.contains(&(di, None)) {
                        problems.push(SuppressionProblem {
                            kind: ProblemKind::Unused,
                            line: d.line,
                            column: d.column,
                            id: None,
                            message: format!(
                                "unused suppression: `carelint: {}` suppressed no finding",
                                d.kind.as_str()
                            ),
                        });
                    }
                    continue;
                }
                for (ii, r) in d.ids.iter().enumerate() {
                    if !unknown.contains(&(di, ii)) && !used.contains(&(di, Some(ii))) {
                        problems.push(SuppressionProblem {
                            kind: ProblemKind::Unused,
                            line: r.line,
                            column: r.column,
                            id: Some(r.id.clone()),
                            message: format!(
                                "unused suppression: `{}` in `carelint: {}` suppressed no finding",
                                r.id,
                                d.kind.as_str()
                            ),
                        });
                    }
                }
            }
        }
        problems.sort_by_key(|p| (p.line, p.column));
        problems
    }

    /// The state of the `disable`/`enable` ranges after each such directive, by
    /// position.
    fn range_states(&self, unknown: &HashSet<(usize, usize)>) -> Vec<((usize, usize), RangeState)> {
        let mut state = RangeState::default();
        let mut out = Vec::new();
        for (di, d) in self.directives.iter().enumerate() {
            let ids = d
                .ids
                .iter()
                .enumerate()
                .filter(|(ii, _)| !unknown.contains(&(di, *ii)));
            match d.kind {
                DirectiveKind::Disable if d.ids.is_empty() => {
                    state = RangeState {
                        all: Some(di),
                        ..RangeState::default()
                    };
                }
                DirectiveKind::Disable => {
                    for (ii, r) in ids {
                        if state.all.is_some() {
                            state.except.retain(|e| *e != r.id);
                        } else if !state.off.iter().any(|(id, _, _)| *id == r.id) {
                            state.off.push((r.id.clone(), di, ii));
                        }
                    }
                }
                DirectiveKind::Enable if d.ids.is_empty() => state = RangeState::default(),
                DirectiveKind::Enable => {
                    for (_, r) in ids {
                        if state.all.is_some() {
                            if !state.except.contains(&r.id) {
                                state.except.push(r.id.clone());
                            }
                        } else {
                            state.off.retain(|(id, _, _)| *id != r.id);
                        }
                    }
                }
                _ => continue,
            }
            out.push(((d.line, d.column), state.clone()));
        }
        out
    }
}

/// Which rules a `disable` range covers at some point of the file.
#[derive(Debug, Clone, Default)]
struct RangeState {
    /// A `disable` of every rule is open (the directive's index).
    all: Option<usize>,
    /// Ids turned back on inside a `disable` of every rule.
    except: Vec<String>,
    /// Ids disabled one by one: (id, directive index, id index).
    off: Vec<(String, usize, usize)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_comment_syntax() {
        let text = "\u{feff}<!-- carelint: disable-next-line a, b -->\n\
                    {# carelint: disable c #}\n\
                    # carelint: enable c\n\
                    text // carelint: ignore d e -- reason here\n\
                    /* carelint: disable */\n\
                    order #carelint: enable\n\
                    not a comment carelint: disable x\n\
                    url http://carelint: disable\n";
        let s = Suppressions::parse(text);
        let got: Vec<(DirectiveKind, Vec<&str>, usize, usize)> = s
            .directives()
            .iter()
            .map(|d| {
                (
                    d.kind,
                    d.ids.iter().map(|r| r.id.as_str()).collect(),
                    d.line,
                    d.column,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (DirectiveKind::DisableNextLine, vec!["a", "b"], 1, 6),
                (DirectiveKind::Disable, vec!["c"], 2, 4),
                (DirectiveKind::Enable, vec!["c"], 3, 3),
                (DirectiveKind::Ignore, vec!["d", "e"], 4, 9),
                (DirectiveKind::Disable, vec![], 5, 4),
                (DirectiveKind::Enable, vec![], 6, 8),
            ]
        );
        assert_eq!(s.directives()[0].ids[1].column, 37);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn template_language_comments() {
        let text = "{{!-- carelint: disable-next-line a --}}\n\
                    {{! carelint: ignore b}}\n\
                    {{~!-- carelint: disable c --~}}\n\
                    {% comment %}carelint: enable c{% endcomment %}\n\
                    {%- comment -%} carelint: ignore d {%- endcomment -%}\n\
                    {% # carelint: ignore e %}\n\
                    {#- carelint: ignore f -#}\n\
                    {# carelint: ignore g#}\n";
        let s = Suppressions::parse(text);
        let got: Vec<(DirectiveKind, Vec<&str>)> = s
            .directives()
            .iter()
            .map(|d| (d.kind, d.ids.iter().map(|r| r.id.as_str()).collect()))
            .collect();
        assert_eq!(
            got,
            vec![
                (DirectiveKind::DisableNextLine, vec!["a"]),
                (DirectiveKind::Ignore, vec!["b"]),
                (DirectiveKind::Disable, vec!["c"]),
                (DirectiveKind::Enable, vec!["c"]),
                (DirectiveKind::Ignore, vec!["d"]),
                (DirectiveKind::Ignore, vec!["e"]),
                (DirectiveKind::Ignore, vec!["f"]),
                (DirectiveKind::Ignore, vec!["g"]),
            ]
        );
        assert!(s.problems.is_empty(), "{:?}", s.problems);
    }

    #[test]
    fn unknown_directives_are_problems() {
        let s = Suppressions::parse("<!-- carelint: disabel x -->\n# carelint:\n");
        let p = s.apply(&mut Vec::new(), &|_| true, false);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].kind, ProblemKind::UnknownDirective);
        assert_eq!((p[0].line, p[0].column), (1, 16));
        assert!(p[0].message.contains("did you mean `disable`?"), "{}", p[0]);
        assert_eq!(p[1].line, 2);
    }

    #[test]
    fn directives_in_prose_are_not_directives() {
        let s = Suppressions::parse(
            "Our tool carelint: disable it?\nSee http://carelint: disable\nOrder#carelint: x\n",
        );
        assert!(s.is_empty(), "{s:?}");
    }
}
