"""Boilerplate: a sentence repeated across unrelated documents is not a claim they report.

Captions, sign-offs, bylines, datelines and stock lines ("X declined to comment.", "Terms were not
disclosed.") recur word for word in documents that have nothing else in common, and would
otherwise top claim frequency. A text repeated (same text, its white space folded, and speaker)
in BOILER_DOCS documents
or more is boilerplate when its documents do not otherwise meet: the median cosine of their
signatures — each document's SIGNATURE rarest words over all its claims — taken between
consecutive documents, is below BOILER_CONTEXT (the repeated texts under test left out of the
signatures). A claim repeated across reports of one event keeps its documents' shared vocabulary
and is no boilerplate. (Exact copies of one story are a gap: all their sentences are repeats under
test, so their signatures are empty and every repeated sentence reads as boilerplate; their
documents are one family for independent sources anyway.)

Stock headers and footers of one outlet ("WASHINGTON (AP) — The Latest on the presidential race",
"Editor's note: ...") recur in documents on one subject, which do meet: a repeated text with no
speaker that stands in the first or last sentence holding a claim in every one of its documents
(documents whose claims span three sentences or more: in a brief every claim is first or last) is
boilerplate unless its documents share their other words (median signature cosine at least
BOILER_EDGE_CONTEXT): on PolNeAR dev such a footer made two of the top 20 clusters.
Boilerplate links nothing: each of its mentions stays a cluster of its own.
"""

import numpy as np
import pyarrow as pa

from tasks.group.candidates import TermMatrix, cosine, term_matrix
from tasks.group.columns import ragged_arange, run_starts

BOILER_DOCS = 3  # documents a repeated text must be in to be tested
BOILER_CONTEXT = 0.05  # median signature cosine of its documents below which it is boilerplate
BOILER_EDGE_CONTEXT = 0.3  # the same, for a header or footer (first or last sentence, no speaker)
SIGNATURE = 40  # rarest words per document in its signature


def boilerplate_groups(terms: TermMatrix, word: np.ndarray, group: np.ndarray, doc: np.ndarray,
                       edge: np.ndarray, spoken: np.ndarray) -> np.ndarray:
    """Per repeat group (rows of the term matrix), whether it is boilerplate; group, doc and edge
    give every claim's repeat group, document (codes) and whether it stands in its document's
    first or last sentence holding a claim; spoken, per group, whether it has a speaker."""
    n_groups = len(terms.start) - 1
    n_docs = int(doc.max(initial=-1)) + 1
    key = np.unique(group.astype(np.int64) * max(n_docs, 1) + doc)
    g, d = key // max(n_docs, 1), key % max(n_docs, 1)
    tested = np.bincount(g, minlength=n_groups) >= BOILER_DOCS
    g, d = g[tested[g]], d[tested[g]]
    out = np.zeros(n_groups, bool)
    if len(g) == 0:
        return out
    docs = np.unique(d)
    signatures = _signatures(terms, word, group, doc, docs, tested)
    same = g[1:] == g[:-1]  # consecutive documents of one group
    at = np.searchsorted(docs, d)
    similarity, _ = cosine(signatures, at[:-1][same], at[1:][same])
    owner = g[:-1][same]
    order = np.lexsort((similarity, owner))
    owner, similarity = owner[order], similarity[order]
    starts = run_starts(owner)
    median = similarity[starts + np.diff(np.r_[starts, len(owner)]) // 2]
    everywhere = np.bincount(group[~edge], minlength=n_groups) == 0  # at an edge in every doc
    found = owner[starts]
    out[found] = (median < BOILER_CONTEXT) | (
        (median < BOILER_EDGE_CONTEXT) & everywhere[found] & ~spoken[found])
    return out


def _signatures(terms: TermMatrix, word: np.ndarray, group: np.ndarray, doc: np.ndarray,
                docs: np.ndarray, tested: np.ndarray) -> TermMatrix:
    """The signatures of the documents docs (sorted codes), as a term matrix over them, made of
    their claims other than the repeated texts under test (what else the documents say)."""
    claims = np.flatnonzero(np.isin(doc, docs) & ~tested[group])
    lengths = terms.lengths[group[claims]]
    codes = terms.codes[np.repeat(terms.start[group[claims]], lengths) + ragged_arange(lengths)]
    owner = np.searchsorted(docs, np.repeat(doc[claims], lengths))
    in_words = word[codes]
    key = np.unique(owner[in_words].astype(np.int64) * len(word) + codes[in_words])
    d, code = key // len(word), key % len(word)
    order = np.lexsort((code, terms.df[code], d))  # per document, rarest first
    d, code = d[order], code[order]
    starts = run_starts(d)
    keep = ragged_arange(np.diff(np.r_[starts, len(d)])) < SIGNATURE
    d, code = d[keep], code[keep]
    offsets = np.r_[0, np.cumsum(np.bincount(d, minlength=len(docs)))].astype(np.int32)
    return term_matrix(pa.ListArray.from_arrays(pa.array(offsets),
                                                terms.vocab.take(pa.array(code))))
