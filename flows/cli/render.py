"""Query results for the terminal: aligned text tables, CSV or JSON."""

import csv
import io
import json
import math
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


class Lines(tuple):
    """A table cell of several lines (each value one line)."""


def cell_text(value: Any) -> str:
    """A value as one line of text (Lines: one line each)."""
    if value is None:
        return ""
    if isinstance(value, Lines):
        return "\n".join(cell_text(v) for v in value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:.0f}"
        return f"{value:.4g}" if abs(value) < 1e4 else f"{value:.1f}"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat(sep=" ", timespec="seconds")
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    return " ".join(str(value).split())


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


# Ids print as their first characters in tables: a prefix `claimtrail show` accepts (CSV and JSON
# print them whole).
ID_WIDTH = 9
# Text columns are wrapped, never narrower than this when the terminal has room for it.
TEXT_WIDTH = 40
WORD_WIDTH = 20


def _short_id(column: str, text: str) -> str:
    return text[:ID_WIDTH] if column.endswith("_id") or column == "cluster" else text


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Shrink the columns with the most to spare first until the widths add up to at most room
    (never below their floors)."""
    widths = list(widths)
    while sum(widths) > room:
        spare = max(range(len(widths)), key=lambda i: (widths[i] - floors[i], -i))
        if widths[spare] <= floors[spare]:
            break
        widths[spare] -= 1
    return widths


def _is_prose(column: str) -> bool:
    """A column of running text (a claim, a sentence): kept at least TEXT_WIDTH wide."""
    return column.endswith("text") or (column.startswith("claim") and not column.endswith("_id"))


def text_table(columns: list[str], rows: list[tuple], width: int = 120, count: bool = True
               ) -> str:
    """An aligned table fitting `width` characters (rich's Table): text wrapped, numbers
    right-aligned and never wrapped, ids shortened to a prefix, and (with count) the number of
    rows. Running text (claims, sentences; else the widest text column) is never narrower than
    TEXT_WIDTH, other text never narrower than its longest word (up to WORD_WIDTH): when the
    columns do not fit so, each row is printed as a record, one `column  value` line each."""
    numeric = [
        any(_is_number(r[i]) for r in rows) and all(_is_number(r[i]) or r[i] is None for r in rows)
        for i in range(len(columns))
    ]
    cells = [[_short_id(c, cell_text(v)) for c, v in zip(columns, row, strict=True)]
             for row in rows]
    fixed = [numeric[i] or c.endswith("_id") for i, c in enumerate(columns)]
    natural = [max([len(c), *(len(line) for r in cells for line in r[i].splitlines())])
               for i, c in enumerate(columns)]
    text = [i for i in range(len(columns)) if not fixed[i]]
    prose = {i for i in text if _is_prose(columns[i])} or (
        {max(text, key=lambda i: natural[i])} if text else set())
    words = [max([len(w) for r in cells for w in r[i].split()] + [len(columns[i])])
             for i in range(len(columns))]
    floors = [n if fixed[i] else min(n, TEXT_WIDTH if i in prose else min(words[i], WORD_WIDTH))
              for i, n in enumerate(natural)]
    room = width - 2 * (len(columns) - 1)
    widths = _fit(natural, floors, room)
    if sum(widths) > room:
        body = _records(columns, cells, width)
    else:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style=None,
                      padding=(0, 1), collapse_padding=True)
        for i, name in enumerate(columns):
            table.add_column(name, justify="right" if numeric[i] else "left", width=widths[i],
                             no_wrap=fixed[i], overflow="fold")
        for row in cells:
            table.add_row(*row)
        body = _printed(table, width)
    if count:
        body.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(body)


def _printed(renderable: Table, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, highlight=False, emoji=False,
            markup=False).print(renderable)
    return [line.rstrip() for line in out.getvalue().splitlines()]


def fields(columns: list[str], values: list[str], width: int) -> list[str]:
    """Columns and their values, one `name  value` line each, values wrapped to the width."""
    name_width = min(max(len(c) for c in columns), max(width - TEXT_WIDTH - 2, 8))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(width=name_width, overflow="fold")
    grid.add_column(overflow="fold")
    for name, value in zip(columns, values, strict=True):
        grid.add_row(name, value)
    return _printed(grid, width)


def _records(columns: list[str], cells: list[list[str]], width: int) -> list[str]:
    """Each row as a record: a `-[ RECORD n ]-` rule, then its fields (as psql's expanded
    display)."""
    lines: list[str] = []
    for n, row in enumerate(cells, start=1):
        rule = f"-[ RECORD {n} ]"
        lines.append(rule + "-" * max(min(width, 80) - len(rule), 0))
        lines += fields(columns, row, width)
    return lines


def _plain(value: Any) -> Any:
    """A value as JSON allows: NaN and infinities become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def records(columns: list[str], rows: list[tuple]) -> list[dict]:
    """Rows as JSON-ready objects keyed by column name."""
    return [dict(zip(columns, (_plain(v) for v in row), strict=True)) for row in rows]


def to_json(value: Any) -> str:
    """JSON text of records (timestamps ISO 8601)."""
    return json.dumps(value, default=_json_default, ensure_ascii=False, indent=2)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(_plain(value), default=_json_default, ensure_ascii=False)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def to_csv(columns: list[str], rows: list[tuple]) -> str:
    """CSV with a header row; lists and structs as JSON, nulls empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue().rstrip("\n")


def render(columns: list[str], rows: list[tuple], fmt: str, width: int = 120) -> str:
    """Rows in the given format: table, csv or json."""
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "json":
        return to_json(records(columns, rows))
    return text_table(columns, rows, width)
