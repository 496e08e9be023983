"""Regex helpers shared by the text stages."""

import re
from collections.abc import Iterable, Iterator


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


class Caseless:
    """A case-insensitive regex written in lower case. On ASCII text it runs case-sensitively over
    the lower-cased copy (exact there, and Python's regex engine is about twice as fast without
    IGNORECASE); on other text with IGNORECASE."""

    def __init__(self, pattern: str) -> None:
        self.lower = re.compile(pattern)
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

    def finditer(self, text: str, lowered: str | None) -> Iterator[re.Match]:
        """All matches in text, as `search` finds them."""
        if lowered is None:
            return self.any_case.finditer(text)
        return self.lower.finditer(lowered)


def lowered_ascii(text: str) -> str | None:
    """text.lower() when text is ASCII (the lowered copy `Caseless.search` takes), else None."""
    return text.lower() if text.isascii() else None
