"""Clauses: where English news packs several claims into one sentence (", while", ", with X doing",
", including", ", where", participle clauses, "; ", " — "), a sentence is cut into clauses."""

import re
from typing import Final

from tasks.text.patterns import Twin

# A clause break at a comma, led by the comma: the regex engine skips ahead to a literal first
# character with a fast scan, but tests every character against a leading class (", ; —" cost
# several times more).
_COMMA_BREAK: Final = Twin(
    r",['\"]?\s+(?=(?:while|whereas|where|including"
    r"|with\s+(?!the\s+help)\S+(?:\s+\S+){0,5}?\s+\w+(?:ing|ed)\b"
    r"|an?\s+[a-z]+(?:\s+[a-z]+)?\s+(?:that|which)\b"
    r"|(?:[a-z]+ing)\s+(?!to\b)))"
)
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
    matches of one pattern never hold where another's start). Each pattern is only tried on a span
    that holds its sign."""
    found = list(_COMMA_BREAK.on(text).finditer(text, start, end)) \
        if text.find(",", start, end) >= 0 else []  # (nearly half the spans hold no comma)
    if text.find(";", start, end) >= 0 or text.find("—", start, end) >= 0:
        found += _OTHER_BREAK.on(text).finditer(text, start, end)
        found.sort(key=_match_start)
    return found


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

