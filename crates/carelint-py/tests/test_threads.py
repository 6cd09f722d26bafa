"""Thread safety: one Linter shared by many Python threads; results independent of threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import carelint
from conftest import SAMPLE, read_jsonl


def conversations():
    return read_jsonl(SAMPLE)


def test_one_linter_many_threads(linter):
    convs = conversations()
    expected = [linter.lint(c) for c in convs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(linter.lint, convs))
    assert got == expected
    assert sum(map(len, expected)) > 50


def test_concurrent_lint_many_and_files(linter):
    convs = conversations()
    expected_many = linter.lint_many(convs)
    expected_file = linter.lint_file(SAMPLE)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(linter.lint_many, convs) for _ in range(3)]
        futures += [pool.submit(linter.lint_file, SAMPLE) for _ in range(3)]
        results = [f.result() for f in futures]
    assert results[:3] == [expected_many] * 3
    assert results[3:] == [expected_file] * 3


def test_results_do_not_depend_on_threads():
    convs = conversations()
    results = {n: carelint.Linter(threads=n).lint_many(convs) for n in (1, 2, 5)}
    assert results[1] == results[2] == results[5]
    files = {n: carelint.Linter(threads=n).lint_file(SAMPLE) for n in (1, 3)}
    assert files[1] == files[3]


def test_linters_built_in_threads():
    with ThreadPoolExecutor(max_workers=4) as pool:
        linters = list(pool.map(lambda _: carelint.Linter(disable=["hedging"]), range(4)))
    assert all(not l.is_enabled("hedging-not-sure") for l in linters)
