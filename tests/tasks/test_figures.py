from tasks.figures import find_figures


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
