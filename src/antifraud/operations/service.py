"""Cluster operations under the three-level command (集群作战, 三级打击) and expert consultation (专家会诊).

A commander of the city center opens an operation on a cluster: its suspect identifiers are split into
one work package per county bureau (``engine.split``), the rest into the center's own package. Counties
assign their officers, record arrests, devices seized and freezes (sent to the banks through dispatch),
and the commander sets the common takedown time (统一收网), marks the gang taken down and closes.
Major, difficult and cross-border cases and clusters go to the experts' queue.
"""

from __future__ import annotations

import ipaddress
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antifraud.cases import service as cases
from antifraud.core import audit
from antifraud.core.auth import SYSTEM, Permission, Principal
from antifraud.core.clock import now
from antifraud.core.db import money_from_sum
from antifraud.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.core.meta import get_meta, set_meta
from antifraud.dispatch import service as dispatch
from antifraud.identifiers import IdentifierError, normalize
from antifraud.linking import service as linking
from antifraud.operations import engine
from antifraud.operations.models import (
    ExpertFinding,
    ExpertReferral,
    Operation,
    OperationTarget,
    PackageResult,
    WorkPackage,
)
from antifraud.operations.schemas import (
    ExpertRuleOut,
    FindingOut,
    OperationFigures,
    OperationOut,
    OperationSummary,
    PackageOut,
    ReferralOut,
    ResultOut,
    TargetOut,
)
from antifraud.orgs.service import county_scope, find_org, find_user, org_codes, org_of
from antifraud.settings import get_settings

TOPIC = "operations"
EXPERT_TOPIC = "experts"
RULE_KEY = "operations.expert_rule"
ACTIVE = ("planned", "under_way", "taken_down")
MAX_ID = 2**31 - 1  # keys are 32-bit INTEGER on PostgreSQL
TAKEN_DOWN = ("taken_down", "closed")
CROSS_BORDER = frozenset({"overseas_number", "foreign_ip"})


# ---------------------------------------------------------------- who sees what

def _center_id(session: Session) -> int:
    org = find_org(session, get_settings().city_code)
    if org is None:
        raise NotFound("the city center's organisation is not seeded", field="org")
    return org.id


def _read_scope(session: Session, principal: Principal) -> int | None:
    """The county whose packages the user sees, or None for the city center (sees every package)."""
    principal.require(Permission.OPERATION_READ)
    return county_scope(session, principal)


def _require_center(session: Session, principal: Principal) -> None:
    principal.require(Permission.OPERATION_RUN)
    if county_scope(session, principal) is not None:
        raise Forbidden("only the city center's commanders run operations", field="org")


def runs_operations(session: Session, principal: Principal) -> bool:
    """Whether the user may open and run operations (a commander of the city center)."""
    return principal.can(Permission.OPERATION_RUN) and county_scope(session, principal) is None


def _operation(session: Session, principal: Principal, operation_id: int) -> tuple[Operation, int | None]:
    county = _read_scope(session, principal)
    op = session.get(Operation, operation_id) if 1 <= operation_id <= MAX_ID else None
    if op is not None and county is not None and not session.scalar(select(func.count()).where(
            WorkPackage.operation_id == op.id, WorkPackage.org_id == county)):
        op = None
    if op is None:
        raise NotFound(f"operation {operation_id} not found", field="operation_id")
    return op, county


def _package(session: Session, principal: Principal, package_id: int) -> tuple[WorkPackage, Operation]:
    county = _read_scope(session, principal)
    pkg = session.get(WorkPackage, package_id) if 1 <= package_id <= MAX_ID else None
    if pkg is None or (county is not None and pkg.org_id != county):
        raise NotFound(f"work package {package_id} not found", field="package_id")
    op = session.get(Operation, pkg.operation_id)
    assert op is not None  # a package belongs to its operation (foreign key)
    return pkg, op


# ---------------------------------------------------------------- opening: targets split by county

