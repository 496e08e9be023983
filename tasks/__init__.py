"""Pipeline stages as plain functions (ingest, normalise, segment, extract, cluster, store, load),
each with a thin Prefect task wrapper."""
