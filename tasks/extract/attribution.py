"""Attribution: who a claim is attributed to, and with which cue (said, according to, claims...).

Patterns of English news: "according to X", "X said/claims/confirmed (that)", "'...,' said X",
"'...,' X stated", "with X stating", "X, the Y, said", "X's pledge of ...", and transcript lines
"NAME: ...". The subject before a cue is read back to the clause boundary; an appositive name wins
over a role ("the chief, Lt. Gen. Jane Roe, said" → Jane Roe). Speakers are resolved within the
document: a surname or first name to the full name seen in it, an acronym to what it abbreviates.
A bare he/she keeps the claim attributed (cue kept) but names no speaker: guessing is worse.
"""

import functools
import re
from typing import Final

from tasks.extract.attribution_model import counted, person_words, word_offsets
from tasks.text.chars import is_lower, is_upper
from tasks.text.lexicon import CUE_PARTICIPLES, CUES, NOUN_CUES, SAYING
from tasks.text.patterns import Caseless, WordLed, alternation, lowered_ascii

_CUE: Final = r"\b(" + alternation(CUES) + r")\b"
_NOUN_LEAD: Final = frozenset(
    "the a an his her their its our my your this that these those earlier previous new latest "
    "initial original recent false such any no".split()
)
_AUXILIARIES: Final = frozenset(
    "has have had was were is are will would could may might also long not never did does do "
    "later then once again".split()
)
_REPORTING: Final = WordLed(r"\b(?:that|said|says)\b")
# A clause boundary is a ; or ( , a comma and a space, or one of these words and a space.
_BOUNDARY_WORD: Final = Caseless(
    r"\b(?:that|what|which|who|whom|and|but|as|while|when|because|if|whether|"
    r"after|before|though|although|since|so|yet|where|than|once|until|unless|also|then)\s"
)
_LEADING_JUNK: Final = re.compile(
    r"^(?:(?:but|and|or|so|yet|though|although|while|when|after|before|since|because|in|for|"
    r"at|on|by|with|also|then|meanwhile|however|still|now|instead|indeed|the|a|an|one|another|"
    r"some|several)\s+)+",
    re.IGNORECASE,
)
# The end of a speaker phrase: punctuation, or a full stop that closes no abbreviation.
_PHRASE_END: Final = (
    r"(?=\s*(?:[,;:!?]|$|(?<![A-Z])(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)(?<!Sen)(?<!Rep)(?<!Gov)"
    r"(?<!Gen)(?<!Lt)(?<!Col)(?<!St)(?<!Jr)(?<!Sr)(?<!Prof)(?<!Rev)\.(?:\s|$)))"
)
_ACCORDING: Final = re.compile(r"\b[Aa]ccording to\s+")
_ACCORDING_SOURCE: Final = re.compile(rf"[^,;:!?\"]{{2,100}}?{_PHRASE_END}")
_GROUP_SPEAKER: Final = re.compile(
    r"\b(?:officials?|sources?|analysts?|experts?|police|intelligence|reports?|authorities|"
    r"observers|critics|residents|witnesses)\b"
)
# A passive ("is described as", "was reported to") or a cue word, found in one scan. No cue is an
# auxiliary or an -ly adverb, so a passive hides none but its own cue word, which is scanned again.
_PASSIVE_AUXILIARIES: Final = ("is", "are", "was", "were", "been", "being")
_PASSIVE_OR_CUE: Final = WordLed(
    r"\b(?:(?P<aux>" + "|".join(_PASSIVE_AUXILIARIES) + r")\s+(?:\w+ly\s+)?(?P<passive>described|"
    r"reported|said|quoted|cited|characteri[sz]ed|called|labell?ed|portrayed|billed)\s+(?:as|to)\b"
    r"|(?P<cue>" + alternation(CUES) + r")\b)"
)