def _targets(session: Session, principal: Principal, cluster_id: int) -> tuple[list[engine.Target],
                                                                                dict[tuple[str, str], dict[str, Any]]]:
    """The cluster's suspect identifiers that link (hubs left out), with what places each."""
    cluster = linking.get_cluster(session, principal, cluster_id)
    if cluster.status == "dissolved":
        raise Conflict(f"cluster {cluster_id} was merged into cluster {cluster.merged_into_id}",
                       field="cluster_id")
    hubs = {(h.kind, h.value) for h in cluster.hubs}
    facts = cases.link_facts(session, [c.case_id for c in cluster.cases])
    codes = org_codes(session, {f["jurisdiction_org_id"] for f in facts})
    city = get_settings().city_code
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for f in sorted(facts, key=lambda f: f["id"]):
        county = codes.get(f["jurisdiction_org_id"], city)
        for kind, value, role, attrs in f["identifiers"]:
            key = linking.link_key(kind, value, attrs)
            if role != "suspect" or key is None or key in hubs or attrs.get("is_private"):
                continue
            entry = seen.setdefault(key, {"attrs": attrs, "cases": [], "counties": []})
            if f["id"] not in entry["cases"]:
                entry["cases"].append(f["id"])
                entry["counties"].append("" if county == city else county)
    targets = [engine.Target(kind=k, value=v, counties=tuple(e["counties"]),
                             province=e["attrs"].get("province"), city=e["attrs"].get("city"),
                             overseas=bool(e["attrs"].get("is_overseas"))) for (k, v), e in seen.items()]
    return targets, seen


def _location(kind: str, attrs: dict[str, Any]) -> str:
    if kind != "phone":
        return ""
    if attrs.get("is_overseas"):
        return str(attrs.get("country_code") or "")
    return "".join(str(attrs.get(k) or "") for k in ("province", "city"))


def do_open_operation(session: Session, principal: Principal, cluster_id: int, name: str,
                      note: str = "") -> OperationOut:
    """Open an operation on a cluster: its targets split into one work package per county; audited."""
    _require_center(session, principal)
    if session.scalar(select(Operation.id).where(Operation.cluster_id == cluster_id,
                                                 Operation.status.in_(ACTIVE))):
        raise Conflict(f"cluster {cluster_id} already has an operation under way", field="cluster_id")
    targets, facts = _targets(session, principal, cluster_id)
    if not targets:
        raise Conflict(f"cluster {cluster_id} has no suspect identifier to act on", field="cluster_id")
    settings = get_settings()
    at = now()
    op = Operation(cluster_id=cluster_id, name=name, status="planned", opened_by=principal.username,
                   opened_at=at, note=note, updated_at=at)
    session.add(op)
    session.flush()
    center = _center_id(session)
    due = at + timedelta(hours=settings.operation_package_sla_hours)
    groups = engine.split(targets, settings.home_province, settings.home_city)
    for county, placed in sorted(groups.items()):
        org = find_org(session, county) if county else None
        pkg = WorkPackage(operation_id=op.id, org_id=org.id if org else center, status="open", due_at=due,
                          officers=[], updated_at=at)
        session.add(pkg)
        session.flush()
        for target, rule in placed:
            entry = facts[(target.kind, target.value)]
            session.add(OperationTarget(
                operation_id=op.id, package_id=pkg.id, kind=target.kind, value=target.value,
                bank=str(entry["attrs"].get("bank_name") or entry["attrs"].get("bank_code") or "")[:64],
                location=_location(target.kind, entry["attrs"])[:64], case_ids=entry["cases"], placed_by=rule))
    session.flush()
    audit.record(session, principal, "operation.open", "operation", op.id,
                 {"cluster_id": cluster_id, "name": name, "targets": len(targets),
                  "packages": {k or settings.city_code: len(v) for k, v in groups.items()}})
    publish_after_commit(session, TOPIC, {"event": "opened", "id": op.id})
    return get_operation(session, principal, op.id)


# ---------------------------------------------------------------- the operation's state

def _move(session: Session, principal: Principal, op: Operation, action: str, details: dict[str, Any]) -> None:
    to = engine.next_state(engine.OPERATION_MOVES, action, op.status)
    if to is None:
        raise Conflict(f"an operation that is {op.status} cannot {action.replace('_', ' ')}", field="status")
    at = now()
    previous, op.status, op.updated_at = op.status, to, at
    if to == "taken_down":
        op.taken_down_at = at
    if to == "closed":
        op.closed_at = at
    audit.record(session, principal, f"operation.{action}", "operation", op.id,
                 {"from": previous, "to": to, **details})
    publish_after_commit(session, TOPIC, {"event": action, "id": op.id})


