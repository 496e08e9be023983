"""Figures in dispute on a number line: values as dots, ranges as bars, bounds as open ends."""

from flows.pictures.disputes import dispute_svg, open_end
from flows.pictures.queries import Dispute
from tests.flows.pictures.rows import side, troops_dispute
from tests.flows.pictures.svgtree import by_class, parse, texts


def test_values_ranges_and_bounds_are_drawn_apart():
    root = parse(dispute_svg(troops_dispute()))
    assert len(by_class(root, "figure")) == 5
    assert len(by_class(root, "point")) == 1
    (bar,) = by_class(root, "range")
    assert len(bar.findall("{http://www.w3.org/2000/svg}rect")) == 1
    opens = {g.get("data-open") for g in by_class(root, "open-end")}
    assert sorted(g.get("data-open") for g in by_class(root, "open-end")) == [
        "left", "right", "right"] and opens == {"left", "right"}
    shown = texts(root)
    assert {"over 10,000", "more than 10,000", "up to 15,000", "estimated 4,000–6,000",
            "12,000"} <= set(shown)
    assert "5 claims disagree: one row per claim and figure" in shown


def test_an_open_end_runs_to_the_edge_of_the_line():
    root = parse(dispute_svg(troops_dispute()))
    ends = {}
    for g in by_class(root, "open-end"):
        line = g.find("{http://www.w3.org/2000/svg}line")
        ends[g.get("data-open")] = (float(line.get("x1")), float(line.get("x2")))
    right_from, right_to = ends["right"]
    left_from, left_to = ends["left"]
    assert right_to > right_from and left_to < left_from
    assert right_to > 700 and left_to < 320


def test_claims_are_labelled_on_two_lines_with_their_source():
    long = "Ukrainian President Volodymyr Zelensky claimed that 12,000 troops were sent " * 3
    dispute = Dispute("people", "x", (side("a", "c1", 10, claim_text=long), side("b", "c2", 12)))
    root = parse(dispute_svg(dispute))
    first = by_class(root, "claim")[0]
    lines = texts(first)
    assert len(lines) == 3 and lines[1].endswith("…") and lines[2] == "a.txt"
    assert " ".join(long.split()) == first[0].text  # the tooltip


def test_qualifiers_that_make_a_bound():
    assert [open_end(q) for q in ("over", "More than", "at least", "thousands", "up to",
                                  "fewer than", "about", "estimated", None)] == [
        "right", "right", "right", "right", "left", "left", None, None, None]


def test_values_far_apart_are_on_a_log_scale_and_labels_escaped():
    dispute = Dispute("people", "<kursk> & co", (
        side("a", "c1", 50, claim_text='"Only 50" <b>troops</b>'),
        side("b", "c2", 2_000_000)))
    out = dispute_svg(dispute)
    assert "<b>" not in out and "<kursk>" not in out
    root = parse(out)
    assert any(t.endswith("; log scale") for t in texts(root))
    assert {"10", "100", "1,000", "1M"} <= set(texts(root))
    assert "How many people? (<kursk> & co)" in texts(root)


def test_the_same_claim_stating_one_figure_twice_is_one_row():
    dispute = Dispute("people", "x", (side("a", "c1", 10), side("b", "c1", 10),
                                      side("c", "c2", 12)))
    root = parse(dispute_svg(dispute))
    assert len(by_class(root, "figure")) == 2
    assert "a.txt +1 more mention" in texts(root)