def _pairs(words: frozenset[str]) -> bytes:
    """A table of 1 at 128 * a's code + b's code for the first two letters a, b of each of the
    words (ASCII, two letters at least), else 0."""
    table = bytearray(128 * 128)
    for w in words:
        table[128 * ord(w[0]) + ord(w[1])] = 1
    return bytes(table)


# The whole words a match of _PASSIVE_OR_CUE starts with (its auxiliary or its cue, then \s or
# \b), and their first two letters (1 at 128 * the first's code + the second's); in ASCII text
# every character but a letter, a digit and _ written " " (one for one: offsets unchanged).
_PASSIVE_OR_CUE_WORDS: Final = CUES | frozenset(_PASSIVE_AUXILIARIES)
_PASSIVE_OR_CUE_PAIRS: Final = _pairs(_PASSIVE_OR_CUE_WORDS)
_GAP: Final = ord(" ")
_WORD_GAPS: Final = bytes(c if chr(c).isalnum() or c == ord("_") or c > 127 else _GAP
                          for c in range(256))
# "...,' said a source close to X" / "...,' Peskov stated" (right after a closing quote)
_CUE_THEN_SPEAKER: Final = re.compile(
    rf"^[\s,.'\"-]*(?P<cue>{_CUE})\s+(?P<np>[^,;:!?\"]{{2,100}}?){_PHRASE_END}"
)
_SPEAKER_THEN_CUE: Final = re.compile(
    rf"^[\s,.'\"-]*(?P<np>[^,;:!?\"]{{1,80}}?)\s+(?:\w+ly\s+)?(?P<cue>{_CUE})"
    r"(?:\s+(?:reporters|journalists|the \w+))?"
)
_WITH: Final = re.compile(r"\bwith\s+(?P<np>[^;:!?]{2,80}?)\s+(?P<cue>"
                   + "|".join(CUE_PARTICIPLES) + r")\b")
_SPEECH_AFTER_POSSESSIVE: Final = (
    r"'s\s+(?:\w+\s+)?(?P<cue>pledge|promise|claim|statement|warning|vow|remarks|comments|"
    r"assertion|announcement|insistence|call|denial|admission|accusation|assessment|estimate)\b"
)
_POSSESSIVE_SPEECH: Final = re.compile(
    r"(?P<np>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)" + _SPEECH_AFTER_POSSESSIVE
)
# Its tail alone, searched first: led by the literal 's, it is found fast and is mostly absent.
_POSSESSIVE_TAIL: Final = re.compile(_SPEECH_AFTER_POSSESSIVE)
_TRANSCRIPT: Final = re.compile(  # matched at the start of a block or clause
    r"[\"']?(?P<np>(?:MR\.|MRS\.|MS\.|DR\.)?[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+)?):\s+\S"
)
# "Paul Ryan: FBI decision defies explanation", "Matthews: Here is the irony": a name in title case
# opening a headline or a turn (an optional title first), then a capital, a quotation or a figure.
_NAMED_TURN: Final = re.compile(
    r"[\"']?(?P<np>(?:(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms|Prof|Gen)\. )?[A-Z][a-z][\w'-]*"
    r"(?: [A-Z][\w'.-]*){0,3}):\s+[\"'“‘A-Z0-9]"
)
_TITLES: Final = frozenset(
    "president vice prime minister deputy defense defence foreign secretary press spokesman "
    "spokeswoman spokesperson general gen lt col maj sgt capt adm gov sen rep reps dr mr mrs ms "
    "prof rev chief chairman chairwoman director ceo king queen prince senator governor mayor "
    "judge ambassador commander officer army military head leader representative attorney "
    "justice speaker congressman congresswoman candidate nominee".split()
)
_ORG_WORDS: Final = frozenset(
    "service ministry agency department council committee office party government army forces "
    "bank company group union commission court police administration news times post reuters "
    "association institute university board authority authorities campaign house senate "
    "congress intelligence military media network".split()
)
_EDITORIAL_LABELS: Final = frozenset(
    "note notes update updates correction corrected corrects editor editors repeat repeats "
    "advisory warning breaking exclusive analysis recasts adds refiling urgent flash bulletin "
    "reminder source sources table".split()
)
# Words that open a heading label, not a name ("The Latest:", "Watch:", "Breaking:").
_HEADING_OPENERS: Final = frozenset(
    "the a an watch video photos photo listen read related more see breaking revealed just "
    "contributing byline live question answer".split())
