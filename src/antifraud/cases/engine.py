"""A case's life (案件流转): the statuses, the allowed transitions, and where a reason is required.

Pure: no database, no web. ``cases.service`` asks it before changing a case's status.
"""

from __future__ import annotations

from typing import Final

FILED: Final = "filed"                      # 已受理
UNDER_INVESTIGATION: Final = "under_investigation"  # 侦查中
LINKED: Final = "linked"                    # 已串并 (set by case linking only)
SOLVED: Final = "solved"                    # 已破案
CLOSED: Final = "closed"                    # 已结案
TRANSFERRED: Final = "transferred"          # 已移交 (another bureau)

STATUSES: Final = (FILED, UNDER_INVESTIGATION, LINKED, SOLVED, CLOSED, TRANSFERRED)

TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    FILED: frozenset({UNDER_INVESTIGATION, LINKED, TRANSFERRED, CLOSED}),
    UNDER_INVESTIGATION: frozenset({LINKED, SOLVED, TRANSFERRED, CLOSED}),
    LINKED: frozenset({UNDER_INVESTIGATION, SOLVED, TRANSFERRED, CLOSED}),
    SOLVED: frozenset({CLOSED}),
    # the receiving bureau takes the case up, or closes it
    TRANSFERRED: frozenset({UNDER_INVESTIGATION, CLOSED}),
    # reopening a closed case is allowed, and needs a reason
    CLOSED: frozenset({UNDER_INVESTIGATION}),
}

# Set only by the case-linking room through ``cases.service.do_mark_case_linked``, never by hand.
SET_BY_LINKING: Final = frozenset({LINKED})


def allowed(current: str, target: str) -> bool:
    """Whether a case in ``current`` may move to ``target``."""
    return target in TRANSITIONS.get(current, frozenset())


def next_statuses(current: str) -> list[str]:
    """The statuses a person may move a case to from ``current``, in lifecycle order."""
    return [s for s in STATUSES if allowed(current, s) and s not in SET_BY_LINKING]


def reason_required(current: str, target: str) -> bool:
    """Closing, transferring and reopening must say why."""
    return target in (CLOSED, TRANSFERRED) or current == CLOSED
