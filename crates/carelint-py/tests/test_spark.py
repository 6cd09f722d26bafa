"""Spark: lint with mapInArrow on a local Spark, findings equal to the CLI's.

Needs Java 17+ and pyspark; skipped (visibly) without them, unless
CARELINT_REQUIRE_SPARK=1 (CI sets it), which turns a missing Spark into a failure.
The committed corpus sample always runs; the shared corpus runs where it exists.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE, SHARED_CORPUS, key, run_cli, without

pytestmark = pytest.mark.spark

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REQUIRED = os.environ.get("CARELINT_REQUIRE_SPARK") == "1"


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if REQUIRED:
            pytest.fail(f"CARELINT_REQUIRE_SPARK=1 but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def example():
    _need(importlib.util.find_spec("pyspark") is not None, "pyspark is not installed")
    _need(shutil.which("java") is not None, "no java on PATH (apt-get install openjdk-17-jre-headless)")
    sys.path.insert(0, str(EXAMPLES))
    try:
        yield importlib.import_module("spark_lint")
    finally:
        sys.path.remove(str(EXAMPLES))


def spark_env() -> dict:
    return {"SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}


@pytest.fixture(scope="module")
def spark(example):
    from pyspark.sql import SparkSession

    os.environ.update(spark_env())
    builder = (
        SparkSession.builder.master("local[2]")
        .appName("carelint-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "2g")
    )
    for k, v in example.ONE_PARTITION_PER_FILE.items():
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def read_parquet(folder: Path) -> list:
    import pyarrow.parquet as pq

    return pq.read_table(folder).to_pylist()


def sorted_keys(findings) -> list:
    return sorted(map(key, findings))


DATASETS = [pytest.param([SAMPLE], id="sample")]
DATASETS.append(
    pytest.param(sorted(SHARED_CORPUS.glob("*.jsonl")), id="shared-corpus", marks=pytest.mark.corpus)
)


@pytest.mark.parametrize("files", DATASETS)
def test_spark_equals_cli(cli, spark, example, tmp_path, files):
    if not files:
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS} (set CARELINT_CORPUS)")
    paths = [str(p) for p in files]
    want = [f for p in paths for f in run_cli(cli, p)]
    assert len(want) > 100

    # JSON Lines → DataFrame of JSON text with path and line → mapInArrow → Parquet.
    lines = example.read_jsonl(spark, paths)
    example.lint(lines, "json").write.parquet(str(tmp_path / "findings-json"))
    got = read_parquet(tmp_path / "findings-json")
    assert sorted_keys(got) == sorted_keys(want)

    # The same data as a Parquet table of conversations (parsed by Spark), linted from
    # Parquet: equal but for `column`, a position in the JSON text a table does not have.
    example.structured(lines).write.parquet(str(tmp_path / "conversations"))
    table = spark.read.parquet(str(tmp_path / "conversations"))
    assert {"id", "turns", "path", "line"} <= set(table.columns)
    example.lint(table, "structured").write.parquet(str(tmp_path / "findings-parquet"))
    got = read_parquet(tmp_path / "findings-parquet")
    assert sorted_keys(without(got, "column")) == sorted_keys(without(want, "column"))

    # The JSON text itself stored as Parquet: exact again.
    lines.write.parquet(str(tmp_path / "lines"))
    example.lint(spark.read.parquet(str(tmp_path / "lines")), "json").write.parquet(str(tmp_path / "findings-lines"))
    assert sorted_keys(read_parquet(tmp_path / "findings-lines")) == sorted_keys(want)


def test_spark_bad_rows_are_emitted(spark, example, tmp_path):
    good = json.dumps({"id": "ok", "turns": [{"speaker": "agent", "text": "I guarantee it."}]})
    path = tmp_path / "calls.jsonl"
    path.write_text(f"{good}\nnot json\n{good}\n")
    rows = example.lint(example.read_jsonl(spark, [str(path)]), "json", on_error="emit").collect()
    got = sorted((r["line"], r["rule"], r["severity"]) for r in rows)
    assert got == [(1, "over-promising-guarantee", "warning"), (2, None, "error"), (3, "over-promising-guarantee", "warning")]
    # With the default, the bad line fails the job with the carelint error's text.
    with pytest.raises(Exception, match="calls.jsonl:2:2: invalid JSON"):
        example.lint(example.read_jsonl(spark, [str(path)]), "json").collect()


def test_example_job_runs(cli, example, tmp_path):
    """The example job as a team would start it (in a fresh driver process)."""
    out = tmp_path / "findings"
    env = {**os.environ, **spark_env(), "PYSPARK_SUBMIT_ARGS": "--master local[2] --conf spark.ui.enabled=false pyspark-shell"}
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "spark_lint.py"), "--output", str(out), str(SAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    want = run_cli(cli, str(SAMPLE))
    assert f"{len(want)} findings written" in proc.stdout
    assert sorted_keys(read_parquet(out)) == sorted_keys(want)


def test_spark_rdd_pipe_to_the_cli(cli, spark):
    """The route without the wheel: each partition's lines piped through the CLI binary."""
    command = f"{cli} check - --no-config --input-format jsonl --format jsonl --fail-on never"
    lines = spark.sparkContext.textFile(str(SAMPLE), minPartitions=3)
    assert lines.getNumPartitions() >= 2
    got = [json.loads(line) for line in lines.pipe(command).collect()]
    want = run_cli(cli, str(SAMPLE))
    # Lines count from each partition's start and the path is `<stdin>`; the rest is equal.
    assert sorted_keys(without(got, "path", "line")) == sorted_keys(without(want, "path", "line"))


def test_lint_dataframe_checks_columns_on_the_driver(spark):
    from carelint.spark import lint_dataframe

    df = spark.createDataFrame([("a", "Agent: hi")], "id string, body string")
    with pytest.raises(ValueError, match="no column turns"):
        lint_dataframe(df)
    with pytest.raises(ValueError, match="no column line"):
        lint_dataframe(df, json_column="body", line_column="line")
