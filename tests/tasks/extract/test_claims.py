import random
from pathlib import Path

import pytest

from tasks.extract.checkworthy import DocumentFeatures
from tasks.extract.claims import extract_claims, extract_document, read_candidates
from tasks.extract.filters import veto
from tasks.ingest.options import IngestOptions
from tasks.ingest.read import read_sources
from tasks.ingest.sources import SourceText
from tests.seed_facts import SEED_CLAIMS, SEED_SENTENCES


def source(text: str) -> SourceText:
    return SourceText(doc_id="d", source_uri="mem", sha256="0", text=text, encoding="utf-8")


def claims_of(text: str):
    return extract_document(source(text), "run")[1]


@pytest.fixture(scope="module")
def seed_claims(seeds_dir: Path):
    docs, _ = read_sources(sorted(seeds_dir.glob("*.txt")), IngestOptions())
    return docs, extract_claims(docs, "run")


def test_every_claim_slices_back_to_its_raw_text(seed_claims):
    docs, (_, claims, _, _) = seed_claims
    text_of = {d.doc_id: d.text for d in docs}
    assert claims
    for c in claims:
        assert text_of[c.doc_id][c.raw_start : c.raw_end] == c.text
        for f in c.figures:
            assert text_of[c.doc_id][f.raw_start : f.raw_end] == f.text


def test_the_built_records_are_what_validation_makes(seed_claims):
    # claims, their figures and non-claims are built unvalidated (schemas.build)
    _, (_, claims, non_claims, _) = seed_claims
    for record in claims + non_claims:
        again = type(record).model_validate(record.model_dump(exclude_unset=True))
        assert again == record and again.model_dump_json() == record.model_dump_json()
        assert again.model_fields_set == record.model_fields_set


def test_seed_counts_are_exact(seed_claims):
    _, (records, claims, _, stats) = seed_claims
    assert len(records) == 5
    assert len(claims) == SEED_CLAIMS
    assert stats.sentences == SEED_SENTENCES
    assert stats.dropped["boilerplate"] == 4


def test_quote_with_speaker_after_it():
    text = (
        "Speaking at a briefing, press secretary Dmitry Peskov spoke. ‘We are deeply grateful "
        "to our Korean friends for their heroic assistance,’ Peskov stated, his voice laced "
        "with urgency."
    )
    quote = [c for c in claims_of(text) if c.kind == "quote"]
    assert len(quote) == 1
    # the quotation alone: its attribution tail is no part of the claim
    assert quote[0].text == (
        "We are deeply grateful to our Korean friends for their heroic assistance"
    )
    assert quote[0].speaker == "Dmitry Peskov" and quote[0].cue == "stated"
    assert quote[0].speaker_surface == "Peskov"
    assert text[quote[0].speaker_start:quote[0].speaker_end] == "Peskov"
    assert text[quote[0].cue_start:quote[0].cue_end] == "stated"


def test_a_concessive_clause_is_a_claim_of_its_own():
    """An attribution after "though" starts its claim there: the statement does not swallow the
    quotation before it, which keeps its own speaker."""
    text = ("\u2018We are monitoring the situation closely,\u2019 said a U.S. State Department "
            "spokesperson, though they declined to comment on the specifics of the report.")
    got = {c.kind: c for c in claims_of(text)}
    assert got["quote"].text == "We are monitoring the situation closely"
    assert got["quote"].speaker == "U.S. State Department spokesperson"
    assert got["statement"].text == ("they declined to comment on the specifics of the "
                                     "report")


def test_two_figures_in_one_sentence_make_two_claims():
    text = (
        "North Korea is sending 6,000 engineers and construction workers to rebuild "
        "Russian-controlled territories like Kursk, while over 10,000 North Korean troops "
        "already fight alongside Russian forces in Ukraine."
    )
    got = claims_of(text)
    assert [c.text for c in got] == [
        "North Korea is sending 6,000 engineers and construction workers to rebuild "
        "Russian-controlled territories like Kursk",
        "while over 10,000 North Korean troops already fight alongside Russian forces in Ukraine.",
    ]
    assert [[(f.value, f.qualifier) for f in c.figures] for c in got] == [
        [(6000.0, None)],
        [(10000.0, "over")],
    ]


def test_boilerplate_and_rhetoric_are_not_claims():
    text = (
        "Yet, the geopolitical stakes are rising.\n\nThe situation in Kursk Oblast remains "
        "volatile.\n\nWatch the video below about South Korea responding.\n\nSources include: "
        "FoxNews.com BrightU.ai"
    )
    assert claims_of(text) == []


def test_reported_statement_has_source_and_hedge():
    text = (
        "South Korea’s National Intelligence Service (NIS) has reportedly intercepted "
        "communications. The NIS claims that Pyongyang is leveraging its military expertise "
        "in mine clearance."
    )
    got = claims_of(text)
    nis = [c for c in got if c.text.startswith("The NIS claims")]
    assert nis[0].speaker == "South Korea's National Intelligence Service"  # normalised quotes
    assert nis[0].kind == "statement" and nis[0].hedged and nis[0].hedge_cue == "claims"


def test_the_vetoes_decide_alike_with_the_candidates_words():
    # veto(lexical=...) looks for boilerplate, a greeting or a prescription only when the
    # candidate's words could open one: never a decision changed
    rng = random.Random(4)
    pieces = ["Watch", "watch", "the video", "Thank you", "thanks", "Good morning", "and", "So,",
              "I", "we", "want to", "thank", "everyone", "(c)", "Copyright", "All rights reserved",
              "Sources close to the talks include", "Read more", "must", "should", "has to",
              "The ministry said", "prices rose", "'", '"', "2", ",", ".", "?", "\n\n"]
    reasons = set()
    for _ in range(400):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(3, 40)))
        dc = read_candidates(text)
        features = DocumentFeatures(dc.ctx)
        for c, found in dc.candidates:
            lexical = features.features(c, found)[0]
            want = veto(dc.ctx, c, bool(found))
            reasons.add(want)
            assert veto(dc.ctx, c, bool(found), lexical) == want, dc.ctx.text[c.start:c.end]
    assert {"boilerplate", "greeting", "prescription", None} <= reasons
