"""Extract: claims from a document's sentences, with speaker, figures, hedges and raw offsets.

A sentence is split into clauses where English news packs several claims into one sentence
(", while", ", with X doing", ", including", ", where", participle clauses, "; "). Full quotations
(starting with a capital) are claims of their own, one per quoted sentence, attributed to the
speaker found around the quotation. Each candidate passes the check-worthiness filters or is
dropped with a reason that the step counts.
"""

import bisect
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from schemas.ids import content_id
from schemas.records import ClaimKind, ClaimRecord, DocumentRecord
from tasks.extract.attribution import Attribution
from tasks.extract.candidates import Candidate, document_candidates
from tasks.extract.context import DocumentContext
from tasks.extract.figures import FoundFigure, find_figures
from tasks.extract.filters import drop_reason
from tasks.extract.normalise import NormalisedText, normalise, read_header
from tasks.extract.options import ExtractOptions
from tasks.extract.segment import blocks, sentences
from tasks.extract.speakers import plausible_source, plausible_speaker, split_role
from tasks.extract.version import extractor_version
from tasks.ingest.sources import SourceText
from tasks.text.lexicon import HEDGE_CUES
from tasks.text.patterns import Caseless, alternation

_HEDGES = Caseless(r"\b(" + alternation(HEDGE_CUES) + r")\b")


@dataclass
class ExtractionStats:
    """Counters of one extraction step: kept claims by kind, dropped candidates by reason."""

    documents: int = 0
    sentences: int = 0
    kept: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)

    def add(self, other: "ExtractionStats") -> None:
        """Fold another step's counters into these."""
        self.documents += other.documents
        self.sentences += other.sentences
        self.kept.update(other.kept)
        self.dropped.update(other.dropped)



_DEFAULT = ExtractOptions()


def _kind(c: Candidate, chunk: str, speaker: str | None, figures: list[FoundFigure]
          ) -> ClaimKind:
    if c.quote is not None or (speaker and chunk.count('"') >= 2):
        return "quote"
    if c.attribution is not None or speaker:
        return "statement"
    return "numeric" if figures else "event"


def extract_document(
    doc: SourceText, run_id: str, options: ExtractOptions = _DEFAULT
) -> tuple[DocumentRecord, list[ClaimRecord], ExtractionStats]:
    """The document record and its claims."""
    version = extractor_version(options)
    norm = normalise(doc.text)
    text = norm.text
    header = read_header(text)
    ctx = DocumentContext(norm)
    block_list = blocks(text)
    sents = sentences(text, block_list)
    if header.byline:
        low, high = header.byline
        sents = [s for s in sents if not (s.start >= low and s.end <= high)]
    candidates, spoken = document_candidates(ctx, block_list, sents, options)
    stats = ExtractionStats(documents=1, sentences=len(sents))
    claims: dict[str, ClaimRecord] = {}
    # Figures of headings are never read: a heading is no claim.
    figures = find_figures(text, within=[(s.start, s.end) for s in sents if s.kind != "heading"])
    starts = [f.start for f in figures]
    for c in sorted(candidates, key=itemgetter(0, 1)):  # by start, then end
        first = bisect.bisect_left(starts, c.start)
        found = [f for f in figures[first:bisect.bisect_left(starts, c.end)] if f.end <= c.end]
        if reason := drop_reason(ctx, c, bool(found)):
            stats.dropped[reason] += 1
            continue
        claim = _claim(doc, norm, ctx, c, found, spoken.get(c.sentence.number), run_id,
                       version)
        if claim.claim_id not in claims:
            claims[claim.claim_id] = claim
            stats.kept[claim.kind] += 1
    record = DocumentRecord(
        doc_id=doc.doc_id, source_uri=doc.source_uri, sha256=doc.sha256,
        title=doc.title or header.title, author=doc.author or header.author,
        publisher=doc.publisher, url=doc.url,
        published_at=doc.published_at or header.published_at, encoding=doc.encoding,
        n_chars=len(doc.text), first_run_id=run_id, text=doc.text,
    )
    return record, list(claims.values()), stats


# ClaimRecord.model_validate without its Python wrapper (a third faster than ClaimRecord(**kw); the
# same validation, the same record).
_validate_claim = ClaimRecord.__pydantic_validator__.validate_python


