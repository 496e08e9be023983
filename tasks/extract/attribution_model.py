"""The learned attribution model: which words are attribution cues, and which word heads the
source of a cue. Two logistic regressions trained on PolNeAR-train (bench/train_attribution.py;
data card tasks/extract/models/attribution.md), read from one JSON file and scored with the
standard library only.

- **Cue**: a word of the learned cue lexicon (single words that were inside an annotated cue often
  enough) is a *cue anchor* when it was the strongest word of annotated cues often enough ("said",
  "according", "believes", "poll", "questioned"); only anchors are scored, and their *aliases*:
  the regular inflections of anchors the training text held too few of to judge ("predicts",
  "alleging"), each scored as its anchor, and in a model trained with word clusters
  (bench/word_clusters.py) the other words of clusters whose words are cues often enough
  ("slammed" with "criticized" and "blasted"), each scored as its cluster "#N". A scored anchor's
  features are its word, its neighbours two either side, the word classes on its subject and
  object sides (skipping auxiliaries and -ly adverbs), conjunctions of these with the word, its
  place in the sentence, and whether it sits inside a quotation. An anchor at or above the cue
  threshold is a cue; an anchor that was a cue in at least 90% of its many uses ("said",
  "according") is one without scoring; the lexicon's *attachment* words right beside a cue join
  it, each side its own ("has said", "according to", "said last week": a time word joins after
  the cue, never before it, where it would part the cue from its subject).
- **Source head**: the candidates around a cue (the last word of a capitalised run, a pronoun, a
  word of the learned source lexicon such as "officials" or "poll", an agent noun) are scored on
  their signed distance, rank on their side, commas, quotation marks, "that" or another cue in
  between, the word and its neighbours, capitalisation, the cue word and side, and where the
  candidate stands (the cue's subject, the object of a preposition, elsewhere; a possessive).
  The best at or above the source threshold is the head.

Features are (template, value) pairs: training writes them as "template=value" strings;
inference adds the same weights from tables arranged at load by word, side, kind, distance and
rank, so that no feature string is built (`cue_p`, `source_p`; tested equal). A sentence is
tokenised at C speed (Tokens) and its anchors found by set look-ups: cheaper than any regex that
would find the sentences holding none (it would pass four in five, and cost a third of the
tokens); a cue's source candidates are scored nearest first and the search stops at the first
likely one.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from tasks.extract.model_files import model_path
from tasks.text.chars import is_alpha, is_lower, is_upper
from tasks.text.lexicon import COUNT_WORDS, PAST_FORMS
from tasks.text.offsets import bisect_right
from tasks.text.patterns import Twin

# Tokens: words (with inner dots, apostrophes and hyphens: U.S, Trump's, co-chair) or one symbol.
# Every non-space character is in a token, so only spaces lie between two tokens. An abbreviation
# with inner dots keeps its final dot (U.S., e.g.).
_TOKEN: Final = r"\w+(?:[.'-]\w+)*(?:(?<=\.\w)\.)?|[^\w\s]"
TOKEN: Final = re.compile(_TOKEN)
# The tokens of a run of non-space characters, for Tokens: the same pattern with possessive
# quantifiers (nothing they take is ever given back in a match, so the regex engine keeps no record
# to backtrack to: a fifth faster).
_PIECE: Final = Twin(r"\w++(?:[.'-]\w++)*+(?:(?<=\.\w)\.)?+|[^\w\s]")
PRONOUNS: Final = frozenset(
    "he she they we i you it who him her them us me this that which".split())
# Possessives: a source right before a cue.
POSSESSIVES: Final = frozenset("his her their its my our your".split())
_DETERMINER_WORDS: Final = frozenset(
    "the a an this that these those his her their its our my your".split())
QUANTIFIERS: Final = frozenset("some many most both those few several others".split())
ORG_WORDS: Final = frozenset(
    "service ministry agency department council committee office party government army forces "
    "bank company group union commission court police administration news times post reuters "
    "association institute university board authority authorities campaign house senate "
    "congress foundation center centre network media poll polls survey journal press "
    "corporation inc corp co ltd organization organisation".split()
)
# Words that mark a name as an organisation's, beside ORG_WORDS.
ORG_NAME_WORDS: Final = ORG_WORDS | frozenset(
    "plc ag sa nv spa bhd gmbh group holdings industries systems airlines airways motors partners "
    "fund trust securities exchange management products chemical chemicals electric express"
    .split())
# Lower-case particles inside names, between capitalised words ("Richard von Weizsaecker",
# "Miguel de la Madrid", "Osama bin Laden", "Banque Nationale de Paris").
NAME_PARTICLES: Final = frozenset(
    "de del della der den van von da di du la le bin dos das".split())
# Descriptors written before a person's name that are no part of it ("Investor Sumner Redstone",
# "Democrat Hillary Clinton"): the role's, as titles are, though never a source's head (no word
# that starts organisations' names, "Republican Task Force", nor a surname, "Brian Singer").
DESCRIPTORS: Final = frozenset(
    "democrat investor developer billionaire businessman businesswoman financier activist "
    "comedian actor actress rapper".split())
# Titles and role nouns: sources, kept in the role and never in the speaker's name.
TITLES: Final = frozenset(
    "president vice prime minister deputy secretary press spokesman spokeswoman spokesperson "
    "general gen lt col maj sgt capt adm gov sen rep reps dr prof rev chief chairman "
    "chairwoman chair director ceo king queen prince senator governor mayor judge ambassador "
    "commander officer head leader representative attorney justice speaker congressman "
    "congresswoman candidate nominee adviser advisor aide strategist pollster manager "
    "analyst professor economist official officials spokespeople lawmaker lawmakers "
    "former acting senior top campaign executive treasurer commissioner premier chancellor"
    .split()
)
# Pronouns that never head a source.
_NOT_SOURCE_PRONOUNS: Final = frozenset("this that which him them us me".split())
# Words that never head a source, whatever their case (sentence adverbs, connectives, auxiliaries,
# determiners, prepositions, numbers, weekdays, months and times of day): a source head is a
# noun or a pronoun.
NON_HEADS: Final = frozenset(
    "meanwhile however but and or so yet still now then also instead indeed moreover thus "
    "therefore furthermore nevertheless nonetheless earlier later without whom whose once "
    "until unless whereas perhaps maybe otherwise besides unlike upon during despite "
    "the a an this these those his her its their our my your some many most all any each every "
    "both no not if when while after before since because as though although whether where "
    "what why how there here is are was were be been being has have had do does did will would "
    "could should may might must can cannot to of in on at for from by with about into over "
    "than like just even only very more less last next first second one two three "
    "mr mrs ms dr sen rep gov gen lt col jr sr st monday tuesday wednesday thursday friday "
    "saturday sunday january february march april june july august september october "
    "november december today yesterday tomorrow tonight ok yes well oh week weekend month year "
    "morning afternoon evening night".split()
)
# Auxiliaries and adverbs skipped when looking for a cue's subject and object.
AUXILIARIES: Final = frozenset(
    "has have had is are was were be been will would also not never did does do n't just still "
    "already then now later again repeatedly publicly".split())
_CLASS_WORDS: Final = frozenset(("that", "to", "the", "a", "an", '"', "'", ",", ":", ".", "(",
                                 "-", "for", "on", "about", "of", "by", "in"))
_QUOTE: Final = frozenset("\"'")
_NAME_MODALS: Final = frozenset(("May", "Will"))  # modals that are names too (`_surname`)
HONORIFICS: Final = frozenset("mr mrs ms dr mr. mrs. ms. dr.".split())
_MODIFYING: Final = frozenset("of at for from in".split())  # "Mr. Morgan of the Sierra Club"
_JOIN_AFTER: Final = frozenset("to of about for out up".split())  # function words closing a cue
# (A tuple constant passed as an object is typed of any length: compiled, one of a fixed length
# is kept as its items and built anew as a tuple at each such use.)
_AGENT_SUFFIXES: Final[tuple[str, ...]] = ("ers", "ors", "ists", "ians", "ants", "ents", "ees")
_NOT_INITIAL_HEADS: Final = frozenset("asked according given despite following".split())

CUE_TEMPLATES: Final = (
    "w", "p1", "n1", "p2", "n2", "w|n1", "p1|w", "q", "sj", "ob", "sj|ob", "w|sj", "w|ob",
    "quotes", "pos", "p3", "n3",
)
# Templates of a set of words each: the words 3 to 6 tokens before and after a cue (`cue_window`).
CUE_WINDOW_TEMPLATES: Final = ("bl", "br")
WINDOW: Final = (3, 6)
SOURCE_TEMPLATES: Final = (
    "d", "k|d", "r", "k|r", "w", "pb", "p1", "n1", "ps", "ns", "ps|k", "ns|k", "cm", "qt", "cu",
    "th", "cue|s", "cue|k|s", "first", "iq", "gp", "k|gp", "gen", "p2", "n2", "cp1", "cn1",
)


_DEMONSTRATIVES: Final = frozenset("that this these those".split())


def person_words(words: list[str], titles: frozenset[str]) -> list[str]:
    """The words of a capitalised run that name it: those after its last title (among `titles`,
    the last word never counted) when no organisation's word follows it, titles and function
    words at their end dropped ("Russian Deputy Defense Minister Victor Goremykin": Victor
    Goremykin; "North Korean Defense Minister No Gwansik": No Gwansik; "Minister Kim Tuesday":
    Kim), else the run without its titles and function words ("General Motors", "Great
    American First Savings Bank": its organisation's name, "But Senator John Cornyn")."""
    title = max((k for k, w in enumerate(words[:-1]) if w.lower().strip(".") in titles),
                default=-1)
    if title >= 0 and not any(w.lower().strip(".") in ORG_NAME_WORDS for w in words[title + 1:]):
        out = words[title + 1:]
        while out and (out[-1].lower().strip(".") in titles or out[-1].lower() in NON_HEADS):
            out.pop()
        return out
    return [w for w in words if w.lower().strip(".") not in titles and w.lower() not in NON_HEADS
            and w.lower() not in _DEMONSTRATIVES]  # 'Rubio said: That Cruz is': Cruz


def weight(table: dict[Any, float], key: object) -> float:
    """A feature's weight in a model table, 0.0 when the table has none. The stored float is
    read as it is: `table.get(key, 0.0)`, compiled, boxes a new 0.0 at every call (355,000 over
    a thousand Reuters bodies), and adding the 0.0 here gives the same sums."""
    v = table.get(key)
    return 0.0 if v is None else v


def _lone_mark(c: str) -> bool:
    r"""Whether a character is a token of its own next to a word (`TOKEN`'s [^\w\s])."""
    return not (c.isalnum() or c == "_" or c.isspace())


def _joined(run: str) -> bool:
    """Whether a run of non-space characters is one token: runs of letters and digits joined by
    single dots, apostrophes or hyphens ("1.5", "co-chair", "Trump's"), as `_PIECE` reads it."""
    return all(part.isalnum() for part in run.replace("'", "-").replace(".", "-").split("-"))


def _tokens(text: str, base: int, runs: list[str], at: int, single: bool,
            pieces: re.Pattern[str]) -> tuple[list[str], list[int]]:
    """The tokens of a sentence's runs of non-space characters (`Tokens`) and their end offsets
    from the sentence's start, text[base:], the first run at or after offset `at` of it;
    `single`: each run one past the end of the one before (`at`: one before the first run). Each
    run moves the offset on by its length at most (its tokens cover it), so a wider gap leaves the
    last end short."""
    words: list[str] = []
    ends: list[int] = []
    for run in runs:
        if single:
            at += 1
        else:
            while text[base + at].isspace():  # only spaces lie between the last run and this one
                at += 1
        if run.isalnum():
            words.append(run)
            at += len(run)
            ends.append(at)
            continue
        n = len(run)
        # (two letters at least before the mark: "S." may end an abbreviation begun before)
        if n > 2 and _lone_mark(run[-1]) and run[:-1].isalnum():  # "said," "Tuesday."
            words.append(run[:-1])
            ends.append(at + n - 1)
            words.append(run[-1])
            at += n
            ends.append(at)
            continue
        if n > 1 and _lone_mark(run[0]) and run[1:].isalnum():  # "(Reuters" '"We'
            words.append(run[0])
            ends.append(at + 1)
            words.append(run[1:])
            at += n
            ends.append(at)
            continue
        if _joined(run):  # "1.5", "co-chair", "Trump's"
            words.append(run)
            at += n
            ends.append(at)
            continue
        parts = run.split(",")
        if len(parts) > 1 and all(part.isalnum() for part in parts):  # "1,500": 1 , 500
            for k, part in enumerate(parts):
                if k:
                    at += 1
                    words.append(",")
                    ends.append(at)
                words.append(part)
                at += len(part)
                ends.append(at)
            continue
        for word in pieces.findall(text, base + at, base + at + n):  # they cover the run
            words.append(word)
            at += len(word)
            ends.append(at)
    return words, ends


class Tokens:
    """The tokens of one sentence text[start:end]: words, lower-cased words, their end offsets from
    the sentence's start (`base`; `start` and `end` give a token's offsets in the text), and the
    indices of its " marks (a token sits inside a quotation when an odd number of them lie up to
    and including it). The sentence is split at spaces (str.split, in C); a run
    of letters and digits is one token as it stands, so are such runs joined by single dots,
    apostrophes or hyphens ("1.5", "Trump's"), and so is a word with one mark before or after it
    ("said,", "(Reuters": two tokens, split by hand), so are runs of letters and digits joined
    by single commas ("1,500": three), and only another run holding punctuation ("U.S.",
    "(Reuters)") is read with the token regex: the same tokens as the regex over
    the whole sentence, since no token holds a space, at a fraction of the regex engine's cost. The
    marks are only looked for in a sentence that holds one. `opened` is 1 when the sentence begins
    inside a quotation opened before it (the second sentence of '"A. B," he said'): its first mark
    then closes, and the words before that mark are quoted (`quote_parities`)."""

    __slots__ = ("base", "ends", "lower", "marks", "opened", "text", "words")

    def __init__(self, text: str, start: int, end: int, opened: int = 0) -> None:
        self.text = text
        self.opened = opened
        # Ends are kept from the sentence's start: most are then under 257, ints Python keeps
        # made, where an offset in the text needs a new int object per token.
        self.base = start
        pieces = _PIECE.on(text)
        sentence = text[start:end]
        runs = sentence.split()
        # Nearly every sentence has one space or line break between its runs and none before the
        # first: each run is taken to start one past the end of the one before, no character read
        # to find it, and that is checked once, at the end of the last (a wider gap, or a space
        # before the first run, would leave it short of the sentence's last non-space character,
        # or leave no token).
        words, ends = _tokens(text, start, runs, -1, True, pieces)
        if runs and (not ends or ends[-1] != len(sentence.rstrip())):
            words, ends = _tokens(text, start, runs, 0, False, pieces)
        self.words = words
        self.lower = [("percent" if w == "%" else w) if len(w) == 1 and _own_lower(w) else w.lower()
                      for w in words]  # "42%" reads as "42 percent"
        self.ends = ends
        self.marks: list[int] = [i for i, w in enumerate(self.words) if w == '"'] \
            if text.find('"', start, end) >= 0 else []

    def start(self, k: int) -> int:
        """Offset of token k in the text."""
        return self.base + self.ends[k] - len(self.words[k])

    def end(self, k: int) -> int:
        """Offset just past token k."""
        return self.base + self.ends[k]

    def in_quote(self, k: int) -> bool:
        """Whether token k is inside a double-quoted stretch of the sentence."""
        return (bisect_right(self.marks, k) + self.opened) & 1 == 1

    @property
    def has_quote(self) -> bool:
        """Whether the sentence holds quoted words: a double quotation mark, or its start."""
        return bool(self.marks) or self.opened == 1


def _own_lower(c: str) -> bool:
    """Whether a character is its own lower case and ASCII ("," "." "a"): the token is then its
    own lower-cased form. Python keeps one string of each such character, its hash computed once,
    where str.lower makes a new string each time, whose hash each model look-up computes anew."""
    k = ord(c)
    return k < 128 and not 65 <= k <= 90


def quote_parities(text: str, sents: list[tuple[int, int]]) -> list[int]:
    """Per sentence (start, block), in reading order: 1 when it begins inside a quotation, that
    is after an odd number of " marks since its block's first sentence (`Tokens.opened`). The
    marks are counted once, between each sentence and the next."""
    out: list[int] = []
    block, at, parity = -1, 0, 0
    for start, b in sents:
        if b != block:
            block, at, parity = b, start, 0
        parity ^= text.count('"', at, start) & 1
        at = start
        out.append(parity)
    return out


def shape(tok: str) -> str:
    """A coarse shape: X capitalised word, x lower-case word, d digits, else the symbol itself."""
    c = tok[:1]
    if is_upper(c):
        return "X"
    if is_alpha(c):
        return "x"
    if c.isdigit():
        return "d"
    return c


def prob_bin(p: float) -> str:
    """A probability as one digit (tenths)."""
    return str(min(9, int(p * 10)))


def _dist_bin(d: int) -> str:
    a = abs(d)
    b = str(a) if a <= 4 else ("5-7" if a <= 7 else ("8-12" if a <= 12 else "13+"))
    return ("-" if d < 0 else "+") + b


def _word_class(words: list[str], lower: list[str], k: int) -> str:
    """A token's class for cue context: pronoun P, capitalised C, digit d, a few function words
    as themselves, else x (p for other symbols)."""
    if k < 0:
        return "<s>"
    if k >= len(words):
        return "</s>"
    w = lower[k]
    if w in PRONOUNS:
        return "P"
    if w in _CLASS_WORDS:
        return w
    c = words[k][:1]
    if is_upper(c):
        return "C"
    if c.isdigit():
        return "d"
    return "x" if is_alpha(c) else "p"


# Time words between a subject and its verb ("The committee this week announced").
_TIME_WORDS: Final = frozenset(
    "this last next past week weekend month year morning afternoon evening night today "
    "yesterday tonight monday tuesday wednesday thursday friday saturday sunday".split())


def passed_over(w: str) -> bool:
    """Whether a word between a subject and its verb is passed over when looking for either: an
    auxiliary, an -ly adverb or a time word."""
    return w in AUXILIARIES or w.endswith("ly") or w in _TIME_WORDS


def _sides(words: list[str], lw: list[str], i: int) -> tuple[str, str]:
    """The word classes on the subject and object sides of token i (auxiliaries and -ly adverbs
    skipped)."""
    j = i - 1
    while j >= 0 and (lw[j] in AUXILIARIES or lw[j].endswith("ly")):
        j -= 1
    k = i + 1
    n = len(lw)
    while k < n and (lw[k] in AUXILIARIES or lw[k].endswith("ly")):
        k += 1
    return _word_class(words, lw, j), _word_class(words, lw, k)


def cue_values(t: Tokens, i: int, w: str) -> tuple[str, ...]:
    """The values of CUE_TEMPLATES for token i as a cue, read as the anchor w (the token itself,
    or the key it is an alias of: its anchor, or its cluster "#133")."""
    lw, words = t.lower, t.words
    n = len(lw)
    p1 = lw[i - 1] if i > 0 else "<s>"
    p2 = lw[i - 2] if i > 1 else "<s>"
    n1 = lw[i + 1] if i + 1 < n else "</s>"
    n2 = lw[i + 2] if i + 2 < n else "</s>"
    subj, obj = _sides(words, lw, i)
    q = "1" if t.in_quote(i) else "0"
    return (
        w, p1, n1, p2, n2, w + "|" + n1, p1 + "|" + w, q, subj, obj, subj + "|" + obj,
        w + "|" + subj, w + "|" + obj, ("1" if t.has_quote else "0") + q,
        "0" if i == 0 else ("e" if i >= n - 2 else "m"),
        lw[i - 3] if i > 2 else "<s>", lw[i + 3] if i + 3 < n else "</s>",
    )


def _window_weight(lw: list[str], a: int, b: int, table: Weights) -> float:
    """The weights of the distinct words of lw[a:b] in table (`cue_window`'s sets, summed
    without building them: a word is counted where it first stands)."""
    total = 0.0
    for k in range(a, b):
        v = table.get(lw[k])
        if v is not None and _first_from(lw, a, k):
            total += v
    return total


def _first_from(lw: list[str], a: int, k: int) -> bool:
    """Whether lw[k] stands nowhere in lw[a:k] (compared one by one: no slice is made)."""
    x = lw[k]
    return all(lw[m] != x for m in range(a, k))


def cue_window(lw: list[str], i: int) -> tuple[set[str], set[str]]:
    """The values of CUE_WINDOW_TEMPLATES for token i: the distinct words 3 to 6 tokens before
    it, and after it. Cross-validated on PolNeAR train, these and p3/n3 lift the cue tokens' F1
    from 0.787 to 0.802 (tasks/extract/models/attribution.md): the company a cue keeps a few
    words away ("told reporters on Monday that", "in an interview with ... said")."""
    a, b, c, d = _window_spans(i, len(lw))
    return set(lw[a:b]), set(lw[c:d])


def _window_spans(i: int, n: int) -> tuple[int, int, int, int]:
    """The token spans [a, b) before token i and [c, d) after it that its window holds."""
    near, far = WINDOW
    return max(0, i - far), max(0, i - near + 1), min(n, i + near), min(n, i + far + 1)


def source_heads(src_lex: dict[str, str] | frozenset[str]) -> frozenset[str]:
    """The lower-case words that may head a source whatever their form (`is_candidate`): subject
    pronouns, quantifiers, and the words of the source lexicon, their singulars, organisation
    nouns and titles that are no function word. Made once per model, so that a lower-case token
    is tested with one look-up."""
    nouns = {*src_lex, *(w[:-1] for w in src_lex if w.endswith("s")), *ORG_WORDS, *TITLES}
    return frozenset((PRONOUNS - _NOT_SOURCE_PRONOUNS) | QUANTIFIERS
                     | (nouns - NON_HEADS - PRONOUNS))


_NAME_SUFFIXES: Final = frozenset("jr sr ii iii iv".split())


def is_candidate(words: list[str], lower: list[str], j: int, heads: frozenset[str]) -> bool:
    """Whether token j may head a source: a pronoun that can be a subject, a quantifier ("some",
    "many", "those"), the last word of a capitalised run (not a sentence-initial -ing word,
    adverb before a comma or preposition, nor a name in an of/at/for/from phrase after a word:
    "Mr. Morgan of the Sierra Club"), a word of the source lexicon (or the singular of
    one), a title or role noun, an organisation noun ("the ministry"), or a long agent noun
    (-ers, -ists, -ians, ...). heads: `source_heads` of the source lexicon."""
    w = lower[j].removesuffix("'s")
    c = words[j][:1]
    if is_lower(c) or c == "%":
        return w in heads or (len(w) > 5 and w.endswith(_AGENT_SUFFIXES) and w not in NON_HEADS
                              and w not in PRONOUNS)
    if w in QUANTIFIERS:
        return True
    if not is_upper(c) or (w in NON_HEADS and not _surname(words, j)):
        return w in PRONOUNS and w not in _NOT_SOURCE_PRONOUNS  # "He", "They", "I"
    if w in PRONOUNS:
        return w not in _NOT_SOURCE_PRONOUNS
    n = len(words)
    if j == 0 and (w in _NOT_INITIAL_HEADS or w.endswith("ing")
                   or (w.endswith("ly") and n > 1 and words[1] == ",")):
        return False
    if j + 1 < n and is_upper(words[j + 1][:1]) and lower[j + 1] not in _NAME_SUFFIXES:
        return False  # not the last word of its name ("C. Stewart Verdery Jr.": Verdery)
    return not _in_modifier(words, lower, j)


def _after_name(lw: list[str], j: int) -> int:
    """The token after the name ending at token j: past a name suffix and its period ("Jr.")."""
    k = j + 1
    if k < len(lw) and lw[k] in _NAME_SUFFIXES:
        k += 2 if k + 1 < len(lw) and lw[k + 1] == "." else 1
    return k


def _in_modifier(words: list[str], lower: list[str], j: int) -> bool:
    """Whether the name ending at token j is in an of/at/for/from/in phrase that modifies the
    word before it ("Mr. Morgan of the Sierra Club"): such a name is no head."""
    r = j
    while r > 0 and is_upper(words[r - 1][:1]):
        r -= 1
    if r > 0 and lower[r - 1] in _DETERMINER_WORDS:
        r -= 1
    return r > 1 and lower[r - 1] in _MODIFYING and is_alpha(words[r - 2][:1])


def _subject(t: Tokens, c0: int) -> int:
    """The token before the cue starting at token c0, `passed_over` words passed over (-1: none);
    never a name's last word ("Theresa May said": May, no modal)."""
    lower = t.lower
    subject = c0 - 1
    while subject >= 0 and passed_over(lower[subject]) and not _surname(t.words, subject):
        subject -= 1
    return subject


def _surname(words: list[str], k: int) -> bool:
    """Whether token k is a modal that is a name's last word: "May" or "Will" capitalised after a
    capitalised word or an honorific ("Theresa May said", "Mrs. May said", "George Will wrote"),
    no auxiliary."""
    return k > 0 and words[k] in _NAME_MODALS and (is_upper(words[k - 1][:1]) or (
        words[k - 1] == "." and k > 1 and words[k - 2].lower() in HONORIFICS))


def _left_candidate(t: Tokens, c0: int, j: int, subject: int, heads: frozenset[str]) -> int:
    """The nearest candidate head at or before token j, within 30 tokens before the cue starting
    at token c0 (-1: none); `subject`: the cue's `_subject`, a candidate unless a modifier of a
    noun-like cue (`_noun_like`) or a predicate (`_predicate`). (A function called once per
    candidate, not a generator: compiled, a call is cheaper than resuming one.)"""
    words, lower = t.words, t.lower
    while j >= 0 and c0 - j <= 30:
        if is_candidate(words, lower, j, heads) or (j == c0 - 1 and lower[j] in POSSESSIVES) \
                or (j == subject and lower[j].isalpha() and lower[j] not in NON_HEADS
                    and not _noun_like(lower[c0]) and not _predicate(words, lower, j)):
            return j
        j -= 1
    return -1


def word_offsets(text: str, word: str) -> list[int]:
    """Where the word stands in the text as a whole word, as written (a possessive 's may follow):
    "management" in a document that names "Waste Management" tells a common noun."""
    out = []
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (
                end >= len(text) or not text[end].isalnum() or text.startswith("'s", end)):
            out.append(at)
        at = text.find(word, end)
    return out


def counted(w: str) -> bool:
    """Whether a lower-case word is a count ("27", "two", "twenty-seven"): an -s word after it
    is a plural noun ("27 states", "two reports"), no cue verb."""
    return any(c.isdigit() for c in w) or w.split("-")[0] in COUNT_WORDS


def _predicate(words: list[str], lower: list[str], j: int) -> bool:
    """Whether the word right before a cue is a predicate, a verb or an adverb, no subject: it
    follows a form of "be", "have" or a linking verb ("Trump was tepid about", "Fiorina was
    upfront about", "the media has done nothing to explain"), a modal, "to" or a relative
    pronoun ("could lose about", "Legislation to require disclosure", "which hold about"); it is
    an -ed form written lower-case ("the scholars I interviewed this week thought";
    "Consolidated" is a name's) or an irregular past form ("prices rose sharply", "Clinton came
    out against"); or it is an adverb ("so far predicted", "all too happy to", "two days ago
    expressed")."""
    w = lower[j]
    return (j > 0 and (lower[j - 1] in _PREDICATE_LEADS or lower[j - 1] in _VERB_LEADS)) or (
        len(w) > 4 and w.endswith("ed") and is_lower(words[j][:1])) or w in PAST_FORMS \
        or w in ADVERBS


_PREDICATE_LEADS: Final = frozenset(
    "is are was were be been being am 's 're has have had become became seem seems seemed "
    "remain remains remained".split())
# Words after which a lower-case word is a verb: modals, an infinitive's "to", relative pronouns.
_VERB_LEADS: Final = frozenset("could would should will shall may might must can cannot to "
                               "which who".split())
# Adverbs that stand where a subject would (no -ly word: `passed_over` skips those), and that
# alone name no speaker ("Much of the strategy": a capitalised one opens a sentence).
ADVERBS: Final = frozenset(
    "too ever far much together alone except ahead thereby ago seldom longer due often rarely "
    "almost already soon again enough quite".split())


def _noun_like(w: str) -> bool:
    """Whether a cue word has a noun's ending (-tion, -sion, -ment, -ence, -ance, -ity, -ism,
    -ness, and their plurals) and is no verb as well ("laments", "mentions", "questions"): the
    word right before it is its modifier, no subject ("faced stern opposition", "the new
    allegations", "another reference")."""
    stem = w[:-3] + "y" if w.endswith("ies") else w[:-2] if w.endswith("sses") \
        else w.removesuffix("s")
    return stem.endswith(_NOUN_ENDINGS) and stem not in _VERB_NOUNS


_NOUN_ENDINGS: Final[tuple[str, ...]] = (  # of any length: see _AGENT_SUFFIXES
    "tion", "sion", "ment", "ence", "ance", "ity", "ism", "ness")
_VERB_NOUNS: Final = frozenset("question mention lament caution petition sanction".split())


def _right_candidate(t: Tokens, c1: int, j: int, heads: frozenset[str]) -> int:
    """The nearest candidate head at or after token j, within 20 tokens after the cue ending at
    token c1 (-1: none)."""
    words, lower = t.words, t.lower
    n = len(words)
    while j < n and j - c1 <= 20:
        if is_candidate(words, lower, j, heads):
            return j
        j += 1
    return -1


def source_candidates(t: Tokens, c0: int, c1: int, heads: frozenset[str],
                      left: int, right: int) -> list[int]:
    """The nearest `left` candidate heads before the cue tokens [c0, c1] (within 30 tokens) and
    the nearest `right` after them (within 20), nearest first on each side; the word right before
    the cue (`passed_over` words passed over) and a possessive right before it are candidates
    too ("the scale of the mobilization suggests", "his remarks")."""
    found: list[int] = []
    subject, j = _subject(t, c0), c0 - 1
    while len(found) < left and (j := _left_candidate(t, c0, j, subject, heads)) >= 0:
        found.append(j)
        j -= 1
    on_right, k = 0, c1 + 1
    while on_right < right and (k := _right_candidate(t, c1, k, heads)) >= 0:
        found.append(k)
        on_right += 1
        k += 1
    return found


def source_values(t: Tokens, j: int, c0: int, c1: int, rank: int, cue_word: str,
                  src_bins: dict[str, str], cue_words: frozenset[str]) -> tuple[str, ...]:
    """The values of SOURCE_TEMPLATES for token j as the head of the source of cue [c0, c1]
    (rank: its rank among the candidates on its side; cue_words: likely cue words, counted
    between). The cue's subject is read as if right before it: its distance, the word after it
    and the words between leave out the `passed_over` words ("Mr. Bush pointedly rejected");
    the word after a name is the one after its suffix ("Verdery Jr., a senior official")."""
    lw, words = t.lower, t.words
    n = len(lw)
    right = j > c1
    position, nxt, d, between = _reading(words, lw, j, c0, c1)
    commas = between.count(",")
    quotes = between.count('"') + between.count("'")
    that = "1" if "that" in between else "0"
    cues = len(cue_words.intersection(between))  # distinct cue words
    w = lw[j]
    kind = "P" if w in PRONOUNS else ("C" if is_upper(words[j][:1]) else "l")
    side = "R" if right else "L"
    dist = _dist_bin(d)
    r = side + str(min(rank, 4))
    ps = shape(words[j - 1]) if j > 0 else "<s>"
    ns = shape(words[nxt]) if nxt < n else "</s>"
    gp = side + _POSITIONS[position]
    return (
        dist, kind + dist, r, kind + r, w, src_bins.get(w, "0"),
        lw[j - 1] if j > 0 else "<s>", lw[nxt] if nxt < n else "</s>", ps, ns, ps + kind,
        ns + kind, side + str(min(commas, 3)), side + str(min(quotes, 2)),
        side + str(min(cues, 2)), side + that, cue_word + side, cue_word + kind + side,
        "1" if j == 0 or (j == 1 and lw[0] in _QUOTE) else "0",
        ("1" if t.in_quote(j) else "0") + ("1" if t.in_quote(c0) else "0"), gp, kind + gp,
        "1" if w.endswith("'s") else "0", *_source_context(lw, j, c0, c1),
    )


def _reading(words: list[str], lw: list[str], j: int, c0: int, c1: int
             ) -> tuple[int, int, int, list[str]]:
    """How candidate j stands to the cue [c0, c1], for `source_values` and `source_p` alike: its
    `_position`, the token read as the word after it, its signed distance and the words between.
    The cue's subject is read as if right before it (the `passed_over` words between left out);
    the word after a name is the one after its suffix."""
    right = j > c1
    position = _position(words, lw, j, c0, right)
    nxt = c0 if position == 0 and not right else _after_name(lw, j)
    d = j - c1 if right else (-1 if position == 0 else j - c0)
    return position, nxt, d, lw[c1 + 1:j] if right else lw[nxt:c0]


def _source_context(lw: list[str], j: int, c0: int, c1: int) -> tuple[str, ...]:
    """The words 2 before and after candidate j, and the words right before and after the cue
    [c0, c1] (source templates p2 … cn1). Cross-validated on PolNeAR train, they lift the
    source model's accuracy on annotated cues from 0.844 to 0.860 (data card)."""
    n = len(lw)
    return (lw[j - 2] if j > 1 else "<s>", lw[j + 2] if j + 2 < n else "</s>",
            lw[c0 - 1] if c0 > 0 else "<s>", lw[c1 + 1] if c1 + 1 < n else "</s>")


_POSITIONS: Final = ("S", "P", "O")
_PREPOSITIONS: Final = frozenset("of in for at from by with to on about into over among against "
                          "after before than like".split())


def _likely_count(between: list[str], likely: frozenset[str]) -> int:
    """How many distinct likely cue words lie between a candidate and its cue, counted up to 2
    (a loop: no set is built for the one number)."""
    seen = ""
    for w in between:
        if w in likely and w != seen:
            if seen:
                return 2
            seen = w
    return 1 if seen else 0


def _position(words: list[str], lw: list[str], j: int, c0: int, right: bool) -> int:
    """Where candidate j stands: 0 the cue's subject (right before it, `passed_over` words
    passed over), 1 the object of a preposition ("in a report by the Times"), 2 elsewhere."""
    if not right:
        k = j + 1
        while k < c0 and passed_over(lw[k]):
            k += 1
        if k == c0:
            return 0
    r = j
    if is_upper(words[j][:1]):
        while r > 0 and is_upper(words[r - 1][:1]):
            r -= 1
    if r > 0 and lw[r - 1] in _DETERMINER_WORDS:
        r -= 1
    return 1 if r > 0 and lw[r - 1] in _PREPOSITIONS else 2


Weights = dict[str, float]


@dataclass(frozen=True)
class AnchorTable:
    """An anchor word's cue weights: the bias plus the word's own weight, and its sub-tables of
    the conjunctions with it."""

    base: float
    next_word: Weights  # w|n1, by next word
    prev_word: Weights  # p1|w, by previous word
    subject: Weights  # w|sj, by subject-side class
    object: Weights  # w|ob, by object-side class


@dataclass(frozen=True)
class CueSlots:
    """The cue templates that do not hold the word, arranged for `cue_p`. (The tables read by an
    index are typed as tuples of any length: compiled, a tuple of a fixed length is kept as its
    unboxed floats, and indexing it by a variable builds a new tuple of new floats each time.)"""

    p1: Weights
    n1: Weights
    p2: Weights
    n2: Weights
    q: tuple[float, ...]  # by whether inside a quotation (two)
    sj: Weights
    ob: Weights
    sj_ob: dict[tuple[str, str], float]
    quotes: tuple[float, ...]  # by (sentence has a quotation, inside one): four
    pos: tuple[float, ...]  # first, at the end, elsewhere
    p3: Weights
    n3: Weights
    bl: Weights  # by a word of the window before
    br: Weights  # by a word of the window after


@dataclass(frozen=True)
class SourceSlots:
    """The source templates arranged for `source_p`: by kind (0 lower-case, 1 capitalised,
    2 pronoun), side (0 left, 1 right), signed distance, rank and count (tuples of any length,
    as in CueSlots)."""

    by_distance: tuple[dict[int, float], ...]  # kind → distance
    by_rank: tuple[tuple[tuple[float, ...], ...], ...]  # kind, side, rank
    commas: tuple[tuple[float, ...], ...]  # side, count
    quotes: tuple[tuple[float, ...], ...]  # side, count
    cues: tuple[tuple[float, ...], ...]  # side, count
    that: tuple[tuple[float, ...], ...]  # side, "that" in between
    cue_words: tuple[tuple[Weights, ...], ...]  # side, kind → cue word
    word: Weights
    word_bin: Weights
    before: Weights
    after: Weights
    shape_before: tuple[Weights, ...]  # kind → shape
    shape_after: tuple[Weights, ...]
    first: tuple[float, ...]  # not the first word, the first
    in_quote: tuple[float, ...]  # (candidate, cue) inside a quotation: four
    position: tuple[tuple[tuple[float, ...], ...], ...]  # kind, side, position
    possessive: tuple[float, ...]  # no possessive, a possessive
    p2: Weights  # the words around the candidate, and around the cue (`_source_context`)
    n2: Weights
    cue_before: Weights
    cue_after: Weights


@dataclass(frozen=True, eq=False)
class AttributionModel:
    """The model's lexicons and weights (as written by bench/train_attribution.py), with the cue
    and source thresholds of a run."""

    anchors: frozenset[str]  # cue-lexicon words that are scored
    aliases: dict[str, str]  # words scored as an anchor ("predicts") or a cluster ("#133")
    sure: dict[str, float]  # anchors that are cues nearly always: their lexicon probability
    attach_before: frozenset[str]  # cue-lexicon words that join a cue right before them
    attach_after: frozenset[str]  # ... and right after them
    src_bins: dict[str, str]  # source-lexicon word → its probability bin
    heads: frozenset[str]  # lower-case words that may head a source (source_heads)
    cue_bias: float
    cue_tables: tuple[dict[str, float], ...]  # per CUE_TEMPLATES + CUE_WINDOW_TEMPLATES
    src_bias: float
    src_tables: tuple[dict[str, float], ...]  # one per SOURCE_TEMPLATES, as trained
    first_names: dict[str, str]  # given name → "m", "f" or "" (gender unknown)
    cue_threshold: float
    source_threshold: float
    anchor_tables: dict[str, AnchorTable] = field(repr=False)  # by anchor and by alias
    cue_slots: CueSlots = field(repr=False)
    source_slots: SourceSlots = field(repr=False)
    left: int = 6
    right: int = 4
    source_stop: float = 0.5
    likely_cues: frozenset[str] = field(default=frozenset())
    speaker_threshold: float = 1.0  # a weak cue (under the cue threshold) at or above it; 1: none

    def cue_p(self, t: Tokens, i: int) -> float:
        """The probability that anchor token i is a cue: the logistic of the weights of its
        `cue_values` and `cue_window`, added from tables arranged at load so that no feature
        string is built (the conjunctions with the word are sub-tables of the word's; checked
        equal in the tests)."""
        lw = t.lower
        n = len(lw)
        w = lw[i]
        a = self.anchor_tables[w]
        p1 = lw[i - 1] if i > 0 else "<s>"
        p2 = lw[i - 2] if i > 1 else "<s>"
        n1 = lw[i + 1] if i + 1 < n else "</s>"
        n2 = lw[i + 2] if i + 2 < n else "</s>"
        subj, obj = _sides(t.words, lw, i)
        marks, opened = t.marks, t.opened
        q = (bisect_right(marks, i) + opened) & 1
        c = self.cue_slots
        a0, b0, a1, b1 = _window_spans(i, n)
        window = _window_weight(lw, a0, b0, c.bl) + _window_weight(lw, a1, b1, c.br)
        s = (a.base + weight(c.p1, p1) + weight(c.n1, n1) + weight(c.p2, p2)
             + weight(c.n2, n2) + weight(a.next_word, n1) + weight(a.prev_word, p1) + c.q[q]
             + weight(c.sj, subj) + weight(c.ob, obj) + weight(c.sj_ob, (subj, obj))
             + weight(a.subject, subj) + weight(a.object, obj)
             + c.quotes[(2 if marks or opened else 0) + q]
             + c.pos[0 if i == 0 else (1 if i >= n - 2 else 2)]
             + weight(c.p3, lw[i - 3] if i > 2 else "<s>")
             + weight(c.n3, lw[i + 3] if i + 3 < n else "</s>") + window)
        return 0.0 if s < -30 else 1.0 / (1.0 + math.exp(-s))

    def source_p(self, t: Tokens, j: int, c0: int, c1: int, rank: int) -> float:
        """The probability that token j heads the source of the cue [c0, c1]: the logistic of
        the weights of its `source_values`, added from tables arranged at load by side, kind,
        distance and rank, so that no feature string is built (checked equal in the tests)."""
        lw, words = t.lower, t.words
        n = len(lw)
        right = j > c1
        w = lw[j]
        kind = 2 if w in PRONOUNS else (1 if is_upper(words[j][:1]) else 0)  # P, C, l
        side = 1 if right else 0
        sl = self.source_slots
        position, nxt, d, between = _reading(words, lw, j, c0, c1)
        ps = shape(words[j - 1]) if j > 0 else "<s>"
        ns = shape(words[nxt]) if nxt < n else "</s>"
        marks, opened = t.marks, t.opened
        s = (self.src_bias + weight(sl.by_distance[kind], d)
             + sl.by_rank[kind][side][min(rank, 4)]
             + sl.commas[side][min(between.count(","), 3)]
             + sl.quotes[side][min(between.count('"') + between.count("'"), 2)]
             + sl.cues[side][_likely_count(between, self.likely_cues)]
             + sl.that[side][1 if "that" in between else 0]
             + weight(sl.cue_words[side][kind], lw[c0])
             + weight(sl.word, w) + weight(sl.word_bin, self.src_bins.get(w, "0"))
             + weight(sl.before, lw[j - 1] if j > 0 else "<s>")
             + weight(sl.after, lw[nxt] if nxt < n else "</s>")
             + weight(sl.shape_before[kind], ps) + weight(sl.shape_after[kind], ns)
             + sl.first[1 if j == 0 or (j == 1 and lw[0] in _QUOTE) else 0]
             + sl.in_quote[2 * ((bisect_right(marks, j) + opened) & 1)
                           + ((bisect_right(marks, c0) + opened) & 1)]
             + sl.position[kind][side][position]
             + sl.possessive[1 if w.endswith("'s") else 0])
        p2, n2, cp1, cn1 = _source_context(lw, j, c0, c1)
        s += (weight(sl.p2, p2) + weight(sl.n2, n2) + weight(sl.cue_before, cp1)
              + weight(sl.cue_after, cn1))
        return 0.0 if s < -30 else 1.0 / (1.0 + math.exp(-s))

    def cue_groups(self, t: Tokens
                   ) -> tuple[list[tuple[int, int, float]], list[tuple[int, int, float]]]:
        """The cue groups of the sentence as (first token, last token, probability): each anchor
        at or above the cue threshold, with the attachment words right before it and after it,
        each side's own ("has said", "said last week"; after it no function word but to, of,
        about, for, out and up: "according to", not "said on"); groups at most one word apart
        form one group ("said in statements"). And, in a sentence without a cue group, its weak
        cues: each anchor under the cue threshold but at or above the speaker threshold, no
        function word, with its attachment words, never joined to another (they only name a
        speaker: tasks/extract/reported.py)."""
        groups: list[tuple[int, int, float]] = []
        weak: list[tuple[int, int, float]] = []
        lower, words = t.lower, t.words
        sure, threshold = self.sure, self.cue_threshold
        tables = self.anchor_tables  # the anchors and their aliases
        for i in [i for i, w in enumerate(lower) if w in tables]:
            w = lower[i]
            if i and w[-1] == "s" and counted(lower[i - 1]) and (i < 2 or lower[i - 2] != ":"):
                continue  # "Twenty-seven states led by": a plural noun ("Isaiah 45:1 reads")
            q = sure[w] if w in sure else self.cue_p(t, i)
            if q < threshold:
                if q >= self.speaker_threshold and w not in NON_HEADS and not groups:
                    weak.append((i, i, q))
                continue
            a, b = self._attached(t, i, groups[-1][1] if groups else -1)
            if groups:
                g0, g1, gq = groups[-1]
                if a - g1 <= 2 and all(words[k][:1].isalnum() for k in range(g1 + 1, a)):
                    groups[-1] = (g0, b, max(gq, q))
                    continue
            groups.append((a, b, q))
        if groups:
            return groups, []
        for k, (i, _, q) in enumerate(weak):  # with their attachment words
            a, b = self._attached(t, i, -1)
            weak[k] = (a, b, q)
        return groups, weak

    def _attached(self, t: Tokens, i: int, floor: int) -> tuple[int, int]:
        """The first and last token of anchor i with the attachment words right before it (after
        token `floor`, the end of the group before; no name's word: "Theresa May said") and right
        after it (no other anchor, and no function word but those that close a cue)."""
        before, after, anchors = self.attach_before, self.attach_after, self.anchors
        lower = t.lower
        a, b = i, i
        while a > 0 and lower[a - 1] in before and a - 1 > floor and not _surname(t.words, a - 1):
            a -= 1
        while b + 1 < len(lower) and lower[b + 1] in after and lower[b + 1] not in anchors \
                and (lower[b + 1] not in NON_HEADS or lower[b + 1] in _JOIN_AFTER):
            b += 1
        return a, b

    def source(self, t: Tokens, c0: int, c1: int, ranks: int = 0) -> tuple[int | None, float]:
        """The source head token of the cue [c0, c1] and its probability (None below the
        threshold). Candidates are scored nearest first, alternating sides (left first), and the
        first at or above `source_stop` ends the search: the nearest likely source wins. Each
        side's next candidate is only looked for when it is to be scored; ranks > 0 scores only
        that many on each side."""
        best, best_p = None, 0.0
        heads, stop = self.heads, self.source_stop
        subject = _subject(t, c0)
        left, right = c0 - 1, c1 + 1  # where each side's next candidate is looked for
        for rank in range(ranks or max(self.left, self.right)):
            j = _left_candidate(t, c0, left, subject, heads) if rank < self.left else -1
            left = j - 1  # -2 once the left side has no more: its search then ends at once
            if j >= 0 and (p := self.source_p(t, j, c0, c1, rank)) > best_p:
                best, best_p = j, p
            k = -1
            if best_p < stop:
                k = _right_candidate(t, c1, right, heads) if rank < self.right else -1
                right = k + 1 if k >= 0 else len(t.words)
                if k >= 0 and (p := self.source_p(t, k, c0, c1, rank)) > best_p:
                    best, best_p = k, p
            if (j < 0 and k < 0) or best_p >= stop:
                break
        if best is None or best_p < self.source_threshold:
            return None, best_p
        return best, best_p

    @classmethod
    def from_json(cls, data: dict, cue_threshold: float, source_threshold: float,
                  speaker_threshold: float = 1.0) -> AttributionModel:
        """The model from its JSON form (written by bench/train_attribution.py)."""
        cue_lex: dict[str, float] = data["cue_lex"]
        anchors = frozenset(data["anchors"])
        cue_weights: dict[str, dict[str, float]] = data["cue"]["weights"]
        aliases: dict[str, str] = data["aliases"]
        tables = _anchor_tables(data["cue"]["bias"], cue_weights,
                                anchors | {k for k in aliases.values() if k.startswith("#")})
        return cls(
            anchor_tables=tables | {w: tables[key] for w, key in aliases.items()},
            cue_slots=_cue_slots(cue_weights),
            source_slots=_source_slots(data["source"]["weights"]),
            anchors=anchors, aliases=dict(aliases),
            attach_before=frozenset(data["attach_before"]),
            attach_after=frozenset(data["attach_after"]),
            sure={w: cue_lex[w] for w in data["sure"]},
            src_bins={w: prob_bin(p) for w, p in data["src_lex"].items()},
            heads=source_heads(frozenset(data["src_lex"])),
            cue_bias=data["cue"]["bias"],
            cue_tables=tuple(data["cue"]["weights"].get(k, {})
                             for k in (*CUE_TEMPLATES, *CUE_WINDOW_TEMPLATES)),
            src_bias=data["source"]["bias"],
            src_tables=tuple(data["source"]["weights"].get(k, {}) for k in SOURCE_TEMPLATES),
            first_names=dict(data["first_names"]),
            cue_threshold=cue_threshold, source_threshold=source_threshold,
            left=data.get("left", 6), right=data.get("right", 4),
            likely_cues=frozenset(w for w, p in cue_lex.items() if p >= 0.3),
            speaker_threshold=speaker_threshold,
        )


def _anchor_tables(bias: float, weights: dict[str, dict[str, float]], anchors: frozenset[str]
                   ) -> dict[str, AnchorTable]:
    """Per anchor word: the bias plus its own weight, and its sub-tables of the conjunctions
    with it (w|n1 by next word, p1|w by previous word, w|sj and w|ob by class)."""
    own = weights.get("w", {})
    subs: dict[str, tuple[Weights, Weights, Weights, Weights]] = {
        w: ({}, {}, {}, {}) for w in anchors}
    for k, template in enumerate(("w|n1", "p1|w", "w|sj", "w|ob")):
        for value, weight in weights.get(template, {}).items():
            if template == "p1|w":
                other, _, word = value.rpartition("|")
            else:
                word, _, other = value.partition("|")
            if word in subs:
                subs[word][k][other] = weight
    return {w: AnchorTable(bias + own.get(w, 0.0), *subs[w]) for w in anchors}


def _cue_slots(weights: dict[str, dict[str, float]]) -> CueSlots:
    """The tables of the cue templates that do not hold the word, arranged for `cue_p`."""
    def get(template: str) -> dict[str, float]:
        return weights.get(template, {})
    quotes, q, pos = get("quotes"), get("q"), get("pos")
    return CueSlots(
        get("p1"), get("n1"), get("p2"), get("n2"), (q.get("0", 0.0), q.get("1", 0.0)),
        get("sj"), get("ob"),
        {(v.split("|", 1)[0], v.split("|", 1)[1]): x for v, x in get("sj|ob").items()},
        (quotes.get("00", 0.0), quotes.get("01", 0.0), quotes.get("10", 0.0),
         quotes.get("11", 0.0)),
        (pos.get("0", 0.0), pos.get("e", 0.0), pos.get("m", 0.0)),
        get("p3"), get("n3"), get("bl"), get("br"),
    )


_KINDS: Final = ("l", "C", "P")
_SIDES: Final = ("L", "R")


def _source_slots(weights: dict[str, dict[str, float]]) -> SourceSlots:
    """The source templates' tables arranged for `source_p`: by kind (lower-case, capitalised,
    pronoun) and signed distance, by kind, side and rank, by side and count, by side and kind
    for the cue word, and by kind for the neighbours' shapes."""
    def get(template: str) -> dict[str, float]:
        return weights.get(template, {})

    def dist(d: int) -> str:
        return _dist_bin(d)

    by_distance = tuple({d: get("d").get(dist(d), 0.0) + get("k|d").get(k + dist(d), 0.0)
                         for d in range(-31, 22)} for k in _KINDS)
    by_rank = tuple(tuple(tuple(get("r").get(sd + str(r), 0.0) + get("k|r").get(k + sd + str(r),
                                                                                0.0)
                                for r in range(5)) for sd in _SIDES) for k in _KINDS)

    def counts(template: str, top: int) -> tuple[tuple[float, ...], ...]:
        return tuple(tuple(get(template).get(sd + str(c), 0.0) for c in range(top + 1))
                     for sd in _SIDES)

    cue_words: tuple[tuple[Weights, ...], ...] = tuple(tuple({} for _ in _KINDS) for _ in _SIDES)
    for value, weight in get("cue|k|s").items():
        side, kind, word = _SIDES.index(value[-1]), _KINDS.index(value[-2]), value[:-2]
        cue_words[side][kind][word] = cue_words[side][kind].get(word, 0.0) + weight
    for value, weight in get("cue|s").items():
        side, word = _SIDES.index(value[-1]), value[:-1]
        for by_word in cue_words[side]:
            by_word[word] = by_word.get(word, 0.0) + weight
    shape_before = tuple({v[:-1]: x for v, x in get("ps|k").items() if v.endswith(k)}
                         for k in _KINDS)
    shape_after = tuple({v[:-1]: x for v, x in get("ns|k").items() if v.endswith(k)}
                        for k in _KINDS)
    for k in range(3):  # the shape alone, whatever the kind
        for v, x in get("ps").items():
            shape_before[k][v] = shape_before[k].get(v, 0.0) + x
        for v, x in get("ns").items():
            shape_after[k][v] = shape_after[k].get(v, 0.0) + x
    iq = get("iq")
    return SourceSlots(
        by_distance, by_rank, counts("cm", 3), counts("qt", 2), counts("cu", 2),
        tuple((get("th").get(sd + "0", 0.0), get("th").get(sd + "1", 0.0)) for sd in _SIDES),
        cue_words, get("w"), get("pb"), get("p1"), get("n1"), shape_before, shape_after,
        (get("first").get("0", 0.0), get("first").get("1", 0.0)),
        (iq.get("00", 0.0), iq.get("01", 0.0), iq.get("10", 0.0), iq.get("11", 0.0)),
        tuple(tuple(tuple(get("gp").get(sd + p, 0.0) + get("k|gp").get(k + sd + p, 0.0)
                          for p in _POSITIONS) for sd in _SIDES) for k in _KINDS),
        (get("gen").get("0", 0.0), get("gen").get("1", 0.0)),
        get("p2"), get("n2"), get("cp1"), get("cn1"),
    )


@cache
def load_model(name: str, cue_threshold: float, source_threshold: float,
               speaker_threshold: float = 1.0) -> AttributionModel:
    """The attribution model `name` (tasks/extract/models/<name>.json), loaded once per process
    for each set of thresholds."""
    data = json.loads(model_path(name).read_text(encoding="utf-8"))
    return AttributionModel.from_json(data, cue_threshold, source_threshold, speaker_threshold)
