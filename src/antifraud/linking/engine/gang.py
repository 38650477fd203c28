"""From reported cases to gangs: link cases by shared suspect identifiers, then expand each cluster over
the flows (calls, SMS, transfers, visits) to the members nobody reported, with a role, a score and reasons.

Look-alikes stay out by design: a number or site everybody uses is a hub; a caller must reach several of
the cluster's victims far beyond what its own volume of calls explains (couriers and ride-hailing drivers
call hundreds of people); a card paid by many strangers is a merchant's or a platform's, not a mule's.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from scipy.stats import poisson

from antifraud.identifiers import IdentifierError, normalize
from antifraud.linking.engine.columns import (
    CallColumns,
    ColumnCallees,
    ColumnCallersOf,
    ColumnNumbers,
    ColumnTalks,
)
from antifraud.linking.engine.communities import communities
from antifraud.linking.engine.flows import Call, Sms, Visit, parse_time, phone_key
from antifraud.linking.engine.unionfind import ConstrainedSets
from antifraud.linking.hubs import HubRule, hub_reason

MIN_VICTIMS_CALLED = 2
LONG_CALL_S = 180  # a conversation, not a ring, a wrong number or a courier's "I'm downstairs"
CALLER_P_VALUE = 1e-4  # chance that a caller's volume alone explains how many of the cluster's victims it reached
MAX_PHONES_PER_IP = 20  # an address shared by more numbers is a carrier's or a café's, not a gang's
MAX_PHONES_PER_DEVICE = 30  # a gang's SIM box holds dozens of numbers; a handset shared by more is a shop's test
MAX_VISITORS = 50  # a site or app visited by more numbers than this is popular, not the gang's
MERCHANT_PAYERS = 50  # a card paid by this many distinct accounts settles a merchant's or platform's takings
TRACE_WINDOW = timedelta(hours=72)
CONTACT_BEFORE = timedelta(days=3)
CONTACT_AFTER = timedelta(hours=6)
PAID_BEFORE, PAID_AFTER = timedelta(hours=2), timedelta(days=1)  # the victim's payments around the fraud


@dataclass
class LinkCase:
    """One reported case as the linker reads it."""

    case_id: str
    fraud_type: str
    occurred_at: datetime | None
    loss: Decimal
    victim_phone: str | None
    suspects: list[tuple[str, str]]  # (kind, canonical value); URLs as ("domain", registrable domain)
    victim_ids: list[tuple[str, str]] = field(default_factory=list)
    derived: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, value, why) from the flows
    bridges: list[tuple[str, str, str]] = field(default_factory=list)  # what the case's gang uses, from the flows


@dataclass
class Member:
    """A member of a gang's chain."""

    kind: str
    value: str
    role: str
    tier: int | None
    reported: bool
    score: float
    reasons: list[str]

    def as_dict(self) -> dict[str, object]:
        """The member as the offline command prints it."""
        return {"kind": self.kind, "value": self.value, "role": self.role, "tier": self.tier,
                "reported": self.reported, "score": round(self.score, 3), "reasons": self.reasons}


def _key(kind: str, raw: str) -> tuple[str, str]:
    if kind == "phone":
        return "phone", phone_key(raw)  # service numbers (95588) and foreign numbers too
    norm = normalize(kind, raw)
    if kind == "url":
        return "domain", str(norm.attrs.get("domain") or norm.value)
    return kind, norm.value


