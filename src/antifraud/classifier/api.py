"""Text classification API: which fraud type a text reads like and why; the registry of text models."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile
from fastapi.concurrency import run_in_threadpool

from antifraud.classifier import classify, registry
from antifraud.classifier.schemas import ClassifyIn, ClassifyOut, CompareIn, TrainIn
from antifraud.web.deps import PrincipalDep, RecordId, SessionDep

router = APIRouter(tags=["classify"])


@router.post("/classify", response_model=ClassifyOut)
async def classify_text(body: ClassifyIn, principal: PrincipalDep) -> ClassifyOut:
    """Classify one text into one of the 12 fraud types or `none`."""
    result = await run_in_threadpool(classify, body.text)
    return ClassifyOut(fraud_type=result.fraud_type, score=round(result.score, 4),
                       fraud_score=round(result.fraud_score, 4), cues=list(result.cues))


@router.get("/text-models")
def list_text_models(session: SessionDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Every text model's card, newest first."""
    return registry.list_models(session, principal)


@router.get("/text-models/{model_id}")
def get_text_model(model_id: RecordId, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    """One model's card."""
    return registry.get_model(session, principal, model_id)


@router.get("/text-models/{model_id}/file")
def download_text_model(model_id: RecordId, session: SessionDep, principal: PrincipalDep) -> Response:
    """The model's .npz file."""
    name, content = registry.model_file(session, principal, model_id)
    return Response(content, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/text-models/train", status_code=201)
def train_text_model(body: TrainIn, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    """Cross-validate and train a candidate on the center's labelled case narratives."""
    return registry.do_train_text_model(session, principal, body.name, body.folds, body.seed)


@router.post("/text-models", status_code=201)
def upload_text_model(file: Annotated[UploadFile, File()], session: SessionDep, principal: PrincipalDep,
                      name: Annotated[str, Form(min_length=1, max_length=80)]) -> dict[str, Any]:
    """Upload a model file (.npz from `antifraud classify train`) as a candidate."""
    content = file.file.read(registry.MAX_UPLOAD + 1)
    return registry.do_upload_text_model(session, principal, name, content)


@router.post("/text-models/{model_id}/compare")
def compare_text_model(model_id: RecordId, body: CompareIn, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    """Score the candidate and the active model on the same stratified folds of the center's cases."""
    return registry.do_compare_text_model(session, principal, model_id, body.folds, body.seed)


@router.post("/text-models/{model_id}/activate")
def activate_text_model(model_id: RecordId, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    """Make the model the one intake and the warnings use."""
    return registry.do_activate_text_model(session, principal, model_id)


@router.post("/text-models/roll-back")
def roll_back_text_model(session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    """Return to the model that was active before the current one."""
    return registry.do_roll_back_text_model(session, principal)
