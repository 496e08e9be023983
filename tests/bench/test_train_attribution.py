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
    got = cluster_aliases(clusters, ["criticized"], seen, cue)
    assert got == {"blasted": "#7", "slammed": "#7"}  # 21 cues in 50 uses; fruit never


def test_an_inflection_is_read_as_its_anchor_before_its_cluster():
    clusters = {"criticized": 7, "criticizes": 7, "slammed": 7}
    seen = Counter({"criticized": 100, "slammed": 20})
    cue = Counter({"criticized": 60, "slammed": 12})
    got = all_aliases(["criticized"], seen, cue, clusters)
    assert got["criticizes"] == "criticized" and got["slammed"] == "#7"
