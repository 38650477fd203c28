"""Turn a simulated day's fraud-related events into the signals partners would send (NDJSON lines).

Calls come as carriers see them — started, still going at checkpoints, ended — SMS with their text,
site and app visits, transfers for the paying and the receiving resident, and partners' own warnings.
The center's own earlier warnings in the simulator's stream are left out: they are what we produce.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

CALL_CHECKPOINTS_S = (120, 600, 1800)


@dataclass
class EpisodeSignals:
    """One fraud episode's signals, each with its (simulated) time."""

    episode_id: str
    items: list[tuple[datetime, dict[str, Any]]] = field(default_factory=list)

    @property
    def start(self) -> datetime:
        """When the episode's first signal happened."""
        return min(t for t, _ in self.items)

    def shifted_lines(self, to: datetime, tag: str) -> list[tuple[datetime, str]]:
        """The signals moved so the episode starts at `to`, as (due time, NDJSON line), ids made unique."""
        delta = to - self.start
        out = []
        for t, item in sorted(self.items, key=lambda x: x[0]):
            when = t + delta
            line = dict(item, time=when.isoformat(), signal_id=f"{tag}:{item['signal_id']}")
            out.append((when, json.dumps(line, ensure_ascii=False)))
        return out


def _call_items(row: dict[str, Any]) -> list[tuple[datetime, dict[str, Any]]]:
    base = {"kind": "call", "citizen": row["callee"], "counterpart": row["caller"]}
    start, dur = row["start"], int(row["duration_s"] or 0)
    items = [(start, dict(base, signal_id=f"{row['call_id']}:s", duration_s=0, phase="start"))]
    for mark in CALL_CHECKPOINTS_S:
        if dur > mark:
            items.append((start + timedelta(seconds=mark),
                          dict(base, signal_id=f"{row['call_id']}:{mark}", duration_s=mark, phase="progress")))
    if dur:
        items.append((start + timedelta(seconds=dur),
                      dict(base, signal_id=f"{row['call_id']}:e", duration_s=dur, phase="end")))
    return items


def episode_signals(batch: Any, phone_of_card: dict[str, str]) -> list[EpisodeSignals]:
    """Group the day's fraud events by episode and express them as signals."""
    episode_of: dict[tuple[str, str], str] = {}
    for row in batch.labels.to_pylist():
        if row["episode_id"] and row["role"] != "warning":
            episode_of[(row["stream"], row["event_id"])] = row["episode_id"]
    grouped: dict[str, EpisodeSignals] = defaultdict(lambda: EpisodeSignals(""))

    def add(stream: str, event_id: str, items: list[tuple[datetime, dict[str, Any]]]) -> None:
        ep = episode_of.get((stream, event_id))
        if ep is not None and items:
            group = grouped[ep]
            group.episode_id = ep
            group.items.extend(items)

    for row in batch.calls.to_pylist():
        add("calls", row["call_id"], _call_items(row))
    for row in batch.sms.to_pylist():
        add("sms", row["sms_id"], [(row["time"], {"signal_id": row["sms_id"], "kind": "sms",
                                                  "citizen": row["receiver"], "counterpart": row["sender"],
                                                  "text": row["text"]})])
    for row in batch.visits.to_pylist():
        add("visits", row["visit_id"], [(row["time"], {"signal_id": row["visit_id"], "kind": "visit",
                                                       "citizen": row["phone"], "counterpart": row["target"],
                                                       "target_kind": row["kind"], **({"ip": row["ip"]} if row["ip"] else {})})])
    for row in batch.transfers.to_pylist():
        items = []
        for side, card, other in (("out", row["from_account"], row["to_account"]),
                                  ("in", row["to_account"], row["from_account"])):
            phone = phone_of_card.get(card)
            if phone:
                items.append((row["time"], {"signal_id": f"{row['txn_id']}:{side}", "kind": "transfer",
                                            "citizen": phone, "counterpart": other, "direction": side,
                                            "amount": f"{row['amount_fen'] / 100:.2f}", "channel": row["channel"]}))
        add("transfers", row["txn_id"], items)
    for row in batch.signals.to_pylist():
        add("signals", row["signal_id"], [(row["time"], {"signal_id": row["signal_id"], "kind": "partner_warning",
                                                         "citizen": row["phone"], "counterpart": row["counterpart"] or "",
                                                         "partner_score": round(float(row["score"]), 4)})])
    return sorted(grouped.values(), key=lambda g: g.start)


def phone_of_card(city: Any) -> dict[str, str]:
    """Every resident's card number → their mobile number (E.164)."""
    cards = city.card.astype(np.int64)
    phones = city.phone.astype(np.int64)
    return {str(int(c)): f"+86{int(p)}" for c, p in zip(cards, phones, strict=True)}