def read_cases(lines: Iterable[str], bad: list[tuple[int, str]]) -> list[LinkCase]:
    """Cases from NDJSON lines (the shape ``POST /api/v1/cases`` takes, plus ``case_id``)."""
    out, seen = [], set()
    for line, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            item = json.loads(text)
            case_id = str(item["case_id"])
        except (ValueError, KeyError, TypeError):
            bad.append((line, "not a JSON object with a case_id"))
            continue
        if case_id in seen:
            continue
        seen.add(case_id)
        suspects, victims = [], []
        for i, ident in enumerate(item.get("identifiers") or []):
            try:
                key = _key(str(ident["kind"]), str(ident["value"]))
            except (IdentifierError, KeyError, TypeError) as exc:
                bad.append((line, f"identifiers[{i}]: {exc}"))
                continue
            (victims if ident.get("role", "suspect") != "suspect" else suspects).append(key)
        victim = item.get("victim") or {}
        phone = phone_key(str(victim["phone"])) if victim.get("phone") else None
        try:
            occurred = parse_time(str(item["occurred_at"])) if item.get("occurred_at") else None
            loss = Decimal(str(item.get("loss_amount") or 0))
        except (ValueError, InvalidOperation):
            bad.append((line, "occurred_at or loss_amount unreadable"))
            occurred, loss = None, Decimal(0)
        out.append(LinkCase(case_id, str(item.get("fraud_type") or ""), occurred, loss, phone, suspects, victims))
    return out


def fraud_callers(cases: Sequence[LinkCase], flows: Flows) -> dict[str, str]:
    """Numbers that talked at length with far more of the reporting victims than their volume explains."""
    victims = {c.victim_phone for c in cases if c.victim_phone}
    reached: Counter[str] = Counter()
    for victim in victims:
        for caller in flows.callers_of.get(victim, ()):
            reached[caller] += 1
    found = {}
    for caller, hits in reached.items():
        if hits < MIN_VICTIMS_CALLED or hub_reason("phone", caller) or caller in victims:
            continue
        volume = len(flows.callees[caller])
        expected = volume * len(victims) / flows.phones
        p = float(poisson.sf(hits - 1, expected)) if expected > 0 else 0.0
        if p <= CALLER_P_VALUE:
            found[caller] = (f"talked with {hits} reporting victims among {volume} numbers "
                             f"({expected:.2f} expected by chance)")
    return found


def _around(times: Sequence[datetime], occurred: datetime) -> bool:
    """A contact in the days before the fraud (or just after it), when scripts are worked."""
    return any(occurred - CONTACT_BEFORE <= t <= occurred + CONTACT_AFTER for t in times)


def derive_from_flows(cases: Sequence[LinkCase], flows: Flows) -> None:
    """Add to each case the gang numbers that called its victim and the cards its victim paid (from the flows)."""
    callers = fraud_callers(cases, flows)
    for case in cases:
        if case.victim_phone and case.occurred_at is not None:
            for caller in flows.callers_of.get(case.victim_phone, ()):
                if caller in callers and _around(flows.talks[(caller, case.victim_phone)], case.occurred_at):
                    case.derived.append(("phone", caller, callers[caller]))
        if flows.money is None or case.occurred_at is None:
            continue
        for kind, card in case.victim_ids:
            if kind != "bank_card":
                continue
            for payee in flows.money.payees(card, case.occurred_at - PAID_BEFORE, case.occurred_at + PAID_AFTER):
                if flows.money.distinct_payers(payee) < MERCHANT_PAYERS:
                    case.derived.append(("bank_card", payee, f"the victim of case {case.case_id} paid it"))
    _bridge_by_flows(cases, flows)


def _bridge_by_flows(cases: Sequence[LinkCase], flows: Flows) -> None:
    """What ties the numbers and cards a case names to the rest of their gang, from the flows: the addresses its
    numbers went online from (unless crowded), the cards its collecting cards paid on in the days after the
    fraud (unless a merchant's). Two sub-groups of a gang that share no reported card or number share these."""
    for case in cases:
        named = dict.fromkeys([*case.suspects, *((k, v) for k, v, _why in case.derived)])
        for kind, value in named:
            if kind == "phone":
                for ip in sorted(flows.ips_of.get(value, ())):
                    if len(flows.phones_on_ip[ip]) <= MAX_PHONES_PER_IP and not hub_reason("ip", ip):
                        case.bridges.append(("ip", ip, f"number {value} went online from {ip}"))
            elif kind == "bank_card" and flows.money is not None and case.occurred_at is not None:
                for payee in flows.money.payees(value, case.occurred_at - PAID_BEFORE,
                                                case.occurred_at + TRACE_WINDOW):
                    if flows.money.distinct_payers(payee) < MERCHANT_PAYERS:
                        case.bridges.append(("bank_card", payee, f"card {value} paid it on"))


