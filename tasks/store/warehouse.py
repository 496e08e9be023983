"""Load: bring the DuckDB warehouse up to date with the lake and swap it in atomically.

The new warehouse is written to a temporary file in one transaction, then renamed over the old one:
readers holding the old file keep a consistent view, and nobody ever sees a half-loaded database. A
build that was killed leaves only its temporary file, which the next build removes.

The warehouse records which lake files it holds (schema `claimtrail_load`). When it was built by
the same table and view definitions, the next load starts from a copy of it and adds only what is
new: rows of the lake files it does not hold yet, the snapshot tables (links, families, disputes)
when the lake replaced them, new cluster ids and grouping versions, the marts (claim_frequency)
and the search index when what they read changed. A no-op run so only adds its `runs` row.
Otherwise (first load, other definitions) it is rebuilt whole.

Tables are created from their records (schemas/records.py); views, marts and the search index
from their SQL files, each followed by the comments derived from its model (schemas/views.py), so
a mart rebuilt by `CREATE OR REPLACE` gets its comments again.
"""

import json
import os
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from schemas.derive import columns, comment_sql, create_table_sql
from schemas.ids import content_id
from schemas.tables import (
    LAKE_EXCLUDE,
    MACROS,
    MARTS,
    SNAPSHOT_TABLES,
    VIEWS,
    WAREHOUSE_TABLES,
    definition_sql,
)
from tasks.store.connection import connect
from tasks.store.lake import Lake, crash_point

_STATE = "claimtrail_load"  # schema of the load's own bookkeeping, not for analysts
# The warehouse file's storage format: DuckDB 1.4's, not DuckDB 2.0's default, so that the DuckDB
# command line from PyPI (duckdb-cli 1.4.4 to 1.5.6: "can only read versions between 64 and 68")
# opens it as well as the Python package (1.4 and later).
WAREHOUSE_STORAGE_VERSION = "v1.4.0"


# What the marts read: a run that changes none of these (a no-op run) leaves them as they are.
_MART_SOURCES = ("claims", "cluster_members", "documents", "document_families")
_STATE_COMMENTS = (
    f"COMMENT ON TABLE {_STATE}.loaded IS 'Load bookkeeping, not for analysis: what this "
    "warehouse was built from.'",
    f"COMMENT ON COLUMN {_STATE}.loaded.digest IS 'Hash of the table, view and macro "
    "definitions that built it.'",
    f"COMMENT ON COLUMN {_STATE}.loaded.files IS 'JSON: for each table, the lake files "
    "(relative to the lake) whose rows it holds.'",
)


def _parquet(files: list[Path]) -> str:
    listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    return f"read_parquet([{listed}], union_by_name = true)"


def definitions_digest() -> str:
    """A hash of every table, view and macro definition: a warehouse built by other definitions
    is rebuilt whole."""
    parts = [create_table_sql(n, m) + "".join(comment_sql(n, m))
             for n, m in WAREHOUSE_TABLES.items()]
    return content_id(*parts, *(definition_sql(v) for v in (*VIEWS, *MARTS, *MACROS)))


# For each warehouse table, the lake files behind it, each with [size, modification time (ns)].
Sources = dict[str, dict[str, list[int]]]


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    """The one row a query returns."""
    row = con.execute(sql).fetchone()
    assert row is not None, sql
    return row


def _sources(lake: Lake) -> Sources:
    """The lake files behind each warehouse table (claims also read cluster_members), each with
    its size and modification time: a file rewritten under the same name is another file."""
    listed = lake.manifest["tables"]
    out: Sources = {}
    for name in [*WAREHOUSE_TABLES, "cluster_members"]:
        out[name] = {}
        for f in listed.get(name, []):
            info = (lake.root / f).stat()
            out[name][f] = [info.st_size, info.st_mtime_ns]
    return out


def _extends(was: Sources, now: Sources) -> bool:
    """Whether the lake now holds every append-only file the warehouse was built from, as it
    was (else the lake was replaced or rebuilt, and the warehouse is built anew)."""
    if not all(isinstance(files, dict) for files in was.values()):
        return False  # recorded by an older load
    return all(now.get(t, {}).get(f) == stat for t, files in was.items()
               if t not in SNAPSHOT_TABLES and t != "cluster_members"
               for f, stat in files.items())


def _storage_version(con: duckdb.DuckDBPyConnection) -> str:
    """The storage format of the connection's database file ("v1.4.0" for "v1.4.0+")."""
    tags = _one(con, "SELECT tags FROM duckdb_databases() "
                     "WHERE database_name = current_database()")[0]
    return (tags or {}).get("storage_version", "").rstrip("+")


