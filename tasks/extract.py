"""Extract: claims from a document's sentences, with speaker, figures, hedges and raw offsets.

A sentence is split into clauses where English news packs several claims into one sentence
(", while", ", with X doing", ", including", ", where", participle clauses, "; "). Full quotations
(starting with a capital) are claims of their own, one per quoted sentence, attributed to the
speaker found around the quotation. Each candidate passes the check-worthiness filters or is
dropped with a reason that the step counts.
"""

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas.derive import to_table
from schemas.records import ClaimRecord, DocumentRecord
from tasks.attribution import (
    CUES,
    Attribution,
    SpeakerResolver,
    attribution_after_quote,
    attribution_before_quote,
    find_attribution,
    transcript_speaker,
)
from tasks.config import content_id
from tasks.families import SKETCH_VERSION, sketch
from tasks.figures import FoundFigure, find_figures
from tasks.ingest import SourceText
from tasks.normalise import NormalisedText, normalise, read_header
from tasks.patterns import Caseless, alternation, lowered_ascii
from tasks.segment import Quote, Sentence, blocks, quotes, sentences
from tasks.store import Lake
from tasks.terms import TERMS_VERSION, claim_terms

EXTRACTOR_VERSION = "1"

# A clause break found at its , ; or — (the regex engine skips ahead to those characters); a dash
# break also takes the spaces before it (see _clause_breaks).
_CLAUSE_BREAK = re.compile(
    r"[,]['\"]?\s+(?=(?:while|whereas|where|including"
    r"|with\s+(?!the\s+help)\S+(?:\s+\S+){0,5}?\s+\w+(?:ing|ed)\b"
    r"|an?\s+[a-z]+(?:\s+[a-z]+)?\s+(?:that|which)\b"
    r"|(?:[a-z]+ing)\s+(?!to\b)))|;\s+|—\s*(?=[a-z])"
)
_CONJ = "(?:and|but|or|while|with|including|which|who|where|as|from|to)"
HEDGE_CUES = frozenset(
    "reportedly allegedly alleged suggest suggests suggesting may might could claim claims "
    "claimed estimate estimates estimated possibly potentially apparently believed speculate "
    "speculates speculated unconfirmed unverified likely expected rumored rumoured "
    "purportedly".split()
)
_HEDGES = Caseless(r"\b(" + alternation(HEDGE_CUES) + r")\b")
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
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# A capitalised word after a lower-case word, comma or semicolon (capital first, so the regex
# engine can skip ahead to capitals).
_PROPER = re.compile(r"[A-Z](?<=[a-z,;] [A-Z])[a-zA-Z'-]+")
_PARTICIPLE = re.compile(r"[a-z]+ing\b")
_NEXT_WORD = re.compile(r",\s+([a-z]+)\b")
_CONJUNCTION_OR_PARTICIPLE = re.compile(rf"{_CONJ}|[a-z]+ing")


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


class Candidate(NamedTuple):
    """A span that may be a claim, with what is known about it."""

    start: int
    end: int
    sentence: Sentence
    quote: Quote | None = None
    attribution: Attribution | None = None


class DocumentContext:
    """What the extractor knows about one document."""

    def __init__(self, norm: NormalisedText) -> None:
        self.text = norm.text
        self.lowered = lowered_ascii(norm.text)
        self.resolver = SpeakerResolver(norm.text)
        self._proper: set[str] | None = None
        self._named: dict[tuple[int, int], bool] = {}

    @property
    def proper(self) -> set[str]:
        """Capitalised words found inside a sentence (after a lower-case word, comma or
        semicolon), found on demand."""
        if self._proper is None:
            self._proper = set(_PROPER.findall(self.text))
        return self._proper

    def has_name(self, start: int, end: int) -> bool:
        """Whether the span names something: a capitalised word not merely sentence-initial
        (kept per span: the clauses of a sentence ask about the sentence)."""
        if (start, end) not in self._named:
            self._named[start, end] = self._find_name(start, end)
        return self._named[start, end]

    def _find_name(self, start: int, end: int) -> bool:
        for i, m in enumerate(_WORD.finditer(self.text, start, end)):
            word = m[0].rstrip("'s").rstrip("'")
            if word[:1].isupper() and word != "I" and (i > 0 or word in self.proper):
                return True
        return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces and dangling punctuation (keeping a closing stop and a balanced quote)."""
    while start < end and (text[start].isspace() or text[start] in ",;:-—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-—"):
        end -= 1
    return start, end


def _clause_breaks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Clause breaks in text[start:end] as (start, end): ", while", "; ", " — " (a dash with the
    spaces before it that no earlier break took)."""
    taken = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        at = m.start()
        if text[at] == "—":
            while at > taken and text[at - 1].isspace():
                at -= 1
        taken = m.end()
        yield at, taken


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for at, after in _clause_breaks(text, start, end):
        left = text[cuts[-1]:at]
        right = text[after:end]
        if len(left.split(maxsplit=3)) < 4 or len(right.split(maxsplit=3)) < 4:
            continue
        if left.count('"') % 2:
            continue
        participle = _PARTICIPLE.match(right)
        next_word = participle and _NEXT_WORD.search(right)
        if next_word and not _CONJUNCTION_OR_PARTICIPLE.fullmatch(next_word[1]):
            continue  # an appositive: "deminers, operating under secrecy, continue ..."
        cuts.append(after)
    cuts.append(end)
    return [_trim(text, a, b) for a, b in itertools.pairwise(cuts)]


