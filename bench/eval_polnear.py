"""Who said what, on PolNeAR dev, through the real pipeline.

    python -m bench.eval_polnear CORPUS_DIR [--examples N] [--code DIR]

Writes the split's articles as one JSONL input (id: the article name, source: its publisher),
runs `claimtrail run` on it into a temporary lake and warehouse, and scores the warehouse's
`claims` against the gold attributions with the issue's figures (defined in bench/polnear.py):
content precision, recall and F1 of the attributed claims, measured on their content offsets
(`content_start`, `content_end`: what is attributed, without cue and source); for found gold
contents whose source is not a pronoun, the share given a speaker (named) and the share of those
whose speaker is right (the gold source's head word is in the speaker or its role), and source
accuracy (right / found); pronoun sources resolved right. Exact source F1 is Citron's measure
(speaker equal to the Source span, lower-cased, leading determiners dropped).

The peer in the same run: every sentence holding "said", "says", "told" or "according to" is an
attributed claim (the whole sentence), its speaker the capitalised words nearest the cue.

`--code DIR` runs the pipeline of another checkout (the figures before a change); a warehouse
without content offsets is scored on the claims' spans. Reference: BBC Citron reports source F1
0.82 (exact) and content F1 0.83 (overlap) on PARC 3.0, a different corpus and scheme.
"""

import argparse
import json
import re
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from bench import REPO, render, run_claimtrail
from bench.polnear import (
    LABELS,
    Article,
    SystemClaim,
    figures,
    load,
    read_labels,
    score,
    score_labelled,
)
from tasks.store.connection import connect

_PEER_CUE = re.compile(r"\b(?:said|says|told|according to)\b")
_CAPITALISED = re.compile(r"(?:[A-Z][\w.'-]*\s+)*[A-Z][\w.'-]*")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_LEADING = re.compile(r"^(?:(?:the|a|an|this|that|these|those|his|her|its|their|our)\s+)+")
_WORD = re.compile(r"[a-z0-9]+")
FIGURES = ("content_P", "content_R", "content_F1", "named", "right_of_named", "source_acc",
           "pronoun_labelled", "pronoun_right")
LEGEND = """\
content P/R/F1: attributed claims (a speaker, or kind quote or statement), on their content
  offsets; a claim is correct when half of it lies in one gold content, a gold content is
  recalled when one claim covers half of it
named: found gold contents (half covered by a claim of any kind) whose source is not a pronoun,
  given a speaker; right: of those named, the gold source's head word is in speaker or role;
  source acc = right / found; pronoun: found pronoun sources whose speaker is the referent,
  "labelled" on a hand-labelled random sample of dev (bench/polnear_dev_pronouns.tsv), "derived"
  on all of them with a referent derived from the gold attributions (bench/polnear.py
  `referent`: noisy, about one in four wrong on the sample)
exact F1: speaker equal to the Source span (Citron, PARC 3.0: source F1 0.820, content F1 0.833)"""


def write_input(articles: list[Article], folder: Path) -> Path:
    """The articles as one claimtrail JSONL input."""
    path = folder / "polnear.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a.name, "source": a.publisher, "text": a.text},
                                ensure_ascii=False) + "\n")
    return path


