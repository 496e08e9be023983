"""Filters: why a candidate is not a claim (a heading, boilerplate, a fragment, a question, a
greeting, a prescription, rhetoric, commentary, or nothing named, counted or attributed), or None
to keep it. The step counts each reason."""

import re

from tasks.extract.candidates import Candidate
from tasks.extract.context import DocumentContext
from tasks.text.patterns import Caseless

_PRESCRIPTION = Caseless(r"\b(must|should|ought to|(?<!the )needs? to|has to|have to)\b")
_QUANTITATIVE = Caseless(
    r"\b(?:rose|risen|rising|rises|fell|fallen|falling|falls|increased|increases|decreased|"
    r"declined|declining|doubled|tripled|halved|highest|lowest|largest|biggest|smallest|fewest|"
    r"record|surged|plunged|soared|dropped|grew|grown|shrank|(?:is|are|was|were)\s+(?:up|down))\b"
)
_GREETING = re.compile(
    r"^(?:(?:and|so|well|first|now),?\s+)*(?:I|we)\s+(?:just\s+)?(?:want|would like|wish)\s+to\s+"
    r"(?:thank|welcome|congratulate|say)|^thank(?:s| you)\b|^(?:good (?:morning|evening|night))",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^(?:watch|click|subscribe|read more|sign up|follow us|share this|download|listen to)\b"
    r"|^this (?:video|article|story|report|podcast) (?:is|was) (?:from|by|produced|originally)"
    r"|^sources?\b[^.]{0,40}\binclude|^(?:copyright|all rights reserved|\(c\))"
    r"|^(?:related|see also|advertisement)\b",
    re.IGNORECASE,
)
_DISCOURSE = re.compile(r"^(?:yet|however|meanwhile|still|but|and yet|indeed|now|so),?\s", re.I)
_COPULAR = re.compile(
    r"^(?:\S+\s+){1,6}(?:is|are|was|were|remains?|seems?|appears?|looks?)\s+(?:not\s+)?"
    r"(?:\w+ly\s+)?\w+[.!]?$",
    re.IGNORECASE,
)
_COMMENTARY = re.compile(
    r"^(?:\w+,\s+)?(?:the|this|these)\s+(?:implications?|stakes|significance|consequences|"
    r"situation|reality|question|irony|truth)\b",
    re.IGNORECASE,
)


def drop_reason(ctx: DocumentContext, c: Candidate, has_figure: bool) -> str | None:
    """Why a candidate is not a claim, or None to keep it."""
    if c.sentence.kind == "heading":
        return "heading"
    text = ctx.text
    chunk = text[c.start:c.end]
    words = chunk.split(maxsplit=15)  # word counts are compared up to 15 below
    if _BOILERPLATE.match(chunk):
        return "boilerplate"
    if len(words) < 4:
        return "fragment"
    if c.quote is not None:
        return None
    if chunk.rstrip("\"' )").endswith("?"):
        return "question"
    if _GREETING.match(chunk):
        return "greeting"
    attributed = c.attribution is not None
    lowered = None if ctx.lowered is None else ctx.lowered[c.start:c.end]
    if not attributed and _PRESCRIPTION.search(chunk, lowered):
        return "prescription"
    if has_figure or attributed:
        return None
    named = ctx.has_name(c.sentence.start, c.sentence.end)
    if not named and not _QUANTITATIVE.search(chunk, lowered):
        return "no named subject, figure or source"
    if len(words) <= 9 and (_DISCOURSE.search(chunk) or _COPULAR.search(chunk)):
        return "rhetoric"
    if len(words) <= 15 and _COMMENTARY.search(chunk):
        return "commentary"
    return None

