"""The flow gives the same tables whichever task runner extracts its batches."""

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from flows.config import PipelineConfig
from flows.pipeline import claimtrail_run
from flows.runners import submitted_in_order, task_runner
from schemas.tables import LAKE_TABLES
from tasks.store.lake import Lake

BIN = Path(sys.executable).parent / "claimtrail"
# Small batches: the seeds become several extraction batches, so workers really share them.
SMALL_BATCHES = PipelineConfig(batch_chars=4_000)


def _run(runner, seeds_dir, root) -> tuple[Lake, int]:
    lake = Lake(root / "lake")
    flow = claimtrail_run.with_options(task_runner=runner)
    summary = flow(inputs=[str(seeds_dir)], db=str(root / "w.duckdb"), lake=str(lake.root),
                   config=SMALL_BATCHES)
    return lake, summary.n_claims_new


def _tables(lake: Lake) -> dict[str, list[dict]]:
    """Every lake table but `runs` (it records the Prefect flow run), rows sorted."""
    out = {}
    for name in LAKE_TABLES:
        if name != "runs":
            rows: pa.Table = lake.table(name)
            out[name] = sorted(rows.to_pylist(), key=repr)
    return out


@pytest.fixture(scope="module")
def one_process(prefect_server, seeds_dir, tmp_path_factory) -> tuple[Lake, int]:
    """The seeds extracted in the flow's own process (one thread)."""
    return _run(task_runner("threads", workers=1), seeds_dir, tmp_path_factory.mktemp("one"))


def test_seeds_make_several_batches(one_process):
    lake, n_claims = one_process
    n_chars = sum(lake.table("documents", ["n_chars"]).column("n_chars").to_pylist())
    assert n_chars > 3 * SMALL_BATCHES.batch_chars
    assert n_claims > 0


def test_two_processes_give_the_same_tables(one_process, seeds_dir, tmp_path):
    two, _ = _run(task_runner("processes", workers=2), seeds_dir, tmp_path)
    assert _tables(two) == _tables(one_process[0])


def test_local_dask_cluster_gives_the_same_tables(one_process, seeds_dir, tmp_path):
    distributed = pytest.importorskip(
        "distributed", reason="prefect-dask is not installed (pip install 'claimtrail[dask]')")
    pytest.importorskip("prefect_dask", reason="prefect-dask is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        runner = task_runner("dask", address=cluster.scheduler_address)
        on_dask, _ = _run(runner, seeds_dir, tmp_path)
    assert _tables(on_dask) == _tables(one_process[0])


def test_submitted_in_order_keeps_order_and_bounds_what_is_in_flight():
    submitted: list[int] = []

    def submit(number: int, item: str):
        submitted.append(number)
        return item.upper()

    seen = []
    for number, item, result in submitted_in_order(list("abcdefg"), submit, in_flight=2):
        assert len(submitted) - number <= 3  # this one and at most two ahead
        seen.append((number, item, result))
    assert seen == [(i, c, c.upper()) for i, c in enumerate("abcdefg")]


def test_unknown_runner_is_refused():
    with pytest.raises(ValueError, match="unknown runner 'spark'"):
        task_runner("spark")


def test_dask_workers_in_another_folder_extract_into_the_flows_lake(one_process, seeds_dir,
                                                                    tmp_path, monkeypatch):
    """`claimtrail run --runner dask --address` with the default, relative --lake, on a
    scheduler whose two worker processes run in another folder: the batches go through both
    workers, into the lake the flow reads, and the tables are those of the default runner."""
    distributed = pytest.importorskip(
        "distributed", reason="prefect-dask is not installed (pip install 'claimtrail[dask]')")
    pytest.importorskip("prefect_dask", reason="prefect-dask is not installed")
    workers, here = tmp_path / "workers", tmp_path / "flow"
    workers.mkdir()
    here.mkdir()
    monkeypatch.chdir(workers)  # the worker processes start here
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        done = subprocess.run(
            [str(BIN), "run", str(seeds_dir), "--runner", "dask", "--address",
             cluster.scheduler_address, "--batch-mb", str(SMALL_BATCHES.batch_chars / 1e6)],
            cwd=here, capture_output=True, text=True, timeout=600)
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
        cwds = set(client.run(os.getcwd).values())
    assert done.returncode == 0, done.stderr[-3000:]
    assert cwds == {str(workers)}
    assert len(executed) == 2 and all(n > 0 for n in executed.values()), executed
    assert list(workers.iterdir()) == []  # nothing written where the workers run
    assert _tables(Lake(here / "data" / "lake")) == _tables(one_process[0])
