"""The PolNeAR reader and scorer, on tiny inline brat fixtures (never the corpus)."""

from collections import Counter

from bench.eval_polnear import exact_form, peer_claims
from bench.polnear import (
    Article,
    SystemClaim,
    figures,
    gold_head,
    is_pronoun,
    parse,
    referent,
    score,
    words,
)

TEXT = ("Pat Caddell said the race is close. Then it was over, he added. "
        "Polls show the race tightening, according to a report released by Gallup.")


def span(kind: str, tid: str, phrase: str, before: str = "") -> str:
    at = TEXT.index(before + phrase) + len(before)
    return f"{tid}\t{kind} {at} {at + len(phrase)}\t{phrase}"


ANN = "\n".join([
    span("Source", "T1", "Pat Caddell"), span("Cue", "T2", "said"),
    span("Content", "T3", "the race is close."),
    "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
    span("Content", "T5", "Then it was over"), span("Source", "T7", "he", ", "),
    span("Cue", "T6", "added"),
    "E2\tAttribution:T6 Content:T5 Cue:T6 Source:T7",
    span("Content", "T8", "Polls show the race tightening"), span("Cue", "T9", "according to"),
    span("Source", "T10", "a report released by Gallup"),
    "E3\tAttribution:T9 Content:T8 Cue:T9 Source:T10",
    "#1\tAnnotatorNotes T1\ta note",
])


def article() -> Article:
    return Article("a_1", "pub", TEXT, parse(ANN, TEXT))


def test_parse_joins_cue_content_and_source_of_each_relation():
    golds = article().attributions
    assert [(g.cue_text, g.source_text) for g in golds] == [
        ("said", "Pat Caddell"), ("added", "he"), ("according to", "a report released by Gallup")]
    assert golds[0].content == ((17, 35),)
    assert golds[1].source == ((TEXT.index(" he ") + 1, TEXT.index(" he ") + 3),)


def test_gold_heads_and_pronouns():
    assert gold_head("Robert Shapiro, a professor at Columbia") == "shapiro"
    assert gold_head("a spokesman for the campaign") == "spokesman"
    assert gold_head("a report released by Gallup") == "report"
    assert gold_head("about half of Democratic voters") == "voters"
    assert gold_head("Trump's") == "trump"
    assert gold_head("a Marquette Law School poll released last week") == "poll"  # was week
    assert gold_head("Vice President Joseph R. Biden Jr.") == "biden"  # was jr
    assert gold_head("sources close to the campaign") == "sources"
    assert gold_head("a publishing executive familiar with the talks") == "executive"
    assert gold_head("the former top aide to President George W. Bush") == "aide"
    assert gold_head("About four out of 10 voters") == "voters"  # was out
    assert gold_head("many in the Republican establishment") == "establishment"  # was many
    assert gold_head("Close to 50 interviews with party chairs") == "interviews"
    assert gold_head("close to half of voters") == "voters"
    assert gold_head("up to 20 people") == "people"
    assert gold_head("a CBS News poll last month") == "poll"  # was month
    assert gold_head("just about every statewide poll in New Hampshire") == "poll"  # was just
    assert is_pronoun("he") and is_pronoun("They") and not is_pronoun("the man")


def test_a_pronoun_refers_to_the_person_named_before_it():
    assert referent(article(), 1) == "caddell"


def test_score_counts_named_right_and_pronouns():
    polls = TEXT.index("Polls")
    claims = [
        SystemClaim(0, 35, 17, 35, True, "Pat Caddell"),
        SystemClaim(36, 62, 36, 52, True, None),  # "he": found, no speaker
        SystemClaim(polls, polls + 30, polls, polls + 30, True, "report", None),
    ]
    n = score(article(), claims, Counter())
    f = figures(n)
    assert (n["found"], n["found_named"], n["found_pronoun"]) == (3, 2, 1)
    assert (f["named"], f["right_of_named"], f["pronoun_right"]) == (1.0, 1.0, 0.0)
    assert f["content_P"] == 1.0 and f["content_R"] == 1.0


def test_the_peer_attributes_cue_sentences_to_the_nearest_capitalised_words():
    got = peer_claims(TEXT)
    assert [c.speaker for c in got] == ["Pat Caddell", "Polls"]


def test_exact_form_ignores_case_punctuation_and_determiners():
    assert exact_form("The Washington Post") == exact_form("washington post.")
    assert exact_form(None) == ""


def test_a_head_with_an_apostrophe_or_hyphen_is_found_in_the_speaker():
    assert {"o'donnell", "lopez-cantera"} <= words("Brett O’Donnell and Carlos Lopez-Cantera's")
    assert gold_head("O’Donnell") in words("Brett O'Donnell")
