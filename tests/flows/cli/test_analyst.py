"""`claimtrail top`, `show`, `sql`, `dictionary` and `check`, run as a user runs them."""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tasks.store.lake import Lake
from tasks.store.warehouse import build_warehouse

BIN = Path(sys.executable).parent / "claimtrail"
DICTIONARY = Path(__file__).resolve().parents[3] / "docs" / "data_dictionary.md"


def claimtrail(*args: str, stdin: str | None = None, columns: int = 120
               ) -> subprocess.CompletedProcess:
    env = os.environ | {"COLUMNS": str(columns)}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, input=stdin,
                          env=env, timeout=120)


def ok(*args: str, stdin: str | None = None, columns: int = 120) -> str:
    done = claimtrail(*args, stdin=stdin, columns=columns)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def db(seeds_warehouse) -> str:
    return str(seeds_warehouse.db)


@pytest.fixture(scope="module")
def con(db):
    con = duckdb.connect(db, read_only=True)
    yield con
    con.close()


def test_help_names_every_option():
    for command, options in {"top": ["--n", "--by", "--db", "--format",
                                     "data/warehouse.duckdb"],
                             "show": ["CLUSTER_ID", "--db", "--format"],
                             "sql": ["SQL", "--db", "--format"],
                             "dictionary": ["--db", "--out", "docs/data_dictionary.md"],
                             "check": ["--db", "data/warehouse.duckdb"]}.items():
        text = ok(command, "--help")
        assert all(o in text for o in options), command


def test_top_in_every_format(db, con):
    expected = con.execute(
        "SELECT cluster_id, n_sources FROM claim_frequency ORDER BY n_independent_sources DESC, "
        "n_sources DESC, n_mentions DESC, cluster_id LIMIT 3"
    ).fetchall()
    lines = ok("top", "--n", "3", "--db", db).splitlines()
    assert lines[0].split()[:5] == ["rank", "indep", "docs", "cluster_id", "claim,"]
    assert lines[-1] == "(3 rows)"
    assert all(len(line) <= 120 for line in lines)
    firsts = [line for line in lines[2:-1] if line[:4].strip()]  # each row's first line
    assert [line.split()[0] for line in firsts] == ["1", "2", "3"]
    assert [line.split()[3] for line in firsts] == [c[:9] for c, _ in expected]  # id prefixes
    parsed = list(csv.DictReader(io.StringIO(ok("top", "--n", "3", "--db", db, "--format", "csv"))))
    assert [(r["cluster_id"], int(r["n_sources"])) for r in parsed] == expected
    assert isinstance(json.loads(parsed[0]["speakers"]), list)
    data = json.loads(ok("top", "--n", "3", "--db", db, "--format", "json"))
    assert [(r["cluster_id"], r["n_sources"]) for r in data] == expected
    assert [r["rank"] for r in data] == [1, 2, 3]


def test_top_by_checkworthiness(db, con):
    expected = con.execute(
        "SELECT cluster_id, checkworthiness FROM claim_frequency ORDER BY checkworthiness DESC, "
        "n_independent_sources DESC, n_sources DESC, n_mentions DESC, cluster_id LIMIT 3"
    ).fetchall()
    data = json.loads(ok("top", "--n", "3", "--by", "checkworthiness", "--db", db,
                         "--format", "json"))
    assert [r["cluster_id"] for r in data] == [c for c, _ in expected]
    assert [r["checkworthiness"] for r in data] == [w for _, w in expected]
    lines = ok("top", "--n", "3", "--by", "checkworthiness", "--db", db).splitlines()
    assert lines[0].split() == ["rank", "worth", "indep", "docs", "cluster_id", "claim,", "then",
                                "who", "said", "it"]