def _reports(text: str, c: Candidate) -> bool:
    """Whether a clause carries on reported speech ("warning that ...", "that ..."), and so takes
    the attribution of its sentence."""
    head = text[c.start:c.end].lstrip("\"' ")
    first = head.split(" ", 1)[0].lower()
    return first == "that" or c.start == c.sentence.start or first in CUES


def _full_quote(text: str, q: Quote) -> bool:
    content = text[q.start:q.end].strip()
    return content[:1].isupper() and len(content.split()) >= 4


def _quote_attribution(text: str, q: Quote, sents: list[Sentence]) -> Attribution | None:
    last = next(s for s in sents if s.start <= q.end <= s.end)
    first = next(s for s in sents if s.start <= q.start <= s.end)
    after = attribution_after_quote(text, q.end + 1, last.end)
    if after:
        return after
    return attribution_before_quote(text, first.start, max(first.start, q.start - 1))


def _quote_candidates(ctx: DocumentContext, sents: list[Sentence], full: list[Quote]):
    """Claims from full quotations: one per quoted sentence, with the quotation's speaker."""
    text = ctx.text
    spoken: dict[int, Attribution] = {}
    out: list[Candidate] = []
    previous: tuple[Attribution | None, int] = (None, -2)
    for q in full:
        first = next(s.index for s in sents if s.start <= q.start <= s.end)
        last = next(s.index for s in sents if s.start <= q.end <= s.end)
        attribution = _quote_attribution(text, q, sents)
        if attribution is None and first - previous[1] <= 1:
            attribution = previous[0]  # a quotation continuing the one just before
        previous = (attribution, last)
        for s in sents:
            if s.end <= q.start or s.start >= q.end:
                continue
            a, b = _trim(text, max(s.start, q.start), min(s.end, q.end))
            if b <= a:
                continue
            if attribution and s.start <= attribution.start < s.end and attribution.end <= s.end:
                b = max(b, _trim(text, attribution.start, attribution.end)[1])
            out.append(Candidate(a, b, s, q, attribution))
            spoken[s.index] = attribution
    return out, spoken


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


def _frame_candidates(ctx: DocumentContext, s: Sentence, full: list[Quote]) -> list[Candidate]:
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
        for ca, cb in _clauses(text, a, b):
            if cb <= ca:
                continue
            if inside and attribution_before_quote(text, ca, cb):
                continue  # the clause only introduces the quotation
            # A heading is no claim: its attribution is never read.
            attribution = None if s.kind == "heading" else find_attribution(text, ca, cb)
            out.append(Candidate(ca, cb, s, None, attribution))
    return out


def _kind(c: Candidate, chunk: str, speaker: str | None, figures: list[FoundFigure]) -> str:
    if c.quote is not None or (speaker and chunk.count('"') >= 2):
        return "quote"
    if c.attribution is not None or speaker:
        return "statement"
    return "numeric" if figures else "event"


def extract_document(
    doc: SourceText, run_id: str
) -> tuple[DocumentRecord, list[ClaimRecord], ExtractionStats]:
    """The document record and its claims."""
    norm = normalise(doc.text)
    text = norm.text
    header = read_header(text)
    ctx = DocumentContext(norm)
    block_list = blocks(text)
    sents = sentences(text, block_list)
    if header.byline:
        low, high = header.byline
        sents = [s for s in sents if not (s.start >= low and s.end <= high)]
    doc_quotes = [q for b in block_list for q in quotes(text, b.start, b.end)]
    full = [q for q in doc_quotes if _full_quote(text, q)]
    quote_cands, spoken = _quote_candidates(ctx, sents, full)
    stats = ExtractionStats(documents=1, sentences=len(sents))
    candidates = list(quote_cands)
    turns = {b: transcript_speaker(text, block.start, block.end)
             if text.find(":", block.start, block.end) >= 0 else None
             for b, block in enumerate(block_list)}
    for s in sents:
        frame = _frame_candidates(ctx, s, full)
        sentence_attr = next((c.attribution for c in frame if c.attribution), turns[s.block])
        for c in frame:
            if c.attribution is None and sentence_attr is not None and _reports(text, c):
                c = Candidate(c.start, c.end, c.sentence, None, sentence_attr)
            candidates.append(c)
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
        claim = _claim(doc, norm, ctx, c, found, spoken.get(c.sentence.index), run_id)
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


