"""Ray Data: the example's map_batches actor gives the CLI's findings.

Skipped (visibly) where Ray is not installed; CI does not install it (`pip install
"ray[data]"` to run it).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE, key, run_cli, without

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'ray[data]')")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def example():
    sys.path.insert(0, str(EXAMPLES))
    try:
        yield importlib.import_module("ray_data_lint")
    finally:
        sys.path.remove(str(EXAMPLES))


@pytest.fixture(scope="module")
def ray_local():
    # Logical CPUs: two linter actors and the read tasks must fit at once, or Ray Data
    # waits forever. The actors import the example module, as a job imports its own code.
    env = {"env_vars": {"PYTHONPATH": str(EXAMPLES)}}
    ray.init(num_cpus=4, include_dashboard=False, log_to_driver=False, runtime_env=env)
    yield
    ray.shutdown()


def test_ray_data_equals_cli(cli, example, ray_local, tmp_path):
    ds = ray.data.read_json(str(SAMPLE), lines=True)
    example.lint_dataset(ds, concurrency=2, batch_size=50).write_parquet(str(tmp_path / "findings"))
    import pyarrow.parquet as pq

    got = pq.read_table(tmp_path / "findings").to_pylist()
    want = run_cli(cli, str(SAMPLE))
    # Rows read by Ray have no file or line: compare the rest (turn and span locate each finding).
    drop = ("path", "line", "column")
    assert sorted(map(key, without(got, *drop))) == sorted(map(key, without(want, *drop)))
    assert len(got) > 100
