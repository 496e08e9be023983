"""The grouping's version: made from what determines which claims share a cluster — the rule
and model files of this package, the shared text helpers, the group options and the link model
and cross-encoder they name (a model file outside the package counts by its content) — so that the
`grouping_version` stored with each cluster membership (and loaded beside `claims.cluster_id`)
changes whenever grouping does, and only then."""

import hashlib
from functools import cache
from pathlib import Path

from schemas.ids import content_id, files_id
from tasks.group.options import GroupOptions

_RULES = (Path(__file__).parent, Path(__file__).parent.parent / "text")


@cache
def _files() -> str:
    return files_id(*_RULES)


@cache
def grouping_version(options: GroupOptions) -> str:
    """The version of the rules and options that group claims into clusters."""
    from tasks.group.links import load_link_model

    cross = ""
    if options.cross_encoder:
        from tasks.group.cross_encoder import model_file

        cross = hashlib.sha256(model_file(options.cross_encoder).read_bytes()).hexdigest()
    return content_id(_files(), options.model_dump_json(),
                      load_link_model(options.link_model).digest, cross, length=12)