@dataclass
class Linked:
    """Case clusters and the identifiers that were not allowed to link."""

    clusters: list[list[str]]
    hubs: list[dict[str, object]]
    links: dict[tuple[str, str], list[str]]  # identifier → its cases (non-hubs)


def link_cases(cases: Sequence[LinkCase], rule: HubRule | None = None, *,
               hubs: Mapping[tuple[str, str], str] | None = None, exempt: Collection[tuple[str, str]] = (),
               apart: Sequence[tuple[Iterable[str], Iterable[str]]] = (),
               together: Sequence[Sequence[str]] = (), split_communities: bool = True) -> Linked:
    """Gangs of cases over shared suspect identifiers, hubs left out and listed with why.

    Cases sharing an identifier are joined (components); a component is then split into its communities
    (``engine.communities``: a shared card or number weighs more than a shared app, domain or IP), so two
    gangs one app joins stay two, the app a member both share.

    ``hubs`` are identifiers already known not to link (an analyst's list, a victim's card seen in another
    case) with their reason; ``exempt`` identifiers link whatever the rules say (an analyst's decision);
    ``apart`` are the analysts' splits (cannot-link) and ``together`` their merges (must-link).
    """
    rule = rule or HubRule()
    known = dict(hubs or {})
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in cases:
        for key in dict.fromkeys(case.suspects):
            by_key[key].append(case.case_id)
    victim_keys = {k for case in cases for k in case.victim_ids}
    sets = ConstrainedSets()
    for side_a, side_b in apart:
        sets.forbid(side_a, side_b)
    for case in cases:
        sets.find(case.case_id)
    for group in together:
        for other in group[1:]:
            sets.union(group[0], other)
    hub_list, frequent, kept = [], [], {}
    for key, members in by_key.items():
        reason = None if key in exempt else (
            known.get(key) or hub_reason(key[0], key[1]) or ("victim_identifier" if key in victim_keys else None))
        if reason:
            hub_list.append({"kind": key[0], "value": key[1], "cases": sorted(members), "reason": reason})
        elif len(members) >= rule.min_cases and key not in exempt:
            frequent.append(key)
        else:
            kept[key] = members
            for other in members[1:]:
                sets.union(members[0], other)
    for key in sorted(frequent, key=lambda k: len(by_key[k])):
        members = by_key[key]
        if rule.is_hub([hash(sets.find(c)) for c in members]):
            hub_list.append({"kind": key[0], "value": key[1], "cases": sorted(members),
                             "reason": "shared_by_strangers"})
            continue
        kept[key] = members
        for other in members[1:]:
            sets.union(members[0], other)
    _join_by_flows(cases, sets, by_key, {(str(h["kind"]), str(h["value"])) for h in hub_list}, kept)
    groups = [sorted(g, key=str) for g in sets.groups().values()]
    if split_communities:
        derived = {k for k in kept if k not in by_key}
        groups = [part for g in groups for part in communities(g, kept, derived, together)]
    clusters = sorted((sorted(g, key=str) for g in groups), key=lambda g: (-len(g), str(g[0])))
    return Linked([[str(c) for c in g] for g in clusters], sorted(hub_list, key=lambda h: (h["kind"], h["value"])),
                  kept)


