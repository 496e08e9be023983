"""The PolNeAR scorer's pure helpers, on tiny inline brat fixtures (never the corpus)."""

from bench.eval_polnear import (
    exact_form,
    gold_contents,
    length,
    merge,
    overlap,
    parse_ann,
    span_mismatches,
    words,
)

TEXT = "Pat Caddell said the race is close.\nThen it was over, he added."
ANN = "\n".join([
    "T1\tSource 0 11\tPat Caddell",
    "T2\tCue 12 16\tsaid",
    "T3\tContent 17 35\tthe race is close.",
    "T4\tAttribution 12 16\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    "T5\tContent 36 52;54 56\tThen it was over he",
    "T6\tCue 57 62\tadded",
    "E2\tAttribution-no-source:T6 Content:T5 Cue:T6",
    "#1\tAnnotatorNotes T1\ta note",
])


def test_parse_ann_reads_spans_fragments_and_relations():
    spans, relations = parse_ann(ANN)
    assert spans["T1"].type == "Source" and spans["T1"].fragments == ((0, 11),)
    assert spans["T5"].fragments == ((36, 52), (54, 56))
    assert relations[0] == {"Attribution": "T4", "Content": "T3", "Cue": "T2", "Source": "T1"}
    assert len(relations) == 2


def test_gold_contents_carry_their_source():
    spans, relations = parse_ann(ANN)
    gold = {g.text: g.source for g in gold_contents(spans, relations)}
    assert gold == {"the race is close.": "Pat Caddell", "Then it was over he": None}


def test_span_mismatches_checks_fragment_texts():
    spans, _ = parse_ann(ANN)
    assert span_mismatches(TEXT, spans) == []
    shifted, _ = parse_ann("T1\tSource 1 12\tPat Caddell")
    assert span_mismatches(TEXT, shifted) == ["T1"]


def test_overlap_length_and_merge():
    frags = ((0, 10), (20, 30))
    assert length(frags) == 20
    assert overlap(frags, 5, 25) == 10
    assert overlap(frags, 10, 20) == 0
    assert merge([(5, 8), (0, 3), (2, 4), (8, 9)]) == [(0, 4), (5, 9)]


def test_words_and_exact_form_ignore_case_punctuation_and_determiners():
    assert words("The Washington Post’s editors") == {"washington", "post", "editors"}
    assert words("he") == set()
    assert exact_form("The Washington Post") == exact_form("washington post.")
    assert exact_form(None) == ""
