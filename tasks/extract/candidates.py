"""Candidates: the spans that may be claims — clauses of each sentence outside its full
quotations, and each quoted sentence of a full quotation — with the attribution found for each.
Full quotations (starting with a capital), and the rest of one that goes on after its
attribution in the same sentence ('"A," he said, "and b ..."'), are claims of their own, one per
quoted sentence, attributed to the speaker found around the quotation.

The learned attributions (tasks/extract/speakers.py) come first: each one's content is a claim —
a quotation one claim per quoted sentence, a statement cut into clauses like any sentence — and
keeps a leading "X said (that)" in its own sentence but never a trailing attribution ("..., he
said"). The rules' clauses and quotations that overlap a learned attribution (its content, cue or
source) are left out; elsewhere the rules' attributions stand (transcript turns, passives, ...).
A quotation without an attribution right after an attributed one, or right after a sentence
that ends with its attribution ('Y, he added on Twitter. "..."'), is the same speaker's; what a
quotation reports someone said ('"She just said a terrible thing," Trump said') is in the
quotation's claim, no claim of its own.
A clause left without an attribution takes a weak cue's (a cue the model is less sure of) when
it holds the cue and its source: the cue names the speaker, and the content is what the cue
governs ("ahead of what officials believe could be a long war": officials, "could be a long
war").
"""

import re
from typing import Final

from tasks.extract.attribution import (
    CUES,
    Attribution,
    attribution_after_quote,
    attribution_before_quote,
    find_attribution,
    transcript_speaker,
    turn_before_quote,
)
from tasks.extract.attribution_model import load_model
from tasks.extract.clauses import clauses, trim
from tasks.extract.context import DocumentContext
from tasks.extract.options import ExtractOptions
from tasks.extract.reported import Found
from tasks.extract.segment import Block, Quote, Sentence, quotes
from tasks.extract.speakers import attribute_document
from tasks.text.chars import is_upper
from tasks.text.offsets import bisect_left, bisect_right
from tasks.text.patterns import Twin


class Candidate:
    """A span that may be a claim, with what is known about it: its sentence, the quotation it
    is part of, its attribution and what is attributed (content, when not the whole span). (A
    class with its __init__ written out: made several times per sentence, where a NamedTuple's
    generated __new__ would run interpreted even compiled.)"""

    def __init__(self, start: int, end: int, sentence: Sentence, quote: Quote | None = None,
                 attribution: Attribution | None = None,
                 content: tuple[int, int] | None = None) -> None:
        self.start = start
        self.end = end
        self.sentence = sentence
        self.quote = quote
        self.attribution = attribution
        self.content = content



def reports(text: str, c: Candidate) -> bool:
    """Whether a clause carries on reported speech ("warning that ...", "that ..."), and so takes
    the attribution of its sentence."""
    head = text[c.start:c.end].lstrip("\"' ")
    first = head.split(" ", 1)[0].lower()
    return first == "that" or c.start == c.sentence.start or first in CUES


def full_quote(text: str, q: Quote) -> bool:
    """Whether a quotation is said words that make claims of their own: four words at least,
    begun with a capital, and no title ("How the Grinch Stole Christmas": after its first word,
    three words of four letters or more, all of them capitalised; "It was Hillary Clinton," is
    said words)."""
    content = text[q.start:q.end].strip()
    words = content.split()
    long = [w for w in (x.strip(_MARKS) for x in words[1:]) if len(w) >= 4 and w.isalpha()]
    return is_upper(content[:1]) and len(words) >= 4 and not (
        len(long) >= 3 and all(is_upper(w[:1]) for w in long))


_MARKS: Final = ".,;:!?\"'()"
_CONTINUED_GAP: Final = 12  # words of attribution at most between a quotation and its rest


