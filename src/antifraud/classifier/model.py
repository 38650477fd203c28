"""The linear fraud-type model: TF-IDF character n-grams plus lexicon scores, softmax over labels.

Stored as a plain .npz (numpy arrays, no pickle): the n-gram keys, their IDF, the coefficient matrix,
the lexicon coefficients, the traditional → simplified table and a JSON config. Written with fixed
zip timestamps, so the same training run gives the same bytes.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from antifraud.classifier.features import count_ngrams
from antifraud.classifier.lexicon import DEMAND, GROUPS, PREVENTION, Lexicon, Matches

FORMAT_VERSION = 1
MODEL_PATH = Path(__file__).with_name("model") / "fraud_text.npz"


@dataclass
class Features:
    """What the model sees of a batch of normalised texts."""

    ngrams: sparse.csr_matrix      # (n_docs, n_keys) TF-IDF, rows L2-normalised
    lexicon: np.ndarray            # (n_docs, len(LEXICON_COLUMNS)) squashed cue scores
    matches: Matches               # cue occurrences, for explanations


def ngram_matrix(texts: Sequence[str], keys: np.ndarray, idf: np.ndarray,
                 ngram_range: tuple[int, int]) -> sparse.csr_matrix:
    """Sublinear TF-IDF of the known n-grams, each row scaled to unit length."""
    batch = count_ngrams(texts, ngram_range)
    idx = np.searchsorted(keys, batch.key)
    idx[idx == len(keys)] = 0
    hit = keys[idx] == batch.key if len(keys) else np.zeros(len(idx), dtype=bool)
    doc, feat = batch.doc[hit], idx[hit]
    val = (1.0 + np.log(batch.count[hit])) * idf[feat]
    norm = np.sqrt(np.bincount(doc, weights=val * val, minlength=batch.n_docs))
    val = val / np.where(norm[doc] > 0, norm[doc], 1.0)
    return sparse.csr_matrix((val, (doc, feat)), shape=(batch.n_docs, len(keys)))


_TYPE_GROUPS = [i for i, g in enumerate(GROUPS) if g not in (PREVENTION, "ordinary", DEMAND)]
LEXICON_COLUMNS: tuple[str, ...] = (*GROUPS, *(f"{GROUPS[i]}*{DEMAND}" for i in _TYPE_GROUPS))


def lexicon_features(lexicon: Lexicon, texts: Sequence[str]) -> tuple[np.ndarray, Matches]:
    """Per-group cue scores squashed with log1p, and each type's score times the demand score.

    The products let a linear model see "police words *and* a demand for money" apart from police
    words alone (a genuine court notice) or a demand alone (a friend asking for the dinner money).
    """
    matches = lexicon.match(texts)
    squashed = np.log1p(lexicon.scores(matches, len(texts)))
    demand = squashed[:, GROUPS.index(DEMAND)][:, None]
    return np.hstack([squashed, squashed[:, _TYPE_GROUPS] * demand / 2.0]), matches


@dataclass
class FraudTextModel:
    """Coefficients and settings of a trained classifier."""

    classes: tuple[str, ...]
    keys: np.ndarray                 # int64, sorted packed n-grams
    idf: np.ndarray                  # float32, per key
    coef: np.ndarray                 # float32, (n_keys, n_classes)
    lex_coef: np.ndarray             # float32, (len(LEXICON_COLUMNS), n_classes)
    intercept: np.ndarray            # float32, (n_classes,)
    t2s: dict[int, int]              # traditional → simplified code points
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def ngram_range(self) -> tuple[int, int]:
        """The n-gram lengths the model counts."""
        low, high = self.config.get("ngram_range", (1, 3))
        return int(low), int(high)

    @property
    def threshold(self) -> float:
        """Fraud probability from which a text is given a fraud type rather than `none`."""
        return float(self.config.get("threshold", 0.5))

    def features(self, texts: Sequence[str], lexicon: Lexicon) -> Features:
        """Features of normalised texts."""
        lex, matches = lexicon_features(lexicon, texts)
        return Features(ngram_matrix(texts, self.keys, self.idf, self.ngram_range), lex, matches)

    def probabilities(self, feats: Features) -> np.ndarray:
        """Softmax over classes, shape (n_docs, n_classes)."""
        logits = feats.ngrams @ self.coef + feats.lexicon @ self.lex_coef + self.intercept
        logits = np.asarray(logits, dtype=np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        """Write the model as an .npz with fixed timestamps (same model → same bytes)."""
        pairs = np.array(sorted(self.t2s.items()), dtype=np.uint32).reshape(-1, 2)
        arrays = {
            "classes": np.array(self.classes), "keys": self.keys.astype(np.int64),
            "idf": self.idf.astype(np.float16), "coef": self.coef.astype(np.float16),
            "lex_coef": self.lex_coef.astype(np.float32), "intercept": self.intercept.astype(np.float32),
            "t2s": pairs, "config": np.array(json.dumps({**self.config, "format": FORMAT_VERSION,
                                                          "groups": list(LEXICON_COLUMNS)}, sort_keys=True)),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, array in arrays.items():
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.ascontiguousarray(array), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, buf.getvalue())

    @classmethod
    def load(cls, path: Path) -> FraudTextModel:
        """Read a model written by `save` (no pickle involved)."""
        with np.load(path, allow_pickle=False) as data:
            config = json.loads(str(data["config"].reshape(-1)[0]))
            if config.get("format") != FORMAT_VERSION or config.get("groups") != list(LEXICON_COLUMNS):
                raise ValueError(f"{path} was written for another version of the classifier; retrain it")
            pairs = data["t2s"].astype(np.int64)
            return cls(
                classes=tuple(str(c) for c in data["classes"]), keys=data["keys"].astype(np.int64),
                idf=data["idf"].astype(np.float32), coef=data["coef"].astype(np.float32),
                lex_coef=data["lex_coef"].astype(np.float32), intercept=data["intercept"].astype(np.float32),
                t2s={int(a): int(b) for a, b in pairs}, config=config,
            )