def do_set_takedown(session: Session, principal: Principal, operation_id: int, at: datetime) -> OperationOut:
    """Set (or move) the common takedown time (统一收网): the operation is under way; audited."""
    _require_center(session, principal)
    op, _ = _operation(session, principal, operation_id)
    if at.tzinfo is None:
        raise ValidationFailed("the takedown time needs a time zone", field="takedown_at")
    _move(session, principal, op, "set_takedown", {"takedown_at": at.isoformat(),
                                                    "was": op.takedown_at.isoformat() if op.takedown_at else None})
    op.takedown_at = at
    return get_operation(session, principal, op.id)


def do_take_down(session: Session, principal: Principal, operation_id: int) -> OperationOut:
    """Record that the gang was taken down at the common time; audited."""
    _require_center(session, principal)
    op, _ = _operation(session, principal, operation_id)
    _move(session, principal, op, "take_down", {})
    return get_operation(session, principal, op.id)


def do_close_operation(session: Session, principal: Principal, operation_id: int) -> OperationOut:
    """Close a taken-down operation once every county's package is done; audited."""
    _require_center(session, principal)
    op, _ = _operation(session, principal, operation_id)
    waiting = session.scalar(select(func.count()).where(WorkPackage.operation_id == op.id,
                                                        WorkPackage.status != "done")) or 0
    if waiting and op.status == "taken_down":
        raise Conflict(f"{waiting} work packages are not done yet", field="status")
    _move(session, principal, op, "close", {})
    return get_operation(session, principal, op.id)


# ---------------------------------------------------------------- the counties' packages

def _workable(session: Session, principal: Principal, package_id: int) -> tuple[WorkPackage, Operation]:
    principal.require(Permission.PACKAGE_WORK)
    pkg, op = _package(session, principal, package_id)
    if op.status == "closed":
        raise Conflict(f"operation {op.id} is closed", field="status")
    return pkg, op


def _officer_fits(session: Session, package_org: int, center: int, user_org: int) -> bool:
    """A package's officers belong to its county bureau or one of its stations (the center: its own)."""
    if user_org == package_org:
        return True
    org = org_of(session, user_org)
    return package_org != center and org is not None and org.level == "station" and org.parent_id == package_org


def do_assign_officers(session: Session, principal: Principal, package_id: int,
                       usernames: list[str]) -> PackageOut:
    """Name the officers working a package (users of its county bureau or stations); audited."""
    pkg, _ = _workable(session, principal, package_id)
    if pkg.status == "done":
        raise Conflict(f"work package {pkg.id} is done", field="status")
    center = _center_id(session)
    officers, errors = [], []
    for i, name in enumerate(dict.fromkeys(u.strip() for u in usernames if u.strip())):
        user = find_user(session, name)
        if user is None or not user.active:
            errors.append((f"usernames[{i}]", f"no active user named {name!r}"))
        elif not _officer_fits(session, pkg.org_id, center, user.org_id):
            errors.append((f"usernames[{i}]", f"{name} does not belong to this package's bureau or its stations"))
        else:
            officers.append({"id": user.id, "username": user.username})
    if errors or not officers:
        raise ValidationFailed("officers must be users of the package's bureau or its stations",
                               field="usernames", errors=errors or [("usernames", "name at least one officer")])
    before = [o["username"] for o in pkg.officers or []]
    pkg.officers, pkg.updated_at = officers, now()
    audit.record(session, principal, "package.assign", "work_package", pkg.id,
                 {"operation_id": pkg.operation_id, "before": before, "after": [o["username"] for o in officers]})
    publish_after_commit(session, TOPIC, {"event": "assigned", "id": pkg.operation_id, "package": pkg.id})
    return _package_out(session, pkg, detail=True)


