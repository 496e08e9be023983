"""Figures: numbers a claim states, normalised (6,000 → 6000; 12 million → 12000000; ranges)."""

import re
from typing import Any, Final

from tasks.text.chars import is_alpha, is_ascii_letter
from tasks.text.lexicon import VAGUE_COUNTS
from tasks.text.patterns import Twin, alternation, lowered_ascii, zeroed_ascii

_SCALES: Final = {
    "thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9,
    "trillion": 1e12, "trln": 1e12,
}
_WORD_NUMBERS: Final = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100,
}
_FRACTIONS: Final = {
    "half": 0.5, "one-third": 1 / 3, "two-thirds": 2 / 3, "one-quarter": 0.25, "a quarter": 0.25,
    "three-quarters": 0.75,
}
_NUM: Final = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# In a figure, the number's runs of digits and groups and the runs of spaces are possessive (++,
# *+): what follows each is optional or starts with a character the run cannot take, so the regex
# engine's first way through is the match, and it keeps no place to backtrack to (the same matches
# and groups, in fewer steps).
_FIGURE_NUM: Final = r"\d{1,3}(?:,\d{3})++(?:\.\d+)?|\d++(?:\.\d+)?"
_SCALE: Final = r"(?:\s*+(?:thousand|million|mln|billion|bln|bn|trillion|trln)\b|(?<=\d)[mb]n?\b)?"
# Written in lower case: matched case-sensitively in lower-cased ASCII text (faster than
# IGNORECASE; the groups read are lower-cased before use), with IGNORECASE in other text.
_FIGURE_PATTERN: Final = (
    rf"(?:(?P<cur>[$£€¥])\s?)?(?P<low>{_FIGURE_NUM})(?P<lscale>{_SCALE})"
    rf"(?:\s*+(?:-|to)\s*+[$£€¥]?(?P<high>{_FIGURE_NUM})(?P<hscale>{_SCALE}))?"
    rf"(?P<pct>\s*+(?:%|pct\b|percent\b|per cent\b))?"
    rf"|(?P<word>\b{alternation(_WORD_NUMBERS)}\b)(?=\s+[a-z])"
    rf"|(?P<vague>\b{alternation(VAGUE_COUNTS)}\b)(?=\s+of\b)"
    rf"|(?P<frac>\b{alternation(_FRACTIONS)}\b)"
)
# A match's groups as Match.groups() gives them, by position (cheaper than by name): cur, low,
# lscale, high, hscale, pct, word, vague, frac (None where a group took no part: typed `str | Any`
# as the re stubs type a group).
_Groups = tuple[str | Any, ...]
_FIGURE_LOWER: Final = re.compile(_FIGURE_PATTERN, re.ASCII)  # only in ASCII text (Twin)
_FIGURE: Final = re.compile(_FIGURE_PATTERN, re.IGNORECASE)
# Where a figure can start: a currency sign, a digit that follows no digit, point or comma, or a
# number word (sought case-sensitively in lower-cased ASCII text: faster than IGNORECASE).
_NUMBER_START: Final = re.compile(r"[$£€¥\d](?<![.,\d]\d)")  # in text that is not ASCII
_NUMBER_WORD_LIST: Final = [*_WORD_NUMBERS, *VAGUE_COUNTS, *_FRACTIONS]
_NUMBER_WORDS: Final = r"\b" + alternation(_NUMBER_WORD_LIST) + r"\b"
_NUMBER_WORD: Final = re.compile(_NUMBER_WORDS, re.ASCII)  # in lower-cased ASCII text
_NUMBER_WORD_ANY_CASE: Final = re.compile(_NUMBER_WORDS, re.IGNORECASE)
# ASCII text is searched in copies where a start is a literal, found by a fast scan where a
# leading class ([$\d], a word's edge [^0-9A-Za-z_]) tests each character (several times slower):
# the text with its digits written "0" (searched with str.find, cheaper than a regex's matches),
# and the lower-cased text with its characters other than letters, digits and _ written " "
# (bytes.translate, one pass in C; searched with a regex led by " ").
_SPACED: Final = bytes(c if c > 127 or chr(c).isalnum() or c == ord("_") else ord(" ")
                       for c in range(256))
