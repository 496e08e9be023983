"""Speakers: the attributions of a whole document, in reading order, with each source resolved
within the document when that is safe, and left unnamed otherwise (the surface form and its
offsets are always kept).

- A multi-word name is itself (its titles are already in the role), but a person named after an
  owner's possessive is that person, the owner the role when there is none ("MSNBC's Chris
  Matthews": Chris Matthews, MSNBC; not an organisation's own name: "Texas Air Corp's Eastern
  Airlines").
- A single capitalised word is the latest full name of the document ending or starting with it,
  before the mention if there is one, else after it ("Peskov" → "Dmitry Peskov"; a person's full
  name is what follows the title in its run: "Russian Deputy Defense Minister Victor Goremykin"
  → Victor Goremykin); an acronym is the name it was defined for ("National Intelligence
  Service (NIS)").
- he/she: of the persons named in the ten sentences before it, the one a small learned ranker
  scores highest (tasks/extract/models/pronouns.json, trained on hand-labelled PolNeAR train
  pronouns by `bench.train_pronouns`; `PersonCandidate` lists what it reads: the person's
  mentions so far, the sentences since the latest, whether that one opened a sentence, whether
  it was inside a quotation, whether the person was named beside a speech verb or as a source
  shortly before, whether the person is the latest named source's speaker); ties to the latest
  mentioned. A person is a capitalised run (leading titles and determiners left out, and
  a run's words up to a person's title inside it: "Italian Prime Minister Matteo Renzi"; the
  name after an owner, "Boston's Walsh", or else a short owner, "Trump's RT") whose
  first word is a known first name (learned from the training sources), or right after a
  person's title or honorific ("President Obama", "Sen. Cruz", "Mr. Trump"), or whose last word
  is a surname used alone (not after "the": "on the Mall"), or a name a source showed to be a
  person's (its surname alone a source standing for it, "Bamberg also said"; a role with it,
  "attorney Justin Bamberg"; an age after it, "Donna Rawlings, 59,"), or, for he/she alone, a
  plain name of two or three words written as a source ("Anna Akar told CNN"; no title in it and
  its last word never written lower-case in the document: not "Waste Management"), or a single
  word naming a person named before (alone, or as a source); never an organisation's or a law's
  word ("Justice Department", "Patriot Act"); a surname stands for the latest full name ending
  with it. Never one whose given name is of the other gender (the first known given name in it:
  learned with the names), nor one led by the other gender's honorific (Mr; Mrs, Ms) there or
  anywhere before ("the Rev. Al Sharpton" after "Mr. Sharpton"; not when the honorifics of one
  name differ: "Mr. Clinton", "Mrs. Clinton"), nor one an earlier "he" or "she" of the other
  gender was resolved to; else nobody.
- I/we inside a quotation: the speaker of that quotation, wherever its attribution is.
- it/they: the organisation (it) or group (they: a plural such as "officials", "Democrats") last
  named as a source in the two sentences before ("the IMF said. It edged up its forecast");
  else, for they, the last plural word that may head a source in those sentences ("Liberals met
  in Denver. They said": Liberals; not "congress", "news").
- A weak cue's source (tasks/extract/reported.py) is resolved and remembered like any other: on
  PolNeAR train folds later pronouns resolve better with it than without (0.382 against 0.378).
- who/which/that: the source of the sentence's attribution it follows ("said one former executive
  who requested anonymity"), else the name right before it, titles and determiners left out ("The
  Washington Post, which": Washington Post), or, for who, the person named before it when that name
  is a place, not an organisation ("John Cornyn of Texas, who"; "Republicans in Congress, who":
  Congress), else a word right before it that may head a source ("voters who said"), or for which
  and that any noun ("The film, which debuts": film). The he/she, who and they rules were measured
  on the hand-labelled train pronouns (tasks/extract/models/pronouns.md).
- A definite description of a person ("the senator", "the Republican nominee", "the former
  president"; no "of" or possessive in it): the latest person named before it with that title
  before the name or in an apposition after it ("Sen. Bernie Sanders", "Republican nominee
  Donald Trump", "Bernie Sanders, the Vermont senator,"), every other word of the description
  there too ("the Democratic nominee" is no "Republican nominee"), not a "Vice President" for
  "the president", not a person after "to" or "of" ("an aide to Lyng"), not one named inside a
  quotation; the title stays the role. Else the description itself.
- A lower-case description whose head word is part of a capitalised name seen before ("the
  ministry" after "the Defense Ministry", "the campaign" after "the Trump campaign"): that name.
- "the company", "its board" (firm, bank, airline, group, ...; the description alone, after
  "the" or "its"): the last organisation named as a source before it (a name with "Corp",
  "Inc", "Bank", "Group" ... in it; not "U.S."), the description kept as the role ("Xanadu Corp
  said ... The company said": Xanadu Corp, company); not "an investor group", "the trade group".
"""

from __future__ import annotations

import bisect
import json
import math
import re
from functools import cache
from typing import Final, NamedTuple

from tasks.extract.attribution_model import (
    ADVERBS,
    DESCRIPTORS,
    HONORIFICS,
    NAME_PARTICLES,
    NON_HEADS,
    ORG_NAME_WORDS,
    ORG_WORDS,
    PRONOUNS,
    QUANTIFIERS,
    TITLES,
    AttributionModel,
    person_words,
    quote_parities,
    word_offsets,
)
from tasks.extract.model_files import MODELS
from tasks.extract.reported import Found, attribute_sentence, continued_quote
from tasks.text.chars import is_alpha, is_upper
from tasks.text.lexicon import PAST_FORMS, PREPOSITIONS, VERB_CUES
from tasks.text.offsets import bisect_left, bisect_right

PERSON_PRONOUNS: Final = frozenset("he she".split())
# A possessive source ("his remarks") is resolved as its subject pronoun.
_SUBJECT_OF: Final = {"his": "he", "her": "she", "my": "i", "our": "we", "their": "they",
                      "its": "it"}
SPEAKER_PRONOUNS: Final = frozenset("i we".split())
# Lower-case particles inside a name, before a capitalised word ("Richard von Weizsaecker",
# "Miguel de la Madrid", "Banque Nationale de Paris").
_PARTICLE: Final = r"(?:(?:" + "|".join(sorted(NAME_PARTICLES)) + r")\s+)+"
_NAME_RUN_PATTERN: Final = \
    r"[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|[A-Z]\.|" + _PARTICLE + r"[A-Z][\w'-]*))+"
