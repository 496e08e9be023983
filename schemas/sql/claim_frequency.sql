-- claim_frequency: one row per cluster of mentions making the same claim: how many sources make
-- it, how many of those are independent (copies and one publisher count once, claim by claim), when
-- it was first and last published and ingested (kept apart: a document without a publication time
-- has only an ingest time), who said it, how worth checking it is, and the mention that stands for
-- it. A table, not a view: it is built at load (tasks/store/warehouse.py), so the analyst's most
-- frequent question reads a few rows instead of aggregating every claim.
-- Its columns, and what they mean, are the model ClaimFrequency in schemas/views.py (in order).
CREATE OR REPLACE TABLE claim_frequency AS
WITH mentions AS (
    SELECT
        c.cluster_id,
        c.grouping_version,
        c.claim_id,
        c.doc_id,
        c.speaker,
        c.canonical,
        CASE c.canonical
            WHEN 'sentence' THEN trim(substring(d.text, c.sentence_start + 1,
                                                c.sentence_end - c.sentence_start))
            ELSE c.text
        END AS shown_text,
        coalesce(c.source_id, c.doc_id) AS source_id,
        d.published_at,
        r.started_at AS ingested_at,
        c.checkworthiness,
        coalesce(d.published_at, r.started_at) AS seen_at
    FROM claims AS c
    JOIN documents AS d USING (doc_id)
    LEFT JOIN runs AS r ON r.run_id = d.first_run_id
)
SELECT
    cluster_id,
    arg_min(shown_text, (canonical IS NULL, seen_at, doc_id, claim_id)) AS canonical_text,
    arg_min(claim_id, (canonical IS NULL, seen_at, doc_id, claim_id)) AS canonical_claim_id,
    count(DISTINCT doc_id) AS n_sources,
    count(DISTINCT source_id) AS n_independent_sources,
    count(*) AS n_mentions,
    min(published_at) AS first_published,
    max(published_at) AS last_published,
    min(ingested_at) AS first_ingested,
    max(ingested_at) AS last_ingested,
    count(DISTINCT doc_id) FILTER (WHERE published_at IS NULL) AS n_undated_sources,
    coalesce(list(DISTINCT speaker ORDER BY speaker) FILTER (WHERE speaker IS NOT NULL), [])
        AS speakers,
    min(grouping_version) AS grouping_version,  -- the same for every member of a cluster
    max(checkworthiness) AS checkworthiness,
    -- the scores are stored to 4 decimals: summed as integers, the mean is the same in any row order
    round(sum(round(checkworthiness * 10000)::BIGINT) / count(checkworthiness) / 10000, 4)
        AS mean_checkworthiness
FROM mentions
GROUP BY cluster_id;
