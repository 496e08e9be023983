"""Cluster: group mentions that make the same claim, across documents.

A mention is compared by its content terms: lower-cased, stemmed, stop words and attribution verbs
out, common news synonyms folded together (aid/help/assistance; troops/soldiers; sent/dispatched/
deployed ...), weighted by rarity (IDF). Two mentions link when

- `similar_terms`: their IDF-weighted cosine reaches the threshold, or
- `same_speaker`: they are attributed to the same speaker and reach a lower bar, or
- `same_figure`: they state the same figure of the same kind of quantity and share content.

Two mentions whose figures count the same kind of thing with different values never link (that is
a dispute, see `tasks.disputes`). Candidate pairs come from an inverted index over terms rarer than
a fixed document frequency (blocking), never all pairs, so the cost per claim stays flat. Linked
mentions form clusters (union-find); a cluster's id is `c` + the claim id of its earliest member
(by run, then claim id), so adding documents never renames a cluster and a merge keeps the older id.
"""

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import pyarrow as pa
from prefect import task

from schemas.derive import arrow_schema
from schemas.records import ClusterChangeRecord, ClusterLinkRecord, ClusterMemberRecord
from tasks.figures import VAGUE_COUNTS, values_close

_STOP = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been being has have "
    "had do does did will would could may might can shall should must that this these those it its "
    "their there they them he she his her we our us you your i me my not no so than then also such "
    "which who whom what when where while if into over under about after before between against "
    "according reportedly while more most some any all both each other another very just only "
    "even still yet however meanwhile including one new last week says say said stated told added "
    "claimed claims reported confirmed noted described warned suggested alleged estimated "
    # titles and roles describe who speaks, not what is claimed
    "president secretary press minister deputy spokesman spokeswoman spokesperson general chief "
    "director official officials source sources lt gen col "
    # vague counts and small spelled-out numbers carry no content
    "dozens hundreds thousands millions billions two three four five six seven eight nine ten "
    "both".split()
)
_SYNONYM_GROUPS = (
    "aid help assistance assist",
    "troop soldier personnel fighter serviceman servicemen",
    "casualty dead death kill killed loss fatality die died perish perished",
    "deploy deployment send sent dispatch",
    "rebuild reconstruction reconstruct",
    "grateful gratitude thank appreciate",
    "forget forgotten forgot",
    "technology tech",
    "shell munition ammunition",
    "talk discussion discuss meeting meet met",
    "visit trip",
    "pledge promise vow",
    "additional further extra",
    "heavy severe",
    "increase rise rose grow grew climb jump",
    "decrease fall fell drop decline",
    "buy bought purchase acquire",
    "sell sold sale",
    "company firm",
    "percent pct %",
    "dollar dlr usd $",
    "prison jail",
    "million mln",
    "billion bln",
    "begin began start",
    "win won",
    "lose lost",
    "say tell",
)
SYNONYMS = {w: group.split()[0] for group in _SYNONYM_GROUPS for w in group.split()}
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|\d[\d,.]*\d|\d|[$%]")
MAX_POSTING = 100  # terms in more claims than this do not generate candidate pairs
MAX_CANDIDATES = 50  # candidate pairs scored per claim
MIN_SHARED = 3  # content terms two mentions must share, unless their score is high
HIGH_SCORE = 0.6
SPEAKER_BONUS = 0.15
FIGURE_BONUS = 0.15
FIGURE_GAP = 0.15
AVERAGE_BAR = 0.05  # mean link strength two clusters need to merge
FIGURE_BAR = 0.12


def stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed; synonyms folded to one form."""
    if word in SYNONYMS:
        return SYNONYMS[word]
    if len(word) >= 5 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) >= 5 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        word = word[:-2]
    elif len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif len(word) >= 6 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) >= 5 and word.endswith("ed"):
        word = word[:-2]
    return SYNONYMS.get(word, word)


def terms(text: str) -> frozenset[str]:
    """Content terms of a text: stemmed content words, and each pair of adjacent ones as a
    phrase ("urban combat" → urban, combat, urban_combat)."""
    words = [w.removesuffix("'s") for w in _TOKEN.findall(text.lower().replace("’", "'"))]
    content = [stem(w) for w in words if w not in _STOP and (len(w) > 2 or not w.isalpha())]
    return frozenset(content) | {f"{a}_{b}" for a, b in itertools.pairwise(content)}


def quantity(unit: str | None) -> str | None:
    """The kind of quantity a figure counts: its unit's head noun, stemmed (None if unknown)."""
    if not unit:
        return None
    words = re.findall(r"[a-z%$]+", unit.lower())
    return stem(words[-1]) if words else None


def _figures(figures: list[dict] | None) -> list[tuple[str | None, float, float]]:
    """(quantity, low, high) of each precise figure: vague counts ("thousands of") and small
    spelled-out numbers say too little to match or veto on."""
    out = []
    for f in figures or []:
        if f.get("qualifier") in VAGUE_COUNTS or (f["value"] < 10 and f["text"].isalpha()):
            continue
        high = f["value_high"] if f.get("value_high") is not None else f["value"]
        out.append((quantity(f.get("unit")), f["value"], high))
    return out