_NAME_RUN: Final = re.compile(_NAME_RUN_PATTERN)  # in text that is not ASCII
_NAME_ROLES: Final = TITLES | DESCRIPTORS  # words of a run before a person's name, no part of it
# A capitalised run that may name a person: initials inside it ("Robert J. Shapiro").
_PERSON_RUN_PATTERN: Final = \
    r"[A-Z][\w'-]*(?:\s+(?:[A-Z]\.|[A-Z][\w'-]*|" + _PARTICLE + r"[A-Z][\w'-]*))*"
_PERSON_RUN: Final = re.compile(_PERSON_RUN_PATTERN)
# In ASCII text both are searched in the copy with every capital written "A" (`_capitals`), their
# [A-Z] written "A" (each of their classes holds all capitals or none, so they match the same
# spans there): led by a literal, which the regex engine skips to by a fast scan, where it tests a
# leading class at every character.
_CAPITALS_AS_A: Final = bytes(ord("A") if "A" <= chr(c) <= "Z" else c for c in range(256))
_NAME_RUN_IN_CAPITALS: Final = re.compile(_NAME_RUN_PATTERN.replace("[A-Z]", "A"), re.ASCII)
_PERSON_RUN_IN_CAPITALS: Final = re.compile(_PERSON_RUN_PATTERN.replace("[A-Z]", "A"))
# A title and "of (the)" right before a run: its first word is what the title governs.
_GOVERNED: Final = re.compile(
    r"\b(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r") of (?:the )?$", re.IGNORECASE)
_NAME_BEFORE_WHO: Final = re.compile(r"(?<![\w'-])([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)[^\w]*$")
_WORD: Final = re.compile(r"[A-Za-z][\w'-]*")
_WORD_BEFORE_WHO: Final = re.compile(r"\b([a-z]+)[\s,]*$")
# A place a name before "who" may be: after of/from/in/at, other places between.
_PLACE_BEFORE: Final = re.compile(r"\b(?:of|from|in|at|near)\s+(?:[A-Z][\w'.-]*+[\s,]*+)*$")
# First words of place names, never of a person's name.
_PLACE_WORDS: Final = frozenset("north south east west new united great saudi hong los san las el "
                         "america american europe china russia".split())
# Honorifics before a name: a woman's rules out "he", a man's "she".
# (Typed of any length: compiled, a tuple constant of a fixed length is built anew as a tuple
# each time str.endswith is given it.)
_WOMAN_HONORIFIC: Final[tuple[str, ...]] = ("Mrs.", "Ms.", "Mrs", "Ms")
_MAN_HONORIFIC: Final[tuple[str, ...]] = ("Mr.", "Mr")
# Titles that only a person bears: a single capitalised word after one is a person's name
# ("President Obama", "Sen. Cruz"; not "General Assembly", "campaign. Republican").
_ABBREVIATED: Final = frozenset("gov sen rep reps dr gen lt col maj sgt capt adm prof rev".split())
_PERSON_TITLES: Final = _ABBREVIATED | frozenset(
    "president senator governor secretary speaker mayor judge justice ambassador congressman "
    "congresswoman minister king queen prince".split())
_AGE_AFTER: Final = re.compile(r",\s*\d{1,3},")
# The role nouns a definite description of a person is headed by ("the Vermont senator", "the
# Republican nominee"), and the abbreviations of some of them before a name ("Sen. Sanders").
_ROLE_NOUNS: Final = (TITLES - frozenset(
    "vice prime deputy press former acting senior top campaign executive chief head officials "
    "lawmakers spokespeople reps dr lt col maj sgt capt adm gen gov sen rep prof rev".split())
    ) | frozenset("businessman businesswoman billionaire mogul".split())
_ABBREVIATION_OF: Final = {"sen": "senator", "gov": "governor", "rep": "representative",
                           "gen": "general", "prof": "professor"}
_OF_ANOTHER: Final = frozenset("to of for at from by with in on".split())
_APPOSITION: Final = re.compile(r",\s+(?:the|a|an)\s+([^,.;:()]{1,60})")
_LEADING_DETERMINER: Final = re.compile(r"^(?:The|A|An|This|That)\s+")
_ACRONYM_IN_PARENS: Final = re.compile(r"\(([A-Z]{2,6})\)")
_DEFINED_ACRONYM: Final = re.compile(
    r"((?:[A-Z][\w'.-]*\s+(?:of\s+|the\s+|for\s+|and\s+)?){1,7})\(([A-Z]{2,6})\)$"
)


class _Mention:
    """A person named in the document: where, in which sentence, after how many words of it,
    the surname (the key), the full name it stands for there, the honorific before it ("m", "f"
    or ""), whether it is inside a quotation and whether a speech verb is right beside it. (A
    class with its __init__ written out, compiled, where a NamedTuple's generated __new__ would
    be interpreted, called through Python's convention for each mention.)"""

    def __init__(self, start: int, sentence: int, lead: int, key: str, name: str,
                 honorific: str, quoted: bool, spoke: bool) -> None:
        self.start = start
        self.sentence = sentence
        self.lead = lead
        self.key = key
        self.name = name
        self.honorific = honorific
        self.quoted = quoted
        self.spoke = spoke


class PersonCandidate:
    """A person he/she may refer to, with what the ranker reads: the mentions of the person's
    surname before the pronoun, the sentences since the latest, whether the latest opened a
    sentence (three words at most before it) within the two sentences before, whether it was
    inside a quotation (a speaker is seldom named in what he says), whether the person was
    named right beside a speech verb or inside a named source within the four sentences before
    ("Kerry said", "Bamberg also said"), and whether the person is the speaker of the latest
    attribution with a named source (last; a pronoun's would make what the ranker is trained on
    hang on its own weights). (A class with its __init__ written out, as _Mention.)"""

    def __init__(self, name: str, mentions: int, distance: int, opened: bool, quoted: bool,
                 spoke: bool, last: bool) -> None:
        self.name = name
        self.mentions = mentions
        self.distance = distance
        self.opened = opened
        self.quoted = quoted
        self.spoke = spoke
        self.last = last


