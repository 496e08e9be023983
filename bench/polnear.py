"""PolNeAR: the corpus reader and the attribution scorer that bench/eval_polnear.py and
bench/train_attribution.py share (never imported at run time).

A split holds text/*.txt, attributions/*.ann (brat standoff: Source, Cue and Content spans and the
E relations joining them; `_xxxx` = annotator; one file per article is read, the lexicographically
first) and metadata.tsv. An attribution is one relation: its cue, its content (one or more
fragments) and its source, if any.

The figures (issue "Who said it"):
- **content** (attributed claims only: a speaker, or kind quote or statement; their content
  offsets): precision is the share of them that overlap one gold content by at least half of
  themselves; recall the share of gold contents covered at least half by one of them.
- **found**: a gold content covered at least half by a claim of any kind; the claim overlapping it
  most is *its* claim.
- **named** (found, the gold source not a pronoun): its claim names a speaker; **right**: the
  head word of the gold source (`gold_head`), or of a name in apposition to it (the entity it
  refers to: "Trump's running mate, Indiana Gov. Mike Pence"), is a word of the speaker or of
  its role; source accuracy = right / found.
- **pronoun, hand-labelled**: a random sample of dev's pronoun sources whose referents were
  labelled by reading the articles (polnear_dev_pronouns.tsv): right when the speaker holds a
  word of the referent (or names nobody where the text names no referent: the author, a
  generic "you"), of those found.
- **pronoun, derived** (found, the gold source a pronoun): right when the speaker holds the
  head word of the referent. PolNeAR annotates no coreference, so the referent is derived
  (`referent`): for
  I/we/my/our inside another attribution's content, that attribution's source; for "who", the
  capitalised word before it; for he/she, the nearest earlier gold source whose head is a
  capitalised word that is no organisation word and whose gender, when the article shows it
  (he/his or she/her used of that name), agrees; for they/it and the rest, the nearest earlier
  source that is not a pronoun.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tasks.extract.attribution_model import PRONOUNS, TOKEN
from tasks.extract.speakers import ORG_WORDS

Frags = tuple[tuple[int, int], ...]
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: cue, source (None without one) and content fragments."""

    cue: Frags
    source: Frags | None
    content: Frags
    cue_text: str
    source_text: str | None
    content_text: str


@dataclass
class Article:
    """An article: name, publisher, text and its attributions."""

    name: str
    publisher: str
    text: str
    attributions: list[GoldAttribution]


def _frags(offsets: str) -> Frags:
    return tuple((int(a), int(b)) for a, b in (f.split() for f in offsets.split(";")))


def parse(ann: str, text: str) -> list[GoldAttribution]:
    """The attributions of one brat file (relations with a Cue and a Content)."""
    spans: dict[str, Frags] = {}
    relations: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        f = line.split("\t")
        if line.startswith("T") and len(f) >= 3:
            spans[f[0]] = _frags(f[1].partition(" ")[2])
        elif line.startswith("E") and len(f) >= 2:
            roles: dict[str, list[str]] = {}
            for arg in f[1].split():
                role, _, tid = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(tid)
            relations.append(roles)

    def joined(role: str, roles: dict[str, list[str]]) -> Frags:
        return tuple(sorted(x for t in roles.get(role, []) if t in spans for x in spans[t]))

    def txt(fr: Frags) -> str:
        return " ".join(text[a:b] for a, b in fr)

    out = []
    for roles in relations:
        cue, content, source = joined("Cue", roles), joined("Content", roles), joined("Source",
                                                                                      roles)
        if cue and content:
            out.append(GoldAttribution(cue, source or None, content, txt(cue),
                                       txt(source) if source else None, txt(content)))
    return out


def load(root: Path) -> list[Article]:
    """Every article of a PolNeAR split, sorted by name, one annotator each."""
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        publisher = {r["filename"]: r["publisher"] for r in csv.DictReader(f, delimiter="\t")}
    anns: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    out = []
    for name, ann in sorted(anns.items()):
        with (root / "text" / f"{name}.txt").open(encoding="utf-8", newline="") as f:
            text = f.read()
        out.append(Article(name, publisher.get(name, name.split("_")[0]), text,
                           parse(ann.read_text(encoding="utf-8"), text)))
    return out


