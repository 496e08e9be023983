"""Property-based tests: for any Unicode text, normalisation, segmentation and extraction never
raise, and every offset they give maps back into the raw text and slices what it claims to."""

import itertools
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.ids import content_id
from tasks.extract.claims import extract_document
from tasks.extract.normalise import normalise, read_header
from tasks.extract.segment import blocks, quotes, sentences
from tasks.ingest.sources import SourceText

PROPERTY = settings(max_examples=200, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# News-like pieces mixed with the characters that move offsets or end sentences and quotes.
PIECES = [
    "The minister said", " ", ".", ". ", "\n", "\n\n", "\r\n", "\r", "\u00a0", "\u2028", "\t",
    '"', "“", "”", "'", "’", "‘", "«", "»", "—", "–", "-", "•", "* ", "1. ", "U.S.", "Mr.", "J.",
    "e\u0301", "a\u0308\u0323", "\u0301", "ﬁ", "Å", "\ufeff", "\u200b", "3,000", "4.5 million",
    "12%", "$5 billion", "by 2030", "according to officials", "reportedly", "could", ", while ",
    "(UN)", "United Nations", "Anna Novak", "he", ":", ";", "!", "?",
    "By Ann Lee // May 1, 2024",
]
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join),
)


@PROPERTY
@given(TEXT)
def test_normalise_maps_every_offset_back_to_the_raw_text(raw):
    norm = normalise(raw)
    n = len(norm.text)
    offsets = [norm.raw_offset(i) for i in range(n + 1)]
    assert offsets[0] == 0 and offsets[-1] == len(raw)
    assert offsets == sorted(offsets)
    if norm.to_raw is None:
        assert n == len(raw)
    assert unicodedata.is_normalized("NFC", norm.text)
    # each normalised character comes from the raw characters between its mapped offsets
    # (a carriage return reads differently alone: "\r\n" becomes " \n", a lone "\r" "\n")
    for i in range(n):
        if offsets[i + 1] > offsets[i] and "\r" not in raw[offsets[i]:offsets[i + 1]]:
            piece = normalise(raw[offsets[i]:offsets[i + 1]]).text
            assert norm.text[i] in piece


def _raw_span(norm, start: int, end: int, raw: str) -> tuple[int, int]:
    a, b = norm.raw_offset(start), norm.raw_offset(end)
    assert 0 <= a <= b <= len(raw)
    return a, b


@PROPERTY
@given(TEXT)
def test_segments_lie_inside_the_text_in_order_and_map_to_raw(raw):
    norm = normalise(raw)
    text = norm.text
    read_header(text)
    found = blocks(text)
    for block in found:
        assert 0 <= block.start < block.end <= len(text)
        assert text[block.start:block.end].strip() == text[block.start:block.end]
        assert block.kind in {"title", "heading", "bullet", "text"}
        _raw_span(norm, block.start, block.end, raw)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    sents = sentences(text, found)
    assert [s.number for s in sents] == list(range(len(sents)))
    for s in sents:
        block = found[s.block]
        assert block.start <= s.start < s.end <= block.end
        assert text[s.start:s.end].strip() == text[s.start:s.end]
        a, b = _raw_span(norm, s.start, s.end, raw)
        assert raw[a:b].strip()
    assert all(a.end <= b.start for a, b in itertools.pairwise(sents))
    for block in found:
        for q in quotes(text, block.start, block.end):
            assert block.start <= q.start <= q.end <= block.end
            assert text[q.start - 1] in "\"'" and text[q.end] in "\"'"
            _raw_span(norm, q.start, q.end, raw)


@PROPERTY
@given(TEXT)
def test_claims_slice_the_raw_text_exactly(raw):
    doc = SourceText(doc_id=content_id(raw), source_uri="prop.txt", sha256="0" * 64, text=raw,
                     encoding="utf-8")
    (record,), claims, non_claims, stats = extract_document(doc, "run")
    assert record.text == raw and record.n_chars == len(raw)
    assert sum(stats.kept.values()) == len(claims)
    for c in claims:
        assert 0 <= c.sentence_start <= c.raw_start < c.raw_end <= c.sentence_end <= len(raw)
        assert raw[c.raw_start:c.raw_end] == c.text
        for f in c.figures:
            assert raw[f.raw_start:f.raw_end] == f.text
            assert c.raw_start <= f.raw_start <= f.raw_end <= c.raw_end
    for n in non_claims:
        assert 0 <= n.raw_start < n.raw_end <= len(raw) and raw[n.raw_start:n.raw_end] == n.text
        assert (n.checkworthiness is None) == (n.reason == "heading")
        assert n.checkworthiness is None or 0 <= n.checkworthiness <= 1
