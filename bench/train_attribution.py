"""Train the attribution model on PolNeAR-train, cross-validated by article.

    python -m bench.train_attribution CORPUS/polnear-train [--out FILE] [--cv 5] [--extractor]

Writes tasks/extract/models/attribution.json (read by tasks/extract/attribution_model.py; the
data card beside it says what it was trained on and how well it does). Deterministic: liblinear,
folds by crc32 of the article name, one annotator per article. With --cv K it first scores every
article with a model that never saw it (the issue's figures at the component level: the model's
own attributions are the claims) for a grid of thresholds and prints them; the thresholds of the
run are the extract stage's options (tasks/extract/options.py), chosen from that table. With
--extractor it also runs each held-out fold through the whole extractor with the fold's model
(the claims as `claimtrail run` stores them: what bench/eval_polnear scores on dev).

Needs the `train` extra (scikit-learn); inference needs only the standard library.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from bench import source_text
from bench.polnear import Article, SystemClaim, figures, gold_head, load, score
from tasks.extract.attribution_model import (
    AUXILIARIES,
    CUE_TEMPLATES,
    NON_HEADS,
    PRONOUNS,
    SOURCE_TEMPLATES,
    TITLES,
    AttributionModel,
    Tokens,
    cue_values,
    cue_window,
    prob_bin,
    quote_parities,
    source_candidates,
    source_heads,
    source_values,
)
from tasks.extract.claims import extract_document
from tasks.extract.model_files import MODELS
from tasks.extract.normalise import normalise
from tasks.extract.options import ExtractOptions
from tasks.extract.segment import Sentence, blocks, quotes, sentences
from tasks.extract.speakers import ORG_WORDS, attribute_document

MIN_CUE_COUNT, MIN_CUE_P = 3, 0.05  # a cue-lexicon word: inside a cue ≥ 3 times and ≥ 5% of uses
MIN_ANCHOR_COUNT, MIN_ANCHOR_P = 3, 0.05  # an anchor: the strongest word of a cue ≥ 3 times, ≥ 5%
MIN_SURE_COUNT, MIN_SURE_P = 50, 0.9  # a sure cue: inside a cue in ≥ 90% of ≥ 50 uses
MIN_ATTACH_P = 0.5  # an attachment word: inside the cue in ≥ half its uses right beside one
MIN_CLUSTER_CUES, MIN_CLUSTER_P = 10, 0.05  # a cue cluster: its words inside a cue ≥ 10 times, ≥ 5%
MIN_ALIAS_JUDGED, MIN_ALIAS_LED = 20, 0.01  # a cluster word used ≥ 20 times, leading ≤ 1%: no alias
MIN_SRC_COUNT, MIN_SRC_P = 3, 0.02  # a source-lexicon word: head of a source ≥ 3 times, ≥ 2%
MIN_FEATURE_COUNT = 2
# The cue model's regularisation (inverse strength): with the window templates, cross-validated
# cue-token F1 0.797 at C = 1, 0.802 at 0.25 (0.800 at 0.1 and 0.5); the source model keeps 1.
CUE_C = 0.25
LEFT, RIGHT = 6, 3  # source candidates before and after a cue


@dataclass
class SentenceData:
    """A sentence, its tokens, and per token its gold role (cue, source, content or "") and the
    index of its gold attribution (-1: none)."""

    sentence: Sentence
    tokens: Tokens
    role: list[str]
    attr: list[int]


@dataclass
class ArticleData:
    """An article as the extractor sees it: normalised text, labelled sentences, quotations."""

    article: Article
    text: str
    sentences: list[SentenceData]
    block_quotes: dict[int, list[tuple[int, int]]]
    to_raw: tuple[int, ...] | None

    def raw(self, offset: int) -> int:
        """The raw offset of a normalised one."""
        return offset if self.to_raw is None else self.to_raw[offset]

    def spans(self) -> list[tuple[int, int, int]]:
        """Each sentence as (start, end, block), as `attribute_document` reads them."""
        return [(sd.sentence.start, sd.sentence.end, sd.sentence.block) for sd in self.sentences]


def fold_of(name: str, k: int) -> int:
    """The cross-validation fold of an article."""
    return zlib.crc32(name.encode()) % k


def prepare(article: Article) -> ArticleData:
    """The article's sentences with each token labelled from the gold attributions."""
    norm = normalise(article.text)
    text, raw = norm.text, norm.to_raw
    block_list = blocks(text)
    bq = {i: [(q.start, q.end) for q in quotes(text, b.start, b.end)]
          for i, b in enumerate(block_list)}
    out = []
    sents = sentences(text, block_list)
    opened = quote_parities(text, [(s.start, s.block) for s in sents])
    for s, parity in zip(sents, opened, strict=True):
        t = Tokens(text, s.start, s.end, parity)
        role, attr = [""] * len(t.words), [-1] * len(t.words)
        for gi, g in enumerate(article.attributions):
            if not any(a < s.end and b > s.start for a, b in g.content + g.cue):
                continue
            for k in range(len(t.words)):
                a, b = t.start(k), t.end(k)
                if raw is not None:
                    a, b = raw[a], raw[b]
                if any(x < b and y > a for x, y in g.cue):
                    role[k], attr[k] = "cue", gi
                elif g.source and any(x < b and y > a for x, y in g.source):
                    role[k], attr[k] = "source", gi
                elif not role[k] and any(x < b and y > a for x, y in g.content):
                    role[k], attr[k] = "content", gi
        out.append(SentenceData(s, t, role, attr))
    return ArticleData(article, text, out, bq, raw)


