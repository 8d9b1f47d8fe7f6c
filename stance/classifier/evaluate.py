"""Held-out evaluation of a trained classifier."""

from __future__ import annotations

from collections import Counter

from stance.classifier.data import Example
from stance.classifier.metrics import Report, report
from stance.classifier.model import StanceClassifier


def evaluate(classifier: StanceClassifier, examples: list[Example]) -> tuple[Report, dict[str, tuple[int, int]]]:
    """The report, and (correct, total) per hard-case tag: macro-F1 alone hides which kind of
    statement the model gets wrong, and the hard cases are where analysts stop trusting it."""
    predictions = classifier.predict([e.text for e in examples])
    result = report([e.label for e in examples], [p.label for p in predictions], [max(p.probabilities.values()) for p in predictions])
    totals: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for example, prediction in zip(examples, predictions):
        tag = example.hard_case or "plain"
        totals[tag] += 1
        correct[tag] += prediction.label == example.label
    return result, {tag: (correct[tag], totals[tag]) for tag in sorted(totals)}


def hard_case_text(by_tag: dict[str, tuple[int, int]]) -> str:
    lines = ["accuracy by case:"]
    for tag, (right, total) in by_tag.items():
        lines.append(f"  {tag:<18}{right / total:>7.3f}  ({right}/{total})")
    return "\n".join(lines)
