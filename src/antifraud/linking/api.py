"""Case linking's routes: clusters, their evidence and export, the analysts' actions, the hubs."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile

from antifraud.core.errors import ValidationFailed
from antifraud.linking import service
from antifraud.linking.schemas import (
    ClusterOut,
    ClusterPage,
    ClusterSummary,
    FlowBatchIn,
    FlowImportOut,
    GangOut,
    HubIn,
    HubOut,
    HubRuleIn,
    HubsOut,
    MergeIn,
    NotificationOut,
    ReasonIn,
    SplitIn,
)
from antifraud.web.deps import PrincipalDep, RecordId, SessionDep
from antifraud.web.openapi import CONFLICT, XLSX, error_responses, file_response

router = APIRouter(tags=["linking"])
ACT = error_responses(403, 404, 409)


@router.get("/clusters", response_model=ClusterPage, responses=error_responses(403))
def list_clusters(session: SessionDep, principal: PrincipalDep, q: str | None = Query(None, max_length=200),
                  status: str | None = Query(None, pattern="^(open|confirmed)$"),
                  limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000),
                  min_size: int = Query(2, ge=1, le=100_000)) -> ClusterPage:
    """Clusters of linked cases (串并案), the latest active first; ``q`` finds a case number or identifier."""
    return service.list_clusters(session, principal, search=q, limit=limit, offset=offset, status=status,
                                 min_size=min_size)


@router.get("/clusters/notifications", response_model=list[NotificationOut], responses=error_responses(403))
def cluster_notifications(session: SessionDep, principal: PrincipalDep) -> list[NotificationOut]:
    """New cases that joined the clusters the caller analyses, not yet read."""
    return service.notifications(session, principal)


@router.post("/clusters/notifications/read", responses=error_responses(403))
def read_notifications(session: SessionDep, principal: PrincipalDep,
                       cluster_id: int | None = Query(None, ge=1, le=2**31 - 1)) -> dict[str, int]:
    """Mark the caller's notices (of one cluster, or all) as read."""
    return {"read": service.do_read_notifications(session, principal, cluster_id)}


@router.post("/clusters/merge", response_model=ClusterOut, responses=ACT)
def merge(body: MergeIn, session: SessionDep, principal: PrincipalDep) -> ClusterOut:
    """Merge clusters into one (kept through every re-linking); a reason is required."""
    return service.do_merge_clusters(session, principal, body.cluster_ids, body.reason)


@router.get("/clusters/{cluster_id}", response_model=ClusterOut, responses=error_responses(403, 404))
def get_cluster(cluster_id: RecordId, session: SessionDep, principal: PrincipalDep) -> ClusterOut:
    """A cluster with its cases, shared identifiers, the evidence of each link, its hubs and decisions."""
    return service.get_cluster(session, principal, cluster_id)


@router.get("/clusters/{cluster_id}/members", response_model=GangOut, responses=error_responses(403, 404))
def gang_members(cluster_id: RecordId, session: SessionDep, principal: PrincipalDep) -> GangOut:
    """The cluster expanded over the imported flows: every member, reported or found, with role, score, reasons."""
    return service.gang_of_cluster(session, principal, cluster_id)


FlowKind = Literal["calls", "sms", "visits"]
MAX_FLOW_UPLOAD = 100 * 1024 * 1024


@router.post("/flows/{kind}", response_model=FlowImportOut, status_code=201, responses=error_responses(403))
def post_flows(kind: FlowKind, batch: FlowBatchIn, session: SessionDep, principal: PrincipalDep) -> FlowImportOut:
    """Call (`call_id,start,caller,callee,duration_s`), SMS (`sms_id,time,sender,receiver,text`) or visit
    (`visit_id,time,phone,target,kind,ip`) records as JSON rows; bad rows are named by their number, repeated ids
    ignored."""
    return service.do_import_flow_rows(session, principal, kind, batch)


@router.post("/flows/{kind}/upload", response_model=FlowImportOut, status_code=201, responses=error_responses(403))
def upload_flows(kind: FlowKind, file: Annotated[UploadFile, File()], session: SessionDep,
                 principal: PrincipalDep) -> FlowImportOut:
    """A CSV file of call, SMS or visit records (the columns `antifraud link` reads); bad rows named by line."""
    name = (file.filename or f"{kind}.csv").replace("/", "_").replace("\\", "_")[-120:]
    content = file.file.read(MAX_FLOW_UPLOAD + 1)
    if len(content) > MAX_FLOW_UPLOAD:
        raise ValidationFailed(f"{name}: larger than 100 MB", field="file")
    return service.do_import_flow_file(session, principal, kind, content, name)


@router.get("/clusters/{cluster_id}/export", responses={**file_response(XLSX, "The cluster's evidence as XLSX"),
                                                         **error_responses(403, 404)})
def export(cluster_id: RecordId, session: SessionDep, principal: PrincipalDep) -> Response:
    """The cluster's evidence for prosecutors, as an XLSX workbook."""
    name, content = service.do_export_cluster(session, principal, cluster_id)
    return Response(content, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/clusters/{cluster_id}/claim", response_model=ClusterOut, responses=ACT)
def claim(cluster_id: RecordId, session: SessionDep, principal: PrincipalDep) -> ClusterOut:
    """Take the cluster for analysis: new cases joining it notify the caller."""
    return service.do_claim_cluster(session, principal, cluster_id)


@router.post("/clusters/{cluster_id}/confirm", response_model=ClusterOut, responses=ACT)
def confirm(cluster_id: RecordId, body: ReasonIn, session: SessionDep, principal: PrincipalDep) -> ClusterOut:
    """Confirm the cluster is one gang's work; a reason is required."""
    return service.do_confirm_cluster(session, principal, cluster_id, body.reason)


@router.post("/clusters/{cluster_id}/split", response_model=list[ClusterSummary], responses=ACT)
def split(cluster_id: RecordId, body: SplitIn, session: SessionDep, principal: PrincipalDep) -> list[ClusterSummary]:
    """Take cases out of the cluster for good (kept through every re-linking); a reason is required."""
    return service.do_split_cluster(session, principal, cluster_id, body.case_ids, body.reason)


@router.get("/hubs", response_model=HubsOut, responses=error_responses(403))
def hubs(session: SessionDep, principal: PrincipalDep, q: str | None = Query(None, max_length=200),
         limit: int = Query(200, ge=1, le=2000), offset: int = Query(0, ge=0, le=10_000_000)) -> HubsOut:
    """The hub rule, the built-in lists and every hub met, with why."""
    return service.list_hubs(session, principal, search=q, limit=limit, offset=offset)


@router.post("/hubs", response_model=HubOut, status_code=201, responses=error_responses(403))
def set_hub(body: HubIn, session: SessionDep, principal: PrincipalDep) -> HubOut:
    """List an identifier as a hub, or say it links all the same; its cases are linked again."""
    return service.do_set_hub(session, principal, body.kind, body.value, body.decision, body.reason)


@router.post("/hubs/remove", status_code=204, responses=error_responses(403, 404))
def remove_hub(body: HubIn, session: SessionDep, principal: PrincipalDep) -> None:
    """Take an analyst's entry off the list; its cases are linked again."""
    service.do_remove_hub(session, principal, body.kind, body.value, body.reason)


@router.put("/hubs/rule", responses={**error_responses(403), **CONFLICT})
def set_rule(body: HubRuleIn, session: SessionDep, principal: PrincipalDep) -> dict[str, int]:
    """Change the rule for identifiers seen in many cases; every case is linked again."""
    return service.do_set_hub_rule(session, principal, body.min_cases, body.min_groups, body.max_share,
                                   body.reason)
