"""The model registry (模型管理): train from the center's own cases, upload, compare, activate, roll back.

Each model is stored with its card — hash of its bytes and of the texts it learned from, size, labels,
cross-validated metrics, date and who made it — and every change is audited. The active model is the one
intake and the warnings use; activation and roll-back swap it in this process once the change commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from antifraud.classifier import engine
from antifraud.classifier.model import FraudTextModel
from antifraud.classifier.models import ACTIVE, CANDIDATE, RETIRED, TextModel
from antifraud.classifier.training import LABELS, CrossValidation, Recipe, cross_validate, fit
from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import now
from antifraud.core.errors import Conflict, NotFound, ValidationFailed

MAX_UPLOAD = 64 * 1024 * 1024
MIN_TEXTS = 20
SHIPPED = "shipped"


def data_hash(texts: Sequence[str], labels: Sequence[str]) -> str:
    """SHA-256 of the labelled texts in a canonical order: the same data gives the same hash."""
    digest = hashlib.sha256()
    for text, label in sorted(zip(texts, labels)):
        digest.update(label.encode() + b"\t" + text.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


def _to_bytes(model: FraudTextModel) -> bytes:
    """The .npz bytes of a model (written through a temporary buffer; no file left behind)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.npz"
        model.save(path)
        return path.read_bytes()


def _from_bytes(data: bytes) -> FraudTextModel:
    """A model from .npz bytes, or ValidationFailed naming what is wrong."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.npz"
        path.write_bytes(data)
        try:
            model = FraudTextModel.load(path)
        except Exception as exc:  # noqa: BLE001 — any unreadable upload is one plain validation error
            raise ValidationFailed(f"not a fraud-type model file: {exc}", field="file") from None
    unknown = set(model.classes) - set(LABELS)
    if unknown or len(model.classes) < 2:
        raise ValidationFailed(f"the model's labels are not the center's: {sorted(model.classes)}", field="file")
    return model


def card(row: TextModel) -> dict[str, Any]:
    """A model's card as plain values."""
    return {"id": row.id, "name": row.name, "source": row.source, "status": row.status,
            "file_sha256": row.file_sha256, "data_sha256": row.data_sha256, "size_bytes": row.size_bytes,
            "n_texts": row.n_texts, "labels": list(row.labels), "recipe": dict(row.recipe),
            "metrics": dict(row.metrics), "comparison": dict(row.comparison),
            "created_at": row.created_at, "created_by": row.created_by, "activated_at": row.activated_at,
            "replaced_id": row.replaced_id}


def _store(session: Session, principal: Principal, name: str, source: str, content: bytes,
           model: FraudTextModel, metrics: dict[str, Any], data_sha: str | None) -> TextModel:
    name = name.strip()
    if not 1 <= len(name) <= 80:
        raise ValidationFailed("a name of 1 to 80 characters is required", field="name")
    row = TextModel(name=name, source=source, status=CANDIDATE, file_sha256=hashlib.sha256(content).hexdigest(),
                    data_sha256=data_sha, size_bytes=len(content), n_texts=int(model.config.get("n_texts", 0)),
                    labels=list(model.classes), recipe={k: model.config[k] for k in ("ngram_range", "min_df", "c",
                                                                                    "seed") if k in model.config},
                    metrics=metrics, comparison={}, created_at=now(), created_by=principal.username, content=content)
    session.add(row)
    session.flush()
    audit.record(session, principal, f"text_model.{source}", "text_model", row.id,
                 {"name": row.name, "sha256": row.file_sha256[:16], "n_texts": row.n_texts,
                  "macro_f1": metrics.get("macro_f1")})
    return row


CorpusSource = Callable[[Session, Principal], list[tuple[str, str]]]
# Where the center's labelled texts come from; set by the app's assembly (cases already use the classifier).
_SOURCES: list[CorpusSource] = []


