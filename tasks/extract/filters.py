"""Filters: why a candidate is not a claim, or None to keep it.

The decision (drop_reason) is made from the candidate's check-worthiness score
(tasks/extract/checkworthy.py) and the rules that still earn their place (veto): a heading, site
boilerplate, a fragment, a question, a greeting, a prescription, short rhetoric or commentary.
Every reason is one of the `non_claims.reason` values (schemas/records.py NonClaimReason); the
step counts them and writes each dropped candidate to `non_claims` with its reason and score.
"""

import re
from typing import Final

from schemas.records import NonClaimReason
from tasks.extract.attribution import Attribution
from tasks.extract.candidates import Candidate
from tasks.extract.checkworthy import Judgement
from tasks.extract.context import DocumentContext
from tasks.text.patterns import Caseless, Twin

_PRESCRIPTION: Final = Caseless(r"\b(must|should|ought to|(?<!the )needs? to|has to|have to)\b")
# The first words of its phrases: a text's words hold one wherever it matches.
_PRESCRIBING: Final = frozenset("must should ought need needs has have".split())
_GREETING: Final = Twin(
    r"^(?:(?:and|so|well|first|now),?\s+)*(?:I|we)\s+(?:just\s+)?(?:want|would like|wish)\s+to\s+"
    r"(?:thank|welcome|congratulate|say)|^thank(?:s| you)\b|^(?:good (?:morning|evening|night))",
    re.IGNORECASE,
)
_BOILERPLATE: Final = Twin(
    r"^(?:watch|click|subscribe|read more|sign up|follow us|share this|download|listen to)\b"
    r"|^this (?:video|article|story|report|podcast) (?:is|was) (?:from|by|produced|originally)"
    r"|^sources?\b[^.]{0,40}\binclude|^(?:copyright|all rights reserved|\(c\))"
    r"|^(?:related|see also|advertisement)\b",
    re.IGNORECASE,
)
# The first words (letters only, lower-cased) of the greeting and boilerplate phrases: a candidate
# matching one opens with one of these words.
_GREETING_OPENERS: Final = frozenset("and so well first now i we thank thanks good".split())
_BOILERPLATE_OPENERS: Final = frozenset(
    "watch click subscribe read sign follow share download listen this source sources copyright "
    "all c related see advertisement".split())
_DISCOURSE: Final = Twin(
    r"^(?:yet|however|meanwhile|still|but|and yet|indeed|now|so),?\s", re.I)
_COPULAR: Final = Twin(
    r"^(?:\S+\s+){1,6}(?:is|are|was|were|remains?|seems?|appears?|looks?)\s+(?:not\s+)?"
    r"(?:\w+ly\s+)?\w+[.!]?$",
    re.IGNORECASE,
)
_COMMENTARY: Final = Twin(
    r"^(?:\w+,\s+)?(?:the|this|these)\s+(?:implications?|stakes|significance|consequences|"
    r"situation|reality|question|irony|truth)\b",
    re.IGNORECASE,
)


# Documents with fewer "I/we/you" per 100 words outside their quotations than this are reports,
# not conversations (tasks/extract/checkworthy.py voice_rates: news runs at
# 0-1, a single sentence counts as news, the training debates and speeches at 3-8; a politico
# report that is mostly de Blasio's quoted words read 3 or more with its quotations counted).
REPORT_CONVERSATIONAL: Final = 3
# In a report, a figure or a named event is kept from this share of the threshold on.
REPORT_FLOOR: Final = 0.5


