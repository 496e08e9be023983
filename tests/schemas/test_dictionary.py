"""The data dictionary: generated from the warehouse catalog, complete, and committed up to date."""

import re
from pathlib import Path

import duckdb
import pytest

from schemas.dictionary import dictionary_markdown
from tasks.store.lake import Lake
from tasks.store.warehouse import build_warehouse

DICTIONARY = Path(__file__).resolve().parents[2] / "docs" / "data_dictionary.md"


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    """A read-only connection to an empty warehouse built by the code."""
    root = tmp_path_factory.mktemp("schema")
    build_warehouse(Lake(root / "lake"), root / "w.duckdb")
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    yield con
    con.close()


def test_the_committed_dictionary_is_up_to_date(schema):
    assert DICTIONARY.read_text(encoding="utf-8") == dictionary_markdown(schema), (
        "docs/data_dictionary.md is stale: regenerate it with `claimtrail dictionary`"
    )


def test_every_table_view_macro_and_column_is_described(schema):
    text = dictionary_markdown(schema)
    relations = schema.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' UNION ALL "
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
    ).fetchall()
    macros = schema.execute(
        "SELECT function_name FROM duckdb_functions() "
        "WHERE function_type IN ('macro', 'table_macro') AND NOT internal"
    ).fetchall()
    assert {"claims_by_speaker", "claim_lineage_of", "search_claims"} <= {m for (m,) in macros}
    for (name,) in relations:
        assert f"\n### {name}\n" in text
        for (column,) in schema.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [name]
        ).fetchall():
            assert f"| `{column}` |" in text
    for (name,) in macros:
        assert f"\n### `{name}(" in text
    for row in re.findall(r"^\| `\w+` \| .*$", text, re.M):
        assert row.rsplit("|", 2)[1].strip(), row


def test_an_undescribed_column_is_an_error():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (a INTEGER); COMMENT ON TABLE t IS 'A table.'")
    with pytest.raises(ValueError, match=r"t\.a has no description"):
        dictionary_markdown(con)
    con.execute("COMMENT ON COLUMN t.a IS 'A number.'")
    con.execute("CREATE MACRO m(x) AS TABLE SELECT a, x AS mystery FROM t")
    con.execute("COMMENT ON MACRO TABLE m IS 'Rows of t.'")
    with pytest.raises(ValueError, match=r"m\.mystery has no description"):
        dictionary_markdown(con)
    con.execute("COMMENT ON MACRO TABLE m IS 'Rows of t.\nmystery: The argument.'")
    assert "| `mystery` | " in dictionary_markdown(con)
