"""Cluster: group mentions that make the same claim, across documents.

Candidate pairs come from blocking on rare terms, never all pairs (tasks/group/candidates.py).
Each is scored by the link model: the probability that the two make the same claim, from cheap
pair features held as columns (tasks/group/links.py); pairs whose figures of one kind differ, and
a claim and its negation, never link whatever the score. A pair links when its probability reaches
the link bar. Linked mentions form clusters, most probable links first, guarded by average
linkage: two clusters merge only when the mean probability over all their cross pairs (pairs that
do not link count zero) reaches the merge bar and no cross pair is vetoed, which stops chains of
single links from gluing different claims together. Sentences repeated across unrelated documents
and an outlet's headers and footers (boilerplate, tasks/group/boilerplate.py) link nothing.
Claims are held as columns, so cost and memory per claim stay flat.

A cluster's id is `c` + the claim id of its earliest member (by run, then claim id), so adding
documents never renames a cluster and a merge keeps the older id. Each mention also gets its
independent source within its cluster (tasks/group/sources.py), and each cluster its canonical
mention.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import get_args

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from schemas.derive import arrow_schema
from schemas.records import (
    CanonicalKind,
    ClusterChangeKind,
    ClusterChangeRecord,
    ClusterLinkRecord,
    ClusterMemberRecord,
    DisputeKind,
    FigureDisputeRecord,
    LinkRule,
)
from tasks.group.boilerplate import boilerplate_groups
from tasks.group.candidates import candidate_chunks, shared_terms
from tasks.group.columns import ragged_arange, rows, run_starts, value_codes
from tasks.group.figures import precise_figures
from tasks.group.links import (
    FEATURES,
    Described,
    LinkModel,
    describe,
    load_link_model,
    pair_features,
)
from tasks.group.options import GroupOptions
from tasks.group.sources import DocumentLinks, independent_sources
from tasks.group.terms import SUBJECT, match_terms
from tasks.group.unionfind import UnionFind
from tasks.group.version import grouping_version

# The match terms (list<string>) of some claims (columns claim_id, text, speaker).
TermsOf = Callable[[pa.Table], pa.Array]
# The rules that link two claims (schemas/records.py LinkRule); a link's rule is held as its
# position here.
RULES: tuple[LinkRule, ...] = get_args(LinkRule)
SAME_TEXT, MODEL, SEMANTIC, CROSS = (RULES.index(r) for r in (
    "same_text", "model", "semantic", "cross_encoder"))
MERGED: ClusterChangeKind = "merged"
SPLIT: ClusterChangeKind = "split"
CANONICAL_TEXT: CanonicalKind = "text"
CANONICAL_SENTENCE: CanonicalKind = "sentence"
NEGATION: DisputeKind = "negation"
_SHOWN_TERMS = 8  # shared terms a link's evidence names, rarest first
_SCORED = 1_000_000  # candidate pairs featurised and scored at a time (about 250 MB)


def _in_order(claims: pa.Table, run_order: dict[str, int]) -> np.ndarray:
    """Row numbers of the claims by run (in run_order; unknown runs last), then claim id."""
    runs = pa.array(sorted(run_order, key=run_order.__getitem__), pa.string())
    rank = pc.fill_null(pc.index_in(claims.column("run_id"), value_set=runs), len(runs))
    ranked = pa.table({"rank": rank, "claim_id": claims.column("claim_id")})
    return pc.sort_indices(ranked, [("rank", "ascending"), ("claim_id", "ascending")]
                           ).to_numpy(zero_copy_only=False)


@dataclass(frozen=True)
class _Repeats:
    """Claims with the same text and speaker (a sentence repeated across copies of a story): each
    group is compared once, through its first claim, and weighs as many claims as it holds."""

    group: np.ndarray  # per claim: its group, numbered by first appearance
    first: np.ndarray  # per group: its first claim
    size: np.ndarray  # per group: its claims


def _folded(text: pa.Array | pa.ChunkedArray) -> pa.ChunkedArray:
    """The texts with every run of white space one space, folded only where one needs it (a line
    break, a tab or two spaces: a tenth of the cost of folding every text)."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if pa.types.is_dictionary(text.type):
        text = text.dictionary_decode()
    wrapped = pc.match_substring_regex(text, r"\s\s|[\n\r\t\f\v]")
    if pc.any(wrapped).as_py():
        text = pc.replace_with_mask(text, wrapped, pc.replace_substring_regex(
            text.filter(wrapped), r"\s+", " "))
    return pa.chunked_array([text])


