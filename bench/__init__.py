"""Evaluation commands that score claimtrail on real corpora nobody on the project wrote.

Each command takes the corpus path as its argument and prints its figures as small tables:

    python -m bench.eval_polnear CORPUS_DIR     # attribution quality (PolNeAR dev)
    python -m bench.eval_checkthat CORPUS_DIR   # check-worthiness (CLEF CheckThat! 2019 task 1)
    python -m bench.eval_msrp CORPUS_FILE       # same claim or not (MSRP training pairs)

This module holds the helpers they share.
"""

import hashlib
from collections.abc import Sequence

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


def fmt(value: object) -> str:
    """Floats with 3 decimals, everything else as str."""
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def render(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [list(headers)] + [[fmt(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        pairs = enumerate(zip(row, widths, strict=True))
        parts = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
