"""Shared fixtures: the repository, the `carelint` CLI to compare with, the corpora."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterable, List

import pytest

import carelint

REPO = Path(__file__).resolve().parents[3]
DATA = Path(__file__).resolve().parent / "data"
#: A sample of the shared corpus committed for CI (see data/README.md).
SAMPLE = DATA / "corpus-sample.jsonl"
SHARED_CORPUS = Path(os.environ.get("CARELINT_CORPUS", "/work/shared/corpus/converted"))


def _find_cli() -> Path | None:
    explicit = os.environ.get("CARELINT_BIN")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            # Asked for explicitly (CI does): a missing binary is a failure, not a skip.
            raise RuntimeError(f"CARELINT_BIN={explicit} does not exist")
        return path
    for profile in ("release", "debug"):
        path = REPO / "target" / profile / "carelint"
        if path.is_file():
            return path
    found = shutil.which("carelint")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def cli() -> Path:
    path = _find_cli()
    if path is None:
        pytest.skip("no carelint CLI: build it with `cargo build --release -p carelint-cli` or set CARELINT_BIN")
    return path


def run_cli(cli: Path, *args: str, cwd: Path = REPO) -> List[dict]:
    """The findings of `carelint check ARGS --format jsonl --no-config`, as dicts.

    `unused-suppression` findings are left out: they are the CLI's report on `carelint:`
    comments (like ruff's RUF100), which the library API has no counterpart of.
    """
    proc = subprocess.run(
        [str(cli), "check", "--no-config", "--format", "jsonl", "--ignore", "unused-suppression", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert proc.returncode in (0, 1), f"carelint exited with {proc.returncode}: {proc.stderr}"
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def cli_text(cli: Path, *args: str) -> str:
    """The standard output of `carelint ARGS` (not `check`)."""
    proc = subprocess.run([str(cli), *args], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="session")
def linter() -> carelint.Linter:
    return carelint.Linter()


@pytest.fixture(scope="session")
def corpus_files() -> List[Path]:
    """The shared corpus (JSON Lines files); skipped, visibly, where it is missing."""
    files = sorted(SHARED_CORPUS.glob("*.jsonl"))
    if not files:
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS} (set CARELINT_CORPUS)")
    return files


def read_jsonl(path: Path) -> List[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def key(finding: dict) -> tuple:
    """A total order on findings, for comparing sets of them."""
    return json.dumps(finding, sort_keys=True, ensure_ascii=False)


def without(findings: Iterable[dict], *fields: str) -> List[dict]:
    return [{k: v for k, v in f.items() if k not in fields} for f in findings]