def head_token(sd: SentenceData, gi: int, golds: list) -> int | None:
    """The token of the sentence that heads gold attribution gi's source."""
    head = gold_head(golds[gi].source_text)
    if head is None:
        return None
    for k, (a, r) in enumerate(zip(sd.attr, sd.role, strict=True)):
        if a == gi and r == "source" and sd.tokens.lower[k].removesuffix("'s") == head:
            return k
    return None


def cue_runs(sd: SentenceData) -> dict[int, list[int]]:
    """The cue tokens of each gold attribution in the sentence."""
    runs: dict[int, list[int]] = defaultdict(list)
    for k, (a, r) in enumerate(zip(sd.attr, sd.role, strict=True)):
        if r == "cue":
            runs[a].append(k)
    return runs


def lexicons(data: list[ArticleData], clusters: dict[str, int] | None = None) -> dict:
    """The cue lexicon (word → share of its uses inside a cue), its anchors, its attachment words
    on each side of an anchor (a time word joins a cue after it, "said last week", not before
    it, where it would push the cue away from its subject: "The committee this week announced"),
    and the source lexicon (lower-case word → share of its uses heading a source). Single words
    only: nothing longer is memorised."""
    total: Counter = Counter()
    cue: Counter = Counter()
    heads: Counter = Counter()
    for ad in data:
        for sd in ad.sentences:
            total.update(sd.tokens.lower)
            cue.update(w for w, r in zip(sd.tokens.lower, sd.role, strict=True) if r == "cue")
            for gi in cue_runs(sd):
                h = head_token(sd, gi, ad.article.attributions)
                if h is not None and sd.tokens.words[h][:1].islower():
                    heads[sd.tokens.lower[h]] += 1
    cue_lex = {w: cue[w] / total[w] for w in cue
               if cue[w] >= MIN_CUE_COUNT and cue[w] / total[w] >= MIN_CUE_P and w[:1].isalpha()}
    anchor: Counter = Counter()
    inside: tuple[Counter, Counter] = (Counter(), Counter())  # (before, after) the strongest word
    beside: tuple[Counter, Counter] = (Counter(), Counter())
    for ad in data:
        for sd in ad.sentences:
            lw = sd.tokens.lower
            for ks in cue_runs(sd).values():
                scored = [k for k in ks if lw[k] in cue_lex]
                if not scored:
                    continue
                top = max(scored, key=lambda k: cue_lex[lw[k]])
                anchor[lw[top]] += 1
                a = b = top
                while a - 1 in ks:
                    a -= 1
                while b + 1 in ks:
                    b += 1
                inside[0].update(lw[k] for k in range(a, top))
                inside[1].update(lw[k] for k in range(top + 1, b + 1))
                if a > 0:
                    beside[0][lw[a - 1]] += 1
                if b + 1 < len(lw):
                    beside[1][lw[b + 1]] += 1
    anchors = sorted(w for w in cue_lex
                     if anchor[w] >= MIN_ANCHOR_COUNT and anchor[w] / total[w] >= MIN_ANCHOR_P)
    attach = [sorted(w for w in cue_lex if w not in anchors and i[w] >= MIN_CUE_COUNT
                     and i[w] / (i[w] + o[w]) >= MIN_ATTACH_P)
              for i, o in zip(inside, beside, strict=True)]
    src_lex = {w: heads[w] / total[w] for w in heads
               if heads[w] >= MIN_SRC_COUNT and heads[w] / total[w] >= MIN_SRC_P
               and w not in PRONOUNS}
    sure = sorted(w for w in anchors if cue[w] >= MIN_SURE_COUNT and cue_lex[w] >= MIN_SURE_P)
    aliases = all_aliases(anchors, total, cue, anchor, clusters or {})
    return {"cue_lex": cue_lex, "anchors": anchors, "aliases": aliases,
            "attach_before": attach[0],
            "attach_after": attach[1], "sure": sure,
            "src_lex": src_lex}


