"""Train the he/she ranker (tasks/extract/models/pronouns.json) on hand-labelled PolNeAR train
pronouns.

    python -m bench.train_pronouns CORPUS/polnear-train [--labels FILE] [--C 1.0] [--write]

Needs the `train` extra (scikit-learn); the extractor reads the weights with the standard
library only.

Examples: each he/she source of bench/polnear_train_pronouns.tsv whose referent is named (a
random sample of the train split's pronoun sources, labelled by reading the articles). Its
candidates are the extractor's own (tasks/extract/speakers.py `DocumentSpeakers.
person_candidates`, on the normalised text and the extractor's sentences, with the committed
attribution model's first names), each labelled right when its name holds a head word of the
referent. Features (FEATURES, as `PronounRanker.score` reads them): log(1 + mentions so far),
sentences since the latest mention (capped), whether the latest mention opened a sentence within
the two before, whether it was inside a quotation, whether the person was named beside a speech
verb within the four before. Model: L2-regularised logistic regression over the candidates,
without intercept (it only ranks; lbfgs: deterministic); the referent is the highest scored
candidate.

Printed: cross-validated accuracy (by article, the folds of bench/train_attribution.py: each
article's pronouns ranked by the model trained on the other folds), beside the rule it replaced
in the same run (the latest mentioned person) and the share of pronouns whose referent is among
the candidates at all (the ceiling). With --write, the model trained on every example is written.
"""

import argparse
import json
import math
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench.polnear import LABELS, Labels, is_pronoun, load, read_labels, words
from bench.train_attribution import fold_of
from tasks.extract.attribution_model import load_model
from tasks.extract.normalise import normalise
from tasks.extract.options import ExtractOptions
from tasks.extract.segment import blocks, sentences
from tasks.extract.speakers import (
    DISTANCE_CAP,
    PRONOUN_MODEL,
    DocumentSpeakers,
    PersonCandidate,
    PronounRanker,
    pronoun_ranker,
)

TRAIN_LABELS = LABELS.with_name("polnear_train_pronouns.tsv")
FEATURES = ("mentions", "distance", "opened", "quoted", "spoke")
FOLDS = 5


def features(c: PersonCandidate) -> list[float]:
    """What the ranker reads of a candidate, in FEATURES order (as PronounRanker.score)."""
    return [math.log1p(c.mentions), float(min(c.distance, DISTANCE_CAP)), float(c.opened),
            float(c.quoted), float(c.spoke)]


def examples(corpus: Path, labels: Labels) -> list[tuple[str, list[PersonCandidate], set[str]]]:
    """(article, candidates, referent head words) of each labelled he/she with a referent."""
    o = ExtractOptions()
    model = load_model(o.attribution_model, o.cue_threshold, o.source_threshold)
    out = []
    for article in load(corpus):
        wanted = [(g.source[0][0], g.source_text.lower()) for g in article.attributions
                  if g.source and g.source_text and is_pronoun(g.source_text)
                  and g.source_text.lower() in ("he", "she")
                  and labels.get((article.name, g.source[0][0]))]
        if not wanted:
            continue
        norm = normalise(article.text)
        text = norm.text
        starts = [s.start for s in sentences(text, blocks(text))]
        speakers = DocumentSpeakers(text, model.first_names, model.heads, starts,
                                    pronoun_ranker())
        to_raw = norm.to_raw or range(len(text))
        for raw_at, pronoun in sorted(set(wanted)):
            at = bisect_right(to_raw, raw_at) - 1
            sentence = max(0, bisect_right(starts, at) - 1)
            out.append((article.name, speakers.person_candidates(at, sentence, pronoun),
                        labels[article.name, raw_at]))
    return out


def fit(rows: list[tuple[str, list[PersonCandidate], set[str]]], c: float) -> np.ndarray:
    """The logistic regression's weights over FEATURES (fitted without intercept: it ranks)."""
    from sklearn.linear_model import LogisticRegression

    x = [features(k) for _, cands, _ in rows for k in cands]
    y = [bool(words(k.name) & ref) for _, cands, ref in rows for k in cands]
    lr = LogisticRegression(C=c, max_iter=10_000, solver="lbfgs", fit_intercept=False)
    return np.asarray(lr.fit(np.array(x), np.array(y)).coef_[0])


def right(weights: np.ndarray, cands: list[PersonCandidate], ref: set[str]) -> bool:
    """Whether the candidate the ranker with these weights picks is the referent."""
    best = PronounRanker(*weights.tolist()).best(cands)
    return best is not None and bool(words(best) & ref)


def main(argv: list[str] | None = None) -> int:
    """Cross-validate, print, and with --write write the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the polnear-train folder")
    parser.add_argument("--labels", type=Path, default=TRAIN_LABELS)
    parser.add_argument("--C", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument("--write", action="store_true", help=f"write {PRONOUN_MODEL}")
    args = parser.parse_args(argv)
    rows = examples(args.corpus, read_labels(args.labels))
    by_fold = defaultdict(list)
    for row in rows:
        by_fold[fold_of(row[0], FOLDS)].append(row)
    cv = sum(right(fit([r for f, rs in by_fold.items() if f != k for r in rs], args.C), c, ref)
             for k, held in by_fold.items() for _, c, ref in held)
    latest = sum(bool(c) and bool(words(c[-1].name) & ref) for _, c, ref in rows)
    ceiling = sum(any(words(k.name) & ref for k in c) for _, c, ref in rows)
    n = len(rows)
    weights = fit(rows, args.C)
    report = {"pronouns": n, "cv_accuracy": round(cv / n, 4),
              "latest_mentioned": round(latest / n, 4), "ceiling": round(ceiling / n, 4),
              "weights": dict(zip(FEATURES, np.round(weights, 4).tolist(), strict=True))}
    print(json.dumps(report, indent=1))
    if args.write:
        PRONOUN_MODEL.write_text(json.dumps({"weights": report["weights"]}, indent=1) + "\n",
                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
