"""Claims about one real-world event across documents, through the real pipeline: ECB+ dev.

    python -m bench.eval_ecbplus CORPUS_DIR [--models DIR] [--folds 5] [--code DIR]
                                 [--workdir DIR]

CORPUS_DIR is ecbplus-dev/ (the file's defects are handled by bench/corpora.py: spurious
records, mentions not at their offsets, ids sharing a text). Each record is one JSONL document;
the documents are dealt into folds by topic group, and each fold is one `claimtrail run`. With
--models, fold k is grouped by DIR/ecb_fold{k}.json, the link model trained without it (out of
fold); without, by the default link model (the hand rules: nothing trained); with --code, by
that checkout's code (the figures before a change). Scored on the warehouses' claims:

- units: the claims holding a gold event mention (the smallest claim holding it);
- cross-document claim links: every pair of units in different documents; gold when they hold
  mentions of one event, predicted when they share a cluster;
- event counts: for each event reported by >= 2 documents, whether the cluster holding most of
  its mentions counts exactly its documents (the issue's definition); and, labelled as such, the
  same for the union of the clusters holding >= 2 of its mentions (a variant: one event is
  several claims).

Peers over the same units, in the same run: all-positive (every cross-document pair linked;
events: one cluster of everything), and sentence TF-IDF (lower-cased words, idf log(N/df) over
every gold sentence of the corpus; each unit's sentence vector) linked at cosine >= t, t at its
best F1 (an oracle) and chosen on the other folds (cross-validated); its event counts from the
connected components of its links at the oracle t.
"""

import argparse
import math
import re
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import numpy as np

from bench import render
from bench.corpora import (
    ECB_DIR,
    Ecb,
    Unit,
    cross_pairs,
    ecb_event_counts,
    ecb_link_scores,
    ecb_units,
    prf,
    run_fold,
)
from tasks.group.options import GroupOptions
from tasks.group.unionfind import components

_WORD = re.compile(r"\w+")
_CLAIMS = ("SELECT claim_id, doc_id, raw_start, raw_end, sentence_start, sentence_end, "
           "cluster_id FROM claims")


def run_folds(ecb: Ecb, fold_of: dict[str, int], workdir: Path, models: Path | None,
              code: Path | None, options: list[str]) -> list[tuple]:
    """Run each fold's documents through `claimtrail run`; the claims of all folds."""
    claims: list[tuple] = []
    for k in sorted(set(fold_of.values())):
        records = [r for r in ecb.records() if fold_of[ecb.doc_of[r["id"]]] == k]
        db = run_fold(records, "ecb", k, workdir, models, code, options)
        with duckdb.connect(str(db), read_only=True) as con:
            claims += con.execute(_CLAIMS).fetchall()
    return claims


def sentence_vectors(ecb: Ecb, units: list[Unit]) -> np.ndarray:
    """Each unit's sentence as a unit-length TF-IDF vector (idf over all gold sentences)."""
    sentences = [ecb.doc_text[d][a:b] for d, spans in ecb.sentences.items() for a, b in spans]
    df = Counter(w for s in sentences for w in set(_WORD.findall(s.lower())))
    vocab = {w: k for k, w in enumerate(sorted(df))}
    x = np.zeros((len(units), len(vocab)), np.float32)
    for u, unit in enumerate(units):
        a, b = unit.sentence
        for w, c in Counter(_WORD.findall(ecb.doc_text[unit.doc_id][a:b].lower())).items():
            if w in vocab:
                x[u, vocab[w]] = c * math.log(len(sentences) / df[w])
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norm == 0, 1, norm)


def best_threshold(s: np.ndarray, g: np.ndarray, n_gold: int) -> tuple[float, float, float, float]:
    """The cosine threshold with the best F1 over pairs (s, g), and its P / R / F1."""
    o = np.argsort(-s, kind="stable")
    tp = np.cumsum(g[o])
    p, r = tp / np.arange(1, len(o) + 1), tp / max(n_gold, 1)
    f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0.0)
    b = int(np.argmax(f))
    return float(s[o][b]), float(p[b]), float(r[b]), float(f[b])


