"""Texts in, classifications out; training and comparing the center's own text models."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ClassifyIn(BaseModel):
    """A text: an SMS, a chat message, a call transcript or a victim's narrative."""

    text: str = Field(max_length=100_000)


class ClassifyOut(BaseModel):
    """The likely fraud type (or `none`), its score, and the cues a person can check."""

    fraud_type: str
    score: float
    fraud_score: float
    cues: list[str]


class TrainIn(BaseModel):
    """Train a candidate model from the center's own case narratives."""

    name: str = Field(min_length=1, max_length=80)
    folds: int = Field(5, ge=2, le=10)
    seed: int = 7


class CompareIn(BaseModel):
    """Compare a candidate with the active model on the same folds of the center's cases."""

    folds: int = Field(5, ge=2, le=10)
    seed: int = 7