class PronounRanker(NamedTuple):
    """A logistic regression's weights over a candidate's features (tasks/extract/models/
    pronouns.json); the highest scored candidate is the referent, ties to the latest mentioned."""

    mentions: float  # weight of log(1 + mentions)
    distance: float  # weight of the sentences since the latest mention, capped at DISTANCE_CAP
    opened: float
    quoted: float
    spoke: float
    last: float

    def score(self, c: PersonCandidate) -> float:
        return (self.mentions * math.log1p(c.mentions)
                + self.distance * min(c.distance, DISTANCE_CAP)
                + self.opened * c.opened + self.quoted * c.quoted + self.spoke * c.spoke
                + self.last * c.last)

    def best(self, candidates: list[PersonCandidate]) -> str | None:
        best, top = None, -math.inf
        for c in candidates:  # in order of latest mention: a later one wins a tie
            s = self.score(c)
            if s >= top:
                best, top = c.name, s
        return best


DISTANCE_CAP: Final = 10
PRONOUN_MODEL: Final = MODELS / "pronouns.json"


@cache
def pronoun_ranker() -> PronounRanker:
    """The committed pronoun ranker (trained by `python -m bench.train_pronouns`)."""
    w = json.loads(PRONOUN_MODEL.read_text(encoding="utf-8"))["weights"]
    return PronounRanker(w["mentions"], w["distance"], w["opened"], w["quoted"], w["spoke"],
                         w["last"])


