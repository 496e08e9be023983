"""Store: the Parquet lake, claimtrail's system of record.

Each run writes its new rows as one Parquet file per table, then publishes them by atomically
replacing `_manifest.json`. Readers use only files the manifest lists, so a run's output appears
whole or not at all; files a crashed run left behind are removed by the next commit. Snapshot tables
(cluster membership and links) are rewritten whole; the manifest points at the current one.
"""

import fcntl
import json
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas.derive import arrow_schema
from schemas.ids import content_id
from schemas.tables import LAKE_EXCLUDE, LAKE_TABLES, SNAPSHOT_TABLES

MANIFEST = "_manifest.json"
LOCK = ".lock"
CRASH_AT = "CLAIMTRAIL_CRASH_AT"


class LakeBusy(RuntimeError):
    """Another run holds the lake."""


def crash_point(name: str) -> None:
    """Test hook of tests/test_crash_recovery.py: SIGKILL this process here when the environment
    variable CLAIMTRAIL_CRASH_AT names this point. Points: `store:writing` (one of the run's
    Parquet files written), `store:published` (manifest swapped, left-overs not yet removed),
    `load:loading` (inside the warehouse transaction), `load:built` (new warehouse complete, not
    yet renamed into place)."""
    if os.environ.get(CRASH_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def lake_schema(name: str) -> pa.Schema:
    """The Arrow schema of a lake table."""
    return arrow_schema(LAKE_TABLES[name], LAKE_EXCLUDE.get(name, frozenset()))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    write(tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Lake:
    """A folder of Parquet tables published through a manifest."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @property
    def manifest(self) -> dict:
        """The published state: run ids in order and each table's files."""
        path = self.root / MANIFEST
        if not path.exists():
            return {"runs": [], "tables": {}}
        return json.loads(path.read_text(encoding="utf-8"))

    def state_id(self) -> str:
        """A hash of the published state."""
        return content_id(json.dumps(self.manifest, sort_keys=True))

    def files(self, name: str) -> list[Path]:
        """The published Parquet files of a table."""
        return [self.root / f for f in self.manifest["tables"].get(name, [])]

    def table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """A whole lake table (empty, with its schema, before any run wrote it)."""
        return _read(name, self.files(name), columns)

    @contextmanager
    def lock(self, owner: str) -> Iterator[None]:
        """Hold the lake for one run; a second run fails at once, naming the holder."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / LOCK
        with open(path, "a+", encoding="utf-8") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                raise LakeBusy(f"lake {self.root} is in use by {holder}; try again later") from None
            fh.seek(0)
            fh.truncate()
            fh.write(owner)
            fh.flush()
            try:
                yield
            finally:
                fh.seek(0)
                fh.truncate()
                fcntl.flock(fh, fcntl.LOCK_UN)

    def write_part(self, name: str, stem: str, rows: pa.Table) -> str:
        """Write rows of a table as an unpublished part file `<stem>.parquet` (stem: the run id
        and a part label; listed by `commit`'s parts, removed by the next commit otherwise);
        returns its path within the lake."""
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}.parquet"
        rows = rows.select(lake_schema(name).names).cast(lake_schema(name))
        _write_atomic(path, lambda tmp: pq.write_table(rows, tmp))
        crash_point("store:writing")
        return f"{name}/{path.name}"

    def commit(self, run_id: str, tables: dict[str, pa.Table],
               parts: dict[str, list[str]] | None = None) -> None:
        """Publish a run's rows (whole tables, and part files written before by `write_part`;
        a snapshot table's parts replace its files): write the files, then swap the manifest in
        one rename."""
        manifest = self.manifest
        for name, written in (parts or {}).items():
            listed = manifest["tables"].setdefault(name, [])
            if name in SNAPSHOT_TABLES:
                listed[:] = written
            else:
                listed += [f for f in written if f not in listed]
        for name, rows in tables.items():
            if rows.num_rows == 0 and name not in SNAPSHOT_TABLES:
                continue
            folder = self.root / name
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{run_id}.parquet"
            rows = rows.select(lake_schema(name).names).cast(lake_schema(name))
            _write_atomic(path, lambda tmp, rows=rows: pq.write_table(rows, tmp))
            crash_point("store:writing")
            relative = f"{name}/{path.name}"
            listed = manifest["tables"].setdefault(name, [])
            if name in SNAPSHOT_TABLES:
                listed[:] = [relative]
            elif relative not in listed:
                listed.append(relative)
        if run_id not in manifest["runs"]:
            manifest["runs"].append(run_id)
        text = json.dumps(manifest, indent=1, sort_keys=True)
        _write_atomic(self.root / MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        _fsync_dir(self.root)
        crash_point("store:published")
        self._remove_unlisted(manifest)

    def _remove_unlisted(self, manifest: dict) -> None:
        for stale in self.root.glob(f".{MANIFEST}.tmp-*"):  # a killed commit's manifest draft
            stale.unlink(missing_ok=True)
        listed = {self.root / f for files in manifest["tables"].values() for f in files}
        for name in LAKE_TABLES:
            folder = self.root / name
            if folder.is_dir():
                for path in folder.iterdir():
                    if path not in listed:
                        path.unlink(missing_ok=True)


def _read(name: str, files: list[Path], columns: list[str] | None) -> pa.Table:
    """Parquet files of a lake table as one table (empty, with its schema, for no files)."""
    schema = lake_schema(name)
    if not files:
        empty = schema.empty_table()
        return empty.select(columns) if columns else empty
    return pa.concat_tables([pq.read_table(f, columns=columns, schema=schema) for f in files])


def stored_or_computed(keys: pa.Array | pa.ChunkedArray, stored: pa.Table | None, key: str,
                       value: str, version: str, compute: Callable[[pa.Array], pa.Array]
                       ) -> pa.Array:
    """For each key, its `value` from a lake table (columns key, value, `<value>_version`) where
    made by this version, else compute(positions of the keys without one), in key order. Only
    the stored rows of these keys are copied."""
    if stored is None or stored.num_rows == 0:
        return compute(pa.array(np.arange(len(keys))))
    found = pc.index_in(keys, value_set=stored.column(key))
    current = pc.equal(stored.column(f"{value}_version").take(pc.fill_null(found, 0)), version)
    found = pc.if_else(pc.and_kleene(pc.is_valid(found), current), found, None)
    missing = pc.is_null(found).to_numpy(zero_copy_only=False)
    present, absent = np.flatnonzero(~missing), np.flatnonzero(missing)
    order = np.empty(len(keys), np.int64)  # stored values first, then computed ones
    order[present] = np.arange(len(present))
    order[absent] = len(present) + np.arange(len(absent))
    values = stored.column(value).take(pc.drop_null(found)).combine_chunks()
    if len(absent):
        values = pa.concat_arrays([values, compute(pa.array(absent))])
    return values.take(pa.array(order))


class RunWriter:
    """A run's rows written to the lake part by part as they are produced, so no stage holds
    them all; nothing is visible until `store_run` publishes the parts with the rest."""

    def __init__(self, lake: Lake, run_id: str) -> None:
        self.lake, self.run_id = lake, run_id
        self.parts: dict[str, list[str]] = {}

    def add(self, name: str, part: str) -> None:
        """Count a part file (written by `Lake.write_part`, e.g. in an extraction worker) as the
        run's."""
        self.parts.setdefault(name, []).append(part)

    def put(self, name: str, rows: pa.Table) -> None:
        """Write rows of a table made in this process as the run's part (a snapshot table's
        part is its whole new content)."""
        if rows.num_rows or name in SNAPSHOT_TABLES:
            self.add(name, self.lake.write_part(name, self.run_id, rows))

    def files(self, name: str) -> list[Path]:
        """The files of a table as this run sees it: the published ones and the run's parts (a
        snapshot table: its part once the run wrote one)."""
        parts = [self.lake.root / f for f in self.parts.get(name, [])]
        if name in SNAPSHOT_TABLES and parts:
            return parts
        return [*self.lake.files(name), *parts]

    def table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """The table as this run sees it (files)."""
        return _read(name, self.files(name), columns)

    def num_rows(self, name: str) -> int:
        """Rows of table(name), from the Parquet footers."""
        return sum(pq.ParquetFile(f).metadata.num_rows for f in self.files(name))
