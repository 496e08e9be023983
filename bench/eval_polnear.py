"""Attribution quality of claimtrail's extractor against PolNeAR dev (human-labelled attributions).

    python -m bench.eval_polnear CORPUS_DIR [--examples N]

CORPUS_DIR holds text/*.txt, attributions/*.ann (brat standoff: Source, Cue and Content spans and
relations joining them; `_xxxx` = annotator) and metadata.tsv. One annotation file per article: the
lexicographically first. Every Content span is a gold content, with its relation's Source if any.

A claim *covers* a gold content when it overlaps at least half the content; a claim is *correct*
when at least half of it overlaps one gold content. Printed per publisher: content recall, precision
and F1 (all claims, then attributed claims only: a speaker, or kind quote/statement); speaker
accuracy on covered contents with a Source (the best-overlapping claim's speaker shares a content
word with the Source); exact source P/R/F1 in the manner of Citron (speaker equals the Source text,
lower-cased, punctuation and leading determiners stripped).

Reference: BBC Citron reports source F1 82.0 (exact) and content F1 83.3 (overlap) on PARC 3.0 (a
different corpus and annotation scheme, so only a rough yardstick).
"""

import argparse
import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench import RUN_ID, f1, ratio, render, source_text
from schemas.records import ClaimRecord
from tasks.extract.claims import extract_document

Fragments = tuple[tuple[int, int], ...]
_STOP = frozenset(
    "the a an this that these those his her its their our my your he she they it we i you him them "
    "us me who which whom one two three another several some many all both each mr mrs ms s of in "
    "on at for from by with and or to as".split()
)
_LEADING = re.compile(r"^(?:(?:the|a|an|this|that|these|those|his|her|its|their|our)\s+)+")
_WORD = re.compile(r"[a-z0-9]+")
LEGEND_CONTENT = """\
recall/prec/F1: all claims; then attributed claims only (a speaker, or kind quote or statement)
recall∪: share of gold contents covered at least half by the union of claims (a gold content
  spanning several sentences is cut into one claim per sentence)"""
LEGEND_SOURCE = """\
with src: gold contents whose attribution has a Source; covered: those covered by a claim
spk acc: the covering claim's speaker shares a content word with the Source
named src: covered, and the Source is not only a pronoun; then spk acc on those, and given spk:
  the same among those where the claim has a speaker
exact: speaker equals the Source span (Citron, PARC 3.0: source F1 0.820 exact, content F1 0.833)"""


@dataclass(frozen=True)
class BratSpan:
    """A text-bound annotation: its type, fragments (start, end) and the text brat recorded."""

    type: str
    fragments: Fragments
    text: str


@dataclass(frozen=True)
class GoldContent:
    """A gold Content span and the Source span of its attribution, if it has one."""

    content: Fragments
    text: str
    source: str | None


