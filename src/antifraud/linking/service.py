"""Case linking in the platform (串并案): every filed case joins the earlier cases it shares a suspect
identifier with, through the linking engine (`engine/gang.link_cases`), hubs left out; analysts confirm,
split and merge clusters, and their splits and merges survive every re-linking.

Filing a case calls ``do_link_case`` in the filing transaction (registered in ``cases.service``); adding an
identifier to a case calls it again, and calling it twice changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, or_, select, text
from sqlalchemy.orm import Session

from antifraud.cases import service as cases
from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import now
from antifraud.core.errors import Conflict, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.core.meta import get_meta, set_meta
from antifraud.identifiers import IdentifierError, normalize
from antifraud.linking.engine.flows import phone_key
from antifraud.linking.engine.gang import Flows, LinkCase, link_cases
from antifraud.linking.hubs import BIG_APPS, BIG_DOMAINS, SERVICE_NUMBERS, HubRule, hub_reason
from antifraud.linking.models import (
    CaseCluster,
    CaseLink,
    ClusterCase,
    ClusterConstraint,
    ClusterNotification,
    FlowCall,
    FlowSms,
    FlowVisit,
    LinkHub,
    LinkKey,
)
from antifraud.linking.schemas import (
    ClusterCaseOut,
    ClusterOut,
    ClusterPage,
    ClusterSummary,
    ConstraintOut,
    FlowBatchIn,
    FlowImportOut,
    FlowRowError,
    GangMemberOut,
    GangOut,
    HubOut,
    HubRuleOut,
    HubsOut,
    LinkEvidence,
    NotificationOut,
    SharedIdentifier,
)
from antifraud.orgs.service import county_scope, org_codes
from antifraud.settings import get_settings

TOPIC = "clusters"
RULE_KEY = "linking.hub_rule"
LINKED_KINDS = frozenset({"bank_card", "phone", "domain", "ip", "app", "device", "payment_account"})
NOTICES_PER_FILING = 50
LINKING_LOCK = 0x4C494E4B  # PostgreSQL advisory lock: one linking at a time, so two filings never race
Key = tuple[str, str]


def link_key(kind: str, value: str, attrs: dict[str, Any]) -> Key | None:
    """The identifier as linking compares it: URLs by their registrable domain, the rest as normalised."""
    if kind == "url":
        return "domain", str(attrs.get("domain") or value).lower()
    return (kind, value) if kind in LINKED_KINDS else None


# ---------------------------------------------------------------- the hub rule

def hub_rule(session: Session) -> HubRule:
    """The rule in force for identifiers seen in many cases: the analysts' setting, else the platform's."""
    stored = get_meta(session, RULE_KEY)
    if stored:
        data = json.loads(stored)
        return HubRule(int(data["min_cases"]), int(data["min_groups"]), float(data["max_share"]))
    s = get_settings()
    return HubRule(s.link_hub_min_cases, s.link_hub_min_groups, s.link_hub_max_share)


# ---------------------------------------------------------------- linking

def _store_keys(session: Session, facts: list[dict[str, Any]]) -> None:
    """Keep each case's link keys (idempotent)."""
    ids = [f["id"] for f in facts]
    have: set[tuple[int, str, str, str]] = set()
    for start in range(0, len(ids), 500):
        have |= set(session.execute(select(LinkKey.case_id, LinkKey.kind, LinkKey.value, LinkKey.role)
                                    .where(LinkKey.case_id.in_(ids[start:start + 500]))))
    for f in facts:
        for kind, value, role, attrs in f["identifiers"]:
            key = link_key(kind, value, attrs)
            if key is None:
                continue
            row = (f["id"], key[0], key[1], "suspect" if role == "suspect" else "victim")
            if row not in have:
                have.add(row)
                session.add(LinkKey(case_id=row[0], kind=row[1], value=row[2], role=row[3]))
    session.flush()


def _hub_decisions(session: Session, keys: Iterable[Key]) -> dict[Key, LinkHub]:
    """The stored hub decisions (analysts' and the linker's) about these identifiers."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, value in keys:
        by_kind[kind].add(value)
    out: dict[Key, LinkHub] = {}
    for kind, values in by_kind.items():
        listed = sorted(values)
        for start in range(0, len(listed), 500):
            for row in session.scalars(select(LinkHub).where(LinkHub.kind == kind,
                                                             LinkHub.value.in_(listed[start:start + 500]))):
                out[(row.kind, row.value)] = row
    return out


def _cases_with(session: Session, keys: Iterable[Key], role: str | None = "suspect") -> dict[Key, set[int]]:
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, value in keys:
        by_kind[kind].add(value)
    out: dict[Key, set[int]] = defaultdict(set)
    for kind, values in by_kind.items():
        listed = sorted(values)
        for start in range(0, len(listed), 500):
            stmt = select(LinkKey.kind, LinkKey.value, LinkKey.case_id).where(
                LinkKey.kind == kind, LinkKey.value.in_(listed[start:start + 500]))
            if role == "suspect":
                stmt = stmt.where(LinkKey.role == "suspect")
            elif role is not None:
                stmt = stmt.where(LinkKey.role != "suspect")
            for k, v, case_id in session.execute(stmt):
                out[(k, v)].add(case_id)
    return out


def _keys_of(session: Session, case_ids: Iterable[int]) -> dict[int, list[tuple[Key, str]]]:
    ids = sorted(set(case_ids))
    out: dict[int, list[tuple[Key, str]]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        stmt = (select(LinkKey.case_id, LinkKey.kind, LinkKey.value, LinkKey.role)
                .where(LinkKey.case_id.in_(ids[start:start + 500])).order_by(LinkKey.id))
        for case_id, kind, value, role in session.execute(stmt):
            out[case_id].append(((kind, value), role))
    return out


def _members_of_clusters_of(session: Session, case_ids: set[int]) -> set[int]:
    ids = sorted(case_ids)
    clusters: set[int] = set()
    for start in range(0, len(ids), 500):
        clusters |= set(session.scalars(select(ClusterCase.cluster_id).where(
            ClusterCase.case_id.in_(ids[start:start + 500]))))
    out: set[int] = set()
    listed = sorted(clusters)
    for start in range(0, len(listed), 500):
        out |= set(session.scalars(select(ClusterCase.case_id).where(
            ClusterCase.cluster_id.in_(listed[start:start + 500]))))
    return out


def _is_blocked(key: Key, decision: LinkHub | None) -> bool:
    """Whether an identifier is known not to link without looking at its cases."""
    if decision is not None:
        return decision.decision == "hub"
    return hub_reason(key[0], key[1]) is not None


def _region(session: Session, seeds: set[int], closed: bool = True) -> set[int]:
    """The seeds, every case they could link to, and those cases' clusters, closed under both.

    A case just filed needs one round (``closed=False``): what its clusters' other cases share with cases
    outside them was already kept apart by a hub or an analyst's split, and stays so.
    """
    region, frontier = set(), set(seeds)
    while frontier:
        region |= frontier
        keys = {key for rows in _keys_of(session, frontier).values() for key, role in rows if role == "suspect"}
        decisions = _hub_decisions(session, keys)
        open_keys = [k for k in keys if not _is_blocked(k, decisions.get(k))]
        reached = {c for found in _cases_with(session, open_keys).values() for c in found}
        reached |= _members_of_clusters_of(session, frontier | reached)
        if not closed:
            return region | reached
        frontier = reached - region
    return region


def _constraints(session: Session, region: set[int]) -> tuple[list[tuple[list[str], list[str]]], list[list[str]]]:
    apart, together = [], []
    for c in session.scalars(select(ClusterConstraint).where(ClusterConstraint.active.is_(True))
                             .order_by(ClusterConstraint.id)):
        if not (set(c.side_a) | set(c.side_b)) & region:
            continue
        if c.kind == "cannot_link":
            apart.append(([str(x) for x in c.side_a], [str(x) for x in c.side_b]))
        else:
            together.append([str(x) for x in [*c.side_a, *c.side_b] if x in region])
    return apart, together


def _one_linker_at_a_time(session: Session) -> None:
    """Two transactions linking at once could each miss the other's case; SQLite already has one writer."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LINKING_LOCK})


