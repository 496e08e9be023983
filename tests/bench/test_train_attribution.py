"""The attribution model's training lexicons: aliases of anchors, on toy inputs (never the
corpus)."""

from collections import Counter

from bench.train_attribution import all_aliases, cluster_aliases, inflections


def test_inflections_are_regular_forms_too_rare_to_judge():
    seen = Counter({"predicts": 1, "states": 40})
    got = inflections(["predicted", "stated", "said"], seen)
    assert got["predicts"] == got["predicting"] == "predicted"
    assert "states" not in got  # used often enough in training and no anchor: no cue
    assert "said" not in got and "predicted" not in got  # anchors are themselves


def test_a_cue_cluster_makes_its_other_words_aliases_of_the_cluster():
    clusters = {"criticized": 7, "slammed": 7, "blasted": 7, "apples": 3, "pears": 3}
    seen = Counter({"criticized": 100, "slammed": 20, "blasted": 30, "apples": 50, "pears": 50})
    cue = Counter({"criticized": 60, "slammed": 9, "blasted": 12, "apples": 0})
    led = Counter({"criticized": 55, "slammed": 8, "blasted": 10})
    got = cluster_aliases(clusters, ["criticized"], seen, cue, led)
    assert got == {"blasted": "#7", "slammed": "#7"}  # 21 cues in 50 uses; fruit never


def test_function_words_and_words_judged_no_cue_are_no_aliases():
    clusters = {"criticized": 7, "slammed": 7, "has": 7, "held": 7, "rapped": 7}
    seen = Counter({"criticized": 100, "slammed": 20, "has": 900, "held": 300, "rapped": 2})
    cue = Counter({"criticized": 60, "slammed": 9, "has": 90, "held": 6, "rapped": 0})
    led = Counter({"criticized": 55, "slammed": 8, "held": 3})
    got = cluster_aliases(clusters, ["criticized"], seen, cue, led)
    # "has" sits where cue verbs sit but is an auxiliary; "held" led 3 of its 300 uses (1%);
    # "rapped" is too rare to judge, so its cluster speaks for it
    assert got == {"slammed": "#7", "rapped": "#7"}


def test_an_inflection_is_read_as_its_anchor_before_its_cluster():
    clusters = {"criticized": 7, "criticizes": 7, "slammed": 7}
    seen = Counter({"criticized": 100, "slammed": 20})
    cue = Counter({"criticized": 60, "slammed": 12})
    got = all_aliases(["criticized"], seen, cue, Counter({"slammed": 6}), clusters)
    assert got["criticizes"] == "criticized" and got["slammed"] == "#7"
