"""Cluster: group mentions that make the same claim, across documents.

Mentions are compared by their content terms (lower-cased, stemmed, stop words out), weighted by
rarity (IDF), with cosine similarity. Candidate pairs come from an inverted index over the rarer
terms (blocking), never all pairs. Two mentions whose figures share no value never link. Linked
mentions form clusters (union-find); a cluster's id is `c` + the claim id of its earliest member
(by run, then claim id), so adding documents never renames a cluster and a merge keeps the older id.
"""

import math
import re
from collections import Counter, defaultdict

import pyarrow as pa
from prefect import task

from schemas.derive import arrow_schema
from schemas.records import ClusterLinkRecord, ClusterMemberRecord

_STOP = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been being has have "
    "had do does did will would could may might can shall should must that this these those it its "
    "their there they them he she his her we our us you your i me my not no so than then also such "
    "which who whom what when where while if into over under about after before between against "
    "said says say stated told according added claimed claims reported reportedly confirmed "
    "while more most some any all both each other another very just only even still yet however "
    "meanwhile including one two new last week".split()
)
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|\d[\d,.]*")


def stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed."""
    if len(word) >= 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) >= 5 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if len(word) >= 6 and word.endswith("ing"):
        return word[:-3]
    if len(word) >= 5 and word.endswith("ed"):
        return word[:-2]
    return word


def terms(text: str) -> frozenset[str]:
    """Content terms of a text."""
    words = _TOKEN.findall(text.lower().replace("’", "'"))
    return frozenset(stem(w.removesuffix("'s")) for w in words if w not in _STOP and len(w) > 2)


def _values(figures: list[dict] | None) -> set[float]:
    out = set()
    for f in figures or []:
        out.add(round(f["value"], 6))
        if f.get("value_high") is not None:
            out.add(round(f["value_high"], 6))
    return out


def _figures_compatible(a: set[float], b: set[float]) -> bool:
    if not a or not b:
        return True
    return any(abs(x - y) <= 0.01 * max(abs(x), abs(y)) for x in a for y in b)


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


def cluster_claims(
    claims: pa.Table, run_order: dict[str, int], threshold: float
) -> tuple[pa.Table, pa.Table]:
    """Cluster membership and link evidence for all claims (columns claim_id, text, figures,
    run_id)."""
    rows = claims.select(["claim_id", "text", "figures", "run_id"]).to_pylist()
    rows.sort(key=lambda r: (run_order.get(r["run_id"], len(run_order)), r["claim_id"]))
    bags = [terms(r["text"]) for r in rows]
    values = [_values(r["figures"]) for r in rows]
    df = Counter(t for bag in bags for t in bag)
    n = len(rows)
    idf = {t: math.log(1 + n / c) for t, c in df.items()}
    norms = [math.sqrt(sum(idf[t] ** 2 for t in bag)) or 1.0 for bag in bags]
    max_df = max(50, n // 100)
    index: dict[str, list[int]] = defaultdict(list)
    for i, bag in enumerate(bags):
        for t in bag:
            if df[t] <= max_df:
                index[t].append(i)
    uf = _UnionFind(n)
    links = []
    for i, bag in enumerate(bags):
        candidates = {j for t in bag if df[t] <= max_df for j in index[t] if j > i}
        for j in sorted(candidates):
            shared = bag & bags[j]
            score = sum(idf[t] ** 2 for t in shared) / (norms[i] * norms[j])
            if score < threshold or not _figures_compatible(values[i], values[j]):
                continue
            if uf.union(i, j):
                common = values[i] & values[j]
                evidence = "terms: " + ", ".join(sorted(shared, key=lambda t: -idf[t])[:8])
                if common:
                    evidence += "; figures: " + ", ".join(f"{v:g}" for v in sorted(common))
                links.append(ClusterLinkRecord(
                    claim_id=rows[i]["claim_id"], linked_claim_id=rows[j]["claim_id"],
                    rule="similar_terms", score=round(score, 4), evidence=evidence,
                ).model_dump())
    members = [
        ClusterMemberRecord(claim_id=r["claim_id"], cluster_id="c" + rows[uf.find(i)]["claim_id"])
        .model_dump() for i, r in enumerate(rows)
    ]
    return (
        pa.Table.from_pylist(members, schema=arrow_schema(ClusterMemberRecord)),
        pa.Table.from_pylist(links, schema=arrow_schema(ClusterLinkRecord)),
    )


@task(name="cluster", task_run_name="cluster-{n_claims}-claims")
def cluster_task(
    claims: pa.Table, run_order: dict[str, int], threshold: float, n_claims: int
) -> tuple[pa.Table, pa.Table]:
    """Prefect task: cluster all claims."""
    return cluster_claims(claims, run_order, threshold)