def _join_by_flows(cases: Sequence[LinkCase], sets: ConstrainedSets, reported: dict[tuple[str, str], list[str]],
                   hubs: set[tuple[str, str]], kept: dict[tuple[str, str], list[str]]) -> None:
    """Join cases by what the flows say (a gang number that called the victim, a card the victim paid).

    Weaker than a shared reported identifier: a lone case joins on one such link, but two groups of cases
    that each hold together are joined only when at least two cases of the smaller one agree — a victim
    that two gangs both called must not merge the gangs.
    """
    derived: dict[tuple[str, str], set[str]] = defaultdict(set)
    for case in cases:
        for kind, value, _why in case.derived + case.bridges:
            if (kind, value) not in hubs and not hub_reason(kind, value):
                derived[(kind, value)].add(case.case_id)
    sizes: Counter[Hashable] = Counter(sets.find(c.case_id) for c in cases)
    for key, members in sorted(derived.items()):
        support: Counter[Hashable] = Counter(sets.find(c) for c in members)
        anchor = sets.find(reported[key][0]) if key in reported else support.most_common(1)[0][0]
        for group, agreeing in support.items():
            if group == anchor:
                continue
            if sizes[group] == 1 or agreeing >= 2:
                merged_size = sizes[sets.find(anchor)] + sizes[group]
                if sets.union(anchor, group):
                    sizes[sets.find(anchor)] = merged_size
        kept.setdefault(key, sorted(members))


@dataclass
class Flows:
    """Indexes of the flows for expansion."""

    calls: Sequence[Call] = ()
    sms: Sequence[Sms] = ()
    visits: Sequence[Visit] = ()
    index: object | None = None  # tracing.index.TransferIndex of the transfers, if any
    numbers: int | None = None  # how many numbers the whole call record holds, when these are a part of it
    payers: Mapping[str, int] | None = None  # distinct payers per account over all statements, when known
    crowded: frozenset[tuple[str, str]] = frozenset()  # (domain|app, target) visited by too many to be a gang's
    columns: CallColumns | None = None  # calls and SMS as columns (millions of records), instead of calls and sms

    def __post_init__(self) -> None:
        if self.columns is not None:
            self._index_columns(self.columns)
        else:
            self._index_records()
        if self.numbers is not None:
            self.phones = max(1, self.numbers)
        self.money = MoneyDegrees(self.index, self.payers) if self.index is not None else None
        self.ips_of: dict[str, set[str]] = defaultdict(set)
        self.phones_on_ip: dict[str, set[str]] = defaultdict(set)
        self.targets_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.visitors: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.devices_of: dict[str, set[str]] = defaultdict(set)
        self.phones_on_device: dict[str, set[str]] = defaultdict(set)
        for v in self.visits:
            if v.device:
                self.devices_of[v.phone].add(v.device)
                self.phones_on_device[v.device].add(v.phone)
            if v.ip:
                self.ips_of[v.phone].add(v.ip)
                self.phones_on_ip[v.ip].add(v.phone)
            self.targets_of[v.phone].add((v.kind, v.target))
            self.visitors[(v.kind, v.target)].add(v.phone)

    def _index_columns(self, columns: CallColumns) -> None:
        if self.calls or self.sms:
            raise ValueError("give calls and SMS either as records or as columns, not both")
        self.callees = ColumnCallees(columns)  # type: ignore[assignment]
        self.callers_of = ColumnCallersOf(columns)  # type: ignore[assignment]
        self.talks = ColumnTalks(columns)  # type: ignore[assignment]
        self.sms_senders = ColumnNumbers(columns.sms_sender)  # type: ignore[assignment]
        self.voice_callers = ColumnNumbers(columns.voice_caller)  # type: ignore[assignment]
        self.phones = max(1, columns.numbers)

    def _index_records(self) -> None:
        self.callees: dict[str, set[str]] = defaultdict(set)
        self.callers_of: dict[str, set[str]] = defaultdict(set)
        self.talks: dict[tuple[str, str], list[datetime]] = defaultdict(list)  # (caller, callee) → long calls
        for c in self.calls:
            if c.duration_s >= LONG_CALL_S:
                self.callees[c.caller].add(c.callee)
                self.callers_of[c.callee].add(c.caller)
                self.talks[(c.caller, c.callee)].append(c.start)
        for s in self.sms:
            self.callees[s.sender].add(s.receiver)
            self.callers_of[s.receiver].add(s.sender)
            self.talks[(s.sender, s.receiver)].append(s.time)
        self.sms_senders = {s.sender for s in self.sms}
        self.voice_callers = {c.caller for c in self.calls}
        self.phones = max(1, len({c.caller for c in self.calls} | {c.callee for c in self.calls}
                                 | {m.sender for m in self.sms} | {m.receiver for m in self.sms}))

    def popular(self, kind: str, value: str) -> bool:
        """Whether the visits show a site or an app more numbers use than any gang's would (a look-alike)."""
        if kind not in ("domain", "app"):
            return False
        key = (kind, value.lower())  # the logs name apps in lower case
        return key in self.crowded or len(self.visitors.get(key, ())) > MAX_VISITORS


