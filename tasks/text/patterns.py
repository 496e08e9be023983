"""Regex helpers shared by the text stages."""

import re
from collections.abc import Iterable
from typing import Final


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, factored as a trie: Python's regex engine tries a flat
    list of alternatives one by one at every position, a trie only the branch that matches."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(tree)


class Twin:
    r"""A regex compiled twice: with re.ASCII for ASCII text and as written for any other. In
    normalised text (tasks/extract/normalise.py: its only whitespace is " " and "\n") the two find
    the same matches when the text is ASCII, and Python's regex engine tests \w, \d, \s and \b by a
    table look-up instead of Unicode database calls: 12-30 % faster on news text. (In other ASCII
    text they differ on the separators \x1c-\x1f, which only Unicode \s matches.) `on(text)` picks
    one."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.ascii = re.compile(pattern, flags | re.ASCII)
        self.unicode = re.compile(pattern, flags)
        self._ascii_text = ""  # the last ASCII text asked about (`on`)

    def on(self, text: str) -> re.Pattern[str]:
        """The pattern to search text with. str.isascii takes constant time, but compiled it is
        a generic method call (~210 instructions), and most texts asked about are a document's
        text again, for each of its sentences: the last ASCII text is kept and known by
        identity. (One attribute, written whole: threads sharing a Twin never read one text's
        answer for another.)"""
        if text is self._ascii_text:
            return self.ascii
        if text.isascii():
            self._ascii_text = text
            return self.ascii
        return self.unicode


class WordLed:
    r"""A regex `\b...` whose every match starts with a word character, searched fast. Python's
    regex engine tests `\b` at every position, but skips ahead to the characters of a leading class;
    so the search runs for the non-word character before a match (a class of ASCII characters; any
    other character is checked to be non-word) and the match is then read with the regex itself.
    Same matches as the regex."""

    def __init__(self, pattern: str) -> None:
        if not pattern.startswith(r"\b"):
            raise ValueError(f"not led by a word boundary: {pattern!r}")
        self.regex = Twin(pattern)
        self._after_edge = Twin("[^0-9A-Za-z_]" + pattern[2:])

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """The first match in text[pos:endpos], as `re.Pattern.search` finds it."""
        end = len(text) if endpos is None else endpos
        regex = self.regex.on(text)
        if pos <= 0:
            if m := regex.match(text, 0, end):
                return m
            pos = 1
        at = pos - 1
        after_edge = self._after_edge.on(text)
        while m := after_edge.search(text, at, end):
            edge = m.start()
            ch = text[edge]
            if ch.isascii() or not (ch.isalnum() or ch == "_"):
                return regex.match(text, edge + 1, end)
            at = edge + 1  # a non-ASCII word character: no word starts after it
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[re.Match]:
        """All matches in text[pos:endpos], as `re.Pattern.finditer` finds them (a list: compiled,
        cheaper than a generator)."""
        out = []
        while m := self.search(text, pos, endpos):
            out.append(m)
            pos = m.end()
        return out


class Caseless:
    """A case-insensitive regex written in lower case. On ASCII text it runs case-sensitively over
    the lower-cased copy (exact there, and Python's regex engine is about twice as fast without
    IGNORECASE, and with ASCII classes: see Twin), as a `WordLed` search when it starts with a word;
    on other text with IGNORECASE."""

    def __init__(self, pattern: str) -> None:
        self.lower = WordLed(pattern) if pattern.startswith(r"\b") \
            else re.compile(pattern, re.ASCII)  # only ever searched in ASCII text
        self.any_case = re.compile(pattern, re.IGNORECASE)

    def search(
        self, text: str, lowered: str | None, pos: int = 0, endpos: int | None = None
    ) -> re.Match | None:
        """Search text[pos:endpos]; `lowered` is text.lower() when text is ASCII, else None. A
        match found in `lowered` has its lower-cased groups."""
        end = len(text) if endpos is None else endpos
        if lowered is None:
            return self.any_case.search(text, pos, end)
        return self.lower.search(lowered, pos, end)

    def finditer(self, text: str, lowered: str | None, pos: int = 0) -> Iterable[re.Match]:
        """All matches in text[pos:], as `search` finds them."""
        if lowered is None:
            return self.any_case.finditer(text, pos)
        return self.lower.finditer(lowered, pos)


def lowered_ascii(text: str) -> str | None:
    """text.lower() when text is ASCII (the lowered copy `Caseless.search` takes), else None."""
    return text.lower() if text.isascii() else None


# Every ASCII digit as "0", other bytes as they are (bytes.translate: one pass in C).
_ZEROED: Final = bytes(ord("0") if c in b"0123456789" else c for c in range(256))


def zeroed_ascii(text: str) -> str | None:
    """The text with each digit written "0" when it is ASCII, else None: a digit is then found by
    str.find("0"), a fast scan, where a regex tests a class at every character."""
    return text.encode("ascii").translate(_ZEROED).decode("ascii") if text.isascii() else None
