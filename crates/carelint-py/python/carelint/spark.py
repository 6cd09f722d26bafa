"""Lint a Spark DataFrame of conversations with ``mapInArrow``.

>>> from carelint.spark import lint_dataframe                         # doctest: +SKIP
>>> df = spark.read.json("calls/*.jsonl", schema=CONVERSATION_DDL)    # doctest: +SKIP
>>> lint_dataframe(df).write.parquet("findings/")                     # doctest: +SKIP

The wheel must be installed on every executor (see docs/scale-out.md). Each Python
worker builds its linter once, on the first batch it sees, and keeps it for the batches
of every later task it runs (Spark reuses Python workers), so rules are compiled once
per worker process, not per batch. Nothing but the projected columns crosses from the
JVM to Python, as Arrow record batches; findings come back the same way.

A DataFrame of one of two shapes is linted (see ``Linter.lint_arrow``):

- structured: ``id`` and ``turns: array<struct<speaker, text, start, end>>`` columns
  (read JSON Lines with :data:`CONVERSATION_DDL`, or any Parquet/Delta table with
  those columns), plus optional ``channel``, ``kind``, ``metadata``, ``agent``,
  ``customer_name``, ``customer_timezone``, ``locale``;
- JSON text: a string column with one carelint JSON transcript per row
  (``json_column=``), e.g. ``spark.read.text(...)``'s ``value``.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Iterable, Iterator, Optional

from ._carelint import Linter

__all__ = ["FINDINGS_DDL", "CONVERSATION_DDL", "lint_dataframe", "lint_batches", "cached_linter"]

#: The findings schema as a Spark DDL string (the schema of ``Linter.lint_arrow``'s output).
FINDINGS_DDL = (
    "path string, transcript string, turn bigint, speaker string, rule string, "
    "category string, severity string, message string, line bigint, `column` bigint, "
    "span struct<start: bigint, `end`: bigint>, `match` string, suggestion string"
)

#: The schema of carelint's JSON Lines conversations, for ``spark.read.json(..., schema=)``.
CONVERSATION_DDL = (
    "id string, channel string, kind string, "
    "metadata struct<agent: string, customer_name: string, customer_timezone: string, locale: string>, "
    "agent string, customer_name string, customer_timezone string, locale string, "
    "turns array<struct<speaker: string, text: string, start: double, `end`: double>>"
)

# Columns lint_arrow reads besides the id, turns, JSON, path and line columns.
_OPTIONAL = ("channel", "kind", "metadata", "agent", "customer_name", "customer_timezone", "locale")

_LINTERS: Dict[str, Linter] = {}
_LOCK = threading.Lock()


def cached_linter(**settings: Any) -> Linter:
    """The ``Linter(**settings)`` of this process, built on first use and then reused.

    Call it inside a Spark task or a Ray worker: the rules are compiled once per worker
    process, not once per batch or per task.
    """
    key = repr(sorted(settings.items()))
    with _LOCK:
        linter = _LINTERS.get(key)
        if linter is None:
            linter = Linter(**settings)
            _LINTERS[key] = linter
        return linter


def lint_batches(
    batches: Iterable[Any], linter_settings: Optional[Dict[str, Any]] = None, **lint_arrow_options: Any
) -> Iterator[Any]:
    """Lints an iterator of Arrow record batches (the function ``mapInArrow`` runs).

    ``linter_settings`` are the keyword arguments of ``Linter``; ``lint_arrow_options``
    those of ``Linter.lint_arrow``. Yields one findings batch per input batch.
    """
    linter = cached_linter(**(linter_settings or {}))
    for batch in batches:
        yield linter.lint_arrow(batch, **lint_arrow_options)


def lint_dataframe(
    df: Any,
    *,
    id_column: str = "id",
    turns_column: str = "turns",
    json_column: Optional[str] = None,
    path_column: Optional[str] = None,
    line_column: Optional[str] = None,
    name: str = "<spark>",
    on_error: str = "raise",
    threads: int = 1,
    **linter_settings: Any,
) -> Any:
    """A DataFrame of the findings of every conversation in ``df`` (schema :data:`FINDINGS_DDL`).

    ``linter_settings`` are ``Linter``'s keyword arguments (``config=``, ``rules=``,
    ``disable=``, …); paths in them must exist on the executors. ``threads=1`` (the
    default) lints on the task's own thread: Spark already runs one task per core.
    ``on_error="emit"`` turns a malformed row into a finding row with ``rule`` null
    instead of failing the task.
    """
    needed = [json_column] if json_column else [turns_column]
    needed += [c for c in (path_column, line_column) if c]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ValueError(f"the DataFrame has no column {', '.join(missing)} (its columns: {', '.join(df.columns)})")
    wanted = [c for c in (json_column, path_column, line_column) if c]
    if json_column is None:
        wanted += [id_column, turns_column]
    wanted += [c for c in _OPTIONAL if json_column is None]
    columns = [c for c in dict.fromkeys(wanted) if c in df.columns]
    settings = dict(linter_settings, threads=threads)
    options = dict(
        id_column=id_column,
        turns_column=turns_column,
        json_column=json_column,
        path_column=path_column,
        line_column=line_column,
        name=name,
        on_error=on_error,
    )

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        return lint_batches(batches, settings, **options)

    return df.select(*columns).mapInArrow(run, FINDINGS_DDL)
