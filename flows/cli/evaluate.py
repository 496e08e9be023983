"""Evaluate: score a warehouse against hand-labelled gold claims (rules: tests/gold/README.md)."""

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from schemas.ids import content_id
from tasks.store.connection import connect


@dataclass(frozen=True)
class GoldSpan:
    """A labelled span located in its raw document."""

    doc: str
    start: int
    end: int
    cluster: str  # empty for a non-claim
    speaker: str | None
    values: tuple[float, ...]


@dataclass(frozen=True)
class SystemClaim:
    """A claim row of the warehouse, as the scorer needs it."""

    doc: str
    start: int
    end: int
    cluster_id: str
    speaker: str | None
    values: tuple[float, ...]
    claim_id: str = ""


def _locate(text: str, span: str, doc: str) -> tuple[int, int]:
    at = text.find(span)
    if at < 0 or text.find(span, at + 1) >= 0:
        raise ValueError(f"gold span is not exactly once in {doc}: {span[:60]!r}")
    return at, at + len(span)


def load_gold(gold_path: Path, docs_dir: Path) -> tuple[list[GoldSpan], list[GoldSpan], dict]:
    """Gold mentions and non-claims located in the raw documents, and the raw gold."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    texts = {d: (docs_dir / d).read_bytes().decode("utf-8") for d in gold["documents"]}
    mentions = []
    for cluster in gold["clusters"]:
        values = tuple(float(f["value"]) for f in cluster.get("figures") or [] if "value" in f)
        for m in cluster["mentions"]:
            start, end = _locate(texts[m["doc"]], m["text"], m["doc"])
            mentions.append(GoldSpan(m["doc"], start, end, cluster["id"], m.get("speaker"), values))
    non_claims = []
    for n in gold["non_claims"]:
        start, end = _locate(texts[n["doc"]], n["text"], n["doc"])
        non_claims.append(GoldSpan(n["doc"], start, end, "", None, ()))
    gold["_doc_ids"] = {content_id(text): name for name, text in texts.items()}
    return mentions, non_claims, gold


def load_system(
    db_path: Path, doc_ids: dict[str, str]
) -> tuple[list[SystemClaim], list[tuple[str, str]]]:
    """The warehouse's claims in the gold documents, and its disputed claim pairs."""
    with connect(db_path, read_only=True) as con:
        rows = con.execute(
            "SELECT doc_id, raw_start, raw_end, cluster_id, speaker, "
            "list_transform(figures, lambda f: f.value), claim_id FROM claims"
        ).fetchall()
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        disputes = con.execute(
            "SELECT claim_id, other_claim_id FROM figure_dispute_pairs"
        ).fetchall() if "figure_dispute_pairs" in tables else []
    claims = [
        SystemClaim(doc_ids[d], s, e, c or f"claim-{d}-{s}", sp, tuple(v or ()), cid)
        for d, s, e, c, sp, v, cid in rows if d in doc_ids
    ]
    return claims, disputes


def disputes_found(
    mentions: list[GoldSpan], covers: list[SystemClaim | None],
    gold_disputes: Sequence[dict], pairs: Sequence[tuple[str, str]],
) -> int:
    """Gold disputes whose clusters the system's dispute pairs connect (through the claims that
    cover the clusters' mentions)."""
    clusters_of: dict[str, set[str]] = defaultdict(set)
    for m, c in zip(mentions, covers, strict=True):
        if c is not None:
            clusters_of[c.claim_id].add(m.cluster)
    edges = {(a, b) for x, y in pairs for a in clusters_of[x] for b in clusters_of[y] if a != b}
    found = 0
    for dispute in gold_disputes:
        wanted = set(dispute["clusters"])
        reached, frontier = set(), [next(iter(sorted(wanted)))]
        while frontier:
            node = frontier.pop()
            if node not in reached:
                reached.add(node)
                frontier += [b for a, b in edges if a == node] + [a for a, b in edges if b == node]
        found += wanted <= reached
    return found


def _best_cover(span: GoldSpan, by_doc: dict[str, list[SystemClaim]]) -> SystemClaim | None:
    best, best_overlap = None, 0
    for claim in by_doc.get(span.doc, []):
        overlap = min(claim.end, span.end) - max(claim.start, span.start)
        if overlap * 2 >= span.end - span.start and overlap > best_overlap:
            best, best_overlap = claim, overlap
    return best


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower())


