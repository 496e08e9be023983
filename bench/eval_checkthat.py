"""Check-worthiness on CLEF CheckThat! 2019 task 1 training data (debate and speech transcripts),
measured through the pipeline.

    python -m bench.eval_checkthat CORPUS_DIR [--folds DIR] [--workdir DIR] [--examples N]

CORPUS_DIR/training/*.tsv: line number, speaker, sentence, label (1 = worth fact-checking). Each
transcript is written as one input document (a JSONL record, its sentences joined by blank
lines) and `claimtrail run` extracts it into a temporary lake and warehouse. Then the warehouse is
scored: every candidate the extractor considered is a row of `claims` or of `non_claims`, each
with its `checkworthiness`, so each sentence gets the highest score of the rows overlapping it
(0 when none does), and is predicted check-worthy when a claim overlaps it.

- MAP: the mean over the debates of the average precision of the debate's sentences ranked by
  score (tied scores as one group, as scikit-learn does).
- P / R / F1 of "a kept claim covers the sentence", pooled over all sentences, and the mean of
  the per-debate F1s.

Out of fold: with --folds DIR (written by `python -m bench.train_checkworthy CORPUS --folds DIR`),
each debate is extracted by its own run with `--checkworthiness-model DIR/<debate>.json`, a
model trained without that debate, so no debate is scored by a model that saw it. Without it,
one run extracts every debate with the shipped model, which was trained on them all (in-sample:
the figures flatter it). Peers on the same sentences, in the same run: "has a digit", and all
positive.
"""

import argparse
import bisect
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from bench import prf, render

_DIGIT = re.compile(r"\d")
CLAIMTRAIL = Path(sys.executable).with_name("claimtrail")
Rows = list[tuple[str, str, bool]]


def read_sentences(path: Path) -> Rows:
    """(speaker, sentence, label) of one training file."""
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for line in f:
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) == 4 and fields[3] in ("0", "1"):
                out.append((fields[1], fields[2], fields[3] == "1"))
    return out


def read_debates(corpus: Path) -> dict[str, Rows]:
    """Every debate of the corpus, by file stem, in name order."""
    return {p.stem: read_sentences(p) for p in sorted((corpus / "training").glob("*.tsv"))}


def debate_document(rows: Rows) -> tuple[str, list[int]]:
    """The debate as one document (one sentence a paragraph) and each sentence's start."""
    starts, at = [], 0
    for _, sentence, _ in rows:
        starts.append(at)
        at += len(sentence) + 2
    return "\n\n".join(s for _, s, _ in rows), starts


def covered_sentences(starts: list[int], start: int, end: int) -> range:
    """Indices of the sentences that the raw span [start, end) overlaps."""
    first = bisect.bisect_right(starts, start) - 1
    last = bisect.bisect_left(starts, end) - 1
    return range(max(first, 0), last + 1)


def average_precision(scores: np.ndarray, gold: np.ndarray) -> float:
    """Average precision of the ranking by score, tied scores as one group."""
    if not gold.any():
        return 0.0
    order = np.argsort(-scores, kind="stable")
    s, g = scores[order], gold[order].astype(float)
    tp = np.cumsum(g)
    ends = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # the last index of each tie group
    recall, precision = tp[ends] / g.sum(), tp[ends] / (ends + 1.0)
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def write_inputs(debates: dict[str, Rows], folder: Path) -> dict[str, Path]:
    """Each debate as a one-record JSONL input file (id: the debate's name)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, rows in debates.items():
        out[name] = folder / f"{name}.jsonl"
        record = {"id": name, "title": name, "text": debate_document(rows)[0]}
        out[name].write_text(json.dumps(record) + "\n", encoding="utf-8")
    return out


def run_pipeline(inputs: list[Path], work: Path, extra: list[str]) -> None:
    """`claimtrail run` over the inputs into work/lake and work/warehouse.duckdb (a child
    process, with its own Prefect home in work)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(work / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    cmd = [str(CLAIMTRAIL), "run", *map(str, inputs), "--lake", str(work / "lake"),
           "--db", str(work / "warehouse.duckdb"), *extra]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"claimtrail run failed ({done.returncode}):\n{done.stdout}"
                         f"{done.stderr[-3000:]}")