def parse_ann(ann: str) -> tuple[dict[str, BratSpan], list[dict[str, str]]]:
    """Text-bound spans by id, and relations (E lines) as role → span id."""
    spans: dict[str, BratSpan] = {}
    relations: list[dict[str, str]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 3:
            kind, _, offsets = fields[1].partition(" ")
            frags = tuple(
                (int(a), int(b)) for a, b in (f.split() for f in offsets.split(";"))
            )
            spans[fields[0]] = BratSpan(kind, frags, fields[2])
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(arg.split(":", 1) for arg in fields[1].split())
            relations.append(roles)
    return spans, relations


def gold_contents(spans: dict[str, BratSpan], relations: list[dict[str, str]]) -> list[GoldContent]:
    """Every Content span, with the text of its relation's Source span when there is one."""
    source_of: dict[str, str] = {}
    for roles in relations:
        source = spans.get(roles.get("Source", ""))
        for role, tid in roles.items():
            if role.startswith("Content") and source is not None:
                source_of[tid] = source.text
    return [
        GoldContent(s.fragments, s.text, source_of.get(tid))
        for tid, s in spans.items() if s.type == "Content"
    ]


def span_mismatches(text: str, spans: dict[str, BratSpan]) -> list[str]:
    """Ids of spans whose recorded text differs from the text at their offsets."""
    return [
        tid for tid, s in spans.items()
        if " ".join(text[a:b] for a, b in s.fragments) != s.text
    ]


def overlap(frags: Fragments, start: int, end: int) -> int:
    """Characters of [start, end) inside the fragments."""
    return sum(max(0, min(b, end) - max(a, start)) for a, b in frags)


def length(frags: Fragments) -> int:
    """Characters in the fragments."""
    return sum(b - a for a, b in frags)


def merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of intervals, as sorted disjoint intervals."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def words(text: str | None) -> set[str]:
    """Content words: lower-cased, punctuation stripped, stop words and determiners out."""
    return set(_WORD.findall((text or "").lower().replace("’", "'"))) - _STOP


def exact_form(text: str | None) -> str:
    """A source string for exact comparison: lower-case words, no leading determiners."""
    return _LEADING.sub("", " ".join(_WORD.findall((text or "").lower().replace("’", "'"))))


def attributed(claim: ClaimRecord) -> bool:
    """An attribution-like claim: it has a speaker or is a quote or reported statement."""
    return claim.speaker is not None or claim.kind in ("quote", "statement")


def score_article(text: str, gold: list[GoldContent], examples: dict[str, list[str]]) -> Counter:
    """Counts for one article; appends readable failures to examples."""
    claims = extract_document(source_text(text, "polnear"), RUN_ID).claims
    n: Counter = Counter(gold=len(gold), claims=len(claims))
    merged = merge([(c.raw_start, c.raw_end) for c in claims])
    for g in gold:
        size = length(g.content)
        best = max(claims, key=lambda c: overlap(g.content, c.raw_start, c.raw_end), default=None)
        hit = best is not None and overlap(g.content, best.raw_start, best.raw_end) * 2 >= size
        n["covered"] += hit
        n["covered_union"] += sum(overlap(g.content, a, b) for a, b in merged) * 2 >= size
        n["covered_attr"] += any(
            overlap(g.content, c.raw_start, c.raw_end) * 2 >= size for c in claims if attributed(c)
        )
        if not hit:
            near = [f"[{c.kind}] {c.text}" for c in claims
                    if overlap(g.content, c.raw_start, c.raw_end)]
            examples["missed"].append(f"{g.text!r}\n      claims: {near}")
        if g.source is None:
            continue
        named = bool(words(g.source))
        n["with_source"] += 1
        if not (hit and best is not None):
            continue
        same = bool(words(best.speaker) & words(g.source))
        n["src_covered"] += 1
        n["src_word"] += same
        n["src_named"] += named
        n["src_named_word"] += named and same
        n["src_named_spk"] += named and best.speaker is not None
        n["exact_gold"] += exact_form(best.speaker) == exact_form(g.source)
        if named and not same:
            examples["speaker"].append(
                f"gold {g.source!r} vs {best.speaker!r} (cue {best.cue!r}): {g.text[:90]!r}")
    for c in claims:
        match = max(gold, key=lambda g: overlap(g.content, c.raw_start, c.raw_end), default=None)
        ok = match is not None and overlap(match.content, c.raw_start, c.raw_end) * 2 >= len(c.text)
        n["correct"] += ok
        n["attributed"] += attributed(c)
        n["attributed_correct"] += ok and attributed(c)
        if c.speaker is not None:
            n["with_speaker"] += 1
            n["exact_pred"] += ok and match is not None and exact_form(c.speaker) == exact_form(
                match.source)
        if not ok and attributed(c):
            examples["false"].append(f"[{c.kind}] {c.speaker!r}: {c.text[:110]!r}")
    return n


def content_row(n: Counter) -> list[object]:
    """Content figures for a group of articles."""
    recall, precision = ratio(n["covered"], n["gold"]), ratio(n["correct"], n["claims"])
    recall_a, precision_a = ratio(n["covered_attr"], n["gold"]), ratio(n["attributed_correct"],
                                                                       n["attributed"])
    return [n["articles"], n["gold"], n["claims"], ratio(n["covered_union"], n["gold"]), recall,
            precision, f1(precision, recall), n["attributed"], recall_a, precision_a,
            f1(precision_a, recall_a)]


def source_row(n: Counter) -> list[object]:
    """Speaker figures for a group of articles."""
    exact_p, exact_r = ratio(n["exact_pred"], n["with_speaker"]), ratio(n["exact_gold"],
                                                                         n["with_source"])
    return [n["with_source"], n["src_covered"], ratio(n["src_word"], n["src_covered"]),
            n["src_named"], ratio(n["src_named_word"], n["src_named"]),
            ratio(n["src_named_word"], n["src_named_spk"]), exact_p, exact_r, f1(exact_p, exact_r)]


def main(argv: list[str] | None = None) -> int:
    """Score every article of the corpus and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--examples", type=int, default=0, help="print N failures of each kind")
    args = parser.parse_args(argv)
    root: Path = args.corpus
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        publisher = {r["filename"]: r["publisher"] for r in csv.DictReader(f, delimiter="\t")}
    anns: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    totals: Counter = Counter()
    groups: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    checked = mismatched = 0
    for name, ann in anns.items():
        with (root / "text" / f"{name}.txt").open(encoding="utf-8", newline="") as f:
            text = f.read()
        spans, relations = parse_ann(ann.read_text(encoding="utf-8"))
        checked += len(spans)
        mismatched += len(span_mismatches(text, spans))
        n = score_article(text, gold_contents(spans, relations), examples)
        n["articles"] = 1
        totals.update(n)
        groups[publisher.get(name, name.split("_")[0])].update(n)
    print(f"PolNeAR dev: {len(anns)} articles; brat span texts checked against the text at their "
          f"offsets: {checked}, mismatches: {mismatched}\n")
    groups["all"] = totals
    print(render(["content", "articles", "gold", "claims", "recall∪", "recall", "prec", "F1",
                  "attributed", "recall", "prec", "F1"],
                 [[g, *content_row(n)] for g, n in groups.items()]))
    print(f"\n{LEGEND_CONTENT}\n")
    print(render(["source", "with src", "covered", "spk acc", "named src", "spk acc", "given spk",
                  "exact P", "exact R", "exact F1"],
                 [[g, *source_row(n)] for g, n in groups.items()]))
    print(f"\n{LEGEND_SOURCE}")
    for kind, title in (("missed", "missed gold contents"), ("speaker", "wrong speakers"),
                        ("false", "attributed claims on no gold content")):
        for line in examples[kind][: args.examples]:
            print(f"  {title}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
