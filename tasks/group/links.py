"""Links: how likely two claims are to make the same claim, from a small learned model over cheap
pair features held as columns, and the vetoes no score overrides.

What a claim is compared by (`describe`, once per claim): its content terms weighted by IDF
(tasks/group/terms.py: stemmed words and adjacent-word phrases), its named subjects, its precise
figures and their kinds (tasks/group/figures.py), its speaker, whether it is negated.

The features of a pair (`pair_features`, FEATURES in order), all computed on columns from the
terms the two claims share (tasks/group/candidates.py `shared_terms`), never pair by pair in
Python:

- overlap: the IDF cosine over all terms (words and phrases) and over single words only (a
  shared phrase adds no shared words); how much of each side's word weight is shared
  (containment of the smaller and of the larger side); the length ratio. (Counts of shared
  words and phrases, lengths and the rarest shared word were tried: they add nothing out of
  fold, and they depend on the training corpora's sentence lengths, so they were left out.)
- named subjects: how many both name, and how many only one side names (the side naming more,
  and the side naming fewer);
- figures: how many agree, and whether only one side states any;
- speakers: the same, different, or only one named; both negated.

The model (`LinkModel`, a JSON file in tasks/group/models/, trained by `python -m
bench.train_same_claim`) is a logistic regression over the standardised features plus a
piecewise-constant correction per feature (one weight per quantile bin), so each feature may bend;
inference is numpy only: a dot product and one table look-up per feature.

Vetoes, never overridden by any score: two claims whose figures of one kind differ (see
tasks/group/figures.py `relation`), and a claim and its negation (one negated, the other not),
never link.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.group.candidates import TermMatrix, shared_terms, term_matrix
from tasks.group.columns import ragged_arange
from tasks.group.figures import Figures, relation
from tasks.group.terms import COMPLETE, DENIED, NEGATED, SUBJECT

MODELS = Path(__file__).parent / "models"
FEATURES = (
    "cosine", "cosine_words", "contained_small", "contained_large", "length_ratio",
    "subjects_shared", "subjects_unshared_max", "subjects_unshared_min", "figures_same",
    "figures_one_side", "speaker_same", "speaker_different", "speaker_one", "both_negated",
    "hand_rule",
)
# A number or a word of a unit ("per cent", "percentage points", "basis points"; terms fold
# "pct" into percent, "dlrs" into dollar, "mln" into million).
_FIGURE_WORD = r"^(?:[0-9]|(?:percent|percentage|per|cent|point|basis|dollar|million|billion|"\
    r"trillion|thousand|pound|euro|yen|crore|lakh)$)"
_CAP = 5  # counts of named subjects are capped here (more says nothing new)
_CHUNK = 500_000  # pairs predicted at a time (bounds memory)


def _lists(bags: pa.Array, keep: np.ndarray) -> pa.Array:
    """The list<string> array of the entries of bags where keep (over the flattened values)."""
    owner = pc.list_parent_indices(bags).to_numpy(zero_copy_only=False)
    counts = np.bincount(owner[keep], minlength=len(bags))
    offsets = pa.array(np.r_[0, np.cumsum(counts)].astype(np.int32))
    return pa.ListArray.from_arrays(offsets, pc.list_flatten(bags).filter(pa.array(keep)))


@dataclass(frozen=True)
class Described:
    """What the pair features need of each claim, as columns (claim k is row k)."""

    terms: TermMatrix  # content terms: words and phrases
    word: np.ndarray  # per term code: a single word, not a phrase
    plain: np.ndarray  # per term code: a single word that is no number and no unit of one
    word_norm: np.ndarray  # per claim: length of its IDF vector of words
    word_mass: np.ndarray  # per claim: summed IDF of its words
    n_words: np.ndarray
    subjects: TermMatrix
    denied: tuple[np.ndarray, np.ndarray]  # what each claim denies: CSR (starts, term codes)
    figures: Figures
    speaker: np.ndarray  # code of the speaker (lower-cased), -1 none
    negated: np.ndarray
    complete: np.ndarray


def describe(bags: pa.Array | pa.ChunkedArray, figures: Figures, speaker: np.ndarray,
             weights: np.ndarray | None = None) -> Described:
    """Describe claims from their match terms (list<string>: content terms, `@name` subjects,
    `#negated`, `#complete`; tasks/group/terms.py), their precise figures and speaker codes; a
    claim of weight w counts as w claims in the document frequencies."""
    if isinstance(bags, pa.ChunkedArray):
        bags = bags.combine_chunks() if bags.num_chunks else pa.array([], bags.type)
    flat = pc.list_flatten(bags)
    owner = pc.list_parent_indices(bags).to_numpy(zero_copy_only=False)
    subject = pc.starts_with(flat, SUBJECT).to_numpy(zero_copy_only=False)
    denied = pc.starts_with(flat, DENIED).to_numpy(zero_copy_only=False)
    flag = pc.starts_with(flat, "#").to_numpy(zero_copy_only=False) | denied
    n = len(bags)
    negated = np.zeros(n, bool)
    negated[owner[pc.equal(flat, NEGATED).to_numpy(zero_copy_only=False)]] = True
    complete = np.zeros(n, bool)
    complete[owner[pc.equal(flat, COMPLETE).to_numpy(zero_copy_only=False)]] = True
    m = term_matrix(_lists(bags, ~subject & ~flag), weights)
    code = pc.index_in(pc.utf8_slice_codeunits(flat.filter(pa.array(denied)), len(DENIED)),
                       value_set=m.vocab).fill_null(-1).to_numpy(zero_copy_only=False)
    denier, denied_codes = owner[denied][code >= 0], code[code >= 0].astype(np.int64)
    word = ~pc.match_substring(m.vocab, "_").to_numpy(zero_copy_only=False).astype(bool)
    plain = word & ~pc.match_substring_regex(m.vocab, _FIGURE_WORD).to_numpy(
        zero_copy_only=False).astype(bool)
    rows = m.rows()
    in_words = word[m.codes]
    idf = m.idf[m.codes[in_words]]
    word_norm = np.sqrt(np.bincount(rows[in_words], idf ** 2, n))
    word_norm[word_norm == 0] = 1.0
    return Described(m, word, plain, word_norm, np.bincount(rows[in_words], idf, n),
                     np.bincount(rows[in_words], minlength=n),
                     term_matrix(_lists(bags, subject), weights),
                     (np.r_[0, np.cumsum(np.bincount(denier, minlength=n))], denied_codes),
                     figures, speaker, negated, complete)


@dataclass(frozen=True)
class Pairs:
    """Pairs of claims with their features, vetoes, and the terms they share."""

    i: np.ndarray
    j: np.ndarray
    x: np.ndarray  # (pairs, FEATURES)
    figure_veto: np.ndarray
    negation_veto: np.ndarray
    shared: tuple[np.ndarray, np.ndarray]  # (pair, term code) of every shared term

    @property
    def veto(self) -> np.ndarray:
        return self.figure_veto | self.negation_veto


def pair_features(d: Described, i: np.ndarray, j: np.ndarray,
                  used: frozenset[str] = frozenset(FEATURES)) -> Pairs:
    """The features (FEATURES) and vetoes of the pairs of claims (i[k], j[k]). Only the features
    in `used` are computed (the others are 0): the hand rules read one feature, and skipping the
    rest (a second shared-term search among them) saves about a third of the grouping's time."""
    i, j = i.astype(np.int64), j.astype(np.int64)
    n, m = len(i), d.terms
    pair, codes = shared_terms(m, i, j)
    idf = m.idf[codes]
    word = d.word[codes]
    figures = relation(d.figures, i, j)
    has_i, has_j = d.figures.has[i], d.figures.has[j]
    si, sj = d.speaker[i], d.speaker[j]
    cosine = np.bincount(pair, idf ** 2, n) / (m.norm[i] * m.norm[j])

    @cache
    def mass() -> np.ndarray:
        return np.bincount(pair[word], idf[word], n)

    @cache
    def subjects() -> np.ndarray:
        return np.bincount(shared_terms(d.subjects, i, j)[0], minlength=n)

    def only(side: np.ndarray) -> np.ndarray:
        return d.subjects.lengths[side] - subjects()

    columns: dict[str, Callable[[], np.ndarray]] = {
        "cosine": lambda: cosine,
        "cosine_words": lambda: np.bincount(pair[word], idf[word] ** 2, n)
        / (d.word_norm[i] * d.word_norm[j]),
        "contained_small": lambda: mass() / np.maximum(
            np.minimum(d.word_mass[i], d.word_mass[j]), 1e-9),
        "contained_large": lambda: mass() / np.maximum(
            np.maximum(d.word_mass[i], d.word_mass[j]), 1e-9),
        "length_ratio": lambda: np.minimum(d.n_words[i], d.n_words[j])
        / np.maximum(np.maximum(d.n_words[i], d.n_words[j]), 1),
        "subjects_shared": lambda: np.minimum(subjects(), _CAP),
        "subjects_unshared_max": lambda: np.minimum(np.maximum(only(i), only(j)), _CAP),
        "subjects_unshared_min": lambda: np.minimum(np.minimum(only(i), only(j)), _CAP),
        "figures_same": lambda: np.minimum(figures.same, 3),
        "figures_one_side": lambda: has_i != has_j,
        "speaker_same": lambda: (si >= 0) & (si == sj),
        "speaker_different": lambda: (si >= 0) & (sj >= 0) & (si != sj),
        "speaker_one": lambda: (si >= 0) != (sj >= 0),
        "both_negated": lambda: d.negated[i] & d.negated[j],
        "hand_rule": lambda: _hand_rule(cosine, np.bincount(pair[word], minlength=n),
                                        np.bincount(pair[d.plain[codes]], minlength=n), has_i,
                                        has_j, figures.same > 0),
    }
    x = np.zeros((n, len(FEATURES)))
    for k, name in enumerate(FEATURES):
        if name in used:
            x[:, k] = columns[name]()
    return Pairs(i, j, x, figures.veto, _contradicted(d, i, j) | _contradicted(d, j, i),
                 (pair, codes))


