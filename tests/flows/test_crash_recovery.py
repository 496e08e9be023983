"""A `claimtrail run` killed with SIGKILL while it writes Parquet or loads DuckDB leaves the
previous state intact, and the next run ends with exactly the tables of an uninterrupted run.

The kills are deterministic: the CLAIMTRAIL_CRASH_AT test hook (tasks.store.crash_point) makes the
subprocess SIGKILL itself at a named point. The subprocesses use the session's Prefect server.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from prefect.settings import PREFECT_API_URL

from flows.pipeline import claimtrail_run
from schemas.derive import to_table
from schemas.records import QuarantineRecord
from schemas.tables import WAREHOUSE_TABLES
from tasks.store.lake import CRASH_AT, LAKE_TABLES, MANIFEST, Lake

BIN = Path(sys.executable).parent / "claimtrail"
COMPARED = [name for name in WAREHOUSE_TABLES if name != "runs"]


def tables(state: Path) -> dict[str, list]:
    """Sorted rows of every warehouse table but `runs`, and the number of runs. Run ids are
    written as their place in the lake's history: the code version in them changes when a commit
    lands between the test's runs and its subprocesses."""
    runs = Lake(state / "lake").manifest["runs"]
    con = duckdb.connect(str(state / "w.duckdb"), read_only=True)
    try:
        rows = {t: sorted(_with_run_places(repr(r), runs) for r in con.execute(
            f"SELECT * FROM {t}").fetchall()) for t in COMPARED}
        rows["n_runs"] = con.execute("SELECT count(*) FROM runs").fetchone()[0]
        return rows
    finally:
        con.close()


def _with_run_places(row: str, runs: list[str]) -> str:
    for place, run_id in enumerate(runs):
        row = row.replace(run_id, f"<run {place}>")
    return row


def leftovers(state: Path) -> list[str]:
    """Files no published state accounts for: temporary files, unlisted Parquet files."""
    lake = Lake(state / "lake")
    listed = {p for name in LAKE_TABLES for p in lake.files(name)}
    stray = [p for name in LAKE_TABLES if (state / "lake" / name).is_dir()
             for p in (state / "lake" / name).iterdir() if p not in listed]
    stray += [p for p in state.rglob("*tmp*")]
    return sorted(str(p.relative_to(state)) for p in stray)


@pytest.fixture(scope="module")
def history(prefect_server, tmp_path_factory, seeds_dir):
    """A lake and warehouse after a first run ("before"), an inbox grown since, and the tables
    of an uninterrupted second run over it ("reference")."""
    root = tmp_path_factory.mktemp("crash")
    inbox = root / "inbox"
    inbox.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))
    for seed in seeds[:3]:
        shutil.copy(seed, inbox)
    before = root / "before"
    claimtrail_run(inputs=[str(inbox)], db=str(before / "w.duckdb"), lake=str(before / "lake"))
    for seed in seeds[3:]:
        shutil.copy(seed, inbox)
    shutil.copy(seeds[0], inbox / "copy of first.txt")
    (inbox / "empty.txt").write_bytes(b"")
    reference = root / "reference"
    shutil.copytree(before, reference)
    claimtrail_run(inputs=[str(inbox)], db=str(reference / "w.duckdb"),
                   lake=str(reference / "lake"))
    return root, inbox, before, tables(reference)


@pytest.mark.parametrize("point", ["store:writing", "store:published", "load:loading"])
def test_a_killed_run_loses_nothing_and_the_next_run_completes_it(history, point):
    root, inbox, before, reference = history
    state = root / point.replace(":", "-")
    shutil.copytree(before, state)
    db, lake = state / "w.duckdb", state / "lake"
    previous_manifest = json.loads((lake / MANIFEST).read_text(encoding="utf-8"))
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), CRASH_AT: point}
    killed = subprocess.run([str(BIN), "run", str(inbox), "--db", str(db), "--lake", str(lake)],
                            env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]

    # the previous warehouse opens and holds the previous tables
    assert tables(state) == tables(before)
    manifest = json.loads((lake / MANIFEST).read_text(encoding="utf-8"))
    if point == "store:writing":  # killed before publishing: the lake is as it was
        assert manifest == previous_manifest
        assert leftovers(state), "the kill left the run's first Parquet file behind"
    else:  # killed after publishing: the run's rows are in the lake, whole
        assert manifest["runs"][:-1] == previous_manifest["runs"]
        store = Lake(lake)
        assert all(p.exists() for name in LAKE_TABLES for p in store.files(name))

    claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    after = tables(state)
    assert after.pop("n_runs") == reference["n_runs"] + (point != "store:writing")
    assert after == {k: v for k, v in reference.items() if k != "n_runs"}
    assert leftovers(state) == []


def test_a_commit_removes_what_killed_commits_left(tmp_path):
    """A kill between writing a file and renaming it into place leaves a temporary file."""
    lake = Lake(tmp_path)
    lake.commit("r1", {"quarantine": quarantine_rows("a.txt")})
    drafts = [tmp_path / f".{MANIFEST}.tmp-999", tmp_path / "quarantine" / ".r2.parquet.tmp-999",
              tmp_path / "quarantine" / "r2.parquet"]
    for draft in drafts:
        draft.write_bytes(b"half")
    lake.commit("r3", {"quarantine": quarantine_rows("b.txt")})
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        MANIFEST, "r1.parquet", "r3.parquet"]


def quarantine_rows(name: str):
    return to_table([QuarantineRecord(source_uri=name, reason="empty", run_id="r")],
                    QuarantineRecord)