PERSON_PRONOUNS: Final = frozenset("he she".split())
_OTHER_PRONOUNS: Final = frozenset("they it we i you this that these those who which there".split())
_PRONOUNS: Final = PERSON_PRONOUNS | _OTHER_PRONOUNS
_NON_SUBJECTS: Final = _OTHER_PRONOUNS - {"they", "we", "i"}  # pronouns that never name a speaker
_SUBJECT_PRONOUNS: Final = PERSON_PRONOUNS | {"they", "we"}
_ACRONYM_IN_PARENS: Final = re.compile(r"\(([A-Z]{2,6})\)")
_DEFINED_ACRONYM: Final = re.compile(
    r"((?:[A-Z][\w'.-]*\s+(?:of\s+|the\s+|for\s+|and\s+)?){1,7})\(([A-Z]{2,6})\)$"
)
# A capital first, so the regex engine can skip ahead to capitals.
_NAME: Final = re.compile(r"[A-Z](?:[a-zA-Z'-]+|\.)(?:\s+(?:[A-Z][a-zA-Z'-]+|[A-Z]\.))*")
_CAPITALISED_TAIL: Final = re.compile(
    r"(?:[A-Z][\w.'-]*(?:\s+(?:of|the|for|and|de|von|van|al|bin)\s+|\s+|'s\s+))*[A-Z][\w.'-]*$"
)


class Attribution:
    """A speaker and the cue that attributes to it; [start, end) is the attribution's text.

    A learned attribution (tasks/extract/reported.py) also carries the source as written and its
    offsets, the role split off the name, the cue's offsets, and a speaker already resolved in the
    document (`resolved`); a rule's speaker is the phrase as found, resolved later. (A class with
    its __init__ written out: a NamedTuple's generated __new__ runs interpreted even compiled.)"""

    def __init__(self, speaker: str | None, cue: str, start: int, end: int,
                 surface: str | None = None, source_start: int | None = None,
                 source_end: int | None = None, role: str | None = None,
                 cue_start: int | None = None, cue_end: int | None = None,
                 resolved: bool = False) -> None:
        self.speaker = speaker
        self.cue = cue
        self.start = start
        self.end = end
        self.surface = surface
        self.source_start = source_start
        self.source_end = source_end
        self.role = role
        self.cue_start = cue_start
        self.cue_end = cue_end
        self.resolved = resolved


_ABBREVIATION_END: Final = re.compile(r"\b(?:[A-Z]|Jr|Sr|Inc|Co|Corp|Ltd)\.$")


@functools.lru_cache(maxsize=4096)  # the same phrases recur: he, it, the company, officials
def _clean(np: str) -> str | None:
    """A speaker phrase without quotes, leading connectives and determiners; None if empty."""
    np = np.replace('"', "").replace("“", "").replace("”", "")
    np = " ".join(np.split()).strip(" ,;:'-")
    if junk := _LEADING_JUNK.match(np):
        np = np[junk.end():]
    if np.endswith(".") and not _ABBREVIATION_END.search(np):
        np = np[:-1]
    n_words = len(np.split(maxsplit=10))
    if not n_words or n_words > 10:
        return None
    return np


def _strip_auxiliaries(left: str) -> str:
    """Drop auxiliaries and adverbs before a cue: "X has long" → "X"."""
    words = left.rstrip().split(" ")
    while len(words) > 1 and (words[-1].lower() in _AUXILIARIES or words[-1].endswith("ly")):
        words.pop()
    return " ".join(words)


def _subject_before(text: str, start: int, cue_at: int) -> str | None:
    """The speaker phrase ending right before a cue at cue_at (searching back to start)."""
    return _subject_ending(text[max(start, cue_at - 160):cue_at])