def warehouse_claims(db: Path) -> dict[str, list[SystemClaim]]:
    """The claims of each article (by name) as the scorer needs them."""
    with connect(db, read_only=True) as con:
        columns = {r[0] for r in con.sql(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'claims'").fetchall()}
        content = "c.content_start, c.content_end" if "content_start" in columns \
            else "c.raw_start, c.raw_end"
        role = "c.speaker_role" if "speaker_role" in columns else "NULL"
        rows = con.sql(f"""
            SELECT d.source_uri, c.raw_start, c.raw_end, {content}, c.kind, c.speaker, {role}
            FROM claims AS c JOIN documents AS d USING (doc_id)""").fetchall()
    out: dict[str, list[SystemClaim]] = defaultdict(list)
    for uri, start, end, cs, ce, kind, speaker, role_ in rows:
        out[uri.rsplit("#", 1)[-1]].append(
            SystemClaim.stored(start, end, cs, ce, kind, speaker, role_))
    return out


def peer_claims(text: str) -> list[SystemClaim]:
    """The peer's claims: sentences with a speech cue, the capitalised words nearest it."""
    out = []
    for m in _SENTENCE.finditer(text):
        cue = _PEER_CUE.search(m[0])
        if not cue:
            continue
        names = [(abs(n.start() - cue.start()), n[0]) for n in _CAPITALISED.finditer(m[0])
                 if n.start() > 0 or n.end() < cue.start()]
        speaker = min(names)[1] if names else None
        out.append(SystemClaim(m.start(), m.end(), m.start(), m.end(), True, speaker))
    return out


def exact_form(text: str | None) -> str:
    """A source for exact comparison: lower-case words, leading determiners dropped."""
    return _LEADING.sub("", " ".join(_WORD.findall((text or "").lower().replace("’", "'"))))


def exact_counts(article: Article, claims: list[SystemClaim], n: Counter) -> None:
    """Citron's exact source counts: gold sources matched by the best-covering claim's speaker,
    and speakers of claims on a gold content that equal its source."""
    for g in article.attributions:
        if g.source_text is None:
            continue
        n["exact_gold"] += 1
        best = max(claims, key=lambda c: sum(max(0, min(y, c.end) - max(x, c.start))
                                              for x, y in g.content), default=None)
        if best is not None and best.speaker and exact_form(best.speaker) == exact_form(
                g.source_text):
            n["exact_hit"] += 1
    for c in claims:
        if c.speaker:
            n["exact_pred"] += 1


def main(argv: list[str] | None = None) -> int:
    """Run the pipeline on the split and print the figures, with the peer's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--examples", type=int, default=0, help="print N failures")
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout to run")
    args = parser.parse_args(argv)
    articles = load(args.corpus)
    labels = read_labels(LABELS) if args.corpus.name == "polnear-dev" else {}
    with tempfile.TemporaryDirectory(prefix="claimtrail-polnear-") as tmp:
        work = Path(tmp)
        db = run_claimtrail(write_input(articles, work), work, args.code)
        claims = warehouse_claims(db)
    systems = {"claimtrail": claims, "peer (cue sentence)": {
        a.name: peer_claims(a.text) for a in articles}}
    rows = []
    examples: list[str] = []
    for name, by_article in systems.items():
        totals: Counter = Counter()
        by_publisher: dict[str, Counter] = defaultdict(Counter)
        for a in articles:
            n = score(a, by_article.get(a.name, []), Counter(),
                      examples if name == "claimtrail" else None)
            exact_counts(a, by_article.get(a.name, []), n)
            score_labelled(a, by_article.get(a.name, []), labels, n)
            totals.update(n)
            by_publisher[a.publisher].update(n)
        groups = [(name, totals)]
        if name == "claimtrail":
            groups += [(f"  {p}", n) for p, n in sorted(by_publisher.items())]
        for label, n in groups:
            f = figures(n)
            exact_p = n["exact_hit"] / n["exact_pred"] if n["exact_pred"] else 0.0
            exact_r = n["exact_hit"] / n["exact_gold"] if n["exact_gold"] else 0.0
            exact = 2 * exact_p * exact_r / (exact_p + exact_r) if exact_p + exact_r else 0.0
            rows.append([label, n["articles"], n["gold"], n["attributed"],
                         *(f[k] for k in FIGURES), exact])
    print(f"PolNeAR {args.corpus.name}: {len(articles)} articles, "
          f"{sum(len(a.attributions) for a in articles)} gold attributions; `claimtrail run` of "
          f"{args.code}\n")
    print(render(["system", "articles", "gold", "attributed", "P", "R", "F1", "named", "right",
                  "source acc", "pronoun labelled", "pronoun derived", "exact F1"], rows))
    print(f"\n{LEGEND}")
    for line in examples[:args.examples]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
