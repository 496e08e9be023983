"""Extraction throughput on one core: `python -m bench.bench_extract REUTERS_JSONL [--limit N]
[--peer] [--repeat K]`.

Runs claimtrail's extractor (normalise, segment, extract; no Prefect, no storage) over the article
bodies of a Reuters-21578 JSONL file in this one process and prints MB/s of UTF-8 body text, by
CPU time and by wall-clock time (the machine may be shared), with the load average. With --peer,
each run is followed by the blank spaCy sentencizer over the same bodies (`pip install -e
'.[bench]'`), K times, so that the two are compared in the same window; the medians close.
"""

import argparse
import json
import os
import statistics
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


def time_claimtrail(docs: list[SourceText]) -> tuple[float, float, int]:
    """CPU and wall seconds of extracting every document, and the claims found."""
    cpu, wall = time.process_time(), time.perf_counter()
    n_claims = sum(len(extract_document(d, "bench")[1]) for d in docs)
    return time.process_time() - cpu, time.perf_counter() - wall, n_claims


def time_peer(texts: list[str]) -> tuple[float, float, int]:
    """CPU and wall seconds of a blank English spaCy pipeline with a sentencizer, and the
    sentences it found."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    cpu, wall = time.process_time(), time.perf_counter()
    n = sum(len(list(doc.sents)) for doc in nlp.pipe(texts))
    return time.process_time() - cpu, time.perf_counter() - wall, n


def main() -> None:
    """Time the extractor (and the peer) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="reuters21578.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="first N bodies only")
    parser.add_argument("--peer", action="store_true", help="interleave the spaCy sentencizer")
    parser.add_argument("--repeat", type=int, default=1, help="runs (pairs with --peer)")
    args = parser.parse_args()
    texts = bodies(args.corpus, args.limit)
    docs = [SourceText(doc_id=content_id(t), source_uri=str(i), sha256="-", text=t,
                       encoding="utf-8") for i, t in enumerate(texts)]
    size = sum(len(t.encode()) for t in texts) / 1e6
    ours, peers = [], []
    for run in range(args.repeat):
        cpu, wall, n_claims = time_claimtrail(docs)
        ours.append(size / cpu)
        line = (f"run {run + 1}: claimtrail {size / cpu:.2f} MB/s CPU ({cpu:.1f} s), "
                f"{size / wall:.2f} MB/s wall, {n_claims} claims")
        if args.peer:
            cpu, wall, n_sents = time_peer(texts)
            peers.append(size / cpu)
            line += (f"; spaCy sentencizer {size / cpu:.2f} MB/s CPU ({cpu:.1f} s), "
                     f"{n_sents} sentences; ratio {ours[-1] / peers[-1]:.2f}")
        print(f"{line}; load {os.getloadavg()[0]:.2f}", flush=True)
    print(f"documents {len(docs)}, text {size:.2f} MB; claimtrail median "
          f"{statistics.median(ours):.2f} MB/s by CPU time, one core"
          + (f"; spaCy sentencizer median {statistics.median(peers):.2f} MB/s; claimtrail "
             f"faster in {sum(o > p for o, p in zip(ours, peers, strict=True))} of "
             f"{len(peers)} pairs" if peers else ""))


if __name__ == "__main__":
    main()
