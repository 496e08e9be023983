"""The extractor's version: made from what determines its output — the rule and model files of
this package and the shared text helpers — so that the `extractor_version` stored with every claim
changes whenever extraction does, and only then."""

from functools import cache
from pathlib import Path

from schemas.ids import content_id, files_id
from tasks.extract.options import ExtractOptions

_RULES = (Path(__file__).parent, Path(__file__).parent.parent / "text")


@cache
def _files() -> str:
    return files_id(*_RULES)


@cache
def extractor_version(options: ExtractOptions) -> str:
    """The version of the rules, models and options that extract claims."""
    return content_id(_files(), options.model_dump_json(), length=12)
