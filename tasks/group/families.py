"""Families: documents that copy one another count as one independent source.

Two documents are near-copies when they share most of their word 5-gram shingles (syndicated wire
stories, the same text lightly edited); documents of the same named publisher are one family too.
Candidates come from bottom-k sketches (the k smallest shingle hashes of each document, computed
once in the extraction workers and kept in the lake) in an inverted index held as numpy columns; a
hash in more than MAX_SHARING sketches proposes nothing, so the cost per document stays flat. The
resemblance of a candidate pair is estimated from the sketches. A family's id is the doc_id of
its earliest-seen member.
"""

import re
import zlib
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from schemas.derive import arrow_schema
from schemas.records import DocumentFamilyRecord
from tasks.group.columns import ragged_arange, run_starts
from tasks.group.unionfind import UnionFind

SHINGLE = 5
SKETCH = 64
NEAR_COPY = 0.5  # estimated shingle resemblance from which two documents are copies
SKETCH_VERSION = f"crc32-words-{SHINGLE}-{SKETCH}"  # stored sketches made otherwise are redone
_WORD = re.compile(r"[a-z0-9]+")
_SLICE = 10_000  # documents whose text is converted to Python at a time
MAX_SHARING = 100  # a hash in more sketches than this (boilerplate) proposes no copy pairs
_PAIRS = 4_000_000  # candidate pairs generated at a time
_RESEMBLANCES = 10_000  # candidate pairs whose resemblance is estimated at a time


def sketch(text: str) -> list[int]:
    """The SKETCH smallest 32-bit hashes of the text's word 5-gram shingles."""
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    return sorted({zlib.crc32(g.encode()) for g in grams})[:SKETCH]


def _resemblances(hashes: np.ndarray, start: np.ndarray, a: np.ndarray, b: np.ndarray
                  ) -> np.ndarray:
    """Estimated Jaccard resemblance of each pair of documents (a[k], b[k]) from their bottom-k
    sketches (32-bit hashes; document d's at start[d]:start[d + 1]): the share of the union's
    SKETCH smallest hashes found in both. On columns, a chunk of pairs at a time."""
    out = np.zeros(len(a))
    lengths = np.diff(start)
    for lo in range(0, len(a), _RESEMBLANCES):
        first_doc, other_doc = a[lo:lo + _RESEMBLANCES], b[lo:lo + _RESEMBLANCES]
        n_first, n_both = lengths[first_doc], lengths[first_doc] + lengths[other_doc]
        pair = np.repeat(np.arange(len(first_doc)), n_both)
        k = ragged_arange(n_both)
        at = np.where(k < n_first[pair], start[first_doc][pair] + k,
                      start[other_doc][pair] + k - n_first[pair])
        key = (pair.astype(np.uint64) << np.uint64(32)) | hashes[at].astype(np.uint64)
        key.sort()  # by pair, then hash: a hash of both sketches twice in a row
        new = np.r_[True, key[1:] != key[:-1]]
        in_both = np.r_[~new[1:], False][new]
        owner = (key[new] >> np.uint64(32)).astype(np.int64)
        starts = run_starts(owner)
        rank = np.arange(len(owner)) - np.repeat(starts, np.diff(np.r_[starts, len(owner)]))
        union = rank < SKETCH  # the union's SKETCH smallest hashes
        size = np.bincount(owner[union], minlength=len(first_doc))
        both = np.bincount(owner[union], weights=in_both[union], minlength=len(first_doc))
        out[lo:lo + len(first_doc)] = np.divide(both, size, out=np.zeros(len(size)),
                                                where=size > 0)
    return out


