"""Every view, mart and search-index table of a warehouse built by the flow has exactly the
columns its model (schemas/views.py) declares: names, order and DuckDB types. A SELECT that adds,
drops, renames or retypes a column without its model fails here."""

import duckdb
import pytest

from schemas.derive import create_table_sql
from schemas.tables import COMPUTED, VIEWS


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' "
        "AND table_name = ? ORDER BY column_index", [name]).fetchall()


@pytest.fixture(scope="module")
def warehouse(seeds_warehouse):
    con = duckdb.connect(str(seeds_warehouse.db), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("name", list(COMPUTED))
def test_a_computed_relation_has_its_models_columns(warehouse, name):
    expected = duckdb.connect()
    expected.execute(create_table_sql(name, COMPUTED[name]))
    assert _columns(warehouse, name) == _columns(expected, name)
    kind = "view" if name in VIEWS else "table"
    found = warehouse.execute(
        f"SELECT comment FROM duckdb_{kind}s() WHERE {kind}_name = ?", [name]).fetchone()
    assert found and found[0], f"{name} has no comment"
