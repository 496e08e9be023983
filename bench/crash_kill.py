"""Kill `claimtrail run` with SIGKILL at every crash point and at random moments; check nothing is
lost.

    python -m bench.crash_kill INPUT [INPUT ...] [--random N] [--seed S]

The input files are split in two: a first run over the first half makes the previous state; each
trial copies it, starts `claimtrail run` over all the files and kills it — at each named point of
the CLAIMTRAIL_CRASH_AT test hook, then N times after a random delay up to the length of a clean
run. After each kill the previous warehouse must open with the previous tables (or, killed after
the rename, the new ones) and the lake manifest must be the previous one or a whole new one; then a
normal run must end with exactly the tables of an uninterrupted run (every warehouse table but
`runs`, row for row) and leave no stray file. The runs share one temporary Prefect server and one
PYTHONHASHSEED.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


from schemas.tables import LAKE_TABLES, WAREHOUSE_TABLES
from tasks.ingest.files import discover_files
from tasks.store.connection import connect
from tasks.store.lake import CRASH_AT, MANIFEST, Lake

BIN = Path(sys.executable).parent / "claimtrail"
POINTS = ("store:writing", "store:published", "load:loading", "load:built")


def tables(state: Path) -> dict[str, list[str]]:
    """Sorted rows of every warehouse table but `runs`, run ids as their place in the lake."""
    runs = Lake(state / "lake").manifest["runs"]
    con = connect(str(state / "w.duckdb"), read_only=True)
    try:
        out = {}
        for name in WAREHOUSE_TABLES:
            if name != "runs":
                rows = [repr(r) for r in con.execute(f"SELECT * FROM {name}").fetchall()]
                for place, run_id in enumerate(runs):
                    rows = [r.replace(run_id, f"<run {place}>") for r in rows]
                out[name] = sorted(rows)
        return out
    finally:
        con.close()


def stray_files(state: Path) -> list[str]:
    """Files no published state accounts for."""
    lake = Lake(state / "lake")
    listed = {p for name in LAKE_TABLES for p in lake.files(name)}
    stray = [p for name in LAKE_TABLES if (state / "lake" / name).is_dir()
             for p in (state / "lake" / name).iterdir() if p not in listed]
    return sorted(str(p.relative_to(state)) for p in [*stray, *state.rglob("*tmp*")])


def run(state: Path, files: list[str], env: dict, crash_at: str | None = None,
        kill_after: float | None = None) -> tuple[int, float]:
    """Run claimtrail over the files into a state folder; (exit code, seconds)."""
    env = {**env, CRASH_AT: crash_at} if crash_at else env
    started = time.monotonic()
    proc = subprocess.Popen([str(BIN), "run", *files, "--db", str(state / "w.duckdb"),
                             "--lake", str(state / "lake")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        code = proc.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
    return code, time.monotonic() - started


def trial(label: str, root: Path, files: list[str], env: dict, previous: dict, reference: dict,
          **kill) -> list[str]:
    """One killed run and its recovery; the promises it broke."""
    state = root / label
    shutil.copytree(root / "before", state)
    manifest = json.loads((state / "lake" / MANIFEST).read_text(encoding="utf-8"))
    code, took = run(state, files, env, **kill)
    broken = []
    warehouse = tables(state)
    if warehouse not in (previous, reference):
        broken.append("the warehouse is neither the previous nor the new one")
    lake = Lake(state / "lake")
    now = lake.manifest
    published = now != manifest
    if published and (now["runs"][:-1] != manifest["runs"]
                      or not all(p.exists() for n in LAKE_TABLES for p in lake.files(n))):
        broken.append("the lake manifest is neither the previous one nor a whole new one")
    run(state, files, env)
    if differ := [name for name, rows in tables(state).items() if rows != reference[name]]:
        broken.append(f"the next run did not end with the tables of an uninterrupted run: {differ}")
    if stray := stray_files(state):
        broken.append(f"stray files after the next run: {stray}")
    lake_state = "published" if published else "previous"
    print(f"{label}: exit {code} after {took:.1f} s; lake {lake_state}, "
          f"warehouse {'previous' if warehouse == previous else 'new'}; "
          f"{'; '.join(broken) or 'recovered to the reference tables'}", flush=True)
    return broken


def main(argv: list[str] | None = None) -> int:
    """Run the trials; exit 1 when any promise broke."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="input files or folders (a corpus)")
    parser.add_argument("--random", type=int, default=6, help="kills at random moments")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random moments")
    args = parser.parse_args(argv)
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    files = [str(f) for f in discover_files(args.inputs)[0]]
    first = files[: len(files) // 2]
    with tempfile.TemporaryDirectory(prefix="crash-kill-") as tmp, prefect_test_harness():
        root = Path(tmp)
        # one hash seed for all runs: cluster link evidence still depends on it (float sums
        # over sets), which is a determinism question, not a crash-safety one
        env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONHASHSEED": "0"}
        run(root / "before", first, env)
        shutil.copytree(root / "before", root / "reference")
        _, clean = run(root / "reference", files, env)
        previous, reference = tables(root / "before"), tables(root / "reference")
        print(f"{len(files)} files; previous state from {len(first)}; a clean run takes "
              f"{clean:.1f} s", flush=True)
        broken = []
        for point in POINTS:
            broken += trial(point.replace(":", "-"), root, files, env, previous, reference,
                            crash_at=point)
        moments = random.Random(args.seed)
        for i in range(args.random):
            after = round(moments.uniform(0.5, clean), 2)
            broken += trial(f"random-{i}-{after}s", root, files, env, previous, reference,
                            kill_after=after)
    print(f"{len(POINTS) + args.random} kills, {len(broken)} broken promises")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
