"""Extract: claims from a document's sentences, with speaker, figures, hedges and raw offsets.

A sentence is split into clauses where English news packs several claims into one sentence
(", while", ", with X doing", ", including", ", where", participle clauses, "; "). Full quotations
(starting with a capital) are claims of their own, one per quoted sentence, attributed to the
speaker found around the quotation. Each candidate is scored for check-worthiness
(checkworthy) and kept as a claim or dropped as a non-claim with its reason (filters), which the
step counts.
"""

from dataclasses import dataclass
from operator import itemgetter
from typing import Final, NamedTuple

from schemas.build import built
from schemas.ids import content_id
from schemas.records import (
    ClaimKind,
    ClaimRecord,
    DocumentRecord,
    Figure,
    NonClaimReason,
    NonClaimRecord,
)
from tasks.extract.attribution import Attribution
from tasks.extract.candidates import Candidate, document_candidates
from tasks.extract.checkworthy import DocumentScorer, Judgement, load_model
from tasks.extract.context import DocumentContext
from tasks.extract.figures import FoundFigure, find_figures
from tasks.extract.filters import drop_reason
from tasks.extract.normalise import Header, NormalisedText, normalise, read_header
from tasks.extract.options import ExtractOptions
from tasks.extract.segment import Sentence, blocks, sentences
from tasks.extract.speakers import plausible_source, plausible_speaker, split_role
from tasks.extract.version import extractor_version
from tasks.ingest.sources import SourceText
from tasks.text.lexicon import HEDGE_CUES
from tasks.text.offsets import bisect_left
from tasks.text.patterns import Caseless, alternation

_HEDGES: Final = Caseless(r"\b(" + alternation(HEDGE_CUES) + r")\b")
# Single words of letters: a match is one of a text's words.
_HEDGE_WORDS: Final = frozenset(HEDGE_CUES)


class ExtractionStats:
    """Counters of one extraction step: documents, sentences, kept claims by kind and dropped
    candidates by reason, each in the order first counted. (Plain dicts, not Counters, and a
    written-out __init__: made once per document, they cost nothing compiled.)"""

    def __init__(self, documents: int = 0, sentences: int = 0, kept: dict[str, int] | None = None,
                 dropped: dict[str, int] | None = None) -> None:
        self.documents = documents
        self.sentences = sentences
        self.kept: dict[str, int] = {} if kept is None else kept
        self.dropped: dict[str, int] = {} if dropped is None else dropped

    def add(self, other: "ExtractionStats") -> None:
        """Fold another step's counters into these."""
        self.documents += other.documents
        self.sentences += other.sentences
        for kind, n in other.kept.items():
            self.kept[kind] = self.kept.get(kind, 0) + n
        for reason, n in other.dropped.items():
            self.dropped[reason] = self.dropped.get(reason, 0) + n

    def dropped_by_count(self) -> list[tuple[str, int]]:
        """The dropped candidates' reasons with their counts, most frequent first."""
        return sorted(self.dropped.items(), key=itemgetter(1), reverse=True)



_DEFAULT: Final = ExtractOptions()


def _kind(c: Candidate, text: str, speaker: str | None, figures: list[FoundFigure]
          ) -> ClaimKind:
    if c.quote is not None or (speaker and text.count('"', c.start, c.end) >= 2):
        return "quote"
    if c.attribution is not None or speaker:
        return "statement"
    return "numeric" if figures else "event"


@dataclass
class DocumentCandidates:
    """Every claim candidate of one document (sorted by start, then end) with the figures it
    states, and what the extractor read on the way."""

    norm: NormalisedText
    header: Header
    ctx: DocumentContext
    sentences: list[Sentence]
    candidates: list[tuple[Candidate, list[FoundFigure]]]
    spoken: dict[int, Attribution | None]  # the attribution of each quoted sentence


