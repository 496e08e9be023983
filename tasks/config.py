"""Run configuration: everything that changes the output, hashed into each run's id."""

import hashlib
import subprocess
from functools import cache
from importlib.metadata import version
from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict, Field


class PipelineConfig(BaseModel):
    """Settings of one pipeline run."""

    model_config = ConfigDict(frozen=True)

    max_file_bytes: int = Field(50_000_000, description="Larger files are quarantined.")
    batch_chars: int = Field(2_000_000, description="Characters of text per task batch.")
    cluster_threshold: float = Field(0.15, description="Similarity at which two claims link.")
    semantic_matching: bool = Field(
        False, description="Also link claims whose sentence embeddings are near neighbours "
        "(needs the optional `semantic` extra).")
    semantic_threshold: float = Field(
        0.75, description="Embedding cosine at which two claims link, with semantic matching.")

    def semantic_bar(self) -> float | None:
        """The embedding cosine bar for clustering, None when semantic matching is off."""
        return self.semantic_threshold if self.semantic_matching else None

    def digest(self) -> str:
        """SHA-256 (first 16 hex) of the configuration."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


@cache
def code_version() -> str:
    """Package version plus the git commit of the checkout, when there is one."""
    base = version("claimtrail")
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return base
    return f"{base}+g{commit}" if commit else base


def content_id(*parts: str, length: int = 16) -> str:
    """A content-derived id: the first hex digits of SHA-256 over the parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:length]


# DuckDB inside the pipeline (load, joins) spills to disk beyond this instead of growing the run.
DUCKDB_MEMORY_LIMIT = "1GB"

# The warehouse file's storage format: DuckDB 1.4's, not DuckDB 2.0's default, so that the DuckDB
# command line from PyPI (duckdb-cli 1.4.4 to 1.5.6: "can only read versions between 64 and 68")
# opens it as well as the Python package (1.4 and later).
WAREHOUSE_STORAGE_VERSION = "v1.4.0"


def pipeline_duckdb(database: str = ":memory:",
                    storage_version: str | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection for a pipeline stage, its memory bounded by DUCKDB_MEMORY_LIMIT; with
    storage_version, a database file it creates is written in that DuckDB version's storage format
    (an existing file keeps its own)."""
    config = {"memory_limit": DUCKDB_MEMORY_LIMIT}
    if storage_version:
        config["storage_compatibility_version"] = storage_version
    return duckdb.connect(database, config=config)
