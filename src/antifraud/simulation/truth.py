"""Ground truth beside the data: gangs, every identifier's gang/role/tier, and every target's fate."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import pyarrow as pa

from antifraud.simulation.events import TS

if TYPE_CHECKING:
    from antifraud.simulation.simulator import Simulation

GANG_SCHEMA = pa.schema([
    ("gang_id", pa.string()), ("base", pa.string()), ("country", pa.string()),
    ("fraud_types", pa.list_(pa.string())), ("tiers", pa.int8()), ("callers", pa.int16()),
    ("tier_cards", pa.list_(pa.int16())), ("cash_out_accounts", pa.int16()),
])
IDENTIFIER_SCHEMA = pa.schema([
    ("identifier", pa.string()), ("kind", pa.string()), ("gang_id", pa.string()), ("role", pa.string()),
    ("tier", pa.int8()), ("member_id", pa.string()), ("owner_citizen", pa.int64()), ("created", TS),
    ("opening_balance_fen", pa.int64()),
])
TARGET_SCHEMA = pa.schema([
    ("episode_id", pa.string()), ("citizen", pa.int64()), ("phone", pa.string()), ("gang_id", pa.string()),
    ("fraud_type", pa.string()), ("outcome", pa.string()), ("intervention", pa.string()), ("start", TS),
    ("warning_time", TS), ("loss_fen", pa.int64()), ("cash_out_fen", pa.int64()), ("will_report", pa.bool_()),
    ("report_time", TS), ("report_id", pa.string()), ("last_event", TS),
])
HOTSPOT_SCHEMA = pa.schema([
    ("hotspot_id", pa.string()), ("district_code", pa.string()), ("age_band", pa.string()),
    ("fraud_type", pa.string()), ("gang_id", pa.string()), ("start", TS), ("end", TS),
    ("engaged_per_day", pa.float64()), ("episodes", pa.int32()), ("reports", pa.int32()),
    ("episode_ids", pa.list_(pa.string())),
])


def truth_tables(sim: Simulation) -> dict[str, pa.Table]:
    """Return the gangs, identifiers, targets and planted hot spots tables of a simulation."""
    return {"gangs": gangs_table(sim), "identifiers": identifiers_table(sim), "targets": targets_table(sim),
            "hotspots": hotspots_table(sim)}


def hotspots_table(sim: Simulation) -> pa.Table:
    """Return one row per planted hot spot: where, who, which type, when (``end`` excluded), how many
    targets it engaged and how many of them reported (高危辖区、高危人群 ground truth)."""
    episodes = {ep.episode_id: ep for ep in sim.fraud.episodes}
    rows = []
    for spot in sim.fraud.hotspots:
        gang = sim.fraud.spot_gang(spot.hotspot_id)
        mine = [episodes[e] for e in spot.episodes if e in episodes]
        rows.append({
            "hotspot_id": spot.hotspot_id, "district_code": spot.district_code, "age_band": spot.age_band,
            "fraud_type": spot.fraud_type, "gang_id": gang.gang_id if gang else None,
            "start": sim.start_ms + spot.start_day * 86_400_000, "end": sim.start_ms + spot.end_day * 86_400_000,
            "engaged_per_day": spot.engaged_per_day, "episodes": len(mine),
            "reports": sum(1 for ep in mine if ep.report_ms is not None), "episode_ids": list(spot.episodes),
        })
    return pa.Table.from_pylist(rows, schema=HOTSPOT_SCHEMA)


def gangs_table(sim: Simulation) -> pa.Table:
    """Return one row per gang."""
    rows = [{
        "gang_id": g.gang_id, "base": g.base, "country": g.country, "fraud_types": list(g.fraud_types),
        "tiers": g.tiers, "callers": len(g.callers), "tier_cards": [len(s) for s in g.tier_slots],
        "cash_out_accounts": len(g.cash_out),
    } for g in sim.underworld.gangs]
    return pa.Table.from_pylist(rows, schema=GANG_SCHEMA)


def identifiers_table(sim: Simulation) -> pa.Table:
    """Return every identifier any gang used, with role and tier (cards) and opening balance."""
    rows = []
    for t in sim.underworld.truth:
        row = asdict(t)
        row["created"] = row.pop("created_ms")
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=IDENTIFIER_SCHEMA)


def targets_table(sim: Simulation) -> pa.Table:
    """Return every citizen a gang targeted in the window: ignored, dissuaded (劝阻) or defrauded."""
    start = sim.start_ms
    city = sim.city
    rows = []
    for ep in sim.fraud.episodes:
        if max(ep.last_ms, ep.report_ms or 0) < start:
            continue
        rows.append({
            "episode_id": ep.episode_id, "citizen": ep.citizen, "phone": f"+86{int(city.phone[ep.citizen])}",
            "gang_id": ep.gang.gang_id, "fraud_type": ep.fraud_type, "outcome": ep.outcome,
            "intervention": ep.intervention, "start": ep.start_ms, "warning_time": ep.warning_ms,
            "loss_fen": ep.loss_fen, "cash_out_fen": ep.cash_out_fen, "will_report": ep.report_ms is not None,
            "report_time": ep.report_ms, "report_id": ep.report_id, "last_event": ep.last_ms,
        })
    for c in sim.fraud.contacts:
        if c.time_ms < start:
            continue
        rows.append({
            "episode_id": c.episode_id, "citizen": c.citizen, "phone": f"+86{int(city.phone[c.citizen])}",
            "gang_id": c.gang_id, "fraud_type": c.fraud_type, "outcome": "ignored", "intervention": "none",
            "start": c.time_ms, "warning_time": None, "loss_fen": 0, "cash_out_fen": 0, "will_report": False,
            "report_time": None, "report_id": None, "last_event": c.time_ms,
        })
    return pa.Table.from_pylist(rows, schema=TARGET_SCHEMA)