def _repeats(claims: pa.Table, order: np.ndarray) -> _Repeats:
    """The groups of repeats, claims and groups numbered in the given order of the rows: the same
    text (its runs of white space read as one space: a line wrapped elsewhere is the same line)
    and speaker."""
    text, speaker = (pc.dictionary_encode(column).combine_chunks().indices.to_numpy(
        zero_copy_only=False).astype(np.int64) for column in (
        _folded(claims.column("text")),
        pc.fill_null(claims.column("speaker"), "")))
    key = (text * (speaker.max(initial=0) + 1) + speaker)[order]
    _, first, found, size = np.unique(key, return_index=True, return_inverse=True,
                                      return_counts=True)
    by_first = np.argsort(first, kind="stable")  # groups numbered by their first claim
    number = np.empty(len(first), np.int64)
    number[by_first] = np.arange(len(first))
    return _Repeats(number[found], first[by_first], size[by_first])


@dataclass(frozen=True)
class Prepared:
    """What clustering needs of the claims, without their text and figures: the claims (ids,
    speakers, documents) in order, their repeat groups, the first claims' descriptions (terms,
    subjects, figures, speakers, negation) and which groups are boilerplate."""

    claims: pa.Table  # claim_id, speaker, doc_id: every claim, by run then claim id
    repeats: _Repeats
    firsts: pa.Table  # claim_id, text, speaker: the first claim of each repeat group
    described: Described
    boilerplate: np.ndarray  # per repeat group


def prepare(claims: pa.Table, run_order: dict[str, int], terms_of: TermsOf = match_terms
            ) -> Prepared:
    """Order the claims (columns claim_id, doc_id, text, speaker, figures, raw_start,
    sentence_index, run_id),
    group their repeats, describe the first claims (terms_of: the match terms of some claims; by
    default computed) and find boilerplate. The claims' text and figures are not kept."""
    order = _in_order(claims, run_order)
    repeats = _repeats(claims, order)
    firsts = claims.take(order[repeats.first])
    described = describe(terms_of(firsts), precise_figures(firsts),
                         value_codes(firsts.column("speaker"), fold_case=True),
                         weights=repeats.size)
    ordered = claims.select(["claim_id", "speaker", "doc_id"]).take(order)
    doc = value_codes(ordered.column("doc_id"))
    boilerplate = boilerplate_groups(
        described.terms, described.word, repeats.group, doc,
        _at_edge(doc, claims.column("sentence_index").to_numpy()[order]),
        described.speaker >= 0)
    return Prepared(ordered, repeats, firsts.select(["claim_id", "text", "speaker"]), described,
                    boilerplate)


def _at_edge(doc: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    """Per claim, whether it stands in the first or the last sentence of its document (doc:
    codes) that holds a claim, where the document's claims span three sentences or more (in a
    short brief every claim is at an edge, and an edge says nothing)."""
    n = int(doc.max(initial=-1)) + 1
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, -1)
    np.minimum.at(first, doc, sentence)
    np.maximum.at(last, doc, sentence)
    long = last[doc] - first[doc] >= 2
    return long & ((sentence == first[doc]) | (sentence == last[doc]))


@dataclass(frozen=True)
class Grouped:
    """What clustering makes: cluster membership (with each mention's independent source and
    the cluster's canonical mention), the evidence of each link, and negation disputes."""

    members: pa.Table
    links: pa.Table
    negations: pa.Table


def cluster_claims(claims: pa.Table, run_order: dict[str, int], options: GroupOptions,
                   terms_of: TermsOf = match_terms, documents: DocumentLinks | None = None
                   ) -> Grouped:
    """Cluster all claims (prepare, then cluster)."""
    return cluster(prepare(claims, run_order, terms_of), options, documents)


@dataclass
class _Edges:
    """Scored pairs of repeat groups (i < j): links (p at or above the link bar) and
    cannot-links (vetoed pairs the model would otherwise link)."""

    i: np.ndarray
    j: np.ndarray
    p: np.ndarray  # P(same claim); a cannot-link's raw probability
    rule: np.ndarray  # position in RULES
    apart: np.ndarray  # a cannot-link
    negation: np.ndarray  # a cannot-link for negation


