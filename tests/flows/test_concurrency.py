"""Two runs at once, and an analyst reading while a run loads."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from prefect.settings import PREFECT_API_URL

from flows.pipeline import claimtrail_run
from tasks.store.lake import Lake

BIN = Path(sys.executable).parent / "claimtrail"


def _fill(inbox: Path, seeds_dir: Path, copies: int) -> int:
    """Distinct articles made from the seeds (each copy gets its own last line)."""
    inbox.mkdir(exist_ok=True)
    seeds = sorted(seeds_dir.iterdir())
    for i in range(copies):
        seed = seeds[i % len(seeds)]
        text = seed.read_text(encoding="utf-8") + f"\nEditor's note: revision {i}.\n"
        (inbox / f"{i:03d}_{seed.name}").write_text(text, encoding="utf-8")
    return copies


def _one(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_two_runs_started_together_one_runs_the_other_is_turned_away(
        prefect_server, tmp_path, seeds_dir):
    inbox = tmp_path / "inbox"
    n_docs = _fill(inbox, seeds_dir, 60)
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    command = [str(BIN), "run", str(inbox), "--db", str(db), "--lake", str(lake)]
    both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in both]
    codes = sorted(code for code, _, _ in results)
    assert any(f"{n_docs} documents read ({n_docs} new)" in r[1] for r in results if r[0] == 0)
    if codes == [0, 4]:  # the runs overlapped: the second was turned away, naming the first
        loser = next(r for r in results if r[0] == 4)
        flow_run_id = _one(db, "SELECT flow_run_id FROM runs")
        assert f"lake {lake} is in use by flow run 'claimtrail inbox " in loser[2]
        assert flow_run_id in loser[2]
        statuses = ["completed"]
    else:  # on a slow machine one may finish before the other starts: then it is a no-op run
        assert codes == [0, 0], [r[2][-2000:] for r in results]
        assert any(f"({n_docs} unchanged, not read again), 0 documents read (0 new)" in r[1]
                   for r in results)
        statuses = ["completed", "completed"]

    # nothing half-written: completed runs, every published file present, no temporary files
    assert _one(db, "SELECT count(*) FROM documents") == n_docs
    assert _one(db, "SELECT list(status ORDER BY started_at) FROM runs") == statuses
    store = Lake(lake)
    assert all(p.exists() for name in store.manifest["tables"] for p in store.files(name))
    assert [p.name for p in [*lake.rglob(".*tmp*"), *tmp_path.glob(".*tmp*")]] == []
    again = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    assert (again.n_documents_new, again.n_claims_new) == (0, 0)


def test_a_run_while_the_lake_is_held_is_turned_away(prefect_server, tmp_path, seeds_dir):
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    with Lake(lake).lock("flow run 'nightly' (pid 1)"):
        done = subprocess.run(
            [str(BIN), "run", str(seeds_dir), "--db", str(db), "--lake", str(lake)],
            env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 4, done.stderr[-2000:]
    assert f"lake {lake} is in use by flow run 'nightly' (pid 1); try again later" in done.stderr
    assert not db.exists()


ANALYST = """
import json, sys, time, duckdb
from pathlib import Path
db, stop = sys.argv[1], Path(sys.argv[2])
con = duckdb.connect(db, read_only=True)
print("ready", flush=True)
seen, queries = set(), 0
while not stop.exists():
    seen.add(con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims), "
        "(SELECT count(*) FROM claims ANTI JOIN documents USING (doc_id)), "
        "(SELECT count(*) FROM claim_lineage)").fetchone())
    queries += 1
    time.sleep(0.01)
con.close()
fresh = duckdb.connect(db, read_only=True)
after = fresh.execute("SELECT count(*) FROM documents").fetchone()[0]
print(json.dumps({"seen": sorted(seen), "queries": queries, "after": after}), flush=True)
"""


def test_an_analyst_reads_while_a_run_loads(prefect_server, tmp_path, seeds_dir):
    inbox = tmp_path / "inbox"
    _fill(inbox, seeds_dir, 2)
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    before = _one(db, "SELECT count(*) FROM claims")

    stop = tmp_path / "stop"
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(db), str(stop)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "ready"
        _fill(inbox, seeds_dir, 5)
        started = time.monotonic()
        summary = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
        took = time.monotonic() - started
    finally:
        stop.touch()
        out, err = analyst.communicate(timeout=60)
    assert summary.n_documents_new == 3 and summary.table_counts["documents"] == 5
    assert analyst.returncode == 0, err
    report = json.loads(out)
    # the open connection kept reading the warehouse as it was, whole, throughout the run
    assert report["seen"] == [[2, before, 0, before]]
    assert report["queries"] > took * 10
    # a connection opened afterwards sees the new warehouse
    assert report["after"] == 5


def test_a_writing_analyst_does_not_block_a_run(prefect_server, tmp_path, seeds_dir):
    """Even a read-write connection (which DuckDB locks exclusively) keeps only the old file."""
    inbox = tmp_path / "inbox"
    _fill(inbox, seeds_dir, 2)
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        _fill(inbox, seeds_dir, 3)
        summary = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    finally:
        holder.communicate("", timeout=30)
    assert summary.table_counts["documents"] == 3
    assert _one(db, "SELECT count(*) FROM documents") == 3
