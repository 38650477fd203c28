"""Incremental union-find over cases (串并案), with cannot-link constraints from analysts' splits."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """Two cases joined by a shared identifier."""

    case_a: Hashable
    case_b: Hashable
    kind: str
    value: str


class UnionFind:
    """Disjoint sets with path halving and union by size; ``find`` adds unseen items."""

    def __init__(self) -> None:
        self._parent: dict[Hashable, Hashable] = {}
        self._size: dict[Hashable, int] = {}

    def find(self, item: Hashable) -> Hashable:
        """The representative of the item's set."""
        parent = self._parent
        if item not in parent:
            parent[item] = item
            self._size[item] = 1
            return item
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: Hashable, b: Hashable) -> bool:
        """Join the sets of a and b; False when they were one already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        return True

    def groups(self) -> dict[Hashable, list[Hashable]]:
        """Every set, keyed by its representative."""
        out: dict[Hashable, list[Hashable]] = {}
        for item in self._parent:
            out.setdefault(self.find(item), []).append(item)
        return out


class ConstrainedSets(UnionFind):
    """Union-find that refuses to join two sets an analyst split apart (cannot-link, 不并案).

    Each constraint has two sides; every set carries the sides its members are on, so checking a union
    costs the few constraints its two sets touch, not a walk over their members.
    """

    def __init__(self) -> None:
        super().__init__()
        self._count = 0
        self._sides: dict[Hashable, set[tuple[int, int]]] = {}  # root → (constraint, side) its members hold
        self._pending: dict[Hashable, set[tuple[int, int]]] = {}  # items not seen yet → their sides

    def forbid(self, side_a: Iterable[Hashable], side_b: Iterable[Hashable]) -> None:
        """Keep the set holding any of ``side_a`` apart from the set holding any of ``side_b``."""
        number = self._count
        self._count += 1
        for side, items in ((0, side_a), (1, side_b)):
            for item in items:
                if item in self._parent:
                    self._sides.setdefault(self.find(item), set()).add((number, side))
                else:
                    self._pending.setdefault(item, set()).add((number, side))

    def find(self, item: Hashable) -> Hashable:
        """The representative of the item's set (an unseen item brings the sides it was put on)."""
        if item not in self._parent and item in self._pending:
            self._sides[item] = self._pending.pop(item)
        return super().find(item)

    def allowed(self, a: Hashable, b: Hashable) -> bool:
        """Whether the sets of a and b may be joined."""
        sides_a, sides_b = self._sides.get(self.find(a)), self._sides.get(self.find(b))
        if not sides_a or not sides_b:
            return True
        return not any((number, 1 - side) in sides_b for number, side in sides_a)

    def union(self, a: Hashable, b: Hashable) -> bool:
        """Join the sets of a and b unless they are one already or kept apart; True when joined."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.allowed(ra, rb):
            return False
        super().union(ra, rb)
        root = self.find(ra)
        merged = self._sides.pop(ra, set()) | self._sides.pop(rb, set())
        if merged:
            self._sides[root] = merged
        return True


class CaseLinker:
    """Links each new case to earlier cases sharing an identifier, as the case is filed.

    ``add_case`` returns the new links with their evidence. A pair of case sets an analyst split apart
    (``forbid``) is never joined again.
    """

    def __init__(self) -> None:
        self.sets = ConstrainedSets()
        self._first_case: dict[tuple[str, str], Hashable] = {}

    def forbid(self, side_a: Iterable[Hashable], side_b: Iterable[Hashable]) -> None:
        """Keep these two sets of cases apart from now on (a split that survives re-linking)."""
        self.sets.forbid(side_a, side_b)

    def add_case(self, case_id: Hashable, identifiers: Iterable[tuple[str, str]]) -> list[Link]:
        """Link a case by its (kind, value) identifiers; returns the links that joined two sets."""
        self.sets.find(case_id)
        links = []
        for key in identifiers:
            first = self._first_case.setdefault(key, case_id)
            if first != case_id and self.sets.union(first, case_id):
                links.append(Link(first, case_id, key[0], key[1]))
        return links
