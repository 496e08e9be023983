"""Binary search in a sorted list of offsets. Compiled, these are direct C calls reading the
list in place: the bisect module's functions, called through a module attribute with Python's
calling convention, cost ~800 instructions a call, several times the search (same results on a
sorted list of ints)."""


def bisect_left(a: list[int], x: int) -> int:
    """bisect.bisect_left(a, x): where x goes in a, before any equal item."""
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(a: list[int], x: int) -> int:
    """bisect.bisect_right(a, x): where x goes in a, after any equal item."""
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo
