"""Query results as aligned tables, CSV and JSON."""

import csv
import io
import json
from datetime import UTC, datetime

from flows.cli.render import render, text_table

COLUMNS = ["n", "speakers", "text", "seen_at", "score"]
ROWS = [
    (3, ["Dmitry Peskov", "Kim Jong Un"], "We will never forget\nthis aid. " * 8,
     datetime(2025, 7, 14, tzinfo=UTC), 7.70512),
    (12, [], "Short.", None, 0.5),
]


def test_table_fits_the_width_aligns_and_cuts_long_text():
    lines = text_table(COLUMNS, ROWS, width=80).splitlines()
    assert all(len(line) <= 80 for line in lines)
    header, rule, first, second, count = lines
    assert header.split() == COLUMNS and set(rule) == {"─", " "}
    assert count == "(2 rows)"
    assert "We will never forget t" in first and "…" in first  # one line, cut
    assert first.startswith(" 3") and second.startswith("12")  # numbers right-aligned
    assert first.endswith("7.705") and second.endswith("0.5")
    assert "Dmitry Peskov" in first and "2025-07-14 00:00:00Z" in first
    for column in COLUMNS[1:]:
        start = header.index(column)
        assert first[start - 2:start] == "  " and rule[start - 2:start] == "  "


def test_a_wide_terminal_shows_everything():
    table = text_table(["text"], [("x" * 150,)], width=200)
    assert "x" * 150 in table and "…" not in table


def test_csv_round_trips():
    parsed = list(csv.reader(io.StringIO(render(COLUMNS, ROWS, "csv"))))
    assert parsed[0] == COLUMNS
    assert json.loads(parsed[1][1]) == ["Dmitry Peskov", "Kim Jong Un"]
    assert parsed[1][2] == ROWS[0][2]
    assert parsed[1][3] == "2025-07-14T00:00:00+00:00"
    assert parsed[2][1:4] == ["[]", "Short.", ""]


def test_json_is_an_array_of_objects():
    data = json.loads(render(COLUMNS, ROWS, "json"))
    assert data[0]["speakers"] == ["Dmitry Peskov", "Kim Jong Un"]
    assert data[0]["seen_at"] == "2025-07-14T00:00:00+00:00"
    assert data[1] == {"n": 12, "speakers": [], "text": "Short.", "seen_at": None, "score": 0.5}
    assert json.loads(render(["x"], [(float("nan"),)], "json")) == [{"x": None}]
