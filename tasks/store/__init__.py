"""Store: where claimtrail keeps what it made — the Parquet lake (the system of record, published
run by run through a manifest) and the DuckDB warehouse analysts query (rebuilt from the lake and
swapped in atomically). The only modules that open either; the flow calls them.

- lake: the lake's tables, run writers and the manifest; values stored once and reused
- warehouse: the load of the lake into the warehouse
- connection: how DuckDB is opened
"""