def sketches(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Each text's sketch, a slice of texts at a time."""
    return pa.array([sketch(t) for lo in range(0, len(texts), _SLICE)
                     for t in texts.slice(lo, _SLICE).to_pylist()], pa.list_(pa.int64()))


def _copy_pairs(hashes: np.ndarray, start: np.ndarray) -> Iterator[tuple[np.ndarray, ...]]:
    """(a, b, shared) for documents a < b whose sketches (32-bit hashes) share hashes held by at
    most MAX_SHARING documents, a range of documents b at a time (bounded memory)."""
    n = len(start) - 1
    # one sort of (32-bit hash, document) keys: by hash, then document
    key = np.repeat(np.arange(n, dtype=np.uint64), np.diff(start))
    key |= hashes.astype(np.uint64) << np.uint64(32)
    key.sort()
    value = (key >> np.uint64(32)).astype(np.uint32)
    doc = (key & np.uint64(0xFFFFFFFF)).astype(np.int64)
    del key
    first = run_starts(value)
    size = np.diff(np.r_[first, len(value)])
    group_start = np.repeat(first.astype(np.int32), size)
    earlier = np.arange(len(value), dtype=np.int32) - group_start  # documents before it
    earlier[np.repeat(size > MAX_SHARING, size)] = 0
    per_doc = np.cumsum(np.bincount(doc, weights=earlier, minlength=n))
    bounds = np.searchsorted(per_doc, np.arange(_PAIRS, per_doc[-1] if n else 0, _PAIRS))
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, n], strict=True):
        mine = np.flatnonzero((doc >= lo) & (doc < hi) & (earlier > 0))
        counts = earlier[mine]
        b = np.repeat(doc[mine], counts)
        a = doc[np.repeat(group_start[mine], counts) + ragged_arange(counts)]
        key, shared = np.unique(a * n + b, return_counts=True)
        yield key // n, key % n, shared


def document_families(documents: pa.Table, run_order: dict[str, int], doc_sketches: pa.Array
                      ) -> tuple[pa.Table, pa.Table]:
    """Family of every document (columns doc_id, publisher, first_run_id), given its sketch; and
    the near-copy pairs found (doc_id, other_doc_id, resemblance), which tell independent sources
    apart claim by claim (tasks/group/sources.py)."""
    runs = pa.array(sorted(run_order, key=run_order.__getitem__), pa.string())
    rank = pc.fill_null(pc.index_in(documents.column("first_run_id"), value_set=runs), len(runs))
    order = pc.sort_indices(pa.table({"rank": rank, "doc_id": documents.column("doc_id")}),
                            [("rank", "ascending"), ("doc_id", "ascending")])
    rows = documents.select(["doc_id", "publisher"]).take(order).to_pylist()
    doc_sketches = doc_sketches.take(order)
    hashes = pc.list_flatten(doc_sketches).to_numpy(zero_copy_only=False).astype(np.int64)
    start = np.zeros(len(rows) + 1, np.int64)
    np.cumsum(pc.list_value_length(doc_sketches).to_numpy(zero_copy_only=False), out=start[1:])
    uf = UnionFind(len(rows))
    reason = ["original"] * len(rows)

    def join(i: int, j: int, why: str) -> None:
        if uf.union(i, j):
            reason[max(i, j)] = why

    copies: list[tuple[int, int, float]] = []
    for a, b, shared in _copy_pairs(hashes, start):
        likely = shared * 4 >= np.diff(start)[b]
        a, b, shared = a[likely], b[likely], shared[likely]
        score = _resemblances(hashes, start, a, b)
        for k in np.lexsort((a, -shared, b)).tolist():  # each document: most shared first
            if score[k] >= NEAR_COPY:
                i, j = int(a[k]), int(b[k])
                copies.append((i, j, float(score[k])))
                join(i, j, f"near-copy of {rows[i]['doc_id']} (shared shingles {score[k]:.2f})")
    first_of_publisher: dict[str, int] = {}
    for i, r in enumerate(rows):
        publisher = (r["publisher"] or "").strip().lower()
        if publisher:
            if publisher in first_of_publisher:
                join(first_of_publisher[publisher], i, f"same publisher {r['publisher']}")
            else:
                first_of_publisher[publisher] = i
    out = [DocumentFamilyRecord(doc_id=r["doc_id"], family_id=rows[uf.find(i)]["doc_id"],
                                reason=reason[i]).model_dump() for i, r in enumerate(rows)]
    ids = [r["doc_id"] for r in rows]
    return pa.Table.from_pylist(out, schema=arrow_schema(DocumentFamilyRecord)), pa.table({
        "doc_id": pa.array([ids[i] for i, _, _ in copies], pa.string()),
        "other_doc_id": pa.array([ids[j] for _, j, _ in copies], pa.string()),
        "resemblance": pa.array([r for _, _, r in copies], pa.float64())})
