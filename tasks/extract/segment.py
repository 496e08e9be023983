"""Segment: blocks (title, headings, bullets, paragraphs), sentences and quotations.

Rules for English news: a blank line, a bullet or an unpunctuated short line ends a block; a single
line break is a space (hard-wrapped wire copy and "a U.S.\\nState Department" alike). Sentences end
at . ! ? unless the word before is an abbreviation, an initial, or an acronym followed by a word
that does not start sentences ("U.S. State" continues; "the U.S. The company" ends).
"""

import re
from collections.abc import Iterator
from string import ascii_letters
from typing import Final, NamedTuple

from tasks.text.chars import is_alpha, is_decimal, is_lower
from tasks.text.patterns import Twin

# Abbreviations that never end a sentence (titles, e.g., months before a day).
_NEVER_FINAL: Final = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cmdr sgt cpl adm gov sen rep reps sens rev fr st mt "
    "ft no nos vs v cf e.g i.e approx dept est fig figs jan feb mar apr jun jul aug sep sept oct "
    "nov dec pres supt insp det gens messrs hon sec gen.".split()
)
# Abbreviations that may end a sentence: they do when a sentence starter follows.
_MAYBE_FINAL: Final = frozenset("inc corp co ltd llc plc bros etc jr sr a.m p.m".split())
_STARTERS: Final = frozenset(
    "the a an he she it they we i in on at for as after before but and or so this that these those "
    "there here his her its their our my your some many most all no not one two if when while "
    "however meanwhile still yet also other another officials analysts according what who why how "
    "since during despite".split()
)
# One mark, then more: a pattern led by a plain class is searched by skipping to that class (the
# regex engine reads "[.!?]+" as a repeat and tries every position: twice as slow).
_CANDIDATE: Final = Twin(r"[.!?][.!?]*[\"')\]]*(?=\s)")
# The same where no ! or ? is: led by a literal, which the regex engine skips to by a fast scan
# (several times faster than testing each character against a class).
_DOT_CANDIDATE: Final = Twin(r"\.[.!?]*[\"')\]]*(?=\s)")
# The characters of the word before a full stop (letters and inner dots: "U.S", "Mr"; _word_before).
_WORD_CHARACTERS: Final = ascii_letters + "."
_BULLET: Final = re.compile(r"[ \t]*(?:•|\*|-(?=\s)|\d{1,2}[.)](?=\s))[ \t]*")
_TERMINAL_MARKS: Final = frozenset(".!?:;\"')]")
_FOLLOWING: Final = Twin(r"\s*(\S)")
_NEXT_WORD: Final = re.compile(r"[\"'(]*([A-Za-z]+)")
_ACRONYM: Final = re.compile(r"(?:[a-z]\.)+[a-z]")


class Block:
    """A run of text between hard breaks: [start, end) and its kind (title, heading, bullet or
    text). (A class with its __init__ written out, like Sentence.)"""

    def __init__(self, start: int, end: int, kind: str) -> None:
        self.start = start
        self.end = end
        self.kind = kind


class Sentence:
    """One sentence: its number (0-based, in document order), [start, end) in the text, its block
    and the block's kind. (A class with its __init__ written out, like candidates.Candidate.)"""

    def __init__(self, number: int, start: int, end: int, block: int, kind: str) -> None:
        self.number = number
        self.start = start
        self.end = end
        self.block = block
        self.kind = kind


class Quote(NamedTuple):
    """A quotation: [start, end) of its content, inside the marks."""

    start: int
    end: int


def _terminal(line: str) -> bool:
    """Whether the line ends (but for spaces) with closing punctuation: . ! ? : ; " ' ) ]."""
    end = line.rstrip()
    return bool(end) and end[-1] in _TERMINAL_MARKS


def _last_char(text: str, end: int) -> str:
    """The last non-space character of text[:end] ("" if none)."""
    while end and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end else ""


def _is_wrapped(text: str) -> bool:
    """True for hard-wrapped copy: many line breaks fall inside sentences (after a letter or a
    comma, before a lower-case letter). A break is a line break and the blank space up to the next
    line's content (none when only blank space follows): found with str.find, a fast scan, where
    a regex's iterator made a match object of each."""
    breaks = inside = 0
    n = len(text)
    at = text.find("\n")
    while at >= 0:
        after = at + 1
        while after < n and text[after].isspace():
            after += 1
        if after == n:
            break
        breaks += 1
        if is_lower(text[after]):
            before = _last_char(text, at)
            inside += before == "," or is_alpha(before)
        at = text.find("\n", after)
    return breaks >= 4 and inside >= 0.25 * breaks


def blocks(text: str) -> list[Block]:
    """Blocks of text, split at blank lines, bullets, indents (wire copy) and unpunctuated lines."""
    wrapped = _is_wrapped(text)
    out: list[tuple[int, int, str]] = []
    block_start = block_end = -1  # the open block's first line start and last line end
    terminal = False  # whether the open block's last line ends with closing punctuation

    def close() -> None:
        nonlocal block_start
        if block_start >= 0:
            out.append((block_start, block_end, "text"))
            block_start = -1

    end = -1
    for line in text.split("\n"):
        start, end = end + 1, end + 1 + len(line)
        content = line.strip()
        if not content:
            close()
            continue
        first = content[0]
        bullet = (first in "•*-" or is_decimal(first)) and _BULLET.match(line)
        if bullet and bullet.end() < len(line):
            close()
            out.append((start + bullet.end(), end, "bullet"))
            continue
        if block_start >= 0:
            indented = line[:2].isspace() and terminal
            unfinished = not terminal and not is_lower(first)
            if indented if wrapped else unfinished:
                close()
        if block_start < 0:
            block_start = start
        block_end, terminal = end, content[-1] in _TERMINAL_MARKS  # _terminal(line)
    close()
    return _trimmed(out, text)


