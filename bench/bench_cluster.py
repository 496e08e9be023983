"""Clustering cost per claim as the number of claims grows (it must stay flat: no all-pairs step).

    python -m bench.bench_cluster CORPUS_JSONL [--sizes 10000,50000,100000,200000] [--workers N]

Extracts claims from the Reuters-21578 bodies (CORPUS_JSONL, as bench/bench_pipeline.py reads
it; copies with one word changed supply more when the corpus runs out), then times
tasks.group.cluster.cluster_claims on the first N claims for each size and prints wall and CPU
seconds per 1,000 claims. The machine's load average is printed with every figure.
"""

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa

from bench.bench_pipeline import _changed, load, read_bodies
from schemas.derive import to_table
from schemas.ids import content_id
from schemas.records import ClaimRecord
from schemas.tables import LAKE_EXCLUDE
from tasks.extract.claims import extract_claims
from tasks.group.cluster import cluster_claims
from tasks.group.options import GroupOptions
from tasks.ingest.sources import SourceText

RUN_ID = "bench-cluster"


def _claims_of(texts: list[str]) -> pa.Table:
    docs = [SourceText(doc_id=content_id(t), source_uri=f"bench#{i}", sha256="-", text=t,
                       encoding="utf-8") for i, t in enumerate(texts)]
    claims = extract_claims(docs, RUN_ID).claims
    return to_table(claims, ClaimRecord, LAKE_EXCLUDE["claims"]).select(
        ["claim_id", "doc_id", "text", "speaker", "figures", "raw_start", "sentence_index",
         "run_id"])


def claims_table(corpus: Path, wanted: int, workers: int) -> pa.Table:
    """At least `wanted` claims extracted from the corpus bodies (and changed copies of them)."""
    texts = [r["text"] for r in read_bodies(corpus)]
    parts, n, copy = [], 0, 0
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        while n < wanted:
            batch = [_changed(t, copy) if copy else t for t in texts]
            chunks = [batch[i:i + 500] for i in range(0, len(batch), 500)]
            for table in pool.map(_claims_of, chunks):
                parts.append(table)
                n += table.num_rows
            copy += 1
    return pa.concat_tables(parts)


def main() -> None:
    """Extract, cluster at each size, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="reuters21578.jsonl")
    parser.add_argument("--sizes", default="10000,50000,100000,200000",
                        help="claim counts to cluster (default: 10000,50000,100000,200000)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes (default 2)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    claims = claims_table(args.corpus, max(sizes), args.workers)
    print(f"{claims.num_rows:,} claims extracted in {time.perf_counter() - started:.0f} s "
          f"({load()})")
    print(f"{'claims':>8} {'wall s':>8} {'CPU s':>8} {'wall s/1k':>10} {'CPU s/1k':>9} "
          f"{'clusters':>9}  load")
    for n in sizes:
        wall, cpu = time.perf_counter(), time.process_time()
        members = cluster_claims(claims.slice(0, n), {RUN_ID: 0}, GroupOptions()).members
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        n_clusters = len(set(members.column("cluster_id").to_pylist()))
        print(f"{n:>8,} {wall:>8.1f} {cpu:>8.1f} {wall / n * 1000:>10.3f} {cpu / n * 1000:>9.3f} "
              f"{n_clusters:>9,}  {load()}")


if __name__ == "__main__":
    main()