def _score(d: Described, model: LinkModel, i: np.ndarray, j: np.ndarray, bar: float) -> _Edges:
    """The pairs among (i, j) that link or must stay apart."""
    pairs = pair_features(d, i, j, model.used)
    raw = model.predict(pairs.x)
    veto = pairs.veto
    keep = raw >= bar
    return _Edges(i[keep], j[keep], raw[keep], np.full(int(keep.sum()), MODEL),
                  veto[keep], (pairs.negation_veto & ~pairs.figure_veto)[keep])


def cluster(p: Prepared, options: GroupOptions, documents: DocumentLinks | None = None
            ) -> Grouped:
    """Score the candidate pairs with the link model, merge clusters along the links, most
    probable first, under average linkage and cannot-links; then each mention's independent
    source and each cluster's canonical mention. With semantic matching on, embedding neighbours
    also link (tasks/group/semantic.py, an optional extra); with a cross-encoder, a link stays
    only when it confirms it (tasks/group/cross_encoder.py, the same extra)."""
    model = load_link_model(options.link_model)
    d, bar = p.described, options.link_bar
    chunks = []
    for i, j in candidate_chunks(d.terms):
        ok = ~p.boilerplate[i] & ~p.boilerplate[j]
        i, j = i[ok], j[ok]
        for lo in range(0, len(i), _SCORED):  # each pair scored alone: batches bound memory
            chunks.append(_score(d, model, i[lo:lo + _SCORED], j[lo:lo + _SCORED], bar))
    none = np.empty(0, np.int64)
    edges = _Edges(*(np.concatenate([getattr(c, f) for c in chunks] or [none]) for f in (
        "i", "j", "p", "rule", "apart", "negation")))
    edges.apart, edges.negation = edges.apart.astype(bool), edges.negation.astype(bool)
    if options.semantic_matching:
        edges = _with_semantic_edges(p, options.semantic_threshold, bar, edges)
    if options.cross_encoder:
        edges = _cross_encoded(p, options.cross_encoder, options.cross_encoder_bar, edges)
    roots, merged = _average_linkage(p.repeats.size, edges, options.merge_bar)
    members = _members(p, edges, roots, documents, grouping_version(options))
    links = pa.concat_tables([_evidence(p, edges, merged), _repeat_links(p)])
    return Grouped(members, links, _negations(p, edges, roots))


def _with_semantic_edges(p: Prepared, semantic_bar: float, bar: float, edges: _Edges) -> _Edges:
    """The edges plus one for each pair no model link joined whose embedding cosine reaches the
    semantic bar (as probable as the link bar at the semantic bar, more above it); vetoed pairs
    never link."""
    from tasks.group.semantic import similar_pairs

    linked = set(zip(edges.i.tolist(), edges.j.tolist(), strict=True))
    found = [(a, b, s) for a, b, s in similar_pairs(p.firsts.column("text").to_pylist(),
                                                    semantic_bar)
             if (a, b) not in linked and not (p.boilerplate[a] or p.boilerplate[b])]
    if not found:
        return edges
    i, j, score = (np.array(c) for c in zip(*found, strict=True))
    keep = ~pair_features(p.described, i, j).veto
    n = int(keep.sum())
    return _Edges(np.r_[edges.i, i[keep]], np.r_[edges.j, j[keep]],
                  np.r_[edges.p, np.minimum(1.0, bar + score[keep] - semantic_bar)],
                  np.r_[edges.rule, np.full(n, SEMANTIC)], np.r_[edges.apart, np.zeros(n, bool)],
                  np.r_[edges.negation, np.zeros(n, bool)])


def _cross_encoded(p: Prepared, name: str, bar: float, edges: _Edges) -> _Edges:
    """The links the cross-encoder confirms: each link that is not vetoed stays when the
    cross-encoder's probability reaches its bar, with that probability; vetoed pairs stay apart."""
    from tasks.group.cross_encoder import score_texts

    free = ~edges.apart
    texts = p.firsts.column("text").to_pylist()
    score = np.zeros(len(edges.i))
    score[free] = score_texts(name, [texts[a] for a in edges.i[free].tolist()],
                              [texts[b] for b in edges.j[free].tolist()])
    keep = edges.apart | (score >= bar)
    return _Edges(edges.i[keep], edges.j[keep], np.where(free, score, edges.p)[keep],
                  np.where(free, CROSS, edges.rule)[keep], edges.apart[keep], edges.negation[keep])


