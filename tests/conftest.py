"""Shared fixtures. Prefect runs against a real temporary server, isolated in a temporary home."""

import os
import shutil
import tempfile
from pathlib import Path

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="claimtrail-prefect-")  # removed at the end
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD = REPO / "tests" / "gold" / "seeds.gold.json"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five seed articles shipped with the repository."""
    return SEEDS


@pytest.fixture(scope="session")
def gold_path() -> Path:
    """Hand-labelled claims of the seeds."""
    return GOLD


@pytest.fixture(scope="session")
def prefect_server():
    """One real temporary Prefect server for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    """A copy of the seeds in a fresh folder."""
    target = tmp_path / "inbox"
    shutil.copytree(SEEDS, target)
    return target


def pytest_unconfigure(config):
    shutil.rmtree(os.environ["PREFECT_HOME"], ignore_errors=True)
