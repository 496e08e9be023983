import itertools
import random

from tasks.extract.figures import find_figures


def figures(text: str) -> list[tuple]:
    return [
        (f.value, f.value_high, f.unit, f.qualifier, text[f.start : f.end])
        for f in find_figures(text)
    ]


def test_thousands_separators_qualifiers_and_ranges():
    text = (
        "Over 10,000 North Korean soldiers are fighting, suffering severe losses "
        "(estimated 4,000-6,000 dead)."
    )
    assert figures(text) == [
        (10000.0, None, "North Korean soldiers", "over", "10,000"),
        (4000.0, 6000.0, "dead", "estimated", "4,000-6,000"),
    ]


def test_scale_words_percent_and_currency():
    assert figures("shipments of 12 million artillery shells") == [
        (12e6, None, "artillery shells", None, "12 million")
    ]
    assert figures("profit rose 12 pct to $2.5 billion") == [
        (12.0, None, "%", None, "12 pct"),
        (2.5e9, None, "$", None, "$2.5 billion"),
    ]
    assert figures("Arrivals were 5.93 mln bags") == [(5.93e6, None, "bags", None, "5.93 mln")]


def test_part_of_a_whole_and_vague_quantities():
    assert figures("where 37 of 64 settlements are uninhabitable") == [
        (37.0, None, "of 64 settlements", None, "37")
    ]
    assert figures("thousands of North Korean soldiers") == [
        (1000.0, None, "North Korean soldiers", "thousands", "thousands")
    ]


def test_years_dates_and_ordinals_are_not_figures():
    assert figures("By kevinhughes // 2025-11-17 in the 21st century, on March 3, 1987") == []


def test_figures_within_spans_are_those_of_a_full_scan():
    text = (
        "Net profit rose 12 pct to 4.5 mln dlrs.\nShr 1.23 dlrs vs 1.10 dlrs\n"
        "About 3 of 10 analysts expect 4,000-6,000 job cuts, some 2 to\n5 billion dlrs, "
        "in 1987 and two thirds of the 15 plants by March 3. Thousands of workers left."
    )
    def read(found: list) -> list[tuple]:
        return [(f.value, f.value_high, f.unit, f.qualifier, f.start, f.end) for f in found]

    full = read(find_figures(text))
    rng = random.Random(1)
    for _ in range(300):
        cuts = sorted(rng.sample(range(len(text) + 1), 6))
        spans = list(itertools.pairwise(cuts))[::2]
        want = [f for f in full if any(a <= f[4] < b for a, b in spans)]
        assert read(find_figures(text, within=spans)) == want


def test_the_noun_before_a_number_is_found_as_by_the_regex_alone():
    from tasks.extract.figures import _NOUN_BEFORE, _UNIT_STOP, _unit_before

    pieces = ["losses", " ", "  ", "\n", "are", "were", "stood at", "totalled", "of", "more than",
              "at least", "just", "x", "Of", "at", "some", ",", "\u2003"]
    rng = random.Random(2)
    for _ in range(5000):
        before = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        m = _NOUN_BEFORE.search(before[-60:])
        assert _unit_before(before) == (m[1] if m and m[1].lower() not in _UNIT_STOP else None)
