"""Text classification API: which fraud type does this text read like, and why."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from antifraud.classifier import classify
from antifraud.web.deps import PrincipalDep

router = APIRouter(tags=["classify"])


class ClassifyIn(BaseModel):
    """A text: an SMS, a chat message, a call transcript or a victim's narrative."""

    text: str = Field(max_length=100_000)


class ClassifyOut(BaseModel):
    """The likely fraud type (or `none`), its score, and the cues a person can check."""

    fraud_type: str
    score: float
    fraud_score: float
    cues: list[str]


@router.post("/classify", response_model=ClassifyOut)
async def classify_text(body: ClassifyIn, principal: PrincipalDep) -> ClassifyOut:
    """Classify one text into one of the 12 fraud types or `none`."""
    result = await run_in_threadpool(classify, body.text)
    return ClassifyOut(fraud_type=result.fraud_type, score=round(result.score, 4),
                       fraud_score=round(result.fraud_score, 4), cues=list(result.cues))