class DocumentSpeakers:
    """Resolves the sources of one document, in reading order (rules in the module docstring)."""

    def __init__(self, text: str, first_names: dict[str, str], heads: frozenset[str],
                 sentence_starts: list[int], ranker: PronounRanker,
                 keep_candidates: bool = False) -> None:
        self.text = text
        self.first_names = first_names
        self.heads = heads
        self.sentence_starts = sentence_starts
        self.ranker = ranker
        self._runs: dict[str, list[tuple[int, str]]] = {}
        self._alone: dict[str, bool] = {}
        self._acronyms: dict[str, str] | None = None
        self._mentions: list[_Mention] = []  # persons named, as far as read (mentions())
        self._latest: dict[str, str] = {}  # surname → the latest full name ending with it
        self._scanned = 0  # where reading for mentions goes on
        self._mention_sentences: list[int] = []  # per mention, its sentence (ascending)
        self._starts_of: dict[str, list[int]] = {}  # surname → where its mentions start
        self._honorific_of: dict[str, str] = {}  # full name → "m"/"f" its honorifics agree on
        self.persons: dict[str, str] = {}  # surname → full name of a person named as a source
        self._sources: list[tuple[int, int]] = []  # named sources resolved so far (sorted)
        self._speakers: set[str] = set()  # multi-word names their sources show are persons'
        self._sourced: set[str] = set()  # other plain multi-word names written as sources
        self._pronoun_of: dict[str, str] = {}  # a person → the he/she last resolved to it
        self.last_speaker: str | None = None  # the latest named source's (the caller sets it)
        # with keep_candidates, each he/she source's offset → the candidates it was ranked over
        # (what bench/train_pronouns.py trains on)
        self.ranked: dict[int, list[PersonCandidate]] | None = {} if keep_candidates else None
        self.last_group: tuple[int, str, bool] | None = None  # (sentence, name, plural)
        self.last_organisation: str | None = None  # the last organisation named as a source
        self.last_business: str | None = None  # the last of them that is no public body
        self._capitals_copy: str | None = None  # `_capitals`, made when first needed

    def _capitals(self) -> str:
        """The text with every capital written "A" (ASCII text only: `_CAPITALS_AS_A`)."""
        if self._capitals_copy is None:
            self._capitals_copy = self.text.encode("ascii").translate(_CAPITALS_AS_A).decode(
                "ascii")
        return self._capitals_copy

    def names_with(self, word: str) -> list[tuple[int, str]]:
        """(offset, name) of the runs of 2-4 capitalised words that hold the word (found around
        its occurrences only, not by reading the whole document): an owner before a possessive
        left out ("Reuters' Luciana Lopez"), and the words up to the run's last title before
        its last word ("Russian Deputy Defense Minister Victor Goremykin": Victor Goremykin,
        not "Russian Defense Victor Goremykin"; "North Korean Defense Minister No Gwansik": No
        Gwansik; "Energy Minister Subroto": none) unless an organisation's word follows it; else
        (no title, or an organisation's name: "General Motors") without its titles and function
        words ("But Senator John Cornyn": John Cornyn)."""
        if word not in self._runs:
            runs = []
            text = self.text
            searched, pattern = (self._capitals(), _NAME_RUN_IN_CAPITALS) if text.isascii() \
                else (text, _NAME_RUN)
            for at in word_offsets(self.text, word):
                around = pattern.finditer(searched, max(0, at - 80), min(len(text), at + 80))
                for m in around:
                    if m.start() > at:
                        break  # the runs after the word hold it no more than those before
                    if at < m.end():
                        words = text[m.start():m.end()].split()
                        owner = max((k for k, w in enumerate(words[:-1])
                                     if w.endswith(("'s", "s'"))), default=-1)
                        words = words[owner + 1:]  # "MSNBC's Chris Matthews": Chris Matthews
                        if len(words) > 2 and words[0].isalpha() and not any(
                                w.lower() in ORG_NAME_WORDS for w in words) \
                                and _GOVERNED.search(text, max(0, m.start() - 40), m.start()):
                            words = words[1:]  # "Secretary of the Treasury James Baker"
                        words = person_words(words, _NAME_ROLES)
                        if 2 <= len(words) <= 4:
                            words[-1] = words[-1].removesuffix("'s")
                            runs.append((m.start(), " ".join(words)))
                        break
            self._runs[word] = runs
        return self._runs[word]

    def alone(self, word: str) -> bool:
        """Whether the capitalised word stands alone somewhere, not at a sentence start (a
        surname reused: "Donald Trump" … "Trump said")."""
        if word not in self._alone:
            text = self.text
            found = False
            for at in word_offsets(self.text, word):
                end = at + len(word)
                k = at - 1
                while k >= 0 and text[k] == " ":
                    k -= 1
                nxt = text[end + 1:end + 2] if text.startswith(" ", end) else ""
                if k >= 0 and text[k] not in ".!?\"'\n:" and not is_upper(nxt) and not (
                        is_alpha(text[k]) and _capitalised_before(text, k)) and not (
                        text[k] == "e" and text.endswith(" the", 0, k + 1)):
                    found = True
                    break
            self._alone[word] = found
        return self._alone[word]

    def is_person(self, name: str) -> bool:
        """A person's name: its first word is a known first name, or its last word is a surname
        used alone in the document (not a place: "North Korea"), or it is the surname of a person
        already named; no organisation word and no acronym."""
        parts = name.split()
        if any(w.lower() in ORG_WORDS for w in parts) or name.isupper():
            return False
        if len(parts) == 1:
            return parts[0] in self.persons
        return parts[0] in self.first_names or name in self._speakers or (
            sum(w not in NAME_PARTICLES for w in parts) <= 3
            and parts[0].lower() not in _PLACE_WORDS
            and self.alone(parts[-1]))  # "Javier Perez de Cuellar": its particle not counted

    @property
    def acronyms(self) -> dict[str, str]:
        """Acronyms defined in parentheses after their name, whose letters the name's capitals
        hold: "South Korea's National Intelligence Service (NIS)"."""
        if self._acronyms is None:
            self._acronyms = {}
            for paren in _ACRONYM_IN_PARENS.finditer(self.text):
                m = _DEFINED_ACRONYM.search(self.text, max(0, paren.start() - 90), paren.end())
                if m:
                    full = " ".join(m[1].split()).rsplit(". ", 1)[-1]  # not across sentences
                    if m[2][0] in "".join(w[0] for w in full.split() if is_upper(w[0])):
                        self._acronyms[m[2]] = _LEADING_DETERMINER.sub("", full)
        return self._acronyms

    def _after_owner(self, words: list[str], at: int) -> list[str] | None:
        """The words of a person's name after an owner's possessive in a source's name ("MSNBC's
        Chris Matthews", "Kidder Peabody's Kirnan" once Jack Kirnan was named), when they are a
        person's (a known given name, a person named in the document, or a surname named in
        full before offset `at`), at most three capitalised words and no organisation's word;
        else None ("Texas Air Corp's Eastern Airlines", "Standard and Poor's Corp", "Nature's
        Blend": a name of its own)."""
        k = _owner_at(words)
        if k < 0:
            return None
        rest = words[k + 1:]
        if len(rest) > 3 or not all(is_upper(w[:1]) for w in rest) \
                or any(w.lower().strip(".,") in ORG_NAME_WORDS for w in rest):
            return None
        full = self._full_name(rest[0], at) if len(rest) == 1 else None
        if rest[0] in self.first_names or self.is_person(" ".join(rest)) \
                or (full is not None and " " in full and not _organisation(full)):
            return rest
        return None

    def _full_name(self, token: str, at: int) -> str | None:
        if token in self.persons:
            return self.persons[token]
        if token.isupper() and token in self.acronyms:
            return self.acronyms[token]
        before = after = None
        for pos, name in self.names_with(token):
            parts = name.split()
            if token in (parts[-1], parts[0]):
                if pos < at:
                    before = name
                elif after is None:
                    after = name
        return before or after

    def mentions(self, until: int) -> list[_Mention]:
        """The mentions of persons in the document, in reading order, at least up to offset
        `until` (read as far as a he/she needs them, once; the rules in the module docstring)."""
        text, out, latest = self.text, self._mentions, self._latest
        if self._scanned >= until:
            return out
        searched, pattern = (self._capitals(), _PERSON_RUN_IN_CAPITALS) if text.isascii() \
            else (text, _PERSON_RUN)
        for m in pattern.finditer(searched, self._scanned):
            at = m.start()
            if at >= until:
                self._scanned = at
                return out
            run = text[at:m.end()].split()
            words = _leading_titles_out(run)
            if (j := _owner_at(words)) >= 0:  # an owner before a name: the name when it is a
                after = words[j + 1:]  # person's named before or has a known given name
                if len(after) <= 3 and (after[-1] in latest or after[0] in self.first_names):
                    words = after  # ("Boston's Walsh", "Kidder Peabody's Kirnan"), else a
                elif j < 3:  # short owner ("Trump's RT", "Obama's Health Act")
                    words = [*words[:j], _unowned(words[j])]
            dropped = len(run) - len(words)
            if not dropped:  # "Italian Prime Minister Matteo Renzi": the name after its title
                inner = [k for k in range(1, len(run) - 1)
                         if run[k].lower().strip(".") in _PERSON_TITLES]
                if inner and len(run) - inner[-1] - 1 <= 3:
                    dropped = inner[-1] + 1
                    words = run[dropped:]
            while words and words[-1].lower() in NON_HEADS:
                words.pop()
            if not words:
                continue
            before = text[max(0, at - 12):at].rstrip()
            honorific = _honorific(before)
            titled = honorific != "" or any(
                w.lower().strip(".") in _PERSON_TITLES for w in run[:dropped]) or (
                before[-1:] == "." and before.split()[-1].lower().strip(".") in _ABBREVIATED)
            words[-1] = words[-1].removesuffix("'s")
            words = words[next((k for k, w in enumerate(words) if w in self.first_names), 0):]
            key = words[-1]
            if key.lower() in ORG_WORDS or key.lower() in _DOCUMENT_WORDS:
                continue  # "Justice Department", "Patriot Act": no person
            if len(words) > 1:
                if not (self.is_person(" ".join(words)) or (titled and len(words) <= 3)
                        or " ".join(words) in self._sourced):
                    continue
                latest[key] = " ".join(words)
            elif titled:
                latest.setdefault(key, key)
            elif not ((key in self.first_names and self._lone_person(key))
                      or (key in latest and (self.alone(key) or self._in_source(at)))):
                continue
            starts = self.sentence_starts
            k = max(0, bisect_right(starts, at) - 1)
            lead = len(text[starts[k]:at].split()) if starts else 0
            after = text[m.end():m.end() + 12].split()
            said = (after[:1] and after[0].strip(",.") in VERB_CUES) or (
                text[max(0, at - 8):at].split()[-1:] in (["said"], ["says"])) or (
                self._in_source(at))
            full = latest.get(key, key)
            if honorific:  # "Mr. Sharpton" after "the Rev. Al Sharpton": a man; "" if they differ
                self._honorific_of[full] = honorific \
                    if self._honorific_of.get(full, honorific) == honorific else ""
            out.append(_Mention(at, k, lead, key, full, honorific, _quoted(text, at), bool(said)))
            self._mention_sentences.append(k)
            self._starts_of.setdefault(key, []).append(at)
        self._scanned = len(text)
        return out

    def _titled(self, description: list[str], at: int) -> str | None:
        """The person a definite description refers to ("the Vermont senator" said; lower-cased
        words, its role noun last): the latest person named before offset `at` with that role
        as a title before the name ("Sen. Bernie Sanders", "Republican nominee Donald Trump") or
        in an apposition after it ("Bernie Sanders, the Vermont senator,"), with every other
        word of the description there too ("the Democratic nominee" is not "Republican nominee
        Donald Trump"; "the president" not "Vice President Joe Biden"); None when nobody was.
        A given name alone is nobody ("Mayor Bill de Blasio" reads as "Bill")."""
        text, role = self.text, description[-1]
        wanted = {w for w in description[1:-1] if w not in ("former", "then")}
        for mention in reversed(self.mentions(at)):
            if mention.start >= at or mention.quoted or (" " not in mention.name
                                                         and mention.name in self.first_names):
                continue
            run = _PERSON_RUN.match(text, mention.start)
            if run is None:
                continue
            words = run[0].split()
            for w in reversed(text[max(0, mention.start - 60):mention.start].split()[-4:]):
                if (not w[-1:].isalnum() and not (  # a clause ends: "said, ''We're"
                        w[-1:] == "." and w.lower().strip(".") in _ABBREVIATED)) \
                        or w.lower() in _OF_ANOTHER:  # "an aide to Lyng" is no aide
                    break
                words.insert(0, w)
            after = _APPOSITION.match(text, run.end())
            if after:
                words += after[1].split()
            titles = {_ABBREVIATION_OF.get(w, w) for w in (w.lower().strip(".,") for w in words)}
            if role in titles and wanted <= titles and ("vice" not in titles or "vice" in wanted):
                return mention.name
        return None

    def _in_source(self, at: int) -> bool:
        """Whether offset `at` lies in a named source resolved so far."""
        k = bisect.bisect_right(self._sources, (at, len(self.text))) - 1
        return k >= 0 and at < self._sources[k][1]

    def _shown_person(self, f: Found, name: str, lone: bool) -> None:
        """Remember a multi-word name the source f shows to be a person's: its surname alone as a
        source standing for it, or after an honorific ("Justin Bamberg, said ... Bamberg also
        said", "Mr. McKinley said"; not "The Mint said" after "the U.S. Mint"), a person's title
        with it ("attorney Justin Bamberg"), or an age after it ("Donna Sampson Rawlings, 59,");
        else, written as the source alone in two or three words, a name he/she may refer to
        (not for the other rules that read persons: "Anna Akar told CNN ... she said")."""
        if " " not in name or name in self._speakers:
            return
        end = f.source_end or 0
        shown = f.role is not None or (
            self.text.startswith(",", end) and _AGE_AFTER.match(self.text, end) is not None)
        if not shown and lone:
            surface = (f.surface or "").split()
            shown = len(surface) == 1 or (len(surface) == 2 and surface[0].lower() in HONORIFICS)
        parts = name.split()
        if len(parts) > 4 or _organisation(name) or name.isupper() \
                or parts[0].lower() in _PLACE_WORDS or not all(is_upper(w[:1]) for w in parts):
            return
        if shown:
            self._speakers.add(name)
        elif f.surface == name and len(parts) <= 3 and not any(w.lower() in TITLES for w in parts) \
                and not word_offsets(self.text, parts[-1].lower()):  # "management": a common noun
            self._sourced.add(name)

    def person_candidates(self, at: int, sentence: int, pronoun: str) -> list[PersonCandidate]:
        """The persons he/she at offset `at` of sentence number `sentence` may refer to (gender
        agreeing), each with what the ranker reads, in order of their latest mention."""
        other = "f" if pronoun == "he" else "m"
        found: dict[str, PersonCandidate] = {}
        mentions = self.mentions(at)
        # only persons named within DISTANCE_CAP sentences (the work per pronoun stays bounded)
        for i in range(bisect_left(self._mention_sentences, sentence - DISTANCE_CAP),
                       len(mentions)):
            mention = mentions[i]
            if mention.start >= at:
                break
            if mention.honorific == other or self._honorific_of.get(mention.name) == other \
                    or not self.agrees(mention.name, pronoun):
                continue
            seen = found.pop(mention.key, None)
            found[mention.key] = PersonCandidate(
                mention.name, bisect_left(self._starts_of[mention.key], at),
                sentence - mention.sentence,
                mention.sentence >= sentence - 2 and mention.lead <= 3, mention.quoted,
                (mention.spoke and mention.sentence >= sentence - 4)
                or (seen is not None and seen.spoke), mention.name == self.last_speaker)
        return list(found.values())

    def _who(self, at: int, sentence_start: int, relative: str) -> str | None:
        """What "who", "which" or "that" (relative) at offset `at` refers to: the name right before
        it, its leading titles and determiners left out; for "who", the person named before a place
        that name is ("Ted Cruz of Texas, who", "Alan Berger, a gynecologist from Englewood, New
        Jersey, who"; not a person: "the rise of Donald Trump, who"; not an organisation:
        "Republicans in Congress, who"); else a source word right before it ("voters who said"), or
        for "which" and "that" a noun ("The film, which": film)."""
        text, start = self.text, max(sentence_start, at - 80)
        m = _NAME_BEFORE_WHO.search(text, start, at)
        if m is None:
            w = _WORD_BEFORE_WHO.search(text, start, at)
            if w is None:
                return None
            return w[1] if w[1] in self.heads or (relative != "who" and _noun(w[1])) else None
        words = _leading_titles_out(m[1].removesuffix("'s").rstrip("'").split())
        if not words:
            return None
        name = " ".join(words)
        if relative == "who" and not _organisation(name) and not self.is_person(name) \
                and _PLACE_BEFORE.search(text, sentence_start, m.start()):
            persons = [p.name for p in self.mentions(at) if sentence_start <= p.start < m.start()]
            return persons[-1] if persons else None
        return name if len(words) > 1 else (self._full_name(name, at) or name)

    def _group_before(self, start: int, at: int) -> str | None:
        """The last group named in text[start:at] that "they" may refer to: a plural word that
        may head a source ("liberals"), or a capitalised plural with a group's ending standing
        alone ("Republicans", "Islamists"; `_lone_plural`), no person's name ("Sanders"). ("it"
        has no such fallback: on the labelled train pronouns an organisation word before it was
        wrong as often as right.)"""
        found = None
        text = self.text
        for m in _WORD.finditer(text, start, at):
            low = m[0].lower()
            if not _plural(low) or low in PRONOUNS or low in NON_HEADS or low in QUANTIFIERS:
                continue
            if low in self.heads or (is_upper(m[0][:1]) and low.endswith(_GROUP_ENDINGS)
                                     and _lone_plural(text, m.start(), m.end())
                                     and not self._surname(m[0])):
                found = m[0]
        return found

    def _surname(self, word: str) -> bool:
        """Whether a capitalised word is a person's surname: a person's, or the last word of a
        name led by a known first name ("Bernie Sanders" ... "for Sanders")."""
        return self.is_person(word) or any(
            name.split()[0] in self.first_names and name.split()[-1] == word
            for _, name in self.names_with(word))

    def _lone_person(self, word: str) -> bool:
        """Whether a one-word source ("Obama said", "Melanie thought") may be a person: no
        organisation word, acronym or place word, and capitalised inside a sentence somewhere."""
        return word.lower() not in ORG_WORDS and not word.isupper() \
            and word.lower() not in _PLACE_WORDS and self.alone(word)

    def agrees(self, name: str, pronoun: str) -> bool:
        """Whether he/she may refer to the person: no given name of the other gender (the first
        known given name in it: "Crooked Hillary Clinton" is a woman)."""
        if name in self._pronoun_of:
            return self._pronoun_of[name] == pronoun
        gender = next((self.first_names[w] for w in name.split() if w in self.first_names), "")
        return not gender or gender == ("m" if pronoun == "he" else "f")

    def _remember(self, name: str) -> None:
        if self.is_person(name) or (" " not in name and self._lone_person(name)):
            parts = name.split()
            if len(parts) > 1:
                self.persons[parts[-1]] = name

    def resolve(self, f: Found, sentence: int, sentence_start: int,
                quote_speaker: str | None) -> None:
        """Set f.speaker for the attribution f of sentence number `sentence` (quote_speaker: the
        speaker of the quotation f's source sits in, if any)."""
        if f.surface is None or f.head is None:
            return
        low = f.head.lower().removesuffix("'s")  # "he's" is he
        low = _SUBJECT_OF.get(low, low)
        at = f.source_start if f.source_start is not None else sentence_start
        if f.pronoun:
            if low in PERSON_PRONOUNS:
                candidates = self.person_candidates(at, sentence, low)
                if self.ranked is not None:
                    self.ranked[at] = candidates
                f.speaker = self.ranker.best(candidates)
                if f.speaker is not None:
                    self._pronoun_of[f.speaker] = low
            elif low in SPEAKER_PRONOUNS:
                f.speaker = quote_speaker
            elif low in ("it", "they"):
                last = self.last_group
                if last and sentence - last[0] <= 2 and last[2] == (low == "they"):
                    f.speaker = last[1]
                elif low == "they":
                    start = self.sentence_starts[max(0, sentence - 2)] \
                        if self.sentence_starts else sentence_start
                    f.speaker = self._group_before(start, at)
            elif low in ("who", "which", "that"):
                f.speaker = self._who(at, sentence_start, low)
            return
        name = f.name or f.surface
        plural = low.endswith("s") and not low.endswith(("ss", "us", "'s"))
        if f.source_start is not None and f.source_end is not None:
            bisect.insort(self._sources, (f.source_start, f.source_end))
        surface = f.surface.lower().split() \
            if f.surface[:3].lower() == "the" and f.surface[3:4].isspace() else []
        if len(surface) > 1 and surface[-1] in _ROLE_NOUNS \
                and "of" not in surface and not any(w.endswith("'s") for w in surface):
            person = self._titled(surface, at)  # "the Vermont senator": Bernie Sanders
            if person is not None:
                f.speaker, f.role = person, f.role or surface[-1]
                return
        if is_upper(f.head[:1]):
            words = name.split()
            if (owned := self._after_owner(words, at)) is not None:
                owner = words[:len(words) - len(owned)]  # "MSNBC's Chris Matthews": the
                owner[-1] = _unowned(owner[-1])  # person, the owner the role if none is
                f.role = f.role or " ".join(owner)
                words, name = owned, " ".join(owned)
            if len(words) == 1:
                name = self._full_name(words[0].removesuffix("'s"), at) or words[0]
            self._shown_person(f, name, len(words) == 1
                               and name.split()[-1] == words[0].removesuffix("'s"))
            f.speaker = name
            self._remember(name)
            if not self.is_person(name) and name not in self.persons.values():
                self.last_group = (sentence, name, plural and len(words) == 1)
                if _organisation(name):
                    self.last_organisation = name
                    if _business(name):
                        self.last_business = name
            return
        f.speaker = name
        if low in ORG_WORDS:
            for pos, full in self.names_with(low.capitalize()):
                if pos < at:
                    f.speaker = full
        described = self.last_business if low in _BUSINESS_WORDS else self.last_organisation
        if f.speaker == name and low in _COMPANY_WORDS and f.role is None \
                and described is not None \
                and f.surface.lower().split()[:-1] in (["the"], ["its"]):  # not "an investor group"
            f.speaker, f.role = described, low  # "Xanadu Corp said ... the company"
        self.last_group = (sentence, f.speaker, plural)


