"""Candidates: which pairs of claims clustering compares, and how much content they share.

Claims are held as columns, never as Python objects: each claim's terms are integer codes in one
sorted array (CSR: claim k owns codes[start[k]:start[k + 1]]). Candidate pairs come from an
inverted index over rare terms (blocking): two claims are candidates when they share a term found
in at most MAX_POSTING claims, ranked by the summed rarity of those terms, at most MAX_CANDIDATES
per claim, so the work per claim stays flat however large the corpus grows. All sums run in a
fixed order, so the same claims give the same scores bit for bit.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.group.columns import ragged_arange, run_starts

MAX_POSTING = 100  # terms in more claims than this do not generate candidate pairs
MAX_CANDIDATES = 50  # candidate pairs scored per claim
_CHUNK = 4_000_000  # term look-ups per step of the shared-term scoring (bounds memory)


@dataclass(frozen=True)
class TermMatrix:
    """The claims' terms as codes: vocabulary, sorted codes per claim, IDF weights and norms."""

    vocab: pa.Array
    codes: np.ndarray  # int32, sorted within each claim
    start: np.ndarray  # int64, n + 1 offsets into codes
    idf: np.ndarray  # float64 per code: log(1 + n / document frequency)
    df: np.ndarray  # int64 per code: claims holding the term
    norm: np.ndarray  # float64 per claim: length of its IDF vector (1 when it has no terms)
    keys: np.ndarray  # int64 claim * vocabulary size + code, ascending: shared-term look-ups

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.start)

    def rows(self) -> np.ndarray:
        """The claim of each code (int32)."""
        return np.repeat(np.arange(len(self.start) - 1, dtype=np.int32), self.lengths)


def term_matrix(bags: pa.Array | pa.ChunkedArray, weights: np.ndarray | None = None
                ) -> TermMatrix:
    """The term matrix of a list<string> array of distinct terms per claim; a claim of weight w
    counts as w claims in the document frequencies (default 1)."""
    if isinstance(bags, pa.ChunkedArray):
        bags = bags.combine_chunks() if bags.num_chunks else pa.array([], bags.type)
    n = len(bags)
    lengths = pc.list_value_length(bags).fill_null(0).to_numpy(zero_copy_only=False)
    encoded = pc.dictionary_encode(pc.list_flatten(bags))
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    rows = np.repeat(np.arange(n, dtype=np.int32), lengths)
    keys = rows.astype(np.int64) * len(encoded.dictionary) + codes
    keys.sort()  # by claim, then code
    codes = (keys % max(len(encoded.dictionary), 1)).astype(np.int32)
    if weights is None:
        df, total = np.bincount(codes, minlength=len(encoded.dictionary)), n
    else:
        df = np.bincount(codes, weights=weights[rows], minlength=len(encoded.dictionary))
        df, total = df.astype(np.int64), int(weights.sum())
    idf = np.log1p(total / np.maximum(df, 1))
    norm = np.sqrt(np.bincount(rows, weights=idf[codes] ** 2, minlength=n))
    norm[norm == 0] = 1.0
    return TermMatrix(encoded.dictionary, codes, start, idf, df, norm, keys)



def candidate_chunks(m: TermMatrix) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(i, j) with i < j, sorted, for one range of claims i at a time (bounded memory): for each
    claim i, the later claims sharing the most rarity with it (summed IDF of shared rare terms;
    ties to the earlier claim), at most MAX_CANDIDATES."""
    n = len(m.start) - 1
    rows = m.rows()
    rare = (m.df[m.codes] >= 2) & (m.df[m.codes] <= MAX_POSTING)
    term, claim = m.codes[rare], rows[rare]
    del rows, rare
    order = np.lexsort((claim, term))
    term, claim = term[order], claim[order]
    if len(term) == 0:
        return
    first = run_starts(term)
    ends = np.repeat(np.r_[first[1:], len(term)], np.diff(np.r_[first, len(term)]))
    later = ends - np.arange(len(term)) - 1  # postings after each one, in its term's list
    per_claim = np.cumsum(np.bincount(claim, weights=later, minlength=n))
    bounds = np.searchsorted(per_claim, np.arange(_CHUNK, per_claim[-1], _CHUNK))
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, n], strict=True):
        left = np.flatnonzero((claim >= lo) & (claim < hi))
        yield _top_pairs(m, term, claim, left, later[left], n)


def candidate_pairs(m: TermMatrix) -> tuple[np.ndarray, np.ndarray]:
    """All candidate pairs (candidate_chunks, concatenated)."""
    chunks = list(candidate_chunks(m)) or [(np.empty(0, np.int64), np.empty(0, np.int64))]
    return np.concatenate([i for i, _ in chunks]), np.concatenate([j for _, j in chunks])



def _top_pairs(m: TermMatrix, term: np.ndarray, claim: np.ndarray, left: np.ndarray,
               later: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs whose first claim holds one of the postings at positions left."""
    left = np.repeat(left, later)
    right = left + 1 + ragged_arange(later)
    key = claim[left].astype(np.int64) * n + claim[right]
    weight = m.idf[term[left]]
    del left, right
    if len(key) == 0:
        return key, key
    key, inverse = np.unique(key, return_inverse=True)  # by claim i, then j
    weight = np.bincount(inverse, weights=weight, minlength=len(key))  # summed in input order
    i, j = key // n, key % n
    group = run_starts(i)
    size = np.diff(np.r_[group, len(i)])
    keep = np.ones(len(i), bool)
    for start, count in zip(group[size > MAX_CANDIDATES].tolist(),
                            size[size > MAX_CANDIDATES].tolist(), strict=True):
        ranked = np.lexsort((j[start:start + count], -weight[start:start + count]))
        keep[start + ranked[MAX_CANDIDATES:]] = False
    return i[keep], j[keep]


def shared_terms(m: TermMatrix, i: np.ndarray, j: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(pair number, code) of every term the claims i[k] and j[k] of pair k share. Each term of
    the pair's shorter claim is looked up in the other's; pairs are visited by the other claim,
    so the look-ups arrive nearly sorted and the search stays in cache."""
    keys = m.keys
    i, j = i.astype(np.int64), j.astype(np.int64)
    short = np.where(m.lengths[i] <= m.lengths[j], i, j)
    other = i + j - short
    visit = np.argsort(other, kind="stable")
    lengths = m.lengths[short[visit]]
    bounds = np.searchsorted(np.cumsum(lengths), np.arange(_CHUNK, lengths.sum(), _CHUNK))
    pairs_out, codes_out = [], []
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(i)], strict=True):
        counts = lengths[lo:hi]
        pair = np.repeat(visit[lo:hi], counts)
        codes = m.codes[np.repeat(m.start[short[visit[lo:hi]]], counts) + ragged_arange(counts)]
        wanted = other[pair] * len(m.vocab) + codes
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        hit = keys[at] == wanted
        pairs_out.append(pair[hit])
        codes_out.append(codes[hit])
    return np.concatenate(pairs_out), np.concatenate(codes_out)


def cosine(m: TermMatrix, i: np.ndarray, j: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """IDF-weighted cosine of each pair's terms, and how many terms each pair shares."""
    pair, codes = shared_terms(m, i, j)
    dot = np.bincount(pair, weights=m.idf[codes] ** 2, minlength=len(i))
    return dot / (m.norm[i] * m.norm[j]), np.bincount(pair, minlength=len(i))
