"""Load: build the DuckDB warehouse from the lake and swap it in atomically.

The warehouse is rebuilt in a new file in one transaction, then renamed over the old one: readers
holding the old file keep a consistent view, and nobody ever sees a half-loaded database. A build
that was killed leaves only its temporary file, which the next build removes.
"""

import os
from pathlib import Path

import duckdb
from prefect import task

from schemas.derive import columns, comment_sql, create_table_sql
from schemas.tables import MACROS, VIEWS, WAREHOUSE_TABLES, view_sql
from tasks.store import Lake, crash_point


def _parquet(files: list[Path]) -> str:
    listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    return f"read_parquet([{listed}])"


def _insert(con: duckdb.DuckDBPyConnection, lake: Lake, name: str) -> None:
    model = WAREHOUSE_TABLES[name]
    cols = columns(model)
    files = lake.files(name)
    if not files:
        return
    if name == "claims":
        members = lake.files("cluster_members")
        source = f"{_parquet(files)} c"
        if members:
            source += f" LEFT JOIN {_parquet(members)} m USING (claim_id)"
        select = ", ".join("m.cluster_id" if c == "cluster_id" and members else
                           ("NULL" if c == "cluster_id" else f"c.{c}") for c in cols)
    else:
        source, select = _parquet(files), ", ".join(cols)
    con.execute(f"INSERT INTO {name} ({', '.join(cols)}) SELECT {select} FROM {source}")


def build_warehouse(lake: Lake, db_path: str | Path) -> dict[str, int]:
    """Rebuild the warehouse file from the lake; returns the row count of each table."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in db_path.parent.iterdir():  # a killed run's unfinished build (and its WAL)
        if stale.name.startswith(f".{db_path.name}.tmp-"):
            stale.unlink(missing_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    con = duckdb.connect(str(tmp))
    try:
        con.execute("BEGIN TRANSACTION")
        for name, model in WAREHOUSE_TABLES.items():
            con.execute(create_table_sql(name, model))
            for statement in comment_sql(name, model):
                con.execute(statement)
            _insert(con, lake, name)
            crash_point("load:loading")
        for view in VIEWS:
            con.execute(view_sql(view))
        for name in MACROS:
            con.execute(view_sql(name))
        con.execute("COMMIT")
        counts = {
            name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in WAREHOUSE_TABLES
        }
        con.execute("CHECKPOINT")
    finally:
        con.close()
    crash_point("load:built")
    os.replace(tmp, db_path)
    return counts


@task(name="load", task_run_name="load-warehouse", retries=2, retry_delay_seconds=[1, 4])
def load_warehouse(lake: Lake, db_path: str) -> dict[str, int]:
    """Prefect task: rebuild the DuckDB warehouse from the lake."""
    return build_warehouse(lake, db_path)