# A number word so written after a space, the space and the word taken (so the regex engine does
# not enter a lookahead at every space): a number word may start after the space.
_NUMBER_WORD_AFTER_SPACE: Final = re.compile(
    " (?:" + alternation(re.sub("[^a-z]", " ", w) for w in _NUMBER_WORD_LIST) + ")(?= |$)")
# Longest first, so "just over" wins over "over".
_QUALIFIERS: Final = tuple(sorted((
    "more than", "less than", "fewer than", "at least", "at most", "up to", "as many as",
    "as much as", "nearly", "almost", "about", "around", "approximately", "roughly", "some",
    "over", "under", "estimated", "just over", "just under", "an estimated", "below", "above",
    "close to"), key=len, reverse=True))
# The last word of each (a hedge follows no letter or digit, so the text's last word is it).
_QUALIFIER_ENDS: Final = frozenset(q.rsplit(" ", 1)[-1] for q in _QUALIFIERS)
_UNIT_STOP: Final = frozenset(
    "to in of for from with by at on are is were was have has had will would could may might "
    "that which who and or as than since after before into per a an the this these their its "
    "already also now against sent said were died killed".split()
)
_DEFINITE: Final = Twin(
    r"\b(?:the|these|those|both|all|their|its|our|his|her|my|your|first|last|other)\s+$", re.I
)
# A date or time (2025-11-17, 10:30, 11/17/25) starting at a digit that follows no word character
# (written digit-first so the regex engine can skip to digits).
_DATE_OR_TIME_PATTERN: Final = r"\d(?<!\w\d)(?:\d{3}-\d\d-\d\d|\d?[:/]\d\d(?:[:/]\d{2,4})?)\b"
_DATE_OR_TIME: Final = Twin(_DATE_OR_TIME_PATTERN)  # in text that is not ASCII
# The same in ASCII text's zeroed copy (its digits written "0"): led by a literal, which the regex
# engine skips to by a fast scan, where it tests \d at every character.
_ZEROED_DATE_OR_TIME: Final = re.compile(_DATE_OR_TIME_PATTERN.replace(r"\d", "0"), re.ASCII)
_MONTH: Final = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$",
                          re.IGNORECASE)  # in text that is not ASCII (else _after_month)
# The months' abbreviations, all of three letters: a word holds one where one of its three-letter
# runs is one (a set look-up each, not a search of the word for each month).
_MONTHS: Final = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())


class FoundFigure:
    """A figure found in text: offsets are into the text searched. (A class with its __init__
    written out: a NamedTuple's generated __new__ runs interpreted even compiled.)"""

    def __init__(self, value: float, value_high: float | None, unit: str | None,
                 qualifier: str | None, start: int, end: int) -> None:
        self.value = value
        self.value_high = value_high
        self.unit = unit
        self.qualifier = qualifier
        self.start = start
        self.end = end





def _number(text: str, scale: str | None) -> float:
    value = float(text.replace(",", ""))
    word = (scale or "").strip().lower()
    return value * _SCALES.get(word, 1.0)


def _token(after: str, at: int, ascii: bool) -> tuple[str, int] | None:
    r"""The next token in after[at:80] and where it ends, as `\s*([A-Za-z][A-Za-z'-]*|[^\sA-Za-z])`
    matches it (a word, or a single sign, after any spaces; \s as a Twin reads it: ASCII
    whitespace, " \t\n\v\f\r", in ASCII text, else what str.isspace holds for), or None. Read by
    character: a regex match costs more than the few characters of a token; by character code
    (compiled, `ord` reads a character in place, no string made, where a set look-up takes one)."""
    stop = min(80, len(after))
    while at < stop and (((c := ord(after[at])) == 32 or 9 <= c <= 13) if ascii
                         else after[at].isspace()):
        at += 1
    if at >= stop:
        return None
    if not is_ascii_letter(ord(after[at])):
        return after[at], at + 1
    end = at + 1
    while end < stop and (is_ascii_letter(c := ord(after[end])) or c == 39 or c == 45):  # ' or -
        end += 1
    return after[at:end], end