def _move_package(session: Session, principal: Principal, package_id: int, action: str) -> PackageOut:
    pkg, _ = _workable(session, principal, package_id)
    to = engine.next_state(engine.PACKAGE_MOVES, action, pkg.status)
    if to is None:
        raise Conflict(f"a work package that is {pkg.status} cannot {action}", field="status")
    if action == "start" and not pkg.officers:
        raise Conflict("assign officers before starting the package", field="officers")
    at = now()
    previous, pkg.status, pkg.updated_at = pkg.status, to, at
    if to == "in_progress":
        pkg.started_at = at
    else:
        pkg.done_at = at
    audit.record(session, principal, f"package.{action}", "work_package", pkg.id,
                 {"operation_id": pkg.operation_id, "from": previous, "to": to})
    publish_after_commit(session, TOPIC, {"event": action, "id": pkg.operation_id, "package": pkg.id})
    return _package_out(session, pkg, detail=True)


def do_start_package(session: Session, principal: Principal, package_id: int) -> PackageOut:
    """A county starts working its package (officers assigned): open → in progress; audited."""
    return _move_package(session, principal, package_id, "start")


def do_finish_package(session: Session, principal: Principal, package_id: int) -> PackageOut:
    """A county has done its package: in progress → done; audited."""
    return _move_package(session, principal, package_id, "finish")


def _freeze_specs(session: Session, op: Operation, freezes: list[tuple[str, Decimal]]
                  ) -> list[tuple[int, str, dispatch.RequestSpec]]:
    """Each card to freeze, routed to its issuing bank, under the case that named it (else the cluster's first)."""
    cards = {t.value: t.case_ids for t in session.scalars(select(OperationTarget).where(
        OperationTarget.operation_id == op.id, OperationTarget.kind == "bank_card"))}
    first = min((i for ids in cards.values() for i in ids), default=None)
    if first is None:
        first = min((c.case_id for c in linking.get_cluster(session, SYSTEM, op.cluster_id).cases), default=None)
    out, errors = [], []
    for i, (raw, amount) in enumerate(freezes):
        field = f"freezes[{i}].card"
        try:
            card = normalize("bank_card", raw, field)
        except IdentifierError as exc:
            errors.append((field, exc.reason))
            continue
        route = dispatch.route(session, "bank_card", card.attrs)
        if route.org is None:
            errors.append((field, route.reason or "no bank takes this card"))
            continue
        case_id = min(cards.get(card.value) or [first or 0])
        out.append((case_id, card.value, dispatch.RequestSpec("freeze", card.value, route.org,
                                                              requested_amount=amount)))
    if errors:
        raise ValidationFailed("some cards cannot be frozen", field="freezes", errors=errors)
    return out


def do_record_result(session: Session, principal: Principal, package_id: int, arrested: int,
                     devices_seized: int, freezes: list[tuple[str, Decimal]], note: str = "") -> PackageOut:
    """Record a package's results; freezes go to the issuing banks' queues through dispatch; audited."""
    pkg, op = _workable(session, principal, package_id)
    if pkg.status != "in_progress":
        raise Conflict(f"results are recorded on a package in progress, not one that is {pkg.status}",
                       field="status")
    if op.status not in ("under_way", "taken_down"):
        raise Conflict(f"results are recorded once the takedown is set; the operation is {op.status}",
                       field="status")
    if not (arrested or devices_seized or freezes or note):
        raise ValidationFailed("nothing to record", field="arrested")
    specs = _freeze_specs(session, op, freezes)
    numbers = {f["id"]: f["case_no"] for f in cases.link_facts(session, sorted({c for c, _, _ in specs}))}
    request_ids: list[int] = []
    for case_id, _, spec in specs:
        reqs = dispatch.do_create_requests(session, principal, case_id, numbers.get(case_id, ""), [spec])
        request_ids += [r.id for r in reqs]
    requested = sum((s.requested_amount or Decimal(0) for _, _, s in specs), Decimal(0))
    at = now()
    session.add(PackageResult(package_id=pkg.id, arrested=arrested, devices_seized=devices_seized,
                              freeze_request_ids=request_ids, freeze_requested=requested, note=note,
                              recorded_by=principal.username, recorded_at=at))
    pkg.arrested += arrested
    pkg.devices_seized += devices_seized
    pkg.freeze_requested = (pkg.freeze_requested or Decimal(0)) + requested
    pkg.updated_at = at
    session.flush()
    audit.record(session, principal, "package.result", "work_package", pkg.id,
                 {"operation_id": op.id, "arrested": arrested, "devices_seized": devices_seized,
                  "freezes": [{"card": c, "amount": str(s.requested_amount)} for _, c, s in specs],
                  "requests": request_ids, "note": note})
    publish_after_commit(session, TOPIC, {"event": "result", "id": op.id, "package": pkg.id})
    return _package_out(session, pkg, detail=True)


