"""Union-find over integers 0..n-1: the groups that links join, with the smallest member of each
group as its representative (so a group is named after its earliest member)."""


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
