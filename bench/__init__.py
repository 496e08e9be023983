"""Evaluation commands that score claimtrail on real corpora nobody on the project wrote.

Each command takes the corpus path as its argument and prints its figures as small tables:

    python -m bench.eval_polnear CORPUS_DIR     # attribution quality (PolNeAR dev)
    python -m bench.eval_checkthat CORPUS_DIR   # check-worthiness (CLEF CheckThat! 2019 task 1)
    python -m bench.eval_msrp CORPUS_FILE       # same claim or not (MSRP training pairs)

This module holds the helpers they share.
"""

import hashlib
from collections.abc import Sequence
from decimal import Decimal

from flows.cli.render import text_table
from schemas.ids import content_id
from tasks.ingest.sources import SourceText

RUN_ID = "bench"


def source_text(text: str, uri: str, data: bytes | None = None) -> SourceText:
    """A decoded document as the ingest stage would hand it to the extractor."""
    raw = text.encode("utf-8") if data is None else data
    return SourceText(
        doc_id=content_id(text), source_uri=uri, sha256=hashlib.sha256(raw).hexdigest(),
        text=text, encoding="utf-8",
    )


def ratio(num: float, den: float) -> float:
    """num / den, 0.0 when den is 0."""
    return num / den if den else 0.0


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0.0 when both are 0)."""
    return ratio(2 * precision * recall, precision + recall)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return p, r, f1(p, r)


def _figure(value: object) -> object:
    """Floats to 3 decimals (as numbers, so that they align right); the rest as they are."""
    return Decimal(f"{value:.3f}") if isinstance(value, float) else value


def render(headers: Sequence[str], rows: Sequence[Sequence[object]], width: int = 200) -> str:
    """A table of figures (the command line's table renderer), floats with 3 decimals."""
    return text_table(list(headers), [tuple(_figure(v) for v in row) for row in rows], width,
                      count=False)