def center_corpus(session: Session, principal: Principal) -> tuple[list[str], list[str]]:
    """The center's labelled texts: case narratives with the type the call-taker confirmed."""
    if not _SOURCES:
        raise Conflict("no source of labelled texts is configured", field="cases")
    pairs = [(text, label) for text, label in _SOURCES[-1](session, principal) if label in LABELS]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _check_corpus(texts: Sequence[str], labels: Sequence[str], folds: int) -> None:
    if len(texts) < MIN_TEXTS:
        raise ValidationFailed(f"{len(texts)} labelled case narratives; at least {MIN_TEXTS} are needed",
                               field="cases")
    if len(set(labels)) < 2:
        raise ValidationFailed("the narratives carry a single fraud type; two or more are needed", field="cases")
    if not 2 <= folds <= 10:
        raise ValidationFailed("between 2 and 10", field="folds")


def do_train_text_model(session: Session, principal: Principal, name: str, folds: int = 5,
                     seed: int = 7) -> dict[str, Any]:
    """Cross-validate the recipe on the center's cases, train on them all, store the model as a candidate."""
    principal.require(Permission.MODEL_ADMIN)
    texts, labels = center_corpus(session, principal)
    _check_corpus(texts, labels, folds)
    recipe = Recipe(seed=seed)
    cv = cross_validate(texts, labels, folds=folds, seed=seed, trainer=lambda t, y: fit(t, y, recipe=recipe))
    sha = data_hash(texts, labels)
    model = fit(texts, labels, recipe=recipe, extra_config={"data_sha256": sha})
    return card(_store(session, principal, name, "cases", _to_bytes(model), model, cv.as_dict(), sha))


def do_upload_text_model(session: Session, principal: Principal, name: str, content: bytes) -> dict[str, Any]:
    """Store an uploaded .npz model (e.g. trained with `antifraud classify train`) as a candidate."""
    principal.require(Permission.MODEL_ADMIN)
    if not content:
        raise ValidationFailed("the file is empty", field="file")
    if len(content) > MAX_UPLOAD:
        raise ValidationFailed(f"larger than {MAX_UPLOAD // (1024 * 1024)} MB", field="file")
    model = _from_bytes(content)
    sha = model.config.get("data_sha256")
    return card(_store(session, principal, name, "upload", content, model, {}, sha if isinstance(sha, str) else None))


def _row(session: Session, model_id: int) -> TextModel:
    row = session.get(TextModel, model_id)
    if row is None:
        raise NotFound(f"text model {model_id} not found", field="model_id")
    return row


def _active_row(session: Session) -> TextModel | None:
    return session.scalar(select(TextModel).where(TextModel.status == ACTIVE))


def _fixed_cv(model: FraudTextModel, texts: list[str], labels: list[str], folds: int, seed: int) -> CrossValidation:
    return cross_validate(texts, labels, folds=folds, seed=seed, fixed=model)


def do_compare_text_model(session: Session, principal: Principal, model_id: int, folds: int = 5, seed: int = 7) -> dict[str, Any]:
    """Candidate against the active model on the same stratified folds of the center's cases.

    A model trained here is re-trained on each fold's other folds by its recipe (its own training texts
    never score it); an uploaded model and the active one are fixed and score each test fold as it is.
    """
    principal.require(Permission.MODEL_ADMIN)
    row = _row(session, model_id)
    texts, labels = center_corpus(session, principal)
    _check_corpus(texts, labels, folds)
    if row.source == "cases":
        recipe = Recipe(**{**row.recipe, "ngram_range": tuple(row.recipe.get("ngram_range", (1, 4)))})
        mine = cross_validate(texts, labels, folds=folds, seed=seed, trainer=lambda t, y: fit(t, y, recipe=recipe))
    else:
        mine = _fixed_cv(_from_bytes(row.content), texts, labels, folds, seed)
    active = _active_row(session)
    current = _from_bytes(active.content) if active is not None else engine.shipped_classifier().model
    theirs = _fixed_cv(current, texts, labels, folds, seed)
    result = {"folds": folds, "seed": seed, "n": len(texts), "data_sha256": data_hash(texts, labels),
              "against": active.id if active is not None else SHIPPED, "candidate": mine.as_dict(),
              "active": theirs.as_dict(), "at": now().isoformat(),
              "macro_f1_gain": round(mine.pooled.macro_f1 - theirs.pooled.macro_f1, 4)}
    row.comparison = result
    audit.record(session, principal, "text_model.compare", "text_model", row.id,
                 {"against": result["against"], "candidate_f1": mine.as_dict()["macro_f1"],
                  "active_f1": theirs.as_dict()["macro_f1"], "folds": folds})
    return card(row)


