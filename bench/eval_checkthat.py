"""Check-worthiness on CLEF CheckThat! 2019 task 1 training data (debate and speech transcripts).

    python -m bench.eval_checkthat CORPUS_DIR [--examples N]

CORPUS_DIR/training/*.tsv: line number, speaker, sentence, label (1 = worth fact-checking). A
sentence is predicted check-worthy when claimtrail extracts at least one claim from the sentence on
its own. Peers on the same sentences: all-positive, and "has a digit".
"""

import argparse
import bisect
import re
from collections import Counter
from pathlib import Path

from bench import RUN_ID, prf, ratio, render, source_text
from tasks.extract.claims import ExtractionStats, extract_document

_DIGIT = re.compile(r"\d")


def read_sentences(path: Path) -> list[tuple[str, str, bool]]:
    """(speaker, sentence, label) of one training file."""
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for line in f:
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) == 4 and fields[3] in ("0", "1"):
                out.append((fields[1], fields[2], fields[3] == "1"))
    return out


def row(name: str, predicted: list[bool], gold: list[bool]) -> list[object]:
    """Counts and figures of one predictor."""
    c = Counter(zip(predicted, gold, strict=True))
    tp, fp, fn, tn = c[True, True], c[True, False], c[False, True], c[False, False]
    p, r, f = prf(tp, fp, fn)
    return [name, p, r, f, ratio(tp + tn, len(gold)), tp, fp, fn, tn]


def kinds_in_context(rows: list[tuple[str, str, bool]]) -> list[str]:
    """Kinds of the claims overlapping each sentence when the whole transcript is one document."""
    starts, at = [], 0
    for _, sentence, _ in rows:
        starts.append(at)
        at += len(sentence) + 2
    text = "\n\n".join(sentence for _, sentence, _ in rows)
    _, claims, _ = extract_document(source_text(text, "checkthat"), RUN_ID)
    found: list[set[str]] = [set() for _ in rows]
    for c in claims:
        first = bisect.bisect_right(starts, c.raw_start) - 1
        last = bisect.bisect_left(starts, c.raw_end) - 1
        for i in range(max(first, 0), last + 1):
            found[i].add(c.kind)
    return [",".join(sorted(k)) for k in found]


def main(argv: list[str] | None = None) -> int:
    """Predict every sentence and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--examples", type=int, default=0, help="print N errors of each kind")
    args = parser.parse_args(argv)
    files = sorted((args.corpus / "training").glob("*.tsv"))
    rows = [r for path in files for r in read_sentences(path)]
    gold = [label for _, _, label in rows]
    stats = ExtractionStats()
    kinds: list[str] = []
    for _, sentence, _ in rows:
        _, claims, doc_stats = extract_document(source_text(sentence, "checkthat"), RUN_ID)
        stats.add(doc_stats)
        kinds.append(",".join(sorted({c.kind for c in claims})))
    in_context = [k for path in files for k in kinds_in_context(read_sentences(path))]
    predictors: dict[str, list[bool]] = {
        "claimtrail (any claim)": [bool(k) for k in kinds],
        "claimtrail (a non-event claim)": [bool(k.replace("event", "").strip(",")) for k in kinds],
        "claimtrail in context (any claim)": [bool(k) for k in in_context],
        "all positive": [True] * len(rows),
        "has a digit": [bool(_DIGIT.search(s)) for _, s, _ in rows],
    }
    print(f"CheckThat! 2019 task 1 training: {len(files)} files, {len(rows)} sentences, "
          f"{sum(gold)} check-worthy\n")
    table = [row(name, predicted, gold) for name, predicted in predictors.items()]
    print(render(["predictor", "prec", "recall", "F1", "accuracy", "TP", "FP", "FN", "TN"], table))
    print("\n(in context: each transcript extracted as one document, one sentence a paragraph; a "
          "sentence\nis positive when a claim overlaps it)")
    print(f"\nclaims kept by kind: {dict(stats.kept)}; candidates dropped: {dict(stats.dropped)}")
    errors = (("false positive", True, False), ("false negative", False, True))
    for title, want_pred, want_gold in errors:
        shown = [(spk, s, k) for (spk, s, g), k in zip(rows, kinds, strict=True)
                 if bool(k) == want_pred and g == want_gold]
        for spk, s, k in shown[: args.examples]:
            print(f"  {title} [{k or '-'}] {spk}: {s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