# ---------------------------------------------------------------- reading

def _frozen_by_package(session: Session, package_ids: Iterable[int]) -> dict[int, Decimal]:
    ids = sorted(set(package_ids))
    if not ids:
        return {}
    requests: dict[int, list[int]] = defaultdict(list)
    for pkg_id, req_ids in session.execute(select(PackageResult.package_id, PackageResult.freeze_request_ids)
                                           .where(PackageResult.package_id.in_(ids))):
        requests[pkg_id] += list(req_ids or [])
    amounts = dispatch.frozen_amounts(session, [r for rs in requests.values() for r in rs])
    return {p: money_from_sum(sum((amounts.get(r, Decimal(0)) for r in rs), Decimal(0))) for p, rs in requests.items()}


def _package_out(session: Session, pkg: WorkPackage, *, detail: bool, op: Operation | None = None,
                 codes: dict[int, str] | None = None, frozen: dict[int, Decimal] | None = None) -> PackageOut:
    op = op or session.get(Operation, pkg.operation_id)
    assert op is not None
    codes = codes if codes is not None else org_codes(session, [pkg.org_id])
    frozen = frozen if frozen is not None else _frozen_by_package(session, [pkg.id])
    targets, results = [], []
    if detail:
        targets = [TargetOut(kind=t.kind, value=t.value, bank=t.bank, location=t.location, case_ids=t.case_ids,
                             placed_by=t.placed_by)
                   for t in session.scalars(select(OperationTarget).where(OperationTarget.package_id == pkg.id)
                                            .order_by(OperationTarget.kind, OperationTarget.value))]
        results = [ResultOut(arrested=r.arrested, devices_seized=r.devices_seized,
                             freeze_request_ids=r.freeze_request_ids, freeze_requested=r.freeze_requested,
                             note=r.note, recorded_by=r.recorded_by, recorded_at=r.recorded_at)
                   for r in session.scalars(select(PackageResult).where(PackageResult.package_id == pkg.id)
                                            .order_by(PackageResult.id))]
    return PackageOut(id=pkg.id, operation_id=op.id, operation_name=op.name, operation_status=op.status,
                      takedown_at=op.takedown_at, county=codes.get(pkg.org_id, ""), status=pkg.status,
                      due_at=pkg.due_at, overdue=pkg.status != "done" and pkg.due_at < now(),
                      officers=[o["username"] for o in pkg.officers or []], arrested=pkg.arrested,
                      devices_seized=pkg.devices_seized, freeze_requested=pkg.freeze_requested,
                      frozen=money_from_sum(frozen.get(pkg.id)), targets=targets, results=results)


def _packages_of(session: Session, op_ids: list[int], county: int | None) -> dict[int, list[WorkPackage]]:
    if not op_ids:
        return {}
    stmt = select(WorkPackage).where(WorkPackage.operation_id.in_(op_ids))
    if county is not None:
        stmt = stmt.where(WorkPackage.org_id == county)
    out: dict[int, list[WorkPackage]] = defaultdict(list)
    for pkg in session.scalars(stmt.order_by(WorkPackage.id)):
        out[pkg.operation_id].append(pkg)
    return out


def _summary(op: Operation, pkgs: list[WorkPackage], frozen: dict[int, Decimal]) -> dict[str, Any]:
    return {"id": op.id, "cluster_id": op.cluster_id, "name": op.name, "status": op.status,
            "takedown_at": op.takedown_at, "opened_by": op.opened_by, "opened_at": op.opened_at,
            "packages": len(pkgs), "packages_done": sum(p.status == "done" for p in pkgs),
            "arrested": sum(p.arrested for p in pkgs), "devices_seized": sum(p.devices_seized for p in pkgs),
            "frozen": money_from_sum(sum((frozen.get(p.id, Decimal(0)) for p in pkgs), Decimal(0)))}