_ROLE_OF_KIND = {"phone": "caller", "bank_card": "collector", "payment_account": "collector", "domain": "domain",
                 "ip": "ip", "app": "app", "device": "device"}


def expand(cluster: Sequence[LinkCase], flows: Flows, hub_values: set[tuple[str, str]]) -> list[Member]:
    """The cluster's reported members and those the flows reveal, each with role, score and reasons."""
    members: dict[tuple[str, str], Member] = {}
    for case in cluster:
        for kind, value in case.suspects:
            if (kind, value) in hub_values or flows.popular(kind, value):
                continue  # a hub, or a site or app the flows show everybody uses (a victim named it all the same)
            role = _ROLE_OF_KIND.get(kind, kind)
            if kind == "phone" and value in flows.sms_senders and value not in flows.voice_callers:
                role = "sms_sender"
            m = members.get((kind, value))
            if m is None:
                members[(kind, value)] = Member(kind, value, role, 1 if role == "collector" else None, True, 1.0,
                                                [f"reported in case {case.case_id}"])
            elif len(m.reasons) < 5:
                m.reasons.append(f"reported in case {case.case_id}")
    for case in cluster:
        for kind, value, why in case.derived:
            if (kind, value) in members or (kind, value) in hub_values:
                continue
            role, tier = ("collector", 1) if kind == "bank_card" else ("caller", None)
            if kind == "phone" and value in flows.sms_senders and value not in flows.voice_callers:
                role = "sms_sender"
            members[(kind, value)] = Member(kind, value, role, tier, False, 0.9, [why])
    victims = {c.victim_phone for c in cluster if c.victim_phone}
    _expand_callers(members, flows, victims, hub_values)
    _expand_network(members, flows, victims, hub_values)
    if flows.index is not None:
        _expand_money(members, cluster, flows.index, flows.money)
    return sorted(members.values(), key=lambda m: (not m.reported, -m.score, m.kind, m.value))


def _expand_callers(members: dict[tuple[str, str], Member], flows: Flows, victims: set[str],
                    hubs: set[tuple[str, str]]) -> None:
    if len(victims) < MIN_VICTIMS_CALLED:
        return
    reached: Counter[str] = Counter()
    for victim in victims:
        for caller in flows.callers_of.get(victim, ()):
            reached[caller] += 1
    for caller, hits in reached.items():
        if hits < MIN_VICTIMS_CALLED or ("phone", caller) in members or ("phone", caller) in hubs:
            continue
        if hub_reason("phone", caller):
            continue
        volume = len(flows.callees[caller])
        expected = volume * len(victims) / flows.phones
        p = float(poisson.sf(hits - 1, expected)) if expected > 0 else 0.0
        if p > CALLER_P_VALUE:
            continue  # a courier's or driver's volume explains it
        role = "sms_sender" if caller in flows.sms_senders and caller not in flows.voice_callers else "caller"
        score = min(0.99, 1 - math.sqrt(p)) if p > 0 else 0.99
        members[("phone", caller)] = Member("phone", caller, role, None, False, score,
                                            [(f"reached {hits} of the cluster's victims among {volume} numbers "
                                              f"({expected:.2f} expected by chance)")])


