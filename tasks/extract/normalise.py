r"""Normalise: a cleaned copy of the raw text with a map back to raw offsets.

Every replacement is one character for one character (curly quotes, dashes, no-break spaces,
bullets, carriage returns, tabs, and the information separators \x1c-\x1f), so the normalised text
indexes like the raw text. Its only whitespace is then " " and "\n": a regex's \s, \w and \b
match it alike with ASCII and with Unicode classes (patterns.Twin), which for the separators they
would not. Only Unicode NFC composition can change the length; then `to_raw` maps each normalised
offset back to a raw one.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

_ONE_FOR_ONE: Final = str.maketrans({
    **dict.fromkeys("‘’‚‛′`", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("–‒−‐‑", "-"),
    **dict.fromkeys("―", "—"),
    **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\u200b\ufeff\r", " "),
    **dict.fromkeys("\u2028\u2029\x0b\x0c\x85\x1c\x1d\x1e", "\n"),
    "\x1f": " ",
    **dict.fromkeys("▪◦‣●■□", "•"),
})
# The same map for ASCII text, as a bytes table (bytes.translate is several times faster).
_ASCII_ONE_FOR_ONE: Final = bytes(ord(_ONE_FOR_ONE.get(c, chr(c))) if c < 128 else c
                                  for c in range(256))
_LONE_CR: Final = re.compile(r"\r(?!\n)")


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text and, when lengths differ, the raw offset of each normalised offset."""

    text: str
    to_raw: tuple[int, ...] | None = None

    def raw_offset(self, offset: int) -> int:
        """The raw offset of a normalised offset (0..len(text) inclusive)."""
        return offset if self.to_raw is None else self.to_raw[offset]


def normalise(raw: str) -> NormalisedText:
    """NFC, straight quotes, plain dashes and spaces, one bullet sign; offsets kept."""
    text = _LONE_CR.sub("\n", raw) if "\r" in raw else raw
    if text.isascii():
        return NormalisedText(text.encode("ascii").translate(_ASCII_ONE_FOR_ONE).decode("ascii"))
    text = text.translate(_ONE_FOR_ONE)
    if unicodedata.is_normalized("NFC", text):
        return NormalisedText(text)
    pieces: list[str] = []
    to_raw: list[int] = []
    start = 0
    for end in range(1, len(text) + 1):
        if end == len(text) or not unicodedata.combining(text[end]):
            piece = unicodedata.normalize("NFC", text[start:end])
            pieces.append(piece)
            to_raw.extend([start] * len(piece))
            start = end
    to_raw.append(len(text))
    return NormalisedText("".join(pieces), tuple(to_raw))


@dataclass(frozen=True)
class Header:
    """What the top of an article says about it."""

    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    byline: tuple[int, int] | None = None  # (start, end) of the byline, which is no claim


_BYLINE: Final = re.compile(
    r"^[ \t]*By[ \t]+(?P<author>[^\n/|]{1,80}?)[ \t]*(?:(?://|\||,|-)[ \t]*(?P<date>[^\n]{4,40}?))?"
    r"[ \t]*$",
    re.MULTILINE,
)
_MONTHS: Final = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TEXT_DATE: Final = re.compile(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})")


def parse_date(value: str) -> datetime | None:
    """A date written as 2025-11-17 or November 17, 2025, as midnight UTC."""
    try:
        if m := _ISO_DATE.search(value):
            return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC)
        if (m := _TEXT_DATE.search(value)) and m[1].lower() in _MONTHS:
            return datetime(int(m[3]), _MONTHS[m[1].lower()], int(m[2]), tzinfo=UTC)
    except ValueError:
        return None
    return None


_FIRST_LINE: Final = re.compile(r"\s*([^\n]+)\n")
_CLOSING: Final = frozenset(".!?:;,\"'")  # a line ending in one is no title


def read_header(text: str) -> Header:
    """Title (a first line without closing punctuation) and byline (`By NAME // DATE`)."""
    title = author = published = span = None
    first = _FIRST_LINE.match(text)
    if first and first[1].rstrip()[-1:] not in _CLOSING and len(first[1].split()) <= 30:
        title = first[1].strip()
    head = text[: (first.end() if first else 0) + 400]
    # A byline holds "By": without one the regex (tried at every line start) is not run.
    if "By" in head and (byline := _BYLINE.search(head)) and len(byline["author"].split()) <= 5:
        author = byline["author"].strip()
        published = parse_date(byline["date"] or "")
        span = byline.span()
    return Header(title, author, published, span)