def _hand_rule(cosine: np.ndarray, n_shared: np.ndarray, n_plain: np.ndarray, has_i: np.ndarray,
               has_j: np.ndarray, same_figure: np.ndarray) -> np.ndarray:
    """The strength the hand-set rules grouping used before the model would give a pair (0 when
    they would not link it), kept as one feature so that the model weighs it against the rest:
    the IDF cosine reaching 0.15 (0.30 when only one side states a figure) with 3+ shared words
    (or 0.6 alone); or one agreeing figure, a cosine of 0.12 (0.15 stronger) and 2+ shared words
    besides numbers and units — a common figure alone is no claim ("10 percent" linked "he is
    offsetting only 10 percent" to "nearly 10% of the populations of Wisconsin": the top clusters
    of PolNeAR dev were such chains). Shared words,
    not terms: a shared two-word phrase and its two words are one piece of shared wording
    ("significant escalation"), not three; and the numbers and unit words shared count as one
    word ("10 per cent" is one piece of wording, not three). One speaker is no evidence of one
    claim: a bonus for it (2+ shared words) chained what one person said on a topic ("Donald
    Trump" and "tax": the top clusters of PolNeAR dev) and lowered the seeds' B-cubed precision
    (0.949 without it, 0.921 with), with MSRP and ECB+ links the same
    (tasks/group/models/same_claim.md)."""
    bar = np.where(has_i != has_j, 0.30, 0.15)
    words = n_plain + (n_shared > n_plain)  # a figure's number and unit words: one word
    similar = (cosine >= np.maximum(bar, 0.6)) | ((cosine >= bar) & (words >= 3))
    figure = ~similar & same_figure & (cosine >= 0.12) & (n_plain >= 2)
    return np.where(similar, cosine, np.where(figure, cosine + 0.15, 0.0))