# Descriptions of a business that stand for the last organisation named as a source.
_COMPANY_WORDS: Final = frozenset(
    "company firm corporation bank airline utility automaker carrier insurer retailer board group"
    .split())


# Descriptions of a business alone: never a public body ("Schlumberger said ... blocked by the
# U.S. Commerce Department ... the company said": Schlumberger).
_BUSINESS_WORDS: Final = frozenset(
    "company firm corporation airline utility automaker carrier insurer retailer".split())
_PUBLIC_BODIES: Final = frozenset(
    "department ministry agency commission court police administration government army house "
    "senate congress council committee office party authority authorities service".split())


def _business(name: str) -> bool:
    """Whether an organisation's name is a business's: a company's mark in it ("Inc", "Corp",
    "Co", "Stores": "Federated Department Stores Inc", "Public Service Co of New Mexico"), or no
    word of a public body ("department", "agency", "court", ...)."""
    words = [w.lower().strip(".,") for w in name.split()]
    return any(w in _BUSINESS_MARKS for w in words) or not any(w in _PUBLIC_BODIES for w in words)


_BUSINESS_MARKS: Final = frozenset(
    "inc corp co ltd plc ag sa nv spa bhd gmbh llc lp company corporation holdings industries "
    "stores airlines airways motors partners".split())


