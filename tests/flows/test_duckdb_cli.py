"""The cookbook's `duckdb -readonly data/warehouse.duckdb`, with the real DuckDB command line from
PyPI (duckdb-cli, in the dev extra: .venv/bin/duckdb), on the seeds warehouse: it opens the file
(written in DuckDB 1.4's storage format, which it reads), and every recipe, view and macro gives it
what the Python package gives. And the cookbook's two ways to keep one's own tables in a file of
one's own next to the warehouse, in the command line and in Python."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from bench.time_cookbook import COOKBOOK, EXTRA, recipes

DUCKDB_CLI = Path(sys.executable).parent / "duckdb"


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    """`duckdb -readonly DB ARGS...`, as an analyst runs it."""
    assert DUCKDB_CLI.exists(), "no DuckDB command line: pip install -e '.[dev]' (duckdb-cli)"
    return subprocess.run([str(DUCKDB_CLI), "-readonly", str(db), *args], capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def queries(con) -> dict[str, str]:
    """Every cookbook recipe and `claimtrail top/show` query, every view in full (in one order),
    and every macro called once."""
    cluster, claim = con.execute(
        "SELECT cluster_id, claim_id FROM claims ORDER BY claim_id LIMIT 1").fetchone()
    views = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'").fetchall()]
    calls = {
        "claims_by_speaker": "FROM claims_by_speaker('Peskov')",
        "claim_lineage_of": f"FROM claim_lineage_of('{claim}')",
        "claim_spread": f"FROM claim_spread('{cluster}')",
        "search_claims": "FROM search_claims('artillery shells')",
        "search_terms": "SELECT search_terms('12,000 shells and casualties')",
    }
    macros = {r[0] for r in con.execute(
        "SELECT function_name FROM duckdb_functions() WHERE NOT internal").fetchall()}
    assert macros == set(calls), "a macro without a call here"
    assert len(views) >= 3
    return ({f"recipe {n}": sql for n, sql in recipes().items()} | EXTRA
            | {f"view {v}": f"SELECT * FROM {v} ORDER BY ALL" for v in views}
            | {f"macro {m}": sql for m, sql in calls.items()})


def test_the_cli_opens_the_warehouse_read_only(seeds_warehouse):
    version = subprocess.run([str(DUCKDB_CLI), "--version"], capture_output=True, text=True)
    assert version.returncode == 0, version.stderr
    done = cli(seeds_warehouse.db, "-c", "SELECT count(*) AS n FROM claims")
    assert done.returncode == 0, f"{version.stdout}: {done.stderr}"
    written = cli(seeds_warehouse.db, "-c", "CREATE TABLE mine (a INTEGER)")
    assert "read-only" in written.stderr


def test_every_recipe_view_and_macro_runs_in_the_cli(seeds_warehouse, con, queries):
    """As written, with the cookbook's command: as many rows as the Python package returns."""
    for name, sql in queries.items():
        done = cli(seeds_warehouse.db, "-json", "-c", sql)
        assert done.returncode == 0 and not done.stderr, f"{name}: {done.stderr}"
        rows = json.loads(done.stdout) if done.stdout.strip() else []
        assert len(rows) == len(con.execute(sql).fetchall()), name


def test_the_cli_gives_the_same_answers_as_the_python_package(seeds_warehouse, con, queries,
                                                              tmp_path):
    """Each answer written to CSV by each: the same bytes."""
    for i, (name, sql) in enumerate(queries.items()):
        body = sql.strip().rstrip(";")
        con.execute(f"COPY ({body}) TO '{tmp_path / f'{i}.python.csv'}'")
        done = cli(seeds_warehouse.db, "-c", f"COPY ({body}) TO '{tmp_path / f'{i}.cli.csv'}'")
        assert done.returncode == 0, f"{name}: {done.stderr}"
        python = (tmp_path / f"{i}.python.csv").read_bytes()
        assert (tmp_path / f"{i}.cli.csv").read_bytes() == python, name