_ENDINGS: Final = ("ing", "ies", "ied", "es", "ed", "s", "d", "e")


def inflections(anchors: list[str], seen: Counter) -> dict[str, str]:
    """The regular inflections of the anchors, each with its anchor (a form two anchors share goes
    to the first in sorted order): the stem — the anchor without -ing, -ies/-ied (y), -es, -ed,
    -s, -d or -e, at least four letters left — with each of those endings ("predicted" →
    predicts, predicting; "alleged" → alleges, alleging, allege). Only forms the training text
    has too few uses of to judge (seen: word → uses; under MIN_ANCHOR_COUNT): a form used often
    enough that is no anchor is no cue ("state" beside "stated")."""
    known = {w for w, c in seen.items() if c >= MIN_ANCHOR_COUNT} | set(anchors)
    out: dict[str, str] = {}
    for a in sorted(anchors):
        stem = a
        for end in _ENDINGS:
            if a.endswith(end) and len(a) - len(end) >= 4:
                stem = a[: -len(end)] + ("y" if end in ("ies", "ied") else "")
                break
        base = stem[:-1] if stem.endswith("y") else stem
        forms = {stem, stem + "s", stem + "es", stem + "ed", stem + "d", stem + "ing",
                 base + "ies", base + "ied", stem + "e"}
        if stem.endswith("e"):
            forms |= {stem[:-1] + "ing", stem[:-1] + "ed"}
        for f in sorted(forms):
            if f not in known and f not in out:
                out[f] = a
    return out


def all_aliases(anchors: list[str], seen: Counter, cue: Counter, led: Counter,
                clusters: dict[str, int]) -> dict[str, str]:
    """Every alias of the anchors: its inflections (`inflections`), then the words of cue
    clusters (`cluster_aliases`); a word that is both is read as its anchor."""
    return cluster_aliases(clusters, anchors, seen, cue, led) | inflections(anchors, seen)


