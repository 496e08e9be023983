"""The data dictionary: every table, view and macro of a warehouse with its columns, as markdown.

It is read from the warehouse catalog (`duckdb_tables()`, `duckdb_views()`, `duckdb_columns()`,
`duckdb_functions()`), whose comments derive from schemas/records.py and schemas/sql/, so it cannot
say anything the database does not. A macro's comment is its description, then one
`column: meaning` line per column it adds; its other columns take the description of the
same-named column of a view (else a table).
"""

import duckdb

_INTRO = """\
# Data dictionary

Every table, view and macro of the claimtrail warehouse, with each column and what it means.
Generated from the warehouse's own comments by `claimtrail dictionary`: do not edit by hand.
In the database: `SELECT table_name, column_name, comment FROM duckdb_columns()` and
`SELECT function_name, comment FROM duckdb_functions() WHERE NOT internal`.
"""


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str, str]]:
    return con.execute(
        "SELECT column_name, data_type, coalesce(comment, '') FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? "
        "ORDER BY column_index", [relation]
    ).fetchall()


def _relations(con: duckdb.DuckDBPyConnection, catalog: str, name: str) -> list[tuple[str, str]]:
    return con.execute(
        f"SELECT {name}, coalesce(comment, '') FROM {catalog}() WHERE NOT internal "
        f"AND database_name = current_database() AND schema_name = 'main' ORDER BY {name}"
    ).fetchall()


def _table(rows: list[tuple[str, str, str]], where: str) -> list[str]:
    out = ["| column | type | description |", "|---|---|---|"]
    for name, kind, text in rows:
        if not text:
            raise ValueError(f"{where}.{name} has no description (COMMENT ON COLUMN)")
        out.append(f"| `{name}` | {kind} | {_cell(text)} |")
    return out


def _macro_section(con: duckdb.DuckDBPyConnection, name: str, kind: str, params: list[str],
                   types: list[str | None], comment: str, known: dict[str, str]) -> list[str]:
    signature = ", ".join(f"{p} {t}" if t else p for p, t in zip(params, types, strict=True))
    description, *column_lines = (comment or "").splitlines() or [""]
    if not description:
        raise ValueError(f"macro {name} has no description (COMMENT ON MACRO)")
    call = f"{name}({', '.join('NULL' for _ in params)})"
    if kind == "macro":
        returns = con.execute(f"SELECT typeof({call})").fetchall()[0][0]
        return [f"### `{name}({signature})` → {returns}", "", _cell(description), ""]
    own = dict(line.split(": ", 1) for line in column_lines)
    rows = [
        (col, col_type, own.get(col) or known.get(col, ""))
        for col, col_type, *_ in con.execute(f"DESCRIBE SELECT * FROM {call}").fetchall()
    ]
    return [f"### `{name}({signature})`", "", _cell(description), "",
            *_table(rows, name), ""]


def dictionary_markdown(con: duckdb.DuckDBPyConnection) -> str:
    """The data dictionary of the warehouse open on `con`, as markdown."""
    tables = _relations(con, "duckdb_tables", "table_name")
    views = _relations(con, "duckdb_views", "view_name")
    macros = con.execute(
        "SELECT function_name, function_type, parameters, parameter_types, coalesce(comment, '') "
        "FROM duckdb_functions() WHERE function_type IN ('macro', 'table_macro') AND NOT internal "
        "AND database_name = current_database() AND schema_name = 'main' ORDER BY function_name"
    ).fetchall()
    known: dict[str, str] = {}
    for relation, _ in [*tables[::-1], *views[::-1]]:
        known |= {col: text for col, _, text in _columns(con, relation) if text}
    out = [_INTRO, "| name | kind | description |", "|---|---|---|"]
    out += [f"| [`{n}`](#{n}) | table | {_cell(c)} |" for n, c in tables]
    out += [f"| [`{n}`](#{n}) | view | {_cell(c)} |" for n, c in views]
    out += [f"| `{n}` | {k.replace('_', ' ')} | {_cell(c.splitlines()[0] if c else '')} |"
            for n, k, _, _, c in macros]
    out.append("")
    for title, relations in (("Tables", tables), ("Views", views)):
        out += [f"## {title}", ""]
        for relation, comment in relations:
            if not comment:
                raise ValueError(f"{relation} has no description (COMMENT ON)")
            out += [f"### {relation}", "", _cell(comment), "",
                    *_table(_columns(con, relation), relation), ""]
    out += ["## Macros", ""]
    for name, kind, params, types, comment in macros:
        out += _macro_section(con, name, kind, params, types, comment, known)
    return "\n".join(out).rstrip() + "\n"
