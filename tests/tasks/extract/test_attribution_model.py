"""The learned attribution model: its fast scores equal the templates' weights, its tokens."""

import math

import pytest

from tasks.extract.attribution_model import (
    CUE_TEMPLATES,
    CUE_WINDOW_TEMPLATES,
    SOURCE_TEMPLATES,
    TOKEN,
    Tokens,
    cue_values,
    cue_window,
    is_candidate,
    load_model,
    quote_parities,
    source_candidates,
    source_values,
)
from tasks.extract.options import ExtractOptions

TEXTS = [
    '"We won the vote," said Mr. Smith, a spokesman for the U.S. State Department.',
    "The company said on Tuesday that profits would rise, according to analysts at the bank.",
    "Senator Bob Casey believes the bill will pass, but critics questioned the timing.",
    "Polls show the race tightening, and he told reporters he was confident.",
    "At a rally in Iowa, Mr. Bush pointedly rejected the notion that he was part of it.",
]
# the second sentence of '"A. B," he adds.': it begins inside the quotation
OPENED = 'Cruz is responding with humor," he adds.'


@pytest.fixture(scope="module")
def model():
    options = ExtractOptions()
    return load_model(options.attribution_model, options.cue_threshold, options.source_threshold)


def logistic(bias: float, tables, names, values) -> float:
    """The logistic of the weights of the templates' values (the tables' first len(names))."""
    s = bias + sum(tables[names.index(k)].get(v, 0.0) for k, v in zip(names, values, strict=True))
    return 1.0 / (1.0 + math.exp(-s))


@pytest.mark.parametrize(("text", "opened"), [*((t, 0) for t in TEXTS), (OPENED, 1)])
def test_fast_scores_equal_the_weights_of_the_training_features(model, text, opened):
    t = Tokens(text, 0, len(text), opened)
    scored = 0
    for i, w in enumerate(t.lower):
        if w not in model.anchors and w not in model.aliases:
            continue
        values = cue_values(t, i, model.aliases.get(w, w))
        window = model.cue_tables[len(CUE_TEMPLATES):]
        want = logistic(model.cue_bias + sum(
            table.get(x, 0.0) for table, words in zip(window, cue_window(t.lower, i), strict=True)
            for x in words), model.cue_tables, CUE_TEMPLATES, values)
        assert model.cue_p(t, i) == pytest.approx(want, abs=1e-12)
        rank = {True: 0, False: 0}
        for j in source_candidates(t, i, i, model.heads, model.left, model.right):
            side = j < i
            values = source_values(t, j, i, i, rank[side], w, model.src_bins, model.likely_cues)
            want = logistic(model.src_bias, model.src_tables, SOURCE_TEMPLATES, values)
            assert model.source_p(t, j, i, i, rank[side]) == pytest.approx(want, abs=1e-12)
            rank[side] += 1
            scored += 1
    assert scored


@pytest.mark.parametrize(("word", "head"), [
    ("he", True), ("they", True), ("them", False), ("that", False), ("some", True),
    ("others", True), ("ministry", True), ("spokesman", True), ("the", False), ("said", False),
    ("researchers", True), ("others's", True), ("his", False), ("protesters", True)])
def test_lower_case_heads(model, word, head):
    """A lower-case head: a subject pronoun, a quantifier, a lexicon, organisation or title
    noun, or a long agent noun; no function word."""
    words = ["the", word, "said"]
    assert is_candidate(words, words, 1, model.heads) is head


def test_tokens_keep_offsets_and_abbreviations():
    text = "  U.S. officials said: \"It's done.\""
    t = Tokens(text, 0, len(text))
    assert t.words[:4] == ["U.S.", "officials", "said", ":"]
    assert all(text[t.start(k):t.end(k)] == w for k, w in enumerate(t.words))
    assert t.in_quote(t.words.index("It's")) and not t.in_quote(t.words.index("said"))


@pytest.mark.parametrize("text", [*TEXTS, "e.g. U.S.-based co-chair's 3.5% rise, ... -- ok.",
                                  "a..b 'quoted' x-y-z. U.S. \u00e9t\u00e9 \u2014 done..",
                                  "(Reuters said, \"We a_, _b x\u00b2, (\u00b2 \u00e9. "
                                  "\u00bfQu\u00e9 ok.)"])
def test_tokens_are_the_tokens_of_the_pattern(text):
    assert Tokens(text, 0, len(text)).words == TOKEN.findall(text)


def test_a_sentence_begun_inside_a_quotation_reads_its_first_mark_as_closing():
    t = Tokens(OPENED, 0, len(OPENED), 1)
    assert t.in_quote(t.words.index("Cruz")) and not t.in_quote(t.words.index("he"))
    assert t.has_quote
    plain = Tokens(OPENED, 0, len(OPENED))
    assert not plain.in_quote(plain.words.index("Cruz"))


def test_quote_parities_count_the_marks_of_each_block_before_a_sentence():
    text = '"A is so. B is so. C is so," he said. D is so.\n"E is so," she said.'
    starts = [0, text.index("B"), text.index("C"), text.index("D"), text.index('"E')]
    blocks = [0, 0, 0, 0, 1]
    assert quote_parities(text, list(zip(starts, blocks, strict=True))) == [0, 1, 1, 0, 0]


def test_a_subject_is_read_past_the_adverb_before_its_cue(model):
    """"Mr. Bush pointedly rejected": Bush is read at distance -1 with the cue after it, the
    same features as "Mr. Bush rejected" (but the words two and three away, and the one before
    the cue), so the adverb does not cost the source."""
    texts = ["Mr. Bush pointedly rejected the notion.", "Mr. Bush rejected the notion."]
    values = []
    for text in texts:
        t = Tokens(text, 0, len(text))
        c = t.lower.index("rejected")
        values.append(source_values(t, t.words.index("Bush"), c, c, 0, "rejected",
                                    model.src_bins, model.likely_cues))
    same = [k for k, name in enumerate(SOURCE_TEMPLATES) if name not in ("n2", "cp1")]
    assert [values[0][k] for k in same] == [values[1][k] for k in same]


def test_the_cue_window_holds_the_words_three_to_six_tokens_away():
    lw = "a b c d e f g CUE h i j k l m n".split()
    i = lw.index("CUE")
    assert cue_window(lw, i) == ({"b", "c", "d", "e"}, {"j", "k", "l", "m"})
    assert cue_window(lw, 2) == (set(), {"f", "g", "CUE", "h"})
    assert CUE_WINDOW_TEMPLATES == ("bl", "br")
