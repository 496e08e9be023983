"""Cluster: group mentions that make the same claim, across documents.

A mention is compared by its content terms (tasks/terms.py), weighted by rarity (IDF). Two mentions
link when

- `similar_terms`: their IDF-weighted cosine reaches the threshold, or
- `same_speaker`: they are attributed to the same speaker and reach a lower bar, or
- `same_figure`: they state the same figure of the same kind of quantity and share content.

Two mentions whose figures count the same kind of thing with different values never link (that is
a dispute, see `tasks.disputes`). Candidate pairs come from blocking on rare terms, never all pairs
(tasks/candidates.py), and claims are held as columns, so cost and memory per claim stay flat.
Linked mentions form clusters, strongest links first, guarded by average linkage; a cluster's id is
`c` + the claim id of its earliest member (by run, then claim id), so adding documents never renames
a cluster and a merge keeps the older id.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas.derive import arrow_schema
from schemas.records import ClusterChangeRecord, ClusterLinkRecord, ClusterMemberRecord
from tasks.candidates import (
    TermMatrix,
    candidate_chunks,
    cosine,
    ragged_arange,
    run_starts,
    shared_terms,
    term_matrix,
)
from tasks.config import pipeline_duckdb
from tasks.figures import VAGUE_COUNTS, kind_codes, values_close_arrays
from tasks.store import RunWriter, stored_or_computed
from tasks.terms import TERMS_VERSION, claim_terms, quantity

MIN_SHARED = 3  # content terms two mentions must share, unless their score is high
HIGH_SCORE = 0.6
SPEAKER_BONUS = 0.15
FIGURE_BONUS = 0.15
FIGURE_GAP = 0.15
AVERAGE_BAR = 0.05  # mean link strength two clusters need to merge
FIGURE_BAR = 0.12
RULES = ("similar_terms", "same_speaker", "same_figure", "semantic", "same_text")
UNRELATED, SAME, DIFFERENT = 0, 1, 2
_RELATIONS = {"unrelated": UNRELATED, "same": SAME, "different": DIFFERENT}
_SLICE = 50_000  # claims (or edges) converted to Python at a time
_SHOWN_TERMS = 8  # shared terms a link's evidence names, rarest first


def match_terms(claims: pa.Table) -> pa.Array:
    """Each claim's match terms (list<string>; columns text, speaker)."""
    texts, speakers = claims.column("text").to_pylist(), claims.column("speaker").to_pylist()
    return pa.array([claim_terms(t, s) for t, s in zip(texts, speakers, strict=True)],
                    pa.list_(pa.string()))


