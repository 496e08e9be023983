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


def test_claim_frequency_keeps_publication_and_ingest_times_apart(warehouse):
    """first/last_published come from publication times only, first/last_ingested from the runs
    that first read the documents, n_undated_sources counts the documents without a date."""
    expected = warehouse.execute("""
        SELECT c.cluster_id, min(d.published_at), max(d.published_at), min(r.started_at),
               max(r.started_at), count(DISTINCT d.doc_id) FILTER (WHERE d.published_at IS NULL)
        FROM claims c JOIN documents d USING (doc_id) JOIN runs r ON r.run_id = d.first_run_id
        GROUP BY c.cluster_id ORDER BY c.cluster_id""").fetchall()
    got = warehouse.execute("""
        SELECT cluster_id, first_published, last_published, first_ingested, last_ingested,
               n_undated_sources FROM claim_frequency ORDER BY cluster_id""").fetchall()
    assert got == expected
    # a claim made by dated and undated documents: its publication span holds no ingest time
    mixed = [r for r in got if r[1] is not None and r[5] > 0]
    assert mixed
    ingested = {r[3] for r in got}
    assert all(r[1] not in ingested and r[2] not in ingested for r in mixed)
    assert all(r[1] <= r[2] < r[3] for r in mixed)  # the seeds were published before this run
