"""What a run may change about grouping claims."""

from pydantic import BaseModel, ConfigDict, Field


class GroupOptions(BaseModel):
    """Settings of the group stage. The default link model is the hand-set rules grouping has
    always used, as a model file (tasks/group/models/hand_rules.json); the learned model
    (`same_claim`) is measured beside it and chosen with its own operating point
    (--link-model same_claim --link-bar 0.2 --merge-bar 0.05; tasks/group/models/same_claim.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    link_model: str = Field(
        "hand_rules", description="The same-claim link model: a name in tasks/group/models/ "
        "(without .json), or the path of a model file ending in .json.")
    link_bar: float = Field(0.1, description="Probability at which two claims link.")
    merge_bar: float = Field(
        0.03, description="Mean link probability over all their cross pairs that two clusters "
        "need to merge (average linkage).")
    semantic_matching: bool = Field(
        False, description="Also link claims whose sentence embeddings are near neighbours "
        "(needs the optional `semantic` extra).")
    semantic_threshold: float = Field(
        0.75, description="Embedding cosine at which two claims link, with semantic matching.")
    cross_encoder: str | None = Field(
        None, description="Confirm each link with this cross-encoder (a name in "
        "tasks/group/models/ without .safetensors, or a .safetensors file; needs the optional "
        "`semantic` extra): a link stays when the cross-encoder's probability that the two say "
        "the same thing reaches `cross_encoder_bar`.")
    cross_encoder_bar: float = Field(
        0.5, description="Cross-encoder probability a link needs to stay, with a cross-encoder.")
