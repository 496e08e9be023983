import itertools
import random

from tasks.extract.normalise import normalise
from tasks.extract.segment import _is_wrapped, blocks, quotes, sentences


def split(raw: str) -> list[str]:
    text = normalise(raw).text
    return [raw[s.start : s.end] for s in sentences(text)]


def test_line_break_after_an_acronym_is_not_a_boundary():
    raw = (
        "‘We are monitoring the situation closely,’ said a U.S.\nState Department spokesperson, "
        "though they declined to comment."
    )
    assert split(raw) == [raw]


def test_titles_before_a_name_do_not_end_sentences():
    raw = (
        "Ukraine's military intelligence chief, Lt.\nGen. Kyrylo Budanov, confirmed the arrival "
        "of North Korean engineers."
    )
    assert split(raw) == [raw]


def test_line_break_after_a_full_stop_ends_a_sentence():
    raw = "‘We are grateful to our friends from Korea for their heroic aid.\nWe will never forget."
    assert split(raw) == [
        "‘We are grateful to our friends from Korea for their heroic aid.",
        "We will never forget.",
    ]


def test_abbreviations_decimals_and_ranges_stay_inside():
    raw = (
        "Russia may supply advanced tech (e.g., anti-aircraft missiles) worth 5.93 mln dlrs, "
        "with 4,000–6,000 dead. Mr. Smith of Acme Inc. said so. The U.S. The end."
    )
    assert split(raw) == [
        "Russia may supply advanced tech (e.g., anti-aircraft missiles) worth 5.93 mln dlrs, "
        "with 4,000–6,000 dead.",
        "Mr. Smith of Acme Inc. said so.",
        "The U.S.",
        "The end.",
    ]


def test_wire_copy_is_unwrapped_and_split_at_indents():
    raw = (
        "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought "
        "since early\nJanuary and improving prospects,\nComissaria Smith said in its weekly "
        "review.\n    The dry period means the temporao will be late this year.\n    Arrivals for "
        "the week ended February 22 were 155,221 bags\nof 60 kilos."
    )
    got = split(raw)
    assert len(got) == 3
    assert got[0].endswith("weekly review.") and got[2].startswith("Arrivals")


def test_seed_blocks_headings_bullets(seeds_dir):
    text = normalise((seeds_dir / "004_040e525fcfd98be9.txt").read_text(encoding="utf-8")).text
    kinds = [b.kind for b in blocks(text)]
    headings = [text[b.start : b.end] for b in blocks(text) if b.kind == "heading"]
    assert kinds.count("bullet") == 5 and kinds[0] == "title"
    assert headings == [
        "By isabelle // 2025-07-14",
        "The Moscow-Pyongyang military bromance",
        "North Korean troops and workers flood into Russia",
        "Global concerns and geopolitical fallout",
        "A growing axis of tyranny",
    ]
    assert len(sentences(text)) == 33


def test_quotes_tell_apostrophes_from_quotation_marks():
    raw = "Russia's envoy said 'the talks' were fine, ‘We won’t stop,’ and “It's over.”"
    text = normalise(raw).text
    got = [raw[q.start : q.end] for q in quotes(text, 0, len(text))]
    assert got == ["the talks", "We won’t stop,", "It's over."]


def _is_wrapped_line_by_line(text: str) -> bool:
    """Reference: each line with content, after the last non-space character before it."""
    lines = text.split("\n")
    breaks = inside = 0
    for i, (_, after_line) in enumerate(itertools.pairwise(lines)):
        after = after_line.lstrip()[:1]
        if not after:
            continue
        breaks += 1
        before = "\n".join(lines[: i + 1]).rstrip()[-1:]
        inside += bool(before and (before.isalpha() or before == ",") and after.islower())
    return breaks >= 4 and inside >= 0.25 * breaks


def test_wrapped_copy_is_told_as_line_by_line():
    rng = random.Random(5)
    pieces = ["a", "B", ",", ".", " ", "  ", "\n", "\n", "\n\n", "é", "\u2003", "1", "x y"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert _is_wrapped(text) == _is_wrapped_line_by_line(text), repr(text)


def test_doubled_single_quotes_pair_as_one_quotation():
    text = "He said ''it is over,'' and left; Russia's ''plan'' failed."
    assert [text[q.start:q.end] for q in quotes(text, 0, len(text))] == ["it is over,", "plan"]
