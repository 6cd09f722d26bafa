"""Throughput of the Spark path vs the CLI on the same JSON Lines files.

    python examples/bench_scale_out.py --cli target/release/carelint /work/shared/corpus/converted/*.jsonl

Prints a Markdown table (the numbers in docs/scale-out.md): conversations per second of

- the CLI (`carelint check --format jsonl FILES > /dev/null`, all cores);
- the Python package in one process (lint_file, lint_arrow of JSON text and of
  structured rows, lint_many of dicts);
- Spark local[N] with mapInArrow: JSON text read from the files, and structured rows
  read from Parquet, findings written to Parquet; and the same pipeline with a function
  that lints nothing (what Spark itself costs);
- the per-batch overhead: lint_arrow of a 1-row batch, and Spark's cost per Arrow batch
  from runs with spark.sql.execution.arrow.maxRecordsPerBatch 10000 / 1000 / 100.

Each timing is the best of --repeat runs. Start it on a quiet machine: it uses every core.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

import carelint

EXAMPLES = Path(__file__).resolve().parent


CPU_TIMES: dict = {}


def tree_cpu() -> float:
    """CPU seconds (user + system) of this process and every descendant, live or reaped:
    the Spark JVM and its Python workers included. On a shared machine wall time depends
    on the other load; CPU time much less."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict = {}
    stats: dict = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        # utime, stime, cutime, cstime (fields 14-17 of stat; 12-15 after the name)
        stats[pid] = sum(int(x) for x in fields[11:15])
    total, todo = 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, 0)
        todo += children.get(pid, [])
    return total / tick


def best(fn, repeat: int) -> float:
    """The best wall time of `repeat` runs; the CPU time of that run goes to CPU_TIMES."""
    times = []
    for _ in range(repeat):
        c = tree_cpu()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t, tree_cpu() - c))
    wall, cpu = min(times)
    CPU_TIMES[wall] = cpu
    return wall


def count_conversations(files) -> int:
    n = 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            n += sum(1 for line in fh if line.strip())
    return n