def _runtime(model: FraudTextModel) -> engine.Classifier:
    """A registry model as served: a types-only model (trained on cases) is gated by the shipped model."""
    return engine.Classifier(model, gate=engine.shipped_classifier())


def _swap_after_commit(session: Session, content: bytes | None) -> None:
    """Put the model in use once the transaction commits (and not at all if it rolls back)."""
    classifier = _runtime(_from_bytes(content)) if content is not None else None

    def swap(_session: Session) -> None:
        engine.set_active(classifier)

    event.listen(session, "after_commit", swap, once=True)


def do_activate_text_model(session: Session, principal: Principal, model_id: int) -> dict[str, Any]:
    """Make a model the one in use; the previous active model is retired and remembered for a roll-back."""
    principal.require(Permission.MODEL_ADMIN)
    row = _row(session, model_id)
    if row.status == ACTIVE:
        raise Conflict(f"text model {model_id} is already active", field="model_id")
    previous = _active_row(session)
    if previous is not None:
        previous.status = RETIRED
        session.flush()   # one active row at a time, also for a reader between the two updates
    row.status, row.activated_at, row.replaced_id = ACTIVE, now(), previous.id if previous is not None else None
    session.flush()
    audit.record(session, principal, "text_model.activate", "text_model", row.id,
                 {"name": row.name, "replaced": previous.id if previous is not None else SHIPPED})
    _swap_after_commit(session, row.content)
    return card(row)


def do_roll_back_text_model(session: Session, principal: Principal) -> dict[str, Any]:
    """Return to the model that was active before the current one (the shipped model if there was none)."""
    principal.require(Permission.MODEL_ADMIN)
    current = _active_row(session)
    if current is None:
        raise Conflict("the shipped model is in use; there is nothing to roll back", field="model_id")
    current.status = RETIRED
    session.flush()
    before = session.get(TextModel, current.replaced_id) if current.replaced_id is not None else None
    if before is not None:
        before.status, before.activated_at = ACTIVE, now()
    session.flush()
    audit.record(session, principal, "text_model.roll_back", "text_model", current.id,
                 {"name": current.name, "back_to": before.id if before is not None else SHIPPED})
    _swap_after_commit(session, before.content if before is not None else None)
    return {"retired": card(current), "active": card(before) if before is not None else None}


def list_models(session: Session, principal: Principal) -> list[dict[str, Any]]:
    """Every model's card, newest first."""
    principal.require(Permission.MODEL_ADMIN)
    return [card(r) for r in session.scalars(select(TextModel).order_by(TextModel.id.desc()))]


def get_model(session: Session, principal: Principal, model_id: int) -> dict[str, Any]:
    """One model's card."""
    principal.require(Permission.MODEL_ADMIN)
    return card(_row(session, model_id))


def model_file(session: Session, principal: Principal, model_id: int) -> tuple[str, bytes]:
    """A model's .npz bytes to download, with a file name."""
    principal.require(Permission.MODEL_ADMIN)
    row = _row(session, model_id)
    return f"text-model-{row.id}.npz", row.content


def load_active() -> engine.Classifier | None:
    """The active model from the database, or None (none active, or no database yet)."""
    from sqlalchemy.exc import SQLAlchemyError

    from antifraud.core.db import session_scope

    try:
        with session_scope() as session:
            row = _active_row(session)
            return _runtime(_from_bytes(row.content)) if row is not None else None
    except SQLAlchemyError:   # a database without the table yet serves the shipped model
        return None


def install(corpus_source: CorpusSource | None = None) -> None:
    """Let the classifier read the active model from the database on first use; where training texts come from."""
    engine.set_loader(load_active)
    if corpus_source is not None:
        _SOURCES[:] = [corpus_source]


__all__ = ["card", "data_hash", "do_activate_text_model", "do_compare_text_model", "do_roll_back_text_model",
           "do_train_text_model", "do_upload_text_model", "get_model", "install", "list_models", "load_active",
           "model_file"]