# ---- gold source heads and pronoun referents ----------------------------------------------------

_CUT = frozenset(", who which that whose of for at in from with by on about through during "
                 "after before since under over and to across among including ( ; : -- —".split())
_QUANTIFIERS = frozenset(
    "half many most some several all majority majorities minority number numbers hundreds "
    "thousands dozens millions one two three four five third two-thirds three-quarters slew "
    "group handful both each none any percent %".split()
)
_AFTER_PARTICIPLE = frozenset(
    "by in for to at on the a an from with of up last this earlier recently today yesterday "
    "monday tuesday wednesday thursday friday saturday sunday".split())
_PARTITIVE = frozenset("many most some several few all one two three four five".split())
_APPROXIMATE = frozenset("close up nearly about almost".split())  # "close to half of voters"
_BEFORE_TO = frozenset("close privy prior".split())  # "sources close to the campaign"
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
_TIME_DETERMINERS = frozenset("this last next".split())
_TIME_WORDS = frozenset(
    "week month year weekend spring summer fall autumn winter monday tuesday wednesday thursday "
    "friday saturday sunday january february march april may june july august september october "
    "november december".split())


def gold_head(source: str | None) -> str | None:
    """The head word of a gold source phrase, lower-cased: the last word before the first comma,
    dash, relative pronoun, preposition or participle modifier ("Robert Shapiro, a professor at X"
    → shapiro; "a spokesman for the campaign" → spokesman; "a report released by X" → report;
    "exit polls taken in Ohio" → polls); a quantifier before "of" takes the head of what follows
    ("about half of Democratic voters" → voters, "75 percent of Democrats" → democrats; "many
    in the crowd" → crowd); a participle before a time word modifies ("a poll released last
    week" → poll) and so does a time phrase ("a CBS News poll last month" → poll), "close to"
    and "familiar with" cut ("sources close to the campaign" → sources),
    and a name's suffix is passed over ("Joseph R. Biden Jr." → biden). A possessive 's is
    dropped."""
    if not source:
        return None
    words = TOKEN.findall(source.replace("’", "'"))
    kept: list[str] = []
    for i, w in enumerate(words):
        lw = w.lower()
        if kept and ((lw == "of" and kept[-1].lower() in _QUANTIFIERS)
                     or (lw in ("in", "among") and kept[-1].lower() in _PARTITIVE)
                     or (lw == "of" and kept[-1].lower() == "out")
                     or (lw == "to" and all(k.lower() in _APPROXIMATE for k in kept))
                     or (lw == "about" and all(k.lower() == "just" for k in kept))):
            kept = []  # "half of Democratic voters", "many in the crowd", "four out of 10
            continue   # voters", "Close to 50 interviews", "up to 20 people", "just about every"
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if kept and lw in _TIME_DETERMINERS and nxt in _TIME_WORDS:
            break  # "a CBS News poll last month" → poll
        if (lw in _CUT or w in ("—", "-") or (lw in _BEFORE_TO and nxt == "to")
                or (lw == "familiar" and nxt == "with")) and kept:
            break  # "sources close to the campaign", "people familiar with the talks" → sources
        if kept and w[:1].islower() and lw.endswith(("ed", "ing", "en")) \
                and nxt in _AFTER_PARTICIPLE \
                and any(k.lower() not in ("the", "a", "an") for k in kept):
            break
        if w[:1].isalnum():
            kept.append(w)
    while len(kept) > 1 and kept[-1].lower() in _SUFFIXES:  # "Joseph R. Biden Jr." → biden
        kept.pop()
    return kept[-1].removesuffix("'s").lower() if kept else None


def gold_heads(source: str | None) -> set[str]:
    """The head words that name the gold source: its head, and the head of a name in apposition
    to it (the entity it refers to: "Trump's running mate, Indiana Gov. Mike Pence" → mate,
    pence; "Michael Mulgrew, president of the union" → mulgrew, president)."""
    heads = {gold_head(source)} - {None}
    for part in re.split(r"[,—]", source or "")[1:]:
        part = part.strip()
        if part[:1].isupper() and (h := gold_head(part)):
            heads.add(h)
    return heads  # type: ignore[return-value]


