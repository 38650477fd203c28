"""Splitting an operation's targets into the county bureaus' work packages (后期分块办理): pure rules.

A target is one suspect identifier of the gang. The rule, in order:

1. a phone whose home location (归属地) is abroad goes to the city center (``overseas``);
2. a phone whose home location is another city goes to the city center (``outside_city``), which
   works with the police of that city;
3. otherwise the target goes to the county of the victims who named it (the cases' jurisdictions,
   ``victims_county``); when they lie in several counties, to the county with most of them
   (``most_victims``); when two counties tie, or no case lies in a county, to the city center
   (``counties_tied``, ``no_county``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

CENTER = ""  # the package of the city center itself


@dataclass(frozen=True)
class Target:
    """A suspect identifier with what places it: a phone's home location, the counties of its cases."""

    kind: str
    value: str
    counties: tuple[str, ...]  # one entry per case naming it: the county's code, or "" for the center
    province: str | None = None
    city: str | None = None
    overseas: bool = False


@dataclass(frozen=True)
class Placement:
    """Where a target goes (a county's code, or ``CENTER``) and the rule that put it there."""

    county: str
    rule: str


def place(target: Target, home_province: str, home_city: str) -> Placement:
    """The package a target belongs to, by the rule above."""
    if target.kind == "phone" and target.overseas:
        return Placement(CENTER, "overseas")
    if target.kind == "phone" and target.city and (target.province, target.city) != (home_province, home_city):
        return Placement(CENTER, "outside_city")
    counts = Counter(c for c in target.counties if c != CENTER)
    if not counts:
        return Placement(CENTER, "no_county")
    ranked = counts.most_common()
    if len(ranked) == 1:
        return Placement(ranked[0][0], "victims_county")
    if ranked[0][1] == ranked[1][1]:
        return Placement(CENTER, "counties_tied")
    return Placement(ranked[0][0], "most_victims")


def split(targets: Sequence[Target], home_province: str, home_city: str) -> dict[str, list[tuple[Target, str]]]:
    """Targets grouped by package (county code or ``CENTER``), each with the rule that placed it."""
    out: dict[str, list[tuple[Target, str]]] = {}
    for target in targets:
        placement = place(target, home_province, home_city)
        out.setdefault(placement.county, []).append((target, placement.rule))
    return out


# Operation and package states: each move the service allows, by action.
OPERATION_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "set_takedown": (frozenset({"planned", "under_way"}), "under_way"),
    "take_down": (frozenset({"under_way"}), "taken_down"),
    "close": (frozenset({"taken_down"}), "closed"),
}
PACKAGE_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "start": (frozenset({"open"}), "in_progress"),
    "finish": (frozenset({"in_progress"}), "done"),
}


def next_state(moves: dict[str, tuple[frozenset[str], str]], action: str, state: str) -> str | None:
    """The state an action leads to from ``state``, or None when the move is not allowed."""
    allowed, to = moves[action]
    return to if state in allowed else None