def tfidf_peer(ecb: Ecb, units: list[Unit], covered: dict, fold_of: dict[str, int]) -> list[list]:
    """The sentence TF-IDF peer's rows (oracle and cross-validated thresholds)."""
    x = sentence_vectors(ecb, units)
    i, j = np.triu_indices(len(units), 1)
    doc = np.array([u.doc_id for u in units])
    cross = doc[i] != doc[j]
    i, j = i[cross], j[cross]
    s = (x @ x.T)[i, j]
    gold = cross_pairs(units, [u.chains for u in units])
    g = np.array([(a, b) in gold for a, b in zip(i.tolist(), j.tolist(), strict=True)])
    t, p, r, f = best_threshold(s, g, len(gold))
    fold = np.array([fold_of[d] for d in doc])
    predicted = np.zeros(len(s), bool)
    for k in sorted(set(fold.tolist())):
        train = (fold[i] != k) & (fold[j] != k)
        tk, *_ = best_threshold(s[train], g[train], int(g[train].sum()))
        predicted |= ((fold[i] == k) | (fold[j] == k)) & (s >= tk)
    cp, cr, cf = prf(int((predicted & g).sum()), int((predicted & ~g).sum()),
                     int((~predicted & g).sum()))
    # events: connected components of the links at the oracle threshold
    label = components(len(units), i[s >= t], j[s >= t])
    component = [str(c) for c in label.tolist()]
    docs_of: defaultdict[str, set[str]] = defaultdict(set)
    for u, c in enumerate(component):
        docs_of[c].add(units[u].doc_id)
    events = ecb_event_counts(ecb, covered, component, docs_of)
    return [[f"sentence TF-IDF >= {t:.3f} (best F1, oracle)", p, r, f,
             events["exact_share"], events["union_share"]],
            ["sentence TF-IDF, threshold of the other folds (CV)", cp, cr, cf, "", ""]]


def main(argv: list[str] | None = None) -> int:
    """Run the folds through the pipeline, score the links and event counts, print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the ecbplus-dev folder (or the folder above)")
    parser.add_argument("--models", type=Path, help="folder of ecb_fold{k}.json fold models")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--code", type=Path, help="run the pipeline from this checkout")
    parser.add_argument("--options", default="", help="more `claimtrail run` options, e.g. "
                        "'--link-bar 0.2 --merge-bar 0.05' for the learned model's bars")
    parser.add_argument("--workdir", type=Path, help="where the runs go (default: temporary)")
    args = parser.parse_args(argv)
    corpus = args.corpus if (args.corpus / "ecbplus-dev.jsonl").exists() else args.corpus / ECB_DIR
    ecb = Ecb(corpus)
    fold_of = ecb.folds(args.folds)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="claimtrail-ecbplus-"))
    claims = run_folds(ecb, fold_of, workdir, args.models, args.code, args.options.split())
    units, covered = ecb_units(ecb, claims)
    cluster = {c[0]: c[6] for c in claims}
    docs_of: defaultdict[str, set[str]] = defaultdict(set)
    for c in claims:
        docs_of[c[6]].add(c[1])
    of_unit = [cluster[u.claim_id] for u in units]
    links = ecb_link_scores(units, of_unit)
    events = ecb_event_counts(ecb, covered, of_unit, docs_of)
    name = ("before (--code)" if args.code else "claimtrail, fold models (out of fold)"
            if args.models else f"claimtrail, {GroupOptions().link_model} model")
    name += f" {args.options}".rstrip()
    everything = ["all"] * len(units)
    all_links = ecb_link_scores(units, everything)
    all_events = ecb_event_counts(ecb, covered, everything, {"all": set(ecb.doc_text)})
    print(f"ECB+ dev: {ecb.spurious} spurious records left out (an id repeated with another "
          f"topic's text); {ecb.n_raw_mentions} gold mentions, {ecb.dropped} dropped (not at "
          f"their offsets); {len(ecb.doc_text)} documents in {args.folds} folds by topic group; "
          f"{len(units)} units hold {len(covered)} mentions; {links['gold']} gold cross-document "
          f"links; {events['events']} events reported by >= 2 documents\n")
    print(render(["predictor", "prec", "recall", "F1", "events exact", "union (variant)"], [
        [name, links["P"], links["R"], links["F1"], events["exact_share"],
         events["union_share"]],
        ["all positive", all_links["P"], all_links["R"], all_links["F1"],
         all_events["exact_share"], all_events["union_share"]],
        *tfidf_peer(ecb, units, covered, fold_of)]))
    print(f"\nruns in {workdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
