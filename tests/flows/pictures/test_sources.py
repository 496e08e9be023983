"""The sources behind a claim: documents grouped into families of copies, each family one
independent source."""

from flows.pictures.sources import MAX_DOCS, MAX_FAMILIES, reason_text, sources_svg
from flows.pictures.spread import spread_svg
from tests.flows.pictures.rows import many_mentions, mention
from tests.flows.pictures.svgtree import by_class, parse, texts


def test_three_copies_of_one_wire_story_are_one_source():
    mentions = [mention(1, "wire", days=0, publisher="Wire"),
                mention(2, "wire", doc="paper-a", days=1, publisher="Paper A",
                        reason="near-copy of wire (shared shingles 0.91)"),
                mention(3, "wire", doc="paper-b", days=1, published=False, publisher="Paper B",
                        reason="near-copy of wire (shared shingles 0.88)"),
                mention(4, "wire", doc="paper-b", days=1, published=False)]
    root = parse(sources_svg("claim", mentions))
    assert [t.text for t in by_class(root, "headline")] == [
        "3 documents → 1 independent source"]
    (family,) = by_class(root, "family")
    rows = by_class(family, "document")
    assert [r.get("data-doc") for r in rows] == ["wire", "paper-a", "paper-b"]
    shown = texts(root)
    assert {"Wire", "Paper A", "Paper B", "near-copy (0.91)", "×2"} <= set(shown)


def test_three_independent_sources_are_three_bands_in_the_spread_colours():
    mentions = [mention(1, "a", days=0), mention(2, "b", days=1), mention(3, "c", days=2)]
    root = parse(sources_svg("claim", mentions))
    assert by_class(root, "headline")[0].text == "3 documents → 3 independent sources"
    bands = {f.get("data-family"): f[0].get("stroke") for f in by_class(root, "family")}
    spread = parse(spread_svg("claim", mentions))
    assert bands == {m.get("data-family"): m.get("stroke") for m in by_class(spread, "mention")}


def test_many_documents_are_capped_and_counted():
    mentions = many_mentions(150, n_families=30)
    mentions += [mention(1000 + k, "fam00", doc=f"fam00-copy{k}", days=k) for k in range(10)]
    root = parse(sources_svg("claim", mentions))
    families = by_class(root, "family")
    assert len(families) == MAX_FAMILIES - 1
    big = next(f for f in families if f.get("data-family") == "fam00")
    assert len(by_class(big, "document")) == MAX_DOCS - 1
    more = [t.text for t in by_class(root, "more")]
    assert "… and 7 more copies" in more
    assert any(t.startswith(f"… and {30 - MAX_FAMILIES + 1} more independent sources")
               for t in more)
    assert int(root.get("height")) < 1200


def test_reasons_in_two_words():
    assert reason_text("original") == "original"
    assert reason_text("near-copy of 0a1b (shared shingles 0.83)") == "near-copy (0.83)"
    assert reason_text("same publisher Reuters") == "same publisher"