_ATTACH = re.compile(r"<!-- attach: (\w+) -->\n```sql\n-- duckdb (.*?)\n(.*?)```", re.S)
# the cookbook's alternative to USE, for the record
SEARCH_PATH = ("mine.duckdb", """ATTACH 'data/warehouse.duckdb' AS warehouse (READ_ONLY);
SET search_path = 'mine,warehouse';
CREATE OR REPLACE TABLE peskov AS SELECT * FROM claims_by_speaker('Peskov');
SELECT count(*) AS n FROM peskov JOIN claim_frequency USING (cluster_id);""")


def attach_recipes() -> dict[str, tuple[list[str], str]]:
    """The cookbook's ATTACH examples: the command line options each is run with (its first line),
    and its SQL."""
    return {name: (options.split(), sql)
            for name, options, sql in _ATTACH.findall(COOKBOOK.read_text(encoding="utf-8"))}


def _attach_cases() -> dict[str, tuple[list[str], str]]:
    return attach_recipes() | {"search_path": ([SEARCH_PATH[0]], SEARCH_PATH[1])}


@pytest.fixture()
def analyst_dir(seeds_warehouse, tmp_path) -> Path:
    """A folder with data/warehouse.duckdb (the seeds warehouse), as after `make run`."""
    (tmp_path / "data").mkdir()
    shutil.copyfile(seeds_warehouse.db, tmp_path / "data" / "warehouse.duckdb")
    return tmp_path


@pytest.fixture(scope="module")
def peskov(con) -> int:
    n = len(con.execute("FROM claims_by_speaker('Peskov')").fetchall())
    assert n > 0
    return n


def test_the_cookbook_attaches_both_ways():
    assert set(attach_recipes()) == {"mine_from_warehouse", "warehouse_from_mine"}


@pytest.mark.parametrize("case", ["mine_from_warehouse", "warehouse_from_mine", "search_path"])
def test_own_tables_next_to_the_warehouse_in_the_cli(case, analyst_dir, peskov):
    options, sql = _attach_cases()[case]
    done = subprocess.run([str(DUCKDB_CLI), *options, "-json", "-c", sql], cwd=analyst_dir,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and not done.stderr, done.stderr
    assert json.loads(done.stdout) == [{"n": peskov}]
    mine = duckdb.connect(str(analyst_dir / "mine.duckdb"), read_only=True)
    assert mine.execute("SELECT count(*) FROM peskov").fetchone()[0] == peskov
    mine.close()


@pytest.mark.parametrize("case", ["mine_from_warehouse", "warehouse_from_mine", "search_path"])
def test_own_tables_next_to_the_warehouse_in_python(case, analyst_dir, peskov, monkeypatch):
    options, sql = _attach_cases()[case]
    monkeypatch.chdir(analyst_dir)
    con = duckdb.connect(options[-1], read_only="-readonly" in options)
    assert con.execute(sql).fetchall() == [(peskov,)]
    con.close()
    mine = duckdb.connect("mine.duckdb", read_only=True)
    assert mine.execute("SELECT count(*) FROM peskov").fetchone()[0] == peskov
    mine.close()


def test_without_use_the_macros_miss_their_tables(analyst_dir):
    """As the cookbook says: a macro of an attached warehouse looks its tables up in the current
    database (a view finds its own)."""
    con = duckdb.connect(str(analyst_dir / "mine.duckdb"))
    con.execute(f"ATTACH '{analyst_dir / 'data' / 'warehouse.duckdb'}' AS warehouse (READ_ONLY)")
    assert con.execute("SELECT count(*) FROM warehouse.claim_lineage").fetchone()[0] > 0
    with pytest.raises(duckdb.CatalogException, match="claim_lineage does not exist"):
        con.execute("FROM warehouse.claims_by_speaker('Peskov')")
    con.close()
