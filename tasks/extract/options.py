"""What a run may change about extraction: the one object every extraction function receives, so
that a setting or a model reaches every rule that needs it without threading it through each
signature."""

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tasks.extract.model_files import model_path


class ExtractOptions(BaseModel):
    """Settings of the extract stage: the learned models it loads, and their thresholds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    checkworthiness_model: str = Field(
        "checkworthy", description="The check-worthiness model: a name in tasks/extract/models/ "
        "or the path of a model file (.json) written by bench/train_checkworthy.py.")
    checkworthiness_threshold: float = Field(
        0.13, ge=0, le=1, description="Check-worthiness at which a candidate is kept as a claim: "
        "the best pooled F1 on out-of-fold CheckThat! 2019 debate scores (the model's data "
        "card, tasks/extract/models/checkworthy.md).")

    attribution_model: str = Field(
        "attribution", description="The attribution model: a name in tasks/extract/models/ or "
        "the path of a model file (.json) written by bench/train_attribution.py.")
    cue_threshold: float = Field(
        0.45, description="A cue-lexicon word at or above this probability is an attribution cue.")
    source_threshold: float = Field(
        0.1, description="The best source candidate at or above this probability is the source.")
    speaker_threshold: float = Field(
        0.15, description="A cue-lexicon word under the cue threshold but at or above this "
        "probability (a weak cue) with a likely source (a source-lexicon word or a capitalised "
        "word, at the probability that ends the source search) names the speaker of a clause "
        "that holds both; it makes no claim of its own. 1 turns weak cues off.")

    @field_validator("checkworthiness_model", "attribution_model")
    @classmethod
    def _exists(cls, name: str, info: ValidationInfo) -> str:
        """A model that does not exist is refused when the options are made, not in a worker."""
        if not model_path(name).is_file():
            kind = str(info.field_name).removesuffix("_model").replace("checkworthiness",
                                                                    "check-worthiness")
            raise ValueError(f"no {kind} model {name!r} (looked for {model_path(name)})")
        return name
