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


class CaseLinker:
    """Links each new case to earlier cases sharing an identifier, as the case is filed.

    ``add_case`` returns the new links with their evidence. Identifiers for which ``is_hub`` says so
    never link; a pair of case sets an analyst split apart (``forbid``) is never joined again.
    """

    def __init__(self) -> None:
        self.sets = UnionFind()
        self._first_case: dict[tuple[str, str], Hashable] = {}
        self._apart: list[tuple[frozenset[Hashable], frozenset[Hashable]]] = []

    def forbid(self, side_a: Iterable[Hashable], side_b: Iterable[Hashable]) -> None:
        """Keep these two sets of cases apart from now on (a split that survives re-linking)."""
        self._apart.append((frozenset(side_a), frozenset(side_b)))

    def _allowed(self, a: Hashable, b: Hashable) -> bool:
        if not self._apart:
            return True
        groups = self.sets.groups()
        members_a, members_b = set(groups[self.sets.find(a)]), set(groups[self.sets.find(b)])
        for side_a, side_b in self._apart:
            if (members_a & side_a and members_b & side_b) or (members_a & side_b and members_b & side_a):
                return False
        return True

    def add_case(self, case_id: Hashable, identifiers: Iterable[tuple[str, str]]) -> list[Link]:
        """Link a case by its (kind, value) identifiers; returns the links that joined two sets."""
        self.sets.find(case_id)
        links = []
        for key in identifiers:
            first = self._first_case.setdefault(key, case_id)
            if first == case_id:
                continue
            if self.sets.find(first) == self.sets.find(case_id) or not self._allowed(first, case_id):
                continue
            self.sets.union(first, case_id)
            links.append(Link(first, case_id, key[0], key[1]))
        return links