def cluster_aliases(clusters: dict[str, int], anchors: list[str], seen: Counter, cue: Counter,
                    led: Counter) -> dict[str, str]:
    """The words of a word cluster (bench/word_clusters.py) that are no anchor, each scored as
    its cluster ("#133"), for every cluster whose such words were inside an annotated cue at least
    MIN_CLUSTER_CUES times and in MIN_CLUSTER_P of their uses (seen: word → uses, cue: word →
    uses inside a cue, led: word → cues it was the strongest word of): an unseen cue verb is read
    like the cue verbs it keeps company with ("slammed" beside "criticized", "blasted").
    Inflections come first (`inflections`).

    Two kinds of word stay out, because scoring a word costs time on every text and these only
    ever scored as no cue: function words (auxiliaries, pronouns, prepositions, sentence adverbs:
    `NON_HEADS`, `AUXILIARIES`, `PRONOUNS`), which cluster beside cue verbs by position ("has",
    "will", "to" sit where "said" sits); and a word the training data judged itself — used
    MIN_ALIAS_JUDGED times and the strongest word of a cue in at most MIN_ALIAS_LED of them.
    Train folds through the extractor, 400 clusters (data card, session 11): every cluster word
    content F1 0.730, named 0.800, source accuracy 0.643, 41 thousand more words scored in 3,000
    Reuters bodies (23 thousand anchors); with both rules 0.729, 0.796, 0.642 and 6.9 thousand."""
    known = set(anchors)
    members: dict[int, list[str]] = defaultdict(list)
    for w, c in sorted(clusters.items()):
        if w not in known:
            members[c].append(w)
    out: dict[str, str] = {}
    for c, words in sorted(members.items()):
        uses, cues = sum(seen[w] for w in words), sum(cue[w] for w in words)
        if cues >= MIN_CLUSTER_CUES and cues >= MIN_CLUSTER_P * uses:
            out |= {w: f"#{c}" for w in words if _may_alias(w, seen[w], led[w])}
    return out


def _may_alias(w: str, uses: int, led: int) -> bool:
    """A cluster word may be scored as its cluster: no function word, and not judged by its own
    uses in training to lead no cue (`cluster_aliases`)."""
    if w in NON_HEADS or w in AUXILIARIES or w in PRONOUNS:
        return False
    return uses < MIN_ALIAS_JUDGED or led > MIN_ALIAS_LED * uses


def cue_examples(data: list[ArticleData], lex: dict) -> tuple[list[list[str]], list[int]]:
    """(features, label) of every anchor token and every alias (read as its anchor or its
    cluster): 1 when it is inside an annotated cue."""
    anchors, other = set(lex["anchors"]), lex["aliases"]
    X, y = [], []
    for ad in data:
        for sd in ad.sentences:
            for i, w in enumerate(sd.tokens.lower):
                if w in anchors or w in other:
                    before, after = cue_window(sd.tokens.lower, i)
                    X.append([f"{k}={v}" for k, v in zip(
                        CUE_TEMPLATES, cue_values(sd.tokens, i, other.get(w, w)), strict=True)]
                        + [f"bl={x}" for x in sorted(before)] + [f"br={x}" for x in sorted(after)])
                    y.append(1 if sd.role[i] == "cue" else 0)
    return X, y


def source_examples(data: list[ArticleData], lex: dict) -> tuple[list[list[str]], list[int]]:
    """(features, label) of every source candidate of every annotated cue: 1 for the head of the
    annotated source."""
    src_bins = {w: prob_bin(p) for w, p in lex["src_lex"].items()}
    heads = source_heads(src_bins)
    likely = frozenset(w for w, p in lex["cue_lex"].items() if p >= 0.3)
    X, y = [], []
    for ad in data:
        for sd in ad.sentences:
            for gi, ks in cue_runs(sd).items():
                c0, c1 = min(ks), max(ks)
                h = head_token(sd, gi, ad.article.attributions)
                rank_l = rank_r = 0
                for j in source_candidates(sd.tokens, c0, c1, heads, LEFT, RIGHT):
                    if j < c0:
                        rank, rank_l = rank_l, rank_l + 1
                    else:
                        rank, rank_r = rank_r, rank_r + 1
                    values = source_values(sd.tokens, j, c0, c1, rank, sd.tokens.lower[c0],
                                           src_bins, likely)
                    X.append([f"{k}={v}" for k, v in zip(SOURCE_TEMPLATES, values, strict=True)])
                    y.append(1 if j == h else 0)
    return X, y


