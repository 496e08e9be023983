"""The analyst's commands: `top`, `show` and `sql` query the warehouse read-only; `dictionary`
writes the data dictionary; `check` runs the data tests over a warehouse; `report` draws it in
an HTML file (flows/cli/report.py). None of them starts Prefect."""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import duckdb

from flows.cli import report as report_command
from flows.cli.options import DEFAULT_DB, add_reader_options
from flows.cli.render import Lines, cell_text, fields, records, render, to_json
from tasks.store.connection import connect

DEFAULT_DICTIONARY = "docs/data_dictionary.md"
# The columns `top` and `show` print in a table (short ones first, the claim last and wrapped, its
# speakers or its file on the lines below it: a claim keeps 50 characters at 80 columns), and
# their headers; CSV and JSON give every column under its own name.
_TOP_TABLE = {"rank": "rank", "n_independent_sources": "indep", "n_sources": "docs",
              "cluster_id": "cluster_id", "claim": "claim, then who said it"}
# How `top` ranks claims (--by); ties broken by sources, mentions and cluster id.
_TOP_ORDER = {
    "sources": "n_independent_sources DESC, n_sources DESC, n_mentions DESC, cluster_id",
    "checkworthiness": "checkworthiness DESC NULLS LAST, n_independent_sources DESC, "
                       "n_sources DESC, n_mentions DESC, cluster_id",
}
_SHOW_TABLE = {"seen_order": "#", "seen": "seen", "speaker": "speaker",
               "mention": "claim, then its file and offsets"}
INGEST_MARK = "*"  # after a date that is an ingest time, not a publication time


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `top`, `show`, `sql`, `dictionary` and `check` to the `claimtrail` parser."""

    def reader(name: str, help: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=description)
        add_reader_options(sub)
        return sub

    top = reader("top", "the claims made by the most independent sources",
                 "List the claims made by the most independent sources (claim_frequency: "
                 "copies of one document count once), with who said them.")
    top.add_argument("--n", type=int, default=10, metavar="N",
                     help="how many claims to list (default: 10)")
    top.add_argument("--by", choices=tuple(_TOP_ORDER), default="sources",
                     help="rank by independent sources (default), or by check-worthiness: the "
                     "highest of the claim's mentions, most worth checking first")
    show = reader("show", "one claim cluster and each of its mentions",
                  "Show a claim cluster (claim_frequency) and its mentions in the order they "
                  "were seen, with their files and raw offsets (claim_spread).")
    show.add_argument("cluster_id", metavar="CLUSTER_ID",
                      help="the cluster id, or a unique prefix of it")
    query = reader("sql", "run a SQL query on the warehouse",
                   "Run SQL on the warehouse, read-only: tables, views and macros are listed in "
                   f"{DEFAULT_DICTIONARY}; recipes are in docs/analyst.md.")
    query.add_argument("query", metavar="SQL", help="the query; - reads it from standard input")
    dictionary = commands.add_parser(
        "dictionary", help="write the data dictionary",
        description="Write every table, view and macro of the warehouse with its column "
        "descriptions as markdown. Without --db, describes an empty warehouse built by the code.",
    )
    dictionary.add_argument("--db", help="describe this warehouse instead of an empty one")
    dictionary.add_argument("--out", default=DEFAULT_DICTIONARY,
                            help=f"markdown file to write, - for standard output "
                            f"(default: {DEFAULT_DICTIONARY})")
    check = commands.add_parser(
        "check", help="run the data tests over a warehouse",
        description="Run every data test (keys unique and not null, required columns not null, "
        "closed vocabularies, references between tables; schemas/data_tests.py) over the "
        "warehouse, read-only. Exit code 1 when one fails, listing each with its first rows.")
    check.add_argument("--db", default=DEFAULT_DB,
                       help=f"DuckDB warehouse to check (default: {DEFAULT_DB})")
    report_command.add_command(commands)


def open_warehouse(db: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a warehouse file."""
    path = Path(db)
    if not path.is_file():
        raise FileNotFoundError(f"no warehouse at {path}: build it with `claimtrail run`")
    return connect(path, read_only=True)