class _AverageLinkage:
    """Sums of link probabilities between clusters, for their mean over all cross pairs (pairs
    that do not link count zero), and the pairs of clusters that must stay apart: a cluster joins
    another only if it is close to it as a whole and nothing vetoes the merge, which stops chains
    of single links from gluing different claims together."""

    def __init__(self, sizes: list[int], edges: Iterable[tuple[int, int, float]],
                 apart: Iterable[tuple[int, int]]) -> None:
        self.size = list(sizes)
        self.sums: defaultdict[int, defaultdict[int, float]] = defaultdict(
            lambda: defaultdict(float))
        for i, j, p in edges:
            self.sums[i][j] += p
            self.sums[j][i] += p
        self.apart: defaultdict[int, set[int]] = defaultdict(set)
        for i, j in apart:
            self.apart[i].add(j)
            self.apart[j].add(i)

    def mean(self, a: int, b: int) -> float:
        if b in self.apart.get(a, ()):
            return -1.0
        return self.sums[a].get(b, 0.0) / (self.size[a] * self.size[b])

    def merge(self, a: int, b: int) -> None:
        keep, gone = min(a, b), max(a, b)
        for other, p in self.sums.pop(gone, {}).items():
            if other != keep:
                self.sums[keep][other] += p
                self.sums[other][keep] += p
            self.sums[other].pop(gone, None)
        self.sums[keep].pop(gone, None)
        for other in self.apart.pop(gone, set()):
            self.apart[other].discard(gone)
            if other != keep:
                self.apart[keep].add(other)
                self.apart[other].add(keep)
        self.size[keep] += self.size[gone]


