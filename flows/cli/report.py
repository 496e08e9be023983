"""`claimtrail report --out FILE`: the offline HTML report of a warehouse (flows/pictures/html.py),
its claims and disputes drawn. Read-only; starts no Prefect."""

import argparse

from flows.cli.options import add_warehouse_option


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add `report` to the `claimtrail` parser."""
    report = commands.add_parser(
        "report", help="write an offline HTML report, with pictures, of a warehouse",
        description="Write one self-contained HTML file (no network needed): for each of the "
        "claims made by the most independent sources, its spread over time, the sources behind "
        "it and its mentions; then the figures in dispute on number lines.")
    report.add_argument("--out", required=True, metavar="FILE", help="HTML file to write")
    add_warehouse_option(report)
    report.add_argument("--top", type=int, default=10, metavar="N",
                        help="how many claims to draw (default: 10)")


def report(args: argparse.Namespace) -> str:
    """Write the report; what was written."""
    from flows.cli.analyst import open_warehouse
    from flows.pictures.html import report_html, write_text

    if args.top < 1:
        raise ValueError("--top must be at least 1")
    with open_warehouse(args.db) as con:
        text = report_html(con, str(args.db), args.top)
    try:
        return f"wrote {write_text(args.out, text)}"
    except OSError as err:
        raise ValueError(f"cannot write {args.out}: {err.strerror or err}") from err