def test_show_a_cluster_with_its_mentions_sources_and_offsets(db, con):
    cluster, n_mentions = con.execute("SELECT cluster_id, n_mentions FROM claim_frequency "
                                      "ORDER BY n_mentions DESC, cluster_id LIMIT 1").fetchone()
    assert n_mentions >= 2
    data = json.loads(ok("show", cluster[:12], "--db", db, "--format", "json"))
    assert data["cluster"]["cluster_id"] == cluster
    assert data["cluster"]["n_mentions"] == len(data["mentions"]) == n_mentions
    assert [m["seen_order"] for m in data["mentions"]] == list(range(1, n_mentions + 1))
    for m in data["mentions"]:
        encoding = con.execute("SELECT encoding FROM documents WHERE doc_id = ?",
                               [m["doc_id"]]).fetchone()[0]
        raw = Path(m["source_uri"]).read_bytes().decode(encoding)
        assert raw[m["raw_start"]:m["raw_end"]] == m["claim_text"]
    table = ok("show", cluster, "--db", db)
    assert re.search(rf"^cluster_id +{cluster}$", table, re.M)  # the id whole, to copy
    assert re.search(rf"^n_mentions +{n_mentions}$", table, re.M)
    assert all(f"{Path(m['source_uri']).name} {m['raw_start']}-{m['raw_end']}" in table
               for m in data["mentions"])
    assert f"({n_mentions} rows)" in table
    rows = list(csv.DictReader(io.StringIO(ok("show", cluster, "--db", db, "--format", "csv"))))
    assert [(int(r["raw_start"]), int(r["raw_end"])) for r in rows] == [
        (m["raw_start"], m["raw_end"]) for m in data["mentions"]]


def test_show_names_an_unknown_or_ambiguous_cluster(db):
    done = claimtrail("show", "c-no-such-cluster", "--db", db)
    assert done.returncode == 2 and "no cluster 'c-no-such-cluster'" in done.stderr
    done = claimtrail("show", "c", "--db", db)
    assert done.returncode == 2 and "matches several clusters" in done.stderr


def test_sql_in_every_format(db, con):
    n_claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert json.loads(ok("sql", "SELECT count(*) AS n FROM claims", "--db", db,
                         "--format", "json")) == [{"n": n_claims}]
    query = "SELECT rank, matched_terms, claim_text FROM search_claims('artillery shells') LIMIT 3"
    rows = list(csv.DictReader(io.StringIO(ok("sql", query, "--db", db, "--format", "csv"))))
    assert [int(r["rank"]) for r in rows] == [1, 2, 3]
    assert set(json.loads(rows[0]["matched_terms"])) == {"artillery", "shell"}
    table = ok("sql", "-", "--db", db, stdin="SELECT started_at, inputs FROM runs")
    assert "Z  " in table and "(1 row)" in table


def test_sql_errors_are_one_line_and_exit_2(db, tmp_path):
    done = claimtrail("sql", "SELECT * FROM no_such_table", "--db", db)
    assert done.returncode == 2 and done.stderr.startswith("claimtrail sql: ")
    assert "no_such_table" in done.stderr and "Traceback" not in done.stderr
    done = claimtrail("sql", "DELETE FROM claims", "--db", db)
    assert done.returncode == 2 and "read-only" in done.stderr
    done = claimtrail("sql", "SELECT 1", "--db", str(tmp_path / "nope.duckdb"))
    assert done.returncode == 2 and "no warehouse at" in done.stderr