def read_candidates(raw: str, options: ExtractOptions = _DEFAULT) -> DocumentCandidates:
    """The claim candidates of a raw text: clauses and quoted sentences, with their attribution
    and figures (the check-worthiness training command reads them too)."""
    norm = normalise(raw)
    text = norm.text
    header = read_header(text)
    ctx = DocumentContext(norm)
    block_list = blocks(text)
    sents = sentences(text, block_list)
    if header.byline:
        low, high = header.byline
        sents = [s for s in sents if not (s.start >= low and s.end <= high)]
    candidates, spoken = document_candidates(ctx, block_list, sents, options)
    # Figures of headings are never read: a heading is no claim.
    figures = find_figures(text, within=[(s.start, s.end) for s in sents if s.kind != "heading"],
                           copies=(ctx.lowered, ctx.zeroed))
    starts = [f.start for f in figures]
    out = []
    for c in _by_span(candidates):
        if c.end <= c.start:  # nothing left once trimmed
            continue
        first = bisect_left(starts, c.start)
        found = [f for f in figures[first:bisect_left(starts, c.end)] if f.end <= c.end]
        out.append((c, found))
    return DocumentCandidates(norm, header, ctx, sents, out, spoken)


def _by_span(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates by start, then end, in the order sorted() gives them (stable): the list
    itself when already so, as in more than half the documents (compiled, the check is a loop of
    comparisons, where sorted() calls its key through Python's convention for each)."""
    for k in range(1, len(candidates)):
        a, b = candidates[k - 1], candidates[k]
        if a.start > b.start or (a.start == b.start and a.end > b.end):
            return sorted(candidates, key=_span)
    return candidates


def _span(c: Candidate) -> tuple[int, int]:
    return c.start, c.end


class Extracted(NamedTuple):
    """What extraction makes of documents: their records, claims and non-claims, and counters."""

    documents: list[DocumentRecord]
    claims: list[ClaimRecord]
    non_claims: list[NonClaimRecord]
    stats: ExtractionStats


def extract_document(
    doc: SourceText, run_id: str, options: ExtractOptions = _DEFAULT
) -> Extracted:
    """The document record, its claims, and the candidates not kept (non-claims) with why."""
    version = extractor_version(options)
    dc = read_candidates(doc.text, options)
    norm, header, ctx = dc.norm, dc.header, dc.ctx
    scorer = DocumentScorer(load_model(options.checkworthiness_model), ctx)
    threshold = options.checkworthiness_threshold
    raw, doc_id, to_raw = doc.text, doc.doc_id, norm.to_raw
    n_dropped: dict[str, int] = {}
    n_kept: dict[str, int] = {}
    # A claim's id is its document's and raw offsets' hash: one claim per raw span, the first.
    claims: dict[tuple[int, int], ClaimRecord] = {}
    dropped: dict[tuple[int, int], tuple[tuple[int, int], NonClaimRecord]] = {}
    for c, found in dc.candidates:
        span = (c.start, c.end) if to_raw is None else (to_raw[c.start], to_raw[c.end])
        score: float | None = None
        reason: NonClaimReason = "heading"  # a heading is no claim: it is not even scored
        if c.sentence.kind != "heading":
            judged = scorer.judge(c, found)
            why = drop_reason(ctx, c, bool(found), judged, threshold)
            if why is None:
                if span not in claims:
                    kind, claims[span] = _claim(raw, doc_id, span, ctx, to_raw, c, found,
                                                dc.spoken.get(c.sentence.number), judged,
                                                run_id, version)
                    n_kept[kind] = n_kept.get(kind, 0) + 1  # in the order first kept
                continue
            score, reason = judged.score, why
        n_dropped[reason] = n_dropped.get(reason, 0) + 1
        if (c.start, c.end) not in dropped:
            dropped[c.start, c.end] = span, _non_claim(raw, doc_id, span, c, reason, score,
                                                       run_id, version)
    stats = ExtractionStats(1, len(dc.sentences), n_kept, n_dropped)
    record = _validate_document({
        "doc_id": doc_id, "source_uri": doc.source_uri, "sha256": doc.sha256,
        "title": doc.title or header.title, "author": doc.author or header.author,
        "publisher": doc.publisher, "url": doc.url,
        "published_at": doc.published_at or header.published_at, "encoding": doc.encoding,
        "n_chars": len(raw), "first_run_id": run_id, "text": raw,
    })
    return Extracted([record], list(claims.values()),
                     [n for span, n in dropped.values() if span not in claims], stats)


# The document record, made of the input's fields, is validated (model_validate without its Python
# wrapper); claims and non-claims, made of the extractor's own values, are built (schemas.build).
_validate_document = DocumentRecord.__pydantic_validator__.validate_python


def _non_claim(raw: str, doc_id: str, span: tuple[int, int], c: Candidate,
               reason: NonClaimReason, score: float | None, run_id: str, version: str
               ) -> NonClaimRecord:
    start, end = span
    return built(NonClaimRecord, {  # a dict display: dict(**fields) is a generic call
        "doc_id": doc_id, "raw_start": start, "raw_end": end, "text": raw[start:end],
        "sentence_index": c.sentence.number, "reason": reason,
        "checkworthiness": None if score is None else _round4(score),
        "run_id": run_id, "extractor_version": version})


def _claim(raw: str, doc_id: str, span: tuple[int, int], ctx: DocumentContext,
           to_raw: tuple[int, ...] | None, c: Candidate, found: list[FoundFigure],
           spoken: Attribution | None, judged: Judgement, run_id: str, version: str
           ) -> tuple[ClaimKind, ClaimRecord]:
    """The claim's kind and record (span: its raw offsets; the kind is returned beside the record
    so that the caller, counting kinds, reads no attribute of the pydantic record back: pydantic's
    generic attribute look-up costs several hundred instructions each)."""
    attribution = c.attribution or (spoken if c.quote is not None else None)
    speaker, surface, speaker_start, speaker_end, role, cue_start, cue_end, content_start, \
        content_end = _attribution_columns(ctx, c, attribution)
    start, end = span
    if to_raw is None:  # raw offsets are the normalised ones
        sentence_start, sentence_end = c.sentence.start, c.sentence.end
    else:
        sentence_start, sentence_end = to_raw[c.sentence.start], to_raw[c.sentence.end]
        speaker_start, speaker_end = _raw(to_raw, speaker_start), _raw(to_raw, speaker_end)
        cue_start, cue_end = _raw(to_raw, cue_start), _raw(to_raw, cue_end)
        content_start, content_end = to_raw[content_start], to_raw[content_end]
    figures = [_figure(raw, f, to_raw) for f in found]
    # A hedge is a word of the candidate's (judged.words, in ASCII text): without any, no search.
    hedge = None if ctx.lowered is not None and _HEDGE_WORDS.isdisjoint(judged.words) else \
        _HEDGES.search(ctx.text, ctx.lowered, c.start, c.end)
    kind = _kind(c, ctx.text, speaker, found)
    return kind, built(ClaimRecord, {  # every field in declared order (schemas.build)
        "claim_id": content_id(doc_id, str(start), str(end)), "doc_id": doc_id,
        "cluster_id": None, "grouping_version": None, "source_id": None, "canonical": None,
        "kind": kind, "text": raw[start:end],
        "speaker": speaker, "speaker_surface": surface, "speaker_start": speaker_start,
        "speaker_end": speaker_end, "speaker_role": role,
        "cue": attribution.cue if attribution else None, "cue_start": cue_start,
        "cue_end": cue_end, "hedged": hedge is not None,
        "hedge_cue": hedge[1].lower() if hedge else None, "figures": figures,
        "checkworthiness": _round4(judged.score), "raw_start": start, "raw_end": end,
        "content_start": content_start, "content_end": content_end,
        "sentence_index": c.sentence.number, "sentence_start": sentence_start,
        "sentence_end": sentence_end, "run_id": run_id, "extractor_version": version,
    }, _GROUPING)


# The builtin bound once: a call of round() in compiled code looks it up in the builtins module.
_round: Final = round


def _round4(x: float) -> float:
    """A score rounded to 4 decimals: the float round(x, 4) gives. round() finds the decimal
    digits by a correctly rounded conversion (~2,600 instructions a call); for a score in
    (0, 1], x * 10000 is within 1e-12 of its exact value, so away from a half it rounds to the
    same integer n, and n / 10000 (one correctly rounded division) is the float nearest that
    decimal, as round() reads its digits back. Near a half, round() decides."""
    if 0.0 < x <= 1.0:  # (-0.0 is left to round(), which keeps its sign)
        y = x * 10000.0
        n = int(y)  # y >= 0: truncation is the floor
        frac = y - n
        if frac < 0.4999 or frac > 0.5001:
            return (n + 1 if frac > 0.5 else n) / 10000.0
    return _round(x, 4)


# A claim's grouping columns, left to the grouping step (tasks/group): not given here.
_GROUPING: Final = frozenset(("cluster_id", "grouping_version", "source_id", "canonical"))

# The attribution columns of a claim: speaker (resolved), speaker surface, speaker start and end,
# role, cue start and end, content start and end.
_Columns = tuple[str | None, str | None, int | None, int | None, str | None, int | None,
                int | None, int, int]


def _figure(raw: str, f: FoundFigure, to_raw: tuple[int, ...] | None) -> Figure:
    a, b = (f.start, f.end) if to_raw is None else (to_raw[f.start], to_raw[f.end])
    return built(Figure, {"value": f.value, "value_high": f.value_high, "unit": f.unit,
                          "qualifier": f.qualifier, "text": raw[a:b], "raw_start": a, "raw_end": b})


def _raw(to_raw: tuple[int, ...], at: int | None) -> int | None:
    return None if at is None else to_raw[at]


def _attribution_columns(ctx: DocumentContext, c: Candidate, a: Attribution | None) -> _Columns:
    """The speaker (resolved), the source as written, its role and their offsets, the cue's
    offsets, and the content's (normalised offsets; a rule's source is found in its attribution's
    text, and its name resolved here)."""
    content_start, content_end = c.content or (c.start, c.end)
    if a is None:
        return None, None, None, None, None, None, None, content_start, content_end
    if a.resolved:
        return (a.speaker if not a.speaker or plausible_speaker(a.speaker) else None, a.surface,
                a.source_start, a.source_end, a.role, a.cue_start, a.cue_end, content_start,
                content_end)
    speaker: str | None = None
    surface: str | None = None
    role: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    window = ctx.text[a.start:a.end]
    if a.speaker and plausible_source(a.speaker):
        at = window.find(a.speaker)
        if at >= 0:
            surface, speaker_start, speaker_end = \
                a.speaker, a.start + at, a.start + at + len(a.speaker)
        resolved = ctx.resolver.resolve(a.speaker)
        speaker = resolved if resolved and plausible_speaker(resolved) else None
        role = split_role(a.speaker)
    at = window.lower().find(a.cue)
    if at >= 0 and a.cue != ":":
        cue_start, cue_end = a.start + at, a.start + at + len(a.cue)
    return speaker, surface, speaker_start, speaker_end, role, cue_start, cue_end, content_start, \
        content_end


def extract_claims(
    docs: list[SourceText], run_id: str, options: ExtractOptions = _DEFAULT
) -> Extracted:
    """Document records, claims and non-claims for a batch of documents."""
    out = Extracted([], [], [], ExtractionStats())
    for doc in docs:
        got = extract_document(doc, run_id, options)
        out.documents.extend(got.documents)
        out.claims.extend(got.claims)
        out.non_claims.extend(got.non_claims)
        out.stats.add(got.stats)
    return out
