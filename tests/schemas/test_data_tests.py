"""The data tests are generated from the models: each declared key, reference, required column
and closed vocabulary has its test, every query runs, and a mistaken declaration is an error."""

from typing import ClassVar

import duckdb
import pytest

from schemas.data_tests import RELATIONS, data_tests, failures, relation_tests
from schemas.derive import allowed_values
from schemas.records import ClaimRecord, Record
from tasks.store.lake import Lake
from tasks.store.warehouse import build_warehouse


def test_every_declaration_has_its_test():
    names = {t.name for t in data_tests()}
    assert {
        "claims (claim_id) is unique", "documents (doc_id) is unique", "runs (run_id) is unique",
        "claims.doc_id in documents.doc_id", "claims.run_id in runs.run_id",
        "claims.cluster_id in claim_frequency.cluster_id",
        "document_sources.doc_id in documents.doc_id",
        "figure_dispute_pairs.claim_id in claims.claim_id",
        "figure_dispute_pairs.other_claim_id in claims.claim_id",
        "cluster_links.claim_id in claims.claim_id",
        "cluster_links.linked_claim_id in claims.claim_id",
        "claims.kind is not null", "claim_frequency.cluster_id is not null",
    } <= names
    # accepted values follow from the Literal types, in every relation that has such a column
    for relation, model in RELATIONS.items():
        for col, field in model.model_fields.items():
            values = allowed_values(field.annotation)
            if values is not None:
                assert f"{relation}.{col} in ({', '.join(values)})" in names
    assert "runs.status in (completed, failed)" in names
    assert "claim_lineage.kind in (quote, statement, numeric, event)" in names


def test_every_query_runs_and_holds_on_an_empty_warehouse(tmp_path):
    build_warehouse(Lake(tmp_path / "lake"), tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        assert failures(con) == []
    finally:
        con.close()


def test_a_declaration_naming_nothing_is_an_error():
    class Typo(Record):
        key: ClassVar = ("claim",)
        claim_id: str

    class Dangling(Record):
        references: ClassVar = {"claim_id": "claims.id"}
        claim_id: str

    with pytest.raises(ValueError, match="'claim'"):
        relation_tests("typo", Typo)
    with pytest.raises(ValueError, match=r"'claims\.id'"):
        relation_tests("dangling", Dangling)
    assert relation_tests("claims", ClaimRecord)