def fit(X: list[list[str]], y: list[int], C: float = 1.0) -> dict:
    """L2 logistic regression (liblinear, deterministic) over the features seen at least
    MIN_FEATURE_COUNT times: {"bias": b, "weights": {template: {value: weight}}}."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts: Counter = Counter(f for fs in X for f in fs)
    names = sorted(f for f, c in counts.items() if c >= MIN_FEATURE_COUNT)
    index = {f: i for i, f in enumerate(names)}
    rows, cols = [], []
    for r, fs in enumerate(X):
        for f in set(fs):
            if f in index:
                rows.append(r)
                cols.append(index[f])
    M = csr_matrix((np.ones(len(rows)), (np.array(rows), np.array(cols))),
                   shape=(len(X), len(names)))
    lr = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=0)
    lr.fit(M, np.array(y))
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    for f, c in zip(names, lr.coef_[0], strict=True):
        if abs(c) >= 0.005:
            template, _, value = f.partition("=")
            weights[template][value] = round(float(c), 4)
    return {"bias": round(float(lr.intercept_[0]), 4),
            "weights": {k: dict(sorted(v.items())) for k, v in sorted(weights.items())}}


def first_names(data: list[ArticleData]) -> dict[str, str]:
    """First words of annotated person sources, seen in at least two articles: the capitalised
    run of two or three words after any title ("Arizona Sen. John McCain" → John), with no
    organisation or function word, whose last word is also a source on its own in the same
    article ("Donald Trump" … "Trump said"), and that is no common word (seen lower-case under
    five times). Given names only, never a full name. Each with its gender where the annotations
    show one: "m" (or "f") when the pronoun sources right after that person's named sources were
    he (she) at least three times and four times as often as the other, else ""."""
    seen: Counter = Counter()
    pronoun: dict[str, Counter] = defaultdict(Counter)
    common: Counter = Counter(w for ad in data for sd in ad.sentences for w in sd.tokens.words
                              if w[:1].islower())
    for ad in data:
        golds = ad.article.attributions
        alone = {g.source_text.strip().removesuffix("'s").removesuffix("’s") for g in golds
                 if g.source_text and " " not in g.source_text.strip()}
        found: dict[str, str] = {}  # surname → first name
        for g in golds:
            run: list[str] = []
            for w in (g.source_text or "").split():
                if w.lower().strip(".,") in TITLES:
                    run = []
                elif w[:1].isupper() and w[:1].isalpha():
                    run.append(w.removesuffix("'s").removesuffix("’s").rstrip(","))
                    if w.endswith(","):
                        break
                elif run:
                    break
            if 2 <= len(run) <= 3 and run[0].isalpha() and not run[0].isupper() \
                    and not any(w.lower() in ORG_WORDS for w in run) and run[-1] in alone \
                    and run[0] not in alone and common[run[0].lower()] < 5:
                found[run[-1]] = run[0]
        seen.update(set(found.values()))
        sources = sorted((g.source[0][0], g.source_text.strip()) for g in golds
                         if g.source and g.source_text)
        last = None
        for _, text in sources:
            words = text.removesuffix("'s").split()
            if text.lower() in ("he", "she"):
                if last:
                    pronoun[last][text.lower()] += 1
            elif words and words[-1][:1].isupper():
                last = found.get(words[-1])
    genders = {}
    for name, c in seen.items():
        if c >= 2:
            he, she = pronoun[name]["he"], pronoun[name]["she"]
            genders[name] = "m" if he >= 3 and he >= 4 * she else (
                "f" if she >= 3 and she >= 4 * he else "")
    return dict(sorted(genders.items()))


def train(data: list[ArticleData], clusters: dict[str, int] | None = None) -> dict:
    """The model's JSON form, trained on these articles (clusters: bench/word_clusters.py's)."""
    lex = lexicons(data, clusters)
    return {**{k: (dict(sorted(v.items())) if isinstance(v, dict) else v) for k, v in lex.items()},
            "cue": fit(*cue_examples(data, lex), CUE_C),
            "source": fit(*source_examples(data, lex)),
            "first_names": first_names(data), "left": LEFT, "right": RIGHT}


def predict(model: AttributionModel, ad: ArticleData) -> list[SystemClaim]:
    """The model's own attributions of one article as attributed claims (content spans)."""
    out = []
    for found in attribute_document(model, ad.text, ad.spans(), ad.block_quotes):
        for f in found:
            a, b = ad.raw(f.content_start), ad.raw(f.content_end)
            out.append(SystemClaim(a, b, a, b, True, f.speaker, f.role))
    return out


