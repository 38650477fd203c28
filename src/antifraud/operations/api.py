"""Routes of cluster operations (集群作战) and their work packages, and of the experts' queue (专家会诊)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from antifraud.operations import service
from antifraud.operations.schemas import (
    DifficultIn,
    ExpertRuleIn,
    ExpertRuleOut,
    FindingIn,
    OfficersIn,
    OperationIn,
    OperationOut,
    OperationSummary,
    PackageOut,
    ReferralOut,
    ResultIn,
    TakedownIn,
)
from antifraud.web.deps import PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import error_responses

router = APIRouter(tags=["operations"])
ACT = error_responses(403, 404, 409)


@router.get("/operations", response_model=list[OperationSummary], responses=error_responses(403))
def list_operations(session: SessionDep, principal: PrincipalDep,
                    status: str | None = Query(None, pattern="^(planned|under_way|taken_down|closed)$"),
                    limit: int = Query(100, ge=1, le=1000)) -> list[OperationSummary]:
    """Operations, newest first; a county bureau sees those with a package of its own."""
    return service.list_operations(session, principal, status, limit)


@router.post("/operations", response_model=OperationOut, status_code=201, responses=ACT)
def open_operation(body: OperationIn, session: SessionDep, principal: PrincipalDep) -> OperationOut:
    """Open an operation on a cluster: its suspect identifiers split into one work package per county."""
    return service.do_open_operation(session, principal, body.cluster_id, body.name, body.note)


@router.get("/operations/packages", response_model=list[PackageOut], responses=error_responses(403))
def list_packages(session: SessionDep, principal: PrincipalDep,
                  open_only: bool = Query(False, description="leave out the packages that are done")
                  ) -> list[PackageOut]:
    """The work packages the caller sees: a county bureau its own, the city center all."""
    return service.list_packages(session, principal, open_only)


@router.get("/operations/packages/{package_id}", response_model=PackageOut, responses=error_responses(403, 404))
def get_package(package_id: RecordId, session: SessionDep, principal: PrincipalDep) -> PackageOut:
    """A work package with its targets (why each is there) and its results."""
    return service.get_package(session, principal, package_id)


@router.post("/operations/packages/{package_id}/officers", response_model=PackageOut, responses=ACT)
def assign_officers(package_id: RecordId, body: OfficersIn, session: SessionDep,
                    principal: PrincipalDep) -> PackageOut:
    """Name the officers working the package: users of its county bureau or of the bureau's stations."""
    return service.do_assign_officers(session, principal, package_id, body.usernames)


@router.post("/operations/packages/{package_id}/start", response_model=PackageOut, responses=ACT)
def start_package(package_id: RecordId, session: SessionDep, principal: PrincipalDep) -> PackageOut:
    """Start working the package (open → in progress); officers must be assigned."""
    return service.do_start_package(session, principal, package_id)


@router.post("/operations/packages/{package_id}/results", response_model=PackageOut, responses=ACT)
def record_result(package_id: RecordId, body: ResultIn, session: SessionDep, principal: PrincipalDep) -> PackageOut:
    """Record arrests, devices seized and cards to freeze; each freeze goes to the issuing bank's queue."""
    return service.do_record_result(session, principal, package_id, body.arrested, body.devices_seized,
                                    [(f.card, f.amount) for f in body.freezes], body.note)


@router.post("/operations/packages/{package_id}/finish", response_model=PackageOut, responses=ACT)
def finish_package(package_id: RecordId, session: SessionDep, principal: PrincipalDep) -> PackageOut:
    """The package is done (in progress → done)."""
    return service.do_finish_package(session, principal, package_id)


@router.get("/operations/{operation_id}", response_model=OperationOut, responses=error_responses(403, 404))
def get_operation(operation_id: RecordId, session: SessionDep, principal: PrincipalDep) -> OperationOut:
    """An operation with its progress by county (a county bureau sees its own package only)."""
    return service.get_operation(session, principal, operation_id)


@router.post("/operations/{operation_id}/takedown", response_model=OperationOut, responses=ACT)
def set_takedown(operation_id: RecordId, body: TakedownIn, session: SessionDep,
                 principal: PrincipalDep) -> OperationOut:
    """Set or move the common takedown time (统一收网); the operation is then under way."""
    return service.do_set_takedown(session, principal, operation_id, body.takedown_at)


@router.post("/operations/{operation_id}/taken-down", response_model=OperationOut, responses=ACT)
def take_down(operation_id: RecordId, session: SessionDep, principal: PrincipalDep) -> OperationOut:
    """Record that the gang was taken down."""
    return service.do_take_down(session, principal, operation_id)


@router.post("/operations/{operation_id}/close", response_model=OperationOut, responses=ACT)
def close(operation_id: RecordId, session: SessionDep, principal: PrincipalDep) -> OperationOut:
    """Close a taken-down operation whose packages are all done."""
    return service.do_close_operation(session, principal, operation_id)


@router.get("/experts/referrals", response_model=list[ReferralOut], responses=error_responses(403))
def expert_queue(session: SessionDep, principal: PrincipalDep,
                 status: str | None = Query("waiting", pattern="^(waiting|answered)$"),
                 subject: str | None = Query(None, pattern="^(cluster|case)$"),
                 subject_id: int | None = Query(None, ge=1, le=2**31 - 1)) -> list[ReferralOut]:
    """The experts' queue: major, difficult and cross-border clusters and cases, with their findings."""
    return service.expert_queue(session, principal, status, subject, subject_id)


@router.post("/experts/referrals", response_model=ReferralOut, status_code=201, responses=ACT)
def mark_difficult(body: DifficultIn, session: SessionDep, principal: PrincipalDep) -> ReferralOut:
    """Send a cluster or a case to the experts as difficult, saying why."""
    return service.do_mark_difficult(session, principal, body.subject, body.subject_id, body.note)


@router.post("/experts/referrals/{referral_id}/findings", response_model=ReferralOut, status_code=201,
             responses=error_responses(403, 404))
def add_finding(referral_id: RecordId, body: FindingIn, session: SessionDep, principal: PrincipalDep) -> ReferralOut:
    """An expert's finding and recommendation on the referred cluster or case."""
    return service.do_add_finding(session, principal, referral_id, body.finding, body.recommendation)


@router.get("/experts/rule", response_model=ExpertRuleOut, responses=error_responses(403))
def expert_rule(session: SessionDep, principal: PrincipalDep) -> ExpertRuleOut:
    """The thresholds that make a case or cluster major, and the networks counted as foreign."""
    return service.read_expert_rule(session, principal)


@router.put("/experts/rule", response_model=ExpertRuleOut, responses=error_responses(403))
def set_expert_rule(body: ExpertRuleIn, session: SessionDep, principal: PrincipalDep) -> ExpertRuleOut:
    """Change the thresholds that make a case or cluster major."""
    return service.do_set_expert_rule(session, principal, body.major_loss, body.major_victims)
