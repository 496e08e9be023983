"""Clauses: where English news packs several claims into one sentence (", while", ", with X doing",
", including", ", where", participle clauses, "; ", " — "), a sentence is cut into clauses."""

import re
from typing import Final

from tasks.text.patterns import Twin

# A clause break at a comma: matched only at the commas `_may_break` passes (see _comma_breaks).
_COMMA_BREAK: Final = Twin(
    r",['\"]?\s+(?=(?:while|whereas|where|including"
    r"|with\s+(?!the\s+help)\S+(?:\s+\S+){0,5}?\s+\w+(?:ing|ed)\b"
    r"|an?\s+[a-z]+(?:\s+[a-z]+)?\s+(?:that|which)\b"
    r"|(?:[a-z]+ing)\s+(?!to\b)))"
)
# The character codes `_may_break` reads: quotes, space, a, n, z, and the first letters of while,
# where, with and including.
_QUOTE: Final = ord('"')
_APOSTROPHE: Final = ord("'")
_SPACE: Final = ord(" ")
_A: Final = ord("a")
_N: Final = ord("n")
_Z: Final = ord("z")
_W: Final = ord("w")
_I: Final = ord("i")
# The breaks at ; and — (a dash break also takes the spaces before it: see _clause_breaks), only
# looked for in a span that holds one.
_OTHER_BREAK: Final = Twin(r";\s+|—\s*(?=[a-z])")
_CONJ: Final = "(?:and|but|or|while|with|including|which|who|where|as|from|to)"
_PARTICIPLE: Final = re.compile(r"[a-z]+ing\b")
_NEXT_WORD: Final = re.compile(r",\s+([a-z]+)\b")
_CONJUNCTION_OR_PARTICIPLE: Final = re.compile(rf"{_CONJ}|[a-z]+ing")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces and dangling punctuation (keeping a closing stop and a balanced quote)."""
    while start < end and (text[start].isspace() or text[start] in ",;:-—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-—"):
        end -= 1
    return start, end


def _clause_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause breaks in text[start:end] as (start, end): ", while", "; ", " — " (a dash with the
    spaces before it that no earlier break took)."""
    out = []
    taken = start
    for m in _break_matches(text, start, end):
        at = m.start()
        if text[at] == "—":
            while at > taken and text[at - 1].isspace():
                at -= 1
        taken = m.end()
        out.append((at, taken))
    return out


def _break_matches(text: str, start: int, end: int) -> list[re.Match]:
    """The breaks in text[start:end] in order: the same matches as one alternation of the comma's
    and the others' patterns, since a break holds one , ; or — and then only quotes and spaces (the
    matches of one pattern never hold where another's start). The others' pattern is only tried on
    a span that holds its sign."""
    found = _comma_breaks(text, start, end)
    if text.find(";", start, end) >= 0 or text.find("—", start, end) >= 0:
        found += _OTHER_BREAK.on(text).finditer(text, start, end)
        found.sort(key=_match_start)
    return found


def _comma_breaks(text: str, start: int, end: int) -> list[re.Match]:
    """The matches of _COMMA_BREAK in text[start:end], as its finditer finds them: each comma in
    turn, the regex matched only where `_may_break` passes (a match holds no other comma, so none
    hides one). Entering the regex at a comma costs ~2,000 instructions, its word branches tried
    one by one; a comma's next word read by hand costs a fraction, and few pass."""
    pattern = _COMMA_BREAK.on(text)
    out = []
    at = text.find(",", start, end)
    while at >= 0:
        if _may_break(text, at + 1, end) and (m := pattern.match(text, at, end)):
            out.append(m)
        at = text.find(",", at + 1, end)
    return out


def _may_break(text: str, at: int, end: int) -> bool:
    """Whether _COMMA_BREAK may match at the comma before offset `at` (before `end`): after an
    optional quote, spaces (one at least), then a word of a-z that starts with while, where,
    including or with, or is "a" or "an", or ends in "ing" after a letter at least, as each of its
    lookahead's branches needs. str.isspace holds for every \\s (for more in ASCII text, where
    no branch starts with what it adds), so no match is missed. Characters are read as
    `ord(text[i])`: compiled, a character code read in place, where `text[i]` makes a string."""
    if at < end and ord(text[at]) in (_QUOTE, _APOSTROPHE):
        at += 1
    i = at
    while i < end and (ord(text[i]) == _SPACE or text[i].isspace()):
        i += 1
    j = i
    while j < end and _A <= ord(text[j]) <= _Z:
        j += 1
    n = j - i
    if i == at or n == 0:
        return False
    if n > 3 and text[j - 3:j] == "ing":
        return True
    first = ord(text[i])
    if first == _A:
        return n == 1 or (n == 2 and ord(text[i + 1]) == _N)
    if first in (_W, _I):
        word = text[i:j]
        return word.startswith("while") or word.startswith("where") or word.startswith("with") \
            or word.startswith("including")
    return False


def _match_start(m: re.Match) -> int:
    return m.start()


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for at, after in _clause_breaks(text, start, end):
        left = text[cuts[-1]:at]
        right = text[after:end]
        if len(left.split(maxsplit=3)) < 4 or len(right.split(maxsplit=3)) < 4:
            continue
        if left.count('"') % 2:
            continue
        participle = _PARTICIPLE.match(right)
        next_word = participle and _NEXT_WORD.search(right)
        if next_word and not _CONJUNCTION_OR_PARTICIPLE.fullmatch(next_word[1]):
            continue  # an appositive: "deminers, operating under secrecy, continue ..."
        cuts.append(after)
    cuts.append(end)
    # by index: compiled, itertools.pairwise is a generic call and iterator (~1,300 instructions)
    return [trim(text, cuts[k - 1], cuts[k]) for k in range(1, len(cuts))]