def extractor_fold(trained: dict, articles: list[Article], n: Counter) -> None:
    """Add to n the figures of the whole extractor (`extract_document`, the run's thresholds)
    on held-out articles, with the fold's model: its claims as the pipeline stores them."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fold.json"
        path.write_text(json.dumps(trained), encoding="utf-8")
        options = ExtractOptions(attribution_model=str(path))
        for a in articles:
            claims = extract_document(source_text(a.text, a.name), "cv", options)[1]
            score(a, [SystemClaim.stored(c.raw_start, c.raw_end, c.content_start, c.content_end,
                                         c.kind, c.speaker, c.speaker_role) for c in claims], n)


def main(argv: list[str] | None = None) -> int:
    """Cross-validate, train on every article, write the model."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, default=MODELS / "attribution.json")
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--clusters", type=Path,
                    help="word clusters written by bench/word_clusters.py (aliases of cue words)")
    ap.add_argument("--extractor", action="store_true",
                    help="also score each fold through the whole extractor (the run's "
                    "thresholds): the claims as the pipeline stores them")
    ap.add_argument("--cue-thresholds", default="0.4,0.5,0.6")
    ap.add_argument("--source-thresholds", default="0.1,0.2")
    args = ap.parse_args(argv)
    started = time.time()
    clusters = json.loads(args.clusters.read_text(encoding="utf-8")) if args.clusters else None
    data = [prepare(a) for a in load(args.corpus)]
    print(f"{len(data)} articles, {sum(len(a.article.attributions) for a in data)} attributions, "
          f"prepared in {time.time() - started:.0f} s", flush=True)
    grid = [(float(c), float(s)) for c in args.cue_thresholds.split(",")
            for s in args.source_thresholds.split(",")]
    if args.cv:
        totals: dict[tuple[float, float], Counter] = defaultdict(Counter)
        through: Counter = Counter()  # the whole extractor, the run's thresholds
        for k in range(args.cv):
            trained = train([a for a in data if fold_of(a.article.name, args.cv) != k], clusters)
            for ct, st in grid:
                model = AttributionModel.from_json(trained, ct, st)
                for ad in data:
                    if fold_of(ad.article.name, args.cv) == k:
                        score(ad.article, predict(model, ad), totals[ct, st])
            if args.extractor:
                extractor_fold(trained, [ad.article for ad in data
                                         if fold_of(ad.article.name, args.cv) == k], through)
            print(f"fold {k} done ({time.time() - started:.0f} s)", flush=True)
        keys = ("content_P", "content_R", "content_F1", "named", "right_of_named", "source_acc",
                "pronoun_right")
        print("cue  source  " + "  ".join(keys))
        rows = [(f"{ct:<4} {st:<6}", n) for (ct, st), n in sorted(totals.items())]
        for label, n in rows + ([("extractor  ", through)] if args.extractor else []):
            f = figures(n)
            print(f"{label}  " + "  ".join(f"{f[k]:.3f}".rjust(len(k)) for k in keys))
    final = train(data, clusters)
    final["trained_on"] = {"corpus": "PolNeAR v1.0 train", "articles": len(data),
                           "attributions": sum(len(a.article.attributions) for a in data)}
    args.out.write_text(json.dumps(final, ensure_ascii=False, separators=(",", ":"),
                                   sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): "
          f"{len(final['cue_lex'])} cue words ({len(final['anchors'])} anchors, "
          f"{len(final['attach_before'])} + {len(final['attach_after'])} attachments), "
          f"{len(final['src_lex'])} source words, "
          f"{len(final['first_names'])} first names ({time.time() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
