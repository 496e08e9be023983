"""Cluster: group mentions that make the same claim, across documents.

A mention is compared by its content terms (tasks/terms.py), weighted by rarity (IDF). Two mentions
link when

- `similar_terms`: their IDF-weighted cosine reaches the threshold, or
- `same_speaker`: they are attributed to the same speaker and reach a lower bar, or
- `same_figure`: they state the same figure of the same kind of quantity and share content.

Two mentions whose figures count the same kind of thing with different values never link (that is
a dispute, see `tasks.group.disputes`). Candidate pairs come from blocking on rare terms, never
all pairs (tasks/group/candidates.py), and claims are held as columns, so cost and memory per claim
stay flat.
Linked mentions form clusters, strongest links first, guarded by average linkage; a cluster's id is
`c` + the claim id of its earliest member (by run, then claim id), so adding documents never renames
a cluster and a merge keeps the older id.
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
    ClusterChangeKind,
    ClusterChangeRecord,
    ClusterLinkRecord,
    ClusterMemberRecord,
    LinkRule,
)
from tasks.group.candidates import (
    TermMatrix,
    candidate_chunks,
    cosine,
    shared_terms,
    term_matrix,
)
from tasks.group.columns import ragged_arange, rows, run_starts, value_codes
from tasks.group.figures import VAGUE_QUALIFIERS, kind_codes, values_close
from tasks.group.options import GroupOptions
from tasks.group.terms import match_terms, quantity
from tasks.group.unionfind import UnionFind
from tasks.group.version import grouping_version

# The match terms (list<string>) of some claims (columns claim_id, text, speaker).
TermsOf = Callable[[pa.Table], pa.Array]
MIN_SHARED = 3  # content terms two mentions must share, unless their score is high
HIGH_SCORE = 0.6
SPEAKER_BONUS = 0.15
FIGURE_BONUS = 0.15
FIGURE_GAP = 0.15
AVERAGE_BAR = 0.05  # mean link strength two clusters need to merge
FIGURE_BAR = 0.12
# The rules that link two claims (schemas/records.py LinkRule); a link's rule is held as its
# position here.
RULES: tuple[LinkRule, ...] = get_args(LinkRule)
SIMILAR, SPEAKER, FIGURE, SEMANTIC, SAME_TEXT = (RULES.index(r) for r in (
    "similar_terms", "same_speaker", "same_figure", "semantic", "same_text"))
MERGED: ClusterChangeKind = "merged"
SPLIT: ClusterChangeKind = "split"
UNRELATED, SAME, DIFFERENT = 0, 1, 2
_SHOWN_TERMS = 8  # shared terms a link's evidence names, rarest first


class _Figures:
    """The claims' figures as columns. A figure is precise unless it is a vague count ("thousands
    of") or a small spelled-out number, which say too little to match or veto on; only precise
    figures relate claims."""

    def __init__(self, figures: pa.ChunkedArray) -> None:
        figures = figures.combine_chunks() if figures.num_chunks else pa.array([], figures.type)
        counts = pc.list_value_length(figures).fill_null(0).to_numpy(zero_copy_only=False)
        self.start = np.r_[0, np.cumsum(counts)]  # all figures of claim k: start[k]:start[k + 1]
        flat = pc.list_flatten(figures)
        self.value = flat.field("value").to_numpy(zero_copy_only=False).astype(np.float64)
        precise = ~(pc.is_in(flat.field("qualifier"), value_set=VAGUE_QUALIFIERS)
                    .to_numpy(zero_copy_only=False)
                    | ((self.value < 10) & pc.utf8_is_alpha(flat.field("text"))
                       .to_numpy(zero_copy_only=False)))
        kind, _ = kind_codes(flat.field("unit"), quantity)
        high = pc.coalesce(flat.field("value_high"), flat.field("value"))
        owner = np.repeat(np.arange(len(counts)), counts)[precise]
        self.kind = kind[precise]  # precise figures, by claim: quantity code (-1: unknown)
        self.low = self.value[precise]
        self.high = high.to_numpy(zero_copy_only=False).astype(np.float64)[precise]
        n_precise = np.bincount(owner, minlength=len(counts))
        self.first = np.r_[0, np.cumsum(n_precise)]
        self.has = n_precise > 0

    def values(self, k: int) -> set[str]:
        """The values a claim states, all its figures, as written in evidence."""
        return {f"{v:g}" for v in self.value[self.start[k]:self.start[k + 1]].tolist()}

    def relation(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """For each pair: SAME when a precise figure of one kind (or of unknown kind) has the
        same value in both, else DIFFERENT when such figures differ in value, else UNRELATED."""
        out = np.full(len(i), UNRELATED, np.int8)
        both = np.flatnonzero(self.has[i] & self.has[j])
        n_a = np.diff(self.first)[i[both]]
        n_b = np.diff(self.first)[j[both]]
        pair = np.repeat(np.arange(len(both)), n_a * n_b)
        k = ragged_arange(n_a * n_b)
        a = self.first[i[both]][pair] + k // n_b[pair]
        b = self.first[j[both]][pair] + k % n_b[pair]
        kind_a, kind_b = self.kind[a], self.kind[b]
        comparable = (kind_a < 0) | (kind_b < 0) | (kind_a == kind_b)
        close = (comparable & values_close(self.low[a], self.low[b])
                 & values_close(self.high[a], self.high[b]))
        out[both] = np.where(np.bincount(pair, close, len(both)) > 0, SAME, np.where(
            np.bincount(pair, comparable, len(both)) > 0, DIFFERENT, UNRELATED))
        return out


class _AverageLinkage:
    """Sums of link strengths between clusters, for their mean over all cross pairs (pairs that
    are not candidates count zero): a cluster joins another only if it is close to it as a whole,
    which stops chains of single links from gluing unrelated claims together."""

    def __init__(self, sizes: list[int], edges: Iterable[tuple[int, int, float]]) -> None:
        self.size = list(sizes)
        self.sums: defaultdict[int, defaultdict[int, float]] = defaultdict(
            lambda: defaultdict(float))
        for i, j, strength in edges:
            self.sums[i][j] += strength
            self.sums[j][i] += strength

    def mean(self, a: int, b: int) -> float:
        return self.sums[a].get(b, 0.0) / (self.size[a] * self.size[b])

    def merge(self, a: int, b: int) -> None:
        keep, gone = min(a, b), max(a, b)
        for other, strength in self.sums.pop(gone, {}).items():
            if other != keep:
                self.sums[keep][other] += strength
                self.sums[other][keep] += strength
            self.sums[other].pop(gone, None)
        self.sums[keep].pop(gone, None)
        self.size[keep] += self.size[gone]



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


def _repeats(claims: pa.Table, order: np.ndarray) -> _Repeats:
    """The groups of repeats, claims and groups numbered in the given order of the rows."""
    text, speaker = (pc.dictionary_encode(column).combine_chunks().indices.to_numpy(
        zero_copy_only=False).astype(np.int64) for column in (
        claims.column("text"), pc.fill_null(claims.column("speaker"), "")))
    key = (text * (speaker.max(initial=0) + 1) + speaker)[order]
    _, first, found, size = np.unique(key, return_index=True, return_inverse=True,
                                      return_counts=True)
    by_first = np.argsort(first, kind="stable")  # groups numbered by their first claim
    number = np.empty(len(first), np.int64)
    number[by_first] = np.arange(len(first))
    return _Repeats(number[found], first[by_first], size[by_first])


@dataclass(frozen=True)
class Prepared:
    """What clustering needs of the claims, without their text and figures: the claims (ids
    and speakers) in order, their repeat groups, and the first claims' terms and figures."""

    claims: pa.Table  # claim_id, speaker: every claim, by run then claim id
    repeats: _Repeats
    firsts: pa.Table  # claim_id, text, speaker: the first claim of each repeat group
    terms: TermMatrix
    figures: _Figures
    speakers: np.ndarray


