"""Parity with the CLI: the same findings as `carelint check --format jsonl`.

On the fixtures (every format), on the committed corpus sample (always), and on the
shared corpus (skipped, visibly, where it is missing). Each dataset is compared through
every entry point: lint_file, lint_many of the conversation dicts, and lint_arrow of JSON
text and of structured rows.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

import carelint
from conftest import REPO, SAMPLE, SHARED_CORPUS, cli_text, key, read_jsonl, run_cli, without

EXTENSIONS = {".txt", ".md", ".json", ".jsonl", ".csv", ".tsv", ".vtt", ".srt"}


def fixture_files():
    files = []
    for path in sorted((REPO / "fixtures").rglob("*")):
        rel = path.relative_to(REPO)
        if path.is_file() and path.suffix in EXTENSIONS and path.name != "README.md" and "expected" not in rel.parts:
            files.append(str(rel))
    return files


def test_fixtures(cli, linter, monkeypatch):
    monkeypatch.chdir(REPO)
    files = fixture_files()
    assert len(files) > 25
    by_path = defaultdict(list)
    for f in run_cli(cli, *files):
        by_path[f["path"]].append(f)
    assert len(by_path) > 15
    for path in files:
        assert linter.lint_file(path) == by_path.get(path, []), path


def test_fixtures_as_text(cli, linter, monkeypatch):
    """lint(str, name=) is `carelint check - --stdin-filename NAME`."""
    monkeypatch.chdir(REPO)
    for path in ["fixtures/plain/refund-call.txt", "fixtures/templates/shipping-delay.md", "fixtures/same-conversation/conversation.vtt"]:
        text = Path(path).read_text(encoding="utf-8")
        assert linter.lint(text, name=path) == run_cli(cli, path), path


def test_rules_and_explain(cli, linter):
    import json

    assert linter.rules() == json.loads(cli_text(cli, "rules", "--no-config", "--format", "json"))
    for rule in linter.rules():
        assert linter.explain(rule["id"]) == cli_text(cli, "explain", "--no-config", rule["id"]), rule["id"]


CORPUS_FILES = ["abcd_sample", "cucom_ecommerce", "sgd", "star", "taskmaster4", "twcs_sample"]
DATASETS = [pytest.param(SAMPLE, id="sample")] + [
    pytest.param(SHARED_CORPUS / f"{name}.jsonl", id=name, marks=pytest.mark.corpus) for name in CORPUS_FILES
]


@pytest.fixture(scope="module")
def expected(cli):
    """The CLI's findings per JSON Lines file, computed once."""
    cache = {}

    def get(path: Path):
        if not path.is_file():
            pytest.skip(f"shared corpus not found: {path} (set CARELINT_CORPUS)")
        if path not in cache:
            cache[path] = run_cli(cli, str(path))
        return cache[path]

    return get


@pytest.mark.parametrize("path", DATASETS)
def test_corpus_lint_file(expected, linter, path):
    want = expected(path)
    assert len(want) > 0
    assert linter.lint_file(path) == want


@pytest.mark.parametrize("path", DATASETS)
def test_corpus_lint_many(expected, linter, path):
    want = expected(path)
    convs = read_jsonl(path)
    got = [f for found in linter.lint_many(convs) for f in found]
    # A dict has no file: its findings are at line 1, columns in the turn's text.
    assert without(got, "path", "line", "column") == without(want, "path", "line", "column")


@pytest.mark.parametrize("path", DATASETS)
def test_corpus_lint_arrow(expected, linter, path):
    pa = pytest.importorskip("pyarrow")
    want = expected(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    batch = pa.record_batch({"json": lines, "path": [str(path)] * len(lines), "line": range(1, len(lines) + 1)})
    got = linter.lint_arrow(batch, json_column="json", path_column="path", line_column="line").to_pylist()
    assert got == want
    # Structured rows, as read from Parquet: the same findings on the same lines; the
    # column counts in the turn's text, as there is no JSON source.
    rows = [(i + 1, c) for i, c in enumerate(read_jsonl(path))]
    table = pa.Table.from_pylist(
        [
            {
                "id": c.get("id"),
                "channel": c.get("channel"),
                "turns": [{"speaker": t["speaker"], "text": t["text"]} for t in c["turns"]],
                "line": line,
                "path": str(path),
            }
            for line, c in rows
        ]
    )
    got = linter.lint_arrow(table, path_column="path", line_column="line").to_pylist()
    assert sorted(map(key, without(got, "column"))) == sorted(map(key, without(want, "column")))


def test_corpus_is_there_or_skipped(corpus_files):
    """Shows as skipped where the shared corpus is missing; else checks the set is complete."""
    assert {p.name for p in corpus_files} >= {"star.jsonl", "sgd.jsonl", "cucom_ecommerce.jsonl"}


def test_suppression_comments(linter):
    """lint() of a text applies `carelint:` comments, as the CLI does."""
    text = "Agent: Your RMA number is below."
    assert [f["rule"] for f in linter.lint(text)] == ["jargon-business-terms"]
    assert linter.lint(text + "   # carelint: ignore jargon") == []
