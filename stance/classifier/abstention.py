"""The abstention threshold: below it a call is shown as uncertain and waits for an analyst.

Its own module because both the trainer and `stance ensemble` choose one on dev, and the ensemble
must not import the trainer (which loads teachers through stance.classifier.loading).
"""

from __future__ import annotations

import numpy as np
import torch

ABSTAIN_TARGET_ACCURACY = 0.95


def choose_threshold(probs: torch.Tensor, y: torch.Tensor, target: float = ABSTAIN_TARGET_ACCURACY) -> float:
    """The lowest top-probability threshold at which the dev calls kept reach `target` accuracy.

    The lowest such threshold keeps the most statements (coverage) for the accuracy analysts were
    promised; calls below it are marked uncertain and wait for an analyst. 0.0 when every call
    already meets the target.
    """
    conf, pred = probs.max(dim=-1)
    right = pred == y
    for t in np.arange(0.0, 1.0, 0.01):
        kept = conf >= t
        if kept.sum() == 0:
            break
        if right[kept].float().mean().item() >= target:
            return round(float(t), 2)
    return 0.99


def coverage_table(
    probs: torch.Tensor, y: torch.Tensor, thresholds=(0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
) -> list[tuple[float, float, float]]:
    """(threshold, coverage, accuracy of the calls kept) for the model card's trade-off table."""
    conf, pred = probs.max(dim=-1)
    rows = []
    for t in thresholds:
        kept = conf >= t
        accuracy = (pred[kept] == y[kept]).float().mean().item() if kept.any() else float("nan")
        rows.append((t, kept.float().mean().item(), accuracy))
    return rows
