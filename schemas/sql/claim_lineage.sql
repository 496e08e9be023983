-- claim_lineage: one row per claim with everything needed to check it by eye:
-- the claim, the exact place in the raw file it came from, and the run and code that produced it.
-- Its columns, and what they mean, are the model ClaimLineage in schemas/views.py (in order).
CREATE OR REPLACE VIEW claim_lineage AS
SELECT
    c.claim_id,
    c.cluster_id,
    c.kind,
    c.text AS claim_text,
    c.speaker,
    c.speaker_role,
    c.speaker_surface,
    c.speaker_start,
    c.speaker_end,
    d.doc_id,
    d.source_uri,
    d.sha256,
    d.title,
    d.published_at,
    c.raw_start,
    c.raw_end,
    c.content_start,
    c.content_end,
    c.sentence_index,
    substring(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence_text,
    c.run_id,
    r.flow_run_id,
    r.started_at AS run_started_at,
    r.code_version,
    c.extractor_version,
    c.grouping_version
FROM claims AS c
JOIN documents AS d USING (doc_id)
LEFT JOIN runs AS r ON r.run_id = c.run_id;