def _loaded(db_path: Path, lake: Lake, now: Sources) -> Sources | None:
    """The lake files an existing warehouse holds, if it can be updated in place: built by these
    definitions, in WAREHOUSE_STORAGE_VERSION's format, from files the lake still holds, with each
    table's rows as in those files (a warehouse someone wrote to is rebuilt)."""
    if not db_path.exists():
        return None
    try:
        con = connect(db_path, read_only=True)
    except duckdb.Error:
        return None
    try:
        if _storage_version(con) != WAREHOUSE_STORAGE_VERSION:
            return None  # e.g. written by DuckDB 2.0's default format, which older readers refuse
        digest, files = _one(con, f"SELECT digest, files FROM {_STATE}.loaded")
        was = json.loads(files)
        if digest != definitions_digest() or not _extends(was, now):
            return None
        for name in WAREHOUSE_TABLES:  # tables whose files are all still there (not replaced)
            held_files = was.get(name, {})
            if all(f in now[name] for f in held_files):
                held = sum(pq.ParquetFile(lake.root / f).metadata.num_rows for f in held_files)
                if _one(con, f"SELECT count(*) FROM {name}")[0] != held:
                    return None
    except duckdb.Error:
        return None
    finally:
        con.close()
    return was


def _present(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> set[str]:
    """The columns some lake files hold: files written before a column existed lack it."""
    return {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {_parquet(paths)}").fetchall()}


def _insert(con: duckdb.DuckDBPyConnection, lake: Lake, name: str, files: list[str]) -> None:
    """Insert the rows of some lake files of a table (claims with their cluster ids and
    grouping version, from cluster_members); a column the files lack is null."""
    if not files:
        return
    cols = columns(WAREHOUSE_TABLES[name])
    paths = [lake.root / f for f in files]
    present = _present(con, paths)
    values = {c: f"c.{c}" if c in present else "NULL" for c in cols}
    source = f"{_parquet(paths)} c"
    if name == "claims":
        members = lake.files("cluster_members")
        held = _present(con, members) if members else set()
        if members:
            source += f" LEFT JOIN {_parquet(members)} m USING (claim_id)"
        for col in LAKE_EXCLUDE["claims"]:
            values[col] = f"m.{col}" if col in held else "NULL"
    con.execute(f"INSERT INTO {name} ({', '.join(cols)}) "
                f"SELECT {', '.join(values[c] for c in cols)} FROM {source}")


def _create(con: duckdb.DuckDBPyConnection, lake: Lake, now: Sources) -> None:
    """Every table from scratch."""
    con.execute(f"CREATE SCHEMA {_STATE}")
    for name, model in WAREHOUSE_TABLES.items():
        con.execute(create_table_sql(name, model))
        for statement in comment_sql(name, model):
            con.execute(statement)
        _insert(con, lake, name, list(now[name]))
        crash_point("load:loading")
    for sql in (*VIEWS, *MARTS, *MACROS):
        con.execute(definition_sql(sql))


def _update(con: duckdb.DuckDBPyConnection, lake: Lake, was: Sources, now: Sources) -> None:
    """Add what the lake gained since the warehouse was built."""
    for name in WAREHOUSE_TABLES:
        if name in SNAPSHOT_TABLES:
            if now[name] != was.get(name):
                con.execute(f"DELETE FROM {name}")
                _insert(con, lake, name, list(now[name]))
        else:
            _insert(con, lake, name, [f for f in now[name] if f not in was.get(name, {})])
        crash_point("load:loading")
    members = lake.files("cluster_members")
    if now["cluster_members"] != was.get("cluster_members") and members:
        held = _present(con, members)
        value = {c: f"m.{c}" if c in held else "NULL" for c in sorted(LAKE_EXCLUDE["claims"])}
        con.execute(f"""
            UPDATE claims SET {', '.join(f"{c} = {v}" for c, v in value.items())}
            FROM {_parquet(members)} m
            WHERE claims.claim_id = m.claim_id AND ({' OR '.join(
                f"claims.{c} IS DISTINCT FROM {v}" for c, v in value.items())})
        """)
    if any(now[t] != was.get(t) for t in _MART_SOURCES):
        for sql in MARTS:
            con.execute(definition_sql(sql))
    if now["claims"] != was.get("claims"):
        for sql in MACROS:  # the search index covers all claims
            con.execute(definition_sql(sql))


def build_warehouse(lake: Lake, db_path: str | Path) -> dict[str, int]:
    """Bring the warehouse file up to date with the lake; returns the row count of each table."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in db_path.parent.iterdir():  # a killed run's unfinished build (and its WAL)
        if stale.name.startswith(f".{db_path.name}.tmp-"):
            stale.unlink(missing_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    now = _sources(lake)
    was = _loaded(db_path, lake, now)
    if was is not None:
        shutil.copyfile(db_path, tmp)
    con = connect(tmp, storage_version=WAREHOUSE_STORAGE_VERSION)
    try:
        con.execute("BEGIN TRANSACTION")
        if was is None:
            _create(con, lake, now)
        else:
            _update(con, lake, was, now)
        con.execute(f"CREATE OR REPLACE TABLE {_STATE}.loaded AS SELECT ? AS digest, ? AS files",
                    [definitions_digest(), json.dumps(now, sort_keys=True)])
        for statement in _STATE_COMMENTS:
            con.execute(statement)
        con.execute("COMMIT")
        counts = {
            name: _one(con, f"SELECT count(*) FROM {name}")[0]
            for name in WAREHOUSE_TABLES
        }
        con.execute("CHECKPOINT")
    finally:
        con.close()
    crash_point("load:built")
    os.replace(tmp, db_path)
    return counts
