"""Chinese fraud-type text classifier (诈骗类型识别) for report intake and early warnings.

Classifies an SMS, chat message, call transcript or victim's narrative into one of the 12 fraud
types or `none`, with a score and the cues that fired. A linear model over character n-grams and a
weighted cue lexicon; the model ships as a plain .npz and loads lazily, without network. The
synthetic corpus and the training that produce the model live in `antifraud.lab.classifier`.
"""

from __future__ import annotations

from antifraud.classifier.engine import (
    Classification,
    Classifier,
    classify,
    classify_many,
    model_fingerprint,
    text_verdicts,
)

__all__ = ["Classification", "Classifier", "classify", "classify_many", "model_fingerprint",
           "text_verdicts"]
