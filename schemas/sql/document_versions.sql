-- document_versions: one row per version of a source (a file, or a JSONL record): which document
-- (content) was read there, by which run first, and which later version replaced it. A changed
-- file is a new document; the old one stays in `documents` with its claims.
-- Its columns, and what they mean, are the model DocumentVersions in schemas/views.py (in order).
CREATE OR REPLACE VIEW document_versions AS
SELECT
    s.source_uri,
    row_number() OVER w AS version,
    s.doc_id,
    s.sha256,
    s.run_id AS first_seen_run_id,
    r.started_at AS first_seen_at,
    lead(s.doc_id) OVER w AS superseded_by,
    lead(s.run_id) OVER w AS superseded_by_run_id,
    lead(s.doc_id) OVER w IS NULL AS is_current
FROM document_sources AS s
LEFT JOIN runs AS r USING (run_id)
WINDOW w AS (PARTITION BY s.source_uri ORDER BY r.started_at, s.run_id, s.doc_id);