def _unit(after: str) -> str | None:
    """The counted noun written after a number: up to four words before a stop word or sign (in
    the first 80 characters). The tokens are read one at a time: the noun is mostly one word, and
    the tokens after the first stop are never read."""
    words: list[str] = []
    ascii = after.isascii()
    at = 0
    while len(words) < 4 and (token := _token(after, at, ascii)) is not None:
        word, end = token
        if not is_alpha(word[0]) or word.lower() in _UNIT_STOP:
            break
        words.append(word)
        at = end
    if words and words[0].lower() == "of" and len(words) == 1:
        return None
    return " ".join(words) or None


_NOUN_BEFORE: Final = re.compile(
    r"([A-Za-z]+)\s+(?:are|were|is|was|stood at|reached|totall?ed|numbered|exceeded|topped|"
    r"hit|of)\s+(?:(?:more than|less than|over|about|around|nearly|almost|at least|some|"
    r"just)\s+)?$"
)
# The last word of any text _NOUN_BEFORE matches (checked first: most numbers follow none).
_NOUN_BEFORE_LAST: Final = frozenset(
    "are were is was at reached totaled totalled numbered exceeded topped hit of than over about "
    "around nearly almost least some just".split()
)


def _qualifier(before: str) -> str | None:
    """The hedge written right before a number: "more than", "over", "estimated"... Only tried
    when the text's last word is one a hedge ends with (a set look-up, where str.endswith with the
    tuple of hedges compares each)."""
    words = before.rstrip().lower()
    i = len(words)  # the last word, its run of lower-case ASCII letters, read by character code
    while i > 0 and 97 <= ord(words[i - 1]) <= 122:
        i -= 1
    if words[i:] not in _QUALIFIER_ENDS:
        return None
    for q in _QUALIFIERS:
        if words.endswith(q) and (len(words) == len(q) or not words[-len(q) - 1].isalnum()):
            return q
    return None


def _unit_before(before: str) -> str | None:
    """The counted noun written before the number: "their losses are more than 4,000". A match
    of _NOUN_BEFORE ends the window with at most four words after its noun (a verb and a hedge of
    two words each), so the search starts at the fifth word from the end."""
    window = before[-60:]
    last = window.rsplit(None, 1)[-1:]
    if not window[-1:].isspace() or not last or last[0] not in _NOUN_BEFORE_LAST:
        return None
    words = window.rsplit(None, 5)
    m = _NOUN_BEFORE.search(window, len(words[0]) if len(words) == 6 else 0)
    return m[1] if m and m[1].lower() not in _UNIT_STOP else None


_OF_TOTAL: Final = Twin(rf"\s+of\s+({_NUM})\b")
_ORDINAL_SUFFIXES: Final = ("st", "nd", "rd", "th")
_ORDINAL: Final = Twin(rf"\s*(?:{'|'.join(_ORDINAL_SUFFIXES)})\b")


def _is_year_or_date(text: str, lowered: str | None, groups: _Groups, at: int, stop: int) -> bool:
    """Whether the number matched at text[at:stop] (its groups: `_Groups`) is a year (four digits
    from 1800 to 2099, no currency, scale or percent), or a date: an ordinal or after a month."""
    cur, low, lscale, _, _, pct, _, _, _ = groups
    plain_year = len(low) == 4 and low[:2] in ("18", "19", "20")
    if plain_year and not cur and not lscale and not pct:
        return True
    return _ordinal_after(text, stop) or _after_month(text, lowered, max(0, at - 12), at)


