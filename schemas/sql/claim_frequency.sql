-- claim_frequency: one row per cluster of mentions making the same claim: how many sources make
-- it, how many of those are independent (copies count once), when it was first and last seen, and
-- who said it. A table, not a view: it is built at load (tasks/load.py), so the analyst's most
-- frequent question reads a few rows instead of aggregating every claim.
CREATE OR REPLACE TABLE claim_frequency AS
WITH mentions AS (
    SELECT
        c.cluster_id,
        c.claim_id,
        c.doc_id,
        c.text,
        c.speaker,
        c.raw_start,
        coalesce(f.family_id, c.doc_id) AS family_id,
        coalesce(d.published_at, r.started_at) AS seen_at
    FROM claims AS c
    JOIN documents AS d USING (doc_id)
    LEFT JOIN document_families AS f USING (doc_id)
    LEFT JOIN runs AS r ON r.run_id = d.first_run_id
)
SELECT
    cluster_id,
    arg_min(text, (seen_at, doc_id, raw_start)) AS canonical_text,
    count(DISTINCT doc_id) AS n_sources,
    count(DISTINCT family_id) AS n_independent_sources,
    count(*) AS n_mentions,
    min(seen_at) AS first_seen,
    max(seen_at) AS last_seen,
    coalesce(list(DISTINCT speaker ORDER BY speaker) FILTER (WHERE speaker IS NOT NULL), [])
        AS speakers
FROM mentions
GROUP BY cluster_id;

COMMENT ON TABLE claim_frequency IS 'One row per claim cluster: how many sources make the claim.';
COMMENT ON COLUMN claim_frequency.cluster_id IS 'The cluster (claims.cluster_id).';
COMMENT ON COLUMN claim_frequency.canonical_text IS 'The earliest-seen mention of the claim.';
COMMENT ON COLUMN claim_frequency.n_sources IS 'Distinct documents making the claim.';
COMMENT ON COLUMN claim_frequency.n_independent_sources IS 'Distinct document families making the claim: near-copies and one publisher count once (see document_families).';
COMMENT ON COLUMN claim_frequency.n_mentions IS 'Mentions of the claim (a document may repeat it).';
COMMENT ON COLUMN claim_frequency.first_seen IS 'Earliest publication time (else ingest time) of a mention.';
COMMENT ON COLUMN claim_frequency.last_seen IS 'Latest publication time (else ingest time) of a mention.';
COMMENT ON COLUMN claim_frequency.speakers IS 'Distinct speakers the claim is attributed to.';