@functools.lru_cache(maxsize=4096)  # the same openings recur: "The company ", "He "
def _subject_ending(before: str) -> str | None:
    """The speaker phrase at the end of `before`, the text before a cue."""
    left = _strip_auxiliaries(before).rstrip(" ,")
    # "the chief, Lt. Gen. Jane Roe, said" / "Jane Roe, a veteran of ..., said"
    parts = left.rsplit(",", 2)
    if len(parts) >= 2 and ";" not in parts[-1] and not _REPORTING.search(parts[-1]):
        app = _clean(parts[-1])
        head = _last_phrase(parts[-2].rsplit(";", 1)[-1])
        if app and _is_name(app):
            return app
        if head and _is_name(head):
            return head
    phrase = _last_phrase(left)
    if phrase and len(phrase.split()) > 6:
        tail = _CAPITALISED_TAIL.search(phrase)
        phrase = tail[0] if tail else None
    return _clean(phrase) if phrase else None


_PARENTHESIS: Final = re.compile(r"\s*\([^)]*\)")
_CLAUSE_CUT: Final = re.compile(r",\s+|;\s+")
_CAPITALISED_HEAD: Final = re.compile(
    r"(?:[A-Z][\w.'-]*(?:'s)?\s+(?:(?:of|the|for|and)\s+)?)*[A-Z][\w.'-]*"
)


def _clause_subject(text: str, start: int, cue_at: int) -> str | None:
    """The capitalised subject opening the clause of a participle cue: "NIS released a report
    alleging" → NIS."""
    left = _PARENTHESIS.sub("", text[max(start, cue_at - 200):cue_at])
    clause = _CLAUSE_CUT.split(left)[-1]
    if junk := _LEADING_JUNK.match(clause):
        clause = clause[junk.end():]
    m = _CAPITALISED_HEAD.match(clause)
    return _clean(m[0]) if m else None


def _last_phrase(left: str) -> str | None:
    """The phrase after the last clause boundary in left (boundaries never overlap, so the last
    is the last ; or ( , comma and space, or a boundary word after those)."""
    cut = max(left.rfind(";"), left.rfind("(")) + 1
    comma = len(left)
    while (comma := left.rfind(",", cut, comma)) >= 0:
        if comma + 1 < len(left) and left[comma + 1].isspace():
            cut = comma + 2
            break
    for m in _BOUNDARY_WORD.finditer(left, lowered_ascii(left), cut):
        cut = m.end()
    return _clean(left[cut:])


def _is_name(phrase: str) -> bool:
    words = [w for w in phrase.split() if w.lower().strip(".,'") not in _TITLES]
    return bool(words) and all(is_upper(w[:1]) or w in ("of", "the", "and") for w in words)


_THAT: Final = re.compile(r"\s+that\b")


def _noun_use(text: str, start: int, cue_at: int, cue_end: int) -> bool:
    """Whether an ambiguous cue word is used as a noun ("the earlier claim", "in the states")."""
    before = text[max(start, cue_at - 30):cue_at].split()
    if not before or before[-1].lower().strip(",") in _NOUN_LEAD or before[-1].endswith("'s"):
        return True
    return not _THAT.match(text, cue_end, cue_end + 6) and not is_upper(before[0][:1])


def find_attribution(text: str, start: int = 0, end: int | None = None) -> Attribution | None:
    """The first attribution in text[start:end], or None."""
    end = len(text) if end is None else end
    found: list[Attribution] = []
    span = text[start:end]
    if "ccording to" in span and (m := _ACCORDING.search(text, start, end)):
        np = _ACCORDING_SOURCE.match(text[m.end():end])
        if np:
            found.append(Attribution(_clean(np[0]), "according to", m.start(), m.end() + np.end()))
    if "with " in span and (m := _WITH.search(text, start, end)):
        found.append(Attribution(_clean(m["np"]), m["cue"], m.start(), m.end()))
    passive, cued = _passive_and_cue(text, start, end)
    if passive:
        found.append(passive)
    if "'s " in span and _POSSESSIVE_TAIL.search(text, start, end) and (
        m := _POSSESSIVE_SPEECH.search(text, start, end)
    ):
        found.append(Attribution(_clean(m["np"]), m["cue"], m.start(), m.end()))
    if ":" in span and (turn := transcript_speaker(text, start, end)):
        found.append(turn)
    if cued:
        found.append(cued)
    return min(found, key=lambda a: a.start) if found else None


