import re
from importlib import resources

import duckdb
import pyarrow as pa

from schemas.derive import arrow_schema, column_comment, comment_sql, create_table_sql, to_table
from schemas.records import ClaimRecord, Figure, RunRecord
from schemas.tables import (
    LAKE_TABLES,
    MACROS,
    MARTS,
    VIEWS,
    WAREHOUSE_TABLES,
    definition_sql,
)
from schemas.views import ClaimLineage


def test_arrow_schema_follows_the_model():
    schema = arrow_schema(ClaimRecord)
    assert schema.names == list(ClaimRecord.model_fields)
    figures = schema.field("figures").type
    assert pa.types.is_list(figures)
    assert figures.value_type.field("value").type == pa.float64()
    assert not schema.field("claim_id").nullable
    assert schema.field("speaker").nullable


def test_exclude_drops_columns():
    assert "cluster_id" not in arrow_schema(ClaimRecord, frozenset({"cluster_id"})).names


def test_every_table_ddl_runs_and_every_column_is_commented():
    con = duckdb.connect()
    for name, model in {**WAREHOUSE_TABLES, **LAKE_TABLES}.items():
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(create_table_sql(name, model))
        for statement in comment_sql(name, model):
            con.execute(statement)
        undocumented = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
            "AND (comment IS NULL OR comment = '')",
            [name],
        ).fetchall()
        assert undocumented == [], name


def test_records_round_trip_through_arrow():
    figure = Figure(value=6000, unit="engineers", text="6,000", raw_start=3, raw_end=8)
    claim = ClaimRecord(
        claim_id="a",
        doc_id="d",
        kind="numeric",
        text="6,000 engineers",
        hedged=False,
        figures=[figure],
        raw_start=0,
        raw_end=15,
        sentence_index=0,
        sentence_start=0,
        sentence_end=15,
        run_id="r",
        extractor_version="1",
    )
    table = to_table([claim], ClaimRecord)
    assert table.to_pylist()[0]["figures"][0]["value"] == 6000.0
    assert to_table([], RunRecord).num_rows == 0


def test_computed_relations_are_described_by_their_models_not_by_the_sql_files():
    for name in (*VIEWS, *MARTS, *MACROS):
        written = resources.files("schemas").joinpath("sql", f"{name}.sql").read_text("utf-8")
        assert not re.search(r"COMMENT ON (TABLE|VIEW|COLUMN)", written), name
    sql = definition_sql("claim_lineage")
    kind = ClaimLineage.model_fields["kind"]
    assert kind.annotation == ClaimRecord.model_fields["kind"].annotation
    assert kind.description == ClaimRecord.model_fields["kind"].description
    assert f"COMMENT ON COLUMN claim_lineage.kind IS '{column_comment(kind)}';" in sql
    assert "Values: `quote`, `statement`, `numeric`, `event`." in column_comment(kind)
    assert "COMMENT ON TABLE claim_terms IS" in definition_sql("search_index")
