"""Time every recipe of docs/analyst.md, and the queries behind `claimtrail top` and `show`, on a
warehouse opened read-only.

    .venv/bin/python -m bench.time_cookbook data/warehouse.duckdb [--repeat 5]

Prints the warehouse's size, then for each query the rows it returned and the median and slowest
wall time over the repeats.
"""

import argparse
import re
import statistics
import time
from pathlib import Path

import duckdb

from tasks.store.connection import connect

COOKBOOK = Path(__file__).resolve().parent.parent / "docs" / "analyst.md"
_RECIPE = re.compile(r"<!-- recipe: (\w+) -->\n```sql\n(.*?)```", re.S)
# The CLI's queries, and the macros called with words any English news has.
EXTRA = {
    "cli top": "SELECT * FROM claim_frequency ORDER BY n_independent_sources DESC, n_sources DESC, "
               "n_mentions DESC, cluster_id LIMIT 10",
    "cli show": "SELECT * FROM claim_spread((SELECT cluster_id FROM claim_frequency "
                "ORDER BY n_mentions DESC, cluster_id LIMIT 1))",
    "search 'government said prices would rise'":
        "SELECT * FROM search_claims('government said prices would rise') LIMIT 10",
    "claims_by_speaker('minister')": "SELECT * FROM claims_by_speaker('minister')",
}


def recipes(path: Path = COOKBOOK) -> dict[str, str]:
    """The cookbook's SQL, by recipe name."""
    return dict(_RECIPE.findall(path.read_text(encoding="utf-8")))


def time_queries(con: duckdb.DuckDBPyConnection, queries: dict[str, str],
                 repeat: int) -> list[tuple[str, int, float, float]]:
    """(name, rows, median seconds, slowest seconds) of each query."""
    out = []
    for name, sql in queries.items():
        seconds, n_rows = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            n_rows = len(con.execute(sql).fetchall())
            seconds.append(time.perf_counter() - start)
        out.append((name, n_rows, statistics.median(seconds), max(seconds)))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="the warehouse to query")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (default 5)")
    args = parser.parse_args(argv)
    con = connect(str(args.db), read_only=True)
    sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
             for t in ("documents", "claims", "claim_frequency", "claim_terms")}
    print(f"{args.db}: " + ", ".join(f"{n:,} {t}" for t, n in sizes.items()))
    rows = time_queries(con, recipes() | EXTRA, args.repeat)
    width = max(len(name) for name, *_ in rows)
    print(f"{'query':<{width}}  {'rows':>8}  {'median ms':>9}  {'max ms':>8}")
    for name, n_rows, median, slowest in rows:
        print(f"{name:<{width}}  {n_rows:>8,}  {median * 1000:>9.1f}  {slowest * 1000:>8.1f}")
    con.close()


if __name__ == "__main__":
    main()
