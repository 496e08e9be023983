"""The extractor's version: made from what determines its output — the rule and model files of
this package and the shared text helpers, and a model file named by path outside them — so that
the `extractor_version` stored with every claim changes whenever extraction does, and only then."""

import hashlib
from functools import cache
from pathlib import Path

from schemas.ids import content_id, files_id
from tasks.extract.model_files import model_path
from tasks.extract.options import ExtractOptions

_RULES = (Path(__file__).parent, Path(__file__).parent.parent / "text")


@cache
def _files() -> str:
    return files_id(*_RULES)


def extractor_version(options: ExtractOptions) -> str:
    """The version of the rules, models and options that extract claims. Asked once per document
    with the run's options: the last options asked are answered by identity, without hashing
    them again. The pair is read and replaced as one tuple, so that threads extracting with
    different options never see one's options with the other's version."""
    global _last
    last = _last
    if last[0] is not options:
        last = _last = (options, _version(options))
    return last[1]


_last: tuple[ExtractOptions | None, str] = (None, "")  # the options last asked, their version


@cache
def _version(options: ExtractOptions) -> str:
    models = [model_path(name).resolve()
              for name in (options.checkworthiness_model, options.attribution_model)]
    outside = [hashlib.sha256(m.read_bytes()).hexdigest()
               for m in models if not m.is_relative_to(_RULES[0])]
    return content_id(_files(), options.model_dump_json(), *outside, length=12)


def forget() -> None:
    """Forget the versions made so far, as a new process would (a model file changed in place is
    then read again)."""
    global _last
    _last = (None, "")
    _version.cache_clear()