def figures_relation(a: list, b: list) -> str:
    """`same` when a figure of the same kind has the same value, `different` when figures of the
    same kind (or of unknown kind) differ in value, else `unrelated`."""
    relation = "unrelated"
    for qa, lo_a, hi_a in a:
        for qb, lo_b, hi_b in b:
            if qa is not None and qb is not None and qa != qb:
                continue
            if values_close(lo_a, lo_b) and values_close(hi_a, hi_b):
                return "same"
            relation = "different"
    return relation


class _AverageLinkage:
    """Sums of link strengths between clusters, for their mean over all cross pairs (pairs that
    are not candidates count zero): a cluster joins another only if it is close to it as a whole,
    which stops chains of single links from gluing unrelated claims together."""

    def __init__(self, n: int, edges: list[tuple[int, int, float]]) -> None:
        self.size = [1] * n
        self.sums: list[dict[int, float]] = [defaultdict(float) for _ in range(n)]
        for i, j, strength in edges:
            self.sums[i][j] += strength
            self.sums[j][i] += strength

    def mean(self, a: int, b: int) -> float:
        return self.sums[a].get(b, 0.0) / (self.size[a] * self.size[b])

    def merge(self, a: int, b: int) -> None:
        keep, gone = min(a, b), max(a, b)
        for other, strength in self.sums[gone].items():
            if other != keep:
                self.sums[keep][other] += strength
                self.sums[other][keep] += strength
            self.sums[other].pop(gone, None)
        self.sums[keep].pop(gone, None)
        self.sums[gone] = defaultdict(float)
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


def _speaker_terms(speaker: str | None) -> frozenset[str]:
    return terms(speaker) if speaker else frozenset()


def cluster_claims(
    claims: pa.Table, run_order: dict[str, int], threshold: float,
    semantic_threshold: float | None = None,
) -> tuple[pa.Table, pa.Table]:
    """Cluster membership and link evidence for all claims (columns claim_id, text, speaker,
    figures, run_id). With a semantic_threshold, embedding neighbours also link (tasks/semantic.py,
    an optional extra)."""
    rows = claims.select(["claim_id", "text", "speaker", "figures", "run_id"]).to_pylist()
    rows.sort(key=lambda r: (run_order.get(r["run_id"], len(run_order)), r["claim_id"]))
    speakers = [(r["speaker"] or "").lower() or None for r in rows]
    bags = [terms(r["text"]) - _speaker_terms(r["speaker"]) for r in rows]
    figures = [_figures(r["figures"]) for r in rows]
    df = Counter(t for bag in bags for t in bag)
    n = len(rows)
    idf = {t: math.log(1 + n / c) for t, c in df.items()}
    # math.fsum: exact, so sums over sets give the same bits whatever the set's iteration order
    # (which follows Python's per-process hash seed): same input, same links
    norms = [math.sqrt(math.fsum(idf[t] ** 2 for t in bag)) or 1.0 for bag in bags]
    index: dict[str, list[int]] = defaultdict(list)
    for i, bag in enumerate(bags):
        for t in bag:
            if df[t] <= MAX_POSTING:
                index[t].append(i)
    edges = []  # (strength, i, j, rule, score, shared, relation)
    for i, bag in enumerate(bags):
        for j in _candidates(i, bag, index, df, idf):
            shared = bag & bags[j]
            score = math.fsum(idf[t] ** 2 for t in shared) / (norms[i] * norms[j])
            same_speaker = speakers[i] is not None and speakers[i] == speakers[j]
            if score < min(threshold, FIGURE_BAR) and not same_speaker:
                continue  # no rule can link them
            relation = figures_relation(figures[i], figures[j])
            if relation == "different":
                continue
            # a figure and no figure: the claims may be about different things
            bar = threshold + FIGURE_GAP if bool(figures[i]) != bool(figures[j]) else threshold
            rule = _rule(score, len(shared), bar, relation, speakers[i], speakers[j])
            if rule:
                edges.append((_strength(score, rule), i, j, rule, score, shared, relation))
    if semantic_threshold is not None:
        edges += _semantic_edges(rows, bags, figures, semantic_threshold, threshold, edges)
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    uf = _UnionFind(n)
    linkage = _AverageLinkage(n, [(e[1], e[2], e[0]) for e in edges])
    links = []
    for _, i, j, rule, score, shared, relation in edges:
        if uf.find(i) != uf.find(j) and linkage.mean(uf.find(i), uf.find(j)) >= AVERAGE_BAR:
            linkage.merge(uf.find(i), uf.find(j))
            uf.union(i, j)
            links.append(_evidence(rows[i], rows[j], rule, score, shared, idf, relation))
    members = [
        ClusterMemberRecord(claim_id=r["claim_id"], cluster_id="c" + rows[uf.find(i)]["claim_id"])
        .model_dump() for i, r in enumerate(rows)
    ]
    return (
        pa.Table.from_pylist(members, schema=arrow_schema(ClusterMemberRecord)),
        pa.Table.from_pylist(links, schema=arrow_schema(ClusterLinkRecord)),
    )


