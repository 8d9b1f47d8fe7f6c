"""Held-out evaluation of a trained classifier."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from stance.classifier.data import Example
from stance.classifier.loading import Classifier
from stance.classifier.metrics import Report, report


@dataclass
class Abstention:
    """What abstaining below the model's threshold does on a set: how much is kept and how good it is."""

    threshold: float
    kept: int
    total: int
    kept_correct: int
    abstained_correct: int

    def as_text(self) -> str:
        if not self.total:
            return "abstention: no statements"
        abstained = self.total - self.kept
        kept_acc = self.kept_correct / self.kept if self.kept else float("nan")
        abstained_acc = self.abstained_correct / abstained if abstained else float("nan")
        return (
            f"abstention below {self.threshold:.2f}: coverage {self.kept / self.total:.3f} ({self.kept}/{self.total}), "
            f"accuracy of the calls kept {kept_acc:.3f}, of the uncertain ones {abstained_acc:.3f}"
        )


def evaluate(classifier: Classifier, examples: list[Example]) -> tuple[Report, dict[str, tuple[int, int]], Abstention]:
    """The report, (correct, total) per hard-case tag, and the abstention trade-off: macro-F1 alone
    hides which kind of statement the model gets wrong, and the hard cases are where analysts stop
    trusting it."""
    predictions = classifier.predict([e.text for e in examples])
    result = report(
        [e.label for e in examples],
        [p.label for p in predictions],
        [max(p.probabilities.values()) for p in predictions],
    )
    totals: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for example, prediction in zip(examples, predictions):
        tag = example.hard_case or "plain"
        totals[tag] += 1
        correct[tag] += prediction.label == example.label
    right = [p.label == e.label for p, e in zip(predictions, examples)]
    kept = [not p.uncertain for p in predictions]
    abstention = Abstention(
        classifier.abstain_below,
        sum(kept),
        len(examples),
        sum(r for r, k in zip(right, kept) if k),
        sum(r for r, k in zip(right, kept) if not k),
    )
    return result, {tag: (correct[tag], totals[tag]) for tag in sorted(totals)}, abstention


def hard_case_text(by_tag: dict[str, tuple[int, int]]) -> str:
    lines = ["accuracy by case:"]
    for tag, (right, total) in by_tag.items():
        lines.append(f"  {tag:<18}{right / total:>7.3f}  ({right}/{total})")
    return "\n".join(lines)
