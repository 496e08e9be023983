"""Attribution rules, each on a real sentence from the seeds or of the kind found in PolNeAR."""

import random
import re

import pytest

from tasks.extract.attribution import _clean, _last_phrase
from tasks.extract.claims import extract_document
from tasks.ingest.sources import SourceText


def claims(text: str):
    doc = SourceText(doc_id="d", source_uri="mem", sha256="0", text=text, encoding="utf-8")
    return extract_document(doc, "run")[1]


def only(text: str):
    got = claims(text)
    assert len(got) == 1, [c.text for c in got]
    return got[0]


@pytest.mark.parametrize(("text", "span", "kind", "speaker", "cue"), [
    # speaker after the quotation, anonymous source: the claim is the quotation, no tail
    ("‘This is a matter of national security,’ one anonymous official told reporters, speaking "
     "on condition of anonymity.",
     "This is a matter of national security", "quote", "anonymous official", "told"),
    # inverted cue after the quotation, honorific dropped from the name
    ('"We won the vote," said Mr. Smith.', "We won the vote", "quote", "Smith", "said"),
    # abbreviation inside the subject, adverb between subject and cue; "X said that" kept
    ("U.S. officials have long warned that Russia’s desperation could lead to sharing ballistic "
     "missile or nuclear technology with Pyongyang.",
     "U.S. officials have long warned that Russia’s desperation could lead to sharing ballistic "
     "missile or nuclear technology with Pyongyang", "statement", "U.S. officials", "warned"),
    # the attribution after the content is no part of the claim
    ("His start-up capital was less than expected, Mr. Clarke conceded.",
     "His start-up capital was less than expected", "statement", "Clarke", "conceded"),
    # transcript turn
    ("PENCE: Gennifer Flowers will not be attending the debate tomorrow night.", None, "statement",
     "Pence", ":"),
    # possessive speech noun with a quotation in its content
    ("This move follows Kim Jong Un's pledge of \"unconditional support\" for Russia's war "
     "effort.", "This move follows Kim Jong Un's pledge of \"unconditional support\" for Russia's "
     "war effort", "quote", "Kim Jong Un", "pledge"),
])
def test_attribution_rules(text, span, kind, speaker, cue):
    claim = only(text)
    assert claim.text == (span or text)
    assert (claim.kind, claim.speaker, claim.cue) == (kind, speaker, cue)


def test_a_participle_cue_attributes_what_follows_it():
    claim = only("South Korea’s National Intelligence Service (NIS) has reportedly intercepted "
                 "communications suggesting that thousands of North Korean soldiers are being "
                 "dispatched to Russia.")
    assert (claim.kind, claim.cue) == ("statement", "suggesting")
    assert claim.text[claim.content_start - claim.raw_start:] == (
        "thousands of North Korean soldiers are being dispatched to Russia")


def test_appositive_name_wins_over_the_role_and_carries_to_the_next_clause():
    text = ("Ukraine's military intelligence chief, Lt. Gen. Kyrylo Budanov, confirmed the arrival "
            "of North Korean engineers, warning that additional deployments could follow by late "
            "summer.")
    got = claims(text)
    assert [c.text for c in got] == [
        "Ukraine's military intelligence chief, Lt. Gen. Kyrylo Budanov, confirmed the arrival of "
        "North Korean engineers",
        "warning that additional deployments could follow by late summer",
    ]
    assert [c.speaker for c in got] == ["Kyrylo Budanov", "Kyrylo Budanov"]
    # the participle's source is the sentence's: the same phrase and role as the first clause's
    assert got[1].speaker_surface == got[0].speaker_surface
    assert got[1].speaker_role == got[0].speaker_role == "chief Lt. Gen."
    assert got[1].hedged and got[1].hedge_cue == "could"


def test_a_claim_noun_with_its_owner_is_an_attribution():
    claim = only("Video contradicts the Tulsa police's earlier claim that the man was armed.")
    assert (claim.speaker, claim.cue) == ("Tulsa police", "claim")
    assert claim.text[claim.content_start - claim.raw_start:] == "the man was armed"


