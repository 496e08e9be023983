"""Same claim or not: claimtrail's clusterer on the MSRP training pairs (Microsoft Research).

    python -m bench.eval_msrp CORPUS_FILE [--examples N]

CORPUS_FILE: tab-separated label, id1, id2, sentence1, sentence2 (UTF-8 with a BOM; a header line
is skipped if present). All distinct sentences are clustered in one table, so IDF is that of a real
corpus, with figures from claimtrail's figure finder; a pair is predicted "same" when both sentences
land in one cluster. Peers on the same pairs: all-positive, and a TF-IDF cosine threshold (at its
best F1, and at the lowest threshold with precision >= 0.85). FN/FP are explained with the direct
pair score of claimtrail's formula (tasks/cluster.py: IDF-weighted cosine of stemmed terms).
"""

import argparse
import math
import re
from collections import Counter
from pathlib import Path

import pyarrow as pa

from bench import prf, ratio, render
from tasks.extract.figures import find_figures
from tasks.group.cluster import cluster_claims
from tasks.group.options import GroupOptions
from tasks.group.terms import terms
from tasks.store.lake import lake_schema

Pair = tuple[bool, str, str]
_WORD = re.compile(r"\w+")
EXPECTED = (4076, 2753)  # pairs, positive pairs in the MSRP training file
SEMANTIC_BARS = (0.6, 0.7, 0.75, 0.8, 0.9)


def read_pairs(path: Path) -> tuple[list[Pair], dict[str, str]]:
    """(label, id1, id2) of every pair, and the sentence of every id."""
    pairs: list[Pair] = []
    sentences: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for n, line in enumerate(f):
            fields = line.rstrip("\r\n").split("\t")
            if n == 0 and fields[0] not in ("0", "1"):
                continue  # a header
            label, id1, id2, s1, s2 = fields
            sentences.setdefault(id1, s1)
            sentences.setdefault(id2, s2)
            pairs.append((label == "1", id1, id2))
    return pairs, sentences


def claims_table(sentences: dict[str, str]) -> pa.Table:
    """One lake claims row per sentence (claim_id = the MSRP id), figures filled in."""
    rows = []
    for sid, text in sentences.items():
        figures = [
            {"value": f.value, "value_high": f.value_high, "unit": f.unit,
             "qualifier": f.qualifier, "text": text[f.start:f.end], "raw_start": f.start,
             "raw_end": f.end}
            for f in find_figures(text)
        ]
        rows.append({
            "claim_id": sid, "doc_id": sid, "kind": "event", "text": text, "hedged": False,
            "figures": figures, "raw_start": 0, "raw_end": len(text), "sentence_index": 0,
            "sentence_start": 0, "sentence_end": len(text), "run_id": "bench",
            "extractor_version": "bench",
        })
    return pa.Table.from_pylist(rows, schema=lake_schema("claims"))


def same_cluster(table: pa.Table, pairs: list[Pair], options: GroupOptions) -> list[bool]:
    """Whether claimtrail puts the two sentences of each pair in one cluster."""
    members, _ = cluster_claims(table, {"bench": 0}, options)
    cluster = dict(zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(),
                       strict=True))
    return [cluster[a] == cluster[b] for _, a, b in pairs]


def cosines(bags: dict[str, Counter], pairs: list[Pair], idf: dict[str, float]) -> list[float]:
    """Cosine of the idf-weighted term counts of each pair."""
    def vec(bag: Counter) -> dict[str, float]:
        return {t: c * idf[t] for t, c in bag.items()}

    vecs = {k: vec(b) for k, b in bags.items()}
    norms = {k: math.sqrt(sum(w * w for w in v.values())) or 1.0 for k, v in vecs.items()}
    return [sum(w * vecs[b].get(t, 0.0) for t, w in vecs[a].items()) / (norms[a] * norms[b])
            for _, a, b in pairs]


def tfidf_cosines(sentences: dict[str, str], pairs: list[Pair]) -> list[float]:
    """Plain TF-IDF cosine (lower-cased word counts, idf = log(N/df)) of each pair."""
    bags = {k: Counter(_WORD.findall(s.lower())) for k, s in sentences.items()}
    df = Counter(t for bag in bags.values() for t in bag)
    return cosines(bags, pairs, {t: math.log(len(bags) / c) for t, c in df.items()})


def claimtrail_cosines(sentences: dict[str, str], pairs: list[Pair]) -> list[float]:
    """The pair score of tasks/cluster.py: IDF log(1 + N/df) over stemmed term sets."""
    bags = {k: Counter(terms(s)) for k, s in sentences.items()}
    df = Counter(t for bag in bags.values() for t in bag)
    return cosines(bags, pairs, {t: math.log(1 + len(bags) / c) for t, c in df.items()})


def scores(predicted: list[bool], pairs: list[Pair]) -> list[float]:
    """Precision, recall, F1 and accuracy of predictions."""
    c = Counter((p, g) for p, (g, _, _) in zip(predicted, pairs, strict=True))
    p, r, f = prf(c[True, True], c[True, False], c[False, True])
    return [p, r, f, ratio(c[True, True] + c[False, False], len(pairs))]


