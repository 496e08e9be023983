"""Check-worthiness: the features, the shipped model, and the keep decision built on them."""

import json
import shutil
from pathlib import Path

import pytest

from tasks.extract.checkworthy import load_model, subject_forms, voice_rates
from tasks.extract.claims import extract_document
from tasks.extract.model_files import MODELS
from tasks.extract.options import ExtractOptions
from tasks.extract.version import extractor_version, forget
from tasks.ingest.sources import SourceText


def doc(text: str) -> SourceText:
    return SourceText(doc_id="d", source_uri="mem", sha256="0", text=text, encoding="utf-8")


DEFAULT = ExtractOptions()


def kept(text: str, options: ExtractOptions = DEFAULT) -> list[str]:
    return [c.text for c in extract_document(doc(text), "run", options).claims]


@pytest.mark.parametrize(("text", "forms"), [
    ("i m self funding my campaign", ["i_progressive"]),
    ("our dollar s at an all time low", ["our_be"]),
    ("we have the highest taxes in the world", ["we_have"]),
    ("i have supported the fight for", ["i_perfect"]),
    ("i was against the war in iraq", ["i_past"]),
    ("we never said that", ["we_past"]),
    ("they didn t pay", ["they_past"]),
    ("i think we will win", ["i_cognition", "we_modal"]),
    ("we re going to win", ["we_modal"]),
    ("we pay more tax", ["we_present"]),
])
def test_subject_forms_tell_a_record_from_an_opinion_or_a_promise(text, forms):
    assert subject_forms(text.split()) == forms


def words_of(text: str) -> str:
    return "".join(ch.lower() if ch.isalpha() else " " for ch in text)


def test_a_short_document_reads_as_news_whatever_its_pronouns():
    one = "i think we should talk about what you want"
    assert voice_rates(one, one) == (3, 3)  # 3 pronouns in 9 words, counted over 109
    alone = "i m self funding my campaign"
    assert voice_rates(alone, alone) == (1, 1)
    transcript = " ".join(["i think we should talk about what you want"] * 50)
    assert voice_rates(transcript, transcript) == (15, 15)  # capped


@pytest.mark.parametrize("mark", ['"', "''"])
def test_a_report_quoting_at_length_is_no_conversation_outside_its_quotations(mark):
    quoted = f"{mark}I think we should talk about\nwhat you want,{mark} the mayor said. " * 20
    # every "I/we/you" counted; the narrator says none of them (a wrapped line inside)
    assert voice_rates(quoted, words_of(quoted)) == (15, 0)
    told = quoted.replace(f",{mark} the mayor said.", f",{mark} I said.")
    # 20 "I" outside, 221 words counted over 321
    assert voice_rates(told, words_of(told)) == (15, 6)


def test_the_shipped_model_loads_once_and_has_a_data_card():
    name = ExtractOptions().checkworthiness_model
    assert load_model(name) is load_model(name)
    assert (MODELS / f"{name}.md").is_file()
    model = json.loads((MODELS / f"{name}.json").read_text(encoding="utf-8"))
    assert {"bias", "words", "openers", "flags", "cv"} <= set(model)


@pytest.mark.parametrize("statement", [
    "I'm self-funding my campaign.",
    "Our dollar's at an all-time low.",
    "We have the highest taxes anywhere in the world.",
    "I was against the war in Iraq.",
])
def test_first_person_and_pronoun_records_are_claims(statement):
    assert kept(statement) == [statement]  # a statement on its own
    article = ("Ohio voters heard the candidate on Monday. "
               f'"{statement}" the candidate told the crowd in Columbus.')
    assert any(statement.rstrip(".") in c for c in kept(article))  # quoted in news


@pytest.mark.parametrize("statement", [
    "We will make America great again, believe me.",
    "I think we should all be proud of what this campaign has become.",
])
def test_opinions_and_promises_are_not(statement):
    assert kept(statement) == []


def test_every_candidate_is_a_claim_or_a_non_claim_with_its_reason_and_score():
    text = ("Officials said exports rose 12 pct in May.\n\nTrade talks resume\n\nThank you. "
            "What happens next in the talks? We will see.")
    got = extract_document(doc(text), "run")
    assert sum(got.stats.kept.values()) == len(got.claims)
    assert sum(got.stats.dropped.values()) == len(got.non_claims)
    reasons = {n.text: (n.reason, n.checkworthiness) for n in got.non_claims}
    assert reasons["Trade talks resume"] == ("heading", None)
    assert reasons["Thank you."][0] == "fragment"
    assert reasons["What happens next in the talks?"][0] == "question"
    assert all(0 <= c.checkworthiness <= 1 for c in got.claims)


def test_the_threshold_and_the_model_are_options(tmp_path: Path):
    statement = "The company cut 500 jobs in Ohio last year."
    assert kept(statement) == [statement]
    # a named figure in a report is kept from half the threshold on (filters.REPORT_FLOOR)
    assert kept(statement, ExtractOptions(checkworthiness_threshold=1.0)) == [statement]
    assert kept("The company cut jobs last year.",
                ExtractOptions(checkworthiness_threshold=1.0)) == []
    copy = tmp_path / "copy.json"
    shutil.copyfile(MODELS / "checkworthy.json", copy)
    other = ExtractOptions(checkworthiness_model=str(copy))
    assert kept(statement, other) == [statement]
    assert extractor_version(other) != extractor_version(ExtractOptions())
    with pytest.raises(ValueError, match="no check-worthiness model"):
        ExtractOptions(checkworthiness_model=str(tmp_path / "missing.json"))
    with pytest.raises(ValueError, match="no attribution model"):
        ExtractOptions(attribution_model="missing")
    # a model file outside the package counts by its content: retrained in place, a new version
    for name in ("checkworthy", "attribution"):
        path = tmp_path / "retrained" / f"{name}.json"
        path.parent.mkdir(exist_ok=True)
        shutil.copyfile(MODELS / f"{name}.json", path)
        options = ExtractOptions(**{f"{name.replace('checkworthy', 'checkworthiness')}_model":
                                    str(path)})
        before = extractor_version(options)
        path.write_text(path.read_text() + "\n")
        forget()
        assert extractor_version(options) != before
