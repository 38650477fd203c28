"""Figures of a linking run against a city's ground truth: case pairs, unreported members, roles, look-alikes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any


def _pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}  # type: ignore[misc]


def pairwise(found: Iterable[Iterable[str]], truth: Mapping[str, str]) -> dict[str, float]:
    """Case-pair precision, recall and F1 of clusters against each case's true gang (cases without one skipped)."""
    by_gang: dict[str, list[str]] = {}
    for case, gang in truth.items():
        by_gang.setdefault(str(gang), []).append(str(case))
    true_pairs = _pairs(list(by_gang.values()))
    found_pairs = _pairs([[str(c) for c in g if str(c) in truth] for g in found])
    hit = len(true_pairs & found_pairs)
    precision = hit / len(found_pairs) if found_pairs else 1.0
    recall = hit / len(true_pairs) if true_pairs else 1.0
    return {"pairs_precision": precision, "pairs_recall": recall,
            "pairs_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "true_pairs": float(len(true_pairs)), "found_pairs": float(len(found_pairs))}


def evaluate(report: Mapping[str, Any], truth: Mapping[str, Any]) -> dict[str, float]:
    """Pairwise F1 of case linking, members found beyond the reports, role accuracy and look-alikes pulled in."""
    by_gang: dict[int, list[str]] = {}
    for case, gang in truth["case_gang"].items():
        by_gang.setdefault(int(gang), []).append(str(case))
    true_pairs = _pairs(list(by_gang.values()))
    found_pairs = _pairs([[str(c) for c in cl["cases"]] for cl in report["clusters"]])
    hit = len(true_pairs & found_pairs)
    precision = hit / len(found_pairs) if found_pairs else 1.0
    recall = hit / len(true_pairs) if true_pairs else 1.0
    members = {(m["kind"], m["value"]): m for m in truth["members"]}
    reported = {(m["kind"], m["value"]) for cl in report["clusters"] for m in cl["members"] if m["reported"]}
    found = {(m["kind"], m["value"]): m for cl in report["clusters"] for m in cl["members"] if not m["reported"]}
    unreported = {k for k in members if k not in reported}
    right = [k for k in found if k in members]
    roles = Counter(found[k]["role"] == members[k]["role"] for k in right)
    all_found = {(m["kind"], m["value"]): m for cl in report["clusters"] for m in cl["members"]}
    role_right = sum(1 for k, m in all_found.items() if k in members and m["role"] == members[k]["role"])
    role_total = sum(1 for k in all_found if k in members)
    lookalikes = {(m["kind"], m["value"]) for m in truth["lookalikes"]}
    return {
        "pairs_precision": precision, "pairs_recall": recall,
        "pairs_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "members_precision": len(right) / len(found) if found else 1.0,
        "members_recall": len(set(right) & unreported) / len(unreported) if unreported else 1.0,
        "unreported_found": float(len(set(right) & unreported)), "unreported_total": float(len(unreported)),
        "roles_accuracy": role_right / role_total if role_total else 1.0,
        "found_roles_accuracy": roles[True] / len(right) if right else 1.0,
        "lookalikes_pulled_in": len(lookalikes & set(all_found)) / len(lookalikes) if lookalikes else 0.0,
    }