def _candidates(i: int, bag: frozenset[str], index, df, idf) -> list[int]:
    """Later claims sharing rare terms with claim i: the MAX_CANDIDATES sharing the most rarity,
    so that the work per claim stays bounded however large the corpus grows."""
    weight: dict[int, float] = defaultdict(float)
    for t in sorted(bag):  # a fixed order: float sums, and so ties, do not depend on hashing
        if df[t] <= MAX_POSTING:
            for j in index[t]:
                if j > i:
                    weight[j] += idf[t]
    if len(weight) > MAX_CANDIDATES:
        return sorted(sorted(weight, key=lambda j: (-weight[j], j))[:MAX_CANDIDATES])
    return sorted(weight)


def _semantic_edges(rows: list[dict], bags, figures, bar: float, threshold: float, lexical: list
                    ) -> list:
    """Edges for pairs no lexical rule linked whose embedding cosine reaches the bar; different
    figures still never link. A cosine at the bar is as strong as a lexical score at the
    threshold, so lexical links merge first and the average-linkage guard weighs both alike."""
    from tasks.semantic import similar_pairs

    linked = {(e[1], e[2]) for e in lexical}
    edges = []
    for i, j, score in similar_pairs([r["text"] for r in rows], bar):
        relation = figures_relation(figures[i], figures[j])
        if (i, j) not in linked and relation != "different":
            strength = score - bar + threshold
            edges.append((strength, i, j, "semantic", score, bags[i] & bags[j], relation))
    return edges


def _strength(score: float, rule: str) -> float:
    bonus = {"same_speaker": SPEAKER_BONUS, "same_figure": FIGURE_BONUS}
    return score + bonus.get(rule, 0.0)


def _rule(score: float, n_shared: int, threshold: float, relation: str, speaker_a, speaker_b
          ) -> str | None:
    if score >= max(threshold, HIGH_SCORE) or (score >= threshold and n_shared >= MIN_SHARED):
        return "similar_terms"
    same_speaker = speaker_a and speaker_a == speaker_b
    if same_speaker and n_shared >= MIN_SHARED - 1 and score + SPEAKER_BONUS >= threshold:
        return "same_speaker"
    if relation == "same" and score >= FIGURE_BAR:
        return "same_figure"
    return None


def _evidence(a: dict, b: dict, rule: str, score: float, shared, idf, relation: str) -> dict:
    evidence = "terms: " + ", ".join(sorted(shared, key=lambda t: (-idf[t], t))[:8])
    if rule == "semantic":
        evidence = f"embedding cosine {score:.2f}" + (f"; {evidence}" if shared else "")
    if rule == "same_speaker":
        evidence += f"; speaker: {a['speaker']}"
    if relation == "same":
        values = sorted({f"{f['value']:g}" for f in a["figures"] or []}
                        & {f"{f['value']:g}" for f in b["figures"] or []})
        evidence += "; figures: " + ", ".join(values)
    return ClusterLinkRecord(
        claim_id=a["claim_id"], linked_claim_id=b["claim_id"], rule=rule,
        score=round(score, 4), evidence=evidence,
    ).model_dump()


def cluster_changes(
    before: Iterable[dict], after: Iterable[dict], run_id: str
) -> pa.Table:
    """How this run changed existing clusters: `merged` (an older cluster absorbed another) and
    `split` (members of one cluster now in several)."""
    old = {r["claim_id"]: r["cluster_id"] for r in before}
    new = {r["claim_id"]: r["cluster_id"] for r in after}
    absorbed: dict[str, set[str]] = defaultdict(set)
    parts: dict[str, set[str]] = defaultdict(set)
    for claim_id, old_cluster in old.items():
        if claim_id in new:
            absorbed[new[claim_id]].add(old_cluster)
            parts[old_cluster].add(new[claim_id])
    rows = [
        ClusterChangeRecord(run_id=run_id, cluster_id=survivor, change="merged",
                            other_cluster_id=gone).model_dump()
        for survivor, olds in sorted(absorbed.items()) for gone in sorted(olds - {survivor})
    ]
    rows += [
        ClusterChangeRecord(run_id=run_id, cluster_id=old_cluster, change="split",
                            other_cluster_id=part).model_dump()
        for old_cluster, news in sorted(parts.items()) if len(news) > 1
        for part in sorted(news - {old_cluster})
    ]
    return pa.Table.from_pylist(rows, schema=arrow_schema(ClusterChangeRecord))


@task(name="cluster", task_run_name="cluster-{n_claims}-claims")
def cluster_task(
    claims: pa.Table, run_order: dict[str, int], threshold: float, n_claims: int,
    semantic_threshold: float | None = None,
) -> tuple[pa.Table, pa.Table]:
    """Prefect task: cluster all claims."""
    return cluster_claims(claims, run_order, threshold, semantic_threshold)
