"""Evaluation commands that score claimtrail on real corpora nobody on the project wrote.

Each command takes the corpus path as its argument and prints its figures as small tables:

    python -m bench.eval_polnear CORPUS_DIR     # attribution quality (PolNeAR dev)
    python -m bench.eval_checkthat CORPUS_DIR   # check-worthiness (CLEF CheckThat! 2019 task 1)
    python -m bench.eval_msrp CORPUS_FILE       # same claim or not (MSRP training pairs)

This module holds the helpers they share.
"""

import hashlib
import os
import subprocess
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from flows.cli.render import text_table
from schemas.ids import content_id
from tasks.ingest.sources import SourceText

RUN_ID = "bench"
REPO = Path(__file__).resolve().parent.parent


def run_claimtrail(inputs: Path, work: Path, code: Path = REPO) -> Path:
    """Run `claimtrail run INPUTS` of the checkout `code` as a child process, with its lake, its
    warehouse and a Prefect home of its own in `work`; the warehouse's path. Exits on a failed
    run (exit codes 0 and 3, something quarantined, are runs that completed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(work / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING", "PYTHONPATH": str(code),
            # a fresh home migrates the server's database first; a busy machine needs longer
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    db = work / "warehouse.duckdb"
    cmd = [sys.executable, "-m", "flows.cli.main", "run", str(inputs), "--lake", str(work / "lake"),
           "--db", str(db)]
    done = subprocess.run(cmd, env=env, cwd=code, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 3):
        raise SystemExit(f"claimtrail run failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return db


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