def _noun(word: str) -> bool:
    """Whether a lower-case word right before "which" or "that" may be the thing it refers to
    ("The film, which debuts": film; "militaries that have relied on": militaries): no function
    word, pronoun, preposition, verb of saying or -ly adverb."""
    return len(word) > 2 and word not in NON_HEADS and word not in PRONOUNS \
        and word not in PREPOSITIONS and word not in VERB_CUES and not word.endswith("ly")


def _organisation(name: str) -> bool:
    """Whether a name is an organisation's: a word such as "Corp", "Inc", "Bank", "Group" in it
    (a name the person rules do not know is no proof of a firm, nor is an acronym: "U.S.")."""
    return any(w.lower().strip(".,") in ORG_NAME_WORDS for w in name.split())


_INNER: Final = frozenset("of the for and de von van al bin la le du da del".split())
# The last words of a law's or a document's name, never a person's ("Patriot Act").
_DOCUMENT_WORDS: Final = frozenset(
    "act amendment treaty accord accords doctrine resolution initiative program programme".split())
_OWNER_ENDS: Final = ("'s", "’s", "s'", "s’")  # a possessive ends the owner of a name after it


def _owner_at(words: list[str]) -> int:
    """The index of the last word before the last that ends in a possessive (the owner of the
    name after it: "Kidder Peabody's Kirnan": 1), or -1."""
    for k in range(len(words) - 2, -1, -1):
        if words[k].endswith(_OWNER_ENDS):
            return k
    return -1