def _relink(session: Session, seeds: set[int], *, rule: HubRule | None = None, notify: bool = False,
            region: set[int] | None = None, facts: list[dict[str, Any]] | None = None) -> list[int]:
    """Link the region around the seeds again with the engine; store clusters, evidence and hubs."""
    _one_linker_at_a_time(session)
    region = region if region is not None else _region(session, seeds)
    keys_of = _keys_of(session, region)
    suspect_keys = {key for rows in keys_of.values() for key, role in rows if role == "suspect"}
    decisions = _hub_decisions(session, suspect_keys)
    known = {k: d.reason for k, d in decisions.items() if d.decision == "hub"}
    exempt = {k for k, d in decisions.items() if d.decision == "link"}
    for key in _cases_with(session, suspect_keys - set(known) - exempt, role="victim"):
        known[key] = "victim_identifier"  # a victim's own card or number, in this or another case
    link_input = [LinkCase(str(cid), "", None, Decimal(0), None,
                           list(dict.fromkeys(k for k, r in keys_of.get(cid, []) if r == "suspect")),
                           [k for k, r in keys_of.get(cid, []) if r != "suspect"])
                  for cid in sorted(region)]
    apart, together = _constraints(session, region)
    linked = link_cases(link_input, rule or hub_rule(session), hubs=known, exempt=exempt, apart=apart,
                        together=together)
    _keep_hubs(session, linked.hubs, decisions)
    groups = [[int(c) for c in g] for g in linked.clusters]
    cluster_of_case = {c: i for i, g in enumerate(groups) for c in g}
    _keep_evidence(session, region, linked.links, cluster_of_case)
    return _store_clusters(session, groups, notify=notify, seeds=seeds, facts=facts)