def _query(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    result = con.execute(sql, params or [])
    if result is None or result.description is None:  # a comment, or a statement without rows
        return [], []
    columns = [d[0] for d in result.description]
    return columns, result.fetchall()


def _width() -> int:
    return shutil.get_terminal_size((120, 24)).columns


def _top(args: argparse.Namespace) -> str:
    if args.n < 1:
        raise ValueError("--n must be at least 1")
    columns, rows = _query(
        open_warehouse(args.db),
        f"SELECT row_number() OVER (ORDER BY {_TOP_ORDER[args.by]}) AS rank, "
        "n_independent_sources, n_sources, n_mentions, "
        "checkworthiness, canonical_text, speakers, cluster_id FROM claim_frequency "
        "ORDER BY rank LIMIT ?",
        [args.n],
    )
    if args.format != "table":
        return render(columns, rows, args.format)
    claims = records(columns, rows)
    for c in claims:
        said = ", ".join(c["speakers"])
        c["claim"] = Lines((c["canonical_text"], f"— {said}")) if said else c["canonical_text"]
    shown = _TOP_TABLE if args.by == "sources" else {"rank": "rank", "checkworthiness": "worth",
                                                     **_TOP_TABLE}
    return render(list(shown.values()), [tuple(c[k] for k in shown) for c in claims],
                  "table", _width())


def _cluster(con: duckdb.DuckDBPyConnection, wanted: str) -> str:
    found = [c for (c,) in con.execute(
        "SELECT cluster_id FROM claim_frequency WHERE starts_with(cluster_id, ?) "
        "ORDER BY cluster_id LIMIT 6", [wanted]
    ).fetchall()]
    if wanted in found:
        return wanted
    if len(found) == 1:
        return found[0]
    if not found:
        raise LookupError(f"no cluster {wanted!r} (see `claimtrail top`)")
    listed = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
    raise LookupError(f"{wanted!r} matches several clusters ({listed}): give more of the id")


def _show(args: argparse.Namespace) -> str:
    con = open_warehouse(args.db)
    cluster = _cluster(con, args.cluster_id)
    head_columns, head = _query(con, "SELECT * FROM claim_frequency WHERE cluster_id = ?",
                                [cluster])
    columns, rows = _query(con, "SELECT * FROM claim_spread(?)", [cluster])
    if args.format == "json":
        return to_json({"cluster": records(head_columns, head)[0],
                        "mentions": records(columns, rows)})
    if args.format == "csv":
        return render(columns, rows, "csv")
    mentions = records(columns, rows)
    for m in mentions:
        where = f"{m['source_uri'].rsplit('/', 1)[-1]} {m['raw_start']}-{m['raw_end']}"
        m["mention"] = Lines((m["claim_text"], f"  {where}"))
        m["seen"] = f"{m['seen_at']:%Y-%m-%d}" + ("" if m["published"] else INGEST_MARK)
    table = [tuple(m[c] for c in _SHOW_TABLE) for m in mentions]
    header = fields(head_columns, [cell_text(v) for v in head[0]], _width())  # the id whole
    note = (f"{INGEST_MARK} seen: the date the document was ingested (it gives no publication "
            "date)") if any(not m["published"] for m in mentions) else ""
    return "\n".join(filter(None, [*header, "\n" + render(list(_SHOW_TABLE.values()), table,
                                                         "table", _width()), note]))


def _sql(args: argparse.Namespace) -> str:
    query = sys.stdin.read() if args.query == "-" else args.query
    if not query.strip():
        raise ValueError("no query: give a SQL statement, e.g. "
                         "\"SELECT * FROM claim_frequency LIMIT 5\"")
    columns, rows = _query(open_warehouse(args.db), query)
    return render(columns, rows, args.format, _width()) if columns else ""


def _dictionary(args: argparse.Namespace) -> str:
    from schemas.dictionary import dictionary_markdown

    if args.db:
        text = dictionary_markdown(open_warehouse(args.db))
    else:
        from tasks.store.lake import Lake
        from tasks.store.warehouse import build_warehouse

        with tempfile.TemporaryDirectory(prefix="claimtrail-dictionary-") as tmp:
            db = Path(tmp) / "schema.duckdb"
            build_warehouse(Lake(Path(tmp) / "lake"), db)
            con = open_warehouse(db)
            text = dictionary_markdown(con)
            con.close()
    if args.out == "-":
        return text.rstrip("\n")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return f"wrote {out}"


class ChecksFailed(Exception):
    """Some data tests failed; the message lists them."""


def _check(args: argparse.Namespace) -> str:
    from schemas.data_tests import data_tests, failures, report

    tests = data_tests()
    con = open_warehouse(args.db)
    try:
        failed = failures(con, tests)
    finally:
        con.close()
    if failed:
        raise ChecksFailed(report(failed, len(tests)))
    return report(failed, len(tests))


COMMANDS = {"top": _top, "show": _show, "sql": _sql, "dictionary": _dictionary, "check": _check,
            "report": report_command.report}


def run_command(args: argparse.Namespace) -> int:
    """Run an analyst command; errors become a one-line message and exit code 2, failed data
    tests their report and exit code 1."""
    try:
        text = COMMANDS[args.command](args)
    except (FileNotFoundError, LookupError, ValueError, duckdb.Error) as err:
        print(f"claimtrail {args.command}: {err}", file=sys.stderr)
        return 2
    except ChecksFailed as failed:
        print(failed, flush=True)
        return 1
    try:
        if text:
            print(text, flush=True)
    except BrokenPipeError:  # the reader (`| head`) stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