def _average_linkage(size: np.ndarray, e: _Edges, merge_bar: float
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Merge the repeat groups along the links, most probable first, while the mean probability
    over all cross pairs (an edge between two groups stands for every pair of their claims)
    reaches the merge bar and no cross pair must stay apart. Each group's root (its cluster's
    smallest group), and the links that merged two clusters (positions in e)."""
    link = np.flatnonzero(~e.apart)
    order = link[np.lexsort((e.j[link], e.i[link], -e.p[link]))]
    weighted = e.p[order] * size[e.i[order]] * size[e.j[order]]
    linkage = _AverageLinkage(size.tolist(), rows(e.i[order], e.j[order], weighted),
                              rows(e.i[e.apart], e.j[e.apart]))
    uf = UnionFind(len(size))
    merged = []
    for k, a, b in rows(order, e.i[order], e.j[order]):
        ra, rb = uf.find(a), uf.find(b)
        if ra != rb and linkage.mean(ra, rb) >= merge_bar:
            linkage.merge(ra, rb)
            uf.union(a, b)
            merged.append(k)
    return np.array([uf.find(g) for g in range(len(size))], np.int64), np.array(merged, np.int64)


def _members(p: Prepared, e: _Edges, roots: np.ndarray, documents: DocumentLinks | None,
             version: str) -> pa.Table:
    """Each claim's cluster (`c` + the claim id of its earliest member; every mention of
    boilerplate its own), independent source (tasks/group/sources.py) and whether it is its
    cluster's canonical mention: the complete member closest to the rest of its cluster (mean
    link probability to its other claims, pairs that do not link counting zero), then the most
    repeated, then the smallest claim id (not the earliest: the choice must not depend on the
    order runs came in); a fragment only when no member is complete, and then its sentence
    stands for the cluster (`sentence`)."""
    r = p.repeats
    n = len(r.first)
    size = r.size.astype(np.float64)
    cluster_size = np.bincount(roots, size, n)
    inside = ~e.apart & (roots[e.i] == roots[e.j])
    close = (np.bincount(e.i[inside], e.p[inside] * size[e.j[inside]], n)
             + np.bincount(e.j[inside], e.p[inside] * size[e.i[inside]], n))
    others = cluster_size[roots] - size
    score = np.where(others > 0, close / np.maximum(others, 1), 1.0)
    complete = p.described.complete
    ids = p.claims.column("claim_id")
    # each group stands by its smallest claim id, so the choice does not depend on run order
    by_id = np.empty(len(r.group), np.int64)
    by_id[pc.sort_indices(ids).to_numpy()] = np.arange(len(r.group))
    smallest = np.full(n, len(r.group), np.int64)
    np.minimum.at(smallest, r.group, by_id)
    stands_for = np.empty(n, np.int64)
    stands_for[r.group[np.argsort(by_id)][::-1]] = np.argsort(by_id)[::-1]
    rank = np.lexsort((smallest, -r.size, -np.round(score, 9), ~complete, roots))
    heads = rank[np.r_[True, roots[rank][1:] != roots[rank][:-1]]] if n else rank
    claim_root = roots[r.group]
    alone = p.boilerplate[r.group]
    first_of_cluster = np.where(alone, np.arange(len(r.group)), r.first[claim_root])
    canonical = np.full(len(r.group), None, object)
    head_claims = np.where(p.boilerplate[heads], -1, stands_for[heads])
    canonical[head_claims[head_claims >= 0]] = np.where(
        complete[heads[head_claims >= 0]], CANONICAL_TEXT, CANONICAL_SENTENCE)
    lone = np.flatnonzero(alone)  # boilerplate: every mention its own cluster
    canonical[lone] = np.where(complete[r.group[lone]], CANONICAL_TEXT, CANONICAL_SENTENCE)
    cluster_code = np.where(alone, n + np.arange(len(r.group)), claim_root)
    return pa.table({
        "claim_id": ids,
        "cluster_id": pc.binary_join_element_wise("c", ids.take(pa.array(first_of_cluster)), ""),
        "grouping_version": pa.repeat(version, len(ids)),
        "source_id": independent_sources(cluster_code, p.claims.column("doc_id"), documents),
        "canonical": pa.array(canonical.tolist(), pa.string()),
    }).cast(arrow_schema(ClusterMemberRecord))


def _repeat_links(p: Prepared) -> pa.Table:
    """A `same_text` link from each group's first claim to each other claim of the group
    (boilerplate excepted: it links nothing)."""
    r = p.repeats
    later = np.flatnonzero((r.first[r.group] != np.arange(len(r.group)))
                           & ~p.boilerplate[r.group])
    ids, speakers = p.claims.column("claim_id"), p.claims.column("speaker")
    firsts = r.first[r.group[later]]
    speaker = pc.fill_null(speakers.take(pa.array(later)), "")
    evidence = pc.if_else(pc.equal(speaker, ""), "same text, no speaker",
                          pc.binary_join_element_wise("same text and speaker: ", speaker, ""))
    return pa.table({
        "claim_id": ids.take(pa.array(firsts)), "linked_claim_id": ids.take(pa.array(later)),
        "rule": pa.repeat(RULES[SAME_TEXT], len(later)),
        "score": pa.array(np.ones(len(later))), "evidence": evidence,
    }).cast(arrow_schema(ClusterLinkRecord))


def _shared_words(d: Described, pairs: tuple[np.ndarray, np.ndarray], n: int) -> list[list[str]]:
    """Per pair, the terms it shares, rarest first (ties alphabetical), at most _SHOWN_TERMS."""
    m = d.terms
    pair, codes = pairs
    alphabetical = np.empty(len(m.vocab), np.int64)
    alphabetical[pc.sort_indices(m.vocab).to_numpy()] = np.arange(len(m.vocab))
    order = np.lexsort((alphabetical[codes], -m.idf[codes], pair))
    pair, codes = pair[order], codes[order]
    top = ragged_arange(np.diff(np.r_[run_starts(pair), len(pair)])) < _SHOWN_TERMS
    shared: list[list[str]] = [[] for _ in range(n)]
    for k, word in zip(pair[top].tolist(), m.vocab.take(pa.array(codes[top])).to_pylist(),
                       strict=True):
        shared[k].append(word)
    return shared


def _evidence(p: Prepared, e: _Edges, merged: np.ndarray) -> pa.Table:
    """One link row per link that merged two clusters: the rule, the model's probability and the
    evidence that decided it (the features that weigh most, as read by a person)."""
    i, j, prob, rule = e.i[merged], e.j[merged], e.p[merged], e.rule[merged]
    d = p.described
    pairs = pair_features(d, i, j)
    x = {f: pairs.x[:, k] for k, f in enumerate(FEATURES)}
    words = _shared_words(d, pairs.shared, len(i))
    subject_pair, subject_codes = shared_terms(d.subjects, i, j)
    subjects: list[list[str]] = [[] for _ in range(len(i))]
    for k, s in zip(subject_pair.tolist(), d.subjects.vocab.take(
            pa.array(subject_codes)).to_pylist(), strict=True):
        subjects[k].append(s.removeprefix(SUBJECT))
    speakers = p.firsts.column("speaker").to_pylist()
    evidence = []
    for k, (a, b) in enumerate(rows(i, j)):
        parts = [f"p {prob[k]:.2f}"]
        if rule[k] == SEMANTIC:
            parts.append("embedding neighbours")
        elif rule[k] == CROSS:
            parts.append("cross-encoder")
        parts.append("terms: " + ", ".join(words[k]))
        parts.append(f"contained {x['contained_small'][k]:.2f}/{x['contained_large'][k]:.2f}")
        if subjects[k] or x["subjects_unshared_max"][k]:
            parts.append(f"subjects: {', '.join(sorted(subjects[k])) or '-'} (unshared "
                         f"{x['subjects_unshared_max'][k]:.0f}/{x['subjects_unshared_min'][k]:.0f})")
        if x["figures_same"][k]:
            both = sorted(set(d.figures.values(a)) & set(d.figures.values(b)))
            parts.append("figures: " + ", ".join(both))
        if x["speaker_same"][k]:
            parts.append(f"speaker: {speakers[a]}")
        elif x["speaker_different"][k]:
            parts.append(f"speakers: {speakers[a]} / {speakers[b]}")
        evidence.append("; ".join(parts))
    ids = p.firsts.column("claim_id")
    return pa.table({
        "claim_id": ids.take(pa.array(i)), "linked_claim_id": ids.take(pa.array(j)),
        "rule": pa.array(RULES).take(pa.array(rule)),
        "score": pa.array(np.round(prob, 4), pa.float64()),
        "evidence": pa.array(evidence, pa.string()),
    }).cast(arrow_schema(ClusterLinkRecord))


def _negations(p: Prepared, e: _Edges, roots: np.ndarray) -> pa.Table:
    """A dispute of kind `negation` for each pair of clusters that holds a claim and its negation
    the model would otherwise link (the most probable such pair of the two clusters)."""
    k = np.flatnonzero(e.negation & (roots[e.i] != roots[e.j]))
    k = k[np.lexsort((e.j[k], e.i[k], -e.p[k]))]
    a, b = np.minimum(roots[e.i[k]], roots[e.j[k]]), np.maximum(roots[e.i[k]], roots[e.j[k]])
    _, once = np.unique(a * len(roots) + b, return_index=True)
    k = np.sort(k[once])
    ids = p.firsts.column("claim_id")
    n = len(k)
    nothing = pa.nulls(n, pa.float64())
    return pa.table({
        "claim_id": ids.take(pa.array(e.i[k])), "other_claim_id": ids.take(pa.array(e.j[k])),
        "kind": pa.repeat(NEGATION, n).cast(pa.string()), "quantity": pa.nulls(n, pa.string()),
        "value": nothing, "value_high": nothing, "other_value": nothing,
        "other_value_high": nothing, "subject": pa.nulls(n, pa.string()),
        "score": pa.array(np.round(e.p[k], 4), pa.float64()),
    }).cast(arrow_schema(FigureDisputeRecord))

def cluster_changes(before: pa.Table, after: pa.Table, run_id: str) -> pa.Table:
    """How this run changed existing clusters (membership tables: claim_id, cluster_id):
    `merged` (an older cluster absorbed another) and `split` (members of one cluster now in
    several), by change, cluster and other cluster."""
    was = before.select(["claim_id", "cluster_id"]).rename_columns(["claim_id", "was"])
    moves = (after.select(["claim_id", "cluster_id"]).rename_columns(["claim_id", "now"])
             .join(was, "claim_id").group_by(["now", "was"]).aggregate([]))
    moved = moves.filter(pc.not_equal(moves.column("now"), moves.column("was")))
    parts = moves.group_by("was").aggregate([("now", "count")])
    split = parts.filter(pc.greater(parts.column("now_count"), 1)).column("was")
    splits = moved.filter(pc.is_in(moved.column("was"), value_set=split))
    table = pa.table({
        "run_id": pa.repeat(run_id, moved.num_rows + splits.num_rows).cast(pa.string()),
        "cluster_id": pa.chunked_array([moved.column("now"), splits.column("was")]
                                       ).cast(pa.string()),
        "change": pa.chunked_array([pa.repeat(MERGED, moved.num_rows),
                                    pa.repeat(SPLIT, splits.num_rows)], pa.string()),
        "other_cluster_id": pa.chunked_array([moved.column("was"), splits.column("now")]
                                             ).cast(pa.string()),
    })
    order = pc.sort_indices(table, [("change", "ascending"), ("cluster_id", "ascending"),
                                    ("other_cluster_id", "ascending")])
    return table.take(order).cast(arrow_schema(ClusterChangeRecord))
