"""Train the same-claim link model (tasks/group/models/same_claim.json) on MSRP and ECB+,
cross-validated, and choose the grouping's operating point out of fold.

    python -m bench.train_same_claim CORPORA_DIR [--workdir DIR] [--folds 5] [--C 0.3]

CORPORA_DIR holds msrp-train/ and ecbplus-dev/ (bench/corpora.py reads them and handles the
ECB+ file's defects). Each corpus is first run through the pipeline (`claimtrail run`, one
document per MSRP sentence, one per ECB+ record), so the model learns on the claims the pipeline
extracts, with its speakers, figures and clause boundaries. Training pairs:

- MSRP: for each labelled sentence pair, the pair of their claims with the highest IDF cosine,
  labelled with the pair's label (pairs where a sentence has no claim are left out);
- ECB+: every pair of claims holding gold event mentions, in different documents of one topic
  group; the same claim when they hold mentions of one event (both events of a topic are in the
  group, so the similar-but-different event is among the negatives).

Vetoed pairs (figures of one kind that differ, a claim and its negation) are never scored, and
are left out. The two corpora weigh the same in total. The features are those of inference
(tasks/group/links.py `pair_features`, computed over each corpus's claims as one run would); the
model is a logistic regression (scikit-learn, the `train` extra) over the standardised features
plus a one-hot of each feature's quantile bin (N_BINS bins), stored as plain numbers.

Out of fold: MSRP folds keep sentence ids apart (components of the pair graph), ECB+ folds keep
topic groups apart. The model for MSRP fold k trains on the other MSRP folds and all of ECB+, the
model for ECB+ fold k on the other ECB+ folds and all of MSRP; they are written to
WORKDIR/models/{msrp,ecb}_fold{k}.json (for `bench.eval_msrp` / `bench.eval_ecbplus --models`).
The operating point (link bar, merge bar) is chosen by clustering each fold's claims with its
fold model (the grouping stage itself, `cluster_claims`) at every point of a grid and scoring
the clusters: the point with the best mean of MSRP pair F1 and ECB+ cross-document link F1.
The final model trains on everything. Deterministic (sorted inputs, a fixed solver).
"""

import argparse
import json
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from bench.corpora import (
    ECB_DIR,
    MSRP_FILE,
    Ecb,
    ecb_event_counts,
    ecb_link_scores,
    ecb_units,
    msrp_folds,
    msrp_scores,
    read_msrp,
    run_claimtrail,
    write_jsonl,
)
from schemas.ids import content_id
from tasks.group.candidates import candidate_pairs
from tasks.group.cluster import cluster_claims
from tasks.group.columns import value_codes
from tasks.group.figures import precise_figures
from tasks.group.links import (
    FEATURES,
    MODELS,
    Described,
    LinkModel,
    describe,
    pair_features,
)
from tasks.group.options import GroupOptions
from tasks.group.terms import match_terms

N_BINS = 6
LINK_BARS = (0.2, 0.3, 0.4, 0.5, 0.6)
MERGE_BARS = (0.05, 0.1, 0.2, 0.3, 0.4)
_CLAIMS = ("SELECT claim_id, doc_id, text, speaker, figures, raw_start, raw_end, sentence_index, "
           "sentence_start, sentence_end, run_id FROM claims ORDER BY claim_id")


def pipeline_claims(records: list[dict], name: str, workdir: Path, reuse: bool) -> pa.Table:
    """The claims `claimtrail run` extracts from records (a run into WORKDIR/name; with reuse,
    an earlier run's warehouse there)."""
    inputs = write_jsonl(records, workdir / "inputs" / name / f"{name}.jsonl")
    db = workdir / f"{name}.duckdb"
    if not (reuse and db.exists()):
        run_claimtrail([inputs.parent], db, workdir / f"{name}-lake")
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(_CLAIMS).to_arrow_table()


def described(claims: pa.Table) -> Described:
    """The claims described as one run would see them (their IDF over all of them)."""
    return describe(match_terms(claims), precise_figures(claims),
                    value_codes(claims.column("speaker"), fold_case=True))


def with_negatives(d: Described, i: np.ndarray, j: np.ndarray, label: np.ndarray,
                   fold: np.ndarray, group: np.ndarray | None, fold_of_row: np.ndarray) -> dict:
    """The labelled pairs (claim rows i, j) plus, with groups, as negatives, the candidate pairs
    blocking proposes (tasks/group/candidates.py) between claims of different groups (ECB+ topic
    groups: different events) in one fold: the pairs the model meets at run time, nearly all of
    them different claims, which the labelled pairs (chosen to be alike) lack. (MSRP has none:
    its pairs are drawn from clusters of stories, and two sentences of different pairs may well
    say the same thing.)"""
    ci, cj = candidate_pairs(d.terms) if group is not None else (np.empty(0, np.int64),) * 2
    if group is not None:
        apart = (group[ci] != group[cj]) & (fold_of_row[ci] == fold_of_row[cj])
        ci, cj = ci[apart], cj[apart]
    f = pair_features(d, np.r_[i, ci], np.r_[j, cj])
    return {"x": f.x, "y": np.r_[label, np.zeros(len(ci), bool)],
            "fold": np.r_[fold, fold_of_row[ci]], "figure_veto": f.figure_veto,
            "negation_veto": f.negation_veto, "labelled": np.r_[np.ones(len(i), bool),
                                                                np.zeros(len(ci), bool)]}


