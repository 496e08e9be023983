"""Disputes: claims that report different values for the same kind of quantity about one subject.

Two figures count the same kind of thing when their units' head nouns agree (troops, soldiers and
a people count such as "North Koreans" are all people; dead, killed, losses and casualties are all
casualties). The claims must be in different clusters and must not speak with one voice (one
document, one speaker or none: comparing this year's figure with last year's is no contradiction,
quoting two sources who disagree is), and their sentences must share two named subject terms
(capitalised words such as "North Korean"; not months, company designators or titles). Only
precise figures dispute (tasks/group/figures.py: not vague quantities such as "thousands of",
numbers inside names or dates); two figures dispute when they do not agree (tasks/group/figures.py
`agree`: ranges compared as ranges), and ranges are reported as ranges. Each pair of clusters is
reported once. Candidates are blocked on (quantity, subject term), and a block too large to be
specific is skipped, so the cost stays flat per claim. Claims and figures are held as columns.
Negation disputes (a claim and its denial) are found by clustering (tasks/group/cluster.py).
"""

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from schemas.derive import arrow_schema
from schemas.records import DisputeKind, FigureDisputeRecord
from tasks.group.candidates import TermMatrix, shared_terms, term_matrix
from tasks.group.columns import ragged_arange, run_starts, value_codes
from tasks.group.figures import agree, figure_kind, precise_figures
from tasks.group.terms import subject_terms

FIGURE: DisputeKind = "figure"
MAX_POSTING = 50  # a (quantity, subject) block larger than this is too generic to compare
MIN_SUBJECTS = 2  # named subject terms the two sentences must share
_SLICE = 50_000  # sentences converted to Python at a time
_CHUNK = 1_000_000  # figure pairs checked at a time (bounds memory)


def _subject_bags(sentences: pa.ChunkedArray) -> pa.Array:
    """Each sentence's subject terms (list<string>)."""
    bags = []
    for lo in range(0, len(sentences), _SLICE):
        bags += [sorted(subject_terms(s or "")) for s in sentences.slice(lo, _SLICE).to_pylist()]
    return pa.array(bags, pa.list_(pa.string()))



class _Entries:
    """The figures that can dispute (precise, tasks/group/figures.py, of a known kind, in a
    sentence with subjects): their claim (row), kind code, low and high values, in claim then
    figure order."""

    def __init__(self, claims: pa.Table, subjects: TermMatrix) -> None:
        figures = precise_figures(claims, figure_kind)
        row = np.repeat(np.arange(len(figures.first) - 1), np.diff(figures.first))
        keep = (np.array(figures.kinds)[figures.kind] != "") & (subjects.lengths[row] > 0)
        self.kinds = pa.array(figures.kinds, pa.string())
        self.row = row[keep]
        self.kind = figures.kind[keep]
        self.low = figures.low[keep]
        self.high = figures.high[keep]


def _block_pairs(entries: _Entries, subjects: TermMatrix
                 ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(a, b) entry pairs, a < b, that share a block (kind, subject term) of at most MAX_POSTING
    entries, a chunk of blocks at a time."""
    counts = subjects.lengths[entries.row]
    entry = np.repeat(np.arange(len(entries.row)), counts)
    term = subjects.codes[np.repeat(subjects.start[entries.row], counts) + ragged_arange(counts)]
    block = entries.kind[entry] * max(len(subjects.vocab), 1) + term
    order = np.lexsort((entry, block))
    entry, block = entry[order], block[order]
    start = run_starts(block)
    size = np.diff(np.r_[start, len(block)])
    small = (size > 1) & (size <= MAX_POSTING)
    start, size = start[small], size[small]
    n_pairs = size * (size - 1) // 2
    bounds = np.searchsorted(np.cumsum(n_pairs), np.arange(_CHUNK, n_pairs.sum(), _CHUNK))
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(start)], strict=True):
        at = np.repeat(start[lo:hi], size[lo:hi]) + ragged_arange(size[lo:hi])
        later = np.repeat(start[lo:hi] + size[lo:hi], size[lo:hi]) - at - 1  # partners after
        a = np.repeat(at, later)
        b = np.repeat(at + 1, later) + ragged_arange(later)
        yield entry[a], entry[b]


def figure_disputes(claims: pa.Table) -> pa.Table:
    """Disputed pairs among claims (columns claim_id, doc_id, speaker, cluster_id, text,
    raw_start, figures, sentence); each pair of clusters is reported once, by its first pair of
    claims (by claim id) and their first figures that disagree, ranges as ranges."""
    claims = claims.take(pc.sort_indices(claims, [("claim_id", "ascending")]))
    subjects = term_matrix(_subject_bags(claims.column("sentence")))
    entries = _Entries(claims, subjects)
    doc, speaker, cluster = (value_codes(claims.column(c))
                             for c in ("doc_id", "speaker", "cluster_id"))
    n = max(len(entries.row), 1)
    found = [np.empty(0, np.int64)]
    for ea, eb in _block_pairs(entries, subjects):
        ra, rb = entries.row[ea], entries.row[eb]
        same = agree(entries.low[ea], entries.high[ea], entries.low[eb], entries.high[eb])
        one_voice = (doc[ra] == doc[rb]) & (speaker[ra] == speaker[rb])
        keep = ~same & ~one_voice & (cluster[ra] != cluster[rb])
        found.append(np.unique(ea[keep] * n + eb[keep]))
    pair = np.unique(np.concatenate(found))
    ea, eb = pair // n, pair % n
    ra, rb = entries.row[ea], entries.row[eb]
    order = np.lexsort((eb, ea, rb, ra))
    ea, eb, ra, rb = ea[order], eb[order], ra[order], rb[order]
    first = np.r_[True, (ra[1:] != ra[:-1]) | (rb[1:] != rb[:-1])][:len(ra)]
    ea, eb, ra, rb = ea[first], eb[first], ra[first], rb[first]
    shared, codes = shared_terms(subjects, ra, rb)
    keep = np.flatnonzero(np.bincount(shared, minlength=len(ra)) >= MIN_SUBJECTS)
    # each pair of clusters once: its first pair of claims
    ca, cb = np.minimum(cluster[ra], cluster[rb]), np.maximum(cluster[ra], cluster[rb])
    key = ca * (int(cluster.max(initial=0)) + 1) + cb
    keep = np.sort(keep[np.unique(key[keep], return_index=True)[1]])
    words: list[list[str]] = [[] for _ in range(len(ra))]
    for k, word in zip(shared.tolist(), subjects.vocab.take(pa.array(codes)).to_pylist(),
                       strict=True):
        words[k].append(word)
    ids = claims.column("claim_id")
    return pa.table({
        "claim_id": ids.take(pa.array(ra[keep])),
        "other_claim_id": ids.take(pa.array(rb[keep])),
        "kind": pa.repeat(FIGURE, len(keep)).cast(pa.string()),
        "quantity": entries.kinds.take(pa.array(entries.kind[ea[keep]])),
        "value": pa.array(entries.low[ea[keep]]),
        "value_high": pa.array(entries.high[ea[keep]]),
        "other_value": pa.array(entries.low[eb[keep]]),
        "other_value_high": pa.array(entries.high[eb[keep]]),
        "subject": pa.array([", ".join(sorted(words[k])) for k in keep.tolist()], pa.string()),
        "score": pa.nulls(len(keep), pa.float64()),
    }).cast(arrow_schema(FigureDisputeRecord))