def _case_counts(session: Session, keys: Iterable[Key]) -> dict[Key, int]:
    """In how many cases each identifier is named as a suspect's (all cases, not only the ones linked now)."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, value in keys:
        by_kind[kind].add(value)
    out: dict[Key, int] = {}
    for kind, values in by_kind.items():
        listed = sorted(values)
        for start in range(0, len(listed), 500):
            stmt = (select(LinkKey.value, func.count(func.distinct(LinkKey.case_id)))
                    .where(LinkKey.kind == kind, LinkKey.role == "suspect",
                           LinkKey.value.in_(listed[start:start + 500])).group_by(LinkKey.value))
            out.update({(kind, value): int(n) for value, n in session.execute(stmt)})
    return out


def _keep_hubs(session: Session, hubs: list[dict[str, Any]], decisions: dict[Key, LinkHub]) -> None:
    if not hubs:
        return
    counts = _case_counts(session, [(str(h["kind"]), str(h["value"])) for h in hubs])
    for hub in hubs:
        key = (str(hub["kind"]), str(hub["value"]))
        row = decisions.get(key)
        count = counts.get(key, len(hub["cases"]))  # type: ignore[arg-type]
        if row is None:
            row = LinkHub(kind=key[0], value=key[1], decision="hub", reason=str(hub["reason"]), source="rule",
                          cases=count, created_by="system", updated_at=now())
            session.add(row)
            decisions[key] = row
        elif row.cases != count:
            row.cases, row.updated_at = count, now()


def _keep_evidence(session: Session, region: set[int], kept: dict[Key, list[str]],
                   cluster_of_case: dict[int, int]) -> None:
    """One evidence row per (first case, later case, identifier) inside a cluster; stale rows go."""
    wanted: set[tuple[int, int, str, str]] = set()
    for (kind, value), members in kept.items():
        by_cluster: dict[int, list[int]] = defaultdict(list)
        for c in members:
            by_cluster[cluster_of_case[int(c)]].append(int(c))
        for ids in by_cluster.values():
            first = min(ids)
            wanted.update((first, other, kind, value) for other in ids if other != first)
    ids = sorted(region)
    existing: dict[tuple[int, int, str, str], int] = {}
    for start in range(0, len(ids), 500):
        stmt = select(CaseLink.id, CaseLink.case_a, CaseLink.case_b, CaseLink.kind, CaseLink.value).where(
            CaseLink.case_b.in_(ids[start:start + 500]))
        for row_id, a, b, kind, value in session.execute(stmt):
            existing[(a, b, kind, value)] = row_id
    stale = [row_id for key, row_id in existing.items() if key not in wanted]
    for start in range(0, len(stale), 500):
        session.execute(delete(CaseLink).where(CaseLink.id.in_(stale[start:start + 500])))
    at = now()
    for a, b, kind, value in sorted(wanted - set(existing)):
        session.add(CaseLink(case_a=a, case_b=b, kind=kind, value=value, linked_at=at))


def _store_clusters(session: Session, groups: list[list[int]], *, notify: bool, seeds: set[int],
                    facts: list[dict[str, Any]] | None = None) -> list[int]:
    """Put each group in a cluster, keeping the cluster ids (and their analysts) where the cases stay."""
    region = [c for g in groups for c in g]
    rows: dict[int, ClusterCase] = {}
    for start in range(0, len(region), 500):
        for row in session.scalars(select(ClusterCase).where(ClusterCase.case_id.in_(region[start:start + 500]))):
            rows[row.case_id] = row
    known = {f["id"]: f for f in facts or []}
    missing = [c for c in region if c not in rows and c not in known]
    by_id = known | ({f["id"]: f for f in cases.link_facts(session, missing)} if missing else {})
    overlap: Counter[tuple[int, int]] = Counter()
    for i, group in enumerate(groups):
        for c in group:
            if c in rows:
                overlap[(i, rows[c].cluster_id)] += 1
    owner: dict[int, int] = {}
    used: set[int] = set()
    for (i, cluster_id), _n in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0])):
        if i not in owner and cluster_id not in used:
            owner[i] = cluster_id
            used.add(cluster_id)
    at = now()
    old_ids = {r.cluster_id for r in rows.values()}
    clusters = {c.id: c for c in session.scalars(select(CaseCluster).where(CaseCluster.id.in_(sorted(old_ids))))}
    touched: set[int] = set()
    joined: list[tuple[CaseCluster, int, str]] = []
    for i, group in enumerate(groups):
        cluster = clusters.get(owner[i]) if i in owner else None
        if cluster is None:
            cluster = CaseCluster(status="open", created_at=at, updated_at=at)
            session.add(cluster)
            session.flush()
            clusters[cluster.id] = cluster
        elif cluster.status == "dissolved":
            cluster.status = "open"
        touched.add(cluster.id)
        for c in group:
            row = rows.get(c)
            if row is None:
                f = by_id.get(c)
                if f is None:
                    continue  # the case is gone
                row = ClusterCase(case_id=c, cluster_id=cluster.id, case_no=f["case_no"], fraud_type=f["fraud_type"],
                                  loss_amount=f["loss_amount"], reported_at=f["reported_at"],
                                  jurisdiction_org_id=f["jurisdiction_org_id"], victim_key=f["victim_key"],
                                  joined_at=at)
                session.add(row)
                rows[c] = row
                joined.append((cluster, c, row.case_no))
            elif row.cluster_id != cluster.id:
                touched.add(row.cluster_id)
                row.cluster_id, row.joined_at = cluster.id, at
                joined.append((cluster, c, row.case_no))
    session.flush()
    for cluster_id in old_ids - {owner[i] for i in owner}:
        gone = clusters[cluster_id]
        gone.status, gone.size, gone.updated_at = "dissolved", 0, at
        biggest = [owner[i] for (i, cid), _n in overlap.most_common() if cid == cluster_id and i in owner]
        gone.merged_into_id = biggest[0] if biggest else None
    for cluster_id in sorted(touched):
        _refresh_figures(session, clusters.get(cluster_id) or session.get(CaseCluster, cluster_id), at)
    if notify:
        _notify(session, [(c, case_id, no) for c, case_id, no in joined if c.size > 1], seeds)
    publish_after_commit(session, TOPIC, {"event": "linked", "clusters": sorted(touched)})
    return sorted(touched)


def _refresh_figures(session: Session, cluster: CaseCluster | None, at: datetime) -> None:
    """Size, victims, loss, fraud types, first and last case of a cluster, from its cases."""
    if cluster is None:
        return
    members = list(session.scalars(select(ClusterCase).where(ClusterCase.cluster_id == cluster.id)
                                   .order_by(ClusterCase.reported_at, ClusterCase.case_id)))
    cluster.updated_at = at
    cluster.size = len(members)
    if not members:
        cluster.status = "dissolved"
        return
    cluster.victims = len({m.victim_key for m in members})
    cluster.loss = sum((m.loss_amount for m in members), Decimal(0))
    cluster.fraud_types = sorted({m.fraud_type for m in members})
    cluster.first_case_id, cluster.last_case_id = members[0].case_id, members[-1].case_id
    cluster.first_reported_at, cluster.last_reported_at = members[0].reported_at, members[-1].reported_at


def _notify(session: Session, joined: list[tuple[CaseCluster, int, str]], seeds: set[int]) -> None:
    """A notice to the analyst working a cluster for each case that just joined it."""
    at = now()
    sent = 0
    for cluster, case_id, case_no in joined:
        if cluster.claimed_by_id is None or sent >= NOTICES_PER_FILING:
            continue
        session.add(ClusterNotification(user_id=cluster.claimed_by_id, cluster_id=cluster.id, case_id=case_id,
                                        case_no=case_no, created_at=at,
                                        details={"filed": case_id in seeds, "size": cluster.size}))
        sent += 1
        publish_after_commit(session, TOPIC, {"event": "notified", "user_id": cluster.claimed_by_id,
                                              "cluster": cluster.id, "case": case_id})


def do_link_case(session: Session, case_id: int) -> list[int]:
    """Link one case to the earlier cases sharing its suspect identifiers; returns the clusters touched.

    A step of filing a case (and of adding an identifier to one): the filing use case audits it; each link
    is kept as evidence and the analyst working a cluster the case joins is notified. Idempotent.
    """
    _one_linker_at_a_time(session)
    facts = cases.link_facts(session, [case_id])
    if not facts:
        raise NotFound(f"case {case_id} not found", field="case_id")
    _store_keys(session, facts)
    return _relink(session, {case_id}, notify=True, facts=facts, region=_region(session, {case_id}, closed=False))


def do_link_unlinked_cases(session: Session, principal: Principal) -> int:
    """Link every case not yet in a cluster (cases filed before linking, or while it was off); audited."""
    principal.require(Permission.CLUSTER_WORK)
    linked = set(session.scalars(select(ClusterCase.case_id)))
    todo = [c for c in cases.case_ids_in_filing_order(session) if c not in linked]
    if not todo:
        return 0
    for start in range(0, len(todo), 500):
        _store_keys(session, cases.link_facts(session, todo[start:start + 500]))
    _relink(session, set(todo))
    audit.record(session, principal, "cluster.link_unlinked", "cluster", "-", {"cases": len(todo)})
    return len(todo)


def do_rebuild_links(session: Session, principal: Principal) -> dict[str, int]:
    """Link every case again from its identifiers, under the current hub rule and list; the analysts' splits,
    merges and hub decisions are kept, the linker's own hub findings made again. Audited."""
    principal.require(Permission.CLUSTER_WORK)
    ids = cases.case_ids_in_filing_order(session)
    for start in range(0, len(ids), 500):
        _store_keys(session, cases.link_facts(session, ids[start:start + 500]))
    session.execute(delete(LinkHub).where(LinkHub.source == "rule"))
    touched = _relink(session, set(ids), region=set(ids))
    clusters = session.scalar(select(func.count(CaseCluster.id)).where(CaseCluster.size > 1)) or 0
    hubs = session.scalar(select(func.count(LinkHub.id)).where(LinkHub.decision == "hub")) or 0
    figures = {"cases": len(ids), "clusters": int(clusters), "hubs": int(hubs), "touched": len(touched)}
    audit.record(session, principal, "cluster.rebuild", "cluster", "-", figures)
    return figures