def warehouse_spans(db: Path) -> dict[str, list[tuple[int, int, float, bool]]]:
    """Per debate (the JSONL id): every claim and non-claim as (raw_start, raw_end,
    checkworthiness, kept)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("""
            SELECT regexp_extract(d.source_uri, '#(.*)$', 1), s.raw_start, s.raw_end,
                   coalesce(s.checkworthiness, 0), s.kept  -- headings are not scored
            FROM (SELECT doc_id, raw_start, raw_end, checkworthiness, true AS kept FROM claims
                  UNION ALL
                  SELECT doc_id, raw_start, raw_end, checkworthiness, false FROM non_claims) s
            JOIN documents d USING (doc_id)""").fetchall()
    finally:
        con.close()
    out: dict[str, list[tuple[int, int, float, bool]]] = {}
    for name, a, b, score, kept in rows:
        out.setdefault(name, []).append((a, b, score, kept))
    return out


def sentence_view(rows: Rows, spans: list[tuple[int, int, float, bool]]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: the highest score of the rows overlapping it, and whether a claim does."""
    _, starts = debate_document(rows)
    score, kept = np.zeros(len(rows)), np.zeros(len(rows), dtype=bool)
    for a, b, s, k in spans:
        for i in covered_sentences(starts, a, b):
            score[i] = max(score[i], s)
            kept[i] |= k
    return score, kept


def figures(per: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> dict:
    """MAP, pooled P/R/F1, mean per-debate F1 and sentences kept from {debate: (score, kept,
    gold)}."""
    kept = np.concatenate([k for _, k, _ in per.values()])
    gold = np.concatenate([g for _, _, g in per.values()])
    tp = int(np.sum(kept & gold))
    p, r, f = prf(tp, int(kept.sum()) - tp, int(gold.sum()) - tp)
    each = [prf(int(np.sum(k & g)), int(np.sum(k & ~g)), int(np.sum(~k & g)))[2]
            for _, k, g in per.values()]
    aps = {d: average_precision(s, g) for d, (s, _, g) in per.items()}
    return {"map": float(np.mean(list(aps.values()))), "ap": aps, "p": p, "r": r, "f1": f,
            "mean_f1": float(np.mean(each)), "kept": int(kept.sum())}


def main(argv: list[str] | None = None) -> int:
    """Run the pipeline over the debates, score the warehouse and the peers, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--folds", type=Path,
                        help="fold models DIR/<debate>.json (bench.train_checkworthy --folds): "
                        "each debate extracted by a model trained without it")
    parser.add_argument("--workdir", type=Path, help="keep the inputs, lake and warehouse here")
    parser.add_argument("--examples", type=int, default=0,
                        help="print N missed and N wrongly kept sentences")
    args = parser.parse_args(argv)
    debates = read_debates(args.corpus)
    with tempfile.TemporaryDirectory(prefix="claimtrail-checkthat-") as tmp:
        work = args.workdir or Path(tmp)
        inputs = write_inputs(debates, work / "input")
        if args.folds:
            for name, path in inputs.items():
                fold = (args.folds / f"{name}.json").resolve()
                run_pipeline([path], work, ["--checkworthiness-model", str(fold)])
        else:
            run_pipeline(list(inputs.values()), work, [])
        spans = warehouse_spans(work / "warehouse.duckdb")
    per: dict[str, dict] = {"claimtrail": {}, "has a digit": {}, "all positive": {}}
    for name, rows in debates.items():
        gold = np.array([g for _, _, g in rows])
        per["claimtrail"][name] = (*sentence_view(rows, spans.get(name, [])), gold)
        digit = np.array([bool(_DIGIT.search(s)) for _, s, _ in rows])
        per["has a digit"][name] = (digit.astype(float), digit, gold)
        per["all positive"][name] = (np.ones(len(rows)), np.ones(len(rows), bool), gold)
    results = {k: figures(v) for k, v in per.items()}
    n = sum(len(r) for r in debates.values())
    print(f"CheckThat! 2019 task 1 training: {len(debates)} debates, {n} sentences, "
          f"{sum(g for r in debates.values() for _, _, g in r)} check-worthy; claimtrail "
          + ("out of fold (one run per debate, its fold model)" if args.folds
             else "IN-SAMPLE (the shipped model saw every debate)") + "\n")
    print(render(["predictor", "MAP", "prec", "recall", "F1", "mean debate F1", "kept"],
                 [[k, r["map"], r["p"], r["r"], r["f1"], r["mean_f1"], r["kept"]]
                  for k, r in results.items()]))
    print("\naverage precision per debate:")
    print(render(["debate", *results], [[d, *(r["ap"][d] for r in results.values())]
                                        for d in debates]))
    for title, want_kept, want_gold in (("missed", False, True), ("wrongly kept", True, False)):
        shown = [(s, rows[i][1]) for d, rows in debates.items()
                 for i, s in enumerate(per["claimtrail"][d][0])
                 if per["claimtrail"][d][1][i] == want_kept and rows[i][2] == want_gold]
        for score, sentence in shown[: args.examples]:
            print(f"  {title} ({score:.3f}): {sentence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
