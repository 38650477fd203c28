"""Chinese fraud-type text classifier (诈骗类型识别) for report intake and early warnings.

Classifies an SMS, chat message, call transcript or victim's narrative into one of the 12 fraud
types or `none`, with a score and the cues that fired. A linear model over character n-grams and a
weighted cue lexicon, trained on a synthetic corpus generated in code; the model ships as a plain
.npz and loads lazily, without network. Training code (scikit-learn, OpenCC) is imported only when
`train` is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from antifraud.warnings.classifier.command import classify_command, train_command
from antifraud.warnings.classifier.engine import Classification, Classifier, classify, classify_many

if TYPE_CHECKING:
    from antifraud.warnings.classifier.training import TrainReport, train

__all__ = [
    "Classification", "Classifier", "TrainReport", "classify", "classify_command", "classify_many", "train",
    "train_command",
]


def __getattr__(name: str) -> Any:
    """Import the training side only when it is asked for."""
    if name in ("train", "TrainReport"):
        from antifraud.warnings.classifier import training

        return getattr(training, name)
    raise AttributeError(name)
