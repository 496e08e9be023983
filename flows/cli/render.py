"""Query results for the terminal: aligned text tables, CSV or JSON."""

import csv
import io
import json
import math
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

_MIN_WIDTH = 8


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def cell_text(value: Any) -> str:
    """A value as one line of text."""
    if value is None:
        return ""
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


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Shrink the widest columns first until the widths add up to at most room."""
    widths = list(widths)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: (widths[i] - floors[i], -i))
        if widths[widest] <= floors[widest]:
            break
        widths[widest] -= 1
    return widths


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def text_table(columns: list[str], rows: list[tuple], width: int = 120) -> str:
    """An aligned table fitting `width` characters: long cells cut with …, numbers right."""
    cells = [[cell_text(v) for v in row] for row in rows]
    natural = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    floors = [min(n, max(len(c), _MIN_WIDTH)) for n, c in zip(natural, columns, strict=True)]
    widths = _fit(natural, floors, width - 2 * (len(columns) - 1))
    numeric = [
        any(_is_number(r[i]) for r in rows) and all(_is_number(r[i]) or r[i] is None for r in rows)
        for i in range(len(columns))
    ]

    def line(values: list[str]) -> str:
        parts = [
            _clip(v, w).rjust(w) if num else _clip(v, w).ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(columns), "  ".join("─" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out)


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