def list_operations(session: Session, principal: Principal, status: str | None = None,
                    limit: int = 100) -> list[OperationSummary]:
    """Operations, newest first; a county sees those with a package of its own, and its own figures."""
    county = _read_scope(session, principal)
    stmt = select(Operation)
    if county is not None:
        stmt = stmt.where(Operation.id.in_(select(WorkPackage.operation_id).where(WorkPackage.org_id == county)))
    if status:
        stmt = stmt.where(Operation.status == status)
    ops = list(session.scalars(stmt.order_by(Operation.id.desc()).limit(min(max(limit, 1), 1000))))
    pkgs = _packages_of(session, [o.id for o in ops], county)
    frozen = _frozen_by_package(session, [p.id for ps in pkgs.values() for p in ps])
    return [OperationSummary(**_summary(o, pkgs.get(o.id, []), frozen)) for o in ops]


def get_operation(session: Session, principal: Principal, operation_id: int) -> OperationOut:
    """An operation with its packages by county (a county sees only its own), targets and results."""
    op, county = _operation(session, principal, operation_id)
    pkgs = _packages_of(session, [op.id], county).get(op.id, [])
    codes = org_codes(session, [p.org_id for p in pkgs])
    frozen = _frozen_by_package(session, [p.id for p in pkgs])
    return OperationOut(**_summary(op, pkgs, frozen), note=op.note, taken_down_at=op.taken_down_at,
                        closed_at=op.closed_at,
                        package_list=[_package_out(session, p, detail=True, op=op, codes=codes, frozen=frozen)
                                      for p in sorted(pkgs, key=lambda p: codes.get(p.org_id, ""))])


def list_packages(session: Session, principal: Principal, open_only: bool = False) -> list[PackageOut]:
    """The work packages the caller sees (a county: its own), the operations' newest first."""
    county = _read_scope(session, principal)
    stmt = select(WorkPackage)
    if county is not None:
        stmt = stmt.where(WorkPackage.org_id == county)
    if open_only:
        stmt = stmt.where(WorkPackage.status != "done")
    pkgs = list(session.scalars(stmt.order_by(WorkPackage.operation_id.desc(), WorkPackage.id).limit(1000)))
    ops = {o.id: o for o in session.scalars(select(Operation).where(
        Operation.id.in_({p.operation_id for p in pkgs})))} if pkgs else {}
    codes = org_codes(session, {p.org_id for p in pkgs})
    frozen = _frozen_by_package(session, [p.id for p in pkgs])
    return [_package_out(session, p, detail=False, op=ops[p.operation_id], codes=codes, frozen=frozen)
            for p in pkgs]


def get_package(session: Session, principal: Principal, package_id: int) -> PackageOut:
    """One work package with its targets and results (a county: only its own)."""
    pkg, op = _package(session, principal, package_id)
    return _package_out(session, pkg, detail=True, op=op)


def operation_figures(session: Session) -> OperationFigures:
    """Gangs taken down (operations taken down), suspects arrested, devices seized, money the banks froze."""
    gangs = session.scalar(select(func.count(func.distinct(Operation.cluster_id)))
                           .where(Operation.status.in_(TAKEN_DOWN))) or 0
    arrested, devices = session.execute(select(func.coalesce(func.sum(WorkPackage.arrested), 0),
                                               func.coalesce(func.sum(WorkPackage.devices_seized), 0))).one()
    ids = [r for rs in session.scalars(select(PackageResult.freeze_request_ids)) for r in (rs or [])]
    frozen = sum(dispatch.frozen_amounts(session, ids).values(), Decimal(0))
    return OperationFigures(gangs_taken_down=int(gangs), suspects_arrested=int(arrested),
                            devices_seized=int(devices), money_frozen=money_from_sum(frozen))


# ---------------------------------------------------------------- expert consultation (专家会诊)

@lru_cache(maxsize=8)
def _networks(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n.strip(), strict=False) for n in text.split(",") if n.strip())


def expert_rule(session: Session) -> ExpertRuleOut:
    """The thresholds in force (the experts' setting, else the platform's) and the foreign networks."""
    s = get_settings()
    stored = get_meta(session, RULE_KEY)
    data = json.loads(stored) if stored else {"major_loss": s.expert_major_loss, "major_victims": s.expert_major_victims}
    return ExpertRuleOut(major_loss=Decimal(str(data["major_loss"])), major_victims=int(data["major_victims"]),
                         foreign_networks=[str(n) for n in _networks(s.expert_foreign_networks)])


