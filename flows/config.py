"""Run configuration: every stage's options, hashed into each run's id, and the code version."""

import hashlib
import subprocess
from functools import cache
from importlib.metadata import version
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from tasks.extract.options import ExtractOptions
from tasks.group.options import GroupOptions
from tasks.ingest.options import IngestOptions


class PipelineConfig(BaseModel):
    """Settings of one pipeline run: each stage's options, and how the flow batches its work."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ingest: IngestOptions = IngestOptions()
    extract: ExtractOptions = ExtractOptions()
    group: GroupOptions = GroupOptions()
    batch_chars: int = Field(2_000_000, description="Characters of text per task batch.")

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
