-- claim_frequency: one row per cluster of mentions making the same claim: how many sources make
-- it, how many of those are independent (copies count once), when it was first and last seen, and
-- who said it, and how worth checking it is. A table, not a view: it is built at load (tasks/store/warehouse.py), so the analyst's most
-- frequent question reads a few rows instead of aggregating every claim.
-- Its columns, and what they mean, are the model ClaimFrequency in schemas/views.py (in order).
CREATE OR REPLACE TABLE claim_frequency AS
WITH mentions AS (
    SELECT
        c.cluster_id,
        c.grouping_version,
        c.claim_id,
        c.doc_id,
        c.text,
        c.speaker,
        c.checkworthiness,
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
        AS speakers,
    min(grouping_version) AS grouping_version,  -- the same for every member of a cluster
    max(checkworthiness) AS checkworthiness,
    round(avg(checkworthiness), 4) AS mean_checkworthiness  -- rounded: the same in any row order
FROM mentions
GROUP BY cluster_id;