def is_pronoun(source: str | None) -> bool:
    """A gold source that is only a pronoun (he, they, who, I, ...)."""
    if not source:
        return False
    return all(w.lower().strip(".,\"'’") in PRONOUNS for w in source.split())


_HE = re.compile(r"\b(?:he|his|him)\b", re.I)
_SHE = re.compile(r"\b(?:she|her|hers)\b", re.I)


def _gender(article: Article, name: str, golds: list[GoldAttribution]) -> str | None:
    """"m" or "f" when the article's pronoun sources right after the name's sources are only he
    or only she; None when it does not say."""
    seen: Counter = Counter()
    sources = sorted((g.source[0][0], g.source_text) for g in golds
                     if g.source and g.source_text)
    for (_, text), (_, nxt) in itertools.pairwise(sources):
        if gold_head(text) == name and nxt.lower().strip() in ("he", "she"):
            seen[nxt.lower().strip()] += 1
    if seen["he"] and not seen["she"]:
        return "m"
    if seen["she"] and not seen["he"]:
        return "f"
    return None


def referent(article: Article, gi: int, depth: int = 0) -> str | None:
    """The head word of what the pronoun source of attribution gi refers to (module docstring)."""
    golds = article.attributions
    g = golds[gi]
    if g.source is None or g.source_text is None:
        return None
    pron = g.source_text.lower().strip()
    at = g.source[0][0]
    if pron in ("i", "we", "my", "our", "me", "us"):
        for k, o in enumerate(golds):
            if k != gi and o.source_text and any(x <= at < y for x, y in o.content):
                if is_pronoun(o.source_text):
                    return referent(article, k, depth + 1) if depth < 3 else None
                return gold_head(o.source_text)
        return None
    if pron == "who":
        m = re.search(r"([A-Z][\w'-]*)(?:'s)?\W*$", article.text[max(0, at - 60):at])
        return m[1].lower() if m else None
    best: tuple[int, str] | None = None
    for o in golds:
        if o.source is None or o.source_text is None or o.source[0][0] >= at:
            continue
        if is_pronoun(o.source_text):
            continue
        h = gold_head(o.source_text)
        if h is None:
            continue
        if pron in ("he", "she"):
            capital = [w for w in o.source_text.split() if w[:1].isupper()]
            if not capital or h in ORG_WORDS or not any(
                    w.lower().removesuffix("'s") == h for w in capital):
                continue
            gender = _gender(article, h, golds)
            if gender is not None and gender != ("m" if pron == "he" else "f"):
                continue
        if best is None or o.source[0][0] > best[0]:
            best = (o.source[0][0], h)
    return best[1] if best else None


# ---- scoring ----------------------------------------------------------------------------------

@dataclass
class SystemClaim:
    """A claim as the scorer needs it: the span it covers, its content span (the span itself
    when it has none) and its attribution."""

    start: int
    end: int
    content_start: int
    content_end: int
    attributed: bool
    speaker: str | None = None
    role: str | None = None

    @classmethod
    def stored(cls, start: int, end: int, content_start: int | None, content_end: int | None,
               kind: str, speaker: str | None, role: str | None) -> SystemClaim:
        """A claim as the pipeline stores it (`claims` columns): attributed when it has a
        speaker or is a quote or a statement; its own span when it has no content offsets."""
        return cls(start, end, start if content_start is None else content_start,
                   end if content_end is None else content_end,
                   speaker is not None or kind in ("quote", "statement"), speaker, role)


def words(s: str | None) -> set[str]:
    """Lower-case words: each token as `gold_head` reads them (inner apostrophes and hyphens
    kept: "o'donnell", "lopez-cantera"; a possessive 's dropped) and its alphanumeric pieces, so
    that a head word is found in a speaker however either is written."""
    low = (s or "").lower().replace("’", "'")
    return set(_WORD.findall(low)) | {w.removesuffix("'s") for w in TOKEN.findall(low)}


def _overlap(frags: Frags, a: int, b: int) -> int:
    return sum(max(0, min(y, b) - max(x, a)) for x, y in frags)