def _passive_and_cue(text: str, start: int, end: int
                     ) -> tuple[Attribution | None, Attribution | None]:
    """The first passive in text[start:end] ("was described as") and the first cue word with a
    speaker before it. The scan ends at that cue: a passive after it starts after its speaker."""
    passive = None
    pos = start
    while m := _passive_or_cue(text, pos, end):
        if m["aux"]:
            passive = passive or Attribution(None, m["passive"], m.start(), m.end())
            pos = m.start("passive")  # its cue word may be a cue of its own
        elif cued := _cue_attribution(text, start, m.start(), m.end()):
            return passive, cued
        else:
            pos = m.end()
    return passive, None


def _passive_or_cue(text: str, pos: int, end: int) -> re.Match | None:
    """The first match of _PASSIVE_OR_CUE in text[pos:end], as its search finds it. In ASCII text
    the regex is only matched at the start of a word that one of its matches starts with
    (_PASSIVE_OR_CUE_WORDS): each word is read between the spaces of the span's copy with every
    other non-word character a space (`str.find`, then a set look-up where its first two letters
    may start one), so the regex engine is not entered at every non-word character, as the search
    does (one word in twenty passes)."""
    if not text.isascii():
        return _PASSIVE_OR_CUE.search(text, pos, end)
    regex = _PASSIVE_OR_CUE.regex.ascii
    gaps = text[pos:end].encode("ascii").translate(_WORD_GAPS).decode("ascii")
    n = len(gaps)
    i = -1  # the gap before the next word (-1: the span starts a word unless it starts inside one)
    if pos > 0 and _WORD_GAPS[ord(text[pos - 1])] != _GAP:
        i = gaps.find(" ")
        if i < 0:
            return None
    while i + 1 < n:
        k = i + 1
        i = gaps.find(" ", k)
        if i < 0:
            i = n
        if i > k + 1 and _PASSIVE_OR_CUE_PAIRS[128 * ord(gaps[k]) + ord(gaps[k + 1])] \
                and gaps[k:i] in _PASSIVE_OR_CUE_WORDS and (m := regex.match(text, pos + k, end)):
            return m
    return None


def _cue_attribution(text: str, start: int, cue_at: int, cue_end: int) -> Attribution | None:
    """The attribution of the cue word text[cue_at:cue_end] to the subject before it (in
    text[start:cue_at]), or None when it has no speaker or is a noun."""
    cue = text[cue_at:cue_end]
    if cue in NOUN_CUES and _noun_use(text, start, cue_at, cue_end):
        return None
    speaker = _subject_before(text, start, cue_at)
    if speaker and cue.endswith("s") and counted(speaker.rsplit(None, 1)[-1].lower()) \
            and not speaker.rstrip(" 0123456789").endswith(":"):
        return None  # "Twenty-seven states led by", "captured two states": a plural noun
    if cue.endswith("ing") and not (speaker and is_upper(speaker[:1]) and _is_name(speaker)):
        speaker = _clause_subject(text, start, cue_at) or speaker
    if speaker is None:
        return None
    first = speaker.split()[0].lower()
    if first in _NON_SUBJECTS or not (
        is_upper(speaker[:1]) or first in _SUBJECT_PRONOUNS or _GROUP_SPEAKER.search(speaker)
    ):
        return None
    return Attribution(speaker, cue.lower(), cue_at - len(speaker) - 1, cue_end)


