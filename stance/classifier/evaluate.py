"""Held-out evaluation of a trained classifier."""

from __future__ import annotations

from stance.classifier.data import Example
from stance.classifier.metrics import Report, report
from stance.classifier.model import StanceClassifier


def evaluate(classifier: StanceClassifier, examples: list[Example]) -> Report:
    predictions = classifier.predict([e.text for e in examples])
    return report([e.label for e in examples], [p.label for p in predictions], [max(p.probabilities.values()) for p in predictions])