# ---------------------------------------------------------------- reading clusters

def _require_read(principal: Principal) -> None:
    principal.require(Permission.CLUSTER_READ)


def _scope(session: Session, principal: Principal) -> int | None:
    """The county whose clusters a user reads (a cluster with one of its cases), or None for all."""
    return county_scope(session, principal)


def _summaries(session: Session, clusters: list[CaseCluster]) -> list[ClusterSummary]:
    ids = [c.id for c in clusters]
    since = now() - timedelta(days=7)
    growth = dict(session.execute(select(ClusterCase.cluster_id, func.count(ClusterCase.case_id))
                                  .where(ClusterCase.cluster_id.in_(ids), ClusterCase.reported_at >= since)
                                  .group_by(ClusterCase.cluster_id)).all()) if ids else {}
    return [ClusterSummary(id=c.id, status=c.status, size=c.size, victims=c.victims, loss=c.loss,
                           fraud_types=list(c.fraud_types or []), first_reported_at=c.first_reported_at,
                           last_reported_at=c.last_reported_at, growth_week=int(growth.get(c.id, 0)),
                           claimed_by=c.claimed_by, confirmed_by=c.confirmed_by) for c in clusters]


def list_clusters(session: Session, principal: Principal, *, search: str | None = None, limit: int = 50,
                  offset: int = 0, status: str | None = None, min_size: int = 2) -> ClusterPage:
    """Clusters of two cases or more, the latest active first; ``search`` finds a case number or identifier."""
    _require_read(principal)
    stmt = select(CaseCluster).where(CaseCluster.size >= max(1, min_size), CaseCluster.status != "dissolved")
    if status:
        stmt = stmt.where(CaseCluster.status == status)
    county = _scope(session, principal)
    if county is not None:
        stmt = stmt.where(CaseCluster.id.in_(select(ClusterCase.cluster_id)
                                             .where(ClusterCase.jurisdiction_org_id == county)))
    text = (search or "").strip()
    if text:
        like = f"%{text}%"
        by_key = select(ClusterCase.cluster_id).join(LinkKey, LinkKey.case_id == ClusterCase.case_id).where(
            LinkKey.value.like(like))
        by_case = select(ClusterCase.cluster_id).where(ClusterCase.case_no.like(like))
        clauses = [CaseCluster.id.in_(by_case), CaseCluster.id.in_(by_key)]
        if text.isdigit() and 0 < int(text) < 2**31:  # a cluster's number (a card number is no cluster's id)
            clauses.append(CaseCluster.id == int(text))
        stmt = stmt.where(or_(*clauses))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = list(session.scalars(stmt.order_by(CaseCluster.last_reported_at.desc(), CaseCluster.id.desc())
                                .limit(min(max(limit, 1), 500)).offset(max(offset, 0))))
    return ClusterPage(total=int(total), items=_summaries(session, rows))


def _cluster(session: Session, principal: Principal, cluster_id: int) -> CaseCluster:
    cluster = session.get(CaseCluster, cluster_id)
    county = _scope(session, principal)
    if cluster is not None and county is not None and not session.scalar(
            select(func.count()).where(ClusterCase.cluster_id == cluster.id,
                                       ClusterCase.jurisdiction_org_id == county)):
        cluster = None
    if cluster is None:
        raise NotFound(f"cluster {cluster_id} not found", field="cluster_id")
    return cluster


def _hub_out(row: LinkHub) -> HubOut:
    return HubOut(kind=row.kind, value=row.value, decision=row.decision, reason=row.reason, note=row.note,
                  source=row.source, cases=row.cases, created_by=row.created_by, updated_at=row.updated_at)


def _other_clusters(session: Session, keys: list[Key], own: set[int]) -> dict[Key, list[int]]:
    """For each identifier, the other live clusters whose cases name it as a suspect's (a member two gangs share)."""
    holders = _cases_with(session, keys)
    others = sorted({c for found in holders.values() for c in found} - own)
    cluster_of: dict[int, int] = {}
    for start in range(0, len(others), 500):
        cluster_of.update(dict(session.execute(
            select(ClusterCase.case_id, ClusterCase.cluster_id).join(CaseCluster, CaseCluster.id == ClusterCase.cluster_id)
            .where(ClusterCase.case_id.in_(others[start:start + 500]), CaseCluster.status != "dissolved")).all()))
    return {k: sorted({cluster_of[c] for c in found if c in cluster_of}) for k, found in holders.items()
            if any(c in cluster_of for c in found)}


def get_cluster(session: Session, principal: Principal, cluster_id: int) -> ClusterOut:
    """One cluster: its cases, shared identifiers, the evidence of each link, its hubs and constraints."""
    _require_read(principal)
    cluster = _cluster(session, principal, cluster_id)
    members = list(session.scalars(select(ClusterCase).where(ClusterCase.cluster_id == cluster.id)
                                   .order_by(ClusterCase.reported_at, ClusterCase.case_id)))
    ids = {m.case_id for m in members}
    codes = org_codes(session, {m.jurisdiction_org_id for m in members})
    keys = _keys_of(session, ids)
    holders: dict[Key, list[int]] = defaultdict(list)
    for case_id, rows in keys.items():
        for key, role in rows:
            if role == "suspect" and case_id not in holders[key]:
                holders[key].append(case_id)
    decisions = _hub_decisions(session, holders)
    hubs = [_hub_out(d) for k, d in sorted(decisions.items()) if d.decision == "hub"]
    open_keys = [k for k in holders if not (k in decisions and decisions[k].decision == "hub")]
    elsewhere = _other_clusters(session, open_keys, ids)
    shared = [SharedIdentifier(kind=k[0], value=k[1], case_ids=sorted(holders[k]), shared_with=elsewhere.get(k, []))
              for k in sorted(open_keys) if len(holders[k]) > 1 or elsewhere.get(k)]
    number = {m.case_id: m.case_no for m in members}
    links = [LinkEvidence(case_a=x.case_a, case_b=x.case_b, case_a_no=number.get(x.case_a, ""),
                          case_b_no=number.get(x.case_b, ""), kind=x.kind, value=x.value, linked_at=x.linked_at)
             for x in session.scalars(select(CaseLink).where(CaseLink.case_b.in_(sorted(ids)))
                                      .order_by(CaseLink.linked_at, CaseLink.id)) if x.case_a in ids]
    constraints = [ConstraintOut(id=c.id, kind=c.kind, side_a=c.side_a, side_b=c.side_b, reason=c.reason,
                                 created_by=c.created_by, created_at=c.created_at)
                   for c in session.scalars(select(ClusterConstraint).where(ClusterConstraint.active.is_(True))
                                            .order_by(ClusterConstraint.id))
                   if (set(c.side_a) | set(c.side_b)) & ids]
    summary = _summaries(session, [cluster])[0]
    return ClusterOut(**summary.model_dump(), merged_into_id=cluster.merged_into_id, confirmed_at=cluster.confirmed_at,
                      cases=[ClusterCaseOut(case_id=m.case_id, case_no=m.case_no, fraud_type=m.fraud_type,
                                            loss_amount=m.loss_amount, reported_at=m.reported_at,
                                            jurisdiction=codes.get(m.jurisdiction_org_id, ""), joined_at=m.joined_at)
                             for m in members],
                      shared=shared, links=links, hubs=hubs, constraints=constraints)