def said_quotes(text: str, qs: list[Quote]) -> list[Quote]:
    """The quotations of a block that are said words (in order): the full ones (`full_quote`),
    and one that goes on after a full one with only its attribution between, in one sentence
    ('"If you have even a portion of them displaced," he said, "you now have the sorts of
    refugee crises ..."': the rest of what was said, begun lower-case, not a quoted term)."""
    out: list[Quote] = []
    before: Quote | None = None
    for q in qs:
        if full_quote(text, q) or (before is not None and _goes_on(text, before, q)):
            out.append(q)
            before = q
        else:
            before = None
    return out


def _goes_on(text: str, before: Quote, q: Quote) -> bool:
    """Whether quotation q continues the one before it: four words at least, and between them
    at most _CONTINUED_GAP words, a comma and no end of sentence (the attribution; a line break
    inside it is wrapped copy)."""
    gap = text[before.end:q.start]
    return len(text[q.start:q.end].split(maxsplit=4)) >= 4 and "," in gap \
        and _SENTENCE_END.search(gap) is None and len(gap.split()) <= _CONTINUED_GAP


# The end of a sentence in an attribution between two quotations: "?", "!", a blank line, or a
# full stop before white space that ends no abbreviation ("Mr.", "Sen.", "U.S." do not).
_SENTENCE_END: Final = re.compile(
    r"[?!]|\n\s*\n|(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])\.(?=\s)")


def _quote_attribution(text: str, q: Quote, sents: list[Sentence]) -> Attribution | None:
    last = next(s for s in sents if s.start <= q.end <= s.end)
    first = next(s for s in sents if s.start <= q.start <= s.end)
    after = attribution_after_quote(text, q.end + 1, last.end)
    if after:
        return after
    return attribution_before_quote(text, first.start, max(first.start, q.start - 1)) \
        or turn_before_quote(text, first.start, q.start) or _introduced(text, q, first, sents)


def _introduced(text: str, q: Quote, first: Sentence, sents: list[Sentence]
                ) -> Attribution | None:
    """The attribution of a quotation that opens its paragraph after a sentence ending with a
    colon ('Cruz continued:' and then '“We will win ...”' below it): that sentence's, when its
    last word is a cue (`attribution_before_quote`) or it is a name alone (`turn_before_quote`)."""
    k = sents.index(first)
    if k == 0 or text[first.start:q.start].strip(" \"'“‘"):
        return None
    prev = sents[k - 1]
    if "\n" not in text[prev.end:q.start]:
        return None
    end = prev.start + len(text[prev.start:prev.end].rstrip())
    if end <= prev.start or text[end - 1] != ":":
        return None
    return attribution_before_quote(text, prev.start, end - 1, _INTRODUCING) \
        or turn_before_quote(text, prev.start, end)


# The last words of a sentence that introduces the quotation below it: the cues, and the verbs
# that say a speaker goes on ("Cruz continued:", "Jared Potts echoed:").
_INTRODUCING: Final = CUES | frozenset("continued echoed concluded".split())


def quote_candidates(ctx: DocumentContext, sents: list[Sentence], full: list[Quote]
                     ) -> tuple[list[Candidate], dict[int, Attribution | None]]:
    """Claims from full quotations: one per quoted sentence, with the quotation's own
    attribution (one going on from the quotation before takes that one's in
    `continued_quotations`, which knows the learned attributions: the rules' "he" here is no
    speaker); and the attribution of each sentence a quotation covers (by sentence number), a
    continuing quotation's included."""
    text = ctx.text
    spoken: dict[int, Attribution | None] = {}
    out: list[Candidate] = []
    previous: tuple[Attribution | None, int] = (None, -2)
    for q in full:
        first = next(s.number for s in sents if s.start <= q.start <= s.end)
        last = next(s.number for s in sents if s.start <= q.end <= s.end)
        own = attribution = _quote_attribution(text, q, sents)
        if attribution is None and first - previous[1] <= 1:
            attribution = previous[0]  # a quotation continuing the one just before
        previous = (attribution, last)
        for s in sents:
            if s.end <= q.start or s.start >= q.end:
                continue
            a, b = trim(text, max(s.start, q.start), min(s.end, q.end))
            if b <= a:
                continue
            out.append(Candidate(a, b, s, q, own))
            spoken[s.number] = attribution
    return out, spoken