def _after_month(text: str, lowered: str | None, start: int, end: int) -> bool:
    """Whether text[start:end] ends in a word holding a month's abbreviation, then an optional
    full stop and spaces ("on Jan", "Sept. ": where _MONTH matches). In ASCII text, read from the
    end by character code (`lowered`: text.lower(); compiled, `ord` reads a character in place, no
    string made, where str.rstrip with characters looks each one up), where a regex search tries
    every position."""
    if lowered is None:
        return _MONTH.search(text, start, end) is not None
    i = end  # past the word: before the spaces (what str.rstrip strips) and one full stop
    while i > start and ((c := ord(lowered[i - 1])) == 32 or 9 <= c <= 13):
        i -= 1
    if i > start and lowered[i - 1] == ".":
        i -= 1
    j = i  # the word's start: its run of lower-case ASCII letters
    while j > start and 97 <= ord(lowered[j - 1]) <= 122:
        j -= 1
    return any(lowered[k:k + 3] in _MONTHS for k in range(j, i - 2))


def _of_total(text: str, at: int, end: int) -> re.Match | None:
    """The total the number before `at` is a part of ("5 of 12"), as _OF_TOTAL matches it at `at`
    (within 80 characters, before `end`). The regex is only tried where "of" follows the spaces:
    most numbers are followed by none."""
    i = _after_spaces(text, at, end)
    if i == at or not text.startswith("of", i):
        return None
    return _OF_TOTAL.on(text).match(text, at, min(end, at + 80))


def _after_spaces(text: str, at: int, end: int) -> int:
    """The offset of the first character at or after `at` (before `end`) that is no space
    (str.isspace holds for every \\s: the patterns tried after it start with \\s*)."""
    while at < end and text[at].isspace():
        at += 1
    return at


def _ordinal_after(text: str, at: int) -> bool:
    """Whether an ordinal suffix follows the number ("1st", "2 nd"). The regex is only tried where
    one follows the spaces: most numbers are followed by none."""
    i = _after_spaces(text, at, len(text))
    return text[i:i + 2] in _ORDINAL_SUFFIXES and bool(_ORDINAL.on(text).match(text, at))


def _figure_starts(text: str, lowered: str | None, zeroed: str | None, start: int, end: int
                   ) -> list[int]:
    """Offsets where a figure can start, in order: a currency sign, a digit that follows no digit,
    point or comma, or a number word (`lowered` and `zeroed` are text.lower() and the text with
    its digits as "0" for ASCII text, else None)."""
    if lowered is None or zeroed is None:
        starts = [m.start() for m in _NUMBER_START.finditer(text, start, end)]
        starts.extend(m.start() for m in _NUMBER_WORD_ANY_CASE.finditer(text, start, end))
    else:
        starts = []
        at = zeroed.find("0", start, end)
        while at >= 0:  # a digit that follows no digit, point or comma
            if at == 0 or zeroed[at - 1] not in ".,0":
                starts.append(at)
            at = zeroed.find("0", at + 1, end)
        at = text.find("$", start, end)
        while at >= 0:
            starts.append(at)
            at = text.find("$", at + 1, end)
        starts += _number_words(lowered, start, end)
    starts.sort()
    return starts


def _number_words(lowered: str, start: int, end: int) -> list[int]:
    """Where number words start in lowered[start:end], as _NUMBER_WORD.finditer finds them: each
    is matched only where the spaced copy has one after a space (or at the start), as every match
    has (a word's edge is a space there, and its other characters are the match's own)."""
    spaced = lowered.encode("ascii").translate(_SPACED).decode("ascii")
    at = [0] if start == 0 else []
    at += [m.start() + 1 for m in _NUMBER_WORD_AFTER_SPACE.finditer(spaced, max(0, start - 1), end)]
    out: list[int] = []
    taken = start
    for i in at:
        if i >= taken and (m := _NUMBER_WORD.match(lowered, i, end)):
            out.append(i)
            taken = m.end()
    return out