def msrp_data(corpora: Path, workdir: Path, folds: int, reuse: bool) -> dict:
    """MSRP's training pairs: features, labels, folds, vetoes."""
    pairs, sentences = read_msrp(corpora / MSRP_FILE)
    claims = pipeline_claims([{"id": k, "text": s} for k, s in sentences.items()], "msrp",
                             workdir, reuse)
    d = described(claims)
    rows_of: defaultdict[str, list[int]] = defaultdict(list)
    docs = claims.column("doc_id").to_pylist()
    for r, doc in enumerate(docs):
        rows_of[doc].append(r)
    ci, cj, owner = [], [], []
    for n, (_, a, b) in enumerate(pairs):
        for x in rows_of[content_id(sentences[a])]:
            for y in rows_of[content_id(sentences[b])]:
                ci.append(x)
                cj.append(y)
                owner.append(n)
    f = pair_features(d, np.array(ci), np.array(cj))
    owner_a = np.array(owner)
    order = np.lexsort((-f.x[:, 0], owner_a))  # per MSRP pair: the claims with the top cosine
    pick = order[np.r_[True, owner_a[order][1:] != owner_a[order][:-1]]]
    fold_of = msrp_folds(pairs, folds)
    data = with_negatives(
        d, np.array(ci)[pick], np.array(cj)[pick], np.array([pairs[o][0] for o in owner_a[pick]]),
        np.array([fold_of[pairs[o][1]] for o in owner_a[pick]]), None, np.empty(0, np.int64))
    return {**data, "pairs": pairs, "sentences": sentences, "claims": claims,
            "fold_of": fold_of}