def cluster_of_case(session: Session, principal: Principal, case_id: int) -> int | None:
    """The cluster a case is in (None before it is linked)."""
    _require_read(principal)
    return session.scalar(select(ClusterCase.cluster_id).where(ClusterCase.case_id == case_id))


def cluster_summary(session: Session, cluster_id: int) -> ClusterSummary | None:
    """A cluster's figures as the list shows them, for other rooms' steps (no principal: no scope)."""
    cluster = session.get(CaseCluster, cluster_id)
    return _summaries(session, [cluster])[0] if cluster is not None else None


def cluster_case_ids(session: Session, cluster_id: int) -> list[int]:
    """The ids of a cluster's cases, for other rooms' steps (no principal: no scope)."""
    return _case_ids(session, cluster_id)


def notifications(session: Session, principal: Principal, unread_only: bool = True,
                  limit: int = 100) -> list[NotificationOut]:
    """Cases that joined the clusters this analyst works, newest first."""
    _require_read(principal)
    stmt = select(ClusterNotification).where(ClusterNotification.user_id == principal.user_id)
    if unread_only:
        stmt = stmt.where(ClusterNotification.read_at.is_(None))
    rows = session.scalars(stmt.order_by(ClusterNotification.id.desc()).limit(min(limit, 1000)))
    return [NotificationOut(id=n.id, cluster_id=n.cluster_id, case_id=n.case_id, case_no=n.case_no,
                            created_at=n.created_at) for n in rows]


def do_read_notifications(session: Session, principal: Principal, cluster_id: int | None = None) -> int:
    """Mark the analyst's notices (of one cluster, or all) as read; returns how many. Not audited: a
    reader's own bookmark."""
    _require_read(principal)
    stmt = select(ClusterNotification).where(ClusterNotification.user_id == principal.user_id,
                                             ClusterNotification.read_at.is_(None))
    if cluster_id is not None:
        stmt = stmt.where(ClusterNotification.cluster_id == cluster_id)
    rows = list(session.scalars(stmt))
    at = now()
    for n in rows:
        n.read_at = at
    publish_after_commit(session, TOPIC, {"event": "read", "user_id": principal.user_id})
    return len(rows)


# ---------------------------------------------------------------- analysts' actions

def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed("a reason is required", field="reason")
    return text


def _work(session: Session, principal: Principal, cluster_id: int) -> CaseCluster:
    principal.require(Permission.CLUSTER_WORK)
    cluster = _cluster(session, principal, cluster_id)
    if cluster.status == "dissolved":
        raise Conflict(f"cluster {cluster_id} no longer exists (its cases are in cluster "
                       f"{cluster.merged_into_id})", field="cluster_id")
    return cluster


def do_claim_cluster(session: Session, principal: Principal, cluster_id: int) -> ClusterOut:
    """Take a cluster for analysis (研判): new cases joining it will notify this analyst. Audited."""
    cluster = _work(session, principal, cluster_id)
    if cluster.claimed_by_id not in (None, principal.user_id):
        raise Conflict(f"cluster {cluster_id} is being analysed by {cluster.claimed_by}", field="cluster_id")
    cluster.claimed_by_id, cluster.claimed_by = principal.user_id or None, principal.username
    audit.record(session, principal, "cluster.claim", "cluster", cluster.id, {"size": cluster.size})
    publish_after_commit(session, TOPIC, {"event": "claimed", "clusters": [cluster.id]})
    return get_cluster(session, principal, cluster.id)


def do_confirm_cluster(session: Session, principal: Principal, cluster_id: int, reason: str) -> ClusterOut:
    """An analyst confirms the cluster is one gang's work. Audited with the reason."""
    text = _reason(reason)
    cluster = _work(session, principal, cluster_id)
    cluster.status, cluster.confirmed_by, cluster.confirmed_at = "confirmed", principal.username, now()
    if cluster.claimed_by_id is None:
        cluster.claimed_by_id, cluster.claimed_by = principal.user_id or None, principal.username
    case_ids = _case_ids(session, cluster.id)
    audit.record(session, principal, "cluster.confirm", "cluster", cluster.id,
                 {"reason": text, "size": cluster.size, "cases": case_ids[:200]})
    _mark_cases_linked(session, principal, case_ids, cluster.id)
    publish_after_commit(session, TOPIC, {"event": "confirmed", "clusters": [cluster.id]})
    return get_cluster(session, principal, cluster.id)


def _mark_cases_linked(session: Session, principal: Principal, case_ids: list[int], cluster_id: int) -> None:
    """A confirmed cluster's cases move to 已串并 (linked), unless their life has gone past it (solved, closed)."""
    for case_id in case_ids:
        if cases.can_be_linked(session, case_id):
            try:
                cases.do_mark_case_linked(session, principal, case_id, str(cluster_id))
            except NotFound:  # a case of another county: its own bureau sees the cluster on its list
                continue


def _case_ids(session: Session, cluster_id: int) -> list[int]:
    return list(session.scalars(select(ClusterCase.case_id).where(ClusterCase.cluster_id == cluster_id)
                                .order_by(ClusterCase.case_id)))


def _deactivate(session: Session, kind: str, side_a: set[int], side_b: set[int]) -> None:
    """End the constraints of a kind that hold one side against the other (a later decision replaces them)."""
    for c in session.scalars(select(ClusterConstraint).where(ClusterConstraint.active.is_(True),
                                                              ClusterConstraint.kind == kind)):
        a, b = set(c.side_a), set(c.side_b)
        if kind == "must_link":
            if (a | b) & side_a and (a | b) & side_b:
                c.active = False
        elif (a & side_a and b & side_b) or (a & side_b and b & side_a):
            c.active = False


