"""Macro-F1, per-class figures, confusion matrix and expected calibration error."""

from __future__ import annotations

from dataclasses import dataclass

from stance.records import LABELS


@dataclass
class Report:
    macro_f1: float
    accuracy: float
    per_class: dict[str, dict[str, float]]
    confusion: list[list[int]]  # rows: gold, columns: predicted, in LABELS order
    ece: float
    count: int

    def as_text(self) -> str:
        lines = [f"n={self.count}  macro-F1={self.macro_f1:.3f}  accuracy={self.accuracy:.3f}  ECE={self.ece:.3f}", ""]
        lines.append(f"{'':10}{'precision':>10}{'recall':>10}{'F1':>10}{'support':>10}")
        for label in LABELS:
            c = self.per_class[label]
            lines.append(
                f"{label:10}{c['precision']:>10.3f}{c['recall']:>10.3f}{c['f1']:>10.3f}{int(c['support']):>10}"
            )
        lines += [
            "",
            "confusion (rows gold, columns predicted):",
            f"{'':10}" + "".join(f"{name:>10}" for name in LABELS),
        ]
        for label, row in zip(LABELS, self.confusion):
            lines.append(f"{label:10}" + "".join(f"{v:>10}" for v in row))
        return "\n".join(lines)


def expected_calibration_error(confidences: list[float], correct: list[bool], bins: int = 10) -> float:
    total = len(confidences)
    if not total:
        return 0.0
    error = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [i for i, c in enumerate(confidences) if low < c <= high or (b == 0 and c == 0)]
        if members:
            accuracy = sum(correct[i] for i in members) / len(members)
            confidence = sum(confidences[i] for i in members) / len(members)
            error += len(members) / total * abs(accuracy - confidence)
    return error


def report(gold: list[str], predicted: list[str], confidences: list[float] | None = None) -> Report:
    index: dict[str, int] = {label: i for i, label in enumerate(LABELS)}
    confusion = [[0] * len(LABELS) for _ in LABELS]
    for g, p in zip(gold, predicted):
        confusion[index[g]][index[p]] += 1
    per_class: dict[str, dict[str, float]] = {}
    for label, i in index.items():
        tp = confusion[i][i]
        predicted_count = sum(row[i] for row in confusion)
        support = sum(confusion[i])
        precision = tp / predicted_count if predicted_count else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    correct = [g == p for g, p in zip(gold, predicted)]
    return Report(
        macro_f1=sum(c["f1"] for c in per_class.values()) / len(LABELS),
        accuracy=sum(correct) / len(gold) if gold else 0.0,
        per_class=per_class,
        confusion=confusion,
        ece=expected_calibration_error(confidences, correct) if confidences else 0.0,
        count=len(gold),
    )