def test_readers_share_the_warehouse_and_keep_it_while_a_run_replaces_it(seeds_warehouse,
                                                                         tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(seeds_warehouse.db, db)
    reader = duckdb.connect(str(db), read_only=True)
    count = "SELECT count(*) AS n FROM claims"
    n = reader.execute(count).fetchone()[0]
    assert json.loads(ok("sql", count, "--db", str(db), "--format", "json")) == [{"n": n}]
    build_warehouse(Lake(seeds_warehouse.lake), db)
    assert reader.execute(count).fetchone()[0] == n
    assert json.loads(ok("sql", count, "--db", str(db), "--format", "json")) == [{"n": n}]
    reader.close()


def test_analyst_commands_do_not_import_prefect(db):
    code = ("import sys; from flows.cli.main import main; "
            f"assert main(['sql', 'SELECT 1', '--db', {db!r}]) == 0; "
            "print('prefect' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False"


def test_dictionary_command(db, tmp_path):
    out = tmp_path / "dictionary.md"
    assert ok("dictionary", "--out", str(out)).strip() == f"wrote {out}"
    assert out.read_text(encoding="utf-8") == DICTIONARY.read_text(encoding="utf-8")
    assert ok("dictionary", "--db", db, "--out", "-") == DICTIONARY.read_text(encoding="utf-8")


def test_check_runs_the_data_tests_and_fails_on_a_planted_violation(db, tmp_path):
    assert ok("check", "--db", db).startswith("all ")
    planted = tmp_path / "planted.duckdb"
    shutil.copyfile(db, planted)
    con = duckdb.connect(str(planted))
    con.execute("UPDATE runs SET status = 'crashed'")
    con.close()
    done = claimtrail("check", "--db", str(planted))
    assert done.returncode == 1, done.stderr
    assert "- runs.status in (completed, failed): " in done.stdout
    assert "crashed" in done.stdout


# --- 80 columns ---------------------------------------------------------------------------------

FULL_ID = re.compile(r"\b[0-9a-f]{16}\b")  # a claim or document id printed whole


def _words(text: str) -> str:
    return " ".join(text.split())


def _column(lines: list[str], start: int, end: int | None = None) -> str:
    """The text of the column from `start` to `end` (else the end of each line), wrapped back."""
    return _words(" ".join(line[start:end] for line in lines))


def _readable(out: str) -> list[str]:
    lines = out.splitlines()
    assert lines and all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "…" not in out
    return lines


def test_top_is_readable_at_80_columns(db):
    claims = json.loads(ok("top", "--n", "10", "--db", db, "--format", "json"))
    lines = _readable(ok("top", "--n", "10", "--db", db, columns=80))
    start = lines[0].index("claim")
    assert 80 - start >= 40  # the claim column: never narrower than 40 characters
    text = _column(lines[2:-1], start)
    for c in claims:  # every claim whole (wrapped, not cut), its speakers below it
        assert _words(c["canonical_text"]) in text
        assert all(s in text for s in c["speakers"])
        assert c["cluster_id"][:9] in out_ids(lines)
    assert not FULL_ID.search("\n".join(lines)) and not re.search(r"c[0-9a-f]{16}", "".join(lines))


def out_ids(lines: list[str]) -> set[str]:
    return {w for line in lines for w in line.split() if re.fullmatch(r"c[0-9a-f]{8}", w)}


def test_show_is_readable_at_80_columns(db, con):
    cluster = con.execute("SELECT cluster_id FROM claim_frequency ORDER BY n_mentions DESC, "
                          "cluster_id LIMIT 1").fetchone()[0]
    mentions = json.loads(ok("show", cluster, "--db", db, "--format", "json"))["mentions"]
    lines = _readable(ok("show", cluster, "--db", db, columns=80))
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["#", "seen"])
    start = lines[header].index("claim")
    assert 80 - start >= 40
    text = _column(lines[header + 2:], start)
    assert all(_words(m["claim_text"]) in text for m in mentions)
    assert not FULL_ID.search("\n".join(lines[header:]))  # rows: ids shortened


@pytest.mark.parametrize("query", [
    "SELECT * FROM claims_by_speaker('Peskov')",
    "SELECT * FROM claim_lineage ORDER BY claim_id LIMIT 5",
    "SELECT cluster_id, canonical_text, n_sources FROM claim_frequency ORDER BY cluster_id",
])
def test_sql_is_readable_at_80_columns(db, query):
    rows = json.loads(ok("sql", query, "--db", db, "--format", "json"))
    assert rows
    lines = _readable(ok("sql", query, "--db", db, columns=80))
    assert lines[-1] == f"({len(rows)} row{'s' * (len(rows) > 1)})"
    texts = [r.get("claim_text") or r["canonical_text"] for r in rows]
    if lines[0].startswith("-[ RECORD 1 ]"):  # too many columns: one record per row
        name_width = max(len(k) for k in rows[0]) + 2  # names, then values
        assert 80 - name_width >= 40 and lines[1][name_width - 2:name_width] == "  "
        text = _column([line for line in lines if not line.startswith("-[ RECORD")],
                       name_width)
        assert len([line for line in lines if line.startswith("-[ RECORD")]) == len(rows)
    else:
        start, end = lines[0].index("canonical_text"), lines[0].index("n_sources")
        assert end - start >= 40
        text = _column(lines[2:-1], start, end)
    assert all(_words(t) in text for t in texts)
    assert not FULL_ID.search("\n".join(lines)), "ids are shortened"
