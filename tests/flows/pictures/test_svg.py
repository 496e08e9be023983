"""The SVG pieces: escaping, cut labels with their tooltip, ticks, colours, data URIs."""

import base64
from datetime import UTC, datetime

from flows.pictures import svg
from tests.flows.pictures.svgtree import parse, texts, tooltips


def test_attributes_and_text_are_escaped():
    out = svg.el("text", svg.esc('<b> & "x"'), x=1.0, data_note='a"b<c')
    assert out == '<text x="1" data-note="a&quot;b&lt;c">&lt;b&gt; &amp; &quot;x&quot;</text>'


def test_a_cut_label_keeps_its_full_text_as_a_tooltip():
    long = "North Korea sends 6,000 engineers " * 5
    root = parse(svg.document(400, 40, svg.label(0, 10, long, 120), "t", standalone=True))
    (shown,) = texts(root)
    assert shown.endswith("…") and len(shown) <= svg.fits(120)
    assert " ".join(long.split()) in tooltips(root)
    short = parse(svg.document(400, 40, svg.label(0, 10, "short", 120), "t", standalone=True))
    assert texts(short) == ["short"] and tooltips(short) == ["t"]  # only the picture's name


def test_wrapped_text_breaks_between_words_and_ends_cut():
    assert svg.wrap("one two three four five six", 12, 2) == ["one two", "three four…"]
    assert svg.wrap("short", 12, 2) == ["short"]
    assert svg.wrap("averyveryverylongword and more", 12, 2) == ["averyveryve…", "and more"]


def test_a_standalone_picture_is_an_image_file_and_an_inline_one_needs_no_namespace():
    standalone = svg.document(10, 10, "", "name", standalone=True)
    assert 'xmlns="http://www.w3.org/2000/svg"' in standalone
    assert "http" not in svg.document(10, 10, "", "name", standalone=False)
    uri = svg.data_uri(standalone)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == standalone
    tipped = svg.document(400, 40, svg.label(0, 10, "a long label " * 9, 100), "name", True)
    image = base64.b64decode(svg.data_uri(tipped).split(",", 1)[1]).decode()
    assert tooltips(parse(image)) == ["name"] and texts(parse(image)) == texts(parse(tipped))


def test_ticks_are_round_and_cover_the_values():
    assert svg.nice_ticks(3900, 12100) == [2000.0, 4000.0, 6000.0, 8000.0, 10000.0, 12000.0,
                                           14000.0]
    assert svg.log_ticks(30, 3_000_000) == [10.0, 100.0, 1000.0, 10000.0, 100000.0, 1e6, 1e7]
    assert [svg.number_text(v) for v in (6000, 12e6, 2.5e9, 0.25)] == ["6,000", "12M", "2.5B",
                                                                      "0.25"]


def test_date_ticks_fall_on_round_dates_inside_the_span():
    lo, hi = datetime(2025, 7, 14, 9, tzinfo=UTC), datetime(2025, 8, 4, 17, tzinfo=UTC)
    ticks = svg.date_ticks(lo, hi)
    assert 2 <= len(ticks) <= 6 and all(lo <= t <= hi for t, _ in ticks)
    assert all(t.hour == 0 and t.weekday() == 0 for t, _ in ticks)  # Mondays
    years = svg.date_ticks(datetime(2019, 3, 1, tzinfo=UTC), datetime(2026, 12, 5, tzinfo=UTC))
    assert [label for _, label in years][:2] == ["2020", "2022"]
    hours = svg.date_ticks(lo, datetime(2025, 7, 14, 20, tzinfo=UTC))
    assert [label for _, label in hours] == ["14 Jul 12:00", "14 Jul 18:00"]


def test_each_source_gets_its_colour_in_order_cycling_through_the_palette():
    keys = [f"f{i}" for i in range(len(svg.PALETTE) + 1)]
    colours = svg.colours([*keys, "f0"])
    assert list(colours) == keys
    assert len(set(list(colours.values())[: len(svg.PALETTE)])) == len(svg.PALETTE)
    assert colours[keys[-1]] == svg.PALETTE[0]