def _may_hold_date(zeroed: str | None, start: int, end: int) -> bool:
    """Whether text[start:end] may hold a date or time (_DATE_OR_TIME): a digit before : or /, or
    one on each side of a hyphen (`zeroed`: the ASCII text with its digits as "0"; None for other
    text, which may)."""
    return zeroed is None or zeroed.find("0:", start, end) >= 0 \
        or zeroed.find("0/", start, end) >= 0 or zeroed.find("0-0", start, end) >= 0


def find_figures(
    text: str, start: int = 0, end: int | None = None, within: list[tuple[int, int]] | None = None,
    copies: tuple[str | None, str | None] | None = None
) -> list[FoundFigure]:
    """Figures in text[start:end], with value, range, unit and qualifier. With `within` (sorted
    spans that do not overlap), only the figures starting inside one are read and returned; the
    others are still matched, so that the figures after them are the same as in a full scan.
    `copies`: the text's lowered_ascii and zeroed_ascii, when the caller has them (else made
    here)."""
    end = len(text) if end is None else end
    lowered, zeroed = copies or (lowered_ascii(text), zeroed_ascii(text))
    in_date: set[int] = set()
    if _may_hold_date(zeroed, start, end):
        dates = _DATE_OR_TIME.on(text).finditer(text, start, end) if zeroed is None \
            else _ZEROED_DATE_OR_TIME.finditer(zeroed, start, end)
        for d in dates:
            in_date.update(range(*d.span()))
    spans = iter(within if within is not None else [(start, end)])
    span = next(spans, None)
    found: list[FoundFigure] = []
    skip_until = start
    searched, pattern = (text, _FIGURE) if lowered is None else (lowered, _FIGURE_LOWER)
    for at in _figure_starts(text, lowered, zeroed, start, end):
        if at < skip_until or at in in_date:
            continue
        m = pattern.match(searched, at, end)
        if m is None:
            continue
        stop = skip_until = m.end()
        groups = m.groups()
        of_total = None
        if groups[1] is not None:  # low: a number
            if (at > 0 and is_alpha(text[at - 1])) or _is_year_or_date(
                    text, lowered, groups, at, stop):
                continue
            if of_total := _of_total(text, skip_until, end):
                skip_until = of_total.end()
        while span is not None and span[1] <= at:
            span = next(spans, None)
        if span is not None and span[0] <= at and (
                figure := _read(text, groups, at, stop, start, end, of_total)):
            found.append(figure)
    return found


def _read(text: str, groups: _Groups, at: int, stop: int, start: int, end: int,
          of_total: re.Match | None) -> FoundFigure | None:
    """The figure a match of _FIGURE at text[at:stop] states (its groups: `_Groups`), or None
    when it counts nothing ("the two nations", a number word before no noun)."""
    cur, low, lscale, high_text, hscale, pct, word, vague, frac = groups
    after = text[stop:min(end, stop + 80)]
    if low is not None:
        value = _number(low, lscale or hscale)
        high = _number(high_text, hscale or lscale) if high_text else None
        unit = "%" if pct else (cur or None)
        if unit is None:
            unit = _unit(after) or _unit_before(text[max(start, at - 60):at])
        elif unit != "%":
            unit = f"{unit} " + (_unit(after) or "")
            unit = unit.strip()
    elif word:
        if _DEFINITE.on(text).search(text[max(start, at - 12):at]):
            return None  # "the two nations": a reference, not a count
        value, high, unit = float(_WORD_NUMBERS[word.lower()]), None, None
        unit = _unit(after)
        if unit is None:
            return None
    elif vague:
        value, high = VAGUE_COUNTS[vague.lower()], None
        unit = _unit(after[3:])
    else:
        value, high, unit = _FRACTIONS[frac.lower()], None, "share"
    if of_total:
        unit = f"of {of_total[1]} " + (_unit(text[of_total.end():min(end, stop + 80)]) or "")
        unit = unit.strip()
    qual = _qualifier(text[max(start, at - 20):at])
    if qual is None and vague:
        qual = vague.lower()
    return FoundFigure(value, high, unit, qual, at, stop)
