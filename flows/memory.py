"""Keep the run's resident memory to what the current stage needs.

Stages come and go with large numpy and Arrow buffers; without care, memory one stage freed stays
counted in the process's resident size while the next runs, and the peak is the sum of stages.
(Arrow's allocator is chosen in flows/cli.py, before pyarrow is imported.)
"""

import contextlib
import ctypes
import os

MMAP_THRESHOLD = 1 << 20  # bytes: larger C allocations get their own pages, freed at once
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number


def bound_heap() -> None:
    """glibc serves every allocation above MMAP_THRESHOLD from pages of its own, returned to
    the OS when freed (its default threshold rises with use, after which freed arrays stay
    resident), in this process and the processes it starts."""
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(MMAP_THRESHOLD))
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def release_memory() -> None:
    """Hand the C heap's free pages back to the OS (glibc's malloc_trim)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)
