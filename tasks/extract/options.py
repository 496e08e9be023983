"""What a run may change about extraction: the one object every extraction function receives, so
that a setting or a model reaches every rule that needs it without threading it through each
signature."""

from pydantic import BaseModel, ConfigDict


class ExtractOptions(BaseModel):
    """Settings of the extract stage (none yet: the rules are fixed; learned models and their
    thresholds are added here)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