def score(
    mentions: list[GoldSpan], non_claims: list[GoldSpan], claims: list[SystemClaim],
    gold_disputes: Sequence[dict] = (), dispute_pairs: Sequence[tuple[str, str]] = (),
) -> dict:
    """Every figure of the gold scoring rules, and how many gold disputes were found."""
    by_doc: dict[str, list[SystemClaim]] = defaultdict(list)
    for c in claims:
        by_doc[c.doc].append(c)
    covers = [_best_cover(m, by_doc) for m in mentions]
    covered = sum(c is not None for c in covers)
    covered_non = sum(_best_cover(n, by_doc) is not None for n in non_claims)
    system_of = [c.cluster_id if c else f"uncovered-{i}" for i, c in enumerate(covers)]
    gold_of = [m.cluster for m in mentions]
    p_sum = r_sum = 0.0
    for i in range(len(mentions)):
        same_sys = {j for j in range(len(mentions)) if system_of[j] == system_of[i]}
        same_gold = {j for j in range(len(mentions)) if gold_of[j] == gold_of[i]}
        both = len(same_sys & same_gold)
        p_sum += both / len(same_sys)
        r_sum += both / len(same_gold)
    b3_p, b3_r = p_sum / len(mentions), r_sum / len(mentions)
    docs_of_cluster: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        docs_of_cluster[c.cluster_id].add(c.doc)
    exact = multi = 0
    for cluster in sorted(set(gold_of)):
        idx = [i for i, g in enumerate(gold_of) if g == cluster]
        gold_docs = {mentions[i].doc for i in idx}
        if len(gold_docs) < 2:
            continue
        multi += 1
        held = Counter(cover.cluster_id for i in idx if (cover := covers[i]) is not None)
        if held:
            top = held.most_common(1)[0][0]
            exact += len(docs_of_cluster[top]) == len(gold_docs)
    with_speaker = [(m, c) for m, c in zip(mentions, covers, strict=True) if c and m.speaker]
    speaker_ok = sum(
        _words(m.speaker or "").split()[-1] in _words(c.speaker or "") for m, c in with_speaker
    )
    figure_items = [(v, c) for m, c in zip(mentions, covers, strict=True) if c for v in m.values]
    figure_ok = sum(any(abs(v - x) <= 1e-6 * max(1, abs(v)) for x in c.values)
                    for v, c in figure_items)
    return {
        "mention_recall": covered / len(mentions),
        "labelled_precision": covered / (covered + covered_non) if covered + covered_non else 0.0,
        "covered_non_claims": covered_non,
        "b3_precision": b3_p,
        "b3_recall": b3_r,
        "b3_f1": 2 * b3_p * b3_r / (b3_p + b3_r) if b3_p + b3_r else 0.0,
        "exact_source_counts": exact,
        "multi_source_clusters": multi,
        "speaker_accuracy": speaker_ok / len(with_speaker) if with_speaker else 0.0,
        "figure_recall": figure_ok / len(figure_items) if figure_items else 0.0,
        "n_gold_mentions": len(mentions),
        "n_covered": covered,
        "disputes_found": disputes_found(mentions, covers, list(gold_disputes), dispute_pairs),
        "n_disputes": len(gold_disputes),
    }


def evaluate(gold_path: Path, db_path: Path, docs_dir: Path) -> dict:
    """Score the warehouse at db_path against the gold file, with documents from docs_dir."""
    mentions, non_claims, gold = load_gold(gold_path, docs_dir)
    claims, pairs = load_system(db_path, gold["_doc_ids"])
    return score(mentions, non_claims, claims, gold.get("disputes", []), pairs)


def format_scores(s: dict) -> str:
    """The scores as lines for a terminal."""
    return "\n".join([
        f"mention recall:       {s['mention_recall']:.3f} "
        f"({s['n_covered']}/{s['n_gold_mentions']})",
        f"labelled precision:   {s['labelled_precision']:.3f} "
        f"({s['covered_non_claims']} non-claims covered)",
        f"B-cubed precision:    {s['b3_precision']:.3f}",
        f"B-cubed recall:       {s['b3_recall']:.3f}",
        f"B-cubed F1:           {s['b3_f1']:.3f}",
        f"exact source counts:  {s['exact_source_counts']}/{s['multi_source_clusters']}",
        f"speaker accuracy:     {s['speaker_accuracy']:.3f}",
        f"figure recall:        {s['figure_recall']:.3f}",
        f"disputes found:       {s['disputes_found']}/{s['n_disputes']}",
    ])