def _unowned(word: str) -> str:
    """An owner's word without its possessive ("Trump's": Trump; "Sanders'": Sanders)."""
    return word.removesuffix("'s").removesuffix("’s").rstrip("'’")


_HONORIFIC: Final = frozenset("mr mrs ms dr sen rep gov gen lt col jr sr st".split())


def _leading_titles_out(words: list[str]) -> list[str]:
    """A name's words without the titles, descriptors and determiners before it ("Senator John
    Cornyn", "Investor Martin Sosnoff", "The Washington Post"; a title inside a name stays:
    "Stephen King")."""
    k = 0
    while k < len(words) and (words[k].lower().strip(".") in _NAME_ROLES
                              or words[k].lower() in NON_HEADS):
        k += 1
    return words[k:]


_NOT_PLURAL: Final = frozenset("ones news series species politics economics means".split())


# The endings of capitalised plurals that name groups of people ("Republicans", "Democrats",
# "Islamists", "Mineworkers"; not "Securities", "Airways", "Netherlands", "Santos").
_GROUP_ENDINGS: Final[tuple[str, ...]] = ("ans", "ists", "ats", "ites", "ers")  # (any length)


def _lone_plural(text: str, start: int, end: int) -> bool:
    """Whether the capitalised plural text[start:end] stands alone, no word of a longer name
    ("Republicans", "Democrats", "Americans"; not "United States", "Los Angeles Times"): no
    capitalised word right before (but a function word) or after it, and not a sentence's first
    word."""
    before = text[max(0, start - 30):start].rstrip()
    if not before or before[-1] in ".!?\"':":
        return False
    word = before.split()[-1]
    if is_upper(word[:1]) and word.lower() not in NON_HEADS:  # "As Republicans" is alone
        return False
    after = text[end:end + 30].split()
    return not (after and is_upper(after[0][:1]))


def _plural(low: str) -> bool:
    """Whether a lower-case word reads as a plural ("liberals"; not "congress", "analysis",
    "news")."""
    return low.endswith("s") and not low.endswith(("ss", "us", "is", "'s")) \
        and low not in _NOT_PLURAL


def _honorific(before: str) -> str:
    """The gender the honorific ending `before` gives ("f", "m"), or ""."""
    return "f" if before.endswith(_WOMAN_HONORIFIC) else (
        "m" if before.endswith(_MAN_HONORIFIC) else "")


def _quoted(text: str, at: int) -> bool:
    """Whether offset `at` is inside a quotation: an odd number of quote marks (" or '') since
    the start of its paragraph."""
    para = text[text.rfind("\n", 0, at) + 1:at]
    return (para.count('"') + para.count("''")) % 2 == 1


def plausible_source(phrase: str) -> bool:
    """Whether a phrase a rule read as a source can be one: at most eight words, no pronoun
    ("I must", "He's": a pronoun is resolved or left unnamed, never a name), and no function
    word, auxiliary or sentence adverb but for "of", "the", "for", "and" inside it ("Meanwhile",
    "He went on to")."""
    words = [w.lower().strip(".,'\"") for w in phrase.split()]
    if not words or len(words) > 8:
        return False
    for i, w in enumerate(words):
        w = w.removesuffix("'s")
        if w in _HONORIFIC:
            continue
        if w in PRONOUNS or (
                w in NON_HEADS and not (0 < i < len(words) - 1 and w in _INNER)):
            return False
    return True


def _capitalised_before(text: str, k: int) -> bool:
    """Whether the word ending at text[k] is capitalised."""
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "'-"):
        k -= 1
    return is_upper(text[k])


_NEVER_FIRST: Final = frozenset(
    "but and or nor neither either when while whereas meanwhile however though although if "
    "because since so yet then also still now today yesterday tomorrow tonight in on at by "
    "with for from to as unlike without that this these those which who whom whose what "
    "whenever wherever whatever whoever notably separately reportedly apparently clearly "
    "ultimately earlier later during over into about after before".split()) | PREPOSITIONS
# Lower-case words that make a phrase a verb phrase or a list ("went", "am glad", "Comey nor
# other officials"); capitalised they may be a name ("Will Rogers").
_NEVER_INSIDE: Final = frozenset(
    "is are was were be been being am has have had do does did will would shall should can "
    "could may might must went going gone nor".split())
_CONTRACTED: Final = frozenset("s re m ll ve d".split())  # verbs contracted onto a pronoun


