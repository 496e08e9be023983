"""Terms: what a claim is matched on, and the kind of quantity a figure counts.

Content terms: lower-cased, stemmed (plurals, -ing, -ed), stop words, attribution verbs and titles
out, common news synonyms folded together (aid/help/assistance; troops/soldiers;
sent/dispatched/deployed ...), and each pair of adjacent content words as a phrase, so word order
counts a little. Beside them, in the same sorted list (so they are made once per claim, in the
extraction workers, and kept in the lake as `match_terms`): each named subject of the claim as
`@name` (capitalised words, not the speaker's own name), `#negated` when the claim is negated
(with what it denies, the first content word after the negation, as `!term`) and `#complete` when
it stands alone as a sentence.
"""

import hashlib
import itertools
import re
from pathlib import Path

import pyarrow as pa

from tasks.text import lexicon
from tasks.text.lexicon import COMMON_CUES

_STOP = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been being has have "
    "had do does did will would could may might can shall should must that this these those it its "
    "their there they them he she his her we our us you your i me my not no so than then also such "
    "which who whom what when where while if into over under about after before between against "
    "according reportedly while more most some any all both each other another very just only "
    "even still yet however meanwhile including one new last week "
    # titles and roles describe who speaks, not what is claimed
    "president secretary press minister deputy spokesman spokeswoman spokesperson general chief "
    "director official officials source sources lt gen col nominee nominees candidate candidates "
    "presidential vice "
    # vague counts and small spelled-out numbers carry no content
    "dozens hundreds thousands millions billions two three four five six seven eight nine ten "
    "both".split()
) | COMMON_CUES
_SYNONYM_GROUPS = (
    "aid help assistance assist",
    "troop soldier personnel fighter serviceman servicemen",
    "casualty dead death kill killed loss fatality die died perish perished",
    "deploy deployment send sent dispatch",
    "rebuild reconstruction reconstruct",
    "grateful gratitude thank appreciate",
    "forget forgotten forgot",
    "technology tech",
    "shell munition ammunition",
    "talk discussion discuss meeting meet met",
    "visit trip",
    "pledge promise vow",
    "additional further extra",
    "heavy severe",
    "increase rise rose grow grew climb jump",
    "decrease fall fell drop decline",
    "buy bought purchase acquire",
    "sell sold sale",
    "company firm",
    "percent pct %",
    "dollar dlr usd $",
    "prison jail",
    "million mln",
    "billion bln",
    "begin began start",
    "win won",
    "lose lost",
    "say tell",
)
SYNONYMS = {w: group.split()[0] for group in _SYNONYM_GROUPS for w in group.split()}
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|\d[\d,.]*\d|\d|[$%]")


def stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed; synonyms folded to one form."""
    if word in SYNONYMS:
        return SYNONYMS[word]
    if len(word) >= 5 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) >= 5 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        word = word[:-2]
    elif len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif len(word) >= 6 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) >= 5 and word.endswith("ed"):
        word = word[:-2]
    return SYNONYMS.get(word, word)


def terms(text: str) -> frozenset[str]:
    """Content terms of a text: stemmed content words, and each pair of adjacent ones as a
    phrase ("urban combat" → urban, combat, urban_combat)."""
    words = [w.removesuffix("'s") for w in _TOKEN.findall(text.lower().replace("’", "'"))]
    content = [stem(w) for w in words if w not in _STOP and (len(w) > 2 or not w.isalpha())]
    return frozenset(content) | {f"{a}_{b}" for a, b in itertools.pairwise(content)}


_NAME = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+(?:-[A-Z][a-z]+)?|^[A-Z][a-z]+(?= [A-Z])")
# capitalised words that name no subject of their own: articles, dates, company designators,
# titles (stemmed as subject terms are)
_GENERIC = frozenset(stem(w) for w in """the a an this that these those
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    corp corporation inc incorporated co company companies ltd limited plc llc group holding
    holdings international mr mrs ms dr president minister prime secretary chairman chief
    executive officer director governor senator rep spokesman spokeswoman general vice
    presidential nominee candidate""".split())
# A claim negated: not, never, n't, cannot, no longer, neither/nor, deny, false/untrue. Words that
# negate less plainly (refuse, decline, fail, without, no) are left out: as vetoes they split
# paraphrases ("refused" / "refusal", "no shares", "without difficulty").
NEGATION = re.compile(
    r"\b(?:not|never|cannot|neither|nor|no\s+longer|den(?:y|ies|ied|ying)|untrue|false(?:ly)?)\b"
    r"|n['’]t\b", re.IGNORECASE)
SUBJECT, NEGATED, COMPLETE, DENIED = "@", "#negated", "#complete", "!"


def denied_terms(text: str) -> set[str]:
    """What a claim denies: the first content word after each negation ("has not been publicly
    acknowledged" → publicly; "will never forget" → forget), stemmed."""
    out = set()
    for m in NEGATION.finditer(text):
        for w in _TOKEN.findall(text[m.end():m.end() + 60].lower().replace("’", "'")):
            w = w.removesuffix("'s")
            if w not in _STOP and (len(w) > 2 or not w.isalpha()):
                out.add(stem(w))
                break
    return out


def subject_terms(text: str) -> frozenset[str]:
    """Named subjects of a text: its capitalised words (not the first, unless a name follows it,
    nor generic ones such as months, "Corp" or "Minister"), stemmed."""
    return frozenset(stem(m[0].lower()) for m in _NAME.finditer(text)) - _GENERIC


def is_complete(text: str) -> bool:
    """Whether a claim stands alone as a sentence, not a fragment of one: it opens with a capital
    letter, a digit or a quote, and closes a sentence (. ! ? or a closing quote or bracket) or is
    long enough to stand alone (8 words or more)."""
    t = text.strip()
    if not t:
        return False
    opens = t[0].isupper() or t[0].isdigit() or t[0] in "\"'“‘$£€"
    return opens and (t[-1] in ".!?\"'”’)" or len(t.split()) >= 8)


def quantity(unit: str | None) -> str | None:
    """The kind of quantity a figure counts: its unit's head noun, stemmed (None if unknown)."""
    if not unit:
        return None
    words = re.findall(r"[a-z%$]+", unit.lower())
    return stem(words[-1]) if words else None


def claim_terms(text: str, speaker: str | None) -> list[str]:
    """The sorted terms a claim is matched on: its text's terms less its speaker's name; its
    named subjects (less the speaker's name) as `@name`; `#negated` and what it denies as
    `!term`; `#complete`."""
    own = terms(speaker) if speaker else frozenset()
    marks = {SUBJECT + s for s in subject_terms(text) - own}
    if NEGATION.search(text):
        marks |= {NEGATED} | {DENIED + w for w in denied_terms(text)}
    if is_complete(text):
        marks.add(COMPLETE)
    return sorted((terms(text) - own) | marks)


def match_terms(claims: pa.Table) -> pa.Array:
    """Each claim's match terms (list<string>; columns text, speaker)."""
    texts, speakers = claims.column("text").to_pylist(), claims.column("speaker").to_pylist()
    return pa.array([claim_terms(t, s) for t, s in zip(texts, speakers, strict=True)],
                    pa.list_(pa.string()))


# The rules above and the words they read, as a version: stored terms made by other rules are not
# reused.
TERMS_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + Path(lexicon.__file__).read_bytes()).hexdigest()[:12]
