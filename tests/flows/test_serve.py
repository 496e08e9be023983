"""`claimtrail serve` on a schedule against a real `prefect server start` (the test harness's
temporary server runs no scheduler, so scheduled runs need the real one)."""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName
from prefect.settings import PREFECT_API_URL, temporary_settings

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory):
    """A real Prefect server (API and scheduler, no UI) on a free local port."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS": "1"}
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port),
         "--no-ui"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        server.terminate()
        pytest.fail("prefect server did not start: " + (home / "server.log").read_text()[-2000:])
    yield url
    server.terminate()
    server.wait(timeout=30)
    log.close()


async def _runs(deployment: str):
    async with get_client() as client:
        runs = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[deployment])))
    return sorted(runs, key=lambda r: r.start_time or r.expected_start_time)


async def _deployment(name: str):
    async with get_client() as client:
        return await client.read_deployment_by_name(name)


def _wait_for(serve: subprocess.Popen, deployment: str, condition, timeout: float = 120):
    """The deployment's runs, once its completed runs meet the condition."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and serve.poll() is None:
        runs = asyncio.run(_runs(deployment))
        if condition([r for r in runs if r.state_type.value == "COMPLETED"]):
            return runs
        time.sleep(1)
    serve.terminate()
    out = serve.communicate(timeout=60)[0]
    runs = [(r.name, r.state_type) for r in asyncio.run(_runs(deployment))]
    pytest.fail(f"serve exited ({serve.returncode}) or timed out; runs: {runs}\n{out[-3000:]}")


def test_serve_runs_on_an_interval_and_picks_up_new_files(prefect_api, tmp_path, seeds_dir):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first, second, third = sorted(seeds_dir.iterdir())[:3]
    for seed in (first, second):
        shutil.copyfile(seed, inbox / seed.name)
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    serve = subprocess.Popen(
        [str(BIN / "claimtrail"), "serve", "--inbox", str(inbox), "--interval", "5",
         "--db", str(db), "--lake", str(lake), "--name", "test-inbox"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        with temporary_settings(updates={PREFECT_API_URL: prefect_api}):
            _wait_for(serve, "test-inbox", lambda done: len(done) >= 1)
            shutil.copyfile(third, inbox / third.name)
            added = time.time()
            runs = _wait_for(serve, "test-inbox", lambda done: any(
                r.start_time.timestamp() > added for r in done))
    finally:
        serve.send_signal(signal.SIGTERM)  # as a service manager stops it
        out, _ = serve.communicate(timeout=60)
    assert serve.returncode == 0, out[-3000:]
    assert "nanobind" not in out, out[-3000:]  # DuckDB 2.0.0's leak report at exit
    with temporary_settings(updates={PREFECT_API_URL: prefect_api}):
        assert asyncio.run(_deployment("claimtrail/test-inbox")).paused, out[-3000:]
    done = [r for r in runs if r.state_type.value == "COMPLETED"]
    assert len(done) >= 2
    for run in done:
        assert {"claimtrail", "inbox:inbox"} <= set(run.tags)
        assert run.name.startswith("claimtrail inbox ")
    assert "2 new of 2 docs read" in done[0].name
    assert "1 new of 1 docs read" in done[-1].name or "1 new of 1 docs read" in " ".join(
        r.name for r in done)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert con.execute("SELECT count(DISTINCT run_id) FROM runs").fetchone()[0] == len(
        con.execute("SELECT * FROM runs").fetchall())
    con.close()


def test_serve_explains_what_it_needs(tmp_path):
    def serve(*args: str, api: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PREFECT_API_URL": api}
        return subprocess.run([str(BIN / "claimtrail"), "serve", *args], env=env,
                              capture_output=True, text=True, timeout=120)

    closed = f"http://127.0.0.1:{_free_port()}/api"  # nothing listens there
    done = serve("--inbox", str(tmp_path), api=closed)
    assert done.returncode == 2
    assert f"none answers at PREFECT_API_URL={closed}" in done.stderr
    assert "prefect server start" in done.stderr
    done = serve("--inbox", str(tmp_path / "nope"), api=closed)
    assert (done.returncode, done.stderr.strip()) == (
        2, f"claimtrail: inbox {tmp_path / 'nope'} is not a folder")
    usage = serve("--help", api=closed).stdout
    for option in ("--inbox", "--interval", "--cron", "--db", "--lake", "SIGTERM"):
        assert option in usage
