"""Which record lives in which table, in the lake (Parquet) and the warehouse (DuckDB)."""

from importlib import resources

from pydantic import BaseModel

from schemas.records import (
    ClaimRecord,
    ClusterChangeRecord,
    ClusterLinkRecord,
    ClusterMemberRecord,
    DocumentFamilyRecord,
    DocumentRecord,
    DocumentSketchRecord,
    DocumentSourceRecord,
    FigureDisputeRecord,
    InputFileRecord,
    MatchTermsRecord,
    QuarantineRecord,
    RunRecord,
)

# Lake tables: Parquet, append-only per run, except the snapshot tables (rewritten whole).
LAKE_TABLES: dict[str, type[BaseModel]] = {
    "documents": DocumentRecord,
    "document_sources": DocumentSourceRecord,
    "claims": ClaimRecord,
    "quarantine": QuarantineRecord,
    "runs": RunRecord,
    "cluster_members": ClusterMemberRecord,
    "cluster_links": ClusterLinkRecord,
    "cluster_changes": ClusterChangeRecord,
    "document_families": DocumentFamilyRecord,
    "figure_dispute_pairs": FigureDisputeRecord,
    "match_terms": MatchTermsRecord,
    "document_sketches": DocumentSketchRecord,
    "input_files": InputFileRecord,
}
SNAPSHOT_TABLES = frozenset(
    {"cluster_members", "cluster_links", "document_families", "figure_dispute_pairs"}
)
# Columns the lake does not store because the warehouse derives them.
LAKE_EXCLUDE: dict[str, frozenset[str]] = {"claims": frozenset({"cluster_id"})}

# Warehouse tables: what analysts query.
WAREHOUSE_TABLES: dict[str, type[BaseModel]] = {
    "documents": DocumentRecord,
    "document_sources": DocumentSourceRecord,
    "claims": ClaimRecord,
    "cluster_links": ClusterLinkRecord,
    "cluster_changes": ClusterChangeRecord,
    "document_families": DocumentFamilyRecord,
    "figure_dispute_pairs": FigureDisputeRecord,
    "runs": RunRecord,
    "quarantine": QuarantineRecord,
}
# Views, created in this order from schemas/sql/<name>.sql.
VIEWS = ("claim_lineage", "figure_disputes", "document_versions")
# Marts: tables computed at load from the tables above (schemas/sql/<name>.sql), because they
# aggregate every claim and analysts ask them most; rebuilt when the rows they read change.
MARTS = ("claim_frequency",)
# Analyst helpers, created after the views from schemas/sql/<name>.sql: the BM25 search index
# (tables claim_terms, claim_term_idf) and the table macros (claims_by_speaker, ...).
MACROS = ("search_index", "macros")


def view_sql(name: str) -> str:
    """The SQL file defining a view (with its column comments)."""
    return resources.files("schemas").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")