def _claim(doc, norm, ctx, c: Candidate, found, spoken, run_id) -> ClaimRecord:
    raw = doc.text
    attribution = c.attribution or (spoken if c.quote is not None else None)
    speaker = ctx.resolver.resolve(attribution.speaker) if attribution else None
    to_raw = norm.to_raw
    if to_raw is None:  # raw offsets are the normalised ones
        start, end, sentence_start, sentence_end = c.start, c.end, c.sentence.start, c.sentence.end
        spans = [(f.start, f.end) for f in found]
    else:
        start, end = to_raw[c.start], to_raw[c.end]
        sentence_start, sentence_end = to_raw[c.sentence.start], to_raw[c.sentence.end]
        spans = [(to_raw[f.start], to_raw[f.end]) for f in found]
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
        speaker=speaker,
        cue=attribution.cue if attribution else None, hedged=hedge is not None,
        hedge_cue=hedge[1].lower() if hedge else None, figures=figures,
        raw_start=start, raw_end=end, sentence_index=c.sentence.index,
        sentence_start=sentence_start, sentence_end=sentence_end,
        run_id=run_id, extractor_version=EXTRACTOR_VERSION,
    ))


def extract_claims(
    docs: list[SourceText], run_id: str
) -> tuple[list[DocumentRecord], list[ClaimRecord], ExtractionStats]:
    """Document records and claims for a batch of documents."""
    records, claims, stats = [], [], ExtractionStats()
    for doc in docs:
        record, found, doc_stats = extract_document(doc, run_id)
        records.append(record)
        claims.extend(found)
        stats.add(doc_stats)
    return records, claims, stats


@dataclass
class ExtractedBatch:
    """A batch's extraction as lake tables, and its counters."""

    documents: pa.Table
    claims: pa.Table
    match_terms: pa.Table
    document_sketches: pa.Table
    stats: ExtractionStats


def extract_tables(docs: list[SourceText], run_id: str) -> ExtractedBatch:
    """Extract a batch of documents into Arrow tables: documents, claims (lake columns), and each
    claim's match terms and each document's shingle sketch (computed here, in the worker, once)."""
    records, claims, stats = extract_claims(docs, run_id)
    table = to_table(claims, ClaimRecord, frozenset({"cluster_id"}))
    terms = pa.array([claim_terms(c.text, c.speaker) for c in claims], pa.list_(pa.string()))
    return ExtractedBatch(
        documents=to_table(records, DocumentRecord), claims=table,
        match_terms=pa.table({"claim_id": table.column("claim_id"), "terms": terms,
                              "terms_version": [TERMS_VERSION] * len(claims)}),
        document_sketches=pa.table({
            "doc_id": pa.array([r.doc_id for r in records], pa.string()),
            "sketch": pa.array([sketch(r.text) for r in records], pa.list_(pa.int64())),
            "sketch_version": [SKETCH_VERSION] * len(records)}),
        stats=stats)


@dataclass
class WrittenBatch:
    """A batch extracted into unpublished lake parts: where, what, and its counters."""

    parts: dict[str, str]  # lake table → part file within the lake
    doc_ids: list[str]
    n_claims: int
    stats: ExtractionStats


def extract_to_lake(docs: list[SourceText], run_id: str, lake_root: str, label: str
                    ) -> WrittenBatch:
    """Extract a batch and write its tables as part files `<run_id>-<label>` of the lake: the
    rows go to disk where they were made, only counts travel back."""
    got, lake = extract_tables(docs, run_id), Lake(lake_root)
    parts = {name: lake.write_part(name, f"{run_id}-{label}", rows)
             for name in ("documents", "claims", "match_terms", "document_sketches")
             if (rows := getattr(got, name)).num_rows}
    return WrittenBatch(parts, got.documents.column("doc_id").to_pylist(), got.claims.num_rows,
                        got.stats)


@task(
    name="extract", task_run_name="extract-batch-{batch_no}",
    cache_policy=NO_CACHE,  # deterministic stages: Prefect need not hash their inputs
)
def extract_batch(docs: list[SourceText], run_id: str, batch_no: int, lake_root: str
                  ) -> WrittenBatch:
    """Prefect task: normalise, segment and extract one batch of documents into lake parts."""
    return extract_to_lake(docs, run_id, lake_root, f"b{batch_no:05d}")