def match_terms_of(claims: pa.Table, stored: pa.Table | None) -> pa.Array:
    """Each claim's match terms: the stored ones (table claim_id, terms, terms_version) made by
    these rules, computed for the others (columns text, speaker)."""
    return stored_or_computed(claims.column("claim_id"), stored, "claim_id", "terms",
                              TERMS_VERSION, lambda rows: match_terms(claims.take(rows)))


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
        precise = ~(pc.is_in(flat.field("qualifier"), value_set=pa.array(sorted(VAGUE_COUNTS)))
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
        close = (comparable & values_close_arrays(self.low[a], self.low[b])
                 & values_close_arrays(self.high[a], self.high[b]))
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


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _codes(values: pa.ChunkedArray) -> np.ndarray:
    """Integer codes of lower-cased values, -1 for null or empty."""
    lowered = pc.utf8_lower(values)
    lowered = pc.if_else(pc.equal(lowered, ""), None, lowered)
    encoded = pc.dictionary_encode(lowered).combine_chunks()
    return encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _in_order(claims: pa.Table, run_order: dict[str, int]) -> np.ndarray:
    """Row numbers of the claims by run (in run_order; unknown runs last), then claim id."""
    runs = pa.array(sorted(run_order, key=run_order.get), pa.string())
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
class _Prepared:
    """What clustering needs of the claims, without their text and figures: the claims (ids
    and speakers) in order, their repeat groups, and the first claims' terms and figures."""

    claims: pa.Table  # claim_id, speaker: every claim, by run then claim id
    repeats: _Repeats
    firsts: pa.Table  # claim_id, text, speaker: the first claim of each repeat group
    terms: TermMatrix
    figures: _Figures
    speakers: np.ndarray


def _prepare(claims: pa.Table, run_order: dict[str, int], stored_terms: pa.Table | None
             ) -> _Prepared:
    """Order the claims, group their repeats, and make the first claims' terms and figures."""
    order = _in_order(claims, run_order)
    repeats = _repeats(claims, order)
    firsts = claims.take(order[repeats.first])
    m = term_matrix(match_terms_of(firsts, stored_terms), weights=repeats.size)
    return _Prepared(claims.select(["claim_id", "speaker"]).take(order), repeats,
                     firsts.select(["claim_id", "text", "speaker"]), m,
                     _Figures(firsts.column("figures")), _codes(firsts.column("speaker")))


def cluster_claims(
    claims: pa.Table, run_order: dict[str, int], threshold: float,
    semantic_threshold: float | None = None, stored_terms: pa.Table | None = None,
) -> tuple[pa.Table, pa.Table]:
    """Cluster membership and link evidence for all claims (columns claim_id, text, speaker,
    figures, run_id). Match terms come from stored_terms (claim_id, terms) where they are
    stored, else are computed. With a semantic_threshold, embedding neighbours also link
    (tasks/semantic.py, an optional extra)."""
    return _cluster(_prepare(claims, run_order, stored_terms), threshold, semantic_threshold)


def _cluster(p: _Prepared, threshold: float, semantic_threshold: float | None
             ) -> tuple[pa.Table, pa.Table]:
    """Score the candidate pairs, keep those a rule links, merge clusters along them."""
    none = np.empty(0, np.int64)
    chunks = [_edges(p.terms, p.figures, p.speakers, i, j, threshold)
              for i, j in candidate_chunks(p.terms)] or [
        _edges(p.terms, p.figures, p.speakers, none, none, 0.0)]
    edges = [np.concatenate(column) for column in zip(*chunks, strict=True)]
    if semantic_threshold is not None:
        edges = _with_semantic_edges(p.firsts, p.figures, semantic_threshold, threshold, edges)
    return _clusters(p.claims, p.repeats, p.terms, p.figures, edges)


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
    rule = np.select([similar, speaker, figure], [0, 1, 2], -1)
    keep = (rule >= 0) & (relation != DIFFERENT)
    return [a[keep] for a in (i, j, rule, score, relation)]


def _with_semantic_edges(claims: pa.Table, figures: _Figures, bar: float, threshold: float,
                         edges: list[np.ndarray]) -> list[np.ndarray]:
    """The edges plus one for each pair no lexical rule linked whose embedding cosine reaches
    the bar; different figures still never link."""
    from tasks.semantic import similar_pairs

    linked = set(zip(edges[0].tolist(), edges[1].tolist(), strict=True))
    found = [(a, b, s) for a, b, s in similar_pairs(claims.column("text").to_pylist(), bar)
             if (a, b) not in linked]
    if not found:
        return edges
    i, j, score = (np.array(c) for c in zip(*found, strict=True))
    relation = figures.relation(i, j)
    keep = relation != DIFFERENT
    # a cosine at the bar is as strong as a lexical score at the threshold
    extra = [i[keep], j[keep], np.full(keep.sum(), 3), score[keep] - bar + threshold,
             relation[keep]]
    return [np.concatenate([a, b]) for a, b in zip(edges, extra, strict=True)]


def _clusters(claims: pa.Table, repeats: _Repeats, m: TermMatrix, figures: _Figures,
              edges: list[np.ndarray]) -> tuple[pa.Table, pa.Table]:
    """Merge the groups of repeats along the edges, strongest first, while average linkage
    allows; members, and the evidence of each link that merged two clusters."""
    i, j, rule, score, relation = edges
    strength = score + np.select([rule == 1, rule == 2], [SPEAKER_BONUS, FIGURE_BONUS], 0.0)
    order = np.lexsort((j, i, -strength))
    i, j, rule, score, relation, strength = (
        a[order] for a in (i, j, rule, score, relation, strength))
    n = len(repeats.first)
    uf = _UnionFind(n)
    # an edge between two groups stands for every pair of their claims
    weighted = strength * repeats.size[i] * repeats.size[j]
    linkage = _AverageLinkage(repeats.size.tolist(), _rows(i, j, weighted))
    merged = []
    for k, (a, b) in enumerate(_rows(i, j)):
        ra, rb = uf.find(a), uf.find(b)
        if ra != rb and linkage.mean(ra, rb) >= AVERAGE_BAR:
            linkage.merge(ra, rb)
            uf.union(a, b)
            merged.append(k)
    ids = claims.column("claim_id")
    roots = np.array([uf.find(g) for g in range(n)], np.int64)
    first_of_root = pa.array(repeats.first[roots][repeats.group])
    members = pa.table({"claim_id": ids, "cluster_id": pc.binary_join_element_wise(
        "c", ids.take(first_of_root), "")})
    links = _evidence(claims.take(repeats.first), m, figures,
                      *(a[merged] for a in (i, j, rule, score, relation)))
    return members.cast(arrow_schema(ClusterMemberRecord)), pa.concat_tables(
        [links, _repeat_links(claims, repeats)])


def _rows(*columns: np.ndarray) -> Iterator[tuple]:
    """The rows of numpy columns as tuples of Python numbers, converted a slice at a time."""
    for lo in range(0, len(columns[0]), _SLICE):
        yield from zip(*(c[lo:lo + _SLICE].tolist() for c in columns), strict=True)


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
        "rule": pa.repeat("same_text", len(later)),
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
    for k, (a, b) in enumerate(_rows(i, j)):
        text = "terms: " + ", ".join(shared[k])
        if rule[k] == 3:
            text = f"embedding cosine {score[k]:.2f}" + (f"; {text}" if shared[k] else "")
        if rule[k] == 1:
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
    several)."""
    con = pipeline_duckdb()
    try:
        con.register("before", before.select(["claim_id", "cluster_id"]))
        con.register("after", after.select(["claim_id", "cluster_id"]))
        table = con.sql("""
            WITH moves AS (
                SELECT DISTINCT a.cluster_id AS now, b.cluster_id AS was
                FROM after a JOIN before b USING (claim_id))
            SELECT ? AS run_id, now AS cluster_id, 'merged' AS change, was AS other_cluster_id
            FROM moves WHERE now <> was
            UNION ALL
            SELECT ?, was, 'split', now FROM moves
            WHERE was IN (SELECT was FROM moves GROUP BY was HAVING count(*) > 1)
              AND now <> was
            ORDER BY change, cluster_id, other_cluster_id""", params=[run_id, run_id]
        ).to_arrow_table()
    finally:
        con.close()
    return table.cast(arrow_schema(ClusterChangeRecord))


@task(
    name="cluster", task_run_name="cluster-{n_claims}-claims",
    cache_policy=NO_CACHE,  # deterministic stages: Prefect need not hash their inputs
)
def cluster_task(run: RunWriter, run_order: dict[str, int], threshold: float, n_claims: int,
                 semantic_threshold: float | None = None) -> tuple[pa.Table, pa.Table]:
    """Prefect task: cluster all claims of the lake and this run. It reads them itself, so their
    text, figures and stored terms are dropped once prepared."""
    prepared = _prepare(run.table("claims", ["claim_id", "text", "speaker", "figures", "run_id"]),
                        run_order, run.table("match_terms"))
    return _cluster(prepared, threshold, semantic_threshold)