def do_split_cluster(session: Session, principal: Principal, cluster_id: int, case_ids: list[int],
                     reason: str) -> list[ClusterSummary]:
    """Take cases out of a cluster for good: stored as a cannot-link the linker respects. Audited."""
    text = _reason(reason)
    cluster = _work(session, principal, cluster_id)
    members = set(_case_ids(session, cluster.id))
    out = set(case_ids)
    if not out or not out <= members:
        raise ValidationFailed(f"cases {sorted(out - members)} are not in cluster {cluster_id}", field="case_ids")
    if out == members:
        raise ValidationFailed("a split leaves some cases in the cluster", field="case_ids")
    rest = members - out
    _deactivate(session, "must_link", out, rest)
    session.add(ClusterConstraint(kind="cannot_link", side_a=sorted(out), side_b=sorted(rest), reason=text,
                                  created_by=principal.username, created_at=now()))
    session.flush()
    touched = _relink(session, members, region=_region(session, members))
    audit.record(session, principal, "cluster.split", "cluster", cluster.id,
                 {"reason": text, "out": sorted(out)[:500], "rest": sorted(rest)[:500], "clusters": touched})
    return _summaries(session, [c for c in (session.get(CaseCluster, i) for i in touched)
                                if c is not None and c.status != "dissolved"])


def do_merge_clusters(session: Session, principal: Principal, cluster_ids: list[int], reason: str) -> ClusterOut:
    """Join clusters an analyst knows are one gang's: stored as a must-link the linker respects. Audited."""
    text = _reason(reason)
    wanted = list(dict.fromkeys(cluster_ids))
    if len(wanted) < 2:
        raise ValidationFailed("name two clusters or more", field="cluster_ids")
    clusters = [_work(session, principal, i) for i in wanted]
    sides = [set(_case_ids(session, c.id)) for c in clusters]
    first, rest = sides[0], set().union(*sides[1:])
    for i, side in enumerate(sides):
        for other in sides[i + 1:]:
            _deactivate(session, "cannot_link", side, other)
    session.add(ClusterConstraint(kind="must_link", side_a=sorted(first), side_b=sorted(rest), reason=text,
                                  created_by=principal.username, created_at=now()))
    session.flush()
    everything = first | rest
    touched = _relink(session, everything, region=_region(session, everything))
    merged = session.scalar(select(ClusterCase.cluster_id).where(ClusterCase.case_id == min(everything)))
    audit.record(session, principal, "cluster.merge", "cluster", merged,
                 {"reason": text, "clusters": wanted, "cases": len(everything), "touched": touched})
    return get_cluster(session, principal, int(merged or wanted[0]))


# ---------------------------------------------------------------- hubs

def list_hubs(session: Session, principal: Principal, *, search: str | None = None, limit: int = 200,
              offset: int = 0) -> HubsOut:
    """The hub rule, the built-in lists, and every hub (and analyst's exemption) met, with why."""
    _require_read(principal)
    rule = hub_rule(session)
    stmt = select(LinkHub)
    if search and search.strip():
        stmt = stmt.where(LinkHub.value.like(f"%{search.strip()}%"))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(LinkHub.source, LinkHub.cases.desc(), LinkHub.kind, LinkHub.value)
                           .limit(min(max(limit, 1), 2000)).offset(max(offset, 0)))
    return HubsOut(rule=HubRuleOut(min_cases=rule.min_cases, min_groups=rule.min_groups, max_share=rule.max_share),
                   service_numbers=sorted(SERVICE_NUMBERS), big_domains=sorted(BIG_DOMAINS),
                   big_apps=sorted(BIG_APPS), hubs=[_hub_out(r) for r in rows], total=int(total))


def canonical_key(kind: str, value: str) -> Key:
    """An identifier typed by an analyst, as linking compares it; refused by field when it is not one."""
    if kind not in LINKED_KINDS:
        raise ValidationFailed(f"kind must be one of {', '.join(sorted(LINKED_KINDS))}", field="kind")
    raw = value.strip()
    try:
        if kind == "domain":
            norm = normalize("url", raw if "://" in raw else f"http://{raw}")
            return "domain", str(norm.attrs.get("domain") or norm.value).lower()
        if kind == "phone" and hub_reason("phone", raw):
            return "phone", raw  # service numbers are kept as dialled
        return kind, normalize(kind, raw).value
    except IdentifierError as exc:
        raise ValidationFailed(exc.reason, field="value") from None


def _relink_key(session: Session, key: Key) -> list[int]:
    holders = {c for found in _cases_with(session, [key], role=None).values() for c in found}
    return _relink(session, holders) if holders else []


def do_set_hub(session: Session, principal: Principal, kind: str, value: str, decision: str,
               reason: str) -> HubOut:
    """An analyst lists an identifier as a hub (``hub``) or says it links all the same (``link``); the cases
    holding it are linked again. Audited."""
    principal.require(Permission.CLUSTER_WORK)
    text = _reason(reason)
    if decision not in ("hub", "link"):
        raise ValidationFailed("decision must be hub or link", field="decision")
    key = canonical_key(kind, value)
    row = session.scalar(select(LinkHub).where(LinkHub.kind == key[0], LinkHub.value == key[1]))
    holders = _cases_with(session, [key], role=None).get(key, set())
    if row is None:
        row = LinkHub(kind=key[0], value=key[1])
        session.add(row)
    row.decision, row.reason, row.note, row.source = decision, "analyst", text, "analyst"
    row.cases, row.created_by, row.updated_at = len(holders), principal.username, now()
    session.flush()
    touched = _relink_key(session, key)
    audit.record(session, principal, "hub.set", "hub", f"{key[0]}:{key[1]}",
                 {"decision": decision, "reason": text, "clusters": touched[:200]})
    publish_after_commit(session, TOPIC, {"event": "hubs"})
    return _hub_out(row)


def do_remove_hub(session: Session, principal: Principal, kind: str, value: str, reason: str) -> None:
    """Take an analyst's entry off the list; the rules decide again and the cases are linked again. Audited."""
    principal.require(Permission.CLUSTER_WORK)
    text = _reason(reason)
    key = canonical_key(kind, value)
    row = session.scalar(select(LinkHub).where(LinkHub.kind == key[0], LinkHub.value == key[1]))
    if row is None or row.source != "analyst":
        raise NotFound(f"no analyst's entry for {key[0]} {key[1]}", field="value")
    session.delete(row)
    session.flush()
    touched = _relink_key(session, key)
    audit.record(session, principal, "hub.remove", "hub", f"{key[0]}:{key[1]}",
                 {"reason": text, "clusters": touched[:200]})
    publish_after_commit(session, TOPIC, {"event": "hubs"})


def do_set_hub_rule(session: Session, principal: Principal, min_cases: int, min_groups: int, max_share: float,
                    reason: str) -> dict[str, int]:
    """Change the rule for identifiers seen in many cases and link every case again. Audited."""
    principal.require(Permission.CLUSTER_WORK)
    text = _reason(reason)
    if min_groups > min_cases:
        raise ValidationFailed("min_groups cannot exceed min_cases", field="min_groups")
    if not 0 < max_share <= 1:
        raise ValidationFailed("max_share must be above 0 and at most 1", field="max_share")
    before = hub_rule(session)
    set_meta(session, RULE_KEY, json.dumps({"min_cases": min_cases, "min_groups": min_groups,
                                            "max_share": max_share}))
    audit.record(session, principal, "hub.rule", "hub_rule", "-",
                 {"reason": text, "before": [before.min_cases, before.min_groups, before.max_share],
                  "after": [min_cases, min_groups, max_share]})
    return do_rebuild_links(session, principal)