def _claim(doc: SourceText, norm: NormalisedText, ctx: DocumentContext, c: Candidate,
           found: list[FoundFigure], spoken: Attribution | None, run_id: str, version: str
           ) -> ClaimRecord:
    raw = doc.text
    attribution = c.attribution or (spoken if c.quote is not None else None)
    columns = _attribution_columns(ctx, c, attribution)
    speaker = columns["speaker"]
    to_raw = norm.to_raw
    if to_raw is None:  # raw offsets are the normalised ones
        start, end, sentence_start, sentence_end = c.start, c.end, c.sentence.start, c.sentence.end
        spans = [(f.start, f.end) for f in found]
    else:
        start, end = to_raw[c.start], to_raw[c.end]
        sentence_start, sentence_end = to_raw[c.sentence.start], to_raw[c.sentence.end]
        spans = [(to_raw[f.start], to_raw[f.end]) for f in found]
        columns = {k: to_raw[v] if k in _OFFSETS and v is not None else v
                   for k, v in columns.items()}
    # Figures as fields, validated as Figure records with the claim.
    figures = [
        {"value": f.value, "value_high": f.value_high, "unit": f.unit, "qualifier": f.qualifier,
         "text": raw[a:b], "raw_start": a, "raw_end": b}
        for f, (a, b) in zip(found, spans, strict=True)
    ]
    hedge = _HEDGES.search(ctx.text, ctx.lowered, c.start, c.end)
    return _validate_claim(dict(
        claim_id=content_id(doc.doc_id, str(start), str(end)), doc_id=doc.doc_id,
        kind=_kind(c, ctx.text[c.start:c.end], speaker, found), text=raw[start:end],
        **columns, cue=attribution.cue if attribution else None, hedged=hedge is not None,
        hedge_cue=hedge[1].lower() if hedge else None, figures=figures,
        raw_start=start, raw_end=end, sentence_index=c.sentence.number,
        sentence_start=sentence_start, sentence_end=sentence_end,
        run_id=run_id, extractor_version=version,
    ))


_OFFSETS = frozenset(("speaker_start", "speaker_end", "cue_start", "cue_end", "content_start",
                      "content_end"))


def _attribution_columns(ctx: DocumentContext, c: Candidate, a: Attribution | None
                         ) -> dict[str, Any]:
    """The speaker (resolved), the source as written, its role and their offsets, the cue's
    offsets, and the content's (normalised offsets; a rule's source is found in its attribution's
    text, and its name resolved here)."""
    content = c.content or (c.start, c.end)
    columns: dict[str, Any] = dict(
        speaker=None, speaker_surface=None, speaker_start=None, speaker_end=None,
        speaker_role=None, cue_start=None, cue_end=None, content_start=content[0],
        content_end=content[1])
    if a is None:
        return columns
    if a.resolved:
        if a.speaker and not plausible_speaker(a.speaker):
            a = a._replace(speaker=None)
        return columns | dict(
            speaker=a.speaker, speaker_surface=a.surface, speaker_start=a.source_start,
            speaker_end=a.source_end, speaker_role=a.role, cue_start=a.cue_start,
            cue_end=a.cue_end)
    text = ctx.text
    window = text[a.start:a.end]
    if a.speaker and plausible_source(a.speaker):
        at = window.find(a.speaker)
        if at >= 0:
            columns |= dict(speaker_surface=a.speaker, speaker_start=a.start + at,
                            speaker_end=a.start + at + len(a.speaker))
        speaker = ctx.resolver.resolve(a.speaker)
        columns |= dict(speaker=speaker if speaker and plausible_speaker(speaker) else None,
                        speaker_role=split_role(a.speaker))
    at = window.lower().find(a.cue)
    if at >= 0 and a.cue != ":":
        columns |= dict(cue_start=a.start + at, cue_end=a.start + at + len(a.cue))
    return columns


def extract_claims(
    docs: list[SourceText], run_id: str, options: ExtractOptions = _DEFAULT
) -> tuple[list[DocumentRecord], list[ClaimRecord], ExtractionStats]:
    """Document records and claims for a batch of documents."""
    records: list[DocumentRecord] = []
    claims: list[ClaimRecord] = []
    stats = ExtractionStats()
    for doc in docs:
        record, found, doc_stats = extract_document(doc, run_id, options)
        records.append(record)
        claims.extend(found)
        stats.add(doc_stats)
    return records, claims, stats

