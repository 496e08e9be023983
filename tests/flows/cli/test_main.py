"""The `claimtrail` command as a user runs it."""

import os
import subprocess
import sys
from pathlib import Path

from tests.seed_facts import SEED_CLAIMS

BIN = Path(sys.executable).parent / "claimtrail"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ.copy(),
        timeout=300,
    )


def test_help_explains_every_option():
    out = run("run", "--help").stdout
    for option in (
        "INPUT",
        "--db",
        "--lake",
        "--max-file-mb",
        "seeds/",
        "data/warehouse.duckdb",
        "data/lake",
    ):
        assert option in out
    assert "GOLD" in run("eval", "--help").stdout


def test_every_command_that_runs_the_pipeline_takes_the_same_options():
    pipeline = ("--db", "--lake", "--max-file-mb", "--semantic", "--runner", "--workers",
                "--address")
    for command in ("run", "serve"):
        out = run(command, "--help").stdout
        assert all(option in out for option in pipeline), command


def test_run_then_eval_on_the_seeds(tmp_path, seeds_dir, gold_path):
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    done = run("run", str(seeds_dir), "--db", str(db), "--lake", str(lake))
    assert done.returncode == 0, done.stderr[-2000:]
    expected = f"5 documents read (5 new), {SEED_CLAIMS} new claims, 0 quarantined"
    assert expected in done.stdout
    assert "claims made by the most sources:" in done.stdout
    assert "nanobind" not in done.stderr, done.stderr[-2000:]  # DuckDB 2.0.0's report at exit
    scored = run("eval", str(gold_path), "--db", str(db), "--docs", str(seeds_dir))
    assert scored.returncode == 0, scored.stderr
    figures = {
        line.split(":")[0]: line.split(":")[1].split()[0] for line in scored.stdout.splitlines()
    }
    assert float(figures["mention recall"]) >= 0.85
    assert float(figures["labelled precision"]) >= 0.90
    assert float(figures["B-cubed F1"]) >= 0.65


def test_eval_names_a_missing_file(tmp_path, seeds_dir):
    done = run(
        "eval",
        str(tmp_path / "nope.json"),
        "--db",
        str(tmp_path / "w.duckdb"),
        "--docs",
        str(seeds_dir),
    )
    assert done.returncode == 2
    assert "nope.json" in done.stderr
