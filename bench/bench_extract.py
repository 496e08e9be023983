"""Extraction throughput on one core: `python -m bench.bench_extract REUTERS_JSONL [--limit N]
[--repeat N] [--peer]`.

Runs claimtrail's extractor (normalise, segment, score and decide, claims and non-claims; no
Prefect, no storage) over the article bodies of a Reuters-21578 JSONL file in this one process
and prints MB/s of UTF-8 body text, by CPU time and by wall-clock time (the machine may be
shared), with the load average. With --peer, each run is followed by the blank spaCy English
pipeline with a sentencizer over the same bodies (the `bench` extra), so that the two are
compared interleaved, in the same window; --repeat runs that many pairs and prints the medians.
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


def spacy_seconds(texts: list[str]) -> float:
    """CPU seconds of a blank English spaCy pipeline with a sentencizer over the texts."""
    import spacy

    cpu = time.process_time()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for doc in nlp.pipe(texts, batch_size=256):
        list(doc.sents)
    return time.process_time() - cpu


def main() -> None:
    """Time the extractor (and the peer) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="reuters21578.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="first N bodies only")
    parser.add_argument("--repeat", type=int, default=1, help="runs (pairs with --peer)")
    parser.add_argument("--peer", action="store_true",
                        help="follow each run with the blank spaCy sentencizer")
    args = parser.parse_args()
    texts = bodies(args.corpus, args.limit)
    docs = [SourceText(doc_id=content_id(t), source_uri=str(i), sha256="-", text=t,
                       encoding="utf-8") for i, t in enumerate(texts)]
    size = sum(len(t.encode()) for t in texts) / 1e6
    ours, peers = [], []
    for _ in range(args.repeat):
        n_claims = n_non = 0
        cpu, wall = time.process_time(), time.perf_counter()
        for d in docs:
            got = extract_document(d, "bench")
            n_claims += len(got.claims)
            n_non += len(got.non_claims)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        ours.append(size / cpu)
        line = (f"claimtrail {size / cpu:.2f} MB/s by CPU time ({cpu:.1f} s), "
                f"{size / wall:.2f} MB/s by wall clock")
        if args.peer:
            peers.append(size / spacy_seconds(texts))
            line += f"; spaCy sentencizer {peers[-1]:.2f} MB/s by CPU time"
        print(f"{line}; load {os.getloadavg()[0]:.2f}", flush=True)
    print(f"documents {len(docs)}, text {size:.2f} MB, claims {n_claims}, non-claims {n_non}")
    print(f"extraction, one core: median {statistics.median(ours):.2f} MB/s by CPU time"
          + (f"; spaCy peer median {statistics.median(peers):.2f} MB/s; claimtrail faster in "
             f"{sum(o > p for o, p in zip(ours, peers, strict=True))} of {len(ours)} pairs"
             if peers else ""))


if __name__ == "__main__":
    main()