def prepare(claims: pa.Table, run_order: dict[str, int], terms_of: TermsOf = match_terms
            ) -> Prepared:
    """Order the claims (columns claim_id, text, speaker, figures, run_id), group their repeats,
    and make the first claims' terms (terms_of: the match terms of some claims; by default
    computed) and figures. The claims' text and figures are not kept."""
    order = _in_order(claims, run_order)
    repeats = _repeats(claims, order)
    firsts = claims.take(order[repeats.first])
    m = term_matrix(terms_of(firsts), weights=repeats.size)
    return Prepared(claims.select(["claim_id", "speaker"]).take(order), repeats,
                    firsts.select(["claim_id", "text", "speaker"]), m,
                    _Figures(firsts.column("figures")),
                    value_codes(firsts.column("speaker"), fold_case=True))


def cluster_claims(claims: pa.Table, run_order: dict[str, int], options: GroupOptions,
                   terms_of: TermsOf = match_terms) -> tuple[pa.Table, pa.Table]:
    """Cluster membership and link evidence for all claims (prepare, then cluster)."""
    return cluster(prepare(claims, run_order, terms_of), options)


def cluster(p: Prepared, options: GroupOptions) -> tuple[pa.Table, pa.Table]:
    """Score the candidate pairs, keep those a rule links, merge clusters along them. With
    semantic matching on, embedding neighbours also link (tasks/group/semantic.py, an optional
    extra)."""
    threshold, semantic_threshold = options.cluster_threshold, options.semantic_bar()
    none = np.empty(0, np.int64)
    chunks = [_edges(p.terms, p.figures, p.speakers, i, j, threshold)
              for i, j in candidate_chunks(p.terms)] or [
        _edges(p.terms, p.figures, p.speakers, none, none, 0.0)]
    edges = [np.concatenate(column) for column in zip(*chunks, strict=True)]
    if semantic_threshold is not None:
        edges = _with_semantic_edges(p.firsts, p.figures, semantic_threshold, threshold, edges)
    return _clusters(p.claims, p.repeats, p.terms, p.figures, edges, grouping_version(options))


