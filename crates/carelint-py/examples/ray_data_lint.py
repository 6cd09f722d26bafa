"""Lint conversations with Ray Data (``map_batches``) and the carelint wheel.

    python examples/ray_data_lint.py --output findings/ calls/*.jsonl

Ray Data reads the JSON Lines files into Arrow blocks (one conversation per row:
``id``, ``turns: list<struct<speaker, text, ...>>``, ...); ``map_batches`` hands each
batch to a :class:`LintBatches` actor, which builds its linter once, in ``__init__``,
and lints every batch it is given with ``Linter.lint_arrow``. The findings (the columns
of ``carelint check --format jsonl``) are written as Parquet.

On a Ray cluster, install the wheel on every node (or ship it with a runtime
environment: ``ray.init(runtime_env={"pip": ["carelint-0.1.0-cp39-abi3-...whl"]})``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Dict, Optional, Sequence

import pyarrow as pa

import carelint


class LintBatches:
    """A Ray Data actor: one linter per actor process, many batches."""

    def __init__(self, settings: Optional[Dict[str, Any]] = None, **lint_arrow_options: Any) -> None:
        # Ray already runs one actor per core: lint on the actor's own thread.
        self.linter = carelint.Linter(**{"threads": 1, **(settings or {})})
        self.options = lint_arrow_options

    def __call__(self, batch: pa.Table) -> pa.Table:
        findings = self.linter.lint_arrow(batch, **self.options)
        return pa.Table.from_batches([findings])


def lint_dataset(ds: Any, *, concurrency: int = 2, batch_size: int = 1000, settings=None, **options: Any) -> Any:
    """A Ray Dataset of the findings of every conversation of ``ds``."""
    return ds.map_batches(
        LintBatches,
        fn_constructor_kwargs={"settings": settings, **options},
        batch_format="pyarrow",
        batch_size=batch_size,
        concurrency=concurrency,
    )


def main(argv: Sequence[str]) -> int:
    import ray

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="JSON Lines files")
    ap.add_argument("--output", required=True, help="folder for the findings (Parquet)")
    ap.add_argument("--concurrency", type=int, help="linter actors (default: CPUs - 1)")
    args = ap.parse_args(argv)
    ray.init(include_dashboard=False)
    # Leave a CPU for the read tasks: actors holding every CPU would starve them.
    concurrency = args.concurrency or max(1, int(ray.cluster_resources().get("CPU", 2)) - 1)
    ds = ray.data.read_json(args.inputs, lines=True)
    lint_dataset(ds, concurrency=concurrency).write_parquet(args.output)
    print(f"{ray.data.read_parquet(args.output).count()} findings written to {args.output}")
    ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
