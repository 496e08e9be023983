"""What a run may change about grouping claims."""

from pydantic import BaseModel, ConfigDict, Field


class GroupOptions(BaseModel):
    """Settings of the group stage."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cluster_threshold: float = Field(0.15, description="Similarity at which two claims link.")
    semantic_matching: bool = Field(
        False, description="Also link claims whose sentence embeddings are near neighbours "
        "(needs the optional `semantic` extra).")
    semantic_threshold: float = Field(
        0.75, description="Embedding cosine at which two claims link, with semantic matching.")

    def semantic_bar(self) -> float | None:
        """The embedding cosine bar for clustering, None when semantic matching is off."""
        return self.semantic_threshold if self.semantic_matching else None
