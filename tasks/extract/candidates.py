"""Candidates: the spans that may be claims — clauses of each sentence outside its full
quotations, and each quoted sentence of a full quotation — with the attribution found for each.
Full quotations (starting with a capital) are claims of their own, one per quoted sentence,
attributed to the speaker found around the quotation."""

from typing import NamedTuple

from tasks.extract.attribution import (
    CUES,
    Attribution,
    attribution_after_quote,
    attribution_before_quote,
    find_attribution,
)
from tasks.extract.clauses import clauses, trim
from tasks.extract.context import DocumentContext
from tasks.extract.segment import Quote, Sentence


class Candidate(NamedTuple):
    """A span that may be a claim, with what is known about it."""

    start: int
    end: int
    sentence: Sentence
    quote: Quote | None = None
    attribution: Attribution | None = None



def reports(text: str, c: Candidate) -> bool:
    """Whether a clause carries on reported speech ("warning that ...", "that ..."), and so takes
    the attribution of its sentence."""
    head = text[c.start:c.end].lstrip("\"' ")
    first = head.split(" ", 1)[0].lower()
    return first == "that" or c.start == c.sentence.start or first in CUES


def full_quote(text: str, q: Quote) -> bool:
    content = text[q.start:q.end].strip()
    return content[:1].isupper() and len(content.split()) >= 4


def _quote_attribution(text: str, q: Quote, sents: list[Sentence]) -> Attribution | None:
    last = next(s for s in sents if s.start <= q.end <= s.end)
    first = next(s for s in sents if s.start <= q.start <= s.end)
    after = attribution_after_quote(text, q.end + 1, last.end)
    if after:
        return after
    return attribution_before_quote(text, first.start, max(first.start, q.start - 1))


def quote_candidates(ctx: DocumentContext, sents: list[Sentence], full: list[Quote]
                     ) -> tuple[list[Candidate], dict[int, Attribution | None]]:
    """Claims from full quotations: one per quoted sentence, with the quotation's speaker; and
    the attribution of each sentence a quotation covers (by sentence number)."""
    text = ctx.text
    spoken: dict[int, Attribution | None] = {}
    out: list[Candidate] = []
    previous: tuple[Attribution | None, int] = (None, -2)
    for q in full:
        first = next(s.number for s in sents if s.start <= q.start <= s.end)
        last = next(s.number for s in sents if s.start <= q.end <= s.end)
        attribution = _quote_attribution(text, q, sents)
        if attribution is None and first - previous[1] <= 1:
            attribution = previous[0]  # a quotation continuing the one just before
        previous = (attribution, last)
        for s in sents:
            if s.end <= q.start or s.start >= q.end:
                continue
            a, b = trim(text, max(s.start, q.start), min(s.end, q.end))
            if b <= a:
                continue
            if attribution and s.start <= attribution.start < s.end and attribution.end <= s.end:
                b = max(b, trim(text, attribution.start, attribution.end)[1])
            out.append(Candidate(a, b, s, q, attribution))
            spoken[s.number] = attribution
    return out, spoken



def frame_candidates(ctx: DocumentContext, s: Sentence, full: list[Quote]) -> list[Candidate]:
    """Clause candidates from the sentence text outside its full quotations."""
    text = ctx.text
    inside = [q for q in full if q.start < s.end and q.end > s.start]
    if not inside:
        regions = [(s.start, s.end)]
    else:
        first = min(q.start for q in inside)
        regions = [(s.start, max(s.start, first - 1))] if first > s.start + 1 else []
    out = []
    for a, b in regions:
        for ca, cb in clauses(text, a, b):
            if cb <= ca:
                continue
            if inside and attribution_before_quote(text, ca, cb):
                continue  # the clause only introduces the quotation
            # A heading is no claim: its attribution is never read.
            attribution = None if s.kind == "heading" else find_attribution(text, ca, cb)
            out.append(Candidate(ca, cb, s, None, attribution))
    return out

