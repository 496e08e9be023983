"""The compiled binary search finds where the bisect module does, on sorted offsets with repeats,
at both ends and between."""

import bisect
import random

from tasks.text.offsets import bisect_left, bisect_right


def test_the_binary_search_agrees_with_bisect():
    rng = random.Random(14)
    for size in [0, 1, 2, 3, 7, 64, 1000]:
        offsets = sorted(rng.randrange(50) for _ in range(size))
        for x in range(-2, 53):
            assert bisect_left(offsets, x) == bisect.bisect_left(offsets, x), (offsets, x)
            assert bisect_right(offsets, x) == bisect.bisect_right(offsets, x), (offsets, x)


def test_equal_offsets_go_before_or_after_their_run():
    offsets = [3, 5, 5, 5, 9]
    assert (bisect_left(offsets, 5), bisect_right(offsets, 5)) == (1, 4)
    assert (bisect_left(offsets, 0), bisect_right(offsets, 10)) == (0, 5)
