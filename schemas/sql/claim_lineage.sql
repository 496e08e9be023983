-- claim_lineage: one row per claim with everything needed to check it by eye:
-- the claim, the exact place in the raw file it came from, and the run and code that produced it.
CREATE OR REPLACE VIEW claim_lineage AS
SELECT
    c.claim_id,
    c.cluster_id,
    c.kind,
    c.text AS claim_text,
    c.speaker,
    d.doc_id,
    d.source_uri,
    d.sha256,
    d.title,
    d.published_at,
    c.raw_start,
    c.raw_end,
    c.sentence_index,
    substring(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence_text,
    c.run_id,
    r.flow_run_id,
    r.started_at AS run_started_at,
    r.code_version,
    c.extractor_version
FROM claims AS c
JOIN documents AS d USING (doc_id)
LEFT JOIN runs AS r ON r.run_id = c.run_id;

COMMENT ON VIEW claim_lineage IS 'One row per claim with everything needed to check it by eye.';
COMMENT ON COLUMN claim_lineage.claim_id IS 'The claim (claims.claim_id).';
COMMENT ON COLUMN claim_lineage.cluster_id IS 'The cluster of mentions making the same claim.';
COMMENT ON COLUMN claim_lineage.kind IS 'quote, statement, numeric or event.';
COMMENT ON COLUMN claim_lineage.claim_text IS 'The claim as written: the raw text [raw_start, raw_end).';
COMMENT ON COLUMN claim_lineage.speaker IS 'Who makes the claim, resolved within the document.';
COMMENT ON COLUMN claim_lineage.doc_id IS 'The document (content hash).';
COMMENT ON COLUMN claim_lineage.source_uri IS 'File the document was first read from (JSONL: path#id).';
COMMENT ON COLUMN claim_lineage.sha256 IS 'SHA-256 of that file: check it with sha256sum.';
COMMENT ON COLUMN claim_lineage.title IS 'Title of the document.';
COMMENT ON COLUMN claim_lineage.published_at IS 'Publication time of the document, where known.';
COMMENT ON COLUMN claim_lineage.raw_start IS 'Code-point offset of the claim in the raw text.';
COMMENT ON COLUMN claim_lineage.raw_end IS 'Code-point offset just past the claim in the raw text.';
COMMENT ON COLUMN claim_lineage.sentence_index IS '0-based index of the claim''s sentence.';
COMMENT ON COLUMN claim_lineage.sentence_text IS 'The whole sentence the claim is in, from the raw text.';
COMMENT ON COLUMN claim_lineage.run_id IS 'The claimtrail run that extracted the claim.';
COMMENT ON COLUMN claim_lineage.flow_run_id IS 'The Prefect flow run of that run (see the Prefect UI).';
COMMENT ON COLUMN claim_lineage.run_started_at IS 'When that run started (UTC).';
COMMENT ON COLUMN claim_lineage.code_version IS 'claimtrail version and git commit of that run.';
COMMENT ON COLUMN claim_lineage.extractor_version IS 'Version of the extraction rules.';
