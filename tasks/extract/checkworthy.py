"""Check-worthiness: a learned 0-1 score for every claim candidate.

The score is a logistic model over features of the candidate's text and of what the extractor
already knows about it (figures found, attribution, quotation, sentence kind). Every feature is a
count (mostly present or absent), so the score is the logistic of the bias plus the weights of the
features present: a few dictionary look-ups, no vectors, no hashing at run time (the keys are the
words themselves, so the same input gives the same score in every process).

Features (the keys of the model's three weight tables):

- words: each lower-cased word of the candidate (runs of ASCII letters: digits, punctuation and
  apostrophes separate words, so "I'm" is "i" and "m"), and the first word again as an opener
  ("^we", "^thank"). Training keeps only words seen in several debates, so the model cannot
  memorise a sentence.
- shape: length in words (binned), a digit, the figures found (one or more; a percentage; money),
  a closing question or exclamation mark, a quotation mark, a clause rather than a whole
  sentence, the block kind. (A capitalised name in the sentence was a feature too: it lowered the
  out-of-fold figures and cost a regex scan of every sentence.)
- extractor facts: attributed (with a named speaker or not), a full quotation.
- pronoun subjects: what a personal pronoun subject does, by its verb form (subject_forms):
  "I'm self-funding" (i_progressive), "we lost" (we_past), "I have supported" (i_perfect), "we
  have the highest taxes" (we_have), "our dollar's at" (our_be) against "I think" (i_cognition)
  or "we will" (we_modal). The bare word "i" says little (it opens thanks, opinions and promises
  as well as records); its verb form separates a record from an opinion.
- document: how conversational the document is ("conv", see voice_rates).

For speed, the document's lower-cased text is mapped once to letters and spaces
(`str.translate`, offsets unchanged), so a candidate's words are one slice and one `split()`.
The training command is bench/train_checkworthy.py; it imports these features.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from tasks.extract.attribution_model import weight
from tasks.extract.candidates import Candidate
from tasks.extract.context import DocumentContext
from tasks.extract.figures import FoundFigure
from tasks.extract.model_files import model_path

_LENGTH_BINS: Final = (3, 6, 10, 15, 25, 40)
_LENGTH_FLAG: Final = [f"len{next((i for i, b in enumerate(_LENGTH_BINS) if n <= b), 6)}"
                for n in range(42)]
_MONEY: Final = frozenset({"$", "dollars", "dollar", "dlrs", "cents", "euros", "pounds", "yen",
                    "bucks"})
# ASCII characters other than letters become spaces (one for one: offsets are unchanged); the
# bytes table for ASCII text (bytes.translate is several times faster than str.translate).
_LETTERS_ONLY: Final = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalpha()})
_ASCII_LETTERS_ONLY: Final = bytes(c if chr(c).isalpha() and c < 128 else 32 for c in range(256))

# Personal pronouns as subjects, by person ("he", "she" and "they" are one: a third party), and
# possessive determiners that open a subject ("our dollar", "my father").
_SUBJECTS: Final = {"i": "i", "we": "we", "you": "you", "he": "they", "she": "they", "they": "they"}
_POSSESSIVES: Final = {"our": "our", "my": "our"}
_PRONOUNS: Final = frozenset(_SUBJECTS) | frozenset(_POSSESSIVES)
# Words between a subject and its verb that do not change the verb's form.
_ADVERBS: Final = frozenset(
    "never also just always already actually still really not only even all certainly both "
    "personally ever probably totally strongly absolutely".split())
_MODALS: Final = frozenset(
    "will ll would d can could should must may might shall gonna wanna".split())
_COGNITION: Final = frozenset(
    "think believe feel hope want wish guess mean know love like need suppose agree "
    "understand expect doubt".split())
_BE_NOW: Final = frozenset("m am re are s is".split())
_BE_PAST: Final = frozenset(("was", "were"))
_HAVE_NOW: Final = frozenset(("ve", "have", "has"))
_DO_PAST: Final = frozenset(("did", "didn"))
# Common irregular past tenses and participles (regular ones end in -ed).
_IRREGULAR_PAST: Final = frozenset(
    "was were had did done said made got gotten went gone took taken gave given lost beat beaten "
    "built cut won ran paid sold bought told brought kept left met put read saw seen sent set "
    "spent stood thought found began begun became come fought grew grown held knew known led "
    "lent meant rose risen shut spoke spoken struck taught understood wrote written been "
    "brought broke broken chose chosen drove driven fell fallen felt forgot hit hurt laid let "
    "paid quit sat shot sought split spread stole swore threw thrown withdrew".split())


def subject_forms(words: list[str]) -> list[str]:
    """What each personal-pronoun subject of the words does, as `<person>_<form>`: the person
    (i, we, you, they; "our" for a subject opened by our/my, as in "our dollar's at") and the
    form of the verb that follows it (adverbs such as "never" skipped):

    - modal: will, would, can, should, must, going to, have to ("we will", "I'm going to");
    - cognition: think, believe, want, hope, know, ... ("I think", "we need");
    - progressive: am/are/is + -ing, one word between at most ("I'm self-funding my campaign");
    - be: am/are/is + anything else ("I'm the only one", "our dollar's at an all-time low");
    - past: was/were, did/didn't, a verb in -ed or an irregular past ("we lost", "I voted");
    - perfect: have/has + a participle ("I have supported", "we've created");
    - have: have/has + anything else ("we have the highest taxes");
    - present: anything else ("we pay more tax").

    A record (past, perfect, progressive, be, have) is checkable; an opinion or promise (modal,
    cognition) is not: the person alone cannot tell them apart."""
    out = []
    n = len(words)
    for i, w in enumerate(words):
        person = _SUBJECTS.get(w)
        j = i + 1
        if person is None:
            person = _POSSESSIVES.get(w)
            if person is None:
                continue
            j = i + 2  # past the possessed noun: "our dollar 's"
        while j < n and words[j] in _ADVERBS:
            j += 1
        if j >= n:
            continue
        out.append(f"{person}_{_verb_form(words, j)}")
    return out


def _verb_form(words: list[str], j: int) -> str:
    """The form of the verb at words[j] (see subject_forms)."""
    verb = words[j]
    after = words[j + 1] if j + 1 < len(words) else ""
    if after == "not" or after == "t":
        after = words[j + 2] if j + 2 < len(words) else ""
    if verb in _MODALS:
        return "modal"
    if verb in _COGNITION:
        return "cognition"
    if verb in _BE_NOW:
        if after == "going" or after == "gonna":
            return "modal"
        then = words[j + 2] if j + 2 < len(words) else ""  # "I'm self-funding", "we're now"
        return "progressive" if _ing(after) or _ing(then) else "be"
    if verb in _HAVE_NOW:
        if after == "to":
            return "modal"
        return "perfect" if after.endswith("ed") or after in _IRREGULAR_PAST else "have"
    if verb in _BE_PAST or verb in _DO_PAST or verb == "had":
        return "past"
    if verb.endswith("ed") or verb in _IRREGULAR_PAST:
        return "past"
    return "present"


def _ing(word: str) -> bool:
    """Whether a word is an -ing form (not "thing", "king")."""
    return len(word) > 4 and word.endswith("ing")


def word_text(ctx: DocumentContext) -> str:
    """The document lower-cased with every ASCII non-letter as a space, offsets unchanged (a
    non-ASCII text whose lower-casing changes its length falls back to the text itself)."""
    if ctx.lowered is not None:  # ASCII
        return ctx.lowered.encode("ascii").translate(_ASCII_LETTERS_ONLY).decode("ascii")
    lowered = ctx.text.lower()
    if len(lowered) != len(ctx.text):
        lowered = ctx.text
    return lowered.translate(_LETTERS_ONLY)


# A document shorter than this many words is read as news whatever its pronouns (see
# voice_rates).
_PRIOR_WORDS: Final = 100


def voice_rates(text: str, words_text: str) -> tuple[int, int]:
    """How conversational a document is, computed once per document: its "I", "we" and "you" per
    100 words, and the same outside its quotations (the narrator's voice).

    The first is a model feature ("conv", repeated that many times, at most 15). Transcripts of
    debates and speeches run at 3-8, hard news at about 1 (quotations included), wire copy near
    0. Across the 19 training debates, the less conversational the transcript, the larger its
    share of check-worthy sentences (a press briefing at 2: 25 % check-worthy; debates at 6-8: 1-3
    %); the model learns that slope, and reads news, less conversational still, as claim-dense.
    The second is what the keep decision reads (tasks/extract/filters.py): a report that quotes at
    length ('"I must tell you that ...," de Blasio said') is conversational only by the first.

    Each is counted as if the document had _PRIOR_WORDS more words of news: a long document is
    read by its own pronouns, a short one (a single sentence submitted on its own) as news,
    claimtrail's genre, since one sentence's "I" says nothing about the document. A text without
    quotation marks is counted once."""
    words = text.count(" ") + text.count("\n") + 1
    hits = _voice(words_text)
    doubled = "''" in text
    if '"' not in text and not doubled:
        return _rate(hits, words), _rate(hits, words)
    parts, last = [], 0
    for m in (_QUOTED if doubled else _DOUBLE_QUOTED).finditer(text):
        parts.append(words_text[last:m.start()])
        last = m.end()
    parts.append(words_text[last:])
    return _rate(hits, words), _rate(_voice(" ".join(parts)), words)


# A quotation: between double quotes or doubled single quotes (''...''), over a wrapped line but
# never across a blank line. Its text is read in runs of the characters that are neither a quote
# nor a line break, possessively: a quotation's end is the first closing mark, so no shorter run
# could match; the regex engine takes a run in one step, where an alternation of single characters
# costs a step each (same matches: `"(?:[^"\n]|\n(?!\s*\n))*"|''(?:(?!'')[^\n]|\n(?!\s*\n))*''`).
# A text without '' is searched for the double-quoted alone: led by a literal, which the regex
# engine skips to by a fast scan, where a leading class (" or ') tests each character.
_DOUBLE_QUOTED: Final = re.compile(r'"[^"\n]*+(?:\n(?!\s*\n)[^"\n]*+)*+"')
_QUOTED: Final = re.compile(_DOUBLE_QUOTED.pattern + r"|''(?:[^'\n]++|'(?!')|\n(?!\s*\n))*+''")


def _rate(hits: int, words: int) -> int:
    """Per 100 words, counted over _PRIOR_WORDS more, at most 15."""
    return min(15, round(100 * hits / (words + _PRIOR_WORDS)))


def _voice(words_text: str) -> int:
    """The "I", "we" and "you" of a word text."""
    return (words_text.count(" i ") + words_text.count(" we ") + words_text.count(" you ")
            + words_text.startswith(("i ", "we ", "you ")))


def candidate_flags(ctx: DocumentContext, c: Candidate, found: list[FoundFigure],
                    words: list[str]) -> list[str]:
    """The shape, extractor-fact and subject-form features of one candidate (the word features
    are separate)."""
    start, end, sentence, quote, attribution = c.start, c.end, c.sentence, c.quote, c.attribution
    n = len(words)
    flags = [_LENGTH_FLAG[n if n < 42 else 41]]
    if sentence.kind != "text":
        flags.append(sentence.kind)
    if start > sentence.start + 1 or end < sentence.end - 1:
        flags.append("clause")
    text = ctx.text
    if found:
        flags.append("fig1" if len(found) == 1 else "fig2")
        for f in found:
            if f.unit == "%" or f.unit == "percent":
                flags.append("pct")
            elif f.unit in _MONEY:
                flags.append("money")
    elif ctx.has_digit(start, end):
        flags.append("digit")
    if quote is not None:
        flags.append("quote")
    elif text.find('"', start, end) >= 0:
        flags.append("quotemark")
    if attribution is not None:
        flags.append("attributed" if attribution.speaker else "attributed_anon")
    last = text[end - 1] if end > start else ""
    if last in "\"')" and end - 2 >= start:
        last = text[end - 2]
    if last == "?":
        flags.append("question")
    elif last == "!":
        flags.append("exclaim")
    if not _PRONOUNS.isdisjoint(words):
        flags += subject_forms(words)
    return flags


def feature_keys(words: list[str], flags: list[str]) -> list[str]:
    """Every feature as one prefixed key (the training command's view of a candidate)."""
    keys = [f"u:{w}" for w in words]
    if words:
        keys.append(f"o:{words[0]}")
    keys += [f"f:{f}" for f in flags]
    return keys


@dataclass(frozen=True)
class CheckworthyModel:
    """The weights: bias, words, opening words and flags (bench/train_checkworthy.py)."""

    bias: float
    words: dict[str, float]
    openers: dict[str, float]
    flags: dict[str, float]

    @classmethod
    def read(cls, path: Path) -> "CheckworthyModel":
        """Read a model file written by the training command."""
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(raw["bias"], raw["words"], raw["openers"], raw["flags"])

    def margin(self, words: list[str], flags: list[str], base: float) -> float:
        """The logit: base (the bias plus the document's features, DocumentScorer) plus the
        weights of the candidate's features."""
        by_word, by_flag = self.words, self.flags
        of_words = of_flags = 0.0  # loops, not sum(map(...)): compiled, a direct call each
        for w in words:
            of_words += weight(by_word, w)
        for f in flags:
            of_flags += weight(by_flag, f)
        m = base + of_words + of_flags
        return m + weight(self.openers, words[0]) if words else m


@cache
def load_model(name: str) -> CheckworthyModel:
    """A model by name or path (model_path), read once per process."""
    return CheckworthyModel.read(model_path(name))


class DocumentFeatures:
    """The features of one document's candidates: the per-document work (word text, document
    features) is done once, here."""

    def __init__(self, ctx: DocumentContext) -> None:
        self.ctx = ctx
        self.words_text = word_text(ctx)
        # "I/we/you" per 100 words, and the same outside quotations
        self.conversational, self.unquoted = voice_rates(ctx.text, self.words_text)
        self.doc_flags = ["conv"] * self.conversational

    def features(self, c: Candidate, found: list[FoundFigure]) -> tuple[list[str], list[str]]:
        """The candidate's words and flags (the document's flags are doc_flags)."""
        words = self.words_text[c.start:c.end].split()
        return words, candidate_flags(self.ctx, c, found, words)


# The subject forms that state a record rather than an opinion or a promise (subject_forms).
RECORD_FORMS: Final = frozenset({"past", "perfect", "progressive", "be", "have"})
_RECORD_FLAGS: Final = frozenset(f"{person}_{form}" for person in ("i", "we", "you", "they", "our")
                          for form in RECORD_FORMS)


def states_record(flags: list[str]) -> bool:
    """Whether a candidate's flags hold a pronoun subject stating a record ("I'm self-funding
    my campaign", "they closed the plant", "our dollar's at an all-time low")."""
    return not _RECORD_FLAGS.isdisjoint(flags)


class Judgement:
    """What the keep decision (tasks/extract/filters.py drop_reason) knows of a candidate. (Made
    once per candidate: a class with its __init__ written out, compiled, where a NamedTuple's
    generated __new__ would be interpreted.)"""

    def __init__(self, score: float, unquoted: int, pronoun_record: bool, words: list[str]
                 ) -> None:
        self.score = score  # check-worthiness, 0-1
        self.unquoted = unquoted  # the document's "I/we/you" per 100 words outside quotations
        self.pronoun_record = pronoun_record  # a pronoun subject stating a record (states_record)
        self.words = words  # the candidate's words (word_text: lower-case ASCII letters)


class DocumentScorer(DocumentFeatures):
    """Scores the candidates of one document with a model."""

    def __init__(self, model: CheckworthyModel, ctx: DocumentContext) -> None:
        super().__init__(ctx)
        self.model = model
        # the bias and the document's features, the same for every candidate: added once
        self.base = model.bias + self.conversational * model.flags.get("conv", 0.0)

    def judge(self, c: Candidate, found: list[FoundFigure]) -> Judgement:
        """The check-worthiness of one candidate, 0-1, with what the keep decision needs."""
        words, flags = self.features(c, found)
        m = self.model.margin(words, flags, self.base)
        score = 1.0 / (1.0 + math.exp(-m)) if m > -30 else 0.0
        return Judgement(score, self.unquoted, states_record(flags), words)
