-- document_versions: one row per version of a source (a file, or a JSONL record): which document
-- (content) was read there, by which run first, and which later version replaced it. A changed
-- file is a new document; the old one stays in `documents` with its claims.
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

COMMENT ON VIEW document_versions IS 'One row per version of a source: the document read there and what replaced it.';
COMMENT ON COLUMN document_versions.source_uri IS 'File path (JSONL: path#<id or line>) the document was read from.';
COMMENT ON COLUMN document_versions.version IS '1 for the first content read there, 2 for the next, ...';
COMMENT ON COLUMN document_versions.doc_id IS 'The document (content hash) of this version.';
COMMENT ON COLUMN document_versions.sha256 IS 'SHA-256 of the file''s bytes when this version was read.';
COMMENT ON COLUMN document_versions.first_seen_run_id IS 'The run that first read this version there.';
COMMENT ON COLUMN document_versions.first_seen_at IS 'When that run started (UTC).';
COMMENT ON COLUMN document_versions.superseded_by IS 'The document of the next version; null for the current one.';
COMMENT ON COLUMN document_versions.superseded_by_run_id IS 'The run that first read the next version.';
COMMENT ON COLUMN document_versions.is_current IS 'True for the version read there last.';
