"""Union-find over integers 0..n-1: the groups that links join, with the smallest member of each
group as its representative (so a group is named after its earliest member); and the same
components over columns of edges, for large graphs held as arrays."""

import numpy as np


class UnionFind:
    """Disjoint sets with path halving; union keeps the smaller root."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """The representative of i's group."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        """Join the groups of a and b; False when they were one group already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each of n nodes' smallest node in its connected component under the edges (a, b):
    min-label propagation with pointer jumping."""
    label = np.arange(n)
    while len(a):
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, label[a], low)
        np.minimum.at(new, label[b], low)
        new = new[new[new]]
        if np.array_equal(new, label):
            break
        label = new
    return label