def drop_reason(ctx: DocumentContext, c: Candidate, has_figure: bool, judged: Judgement,
                threshold: float) -> NonClaimReason | None:
    """Why a candidate is not a claim, or None to keep it, in this order:

    1. The vetoes (veto) drop whatever they match, whatever the score.
    2. A candidate scoring at least the threshold (ExtractOptions.checkworthiness_threshold) is
       kept.
    3. In a report, reported speech, pronoun-subject records, figures and named events are kept
       below the threshold. In a document that is not conversational (fewer than
       REPORT_CONVERSATIONAL "I/we/you" per 100 words outside its quotations: news, wire copy, a
       statement on its own; a report quoting at length is no conversation), an attributed candidate
       or a full quotation is a claim by claimtrail's definition (who said what), and so is a record
       stated by a pronoun subject ("I'm self-funding my campaign", "they closed the plant", "our
       dollar's at an all-time low"; not "I think", "we will": checkworthy.subject_forms); and a
       figure or a sentence that names someone or something (a capitalised word not merely
       sentence-initial: "The meeting between Deputy Defense Minister X and Y ... provided a rare
       glimpse ...") is kept from REPORT_FLOOR of the threshold on: the score is learned on debate
       transcripts, where a narrated event is rare, and underrates the events news is made of
       (PolNeAR-dev content recall 0.862 → 0.805 with the score alone), while a named promise still
       scores below the floor ("We will make America great again"). In a transcript, "I said", "you
       said", "I was" are mostly conversation, and there the score decides: keeping them in the
       training debates halves precision, while keeping them in the two least conversational
       transcripts raises F1 (the data card,
       tasks/extract/models/checkworthy.md).
    4. Anything else is dropped as "low score".
    """
    reason = veto(ctx, c, has_figure, judged.words)
    if reason is None and judged.score < threshold:
        said = ((c.attribution is not None and not _first_person(c.attribution))
                or c.quote is not None or judged.pronoun_record)
        stated = judged.score >= threshold * REPORT_FLOOR and (
            has_figure or ctx.has_name(c.sentence.start, c.sentence.end))
        if not (judged.unquoted < REPORT_CONVERSATIONAL and (said or stated)):
            return "low score"
    return reason


_FIRST_PERSON: Final = frozenset({"i", "we", "me", "us"})


def _first_person(a: Attribution) -> bool:
    """Whether the writer or speaker attributes to themselves ("I think", "we believe"): that is
    an opinion of the text's own voice, which the score judges like any sentence of it."""
    return (a.surface or a.speaker or "").lower() in _FIRST_PERSON


def veto(ctx: DocumentContext, c: Candidate, has_figure: bool,
         lexical: list[str] | None = None) -> NonClaimReason | None:
    """The rules that drop a candidate whatever its score, first match wins.

    - heading: headings, titles and section labels are labels, not assertions.
    - boilerplate: site furniture ("click here", "copyright") is never a claim.
    - fragment: fewer than 4 words leaves nothing to check ("Thank you.", "Yes, sir.").
    Full quotations stop here: what a speaker said is the speaker's claim. Then:
    - question: a question asserts nothing.
    - greeting: thanks, welcomes and good evenings.
    - prescription (unattributed): "must", "should", "needs to": a call to act, not a fact.
    - rhetoric (unattributed, no figure, at most 9 words): a discourse opener or a short
      copular sentence ("Yet, the stakes are rising.", "The situation remains volatile.").
    - commentary (unattributed, no figure, at most 15 words): "The implications ...",
      "The stakes ...".
    On the training debates the score alone does the work of all but heading and fragment; in
    news, boilerplate, rhetoric and commentary keep the seeds' precision, which the
    debate-trained score cannot (the data card says what each costs and saves). There is no rule
    against first-person or unnamed subjects: the score decides those ("I'm self-funding my
    campaign" is checkable).

    lexical: the candidate's words when known (Judgement.words: its runs of letters, lower-cased):
    in ASCII text, boilerplate and a greeting are only looked for when its first word opens one,
    and a prescription when one of its words opens one.
    """
    if c.sentence.kind == "heading":
        return "heading"
    text = ctx.text
    chunk = text[c.start:c.end]
    known = ctx.lowered is not None and lexical is not None
    opener = lexical[0] if lexical else ""
    if (not known or opener in _BOILERPLATE_OPENERS) and _BOILERPLATE.on(chunk).match(chunk):
        return "boilerplate"
    # Words are counted as far as the count is compared (split with a maxsplit: n + 1 parts at
    # most), and up to 15 only for the candidates that reach rhetoric and commentary.
    if len(chunk.split(None, 3)) < 4:
        return "fragment"
    if c.quote is not None:
        return None
    if chunk.rstrip("\"' )").endswith("?"):
        return "question"
    if (not known or opener in _GREETING_OPENERS) and _GREETING.on(chunk).match(chunk):
        return "greeting"
    if c.attribution is not None:
        return None
    lowered = None if ctx.lowered is None else ctx.lowered[c.start:c.end]
    if (not known or not _PRESCRIBING.isdisjoint(lexical or ())) \
            and _PRESCRIPTION.search(chunk, lowered):
        return "prescription"
    if has_figure:
        return None
    words = len(chunk.split(None, 15))
    if words <= 9 and (_DISCOURSE.on(chunk).search(chunk) or _COPULAR.on(chunk).search(chunk)):
        return "rhetoric"
    if words <= 15 and _COMMENTARY.on(chunk).search(chunk):
        return "commentary"
    return None
