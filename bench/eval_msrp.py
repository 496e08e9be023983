"""Same claim or not, through the real pipeline: MSRP training pairs (Microsoft Research).

    python -m bench.eval_msrp CORPUS_FILE [--models DIR] [--cross-encoders DIR] [--folds 5]
                              [--only-folds 0,1,..] [--link-bars 0.3,0.5,...] [--code DIR]
                              [--workdir DIR] [--examples N]

CORPUS_FILE: tab-separated label, id1, id2, sentence1, sentence2 (UTF-8 with a BOM; a header line
is skipped if present). Each distinct sentence becomes one JSONL document (a sentence occurs in
several pairs, and a document is known by its text). The sentences are dealt into folds that keep
sentence ids apart (bench/corpora.py), and each fold's sentences are one `claimtrail run` into a
warehouse of their own, so the clusterer sees every other sentence of its fold, the same story
among them, as a distractor: a false merge through a third sentence counts against it. With
--models, fold k is grouped by DIR/msrp_fold{k}.json, the link model trained without it
(`python -m bench.train_same_claim`): out-of-fold figures. Without, the default link model groups
every fold (the hand rules, which trained on nothing; `--options '--link-model same_claim'` would
be in-sample: the learned model trained on all of MSRP). With --cross-encoders DIR, fold k's pairs
are decided by DIR/msrp_fold{k}.ce.safetensors, the cross-encoder trained without it
(`python -m bench.train_cross_encoder`; `--cross-encoder same_claim_ce` in --options would be
in-sample). With --code, the runs use that
checkout's code instead (the figures before a change; its own grouping options).

A pair is predicted "same" when some claim of sentence 1 and some claim of sentence 2 share a
cluster; a sentence from which no claim was extracted predicts "different". Peers on the same
pairs, in the same run: all-positive, and a TF-IDF cosine threshold (lower-cased words, idf
log(N/df) over the distinct sentences) at its best F1 and at the lowest threshold with precision
>= 0.85 (both chosen on these pairs: an oracle), and at the best-F1 threshold chosen on the other
folds (cross-validated). --link-bars also runs the pipeline at other link bars: the curve.
"""

import argparse
import math
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import duckdb

from bench import render
from bench.corpora import (
    MsrpPair,
    msrp_folds,
    msrp_scores,
    prf,
    read_msrp,
    run_fold,
)
from schemas.ids import content_id
from tasks.group.options import GroupOptions

_WORD = re.compile(r"\w+")
EXPECTED = (4076, 2753)  # pairs, positive pairs in the MSRP training file


def tfidf_cosines(sentences: dict[str, str], pairs: Sequence[MsrpPair]) -> list[float]:
    """Plain TF-IDF cosine (lower-cased word counts, idf = log(N/df)) of each pair."""
    bags = {k: Counter(_WORD.findall(s.lower())) for k, s in sentences.items()}
    df = Counter(t for bag in bags.values() for t in bag)
    idf = {t: math.log(len(bags) / c) for t, c in df.items()}
    vecs = {k: {t: c * idf[t] for t, c in b.items()} for k, b in bags.items()}
    norms = {k: math.sqrt(sum(w * w for w in v.values())) or 1.0 for k, v in vecs.items()}
    return [sum(w * vecs[b].get(t, 0.0) for t, w in vecs[a].items()) / (norms[a] * norms[b])
            for _, a, b in pairs]


def scores(predicted: Sequence[bool], pairs: Sequence[MsrpPair]) -> list[float]:
    """Precision, recall, F1 and accuracy of predictions."""
    c = Counter((p, g) for p, (g, _, _) in zip(predicted, pairs, strict=True))
    p, r, f = prf(c[True, True], c[True, False], c[False, True])
    return [p, r, f, (c[True, True] + c[False, False]) / max(len(pairs), 1)]


def threshold_curve(values: Sequence[float], pairs: Sequence[MsrpPair]
                    ) -> list[tuple[float, list[float]]]:
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
        out.append((values[i], [p, r, f, (tp + tn) / len(pairs)]))
    return out


def peers(sentences: dict[str, str], pairs: list[MsrpPair], fold_of: dict[str, int]
          ) -> list[list]:
    """The peers' rows: all positive; TF-IDF at its oracle best F1, at precision >= 0.85, and
    at the best-F1 threshold chosen on the other folds."""
    cos = tfidf_cosines(sentences, pairs)
    rows = [["all positive", *scores([True] * len(pairs), pairs)]]
    curve = threshold_curve(cos, pairs)
    t, best = max(curve, key=lambda c: c[1][2])
    rows.append([f"TF-IDF cosine >= {t:.3f} (best F1, oracle)", *best])
    precise = [c for c in curve if c[1][0] >= 0.85]
    if precise:
        t, s = precise[-1]
        rows.append([f"TF-IDF cosine >= {t:.3f} (precision >= 0.85, oracle)", *s])
    predicted = [False] * len(pairs)
    for k in sorted(set(fold_of.values())):
        train = [n for n, (_, a, _) in enumerate(pairs) if fold_of[a] != k]
        tk, _ = max(threshold_curve([cos[n] for n in train], [pairs[n] for n in train]),
                    key=lambda c: c[1][2])
        for n, (_, a, _) in enumerate(pairs):
            if fold_of[a] == k:
                predicted[n] = cos[n] >= tk
    rows.append(["TF-IDF cosine, best-F1 threshold of the other folds (CV)",
                 *scores(predicted, pairs)])
    return rows