def _expand_devices(members: dict[tuple[str, str], Member], flows: Flows, victims: set[str],
                    hubs: set[tuple[str, str]]) -> None:
    """The handsets (and SIM boxes) the gang's numbers went online from, and the other numbers in them; a
    device a victim reported counts as the gang's own."""
    seen = [("", v) for (k, v) in members if k == "device"]
    seen += [(phone, d) for (k, phone) in list(members) if k == "phone"
             for d in sorted(flows.devices_of.get(phone, ()))]
    for phone, device in seen:
        sharing = flows.phones_on_device[device]
        if len(sharing) > MAX_PHONES_PER_DEVICE or ("device", device) in hubs:
            continue
        if ("device", device) not in members:
            members[("device", device)] = Member("device", device, "device", None, False, 0.85,
                                                 [f"handset of gang number {phone}"])
        for other in sorted(sharing - {phone}):
            if ("phone", other) in members or ("phone", other) in hubs or other in victims:
                continue
            role = "sms_sender" if other in flows.sms_senders and other not in flows.voice_callers else "caller"
            why = f"in the same handset {device} as gang number {phone}" if phone else (
                f"in the reported handset {device}")
            members[("phone", other)] = Member("phone", other, role, None, False, 0.8, [why])


def _expand_network(members: dict[tuple[str, str], Member], flows: Flows, victims: set[str],
                    hubs: set[tuple[str, str]]) -> None:
    _expand_devices(members, flows, victims, hubs)
    gang_phones = [v for (k, v) in members if k == "phone"]
    for phone in gang_phones:
        for ip in flows.ips_of.get(phone, ()):
            sharing = flows.phones_on_ip[ip]
            if len(sharing) > MAX_PHONES_PER_IP or hub_reason("ip", ip):
                continue
            if ("ip", ip) not in members:
                members[("ip", ip)] = Member("ip", ip, "ip", None, False, 0.8, [f"used by gang number {phone}"])
            for other in sharing - {phone}:
                if ("phone", other) in members or ("phone", other) in hubs or other in victims:
                    continue
                role = "sms_sender" if other in flows.sms_senders and other not in flows.voice_callers else "caller"
                members[("phone", other)] = Member("phone", other, role, None, False, 0.7,
                                                   [f"on the same address {ip} as gang number {phone}"])
    gang_phones = {v for (k, v) in members if k == "phone"}
    reach = {target for phone in gang_phones | victims for target in flows.targets_of.get(phone, ())}
    for kind, target in sorted(reach):
        key = ("domain" if kind == "domain" else "app", target)
        visitors = flows.visitors[(kind, target)]
        if key in members or key in hubs or hub_reason(key[0], target) or len(visitors) > MAX_VISITORS:
            continue
        gang = len(visitors & gang_phones)
        victim_visits = len(visitors & victims)
        if gang >= 1 and victim_visits >= 1 or victim_visits >= 2:
            members[key] = Member(key[0], target, key[0], None, False, 0.75,
                                  [(f"visited by {gang} gang numbers and {victim_visits} victims, "
                                    f"{len(visitors)} numbers in all")])


def _expand_money(members: dict[tuple[str, str], Member], cluster: Sequence[LinkCase], index: object,
                  degrees: MoneyDegrees | None) -> None:
    from antifraud.tracing.engine import trace_funds
    from antifraud.tracing.results import CardSeed, Rule, TraceInputError

    payers: dict[str, set[str]] = defaultdict(set)
    for case in cluster:
        if case.occurred_at is None:
            continue
        for kind, card in dict.fromkeys(case.suspects + [(k, v) for k, v, _why in case.derived]):
            if kind != "bank_card":  # a card both reported and derived is traced once
                continue
            try:
                result = trace_funds(index, CardSeed(card, case.occurred_at - timedelta(hours=1),  # type: ignore[arg-type]
                                                     case.loss or Decimal(1)),
                                     rule=Rule.POISON, max_tiers=5, window=TRACE_WINDOW)
            except (TraceInputError, KeyError, ValueError):
                continue
            for edge in result.edges:
                payers[edge.to_account].add(edge.from_account)
            for acc in result.accounts:
                if acc.tier <= 1 or ("bank_card", acc.account) in members:
                    continue
                members[("bank_card", acc.account)] = Member(
                    "bank_card", acc.account, "mule", acc.tier, False, max(0.5, 0.95 - 0.05 * acc.tier),
                    [f"tier {acc.tier} of the money of case {case.case_id}: {acc.amount_in} in"])
    if degrees is None:
        return
    for (kind, value), m in list(members.items()):
        if m.role != "mule":
            continue
        if degrees.distinct_payers(value) >= MERCHANT_PAYERS:
            del members[(kind, value)]  # a merchant's or platform's settlement card
        elif not degrees.pays_onward(value) and len(payers.get(value, ())) >= 2:
            m.role = "cash_out"
            m.reasons.append(f"collects from {len(payers[value])} of the gang's cards and pays nothing on")


