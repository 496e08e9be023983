"""The seeds warehouse the analyst tests query, built once per session by the real flow."""

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

COPIED_SEED = "001_5773938c42e6ad0a.txt"
EDITED_SEED = "004_040e525fcfd98be9.txt"


@dataclass(frozen=True)
class SeedsWarehouse:
    """A warehouse of the seeds, plus a verbatim copy of one seed, an edited republication of
    another and an empty file."""

    db: Path
    lake: Path
    original: Path
    copy: Path
    edited: Path
    empty: Path


@pytest.fixture(scope="session")
def seeds_warehouse(prefect_server, seeds_dir, tmp_path_factory) -> SeedsWarehouse:
    """The five seeds; one of them republished verbatim under another name (an exact copy); the
    July seed republished a week later under a new headline (a near-copy); and an empty file
    (quarantined): run through the claimtrail flow."""
    from flows.pipeline import claimtrail_run

    root = tmp_path_factory.mktemp("seeds-warehouse")
    extra = root / "republished"
    extra.mkdir()
    shutil.copyfile(seeds_dir / COPIED_SEED, extra / "copy-of-a-seed.txt")
    _, byline, body = (seeds_dir / EDITED_SEED).read_text(encoding="utf-8").split("\n", 2)
    edited = "\n".join([
        "North Korea to send 6,000 engineers for Russia’s Kursk rebuild",
        byline.replace("2025-07-14", "2025-07-21"),
        body,
    ])
    (extra / "edited-republication.txt").write_text(edited, encoding="utf-8")
    (extra / "empty.txt").write_text("", encoding="utf-8")
    db = root / "warehouse.duckdb"
    claimtrail_run(inputs=[str(seeds_dir), str(extra)], db=str(db), lake=str(root / "lake"))
    return SeedsWarehouse(db=db, lake=root / "lake", original=seeds_dir / COPIED_SEED,
                          copy=extra / "copy-of-a-seed.txt",
                          edited=extra / "edited-republication.txt", empty=extra / "empty.txt")


@pytest.fixture(scope="module")
def con(seeds_warehouse):
    """A read-only connection to the seeds warehouse, one per test module."""
    con = duckdb.connect(str(seeds_warehouse.db), read_only=True)
    yield con
    con.close()