def read_expert_rule(session: Session, principal: Principal) -> ExpertRuleOut:
    """The thresholds in force, for those who read the experts' queue."""
    principal.require(Permission.EXPERT_READ)
    return expert_rule(session)


def do_set_expert_rule(session: Session, principal: Principal, major_loss: Decimal, major_victims: int) -> ExpertRuleOut:
    """Change the thresholds that make a case or cluster major; audited."""
    principal.require(Permission.EXPERT_WORK)
    before = expert_rule(session)
    set_meta(session, RULE_KEY, json.dumps({"major_loss": str(major_loss), "major_victims": major_victims}))
    audit.record(session, principal, "expert.rule", "expert_rule", "major",
                 {"before": {"major_loss": str(before.major_loss), "major_victims": before.major_victims},
                  "after": {"major_loss": str(major_loss), "major_victims": major_victims}})
    return expert_rule(session)


def _is_foreign_ip(value: str, networks: tuple[Any, ...]) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return any(address.version == n.version and address in n for n in networks)


def cross_border_reasons(identifiers: Iterable[tuple[str, str, str, dict[str, Any]]]) -> set[str]:
    """Why a case's suspects cross the border: an overseas number, an IP in a foreign network."""
    networks = _networks(get_settings().expert_foreign_networks)
    reasons = set()
    for kind, value, role, attrs in identifiers:
        if role != "suspect":
            continue
        if kind == "phone" and attrs.get("is_overseas"):
            reasons.add("overseas_number")
        if kind == "ip" and _is_foreign_ip(value, networks):
            reasons.add("foreign_ip")
    return reasons


def _refer(session: Session, actor: Principal, subject: str, subject_id: int, label: str, reasons: set[str],
           loss: Decimal, victims: int, note: str = "") -> ExpertReferral | None:
    """Put a subject in the experts' queue, or add reasons to its referral; audited when anything is new."""
    row = session.scalar(select(ExpertReferral).where(ExpertReferral.subject == subject,
                                                      ExpertReferral.subject_id == subject_id))
    at = now()
    if row is None:
        if not reasons:
            return None
        row = ExpertReferral(subject=subject, subject_id=subject_id, label=label, reasons=[], loss=loss,
                             victims=victims, status="waiting", flagged_at=at, flagged_by=actor.username,
                             updated_at=at)
        session.add(row)
    row.loss, row.victims = loss, victims
    new = reasons - set(row.reasons or [])
    if note:
        row.difficult_note = note
    if not new and not note:
        return row
    row.reasons = sorted(set(row.reasons or []) | reasons)
    row.status, row.updated_at = "waiting", at
    session.flush()
    audit.record(session, actor, "expert.refer", "expert_referral", row.id,
                 {"subject": subject, "subject_id": subject_id, "reasons": sorted(new), "note": note})
    publish_after_commit(session, EXPERT_TOPIC, {"event": "referred", "id": row.id})
    return row


def _cross_border_of_cases(session: Session, case_ids: list[int]) -> set[str]:
    """The cross-border reasons the experts' queue holds for any of these cases."""
    out: set[str] = set()
    for start in range(0, len(case_ids), 500):
        for reasons in session.scalars(select(ExpertReferral.reasons).where(
                ExpertReferral.subject == "case", ExpertReferral.subject_id.in_(case_ids[start:start + 500]))):
            out |= set(reasons or []) & CROSS_BORDER
    return out


def do_refer_case(session: Session, case_id: int) -> None:
    """A step of filing a case (registered in ``cases.service``): a major or cross-border case, and its
    cluster when the cluster is major or the case crosses the border, go to the experts' queue."""
    facts = cases.link_facts(session, [case_id])
    if not facts:
        return
    fact = facts[0]
    rule = expert_rule(session)
    border = cross_border_reasons(fact["identifiers"])
    loss = Decimal(fact["loss_amount"] or 0)
    _refer(session, SYSTEM, "case", case_id, fact["case_no"],
           border | ({"major_loss"} if loss >= rule.major_loss else set()), loss, 1)
    cluster_id = linking.cluster_of_case(session, SYSTEM, case_id)
    if cluster_id is None:
        return
    summary = linking.cluster_summary(session, cluster_id)
    if summary is None or summary.size < 2:
        return
    reasons = border | _cross_border_of_cases(session, linking.cluster_case_ids(session, cluster_id))
    if summary.loss >= rule.major_loss:
        reasons.add("major_loss")
    if summary.victims >= rule.major_victims:
        reasons.add("major_victims")
    _refer(session, SYSTEM, "cluster", cluster_id, str(cluster_id), reasons, summary.loss, summary.victims)


