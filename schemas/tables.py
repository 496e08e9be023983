"""Which record lives in which table, in the lake (Parquet) and the warehouse (DuckDB)."""

from importlib import resources

from schemas.derive import comment_sql
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
    NonClaimRecord,
    QuarantineRecord,
    Record,
    RunRecord,
)
from schemas.views import (
    ClaimFrequency,
    ClaimLineage,
    ClaimTerm,
    ClaimTermIdf,
    DocumentVersions,
    FigureDisputes,
)

# Lake tables: Parquet, append-only per run, except the snapshot tables (rewritten whole).
LAKE_TABLES: dict[str, type[Record]] = {
    "documents": DocumentRecord,
    "document_sources": DocumentSourceRecord,
    "claims": ClaimRecord,
    "non_claims": NonClaimRecord,
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
# Columns the lake does not store because the warehouse derives them (from cluster_members).
LAKE_EXCLUDE: dict[str, frozenset[str]] = {
    "claims": frozenset({"cluster_id", "grouping_version", "source_id", "canonical"})}

# Warehouse tables: what analysts query.
WAREHOUSE_TABLES: dict[str, type[Record]] = {
    "documents": DocumentRecord,
    "document_sources": DocumentSourceRecord,
    "claims": ClaimRecord,
    "non_claims": NonClaimRecord,
    "cluster_links": ClusterLinkRecord,
    "cluster_changes": ClusterChangeRecord,
    "document_families": DocumentFamilyRecord,
    "figure_dispute_pairs": FigureDisputeRecord,
    "runs": RunRecord,
    "quarantine": QuarantineRecord,
}
# Relations computed from the tables by SQL (schemas/sql/), each documented by its model in
# schemas/views.py. Views, created in this order from schemas/sql/<name>.sql:
VIEWS: dict[str, type[Record]] = {
    "claim_lineage": ClaimLineage,
    "figure_disputes": FigureDisputes,
    "document_versions": DocumentVersions,
}
# Marts: tables computed at load from the tables above (schemas/sql/<name>.sql), because they
# aggregate every claim and analysts ask them most; rebuilt when the rows they read change.
MARTS: dict[str, type[Record]] = {"claim_frequency": ClaimFrequency}
# The BM25 search index: tables made by schemas/sql/search_index.sql.
SEARCH_INDEX: dict[str, type[Record]] = {
    "claim_terms": ClaimTerm,
    "claim_term_idf": ClaimTermIdf,
}
# Analyst helpers, created after the views from schemas/sql/<name>.sql: the search index (and
# its `search_terms` macro), then the table macros (claims_by_speaker, ...).
MACROS = ("search_index", "macros")
# Every relation an SQL file makes, with its model.
COMPUTED: dict[str, type[Record]] = {**VIEWS, **MARTS, **SEARCH_INDEX}


def _made_by(name: str) -> dict[str, type[Record]]:
    """The relations the SQL file `name` makes."""
    if name == "search_index":
        return SEARCH_INDEX
    return {name: COMPUTED[name]} if name in COMPUTED else {}


def definition_sql(name: str) -> str:
    """The SQL file `name` of schemas/sql/ (what it creates and how), then the `COMMENT ON`
    statements derived from the models of the relations it makes: the file itself holds no
    column description, so none can drift from the records."""
    sql = resources.files("schemas").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")
    comments = [statement for relation, model in _made_by(name).items()
                for statement in comment_sql(relation, model,
                                             "VIEW" if relation in VIEWS else "TABLE")]
    return "\n".join([sql.rstrip(), *(f"{c};" for c in comments)]) + "\n"
