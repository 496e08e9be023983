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


def test_table_fits_80_columns_wraps_text_and_aligns_numbers():
    lines = text_table(COLUMNS, ROWS, width=80).splitlines()
    assert all(len(line) <= 80 for line in lines)
    header, rule, *body, count = lines
    assert header.split() == COLUMNS and set(rule) == {"─"}
    assert count == "(2 rows)"
    text_at = header.index("text")
    wrapped = " ".join(line[text_at:header.index("seen_at")].strip() for line in body[:-1])
    assert " ".join(ROWS[0][2].split()) in " ".join(wrapped.split())  # all of it, wrapped
    assert len(body) > 2 and "…" not in "".join(lines)  # wrapped, never cut
    assert body[0].startswith(" 3") and body[-1].startswith("12")  # numbers right-aligned
    assert body[0].endswith("7.705") and body[-1].endswith("0.5")
    assert "2025-07-14" in body[0]


def test_ids_are_shortened_to_a_prefix_in_tables_only():
    row = [("c0123456789abcdef", "a claim")]
    assert "c01234567 " in text_table(["cluster_id", "claim"], row, width=80) + " "
    assert "c0123456789abcdef" not in text_table(["cluster_id", "claim"], row, width=80)
    assert "c0123456789abcdef" in render(["cluster_id", "claim"], row, "csv")


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


def test_too_many_columns_for_the_width_become_records():
    columns = [f"column_{i}" for i in range(12)] + ["claim_text"]
    rows = [(*range(12), "A claim that is long enough to need wrapping at eighty columns. " * 3)]
    lines = text_table(columns, rows, width=80).splitlines()
    assert lines[0].startswith("-[ RECORD 1 ]") and lines[-1] == "(1 row)"
    assert all(len(line) <= 80 for line in lines)
    claim = next(line for line in lines if line.startswith("claim_text"))
    at = claim.index("A claim")
    assert 80 - at >= 40
    body = " ".join(line[at:] for line in lines[lines.index(claim):-1])
    assert " ".join(rows[0][-1].split()) == " ".join(body.split())  # wrapped whole
    assert text_table(columns[-2:], [rows[0][-2:]], width=80).splitlines()[0].split() == [
        "column_11", "claim_text"]  # two columns still fit as a table
