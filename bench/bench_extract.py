"""Extraction throughput on one core: `python -m bench.bench_extract REUTERS_JSONL [--limit N]`.

Runs claimtrail's extractor (normalise, segment, extract; no Prefect, no storage) over the article
bodies of a Reuters-21578 JSONL file in this one process and prints MB/s of UTF-8 body text, by
CPU time and by wall-clock time (the machine may be shared), with the load average.
"""

import argparse
import json
import os
import time
from pathlib import Path

from schemas.ids import content_id
from tasks.extract.claims import extract_document
from tasks.ingest.sources import SourceText


def bodies(path: Path, limit: int | None) -> list[str]:
    """Article bodies of a Reuters JSONL file."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            body = json.loads(line).get("body")
            if body:
                out.append(body)
            if limit and len(out) >= limit:
                break
    return out


def main() -> None:
    """Time the extractor and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="reuters21578.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="first N bodies only")
    args = parser.parse_args()
    texts = bodies(args.corpus, args.limit)
    docs = [SourceText(doc_id=content_id(t), source_uri=str(i), sha256="-", text=t,
                       encoding="utf-8") for i, t in enumerate(texts)]
    size = sum(len(t.encode()) for t in texts) / 1e6
    cpu, wall = time.process_time(), time.perf_counter()
    n_claims = sum(len(extract_document(d, "bench")[1]) for d in docs)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"documents {len(docs)}, text {size:.2f} MB, claims {n_claims}")
    print(f"extraction: {size / cpu:.2f} MB/s by CPU time ({cpu:.1f} s), "
          f"{size / wall:.2f} MB/s by wall clock ({wall:.1f} s), one core")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