def score(article: Article, claims: list[SystemClaim], n: Counter,
          examples: list[str] | None = None) -> Counter:
    """Add one article's counts to n (and readable failures to examples)."""
    golds = article.attributions
    attributed = [c for c in claims if c.attributed]
    n["articles"] += 1
    n["gold"] += len(golds)
    n["claims"] += len(claims)
    n["attributed"] += len(attributed)
    for c in attributed:
        size = c.content_end - c.content_start
        if any(_overlap(g.content, c.content_start, c.content_end) * 2 >= size for g in golds):
            n["attributed_correct"] += 1
        elif examples is not None:
            examples.append(f"FALSE   {c.speaker!r}: "
                            f"{article.text[c.content_start:c.content_end][:110]!r}")
    for gi, g in enumerate(golds):
        size = sum(y - x for x, y in g.content)
        if any(_overlap(g.content, c.content_start, c.content_end) * 2 >= size
               for c in attributed):
            n["covered_attr"] += 1
        elif examples is not None:
            examples.append(f"MISSED  {g.cue_text!r} / {g.source_text!r}: {g.content_text[:90]!r}")
        best = max(claims, key=lambda c: _overlap(g.content, c.start, c.end), default=None)
        if best is None or _overlap(g.content, best.start, best.end) * 2 < size:
            continue
        n["found"] += 1
        if g.source_text is None:
            continue
        said = words(best.speaker) | words(best.role)
        if is_pronoun(g.source_text):
            ref = referent(article, gi)
            n["found_pronoun"] += 1
            n["pronoun_named"] += best.speaker is not None
            n["pronoun_ref"] += ref is not None
            n["pronoun_right"] += ref is not None and ref in said
            if examples is not None and not (ref is not None and ref in said):
                examples.append(f"PRONOUN {g.source_text!r} → {ref!r}, said {best.speaker!r}: "
                                f"{g.content_text[:60]!r}")
            continue
        heads = gold_heads(g.source_text)
        ok = best.speaker is not None and bool(heads & said)
        n["found_named"] += 1
        n["named"] += best.speaker is not None
        n["right"] += ok
        if examples is not None and not ok:
            examples.append(f"SPEAKER {g.source_text!r} ({heads}) vs {best.speaker!r} "
                            f"[{best.role}]: {g.content_text[:60]!r}")
    return n


Labels = dict[tuple[str, int], set[str]]
LABELS = Path(__file__).with_name("polnear_dev_pronouns.tsv")


def read_labels(path: Path = LABELS) -> Labels:
    """Hand-labelled pronoun referents: (article, source offset) → the referent's head words
    (empty: the text names no referent)."""
    out: Labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, at, _, referent = line.split("\t")
            out[name, int(at)] = set() if referent == "-" else set(referent.split("|"))
    return out


def score_labelled(article: Article, claims: list[SystemClaim], labels: Labels,
                   n: Counter) -> None:
    """Add the counts of the article's hand-labelled pronoun sources to n: found as above; right
    when the speaker holds a word of the referent, or names nobody when the text names no
    referent."""
    for g in article.attributions:
        if g.source is None or (article.name, g.source[0][0]) not in labels:
            continue
        referent = labels[article.name, g.source[0][0]]
        n["labelled"] += 1
        size = sum(y - x for x, y in g.content)
        best = max(claims, key=lambda c: _overlap(g.content, c.start, c.end), default=None)
        if best is None or _overlap(g.content, best.start, best.end) * 2 < size:
            continue
        n["labelled_found"] += 1
        n["labelled_right"] += bool(words(best.speaker) & referent) if referent \
            else best.speaker is None


def figures(n: Counter) -> dict[str, float]:
    """The figures of summed counts."""
    def r(a: str, b: str) -> float:
        return n[a] / n[b] if n[b] else 0.0
    p, rec = r("attributed_correct", "attributed"), r("covered_attr", "gold")
    return {
        "content_P": p, "content_R": rec, "content_F1": 2 * p * rec / (p + rec) if p + rec else 0.0,
        "named": r("named", "found_named"), "right_of_named": r("right", "named"),
        "source_acc": r("right", "found_named"), "pronoun_right": r("pronoun_right",
                                                                    "found_pronoun"),
        "pronoun_labelled": r("labelled_right", "labelled_found"),
    }