def transcript_speaker(text: str, start: int, end: int,
                       speakers: frozenset[str] = frozenset()) -> Attribution | None:
    """A transcript turn or a headline's speaker opening text[start:end]: `PENCE: Well, ...`, or
    a name in title case that speaks elsewhere in the document (`Trump: My plans aren't set in
    stone` … "Donald Trump says"; `Matthews: Here's the irony` opening two turns or more; its
    last word that of a speaker the learned attributions found, `speakers`, lower-cased, and never
    written lower-case: `Lynch: No outside influence` … "Attorney General Loretta Lynch is
    reaffirming", not `Poll: Trump leads` … "the poll found"); never an editorial
    or heading label (`NOTE:`, `Watch:`, `Editor's Note:`, `The Latest:`), nor a dateline or
    topic that merely recurs (`New Delhi: The government …`, `Brexit: …`)."""
    if (m := _TRANSCRIPT.match(text, start, end)) and m["np"].lower() not in _EDITORIAL_LABELS:
        return Attribution(_clean(m["np"].title()), ":", start, m.end("np") + 1)
    if (m := _NAMED_TURN.match(text, start, end)) is None:
        return None
    words = [w.lower().removesuffix("'s") for w in m["np"].split()]
    if words[0] in _HEADING_OPENERS or any(w in _EDITORIAL_LABELS for w in words) \
            or not ((words[-1] in speakers and not word_offsets(text, words[-1]))
                    or _speaks(text, m["np"])):
        return None
    return Attribution(_clean(m["np"]), ":", start, m.end("np") + 1)


@functools.lru_cache(maxsize=16)  # documents are read one at a time: few texts kept alive
def _speaks(text: str, name: str) -> bool:
    """Whether the document has `name` open two turns or more ("Matthews: …" twice), or its last
    word right before or after a verb of saying ("Donald Trump says", "said Mr. Ryan"). Read once
    per document and name (cached: a transcript's turns ask again and again)."""
    if text.count("\n" + name + ":") + text.startswith(name + ":") >= 2:
        return True
    last = re.escape(name.split()[-1].removesuffix("'s"))
    return re.search(rf"\b{last}(?:'s)?,? (?:{_SAYING})\b|\b(?:{_SAYING}) (?:[A-Z][\w.'-]* ){{0,3}}"
                     rf"{last}\b", text) is not None


_SAYING: Final = "|".join(sorted(SAYING | {"tweeted", "stated"}))


def attribution_after_quote(text: str, start: int, end: int) -> Attribution | None:
    """Attribution right after a closing quote: `,' Peskov stated` / `,' said a source close to`."""
    span = text[start:end]
    if m := _CUE_THEN_SPEAKER.match(span):
        return Attribution(_clean(m["np"]), m["cue"], start + m.start("cue"), start + m.end())
    m = _SPEAKER_THEN_CUE.match(span)
    if m and len(m["np"].split()) <= 10:
        return Attribution(_clean(m["np"]), m["cue"], start + m.start("np"), start + m.end())
    return None


_LAST_WORD: Final = re.compile(r"\b(?P<cue>[a-z]+)$")
_LEADING_WITH: Final = re.compile(r"^with\s+", re.IGNORECASE)


def attribution_before_quote(text: str, start: int, end: int,
                             cues: frozenset[str] = CUES) -> Attribution | None:
    """Attribution introducing a quotation: `X said:` / `with X stating,` / `X added: "` (cues:
    the last words that may be its cue)."""
    span = text[start:end].rstrip(" ,:")
    m = _LAST_WORD.search(span)
    if not m or m["cue"] not in cues:
        return None
    cue_at = start + m.start()
    speaker = _subject_before(text, start, cue_at)
    if speaker:
        speaker = _LEADING_WITH.sub("", speaker)
    return Attribution(speaker, m["cue"], max(start, cue_at - len(speaker or "") - 1),
                       start + len(span))