def _edges(m: TermMatrix, figures: _Figures, speakers: np.ndarray, i: np.ndarray, j: np.ndarray,
           threshold: float) -> list[np.ndarray]:
    """The candidate pairs that a rule links: i, j, rule, score, figure relation."""
    score, n_shared = cosine(m, i, j)
    same_speaker = (speakers[i] >= 0) & (speakers[i] == speakers[j])
    possible = (score >= min(threshold, FIGURE_BAR)) | same_speaker
    i, j, score, n_shared, same_speaker = (
        a[possible] for a in (i, j, score, n_shared, same_speaker))
    relation = figures.relation(i, j)
    bar = np.where(figures.has[i] != figures.has[j], threshold + FIGURE_GAP, threshold)
    similar = (score >= np.maximum(bar, HIGH_SCORE)) | ((score >= bar) & (n_shared >= MIN_SHARED))
    speaker = (~similar & same_speaker & (n_shared >= MIN_SHARED - 1)
               & (score + SPEAKER_BONUS >= bar))
    figure = ~similar & ~speaker & (relation == SAME) & (score >= FIGURE_BAR)
    rule = np.select([similar, speaker, figure], [SIMILAR, SPEAKER, FIGURE], -1)
    keep = (rule >= 0) & (relation != DIFFERENT)
    return [a[keep] for a in (i, j, rule, score, relation)]


def _with_semantic_edges(claims: pa.Table, figures: _Figures, bar: float, threshold: float,
                         edges: list[np.ndarray]) -> list[np.ndarray]:
    """The edges plus one for each pair no lexical rule linked whose embedding cosine reaches
    the bar; different figures still never link."""
    from tasks.group.semantic import similar_pairs

    linked = set(zip(edges[0].tolist(), edges[1].tolist(), strict=True))
    found = [(a, b, s) for a, b, s in similar_pairs(claims.column("text").to_pylist(), bar)
             if (a, b) not in linked]
    if not found:
        return edges
    i, j, score = (np.array(c) for c in zip(*found, strict=True))
    relation = figures.relation(i, j)
    keep = relation != DIFFERENT
    # a cosine at the bar is as strong as a lexical score at the threshold
    extra = [i[keep], j[keep], np.full(keep.sum(), SEMANTIC), score[keep] - bar + threshold,
             relation[keep]]
    return [np.concatenate([a, b]) for a, b in zip(edges, extra, strict=True)]