def plausible_speaker(name: str) -> bool:
    """The last check on any speaker before it is stored: at most eight words, not led by a
    conjunction, a preposition, a sentence adverb or a verb of saying ("But Richard Roe", "When
    the Exchange", "Notably", "Said Ellis", "Adding Piedmont": the cue, not the source), not
    ending in a conjunction or a preposition, a demonstrative or a "whenever" ("That Comey",
    "Whenever"), no lower-case auxiliary, modal or "nor" in it and no pronoun with a verb
    contracted onto it (a verb phrase or a list: "went", "am", "it's boring", "Comey nor other
    officials"), not a name ending in a past verb ("Hillary Clinton came", "Spicer said"), not an
    amount alone ("228.7 billion dlrs": no source; "41 pct" of those asked is), and not a lone
    function word, pronoun, quantifier or adverb ("Today", "he", "Those", "Much")."""
    words = name.split()
    if not words or len(words) > 8 or amount_only(words):
        return False
    first = words[0].lower().strip(".,'\"").removesuffix("'s")
    if first in _NEVER_FIRST or first in VERB_CUES or words[-1].lower() in _NEVER_FIRST:
        return False  # nor ending in one: "Europe amid", "10 cts per"
    for w in words:
        pronoun, _, verb = w.lower().replace("’", "'").rpartition("'")
        if w in _NEVER_INSIDE or (pronoun in PRONOUNS and verb in _CONTRACTED):  # "it's"
            return False
    last = words[-1]
    if len(words) > 1 and is_upper(words[-2][:1]) and last.islower() and (
            last in PAST_FORMS or (len(last) > 4 and last.endswith("ed"))):
        return False  # a name and its verb: "Hillary Clinton came", "Mr. Obama scrutinized"
    return len(words) > 1 or not (first in NON_HEADS or first in PRONOUNS
                                  or first in QUANTIFIERS or first in ADVERBS)


def amount_only(words: list[str]) -> bool:
    """Whether the words are an amount alone: numbers and the words of a scale or a currency
    ("228.7 billion dlrs", "28 mln"; not a share, "41 pct" of those asked, nor a count, "1,000").
    """
    return any(_number(w) for w in words) and any(w.lower() in AMOUNT_WORDS for w in words) \
        and all(_number(w) or w.lower() in AMOUNT_WORDS for w in words)


def _number(word: str) -> bool:
    return word.strip("$").replace(",", "").replace(".", "").isdigit()


# The words of a scale or a currency that an amount's number carries.
AMOUNT_WORDS: Final = frozenset(
    "thousand mln million bln bn billion trillion dlr dlrs dollars cts cents stg yen marks "
    "francs crowns pesetas lire".split())


def split_role(phrase: str | None) -> str | None:
    """The titles and role words of a source phrase ("spokesman Dmitry Peskov" → "spokesman"),
    None without any."""
    role = [w for w in (phrase or "").split() if w.lower().strip(".,") in TITLES]
    return " ".join(role) or None


_SOURCE_TAIL_LEADS: Final = frozenset("familiar close of from at in with for on".split())


def _antecedent(text: str, f: Found, found: list[Found]) -> Found | None:
    """The attribution of the same sentence whose named source "who" or "which" follows right
    after ("...," said one former executive who requested anonymity"), or after the source's
    short modifier (`_source_tail`), or None."""
    if not (f.pronoun and f.head and f.head.lower() in ("who", "which")
            and f.source_start is not None):
        return None
    for g in found:
        if g.speaker and g.source_end is not None and g.source_end <= f.source_start \
                and _source_tail(text[g.source_end:f.source_start]):
            return g
    return None


def _source_tail(gap: str) -> bool:
    """Whether the text between a source and a "who" after it leaves "who" the source's: nothing
    but a comma, or a short modifier of the source before it ("said one Democrat familiar with
    the discussion, who added": at most eight words led by a preposition or "familiar" or
    "close", no comma or sentence mark inside)."""
    words = gap.replace(",", " ").split()
    if not words:
        return True  # a comma, a space or a line break
    return len(words) <= 8 and words[0].lower() in _SOURCE_TAIL_LEADS \
        and not any(c in gap.strip(" ,\n") for c in ",.;:!?\"(")


def attribute_document(model: AttributionModel, text: str, sents: list[tuple[int, int, int]],
                       block_quotes: dict[int, list[tuple[int, int]]],
                       speakers: DocumentSpeakers | None = None) -> list[list[Found]]:
    """The attributions of each sentence of a document, speakers resolved (sents: (start, end,
    block) in reading order; block_quotes: each block's quotations as content offsets). Within a
    sentence, named sources are resolved before pronouns, so that an "I" inside a quotation gets
    the speaker named in the same sentence. speakers: the resolver to use (a fresh one by
    default; bench/train_pronouns.py passes one that keeps the candidates it ranked)."""
    if speakers is None:
        speakers = DocumentSpeakers(text, model.first_names, model.heads,
                                    [s[0] for s in sents], pronoun_ranker())
    out: list[list[Found]] = []
    last_quote: tuple[int, int, str | None] | None = None  # (start, end, speaker)
    opened = quote_parities(text, [(s[0], s[2]) for s in sents])
    for si, (start, end, block) in enumerate(sents):
        quotes = block_quotes.get(block, [])
        found = attribute_sentence(model, text, start, end, quotes, opened[si])
        if not found and opened[si] and si and out[-1] and sents[si - 1][2] == block \
                and (went_on := continued_quote(text, out[-1][-1], start, end)) is not None:
            found = [went_on]  # its speaker is the one before's, resolved: nothing to resolve
            out.append(found)
            continue
        out.append(found)
        if not found:
            continue
        # named sources first, then pronouns, each in order (sorted by a key calls it per item)
        for f in [f for f in found if not f.pronoun] + [f for f in found if f.pronoun]:
            quoted = None
            if f.pronoun and f.source_start is not None:
                for g in found:
                    if g is not f and g.quote and g.content_start <= f.source_start < g.content_end:
                        quoted = g.speaker
                if quoted is None and last_quote and \
                        last_quote[0] <= f.source_start < last_quote[1]:
                    quoted = last_quote[2]
            antecedent = _antecedent(text, f, found)
            if antecedent is not None:
                f.speaker, f.role = antecedent.speaker, antecedent.role
            else:
                speakers.resolve(f, si, start, quoted)
            if f.speaker is not None and not f.pronoun:
                speakers.last_speaker = f.speaker
            if f.quote:
                last_quote = (f.content_start, f.content_end, f.speaker)
    # I/we inside a quotation attributed later ("I will win. We are great," he said.)
    quoted_found = [f for fs in out for f in fs if f.quote and f.speaker]
    for fs in out:
        for f in fs:
            if f.pronoun and f.speaker is None and f.head and \
                    _SUBJECT_OF.get(f.head.lower(), f.head.lower()) in SPEAKER_PRONOUNS:
                for g in quoted_found:
                    if g.content_start <= (f.source_start or -1) < g.content_end:
                        f.speaker = g.speaker
    return out
