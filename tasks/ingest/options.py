"""What a run may change about reading its inputs."""

from pydantic import BaseModel, ConfigDict, Field


class IngestOptions(BaseModel):
    """Settings of the ingest stage."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_bytes: int = Field(
        50_000_000, description="Larger .txt/.md files (one article each) are quarantined; "
        "JSONL files are read record by record, whatever their size.")
