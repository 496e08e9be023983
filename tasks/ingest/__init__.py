"""Ingest: the input files under the given paths, read and decoded into source texts, and what
of them the lake does not hold yet; anything unusable is rejected with its reason.

- files: finding input files, hashing them, reading their bytes within a size limit
- decode: bytes to text, and whether the text is an article
- read: files into source texts (text files and JSONL records)
- inventory: what a run adds (new documents, changed places, unchanged files, new quarantine rows)
"""
