"""Classify Chinese texts into a fraud type (诈骗类型) or `none`, with a score and human-checkable cues."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from antifraud.classifier.features import is_readable, key_text
from antifraud.classifier.lexicon import (
    DEMAND,
    GROUPS,
    ORDINARY,
    PREVENTION,
    Lexicon,
    default_lexicon,
)
from antifraud.classifier.model import MODEL_PATH, Features, FraudTextModel
from antifraud.classifier.normalize import normalize, readable

NONE = "none"
MAX_CUES = 5
_MIN_LEXICON_CUES = 3
_BATCH = 4096


@dataclass(frozen=True)
class Classification:
    """Fraud type of a text (one of the 12 codes or "none"), how sure, and why."""

    fraud_type: str
    score: float          # probability the text is fraud of that type; for "none", that it is ordinary
    fraud_score: float    # probability the text is fraud at all
    cues: list[str] = field(default_factory=list)   # matched lexicon cues / top contributing n-grams


class Classifier:
    """A loaded model with its lexicon; safe to share between threads (read-only).

    A model trained only on frauds (a center's case narratives know no `none`) tells the type; whether a
    text is fraud at all then comes from `gate` (the shipped model), or, without one, every text is fraud.
    """

    def __init__(self, model: FraudTextModel, lexicon: Lexicon | None = None, gate: Classifier | None = None) -> None:
        self.model = model
        self.lexicon = lexicon or default_lexicon()
        self.gate = gate if NONE not in model.classes else None
        self._typed_only = NONE not in model.classes
        self.classes = model.classes if not self._typed_only else (*model.classes, NONE)
        # `none` of a types-only model has no n-gram weights of its own
        self._coef = model.coef if not self._typed_only else np.hstack(
            [model.coef, np.zeros((len(model.keys), 1), dtype=model.coef.dtype)])
        self._none = self.classes.index(NONE)
        self._fraud = np.array([i for i, c in enumerate(self.classes) if c != NONE])
        # Lexicon group that explains each class: its own type, or prevention/ordinary cues for `none`.
        self._group_of = np.array([GROUPS.index(c) if c in GROUPS else -1 for c in self.classes])
        self._none_groups = [GROUPS.index(PREVENTION), GROUPS.index(ORDINARY)]
        self._demand = GROUPS.index(DEMAND)

    def classify_many(self, texts: Sequence[str]) -> list[Classification]:
        """Classify a batch; texts are processed in chunks to bound memory."""
        out: list[Classification] = []
        for start in range(0, len(texts), _BATCH):
            out.extend(self._chunk(texts[start:start + _BATCH]))
        return out

    def classify(self, text: str) -> Classification:
        """Classify one text."""
        return self.classify_many([text])[0]

    def _chunk(self, texts: Sequence[str]) -> list[Classification]:
        norm = [normalize(t, self.model.t2s) for t in texts]
        feats = self.model.features(norm, self.lexicon)
        probs = self.model.probabilities(feats)
        if self._typed_only:
            gate = (np.array([r.fraud_score for r in self.gate.classify_many(texts)]) if self.gate is not None
                    else np.ones(len(texts)))
            probs = np.hstack([probs * gate[:, None], (1.0 - gate)[:, None]])
        fraud_score = 1.0 - probs[:, self._none]
        best_fraud = self._fraud[np.argmax(probs[:, self._fraud], axis=1)]
        label = np.where(fraud_score >= self.model.threshold, best_fraud, self._none)
        cues = self._cues(feats, label)
        return [Classification(self.classes[k], round(float(probs[i, k]), 4),
                               round(float(fraud_score[i]), 4), cues[i]) for i, k in enumerate(label)]

    def _cues(self, feats: Features, label: np.ndarray) -> list[list[str]]:
        """Lexicon cues of the chosen class first, then the n-grams that pushed hardest towards it."""
        found: list[list[tuple[float, str]]] = [[] for _ in range(len(label))]
        weights, texts = self.lexicon.weights, self.lexicon.texts
        doc, cue = feats.matches.doc.astype(np.int64), feats.matches.cue.astype(np.int64)
        if len(doc):
            k = label[doc]
            group = self._group_of[k]
            own = np.where(group >= 0, weights[cue, np.maximum(group, 0)], 0.0)
            # the type's own cues first, then what the text asks for (转账, 验证码 …)
            fraud_w = np.where(own != 0, own, weights[cue, self._demand] / 10)
            none_w = weights[cue][:, self._none_groups].max(axis=1)
            w = np.where(k == self._none, none_w, fraud_w)
            for d, c, wt in zip(doc[w > 0].tolist(), cue[w > 0].tolist(), w[w > 0].tolist()):
                found[d].append((wt, texts[c]))
        cues = [_strongest(pairs) for pairs in found]
        self._add_ngrams(feats, label, cues)
        return [[readable(c) for c in doc_cues] for doc_cues in cues]

    def _add_ngrams(self, feats: Features, label: np.ndarray, cues: list[list[str]]) -> None:
        """Top n-grams (two characters or more) by contribution, for texts with few lexicon cues."""
        m = feats.ngrams.tocoo()
        doc, feat = m.row.astype(np.int64), m.col.astype(np.int64)
        contrib = m.data * self._coef[feat, label[doc]]
        keep = (contrib > 0) & is_readable(self.model.keys[feat])
        keep &= np.array([len(c) < _MIN_LEXICON_CUES for c in cues], dtype=bool)[doc] if len(doc) else keep
        doc, feat, contrib = doc[keep], feat[keep], contrib[keep]
        order = np.lexsort((-contrib, doc))
        doc, feat = doc[order], feat[order]
        first = np.searchsorted(doc, doc, side="left")
        top = (np.arange(len(doc)) - first) < 2 * _MIN_LEXICON_CUES
        for d, f in zip(doc[top].tolist(), feat[top].tolist()):
            have = cues[d]
            if len(have) >= _MIN_LEXICON_CUES:
                continue
            gram = key_text(int(self.model.keys[f]))
            if not any(gram in c or c in gram for c in have):
                have.append(gram)


def _strongest(pairs: list[tuple[float, str]]) -> list[str]:
    """Cues by weight then length, without one contained in a longer kept one (涉嫌洗钱 over 洗钱)."""
    kept: list[str] = []
    for _, cue in sorted(pairs, key=lambda p: (-p[0], -len(p[1]), p[1])):
        if not any(cue in k or k in cue for k in kept):
            kept.append(cue)
        if len(kept) == MAX_CUES:
            break
    return kept


_DEFAULT: Classifier | None = None
_ACTIVE: Classifier | None = None     # the registry's active model, when one is active
_LOADER: Callable[[], Classifier | None] | None = None
_LOADED = False
_LOCK = threading.RLock()   # re-entrant: the loader builds its gate from the shipped model


def shipped_classifier() -> Classifier:
    """The shipped model, loaded once on first use (no network)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                _DEFAULT = Classifier(FraudTextModel.load(Path(MODEL_PATH)))
    return _DEFAULT


def default_classifier() -> Classifier:
    """The model intake and the warnings use: the registry's active one, else the shipped one."""
    global _ACTIVE, _LOADED
    if not _LOADED and _LOADER is not None:
        with _LOCK:
            if not _LOADED:
                _ACTIVE, _LOADED = _LOADER(), True
    active = _ACTIVE
    return active if active is not None else shipped_classifier()


def set_loader(loader: Callable[[], Classifier | None] | None) -> None:
    """Where the active model comes from on first use (the registry reads it from the database)."""
    global _LOADER, _LOADED
    with _LOCK:
        _LOADER, _LOADED = loader, False


def set_active(classifier: Classifier | None) -> None:
    """Swap the model in use (None: back to the shipped one); calls under way finish on the old one."""
    global _ACTIVE, _LOADED
    with _LOCK:
        _ACTIVE, _LOADED = classifier, True


def reset_default() -> None:
    """Forget the loaded models so the next call reads them again (after retraining or a new database)."""
    global _DEFAULT, _ACTIVE, _LOADED
    with _LOCK:
        _DEFAULT, _ACTIVE, _LOADED = None, None, False


def classify(text: str) -> Classification:
    """Fraud type of one text, with score, fraud score and cues."""
    return default_classifier().classify(text)


def classify_many(texts: Sequence[str]) -> list[Classification]:
    """Fraud types of many texts at once (the fast path)."""
    return default_classifier().classify_many(texts)


def text_verdicts(texts: Sequence[str]) -> list[tuple[str | None, float]]:
    """(fraud type or None, P(fraud)) per text: the shipped classifier as the warning scorer reads texts."""
    return [(c.fraud_type if c.fraud_type != NONE else None, float(c.fraud_score)) for c in classify_many(list(texts))]


def model_fingerprint() -> str:
    """A digest of the shipped model files (models trained on the classifier's verdicts retrain when it changes)."""
    digest = hashlib.sha256()
    for path in sorted(MODEL_PATH.parent.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]