def run_folds(sentences: dict[str, str], fold_of: dict[str, int], workdir: Path,
              options: list[str], models: Path | None, code: Path | None,
              cross_encoders: Path | None = None) -> dict[str, set[str]]:
    """Run each fold's sentences through `claimtrail run`; the clusters of each document's
    claims, over all folds. With cross_encoders, fold k's pairs are decided by the cross-encoder
    trained without it (cross_encoders/msrp_fold{k}.ce.safetensors)."""
    clusters_of: defaultdict[str, set[str]] = defaultdict(set)
    for k in sorted(set(fold_of.values())):
        records = [{"id": s, "text": t} for s, t in sentences.items() if fold_of.get(s) == k]
        cross = ["--cross-encoder", str(cross_encoders / f"msrp_fold{k}.ce.safetensors")] \
            if cross_encoders else []
        db = run_fold(records, "msrp", k, workdir, models, code, [*options, *cross])
        with duckdb.connect(str(db), read_only=True) as con:
            for doc, cluster in con.execute("SELECT doc_id, cluster_id FROM claims").fetchall():
                clusters_of[doc].add(cluster)
    return clusters_of


def main(argv: list[str] | None = None) -> int:
    """Run the folds through the pipeline, score the pairs, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--models", type=Path, help="folder of msrp_fold{k}.json fold models")
    parser.add_argument("--cross-encoders", type=Path, help="folder of msrp_fold{k}.ce.safetensors "
                        "fold cross-encoders (bench/train_cross_encoder.py): out of fold")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only-folds", default="", metavar="K,K,...",
                        help="run and score only these folds (e.g. those with fold models)")
    parser.add_argument("--link-bars", default="",
                        help="comma-separated link bars to run besides the default (the curve)")
    parser.add_argument("--code", type=Path, help="run the pipeline from this checkout")
    parser.add_argument("--options", default="", help="more `claimtrail run` options, e.g. "
                        "'--link-bar 0.2 --merge-bar 0.05' for the learned model's bars")
    parser.add_argument("--workdir", type=Path, help="where the runs go (default: temporary)")
    parser.add_argument("--examples", type=int, default=0, help="print N errors of each kind")
    args = parser.parse_args(argv)
    pairs, sentences = read_msrp(args.corpus)
    counts = (len(pairs), sum(g for g, _, _ in pairs))
    assert counts == EXPECTED, f"expected {EXPECTED} (pairs, positive), read {counts}"
    fold_of = msrp_folds(pairs, args.folds)
    if args.only_folds:  # a part of the folds: their sentences and the pairs between them
        kept = {int(k) for k in args.only_folds.split(",")}
        fold_of = {s: k for s, k in fold_of.items() if k in kept}
        pairs = [p for p in pairs if p[1] in fold_of]
        counts = (len(pairs), sum(g for g, _, _ in pairs))
    doc_of = {k: content_id(s) for k, s in sentences.items()}
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="claimtrail-msrp-"))
    name = ("before (--code)" if args.code else "claimtrail, fold models (out of fold)"
            if args.models else f"claimtrail, {GroupOptions().link_model} model")
    if args.cross_encoders:
        name += ", fold cross-encoders (out of fold)"
    name += f" {args.options}".rstrip()
    rows, predicted_default = [], None
    bars = [None] + [float(b) for b in args.link_bars.split(",") if b]
    for bar in bars:
        options = args.options.split() + ([] if bar is None else ["--link-bar", str(bar)])
        clusters_of = run_folds(sentences, fold_of, workdir, options, args.models, args.code,
                                args.cross_encoders)
        s = msrp_scores(pairs, clusters_of, doc_of)
        label = name + ("" if bar is None else f" --link-bar {bar:g}")
        rows.append([label, s["P"], s["R"], s["F1"], s["acc"]])
        if bar is None:
            predicted_default = [bool(clusters_of.get(doc_of[a], set())
                                      & clusters_of.get(doc_of[b], set())) for _, a, b in pairs]
    print(f"MSRP train: {counts[0]} pairs, {counts[1]} positive, {len(fold_of)} distinct "
          f"sentences as documents, {len(set(fold_of.values()))} of {args.folds} folds (one "
          "`claimtrail run` each)\n")
    print(render(["predictor", "prec", "recall", "F1", "accuracy"],
                 rows + peers(sentences, pairs, fold_of)))
    if args.examples and predicted_default is not None:
        errors: defaultdict[str, list[str]] = defaultdict(list)
        for (gold, a, b), pred in zip(pairs, predicted_default, strict=True):
            if gold != pred:
                errors["FP" if pred else "FN"].append(f"  {sentences[a]}\n  {sentences[b]}")
        for kind, lines in sorted(errors.items()):
            print(f"\n{kind} ({len(lines)}), first {args.examples}:")
            print("\n\n".join(lines[:args.examples]))
    print(f"\nruns in {workdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