def test_a_surname_resolves_to_the_full_name_in_the_document():
    text = ("Dmitry Peskov spoke in Moscow on Monday. ‘We are deeply grateful to our Korean "
            "friends for their heroic assistance,’ Peskov stated.")
    quote = next(c for c in claims(text) if c.kind == "quote")
    assert quote.speaker == "Dmitry Peskov"


def test_she_is_never_a_man_named_before():
    text = ('John Rangel said: "It is a big deal for all of us."\n\nThe rally in Ohio drew '
            'thousands of people on Monday.\n\n"We lost the vote in the end," she said.')
    speakers = {c.text: (c.speaker, c.speaker_surface) for c in claims(text) if c.kind == "quote"}
    assert speakers["It is a big deal for all of us."] == ("John Rangel", "John Rangel")
    # "she" is not the man named two paragraphs before: no speaker, the surface kept
    assert speakers["We lost the vote in the end"] == (None, "she")


def test_he_is_the_person_named_before_him():
    text = ("Senator Bob Casey spoke in Scranton on Monday. He said the bill would pass the "
            "Senate by the end of the month.")
    claim = next(c for c in claims(text) if c.cue == "said")
    assert (claim.speaker, claim.speaker_surface) == ("Bob Casey", "He")
    assert text[claim.speaker_start:claim.speaker_end] == "He"


def test_passive_description_is_attributed():
    claim = only("The visit, which took place in a climate of heightened international scrutiny, "
                 "was officially described as a ‘discussion of bilateral cooperation in the "
                 "military-political sphere.’")
    assert (claim.kind, claim.cue, claim.speaker) == ("statement", "described", None)


@pytest.mark.parametrize(("text", "reason"), [
    ("The international community must continue to pressure both Russia and North Korea to "
     "cease this illicit arms trade.", "prescription"),
    ("So, Senator Sanders, would you ask him to withdraw the nomination?", "question"),
    ("First, I want to thank the New Hampshire union leader for hosting us.", "greeting"),
    ("Meanwhile, Ukraine faces a tough reinforcement challenge.", "rhetoric"),
    ("The implications of these developments are being felt in both Moscow and Pyongyang.",
     "commentary"),
    ("We will make America great again, believe me.", "low score"),
    ("Sources include: FoxNews.com The-Express.com StraitsTimes.com", "boilerplate"),
])
def test_non_claims_are_dropped_with_their_reason(text, reason):
    doc = SourceText(doc_id="d", source_uri="mem", sha256="0", text=text, encoding="utf-8")
    _, got, _, stats = extract_document(doc, "run")
    assert got == []
    assert dict(stats.dropped) == {reason: 1}


def test_unnamed_but_quantitative_sentences_are_claims():
    claim = only("Wages are rising faster than prices this year.")
    assert claim.kind == "event"


def test_need_as_a_noun_is_not_a_prescription():
    claim = only("Donald Trump is stressing the need to bolster the nation's cybersecurity.")
    assert claim.text.startswith("Donald Trump is stressing")


def test_a_bare_pronoun_keeps_the_attribution_but_names_no_speaker():
    claim = only("They said the company would cut 500 jobs in Ohio next year.")
    assert (claim.kind, claim.speaker, claim.cue) == ("statement", None, "said")


def test_an_editorial_label_is_not_a_transcript_speaker():
    claim = only("NOTE: Acme Corp's first quarter ended March 31 with 12 mln dlrs in sales.")
    assert claim.speaker is None and claim.cue is None


def test_the_speaker_phrase_starts_after_the_last_clause_boundary():
    boundary = re.compile(  # every boundary, found left to right
        r"(?:^|[;(]|,\s|\b(?:that|what|which|who|whom|and|but|as|while|when|because|if|whether|"
        r"after|before|though|although|since|so|yet|where|than|once|until|unless|also|then)\s)",
        re.IGNORECASE)
    pieces = ["the chief", " ", ",", ", ", ";", "(", "That ", "and ", "sand ", "as", "also\n",
              "é", "Jane Roe", ",\n", "Whom "]
    rng = random.Random(3)
    for _ in range(2000):
        left = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        cut = max((m.end() for m in boundary.finditer(left)), default=0)
        assert _last_phrase(left) == _clean(left[cut:]), left
