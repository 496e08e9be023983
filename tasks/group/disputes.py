"""Disputes: claims that report different values for the same kind of quantity about one subject.

Two figures count the same kind of thing when their units' head nouns agree (troops, soldiers and
a people count such as "North Koreans" are all people; dead, killed, losses and casualties are all
casualties). The claims must be in different clusters and must not speak with one voice (one
document, one speaker or none: comparing this year's figure with last year's is no contradiction,
quoting two sources who disagree is), and their sentences must share two
named subject terms (capitalised words such as "North Korean"; not months, company designators
or titles). Vague quantities ("thousands of")
dispute nothing. Candidates are blocked on (quantity, subject term), and a block too large to be
specific is skipped, so the cost stays flat per claim. Claims and figures are held as columns.
"""

import re
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from schemas.derive import arrow_schema
from schemas.records import FigureDisputeRecord
from tasks.group.candidates import TermMatrix, shared_terms, term_matrix
from tasks.group.columns import ragged_arange, run_starts, value_codes
from tasks.group.figures import VAGUE_QUALIFIERS, kind_codes, values_close
from tasks.group.terms import quantity, stem

_PEOPLE = frozenset("troop people person civilian resident citizen".split())
_NAME = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+(?:-[A-Z][a-z]+)?|^[A-Z][a-z]+(?= [A-Z])")
# capitalised words that name no subject of their own: articles, dates, company designators,
# titles (stemmed as subject terms are)
_GENERIC = frozenset(stem(w) for w in """the a an this that these those
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    corp corporation inc incorporated co company companies ltd limited plc llc group holding
    holdings international mr mrs ms dr president minister prime secretary chairman chief
    executive officer director governor senator rep spokesman spokeswoman general""".split())
MAX_POSTING = 50  # a (quantity, subject) block larger than this is too generic to compare
MIN_SUBJECTS = 2  # named subject terms the two sentences must share
_SLICE = 50_000  # sentences converted to Python at a time
_CHUNK = 1_000_000  # figure pairs checked at a time (bounds memory)


def _kind(unit: str | None) -> str | None:
    """The kind of quantity of a unit; demonym plurals ("North Koreans") count people."""
    if not unit:
        return None
    last = unit.split()[-1]
    if last[:1].isupper() and last.endswith("s"):
        return "people"
    kind = quantity(unit)
    return "people" if kind in _PEOPLE else kind


def subject_terms(sentence: str) -> frozenset[str]:
    """Named subjects of a sentence: its capitalised words (not the sentence's first, nor generic
    ones such as months, "Corp" or "Minister"), stemmed."""
    return frozenset(stem(m[0].lower()) for m in _NAME.finditer(sentence)) - _GENERIC


def _subject_bags(sentences: pa.ChunkedArray) -> pa.Array:
    """Each sentence's subject terms (list<string>)."""
    bags = []
    for lo in range(0, len(sentences), _SLICE):
        bags += [sorted(subject_terms(s or "")) for s in sentences.slice(lo, _SLICE).to_pylist()]
    return pa.array(bags, pa.list_(pa.string()))



class _Entries:
    """The figures that can dispute (a kind of quantity, not vague, in a sentence with subjects):
    their claim (row), kind code, low and high values, in claim then figure order."""

    def __init__(self, figures: pa.ChunkedArray, subjects: TermMatrix) -> None:
        figures = figures.combine_chunks() if figures.num_chunks else pa.array([], figures.type)
        flat = pc.list_flatten(figures)
        row = pc.list_parent_indices(figures).to_numpy(zero_copy_only=False).astype(np.int64)
        kind, names = kind_codes(self._field(flat, "unit"), _kind)
        self.kinds = pa.array(names, pa.string())
        vague = pc.is_in(self._field(flat, "qualifier"), value_set=VAGUE_QUALIFIERS)
        keep = (kind >= 0) & ~vague.to_numpy(zero_copy_only=False) & (subjects.lengths[row] > 0)
        low = self._field(flat, "value")
        high = pc.coalesce(self._field(flat, "value_high"), low)
        self.row = row[keep]
        self.kind = kind[keep]
        self.low = low.to_numpy(zero_copy_only=False).astype(np.float64)[keep]
        self.high = high.to_numpy(zero_copy_only=False).astype(np.float64)[keep]

    @staticmethod
    def _field(flat: pa.StructArray, name: str) -> pa.Array:
        """A field of the figures (all null when their type lacks it)."""
        if flat.type.get_field_index(name) < 0:
            return pa.nulls(len(flat), pa.float64() if name.startswith("value") else pa.string())
        return flat.field(name)


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
    """Disputed pairs among claims (columns claim_id, doc_id, speaker, cluster_id, figures,
    sentence); a pair of claims is reported once, with its first figures that disagree."""
    claims = claims.take(pc.sort_indices(claims, [("claim_id", "ascending")]))
    subjects = term_matrix(_subject_bags(claims.column("sentence")))
    entries = _Entries(claims.column("figures"), subjects)
    doc, speaker, cluster = (value_codes(claims.column(c))
                             for c in ("doc_id", "speaker", "cluster_id"))
    n = max(len(entries.row), 1)
    found = [np.empty(0, np.int64)]
    for ea, eb in _block_pairs(entries, subjects):
        ra, rb = entries.row[ea], entries.row[eb]
        same = (values_close(entries.low[ea], entries.low[eb])
                & values_close(entries.high[ea], entries.high[eb]))
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
    words: list[list[str]] = [[] for _ in range(len(ra))]
    for k, word in zip(shared.tolist(), subjects.vocab.take(pa.array(codes)).to_pylist(),
                       strict=True):
        words[k].append(word)
    ids = claims.column("claim_id")
    return pa.table({
        "claim_id": ids.take(pa.array(ra[keep])),
        "other_claim_id": ids.take(pa.array(rb[keep])),
        "quantity": entries.kinds.take(pa.array(entries.kind[ea[keep]])),
        "value": pa.array(entries.low[ea[keep]]),
        "other_value": pa.array(entries.low[eb[keep]]),
        "subject": pa.array([", ".join(sorted(words[k])) for k in keep.tolist()], pa.string()),
    }).cast(arrow_schema(FigureDisputeRecord))
