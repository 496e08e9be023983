"""Context: what the extractor knows about one document while it reads it."""

import re
from typing import Final

from tasks.extract.attribution import SpeakerResolver
from tasks.extract.clauses import clauses
from tasks.extract.normalise import NormalisedText
from tasks.text.chars import is_upper
from tasks.text.patterns import lowered_ascii, zeroed_ascii

_DIGIT: Final = re.compile(r"\d")  # in text that is not ASCII (zeroed_ascii in other text)
_WORD: Final = re.compile(r"[A-Za-z][A-Za-z'-]*")
# What may stand before the space before a capitalised word inside a sentence, and the characters
# of a capitalised word (`proper`).
_INSIDE: Final = frozenset("abcdefghijklmnopqrstuvwxyz,;")
_PROPER_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'-")


class DocumentContext:
    """What the extractor knows about one document."""

    def __init__(self, norm: NormalisedText) -> None:
        self.text = norm.text
        self.lowered = lowered_ascii(norm.text)
        self.zeroed = zeroed_ascii(norm.text)  # digits as "0" (ASCII text; else None)
        self.resolver = SpeakerResolver(norm.text)
        self._proper: dict[str, bool] = {}
        self._named: dict[tuple[int, int], bool] = {}
        self._clauses: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def proper(self, word: str) -> bool:
        """Whether a capitalised word of two letters or more (ASCII letters, ' and -) stands in the
        document inside a sentence: whole, after a lower-case word, comma or semicolon and a
        space (kept per word). Its occurrences after a space are read with str.find: the regex
        that found every such word in the document tested each of its characters, for the one
        word a sentence's first asks about."""
        if len(word) < 2:
            return False
        if word not in self._proper:
            text, spaced = self.text, " " + word
            at = text.find(spaced)
            while at >= 0:
                end = at + len(spaced)
                if at > 0 and text[at - 1] in _INSIDE and (
                        end == len(text) or text[end] not in _PROPER_CHARS):
                    break
                at = text.find(spaced, at + 1)
            self._proper[word] = at >= 0
        return self._proper[word]

    def has_digit(self, start: int, end: int) -> bool:
        """Whether text[start:end] holds a digit (\\d: any Unicode digit in other text)."""
        if self.zeroed is not None:
            return self.zeroed.find("0", start, end) >= 0
        return _DIGIT.search(self.text, start, end) is not None

    def clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """The clauses of text[start:end] (clauses.clauses), kept per span: a sentence with a
        learned attribution is cut for it and again for what it leaves. (The key is made once:
        compiled, each `(start, end)` written builds a tuple and boxes its ints anew.)"""
        key = (start, end)
        got = self._clauses.get(key)
        if got is None:
            got = self._clauses[key] = clauses(self.text, start, end)
        return got

    def has_name(self, start: int, end: int) -> bool:
        """Whether the span names something: a capitalised word not merely sentence-initial
        (kept per span, keyed as in `clauses`: the clauses of a sentence ask about the
        sentence)."""
        key = (start, end)
        got = self._named.get(key)
        if got is None:
            got = self._named[key] = self._find_name(start, end)
        return got

    def _find_name(self, start: int, end: int) -> bool:
        for i, m in enumerate(_WORD.finditer(self.text, start, end)):
            word = m[0].rstrip("'s").rstrip("'")
            if is_upper(word[:1]) and word != "I" and (i > 0 or self.proper(word)):
                return True
        return False