def _trimmed(found: list[tuple[int, int, str]], text: str) -> list[Block]:
    """The non-blank blocks without their surrounding spaces; a short unpunctuated one-line block
    is the title (first) or a heading."""
    out: list[Block] = []
    for start, end, kind in found:
        chunk = text[start:end]
        inner = chunk.strip()
        if not inner:
            continue
        first = start + len(chunk) - len(chunk.lstrip())
        short = kind != "bullet" and "\n" not in inner and not _terminal(inner)
        if short and len(inner.split()) <= 30:
            kind = "heading" if out else "title"
        out.append(Block(first, first + len(inner), kind))
    return out


def _ends_sentence(text: str, dot_at: int, next_at: int) -> bool:
    """Whether the . ! ? run ending at next_at (before whitespace) closes a sentence."""
    following = _FOLLOWING.on(text).match(text, next_at)
    if not following:
        return True
    first = following[1]
    if first.islower() or first in ",;:-":
        return False
    if text[dot_at] != ".":
        return True
    word = _word_before(text, dot_at)
    if not word:
        return True
    token = word.lower()
    next_word = _NEXT_WORD.match(text, following.start(1))
    starter = next_word is not None and next_word[1].lower() in _STARTERS
    if token in _NEVER_FINAL:
        return False
    if len(token) == 1 and word.isupper():
        return False  # an initial: "J. Smith"
    if token in _MAYBE_FINAL or _ACRONYM.fullmatch(token):
        return starter or first in "\"'"
    return True


def _word_before(text: str, dot_at: int) -> str:
    """The word right before the full stop at dot_at, within the 30 characters before it: the
    letters and dots before it from the first letter ("U.S", "Mr"; "" when none). The regex
    `([A-Za-z][A-Za-z.]*)\\.$` searched there finds the same, trying every position."""
    before = text[max(0, dot_at - 30):dot_at]
    return before[len(before.rstrip(_WORD_CHARACTERS)):].lstrip(".")


def sentences(text: str, block_list: list[Block] | None = None) -> list[Sentence]:
    """Sentences of the text, in order, with their block's kind."""
    out: list[Sentence] = []
    for block_index, block in enumerate(block_list if block_list is not None else blocks(text)):
        start = block.start
        for m in _candidates(text, block.start, block.end):
            end = m.end()
            if end > start and _ends_sentence(text, m.start(), end):
                _add(out, text, start, end, block_index, block.kind)
                start = end
        _add(out, text, start, block.end, block_index, block.kind)
    return out


def _candidates(text: str, start: int, end: int) -> Iterator[re.Match]:
    """The runs of . ! ? in text[start:end] that may end a sentence."""
    plain = text.find("!", start, end) < 0 and text.find("?", start, end) < 0
    return (_DOT_CANDIDATE if plain else _CANDIDATE).on(text).finditer(text, start, end)


def _add(out: list[Sentence], text: str, start: int, end: int, block: int, kind: str) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    start, end = start + lead, start + len(chunk.rstrip())
    if end > start:
        out.append(Sentence(len(out), start, end, block, kind))


_OPEN_CONTEXT: Final = frozenset(" \n([{—-:,;")


def quotes(text: str, start: int, end: int) -> list[Quote]:
    """Quotations in text[start:end], paired; apostrophes are told from single quotes by context,
    and two single quotes in a row are one double quote (''like this'', as in archive copy)."""
    if text.find('"', start, end) < 0 and text.find("'", start, end) < 0:
        return []
    found: list[Quote] = []
    open_at: dict[str, int] = {}
    paired = -1  # the second mark of a doubled single quote, read with the first
    for i in _quote_marks(text, start, end):
        if i == paired:
            continue
        ch, width = text[i], 1
        if ch == "'" and i + 1 < end and text[i + 1] == "'" and not (
                i + 2 < end and text[i + 2] == "'"
                and (i + 3 >= end or not text[i + 3].isalnum())):  # closing: ' then two
            ch, width, paired = '"', 2, i + 1  # ''like this'' (archive copy): a double quote
        before = text[i - 1] if i > start else " "
        after = text[i + width] if i + width < end else " "
        if ch == "'" and before.isalnum() and after.isalnum():
            continue  # apostrophe: Russia's, don't
        can_open = (before in _OPEN_CONTEXT or before in "\"'") and not after.isspace()
        can_close = not before.isspace() and (after.isspace() or not after.isalnum())
        if ch in open_at and can_close:
            q_start = open_at.pop(ch)
            if i > q_start:
                found.append(Quote(q_start, i))
        elif can_open and ch not in open_at:
            open_at[ch] = i + width
    return sorted(found, key=lambda q: q.start)


def _quote_marks(text: str, start: int, end: int) -> list[int]:
    """The offsets of the " and ' marks in text[start:end], in order: two str.find scans merged,
    where a regex's iterator made a match object of each mark."""
    marks = []
    for mark in "\"'":
        at = text.find(mark, start, end)
        while at >= 0:
            marks.append(at)
            at = text.find(mark, at + 1, end)
    marks.sort()
    return marks