def do_export_cluster(session: Session, principal: Principal, cluster_id: int) -> tuple[str, bytes]:
    """A cluster's evidence as XLSX for prosecutors (file name, content); the export is audited."""
    from antifraud.linking.export import cluster_workbook

    cluster = get_cluster(session, principal, cluster_id)
    content = cluster_workbook(cluster)
    audit.record(session, principal, "cluster.export", "cluster", cluster.id, {"cases": cluster.size})
    return f"cluster-{cluster.id}-evidence.xlsx", content


if do_link_case not in cases.IDENTIFIERS_FILED:
    cases.IDENTIFIERS_FILED.append(do_link_case)  # every case is linked as it is filed


# ---------------------------------------------------------------- flows (话单、短信、上网日志) and the gang graph

FLOW_KINDS = ("calls", "sms", "visits")
FLOW_ERRORS_SHOWN = 200


def _flow_rows(kind: str) -> tuple[Any, str, Any]:
    from antifraud.linking.engine import flows as readers

    if kind == "calls":
        return FlowCall, "call_id", readers.calls_of
    if kind == "sms":
        return FlowSms, "sms_id", readers.sms_of
    if kind == "visits":
        return FlowVisit, "visit_id", readers.visits_of
    raise ValidationFailed(f"kind: must be one of {', '.join(FLOW_KINDS)}", field="kind")


def _bad_out(bad: Any) -> tuple[list[FlowRowError], int]:
    errors = []
    for line, reason in bad.rows[:FLOW_ERRORS_SHOWN]:
        field_name, _, msg = reason.partition(": ")
        errors.append(FlowRowError(line=line, field=field_name if msg else "row", msg=msg or reason))
    return errors, max(0, bad.count - len(errors))


def _import_flow_rows(session: Session, principal: Principal, kind: str, rows: Iterable[tuple[int, dict[str, str]]],
                      source: str) -> FlowImportOut:
    from antifraud.linking.engine.flows import BadRows

    principal.require(Permission.FLOW_IMPORT)
    model, id_name, parse = _flow_rows(kind)
    listed = list(rows)
    bad = BadRows(source, [])
    parsed = parse(listed, bad)
    column = getattr(model, id_name)
    ids = [getattr(r, id_name) for r in parsed]
    known: set[str] = set()
    for start in range(0, len(ids), 500):
        known |= set(session.scalars(select(column).where(column.in_(ids[start:start + 500]))))
    at = now()
    fresh = [r for r in parsed if getattr(r, id_name) not in known]
    for r in fresh:
        if kind == "calls":
            session.add(FlowCall(call_id=r.call_id, start=r.start, caller=r.caller, callee=r.callee,
                                 duration_s=r.duration_s, source=source, imported_at=at))
        elif kind == "sms":
            session.add(FlowSms(sms_id=r.sms_id, time=r.time, sender=r.sender, receiver=r.receiver, text=r.text,
                                source=source, imported_at=at))
        else:
            session.add(FlowVisit(visit_id=r.visit_id, time=r.time, phone=r.phone, target=r.target, kind=r.kind,
                                  ip=r.ip, device=r.device, source=source, imported_at=at))
    session.flush()
    errors, omitted = _bad_out(bad)
    out = FlowImportOut(kind=kind, source=source, rows_total=len(listed), rows_new=len(fresh),
                        rows_duplicate=len(parsed) - len(fresh), rows_bad=bad.count, errors=errors,
                        errors_omitted=omitted)
    audit.record(session, principal, f"flows.import_{kind}", "flows", source[:64],
                 {"rows": out.rows_total, "new": out.rows_new, "repeated": out.rows_duplicate, "bad": out.rows_bad})
    publish_after_commit(session, TOPIC, {"event": "flows", "kind": kind, "new": out.rows_new})
    return out


def do_import_flow_rows(session: Session, principal: Principal, kind: str, batch: FlowBatchIn) -> FlowImportOut:
    """Import call, SMS or visit rows given as JSON (row n is line n); bad rows are named, repeats (by id) ignored;
    audited."""
    rows = [(line, {str(k): "" if v is None else str(v) for k, v in row.items()})
            for line, row in enumerate(batch.rows, start=1)]
    return _import_flow_rows(session, principal, kind, rows, batch.source)


def do_import_flow_file(session: Session, principal: Principal, kind: str, content: bytes,
                        name: str) -> FlowImportOut:
    """Import a CSV file of call, SMS or visit records (the columns `antifraud link` reads); bad rows are named by
    line, repeats (by id) ignored; audited. A file that cannot be read is refused, naming it."""
    from antifraud.linking.engine.flows import COLUMNS, FlowFileError, rows_of_bytes

    principal.require(Permission.FLOW_IMPORT)
    _flow_rows(kind)
    try:
        rows = list(rows_of_bytes(content, name, COLUMNS[kind]))
    except FlowFileError as exc:
        raise ValidationFailed(str(exc), field="file") from None
    return _import_flow_rows(session, principal, kind, rows, f"file:{name}")


def _in(session: Session, stmt_of: Any, values: Iterable[str]) -> list[Any]:
    listed = sorted(set(values))
    out: list[Any] = []
    for start in range(0, len(listed), 500):
        out += list(session.scalars(stmt_of(listed[start:start + 500])))
    return out


