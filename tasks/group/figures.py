"""How grouping compares figures held as columns: whether two values are the same number, and each
figure's kind of quantity as a code."""

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.text.lexicon import VAGUE_COUNTS

# Qualifiers of counts too vague to match or dispute on ("thousands of").
VAGUE_QUALIFIERS = pa.array(sorted(VAGUE_COUNTS))


def values_close(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Whether two figures state the same value (within 1%), element-wise."""
    return np.abs(x - y) <= 0.01 * np.maximum(np.abs(x), np.abs(y))


def kind_codes(units: pa.Array, kind_of: Callable[[str | None], str | None]
               ) -> tuple[np.ndarray, list[str]]:
    """Each figure's kind of quantity as a code into the sorted kind names (-1: none), kind_of
    its unit worked out once per distinct unit; and the names."""
    encoded = pc.dictionary_encode(units)
    kinds = [kind_of(u) for u in encoded.dictionary.to_pylist()]
    names = sorted({k for k in kinds if k is not None})
    number = {k: n for n, k in enumerate(names)}
    code = np.array([-1 if k is None else number[k] for k in kinds] + [-1],  # last: a null unit
                    np.int64)
    return code[encoded.indices.fill_null(len(kinds)).to_numpy(zero_copy_only=False)], names