def _clusters(claims: pa.Table, repeats: _Repeats, m: TermMatrix, figures: _Figures,
              edges: list[np.ndarray], version: str) -> tuple[pa.Table, pa.Table]:
    """Merge the groups of repeats along the edges, strongest first, while average linkage
    allows; members (with the grouping version), and the evidence of each link that merged two
    clusters."""
    i, j, rule, score, relation = edges
    strength = score + np.select([rule == SPEAKER, rule == FIGURE], [SPEAKER_BONUS, FIGURE_BONUS],
                                 0.0)
    order = np.lexsort((j, i, -strength))
    i, j, rule, score, relation, strength = (
        a[order] for a in (i, j, rule, score, relation, strength))
    n = len(repeats.first)
    uf = UnionFind(n)
    # an edge between two groups stands for every pair of their claims
    weighted = strength * repeats.size[i] * repeats.size[j]
    linkage = _AverageLinkage(repeats.size.tolist(), rows(i, j, weighted))
    merged = []
    for k, (a, b) in enumerate(rows(i, j)):
        ra, rb = uf.find(a), uf.find(b)
        if ra != rb and linkage.mean(ra, rb) >= AVERAGE_BAR:
            linkage.merge(ra, rb)
            uf.union(a, b)
            merged.append(k)
    ids = claims.column("claim_id")
    roots = np.array([uf.find(g) for g in range(n)], np.int64)
    first_of_root = pa.array(repeats.first[roots][repeats.group])
    members = pa.table({"claim_id": ids, "cluster_id": pc.binary_join_element_wise(
        "c", ids.take(first_of_root), ""), "grouping_version": pa.repeat(version, len(ids))})
    links = _evidence(claims.take(repeats.first), m, figures,
                      *(a[merged] for a in (i, j, rule, score, relation)))
    return members.cast(arrow_schema(ClusterMemberRecord)), pa.concat_tables(
        [links, _repeat_links(claims, repeats)])



def _repeat_links(claims: pa.Table, repeats: _Repeats) -> pa.Table:
    """A `same_text` link from each group's first claim to each other claim of the group."""
    later = np.flatnonzero(repeats.first[repeats.group] != np.arange(len(repeats.group)))
    ids, speakers = claims.column("claim_id"), claims.column("speaker")
    firsts = repeats.first[repeats.group[later]]
    speaker = pc.fill_null(speakers.take(pa.array(later)), "")
    evidence = pc.if_else(pc.equal(speaker, ""), "same text, no speaker",
                          pc.binary_join_element_wise("same text and speaker: ", speaker, ""))
    return pa.table({
        "claim_id": ids.take(pa.array(firsts)), "linked_claim_id": ids.take(pa.array(later)),
        "rule": pa.repeat(RULES[SAME_TEXT], len(later)),
        "score": pa.array(np.ones(len(later))), "evidence": evidence,
    }).cast(arrow_schema(ClusterLinkRecord))


def _evidence(claims: pa.Table, m: TermMatrix, figures: _Figures, i: np.ndarray, j: np.ndarray,
              rule: np.ndarray, score: np.ndarray, relation: np.ndarray) -> pa.Table:
    """One link row per merging edge: the rule, the score and what the two claims share."""
    pair, codes = shared_terms(m, i, j)
    alphabetical = np.empty(len(m.vocab), np.int64)
    alphabetical[pc.sort_indices(m.vocab).to_numpy()] = np.arange(len(m.vocab))
    rank = np.empty(len(m.vocab), np.int64)  # rarest first, ties alphabetical
    rank[np.lexsort((alphabetical, -m.idf))] = np.arange(len(m.vocab))
    order = np.lexsort((rank[codes], pair))
    pair, codes = pair[order], codes[order]
    starts = run_starts(pair)
    top = ragged_arange(np.diff(np.r_[starts, len(pair)])) < _SHOWN_TERMS
    pair, codes = pair[top], codes[top]
    shared: dict[int, list[str]] = defaultdict(list)
    for k, word in zip(pair.tolist(), m.vocab.take(pa.array(codes)).to_pylist(), strict=True):
        shared[k].append(word)
    speakers = claims.column("speaker")
    evidence = []
    for k, (a, b) in enumerate(rows(i, j)):
        text = "terms: " + ", ".join(shared[k])
        if rule[k] == SEMANTIC:
            text = f"embedding cosine {score[k]:.2f}" + (f"; {text}" if shared[k] else "")
        if rule[k] == SPEAKER:
            text += f"; speaker: {speakers[a].as_py()}"
        if relation[k] == SAME:
            values = figures.values(a) & figures.values(b)
            text += "; figures: " + ", ".join(sorted(values))
        evidence.append(text)
    ids = claims.column("claim_id")
    return pa.table({
        "claim_id": ids.take(pa.array(i)), "linked_claim_id": ids.take(pa.array(j)),
        "rule": pa.array(RULES).take(pa.array(rule)),
        "score": pa.array([round(x, 4) for x in score.tolist()], pa.float64()),
        "evidence": pa.array(evidence, pa.string()),
    }).cast(arrow_schema(ClusterLinkRecord))


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