class MoneyDegrees:
    """Per account of a transfer index: distinct payers and transfers paid onward."""

    def __init__(self, index: object, payers: Mapping[str, int] | None = None) -> None:
        import numpy as np

        self._payers = payers
        src = np.asarray(index.src, dtype=np.int64)  # type: ignore[attr-defined]
        dst = np.asarray(index.dst, dtype=np.int64)  # type: ignore[attr-defined]
        n = int(index.n_accounts)  # type: ignore[attr-defined]
        self._index = index
        pairs = np.unique(dst * n + src) if len(src) else np.zeros(0, dtype=np.int64)
        self.payers = np.bincount(pairs // n, minlength=n) if n else np.zeros(0, dtype=np.int64)
        self.paid_out = np.bincount(src, minlength=n) if n else np.zeros(0, dtype=np.int64)
        order = np.argsort(src, kind="stable")
        self._out_dst = dst[order]
        self._out_ms = np.asarray(index.time, dtype=np.int64)[order]  # type: ignore[attr-defined]
        self._out_start = np.searchsorted(src[order], np.arange(n + 1)) if n else np.zeros(1, dtype=np.int64)

    def payees(self, account: str, start: datetime, end: datetime) -> list[str]:
        """The accounts this one paid between ``start`` and ``end``."""
        i = self._id(account)
        if i is None:
            return []
        lo, hi = self._out_start[i], self._out_start[i + 1]
        ms = self._out_ms[lo:hi]
        keep = (ms >= int(start.timestamp() * 1000)) & (ms <= int(end.timestamp() * 1000))
        ids = sorted(set(self._out_dst[lo:hi][keep].tolist()))
        return [self._index.account_name(j) for j in ids]  # type: ignore[attr-defined]

    def _id(self, account: str) -> int | None:
        return self._index.account_id(account)  # type: ignore[attr-defined,no-any-return]

    def distinct_payers(self, account: str) -> int:
        """How many different accounts paid this one."""
        if self._payers is not None and account in self._payers:
            return int(self._payers[account])
        i = self._id(account)
        return 0 if i is None else int(self.payers[i])

    def pays_onward(self, account: str) -> bool:
        """Whether the account sent any transfer."""
        i = self._id(account)
        return i is not None and bool(self.paid_out[i])


def link_report(cases: Sequence[LinkCase], flows: Flows, rule: HubRule | None = None) -> dict[str, object]:
    """The offline command's answer: clusters with their members, and the hubs."""
    derive_from_flows(cases, flows)
    linked = link_cases(cases, rule)
    by_id: dict[Hashable, LinkCase] = {c.case_id: c for c in cases}
    hub_values = {(str(h["kind"]), str(h["value"])) for h in linked.hubs}
    clusters = []
    for i, ids in enumerate(linked.clusters, start=1):
        members = expand([by_id[c] for c in ids], flows, hub_values)
        clusters.append({"cluster_id": f"C{i}", "cases": ids, "members": [m.as_dict() for m in members]})
    return {"clusters": clusters, "hubs": linked.hubs}
