"""The one way claimtrail opens DuckDB: the warehouse, read-only for analysts and reports, and
bounded connections for the pipeline's own work."""

from pathlib import Path

import duckdb

# DuckDB inside the pipeline (load, joins) spills to disk beyond this instead of growing the run.
MEMORY_LIMIT = "1GB"


def connect(database: str | Path = ":memory:", read_only: bool = False
            ) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection: read-only ones read a warehouse file as it is; the others (the load's
    new warehouse, in-memory joins) have their memory bounded by MEMORY_LIMIT."""
    if read_only:
        return duckdb.connect(str(database), read_only=True)
    return duckdb.connect(str(database), config={"memory_limit": MEMORY_LIMIT})
