"""Lint conversations on Spark with the carelint wheel (``mapInArrow``).

    spark-submit examples/spark_lint.py --output findings/ calls/*.jsonl
    spark-submit examples/spark_lint.py --shape structured --output findings/ calls/*.jsonl
    spark-submit examples/spark_lint.py --parquet conversations/ --output findings/

Input is carelint's JSON Lines (one conversation per line) or a Parquet table of
conversations (``id``, ``turns: array<struct<speaker, text, start, end>>``, optional
``channel``, ``kind``, ``metadata``; ``path`` and ``line`` if the rows should keep
where they came from). Findings are written as Parquet with the columns of
``carelint check --format jsonl`` (``carelint.spark.FINDINGS_DDL``).

Two shapes of the same data:

- ``json`` (default): each JSON Lines record is linted as the CLI lints it; with the
  file's path and line number carried along, the findings equal
  ``carelint check FILE --format jsonl`` exactly, positions included.
- ``structured``: the records are parsed by Spark (``from_json``) into columns, as a
  data lake stores them; the findings are the CLI's but for ``column``, which is a
  position in the JSON source that a table does not have (``turn`` and ``span`` locate
  each finding in the turn's text).

The wheel must be installed on the driver and every executor; each Python worker
compiles the rules once and reuses them for every batch and task (docs/scale-out.md).
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Sequence

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from carelint.spark import CONVERSATION_DDL, lint_dataframe

#: Session settings that make every JSON Lines file one partition, so that row numbers
#: are line numbers (Spark would otherwise split a file by bytes across the cores).
ONE_PARTITION_PER_FILE = {
    "spark.sql.files.maxPartitionBytes": str(1 << 40),
    "spark.sql.files.openCostInBytes": str(1 << 40),
}


def read_jsonl(spark: SparkSession, paths: Sequence[str]) -> DataFrame:
    """The lines of JSON Lines files as rows ``(value, path, line)``, line numbers 1-based.

    Each file is read as one partition (see :data:`ONE_PARTITION_PER_FILE`), so the
    row index within the partition is the line number; ``path`` is the path as given
    (what the CLI prints). Everything runs in the JVM.
    """
    frames: List[DataFrame] = []
    for path in paths:
        df = spark.read.text(path)
        parts = df.rdd.getNumPartitions()
        if parts != 1:
            raise SystemExit(
                f"{path} was split into {parts} partitions; start the session with "
                f"{ONE_PARTITION_PER_FILE} to keep line numbers"
            )
        frames.append(
            df.select(
                "value",
                F.lit(path).alias("path"),
                (F.monotonically_increasing_id() + 1).alias("line"),
            )
        )
    out = frames[0]
    for df in frames[1:]:
        out = out.unionByName(df)
    return out


def structured(lines: DataFrame) -> DataFrame:
    """JSON Lines rows parsed by Spark into conversation columns (blank lines dropped)."""
    parsed = lines.where(F.trim("value") != "").select(
        F.from_json("value", CONVERSATION_DDL).alias("c"), "path", "line"
    )
    return parsed.select("c.*", "path", "line")


def lint(df: DataFrame, shape: str, **settings) -> DataFrame:
    """The findings of ``df`` (rows from :func:`read_jsonl` or :func:`structured`)."""
    if shape == "json":
        return lint_dataframe(df, json_column="value", path_column="path", line_column="line", **settings)
    return lint_dataframe(
        df,
        path_column="path" if "path" in df.columns else None,
        line_column="line" if "line" in df.columns else None,
        **settings,
    )


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="JSON Lines files")
    parser.add_argument("--parquet", help="a Parquet table of conversations instead")
    parser.add_argument("--shape", choices=["json", "structured"], default="json")
    parser.add_argument("--output", required=True, help="folder for the findings (Parquet)")
    parser.add_argument("--on-error", choices=["raise", "emit"], default="raise")
    args = parser.parse_args(argv)
    builder = SparkSession.builder.appName("carelint")
    for k, v in ONE_PARTITION_PER_FILE.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    if args.parquet:
        df, shape = spark.read.parquet(args.parquet), "structured"
    elif args.inputs:
        df, shape = read_jsonl(spark, args.inputs), args.shape
        if shape == "structured":
            df = structured(df)
    else:
        parser.error("give JSON Lines files or --parquet")
    findings = lint(df, shape, on_error=args.on_error)
    findings.write.mode("overwrite").parquet(args.output)
    written = spark.read.parquet(args.output)
    print(f"{written.count()} findings written to {args.output}")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