def ecb_data(corpora: Path, workdir: Path, folds: int, reuse: bool) -> dict:
    """ECB+'s training pairs: features, labels, folds, vetoes."""
    ecb = Ecb(corpora / ECB_DIR)
    claims = pipeline_claims(ecb.records(), "ecbplus", workdir, reuse)
    rows = claims.select(["claim_id", "doc_id", "raw_start", "raw_end", "sentence_start",
                          "sentence_end"]).to_pylist()
    units, _ = ecb_units(ecb, [tuple(r.values()) for r in rows])
    row_of = {c: r for r, c in enumerate(claims.column("claim_id").to_pylist())}
    by_group: defaultdict[int, list[int]] = defaultdict(list)
    for u, unit in enumerate(units):
        by_group[ecb.group_of_doc[unit.doc_id]].append(u)
    ui, uj = [], []
    for g in sorted(by_group):
        us = by_group[g]
        for x, a in enumerate(us):
            ui += [a for b in us[x + 1:] if units[a].doc_id != units[b].doc_id]
            uj += [b for b in us[x + 1:] if units[a].doc_id != units[b].doc_id]
    fold_of = ecb.folds(folds)
    docs = [r["doc_id"] for r in rows]
    data = with_negatives(
        described(claims), np.array([row_of[units[u].claim_id] for u in ui], np.int64),
        np.array([row_of[units[u].claim_id] for u in uj], np.int64),
        np.array([bool(units[a].chains & units[b].chains) for a, b in zip(ui, uj, strict=True)]),
        np.array([fold_of[units[a].doc_id] for a in ui], np.int64),
        np.array([ecb.group_of_doc.get(doc, -1) for doc in docs]),
        np.array([fold_of.get(doc, -1) for doc in docs]))
    return {**data, "ecb": ecb, "claims": claims, "fold_of": fold_of}


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, labelled: np.ndarray, c: float,
        bins: int) -> LinkModel:
    """Logistic regression over standardised features plus quantile-bin one-hots; the bins are
    quantiles of the labelled pairs (where the decision is hard), not of the candidate
    negatives, nearly all far apart."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    edges = [np.unique(np.quantile(x[labelled, f], np.linspace(0, 1, bins + 1)[1:-1]))
             for f in range(x.shape[1])]
    columns = [(x - mean) / scale]
    for f, e in enumerate(edges):
        onehot = np.zeros((len(x), len(e) + 1))
        onehot[np.arange(len(x)), np.searchsorted(e, x[:, f], side="right")] = 1.0
        columns.append(onehot)
    lr = LogisticRegression(C=c, max_iter=10_000, solver="lbfgs")
    lr.fit(np.hstack(columns), y, sample_weight=w)
    coef, at, tables = lr.coef_[0], x.shape[1], []
    for e in edges:
        tables.append(coef[at:at + len(e) + 1].copy())
        at += len(e) + 1
    return LinkModel("same_claim", FEATURES, mean, scale, coef[:x.shape[1]].copy(),
                     tuple(edges), tuple(tables), float(lr.intercept_[0]), "")


def hand_rules() -> LinkModel:
    """The hand-set rules grouping used before the learned model, as a link model: the
    probability is the rules' strength (the `hand_rule` feature, read through a table of steps
    of 0.025 from 0.1), every other weight zero. Nothing is fitted."""
    n, k = len(FEATURES), FEATURES.index("hand_rule")
    steps = np.r_[0.01, np.round(np.arange(0.1, 1.0, 0.025), 3)]
    logit = np.log(np.minimum(steps, 0.999) / (1 - np.minimum(steps, 0.999)))
    edges = tuple(steps if f == k else np.empty(0) for f in range(n))
    tables = tuple(np.r_[np.log(1e-4 / (1 - 1e-4)), logit] if f == k else np.zeros(1)
                   for f in range(n))
    return LinkModel("hand_rules", FEATURES, np.zeros(n), np.ones(n), np.zeros(n), edges, tables,
                     0.0, "")


def curve(p: np.ndarray, y: np.ndarray) -> dict:
    """Best F1, and the best F1 at precision >= 0.85, over thresholds on p."""
    o = np.argsort(-p, kind="stable")
    tp = np.cumsum(y[o])
    prec, rec = tp / np.arange(1, len(o) + 1), tp / max(int(y.sum()), 1)
    f1 = np.where(prec + rec > 0, 2 * prec * rec / np.maximum(prec + rec, 1e-12), 0.0)
    b = int(np.argmax(f1))
    out = {"best_f1": f1[b], "P": prec[b], "R": rec[b], "at": p[o][b]}
    ok = np.flatnonzero(prec >= 0.85)
    if len(ok):
        c = ok[np.argmax(f1[ok])]
        out.update({"f1_at_p85": f1[c], "R_at_p85": rec[c]})
    return {k: round(float(v), 4) for k, v in out.items()}


def train(ms: dict, ec: dict, folds: int, c: float, bins: int, out: Path) -> dict:
    """Fold models (written to out), out-of-fold pair figures, and the final model."""
    mk, ek = ~(ms["figure_veto"] | ms["negation_veto"]), ~(ec["figure_veto"] | ec["negation_veto"])

    def weighted(m: np.ndarray, e: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        total = int(m.sum() + e.sum())
        return (np.vstack([ms["x"][m], ec["x"][e]]), np.r_[ms["y"][m], ec["y"][e]],
                np.r_[np.full(int(m.sum()), 0.5 * total / m.sum()),
                      np.full(int(e.sum()), 0.5 * total / e.sum())],
                np.r_[ms["labelled"][m], ec["labelled"][e]])

    oof_m, oof_e = np.zeros(len(ms["y"])), np.zeros(len(ec["y"]))
    out.mkdir(parents=True, exist_ok=True)
    for k in range(folds):
        model = fit(*weighted(mk & (ms["fold"] != k), ek), c, bins)
        (out / f"msrp_fold{k}.json").write_text(json.dumps(model.to_json()))
        test = ms["fold"] == k
        oof_m[test] = np.where(mk[test], model.predict(ms["x"][test]), 0.0)
        model = fit(*weighted(mk, ek & (ec["fold"] != k)), c, bins)
        (out / f"ecb_fold{k}.json").write_text(json.dumps(model.to_json()))
        test = ec["fold"] == k
        oof_e[test] = np.where(ek[test], model.predict(ec["x"][test]), 0.0)
    final = fit(*weighted(mk, ek), c, bins)
    ml, el = ms["labelled"], ec["labelled"]
    return {"final": final, "msrp_pairs": curve(oof_m[ml], ms["y"][ml]),
            "ecb_pairs": curve(oof_e[el], ec["y"][el]),
            "msrp_training": {"pairs": int(ml.sum()), "positive": int(ms["y"].sum()),
                              "candidate_negatives": int((~ml).sum()),
                              "vetoed_positive": int((~mk & ms["y"]).sum()),
                              "vetoed_negative": int((~mk & ~ms["y"]).sum())},
            "ecb_training": {"pairs": int(el.sum()), "positive": int(ec["y"].sum()),
                             "candidate_negatives": int((~el).sum()),
                             "vetoed_positive": int((~ek & ec["y"]).sum()),
                             "vetoed_negative": int((~ek & ~ec["y"]).sum())}}


def fold_clusters(claims: pa.Table, fold_of_doc: dict[str, int], models: Path, prefix: str,
                  folds: int, link_bar: float, merge_bar: float) -> dict[str, str]:
    """Each claim's cluster when each fold's claims are grouped alone by its fold model."""
    docs = np.array([fold_of_doc.get(d, -1) for d in claims.column("doc_id").to_pylist()])
    out: dict[str, str] = {}
    for k in range(folds):
        part = claims.filter(pa.array(docs == k))
        options = GroupOptions(link_model=str(models / f"{prefix}_fold{k}.json"),
                               link_bar=link_bar, merge_bar=merge_bar)
        members = cluster_claims(part, {r: 0 for r in set(part.column("run_id").to_pylist())},
                                 options).members
        out.update(zip(members.column("claim_id").to_pylist(),
                       members.column("cluster_id").to_pylist(), strict=True))
    return out


def sweep(ms: dict, ec: dict, folds: int, models: Path) -> list[dict]:
    """Out-of-fold cluster figures at every (link bar, merge bar) of the grid."""
    ecb, ecb_claims = ec["ecb"], ec["claims"]
    rows = ecb_claims.select(["claim_id", "doc_id", "raw_start", "raw_end", "sentence_start",
                              "sentence_end"]).to_pylist()
    units, covered = ecb_units(ecb, [tuple(r.values()) for r in rows])
    doc_of = {k: content_id(s) for k, s in ms["sentences"].items()}
    msrp_fold_of_doc = {doc_of[k]: f for k, f in ms["fold_of"].items()}
    results = []
    for link_bar in LINK_BARS:
        for merge_bar in MERGE_BARS:
            cl = fold_clusters(ms["claims"], msrp_fold_of_doc, models, "msrp", folds, link_bar,
                               merge_bar)
            clusters_of: defaultdict[str, set[str]] = defaultdict(set)
            for c, d in zip(ms["claims"].column("claim_id").to_pylist(),
                            ms["claims"].column("doc_id").to_pylist(), strict=True):
                clusters_of[d].add(cl[c])
            m = msrp_scores(ms["pairs"], clusters_of, doc_of)
            cl = fold_clusters(ecb_claims, ec["fold_of"], models, "ecb", folds, link_bar,
                               merge_bar)
            docs_of: defaultdict[str, set[str]] = defaultdict(set)
            for r in rows:
                docs_of[cl[r["claim_id"]]].add(r["doc_id"])
            of_unit = [cl[u.claim_id] for u in units]
            e = {**ecb_link_scores(units, of_unit),
                 **ecb_event_counts(ecb, covered, of_unit, docs_of)}
            results.append({"link_bar": link_bar, "merge_bar": merge_bar,
                             "msrp": {k: round(v, 4) for k, v in m.items()},
                             "ecb": {k: round(v, 4) if isinstance(v, float) else v
                                     for k, v in e.items()},
                             "mean_f1": round((m["F1"] + e["F1"]) / 2, 4)})
            print(json.dumps(results[-1]), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Train, cross-validate, sweep the bars, write the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, help="folder holding msrp-train/ and ecbplus-dev/")
    parser.add_argument("--workdir", type=Path, help="where runs and fold models go "
                        "(default: a temporary folder, kept)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--C", type=float, default=0.3, help="inverse L2 strength")
    parser.add_argument("--bins", type=int, default=N_BINS,
                        help=f"quantile bins per feature (default {N_BINS}; 1: linear only)")
    parser.add_argument("--no-sweep", action="store_true", help="skip the bar sweep")
    parser.add_argument("--reuse-runs", action="store_true",
                        help="use the pipeline runs an earlier call left in --workdir")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="claimtrail-train-"))
    ms = msrp_data(args.corpora, workdir, args.folds, args.reuse_runs)
    ec = ecb_data(args.corpora, workdir, args.folds, args.reuse_runs)
    report = train(ms, ec, args.folds, args.C, args.bins, workdir / "models")
    final = report.pop("final")
    MODELS.mkdir(exist_ok=True)
    (MODELS / "same_claim.json").write_text(json.dumps(final.to_json(), indent=1) + "\n")
    (MODELS / "hand_rules.json").write_text(json.dumps(hand_rules().to_json(), indent=1) + "\n")
    report["weights"] = dict(zip(FEATURES, np.round(final.weights, 3).tolist(), strict=True))
    if not args.no_sweep:
        report["sweep"] = sweep(ms, ec, args.folds, workdir / "models")
        best = max(report["sweep"], key=lambda r: (r["mean_f1"], -r["link_bar"]))
        report["operating_point"] = best
    (workdir / "report.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({k: v for k, v in report.items() if k != "sweep"}, indent=1))
    print(f"workdir: {workdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