def json_batch(files) -> pa.RecordBatch:
    values, paths, lines = [], [], []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for i, line in enumerate(fh, 1):
                values.append(line.rstrip("\n"))
                paths.append(str(f))
                lines.append(i)
    return pa.record_batch({"value": values, "path": paths, "line": lines})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--cli", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()
    files = [str(Path(f)) for f in args.files]
    n = count_conversations(files)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    rows = []

    def report(what: str, seconds: float, note: str = "") -> None:
        rows.append((what, seconds, n / seconds, note))
        cpu = CPU_TIMES.get(seconds, 0.0)
        print(f"{what}: {seconds:.2f} s, {cpu:.2f} CPU s, {n / seconds:,.0f} conversations/s {note}", file=sys.stderr)

    cli = [args.cli, "check", "--no-config", "--format", "jsonl", *files]
    findings = sum(1 for _ in subprocess.run(cli, capture_output=True, text=True).stdout.splitlines())
    report("CLI `carelint check --format jsonl`", best(lambda: subprocess.run(cli, stdout=subprocess.DEVNULL), args.repeat))

    linter = carelint.Linter()
    single = carelint.Linter(threads=1)
    report("Python `lint_file` per file", best(lambda: [linter.lint_file(f) for f in files], args.repeat))
    batch = json_batch(files)
    opts = dict(json_column="value", path_column="path", line_column="line")
    got = linter.lint_arrow(batch, **opts).num_rows
    assert got == findings, (got, findings)
    report("Python `lint_arrow`, JSON text, one batch", best(lambda: linter.lint_arrow(batch, **opts), args.repeat))
    report("Python `lint_arrow`, JSON text, threads=1", best(lambda: single.lint_arrow(batch, **opts), 1), "(one core)")
    import json

    convs = [json.loads(v) for v in batch.column("value").to_pylist() if v.strip()]
    table = pa.Table.from_pylist(
        [{"id": c.get("id"), "turns": [{"speaker": t["speaker"], "text": t["text"]} for t in c["turns"]]} for c in convs]
    )
    report("Python `lint_arrow`, structured rows", best(lambda: linter.lint_arrow(table), args.repeat))
    report("Python `lint_many` of dicts", best(lambda: linter.lint_many(convs), args.repeat))

    calls = 2000
    empty = batch.slice(0, 0)
    per_call = best(lambda: [single.lint_arrow(empty, **opts) for _ in range(calls)], args.repeat) / calls
    build = best(lambda: carelint.Linter(threads=1), args.repeat)
    print(f"lint_arrow call overhead (empty batch): {per_call * 1e6:.0f} µs; Linter() build: {build * 1e3:.0f} ms", file=sys.stderr)

    spark_rows = []
    if not args.no_spark:
        spark_rows = bench_spark(files, n, args, findings)

    print(f"\n{n:,} conversations, {mb:.1f} MB, {findings:,} findings; {args.cores} cores\n")
    print("| path | wall s | CPU s | conversations/s | conversations per CPU-second |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for what, s, rate, note in rows + spark_rows:
        if note != "SUMMARY":
            cpu = CPU_TIMES.get(s, 0.0)
            per_cpu = f"{n / cpu:,.0f}" if cpu else "–"
            print(f"| {what} {note}| {s:.2f} | {cpu:.1f} | {rate:,.0f} | {per_cpu} |")
    for what, _, _, note in spark_rows:
        if note == "SUMMARY":
            print(f"\n{what}")
    print(f"\nlint_arrow per-call overhead (an empty batch in, an empty findings batch out): {per_call * 1e6:.0f} µs")
    print(f"Linter() with the built-in packs: {build * 1e3:.0f} ms")
    return 0


def bench_spark(files, n, args, findings):
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    sys.path.insert(0, str(EXAMPLES))
    import spark_lint
    from carelint.spark import FINDINGS_DDL

    os.environ.update({"SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable})
    b = (
        SparkSession.builder.master(f"local[{args.cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.shuffle.partitions", str(args.cores))
    )
    for k, v in spark_lint.ONE_PARTITION_PER_FILE.items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    tmp = Path(tempfile.mkdtemp(prefix="carelint-bench-"))
    out = []
    try:
        lines = spark_lint.read_jsonl(spark, files)
        spark_lint.structured(lines).write.parquet(str(tmp / "conversations"))
        # Warm up: Python workers start and import carelint once.
        spark_lint.lint(lines, "json").write.mode("overwrite").parquet(str(tmp / "warm"))

        def run(df, shape, target):
            def go():
                spark_lint.lint(df, shape).write.mode("overwrite").parquet(str(tmp / target))

            return go

        def check(target):
            got = spark.read.parquet(str(tmp / target)).count()
            assert got == findings, (target, got, findings)

        t = best(run(lines, "json", "f1"), args.repeat)
        check("f1")
        out.append((f"Spark local[{args.cores}], JSON Lines → findings Parquet", t, n / t, ""))
        conv = spark.read.parquet(str(tmp / "conversations"))
        t = best(run(conv, "structured", "f2"), args.repeat)
        check("f2")
        out.append((f"Spark local[{args.cores}], conversations Parquet → findings Parquet", t, n / t, ""))

        empty = pa.RecordBatch.from_pylist([], schema=carelint.findings_schema())

        def noop(batches):
            for _ in batches:
                yield empty

        def go_noop():
            lines.mapInArrow(noop, FINDINGS_DDL).write.mode("overwrite").parquet(str(tmp / "f3"))

        t = best(go_noop, args.repeat)
        out.append((f"Spark local[{args.cores}], JSON Lines pipeline, nothing linted", t, n / t, "(Spark's own cost)"))
        read = [c for c in ("id", "turns", "channel", "kind", "metadata", "path", "line") if c in conv.columns]

        def go_noop_structured():
            conv.select(*read).mapInArrow(noop, FINDINGS_DDL).write.mode("overwrite").parquet(str(tmp / "f5"))

        t = best(go_noop_structured, args.repeat)
        out.append((f"Spark local[{args.cores}], Parquet pipeline, nothing linted", t, n / t, "(Spark's own cost)"))

        # Per-batch overhead: the pipeline that lints nothing, with smaller and smaller
        # Arrow batches (more batches, same rows): what each batch costs Spark, Arrow and
        # the Python worker. Then the linting job at the default and a small batch size.
        per_file = [sum(1 for _ in open(f, encoding="utf-8")) for f in files]
        sizes = (10000, 1000, 100)
        batches = {s: sum(-(-c // s) for c in per_file) for s in sizes}
        noop_times = {}
        for size in sizes:
            spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(size))
            noop_times[size] = best(go_noop, args.repeat)
            out.append((f"Spark, nothing linted, maxRecordsPerBatch={size} ({batches[size]} batches)", noop_times[size], n / noop_times[size], ""))
        for size in (10000, 1000):
            spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(size))
            t = best(run(lines, "json", "f4"), args.repeat)
            out.append((f"Spark, JSON Lines, maxRecordsPerBatch={size} ({batches[size]} batches)", t, n / t, ""))
        extra = batches[100] - batches[10000]
        per_batch = (noop_times[100] - noop_times[10000]) / extra * args.cores
        per_batch_cpu = (CPU_TIMES[noop_times[100]] - CPU_TIMES[noop_times[10000]]) / extra
        summary = (
            f"Spark per-batch overhead (nothing linted, {batches[100]} vs {batches[10000]} batches): "
            f"{per_batch * 1e3:.2f} ms wall per batch per core, {per_batch_cpu * 1e3:.2f} ms CPU per batch"
        )
        print(summary, file=sys.stderr)
        out.append((summary, 0.0, 0.0, "SUMMARY"))
    finally:
        spark.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


if __name__ == "__main__":
    sys.exit(main())
