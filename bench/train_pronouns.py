"""Train the he/she ranker (tasks/extract/models/pronouns.json) on hand-labelled PolNeAR train
pronouns.

    python -m bench.train_pronouns CORPUS/polnear-train [--labels FILE] [--C 1.0] [--write]

Needs the `train` extra (scikit-learn); the extractor reads the weights with the standard
library only.

Examples: each he/she source of bench/polnear_train_pronouns.tsv whose referent is named (a
random sample of the train split's pronoun sources, labelled by reading the articles). Its
candidates are the extractor's own: those `DocumentSpeakers` ranked when the extractor's
attribution (tasks/extract/speakers.py `attribute_document`, the committed attribution model,
the run's thresholds) resolved the pronoun, so that what earlier sources showed is read as in a
run (a pronoun the extractor finds no attribution for: the candidates at its offset after the
document is read). Each is labelled right when its name holds a head word of the referent.
Features (FEATURES, as `PronounRanker.score` reads them): log(1 + mentions so far), sentences
since the latest mention (capped), whether the latest mention opened a sentence within the two
before, whether it was inside a quotation, whether the person was named beside a speech verb or
as a source within the four before, whether the person is the latest attribution's speaker.
Model: L2-regularised logistic regression over the candidates, without intercept (it only
ranks; lbfgs: deterministic); the referent is the highest scored candidate. Since earlier
pronouns' resolutions are read too (a person "she" was resolved to is no candidate for "he"),
the examples depend on the committed weights: --write trains again on the examples the written
weights make until they come out the same (a fixed point, reached after one round; it fails
if none is reached in MAX_ROUNDS).

Printed: cross-validated accuracy (by article, the folds of bench/train_attribution.py: each
article's pronouns ranked by the model trained on the other folds), beside the rule it replaced
in the same run (the latest mentioned person) and the share of pronouns whose referent is among
the candidates at all (the ceiling). With --write, the model trained on every example is written.
"""

import argparse
import json
import math
import sys
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench.polnear import LABELS, Labels, is_pronoun, load, read_labels, words
from bench.train_attribution import fold_of, prepare
from tasks.extract.attribution_model import load_model
from tasks.extract.options import ExtractOptions
from tasks.extract.speakers import (
    DISTANCE_CAP,
    PRONOUN_MODEL,
    DocumentSpeakers,
    PersonCandidate,
    PronounRanker,
    attribute_document,
    pronoun_ranker,
)

TRAIN_LABELS = LABELS.with_name("polnear_train_pronouns.tsv")
FEATURES = ("mentions", "distance", "opened", "quoted", "spoke", "last")
FOLDS = 5
MAX_ROUNDS = 5  # of --write's retraining to a fixed point


def features(c: PersonCandidate) -> list[float]:
    """What the ranker reads of a candidate, in FEATURES order (as PronounRanker.score)."""
    return [math.log1p(c.mentions), float(min(c.distance, DISTANCE_CAP)), float(c.opened),
            float(c.quoted), float(c.spoke), float(c.last)]


def examples(corpus: Path, labels: Labels) -> list[tuple[str, list[PersonCandidate], set[str]]]:
    """(article, candidates, referent head words) of each labelled he/she with a referent."""
    o = ExtractOptions()
    model = load_model(o.attribution_model, o.cue_threshold, o.source_threshold,
                       o.speaker_threshold)
    out = []
    for article in load(corpus):
        wanted = [(g.source[0][0], g.source_text.lower()) for g in article.attributions
                  if g.source and g.source_text and is_pronoun(g.source_text)
                  and g.source_text.lower() in ("he", "she")
                  and labels.get((article.name, g.source[0][0]))]
        if not wanted:
            continue
        ad = prepare(article)
        spans = ad.spans()
        starts = [a for a, _, _ in spans]
        speakers = DocumentSpeakers(ad.text, model.first_names, model.heads, starts,
                                    pronoun_ranker(), keep_candidates=True)
        attribute_document(model, ad.text, spans, ad.block_quotes, speakers)
        ranked = speakers.ranked or {}
        to_raw = ad.to_raw or range(len(ad.text))
        for raw_at, pronoun in sorted(set(wanted)):
            at = bisect_right(to_raw, raw_at) - 1
            sentence = max(0, bisect_right(starts, at) - 1)
            cands = ranked[at] if at in ranked else speakers.person_candidates(at, sentence,
                                                                                pronoun)
            out.append((article.name, cands, labels[article.name, raw_at]))
    return out


def _same(a: list[tuple[str, list[PersonCandidate], set[str]]],
          b: list[tuple[str, list[PersonCandidate], set[str]]]) -> bool:
    """Whether two lists of examples are the same: candidates compared by name and features (a
    PersonCandidate is a plain class, equal only to itself)."""
    def key(rows: list[tuple[str, list[PersonCandidate], set[str]]]) -> list:
        return [(n, [(c.name, *features(c)) for c in cs], ref) for n, cs, ref in rows]
    return key(a) == key(b)


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
    labels = read_labels(args.labels)
    rows = examples(args.corpus, labels)
    if args.write:
        for _ in range(MAX_ROUNDS):
            written = fit(rows, args.C)
            PRONOUN_MODEL.write_text(json.dumps({"weights": weights_of(written)}, indent=1)
                                     + "\n", encoding="utf-8")
            pronoun_ranker.cache_clear()
            again = examples(args.corpus, labels)
            if _same(again, rows):
                break
            rows = again
        else:
            print(f"train_pronouns: no fixed point in {MAX_ROUNDS} rounds", file=sys.stderr)
            return 1
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
              "weights": weights_of(weights)}
    print(json.dumps(report, indent=1))
    return 0


def weights_of(weights: np.ndarray) -> dict[str, float]:
    """The weights by feature name, rounded as written."""
    return dict(zip(FEATURES, np.round(weights, 4).tolist(), strict=True))


if __name__ == "__main__":
    raise SystemExit(main())
