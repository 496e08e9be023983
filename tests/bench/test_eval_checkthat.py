"""The CheckThat! scorer's pure helpers and the shared table helpers, on inline fixtures."""

from pathlib import Path

from bench import prf, render
from bench.eval_checkthat import kinds_in_context, read_sentences, row


def test_read_sentences(tmp_path: Path):
    path = tmp_path / "debate.tsv"
    path.write_text("1\tHOLT\tGood evening.\t0\n2\tTRUMP\tWe lost 70,000 factories.\t1\n",
                    encoding="utf-8")
    assert read_sentences(path) == [("HOLT", "Good evening.", False),
                                    ("TRUMP", "We lost 70,000 factories.", True)]


def test_kinds_in_context_gives_one_entry_per_sentence():
    rows = [("A", "Good evening.", False), ("B", "Germany lost 70,000 factories in 2001.", True)]
    kinds = kinds_in_context(rows)
    assert len(kinds) == 2 and kinds[1]


def test_row_prf_and_render():
    assert row("x", [True, True, False], [True, False, True])[1:4] == [0.5, 0.5, 0.5]
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    table = render(["name", "F1"], [["a", 0.5], ["bb", 1]])
    assert table.splitlines() == ["name     F1", "───────────", "a     0.500", "bb        1"]