class Regions:
    """Spans of a document looked up by overlap: what the learned attributions took (their claims,
    contents, cues and the stretch from each source to its cue), or the full quotations."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        longest = 0  # a loop: compiled, cheaper than max() over a generator
        for a, b in self.spans:
            longest = max(longest, b - a)
        self.longest = longest

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The taken spans overlapping [start, end), in order."""
        first = bisect_left(self.starts, start - self.longest)
        return [(a, b) for a, b in self.spans[first:bisect_left(self.starts, end)]
                if b > start]

    def free(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of [start, end) nothing took that may be claims of their own: all of it
        when nothing overlaps; else what follows a taken span, and what precedes one when a
        conjunction (coordinating, or concessive: "though") or a semicolon parts them ("X
        estimates Y, but Z said W"); each
        trimmed, a dangling conjunction dropped. A part with no word — the stop or closing quotation
        mark a statement's claim leaves after its content — is nothing to check, so no candidate
        (such parts were 24,276 of the 33,123 non-claims of the Reuters and PolNeAR texts)."""
        taken = self.within(start, end)
        if not taken:
            return [(start, end)]
        out = []
        at = start
        for a, b in taken:
            if a > at:
                piece = text[at:a]
                if at > start or _PARTED.on(piece).search(piece):
                    out.append(_trim_piece(text, at, a))
            at = max(at, b)
        if at < end:
            out.append(_trim_piece(text, at, end))
        return [(a, b) for a, b in out if b > a and _has_word(text, a, b)]


_CONJOINED: Final = Twin(r"(?:[,;]\s*(?:but|and|or|while|whereas|yet|though|although)|;)\s+")
_PARTED: Final = Twin(r"(?:[,;]\s*(?:but|and|or|while|whereas|yet|though|although)|;)\s*$")
_DANGLING: Final = Twin(
    r"(?:[,;]?\s*\b(?:but|and|or|while|whereas|yet|though|although)|[,;])\s*$")
_LONGEST_DANGLING: Final = len("although")


def _has_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a letter or a digit."""
    return any(ch.isalnum() for ch in text[start:end])


def _trim_piece(text: str, start: int, end: int) -> tuple[int, int]:
    """A clause part trimmed, a conjunction dangling at its end dropped. A trimmed part ends in
    no space, comma or semicolon, so a dangling match ends in its conjunction: it is looked for
    in the last characters only (as many as the longest conjunction; the regex engine still reads
    the character before them for \\b), where a search of the whole part tried every position.
    A match that starts earlier differs only by the comma and spaces before it, which the second
    trim drops all the same."""
    start, end = trim(text, start, end)
    if m := _DANGLING.on(text).search(text, max(start, end - _LONGEST_DANGLING), end):
        start, end = trim(text, start, m.start())
    return start, end


def frame_candidates(ctx: DocumentContext, s: Sentence, full: list[Quote],
                     taken: Regions) -> list[Candidate]:
    """Clause candidates from the sentence text outside its full quotations and outside what the
    learned attributions took."""
    text = ctx.text
    inside = [q for q in full if q.start < s.end and q.end > s.start]
    if not inside:
        regions = [(s.start, s.end)]
    else:
        first = min(q.start for q in inside)
        regions = [(s.start, max(s.start, first - 1))] if first > s.start + 1 else []
    out = []
    for a, b in regions:
        for clause_start, clause_end in ctx.clauses(a, b):
            for ca, cb in taken.free(text, clause_start, clause_end):
                if inside and (attribution_before_quote(text, ca, cb)
                               or turn_before_quote(text, ca, first)):
                    continue  # the clause only introduces the quotation
                # A heading is no claim: its attribution is never read.
                attribution = None if s.kind == "heading" else find_attribution(text, ca, cb)
                out.append(Candidate(ca, cb, s, None, attribution))
    return out


def learned(found: Found) -> Attribution:
    """A learned attribution as the claim's attribution (speaker resolved, role, offsets)."""
    return Attribution(found.speaker, " ".join(found.cue.lower().split()), found.start,
                       found.end, found.surface, found.source_start, found.source_end,
                       found.role, found.cue_start, found.cue_end, resolved=True)


# The attribution of a short quotation that makes no claim of its own ('"Well, we'll see," said
# Pence.'), with its content offsets, by the number of the sentence holding it.
Short = dict[int, tuple[Attribution, int, int]]


def attributed_candidates(ctx: DocumentContext, sents: list[Sentence], found: list[list[Found]],
                          quote_cands: list[Candidate]
                          ) -> tuple[list[Candidate], list[Candidate], Regions, Short]:
    """The candidates of the learned attributions (found: each sentence's), the quotation candidates
    with the learned attribution of their quotation where there is one, the regions the learned
    attributions took, and the attributions of quotations too short to be claims (`Short`: their
    sentence's clause takes them). A statement's claim runs from the start of the clause holding its
    attribution, or the conjunction before it ("A estimates B, yet X said Y"; "Q, said A, though
    they declined to comment on C": a concessive clause is a claim of its own), when the attribution
    comes first ("In Moscow, X said that Y"), else from its content, to the end of its content; one
    whose claim would be a fragment (under four words) is left to the rules; a clause of a statement
    after its first that holds an attribution of its own by the rules keeps that one ("X praised Y,
    while Z spoke of W")."""
    text = ctx.text
    out: list[Candidate] = []
    quoted = list(quote_cands)
    quote_starts = [c.start for c in quoted]
    longest = 0  # a loop: compiled, cheaper than max() over a generator
    for c in quoted:
        longest = max(longest, c.end - c.start)
    quotations = Regions([(c.start, c.end) for c in quoted])
    sentence_starts = [s.start for s in sents]
    spans: list[tuple[int, int]] = []
    short: Short = {}
    for k, s in enumerate(sents):  # found[k] is its (by index: compiled, zip is a generic call)
        if s.kind == "heading":
            continue
        fs = found[k]
        floor = s.start  # a claim starts after the attribution before it
        starts = [a for a, _ in ctx.clauses(s.start, s.end)] if fs else []
        for f in fs:
            if f.weak:
                continue  # it only names the speaker of a claim kept for itself
            if not f.quote and quotations.within(f.cue_start, f.cue_start + 1):
                continue  # said inside a quotation: the quotation's claim holds it
            attribution = learned(f)
            cs, ce = f.content_start, f.content_end
            if not f.quote:
                # the first of its start and its cue's in [floor, cs), if any (no generator)
                lead = f.start if floor <= f.start < cs else \
                    f.cue_start if floor <= f.cue_start < cs else None
                if lead is None:
                    start = max(cs, floor)
                else:  # the clause holding the attribution, from its start or a conjunction
                    start = max(floor, starts[bisect_right(starts, lead) - 1])
                    for m in _CONJOINED.on(text).finditer(text, start, lead):
                        start = m.end()
                if len(text[start:ce].split(maxsplit=4)) < 4:
                    continue
                floor = max(max(floor, ce), f.end)  # two by two: max() of three is a generic call
                spans += [(start, ce), (cs, ce), (f.cue_start, f.cue_end), (f.start, f.end)]
                for i, (a, b) in enumerate(clauses(text, start, ce)):
                    if min(b, ce) <= max(a, cs):
                        continue  # the cue and source alone
                    own = find_attribution(text, a, b) if i else None
                    if own is not None and own.speaker:
                        out.append(Candidate(a, b, s, None, own))
                    else:
                        out.append(Candidate(a, b, s, None, attribution,
                                             (max(a, cs), min(b, ce))))
                continue
            # Nothing after is claimed from before the quotation's end and its attribution, even
            # when the quotation makes no claim of its own here.
            floor = max(max(floor, ce), f.end)
            first = bisect_right(sentence_starts, cs) - 1
            used = False
            for s2 in sents[max(first, 0):bisect_left(sentence_starts, ce)]:
                a, b = trim(text, max(s2.start, cs), min(s2.end, ce))
                if b <= a:
                    continue
                lo = bisect_left(quote_starts, a - longest)
                hit = False
                for i in range(lo, bisect_left(quote_starts, b)):
                    c = quoted[i]
                    if c.end > a:
                        quoted[i] = Candidate(c.start, c.end, c.sentence, c.quote, attribution,
                                              (c.start, c.end))
                        hit = True
                if not hit:  # a short one too: a fragment, but in the non-claims, not lost
                    out.append(Candidate(a, b, s2, Quote(cs, ce), attribution, (a, b)))
                    short.setdefault(s2.number, (attribution, a, b))
                used = used or hit or len(text[a:b].split(maxsplit=4)) >= 4
            if used:
                spans += [(cs, ce), (f.cue_start, f.cue_end), (f.start, f.end)]
    return out, quoted, Regions(spans), short


def continued_quotations(quoted: list[Candidate], tails: dict[int, Attribution],
                         weak: dict[int, list[Found]]) -> list[Candidate]:
    """The quotation candidates (in reading order), a quotation without an attribution that opens
    in the sentence right after the one before it ends taking that one's ('"A," X said. / "B."':
    B is X's too), or, when no quotation ends there, the attribution that ends the sentence
    before (tails: by sentence number; 'Y accomplished "too little," he added on Twitter. /
    "B."'); but a quotation with a weak cue's source right beside it takes that one (weak: each
    sentence's weak cues that name a speaker, by number; `_named_beside`). The quotations' own
    rule does the same before the learned attributions are known; this carries a learned speaker
    on."""
    out: list[Candidate] = []
    quote: Quote | None = None
    last, attribution = -2, None  # the quotation before: its last sentence and attribution
    inherit: Attribution | None = None
    for c in quoted:
        if c.quote is not quote:  # a new quotation
            quote = c.quote
            inherit = None
            if c.attribution is None:
                before = c.sentence.number - 1
                inherit = _named_beside(c.quote, weak.get(c.sentence.number))
                if inherit is None and c.sentence.number - last <= 1:
                    inherit = attribution
                if inherit is None and last != before:
                    inherit = tails.get(before)
        if inherit is not None and c.attribution is None:
            c = Candidate(c.start, c.end, c.sentence, c.quote, inherit, c.content)
        out.append(c)
        last, attribution = c.sentence.number, c.attribution
    return out


def whole_quotations(quoted: list[Candidate]) -> list[Candidate]:
    """The quotation candidates (in reading order), each sentence of an attributed quotation that
    runs over several sentences ('"A. B," X said.') having the whole quotation as its content,
    from its first sentence's start to its last's end: what the source said is the quotation, and
    a claim is one sentence of it. Two quotations with the attribution between them ('"A," X
    said. "B."') keep their own contents: one span holding both would hold cue and source."""
    out: list[Candidate] = []
    i, n = 0, len(quoted)
    while i < n:
        first = quoted[i]
        j = i + 1
        while j < n and first.attribution is not None and quoted[j].quote is first.quote \
                and quoted[j].attribution is first.attribution:
            j += 1
        if j - i > 1:
            span = (first.start, quoted[j - 1].end)
            out.extend(Candidate(c.start, c.end, c.sentence, c.quote, c.attribution, span)
                       for c in quoted[i:j])
        else:
            out.append(first)
        i = j
    return out


def _named_beside(quote: Quote | None, weak: list[Found] | None) -> Attribution | None:
    """The attribution of a weak cue whose source stands right outside the quotation, after its
    closing mark or before its opening one ('"I would say this," Trump answered.'; 'Kelly
    responded: "..."'): the speaker of that quotation, not the one of the quotation before."""
    if quote is None or not weak:
        return None
    for f in weak:
        at = f.source_start
        if at is not None and (quote.end < at <= quote.end + 3
                               or (quote.start - 3 <= f.end <= quote.start and at < quote.start)):
            return learned(f)
    return None


Spoken = dict[int, Attribution | None]  # the attribution of each quoted sentence, by number


def document_candidates(ctx: DocumentContext, block_list: list[Block], sents: list[Sentence],
                        options: ExtractOptions) -> tuple[list[Candidate], Spoken]:
    """Every claim candidate of a document — the learned attributions' (speakers.py), the
    quotations', and the clauses of what they left, with the rules' attributions there (a
    transcript turn, or a sentence's attribution carried to a clause that goes on reporting it)
    — and the attribution of each sentence a quotation covers (by sentence number)."""
    text = ctx.text
    block_quotes = {b: quotes(text, block.start, block.end) for b, block in enumerate(block_list)}
    full = [q for qs in block_quotes.values() for q in said_quotes(text, qs)]
    quote_cands, spoken = quote_candidates(ctx, sents, full)
    attributions = attribute_document(
        load_model(options.attribution_model, options.cue_threshold, options.source_threshold,
                   options.speaker_threshold),
        text, [(s.start, s.end, s.block) for s in sents],
        {b: [(q.start, q.end) for q in qs] for b, qs in block_quotes.items() if qs})
    candidates, quote_cands, taken, short = attributed_candidates(ctx, sents, attributions,
                                                                  quote_cands)
    # each sentence's attribution that follows its content ("Y, he added on Twitter.")
    # (sentences and their attributions read by index: compiled, zip is a generic call)
    tails = {s.number: learned(f) for k, s in enumerate(sents) for f in attributions[k]
             if not f.weak and f.speaker and not f.quote and f.content_end <= f.start}
    # each sentence's weak cues that name a speaker (a quotation's beside it; a clause's)
    weak = {s.number: [f for f in attributions[k] if f.weak and f.speaker]
            for k, s in enumerate(sents) if attributions[k]}
    quote_cands = continued_quotations(quote_cands, tails, weak)
    candidates.extend(whole_quotations(
        [c for c in quote_cands if c.content or not taken.within(c.start, c.end)]))
    speakers = frozenset(f.speaker.split()[-1].lower() for fs in attributions for f in fs
                         if f.speaker and not f.weak)
    turns = {b: transcript_speaker(text, block.start, block.end, speakers)
             if text.find(":", block.start, block.end) >= 0 else None
             for b, block in enumerate(block_list)}
    for s in sents:
        frame = frame_candidates(ctx, s, full, taken)
        sentence_attr = next((c.attribution for c in frame if c.attribution), turns[s.block])
        for c in frame:
            quoted = short.get(s.number)
            if c.attribution is None and quoted is not None \
                    and c.start <= quoted[1] and quoted[2] <= c.end:
                c = Candidate(c.start, c.end, c.sentence, None, quoted[0], (quoted[1], quoted[2]))
            elif c.attribution is None and sentence_attr is not None and reports(text, c):
                c = Candidate(c.start, c.end, c.sentence, None, sentence_attr)
            elif c.attribution is None and weak.get(s.number):
                c = _weakly_attributed(text, c, weak[s.number])
            candidates.append(c)
    return candidates, spoken


def _weakly_attributed(text: str, c: Candidate, weak: list[Found]) -> Candidate:
    """The clause with the speaker of a weak cue whose cue and source it holds ("OPEC member
    Ecuador adopted austerity measures": Ecuador), its content what follows the cue when the
    source comes first, else what precedes the attribution; as it was when that is empty."""
    for f in weak:
        if c.start <= f.start and f.end <= c.end:
            after = f.source_start is not None and f.source_start < f.cue_start
            a, b = trim(text, f.end, c.end) if after else trim(text, c.start, f.start)
            b = a + len(text[a:b].rstrip(" ."))
            if b > a:
                return Candidate(c.start, c.end, c.sentence, None, learned(f), (a, b))
    return c
