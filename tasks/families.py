"""Families: documents that copy one another count as one independent source.

Two documents are near-copies when they share most of their word 5-gram shingles (syndicated wire
stories, the same text lightly edited); documents of the same named publisher are one family too.
Candidates come from bottom-k sketches (the k smallest shingle hashes of each document) in an
inverted index, so the cost per document stays flat; the resemblance of a candidate pair is
estimated from the sketches. A family's id is the doc_id of its earliest-seen member.
"""

import re
import zlib
from collections import defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas.derive import arrow_schema
from schemas.records import DocumentFamilyRecord

SHINGLE = 5
SKETCH = 64
NEAR_COPY = 0.5  # estimated shingle resemblance from which two documents are copies
_WORD = re.compile(r"[a-z0-9]+")
_SLICE = 10_000  # documents whose text is converted to Python at a time


def sketch(text: str) -> list[int]:
    """The SKETCH smallest 32-bit hashes of the text's word 5-gram shingles."""
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    return sorted({zlib.crc32(g.encode()) for g in grams})[:SKETCH]


def resemblance(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard resemblance of two documents from their bottom-k sketches."""
    union = sorted(set(a) | set(b))[:SKETCH]
    if not union:
        return 0.0
    both = set(a) & set(b)
    return sum(h in both for h in union) / len(union)


def sketches_of(documents: pa.Table, stored: pa.Table | None) -> list[list[int]]:
    """Each document's sketch: the stored one (table doc_id, sketch), computed from its text
    when none is stored."""
    found = (pc.index_in(documents.column("doc_id"), value_set=stored.column("doc_id"))
             if stored is not None and stored.num_rows else pa.nulls(documents.num_rows))
    out = []
    for lo in range(0, documents.num_rows, _SLICE):
        at = found.slice(lo, _SLICE)
        missing = set(np.flatnonzero(pc.is_null(at).to_numpy(zero_copy_only=False)).tolist())
        texts = documents.column("text").slice(lo, _SLICE)
        taken = (stored.column("sketch").take(pc.fill_null(at, 0)).to_pylist()
                 if len(missing) < len(at) else [])
        out += [sketch(texts[k].as_py()) if k in missing else taken[k] for k in range(len(at))]
    return out


def document_families(documents: pa.Table, run_order: dict[str, int],
                      stored_sketches: pa.Table | None = None) -> pa.Table:
    """Family of every document (columns doc_id, text, publisher, first_run_id); sketches come
    from stored_sketches (doc_id, sketch) where stored."""
    rows = documents.select(["doc_id", "publisher", "first_run_id"]).to_pylist()
    sketches = sketches_of(documents, stored_sketches)
    order = sorted(range(len(rows)), key=lambda k: (
        run_order.get(rows[k]["first_run_id"], len(run_order)), rows[k]["doc_id"]))
    rows, sketches = [rows[k] for k in order], [sketches[k] for k in order]
    parent = list(range(len(rows)))
    reason = ["original"] * len(rows)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int, why: str) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
            reason[max(i, j)] = why

    index: dict[int, list[int]] = defaultdict(list)
    for i, sk in enumerate(sketches):
        hits: dict[int, int] = defaultdict(int)
        for h in sk:
            for j in index[h]:
                hits[j] += 1
            index[h].append(i)
        for j in sorted(hits, key=lambda j: -hits[j]):
            if hits[j] * 4 >= len(sk) and (score := resemblance(sk, sketches[j])) >= NEAR_COPY:
                join(j, i, f"near-copy of {rows[j]['doc_id']} (shared shingles {score:.2f})")
    first_of_publisher: dict[str, int] = {}
    for i, r in enumerate(rows):
        publisher = (r["publisher"] or "").strip().lower()
        if publisher:
            if publisher in first_of_publisher:
                join(first_of_publisher[publisher], i, f"same publisher {r['publisher']}")
            else:
                first_of_publisher[publisher] = i
    out = [DocumentFamilyRecord(doc_id=r["doc_id"], family_id=rows[find(i)]["doc_id"],
                                reason=reason[i]).model_dump() for i, r in enumerate(rows)]
    return pa.Table.from_pylist(out, schema=arrow_schema(DocumentFamilyRecord))


@task(
    name="families", task_run_name="families-{n_documents}-documents",
    cache_policy=NO_CACHE,  # deterministic stages: Prefect need not hash their inputs
)
def families_task(documents: pa.Table, run_order: dict[str, int], n_documents: int,
                  stored_sketches: pa.Table | None = None) -> pa.Table:
    """Prefect task: group documents into families of copies."""
    return document_families(documents, run_order, stored_sketches)
