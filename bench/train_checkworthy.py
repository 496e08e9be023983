"""Train the check-worthiness model (tasks/extract/models/checkworthy.json) on CheckThat! 2019.

    python -m bench.train_checkworthy CORPUS/checkthat2019-train [--out FILE] [--folds DIR]
        [--C 0.1] [--min-debates 3] [--without PREFIX ...]

Needs the `train` extra (scikit-learn, scipy); the extractor reads the model with the standard
library only.

Examples: every claim candidate of every debate (each transcript is one document, its sentences
joined by blank lines, as bench/eval_checkthat.py writes them; the candidates are the
extractor's own, tasks.extract.claims.read_candidates), labelled with the label of the
sentences it overlaps (1 = check-worthy). Features: tasks.extract.checkworthy.feature_keys, kept
when they occur in at least --min-debates training debates, so that no feature is one
sentence's. Model: L2-regularised logistic regression (liblinear, a fixed random_state:
deterministic; two runs write the same bytes).

Cross-validation is by debate (leave one debate out): each debate's candidates are scored by the
model trained on the 18 others. From those out-of-fold scores it prints the mean average
precision over the debates, the threshold with the best pooled F1 of "a kept claim covers the
sentence" (the keep decision of tasks/extract/filters.py, vetoes included), and the F1 when
each debate's threshold is chosen on the other 18 instead (what choosing it costs). --folds
writes each fold's model as DIR/<debate>.json, for bench/eval_checkthat.py to run the pipeline
with a model that never saw the debate it scores. The final model is trained on every debate.
--without drops the features whose key starts with a prefix (e.g. `f:i_` for the first-person
subject forms), to measure what they bring.
"""

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.eval_checkthat import (
    average_precision,
    covered_sentences,
    debate_document,
    read_debates,
)
from tasks.extract.checkworthy import DocumentFeatures, feature_keys, states_record
from tasks.extract.claims import read_candidates
from tasks.extract.filters import REPORT_CONVERSATIONAL, veto

GRID = np.round(np.arange(0.02, 0.9, 0.01), 2)


@dataclass
class Example:
    """One candidate: its features, label, raw span, and what the keep decision needs besides
    the score (the veto that drops it, or whether it is kept in a report whatever its score:
    reported speech or a pronoun-subject record, tasks/extract/filters.py drop_reason)."""

    keys: list[str]
    label: int
    start: int
    end: int
    vetoed: bool
    said_in_report: bool


def debate_examples(text: str, gold: list[bool], starts: list[int]) -> list[Example]:
    """The candidates of one debate document as examples."""
    dc = read_candidates(text)
    to_raw = dc.norm.to_raw
    scorer = DocumentFeatures(dc.ctx)
    report = scorer.unquoted < REPORT_CONVERSATIONAL
    out = []
    for c, found in dc.candidates:
        if c.sentence.kind == "heading":
            continue  # never scored (tasks.extract.claims.extract_document)
        a, b = (c.start, c.end) if to_raw is None else (to_raw[c.start], to_raw[c.end])
        label = max(gold[i] for i in covered_sentences(starts, a, b))
        words, flags = scorer.features(c, found)
        said = c.attribution is not None or c.quote is not None or states_record(flags)
        out.append(Example(feature_keys(words, flags + scorer.doc_flags), int(label), a, b,
                           veto(dc.ctx, c, bool(found)) is not None, report and said))
    return out


def fit(train: list[list[Example]], C: float, min_debates: int, without: tuple[str, ...]
        ) -> tuple[float, dict[str, float]]:
    """Bias and weight per feature key of a logistic model trained on the debates' examples."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    seen: dict[str, int] = defaultdict(int)
    for examples in train:
        for k in {k for e in examples for k in e.keys}:
            seen[k] += 1
    vocab = sorted(k for k, n in seen.items() if n >= min_debates and not k.startswith(without))
    col = {k: i for i, k in enumerate(vocab)}
    rows, cols = [], []
    flat = [e for examples in train for e in examples]
    for r, e in enumerate(flat):
        present = [col[k] for k in e.keys if k in col]  # counts: a repeated word sums
        rows += [r] * len(present)
        cols += present
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(flat), len(vocab)))
    y = np.array([e.label for e in flat])
    model = LogisticRegression(C=C, solver="liblinear", random_state=0, max_iter=1000)
    model.fit(x, y)
    return float(model.intercept_[0]), dict(zip(vocab, model.coef_[0].tolist(), strict=True))


def scores(bias: float, weights: dict[str, float], examples: list[Example]) -> np.ndarray:
    """The model's score of each example (a key present twice counts twice, as at run time)."""
    margins = np.array([bias + sum(weights.get(k, 0.0) for k in e.keys) for e in examples])
    return 1.0 / (1.0 + np.exp(-margins))


