"""The one way claimtrail opens DuckDB: the warehouse, read-only for analysts and reports, and
bounded connections for the pipeline's own work."""

from pathlib import Path

import duckdb

# DuckDB inside the pipeline (load, joins) spills to disk beyond this instead of growing the run.
MEMORY_LIMIT = "1GB"


def connect(database: str | Path = ":memory:", read_only: bool = False,
            storage_version: str | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection: read-only ones read a warehouse file as it is; the others (the load's
    new warehouse, in-memory joins) have their memory bounded by MEMORY_LIMIT. With
    storage_version, a database file it creates is written in that DuckDB version's storage
    format (an existing file keeps its own)."""
    if read_only:
        return duckdb.connect(str(database), read_only=True)
    config: dict[str, str | bool | int | float | list[str]] = {"memory_limit": MEMORY_LIMIT}
    if storage_version:
        config["storage_compatibility_version"] = storage_version
    return duckdb.connect(str(database), config=config)