def _cluster_flows(session: Session, link_input: list[LinkCase]) -> tuple[Flows, int]:
    """The imported flows around a cluster: the calls and texts of the numbers that reached its victims, the
    visits of its numbers and victims with the addresses and sites they share, and the money from its cards."""
    from antifraud.linking.engine.flows import Call, Sms, Visit
    from antifraud.linking.engine.gang import (
        MAX_PHONES_PER_DEVICE,
        MAX_PHONES_PER_IP,
        MAX_VISITORS,
        PAID_BEFORE,
        TRACE_WINDOW,
    )

    victims = {c.victim_phone for c in link_input if c.victim_phone}
    reported = {v for c in link_input for k, v in c.suspects if k == "phone"}
    reached = _in(session, lambda xs: select(FlowCall).where(FlowCall.callee.in_(xs)), victims)
    texted = _in(session, lambda xs: select(FlowSms).where(FlowSms.receiver.in_(xs)), victims)
    callers = {r.caller for r in reached} | {r.sender for r in texted} | reported
    call_rows = {r.call_id: r for r in reached}
    call_rows.update({r.call_id: r for r in _in(session, lambda xs: select(FlowCall).where(FlowCall.caller.in_(xs)),
                                                 callers)})
    sms_rows = {r.sms_id: r for r in texted}
    sms_rows.update({r.sms_id: r for r in _in(session, lambda xs: select(FlowSms).where(FlowSms.sender.in_(xs)),
                                              callers)})
    own = _in(session, lambda xs: select(FlowVisit).where(FlowVisit.phone.in_(xs)), callers | victims)
    ips = {v.ip for v in own if v.ip}
    crowded_ips = {ip for ip, n in _counts(session, FlowVisit.ip, FlowVisit.phone, ips).items() if n > MAX_PHONES_PER_IP}
    named = {(k, v.lower()) for c in link_input for k, v in c.suspects if k in ("domain", "app")}
    targets = {v.target for v in own} | {v for _k, v in named}
    crowded = {t for t, n in _counts(session, FlowVisit.target, FlowVisit.phone, targets).items() if n > MAX_VISITORS}
    visit_rows = {v.visit_id: v for v in own if v.target not in crowded}
    visit_rows.update({v.visit_id: v for v in _in(session, lambda xs: select(FlowVisit).where(FlowVisit.ip.in_(xs)),
                                                  ips - crowded_ips)})
    visit_rows.update({v.visit_id: v for v in _in(session, lambda xs: select(FlowVisit).where(FlowVisit.target.in_(xs)),
                                                  targets - crowded)})
    devices = {v.device for v in own if v.device} | {v for c in link_input for k, v in c.suspects if k == "device"}
    crowded_devices = {d for d, n in _counts(session, FlowVisit.device, FlowVisit.phone, devices).items()
                       if n > MAX_PHONES_PER_DEVICE}  # a repair shop's test handset
    visit_rows.update({v.visit_id: v for v in _in(
        session, lambda xs: select(FlowVisit).where(FlowVisit.device.in_(xs)), devices - crowded_devices)})
    visit_rows = {k: v for k, v in visit_rows.items() if v.target not in crowded}  # popular: nobody's gang's
    numbers = session.scalar(select(func.count()).select_from(
        select(FlowCall.caller.label("n")).union(select(FlowCall.callee), select(FlowSms.sender),
                                                  select(FlowSms.receiver)).subquery())) or 0
    index, payers, transfers = None, None, 0
    starts: list[tuple[str, datetime]] = []
    for case in link_input:
        if case.occurred_at is None:
            continue
        for kind, value in case.victim_ids:
            if kind == "bank_card":
                starts.append((value, case.occurred_at - PAID_BEFORE))
        for kind, value in case.suspects:
            if kind == "bank_card":
                starts.append((value, case.occurred_at - timedelta(hours=1)))
    if starts:
        from antifraud.tracing import service as tracing
        from antifraud.tracing.index import TransferIndex

        records, payers = tracing.money_around(session, starts, TRACE_WINDOW + PAID_BEFORE)
        transfers = len(records)
        index = TransferIndex.from_transfers(records) if records else None
    return Flows(calls=[Call(r.call_id, r.start, r.caller, r.callee, r.duration_s) for r in call_rows.values()],
                 sms=[Sms(r.sms_id, r.time, r.sender, r.receiver, r.text) for r in sms_rows.values()],
                 visits=[Visit(v.visit_id, v.time, v.phone, v.target, v.kind, "" if v.ip in crowded_ips else v.ip,
                               "" if v.device in crowded_devices else v.device)
                         for v in visit_rows.values()],
                 index=index, numbers=int(numbers), payers=payers if index is not None else None,
                 crowded=frozenset(("domain" if kind == "domain" else "app", target)
                                   for kind, target in _crowded_targets(own, crowded))
                 | frozenset(k for k in named if k[1] in crowded)), transfers


def _crowded_targets(visits: list[Any], crowded: set[str]) -> set[tuple[str, str]]:
    return {(v.kind, v.target) for v in visits if v.target in crowded}


def _counts(session: Session, column: Any, counted: Any, values: Iterable[str]) -> dict[str, int]:
    listed = sorted(set(values))
    out: dict[str, int] = {}
    for start in range(0, len(listed), 500):
        stmt = (select(column, func.count(func.distinct(counted))).where(column.in_(listed[start:start + 500]))
                .group_by(column))
        out.update({str(k): int(n) for k, n in session.execute(stmt)})
    return out


def gang_of_cluster(session: Session, principal: Principal, cluster_id: int) -> GangOut:
    """A cluster expanded over the imported flows (engine: ``gang.expand``, the same as ``antifraud link``): the
    members nobody reported — other numbers that reached its victims or share its numbers' addresses, the tiers of
    cards behind its collecting cards and the cash-out points (the tracing engine over the imported statements),
    the sites, apps and addresses serving it — each with role, score and reasons. Police only."""
    from antifraud.linking.engine.gang import derive_from_flows, expand

    _require_read(principal)
    cluster = _cluster(session, principal, cluster_id)
    ids = sorted(session.scalars(select(ClusterCase.case_id).where(ClusterCase.cluster_id == cluster.id)))
    facts = {f["id"]: f for f in cases.link_facts(session, ids)}
    phones = cases.victim_numbers(session, ids)
    keys_of = _keys_of(session, ids)
    suspect_keys = {k for rows in keys_of.values() for k, r in rows if r == "suspect"}
    decisions = _hub_decisions(session, suspect_keys)
    hubs = {k for k, d in decisions.items() if d.decision == "hub"}
    hubs |= {k for k in suspect_keys if hub_reason(k[0], k[1]) and k not in decisions}
    hubs |= set(_cases_with(session, suspect_keys - hubs, role="victim"))
    link_input = []
    for cid in ids:
        f = facts.get(cid)
        if f is None:
            continue
        victim = phones.get(cid)
        link_input.append(LinkCase(f["case_no"], f["fraud_type"], f["occurred_at"], f["loss_amount"],
                                   phone_key(victim) if victim else None,
                                   list(dict.fromkeys(k for k, r in keys_of.get(cid, []) if r == "suspect")),
                                   [k for k, r in keys_of.get(cid, []) if r != "suspect"]))
    flows, transfers = _cluster_flows(session, link_input)
    derive_from_flows(link_input, flows)
    members = expand(link_input, flows, hubs)
    return GangOut(cluster_id=cluster.id, calls=len(flows.calls) + len(flows.sms), visits=len(flows.visits),
                   transfers=transfers,
                   members=[GangMemberOut(kind=m.kind, value=m.value, role=m.role, tier=m.tier, reported=m.reported,
                                          score=round(m.score, 3), reasons=m.reasons) for m in members])