def sentence_view(examples: list[Example], s: np.ndarray, n: int, starts: list[int]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: the highest score of the candidates overlapping it (its rank), and the
    highest score of those no veto drops (1 for what a report keeps whatever its score; -1
    when there is none): the sentence is covered at threshold t when that is >= t."""
    best, free = np.zeros(n), np.full(n, -1.0)
    for e, v in zip(examples, s, strict=True):
        for i in covered_sentences(starts, e.start, e.end):
            best[i] = max(best[i], v)
            if not e.vetoed:
                free[i] = max(free[i], 1.0 if e.said_in_report else v)
    return best, free


def pooled_prf(per: dict, names: list[str], t: float | dict[str, float]
               ) -> tuple[float, float, float]:
    """Pooled precision, recall and F1 of "a kept claim covers the sentence" at threshold t
    (one for all debates, or one per debate)."""
    kept = np.concatenate([per[d][1] >= (t[d] if isinstance(t, dict) else t) for d in names])
    gold = np.concatenate([per[d][2] for d in names])
    tp = float(np.sum(kept & gold))
    p = tp / kept.sum() if kept.sum() else 0.0
    r = tp / gold.sum() if gold.sum() else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(per: dict, names: list[str]) -> float:
    """The grid threshold with the best pooled F1 over the debates (the lowest of ties)."""
    f1s = [pooled_prf(per, names, t)[2] for t in GRID]
    return float(GRID[int(np.argmax(f1s))])


def model_json(bias: float, weights: dict[str, float], prune: float, meta: dict) -> str:
    """The model file: weights of at least `prune` in size, rounded, by table; sorted keys."""
    kept = {k: round(w, 4) for k, w in weights.items() if abs(w) >= prune}
    model = {
        "bias": round(bias, 4),
        "words": {k[2:]: w for k, w in sorted(kept.items()) if k.startswith("u:")},
        "openers": {k[2:]: w for k, w in sorted(kept.items()) if k.startswith("o:")},
        "flags": {k[2:]: w for k, w in sorted(kept.items()) if k.startswith("f:")},
        **meta,
    }
    return json.dumps(model, indent=0, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Cross-validate by debate, print the figures, write the model (and the fold models)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="checkthat2019-train folder")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).parent.parent / "tasks/extract/models"
                        / "checkworthy.json")
    parser.add_argument("--folds", type=Path, help="write each fold's model as DIR/<debate>.json")
    parser.add_argument("--C", type=float, default=0.1, help="inverse L2 strength (0.1)")
    parser.add_argument("--min-debates", type=int, default=3,
                        help="keep features seen in at least this many debates (3)")
    parser.add_argument("--prune", type=float, default=0.01, help="drop |weight| below this")
    parser.add_argument("--without", action="append", default=[], metavar="PREFIX",
                        help="leave out the features whose key starts with PREFIX")
    parser.add_argument("--no-write", action="store_true", help="only cross-validate")
    args = parser.parse_args(argv)
    without = tuple(args.without)

    per_debate, examples = {}, {}
    for name, rows in read_debates(args.corpus).items():
        text, starts = debate_document(rows)
        gold = [g for _, _, g in rows]
        examples[name] = debate_examples(text, gold, starts)
        per_debate[name] = (starts, np.array(gold))
    names = list(examples)
    print(f"{len(names)} debates, {sum(map(len, examples.values()))} candidates",
          file=sys.stderr)
    meta = {"C": args.C, "min_debates": args.min_debates, "without": list(without)}
    per = {}
    for d in names:
        bias, weights = fit([examples[o] for o in names if o != d], args.C, args.min_debates,
                            without)
        starts, labels = per_debate[d]
        per[d] = (*sentence_view(examples[d], scores(bias, weights, examples[d]), len(labels),
                                 starts), labels)
        if args.folds and not args.no_write:
            args.folds.mkdir(parents=True, exist_ok=True)
            (args.folds / f"{d}.json").write_text(
                model_json(bias, weights, args.prune, {**meta, "left_out": d}), encoding="utf-8")
    threshold = best_threshold(per, names)
    mean_ap = float(np.mean([average_precision(per[d][0], per[d][2]) for d in names]))
    p, r, f = pooled_prf(per, names, threshold)
    held = {d: best_threshold(per, [o for o in names if o != d]) for d in names}
    ph, rh, fh = pooled_prf(per, names, held)
    print(f"out of fold: MAP {mean_ap:.3f}; threshold {threshold:.2f} (best pooled F1): "
          f"P/R/F1 {p:.3f}/{r:.3f}/{f:.3f}; each debate's threshold chosen on the other 18: "
          f"P/R/F1 {ph:.3f}/{rh:.3f}/{fh:.3f}")
    if not args.no_write:
        bias, weights = fit(list(examples.values()), args.C, args.min_debates, without)
        cv = {"map": round(mean_ap, 4), "threshold": threshold, "f1": round(f, 4),
              "f1_threshold_held_out": round(fh, 4)}
        args.out.write_text(model_json(bias, weights, args.prune, {**meta, "cv": cv}),
                            encoding="utf-8")
        print(f"wrote {args.out}" + (f" and {len(names)} fold models in {args.folds}"
                                     if args.folds else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