def turn_before_quote(text: str, start: int, end: int) -> Attribution | None:
    """A speaker's turn introducing a quotation: text[start:end] is a name and a colon, nothing
    else ('Clinton: "Our goal is ..."', 'Republican pollster Daron Shaw: "Historically ..."',
    'Rep. Trey Gowdy (R-S.C.): "I have not ..."'): the last word before the colon (a
    parenthesis after it aside) is capitalised, the phrase is at most _TURN_WORDS words and no
    heading label ("Watch:", "Editor's Note:"). The speaker is the name after the phrase's last
    lower-case word ("pollster"), which the resolver would not take from it."""
    if (m := _TURN_BEFORE_QUOTE.fullmatch(text, start, end)) is None:
        return None
    parts = m["np"].split()
    words = [w.lower().removesuffix("'s") for w in parts]
    if len(words) > _TURN_WORDS or words[0] in _HEADING_OPENERS \
            or any(w in _EDITORIAL_LABELS for w in words):
        return None
    lower = [k for k, w in enumerate(parts) if is_lower(w[:1])]
    name = " ".join(parts[lower[-1] + 1:]) if lower else m["np"]  # "Republican pollster X": X
    return Attribution(_clean(name), ":", start + m.start("np"), start + m.end() - 1)


# A name and a colon before a quotation: capitalised words, lower-case role words and
# abbreviations between them, an optional parenthesis ("(R-S.C.)") before the colon.
_TURN_BEFORE_QUOTE: Final = re.compile(
    r"\s*(?P<np>(?:[A-Za-z][\w'.-]* )*[A-Z][\w'.-]*)(?: ?\([^()\n]{1,24}\))?:\s*[\"'“‘]?")
_TURN_WORDS: Final = 7


class SpeakerResolver:
    """Resolves short mentions to the full names and expansions seen in the same document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.acronyms: dict[str, str] = {}
        for paren in _ACRONYM_IN_PARENS.finditer(text):
            m = _DEFINED_ACRONYM.search(text, max(0, paren.start() - 90), paren.end())
            if not m:
                continue
            full = m[1].strip().rsplit(". ", 1)[-1]  # not across sentences
            letters = "".join(w[0] for w in full.split() if is_upper(w[0]))
            if m[2][0] in letters:
                self.acronyms[m[2]] = re.sub(r"^(?:The|A|An)\s+", "", full)
        self._names: list[str] | None = None
        self._resolved: dict[str | None, str | None] = {}

    @property
    def names(self) -> list[str]:
        """Full names (2-4 capitalised words: the name after a title, `person_words`) in the
        document, found on demand."""
        if self._names is None:
            self._names = []
            for name in _NAME.findall(self.text):
                words = name.split()
                if len(words) < 2:
                    continue
                words = person_words(words, _TITLES)
                if 2 <= len(words) <= 4 and not any(w.lower() in _ORG_WORDS for w in words):
                    self._names.append(" ".join(words))
        return self._names

    def resolve(self, speaker: str | None) -> str | None:
        """The fullest form of the speaker known in the document; None for a bare pronoun (the
        claim stays attributed: its cue is kept)."""
        if speaker not in self._resolved:
            self._resolved[speaker] = self._resolve(speaker)
        return self._resolved[speaker]

    def _resolve(self, speaker: str | None) -> str | None:
        if not speaker or speaker.lower() in _PRONOUNS:
            return None
        if speaker in self.acronyms:
            return self.acronyms[speaker]
        words = speaker.split()
        if any(w.lower() in _ORG_WORDS for w in words) or not is_upper(speaker[:1]):
            return speaker
        titles = [i for i, w in enumerate(words) if w.lower().strip(".,") in _TITLES]
        core = words[titles[-1] + 1:] if titles and titles[-1] < len(words) - 1 else words
        if not all(is_upper(w[:1]) for w in core):
            return speaker
        resolved = " ".join(core)
        if len(core) == 1:
            token = core[0].removesuffix("'s")
            resolved = next((n for n in self.names if token in (n.split()[0], n.split()[-1])
                             and len(n.split()) > 1), token)
        return resolved