cases.IDENTIFIERS_FILED.append(do_refer_case)  # after linking (imported above), so the cluster is current


def do_mark_difficult(session: Session, principal: Principal, subject: str, subject_id: int,
                      note: str) -> ReferralOut:
    """Send a cluster or case to the experts by hand, as difficult, saying why; audited."""
    if not (principal.can(Permission.CLUSTER_WORK) or principal.can(Permission.EXPERT_WORK)):
        raise Forbidden(f"role '{principal.role}' may not refer to the experts")
    if subject == "cluster":
        cluster = linking.get_cluster(session, principal, subject_id)
        label, loss, victims = str(cluster.id), cluster.loss, cluster.victims
    elif subject == "case":
        case = cases.get_case(session, principal, subject_id)
        label, loss, victims = case.case_no, case.loss_amount, 1
    else:
        raise ValidationFailed("subject is cluster or case", field="subject")
    row = _refer(session, principal, subject, subject_id, label, {"difficult"}, loss, victims, note=note)
    assert row is not None
    return _referral_out(row, [])


def _referral_out(row: ExpertReferral, findings: list[ExpertFinding]) -> ReferralOut:
    return ReferralOut(id=row.id, subject=row.subject, subject_id=row.subject_id, label=row.label,
                       reasons=list(row.reasons or []), loss=row.loss, victims=row.victims, status=row.status,
                       flagged_at=row.flagged_at, flagged_by=row.flagged_by, difficult_note=row.difficult_note,
                       findings=[FindingOut(finding=f.finding, recommendation=f.recommendation, author=f.author,
                                            created_at=f.created_at) for f in findings])


def expert_queue(session: Session, principal: Principal, status: str | None = "waiting",
                 subject: str | None = None, subject_id: int | None = None, limit: int = 200) -> list[ReferralOut]:
    """The experts' queue: referred clusters and cases (waiting first by default), with their findings."""
    principal.require(Permission.EXPERT_READ)
    stmt = select(ExpertReferral)
    if status:
        stmt = stmt.where(ExpertReferral.status == status)
    if subject:
        stmt = stmt.where(ExpertReferral.subject == subject)
    if subject_id is not None:
        stmt = stmt.where(ExpertReferral.subject_id == subject_id)
    rows = list(session.scalars(stmt.order_by(ExpertReferral.flagged_at.desc(), ExpertReferral.id.desc())
                                .limit(min(max(limit, 1), 1000))))
    findings: dict[int, list[ExpertFinding]] = defaultdict(list)
    if rows:
        for f in session.scalars(select(ExpertFinding).where(ExpertFinding.referral_id.in_([r.id for r in rows]))
                                 .order_by(ExpertFinding.id)):
            findings[f.referral_id].append(f)
    return [_referral_out(r, findings[r.id]) for r in rows]


def do_add_finding(session: Session, principal: Principal, referral_id: int, finding: str,
                   recommendation: str) -> ReferralOut:
    """An expert's finding and recommendation on a referred cluster or case; audited."""
    principal.require(Permission.EXPERT_WORK)
    row = session.get(ExpertReferral, referral_id) if 1 <= referral_id <= MAX_ID else None
    if row is None:
        raise NotFound(f"referral {referral_id} not found", field="referral_id")
    at = now()
    session.add(ExpertFinding(referral_id=row.id, finding=finding, recommendation=recommendation,
                              author=principal.username, created_at=at))
    row.status, row.updated_at = "answered", at
    session.flush()
    audit.record(session, principal, "expert.finding", "expert_referral", row.id,
                 {"subject": row.subject, "subject_id": row.subject_id, "finding": finding,
                  "recommendation": recommendation})
    publish_after_commit(session, EXPERT_TOPIC, {"event": "finding", "id": row.id})
    return _referral_out(row, list(session.scalars(select(ExpertFinding).where(
        ExpertFinding.referral_id == row.id).order_by(ExpertFinding.id))))
