"""Helpers for claims and documents held as numpy columns rather than Python objects."""

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ROWS_SLICE = 50_000  # rows converted to Python at a time


def ragged_arange(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each count c, concatenated."""
    total = int(counts.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)


def run_starts(values: np.ndarray) -> np.ndarray:
    """Positions where a run of equal values starts."""
    if len(values) == 0:
        return np.empty(0, np.int64)
    return np.flatnonzero(np.r_[True, values[1:] != values[:-1]])


def value_codes(values: pa.ChunkedArray | pa.Array, fold_case: bool = False) -> np.ndarray:
    """An integer code per value, equal where the values are equal (compared lower-cased with
    fold_case); -1 for a null or empty value, which equals nothing."""
    if fold_case:
        values = pc.utf8_lower(values)
    values = pc.if_else(pc.equal(values, ""), None, values)
    encoded = pc.dictionary_encode(values)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def rows(*columns: np.ndarray) -> Iterator[tuple]:
    """The rows of numpy columns as tuples of Python numbers, converted a slice at a time."""
    for lo in range(0, len(columns[0]), ROWS_SLICE):
        yield from zip(*(c[lo:lo + ROWS_SLICE].tolist() for c in columns), strict=True)
