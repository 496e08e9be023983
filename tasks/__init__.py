"""The pipeline's stages, one folder each, in order: ingest → extract → group → store.

Each is a package of plain typed functions over records or Arrow tables. None imports Prefect;
none but `store` opens the lake or the warehouse: the flow (flows/pipeline.py) reads and writes
through `store` and hands each stage what it needs.

The extraction modules may be compiled (tasks/native.py): before any is imported, the guard makes
sure that what runs is the source as it stands.
"""

from tasks.native import guard

guard()