def _contradicted(d: Described, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair, whether claim i denies what claim j states: i is negated, j is not, and the
    word i's negation bears on is one of j's terms ("has not been publicly acknowledged" against
    "has publicly acknowledged")."""
    starts, codes = d.denied
    sides = np.flatnonzero(d.negated[i] & ~d.negated[j])
    counts = np.diff(starts)[i[sides]]
    pair = np.repeat(sides, counts)
    wanted = j[pair] * len(d.terms.vocab) + codes[np.repeat(starts[i[sides]], counts)
                                                   + ragged_arange(counts)]
    keys = d.terms.keys
    at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    out = np.zeros(len(i), bool)
    if len(keys):
        out[pair[keys[at] == wanted]] = True
    return out


@dataclass(frozen=True)
class LinkModel:
    """A logistic regression over standardised features plus one weight per quantile bin of
    each feature."""

    name: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # per feature, on the standardised value
    edges: tuple[np.ndarray, ...]  # per feature: its bins' inner edges (ascending)
    bin_weights: tuple[np.ndarray, ...]  # per feature: one weight per bin (len(edges) + 1)
    intercept: float
    digest: str  # of the file: part of the grouping version

    @property
    def used(self) -> frozenset[str]:
        """The features the model reads: a weight or a bin weight not 0 (the hand rules read
        only `hand_rule`)."""
        return frozenset(f for f, w, t in zip(self.features, self.weights, self.bin_weights,
                                              strict=True) if w != 0 or np.any(t != 0))

    def predict(self, x: np.ndarray) -> np.ndarray:
        """P(same claim) for each row of features (a feature the model does not read adds
        exactly 0, so it is skipped: for the hand rules that is most of the grouping's time)."""
        linear = self.weights / self.scale
        base = self.intercept - float(self.mean @ linear)
        read = [f for f, name in enumerate(self.features) if name in self.used]
        out = np.empty(len(x))
        for lo in range(0, len(x), _CHUNK):
            chunk = x[lo:lo + _CHUNK]
            s = chunk @ linear + base if np.any(linear != 0) else np.full(len(chunk), base)
            for f in read:
                s += self.bin_weights[f][np.searchsorted(self.edges[f], chunk[:, f],
                                                         side="right")]
            out[lo:lo + _CHUNK] = 1.0 / (1.0 + np.exp(-s))
        return out

    def to_json(self) -> dict:
        """The model as a JSON object (what `load_link_model` reads)."""
        return {"name": self.name, "features": list(self.features),
                "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "weights": self.weights.tolist(), "edges": [e.tolist() for e in self.edges],
                "bin_weights": [w.tolist() for w in self.bin_weights],
                "intercept": self.intercept}


def model_path(name: str) -> Path:
    """Where the link model `name` is: a file path as given (ending in .json), else
    tasks/group/models/<name>.json."""
    return Path(name) if name.endswith(".json") else MODELS / f"{name}.json"


@cache
def load_link_model(name: str) -> LinkModel:
    """The link model `name` (see model_path), loaded once per process."""
    from schemas.ids import content_id

    raw = model_path(name).read_text(encoding="utf-8")
    z = json.loads(raw)
    if tuple(z["features"]) != FEATURES:
        raise ValueError(f"link model {name} was trained on other features: retrain it "
                         "(python -m bench.train_same_claim)")
    return LinkModel(z["name"], tuple(z["features"]), np.array(z["mean"]), np.array(z["scale"]),
                     np.array(z["weights"]), tuple(np.array(e) for e in z["edges"]),
                     tuple(np.array(w) for w in z["bin_weights"]), float(z["intercept"]),
                     content_id(raw, length=12))
