"""What a run may change about extraction: the one object every extraction function receives, so
that a setting or a model reaches every rule that needs it without threading it through each
signature."""

from pydantic import BaseModel, ConfigDict, Field


class ExtractOptions(BaseModel):
    """Settings of the extract stage: the learned models and their thresholds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    attribution_model: str = Field(
        "attribution", description="The attribution model: tasks/extract/models/<name>.json.")
    cue_threshold: float = Field(
        0.45, description="A cue-lexicon word at or above this probability is an attribution cue.")
    source_threshold: float = Field(
        0.1, description="The best source candidate at or above this probability is the source.")