def threshold_curve(values: list[float], pairs: list[Pair]) -> list[tuple[float, list[float]]]:
    """(threshold, scores) for predicting "same" at value >= threshold, every distinct value."""
    order = sorted(range(len(pairs)), key=lambda i: -values[i])
    positives = sum(g for g, _, _ in pairs)
    out, tp = [], 0
    for rank, i in enumerate(order, 1):
        tp += pairs[i][0]
        if rank < len(order) and values[order[rank]] == values[i]:
            continue
        p, r, f = prf(tp, rank - tp, positives - tp)
        tn = len(pairs) - positives - (rank - tp)
        out.append((values[i], [p, r, f, ratio(tp + tn, len(pairs))]))
    return out


def main(argv: list[str] | None = None) -> int:
    """Cluster the corpus, score the pairs, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--examples", type=int, default=0, help="print N errors of each kind")
    parser.add_argument("--semantic", action="store_true", help="also cluster with embedding "
                        "neighbours at several bars (needs the `semantic` extra)")
    args = parser.parse_args(argv)
    pairs, sentences = read_pairs(args.corpus)
    counts = (len(pairs), sum(g for g, _, _ in pairs))
    assert counts == EXPECTED, f"expected {EXPECTED} (pairs, positive), read {counts}"
    table = claims_table(sentences)
    threshold = GroupOptions().cluster_threshold
    predicted = same_cluster(table, pairs, GroupOptions())
    print(f"MSRP train: {len(pairs)} pairs, {counts[1]} positive, {len(sentences)} distinct "
          f"sentences clustered in one table\n")
    rows = [[f"claimtrail same cluster @ {threshold:g}", *scores(predicted, pairs)],
            ["all positive", *scores([True] * len(pairs), pairs)]]
    curve = threshold_curve(tfidf_cosines(sentences, pairs), pairs)
    best_t, best = max(curve, key=lambda c: c[1][2])
    rows.append([f"TF-IDF cosine >= {best_t:.3f} (best F1)", *best])
    precise = [c for c in curve if c[1][0] >= 0.85]
    if precise:
        t, s = precise[-1]
        rows.append([f"TF-IDF cosine >= {t:.3f} (prec >= 0.85)", *s])
    print(render(["predictor", "prec", "recall", "F1", "accuracy"], rows))
    sweep = [[f"{t / 100:.2f}", *scores(same_cluster(
        table, pairs, GroupOptions(cluster_threshold=t / 100)), pairs)] for t in range(30, 81, 5)]
    print("\nclaimtrail threshold sweep (same cluster)\n")
    print(render(["threshold", "prec", "recall", "F1", "accuracy"], sweep))
    if args.semantic:
        semantic = [[f"{bar:.2f}", *scores(same_cluster(
            table, pairs, GroupOptions(semantic_matching=True, semantic_threshold=bar)), pairs)]
                    for bar in SEMANTIC_BARS]
        print(f"\nclaimtrail @ {threshold:g} with semantic matching, by embedding cosine bar\n")
        print(render(["semantic bar", "prec", "recall", "F1", "accuracy"], semantic))
    explain(pairs, sentences, predicted, claimtrail_cosines(sentences, pairs), threshold,
            args.examples)
    return 0


def figures_compatible(a: str, b: str) -> bool:
    """The clusterer's figure rule: no figures on one side, or a value within 1% on both."""
    def values(text: str) -> set[float]:
        found = find_figures(text)
        return {f.value for f in found} | {f.value_high for f in found if f.value_high is not None}

    va, vb = values(a), values(b)
    return not va or not vb or any(abs(x - y) <= 0.01 * max(abs(x), abs(y)) for x in va for y in vb)


def explain(pairs: list[Pair], sentences: dict[str, str], predicted: list[bool],
            direct: list[float], threshold: float, examples: int) -> None:
    """Why claimtrail got pairs wrong: direct score, figures, transitive merges."""
    reasons: Counter = Counter()
    lines: list[str] = []
    for (gold, a, b), pred, score in zip(pairs, predicted, direct, strict=True):
        if gold == pred:
            continue
        compatible = figures_compatible(sentences[a], sentences[b])
        if pred:
            why = "FP: direct score below threshold (joined through other sentences)" \
                if score < threshold else "FP: direct score above threshold"
        elif not compatible:
            why = "FN: figures differ"
        else:
            why = "FN: direct score below threshold" if score < threshold \
                else "FN: score above threshold but never compared (blocking)"
        reasons[why] += 1
        if reasons[why] <= examples:
            lines.append(f"  {why} ({score:.2f})\n    {sentences[a]}\n    {sentences[b]}")
    print("\nclaimtrail errors at the configured threshold (direct score: its pair cosine)\n")
    print(render(["error", "pairs"], sorted(reasons.items())))
    print("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
