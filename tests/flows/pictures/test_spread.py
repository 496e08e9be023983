"""A claim's spread over time: a mark per mention, hollow for ingest times, a colour and a row per
independent source, readable with many mentions and long texts."""

from flows.pictures.spread import MAX_ROWS, STACK, spread_svg
from flows.pictures.svg import PALETTE
from tests.flows.pictures.rows import many_mentions, mention
from tests.flows.pictures.svgtree import NS, by_class, parse, texts, tooltips


def test_each_mention_is_a_mark_hollow_where_its_date_is_an_ingest_time():
    mentions = [mention(1, "a", days=0), mention(2, "a", days=0),
                mention(3, "b", days=3, published=False), mention(4, "c", days=5)]
    root = parse(spread_svg("We will never forget this aid.", mentions))
    marks = by_class(root, "mention")
    assert len(marks) == 4
    hollow = by_class(root, "ingest")
    assert len(hollow) == 1 and hollow[0].get("fill") == "#fff"
    assert {m.get("fill") for m in by_class(root, "published")} <= set(PALETTE)
    assert "4 mentions in 3 documents from 3 independent sources" in texts(root)


def test_marks_are_coloured_by_independent_source_copies_sharing_theirs():
    mentions = [mention(1, "wire", days=0), mention(2, "wire", doc="wire-copy", days=1),
                mention(3, "wire", doc="wire-copy-2", days=2), mention(4, "local", days=2)]
    root = parse(spread_svg("claim", mentions))
    colour = {}
    for mark in by_class(root, "mention"):
        colour.setdefault(mark.get("data-family"), set()).add(mark.get("stroke"))
    assert colour == {"wire": {PALETTE[0]}, "local": {PALETTE[1]}}
    assert len(by_class(root, "swatch")) == 2  # one row each
    assert "Publisher" not in "".join(texts(root))
    assert "wire.txt +2 copies" in texts(root)
    long = [mention(1, "a", publisher="The Very Long Name of a Publishing House Inc."),
            mention(2, "a", doc="a2")]
    assert any(t.endswith("… +1 copy") for t in texts(parse(spread_svg("claim", long))))


def test_many_mentions_stay_readable():
    mentions = many_mentions(150, n_families=30)
    long = "A claim that goes on and on " * 20
    root = parse(spread_svg(long, mentions, n_mentions=160))
    assert len(by_class(root, "mention")) == 150
    assert len(by_class(root, "ingest")) == sum(not m.published for m in mentions)
    assert len(by_class(root, "swatch")) == MAX_ROWS - 1  # the rest share the last row
    assert f"{30 - (MAX_ROWS - 1)} other sources" in texts(root)
    heading = texts(root)[0]
    assert heading.endswith("…") and len(heading) < 130
    assert " ".join(long.split()) in tooltips(root)
    assert any("(the first 150 drawn)" in t for t in texts(root))
    assert int(root.get("height")) < 600


def test_an_axis_mostly_empty_is_broken_in_two():
    # published over three weeks long ago; two undated documents ingested a year and more later
    mentions = [mention(k, f"f{k}", days=k) for k in range(20)]
    mentions += [mention(20, "late", days=500, published=False),
                 mention(21, "later", days=501, published=False)]
    root = parse(spread_svg("claim", mentions))
    parts = by_class(root, "axis-part")
    assert len(parts) == 2 and len(by_class(root, "axis-break")) == 1
    first_end = max(float(line.get("x2")) for line in parts[0].iter(f"{NS}line"))
    xs = {m.get("class"): [] for m in by_class(root, "mention")}
    for m in by_class(root, "mention"):
        xs[m.get("class")].append(float(m.get("cx")))
    assert max(xs["mention published"]) < first_end < min(xs["mention ingest"])
    assert max(xs["mention published"]) - min(xs["mention published"]) > 250  # not squashed
    one = parse(spread_svg("claim", mentions[:20]))
    assert len(by_class(one, "axis-part")) == 1 and not by_class(one, "axis-break")


def test_mentions_at_one_spot_are_counted():
    mentions = [mention(k, "a") for k in range(STACK + 2)]
    root = parse(spread_svg("claim", mentions))
    assert [t.text for t in by_class(root, "stack-count")] == [f"×{STACK + 2}"]


def test_labels_are_escaped():
    evil = '<script>alert("x")</script> & friends'
    mentions = [mention(1, "a", text=evil, publisher='<b>"Wire" & co</b>')]
    out = spread_svg(evil, mentions)
    assert "<script>" not in out and "<b>" not in out
    root = parse(out)  # well-formed
    assert any(evil in t for t in tooltips(root))
    assert any(t.startswith('<b>"Wire" & co</b>') for t in texts(root))
